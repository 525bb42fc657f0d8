/*
 * page_frameworks.h: the monitoring frameworks and the themes as pages
 * (issue #15 items 1, 4, 8; docs/frameworks.md): the public page
 * GET /frameworks (page_frameworks.c), and the admin pages and forms
 * GET /admin/frameworks, /admin/frameworks/new (load one from its JSON,
 * through a check page) and GET /admin/themes, /admin/themes/new
 * (form_frameworks.c). The writes are the application's (app/lifecycle.h),
 * the same POST /api/v1/frameworks and POST /api/v1/themes make.
 */
#ifndef OV_WEB_PAGE_FRAMEWORKS_H
#define OV_WEB_PAGE_FRAMEWORKS_H
#include "http/http.h"
#include "core/framework.h"
#include <jansson.h>

http_handler_t web_page_frameworks;
http_handler_t web_frameworks_admin, web_framework_load_form, web_framework_load;
http_handler_t web_themes_admin, web_theme_add_form, web_theme_add;

/* One framework as the pages show it (a new object): {code, name,
 * description, in_force (words), applies_to (words: "police forces"),
 * succeeds, succeeds_name, levels: [{level, code, name, description, entry,
 * routine}], moves: [{from_name, to_name, recommended_by, decided_by,
 * sentence}]}. file: its levels and transitions; m (may be NULL): the
 * frameworks held, for the names of a predecessor's levels and of the
 * framework it succeeds; today (may be NULL): a level that is the entry
 * level of some kind of body that day (framework_entry_level) gets entry,
 * the kinds in words ("fire and rescue services"). */
json_t *web_framework_view(const framework_file_t *file, const phase_model_t *m, const odate_t *today);

/* The levels and transitions of framework fw of m gathered into out, as
 * a file would give them. */
void web_framework_of_model(const phase_model_t *m, const framework_def_t *fw, framework_file_t *out);

#endif
