/* test_store.c: the SQLite store on a real file: schema, reference data,
 * decisions and their atomicity. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "store/store.h"
#include "core/search.h"
#include "store/bodies.h"
#include "store/reference.h"
#include "store/migrations.h"
#include "store/pg.h"
#include "store/snapshot.h"
#include "store/candidate_rows.h"
#include "store/deadlines.h"
#include "store/synth.h"
#include "store/script.h"
#include "store/cache.h"
#include "store/body_rows.h"
#include "store/candidate_keep.h"
#include <pthread.h>
#include <time.h>
#include "core/rules.h"
#include <sqlite3.h>
#include "old_release.h"
#include <stdlib.h>
#include "support/support.h"

typedef struct {
    t_site_t site;       /* a temp dir and a fresh database (site.db) */
    store_t *s;
    odate_t today;
} fx_t;

static int setup(void **state)
{
    static fx_t fx;
    memset(&fx, 0, sizeof fx);
    if (t_site_init(&fx.site, "t.db", T_SITE_EMPTY) != 0) return -1;
    date_parse("2026-01-01", &fx.today);
    ov_error_t err = {0};
    if (store_open(fx.site.db, STORE_OPEN_CREATE, &fx.s, &err) != 0) return -1;
    if (store_reference_load_bodies(fx.s, &err) != 0) { fprintf(stderr, "%s\n", err.message); return -1; }
    if (store_reference_load_history(fx.s, &fx.today, &err) != 0) { fprintf(stderr, "%s\n", err.message); return -1; }
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    fx_t *fx = *state;
    store_close(fx->s);
    t_site_stop(&fx->site);
    return 0;
}

static json_t *body(fx_t *fx, const char *code)
{
    json_t *b = NULL;
    ov_error_t err = {0};
    assert_int_equal(store_body_get(fx->s, code, &b, &err), 0);
    return b;
}

static void schema_is_current(void **state)
{
    fx_t *fx = *state;
    assert_int_equal(store_schema_version(fx->s), store_schema_latest());
    /* reopening applies nothing and keeps the data */
    store_t *again = NULL;
    ov_error_t err = {0};
    assert_int_equal(store_open(fx->site.db, STORE_OPEN_EXISTING, &again, &err), 0);
    assert_int_equal(store_schema_version(again), store_schema_latest());
    store_close(again);
}

/* Migrations are applied by position (a database records how many it has
 * applied), so their list (src/store/meson.build) must be in name order and
 * the n-th must be numbered n: a misplaced entry, or a gap later filled
 * (013 shipped, then a 012 added), would skip or repeat a migration on
 * existing databases. */
static void migrations_in_order(void **state)
{
    (void)state;
    assert_true(migrations_count() >= 3);
    for (int i = 1; i < migrations_count(); i++) {
        const char *a = migrations_name(i - 1), *b = migrations_name(i);
        if (strcmp(a, b) >= 0 || strncmp(a, b, 3) == 0) fail_msg("migration %s listed before %s", a, b);
    }
    for (int i = 0; i < migrations_count(); i++) {
        char want[16];
        snprintf(want, sizeof want, "%03d_", i + 1);
        if (strncmp(migrations_name(i), want, 4) != 0)
            fail_msg("migration %s is number %d in the list: number them 001, 002, ... without gaps", migrations_name(i),
                     i + 1);
    }
    assert_string_equal(migrations_name(0), "001_bodies.sql");
}

static void missing_database_is_not_created(void **state)
{
    fx_t *fx = *state;
    char url[512], path[300];
    snprintf(path, sizeof path, "%s/absent.db", fx->site.dir);
    if (t_db_pg()) assert_int_equal(t_db_url(url, path), 0);   /* an empty database: no schema */
    else snprintf(url, sizeof url, "sqlite:%s", path);
    store_t *s = NULL;
    ov_error_t err = {0};
    assert_int_equal(store_open(url, STORE_OPEN_EXISTING, &s, &err), OV_ENOTFOUND);
    assert_null(s);
    assert_non_null(strstr(err.message, "oversight init"));
    /* PostgreSQL with no server listening: an error, no store */
    assert_int_not_equal(store_open("postgres://x@127.0.0.1:1/db", 0, &s, &err), 0);
    assert_null(s);
}

static void reference_bodies(void **state)
{
    fx_t *fx = *state;
    json_t *list = NULL;
    ov_error_t err = {0};
    assert_int_equal(store_bodies_list(fx->s, &list, &err), 0);
    /* 46 forces + 44 fire and rescue services, and the two services merged
     * into Hampshire and Isle of Wight's on 2021-04-01 (retired) */
    assert_int_equal(json_array_size(list), 92);
    int police = 0, fire = 0, engage = 0, retired = 0;
    size_t i;
    json_t *b;
    json_array_foreach(list, i, b) {
        const char *kind = json_string_value(json_object_get(b, "kind"));
        if (strcmp(kind, "police") == 0) police++;
        if (strcmp(kind, "fire") == 0) fire++;
        if (strcmp(json_string_value(json_object_get(b, "phase")), "engage") == 0) engage++;
        if (json_is_string(json_object_get(b, "retired_on"))) retired++;
    }
    assert_int_equal(police, 46);
    assert_int_equal(fire, 46);
    assert_int_equal(retired, 2);
    assert_int_equal(engage, 1);   /* Lincolnshire, entered 2024-12-06 */
    json_decref(list);
}

/* A change of kind `change` dated `on` naming `other` in body b's changes. */
static int has_change(const json_t *b, const char *change, const char *on, const char *other)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(b, "changes"), i, c) {
        const char *o = json_string_value(json_object_get(c, "other_body"));
        if (strcmp(json_string_value(json_object_get(c, "change")), change) == 0
            && strcmp(json_string_value(json_object_get(c, "effective_on")), on) == 0
            && (other ? o && strcmp(o, other) == 0 : !o))
            return 1;
    }
    return 0;
}

/* The real merge of the reference lists (data/fire_services.csv): Hampshire
 * and Isle of Wight's services became one on 1 April 2021, made by the
 * merge operation itself, so both are retired naming the successor and its
 * history links both. */
static void reference_merge(void **state)
{
    fx_t *fx = *state;
    const char *preds[] = {"hampshire-frs", "isle-of-wight-frs"};
    for (int k = 0; k < 2; k++) {
        json_t *p = body(fx, preds[k]);
        assert_string_equal(json_string_value(json_object_get(p, "retired_on")), "2021-04-01");
        assert_string_equal(json_string_value(json_object_get(p, "successor")), "hampshire-iow-frs");
        assert_true(has_change(p, "merged_into", "2021-04-01", "hampshire-iow-frs"));
        json_decref(p);
    }
    json_t *succ = body(fx, "hampshire-iow-frs");
    assert_true(json_is_null(json_object_get(succ, "retired_on")));
    assert_string_equal(json_string_value(json_object_get(succ, "governance")), "combined fire authority");
    json_t *pl = json_object_get(succ, "predecessors");
    assert_int_equal(json_array_size(pl), 2);
    for (int k = 0; k < 2; k++) {
        assert_string_equal(json_string_value(json_object_get(json_array_get(pl, (size_t)k), "code")), preds[k]);
        assert_true(has_change(succ, "merged_from", "2021-04-01", preds[k]));
    }
    assert_true(has_change(succ, "add", "2021-04-01", NULL));
    json_decref(succ);
    /* the retired ones are never Engage candidates, whatever the day */
    ov_error_t err = {0};
    json_t *all = NULL;
    assert_int_equal(store_snapshots(fx->s, &all, &err), 0);
    odate_t before;
    assert_int_equal(date_parse("2019-06-30", &before), 0);
    json_t *c = rules_engage_candidates(all, &before);
    size_t i;
    json_t *x;
    json_array_foreach(c, i, x) {
        const char *code = json_string_value(json_object_get(x, "code"));
        assert_true(strcmp(code, preds[0]) != 0 && strcmp(code, preds[1]) != 0);
    }
    json_decref(c);
    json_decref(all);
}

/* A merge in a body CSV that cannot be made is refused naming the file,
 * line and column; inside a transaction nothing stays. */
static void reference_merge_errors(void **state)
{
    fx_t *fx = *state;
    static const struct { const char *csv, *field, *says; } BAD[] = {
        {"code,name,merged_into,merged_on\nx-frs,X,nowhere-frs,2021-04-01\n", "merged_into", "t.csv line 2: "},
        {"code,name,merged_into,merged_on\nx-frs,X,y-frs,\ny-frs,Y,,\n", "merged_on", "merged_on is required"},
        {"code,name,merged_into,merged_on\nx-frs,X,y-frs,2021-04-01\ny-frs,Y,,\n", "merged_into", "only one"},
        {"code,name,merged_into,merged_on\nx-frs,X,z-frs,2021-04-01\ny-frs,Y,z-frs,2021-04-02\nz-frs,Z,,\n",
         "merged_on", "one merged_on day"},
    };
    for (size_t k = 0; k < sizeof BAD / sizeof BAD[0]; k++) {
        ov_error_t err = {0};
        assert_int_equal(store_begin(fx->s, &err), 0);
        assert_int_equal(store_reference_load_body_csv(fx->s, "t.csv", BAD[k].csv, strlen(BAD[k].csv), "fire", &err),
                         OV_EINVALID);
        store_rollback(fx->s);
        assert_string_equal(err.field, BAD[k].field);
        if (!strstr(err.message, BAD[k].says)) fail_msg("case %zu: '%s' lacks '%s'", k, err.message, BAD[k].says);
        json_t *b = NULL;
        assert_int_equal(store_body_get(fx->s, "x-frs", &b, &err), OV_ENOTFOUND);
    }
}

/* A database made before the reference merge (every migration of this
 * release, Hampshire and Isle of Wight's service a plain row) opens with
 * nothing changed: no migration adds the former services or rewrites its
 * history (docs/bodies.md). */
static void reference_merge_leaves_old_databases(void **state)
{
    (void)state;
    char dir[256], path[400], url[420];
    assert_int_equal(t_mkdtemp(dir), 0);
    snprintf(path, sizeof path, "%s/made-before.db", dir);
    snprintf(url, sizeof url, "sqlite:%s", path);
    old_release_database(path, "~",   /* after every migration's name */
                         "INSERT INTO bodies (id, code, name, kind, governance, phase) VALUES (63, 'hampshire-iow-frs',"
                         " 'Hampshire and Isle of Wight Fire and Rescue Service', 'fire', 'combined fire authority', 'scan');");
    store_t *s = NULL;
    ov_error_t err = {0};
    if (store_open(url, STORE_OPEN_EXISTING, &s, &err) != 0) fail_msg("open: %s", err.message);
    json_t *b = NULL;
    assert_int_equal(store_body_get(s, "hampshire-iow-frs", &b, &err), 0);
    assert_true(json_is_null(json_object_get(b, "retired_on")));
    assert_int_equal(json_array_size(json_object_get(b, "predecessors")), 0);
    assert_int_equal(json_array_size(json_object_get(b, "changes")), 0);
    json_decref(b);
    assert_int_equal(store_body_get(s, "hampshire-frs", &b, &err), OV_ENOTFOUND);
    assert_int_equal(store_body_get(s, "isle-of-wight-frs", &b, &err), OV_ENOTFOUND);
    store_close(s);
    t_rmdir(dir);
}

static void met_history(void **state)
{
    fx_t *fx = *state;
    json_t *met = body(fx, "met");
    assert_string_equal(json_string_value(json_object_get(met, "phase")), "scan");
    assert_string_equal(json_string_value(json_object_get(met, "since")), "2025-01-23");
    assert_string_equal(json_string_value(json_object_get(met, "local_policing_body")),
                        "Mayor's Office for Policing And Crime (Mayor of London; Deputy Mayor for Policing and Crime)");
    json_t *h = json_object_get(met, "history");
    assert_int_equal(json_array_size(h), 3);
    json_t *engage = json_array_get(h, 1);
    assert_string_equal(json_string_value(json_object_get(engage, "phase")), "engage");
    assert_string_equal(json_string_value(json_object_get(engage, "from")), "2022-06-28");
    assert_string_equal(json_string_value(json_object_get(engage, "to")), "2025-01-23");
    assert_true(json_is_null(json_object_get(json_array_get(h, 0), "from")));
    json_t *exit = json_array_get(json_object_get(met, "decisions"), 1);
    assert_string_equal(json_string_value(json_object_get(exit, "decided_by")), "Sir Andy Cooke");
    assert_string_equal(json_string_value(json_object_get(exit, "recommended_by")), "HMI Lee Freeman KPM");
    json_decref(met);
}

static void partial_dates_kept(void **state)
{
    fx_t *fx = *state;
    json_t *c = body(fx, "cleveland");
    json_t *d = json_object_get(c, "decisions");
    assert_string_equal(json_string_value(json_object_get(json_array_get(d, 0), "effective_on")), "2019");
    assert_string_equal(json_string_value(json_object_get(json_array_get(d, 1), "effective_on")), "2023-09");
    json_decref(c);
    json_t *bucks = body(fx, "bucks-frs");
    assert_string_equal(json_string_value(json_object_get(bucks, "kind")), "fire");
    assert_string_equal(json_string_value(json_object_get(bucks, "since")), "2025-03-07");
    /* the exit's detail from data/engage_notes.csv (the HMI's letter of 7 March 2025) */
    json_t *out = json_array_get(json_object_get(bucks, "decisions"), 1);
    assert_string_equal(json_string_value(json_object_get(out, "effective_on")), "2025-03-07");
    assert_string_equal(json_string_value(json_object_get(out, "decided_by")), "Sir Andy Cooke");
    assert_string_equal(json_string_value(json_object_get(out, "recommended_by")), "HMI Roy Wilsher OBE QFSM");
    json_decref(bucks);
    json_t *glos = body(fx, "gloucestershire-frs");
    assert_string_equal(json_string_value(json_object_get(glos, "kind")), "fire");
    assert_string_equal(json_string_value(json_object_get(glos, "governance")), "county or unitary council");
    json_t *in = json_array_get(json_object_get(glos, "decisions"), 0);
    assert_string_equal(json_string_value(json_object_get(in, "effective_on")), "2022-07-12");
    assert_string_equal(json_string_value(json_object_get(in, "to_phase")), "engage");
    assert_string_equal(json_string_value(json_object_get(glos, "since")), "2025-08-12");
    json_decref(glos);
}

static void decision_errors_change_nothing(void **state)
{
    fx_t *fx = *state;
    json_t *before = body(fx, "met");
    long long v = json_integer_value(json_object_get(before, "version"));
    ov_error_t err = {0};
    decision_input_t in = {.to_phase = "scan", .decided_by = "HMCI", .effective_on = "2025-06-01", .rationale = "r"};
    assert_int_equal(store_decision_record(fx->s, "met", &in, &fx->today, -1, NULL, &err), OV_ECONFLICT);
    in.to_phase = "engage";
    in.effective_on = "2024-01-01";
    assert_int_equal(store_decision_record(fx->s, "met", &in, &fx->today, -1, NULL, &err), OV_EINVALID);
    in.effective_on = "2025-06-01";
    assert_int_equal(store_decision_record(fx->s, "nowhere", &in, &fx->today, -1, NULL, &err), OV_ENOTFOUND);
    assert_int_equal(store_decision_record(fx->s, "met", &in, &fx->today, v + 7, NULL, &err), OV_ESTALE);
    assert_false(store_in_transaction(fx->s));
    json_t *after = body(fx, "met");
    assert_true(json_equal(before, after));
    json_decref(before);
    json_decref(after);
}

static void decision_moves_body(void **state)
{
    fx_t *fx = *state;
    json_t *before = body(fx, "kent");
    long long v = json_integer_value(json_object_get(before, "version"));
    json_decref(before);
    ov_error_t err = {0};
    json_t *created = NULL;
    decision_input_t in = {.to_phase = "engage", .decided_by = "HMCI", .recommended_by = "HMI",
                           .effective_on = "2025-11-02", .rationale = "Causes of concern", .meeting = "PPOG"};
    assert_int_equal(store_decision_record(fx->s, "kent", &in, &fx->today, v, &created, &err), 0);
    assert_int_equal(json_integer_value(json_object_get(created, "body_version")), v + 1);
    assert_string_equal(json_string_value(json_object_get(created, "from_phase")), "scan");
    json_decref(created);
    json_t *after = body(fx, "kent");
    assert_string_equal(json_string_value(json_object_get(after, "phase")), "engage");
    assert_string_equal(json_string_value(json_object_get(after, "since")), "2025-11-02");
    json_decref(after);
    /* the old version is now stale */
    in.to_phase = "scan";
    in.effective_on = "2025-12-01";
    assert_int_equal(store_decision_record(fx->s, "kent", &in, &fx->today, v, NULL, &err), OV_ESTALE);
}

static void sql_text_stored_verbatim(void **state)
{
    fx_t *fx = *state;
    ov_error_t err = {0};
    const char *evil = "x'); DROP TABLE bodies; --";
    decision_input_t in = {.to_phase = "engage", .decided_by = evil, .effective_on = "2025-10-01", .rationale = evil};
    json_t *created = NULL;
    assert_int_equal(store_decision_record(fx->s, "surrey", &in, &fx->today, -1, &created, &err), 0);
    assert_string_equal(json_string_value(json_object_get(created, "rationale")), evil);
    json_decref(created);
    json_t *list = NULL;
    assert_int_equal(store_bodies_list(fx->s, &list, &err), 0);
    assert_int_equal(json_array_size(list), 92);
    json_decref(list);
}

/* Adds a police body of code without an id: the id it was given (after
 * the highest, whoever wrote it: the sequence on PostgreSQL). */
static long long body_added(store_t *s, const char *code)
{
    ov_error_t err = {0};
    long long id = 0;
    if (store_exec(s, NULL, &id, &err, "INSERT INTO bodies (code, name, kind, phase) VALUES (?, ?, 'police', 'scan')", "ss",
                   code, code) != 0)
        fail_msg("body %s: %s", code, err.message);
    return id;
}

/* store_bulk_insert (COPY on PostgreSQL, prepared INSERTs on SQLite)
 * keeps text verbatim: tabs, newlines, carriage returns, backslashes, a
 * literal "\N", quotes and non-ASCII; a NULL string and an 'I' 0 are SQL
 * NULL; explicit ids are kept and a later insert without one continues
 * after the highest; a bad row refuses the whole call and keeps nothing. */
static int bulk_setup(void **state)
{
    static fx_t own;   /* a database of its own: its bodies are not the suite's */
    memset(&own, 0, sizeof own);
    ov_error_t err = {0};
    if (t_site_init(&own.site, "bulk.db", T_SITE_EMPTY) != 0) return -1;
    if (store_open(own.site.db, STORE_OPEN_CREATE, &own.s, &err) != 0) return -1;
    *state = &own;
    return 0;
}

static void bulk_insert_round_trips(void **state)
{
    fx_t *fx = *state;
    ov_error_t err = {0};
    static const char *const cols[] = {"id", "code", "name", "kind", "phase", "phase_since", NULL};
    static const char *const names[] = {"tab\there", "line\nbreak\r\nand back\\slash", "\\N", "it's \"quoted\" – ü"};
    store_value_t v[4 * 6];
    char codes[4][16];
    for (int r = 0; r < 4; r++) {
        snprintf(codes[r], sizeof codes[r], "bulk-%d", r);
        store_value_t *row = &v[r * 6];
        row[0] = (store_value_t){.type = 'i', .i = 900001 + r};
        row[1] = (store_value_t){.type = 's', .s = codes[r]};
        row[2] = (store_value_t){.type = 's', .s = names[r]};
        row[3] = (store_value_t){.type = 's', .s = "police"};
        row[4] = (store_value_t){.type = 's', .s = "scan"};
        row[5] = (store_value_t){.type = 's', .s = r == 0 ? NULL : "2025-01-01"};
    }
    assert_int_equal(store_begin(fx->s, &err), 0);
    assert_int_equal(store_bulk_insert(fx->s, "bodies", cols, 6, v, 4, &err), 0);
    assert_int_equal(store_commit(fx->s, &err), 0);
    for (int r = 0; r < 4; r++) {
        json_t *row = NULL;
        assert_int_equal(store_query_one(fx->s, &row, &err, "body", "SELECT id, name, phase_since FROM bodies WHERE code = ?",
                                         "s", codes[r]),
                         0);
        assert_int_equal(json_integer_value(json_object_get(row, "id")), 900001 + r);
        assert_string_equal(json_string_value(json_object_get(row, "name")), names[r]);
        assert_true(r == 0 ? json_is_null(json_object_get(row, "phase_since")) : 1);
        json_decref(row);
    }
    assert_int_equal(body_added(fx->s, "bulk-next"), 900005);
    /* a duplicate code in the second row: nothing of the call is kept */
    v[6 + 1].s = "bulk-0";
    for (int r = 0; r < 4; r++) v[r * 6].i += 10;
    assert_int_equal(store_begin(fx->s, &err), 0);
    assert_int_not_equal(store_bulk_insert(fx->s, "bodies", cols, 6, v, 4, &err), 0);
    store_rollback(fx->s);
    json_t *row = NULL;
    assert_int_equal(store_query_one(fx->s, &row, &err, "n", "SELECT count(*) AS n FROM bodies WHERE id > 900010", NULL),
                     0);
    assert_int_equal(json_integer_value(json_object_get(row, "n")), 0);
    json_decref(row);
}

/* A database of its own with the reference bodies and their history (the
 * suite's bodies and ids are left as they are). */
static int vector_setup(void **state)
{
    static fx_t own;
    memset(&own, 0, sizeof own);
    ov_error_t err = {0};
    date_parse("2026-01-01", &own.today);
    if (t_site_init(&own.site, "vec.db", T_SITE_EMPTY) != 0) return -1;
    if (store_open(own.site.db, STORE_OPEN_CREATE, &own.s, &err) != 0) return -1;
    if (store_reference_load_bodies(own.s, &err) != 0 || store_reference_load_history(own.s, &own.today, &err) != 0) {
        fprintf(stderr, "%s\n", err.message);
        return -1;
    }
    *state = &own;
    return 0;
}

/* PostgreSQL: migration 029's search_fts_vector gives the same tsvector as
 * 014's for every input (the GIN index built with 014's stays right): NULLs,
 * empty texts, runs of punctuation, non-ASCII, texts on either side of the
 * fast path's 2048 bytes, a word of 3000 bytes (left out), and every text
 * the suite's database holds. And the id triggers, now with a WHEN, still
 * move the sequence past an explicit id. */
static void pg_search_vector_same_as_014(void **state)
{
    fx_t *fx = *state;
    if (!t_db_pg()) return;   /* PostgreSQL only (cmocka's skip() is "not ok # SKIP", a failure to meson) */
    ov_error_t err = {0};
    if (store_exec(fx->s, NULL, NULL, &err,
                   "CREATE FUNCTION pg_temp.vector_014(title text, body text) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$"
                   " SELECT array_to_tsvector(ARRAY(SELECT w FROM regexp_split_to_table("
                   " translate(title || ' ' || body, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'),"
                   " '[^0-9a-z\\u0080-\\U0010FFFF]+') AS w WHERE w <> '' AND octet_length(w) < 2048)) $$",
                   NULL) != 0)
        fail_msg("create: %s", err.message);
    char big[3100], edge[2100], over[2100];
    memset(big, 'W', 3000);
    strcpy(big + 3000, " and, after it: Short words");
    /* 2047 and 2048 bytes of short words (the fast path's edge) */
    for (int k = 0; k < 2047; k++) edge[k] = over[k] = (k % 7 == 6) ? ' ' : (char)('A' + k % 26);
    edge[2044] = '\0';   /* with " " and the title "ab": 2047 bytes; "abc": 2048 */
    over[2047] = '\0';
    const char *cases[][2] = {
        {NULL, NULL}, {NULL, "body"}, {"title", NULL}, {"", ""}, {" ", " "},
        {"Recommendation 12", "By 2025-06, the Chief Constable should IMPROVE its call-handling."},
        {"...,,;;--", "  !!??  \t\n\r (a) [b] {c} a.b.c a_b a-b"},
        {"Ünïcödé naïve café", "東京 – “quoted” — emoji 😀😀 mixed ÀBC abc ABC"},
        {"x", big}, {big, big}, {"ab", edge}, {"abc", edge}, {"ab", over}, {"abc", over},
        {"\xc2\xa0nbsp", "tab\there"}, {"0", "007 7 07"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        json_t *row = NULL;
        if (store_query_one(fx->s, &row, &err, "vector",
                            "SELECT search_fts_vector(?, ?)::text AS new, pg_temp.vector_014(?, ?)::text AS old", "ssss",
                            cases[k][0], cases[k][1], cases[k][0], cases[k][1]) != 0)
            fail_msg("case %zu: %s", k, err.message);
        const char *n = json_string_value(json_object_get(row, "new")), *o = json_string_value(json_object_get(row, "old"));
        if (!n || !o || strcmp(n, o) != 0) fail_msg("case %zu: 029 gives '%.80s', 014 '%.80s'", k, n ? n : "(null)", o ? o : "(null)");
        json_decref(row);
        /* the program's own (core/search.h), which synth writes to search_fts (032) */
        buf_t mine = BUF_INIT;
        assert_int_equal(search_pg_vector(cases[k][0], cases[k][1], &mine), 0);
        if (store_query_one(fx->s, &row, &err, "vector",
                            "SELECT CAST(? AS tsvector)::text AS mine, ?::text AS mine_text, search_fts_vector(?, ?)::text AS db",
                            "ssss", mine.data ? mine.data : "", mine.data ? mine.data : "", cases[k][0], cases[k][1]) != 0)
            fail_msg("case %zu: %s", k, err.message);
        const char *c = json_string_value(json_object_get(row, "mine")), *d = json_string_value(json_object_get(row, "db"));
        if (!c || !d || strcmp(c, d) != 0) fail_msg("case %zu: search_pg_vector gives '%.80s', the database '%.80s'", k, c ? c : "(null)", d ? d : "(null)");
        /* already in tsvector's order, without duplicates: the text is the tsvector's own */
        assert_string_equal(json_string_value(json_object_get(row, "mine_text")), d);
        json_decref(row);
        buf_free(&mine);
    }
    json_t *row = NULL;
    assert_int_equal(store_query_one(fx->s, &row, &err, "count",
                                     "SELECT count(*) AS n, sum((search_fts_vector(title, text)::text"
                                     " IS DISTINCT FROM pg_temp.vector_014(title, text)::text"
                                     " OR search_fts::text IS DISTINCT FROM pg_temp.vector_014(title, text)::text)::integer) AS differ"
                                     " FROM search_docs", NULL),
                     0);
    assert_true(json_integer_value(json_object_get(row, "n")) > 0);
    assert_int_equal(json_integer_value(json_object_get(row, "differ")), 0);
    json_decref(row);
    /* every id trigger has its WHEN; an explicit id past the sequence still moves it */
    assert_int_equal(store_query_one(fx->s, &row, &err, "count",
                                     "SELECT count(*) AS n, sum((pg_get_triggerdef(oid) NOT LIKE '%WHEN%')::integer) AS bare"
                                     " FROM pg_trigger WHERE tgname LIKE '%\\_assign\\_id' AND NOT tgisinternal", NULL),
                     0);
    assert_true(json_integer_value(json_object_get(row, "n")) > 40);
    assert_int_equal(json_integer_value(json_object_get(row, "bare")), 0);
    json_decref(row);
    long long id = 0;
    assert_int_equal(store_exec(fx->s, NULL, &id, &err,
                                "INSERT INTO bodies (id, code, name, kind, phase) VALUES (?, 'vec-1', 'V', 'police', 'scan')",
                                "i", 700001LL),
                     0);
    assert_int_equal(body_added(fx->s, "vec-2"), 700002);
}

/* A count from sql (a column n). */
static long long count_n(store_t *s, const char *sql)
{
    json_t *row = NULL;
    ov_error_t err = {0};
    if (store_query_one(s, &row, &err, "count", sql, NULL) != 0) fail_msg("%s: %s", sql, err.message);
    long long n = json_integer_value(json_object_get(row, "n"));
    json_decref(row);
    return n;
}

/* The schema as one text (PostgreSQL; "" on SQLite): every index,
 * constraint and trigger as the catalogue defines it, every column (type,
 * default, NOT NULL, place), each table's owner, grants and options, the
 * sequences and the column owning each, and the schemas. synth moves three
 * tables in from a schema of its own (store/synth.c, pg_side_begin): the
 * moved ones must be what was there. */
static char *pg_objects(store_t *s)
{
    if (!t_db_pg()) return strdup("");
    json_t *row = NULL;
    ov_error_t err = {0};
    if (store_query_one(s, &row, &err, "objects",
                        "SELECT (SELECT string_agg(indexname || ' ' || indexdef, ';' ORDER BY indexname) FROM pg_indexes"
                        "  WHERE schemaname = current_schema())"
                        " || (SELECT string_agg(conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)"
                        "  || convalidated::text, ';' ORDER BY conrelid::regclass::text, conname) FROM pg_constraint"
                        "  WHERE connamespace = current_schema()::regnamespace)"
                        " || (SELECT string_agg(pg_get_triggerdef(oid) || ' ' || tgenabled::text, ';' ORDER BY tgrelid::regclass::text, tgname)"
                        "  FROM pg_trigger WHERE NOT tgisinternal)"
                        " || (SELECT string_agg(table_name || '.' || column_name || ' ' || ordinal_position || ' ' || data_type"
                        "  || ' ' || is_nullable || ' ' || coalesce(column_default, '-') || ' ' || coalesce(collation_name, '-'), ';'"
                        "  ORDER BY table_name, ordinal_position) FROM information_schema.columns WHERE table_schema = current_schema())"
                        " || (SELECT string_agg(c.relname || ' ' || c.relkind::text || c.relpersistence::text || ' '"
                        "  || pg_get_userbyid(c.relowner) || ' ' || coalesce(c.relacl::text, '-') || ' ' || coalesce(c.reloptions::text, '-')"
                        "  || ' ' || coalesce(CASE WHEN c.relkind = 'r' AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid"
                        "   AND a.attname = 'id' AND NOT a.attisdropped) THEN pg_get_serial_sequence(c.oid::regclass::text, 'id') END, '-'),"
                        "  ';' ORDER BY c.relname)"
                        "  FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'S'))"
                        " || (SELECT string_agg(nspname, ';' ORDER BY nspname) FROM pg_namespace) AS t",
                        NULL) != 0)
        fail_msg("objects: %s", err.message);
    char *out = strdup(json_string_value(json_object_get(row, "t")));
    json_decref(row);
    return out;
}

/* synth in several batches gives what the triggers give, on both backends
 * (on PostgreSQL it loads without them: synth.c, pg_load_begin): one
 * search_docs row per decision, cause and recommendation, with the texts
 * 014's triggers write, numbered as they would (each batch's decisions,
 * causes, then recommendations, by id); each recommendation's current
 * deadline and its first day from its latest revision; and on PostgreSQL
 * every index, foreign key and trigger as it was before. */
static void synth_batches_as_triggers(void **state)
{
    fx_t *fx = *state;
    ov_error_t err = {0};
    char *before = pg_objects(fx->s);
    /* what an interrupted load on PostgreSQL leaves (store/synth.c,
     * pg_side_begin): made away by the next */
    if (t_db_pg())
        assert_true(store_exec(fx->s, NULL, NULL, &err, "CREATE SCHEMA oversight_synth_load", NULL) == 0 &&
                    store_exec(fx->s, NULL, NULL, &err,
                               "CREATE TABLE oversight_synth_load.progress_updates (LIKE progress_updates)", NULL) == 0);
    long long first = count_n(fx->s, "SELECT coalesce(max(id), 0) + 1 AS n FROM bodies");
    synth_params_t p = {.bodies = 40, .recommendations = 400, .progress = 200, .seed = 5, .batch = 7};
    synth_counts_t n;
    if (store_synth(fx->s, &p, &n, &err) != 0) fail_msg("synth: %s", err.message);
    assert_true(n.decisions > 0 && n.causes > 0 && n.revisions > 0);
    char *after = pg_objects(fx->s);
    assert_string_equal(after, before);
    free(before);
    free(after);
    assert_int_equal(count_n(fx->s, "SELECT count(*) AS n FROM search_docs s JOIN bodies b ON b.id = s.body_id"
                                    " WHERE b.code LIKE 's0%'"),
                     n.decisions + n.causes + n.recommendations);
    assert_int_equal(count_n(fx->s, "SELECT count(*) AS n FROM ("
                                    " SELECT 'decision' AS kind, d.id, d.body_id,"
                                    "  'Decision: ' || COALESCE(f.name, d.from_phase) || ' to ' || COALESCE(t.name, d.to_phase) AS title,"
                                    "  d.rationale || ' ' || COALESCE(d.meeting, '') || ' ' || d.decided_by AS text"
                                    " FROM decisions d LEFT JOIN phases f ON f.code = d.from_phase"
                                    " LEFT JOIN phases t ON t.code = d.to_phase"
                                    " UNION ALL SELECT 'cause', id, body_id, COALESCE(title, ''), text FROM causes_of_concern"
                                    " UNION ALL SELECT 'recommendation', id, body_id, 'Recommendation ' || number, text"
                                    " FROM recommendations) x"
                                    " LEFT JOIN search_docs s ON s.kind = x.kind AND s.item_id = x.id AND s.body_id = x.body_id"
                                    "  AND s.title = x.title AND s.text = x.text WHERE s.id IS NULL"),
                     0);
    char sql[1200];
    snprintf(sql, sizeof sql,
             "SELECT count(*) AS n FROM (SELECT s.id, row_number() OVER (ORDER BY s.id) AS got,"
             " row_number() OVER (ORDER BY (s.body_id - %lld) / 7,"
             "  CASE s.kind WHEN 'decision' THEN 1 WHEN 'cause' THEN 2 ELSE 3 END, s.item_id) AS want"
             " FROM search_docs s JOIN bodies b ON b.id = s.body_id WHERE b.code LIKE 's0%%') x WHERE got <> want",
             first);
    assert_int_equal(count_n(fx->s, sql), 0);
    /* each body's open count (027), which on PostgreSQL synth writes itself */
    assert_int_equal(count_n(fx->s, "SELECT count(*) AS n FROM (SELECT body_id, count(*) AS c FROM recommendations"
                                    " WHERE status <> 'closed' AND due_first_day IS NOT NULL GROUP BY body_id) x"
                                    " FULL JOIN (SELECT body_id, n FROM body_open_recommendations WHERE n <> 0) b"
                                    " ON b.body_id = x.body_id WHERE x.c IS DISTINCT FROM b.n"),
                     0);
    assert_true(count_n(fx->s, "SELECT count(*) AS n FROM body_open_recommendations WHERE n > 0") > 10);
    if (t_db_pg())   /* the tables moved in have their sequences, past every id */
        assert_int_equal(count_n(fx->s, "SELECT count(*) AS n FROM (VALUES ('progress_updates', (SELECT max(id) FROM progress_updates)),"
                                        " ('search_docs', (SELECT max(id) FROM search_docs)),"
                                        " ('recommendations', (SELECT max(id) FROM recommendations))) t(x, top)"
                                        " WHERE coalesce(pg_sequence_last_value(pg_get_serial_sequence(x, 'id')::regclass), 0) < top"),
                         0);
    if (t_db_pg())   /* search_fts (032), written by synth itself, is the database's vector */
        assert_int_equal(count_n(fx->s, "SELECT count(*) AS n FROM search_docs"
                                        " WHERE search_fts::text IS DISTINCT FROM search_fts_vector(title, text)::text"),
                         0);
    assert_int_equal(count_n(fx->s, "SELECT count(*) AS n FROM recommendations r,"
                                    " (SELECT COALESCE((SELECT new_deadline FROM deadline_revisions d WHERE d.recommendation_id = r2.id"
                                    "  ORDER BY d.id DESC LIMIT 1), r2.original_deadline) AS d, r2.id FROM recommendations r2) x"
                                    " WHERE x.id = r.id AND (COALESCE(r.due_deadline, '-') <> x.d OR COALESCE(r.due_first_day, '-') <>"
                                    "  CASE length(x.d) WHEN 4 THEN x.d || '-01-01' WHEN 7 THEN x.d || '-01' ELSE x.d END)"),
                     0);
    assert_true(count_n(fx->s, "SELECT count(*) AS n FROM recommendations WHERE due_deadline <> original_deadline") > 0);
}

/* A body's predecessors (store_body_lineage, read for every body's JSON,
 * page and record) come through 033's bodies_by_successor, not a scan of
 * every body (about 20 ms a reply at 100,000 bodies). On PostgreSQL, whose
 * choice follows row counts, with sequential scans off for the question. */
static void predecessors_read_an_index(void **state)
{
    fx_t *fx = *state;
    ov_error_t err = {0};
    json_t *rows = NULL;
    assert_int_equal(store_begin(fx->s, &err), 0);
    if (t_db_pg()) assert_int_equal(store_exec(fx->s, NULL, NULL, &err, "SET LOCAL enable_seqscan = off", NULL), 0);
    assert_int_equal(store_query(fx->s, &rows, &err,
                                 t_db_pg() ? "EXPLAIN SELECT code, name, retired_on FROM bodies WHERE successor_id = ?"
                                           : "EXPLAIN QUERY PLAN SELECT code, name, retired_on FROM bodies WHERE successor_id = ?",
                                 "i", 3LL),
                     0);
    store_rollback(fx->s);
    char *plan = json_dumps(rows, 0);
    if (!strstr(plan, "bodies_by_successor")) fail_msg("the predecessors of a body: %s", plan);
    free(plan);
    json_decref(rows);
}

/* A synth that fails part way (a body's code already taken, in its third
 * batch of two) names the batch's bodies and keeps what it says: on
 * PostgreSQL nothing of the load (one transaction), with every index,
 * foreign key and trigger as before; on SQLite the two batches before it,
 * each with its audit entry, and nothing of the third. The row maker runs
 * on its own thread a batch ahead, and stops (tests/store under
 * AddressSanitizer: nothing leaked). */
static void synth_failure_keeps_what_it_says(void **state)
{
    fx_t *fx = *state;
    ov_error_t err = {0};
    char *before = pg_objects(fx->s);
    long long bodies = count_n(fx->s, "SELECT count(*) AS n FROM bodies");
    body_added(fx->s, "s000005");
    synth_params_t p = {.bodies = 12, .recommendations = 120, .progress = 60, .seed = 3, .batch = 2};
    synth_counts_t n;
    assert_int_not_equal(store_synth(fx->s, &p, &n, &err), 0);
    assert_non_null(strstr(err.message, "bodies s000004 to s000005: "));
    char *after = pg_objects(fx->s);
    assert_string_equal(after, before);
    free(before);
    free(after);
    long long kept = t_db_pg() ? 0 : 4;
    assert_int_equal(count_n(fx->s, "SELECT count(*) AS n FROM bodies"), bodies + 1 + kept);
    assert_int_equal(count_n(fx->s, "SELECT count(*) AS n FROM recommendations"), kept * 10);
    assert_int_equal(count_n(fx->s, "SELECT count(*) AS n FROM progress_updates"), kept * 5);
    assert_int_equal(count_n(fx->s, "SELECT count(*) AS n FROM search_docs WHERE kind = 'recommendation'"), kept * 10);
    assert_int_equal(count_n(fx->s, "SELECT count(*) AS n FROM audit_log WHERE action = 'synth'"), kept / 2);
    /* a body added after continues after every kept one (on PostgreSQL
     * maybe after a gap: sequences do not roll back) */
    long long id = body_added(fx->s, "after");
    assert_true(id > count_n(fx->s, "SELECT max(id) AS n FROM bodies WHERE code <> 'after'"));
}

/* PostgreSQL: a failure on the connection loading one of the three largest
 * tables beside the load (store/synth.c, side_t; here a check of
 * search_docs, which its new table copies, refusing a row) names the table
 * and keeps nothing of the load: the schema as before, the new tables
 * gone, no rows. */
static void synth_side_failure_keeps_nothing(void **state)
{
    if (!t_db_pg()) return;
    fx_t *fx = *state;
    ov_error_t err = {0};
    assert_int_equal(store_exec(fx->s, NULL, NULL, &err,
                                "ALTER TABLE search_docs ADD CONSTRAINT no_eleventh CHECK (title <> 'Recommendation 11')", NULL),
                     0);
    char *before = pg_objects(fx->s);
    long long docs = count_n(fx->s, "SELECT count(*) AS n FROM search_docs");
    synth_params_t p = {.bodies = 12, .recommendations = 240, .progress = 60, .seed = 3, .batch = 2};
    synth_counts_t n;
    assert_int_not_equal(store_synth(fx->s, &p, &n, &err), 0);
    if (!strstr(err.message, "search_docs: ")) fail_msg("%s", err.message);
    char *after = pg_objects(fx->s);
    assert_string_equal(after, before);
    free(before);
    free(after);
    assert_int_equal(count_n(fx->s, "SELECT count(*) AS n FROM recommendations"), 0);
    assert_int_equal(count_n(fx->s, "SELECT count(*) AS n FROM progress_updates"), 0);
    assert_int_equal(count_n(fx->s, "SELECT count(*) AS n FROM search_docs"), docs);
    assert_int_equal(count_n(fx->s, "SELECT count(*) AS n FROM audit_log WHERE action = 'synth'"), 0);
}

/* PostgreSQL: a table moved in would not keep a grant made on the one it
 * replaces, so with one there synth loads all on its one connection: the
 * grant, and everything else of the schema, as before. */
static void synth_keeps_grants(void **state)
{
    if (!t_db_pg()) return;
    fx_t *fx = *state;
    ov_error_t err = {0};
    assert_int_equal(store_exec(fx->s, NULL, NULL, &err, "GRANT SELECT ON progress_updates TO PUBLIC", NULL), 0);
    char *before = pg_objects(fx->s);
    synth_params_t p = {.bodies = 6, .recommendations = 60, .progress = 30, .seed = 3, .batch = 4};
    synth_counts_t n;
    if (store_synth(fx->s, &p, &n, &err) != 0) fail_msg("synth: %s", err.message);
    char *after = pg_objects(fx->s);
    assert_string_equal(after, before);
    assert_non_null(strstr(after, "=r/"));   /* the grant, in the description compared */
    free(before);
    free(after);
    assert_int_equal(count_n(fx->s, "SELECT count(*) AS n FROM progress_updates"), n.progress);
    assert_int_equal(count_n(fx->s, "SELECT count(*) AS n FROM search_docs WHERE kind = 'recommendation'"), n.recommendations);
}

/* PostgreSQL: while another synth holds the database (its advisory
 * lock, here taken by a second connection) synth is refused and writes
 * nothing; once it is let go, synth loads. */
static void synth_one_at_a_time(void **state)
{
    if (!t_db_pg()) return;
    fx_t *fx = *state;
    ov_error_t err = {0};
    store_t *other = NULL;
    assert_int_equal(store_open(store_url(fx->s), STORE_OPEN_EXISTING, &other, &err), 0);
    assert_int_equal(count_n(other, "SELECT CASE WHEN pg_try_advisory_lock(" STORE_SYNTH_LOCK ") THEN 1 ELSE 0 END AS n"), 1);
    char *before = pg_objects(fx->s);
    synth_params_t p = {.bodies = 6, .recommendations = 60, .progress = 30, .seed = 3, .batch = 4};
    synth_counts_t n;
    assert_int_equal(store_synth(fx->s, &p, &n, &err), OV_ECONFLICT);
    assert_non_null(strstr(err.message, "another oversight synth"));
    assert_int_equal(n.bodies, 0);
    char *after = pg_objects(fx->s);
    assert_string_equal(after, before);
    free(before);
    free(after);
    assert_int_equal(count_n(fx->s, "SELECT count(*) AS n FROM bodies WHERE code LIKE 's0%'"), 0);
    assert_int_equal(count_n(other, "SELECT CASE WHEN pg_advisory_unlock(" STORE_SYNTH_LOCK ") THEN 1 ELSE 0 END AS n"), 1);
    store_close(other);
    err = (ov_error_t){0};
    if (store_synth(fx->s, &p, &n, &err) != 0) fail_msg("synth: %s", err.message);
    assert_int_equal(count_n(fx->s, "SELECT count(*) AS n FROM bodies WHERE code LIKE 's0%'"), 6);
    /* and synth let it go: another connection takes it */
    assert_int_equal(store_open(store_url(fx->s), STORE_OPEN_EXISTING, &other, &err), 0);
    assert_int_equal(count_n(other, "SELECT CASE WHEN pg_try_advisory_lock(" STORE_SYNTH_LOCK ") THEN 1 ELSE 0 END AS n"), 1);
    store_close(other);
}

/* PostgreSQL: a table made to move in has no triggers while it loads, so
 * with an AFTER INSERT trigger on one of the largest tables synth loads
 * all on its one connection and the trigger sees every row. */
static void synth_fires_insert_triggers(void **state)
{
    if (!t_db_pg()) return;
    fx_t *fx = *state;
    ov_error_t err = {0};
    static const char *const setup[] = {
        "CREATE TABLE seen (n BIGINT NOT NULL)",
        "CREATE FUNCTION seen_count() RETURNS trigger LANGUAGE plpgsql AS $$"
        " BEGIN INSERT INTO seen SELECT count(*) FROM added; RETURN NULL; END $$",
        "CREATE TRIGGER seen_count AFTER INSERT ON progress_updates REFERENCING NEW TABLE AS added"
        " FOR EACH STATEMENT EXECUTE FUNCTION seen_count()",
        NULL};
    for (int i = 0; setup[i]; i++) assert_int_equal(store_exec(fx->s, NULL, NULL, &err, setup[i], NULL), 0);
    synth_params_t p = {.bodies = 6, .recommendations = 60, .progress = 30, .seed = 3, .batch = 4};
    synth_counts_t n;
    if (store_synth(fx->s, &p, &n, &err) != 0) fail_msg("synth: %s", err.message);
    assert_true(n.progress > 0);
    assert_int_equal(count_n(fx->s, "SELECT coalesce(sum(n), 0) AS n FROM seen"), n.progress);
}

/* store_bulk_prepare then store_bulk_send inserts what store_bulk_insert
 * would (the same text verbatim, NULLs, ids), taking the values it is
 * given; prepared rows may be sent after others, and an empty set sends
 * nothing. */
static void bulk_prepare_then_send(void **state)
{
    fx_t *fx = *state;
    ov_error_t err = {0};
    static const char *const cols[] = {"id", "code", "name", "kind", "phase", "phase_since", NULL};
    store_bulk_t *b[2] = {NULL, NULL}, *none = NULL;
    for (int k = 0; k < 2; k++) {
        store_value_t *v = calloc(6, sizeof *v);
        assert_non_null(v);
        arena_t strings = ARENA_INIT;
        char code[16];
        snprintf(code, sizeof code, "prep-%d", k);
        v[0] = (store_value_t){.type = 'i', .i = 910001 + k};
        v[1] = (store_value_t){.type = 's', .s = arena_strdup(&strings, code)};
        v[2] = (store_value_t){.type = 's', .s = arena_strdup(&strings, k ? "back\\slash\ttab" : "line\nbreak")};
        v[3] = (store_value_t){.type = 's', .s = arena_strdup(&strings, "fire")};
        v[4] = (store_value_t){.type = 's', .s = arena_strdup(&strings, "scan")};
        v[5] = (store_value_t){.type = 's', .s = NULL};
        assert_int_equal(store_bulk_prepare(fx->s, "bodies", cols, 6, v, &strings, 1, &b[k], &err), 0);
        assert_null(strings.head);   /* taken */
    }
    arena_t no_strings = ARENA_INIT;
    assert_int_equal(store_bulk_prepare(fx->s, "bodies", cols, 6, NULL, &no_strings, 0, &none, &err), 0);
    assert_int_equal(store_begin(fx->s, &err), 0);
    assert_int_equal(store_bulk_send(fx->s, b[1], &err), 0);
    assert_int_equal(store_bulk_send(fx->s, none, &err), 0);
    assert_int_equal(store_bulk_send(fx->s, b[0], &err), 0);
    assert_int_equal(store_commit(fx->s, &err), 0);
    store_bulk_free(b[0]);
    store_bulk_free(b[1]);
    store_bulk_free(none);
    json_t *rows = NULL;
    assert_int_equal(store_query(fx->s, &rows, &err,
                                 "SELECT id, name, kind, phase_since FROM bodies WHERE code LIKE 'prep-%' ORDER BY id", NULL),
                     0);
    assert_int_equal(json_array_size(rows), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 0), "id")), 910001);
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "name")), "line\nbreak");
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "name")), "back\\slash\ttab");
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "kind")), "fire");
    assert_true(json_is_null(json_object_get(json_array_get(rows, 1), "phase_since")));
    json_decref(rows);
    assert_int_equal(body_added(fx->s, "prep-next"), 910003);
}

/* STORE_BULK_FREEZE: on PostgreSQL the rows are copied frozen, which the
 * server refuses into a table not made or emptied in the transaction
 * (so the option is sent) and takes into one emptied in it; on SQLite it
 * is the plain bulk mode. */
static void bulk_freeze(void **state)
{
    fx_t *fx = *state;
    ov_error_t err = {0};
    static const char *const cols[] = {"n", "v", NULL};
    const store_value_t v[] = {{.type = 'i', .i = 7}, {.type = 's', .s = "seven"}};
    assert_int_equal(store_exec(fx->s, NULL, NULL, &err, "CREATE TABLE freeze_t (n bigint, v text)", NULL), 0);
    assert_int_equal(store_bulk_mode(fx->s, STORE_BULK_FREEZE, &err), 0);
    if (t_db_pg()) {
        assert_int_equal(store_begin(fx->s, &err), 0);
        assert_int_not_equal(store_bulk_insert(fx->s, "freeze_t", cols, 2, v, 1, &err), 0);
        assert_non_null(strstr(err.message, "FREEZE"));
        store_rollback(fx->s);
        err = (ov_error_t){0};
    }
    assert_int_equal(store_begin(fx->s, &err), 0);
    assert_int_equal(store_exec(fx->s, NULL, NULL, &err, t_db_pg() ? "TRUNCATE freeze_t" : "DELETE FROM freeze_t", NULL), 0);
    assert_int_equal(store_bulk_insert(fx->s, "freeze_t", cols, 2, v, 1, &err), 0);
    assert_int_equal(store_commit(fx->s, &err), 0);
    assert_int_equal(store_bulk_mode(fx->s, 0, &err), 0);
    assert_int_equal(count_n(fx->s, "SELECT count(*) AS n FROM freeze_t WHERE n = 7 AND v = 'seven'"), 1);
}

/* Every migration has its PostgreSQL translation under the same name, in
 * the same order (src/store/meson.build makes both from sql_files). */
static void pg_migrations_match(void **state)
{
    (void)state;
    assert_int_equal(pg_migrations_count(), migrations_count());
    for (int i = 0; i < migrations_count(); i++) assert_string_equal(pg_migrations_name(i), migrations_name(i));
}

/* SQLite placeholders become $n; quoted text and comments are left alone;
 * "? IS NULL" parameters are marked for an explicit type. */
static void pg_placeholders(void **state)
{
    (void)state;
    int n = 0;
    unsigned char typed[100];
    char *sql = pg_convert_placeholders("SELECT '?', \"a?\" FROM t -- ?\n WHERE a = ? AND (? IS NULL OR b = ?) AND c = 'it''s ?'",
                                        &n, typed);
    assert_string_equal(sql, "SELECT '?', \"a?\" FROM t -- ?\n WHERE a = $1 AND ($2 IS NULL OR b = $3) AND c = 'it''s ?'");
    assert_int_equal(n, 3);
    assert_int_equal(typed[0], 0);
    assert_int_equal(typed[1], 1);
    assert_int_equal(typed[2], 0);
    free(sql);
    sql = pg_convert_placeholders("WHERE (?2 IS NOT NULL AND x = ?2) OR y = ?1", &n, typed);
    assert_string_equal(sql, "WHERE ($2 IS NOT NULL AND x = $2) OR y = $1");
    assert_int_equal(n, 2);
    assert_int_equal(typed[1], 1);
    free(sql);
}

/* The first n items of overdue-then-upcoming of a rules_deadlines result. */
static json_t *first_dues(json_t *r, size_t n)
{
    json_t *out = json_array();
    const char *keys[2] = {"overdue", "upcoming"};
    for (int k = 0; k < 2; k++) {
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(r, keys[k]), i, x) if (json_array_size(out) < n) json_array_append(out, x);
    }
    return out;
}

/* Recommendations dated on the edges of day (a date at any precision; its
 * first day is used): its year and month, the days before and after it,
 * and the month and year of the day after, as deadline, as issue day and
 * as closing day, on bodies of the synthetic set from *body on (moved
 * on): where comparing a first day as text could go wrong. */
static void add_edge_recommendations(store_t *s, const char *day, long long *body)
{
    static const char REC[] =
        "INSERT INTO recommendations (body_id, number, addressee, text, issued_on, original_deadline, status, closed_on)"
        " VALUES (?, 'E', 'Chief Constable', 'edge case', ?, ?, ?, ?)";
    odate_t d;
    assert_int_equal(date_parse(day, &d), 0);
    odate_t first = date_first_day(&d), before = date_add_days(&first, -1), after = date_add_days(&first, 1);
    char edges[7][DATE_TEXT_MAX];
    snprintf(edges[0], DATE_TEXT_MAX, "%04d", first.year);
    snprintf(edges[1], DATE_TEXT_MAX, "%04d-%02d", first.year, first.month);
    date_format(&first, edges[2]);
    date_format(&before, edges[3]);
    date_format(&after, edges[4]);
    snprintf(edges[5], DATE_TEXT_MAX, "%04d-%02d", after.year, after.month);
    snprintf(edges[6], DATE_TEXT_MAX, "%04d", after.year);
    ov_error_t err = {0};
    /* plan items with the same edges as target and as completion day, in
     * each state; some without text (titled by id) */
    static const char PLAN[] = "INSERT INTO plans (body_id, name) VALUES (?, 'Edge plan')";
    static const char ITEM[] = "INSERT INTO plan_items (plan_id, kind, text, target_date, rag, completed_on)"
                               " VALUES (?, 'key_action', ?, ?, ?, ?)";
    long long plan = 0;
    assert_int_equal(store_exec(s, NULL, &plan, &err, PLAN, "i", *body), 0);
    for (int e = 0; e < 7; e++) {
        assert_int_equal(store_exec(s, NULL, NULL, &err, ITEM, "issss", plan, e % 2 ? "" : "act \"now\"", edges[e], "amber", NULL), 0);
        assert_int_equal(store_exec(s, NULL, NULL, &err, ITEM, "issss", plan, "done", edges[e], "complete", NULL), 0);
        assert_int_equal(store_exec(s, NULL, NULL, &err, ITEM, "issss", plan, "done then", "2011", "green", edges[e]), 0);
    }
    for (int e = 0; e < 7; e++) {
        assert_int_equal(store_exec(s, NULL, NULL, &err, REC, "issss", (*body)++, "2010-01-01", edges[e], "open", NULL), 0);
        assert_int_equal(store_exec(s, NULL, NULL, &err, REC, "issss", (*body)++, edges[e], "2011", "in_progress", NULL), 0);
        assert_int_equal(store_exec(s, NULL, NULL, &err, REC, "issss", (*body)++, "2010-01-01", "2011", "closed", edges[e]), 0);
    }
}

/* Recommendations open since 2010 on bodies that returned from a higher
 * level to the routine one (at most `most` of them), due around the day of
 * that return at each precision (a year, a month, the day, the days either
 * side), and two revised across it either way: the facts a return cuts
 * (docs/candidates.md) on both sides of the cut. */
static void add_return_edges(store_t *s, int most)
{
    static const char REC[] =
        "INSERT INTO recommendations (body_id, number, addressee, text, issued_on, original_deadline, status)"
        " VALUES (?, 'R', 'Chief Constable', 'around a return', '2010-01-01', ?, 'open')";
    static const char REV[] = "INSERT INTO deadline_revisions (recommendation_id, previous_deadline, new_deadline, reason,"
                              " agreed_by, agreed_on) VALUES (?, ?, ?, 'edge', 'HMI', '2010-01-02')";
    ov_error_t err = {0};
    json_t *rets = NULL, *row;
    assert_int_equal(store_query(s, &rets, &err,
                                 "SELECT d.body_id, d.effective_on FROM decisions d JOIN phases f ON f.code = d.from_phase"
                                 " JOIN phases t ON t.code = d.to_phase WHERE t.level = 1 AND f.level > 1 ORDER BY d.id LIMIT ?",
                                 "i", (long long)most), 0);
    assert_true(json_array_size(rets) > 0);
    size_t i;
    json_array_foreach(rets, i, row) {
        long long body = json_integer_value(json_object_get(row, "body_id"));
        odate_t d;
        assert_int_equal(date_parse(json_string_value(json_object_get(row, "effective_on")), &d), 0);
        odate_t first = date_first_day(&d), before = date_add_days(&first, -1), after = date_add_days(&first, 1);
        char e[7][DATE_TEXT_MAX];
        snprintf(e[0], DATE_TEXT_MAX, "%04d", first.year);
        snprintf(e[1], DATE_TEXT_MAX, "%04d-%02d", first.year, first.month);
        date_format(&first, e[2]);
        date_format(&before, e[3]);
        date_format(&after, e[4]);
        snprintf(e[5], DATE_TEXT_MAX, "%04d-%02d", after.year, after.month);
        snprintf(e[6], DATE_TEXT_MAX, "%04d", (after.year + 1) % 10000);
        for (int k = 0; k < 7; k++) assert_int_equal(store_exec(s, NULL, NULL, &err, REC, "is", body, e[k]), 0);
        long long id = 0;
        assert_int_equal(store_exec(s, NULL, &id, &err, REC, "is", body, "2011"), 0);   /* revised past the return */
        assert_int_equal(store_exec(s, NULL, NULL, &err, REV, "iss", id, "2011", e[4]), 0);
        assert_int_equal(store_exec(s, NULL, &id, &err, REC, "is", body, e[4]), 0);   /* and back before it */
        assert_int_equal(store_exec(s, NULL, NULL, &err, REV, "iss", id, e[4], e[6]), 0);
        assert_int_equal(store_exec(s, NULL, NULL, &err, REV, "iss", id, e[6], e[3]), 0);
    }
    json_decref(rets);
}

/* Open recommendations revised across many days on bodies no decision
 * moved: due 2031 revised to 2012 (and one with no original deadline), due
 * 2012 revised to 2031, and revised twice. Whether each counts as overdue
 * turns on its latest revision, not on its original deadline. */
static void add_revised_edges(store_t *s)
{
    static const char REC[] =
        "INSERT INTO recommendations (body_id, number, addressee, text, issued_on, original_deadline, status)"
        " VALUES (?, 'V', 'Chief Constable', 'revised', '2010-01-01', ?, 'open')";
    static const char REV[] = "INSERT INTO deadline_revisions (recommendation_id, previous_deadline, new_deadline, reason,"
                              " agreed_by, agreed_on) VALUES (?, ?, ?, 'edge', 'HMI', '2010-01-02')";
    static const struct { const char *original, *first, *latest; } CASES[] = {
        {"2031", "2012-03", NULL}, {NULL, "2012", NULL}, {"2012-05-01", "2031-01-01", NULL},
        {"2031", "2012", "2032"}, {"2012", "2031", "2013-06"}, {"2024-05", "2024-06-01", NULL},
    };
    ov_error_t err = {0};
    json_t *bodies = NULL, *row;
    assert_int_equal(store_query(s, &bodies, &err,
                                 "SELECT id FROM bodies WHERE kind = 'police' AND retired_on IS NULL"
                                 " AND id NOT IN (SELECT body_id FROM decisions) ORDER BY id DESC LIMIT 3", NULL), 0);
    assert_true(json_array_size(bodies) > 0);
    size_t i;
    json_array_foreach(bodies, i, row) {
        long long body = json_integer_value(json_object_get(row, "id"));
        for (size_t k = 0; k < sizeof CASES / sizeof CASES[0]; k++) {
            long long id = 0;
            assert_int_equal(store_exec(s, NULL, &id, &err, REC, "is", body, CASES[k].original), 0);
            assert_int_equal(store_exec(s, NULL, NULL, &err, REV, "iss", id, CASES[k].original, CASES[k].first), 0);
            if (CASES[k].latest)
                assert_int_equal(store_exec(s, NULL, NULL, &err, REV, "iss", id, CASES[k].first, CASES[k].latest), 0);
        }
    }
    json_decref(bodies);
}

/* Recommendations changed after they were written, on bodies at the
 * routine level: closed after every day tested, reopened, moved to
 * another body, deleted. The stored counts of those not closed (migration
 * 027) follow each change, or the ranking's overdue counts go wrong. */
static void add_changed_edges(store_t *s)
{
    static const char REC[] =
        "INSERT INTO recommendations (body_id, number, addressee, text, issued_on, original_deadline, status, closed_on)"
        " VALUES (?, 'C', 'Chief Constable', 'changed', '2010-01-01', ?, ?, ?)";
    ov_error_t err = {0};
    json_t *bodies = NULL;
    assert_int_equal(store_query(s, &bodies, &err,
                                 "SELECT id FROM bodies WHERE kind = 'police' AND retired_on IS NULL"
                                 " AND id NOT IN (SELECT body_id FROM decisions) ORDER BY id DESC LIMIT 4 OFFSET 3", NULL), 0);
    assert_int_equal(json_array_size(bodies), 4);
    long long b[4];
    for (int i = 0; i < 4; i++) b[i] = json_integer_value(json_object_get(json_array_get(bodies, (size_t)i), "id"));
    json_decref(bodies);
    for (int i = 0; i < 4; i++) {
        long long open = 0, closed = 0, moved = 0, gone = 0, late = 0;
        assert_int_equal(store_exec(s, NULL, &open, &err, REC, "isss", b[i], "2012", "open", NULL), 0);
        assert_int_equal(store_exec(s, NULL, &closed, &err, REC, "isss", b[i], "2012-02", "closed", "2011"), 0);
        assert_int_equal(store_exec(s, NULL, &moved, &err, REC, "isss", b[i], "2013-04-05", "in_progress", NULL), 0);
        assert_int_equal(store_exec(s, NULL, &gone, &err, REC, "isss", b[i], "2014", "implemented", NULL), 0);
        assert_int_equal(store_exec(s, NULL, &late, &err, REC, "isss", b[i], "2013", "open", NULL), 0);
        assert_int_equal(store_exec(s, NULL, NULL, &err,
                                    "UPDATE recommendations SET status = 'closed', closed_on = '2030-01-01' WHERE id = ?",
                                    "i", open), 0);
        assert_int_equal(store_exec(s, NULL, NULL, &err, "UPDATE recommendations SET status = 'open', closed_on = NULL"
                                    " WHERE id = ?", "i", closed), 0);
        assert_int_equal(store_exec(s, NULL, NULL, &err, "UPDATE recommendations SET body_id = ? WHERE id = ?", "ii",
                                    b[(i + 1) % 4], moved), 0);
        assert_int_equal(store_exec(s, NULL, NULL, &err, "DELETE FROM recommendations WHERE id = ?", "i", gone), 0);
        assert_int_equal(store_exec(s, NULL, NULL, &err, "UPDATE recommendations SET status = 'in_progress' WHERE id = ?",
                                    "i", late), 0);
    }
}

/* Reports on bodies at the routine level owing a PCC response: none, one
 * answered before every day tested, one answered between them. The
 * ranking reads the responses apart from the reports and sets each on
 * its report. */
static void add_pcc_edges(store_t *s)
{
    static const char REPORT[] =
        "INSERT INTO inspections (body_id, kind, title, published_on) VALUES (?, 'thematic', 'owing a response', '2018-01-10')";
    static const char RESPONSE[] = "INSERT INTO pcc_responses (inspection_id, body_id, published_on) VALUES (?, ?, ?)";
    ov_error_t err = {0};
    json_t *bodies = NULL;
    assert_int_equal(store_query(s, &bodies, &err,
                                 "SELECT id FROM bodies WHERE kind = 'police' AND retired_on IS NULL"
                                 " AND id NOT IN (SELECT body_id FROM decisions) ORDER BY id DESC LIMIT 3 OFFSET 7", NULL), 0);
    assert_int_equal(json_array_size(bodies), 3);
    static const char *const ANSWERED[] = {NULL, "2018-03-01", "2023-02-01"};
    for (size_t i = 0; i < 3; i++) {
        long long body = json_integer_value(json_object_get(json_array_get(bodies, i), "id")), id = 0;
        assert_int_equal(store_exec(s, NULL, &id, &err, REPORT, "i", body), 0);
        if (ANSWERED[i]) assert_int_equal(store_exec(s, NULL, NULL, &err, RESPONSE, "iis", id, body, ANSWERED[i]), 0);
    }
    json_decref(bodies);
}

/* Reports published on the days around the one whose PCC response falls
 * due on the day before `before` (the last the deadlines list), none
 * answered, on bodies from *body on (moved on): the cutoff must keep
 * exactly those rules_pcc_due puts before `before`. */
static void add_edge_reports(store_t *s, const odate_t *before, long long *body)
{
    static const char REPORT[] =
        "INSERT INTO inspections (body_id, kind, title, published_on) VALUES (?, 'thematic', 'edge report', ?)";
    ov_error_t err = {0};
    for (int back = RULES_PCC_RESPONSE_DAYS - 2; back <= RULES_PCC_RESPONSE_DAYS + 1; back++) {
        odate_t day = date_add_days(before, -back);
        char text[DATE_TEXT_MAX];
        date_format(&day, text);
        assert_int_equal(store_exec(s, NULL, NULL, &err, REPORT, "is", (*body)++, text), 0);
    }
}

/* The bounded deadline queries give what the rules give over every body's
 * whole snapshot, in the same order; limited, the same first items; for
 * one body, what the rules give over that body's. Some recommendations
 * get a second revision (the latest counts, earlier or later than the
 * first) or a first one after synth. */
/* What the plain-rows path (store_deadline_rows, rules_deadline_items,
 * rules_deadline_text) gives, as a tree of rules_deadlines' shape (new). */
static json_t *rows_dues(store_t *s, const char *code, const char *today, const char *before, const char *cut,
                         long long limit)
{
    ov_error_t err = {0};
    store_due_rows_t rows;
    rules_dues_t dues;
    odate_t t, b;
    assert_int_equal(date_parse_day(today, &t), 0);
    assert_int_equal(date_parse_day(before, &b), 0);
    assert_int_equal(store_deadline_rows(s, code, today, before, cut, limit, NULL, 0, &rows, &err), 0);
    assert_int_equal(rules_deadline_items(rows.v, rows.n, &t, &b, &dues), 0);
    json_t *lists[2] = {json_array(), json_array()};
    buf_t title = BUF_INIT, reason = BUF_INIT;
    for (size_t i = 0; i < dues.n; i++) {
        const rules_due_t *it = &dues.v[i];
        char due[DATE_TEXT_MAX];
        date_format(&it->due, due);
        assert_int_equal(rules_deadline_text(it, &title, &reason), 0);
        json_array_append_new(lists[i >= dues.overdue],
                              json_pack("{s:s, s:s, s:I, s:s, s:s, s:I, s:s}", "code", it->row->code, "kind",
                                        rules_due_kind_name(it->row->kind), "id", (json_int_t)it->row->id, "title",
                                        title.data, "due", due, "days", (json_int_t)it->days, "reason", reason.data));
    }
    char td[DATE_TEXT_MAX], bd[DATE_TEXT_MAX];
    date_format(&dues.today, td);
    date_format(&dues.before, bd);
    buf_free(&title);
    buf_free(&reason);
    rules_dues_free(&dues);
    store_due_rows_free(&rows);
    return json_pack("{s:s, s:s, s:o, s:o}", "today", td, "before", bd, "overdue", lists[0], "upcoming", lists[1]);
}

/* The bounded deadline queries give what the rules give over every body's
 * whole snapshot, through both the JSON snapshots and the plain rows. */
static void deadline_snapshots_agree(void **state)
{
    fx_t *fx = *state;
    ov_error_t err = {0};
    synth_params_t p = {.bodies = 120, .recommendations = 900, .progress = 300, .seed = 3};
    synth_counts_t n;
    assert_int_equal(store_synth(fx->s, &p, &n, &err), 0);
    static const char *const DAYS[][2] = {{"2019-06-30", "2019-08-01"}, {"2022-01-15", "2023-01-01"},
                                          {"2026-01-01", "2026-01-31"}};
    char cuts[3][DATE_TEXT_MAX];   /* the PCC cutoff of each `before`, as the callers compute it */
    static const char REVISE[] =
        "INSERT INTO deadline_revisions (recommendation_id, previous_deadline, new_deadline, reason, agreed_by, agreed_on)"
        " SELECT r.id, r.original_deadline, ?, 'test', 'test', '2019-01-01' FROM recommendations r WHERE r.id % ? = ?"
        " AND (? = 0) = NOT EXISTS (SELECT 1 FROM deadline_revisions d WHERE d.recommendation_id = r.id)";
    long long added[4] = {0};
    assert_int_equal(store_exec(fx->s, &added[0], NULL, &err, REVISE, "siii", "2019-07", 3LL, 0LL, 1LL), 0);
    assert_int_equal(store_exec(fx->s, &added[1], NULL, &err, REVISE, "siii", "2031", 3LL, 1LL, 1LL), 0);
    assert_int_equal(store_exec(fx->s, &added[2], NULL, &err, REVISE, "siii", "2022-12-20", 7LL, 0LL, 0LL), 0);
    assert_int_equal(store_exec(fx->s, &added[3], NULL, &err, REVISE, "siii", "2040-01", 7LL, 1LL, 0LL), 0);
    for (int k = 0; k < 4; k++) assert_true(added[k] > 0);
    long long lo, hi;
    assert_int_equal(store_body_id_range(fx->s, &lo, &hi, &err), 0);
    for (size_t d = 0; d < 3; d++) {
        for (int k = 0; k < 2; k++) add_edge_recommendations(fx->s, DAYS[d][k], &lo);
        odate_t before;
        assert_int_equal(date_parse_day(DAYS[d][1], &before), 0);
        odate_t cut = rules_pcc_published_cutoff(&before);
        date_format(&cut, cuts[d]);
        add_edge_reports(fx->s, &before, &lo);
    }
    assert_true(lo <= hi);
    json_t *all = NULL;
    assert_int_equal(store_snapshots(fx->s, &all, &err), 0);
    for (size_t d = 0; d < 3; d++) {
        odate_t today, before;
        assert_int_equal(date_parse_day(DAYS[d][0], &today), 0);
        assert_int_equal(date_parse_day(DAYS[d][1], &before), 0);
        json_t *want = rules_deadlines(all, &today, &before);
        json_t *slim = NULL;
        assert_int_equal(store_deadline_snapshots(fx->s, NULL, DAYS[d][0], DAYS[d][1], cuts[d], 100000, &slim, &err), 0);
        json_t *got = rules_deadlines(slim, &today, &before);
        assert_true(json_array_size(json_object_get(want, "overdue")) + json_array_size(json_object_get(want, "upcoming")) > 0);
        assert_true(json_equal(want, got));
        json_decref(slim);
        json_decref(got);
        got = rows_dues(fx->s, NULL, DAYS[d][0], DAYS[d][1], cuts[d], 100000);
        assert_true(json_equal(want, got));
        json_decref(got);
        /* limited to 25 per kind: the same first 25 */
        assert_int_equal(store_deadline_snapshots(fx->s, NULL, DAYS[d][0], DAYS[d][1], cuts[d], 25, &slim, &err), 0);
        got = rules_deadlines(slim, &today, &before);
        json_t *a = first_dues(want, 25), *b = first_dues(got, 25);
        assert_true(json_equal(a, b));
        json_decref(b);
        json_decref(got);
        got = rows_dues(fx->s, NULL, DAYS[d][0], DAYS[d][1], cuts[d], 25);
        b = first_dues(got, 25);
        assert_true(json_equal(a, b));
        json_decref(a);
        json_decref(b);
        json_decref(slim);
        json_decref(got);
        /* each body's: what the rules give over its whole snapshot */
        size_t i, bodies_with = 0;
        json_t *snap;
        json_array_foreach(all, i, snap) {
            const char *code = json_string_value(json_object_get(snap, "code"));
            assert_int_equal(store_deadline_snapshots(fx->s, code, DAYS[d][0], DAYS[d][1], cuts[d], 100000, &slim, &err), 0);
            assert_true(json_array_size(slim) <= 1);
            json_t *one = json_pack("[O]", snap), *w = rules_deadlines(one, &today, &before);
            got = rules_deadlines(slim, &today, &before);
            assert_true(json_equal(w, got));
            json_decref(got);
            got = rows_dues(fx->s, code, DAYS[d][0], DAYS[d][1], cuts[d], 100000);
            assert_true(json_equal(w, got));
            bodies_with += json_array_size(slim);
            json_decref(one);
            json_decref(w);
            json_decref(got);
            json_decref(slim);
        }
        assert_true(bodies_with > 0);
        json_decref(want);
    }
    json_decref(all);
}

/* snapshot.c's day_cut: "2025-01-01" -> "2025", "2025-03-01" -> "2025-03". */
static void t_day_cut(const char *day, char out[DATE_TEXT_MAX])
{
    snprintf(out, DATE_TEXT_MAX, "%s", day);
    size_t n = strlen(out);
    if (n == 10 && strcmp(out + 7, "-01") == 0) out[n = 7] = '\0';
    if (n == 7 && strcmp(out + 4, "-01") == 0) out[4] = '\0';
}

/* The bounded Engage-candidate rounds give exactly what the rules give over
 * every body's whole snapshot: the whole list, and any page of it, for any
 * round size. */
static size_t candidates_agree_on(store_t *s, const char *const *days, size_t ndays, const long long *chunks,
                                  size_t nchunks, int must_find)
{
    size_t found = 0;   /* candidates over all days */
    ov_error_t err = {0};
    json_t *all = NULL;
    assert_int_equal(store_snapshots(s, &all, &err), 0);
    for (size_t d = 0; d < ndays; d++) {
        odate_t as_of;
        assert_int_equal(date_parse(days[d], &as_of), 0);
        json_t *want = rules_engage_candidates(all, &as_of);
        assert_non_null(want);
        if (must_find) assert_true(json_array_size(want) > 0);
        found += json_array_size(want);
        /* the ranking's slim snapshots score every body as the rules do */
        long long lo, hi;
        assert_int_equal(store_body_id_range(s, &lo, &hi, &err), 0);
        odate_t day = date_first_day(&as_of);
        char asof[DATE_TEXT_MAX];
        date_format(&day, asof);
        json_t *slim = NULL, *snap, *w;
        assert_int_equal(store_candidate_snapshots(s, lo, hi, asof, &slim, &err), 0);
        size_t i, k, listed = 0;
        json_array_foreach(slim, i, snap) {
            long score = -1;
            int is = rules_engage_score(snap, &as_of, &score);
            assert_true(is == 0 || is == 1);
            json_t *c = NULL;
            json_array_foreach(want, k, w)
                if (strcmp(json_string_value(json_object_get(w, "code")), json_string_value(json_object_get(snap, "code"))) == 0)
                    c = w;
            assert_int_equal(is, c != NULL);
            if (c)
                assert_int_equal(score + json_integer_value(json_object_get(snap, "overdue_more")),
                                 json_integer_value(json_object_get(c, "score")));
            listed += (size_t)is;
        }
        assert_int_equal(listed, json_array_size(want));
        json_decref(slim);
        /* and the ranking on plain rows gives every candidate its score */
        json_t *levels = NULL, *lv;
        assert_int_equal(store_levels_json(s, &levels, &err), 0);
        lv = json_pack("{s:o}", "levels", levels);
        odate_t next = date_add_days(&day, 1);
        char next_day[DATE_TEXT_MAX], cut_next[DATE_TEXT_MAX];
        date_format(&next, next_day);
        t_day_cut(next_day, cut_next);
        store_ca_scores_t sc;
        assert_int_equal(store_candidate_scores(s, lo, hi, &as_of, cut_next, lv, &sc, &err), 0);
        assert_int_equal(sc.n, json_array_size(want));
        for (size_t j = 0; j < sc.n; j++) {
            json_t *c = NULL;
            json_array_foreach(want, k, w)
                if (strcmp(json_string_value(json_object_get(w, "code")), sc.v[j].code) == 0) c = w;
            assert_non_null(c);
            if (sc.v[j].score != json_integer_value(json_object_get(c, "score")))
                fprintf(stderr, "%s at %s: scored %lld, the rules %lld\n", sc.v[j].code, days[d], sc.v[j].score,
                        (long long)json_integer_value(json_object_get(c, "score")));
            assert_int_equal(sc.v[j].score, json_integer_value(json_object_get(c, "score")));
        }
        store_ca_scores_free(&sc);
        json_decref(lv);
        for (size_t c = 0; c < nchunks; c++) {
            json_t *page = NULL;
            long long total = -1;
            assert_int_equal(store_engage_candidates(s, &as_of, 0, 1000000, chunks[c], &page, &total, &err), 0);
            assert_int_equal(total, (long long)json_array_size(want));
            assert_true(json_equal(want, page));
            json_decref(page);
            /* every candidate written as text (the page's recommendations
             * read as rows): the dump of the rules' tree, byte for byte */
            buf_t whole = BUF_INIT;
            assert_int_equal(store_engage_candidates_text(s, &as_of, 0, 1000000, chunks[c], &whole, &total, &err), 0);
            char *want_text = json_dumps(want, JSON_COMPACT | JSON_ENSURE_ASCII);
            assert_non_null(want_text);
            assert_int_equal(whole.len, strlen(want_text));
            assert_memory_equal(whole.data, want_text, whole.len);
            free(want_text);
            buf_free(&whole);
            /* a page from the middle: the same slice */
            assert_int_equal(store_engage_candidates(s, &as_of, 3, 5, chunks[c], &page, &total, &err), 0);
            json_t *slice = json_array();
            for (size_t i = 3; i < 8 && i < json_array_size(want); i++) json_array_append(slice, json_array_get(want, i));
            assert_true(json_equal(slice, page));
            json_decref(slice);
            /* the same page written as text, with no tree */
            buf_t text = BUF_INIT;
            long long total_text = -1;
            assert_int_equal(store_engage_candidates_text(s, &as_of, 3, 5, chunks[c], &text, &total_text, &err), 0);
            assert_int_equal(total_text, total);
            char *dumped = json_dumps(page, JSON_COMPACT | JSON_ENSURE_ASCII);
            assert_non_null(dumped);
            assert_int_equal(text.len, strlen(dumped));
            assert_memory_equal(text.data, dumped, text.len);
            free(dumped);
            buf_free(&text);
            json_decref(page);
        }
        json_decref(want);
    }
    json_decref(all);
    return found;
}

static void candidate_snapshots_agree(void **state)
{
    fx_t *fx = *state;
    char dir[256], path[300], url[512];
    assert_int_equal(t_mkdtemp(dir), 0);
    snprintf(path, sizeof path, "%s/c.db", dir);
    assert_int_equal(t_db_url(url, path), 0);
    ov_error_t err = {0};
    store_t *s = NULL;
    assert_int_equal(store_open(url, STORE_OPEN_CREATE, &s, &err), 0);
    assert_int_equal(store_reference_load_bodies(s, &err), 0);
    assert_int_equal(store_reference_load_history(s, &fx->today, &err), 0);
    /* the demo record (the Met case of the seeds) */
    const char *src = getenv("OVERSIGHT_SRC");
    char demo[600];
    snprintf(demo, sizeof demo, "%s/data/demo_met.json", src ? src : ".");
    FILE *f = fopen(demo, "rb");
    assert_non_null(f);
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof text, f);
    fclose(f);
    assert_true(n > 0 && n < sizeof text);
    assert_int_equal(store_load_script(s, text, n, NULL, &err), 0);
    /* the Met before Engage (its PEEL grades) is a candidate; after its
     * return to Scan (2025-01-23) the facts before that decision are not
     * signs (docs/candidates.md), on the ranking's reading as on the page's */
    static const char *const DEMO_DAYS[] = {"2021-06-30", "2022-06-01", "2022-07-01", "2024-03-15",
                                            "2025-06-01", "2026-01-01", "2023"};
    static const long long DEMO_CHUNKS[] = {0, 1, 7};
    assert_true(candidates_agree_on(s, DEMO_DAYS, 7, DEMO_CHUNKS, 3, 0) > 0);
    store_close(s);
    /* and a small synthetic national set (synth needs a fresh database) */
    snprintf(path, sizeof path, "%s/c2.db", dir);
    assert_int_equal(t_db_url(url, path), 0);
    assert_int_equal(store_open(url, STORE_OPEN_CREATE, &s, &err), 0);
    assert_int_equal(store_reference_load_bodies(s, &err), 0);
    assert_int_equal(store_reference_load_history(s, &fx->today, &err), 0);
    synth_params_t p = {.bodies = 150, .recommendations = 1200, .progress = 200, .seed = 5};
    synth_counts_t sn;
    int rc = store_synth(s, &p, &sn, &err);
    if (rc) fprintf(stderr, "synth: %s\n", err.message);
    assert_int_equal(rc, 0);
    static const char *const SYNTH_DAYS[] = {"2019-06-30", "2022-01-15", "2026-01-01", "2024-05", "2024-12-31"};
    long long lo, hi;
    assert_int_equal(store_body_id_range(s, &lo, &hi, &err), 0);
    for (size_t d = 0; d < 5; d++) add_edge_recommendations(s, SYNTH_DAYS[d], &lo);
    assert_true(lo <= hi);
    add_return_edges(s, 6);
    add_revised_edges(s);
    add_changed_edges(s);
    add_pcc_edges(s);
    static const long long SYNTH_CHUNKS[] = {0, 7, 64};
    candidates_agree_on(s, SYNTH_DAYS, 5, SYNTH_CHUNKS, 3, 1);
    /* the revised recommendations found from their revisions, not from
     * the original deadlines still to come (the way for days long ago) */
    store_candidate_future_few = 0;
    candidates_agree_on(s, SYNTH_DAYS, 5, SYNTH_CHUNKS, 1, 1);
    store_candidate_future_few = 20000;
    store_close(s);
    t_rmdir(dir);
}

/* The response cache shares one body between the cache and every reader
 * (no copies), keeps it alive for readers after a newer generation drops
 * it, and lets one of concurrent misses compute while the others wait. */
static void *claim_waiter(void *arg)
{
    store_cached_t *got = arg;
    /* waits while the main thread computes (0); 1 only if this thread came
     * late, after the main thread was done (a loaded machine) */
    if (store_cache_claim("GET /x", "5:aa") == 1) store_cache_done("GET /x", "5:aa");
    if (!store_cache_get("GET /x", "5:aa", got)) got->body = NULL;
    return got;
}

static int attached_freed;
static void attached_free(void *p)
{
    attached_freed++;
    free(p);
}

/* What is made from a blob (the server's prepared reply) is kept with it:
 * set once (a second attach gets the first back and keeps its own), and
 * freed once, with the blob's last reference, not before. */
static void blob_keeps_what_is_made_from_it(void **state)
{
    (void)state;
    attached_freed = 0;
    char *bytes = malloc(3);
    assert_non_null(bytes);
    memcpy(bytes, "ok", 3);
    store_blob_t *b = store_blob_adopt(bytes, 2);
    assert_non_null(b);
    assert_null(store_blob_attached(b));
    char *first = strdup("first"), *second = strdup("second");
    assert_ptr_equal(store_blob_attach(b, first, attached_free), first);
    assert_ptr_equal(store_blob_attach(b, second, attached_free), first);   /* the first stays */
    free(second);
    store_blob_retain(b);                           /* a reply in flight */
    store_blob_release(b);                          /* the cache lets it go */
    assert_int_equal(attached_freed, 0);
    assert_ptr_equal(store_blob_attached(b), first);
    store_blob_release(b);                          /* the reply has gone */
    assert_int_equal(attached_freed, 1);
}

static void cache_bodies_shared(void **state)
{
    (void)state;
    store_cache_clear();
    char *bytes = malloc(6);
    assert_non_null(bytes);
    memcpy(bytes, "hello", 6);
    store_blob_t *b = store_blob_adopt(bytes, 5);
    assert_non_null(b);
    store_cached_t put = {.status = 200, .content_type = "text/plain", .body = b};
    store_cache_put("GET /a", "4:ff", &put);   /* the cache's own reference */
    store_cached_t h1, h2;
    assert_true(store_cache_get("GET /a", "4:ff", &h1));
    assert_true(store_cache_get("GET /a", "4:ff", &h2));
    assert_ptr_equal(store_blob_data(h1.body), bytes);   /* the same bytes, not copies */
    assert_ptr_equal(store_blob_data(h2.body), bytes);
    assert_int_equal(store_blob_len(h1.body), 5);
    store_cached_t h3;
    assert_false(store_cache_get("GET /a", "3:ee", &h3));   /* another generation: never */
    /* another key at a newer generation (a write to another body) leaves
     * the entry valid */
    char *other = malloc(1);
    assert_non_null(other);
    store_cached_t put2 = {.status = 200, .content_type = "text/plain", .body = store_blob_adopt(other, 0)};
    store_cache_put("GET /b", "5:aa", &put2);
    store_blob_release(put2.body);
    assert_true(store_cache_get("GET /a", "4:ff", &h3));
    store_blob_release(h3.body);
    /* a put at an older generation than the one kept is not kept */
    char *older = malloc(1);
    assert_non_null(older);
    store_cached_t put3 = {.status = 200, .content_type = "text/plain", .body = store_blob_adopt(older, 0)};
    store_cache_put("GET /b", "3:ee", &put3);
    store_blob_release(put3.body);
    assert_false(store_cache_get("GET /b", "3:ee", &h3));
    /* looking the key up at a newer generation drops it; readers keep theirs */
    assert_false(store_cache_get("GET /a", "6:bb", &h3));
    assert_false(store_cache_get("GET /a", "4:ff", &h3));
    assert_memory_equal(store_blob_data(h1.body), "hello", 5);
    store_blob_release(h1.body);
    store_blob_release(b);
    assert_memory_equal(store_blob_data(h2.body), "hello", 5);   /* still held by h2 */
    store_blob_release(h2.body);   /* the last reference frees it (valgrind/ASan check) */
    store_blob_release(NULL);      /* allowed */
    store_cached_t last;
    assert_true(store_cache_get("GET /b", "5:aa", &last));
    store_blob_release(last.body);

    /* single flight: the main thread claims, a second waits for it */
    assert_int_equal(store_cache_claim("GET /x", "5:aa"), 1);
    store_cached_t got = {0};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, claim_waiter, &got), 0);
    struct timespec pause = {0, 50 * 1000 * 1000};
    nanosleep(&pause, NULL);
    char *x = malloc(3);
    assert_non_null(x);
    memcpy(x, "xyz", 3);
    store_cached_t px = {.status = 200, .content_type = "text/plain", .body = store_blob_adopt(x, 3)};
    store_cache_put("GET /x", "5:aa", &px);
    store_cache_done("GET /x", "5:aa");
    void *r = NULL;
    assert_int_equal(pthread_join(t, &r), 0);
    assert_ptr_equal(r, &got);
    assert_non_null(got.body);
    assert_ptr_equal(store_blob_data(got.body), x);   /* served what the first computed */
    store_blob_release(got.body);
    store_blob_release(px.body);
    assert_int_equal(store_cache_claim("GET /x", "5:aa"), 1);   /* free again */
    store_cache_done("GET /x", "5:aa");
    store_cache_clear();
}

/* A database holding more frameworks or levels than the phase model can
 * (core/phase.h; a hand edit, say) is an error naming the table, never a
 * model with some of them silently left out. */
static void phase_model_never_drops_frameworks(void **state)
{
    fx_t *fx = *state;
    ov_error_t err = {0};
    phase_model_t m;
    assert_int_equal(store_begin(fx->s, &err), 0);
    for (int k = 2; k <= FRAMEWORK_MAX; k++) {
        char code[16];
        snprintf(code, sizeof code, "fw%d", k);
        assert_int_equal(store_exec(fx->s, NULL, NULL, &err, "INSERT INTO frameworks (code, name, position) VALUES (?, ?, ?)",
                                    "ssi", code, code, (long long)k), 0);
    }
    assert_int_equal(store_phase_model(fx->s, &m, &err), 0);   /* exactly the limit */
    assert_int_equal(m.nframeworks, FRAMEWORK_MAX);
    assert_int_equal(store_exec(fx->s, NULL, NULL, &err, "INSERT INTO frameworks (code, name, position) VALUES ('fw-over', 'x', 99)",
                                NULL), 0);
    assert_int_not_equal(store_phase_model(fx->s, &m, &err), 0);
    assert_string_equal(err.field, "frameworks");
    assert_non_null(strstr(err.message, "the database holds 9 monitoring frameworks; at most 8 can be held"));
    store_rollback(fx->s);
    /* levels past PHASE_MAX, and a text too long for the model */
    assert_int_equal(store_begin(fx->s, &err), 0);
    assert_int_equal(store_exec(fx->s, NULL, NULL, &err, "INSERT INTO frameworks (code, name, position) VALUES ('big', 'Big', 2)",
                                NULL), 0);
    for (int k = 1; k <= PHASE_MAX - 1; k++) {
        char code[16];
        snprintf(code, sizeof code, "big%d", k);
        assert_int_equal(store_exec(fx->s, NULL, NULL, &err,
                                    "INSERT INTO phases (code, name, level, is_default, framework) VALUES (?, ?, ?, 0, 'big')",
                                    "ssi", code, code, (long long)k), 0);
    }
    assert_int_not_equal(store_phase_model(fx->s, &m, &err), 0);
    assert_string_equal(err.field, "phases");
    assert_non_null(strstr(err.message, "the database holds 17 levels across its frameworks; at most 16 can be held"));
    store_rollback(fx->s);
    assert_int_equal(store_begin(fx->s, &err), 0);
    assert_int_equal(store_exec(fx->s, NULL, NULL, &err, "UPDATE phases SET name = ? WHERE code = 'engage'", "s",
                                "A level name far longer than the sixty-three characters a model's name holds"), 0);
    assert_int_not_equal(store_phase_model(fx->s, &m, &err), 0);
    assert_string_equal(err.field, "name");
    store_rollback(fx->s);
    assert_int_equal(store_phase_model(fx->s, &m, &err), 0);
    assert_int_equal(m.nframeworks, 1);
}

/* A phase decision on body code, to the other of scan and engage. */
static void flip(fx_t *fx, const char *code, const char *on)
{
    json_t *b = body(fx, code);
    long long v = json_integer_value(json_object_get(b, "version"));
    const char *to = strcmp(json_string_value(json_object_get(b, "phase")), "engage") == 0 ? "scan" : "engage";
    decision_input_t in = {.to_phase = to, .decided_by = "HMCI", .effective_on = on, .rationale = "rows kept"};
    ov_error_t err = {0};
    assert_int_equal(store_decision_record(fx->s, code, &in, &fx->today, v, NULL, &err), 0);
    json_decref(b);
}

/* The bodies list kept row by row (store/body_rows.h): at the generation
 * kept nothing is read; after a write to one body, its row only; a set
 * kept at a generation whose entry now has another hash (another trail: a
 * restore, another database) is no base, and the list is read whole. */
static void body_rows_follow_the_trail(void **state)
{
    fx_t *fx = *state;
    ov_error_t err = {0};
    char gen[STORE_GEN_MAX];
    store_body_rows_t *r = NULL;
    size_t read = 0;
    store_body_rows_clear();
    assert_int_equal(store_data_generation(fx->s, gen, &err), 0);
    assert_int_equal(store_body_rows_at(fx->s, gen, &r, &read, &err), 0);
    size_t n = store_body_rows_count(r);
    assert_true(n > 10);
    assert_int_equal(read, n);
    store_body_rows_release(r);
    assert_int_equal(store_body_rows_at(fx->s, gen, &r, &read, &err), 0);
    assert_int_equal(read, 0);
    store_body_rows_release(r);

    flip(fx, "met", "2025-12-02");
    assert_int_equal(store_data_generation(fx->s, gen, &err), 0);
    assert_int_equal(store_body_rows_at(fx->s, gen, &r, &read, &err), 0);
    assert_int_equal(read, 1);
    assert_int_equal(store_body_rows_count(r), n);
    store_body_rows_release(r);

    /* kept at this entry's id with another hash */
    char other[STORE_GEN_MAX];
    snprintf(other, sizeof other, "%lld:%064d", strtoll(gen, NULL, 10), 0);
    store_body_rows_clear();
    assert_int_equal(store_body_rows_at(fx->s, other, &r, &read, &err), 0);
    store_body_rows_release(r);
    flip(fx, "met", "2025-12-03");
    assert_int_equal(store_data_generation(fx->s, gen, &err), 0);
    assert_int_equal(store_body_rows_at(fx->s, gen, &r, &read, &err), 0);
    assert_int_equal(read, n);
    store_body_rows_release(r);
    store_body_rows_clear();
}

/* Every row of r carries the counts a fresh store_body_counts gives for
 * day (a body it does not list: none); returns the sum of the overdue. */
static long long counts_agree(fx_t *fx, const store_body_rows_t *r, const odate_t *day)
{
    ov_error_t err = {0};
    json_t *fresh = NULL;
    assert_int_equal(store_body_counts(fx->s, NULL, day, &fresh, &err), 0);
    char text[DATE_TEXT_MAX];
    date_format(day, text);
    assert_string_equal(store_body_rows_day(r), text);
    long long sum = 0;
    for (size_t i = 0; i < store_body_rows_count(r); i++) {
        store_body_row_t v;
        store_body_rows_get(r, i, &v);
        long long open = -1, overdue = -1;
        json_t *c = json_object_get(fresh, v.code);
        assert_int_equal(store_body_rows_counts(r, i, &open, &overdue), c != NULL);
        if (!c) continue;
        if (open != json_integer_value(json_object_get(c, "open_causes"))
            || overdue != json_integer_value(json_object_get(c, "overdue")))
            fail_msg("%s on %s: kept %lld, %lld; fresh %lld, %lld", v.code, text, open, overdue,
                     (long long)json_integer_value(json_object_get(c, "open_causes")),
                     (long long)json_integer_value(json_object_get(c, "overdue")));
        sum += overdue;
    }
    json_decref(fresh);
    return sum;
}

/* The board's counts kept beside the rows (store_body_rows_counted_at):
 * read with the rows for a day; kept while nothing is written; the day
 * moving reads them whole for the new day (recommendations become
 * overdue); a request without a day keeps them; after a write to one body
 * that body's row and counts only are read, still those of a fresh count. */
static void body_counts_follow_the_day(void **state)
{
    fx_t *fx = *state;
    ov_error_t err = {0};
    char gen[STORE_GEN_MAX];
    store_body_rows_t *r = NULL;
    size_t read = 0;
    odate_t early = {2000, 1, 1, DATE_DAY}, late = {2030, 1, 1, DATE_DAY};
    store_body_rows_clear();
    assert_int_equal(store_data_generation(fx->s, gen, &err), 0);
    assert_int_equal(store_body_rows_at(fx->s, gen, &r, &read, &err), 0);
    size_t n = store_body_rows_count(r);
    assert_string_equal(store_body_rows_day(r), "");   /* not asked: none */
    store_body_rows_release(r);

    assert_int_equal(store_body_rows_counted_at(fx->s, gen, &early, &r, &read, &err), 0);
    assert_int_equal(read, n);   /* the counts asked for: read whole */
    assert_int_equal(counts_agree(fx, r, &early), 0);
    store_body_rows_release(r);
    assert_int_equal(store_body_rows_counted_at(fx->s, gen, &early, &r, &read, &err), 0);
    assert_int_equal(read, 0);
    store_body_rows_release(r);

    /* the day moves: every body's counts for the new day */
    assert_int_equal(store_body_rows_counted_at(fx->s, gen, &late, &r, &read, &err), 0);
    assert_int_equal(read, n);
    assert_true(counts_agree(fx, r, &late) > 0);
    store_body_rows_release(r);
    /* not asked (an anonymous board, the API's list): the counts stay */
    assert_int_equal(store_body_rows_at(fx->s, gen, &r, &read, &err), 0);
    assert_int_equal(read, 0);
    assert_string_equal(store_body_rows_day(r), "2030-01-01");
    store_body_rows_release(r);

    /* a write to one body, read without a day, then with it */
    flip(fx, "met", "2025-12-04");
    assert_int_equal(store_data_generation(fx->s, gen, &err), 0);
    assert_int_equal(store_body_rows_at(fx->s, gen, &r, &read, &err), 0);
    assert_int_equal(read, 1);
    counts_agree(fx, r, &late);
    store_body_rows_release(r);
    assert_int_equal(store_body_rows_counted_at(fx->s, gen, &late, &r, &read, &err), 0);
    assert_int_equal(read, 0);
    store_body_rows_release(r);
    store_body_rows_clear();
}

/* The candidates at gen from the ranking kept (store/candidate_keep.h),
 * whole and a page, are those a fresh store_engage_candidates gives; *read
 * and *ranked as the whole one says; kept: the ranking made for the whole
 * is kept (the pages after it score nothing). */
static void candidates_kept(fx_t *fx, const char *gen, const odate_t *as_of, size_t *read, size_t *ranked, int kept)
{
    static const long long pages[][2] = {{0, 1000}, {2, 3}, {0, 0}};
    for (size_t p = 0; p < sizeof pages / sizeof pages[0]; p++) {
        ov_error_t err = {0};
        json_t *page = NULL, *fresh = NULL;
        long long total = 0, want = 0;
        size_t r = 0, n = 0;
        assert_int_equal(store_candidates_at(fx->s, gen, as_of, pages[p][0], pages[p][1], &page, &total, &r, &n, &err), 0);
        assert_int_equal(store_engage_candidates(fx->s, as_of, pages[p][0], pages[p][1], 0, &fresh, &want, &err), 0);
        assert_int_equal(total, want);
        assert_true(want > 3);
        if (!json_equal(page, fresh)) {
            char *a = json_dumps(page, JSON_COMPACT), *b = json_dumps(fresh, JSON_COMPACT);
            fprintf(stderr, "kept ranking:\n%s\nfresh:\n%s\n", a, b);
            free(a);
            free(b);
            fail();
        }
        /* the same page written as text, with no tree */
        buf_t text = BUF_INIT;
        long long total_text = 0;
        size_t r2 = 0, n2 = 0;
        assert_int_equal(store_candidates_at_text(fx->s, gen, as_of, pages[p][0], pages[p][1], &text, &total_text, &r2, &n2,
                                                  &err), 0);
        assert_int_equal(total_text, want);
        char *dumped = json_dumps(fresh, JSON_COMPACT | JSON_ENSURE_ASCII);
        assert_non_null(dumped);
        assert_int_equal(text.len, strlen(dumped));
        assert_memory_equal(text.data, dumped, text.len);
        free(dumped);
        buf_free(&text);
        json_decref(page);
        json_decref(fresh);
        if (p == 0) {
            *read = r;
            *ranked = n;
        } else {
            assert_int_equal(r, kept ? 0 : *read);   /* the ranking just made, kept or not */
        }
    }
}

static void candidates_same(fx_t *fx, const char *gen, const odate_t *as_of, size_t *read, size_t *ranked)
{
    candidates_kept(fx, gen, as_of, read, ranked, 1);
}

/* The ranking of Engage candidates kept across generations: at the
 * generation kept no body is scored; after a write to one body, that body
 * only; another day has its own; a generation older than the one kept, or
 * one kept whose entry now has another hash, makes every body scored. The
 * candidates always those of a fresh computation. */
static void candidates_follow_the_trail(void **state)
{
    fx_t *fx = *state;
    ov_error_t err = {0};
    char gen[STORE_GEN_MAX], old[STORE_GEN_MAX];
    size_t read = 0, n = 0, again = 0;
    odate_t then;
    assert_int_equal(date_parse_day("2025-01-01", &then), 0);
    store_candidates_kept_clear();
    assert_int_equal(store_data_generation(fx->s, gen, &err), 0);
    candidates_same(fx, gen, &fx->today, &read, &n);
    assert_true(n > 10);
    assert_int_equal(read, n);
    candidates_same(fx, gen, &fx->today, &read, &again);
    assert_int_equal(read, 0);
    assert_int_equal(again, n);
    snprintf(old, sizeof old, "%s", gen);

    flip(fx, "met", "2025-12-05");
    assert_int_equal(store_data_generation(fx->s, gen, &err), 0);
    candidates_same(fx, gen, &fx->today, &read, &again);
    assert_int_equal(read, 1);
    assert_int_equal(again, n);
    /* another day: ranked whole, and kept beside today's */
    candidates_same(fx, gen, &then, &read, &again);
    assert_int_equal(read, n);
    flip(fx, "met", "2025-12-06");
    assert_int_equal(store_data_generation(fx->s, gen, &err), 0);
    candidates_same(fx, gen, &fx->today, &read, &again);
    assert_int_equal(read, 1);
    candidates_same(fx, gen, &then, &read, &again);
    assert_int_equal(read, 1);
    /* a request that read a generation older than the one kept */
    candidates_kept(fx, old, &fx->today, &read, &again, 0);
    assert_int_equal(read, n);

    /* kept at this entry's id with another hash */
    char other[STORE_GEN_MAX];
    snprintf(other, sizeof other, "%lld:%064d", strtoll(gen, NULL, 10), 0);
    store_candidates_kept_clear();
    candidates_same(fx, other, &fx->today, &read, &again);
    flip(fx, "met", "2025-12-07");
    assert_int_equal(store_data_generation(fx->s, gen, &err), 0);
    candidates_same(fx, gen, &fx->today, &read, &again);
    assert_int_equal(read, n);
    store_candidates_kept_clear();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(schema_is_current), cmocka_unit_test(migrations_in_order),
        cmocka_unit_test(missing_database_is_not_created),
        cmocka_unit_test(reference_bodies), cmocka_unit_test(reference_merge),
        cmocka_unit_test(reference_merge_errors),
        cmocka_unit_test(reference_merge_leaves_old_databases), cmocka_unit_test(met_history),
        cmocka_unit_test(partial_dates_kept), cmocka_unit_test(decision_errors_change_nothing),
        cmocka_unit_test(decision_moves_body), cmocka_unit_test(sql_text_stored_verbatim),
        cmocka_unit_test_setup_teardown(bulk_insert_round_trips, bulk_setup, teardown),
        cmocka_unit_test(pg_migrations_match), cmocka_unit_test(pg_placeholders),
        cmocka_unit_test_setup_teardown(pg_search_vector_same_as_014, vector_setup, teardown),
        cmocka_unit_test_setup_teardown(synth_batches_as_triggers, vector_setup, teardown),
        cmocka_unit_test_setup_teardown(synth_failure_keeps_what_it_says, vector_setup, teardown),
        cmocka_unit_test_setup_teardown(synth_side_failure_keeps_nothing, vector_setup, teardown),
        cmocka_unit_test_setup_teardown(synth_keeps_grants, vector_setup, teardown),
        cmocka_unit_test_setup_teardown(synth_fires_insert_triggers, vector_setup, teardown),
        cmocka_unit_test_setup_teardown(synth_one_at_a_time, vector_setup, teardown),
        cmocka_unit_test_setup_teardown(predecessors_read_an_index, vector_setup, teardown),
        cmocka_unit_test_setup_teardown(bulk_prepare_then_send, bulk_setup, teardown),
        cmocka_unit_test_setup_teardown(bulk_freeze, bulk_setup, teardown),
        cmocka_unit_test(deadline_snapshots_agree), cmocka_unit_test(candidate_snapshots_agree),
        cmocka_unit_test(cache_bodies_shared), cmocka_unit_test(blob_keeps_what_is_made_from_it), cmocka_unit_test(phase_model_never_drops_frameworks),
        cmocka_unit_test(body_rows_follow_the_trail),
        cmocka_unit_test(body_counts_follow_the_day),
        cmocka_unit_test(candidates_follow_the_trail),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
