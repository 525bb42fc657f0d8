/*
 * record.c: guards for status changes, closures and deadline revisions.
 */
#include "core/record.h"
#include "core/date.h"
#include "core/roles.h"
#include <stdio.h>
#include <string.h>

static int blank(const char *s) { return !s || s[strspn(s, " \t\r\n")] == '\0'; }

static int is_rec_status(const char *s)
{
    static const char *const all[] = {"open", "in_progress", "implemented", "closed", NULL};
    for (const char *const *p = all; s && *p; p++)
        if (strcmp(*p, s) == 0) return 1;
    return 0;
}

record_actor_t record_actor_from_role(const char *role, const char *actor_body, const char *target_body)
{
    const char *t = target_body && *target_body ? target_body : NULL;
    record_actor_t r = {
        .can_close = roles_allows(role, PERM_CLOSE, actor_body, t),
        .can_progress = roles_allows(role, PERM_PROGRESS, actor_body, t) || roles_allows(role, PERM_RECORD, actor_body, t),
    };
    return r;
}

int record_check_not_before(const char *on, const char *since, const char *field, ov_error_t *err)
{
    odate_t a, b;
    if (!on || !since || date_parse(on, &a) || date_parse(since, &b)) return 0;
    odate_t last = date_last_day(&a);
    if (date_compare(&last, &b) < 0)
        return ov_error_set(err, OV_EINVALID, field, "%s (%s) is before the item was issued (%s)", field, on, since);
    return 0;
}

static void add(json_t *errors, const char *field, const char *message, int *n)
{
    if (!json_object_get(errors, field)) {
        json_object_set_new(errors, field, json_string(message));
        (*n)++;
    }
}

int record_check_closure(const record_closure_t *c, const char *issued_on, int with_day, json_t *errors)
{
    int n = 0, implemented = c->outcome && strcmp(c->outcome, "implemented") == 0;
    if (!implemented && (!c->outcome || strcmp(c->outcome, "not_implemented") != 0))
        add(errors, "outcome", "outcome is required: implemented or not_implemented", &n);
    if (blank(c->reason)) add(errors, "reason", "a reason for closing is required: why the inspector closes it", &n);
    if (c->revisit_id <= 0 && c->progress_update_id <= 0 && c->evidence_file_id <= 0)
        add(errors, "rests_on",
            "say what the closure rests on: a revisit (revisit_id), a progress update (progress_update_id) or an "
            "evidence file (evidence_file_id)", &n);
    if (c->implemented_on && *c->implemented_on) {
        odate_t d;
        ov_error_t e = {0};
        if (!with_day)
            add(errors, "implemented_on", "implemented_on is a recommendation's; a cause of concern has none", &n);
        else if (!implemented && c->outcome && strcmp(c->outcome, "not_implemented") == 0)
            add(errors, "implemented_on", "implemented_on is only for the outcome implemented", &n);
        else if (date_parse(c->implemented_on, &d) != 0)
            add(errors, "implemented_on", "implemented_on must be a date as YYYY-MM-DD (or YYYY-MM)", &n);
        else if (record_check_not_before(c->implemented_on, issued_on, "implemented_on", &e) != 0)
            add(errors, "implemented_on", e.message, &n);
    }
    return n;
}

int record_check_cause_close_on(const char *on, ov_error_t *err)
{
    odate_t d;
    if (blank(on) || date_parse(on, &d) != 0)
        return ov_error_set(err, OV_EINVALID, "on", "on (the date it was closed) must be a date");
    return 0;
}

int record_check_rec_status(const char *from, const char *to, const char *on, const char *reason,
                            const record_actor_t *actor, ov_error_t *err)
{
    if (!is_rec_status(to))
        return ov_error_set(err, OV_EINVALID, "to", "to must be one of open, in_progress, implemented, closed");
    if (!is_rec_status(from)) return ov_error_set(err, OV_EINTERNAL, "", "unknown current status '%s'", from);
    if (strcmp(from, to) == 0) return ov_error_set(err, OV_ECONFLICT, "to", "the recommendation is already %s", to);
    odate_t d;
    if (blank(on)) return ov_error_set(err, OV_EINVALID, "on", "on (the date of the change) is required");
    if (date_parse(on, &d) != 0)
        return ov_error_set(err, OV_EINVALID, "on", "on must be a date as YYYY, YYYY-MM or YYYY-MM-DD");
    if (strcmp(to, "closed") == 0) {
        if (!actor->can_close)
            return ov_error_set(err, OV_EFORBIDDEN, "", "only an inspector closes a recommendation");
        return 0;
    }
    if (strcmp(from, "closed") == 0) {
        if (!actor->can_close)
            return ov_error_set(err, OV_EFORBIDDEN, "", "only an inspector reopens a closed recommendation");
        if (blank(reason)) return ov_error_set(err, OV_EINVALID, "reason", "a reason is required to reopen");
        return 0;
    }
    if (strcmp(from, "implemented") == 0) {
        if (!actor->can_close)
            return ov_error_set(err, OV_EFORBIDDEN, "",
                                "only an inspector returns an implemented claim; it awaits verification");
        if (blank(reason))
            return ov_error_set(err, OV_EINVALID, "reason", "a reason is required to return an implemented claim");
        return 0;
    }
    if (!actor->can_progress && !actor->can_close)
        return ov_error_set(err, OV_EFORBIDDEN, "", "you may not change this recommendation's status");
    /* the form always asked for it; the API now does too (the stricter rule) */
    if (strcmp(to, "implemented") == 0 && blank(reason))
        return ov_error_set(err, OV_EINVALID, "reason", "give the evidence that it is implemented (reason)");
    return 0;
}

int record_check_claim_evidence(const char *to, const long long *ids, size_t n, ov_error_t *err)
{
    if (n == 0) return 0;
    if (!to || strcmp(to, "implemented") != 0)
        return ov_error_set(err, OV_EINVALID, "evidence_file_ids",
                            "evidence_file_ids are named only by a claim of implemented (to: implemented)");
    if (n > RECORD_CLAIM_FILES_MAX)
        return ov_error_set(err, OV_EINVALID, "evidence_file_ids", "evidence_file_ids: at most %d files",
                            RECORD_CLAIM_FILES_MAX);
    for (size_t i = 0; i < n; i++) {
        if (ids[i] <= 0)
            return ov_error_set(err, OV_EINVALID, "evidence_file_ids",
                                "evidence_file_ids must be ids of evidence files (positive whole numbers)");
        for (size_t k = 0; k < i; k++)
            if (ids[k] == ids[i])
                return ov_error_set(err, OV_EINVALID, "evidence_file_ids", "evidence_file_ids names file %lld twice",
                                    ids[i]);
    }
    return 0;
}

int record_check_cause_close(const char *status, const char *open_recs, const char *override_reason,
                             const record_actor_t *actor, ov_error_t *err)
{
    if (!actor->can_close) return ov_error_set(err, OV_EFORBIDDEN, "", "only an inspector closes a cause of concern");
    if (status && strcmp(status, "closed") == 0)
        return ov_error_set(err, OV_ECONFLICT, "", "the cause of concern is already closed");
    if (!blank(open_recs) && blank(override_reason))
        return ov_error_set(err, OV_ECONFLICT, "override_reason",
                            "recommendation %s still open: close %s first, or record override_reason to close the "
                            "cause of concern anyway",
                            open_recs, strchr(open_recs, ',') ? "them" : "it");
    return 0;
}

int record_check_deadline_revision(const char *issued_on, const char *current, const char *new_deadline,
                                   const char *reason, const char *agreed_by, const char *agreed_on,
                                   ov_error_t *err)
{
    odate_t nd, is, ag;
    if (blank(new_deadline) || date_parse(new_deadline, &nd) != 0)
        return ov_error_set(err, OV_EINVALID, "new_deadline", "new_deadline must be a date as YYYY-MM-DD (or YYYY-MM)");
    if (blank(reason)) return ov_error_set(err, OV_EINVALID, "reason", "a reason for the new deadline is required");
    if (blank(agreed_by)) return ov_error_set(err, OV_EINVALID, "agreed_by", "agreed_by (who agreed it) is required");
    if (blank(agreed_on) || date_parse(agreed_on, &ag) != 0)
        return ov_error_set(err, OV_EINVALID, "agreed_on", "agreed_on must be a date");
    if (current && strcmp(current, new_deadline) == 0)
        return ov_error_set(err, OV_ECONFLICT, "new_deadline", "the deadline is already %s", new_deadline);
    if (issued_on && date_parse(issued_on, &is) == 0) {
        odate_t last = date_last_day(&nd);
        if (date_compare(&last, &is) < 0)
            return ov_error_set(err, OV_EINVALID, "new_deadline", "new_deadline %s is before the recommendation was issued (%s)",
                                new_deadline, issued_on);
    }
    return 0;
}

const char *record_rec_public_status(const char *status, const char *outcome, const char **code)
{
    const char *c = "open", *words = "Open";
    if (status && strcmp(status, "closed") == 0) {
        if (outcome && strcmp(outcome, "implemented") == 0) c = "closed_implemented", words = "Closed \u2013 implemented";
        else if (outcome && strcmp(outcome, "not_implemented") == 0)
            c = "closed_not_implemented", words = "Closed \u2013 not implemented";
        else c = "closed_not_recorded", words = "Closed \u2013 outcome not recorded";
    } else if (status && strcmp(status, "in_progress") == 0) {
        c = "in_progress", words = "In progress";
    } else if (status && strcmp(status, "implemented") == 0) {
        c = "in_progress", words = "In progress \u2013 reported implemented, awaiting verification";
    }
    if (code) *code = c;
    return words;
}

int record_check_item_end(const record_rec_end_t *e, long long id, const char *from, const char *issued_on,
                          const char *what, const record_actor_t *actor, json_t *errors, ov_error_t *err)
{
    int n = 0, superseding = e->kind && strcmp(e->kind, "superseded") == 0;
    const char *verb = superseding ? "supersedes" : "withdraws";
    char msg[160];
    if (!actor->can_close) return ov_error_set(err, OV_EFORBIDDEN, "", "only an inspector %s a %s", verb, what);
    if (!superseding && (!e->kind || strcmp(e->kind, "withdrawn") != 0))
        return ov_error_set(err, OV_EINVALID, "kind", "kind must be superseded or withdrawn");
    if (from && strcmp(from, "closed") == 0)
        return ov_error_set(err, OV_ECONFLICT, "", "the %s is already closed: reopen it first", what);
    odate_t d;
    ov_error_t e2 = {0};
    if (blank(e->on)) add(errors, "on", "on (the date) is required", &n);
    else if (date_parse(e->on, &d) != 0) add(errors, "on", "on must be a date as YYYY-MM-DD (or YYYY-MM)", &n);
    else if (record_check_not_before(e->on, issued_on, "on", &e2) != 0) add(errors, "on", e2.message, &n);
    if (blank(e->reason))
        add(errors, "reason", superseding ? "a reason is required: why the successor replaces it"
                                          : "a reason is required: why it is withdrawn", &n);
    else if (strlen(e->reason) > 20000) add(errors, "reason", "reason is longer than 20000 characters", &n);
    if (superseding && e->successor_id <= 0) {
        snprintf(msg, sizeof msg, "successor_id is required: the %s that supersedes it", what);
        add(errors, "successor_id", msg, &n);
    } else if (superseding && e->successor_id == id) {
        snprintf(msg, sizeof msg, "a %s cannot supersede itself", what);
        add(errors, "successor_id", msg, &n);
    } else if (!superseding && e->successor_id > 0)
        add(errors, "successor_id", "successor_id is only for superseding", &n);
    if (n == 0) return 0;
    const char *key;
    json_t *v;
    json_object_foreach(errors, key, v) return ov_error_set(err, OV_EINVALID, key, "%s", json_string_value(v));
    return OV_EINVALID;
}

int record_check_rec_end(const record_rec_end_t *e, long long id, const char *from, const char *issued_on,
                         const record_actor_t *actor, json_t *errors, ov_error_t *err)
{
    return record_check_item_end(e, id, from, issued_on, "recommendation", actor, errors, err);
}

int record_check_item_successor(int found, int same_body, const char *successor_lifecycle, const char *what,
                                json_t *errors)
{
    int n = 0;
    char msg[160];
    if (!found) {
        snprintf(msg, sizeof msg, "no %s with that id (successor_id)", what);
        add(errors, "successor_id", msg, &n);
    } else if (!same_body) {
        snprintf(msg, sizeof msg, "the successor must be a %s of the same body", what);
        add(errors, "successor_id", msg, &n);
    } else if (successor_lifecycle && *successor_lifecycle)
        add(errors, "successor_id",
            strcmp(successor_lifecycle, "withdrawn") == 0 ? "the successor is itself withdrawn"
                                                          : "the successor is itself superseded: name its successor",
            &n);
    return n;
}

int record_check_successor(int found, const char *successor_lifecycle, json_t *errors)
{
    return record_check_item_successor(found, 1, successor_lifecycle, "recommendation", errors);
}

const char *record_rec_lifecycle_status(const char *lifecycle, const char **code)
{
    const char *words = NULL, *c = NULL;
    if (lifecycle && strcmp(lifecycle, "superseded") == 0) c = "superseded", words = "Superseded";
    else if (lifecycle && strcmp(lifecycle, "withdrawn") == 0) c = "withdrawn", words = "Withdrawn";
    if (words && code) *code = c;
    return words;
}
