/*
 * page_frameworks.c: GET /frameworks, "How monitoring works" (public): each
 * framework held, in order, with its dates in force, the kinds of body it
 * applies to, its levels in order (the entry level of each kind marked) and the moves allowed with who recommends and
 * who decides each, in public words. Nothing here names a level: the
 * levels are the database's (docs/frameworks.md). Also the view of one
 * framework shared with the admin's check page (form_frameworks.c).
 */
#include "web/page_frameworks.h"
#include "web/page.h"
#include "web/format.h"
#include "store/bodies.h"
#include "core/roles.h"
#include "core/body.h"
#include <stdio.h>
#include <string.h>

void web_framework_of_model(const phase_model_t *m, const framework_def_t *fw, framework_file_t *out)
{
    memset(out, 0, sizeof *out);
    out->fw = *fw;
    for (int i = 0; i < m->nphases && out->nlevels < PHASE_MAX; i++)
        if (strcmp(m->phases[i].framework, fw->code) == 0) out->levels[out->nlevels++] = m->phases[i];
    /* a transition belongs to the framework of the level it enters */
    for (int i = 0; i < m->ntransitions && out->ntransitions < PHASE_TRANSITION_MAX; i++) {
        const phase_def_t *to = phase_find(m, m->transitions[i].to);
        if (to && strcmp(to->framework, fw->code) == 0) out->transitions[out->ntransitions++] = m->transitions[i];
    }
}

/* The public name of level code: of the file's levels, else of m's. */
static const char *level_name(const framework_file_t *f, const phase_model_t *m, const char *code)
{
    for (int i = 0; i < f->nlevels; i++)
        if (strcmp(f->levels[i].code, code) == 0) return f->levels[i].name;
    const phase_def_t *p = m ? phase_find(m, code) : NULL;
    return p ? p->name : code;
}

static void in_force_words(const framework_def_t *fw, char *out, size_t n)
{
    char from[DATE_TEXT_MAX] = "", to[DATE_TEXT_MAX] = "", a[WEB_DATE_TEXT_MAX], b[WEB_DATE_TEXT_MAX];
    if (fw->has_from) date_format(&fw->in_force_from, from);
    if (fw->has_to) date_format(&fw->in_force_to, to);
    if (*from && *to) snprintf(out, n, "From %s to %s", web_format_date(from, a), web_format_date(to, b));
    else if (*from) snprintf(out, n, "From %s", web_format_date(from, a));
    else if (*to) snprintf(out, n, "Until %s", web_format_date(to, b));
    else snprintf(out, n, "Always (no dates set)");
}

/* The kinds of body (in words: "police forces and fire and rescue
 * services") whose entry level on day today is level code, into out;
 * "" when none. */
static void entry_kinds(const phase_model_t *m, const odate_t *today, const char *code, char *out, size_t n)
{
    const char *kinds[8];
    size_t k = 0, at = 0;
    out[0] = '\0';
    for (const char *const *kind = body_kinds_monitored; *kind && k < 8; kind++) {
        const phase_def_t *e = framework_entry_level(m, today, *kind);
        if (e && strcmp(e->code, code) == 0) kinds[k++] = *kind;
    }
    for (size_t i = 0; i < k && at < n; i++) {
        int w = snprintf(out + at, n - at, "%s%s", i == 0 ? "" : i + 1 == k ? " and " : ", ",
                         body_kind_words(kinds[i], 1));
        if (w < 0) break;
        at += (size_t)w;
    }
}

json_t *web_framework_view(const framework_file_t *f, const phase_model_t *m, const odate_t *today)
{
    char in_force[200], kinds[160];
    in_force_words(&f->fw, in_force, sizeof in_force);
    framework_kinds_words(&f->fw, kinds, sizeof kinds);
    json_t *v = json_pack("{s:s, s:s, s:s, s:s}", "code", f->fw.code, "name", f->fw.name, "in_force", in_force,
                          "applies_to", kinds);
    if (*f->fw.description) json_object_set_new(v, "description", json_string(f->fw.description));
    if (*f->fw.succeeds) {
        const framework_def_t *prev = m ? framework_find(m, f->fw.succeeds) : NULL;
        json_object_set_new(v, "succeeds", json_string(f->fw.succeeds));
        json_object_set_new(v, "succeeds_name", json_string(prev ? prev->name : f->fw.succeeds));
    }
    json_t *levels = json_array(), *moves = json_array();
    for (int i = 0; i < f->nlevels; i++) {
        const phase_def_t *p = &f->levels[i];
        json_t *l = json_pack("{s:i, s:s, s:s, s:s}", "level", p->level ? p->level : i + 1, "code", p->code, "name",
                              p->name, "description", p->description);
        char entry[160] = "";
        if (m && today) entry_kinds(m, today, p->code, entry, sizeof entry);
        if (*entry) json_object_set_new(l, "entry", json_string(entry));
        else if ((p->level ? p->level : i + 1) == 1) json_object_set_new(l, "routine", json_true());
        json_array_append_new(levels, l);
    }
    for (int i = 0; i < f->ntransitions; i++) {
        const phase_transition_t *t = &f->transitions[i];
        char sentence[400];
        const char *decider = phase_role_title(t->decider_role);
        if (*t->recommender_role)
            snprintf(sentence, sizeof sentence, "the %s recommends, the %s decides", phase_role_title(t->recommender_role),
                     decider);
        else
            snprintf(sentence, sizeof sentence, "the %s decides", decider);
        json_array_append_new(moves, json_pack("{s:s, s:s, s:s}", "from_name", level_name(f, m, t->from), "to_name",
                                               level_name(f, m, t->to), "sentence", sentence));
    }
    json_object_set_new(v, "levels", levels);
    json_object_set_new(v, "moves", moves);
    return v;
}

int web_page_frameworks(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    web_actor(req, &actor);
    phase_model_t m;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_phase_model(s, &m, &err);
    store_pool_release(app->pool, s);
    if (rc) {
        web_error_store(req, resp, &err, &actor);
        return 0;
    }
    /* the level a body added today starts in, for each kind of body: of the
     * framework in force that applies to it */
    odate_t today = app_today(app);
    json_t *list = json_array();
    for (int i = 0; i < m.nframeworks; i++) {
        framework_file_t f;
        web_framework_of_model(&m, &m.frameworks[i], &f);
        json_array_append_new(list, web_framework_view(&f, &m, &today));
    }
    json_t *ctx = json_pack("{s:o}", "frameworks", list);
    if (app_allowed(&actor, PERM_ADMIN, NULL)) json_object_set_new(ctx, "may_admin", json_true());
    web_render(req, resp, 200, "frameworks", "How monitoring works", &actor, ctx);
    return 0;
}
