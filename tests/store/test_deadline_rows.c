/* test_deadline_rows.c: store_deadline_rows, the recommendations the
 * deadlines list reads (GET /api/v1/deadlines, the work and board pages),
 * on SQLite or (OVERSIGHT_TEST_PG) PostgreSQL, at the edges the SQL and C
 * share since #18 item 1: the open tests compare a date kept at its
 * precision with today without joining its first day (deadline_sql.h), the
 * walk stops at the limit in due order only and reads the day it cut again,
 * and one day's rows are ordered by body code (bytes: "a-b" < "a1" < "ab")
 * in C, then by issued_on and id; a cause's ordinal among its body's
 * causes is counted in C from one read of them. Every limit from 1 to all must give the
 * first `limit` rows of the one expected order. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "store/store.h"
#include "store/deadlines.h"
#include "store/deadline_sql.h"
#include "support/support.h"

static long long body(store_t *s, const char *code)
{
    long long id = 0;
    ov_error_t err = {0};
    if (store_exec(s, NULL, &id, &err, "INSERT INTO bodies (code, name, kind, phase) VALUES (?1, ?2, 'police', 'scan')",
                   "ss", code, code)
        != 0)
        fail_msg("body %s: %s", code, err.message);
    return id;
}

/* A recommendation of body b (number = its name in the test). */
static long long rec(store_t *s, long long b, const char *number, const char *issued, const char *deadline,
                     const char *status, const char *closed)
{
    long long id = 0;
    ov_error_t err = {0};
    if (store_exec(s, NULL, &id, &err,
                   "INSERT INTO recommendations (body_id, number, addressee, text, issued_on, original_deadline, status,"
                   " closed_on) VALUES (?1, ?2, 'CC', 'T', ?3, ?4, ?5, ?6)",
                   "isssss", b, number, issued, deadline, status, closed)
        != 0)
        fail_msg("recommendation %s: %s", number, err.message);
    return id;
}

/* A cause of body b issued on `issued`, given to recommendation r. */
static long long cause(store_t *s, long long b, const char *issued, long long r)
{
    long long id = 0;
    ov_error_t err = {0};
    if (store_exec(s, NULL, &id, &err, "INSERT INTO causes_of_concern (body_id, text, issued_on) VALUES (?1, 'C', ?2)", "is",
                   b, issued) != 0
        || (r && store_exec(s, NULL, NULL, &err, "UPDATE recommendations SET cause_id = ?1 WHERE id = ?2", "ii", id, r) != 0))
        fail_msg("cause: %s", err.message);
    return id;
}

/* The numbers of the recommendations read, joined by spaces
 * ("code:number", then "#n" when it names its body's cause n). */
static void listed_on(store_t *s, const char *today, const char *code, long long limit, char *out, size_t size)
{
    store_due_rows_t rows;
    ov_error_t err = {0};
    if (store_deadline_rows(s, code, today, "2026-01-01", "2025-01-01", limit, NULL, 0, &rows, &err) != 0)
        fail_msg("rows: %s", err.message);
    out[0] = 0;
    for (size_t i = 0; i < rows.n; i++) {
        if (rows.v[i].kind != RULES_DUE_RECOMMENDATION) continue;
        size_t len = strlen(out);
        snprintf(out + len, size - len, "%s%s:%s", len ? " " : "", rows.v[i].code, rows.v[i].number);
        if (rows.v[i].cause_ordinal) {
            len = strlen(out);
            snprintf(out + len, size - len, "#%d", rows.v[i].cause_ordinal);
        }
    }
    store_due_rows_free(&rows);
}

static void listed(store_t *s, const char *code, long long limit, char *out, size_t size)
{
    listed_on(s, "2025-01-15", code, limit, out, size);
}

/* For every limit from 1 to past the end, the first `limit` of want[0..n)
 * (as listed_on shows them) read as of today. */
static void each_limit(store_t *s, const char *today, const char *const *want, size_t nwant)
{
    char got[2048], expect[2048];
    for (size_t limit = 1; limit <= nwant + 1; limit++) {
        expect[0] = 0;
        for (size_t i = 0; i < limit && i < nwant; i++) {
            size_t len = strlen(expect);
            snprintf(expect + len, sizeof expect - len, "%s%s", len ? " " : "", want[i]);
        }
        listed_on(s, today, NULL, (long long)limit, got, sizeof got);
        if (strcmp(got, expect) != 0) fail_msg("%s, limit %zu:\n got  %s\n want %s", today, limit, got, expect);
    }
}

static void limits_cut_the_one_order(void **state)
{
    (void)state;
    t_site_t site;
    assert_int_equal(t_site_init(&site, "rows.db", T_SITE_INIT), 0);
    store_t *s = NULL;
    ov_error_t err = {0};
    if (store_open(site.db, STORE_OPEN_EXISTING, &s, &err) != 0) fail_msg("open: %s", err.message);
    store_thread_actor_set("test");
    /* ids not in code order */
    long long z = body(s, "z"), ab = body(s, "ab"), a1 = body(s, "a1"), amb = body(s, "a-b"), b = body(s, "b");

    /* today 2025-01-15: the open tests at each precision */
    rec(s, b, "closed-today", "2024-01-01", "2025-02-01", "closed", "2025-01-15");
    rec(s, b, "closed-month", "2024-01-01", "2025-02-01", "closed", "2025-01");
    rec(s, b, "closed-year", "2024-01-01", "2025-02-01", "closed", "2025");
    rec(s, b, "closed-later", "2024-01-01", "2025-02-01", "closed", "2025-01-16");
    rec(s, b, "closed-next-month", "2024-01-01", "2025-02-01", "closed", "2025-02");
    rec(s, b, "issued-tomorrow", "2025-01-16", "2025-02-01", "open", NULL);
    rec(s, b, "issued-next-month", "2025-02", "2025-02-01", "open", NULL);
    rec(s, b, "issued-next-year", "2026", "2025-02-01", "open", NULL);
    rec(s, b, "issued-month", "2025-01", "2025-02-01", "open", NULL);
    rec(s, b, "issued-year", "2025", "2025-02-01", "open", NULL);
    rec(s, b, "issued-today", "2025-01-15", "2025-02-01", "in_progress", NULL);

    /* one day (2025-03-01, one as a month) over four bodies, inserted out of order */
    long long z1 = rec(s, z, "z1", "2024-01-01", "2025-03-01", "open", NULL);
    long long ab_late = rec(s, ab, "ab-late", "2024-06-01", "2025-03", "open", NULL);
    long long ab_early = rec(s, ab, "ab-early", "2024-01-01", "2025-03-01", "open", NULL);
    rec(s, amb, "amb1", "2024-01-01", "2025-03-01", "open", NULL);
    rec(s, a1, "a1-1", "2024-01-01", "2025-03-01", "open", NULL);
    rec(s, ab, "ab-early-2", "2024-01-01", "2025-03-01", "open", NULL);
    rec(s, a1, "a1-2", "2024-01-01", "2025-03", "open", NULL);
    /* later days and one past `before` */
    rec(s, z, "z-april", "2024-01-01", "2025-04", "open", NULL);
    rec(s, amb, "amb-year", "2024-01-01", "2025", "open", NULL);
    rec(s, amb, "amb-2026", "2024-01-01", "2026", "open", NULL);

    /* causes: the ordinal counts the body's own, by issued_on then id;
     * a cause of another body gives none */
    cause(s, ab, "2024-02-01", ab_late);
    cause(s, ab, "2024-01-01", 0);
    long long zc = cause(s, z, "2023-01-01", z1);
    store_exec(s, NULL, NULL, &err, "UPDATE recommendations SET cause_id = ?1 WHERE id = ?2", "ii", zc, ab_early);

    static const char *const want[] = {
        "a-b:amb-year",    "b:closed-later", "b:closed-next-month", "b:issued-year", "b:issued-month",
        "b:issued-today",  "a-b:amb1",       "a1:a1-1",             "a1:a1-2",        "ab:ab-early",
        "ab:ab-early-2",   "ab:ab-late#2",   "z:z1#1",                "z:z-april",
    };
    each_limit(s, "2025-01-15", want, sizeof want / sizeof want[0]);
    /* A day in the past: most of what is closed was still open. The
     * recommendations not closed and the ones closed after the day are two
     * walks (deadline_sql.h), each stopped at the limit: the closed ones
     * come first here, then both interleave, so either walk may stop first
     * and each day it cut is read again. */
    static const char *const want_past[] = {
        "a-b:amb-year",   "b:closed-today", "b:closed-month",   "b:closed-year", "b:closed-later", "b:closed-next-month",
        "a-b:amb1",       "a1:a1-1",        "a1:a1-2",          "ab:ab-early",   "ab:ab-early-2",  "ab:ab-late#2",
        "b:closed-march", "z:z1#1",         "b:closed-march-2", "z:z-april",
    };
    rec(s, b, "closed-march", "2023-01-01", "2025-03-01", "closed", "2025-01-02");
    rec(s, b, "closed-march-2", "2023-01-01", "2025-03-20", "closed", "2025-01-02");
    each_limit(s, "2024-12-31", want_past, sizeof want_past / sizeof want_past[0]);
    char got[2048];
    /* one body: its rows, in the same order */
    listed(s, "ab", 2, got, sizeof got);
    assert_string_equal(got, "ab:ab-early ab:ab-early-2");
    listed(s, "ab", 10, got, sizeof got);
    assert_string_equal(got, "ab:ab-early ab:ab-early-2 ab:ab-late#2");
    listed(s, "nobody", 10, got, sizeof got);
    assert_string_equal(got, "");
    store_close(s);
    t_site_stop(&site);
}

/* store_query_each_num, which these reads use: integers as integers,
 * text with its length, NULL as NULL, on either backend. */
typedef struct {
    int rows;
    long long a, d;
    size_t blen;
    const char *b_cell, *c_cell;
    char b[16];
} numrow_t;

static int take_num(void *ctx, const store_row_t *row, ov_error_t *err)
{
    (void)err;
    numrow_t *x = ctx;
    assert_int_equal(row->n, 4);
    x->rows++;
    x->a = row->num[0];
    assert_non_null(row->cell[0]);
    x->blen = row->len[1];
    snprintf(x->b, sizeof x->b, "%s", row->cell[1] ? row->cell[1] : "(null)");
    x->c_cell = row->cell[2];
    x->d = row->num[3];
    return 0;
}

static void query_each_num_reads_integers(void **state)
{
    (void)state;
    t_site_t site;
    assert_int_equal(t_site_init(&site, "num.db", T_SITE_INIT), 0);
    store_t *s = NULL;
    ov_error_t err = {0};
    if (store_open(site.db, STORE_OPEN_EXISTING, &s, &err) != 0) fail_msg("open: %s", err.message);
    numrow_t x = {0};
    if (store_query_each_num(s, &err, take_num, &x, 1u | 1u << 2 | 1u << 3,
                             "SELECT 42 AS a, ?1 AS b, NULL AS c, 9007199254740993 AS d", "s", "h\xc3\xa9llo")
        != 0)
        fail_msg("query: %s", err.message);
    assert_int_equal(x.rows, 1);
    assert_int_equal(x.a, 42);
    assert_string_equal(x.b, "h\xc3\xa9llo");
    assert_int_equal(x.blen, 6);
    assert_null(x.c_cell);
    assert_true(x.d == 9007199254740993LL);
    store_close(s);
    t_site_stop(&site);
}

/* The plan's text, every cell of every row joined. */
static int take_plan(void *ctx, const store_row_t *row, ov_error_t *err)
{
    (void)err;
    char *out = ctx;
    for (int c = 0; c < row->n; c++) {
        size_t len = strlen(out);
        if (row->cell[c] && len + row->len[c] + 2 < 4096) snprintf(out + len, 4096 - len, "%s|", row->cell[c]);
    }
    return 0;
}

static void plan_of(store_t *s, const char *sql, char plan[4096])
{
    char text[8192];
    ov_error_t err = {0};
    plan[0] = 0;
    snprintf(text, sizeof text, "%s%s", t_db_pg() ? "EXPLAIN " : "EXPLAIN QUERY PLAN ", sql);
    if (store_query_each(s, &err, take_plan, plan, text, "sssisi", "2025-01-15", "2026-01-01", NULL, 3001LL, NULL, 0LL) != 0)
        fail_msg("explain: %s", err.message);
}

/* The walks read the indexes made for them: the recommendations not
 * closed only 030's partial index (no entry of a closed one visited), the
 * ones closed after today 027's (a range from today, not 026's whole
 * index in due order). On PostgreSQL, whose choice follows row counts,
 * with sequential scans off and the same few rows. */
static void walks_read_their_indexes(void **state)
{
    (void)state;
    t_site_t site;
    assert_int_equal(t_site_init(&site, "plan.db", T_SITE_INIT), 0);
    store_t *s = NULL;
    ov_error_t err = {0};
    if (store_open(site.db, STORE_OPEN_EXISTING, &s, &err) != 0) fail_msg("open: %s", err.message);
    if (t_db_pg() && store_exec(s, NULL, NULL, &err, "SET enable_seqscan = off", "") != 0) fail_msg("set: %s", err.message);
    char plan[4096];
    plan_of(s, DL_RECS_NOT_CLOSED_OF(DL_ROWS_REC_COLUMNS), plan);
    if (!strstr(plan, "recommendations_open_by_due")) fail_msg("the open walk: %s", plan);
    if (!t_db_pg() && !strstr(plan, "COVERING INDEX recommendations_open_by_due")) fail_msg("the open walk reads rows: %s", plan);
    plan_of(s, DL_RECS_CLOSED_LATER_OF(DL_ROWS_REC_COLUMNS), plan);
    if (!strstr(plan, "recommendations_closed_by_day")) fail_msg("the walk of the closed after today: %s", plan);
    store_close(s);
    t_site_stop(&site);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(limits_cut_the_one_order),
        cmocka_unit_test(walks_read_their_indexes),
        cmocka_unit_test(query_each_num_reads_integers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
