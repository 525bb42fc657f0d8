/* test_tx.c: store_tx_begin / store_tx_end, on either backend: the outermost
 * call owns the transaction; a nested one neither commits nor rolls back. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "store/store.h"
#include "support/support.h"

typedef struct {
    t_site_t site;       /* a temp dir and a fresh database (site.db) */
    store_t *s;
} fx_t;

static int setup(void **state)
{
    static fx_t fx;
    memset(&fx, 0, sizeof fx);
    if (t_site_init(&fx.site, "t.db", T_SITE_EMPTY) != 0) return -1;
    ov_error_t err = {0};
    if (store_open(fx.site.db, STORE_OPEN_CREATE, &fx.s, &err) != 0) return -1;
    if (store_exec(fx.s, NULL, NULL, &err, "CREATE TABLE tx_probe (id INTEGER PRIMARY KEY, v TEXT)", NULL) != 0)
        return -1;
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

static long long probe_rows(fx_t *fx)
{
    json_t *row = NULL;
    ov_error_t err = {0};
    assert_int_equal(store_query_one(fx->s, &row, &err, "", "SELECT count(*) AS n FROM tx_probe", NULL), 0);
    long long n = json_integer_value(json_object_get(row, "n"));
    json_decref(row);
    return n;
}

static void probe_insert(fx_t *fx, long long id)
{
    ov_error_t err = {0};
    assert_int_equal(store_exec(fx->s, NULL, NULL, &err, "INSERT INTO tx_probe (id, v) VALUES (?, 'x')", "i", id), 0);
}

static void probe_clear(fx_t *fx)
{
    ov_error_t err = {0};
    assert_int_equal(store_exec(fx->s, NULL, NULL, &err, "DELETE FROM tx_probe", NULL), 0);
}

static void outermost_commits(void **state)
{
    fx_t *fx = *state;
    probe_clear(fx);
    ov_error_t err = {0};
    store_tx_t tx;
    unsigned long long commits = store_commits();
    assert_int_equal(store_tx_begin(fx->s, &tx, &err), 0);
    assert_true(store_in_transaction(fx->s));
    probe_insert(fx, 1);
    assert_int_equal(store_tx_end(fx->s, &tx, 0, &err), 0);
    assert_false(store_in_transaction(fx->s));
    assert_int_equal(store_commits(), commits + 1);
    assert_int_equal(probe_rows(fx), 1);
}

static void outermost_error_rolls_back(void **state)
{
    fx_t *fx = *state;
    probe_clear(fx);
    ov_error_t err = {0};
    store_tx_t tx;
    assert_int_equal(store_tx_begin(fx->s, &tx, &err), 0);
    probe_insert(fx, 1);
    assert_int_equal(store_tx_end(fx->s, &tx, OV_EINVALID, &err), OV_EINVALID);
    assert_false(store_in_transaction(fx->s));
    assert_int_equal(probe_rows(fx), 0);
}

/* The inner call joins: its end, ok or not, leaves the outer one open. */
static void nested_neither_commits_nor_rolls_back(void **state)
{
    fx_t *fx = *state;
    probe_clear(fx);
    ov_error_t err = {0};
    store_tx_t outer, inner, inner2;
    unsigned long long commits = store_commits();
    assert_int_equal(store_tx_begin(fx->s, &outer, &err), 0);
    probe_insert(fx, 1);
    assert_int_equal(store_tx_begin(fx->s, &inner, &err), 0);
    probe_insert(fx, 2);
    assert_int_equal(store_tx_end(fx->s, &inner, 0, &err), 0);
    assert_true(store_in_transaction(fx->s));
    assert_int_equal(store_commits(), commits);
    assert_int_equal(store_tx_begin(fx->s, &inner2, &err), 0);
    assert_int_equal(store_tx_end(fx->s, &inner2, OV_ECONFLICT, &err), OV_ECONFLICT);
    assert_true(store_in_transaction(fx->s));
    assert_int_equal(probe_rows(fx), 2);
    assert_int_equal(store_tx_end(fx->s, &outer, 0, &err), 0);
    assert_false(store_in_transaction(fx->s));
    assert_int_equal(store_commits(), commits + 1);
    assert_int_equal(probe_rows(fx), 2);
}

/* An inner error handed up rolls the outer transaction back, inner rows too. */
static void nested_error_rolls_back_outer(void **state)
{
    fx_t *fx = *state;
    probe_clear(fx);
    ov_error_t err = {0};
    store_tx_t outer, inner;
    assert_int_equal(store_tx_begin(fx->s, &outer, &err), 0);
    probe_insert(fx, 1);
    assert_int_equal(store_tx_begin(fx->s, &inner, &err), 0);
    probe_insert(fx, 2);
    int rc = store_tx_end(fx->s, &inner, OV_ESTALE, &err);
    assert_int_equal(rc, OV_ESTALE);
    assert_int_equal(store_tx_end(fx->s, &outer, rc, &err), OV_ESTALE);
    assert_false(store_in_transaction(fx->s));
    assert_int_equal(probe_rows(fx), 0);
}

/* Inside a transaction opened with store_begin, the helper only joins. */
static void joins_a_plain_begin(void **state)
{
    fx_t *fx = *state;
    probe_clear(fx);
    ov_error_t err = {0};
    store_tx_t tx;
    assert_int_equal(store_begin(fx->s, &err), 0);
    assert_int_equal(store_tx_begin(fx->s, &tx, &err), 0);
    probe_insert(fx, 1);
    assert_int_equal(store_tx_end(fx->s, &tx, 0, &err), 0);
    assert_true(store_in_transaction(fx->s));
    store_rollback(fx->s);
    assert_int_equal(probe_rows(fx), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(outermost_commits), cmocka_unit_test(outermost_error_rolls_back),
        cmocka_unit_test(nested_neither_commits_nor_rolls_back), cmocka_unit_test(nested_error_rolls_back_outer),
        cmocka_unit_test(joins_a_plain_begin),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
