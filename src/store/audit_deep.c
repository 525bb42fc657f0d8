/*
 * audit_deep.c: `oversight audit verify --deep`: the tables against the
 * trail. The chain (audit.c) proves the trail was not changed; this proves
 * the tables are what the trail says the program left them, so a row
 * changed, added or removed behind the program's back (a direct UPDATE)
 * is named. See store_audit_verify_deep in audit.h.
 */
#include "store/audit.h"
#include "store/entity.h"
#include "core/buf.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE 1000          /* rows read at a time */
#define VALUE_SHOWN 80     /* bytes of a value shown in a report line */

/* Audited tables beyond the entities of the record (entity_defs.c): the
 * rows bodies.c and accounts.c write, under their trail's entity names. */
static const struct { const char *entity, *table; } OTHERS[] = {
    {"bodies", "bodies"}, {"decisions", "decisions"}, {"users", "users"}, {"api-tokens", "api_tokens"},
    {"body-changes", "body_changes"}, {"national-bodies", "national_bodies"}, {"corrections", "corrections"},
    {"recommendation-themes", "recommendation_themes"}, {"cause-themes", "cause_themes"},
    {"reports", "reports"}, {"shared-recommendations", "shared_recommendations"},
    {"national-parts", "national_parts"}, {"national-part-events", "national_part_events"},
    {NULL, NULL},
};

/* Columns the program changes without an entry: bookkeeping, not the
 * record (docs/security.md, "The audit trail"). Left out on both sides. */
static const struct { const char *table, *column; } UNAUDITED[] = {
    {"api_tokens", "last_used_at"},
    {NULL, NULL},
};

/* Ids written in bulk (an open-data import, `oversight synth`): one audit
 * entry names, per table, the range of ids it wrote ("ranges": {table:
 * [first, last]}), not an entry per row. Kept sorted by table and id. */
typedef struct {
    char table[64];
    long long lo, hi;
    long long entry;      /* the audit entry that names the range */
} bulk_range_t;

/* Columns a migration filled for rows written before it, from the row's
 * own record, which their last entry therefore lacks (020: a PCC
 * response's body is its report's). Such a column is checked only once an
 * entry holds it. */
static const struct { const char *table, *column; } FILLED_BY_MIGRATION[] = {
    {"pcc_responses", "body_id"},
    {NULL, NULL},
};

static int filled_by_migration(const char *table, const char *column)
{
    for (size_t i = 0; FILLED_BY_MIGRATION[i].table; i++)
        if (strcmp(FILLED_BY_MIGRATION[i].table, table) == 0 && strcmp(FILLED_BY_MIGRATION[i].column, column) == 0)
            return 1;
    return 0;
}

typedef struct {
    audit_deep_report_fn report;
    void *ctx;
    audit_deep_t *out;
    int stopped;          /* report asked to stop */
    bulk_range_t *bulk;   /* owned */
    size_t nbulk;
} deep_t;

static int range_cmp(const void *a, const void *b)
{
    const bulk_range_t *x = a, *y = b;
    int c = strcmp(x->table, y->table);
    return c ? c : (x->lo > y->lo) - (x->lo < y->lo);
}

/* The bulk ranges of the trail into d (sorted, adjacent ones merged). */
static int load_bulk(store_t *s, deep_t *d, ov_error_t *err)
{
    json_t *rows = NULL;
    int rc = store_query(s, &rows, err,
                         "SELECT id, after FROM audit_log WHERE action IN ('synth', 'import_export') ORDER BY id", NULL);
    if (rc) return rc;
    size_t i, cap = 0;
    json_t *r;
    json_array_foreach(rows, i, r) {
        const char *text = json_string_value(json_object_get(r, "after"));
        json_t *after = text ? json_loads(text, 0, NULL) : NULL;
        const char *table;
        json_t *range;
        json_object_foreach(json_object_get(after, "ranges"), table, range) {
            json_t *lo = json_array_get(range, 0), *hi = json_array_get(range, 1);
            if (!json_is_integer(lo) || !json_is_integer(hi) || strlen(table) >= sizeof d->bulk->table) continue;
            if (d->nbulk == cap) {
                size_t ncap = cap ? cap * 2 : 64;
                bulk_range_t *nb = realloc(d->bulk, ncap * sizeof *nb);
                if (!nb) {
                    json_decref(after);
                    json_decref(rows);
                    return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
                }
                d->bulk = nb;
                cap = ncap;
            }
            bulk_range_t *b = &d->bulk[d->nbulk++];
            snprintf(b->table, sizeof b->table, "%s", table);
            b->lo = json_integer_value(lo);
            b->hi = json_integer_value(hi);
            b->entry = json_integer_value(json_object_get(r, "id"));
        }
        json_decref(after);
    }
    json_decref(rows);
    /* a fresh database takes a bulk load once (synth, import-export
     * refuse a filled one): the ranges of a table do not overlap */
    if (d->nbulk) qsort(d->bulk, d->nbulk, sizeof *d->bulk, range_cmp);
    return 0;
}

/* The entry of the bulk load that wrote row id of table, or 0. */
static long long bulk_entry(const deep_t *d, const char *table, long long id)
{
    size_t lo = 0, hi = d->nbulk;   /* the first range after (table, id) */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(d->bulk[mid].table, table);
        if (c < 0 || (c == 0 && d->bulk[mid].lo <= id)) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return 0;
    const bulk_range_t *b = &d->bulk[lo - 1];
    return strcmp(b->table, table) == 0 && id >= b->lo && id <= b->hi ? b->entry : 0;
}

static void drop_unaudited(const char *table, json_t *row)
{
    store_audit_drop_secrets(row);
    for (size_t i = 0; UNAUDITED[i].table; i++)
        if (strcmp(UNAUDITED[i].table, table) == 0) json_object_del(row, UNAUDITED[i].column);
}

/* Hands the line in b to the report (b is emptied). OV_EINTERNAL when it
 * could not be built. */
static int say(deep_t *d, buf_t *b, ov_error_t *err)
{
    if (b->failed || !b->data) {
        buf_free(b);
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    d->out->differing++;
    if (d->report && d->report(d->ctx, b->data) != 0) d->stopped = 1;
    buf_free(b);
    return 0;
}

/* Appends value v (NULL: absent, shown as null) as compact ASCII JSON, cut
 * at VALUE_SHOWN bytes: one line whatever the text holds. */
static void put_value(buf_t *b, const json_t *v)
{
    char *t = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_ENSURE_ASCII) : NULL;
    const char *s = t ? t : "null";
    if (strlen(s) > VALUE_SHOWN) buf_printf(b, "%.*s...", VALUE_SHOWN, s);
    else buf_puts(b, s);
    free(t);
}

/* Row id of table as it is (row; secrets and bookkeeping dropped) against
 * the last `after` of its trail (entry `entry`, JSON text or NULL). */
static int compare(deep_t *d, const char *table, long long id, json_t *row, long long entry, const char *after_text,
                   ov_error_t *err)
{
    buf_t b = BUF_INIT;
    json_t *after = after_text ? json_loads(after_text, 0, NULL) : NULL;
    int rc = 0;
    if (!after_text) {
        buf_printf(&b, "%s %lld is present, but its trail (entry %lld) ends with its removal", table, id, entry);
        rc = say(d, &b, err);
        goto done;
    }
    if (!json_is_object(after)) {
        buf_printf(&b, "%s %lld: its trail's last entry (%lld) does not hold a row", table, id, entry);
        rc = say(d, &b, err);
        goto done;
    }
    drop_unaudited(table, after);
    int n = 0;
    const char *key;
    json_t *v;
    json_object_foreach(row, key, v) {
        json_t *was = json_object_get(after, key);
        /* a column the entry lacks came with a later migration: null until written */
        if (was ? json_equal(was, v) : json_is_null(v) || filled_by_migration(table, key)) continue;
        buf_printf(&b, n++ ? "; " : "%s %lld differs from its trail (entry %lld): ", table, id, entry);
        buf_printf(&b, "%s is ", key);
        put_value(&b, v);
        buf_puts(&b, ", the trail says ");
        put_value(&b, was);
    }
    json_object_foreach(after, key, v) {
        if (json_object_get(row, key) || json_is_null(v)) continue;
        buf_printf(&b, n++ ? "; " : "%s %lld differs from its trail (entry %lld): ", table, id, entry);
        buf_printf(&b, "%s is not a column, the trail says ", key);
        put_value(&b, v);
    }
    if (n) rc = say(d, &b, err);
done:
    buf_free(&b);
    json_decref(after);
    return rc;
}

static long long int_of(const json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_integer(v) ? json_integer_value(v) : 0;
}

/* One audited table, page by page: its rows with ids after `cursor` and
 * the last entries of the trail for the same range of ids, merged by id. */
static int deep_table(store_t *s, deep_t *d, const char *entity, const char *table, ov_error_t *err)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE id > ? ORDER BY id LIMIT %d", table, PAGE);
    long long cursor = 0;
    int rc = 0;
    d->out->tables++;
    for (;;) {
        json_t *rows = NULL, *trail = NULL;
        rc = store_query(s, &rows, err, sql, "i", cursor);
        size_t n = json_array_size(rows);
        /* a full page ends at its last id; the last page takes the rest of the trail */
        long long hi = n == PAGE ? int_of(json_array_get(rows, n - 1), "id") : INT64_MAX;
        if (rc == 0)
            rc = store_query(s, &trail, err,
                             "SELECT a.id AS entry, a.entity_id, a.after FROM audit_log a"
                             " JOIN (SELECT entity_id, max(id) AS last FROM audit_log"
                             "  WHERE entity = ? AND entity_id > ? AND entity_id <= ? GROUP BY entity_id) m"
                             " ON a.id = m.last ORDER BY a.entity_id",
                             "sii", entity, cursor, hi);
        size_t i = 0, k = 0, nt = json_array_size(trail);
        while (rc == 0 && !d->stopped && (i < n || k < nt)) {
            json_t *row = i < n ? json_array_get(rows, i) : NULL, *t = k < nt ? json_array_get(trail, k) : NULL;
            long long rid = row ? int_of(row, "id") : INT64_MAX, tid = t ? int_of(t, "entity_id") : INT64_MAX;
            buf_t b = BUF_INIT;
            d->out->rows++;
            long long bulk = rid <= tid ? bulk_entry(d, table, rid) : 0;
            if (bulk && (rid < tid || int_of(t, "entry") < bulk)) {
                /* loaded in bulk after its last entry of its own (an import
                 * replaces what init loaded): no image of the row to compare */
                d->out->bulk++;
                i++;
                if (rid == tid) k++;
            } else if (rid < tid) {
                buf_printf(&b, "%s %lld has no audit trail (written outside the program)", table, rid);
                rc = say(d, &b, err);
                i++;
            } else if (tid < rid) {
                const char *after = json_string_value(json_object_get(t, "after"));
                if (after) {
                    buf_printf(&b, "%s %lld is missing: its trail (entry %lld) says it exists", table, tid,
                               int_of(t, "entry"));
                    rc = say(d, &b, err);
                }
                k++;
            } else {
                drop_unaudited(table, row);
                rc = compare(d, table, rid, row, int_of(t, "entry"), json_string_value(json_object_get(t, "after")),
                             err);
                i++;
                k++;
            }
            buf_free(&b);
        }
        json_decref(rows);
        json_decref(trail);
        if (rc || d->stopped || n < PAGE) break;
        cursor = hi;
    }
    return rc;
}

/* Derived columns and tables are not in the trail (store_audit_drop_secrets,
 * store_entities): each is checked against what the record says it must
 * be instead. 025:
 * recommendations.due_first_day, the first day of the current deadline
 * (the latest revision's, else the original); 026: due_deadline, that
 * deadline as written. Both kept by triggers. */
#define DUE_DAY(x) "CASE length(" x ") WHEN 4 THEN " x " || '-01-01' WHEN 7 THEN " x " || '-01' ELSE " x " END"
static const char DERIVED_DUE_SQL[] =
    "SELECT id, due_first_day, expected, due_deadline, d FROM (SELECT id, due_first_day, " DUE_DAY("d") " AS expected,"
    " due_deadline, d FROM"
    " (SELECT r.id, r.due_first_day, r.due_deadline, COALESCE((SELECT dr.new_deadline FROM deadline_revisions dr"
    "  WHERE dr.recommendation_id = r.id ORDER BY dr.id DESC LIMIT 1), r.original_deadline) AS d"
    "  FROM recommendations r) c) x"
    " WHERE (due_first_day IS NULL AND expected IS NOT NULL) OR (due_first_day IS NOT NULL AND expected IS NULL)"
    " OR due_first_day <> expected"
    " OR (due_deadline IS NULL AND d IS NOT NULL) OR (due_deadline IS NOT NULL AND d IS NULL) OR due_deadline <> d"
    " ORDER BY id";

/* "column is "v", its deadlines say "w"" when the two differ (as SQL's
 * text equality: both null, or both the same bytes), else nothing. */
static void derived_say(buf_t *b, const char *column, const char *v, const char *w)
{
    if ((!v && !w) || (v && w && strcmp(v, w) == 0)) return;
    if (b->len) buf_puts(b, "; ");
    buf_printf(b, "%s is %s%s%s, its deadlines say %s%s%s", column, v ? "\"" : "", v ? v : "null", v ? "\"" : "",
               w ? "\"" : "", w ? w : "null", w ? "\"" : "");
}

static int derived_row(void *ctx, const store_row_t *row, ov_error_t *err)
{
    deep_t *d = ctx;
    buf_t what = BUF_INIT, b = BUF_INIT;
    derived_say(&what, "due_first_day", row->cell[1], row->cell[2]);
    derived_say(&what, "due_deadline", row->cell[3], row->cell[4]);
    buf_printf(&b, "recommendations %s: %s (derived, not audited: written outside the program)",
               row->cell[0] ? row->cell[0] : "?", what.data ? what.data : "?");
    buf_free(&what);
    int rc = say(d, &b, err);
    return rc ? rc : d->stopped;
}

/* 027: body_open_recommendations.n, each body's count of recommendations
 * not closed with a due day, kept by triggers (a body with none may have
 * no row). */
static const char DERIVED_OPEN_SQL[] =
    "SELECT body_id, sum(stored) AS stored, sum(expected) AS expected FROM ("
    "SELECT body_id, n AS stored, 0 AS expected FROM body_open_recommendations"
    " UNION ALL SELECT body_id, 0, count(*) FROM recommendations WHERE status <> 'closed' AND due_first_day IS NOT NULL"
    " GROUP BY body_id) x GROUP BY body_id HAVING sum(stored) <> sum(expected) ORDER BY body_id";

static int derived_open_row(void *ctx, const store_row_t *row, ov_error_t *err)
{
    deep_t *d = ctx;
    buf_t b = BUF_INIT;
    buf_printf(&b, "bodies %s: body_open_recommendations counts %s recommendations not closed with a deadline,"
               " the record has %s (derived, not audited: written outside the program)",
               row->cell[0] ? row->cell[0] : "?", row->cell[1] ? row->cell[1] : "?", row->cell[2] ? row->cell[2] : "?");
    int rc = say(d, &b, err);
    return rc ? rc : d->stopped;
}

static int deep_derived(store_t *s, deep_t *d, ov_error_t *err)
{
    int rc = store_query_each(s, err, derived_row, d, DERIVED_DUE_SQL, "");
    if (rc == 0 && !d->stopped) rc = store_query_each(s, err, derived_open_row, d, DERIVED_OPEN_SQL, "");
    return rc == 1 && d->stopped ? 0 : rc;
}

int store_audit_verify_deep(store_t *s, audit_deep_report_fn report, void *ctx, audit_deep_t *out, ov_error_t *err)
{
    memset(out, 0, sizeof *out);
    deep_t d = {report, ctx, out, 0, NULL, 0};
    int rc = store_begin_read(s, err);
    if (rc) return rc;
    rc = load_bulk(s, &d, err);
    for (const entity_def_t *e = store_entities; rc == 0 && !d.stopped && e->name; e++)
        rc = deep_table(s, &d, e->name, e->table, err);
    for (size_t i = 0; rc == 0 && !d.stopped && OTHERS[i].entity; i++)
        rc = deep_table(s, &d, OTHERS[i].entity, OTHERS[i].table, err);
    if (rc == 0 && !d.stopped) rc = deep_derived(s, &d, err);
    store_rollback(s);
    free(d.bulk);
    return rc;
}
