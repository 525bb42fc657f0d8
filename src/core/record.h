/*
 * record.h: the rules that guard changes to the monitoring record. Pure.
 *
 * Recommendation status has two parts: acceptance by the body (a plain
 * field) and implementation: open -> in_progress -> implemented (claimed by
 * the body) -> closed (verified by an inspector only). An inspector may
 * return an implemented claim (back to in_progress, with a reason) or
 * reopen a closed one (with a reason).
 */
#ifndef OV_CORE_RECORD_H
#define OV_CORE_RECORD_H
#include <jansson.h>
#include "core/error.h"

/* What the actor may do, decided by the caller from core/roles.h. */
typedef struct record_actor {
    int can_close;      /* PERM_CLOSE */
    int can_progress;   /* PERM_PROGRESS or PERM_RECORD */
} record_actor_t;

/* What `role` (of actor_body, "" or NULL when not a body's role) may do to
 * the record of target_body: the one mapping the API and the forms share. */
record_actor_t record_actor_from_role(const char *role, const char *actor_body, const char *target_body);

/* Checks a recommendation status change from -> to on day `on` (any
 * precision date text, always required: no caller defaults it). reason is
 * required to claim it implemented (the evidence), to return an
 * implemented claim or to reopen. 0, or OV_EINVALID (field "to", "on" or
 * "reason"), OV_ECONFLICT (no change), OV_EFORBIDDEN (who may not). */
int record_check_rec_status(const char *from, const char *to, const char *on, const char *reason,
                            const record_actor_t *actor, ov_error_t *err);

/* Checks that `on` (the value of `field`; any precision) is not before
 * `since` (the item's issued_on): a month or year counts as its last day.
 * Either missing or not a date: nothing to compare, 0. Else OV_EINVALID. */
int record_check_not_before(const char *on, const char *since, const char *field, ov_error_t *err);

/* Checks the date a cause of concern is closed on: required, a date. */
int record_check_cause_close_on(const char *on, ov_error_t *err);

/* Checks closing a cause of concern: status is its current status,
 * open_recs the numbers of its recommendations not closed (comma list, ""
 * when none), override_reason the recorded reason to close anyway. */
int record_check_cause_close(const char *status, const char *open_recs, const char *override_reason,
                             const record_actor_t *actor, ov_error_t *err);

/* What a closure of a recommendation or a cause of concern says (issue
 * #17, "closing means something"): its outcome, the inspector's reason,
 * for an implemented recommendation the day the inspector accepts it, and
 * what it rests on: a revisit, a progress update or an evidence file (ids,
 * 0 = none; at least one; that they belong to the item's body is the
 * store's check). */
typedef struct record_closure {
    const char *outcome;          /* "implemented" or "not_implemented" */
    const char *reason;           /* required, not blank */
    const char *implemented_on;   /* outcome implemented only; NULL: the closing day */
    long long revisit_id, progress_update_id, evidence_file_id;
} record_closure_t;

/* Every problem of c's own fields at once, each added to errors (a JSON
 * object, {field: message}) under its field: "outcome", "reason",
 * "rests_on" (none of the three ids), "implemented_on" (not a date, before
 * issued_on, or given with the outcome not_implemented). with_day: the
 * item has an implemented_on (a recommendation; a cause of concern has
 * none). Returns the number of problems added (0: fine). */
int record_check_closure(const record_closure_t *c, const char *issued_on, int with_day, json_t *errors);

/* The evidence files a status change names (issue #17 item 8): only a
 * claim of implemented (to "implemented") names any, at most
 * RECORD_CLAIM_FILES_MAX, each a positive id given once. 0, or
 * OV_EINVALID on field "evidence_file_ids". */
#define RECORD_CLAIM_FILES_MAX 50
int record_check_claim_evidence(const char *to, const long long *ids, size_t n, ov_error_t *err);

/* Checks a deadline revision: new_deadline differs from the current one
 * (may be NULL) and is not before issued_on; reason and agreed_by given. */
int record_check_deadline_revision(const char *issued_on, const char *current, const char *new_deadline,
                                   const char *reason, const char *agreed_by, const char *agreed_on,
                                   ov_error_t *err);

/* A recommendation's (or a cause of concern's) status in plain words for
 * the public (issue #16): `status` as the record holds it, `outcome` the
 * outcome recorded when it was closed ("implemented", "not_implemented",
 * or NULL when none was recorded). Open; in progress (a claim of
 * implementation awaiting verification is still in progress); closed:
 * implemented, not implemented, or "outcome not recorded", never guessed
 * from anything else. The code of the words ("open", "in_progress",
 * "closed_implemented", "closed_not_implemented", "closed_not_recorded")
 * goes to *code when code is not NULL. An unknown status reads as open.
 * Static text. */
const char *record_rec_public_status(const char *status, const char *outcome, const char **code);

/* The other ends of a recommendation (issue #15 item 4): superseded by a
 * named successor recommendation, or withdrawn. Either closes it (it
 * leaves the open lists) with the day, who and why; reopening undoes it. */
typedef struct record_rec_end {
    const char *kind;             /* "superseded" or "withdrawn" */
    const char *on;               /* the day, required */
    const char *reason;           /* why, required */
    long long successor_id;       /* superseded: the successor, required; withdrawn: 0 */
} record_rec_end_t;

/* Every problem of ending recommendation id (status `from`, issued on
 * issued_on) as e says, each into errors ({field: message}): "kind",
 * "on", "reason", "successor_id" (missing, itself, or given to a
 * withdrawal). A closed recommendation is not ended again: OV_ECONFLICT
 * (reopen it first); not actor->can_close: OV_EFORBIDDEN; problems in
 * errors: OV_EINVALID naming the first; else 0. */
int record_check_rec_end(const record_rec_end_t *e, long long id, const char *from, const char *issued_on,
                         const record_actor_t *actor, json_t *errors, ov_error_t *err);

/* The same for an item `what` ("recommendation", "cause of concern"):
 * the messages name it. record_check_rec_end is this for a recommendation. */
int record_check_item_end(const record_rec_end_t *e, long long id, const char *from, const char *issued_on,
                          const char *what, const record_actor_t *actor, json_t *errors, ov_error_t *err);

/* Checks the successor of an item `what`: found 0 (no such row),
 * same_body 0 (a successor of another body: causes of concern), its
 * lifecycle (NULL: live). Into errors under "successor_id"; returns the
 * number added. */
int record_check_item_successor(int found, int same_body, const char *successor_lifecycle, const char *what,
                                json_t *errors);

/* Checks the successor a recommendation is superseded by, as the store
 * found it: its lifecycle (NULL: live) or found 0 (no such row). Into
 * errors under "successor_id"; returns the number added. */
int record_check_successor(int found, const char *successor_lifecycle, json_t *errors);

/* The public words of a recommendation that ended otherwise than by a
 * closure (lifecycle "superseded" or "withdrawn"), NULL for any other:
 * the code ("superseded", "withdrawn") to *code when not NULL. Static
 * text ("Superseded", "Withdrawn"); the page names the successor. */
const char *record_rec_lifecycle_status(const char *lifecycle, const char **code);

#endif
