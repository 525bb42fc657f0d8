/*
 * reports.c: many-body reports, shared recommendations and their parts
 * (reports.h). SQL in the open, values bound; one transaction per write.
 */
#include "store/reports.h"
#include "store/audit.h"
#include "store/publication.h"
#include "core/addressees.h"
#include "core/buf.h"
#include "core/jget.h"
#include "core/rules.h"
#include <stdio.h>
#include <string.h>

/* Appends the audit entry of row id of table (entity: the trail's name)
 * as it now stands; before (borrowed, may be NULL) as it was. */
static int audit_row(store_t *s, const char *action, const char *entity, const char *table, long long id,
                     long long body_id, const json_t *before, ov_error_t *err)
{
    json_t *after = NULL;
    int rc = store_audit_snapshot(s, table, id, &after, err);
    if (rc == 0) rc = store_audit_append(s, action, entity, id, body_id, before, after, err);
    json_decref(after);
    return rc;
}

static long long int_of(const json_t *o, const char *k)
{
    return (long long)json_integer_value(json_object_get(o, k));
}

/* What the covered bodies so far are: code -> inspection_id. */
typedef struct {
    store_t *s;
    long long report_id;
    const json_t *in;  /* the report's fields (title, kind, published_on, ...) */
    json_t *covered;   /* owned */
    int adding;        /* 1: a recommendation added to a recorded report: its
                        * addressees are among the bodies it covers already */
} create_t;

/* Covers body row b ({id, code}) with an inspections row of the report,
 * unless it is covered already; *inspection_id gets its row. */
static int cover(create_t *c, const json_t *b, long long *inspection_id, ov_error_t *err)
{
    const char *code = jget_str(b, "code");
    json_t *have = json_object_get(c->covered, code);
    if (have) {
        *inspection_id = json_integer_value(have);
        return 0;
    }
    long long body_id = int_of(b, "id");
    int rc = store_exec(c->s, NULL, inspection_id, err,
                        "INSERT INTO inspections (body_id, kind, title, published_on, summary, url, report_id)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?)", "isssssi", body_id,
                        rules_report_inspection_kind(jget_str(c->in, "kind")), jget_str(c->in, "title"),
                        jget_str(c->in, "published_on"), jget_nonempty(c->in, "summary"), jget_nonempty(c->in, "url"),
                        c->report_id);
    if (rc == 0) rc = audit_row(c->s, "insert", "inspections", "inspections", *inspection_id, body_id, NULL, err);
    if (rc == 0 && json_object_set_new(c->covered, code, json_integer(*inspection_id)) != 0)
        rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    return rc;
}

/* The police (kind "police"), fire ("fire") or every (kind NULL) body not
 * retired, as a new array of {id, code}. */
static int current_bodies(store_t *s, const char *kind, json_t **out, ov_error_t *err)
{
    return store_query(s, out, err,
                       "SELECT id, code FROM bodies WHERE retired_on IS NULL AND (CAST(?1 AS TEXT) IS NULL OR kind = ?1) ORDER BY id",
                       "s", kind);
}

/* The body of code as {id, code, kind, retired_on, national}: national 1
 * for a national body (id then national_bodies.id). OV_EINVALID naming
 * field when there is none. */
static int find_code(store_t *s, const char *code, const char *field, json_t **out, ov_error_t *err)
{
    int rc = store_query_one(s, out, err, "", "SELECT id, code, kind, retired_on, 0 AS national FROM bodies WHERE code = ?1"
                             " UNION ALL SELECT id, code, 'national', retired_on, 1 FROM national_bodies WHERE code = ?1",
                             "s", code);
    if (rc == OV_ENOTFOUND) return ov_error_set(err, OV_EINVALID, field, "no body or national body has the code '%s'", code);
    if (rc == 0 && jget_nonempty(*out, "retired_on")) {
        json_decref(*out);
        *out = NULL;
        return ov_error_set(err, OV_EINVALID, field, "'%s' is retired: its record is read-only", code);
    }
    return rc;
}

static int insert_force_part(create_t *c, const json_t *rec, long long shared_id, const json_t *body, ov_error_t *err)
{
    long long inspection_id = 0, rid = 0;
    int rc = cover(c, body, &inspection_id, err);
    long long body_id = int_of(body, "id");
    if (rc == 0)
        rc = store_exec(c->s, NULL, &rid, err,
                        "INSERT INTO recommendations (body_id, inspection_id, number, addressee, text, issued_on,"
                        " original_deadline, shared_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        "iisssssi", body_id, inspection_id, jget_str(rec, "number"), jget_str(rec, "addressed_to"),
                        jget_str(rec, "text"), jget_str(c->in, "published_on"), jget_nonempty(rec, "deadline"),
                        shared_id);
    if (rc == 0) rc = audit_row(c->s, "insert", "recommendations", "recommendations", rid, body_id, NULL, err);
    return rc;
}

static int insert_national_part(create_t *c, const json_t *rec, long long shared_id, const json_t *nb,
                                const char *by, ov_error_t *err)
{
    long long pid = 0, eid = 0;
    int rc = store_exec(c->s, NULL, &pid, err,
                        "INSERT INTO national_parts (shared_id, national_body_id, deadline) VALUES (?, ?, ?)", "iis",
                        shared_id, int_of(nb, "id"), jget_nonempty(rec, "deadline"));
    if (rc == 0) rc = audit_row(c->s, "insert", "national-parts", "national_parts", pid, 0, NULL, err);
    if (rc == 0)
        rc = store_exec(c->s, NULL, &eid, err,
                        "INSERT INTO national_part_events (part_id, field, old_value, new_value, note, on_date, recorded_by)"
                        " VALUES (?, 'status', NULL, 'open', 'addressed by the report', ?, ?)", "iss", pid,
                        jget_str(c->in, "published_on"), by);
    if (rc == 0) rc = audit_row(c->s, "insert", "national-part-events", "national_part_events", eid, 0, NULL, err);
    return rc;
}

/* The addressees of recommendation rec, each given its part; field names
 * start with prefix ("recommendations[0]." or ""). */
static int insert_parts(create_t *c, const char *prefix, const json_t *rec, long long shared_id, const char *by,
                        ov_error_t *err)
{
    json_t *seen = json_object(), *all = NULL, *b = NULL;
    int rc = seen ? 0 : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    size_t j, k;
    json_t *a, *p;
    char field[96];
    json_array_foreach(json_object_get(rec, "addressees"), j, a) {
        if (rc) break;
        const char *code = json_string_value(a);
        snprintf(field, sizeof field, "%saddressees[%zu]", prefix, j);
        if (json_object_get(seen, code)) {
            rc = ov_error_set(err, OV_EINVALID, field, "'%s' is named twice", code);
            break;
        }
        json_object_set_new(seen, code, json_true());
        if (strcmp(code, ADDRESSEES_ALL_POLICE) == 0) {
            /* recording: every current police force; adding: those of them the report covers */
            rc = current_bodies(c->s, "police", &all, err);
            json_array_foreach(all, k, p) {
                if (rc) break;
                if (json_object_get(seen, jget_str(p, "code"))) continue;
                if (c->adding && !json_object_get(c->covered, jget_str(p, "code"))) continue;
                json_object_set_new(seen, jget_str(p, "code"), json_true());
                rc = insert_force_part(c, rec, shared_id, p, err);
            }
            json_decref(all);
            all = NULL;
            continue;
        }
        rc = find_code(c->s, code, field, &b, err);
        if (rc == 0 && int_of(b, "national"))
            rc = insert_national_part(c, rec, shared_id, b, by, err);
        else if (rc == 0 && c->adding && !json_object_get(c->covered, code))
            rc = ov_error_set(err, OV_EINVALID, field,
                              "the report does not cover '%s': a recommendation added later goes to bodies it covers"
                              " (and to national bodies)", code);
        else if (rc == 0)
            rc = insert_force_part(c, rec, shared_id, b, err);
        json_decref(b);
        b = NULL;
    }
    json_decref(seen);
    return rc;
}

/* Shared recommendation rec of report c->report_id, issued on its
 * publication day, with its parts; *sid gets its row. */
static int insert_shared(create_t *c, const char *prefix, const json_t *rec, const char *by, long long *sid,
                         ov_error_t *err)
{
    int rc = store_exec(c->s, NULL, sid, err,
                        "INSERT INTO shared_recommendations (report_id, number, text, addressed_to, issued_on,"
                        " original_deadline) VALUES (?, ?, ?, ?, ?, ?)", "isssss", c->report_id,
                        jget_str(rec, "number"), jget_str(rec, "text"), jget_str(rec, "addressed_to"),
                        jget_str(c->in, "published_on"), jget_nonempty(rec, "deadline"));
    if (rc == 0) rc = audit_row(c->s, "insert", "shared-recommendations", "shared_recommendations", *sid, 0, NULL, err);
    if (rc == 0) rc = insert_parts(c, prefix, rec, *sid, by ? by : "", err);
    return rc;
}

int store_report_create(store_t *s, const json_t *in, const char *by, long long *id, ov_error_t *err)
{
    *id = 0;
    store_tx_t tx;
    int rc = store_tx_begin(s, &tx, err);
    if (rc) return rc;
    create_t c = {s, 0, in, json_object(), 0};
    json_t *b = NULL, *all = NULL;
    char field[96];
    size_t i;
    json_t *v;
    if (!c.covered) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    if (rc == 0)
        rc = store_exec(s, NULL, &c.report_id, err,
                        "INSERT INTO reports (title, kind, coverage, published_on, url, summary, created_by)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?)", "sssssss", jget_str(in, "title"), jget_str(in, "kind"),
                        jget_str(in, "coverage"), jget_str(in, "published_on"), jget_nonempty(in, "url"),
                        jget_nonempty(in, "summary"), by ? by : "");
    if (rc == 0) rc = audit_row(s, "insert", "reports", "reports", c.report_id, 0, NULL, err);
    /* the bodies it covers: named, or all of a kind */
    const char *coverage = jget_text(in, "coverage");
    if (rc == 0 && strcmp(coverage, "several") != 0) {
        rc = current_bodies(s, strcmp(coverage, "all_police") == 0 ? "police"
                               : strcmp(coverage, "all_fire") == 0 ? "fire" : NULL, &all, err);
        json_array_foreach(all, i, v) {
            long long iid = 0;
            if (rc == 0) rc = cover(&c, v, &iid, err);
        }
    }
    json_array_foreach(json_object_get(in, "bodies"), i, v) {
        if (rc) break;
        long long iid = 0;
        snprintf(field, sizeof field, "bodies[%zu]", i);
        rc = find_code(s, json_string_value(v), field, &b, err);
        if (rc == 0 && int_of(b, "national"))
            rc = ov_error_set(err, OV_EINVALID, field,
                              "'%s' is a national body: it is not monitored, so a report does not cover it;"
                              " name it as an addressee of a recommendation", json_string_value(v));
        if (rc == 0 && json_object_get(c.covered, json_string_value(v)))
            rc = ov_error_set(err, OV_EINVALID, field, "'%s' is covered already", json_string_value(v));
        if (rc == 0) rc = cover(&c, b, &iid, err);
        json_decref(b);
        b = NULL;
    }
    json_array_foreach(json_object_get(in, "recommendations"), i, v) {
        if (rc) break;
        long long sid = 0;
        snprintf(field, sizeof field, "recommendations[%zu].", i);
        rc = insert_shared(&c, field, v, by, &sid, err);
    }
    if (rc == 0 && json_object_size(c.covered) == 0)
        rc = ov_error_set(err, OV_EINVALID, "bodies", "a report covers at least one monitored body");
    if (rc == 0) *id = c.report_id;
    json_decref(all);
    json_decref(c.covered);
    rc = store_tx_end(s, &tx, rc, err);
    if (rc) *id = 0;
    return rc;
}

int store_report_recommendation_add(store_t *s, long long report_id, long long expected_version, const json_t *rec,
                                    const char *by, long long *shared_id, ov_error_t *err)
{
    *shared_id = 0;
    store_tx_t tx;
    int rc = store_tx_begin(s, &tx, err);
    if (rc) return rc;
    json_t *report = NULL, *before = NULL, *covered = NULL, *taken = NULL;
    create_t c = {s, report_id, NULL, json_object(), 1};
    if (!c.covered) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    if (rc == 0)
        rc = store_query_one(s, &report, err, "", "SELECT id, published_on, version FROM reports WHERE id = ?", "i",
                             report_id);
    if (rc == OV_ENOTFOUND) rc = ov_error_set(err, OV_ENOTFOUND, "", "no report with id %lld", report_id);
    if (rc == 0 && int_of(report, "version") != expected_version)
        rc = ov_error_set(err, OV_ESTALE, "If-Match",
                          "the report changed since version %lld (now version %lld); reload it", expected_version,
                          int_of(report, "version"));
    /* the report's version goes up first: of two adds read at one version, one waits here and then fails */
    if (rc == 0) rc = store_audit_snapshot(s, "reports", report_id, &before, err);
    long long changed = 0;
    if (rc == 0)
        rc = store_exec(s, &changed, NULL, err, "UPDATE reports SET version = version + 1 WHERE id = ? AND version = ?",
                        "ii", report_id, expected_version);
    if (rc == 0 && changed != 1) rc = ov_error_set(err, OV_ESTALE, "If-Match", "the report changed meanwhile; reload it");
    if (rc == 0) rc = audit_row(s, "update", "reports", "reports", report_id, 0, before, err);
    if (rc == 0)
        rc = store_query(s, &taken, err, "SELECT id FROM shared_recommendations WHERE report_id = ? AND number = ?", "is",
                         report_id, jget_str(rec, "number"));
    if (rc == 0 && json_array_size(taken))
        rc = ov_error_set(err, OV_ECONFLICT, "number", "the report has a recommendation %s already",
                          jget_str(rec, "number"));
    /* the bodies it covers, each with its inspections row of the report */
    if (rc == 0)
        rc = store_query(s, &covered, err, "SELECT b.code, i.id FROM inspections i JOIN bodies b ON b.id = i.body_id"
                         " WHERE i.report_id = ?", "i", report_id);
    size_t i;
    json_t *v;
    json_array_foreach(covered, i, v) json_object_set(c.covered, jget_str(v, "code"), json_object_get(v, "id"));
    c.in = report;
    if (rc == 0) rc = insert_shared(&c, "", rec, by, shared_id, err);
    json_decref(report);
    json_decref(before);
    json_decref(covered);
    json_decref(taken);
    json_decref(c.covered);
    rc = store_tx_end(s, &tx, rc, err);
    if (rc) *shared_id = 0;
    return rc;
}

/* Appends " AND <report r public on ?1>", true for every report when ?1
 * is bound to "" (staff: today NULL). ?1 is always used, so PostgreSQL
 * knows its type. */
static int public_cond(buf_t *q)
{
    buf_puts(q, " AND (CAST(?1 AS TEXT) = '' OR ");
    int rc = store_publication_where(q, "reports", "r", "?1");
    buf_puts(q, ")");
    return rc;
}

int store_reports_list(store_t *s, const char *today, const char *body, json_t **out, ov_error_t *err)
{
    *out = NULL;
    buf_t q = BUF_INIT;
    buf_puts(&q, "SELECT r.id, r.title, r.kind, r.coverage, r.published_on, r.url,"
                 " (SELECT count(*) FROM inspections i WHERE i.report_id = r.id) AS bodies,"
                 " (SELECT count(*) FROM shared_recommendations x WHERE x.report_id = r.id) AS recommendations"
                 " FROM reports r WHERE (CAST(?2 AS TEXT) IS NULL OR r.id IN (SELECT i.report_id FROM inspections i"
                 " JOIN bodies b ON b.id = i.body_id WHERE b.code = ?2))");
    public_cond(&q);
    buf_puts(&q, " ORDER BY r.published_on DESC, r.id DESC");
    int rc = q.failed ? ov_error_set(err, OV_EINTERNAL, "", "out of memory")
                      : store_query(s, out, err, q.data, "ss", today ? today : "", body);
    buf_free(&q);
    return rc;
}

/* The closure of part row p, or JSON null while it is open. */
static json_t *closure_of(const json_t *p)
{
    if (!jget_nonempty(p, "closed_on")) return json_null();
    return json_pack("{s:O, s:O, s:O}", "closed_on", json_object_get(p, "closed_on"), "outcome",
                     json_object_get(p, "outcome"), "reason", json_object_get(p, "reason"));
}

int store_report_get(store_t *s, long long id, const char *today, json_t **out, ov_error_t *err)
{
    *out = NULL;
    json_t *report = NULL, *bodies = NULL, *recs = NULL, *force = NULL, *national = NULL, *events = NULL;
    buf_t q = BUF_INIT;
    buf_puts(&q, "SELECT r.id, r.title, r.kind, r.coverage, r.published_on, r.url, r.summary, r.version"
                 " FROM reports r WHERE r.id = ?2");
    public_cond(&q);
    int rc = q.failed ? ov_error_set(err, OV_EINTERNAL, "", "out of memory")
                      : store_query_one(s, &report, err, "", q.data, "si", today ? today : "", id);
    buf_free(&q);
    if (rc == OV_ENOTFOUND) rc = ov_error_set(err, OV_ENOTFOUND, "", "no report with id %lld", id);
    if (rc == 0)
        rc = store_query(s, &bodies, err,
                         "SELECT b.code, b.name, b.kind, i.id AS inspection_id FROM inspections i"
                         " JOIN bodies b ON b.id = i.body_id WHERE i.report_id = ? ORDER BY b.name, b.code", "i", id);
    if (rc == 0)
        rc = store_query(s, &recs, err,
                         "SELECT id, number, text, addressed_to, issued_on, original_deadline FROM shared_recommendations"
                         " WHERE report_id = ? ORDER BY id", "i", id);
    if (rc == 0)
        rc = store_query(s, &force, err,
                         "SELECT x.shared_id, x.id, b.code AS addressee, b.name, b.kind, x.acceptance, x.status,"
                         " x.lifecycle, COALESCE((SELECT d.new_deadline FROM deadline_revisions d"
                         "  WHERE d.recommendation_id = x.id ORDER BY d.id DESC LIMIT 1), x.original_deadline) AS deadline,"
                         " x.closed_on, x.outcome, x.closing_reason AS reason, x.version"
                         " FROM recommendations x JOIN shared_recommendations sr ON sr.id = x.shared_id"
                         " JOIN bodies b ON b.id = x.body_id WHERE sr.report_id = ? ORDER BY b.name, x.id", "i", id);
    if (rc == 0)
        rc = store_query(s, &national, err,
                         "SELECT p.shared_id, p.id, n.code AS addressee, n.name, 'national' AS kind, p.acceptance,"
                         " p.status, p.deadline, p.closed_on, p.outcome, p.reason, p.version"
                         " FROM national_parts p JOIN shared_recommendations sr ON sr.id = p.shared_id"
                         " JOIN national_bodies n ON n.id = p.national_body_id WHERE sr.report_id = ?"
                         " ORDER BY n.name, p.id", "i", id);
    if (rc == 0 && !today)
        rc = store_query(s, &events, err,
                         "SELECT e.part_id, e.field, e.old_value, e.new_value, e.note, e.on_date, e.recorded_by,"
                         " e.recorded_at FROM national_part_events e JOIN national_parts p ON p.id = e.part_id"
                         " JOIN shared_recommendations sr ON sr.id = p.shared_id WHERE sr.report_id = ? ORDER BY e.id",
                         "i", id);
    if (rc) goto done;
    size_t i, j, k;
    json_t *rec, *p, *e;
    json_array_foreach(recs, i, rec) {
        json_t *parts = json_array();
        long long sid = int_of(rec, "id");
        json_array_foreach(national, j, p) {
            if (int_of(p, "shared_id") != sid) continue;
            json_t *part = json_pack("{s:O, s:O, s:s, s:s, s:O, s:O, s:O, s:O, s:o, s:O}", "addressee",
                                     json_object_get(p, "addressee"), "name", json_object_get(p, "name"), "kind",
                                     "national", "part", "national_part", "id", json_object_get(p, "id"), "acceptance",
                                     json_object_get(p, "acceptance"), "status", json_object_get(p, "status"),
                                     "deadline", json_object_get(p, "deadline"), "closure", closure_of(p), "version",
                                     json_object_get(p, "version"));
            if (events) {
                json_t *list = json_array();
                json_array_foreach(events, k, e)
                    if (int_of(e, "part_id") == int_of(p, "id")) json_array_append(list, e);
                json_object_set_new(part, "events", list);
            }
            json_array_append_new(parts, part);
        }
        json_array_foreach(force, j, p) {
            if (int_of(p, "shared_id") != sid) continue;
            json_array_append_new(parts, json_pack("{s:O, s:O, s:O, s:s, s:O, s:O, s:O, s:O, s:O, s:o, s:O}",
                                                   "addressee", json_object_get(p, "addressee"), "name",
                                                   json_object_get(p, "name"), "kind", json_object_get(p, "kind"),
                                                   "part", "recommendation", "id", json_object_get(p, "id"),
                                                   "acceptance", json_object_get(p, "acceptance"), "status",
                                                   json_object_get(p, "status"), "lifecycle",
                                                   json_object_get(p, "lifecycle"), "deadline",
                                                   json_object_get(p, "deadline"), "closure", closure_of(p),
                                                   "version", json_object_get(p, "version")));
        }
        json_object_set_new(rec, "parts", parts);
    }
    if (json_object_set(report, "bodies", bodies) || json_object_set(report, "recommendations", recs)) {
        rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        goto done;
    }
    *out = report;
    report = NULL;
done:
    json_decref(report);
    json_decref(bodies);
    json_decref(recs);
    json_decref(force);
    json_decref(national);
    json_decref(events);
    return rc;
}

int store_report_of_recommendation(store_t *s, long long rec_id, json_t **out, ov_error_t *err)
{
    *out = NULL;
    json_t *head = NULL, *names = NULL;
    int rc = store_query_one(s, &head, err, "", "SELECT r.id AS report_id, r.title AS report_title, x.shared_id"
                             " FROM recommendations x JOIN shared_recommendations sr ON sr.id = x.shared_id"
                             " JOIN reports r ON r.id = sr.report_id WHERE x.id = ?", "i", rec_id);
    if (rc == OV_ENOTFOUND) return 0;
    if (rc == 0)
        rc = store_query(s, &names, err,
                         "SELECT n.name FROM national_parts p JOIN national_bodies n ON n.id = p.national_body_id"
                         " WHERE p.shared_id = ?1 UNION ALL SELECT b.name FROM recommendations x"
                         " JOIN bodies b ON b.id = x.body_id WHERE x.shared_id = ?1 AND x.id <> ?2 ORDER BY 1",
                         "ii", int_of(head, "shared_id"), rec_id);
    if (rc == 0) {
        json_t *others = json_array();
        size_t i;
        json_t *n;
        json_array_foreach(names, i, n) json_array_append(others, json_object_get(n, "name"));
        json_object_del(head, "shared_id");
        json_object_set_new(head, "others", others);
        *out = head;
        head = NULL;
    }
    json_decref(head);
    json_decref(names);
    return rc;
}

#define PART_SQL                                                                                             \
    "SELECT p.id, p.shared_id, sr.report_id, r.published_on AS report_published_on, n.code AS addressee,"   \
    " n.name, p.acceptance, p.status, p.deadline, p.outcome, p.reason, p.closed_on, p.closed_by, p.version" \
    " FROM national_parts p JOIN shared_recommendations sr ON sr.id = p.shared_id"                          \
    " JOIN reports r ON r.id = sr.report_id JOIN national_bodies n ON n.id = p.national_body_id WHERE p.id = ?2"

int store_national_part_get(store_t *s, long long id, const char *today, json_t **out, ov_error_t *err)
{
    *out = NULL;
    buf_t q = BUF_INIT;
    buf_puts(&q, PART_SQL);
    public_cond(&q);
    int rc = q.failed ? ov_error_set(err, OV_EINTERNAL, "", "out of memory")
                      : store_query_one(s, out, err, "", q.data, "si", today ? today : "", id);
    buf_free(&q);
    if (rc == OV_ENOTFOUND) rc = ov_error_set(err, OV_ENOTFOUND, "", "no national part with id %lld", id);
    return rc;
}

/* Appends an event of part id: field from old to new (either may be NULL). */
static int event(store_t *s, long long id, const char *field, const char *old, const char *new_value,
                 const char *note, const char *on, const char *by, ov_error_t *err)
{
    long long eid = 0;
    int rc = store_exec(s, NULL, &eid, err,
                        "INSERT INTO national_part_events (part_id, field, old_value, new_value, note, on_date,"
                        " recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)", "issssss", id, field, old, new_value, note, on,
                        by);
    return rc ? rc : audit_row(s, "insert", "national-part-events", "national_part_events", eid, 0, NULL, err);
}

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int store_national_part_change(store_t *s, long long id, long long expected_version, const store_part_change_t *c,
                               const char *by, ov_error_t *err)
{
    store_tx_t tx;
    int rc = store_tx_begin(s, &tx, err);
    if (rc) return rc;
    json_t *row = NULL, *before = NULL;
    rc = store_national_part_get(s, id, NULL, &row, err);
    if (rc == 0 && int_of(row, "version") != expected_version)
        rc = ov_error_set(err, OV_ESTALE, "If-Match", "the part changed since version %lld (now version %lld); reload it",
                          expected_version, int_of(row, "version"));
    const char *status = jget_str(row, "status"), *acceptance = jget_str(row, "acceptance");
    const char *deadline = jget_str(row, "deadline");
    if (rc == 0)
        rc = rules_national_part_change(status, c->to, c->on, jget_str(row, "report_published_on"), c->outcome,
                                        c->reason, err);
    if (rc == 0 && c->acceptance && strcmp(c->acceptance, "pending") != 0 && strcmp(c->acceptance, "accepted") != 0
        && strcmp(c->acceptance, "not_accepted") != 0)
        rc = ov_error_set(err, OV_EINVALID, "acceptance", "acceptance must be pending, accepted or not_accepted");
    int closing = rc == 0 && strcmp(c->to, "closed") == 0;
    const char *new_acceptance = c->acceptance ? c->acceptance : acceptance;
    const char *new_deadline = c->deadline ? c->deadline : deadline;
    if (rc == 0 && same(status, c->to) && same(acceptance, new_acceptance) && same(deadline, new_deadline)
        && !c->note)
        rc = ov_error_set(err, OV_EINVALID, "to", "nothing to change: give a new status, acceptance, deadline or note");
    if (rc == 0) rc = store_audit_snapshot(s, "national_parts", id, &before, err);
    long long changed = 0;
    if (rc == 0)
        rc = store_exec(s, &changed, NULL, err,
                        "UPDATE national_parts SET status = ?, acceptance = ?, deadline = ?, outcome = ?, reason = ?,"
                        " closed_on = ?, closed_by = ?, version = version + 1 WHERE id = ? AND version = ?",
                        "sssssssii", c->to, new_acceptance, new_deadline, closing ? c->outcome : NULL,
                        closing ? c->reason : NULL, closing ? c->on : NULL, closing ? by : NULL, id, expected_version);
    if (rc == 0 && changed != 1) rc = ov_error_set(err, OV_ESTALE, "If-Match", "the part changed meanwhile; reload it");
    if (rc == 0) rc = audit_row(s, closing ? "close" : "update", "national-parts", "national_parts", id, 0, before, err);
    /* the part's history: each changed field, the note on the status */
    const char *note = closing ? c->reason : c->note;
    if (rc == 0 && !same(acceptance, new_acceptance))
        rc = event(s, id, "acceptance", acceptance, new_acceptance, NULL, c->on, by, err);
    if (rc == 0 && !same(deadline, new_deadline))
        rc = event(s, id, "deadline", deadline, new_deadline, c->note, c->on, by, err);
    if (rc == 0 && closing)
        rc = event(s, id, "outcome", NULL, c->outcome, NULL, c->on, by, err);
    if (rc == 0 && (!same(status, c->to) || note))
        rc = event(s, id, "status", status, c->to, note, c->on, by, err);
    json_decref(row);
    json_decref(before);
    return store_tx_end(s, &tx, rc, err);
}
