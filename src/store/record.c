/*
 * record.c: rule-checked actions; rules from core/record.h, SQL here.
 */
#include "store/record.h"
#include "store/entity.h"
#include "store/audit.h"
#include "store/body_changes.h"
#include "core/buf.h"
#include "core/jget.h"
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

int store_rec_set_status(store_t *s, long long id, long long expected_version, const rec_status_input_t *in,
                         const record_actor_t *actor, ov_error_t *err)
{
    action_t a;
    int rc = action_begin(s, &a, "SELECT status, issued_on, version FROM recommendations WHERE id = ?",
                          "recommendation", "recommendations", id, expected_version, err);
    if (rc) return rc;
    const char *from = jget_str(a.row, "status");
    if ((rc = record_check_rec_status(from, in->to, in->on, in->reason, actor, err))) goto done;
    if ((rc = record_check_not_before(in->on, jget_str(a.row, "issued_on"), "on", err))) goto done;
    if (in->revisit_id > 0 &&
        (rc = check_same_body(s, "SELECT r.id FROM revisits r JOIN recommendations c ON c.body_id = r.body_id"
                              " WHERE r.id = ? AND c.id = ?", in->revisit_id, id, "revisit_id", "revisit", err)))
        goto done;
    const char *to = in->to;
    if (strcmp(to, "closed") == 0) {
        json_t *p = json_pack("[s,s?,o,s,I]", in->on, in->by,
                              in->revisit_id > 0 ? json_integer(in->revisit_id) : json_null(), in->on, (json_int_t)id);
        rc = store_exec_params(s, NULL, NULL, err,
                               "UPDATE recommendations SET status = 'closed', closed_on = ?, closed_by = ?,"
                               " closing_revisit_id = ?, implemented_on = COALESCE(implemented_on, ?),"
                               " version = version + 1 WHERE id = ?", p);
        json_decref(p);
    } else if (strcmp(to, "implemented") == 0)
        rc = store_exec(s, NULL, NULL, err,
                        "UPDATE recommendations SET status = 'implemented', implemented_on = ?, closed_on = NULL,"
                        " closed_by = NULL, closing_revisit_id = NULL, version = version + 1 WHERE id = ?",
                        "si", in->on, id);
    else
        rc = store_exec(s, NULL, NULL, err,
                        "UPDATE recommendations SET status = ?, implemented_on = NULL, closed_on = NULL,"
                        " closed_by = NULL, closing_revisit_id = NULL, version = version + 1 WHERE id = ?",
                        "si", to, id);
    if (rc == 0) rc = store_status_change(s, "recommendations", id, from, to, in->on, in->by, in->reason, err);
    if (rc == 0) rc = audit(s, "status", "recommendations", "recommendations", id, a.before, 0, err);
done:
    return action_end(s, &a, rc, err);
}

int store_cause_close(store_t *s, long long id, long long expected_version, const cause_close_input_t *in,
                      const record_actor_t *actor, ov_error_t *err)
{
    action_t a;
    json_t *open = NULL;
    buf_t nums = {0};
    int rc = action_begin(s, &a, "SELECT status, issued_on, body_id, version FROM causes_of_concern WHERE id = ?",
                          "cause of concern", "causes_of_concern", id, expected_version, err);
    if (rc) goto done;   /* action_end again only returns rc */
    if ((rc = record_check_cause_close_on(in->on, err))) goto done;
    if ((rc = store_query(s, &open, err, "SELECT number FROM recommendations WHERE cause_id = ? AND status <> 'closed'"
                          " ORDER BY id", "i", id)))
        goto done;
    size_t i;
    json_t *r;
    json_array_foreach(open, i, r)
        buf_printf(&nums, "%s%s", i ? ", " : "", jget_str(r, "number") ? jget_str(r, "number") : "?");
    if ((rc = record_check_cause_close(jget_str(a.row, "status"), nums.data ? nums.data : "", in->override_reason, actor, err)))
        goto done;
    if ((rc = record_check_not_before(in->on, jget_str(a.row, "issued_on"), "on", err))) goto done;
    long long body_id = json_integer_value(json_object_get(a.row, "body_id"));
    if (in->revisit_id > 0 &&
        (rc = check_same_body(s, "SELECT id FROM revisits WHERE id = ? AND body_id = ?", in->revisit_id, body_id,
                              "revisit_id", "revisit", err)))
        goto done;
    if (in->decision_id > 0 &&
        (rc = check_same_body(s, "SELECT id FROM decisions WHERE id = ? AND body_id = ?", in->decision_id, body_id,
                              "decision_id", "decision", err)))
        goto done;
    json_t *p = json_pack("[s,s?,o,o,s?,I]", in->on, in->by,
                          in->revisit_id > 0 ? json_integer(in->revisit_id) : json_null(),
                          in->decision_id > 0 ? json_integer(in->decision_id) : json_null(),
                          nums.data ? in->override_reason : NULL, (json_int_t)id);
    rc = store_exec_params(s, NULL, NULL, err,
                           "UPDATE causes_of_concern SET status = 'closed', closed_on = ?, closed_by = ?,"
                           " closing_revisit_id = ?, closing_decision_id = ?, close_override_reason = ?,"
                           " version = version + 1 WHERE id = ?", p);
    json_decref(p);
    if (rc == 0)
        rc = store_status_change(s, "causes-of-concern", id, "open", "closed", in->on, in->by,
                                 nums.data ? in->override_reason : NULL, err);
    if (rc == 0) rc = audit(s, "close", "causes-of-concern", "causes_of_concern", id, a.before, 0, err);
done:
    buf_free(&nums);
    json_decref(open);
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
