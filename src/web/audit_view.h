/*
 * audit_view.h: an item's change history on its page, from the audit trail
 * (store/audit.h): who changed it, when, what, and each field before and
 * after. Shown to inspectorate staff only (see docs/security.md).
 */
#ifndef OV_WEB_AUDIT_VIEW_H
#define OV_WEB_AUDIT_VIEW_H
#include <jansson.h>
#include "app/app.h"
#include "app/actor.h"

/* At most this many entries are shown (the newest), and long values are
 * cut to AUDIT_VIEW_VALUE_MAX bytes on the page (the trail keeps them whole). */
#define AUDIT_VIEW_MAX_ENTRIES 200
#define AUDIT_VIEW_VALUE_MAX 400

/* Sets ctx["audit_history"] to the model that templates/audit_history.html
 * renders ({entries: [{at, actor, action, changes: [{field, before,
 * after}]}], verify}) for row id of entity (an entity name such as
 * "causes-of-concern"), when actor is staff; leaves ctx alone otherwise or
 * when the trail cannot be read (the page still shows). */
void web_audit_history(http_request_t *req, const app_actor_t *actor, const char *entity, long long id, json_t *ctx);

#endif
