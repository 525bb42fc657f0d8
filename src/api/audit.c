/*
 * audit.c: GET /api/v1/audit: the audit trail (store/audit.h), for staff
 * (the roles that may record: admin, hmci, inspector, analyst). Entries
 * carry who changed what and the rows before and after; body and local
 * policing body users do not see them (they name other bodies' changes and
 * staff accounts).
 */
#include "api/api.h"
#include "core/roles.h"
#include "store/audit.h"
#include "store/entity.h"
#include <stdlib.h>
#include <string.h>

int api_audit_list(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    if (api_require(req, resp, PERM_RECORD, NULL, NULL) != 0) return 0;
    const char *entity = http_request_query(req, "entity");
    const char *id_s = http_request_query(req, "id");
    const char *limit_s = http_request_query(req, "limit");
    if (entity && !*entity) entity = NULL;
    long long id = 0, limit = 1000;
    char *end = NULL;
    if (id_s) {
        id = strtoll(id_s, &end, 10);
        if (!*id_s || *end || id <= 0) {
            api_problem(resp, 400, "Bad request", "id must be a positive whole number", "id");
            return 0;
        }
        if (!entity) {
            api_problem(resp, 400, "Bad request", "id needs entity (e.g. ?entity=recommendations&id=1)", "entity");
            return 0;
        }
    }
    if (limit_s) {
        limit = strtoll(limit_s, &end, 10);
        if (!*limit_s || *end || limit < 1 || limit > 10000) {
            api_problem(resp, 400, "Bad request", "limit must be a whole number from 1 to 10000", "limit");
            return 0;
        }
    }
    static const char *const other[] = {"bodies", "decisions", "users", "api-tokens", "export", "body-changes",
                                        "national-bodies", "corrections", "reports", "shared-recommendations",
                                        "national-parts", "national-part-events", NULL};
    int known = !entity || entity_find(entity) != NULL;
    for (const char *const *o = other; !known && *o; o++) known = strcmp(*o, entity) == 0;
    if (!known) {
        api_problem(resp, 400, "Bad request", "entity is not one the audit trail records (see GET /api/v1/schema)",
                    "entity");
        return 0;
    }
    ov_error_t err = {0};
    json_t *rows = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_audit_list(s, entity, id, (int)limit, &rows, &err);
    store_pool_release(app->pool, s);
    if (rc != 0) {
        api_problem_from_error(resp, &err);
        return 0;
    }
    api_json(resp, 200, json_pack("{s:o}", "entries", rows));
    http_response_header(resp, "Cache-Control", "no-store");
    return 0;
}
