/*
 * openapi.c: GET /api/v1/openapi.json, an OpenAPI 3.1 description of the
 * API generated at request time from the two sources that define it: the
 * route table the server answers with (app_t.routes) and the entity
 * descriptors the record is validated against (store/entity.h). A route
 * added to the table, or a field added to an entity, is in the document
 * without anyone writing it down; what cannot be derived (the shape of the
 * other replies) is the small table `known` below, which the HTTP tests
 * check against real replies (tests/http/test_openapi.c).
 */
#include "api/api.h"
#include "store/entity.h"
#include "store/themes.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- schemas ----------------------------------------------------------- */

static json_t *ref(const char *name)
{
    char buf[160];
    snprintf(buf, sizeof buf, "#/components/schemas/%s", name);
    return json_pack("{s:s}", "$ref", buf);
}

/* JSON Schema of one field as the API returns it (null when unset). */
static json_t *field_schema(const field_def_t *f, int nullable)
{
    const char *type = "string";
    json_t *s = json_object();
    switch (f->kind) {
    case FK_TEXT: json_object_set_new(s, "maxLength", json_integer(500)); break;
    case FK_LONGTEXT: json_object_set_new(s, "maxLength", json_integer(20000)); break;
    case FK_DATE:
        json_object_set_new(s, "pattern", json_string("^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"));
        json_object_set_new(s, "description", json_string("YYYY, YYYY-MM or YYYY-MM-DD"));
        break;
    case FK_DAY: json_object_set_new(s, "format", json_string("date")); break;
    case FK_INT: type = "integer"; break;
    case FK_REF:
        type = "integer";
        if (f->ref) {
            char d[128];
            snprintf(d, sizeof d, "id of a row of %s", f->ref);
            json_object_set_new(s, "description", json_string(d));
        }
        break;
    case FK_REAL: type = "number"; break;
    case FK_BOOL: type = "boolean"; break;
    case FK_ENUM:
        if (f->values) {
            json_t *vals = json_array();
            for (const char *const *v = f->values; *v; v++) json_array_append_new(vals, json_string(*v));
            if (nullable) json_array_append_new(vals, json_null());
            json_object_set_new(s, "enum", vals);
        }
        break;
    case FK_BODY: json_object_set_new(s, "description", json_string("body code, e.g. met")); break;
    case FK_URL:
        json_object_set_new(s, "format", json_string("uri"));
        json_object_set_new(s, "maxLength", json_integer(2000));
        break;
    }
    if (nullable)
        json_object_set_new(s, "type", json_pack("[s, s]", type, "null"));
    else
        json_object_set_new(s, "type", json_string(type));
    return s;
}

/* The row of entity e as returned (Name) and as accepted on create
 * (NameInput) and on update (NameChanges). */
static void entity_schemas(const entity_def_t *e, json_t *schemas)
{
    json_t *props = json_object(), *in_props = json_object(), *up_props = json_object();
    json_t *in_req = json_array();
    json_object_set_new(props, "id", json_pack("{s:s}", "type", "integer"));
    if (!(e->flags & E_APPEND_ONLY)) json_object_set_new(props, "version", json_pack("{s:s}", "type", "integer"));
    for (const field_def_t *f = e->fields; f->name; f++) {
        json_object_set_new(props, f->name, field_schema(f, 1));
        if (f->flags & F_MANAGED) continue;    /* set only by actions */
        json_object_set_new(in_props, f->name, field_schema(f, !(f->flags & F_REQUIRED)));
        if (f->flags & F_REQUIRED) json_array_append_new(in_req, json_string(f->name));
        if (!(f->flags & F_FIXED)) json_object_set_new(up_props, f->name, field_schema(f, !(f->flags & F_REQUIRED)));
    }
    for (const child_def_t *c = e->children; c && c->entity; c++)
        json_object_set_new(props, c->key,
                            json_pack("{s:s, s:s}", "type", "array", "description", "embedded rows (GET one)"));
    if (store_themes_join(e->table, NULL))   /* sql/017: set by POST .../themes */
        json_object_set_new(props, "themes",
                            json_pack("{s:s, s:{s:s}, s:s}", "type", "array", "items", "type", "string", "description",
                                      "theme codes (GET /api/v1/themes; GET one)"));
    char name[96];
    snprintf(name, sizeof name, "entity.%s", e->name);
    json_object_set_new(schemas, name,
                        json_pack("{s:s, s:s, s:o, s:[s], s:b}", "type", "object", "description", e->label,
                                  "properties", props, "required", "id", "additionalProperties", 1));
    snprintf(name, sizeof name, "entity.%s.input", e->name);
    json_object_set_new(schemas, name,
                        json_pack("{s:s, s:o, s:o, s:b}", "type", "object", "properties", in_props, "required", in_req,
                                  "additionalProperties", 0));
    snprintf(name, sizeof name, "entity.%s.changes", e->name);
    json_object_set_new(schemas, name,
                        json_pack("{s:s, s:o, s:b}", "type", "object", "properties", up_props,
                                  "additionalProperties", 0));
    snprintf(name, sizeof name, "entity.%s.list", e->name);
    char item[96];
    snprintf(item, sizeof item, "entity.%s", e->name);
    json_object_set_new(schemas, name,
                        json_pack("{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s, s:o}}, s:[s, s]}", "type",
                                  "object", "properties", "entity", "type", "string", "count", "type", "integer",
                                  "limit", "type", "integer", "offset", "type", "integer", "items", "type", "array",
                                  "items", ref(item), "required", "count", "items"));
}

static json_t *obj_schema(const char *const *required, json_t *props)
{
    json_t *req = json_array();
    for (const char *const *r = required; r && *r; r++) json_array_append_new(req, json_string(*r));
    return json_pack("{s:s, s:o, s:o}", "type", "object", "properties", props ? props : json_object(), "required",
                     req);
}

static void common_schemas(json_t *schemas)
{
    json_object_set_new(
        schemas, "Problem",
        json_pack("{s:s, s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}}, s:[s, s, s]}", "type", "object",
                  "description", "RFC 9457 problem details; `field` names the input at fault, `rule` the rule that refused",
                  "properties", "type", "type", "string", "title", "type", "string", "status", "type", "integer",
                  "detail", "type", "string", "field", "type", "string", "rule", "type", "string", "required",
                  "type", "title", "status"));
    static const char *const body_req[] = {"code", "name", "kind", "phase", NULL};
    json_t *body = obj_schema(
        body_req, json_pack("{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:[s, s]}, s:{s:s}}", "code", "type",
                            "string", "name", "type", "string", "kind", "type", "string", "phase", "type", "string",
                            "phase_name", "type", "string", "since", "type", "string", "null", "version", "type",
                            "integer"));
    json_object_set_new(schemas, "Body", body);
    static const char *const list_req[] = {"count", "bodies", NULL};
    json_object_set_new(schemas, "BodyList",
                        obj_schema(list_req, json_pack("{s:{s:s}, s:{s:s, s:o}, s:{s:s}, s:{s:s}, s:{s:s}}", "count",
                                                       "type", "integer", "bodies", "type", "array", "items",
                                                       ref("Body"), "limit", "type", "integer", "offset", "type",
                                                       "integer", "more", "type", "boolean")));
    static const char *const health_req[] = {"status", "version", "schema", NULL};
    json_object_set_new(schemas, "Health",
                        obj_schema(health_req, json_pack("{s:{s:s}, s:{s:s}, s:{s:s}}", "status", "type", "string",
                                                         "version", "type", "string", "schema", "type", "integer")));
    static const char *const index_req[] = {"version", "routes", NULL};
    json_object_set_new(
        schemas, "RouteIndex",
        obj_schema(index_req,
                   json_pack("{s:{s:s}, s:{s:s, s:{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}}, s:[s, s]}}}", "version", "type",
                             "string", "routes", "type", "array", "items", "type", "object", "properties", "method",
                             "type", "string", "path", "type", "string", "summary", "type", "string", "required",
                             "method", "path")));
    static const char *const fw_req[] = {"frameworks", NULL};
    /* applies_to: the kinds of body (sql/028), every kind named when the file named none */
    json_t *fw_item = json_pack("{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s, s:{s:s, s:[s, s]}}}, s:[s, s, s, s]}",
                                "type", "object", "properties", "code", "type", "string", "name", "type", "string",
                                "levels", "type", "array", "applies_to", "type", "array", "items", "type", "string",
                                "enum", "police", "fire", "required", "code", "name", "levels", "applies_to");
    json_object_set_new(schemas, "Frameworks",
                        obj_schema(fw_req, json_pack("{s:{s:s, s:o}}", "frameworks", "type", "array", "items", fw_item)));
    static const char *const letters_req[] = {"count", "letters", NULL};
    json_object_set_new(
        schemas, "LetterList",
        obj_schema(letters_req,
                   json_pack("{s:{s:s}, s:{s:s, s:{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}}, s:[s, s, s]}}}", "count", "type",
                             "integer", "letters", "type", "array", "items", "type", "object", "properties", "id",
                             "type", "integer", "body", "type", "string", "status", "type", "string", "required",
                             "id", "body", "status")));
    /* reports covering many bodies (src/api/reports.c) */
    static const char *const reports_req[] = {"count", "reports", NULL};
    json_object_set_new(
        schemas, "ReportList",
        obj_schema(reports_req,
                   json_pack("{s:{s:s}, s:{s:s, s:{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}}, s:[s, s, s]}}}", "count", "type",
                             "integer", "reports", "type", "array", "items", "type", "object", "properties", "id",
                             "type", "integer", "title", "type", "string", "published_on", "type", "string",
                             "required", "id", "title", "published_on")));
    static const char *const report_req[] = {"id", "title", "kind", "coverage", "published_on", "bodies",
                                             "recommendations", NULL};
    static const char *const part_req[] = {"addressee", "kind", "part", "status", NULL};
    static const char *const shared_req[] = {"number", "text", "addressed_to", "parts", NULL};
    json_t *part = obj_schema(part_req, json_pack("{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}}", "addressee", "type", "string",
                                                  "kind", "type", "string", "part", "type", "string", "status", "type",
                                                  "string"));
    json_t *shared = obj_schema(shared_req, json_pack("{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s, s:o}}", "number", "type",
                                                      "string", "text", "type", "string", "addressed_to", "type",
                                                      "string", "parts", "type", "array", "items", part));
    json_object_set_new(schemas, "SharedRecommendation", json_incref(shared));
    json_object_set_new(
        schemas, "Report",
        obj_schema(report_req, json_pack("{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s, s:o}}", "id",
                                         "type", "integer", "title", "type", "string", "kind", "type", "string",
                                         "coverage", "type", "string", "published_on", "type", "string", "bodies",
                                         "type", "array", "recommendations", "type", "array", "items", shared)));
    json_object_set_new(schemas, "Object", json_pack("{s:s}", "type", "object"));
}

/* ---- what the route table cannot say ----------------------------------- */

typedef struct known {
    const char *method, *pattern;
    int status;                  /* the success status */
    const char *type;            /* its media type */
    const char *schema;          /* components/schemas name; NULL: no JSON schema */
    const char *input;           /* request body schema name; NULL: none */
} known_t;

static const known_t known[] = {
    {"GET", "/healthz", 200, "application/json", "Health", NULL},
    {"GET", "/api/v1", 200, "application/json", "RouteIndex", NULL},
    {"GET", "/api/v1/frameworks", 200, "application/json", "Frameworks", NULL},
    {"GET", "/api/v1/bodies", 200, "application/json", "BodyList", NULL},
    {"GET", "/api/v1/bodies/{code}", 200, "application/json", "Body", NULL},
    {"GET", "/api/v1/letters", 200, "application/json", "LetterList", NULL},
    {"POST", "/api/v1/letters", 201, "application/json", "Object", "Object"},
    {"POST", "/api/v1/releases", 201, "application/json", "Object", "Object"},
    {"GET", "/api/v1/reports", 200, "application/json", "ReportList", NULL},
    {"GET", "/api/v1/reports/{id}", 200, "application/json", "Report", NULL},
    {"POST", "/api/v1/reports", 201, "application/json", "Report", "Object"},
    {"POST", "/api/v1/reports/{id}/recommendations", 201, "application/json", "SharedRecommendation", "Object"},
    {"POST", "/api/v1/releases/{id}/quotes", 201, "application/json", "Object", "Object"},
    {"POST", "/api/v1/bodies/{code}/decisions", 201, "application/json", "Object", "Object"},
    {"POST", "/api/v1/session", 200, "application/json", "Object", "Object"},
    {"DELETE", "/api/v1/session", 204, NULL, NULL, NULL},
    {"GET", "/feeds/decisions.atom", 200, "application/atom+xml", NULL, NULL},
    {"GET", "/feeds/deadlines.ics", 200, "text/calendar", NULL, NULL},
    {"GET", "/feeds/deadlines/{file}", 200, "text/calendar", NULL, NULL},
    {"GET", "/api/v1/evidence-files/{id}/content", 200, "application/octet-stream", NULL, NULL},
    {"POST", "/api/v1/progress-updates/{id}/evidence", 201, "application/json", "Object", NULL},
    {NULL, NULL, 0, NULL, NULL, NULL},
};

static const known_t *known_for(const char *method, const char *pattern)
{
    for (const known_t *k = known; k->method; k++)
        if (strcmp(k->method, method) == 0 && strcmp(k->pattern, pattern) == 0) return k;
    return NULL;
}

/* Whether the route belongs in the API description (not an HTML page). */
static int is_api(const http_route_t *r)
{
    return strncmp(r->pattern, "/api/", 5) == 0 || strncmp(r->pattern, "/feeds/", 7) == 0 ||
           strcmp(r->pattern, "/healthz") == 0;
}

/* The entity whose collection route this is ("/api/v1/NAME" or
 * "/api/v1/NAME/{id}" served by the api_entity_* handlers), or NULL. */
static const entity_def_t *route_entity(const http_route_t *r, int *one)
{
    if (r->handler != api_entity_list && r->handler != api_entity_get && r->handler != api_entity_create &&
        r->handler != api_entity_update && r->handler != api_progress_create)
        return NULL;
    char name[96];
    const char *p = r->pattern + strlen("/api/v1/");
    size_t n = strcspn(p, "/");
    if (n >= sizeof name) return NULL;
    memcpy(name, p, n);
    name[n] = '\0';
    *one = p[n] == '/';
    return entity_find(name);
}

static json_t *content(const char *type, json_t *schema)
{
    json_t *media = json_object();
    if (schema) json_object_set_new(media, "schema", schema);
    return json_pack("{s:{s:o}}", "content", type, media);
}

/* operationId: method and path, lower-case words joined by '_'. */
static void operation_id(const http_route_t *r, char *out, size_t cap)
{
    size_t o = 0;
    for (const char *m = r->method; *m && o + 1 < cap; m++) out[o++] = (char)(*m | 0x20);
    for (const char *p = r->pattern; *p && o + 1 < cap; p++) {
        char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out[o++] = c;
        else if (c >= 'A' && c <= 'Z')
            out[o++] = (char)(c | 0x20);
        else if (o > 0 && out[o - 1] != '_')
            out[o++] = '_';
    }
    while (o > 0 && out[o - 1] == '_') o--;
    out[o] = '\0';
}

static json_t *path_params(const char *pattern)
{
    json_t *params = json_array();
    for (const char *p = strchr(pattern, '{'); p; p = strchr(p + 1, '{')) {
        const char *end = strchr(p, '}');
        if (!end) break;
        json_t *name = json_stringn(p + 1, (size_t)(end - p - 1));
        int is_id = strcmp(json_string_value(name), "id") == 0;
        json_array_append_new(params, json_pack("{s:o, s:s, s:b, s:{s:s}}", "name", name, "in", "path", "required", 1,
                                                "schema", "type", is_id ? "integer" : "string"));
    }
    return params;
}

static json_t *operation(const http_route_t *r)
{
    char id[200];
    operation_id(r, id, sizeof id);
    json_t *op = json_pack("{s:s, s:s, s:o}", "operationId", id, "summary", r->summary ? r->summary : "", "parameters",
                           path_params(r->pattern));
    json_t *responses = json_object();
    json_object_set_new(responses, "4XX",
                        json_pack("{s:s, s:{s:{s:o}}}", "description", "Refused: problem details (RFC 9457)",
                                  "content", "application/problem+json", "schema", ref("Problem")));
    json_object_set_new(responses, "5XX",
                        json_pack("{s:s, s:{s:{s:o}}}", "description", "Failed: problem details (RFC 9457)",
                                  "content", "application/problem+json", "schema", ref("Problem")));
    int one = 0;
    const entity_def_t *e = route_entity(r, &one);
    const known_t *k = known_for(r->method, r->pattern);
    char name[96];
    json_t *ok = NULL;
    const char *status = "200";
    if (e) {
        const char *suffix = one ? "" : ".list";
        if (strcmp(r->method, "POST") == 0) {
            suffix = "";
            status = "201";
            snprintf(name, sizeof name, "entity.%s.input", e->name);
            json_object_set_new(op, "requestBody", json_pack("{s:b, s:o}", "required", 1, "content",
                                                             json_pack("{s:{s:o}}", "application/json", "schema",
                                                                       ref(name))));
            if (r->handler == api_progress_create)   /* or with its evidence files, in one request */
                json_object_set_new(
                    json_object_get(json_object_get(op, "requestBody"), "content"), "multipart/form-data",
                    json_pack("{s:{s:s, s:{s:{s:s, s:s}, s:{s:s, s:{s:s, s:s}}}, s:[s]}}", "schema", "type",
                              "object", "properties", "json", "type", "string", "description",
                              "the progress update as JSON, as the application/json body", "file", "type", "array",
                              "items", "type", "string", "format", "binary", "required", "json"));
        } else if (strcmp(r->method, "PATCH") == 0) {
            snprintf(name, sizeof name, "entity.%s.changes", e->name);
            json_object_set_new(op, "requestBody", json_pack("{s:b, s:o}", "required", 1, "content",
                                                             json_pack("{s:{s:o}}", "application/json", "schema",
                                                                       ref(name))));
            json_object_set_new(op, "parameters", path_params(r->pattern));
            json_array_append_new(json_object_get(op, "parameters"),
                                  json_pack("{s:s, s:s, s:b, s:{s:s}, s:s}", "name", "If-Match", "in", "header",
                                            "required", 1, "schema", "type", "string", "description",
                                            "the version read, as its ETag: \"vN\""));
        }
        snprintf(name, sizeof name, "entity.%s%s", e->name, suffix);
        ok = json_pack("{s:s, s:o}", "description", "OK", "content",
                       json_pack("{s:{s:o}}", "application/json", "schema", ref(name)));
    } else if (k) {
        char st[8];
        snprintf(st, sizeof st, "%d", k->status);
        json_object_set_new(responses, st, json_object());
        status = NULL;
        json_t *resp = json_object_get(responses, st);
        json_object_set_new(resp, "description", json_string("OK"));
        if (k->type) json_object_update_new(resp, content(k->type, k->schema ? ref(k->schema) : NULL));
        if (k->input)
            json_object_set_new(op, "requestBody", json_pack("{s:b, s:o}", "required", 1, "content",
                                                             json_pack("{s:{s:o}}", "application/json", "schema",
                                                                       ref(k->input))));
    } else {
        int write = strcmp(r->method, "GET") != 0;
        ok = json_pack("{s:s, s:o}", "description", "OK", "content",
                       json_pack("{s:{s:o}}", "application/json", "schema", ref("Object")));
        if (write)
            json_object_set_new(op, "requestBody", json_pack("{s:b, s:o}", "required", 0, "content",
                                                             json_pack("{s:{s:o}}", "application/json", "schema",
                                                                       ref("Object"))));
    }
    if (status && ok) json_object_set_new(responses, status, ok);
    /* a success of another 2xx than the one named (201 for a create that
     * an action answers with 200, 204) is still a documented success */
    if (!json_object_get(responses, "2XX") && strcmp(r->method, "GET") != 0)
        json_object_set_new(responses, "2XX", json_pack("{s:s}", "description", "Done"));
    json_object_set_new(op, "responses", responses);
    /* writes need a caller; reads take one (staff see more) but need none */
    if (strcmp(r->method, "GET") != 0)
        json_object_set_new(op, "security", json_pack("[{s:[]}, {s:[]}]", "bearer", "session"));
    else
        json_object_set_new(op, "security", json_pack("[{}, {s:[]}, {s:[]}]", "bearer", "session"));
    json_object_set_new(op, "tags", json_pack("[s]", strncmp(r->pattern, "/feeds/", 7) == 0 ? "feeds"
                                                      : e                                    ? "record"
                                                                                             : "api"));
    return op;
}

/* Drops the schemas no operation or other kept schema refers to (the
 * entities' create and change shapes where no route takes them). */
static void prune_schemas(json_t *doc, json_t *schemas)
{
    for (int changed = 1; changed;) {
        changed = 0;
        char *text = json_dumps(doc, JSON_COMPACT);
        if (!text) return;
        const char *name;
        json_t *v;
        void *tmp;
        json_object_foreach_safe(schemas, tmp, name, v) {
            char needle[200];
            snprintf(needle, sizeof needle, "\"#/components/schemas/%s\"", name);
            if (!strstr(text, needle)) {
                json_object_del(schemas, name);
                changed = 1;
            }
        }
        free(text);
    }
}

json_t *api_openapi_document(const http_route_t *routes)
{
    json_t *schemas = json_object();
    common_schemas(schemas);
    for (const entity_def_t *e = store_entities; e->name; e++) entity_schemas(e, schemas);
    json_t *paths = json_object();
    for (const http_route_t *r = routes; r && r->pattern; r++) {
        if (!is_api(r)) continue;
        json_t *item = json_object_get(paths, r->pattern);
        if (!item) {
            item = json_object();
            json_object_set_new(paths, r->pattern, item);
        }
        char m[16];
        size_t i = 0;
        for (; r->method[i] && i + 1 < sizeof m; i++) m[i] = (char)(r->method[i] | 0x20);
        m[i] = '\0';
        json_object_set_new(item, m, operation(r));
    }
    json_t *doc = json_pack(
        "{s:s, s:{s:s, s:s, s:s, s:{s:s, s:s}}, s:[{s:s}], s:[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}], s:o, "
        "s:{s:o, s:{s:{s:s, s:s}, s:{s:s, s:s, s:s, s:s}}}}",
        "openapi", "3.1.0", "info", "title", "Oversight API", "version", OV_VERSION, "description",
        "The monitoring record of inspected bodies (police forces, fire and rescue services): phases and "
        "decisions, causes of concern, recommendations, progress, letters. Generated from the server's route "
        "table and entity descriptors. Writes need a Bearer token (`oversight token`) or a session cookie with "
        "its X-CSRF-Token.",
        "license", "name", "Open Government Licence v3.0", "identifier", "OGL-UK-3.0", "servers", "url", "/", "tags",
        "name", "api", "description", "Bodies, phases, rules, letters, sessions", "name", "record", "description",
        "The entities of the monitoring record", "name", "feeds", "description", "Atom and iCalendar feeds",
        "paths", paths, "components", "schemas", schemas, "securitySchemes", "bearer", "type", "http", "scheme",
        "bearer", "session", "type", "apiKey", "in", "cookie", "name", "ov_session", "description",
        "session cookie from POST /api/v1/session; writes also need X-CSRF-Token");
    if (doc) prune_schemas(doc, schemas);
    return doc;
}

int api_openapi(http_request_t *req, http_response_t *resp)
{
    const app_t *app = req->app;
    json_t *doc = api_openapi_document(app ? app->routes : NULL);
    if (!doc) {
        api_problem(resp, 500, "Internal error", "the API description could not be built", NULL);
        return 0;
    }
    api_json(resp, 200, doc);
    return 0;
}
