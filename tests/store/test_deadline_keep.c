/* test_deadline_keep.c: store_deadline_rows_at (store/deadline_keep.h), the
 * deadlines' rows kept across generations, on SQLite or (OVERSIGHT_TEST_PG)
 * PostgreSQL. After random writes to a few bodies (recommendations added,
 * closed, their deadlines revised; plan items added and done; reports
 * published and answered; a body renamed), each appending a trail entry of
 * its body as every store write does, the rows kept plus the bodies the
 * trail names read again are, row by row and at every limit tried, the
 * rows a fresh store_deadline_rows reads; only the bodies named are read
 * again, and the set is read whole after 8 splices in a row, after an
 * entry under no body, for a generation older than the one kept, and when
 * the generation kept is not on the trail (another hash). Body codes whose
 * byte order is not their insertion order, and due days shared by several
 * bodies, so that the splice must place ties exactly. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/store.h"
#include "store/audit.h"
#include "store/cache.h"
#include "store/deadlines.h"
#include "store/deadline_keep.h"
#include "support/support.h"

#define TODAY "2025-01-15"
#define BEFORE "2025-03-01"
#define CUT "2024-12-01"
#define NBODIES 7

static const char *const CODES[NBODIES] = {"zz-t", "ab-t", "a1-t", "a-b-t", "b-t", "k0-t", "k-t"};
static long long ids[NBODIES];
static long long plans[NBODIES];
static unsigned seed = 12345;

static unsigned rnd(unsigned n)
{
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % n;
}

static void ok(int rc, ov_error_t *err, const char *what)
{
    if (rc != 0) fail_msg("%s: %s", what, err->message);
}

static void exec(store_t *s, long long *id, const char *sql, const char *types, ...);

/* A trail entry of body b (0: under no body), in its own transaction, as
 * every store write appends one. */
static void audit(store_t *s, long long b)
{
    ov_error_t err = {0};
    store_tx_t tx;
    ok(store_tx_begin(s, &tx, &err), &err, "begin");
    int rc = store_audit_append(s, "update", b ? "recommendations" : "themes", 1, b, NULL, NULL, &err);
    ok(store_tx_end(s, &tx, rc, &err), &err, "audit");
}

static void exec(store_t *s, long long *id, const char *sql, const char *types, ...)
{
    ov_error_t err = {0};
    va_list ap;
    va_start(ap, types);
    /* store_exec takes its arguments as varargs: up to four, by type */
    const char *a[4] = {0};
    long long n[4] = {0};
    for (int i = 0; types[i]; i++) {
        if (types[i] == 'i') n[i] = va_arg(ap, long long);
        else a[i] = va_arg(ap, const char *);
    }
    va_end(ap);
    int rc = -1;
    if (strcmp(types, "i") == 0) rc = store_exec(s, NULL, id, &err, sql, types, n[0]);
    else if (strcmp(types, "is") == 0) rc = store_exec(s, NULL, id, &err, sql, types, n[0], a[1]);
    else if (strcmp(types, "si") == 0) rc = store_exec(s, NULL, id, &err, sql, types, a[0], n[1]);
    else if (strcmp(types, "iss") == 0) rc = store_exec(s, NULL, id, &err, sql, types, n[0], a[1], a[2]);
    else if (strcmp(types, "isss") == 0) rc = store_exec(s, NULL, id, &err, sql, types, n[0], a[1], a[2], a[3]);
    else if (strcmp(types, "ss") == 0) rc = store_exec(s, NULL, id, &err, sql, types, a[0], a[1]);
    else fail_msg("types %s", types);
    ok(rc, &err, sql);
}

static const char *day(void)
{
    /* a few days only, shared by the bodies; some at month or year precision */
    static const char *const D[] = {"2024-11-03", "2025-01-10", "2025-01-15", "2025-01-20", "2025-02", "2025",
                                    "2025-02-10", "2025-02-28", "2025-03-01", "2024-12"};
    return D[rnd(sizeof D / sizeof D[0])];
}

/* One random write to body i, then its trail entry. */
static void write_body(store_t *s, int i)
{
    long long b = ids[i], id = 0;
    char num[32];
    switch (rnd(7)) {
    case 0:
    case 1:
        snprintf(num, sizeof num, "%s-%u", CODES[i], rnd(100000));
        exec(s, NULL,
             "INSERT INTO recommendations (body_id, number, addressee, text, issued_on, original_deadline, status)"
             " VALUES (?1, ?2, 'CC', 'T', ?3, ?4, 'open')",
             "isss", b, num, rnd(4) ? "2024-06-01" : "2025-01-16", day());
        break;
    case 2:   /* the body's first open recommendation closed today or later */
        exec(s, NULL,
             "UPDATE recommendations SET status = 'closed', closed_on = ?2 WHERE id = (SELECT min(id) FROM"
             " recommendations WHERE body_id = ?1 AND status <> 'closed')",
             "is", b, rnd(2) ? "2025-01-15" : "2025-01-20");
        break;
    case 3:   /* a deadline revised */
        exec(s, NULL,
             "INSERT INTO deadline_revisions (recommendation_id, previous_deadline, new_deadline, reason, agreed_by,"
             " agreed_on) SELECT id, NULL, ?2, 'r', 'a', '2025-01-01' FROM recommendations WHERE id ="
             " (SELECT max(id) FROM recommendations WHERE body_id = ?1)",
             "is", b, day());
        break;
    case 4:   /* a plan item, or one done */
        if (rnd(2))
            exec(s, NULL, "INSERT INTO plan_items (plan_id, kind, text, target_date) VALUES (?1, 'key_action', ?2, ?3)",
                 "iss", plans[i], CODES[i], day());
        else
            exec(s, NULL,
                 "UPDATE plan_items SET rag = 'complete', completed_on = '2025-01-02' WHERE id = (SELECT min(id) FROM"
                 " plan_items WHERE plan_id = ?1 AND completed_on IS NULL)",
                 "i", plans[i]);
        break;
    case 5:   /* a report published, or answered */
        if (rnd(2)) {
            exec(s, &id, "INSERT INTO inspections (body_id, kind, title, published_on) VALUES (?1, 'peel', ?2, ?3)", "iss",
                 b, CODES[i], rnd(2) ? "2024-10-01" : "2024-11-15");
        } else {
            exec(s, NULL,
                 "INSERT INTO pcc_responses (inspection_id, body_id, published_on) SELECT id, body_id, '2025-01-05'"
                 " FROM inspections WHERE id = (SELECT min(i.id) FROM inspections i WHERE i.body_id = ?1 AND"
                 " NOT EXISTS (SELECT 1 FROM pcc_responses r WHERE r.inspection_id = i.id))",
                 "i", b);
        }
        break;
    default: {   /* renamed */
        char name[64];
        snprintf(name, sizeof name, "%s %u", CODES[i], rnd(1000));
        exec(s, NULL, "UPDATE bodies SET name = ?1 WHERE id = ?2", "si", name, b);
    }
    }
    audit(s, b);
}

static int same_text(const char *x, const char *y) { return (!x && !y) || (x && y && strcmp(x, y) == 0); }

/* The rows kept at generation gen equal a fresh read, at several limits;
 * info of the first call in *info. kept: the set made by the first call is
 * kept (not for a generation older than the one kept), so the others read
 * nothing. */
static void kept_is_fresh_at(store_t *s, const char *gen, store_dl_keep_info_t *info, int kept_after)
{
    static const long long LIMITS[] = {100000, 1, 3, 17, 40};
    for (size_t l = 0; l < sizeof LIMITS / sizeof LIMITS[0]; l++) {
        ov_error_t err = {0};
        store_due_rows_t kept, fresh;
        store_dl_kept_t *hold = NULL;
        store_dl_keep_info_t got;
        ok(store_deadline_rows_at(s, gen, TODAY, BEFORE, CUT, LIMITS[l], &kept, &hold, &got, &err), &err, "kept");
        if (l == 0) *info = got;
        else if (kept_after) assert_int_equal(got.read, 0);   /* the same generation: nothing read */
        ok(store_deadline_rows(s, NULL, TODAY, BEFORE, CUT, LIMITS[l], NULL, 0, &fresh, &err), &err, "fresh");
        if (kept.n != fresh.n) fail_msg("limit %lld: %zu rows kept, %zu fresh", LIMITS[l], kept.n, fresh.n);
        for (size_t i = 0; i < kept.n; i++) {
            const rules_due_row_t *x = &kept.v[i], *y = &fresh.v[i];
            if (x->kind != y->kind || x->id != y->id || x->cause_ordinal != y->cause_ordinal || !same_text(x->code, y->code)
                || !same_text(x->name, y->name) || !same_text(x->body_kind, y->body_kind)
                || !same_text(x->number, y->number) || !same_text(x->issued_on, y->issued_on)
                || !same_text(x->deadline, y->deadline) || !same_text(x->status, y->status)
                || !same_text(x->closed_on, y->closed_on) || !same_text(x->text, y->text)
                || !same_text(x->target_date, y->target_date) || !same_text(x->rag, y->rag)
                || !same_text(x->completed_on, y->completed_on) || !same_text(x->title, y->title)
                || !same_text(x->published_on, y->published_on) || !same_text(x->pcc_response_on, y->pcc_response_on))
                fail_msg("limit %lld row %zu: kept %d %s:%lld (%s), fresh %d %s:%lld (%s)", LIMITS[l], i, x->kind,
                         x->code, x->id, x->name, y->kind, y->code, y->id, y->name);
        }
        store_due_rows_free(&kept);
        store_due_rows_free(&fresh);
        store_dl_kept_release(hold);
    }
}

static void kept_is_fresh(store_t *s, const char *gen, store_dl_keep_info_t *info)
{
    kept_is_fresh_at(s, gen, info, 1);
}

static void now(store_t *s, char gen[STORE_GEN_MAX])
{
    ov_error_t err = {0};
    ok(store_data_generation(s, gen, &err), &err, "generation");
}

static void kept_plus_trail_is_fresh(void **state)
{
    (void)state;
    t_site_t site;
    assert_int_equal(t_site_init(&site, "keep.db", T_SITE_INIT), 0);
    store_t *s = NULL;
    ov_error_t err = {0};
    ok(store_open(site.db, STORE_OPEN_EXISTING, &s, &err), &err, "open");
    store_thread_actor_set("test");
    store_dl_kept_clear();
    for (int i = 0; i < NBODIES; i++) {
        exec(s, &ids[i], "INSERT INTO bodies (code, name, kind, phase) VALUES (?1, ?2, 'police', 'scan')", "ss", CODES[i],
             CODES[i]);
        exec(s, &plans[i], "INSERT INTO plans (body_id, name) VALUES (?1, 'plan')", "i", ids[i]);
        for (int k = 0; k < 24; k++) write_body(s, i);
    }
    audit(s, 0);
    char gen[STORE_GEN_MAX], old[STORE_GEN_MAX];
    now(s, gen);
    store_dl_keep_info_t info;
    kept_is_fresh(s, gen, &info);
    assert_true(info.whole);
    if (info.kept < 40) fail_msg("%zu rows kept", info.kept);
    assert_int_equal(info.read, info.kept);
    size_t splices = 0;
    for (int round = 0; round < 40; round++) {
        /* one to three bodies written, each once or twice */
        int named[NBODIES] = {0}, nnamed = 0;
        for (unsigned k = 1 + rnd(3); k > 0; k--) {
            int i = (int)rnd(NBODIES);
            for (unsigned w = 1 + rnd(2); w > 0; w--) write_body(s, i);
            nnamed += !named[i];
            named[i] = 1;
        }
        snprintf(old, sizeof old, "%s", gen);
        now(s, gen);
        kept_is_fresh(s, gen, &info);
        if (splices == 8) {   /* 8 splices in a row: whole */
            assert_true(info.whole);
            splices = 0;
        } else {
            if (info.whole) fail_msg("round %d: read whole", round);
            assert_int_equal(info.bodies, nnamed);
            splices++;
        }
    }

    /* an entry under no body: whole */
    write_body(s, 2);
    audit(s, 0);
    now(s, gen);
    kept_is_fresh(s, gen, &info);
    assert_true(info.whole);
    /* an older generation than the one kept: whole (and the newer stays) */
    kept_is_fresh_at(s, old, &info, 0);
    assert_true(info.whole);
    write_body(s, 3);
    now(s, gen);
    kept_is_fresh(s, gen, &info);
    assert_false(info.whole);
    assert_int_equal(info.bodies, 1);
    /* kept at a generation of another trail (its hash; after a restore,
     * another database): read whole, and from it, after a write, whole
     * again (its entry is not on this trail) */
    char other[STORE_GEN_MAX];
    write_body(s, 4);
    now(s, gen);
    snprintf(other, sizeof other, "%lld:%064d", strtoll(gen, NULL, 10), 7);
    store_dl_kept_clear();
    store_due_rows_t rows;
    store_dl_kept_t *hold = NULL;
    ok(store_deadline_rows_at(s, other, TODAY, BEFORE, CUT, 10, &rows, &hold, &info, &err), &err, "other");
    assert_true(info.whole);
    store_due_rows_free(&rows);
    store_dl_kept_release(hold);
    write_body(s, 4);
    now(s, gen);
    kept_is_fresh(s, gen, &info);
    assert_true(info.whole);
    /* another day: whole */
    ok(store_deadline_rows_at(s, gen, "2025-01-16", BEFORE, CUT, 10, &rows, &hold, &info, &err), &err, "day");
    assert_true(info.whole);
    store_due_rows_free(&rows);
    store_dl_kept_release(hold);
    /* and the first day still kept: nothing read */
    kept_is_fresh(s, gen, &info);
    assert_int_equal(info.read, 0);

    store_dl_kept_clear();
    store_close(s);
    t_site_stop(&site);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kept_plus_trail_is_fresh),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
