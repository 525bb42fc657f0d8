/*
 * themes.c: the controlled list of themes (sql/017): GET /api/v1/themes
 * (anyone: the list is public, like the levels of a framework) and
 * POST /api/v1/themes (admin). An item's themes are set by
 * POST /api/v1/{recommendations,causes-of-concern}/{id}/themes (actions.c).
 */
#include "api/api.h"
#include "app/lifecycle.h"
#include "store/themes.h"
#include "core/roles.h"
#include "core/jget.h"
#include <string.h>

int api_themes_list(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    ov_error_t err = {0};
    json_t *rows = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_themes_list(s, &rows, &err);
    store_pool_release(app->pool, s);
    if (rc) api_problem_from_error(resp, &err);
    else api_json(resp, 200, json_pack("{s:o}", "themes", rows));
    return 0;
}

int api_theme_add(http_request_t *req, http_response_t *resp)
{
    static const char *const fields[] = {"code", "name", "description", NULL};
    app_t *app = req->app;
    app_actor_t actor;
    if (api_require(req, resp, PERM_ADMIN, NULL, &actor) != 0) return 0;
    json_t *in = api_body_object(req, resp, fields);
    if (!in) return 0;
    static const char *const texts[] = {"code", "name", "description"};
    for (size_t i = 0; i < 3; i++) {
        json_t *v = json_object_get(in, texts[i]);
        if (v && !json_is_string(v) && !json_is_null(v)) {
            char detail[64];
            snprintf(detail, sizeof detail, "%s must be a string", texts[i]);
            api_problem(resp, 422, "Invalid input", detail, texts[i]);
            json_decref(in);
            return 0;
        }
    }
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = app_theme_add(s, &actor, jget_str(in, "code"), jget_str(in, "name"), jget_str(in, "description"), NULL,
                           &err);
    store_pool_release(app->pool, s);
    if (rc) api_problem_from_error(resp, &err);
    else api_json(resp, 201, json_pack("{s:s, s:s, s:s?}", "code", jget_str(in, "code"), "name", jget_str(in, "name"),
                                       "description", jget_str(in, "description")));
    json_decref(in);
    return 0;
}
