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
static void listed(store_t *s, const char *code, long long limit, char *out, size_t size)
{
    store_due_rows_t rows;
    ov_error_t err = {0};
    if (store_deadline_rows(s, code, "2025-01-15", "2026-01-01", "2025-01-01", limit, NULL, 0, &rows, &err) != 0)
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
    size_t nwant = sizeof want / sizeof want[0];
    char got[2048], expect[2048];
    for (size_t limit = 1; limit <= nwant + 1; limit++) {
        expect[0] = 0;
        for (size_t i = 0; i < limit && i < nwant; i++) {
            size_t len = strlen(expect);
            snprintf(expect + len, sizeof expect - len, "%s%s", len ? " " : "", want[i]);
        }
        listed(s, NULL, (long long)limit, got, sizeof got);
        if (strcmp(got, expect) != 0) fail_msg("limit %zu:\n got  %s\n want %s", limit, got, expect);
    }
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(limits_cut_the_one_order),
        cmocka_unit_test(query_each_num_reads_integers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
