/*
 * meta.c: health check, API index and the phase model.
 */
#include "api/api.h"
#include "store/bodies.h"
#include "store/entity.h"
#include "app/lifecycle.h"
#include "core/roles.h"
#include "core/body.h"
#include <stdio.h>
#include <string.h>

#ifndef OV_VERSION
#define OV_VERSION "dev"
#endif

int api_health(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    store_t *s = store_pool_acquire(app->pool);
    int schema = store_schema_version(s);
    store_pool_release(app->pool, s);
    if (schema < 0) {
        api_problem(resp, 503, "Unavailable", "the database does not answer", NULL);
        return 0;
    }
    api_json(resp, 200, json_pack("{s:s, s:s, s:i}", "status", "ok", "version", OV_VERSION, "schema", schema));
    return 0;
}

int api_index(http_request_t *req, http_response_t *resp)
{
    const app_t *app = req->app;
    json_t *routes = json_array();
    for (const http_route_t *r = app && app->routes ? app->routes : NULL; r && r->pattern; r++)
        json_array_append_new(routes, json_pack("{s:s, s:s, s:s}", "method", r->method, "path", r->pattern,
                                                "summary", r->summary));
    api_json(resp, 200, json_pack("{s:s, s:o}", "version", OV_VERSION, "routes", routes));
    return 0;
}

/* The frameworks, levels and transitions into *m; -1 with a problem in resp. */
static int phase_model_load(http_request_t *req, http_response_t *resp, phase_model_t *m)
{
    app_t *app = req->app;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_phase_model(s, m, &err);
    store_pool_release(app->pool, s);
    if (rc != 0) {
        api_problem_from_error(resp, &err);
        return -1;
    }
    return 0;
}

int api_phases(http_request_t *req, http_response_t *resp)
{
    phase_model_t m;
    if (phase_model_load(req, resp, &m) != 0) return 0;
    json_t *phases = json_array(), *trans = json_array();
    for (int i = 0; i < m.nphases; i++)
        json_array_append_new(phases, json_pack("{s:s, s:s, s:i, s:b}", "code", m.phases[i].code, "name", m.phases[i].name,
                                                "level", m.phases[i].level, "default", m.phases[i].is_default));
    for (int i = 0; i < m.ntransitions; i++)
        json_array_append_new(trans, json_pack("{s:s, s:s, s:s}", "from", m.transitions[i].from, "to", m.transitions[i].to,
                                               "decided_by_role", m.transitions[i].decider_role));
    api_json(resp, 200, json_pack("{s:o, s:o}", "phases", phases, "transitions", trans));
    return 0;
}

static json_t *day_or_null(int has, const odate_t *d)
{
    char t[DATE_TEXT_MAX];
    if (!has) return json_null();
    date_format(d, t);
    return json_string(t);
}

/* One framework of m with its levels and transitions (a new reference). */
static json_t *framework_json(const phase_model_t *m, const framework_def_t *fw)
{
    json_t *levels = json_array(), *trans = json_array();
    for (int i = 0; i < m->nphases; i++) {
        const phase_def_t *p = &m->phases[i];
        if (strcmp(p->framework, fw->code) != 0) continue;
        json_array_append_new(levels, json_pack("{s:s, s:s, s:s, s:i, s:b}", "code", p->code, "name", p->name,
                                                "description", p->description, "level", p->level, "default",
                                                p->is_default));
    }
    /* a transition belongs to the framework of the level it enters */
    for (int i = 0; i < m->ntransitions; i++) {
        const phase_transition_t *t = &m->transitions[i];
        const phase_def_t *to = phase_find(m, t->to);
        if (!to || strcmp(to->framework, fw->code) != 0) continue;
        json_array_append_new(trans, json_pack("{s:s, s:s, s:s?, s:s}", "from", t->from, "to", t->to,
                                               "recommended_by_role", *t->recommender_role ? t->recommender_role : NULL,
                                               "decided_by_role", t->decider_role));
    }
    /* the kinds of body it applies to, each named: every monitored kind
     * when the file named none */
    json_t *kinds = json_array();
    for (const char *const *k = body_kinds_monitored; *k; k++)
        if (framework_applies(fw, *k)) json_array_append_new(kinds, json_string(*k));
    return json_pack("{s:s, s:s, s:s, s:o, s:o, s:s?, s:o, s:o, s:o}", "code", fw->code, "name", fw->name,
                     "description", fw->description, "in_force_from", day_or_null(fw->has_from, &fw->in_force_from),
                     "in_force_to", day_or_null(fw->has_to, &fw->in_force_to), "succeeds",
                     *fw->succeeds ? fw->succeeds : NULL, "applies_to", kinds, "levels", levels, "transitions", trans);
}

int api_frameworks(http_request_t *req, http_response_t *resp)
{
    phase_model_t m;
    if (phase_model_load(req, resp, &m) != 0) return 0;
    json_t *list = json_array();
    for (int f = 0; f < m.nframeworks; f++) json_array_append_new(list, framework_json(&m, &m.frameworks[f]));
    api_json(resp, 200, json_pack("{s:o}", "frameworks", list));
    return 0;
}

/* 200 with framework `code` of the model, else 404. */
static void framework_reply(http_request_t *req, http_response_t *resp, const char *code, int status)
{
    phase_model_t m;
    if (phase_model_load(req, resp, &m) != 0) return;
    const framework_def_t *fw = framework_find(&m, code);
    if (!fw) {
        api_problem(resp, 404, "Not found", "no framework has this code (GET /api/v1/frameworks)", "code");
        return;
    }
    if (status == 201) {
        char loc[PHASE_CODE_MAX + 32];
        snprintf(loc, sizeof loc, "/api/v1/frameworks/%s", fw->code);
        http_response_header(resp, "Location", loc);
    }
    api_json(resp, status, framework_json(&m, fw));
}

int api_framework_get(http_request_t *req, http_response_t *resp)
{
    framework_reply(req, resp, http_request_param(req, "code"), 200);
    return 0;
}

/* The framework file of `oversight framework load` as the body: the same
 * checks in the same store function (one transaction, one audit entry),
 * refused whole with the field's path (levels[1].code) as the CLI names it. */
int api_framework_load(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    if (api_require(req, resp, PERM_ADMIN, NULL, &actor) != 0) return 0;
    json_t *in = api_body_json(req, resp);
    if (!in) return 0;
    ov_error_t err = {0};
    char code[PHASE_CODE_MAX] = "";
    store_t *s = store_pool_acquire(app->pool);
    int rc = app_framework_load(s, &actor, in, code, &err);
    store_pool_release(app->pool, s);
    json_decref(in);
    if (rc != 0) api_problem_from_error(resp, &err);
    else framework_reply(req, resp, code, 201);
    return 0;
}

static const char *kind_name(int kind)
{
    switch (kind) {
    case FK_TEXT: return "text";
    case FK_LONGTEXT: return "longtext";
    case FK_DATE: return "date";
    case FK_DAY: return "day";
    case FK_INT: return "integer";
    case FK_REAL: return "number";
    case FK_BOOL: return "boolean";
    case FK_ENUM: return "enum";
    case FK_REF: return "reference";
    case FK_BODY: return "body";
    case FK_URL: return "url";
    }
    return "?";
}

int api_schema(http_request_t *req, http_response_t *resp)
{
    (void)req;
    json_t *entities = json_array();
    for (const entity_def_t *e = store_entities; e->name; e++) {
        json_t *fields = json_array();
        for (const field_def_t *f = e->fields; f->name; f++) {
            json_t *o = json_pack("{s:s, s:s, s:b, s:b, s:b}", "name", f->name, "type", kind_name(f->kind),
                                  "required", (f->flags & F_REQUIRED) != 0, "set_by_action",
                                  (f->flags & F_MANAGED) != 0, "fixed", (f->flags & F_FIXED) != 0);
            if (f->values) {
                json_t *vals = json_array();
                for (const char *const *v = f->values; *v; v++) json_array_append_new(vals, json_string(*v));
                json_object_set_new(o, "values", vals);
            }
            if (f->ref) json_object_set_new(o, "refers_to", json_string(f->ref));
            json_array_append_new(fields, o);
        }
        json_t *children = json_array();
        for (const child_def_t *c = e->children; c && c->entity; c++)
            json_array_append_new(children, json_pack("{s:s, s:s}", "key", c->key, "entity", c->entity));
        /* own_actions: written only through its own routes (news releases:
         * /api/v1/releases and its actions), not /api/v1/{entity} */
        json_array_append_new(entities, json_pack("{s:s, s:s, s:b, s:b, s:b, s:o, s:o}", "name", e->name, "label",
                                                  e->label, "append_only", (e->flags & E_APPEND_ONLY) != 0,
                                                  "own_actions", (e->flags & E_OWN_FORMS) != 0, "has_body",
                                                  e->body_sql != NULL, "fields", fields, "embeds", children));
    }
    api_json(resp, 200, json_pack("{s:o}", "entities", entities));
    return 0;
}
