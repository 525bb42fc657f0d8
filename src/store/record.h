/*
 * record.h: the rule-checked actions on the monitoring record, each one
 * transaction: recommendation status changes, closing a cause of concern,
 * deadline revisions. Each checks the version the caller read
 * (expected_version; -1 = not checked, for loaders) and records history.
 */
#ifndef OV_STORE_RECORD_H
#define OV_STORE_RECORD_H
#include "store/store.h"
#include "core/record.h"

typedef struct rec_status_input {
    const char *to;            /* open, in_progress, implemented, closed */
    const char *on;            /* date of the change */
    const char *by;            /* who (username or name) */
    const char *reason;        /* required to return or reopen */
    long long revisit_id;      /* closing revisit, 0 = none */
    /* to "closed": the closure (required: outcome, reason, what it rests
     * on; core/record.h), else NULL. revisit_id above is ignored then: the
     * closure's counts. */
    const record_closure_t *closure;
    /* a claim (to "implemented"): the evidence files it rests on, of the
     * same body's progress updates (core/record.h
     * record_check_claim_evidence); kept with the status change */
    const long long *evidence_file_ids;
    size_t n_evidence_files;
    /* not NULL: every problem of a closure is added here ({field:
     * message}), the function then failing with the first (OV_EINVALID) */
    json_t *errors;
} rec_status_input_t;

int store_rec_set_status(store_t *s, long long id, long long expected_version, const rec_status_input_t *in,
                         const record_actor_t *actor, ov_error_t *err);

typedef struct cause_close_input {
    const char *on;
    const char *by;
    long long revisit_id;      /* 0 = none */
    long long decision_id;     /* 0 = none */
    const char *override_reason;
    const record_closure_t *closure;   /* required: as rec_status_input_t's (revisit_id above is ignored) */
    json_t *errors;                    /* as rec_status_input_t's */
} cause_close_input_t;

int store_cause_close(store_t *s, long long id, long long expected_version, const cause_close_input_t *in,
                      const record_actor_t *actor, ov_error_t *err);

typedef struct rec_end_input {
    record_rec_end_t end;      /* superseded (by a successor) or withdrawn: core/record.h */
    const char *by;            /* who */
    json_t *errors;            /* as rec_status_input_t's */
} rec_end_input_t;

/* Ends recommendation id otherwise than by a closure: closed (closed_on,
 * closed_by) with lifecycle superseded (superseded_by_id) or withdrawn and
 * lifecycle_reason; its status change and audit entry, one transaction.
 * Errors as record_check_rec_end says, plus "successor_id" when no such
 * recommendation or one that itself ended so. */
int store_rec_end(store_t *s, long long id, long long expected_version, const rec_end_input_t *in,
                  const record_actor_t *actor, ov_error_t *err);

/* The same for cause of concern id (sql/024): closed as superseded by
 * a named successor cause of the same body, or withdrawn. Errors as
 * store_rec_end's ("successor_id" also for a cause of another body). */
int store_cause_end(store_t *s, long long id, long long expected_version, const rec_end_input_t *in,
                    const record_actor_t *actor, ov_error_t *err);

/* Sets the themes of a cause of concern (table "causes_of_concern") or a
 * recommendation ("recommendations") to codes (a JSON array of theme
 * codes; [] removes all): each tag added or removed is audited, the item's
 * version moves. OV_EINVALID (field "themes") for a code not in the list.
 * Who may is the caller's check (app). */
int store_item_set_themes(store_t *s, const char *table, long long id, long long expected_version,
                          const json_t *codes, ov_error_t *err);

typedef struct deadline_input {
    const char *new_deadline, *reason, *agreed_by, *agreed_on;
} deadline_input_t;

/* Appends a revision (the original deadline stays); *revision_id gets its id. */
int store_deadline_revise(store_t *s, long long rec_id, long long expected_version, const deadline_input_t *in,
                          long long *revision_id, ov_error_t *err);

#endif
