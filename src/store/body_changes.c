/*
 * body_changes.c: adding, renaming, merging and retiring bodies; national
 * bodies; who held a body's posts (body_changes.h).
 */
#include "store/body_changes.h"
#include "store/bodies.h"
#include "store/audit.h"
#include "core/csv.h"
#include "core/framework.h"
#include "core/jget.h"
#include <stdio.h>
#include <string.h>

/* The tables whose open rows a merge moves to the successor, and what
 * "open" is for each (the row's status column). */
static const struct { const char *entity, *table, *open; } OPEN_ITEMS[] = {
    {"causes-of-concern", "causes_of_concern", "(t.status IS NULL OR t.status <> 'closed')"},
    {"recommendations", "recommendations", "(t.status IS NULL OR t.status NOT IN ('implemented', 'closed'))"},
    {"areas-for-improvement", "areas_for_improvement", "(t.status IS NULL OR t.status <> 'closed')"},
    {"external-matters", "external_matters", "(t.status IS NULL OR t.status <> 'closed')"},
    {NULL, NULL, NULL},
};

static int code_taken(store_t *s, const char *code)
{
    json_t *row = NULL;
    int rc = store_query_one(s, &row, NULL, NULL,
                             "SELECT code FROM bodies WHERE code = ?1 UNION ALL SELECT code FROM national_bodies WHERE code = ?1",
                             "s", code);
    json_decref(row);
    return rc == 0;
}

/* Appends the audit entry for row id of table as it now stands (an insert),
 * under the trail's entity name for it (audit_deep.c). */
static int audit_insert(store_t *s, const char *table, long long id, long long body_id, ov_error_t *err)
{
    json_t *after = NULL;
    const char *entity = strcmp(table, "body_changes") == 0 ? "body-changes"
                         : strcmp(table, "national_bodies") == 0 ? "national-bodies" : table;
    int rc = store_audit_snapshot(s, table, id, &after, err);
    if (rc == 0) rc = store_audit_append(s, "insert", entity, id, body_id, NULL, after, err);
    json_decref(after);
    return rc;
}

static int record_change(store_t *s, long long body_id, const char *change, const char *on, const char *former,
                         const char *new_name, long long other, const char *reason, ov_error_t *err)
{
    long long id = 0;
    int rc = store_exec(s, NULL, &id, err,
                        "INSERT INTO body_changes (body_id, change, effective_on, former_name, new_name, other_body_id,"
                        " reason, recorded_by) VALUES (?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?)",
                        "issssiss", body_id, change, on, former, new_name, other, reason, store_actor(s));
    return rc ? rc : audit_insert(s, "body_changes", id, body_id, err);
}

/* Body code's id, name and retired_on inside the caller's transaction. */
static int body_row(store_t *s, const char *code, json_t **row, ov_error_t *err)
{
    char what[128];
    snprintf(what, sizeof what, "no body with code '%.64s'", code ? code : "");
    return store_query_one(s, row, err, what,
                           "SELECT b.id, b.code, b.name, b.kind, b.retired_on,"
                           " (SELECT x.code FROM bodies x WHERE x.id = b.successor_id) AS successor, b.version"
                           " FROM bodies b WHERE b.code = ?", "s", code ? code : "");
}

/* OV_ESTALE when `expected` (> 0) is not the version of the body in row
 * (read by body_row inside the change's transaction). */
static int version_check(const json_t *row, long long expected, ov_error_t *err)
{
    long long have = json_integer_value(json_object_get(row, "version"));
    if (expected <= 0 || have == expected) return 0;
    return ov_error_set(err, OV_ESTALE, "If-Match", "body '%s' changed since version %lld (now version %lld); reload it",
                        jget_text(row, "code"), expected, have);
}

static int retired_error(const json_t *row, ov_error_t *err)
{
    const char *succ = jget_str(row, "successor");
    char into[100] = "";
    if (succ) snprintf(into, sizeof into, " (merged into '%.64s')", succ);
    return ov_error_set(err, OV_ECONFLICT, "body", "body '%s' was retired on %s%s; its record is kept read-only",
                        jget_text(row, "code"), jget_text(row, "retired_on"), into);
}

int store_body_writable(store_t *s, long long body_id, ov_error_t *err)
{
    json_t *row = NULL;
    int rc = store_query_one(s, &row, NULL, NULL,
                             "SELECT b.code, b.retired_on, (SELECT x.code FROM bodies x WHERE x.id = b.successor_id)"
                             " AS successor FROM bodies b WHERE b.id = ? AND b.retired_on IS NOT NULL",
                             "i", body_id);
    if (rc != 0) return 0;   /* no such body, or not retired */
    rc = retired_error(row, err);
    json_decref(row);
    return rc;
}

int store_body_summary(store_t *s, const char *code, json_t **out, ov_error_t *err)
{
    char what[128];
    snprintf(what, sizeof what, "no body with code '%.64s'", code);
    return store_query_one(s, out, err, what,
                           "SELECT b.code, b.name, b.kind, b.phase, b.retired_on,"
                           " (SELECT x.code FROM bodies x WHERE x.id = b.successor_id) AS successor, b.version"
                           " FROM bodies b WHERE b.code = ?1"
                           " UNION ALL SELECT n.code, n.name, 'national', NULL, n.retired_on, NULL, n.version"
                           " FROM national_bodies n WHERE n.code = ?1",
                           "s", code);
}

/* The insert of store_body_add inside the caller's transaction; *id the
 * new body's id (0 for a national body). */
static int add_in_tx(store_t *s, const body_input_t *in, const char *on, const odate_t *day, const char *reason,
                     long long *id, ov_error_t *err)
{
    *id = 0;
    int rc = rules_body_check_any(in, err);
    if (rc) return rc;
    if (code_taken(s, in->code))
        return ov_error_set(err, OV_ECONFLICT, "code", "a body with code '%s' already exists", in->code);
    if (strcmp(in->kind, BODY_KIND_NATIONAL) == 0) {
        long long nid = 0;
        rc = store_exec(s, NULL, &nid, err, "INSERT INTO national_bodies (code, name, description) VALUES (?, ?, ?)",
                        "sss", in->code, in->name, in->country ? in->country : "");
        return rc ? rc : audit_insert(s, "national_bodies", nid, 0, err);
    }
    phase_model_t m;
    if ((rc = store_phase_model(s, &m, err)) != 0) return rc;
    const phase_def_t *entry = framework_entry_level(&m, day, in->kind);
    if (!entry) return ov_error_set(err, OV_EINTERNAL, "", "no monitoring framework is held");
    rc = store_exec(s, NULL, id, err,
        "INSERT INTO bodies (code, name, kind, country, governance, local_policing_body, chief_officer_title, phase)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        "ssssssss", in->code, in->name, in->kind, in->country ? in->country : "",
        in->governance ? in->governance : "", in->local_policing_body ? in->local_policing_body : "",
        in->chief_officer_title ? in->chief_officer_title : "", entry->code);
    if (rc == 0) rc = audit_insert(s, "bodies", *id, *id, err);
    if (rc == 0) rc = record_change(s, *id, "add", on, NULL, in->name, 0, reason, err);
    return rc;
}

static int checked_change(const body_change_t *ch, const odate_t *today, odate_t *day, char on[DATE_TEXT_MAX],
                          ov_error_t *err)
{
    int rc = rules_body_change_check(ch ? ch->effective_on : NULL, ch ? ch->reason : NULL, today, day, err);
    if (rc == 0) date_format(day, on);
    return rc;
}

int store_body_add(store_t *s, const body_input_t *in, const body_change_t *ch, const odate_t *today,
                   json_t **created, ov_error_t *err)
{
    if (created) *created = NULL;
    odate_t day;
    char on[DATE_TEXT_MAX];
    int rc = rules_body_check_any(in, err);
    if (rc == 0) rc = checked_change(ch, today, &day, on, err);
    if (rc) return rc;
    store_tx_t tx;
    if ((rc = store_tx_begin(s, &tx, err)) != 0) return rc;
    long long id = 0;
    rc = add_in_tx(s, in, on, &day, ch->reason, &id, err);
    if (rc == 0 && created) rc = store_body_summary(s, in->code, created, err);
    rc = store_tx_end(s, &tx, rc, err);
    if (rc && created && *created) { json_decref(*created); *created = NULL; }
    return rc;
}

/* Sets body id's name, retired_on and successor (each only when given:
 * not NULL / not 0), bumping its version, audited as `action`. */
static int update_body(store_t *s, long long id, const char *action, const char *name, const char *retired_on,
                       long long successor, ov_error_t *err)
{
    json_t *before = NULL, *after = NULL;
    int rc = store_audit_snapshot(s, "bodies", id, &before, err);
    if (rc == 0)
        rc = store_exec(s, NULL, NULL, err,
                        "UPDATE bodies SET name = COALESCE(?, name), retired_on = COALESCE(?, retired_on),"
                        " successor_id = COALESCE(NULLIF(?, 0), successor_id), version = version + 1 WHERE id = ?",
                        "ssii", name, retired_on, successor, id);
    if (rc == 0) rc = store_audit_snapshot(s, "bodies", id, &after, err);
    if (rc == 0) rc = store_audit_append(s, action, "bodies", id, id, before, after, err);
    json_decref(before);
    json_decref(after);
    return rc;
}

int store_body_rename(store_t *s, const char *code, const char *new_name, const body_change_t *ch,
                      const odate_t *today, json_t **renamed, ov_error_t *err)
{
    if (renamed) *renamed = NULL;
    odate_t day;
    char on[DATE_TEXT_MAX];
    if (!new_name || !*new_name) return ov_error_set(err, OV_EINVALID, "name", "name is required: the body's new name");
    if (strlen(new_name) > BODY_TEXT_MAX)
        return ov_error_set(err, OV_EINVALID, "name", "name is longer than %d characters", BODY_TEXT_MAX);
    int rc = checked_change(ch, today, &day, on, err);
    if (rc) return rc;
    store_tx_t tx;
    if ((rc = store_tx_begin(s, &tx, err)) != 0) return rc;
    json_t *row = NULL;
    rc = body_row(s, code, &row, err);
    long long id = rc ? 0 : json_integer_value(json_object_get(row, "id"));
    if (rc == 0) rc = version_check(row, ch->expect_version, err);
    if (rc == 0 && jget_str(row, "retired_on")) rc = retired_error(row, err);
    if (rc == 0 && strcmp(jget_text(row, "name"), new_name) == 0)
        rc = ov_error_set(err, OV_EINVALID, "name", "body '%s' is already called '%s'", code, new_name);
    if (rc == 0) rc = update_body(s, id, "rename", new_name, NULL, 0, err);
    if (rc == 0) rc = record_change(s, id, "rename", on, jget_text(row, "name"), new_name, 0, ch->reason, err);
    if (rc == 0 && renamed) rc = store_body_summary(s, code, renamed, err);
    json_decref(row);
    rc = store_tx_end(s, &tx, rc, err);
    if (rc && renamed && *renamed) { json_decref(*renamed); *renamed = NULL; }
    return rc;
}

/* Moves the open items of body `from` to body `to`, each row audited. */
static int move_open_items(store_t *s, long long from, long long to, ov_error_t *err)
{
    int rc = 0;
    for (int t = 0; rc == 0 && OPEN_ITEMS[t].table; t++) {
        char sql[300];
        snprintf(sql, sizeof sql, "SELECT t.id FROM %s t WHERE t.body_id = ? AND %s ORDER BY t.id", OPEN_ITEMS[t].table,
                 OPEN_ITEMS[t].open);
        json_t *ids = NULL;
        if ((rc = store_query(s, &ids, err, sql, "i", from)) != 0) break;
        size_t i;
        json_t *r;
        json_array_foreach(ids, i, r) {
            long long id = json_integer_value(json_object_get(r, "id"));
            json_t *before = NULL, *after = NULL;
            char up[160];
            snprintf(up, sizeof up, "UPDATE %s SET body_id = ?, version = version + 1 WHERE id = ?", OPEN_ITEMS[t].table);
            rc = store_audit_snapshot(s, OPEN_ITEMS[t].table, id, &before, err);
            if (rc == 0) rc = store_exec(s, NULL, NULL, err, up, "ii", to, id);
            if (rc == 0) rc = store_audit_snapshot(s, OPEN_ITEMS[t].table, id, &after, err);
            if (rc == 0) rc = store_audit_append(s, "merge_move", OPEN_ITEMS[t].entity, id, to, before, after, err);
            json_decref(before);
            json_decref(after);
            if (rc) break;
        }
        json_decref(ids);
    }
    return rc;
}

int store_body_merge(store_t *s, const char *a, const char *b, const body_input_t *successor, const body_change_t *ch,
                     const odate_t *today, json_t **created, ov_error_t *err)
{
    if (created) *created = NULL;
    odate_t day;
    char on[DATE_TEXT_MAX];
    if (a && b && strcmp(a, b) == 0)
        return ov_error_set(err, OV_EINVALID, "predecessors", "a body cannot be merged with itself ('%s')", a);
    int rc = checked_change(ch, today, &day, on, err);
    if (rc) return rc;
    store_tx_t tx;
    if ((rc = store_tx_begin(s, &tx, err)) != 0) return rc;
    json_t *ra = NULL, *rb = NULL;
    rc = body_row(s, a, &ra, err);
    if (rc == 0) rc = body_row(s, b, &rb, err);
    if (rc == OV_ENOTFOUND) {
        char msg[sizeof err->message];
        snprintf(msg, sizeof msg, "%s", err->message);
        rc = ov_error_set(err, OV_EINVALID, "predecessors", "%s", msg);
    }
    if (rc == 0) rc = version_check(ra, ch->expect_version, err);
    if (rc == 0) rc = version_check(rb, ch->expect_version_b, err);
    if (rc == 0 && jget_str(ra, "retired_on")) rc = retired_error(ra, err);
    if (rc == 0 && jget_str(rb, "retired_on")) rc = retired_error(rb, err);
    if (rc == 0 && strcmp(jget_text(ra, "kind"), jget_text(rb, "kind")) != 0)
        rc = ov_error_set(err, OV_EINVALID, "predecessors", "'%s' and '%s' are of different kinds (%s, %s)", a, b,
                          jget_text(ra, "kind"), jget_text(rb, "kind"));
    body_input_t in = *successor;
    if (rc == 0 && !in.kind) in.kind = jget_text(ra, "kind");
    if (rc == 0 && strcmp(in.kind, jget_text(ra, "kind")) != 0)
        rc = ov_error_set(err, OV_EINVALID, "kind", "the successor must be of the predecessors' kind (%s)",
                          jget_text(ra, "kind"));
    long long sid = 0;
    if (rc == 0) rc = add_in_tx(s, &in, on, &day, ch->reason, &sid, err);
    json_t *preds[2] = {ra, rb};
    for (int k = 0; rc == 0 && k < 2; k++) {
        long long pid = json_integer_value(json_object_get(preds[k], "id"));
        rc = move_open_items(s, pid, sid, err);
        if (rc == 0) rc = update_body(s, pid, "merge", NULL, on, sid, err);
        if (rc == 0) rc = record_change(s, pid, "merged_into", on, NULL, NULL, sid, ch->reason, err);
        if (rc == 0) rc = record_change(s, sid, "merged_from", on, NULL, NULL, pid, ch->reason, err);
    }
    if (rc == 0 && created) rc = store_body_summary(s, in.code, created, err);
    json_decref(ra);
    json_decref(rb);
    rc = store_tx_end(s, &tx, rc, err);
    if (rc && created && *created) { json_decref(*created); *created = NULL; }
    return rc;
}

int store_body_retire(store_t *s, const char *code, const body_change_t *ch, const odate_t *today, json_t **retired,
                      ov_error_t *err)
{
    if (retired) *retired = NULL;
    odate_t day;
    char on[DATE_TEXT_MAX];
    int rc = checked_change(ch, today, &day, on, err);
    if (rc) return rc;
    store_tx_t tx;
    if ((rc = store_tx_begin(s, &tx, err)) != 0) return rc;
    json_t *row = NULL;
    rc = body_row(s, code, &row, err);
    long long id = rc ? 0 : json_integer_value(json_object_get(row, "id"));
    if (rc == 0) rc = version_check(row, ch->expect_version, err);
    if (rc == 0 && jget_str(row, "retired_on")) rc = retired_error(row, err);
    if (rc == 0) rc = update_body(s, id, "retire", NULL, on, 0, err);
    if (rc == 0) rc = record_change(s, id, "retire", on, NULL, NULL, 0, ch->reason, err);
    if (rc == 0 && retired) rc = store_body_summary(s, code, retired, err);
    json_decref(row);
    rc = store_tx_end(s, &tx, rc, err);
    if (rc && retired && *retired) { json_decref(*retired); *retired = NULL; }
    return rc;
}

int store_national_bodies_page(store_t *s, long long limit, long long offset, json_t **out, long long *total,
                               ov_error_t *err)
{
    *out = NULL;
    *total = 0;
    json_t *n = NULL;
    int rc = store_query_one(s, &n, err, "no count", "SELECT count(*) AS n FROM national_bodies", NULL);
    if (rc) return rc;
    *total = json_integer_value(json_object_get(n, "n"));
    json_decref(n);
    return store_query(s, out, err,
                       "SELECT code, name, 'national' AS kind, description, url, retired_on, version"
                       " FROM national_bodies ORDER BY name, code LIMIT ? OFFSET ?",
                       "ii", limit < 0 ? 1000000000000LL : limit, offset);
}

int store_body_lineage(store_t *s, long long body_id, json_t *body, ov_error_t *err)
{
    json_t *state = NULL, *changes = NULL, *preds = NULL, *people = NULL;
    int rc = store_query_one(s, &state, err, "no such body",
                             "SELECT b.retired_on, (SELECT x.code FROM bodies x WHERE x.id = b.successor_id) AS successor"
                             " FROM bodies b WHERE b.id = ?", "i", body_id);
    if (rc == 0)
        rc = store_query(s, &changes, err,
                         "SELECT c.change, c.effective_on, c.former_name, c.new_name,"
                         " (SELECT x.code FROM bodies x WHERE x.id = c.other_body_id) AS other_body, c.reason,"
                         " c.recorded_by, c.recorded_at FROM body_changes c WHERE c.body_id = ? ORDER BY c.effective_on, c.id",
                         "i", body_id);
    if (rc == 0)
        rc = store_query(s, &preds, err,
                         "SELECT code, name, retired_on FROM bodies WHERE successor_id = ? ORDER BY name, code", "i",
                         body_id);
    if (rc == 0)
        rc = store_query(s, &people, err,
                         "SELECT id, post, name, title, from_on, to_on, acting, source_url FROM body_people"
                         " WHERE body_id = ? ORDER BY post, from_on, id", "i", body_id);
    if (rc) goto done;
    store_rows_to_bool(people, "acting");
    /* former names: each rename ends the name before it, which began at
     * the rename before that (or is as old as the record) */
    json_t *former = json_array();
    const char *since = NULL;
    size_t i;
    json_t *c;
    json_array_foreach(changes, i, c) {
        if (strcmp(jget_text(c, "change"), "rename") != 0) continue;
        json_array_append_new(former, json_pack("{s:s, s:s?, s:s}", "name", jget_text(c, "former_name"), "from", since,
                                                "to", jget_text(c, "effective_on")));
        since = jget_text(c, "effective_on");
    }
    json_object_set(body, "retired_on", json_object_get(state, "retired_on"));
    json_object_set(body, "successor", json_object_get(state, "successor"));
    json_object_set_new(body, "former_names", former);
    json_object_set_new(body, "predecessors", preds);
    json_object_set_new(body, "changes", changes);
    json_object_set_new(body, "people", people);
    preds = changes = people = NULL;
done:
    json_decref(state);
    json_decref(changes);
    json_decref(preds);
    json_decref(people);
    return rc;
}

/* data/national_bodies.csv: code,name,description,url */
typedef struct {
    store_t *s;
    int pos[4];
    int seen_header;
    long long added;
} national_loader_t;

static int national_row(void *ctx, char **f, int n, int line, ov_error_t *err)
{
    static const char *const cols[4] = {"code", "name", "description", "url"};
    national_loader_t *L = ctx;
    if (!L->seen_header) {
        for (int c = 0; c < 4; c++) {
            L->pos[c] = -1;
            for (int i = 0; i < n; i++)
                if (strcmp(f[i], cols[c]) == 0) L->pos[c] = i;
            if (L->pos[c] < 0 && c < 2)
                return ov_error_set(err, OV_EINVALID, cols[c], "data/national_bodies.csv line 1: missing column '%s'",
                                    cols[c]);
        }
        L->seen_header = 1;
        return 0;
    }
    const char *v[4];
    for (int c = 0; c < 4; c++) v[c] = L->pos[c] >= 0 && L->pos[c] < n ? f[L->pos[c]] : NULL;
    body_input_t in = {.code = v[0], .name = v[1], .kind = BODY_KIND_NATIONAL};
    int rc = rules_body_check_any(&in, err);
    if (rc == 0 && code_taken(L->s, v[0])) return 0;
    long long id = 0;
    if (rc == 0)
        rc = store_exec(L->s, NULL, &id, err, "INSERT INTO national_bodies (code, name, description, url) VALUES (?, ?, ?, ?)",
                        "ssss", v[0], v[1], v[2] ? v[2] : "", v[3] && *v[3] ? v[3] : NULL);
    if (rc == 0) rc = audit_insert(L->s, "national_bodies", id, 0, err);
    if (rc) {
        ov_error_prefix(err, "data/national_bodies.csv line %d: ", line);
        return rc;
    }
    L->added++;
    return 0;
}

int store_national_bodies_load(store_t *s, const char *text, size_t len, long long *added, ov_error_t *err)
{
    national_loader_t L = {s, {0}, 0, 0};
    store_tx_t tx;
    int rc = store_tx_begin(s, &tx, err);
    if (rc) return rc;
    rc = csv_parse(text, len, national_row, &L, err);
    rc = store_tx_end(s, &tx, rc, err);
    if (rc == 0 && added) *added = L.added;
    return rc;
}

int store_body_post_holder(store_t *s, const char *code, const char *post, const char *day, json_t **out,
                           ov_error_t *err)
{
    *out = NULL;
    json_t *rows = NULL;
    int rc = store_query(s, &rows, err,
                         "SELECT p.name, p.title, p.acting, p.from_on, p.to_on FROM body_people p"
                         " JOIN bodies b ON b.id = p.body_id WHERE b.code = ?1 AND p.post = ?2"
                         " AND (p.from_on IS NULL OR p.from_on <= ?3) AND (p.to_on IS NULL OR p.to_on >= ?3)"
                         " ORDER BY p.from_on DESC, p.id DESC LIMIT 1",
                         "sss", code, post, day);
    if (rc) return rc;
    if (json_array_size(rows)) {
        *out = json_incref(json_array_get(rows, 0));
        store_rows_to_bool(rows, "acting");
    }
    json_decref(rows);
    return 0;
}
