/*
 * reminders.c: addresses, recipients and the sent log for reminders
 * (reminders.h). Every value is a bound parameter.
 */
#include "store/reminders.h"
#include "store/audit.h"
#include "core/remind.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

int reminders_user_email_set(store_t *s, const char *username, const char *email, ov_error_t *err)
{
    if (email && !*email) email = NULL;
    if (email && !remind_email_valid(email))
        return ov_error_set(err, OV_EINVALID, "email",
                            "'%.200s' is not an e-mail address of the form name@example.org", email);
    json_t *row = NULL;
    char what[128];
    snprintf(what, sizeof what, "no user called '%.64s'", username ? username : "");
    int rc = store_query_one(s, &row, err, what, "SELECT id FROM users WHERE username = ?", "s", username);
    if (rc == OV_ENOTFOUND) return ov_error_set(err, OV_ENOTFOUND, "username", "%s", what);
    if (rc != 0) return rc;
    long long id = json_integer_value(json_object_get(row, "id"));
    json_decref(row);
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);

    store_tx_t tx;
    if ((rc = store_tx_begin(s, &tx, err)) != 0) return rc;
    json_t *before = NULL, *after = NULL;
    rc = store_audit_snapshot(s, "users", id, &before, err);
    if (rc == 0)
        rc = store_exec(s, NULL, NULL, err, "UPDATE users SET email = ?, updated_at = ? WHERE id = ?", "ssi", email, now, id);
    if (rc == 0) rc = store_audit_snapshot(s, "users", id, &after, err);
    if (rc == 0) rc = store_audit_append(s, "email_change", "users", id, 0, before, after, err);
    json_decref(before);
    json_decref(after);
    return store_tx_end(s, &tx, rc, err);
}

int reminders_recipients(store_t *s, const char *body_code, const char *role, json_t **out, ov_error_t *err)
{
    return store_query(s, out, err,
        "SELECT u.username, u.display_name, u.email FROM users u JOIN bodies b ON b.id = u.body_id"
        " WHERE b.code = ? AND u.role = ? AND u.disabled = 0 AND u.email IS NOT NULL AND u.email <> ''"
        " ORDER BY u.username",
        "ss", body_code, role);
}

int reminders_sent_has(store_t *s, const char *kind, long long item_id, const char *due, const char *stage,
                       const char *recipient, int *sent, ov_error_t *err)
{
    json_t *rows = NULL;
    int rc = store_query(s, &rows, err,
        "SELECT id FROM reminders_sent WHERE kind = ? AND item_id = ? AND due_date = ? AND stage = ?"
        " AND recipient = ?",
        "sisss", kind, item_id, due, stage, recipient);
    if (rc != 0) return rc;
    *sent = json_array_size(rows) > 0;
    json_decref(rows);
    return 0;
}

int reminders_sent_record(store_t *s, const char *kind, long long item_id, const char *due, const char *stage,
                          const char *recipient, const char *sent_at, ov_error_t *err)
{
    return store_exec(s, NULL, NULL, err,
        "INSERT INTO reminders_sent (kind, item_id, due_date, stage, recipient, sent_at) VALUES (?, ?, ?, ?, ?, ?)",
        "sissss", kind, item_id, due, stage, recipient, sent_at);
}
