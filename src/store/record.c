/*
 * record.c: rule-checked actions; rules from core/record.h, SQL here.
 */
#include "store/record.h"
#include "store/entity.h"
#include "store/audit.h"
#include "store/body_changes.h"
#include "store/themes.h"
#include "core/buf.h"
#include "core/jget.h"
#include <stdio.h>
#include <string.h>


/* Audits a rule-checked change of row id of table (entity name `entity`):
 * before was read at the start of the action; the row after is read here. */
static int audit(store_t *s, const char *action, const char *entity, const char *table, long long id,
                 const json_t *before, long long body_id, ov_error_t *err)
{
    json_t *after = NULL;
    int rc = store_audit_snapshot(s, table, id, &after, err);
    if (rc == 0) rc = store_audit_append(s, action, entity, id, body_id, before, after, err);
    json_decref(after);
    return rc;
}

static int load(store_t *s, const char *sql, const char *label, long long id, long long expected, json_t **row,
                ov_error_t *err)
{
    int rc = store_query_one(s, row, err, "", sql, "i", id);
    if (rc == OV_ENOTFOUND) return ov_error_set(err, OV_ENOTFOUND, "", "no %s with id %lld", label, id);
    if (rc) return rc;
    long long v = json_integer_value(json_object_get(*row, "version"));
    if (expected >= 0 && v != expected)
        return ov_error_set(err, OV_ESTALE, "", "the %s changed since version %lld (now version %lld); reload it",
                            label, expected, v);
    return 0;
}

/* A rule-checked action's state: its transaction, the row it acts on and
 * the row's audit snapshot from before the change. */
typedef struct {
    store_tx_t tx;
    json_t *row, *before;
} action_t;

/* Ends the action: commits when rc is 0, else rolls back; frees the row
 * and the snapshot. Returns rc, or the commit's error. */
static int action_end(store_t *s, action_t *a, int rc, ov_error_t *err)
{
    json_decref(a->before);
    json_decref(a->row);
    a->row = a->before = NULL;
    return store_tx_end(s, &a->tx, rc, err);
}

/* Begins the action: the transaction, the row (load) and its audit snapshot
 * (table). On failure nothing is left open. */
static int action_begin(store_t *s, action_t *a, const char *sql, const char *label, const char *table, long long id,
                        long long expected, ov_error_t *err)
{
    a->row = a->before = NULL;
    int rc = store_tx_begin(s, &a->tx, err);
    if (rc) return rc;
    rc = load(s, sql, label, id, expected, &a->row, err);
    if (rc == 0) rc = store_audit_snapshot(s, table, id, &a->before, err);
    /* a retired body's record is read-only (store/body_changes.h) */
    json_t *owner = a->before ? json_object_get(a->before, "body_id") : NULL;
    if (rc == 0 && json_is_integer(owner)) rc = store_body_writable(s, json_integer_value(owner), err);
    return rc ? action_end(s, a, rc, err) : 0;
}

/* That the row ref_id named by field belongs to the same body (sql selects
 * it by ref_id and owner): OV_EINVALID on field if not. */
static int check_same_body(store_t *s, const char *sql, long long ref_id, long long owner, const char *field,
                           const char *what, ov_error_t *err)
{
    json_t *r = NULL;
    int rc = store_query_one(s, &r, err, "", sql, "ii", ref_id, owner);
    json_decref(r);
    if (rc == OV_ENOTFOUND) rc = ov_error_set(err, OV_EINVALID, field, "no %s %lld of this body", what, ref_id);
    return rc;
}

/* A closure's checks, every one into errors: its own fields (core/record.h)
 * and that what it rests on belongs to body_id. 0 when none failed, else
 * a store error's status. */
static int closure_refs(store_t *s, const record_closure_t *c, long long body_id, json_t *errors, ov_error_t *err)
{
    static const struct { const char *field, *what, *sql; } REFS[] = {
        {"revisit_id", "revisit", "SELECT id FROM revisits WHERE id = ? AND body_id = ?"},
        {"progress_update_id", "progress update", "SELECT id FROM progress_updates WHERE id = ? AND body_id = ?"},
        {"evidence_file_id", "evidence file",
         "SELECT f.id FROM evidence_files f JOIN progress_updates p ON p.id = f.progress_update_id"
         " WHERE f.id = ? AND p.body_id = ?"},
    };
    long long ids[3] = {c->revisit_id, c->progress_update_id, c->evidence_file_id};
    for (int i = 0; i < 3; i++) {
        if (ids[i] <= 0) continue;
        json_t *r = NULL;
        int rc = store_query_one(s, &r, err, "", REFS[i].sql, "ii", ids[i], body_id);
        json_decref(r);
        if (rc == OV_ENOTFOUND) {
            char msg[160];
            snprintf(msg, sizeof msg, "no %s %lld of this body", REFS[i].what, ids[i]);
            json_object_set_new(errors, REFS[i].field, json_string(msg));
            ov_error_clear(err);
        } else if (rc) {
            return rc;
        }
    }
    return 0;
}

/* The end of the checks: OV_EINVALID naming the first of errors, or 0. */
static int first_error(const json_t *errors, ov_error_t *err)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)errors, key, v)
        return ov_error_set(err, OV_EINVALID, key, "%s", json_string_value(v));
    return 0;
}

/* Every check of closing an item of body_id at once (the date's error,
 * if any, already in errors). */
static int check_closure(store_t *s, const record_closure_t *c, const char *issued_on, int with_day, long long body_id,
                         json_t *errors, ov_error_t *err)
{
    if (!c) return ov_error_set(err, OV_EINVALID, "outcome", "closing needs its outcome, reason and what it rests on");
    record_check_closure(c, issued_on, with_day, errors);
    int rc = closure_refs(s, c, body_id, errors, err);
    return rc ? rc : first_error(errors, err);
}

/* Reopening a superseded or withdrawn recommendation undoes that too. */
#define REOPEN_LIFECYCLE " lifecycle = NULL, superseded_by_id = NULL, lifecycle_reason = NULL,"

int store_rec_set_status(store_t *s, long long id, long long expected_version, const rec_status_input_t *in,
                         const record_actor_t *actor, ov_error_t *err)
{
    action_t a;
    json_t *own = NULL, *errors = in->errors ? in->errors : (own = json_object());
    int rc = action_begin(s, &a, "SELECT status, issued_on, body_id, version FROM recommendations WHERE id = ?",
                          "recommendation", "recommendations", id, expected_version, err);
    if (rc) {
        json_decref(own);
        return rc;
    }
    const char *from = jget_str(a.row, "status"), *issued = jget_str(a.row, "issued_on");
    int closing = in->to && strcmp(in->to, "closed") == 0;
    if (closing && !actor->can_close) {
        rc = ov_error_set(err, OV_EFORBIDDEN, "", "only an inspector closes a recommendation");
        goto done;
    }
    rc = record_check_rec_status(from, in->to, in->on, in->reason, actor, err);
    if (rc == 0) rc = record_check_not_before(in->on, issued, "on", err);
    /* closing: the date's problem joins the closure's, all named at once */
    if (closing && rc == OV_EINVALID && strcmp(err->field, "on") == 0) {
        json_object_set_new(errors, "on", json_string(err->message));
        rc = 0;
    }
    if (rc == 0) rc = record_check_claim_evidence(in->to, in->evidence_file_ids, in->n_evidence_files, err);
    if (rc) goto done;
    long long body_id = json_integer_value(json_object_get(a.row, "body_id"));
    for (size_t i = 0; i < in->n_evidence_files; i++)
        if ((rc = check_same_body(s, "SELECT f.id FROM evidence_files f JOIN progress_updates p"
                                  " ON p.id = f.progress_update_id WHERE f.id = ? AND p.body_id = ?",
                                  in->evidence_file_ids[i], body_id, "evidence_file_ids", "evidence file", err)))
            goto done;
    if (closing) {
        if ((rc = check_closure(s, in->closure, issued, 1, json_integer_value(json_object_get(a.row, "body_id")),
                                errors, err)))
            goto done;
    } else if (in->revisit_id > 0 &&
               (rc = check_same_body(s, "SELECT r.id FROM revisits r JOIN recommendations c ON c.body_id = r.body_id"
                                     " WHERE r.id = ? AND c.id = ?", in->revisit_id, id, "revisit_id", "revisit", err)))
        goto done;
    const char *to = in->to, *reason = in->reason;
    if (closing) {
        const record_closure_t *c = in->closure;
        int implemented = strcmp(c->outcome, "implemented") == 0;
        const char *accepted = implemented ? (c->implemented_on && *c->implemented_on ? c->implemented_on : in->on)
                                           : NULL;
        json_t *p = json_pack("[s,s?,o,s,s,o,o,s?,I]", in->on, in->by,
                              c->revisit_id > 0 ? json_integer(c->revisit_id) : json_null(), c->outcome, c->reason,
                              c->progress_update_id > 0 ? json_integer(c->progress_update_id) : json_null(),
                              c->evidence_file_id > 0 ? json_integer(c->evidence_file_id) : json_null(), accepted,
                              (json_int_t)id);
        rc = store_exec_params(s, NULL, NULL, err,
                               "UPDATE recommendations SET status = 'closed', closed_on = ?, closed_by = ?,"
                               " closing_revisit_id = ?, outcome = ?, closing_reason = ?,"
                               " closing_progress_update_id = ?, closing_evidence_file_id = ?, implemented_on = ?,"
                               " version = version + 1 WHERE id = ?", p);
        json_decref(p);
        reason = c->reason;
    } else if (strcmp(to, "implemented") == 0)
        rc = store_exec(s, NULL, NULL, err,
                        "UPDATE recommendations SET status = 'implemented', implemented_on = ?, closed_on = NULL,"
                        " closed_by = NULL, closing_revisit_id = NULL, outcome = NULL, closing_reason = NULL,"
                        " closing_progress_update_id = NULL, closing_evidence_file_id = NULL," REOPEN_LIFECYCLE
                        " version = version + 1 WHERE id = ?",
                        "si", in->on, id);
    else
        rc = store_exec(s, NULL, NULL, err,
                        "UPDATE recommendations SET status = ?, implemented_on = NULL, closed_on = NULL,"
                        " closed_by = NULL, closing_revisit_id = NULL, outcome = NULL, closing_reason = NULL,"
                        " closing_progress_update_id = NULL, closing_evidence_file_id = NULL," REOPEN_LIFECYCLE
                        " version = version + 1 WHERE id = ?",
                        "si", to, id);
    long long change = 0;
    if (rc == 0) rc = store_status_change(s, "recommendations", id, from, to, in->on, in->by, reason, &change, err);
    for (size_t i = 0; rc == 0 && i < in->n_evidence_files; i++)
        rc = store_exec(s, NULL, NULL, err,
                        "INSERT INTO status_change_evidence (status_change_id, evidence_file_id) VALUES (?, ?)", "ii",
                        change, in->evidence_file_ids[i]);
    if (rc == 0) rc = audit(s, "status", "recommendations", "recommendations", id, a.before, 0, err);
done:
    json_decref(own);
    return action_end(s, &a, rc, err);
}

int store_cause_close(store_t *s, long long id, long long expected_version, const cause_close_input_t *in,
                      const record_actor_t *actor, ov_error_t *err)
{
    action_t a;
    json_t *open = NULL, *own = NULL;
    buf_t nums = {0};
    int rc = action_begin(s, &a, "SELECT status, issued_on, body_id, version FROM causes_of_concern WHERE id = ?",
                          "cause of concern", "causes_of_concern", id, expected_version, err);
    if (rc) goto done;   /* action_end again only returns rc */
    json_t *errors = in->errors ? in->errors : (own = json_object());
    /* who may, and whether it is open, before anything about the input */
    if ((rc = record_check_cause_close(jget_str(a.row, "status"), "", NULL, actor, err))) goto done;
    /* the date's problem joins the closure's, all named at once */
    if ((rc = record_check_cause_close_on(in->on, err)) == 0)
        rc = record_check_not_before(in->on, jget_str(a.row, "issued_on"), "on", err);
    if (rc == OV_EINVALID) json_object_set_new(errors, "on", json_string(err->message));
    long long body_id = json_integer_value(json_object_get(a.row, "body_id"));
    if ((rc = check_closure(s, in->closure, jget_str(a.row, "issued_on"), 0, body_id, errors, err))) goto done;
    if ((rc = store_query(s, &open, err, "SELECT number FROM recommendations WHERE cause_id = ? AND status <> 'closed'"
                          " ORDER BY id", "i", id)))
        goto done;
    size_t i;
    json_t *r;
    json_array_foreach(open, i, r)
        buf_printf(&nums, "%s%s", i ? ", " : "", jget_str(r, "number") ? jget_str(r, "number") : "?");
    if ((rc = record_check_cause_close(jget_str(a.row, "status"), nums.data ? nums.data : "", in->override_reason, actor, err)))
        goto done;
    if (in->decision_id > 0 &&
        (rc = check_same_body(s, "SELECT id FROM decisions WHERE id = ? AND body_id = ?", in->decision_id, body_id,
                              "decision_id", "decision", err)))
        goto done;
    const record_closure_t *c = in->closure;
    json_t *p = json_pack("[s,s?,o,o,s?,s,s,o,o,I]", in->on, in->by,
                          c->revisit_id > 0 ? json_integer(c->revisit_id) : json_null(),
                          in->decision_id > 0 ? json_integer(in->decision_id) : json_null(),
                          nums.data ? in->override_reason : NULL, c->outcome, c->reason,
                          c->progress_update_id > 0 ? json_integer(c->progress_update_id) : json_null(),
                          c->evidence_file_id > 0 ? json_integer(c->evidence_file_id) : json_null(), (json_int_t)id);
    rc = store_exec_params(s, NULL, NULL, err,
                           "UPDATE causes_of_concern SET status = 'closed', closed_on = ?, closed_by = ?,"
                           " closing_revisit_id = ?, closing_decision_id = ?, close_override_reason = ?,"
                           " outcome = ?, closing_reason = ?, closing_progress_update_id = ?,"
                           " closing_evidence_file_id = ?, version = version + 1 WHERE id = ?", p);
    json_decref(p);
    if (rc == 0)
        rc = store_status_change(s, "causes-of-concern", id, "open", "closed", in->on, in->by,
                                 nums.data && in->override_reason ? in->override_reason : c->reason, NULL, err);
    if (rc == 0) rc = audit(s, "close", "causes-of-concern", "causes_of_concern", id, a.before, 0, err);
done:
    buf_free(&nums);
    json_decref(open);
    json_decref(own);
    return action_end(s, &a, rc, err);
}

int store_deadline_revise(store_t *s, long long rec_id, long long expected_version, const deadline_input_t *in,
                          long long *revision_id, ov_error_t *err)
{
    action_t a;
    int rc = action_begin(s, &a,
                          "SELECT issued_on, version, COALESCE((SELECT new_deadline FROM deadline_revisions"
                          " WHERE recommendation_id = r.id ORDER BY id DESC LIMIT 1), original_deadline) AS deadline"
                          " FROM recommendations r WHERE id = ?",
                          "recommendation", "recommendations", rec_id, expected_version, err);
    if (rc) return rc;
    long long rev_id = 0;
    const char *current = jget_str(a.row, "deadline");
    if ((rc = record_check_deadline_revision(jget_str(a.row, "issued_on"), current, in->new_deadline, in->reason,
                                             in->agreed_by, in->agreed_on, err)))
        goto done;
    if ((rc = store_exec(s, NULL, &rev_id, err,
                         "INSERT INTO deadline_revisions (recommendation_id, previous_deadline, new_deadline, reason,"
                         " agreed_by, agreed_on) VALUES (?, ?, ?, ?, ?, ?)",
                         "isssss", rec_id, current, in->new_deadline, in->reason, in->agreed_by, in->agreed_on)))
        goto done;
    if (revision_id) *revision_id = rev_id;
    rc = store_exec(s, NULL, NULL, err, "UPDATE recommendations SET version = version + 1 WHERE id = ?", "i", rec_id);
    if (rc == 0) rc = audit(s, "insert", "deadline-revisions", "deadline_revisions", rev_id, NULL,
                             (long long)json_integer_value(json_object_get(a.before, "body_id")), err);
    if (rc == 0) rc = audit(s, "deadline_revision", "recommendations", "recommendations", rec_id, a.before, 0, err);
done:
    return action_end(s, &a, rc, err);
}

int store_rec_end(store_t *s, long long id, long long expected_version, const rec_end_input_t *in,
                  const record_actor_t *actor, ov_error_t *err)
{
    action_t a;
    json_t *own = NULL, *succ = NULL, *errors = in->errors ? in->errors : (own = json_object());
    int rc = action_begin(s, &a, "SELECT status, issued_on, body_id, version FROM recommendations WHERE id = ?",
                          "recommendation", "recommendations", id, expected_version, err);
    if (rc) {
        json_decref(own);
        return rc;
    }
    const record_rec_end_t *e = &in->end;
    const char *from = jget_str(a.row, "status");
    rc = record_check_rec_end(e, id, from, jget_str(a.row, "issued_on"), actor, errors, err);
    if (rc == OV_EINVALID && json_object_size(errors) == 0) goto done;   /* the kind: no field of the input */
    if (rc == OV_EINVALID || (rc == 0 && e->successor_id > 0)) {
        /* the successor's problems join the others, all named at once */
        int src = 0;
        if (e->successor_id > 0 && e->successor_id != id && !json_object_get(errors, "successor_id")) {
            src = store_query_one(s, &succ, err, "", "SELECT id, lifecycle FROM recommendations WHERE id = ?", "i",
                                  e->successor_id);
            if (src == OV_ENOTFOUND) ov_error_clear(err);
            else if (src) {
                rc = src;
                goto done;
            }
            record_check_successor(src == 0, succ ? jget_str(succ, "lifecycle") : NULL, errors);
        }
        rc = first_error(errors, err);
    }
    if (rc) goto done;
    json_t *p = json_pack("[s,s?,s,o,s,I]", e->on, in->by, e->kind,
                          e->successor_id > 0 ? json_integer(e->successor_id) : json_null(), e->reason,
                          (json_int_t)id);
    rc = store_exec_params(s, NULL, NULL, err,
                           "UPDATE recommendations SET status = 'closed', closed_on = ?, closed_by = ?,"
                           " lifecycle = ?, superseded_by_id = ?, lifecycle_reason = ?, closing_revisit_id = NULL,"
                           " outcome = NULL, closing_reason = NULL, closing_progress_update_id = NULL,"
                           " closing_evidence_file_id = NULL, version = version + 1 WHERE id = ?", p);
    json_decref(p);
    if (rc == 0) rc = store_status_change(s, "recommendations", id, from, "closed", e->on, in->by, e->reason, NULL, err);
    if (rc == 0)
        rc = audit(s, strcmp(e->kind, "superseded") == 0 ? "supersede" : "withdraw", "recommendations",
                   "recommendations", id, a.before, 0, err);
done:
    json_decref(succ);
    json_decref(own);
    return action_end(s, &a, rc, err);
}

int store_cause_end(store_t *s, long long id, long long expected_version, const rec_end_input_t *in,
                    const record_actor_t *actor, ov_error_t *err)
{
    static const char what[] = "cause of concern";
    action_t a;
    json_t *own = NULL, *succ = NULL, *errors = in->errors ? in->errors : (own = json_object());
    int rc = action_begin(s, &a, "SELECT status, issued_on, body_id, version FROM causes_of_concern WHERE id = ?",
                          what, "causes_of_concern", id, expected_version, err);
    if (rc) {
        json_decref(own);
        return rc;
    }
    const record_rec_end_t *e = &in->end;
    const char *from = jget_str(a.row, "status");
    long long body_id = json_integer_value(json_object_get(a.row, "body_id"));
    rc = record_check_item_end(e, id, from, jget_str(a.row, "issued_on"), what, actor, errors, err);
    if (rc == OV_EINVALID && json_object_size(errors) == 0) goto done;   /* the kind: no field of the input */
    if (rc == OV_EINVALID || (rc == 0 && e->successor_id > 0)) {
        /* the successor's problems join the others, all named at once */
        int src = 0;
        if (e->successor_id > 0 && e->successor_id != id && !json_object_get(errors, "successor_id")) {
            src = store_query_one(s, &succ, err, "", "SELECT id, body_id, lifecycle FROM causes_of_concern WHERE id = ?",
                                  "i", e->successor_id);
            if (src == OV_ENOTFOUND) ov_error_clear(err);
            else if (src) {
                rc = src;
                goto done;
            }
            int same = succ && json_integer_value(json_object_get(succ, "body_id")) == body_id;
            record_check_item_successor(src == 0, same, succ ? jget_str(succ, "lifecycle") : NULL, what, errors);
        }
        rc = first_error(errors, err);
    }
    if (rc) goto done;
    json_t *p = json_pack("[s,s?,s,o,s,I]", e->on, in->by, e->kind,
                          e->successor_id > 0 ? json_integer(e->successor_id) : json_null(), e->reason,
                          (json_int_t)id);
    rc = store_exec_params(s, NULL, NULL, err,
                           "UPDATE causes_of_concern SET status = 'closed', closed_on = ?, closed_by = ?,"
                           " lifecycle = ?, superseded_by_id = ?, lifecycle_reason = ?, closing_revisit_id = NULL,"
                           " closing_decision_id = NULL, close_override_reason = NULL,"
                           " outcome = NULL, closing_reason = NULL, closing_progress_update_id = NULL,"
                           " closing_evidence_file_id = NULL, version = version + 1 WHERE id = ?", p);
    json_decref(p);
    if (rc == 0)
        rc = store_status_change(s, "causes-of-concern", id, from, "closed", e->on, in->by, e->reason, NULL, err);
    if (rc == 0)
        rc = audit(s, strcmp(e->kind, "superseded") == 0 ? "supersede" : "withdraw", "causes-of-concern",
                   "causes_of_concern", id, a.before, 0, err);
done:
    json_decref(succ);
    json_decref(own);
    return action_end(s, &a, rc, err);
}

int store_item_set_themes(store_t *s, const char *table, long long id, long long expected_version,
                          const json_t *codes, ov_error_t *err)
{
    const char *col = NULL, *join = store_themes_join(table, &col);
    if (!join) return ov_error_set(err, OV_EINTERNAL, "", "%s carries no themes", table ? table : "?");
    int is_rec = strcmp(table, "recommendations") == 0;
    const char *label = is_rec ? "recommendation" : "cause of concern";
    const char *entity = is_rec ? "recommendations" : "causes-of-concern";
    const char *join_entity = is_rec ? "recommendation-themes" : "cause-themes";
    if (!json_is_array(codes))
        return ov_error_set(err, OV_EINVALID, "themes", "themes must be a list of theme codes (GET /api/v1/themes)");
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT body_id, version FROM %s WHERE id = ?", table);
    action_t a;
    json_t *wanted = json_array(), *have = NULL, *row = NULL;
    int rc = action_begin(s, &a, sql, label, table, id, expected_version, err);
    if (rc) {
        json_decref(wanted);
        return rc;
    }
    long long body_id = json_integer_value(json_object_get(a.row, "body_id"));
    size_t i;
    json_t *c;
    /* every code known; the ids wanted, each once */
    json_array_foreach(codes, i, c) {
        if (!json_is_string(c)) {
            rc = ov_error_set(err, OV_EINVALID, "themes", "themes must be a list of theme codes (strings)");
            goto done;
        }
        rc = store_query_one(s, &row, err, "", "SELECT id FROM themes WHERE code = ?", "s", json_string_value(c));
        if (rc == OV_ENOTFOUND) {
            rc = ov_error_set(err, OV_EINVALID, "themes", "no theme '%.60s' (GET /api/v1/themes lists them)",
                              json_string_value(c));
            goto done;
        }
        if (rc) goto done;
        json_t *tid = json_object_get(row, "id");
        int dup = 0;
        size_t k;
        json_t *w;
        json_array_foreach(wanted, k, w) dup |= json_integer_value(w) == json_integer_value(tid);
        if (!dup) json_array_append(wanted, tid);
        json_decref(row);
        row = NULL;
    }
    snprintf(sql, sizeof sql, "SELECT id, theme_id FROM %s WHERE %s = ? ORDER BY id", join, col);
    if ((rc = store_query(s, &have, err, sql, "i", id))) goto done;
    /* removed: audited as removals; kept: left as they are */
    json_array_foreach(have, i, c) {
        long long jid = json_integer_value(json_object_get(c, "id"));
        int keep = 0;
        size_t k;
        json_t *w;
        json_array_foreach(wanted, k, w) keep |= json_integer_value(w) == json_integer_value(json_object_get(c, "theme_id"));
        if (keep) continue;
        json_t *before = NULL;
        rc = store_audit_snapshot(s, join, jid, &before, err);
        snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = ?", join);
        if (rc == 0) rc = store_exec(s, NULL, NULL, err, sql, "i", jid);
        if (rc == 0) rc = store_audit_append(s, "delete", join_entity, jid, body_id, before, NULL, err);
        json_decref(before);
        if (rc) goto done;
    }
    json_array_foreach(wanted, i, c) {
        int had = 0;
        size_t k;
        json_t *h;
        json_array_foreach(have, k, h) had |= json_integer_value(json_object_get(h, "theme_id")) == json_integer_value(c);
        if (had) continue;
        long long jid = 0;
        json_t *after = NULL;
        snprintf(sql, sizeof sql, "INSERT INTO %s (%s, theme_id) VALUES (?, ?)", join, col);
        rc = store_exec(s, NULL, &jid, err, sql, "ii", id, (long long)json_integer_value(c));
        if (rc == 0) rc = store_audit_snapshot(s, join, jid, &after, err);
        if (rc == 0) rc = store_audit_append(s, "insert", join_entity, jid, body_id, NULL, after, err);
        json_decref(after);
        if (rc) goto done;
    }
    /* the item's version moves: a tag is part of what an If-Match covers */
    snprintf(sql, sizeof sql, "UPDATE %s SET version = version + 1 WHERE id = ?", table);
    rc = store_exec(s, NULL, NULL, err, sql, "i", id);
    if (rc == 0) rc = audit(s, "themes", entity, table, id, a.before, 0, err);
done:
    json_decref(row);
    json_decref(have);
    json_decref(wanted);
    return action_end(s, &a, rc, err);
}
