/*
 * reminders.h: what `oversight remind` reads and writes (sql/005_reminders.sql):
 * users' e-mail addresses, who receives a body's reminders, and the log of
 * reminders sent, which makes each one go out once.
 */
#ifndef OV_STORE_REMINDERS_H
#define OV_STORE_REMINDERS_H
#include "store/store.h"

/* Sets (or with email NULL or "" clears) the address of user username,
 * audited as "email_change". OV_EINVALID (field "email") unless the address
 * has the shape remind_email_valid accepts; OV_ENOTFOUND (field "username")
 * for an unknown user. Joins the caller's transaction if one is open. */
int reminders_user_email_set(store_t *s, const char *username, const char *email, ov_error_t *err);

/* Active users of role `role` ("body" or "lpb") for the body with code
 * body_code that have an address, as a new array (caller json_decref) of
 * {username, display_name, email}, by username. */
int reminders_recipients(store_t *s, const char *body_code, const char *role, json_t **out, ov_error_t *err);

/* *sent = 1 if this reminder (kind, item, due date, stage, recipient) was
 * already recorded as sent, else 0. */
int reminders_sent_has(store_t *s, const char *kind, long long item_id, const char *due, const char *stage,
                       const char *recipient, int *sent, ov_error_t *err);

/* Records a reminder as sent at sent_at (ISO 8601 UTC text). OV_ECONFLICT
 * if it was already recorded (another run sent it meanwhile). */
int reminders_sent_record(store_t *s, const char *kind, long long item_id, const char *due, const char *stage,
                          const char *recipient, const char *sent_at, ov_error_t *err);

#endif
