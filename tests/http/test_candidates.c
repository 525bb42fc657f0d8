/* test_candidates.c: GET /api/v1/engage-candidates, byte for byte. The
 * replies are compared with ones stored in tests/http/expected/candidates/,
 * written by the release before the candidates were computed on plain rows
 * and written by the streaming writer (jansson trees both sides, then): the
 * same database, the same bytes. On the demo database and on a synthetic
 * one (`oversight synth`, same seed, same rows), with days before and after
 * returns to Scan, pages, and on either backend (OVERSIGHT_TEST_PG).
 *
 * OVERSIGHT_EXPECT_WRITE=1 writes the files instead of comparing (with
 * OVERSIGHT_BIN naming the binary that should write them). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support/support.h"

static t_site_t DEMO, SYN;
static struct {
    char analyst[160], demo_analyst[160];
} FX;

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&DEMO, "ca-demo.db", T_SITE_DEMO) != 0 || t_site_init(&SYN, "ca-syn.db", T_SITE_INIT) != 0) return -1;
    char *argv[] = {(char *)t_bin(), "synth", "--db", SYN.db, "--bodies", "200", "--recommendations", "2000",
                    "--progress", "1000", "--seed", "1", NULL};
    t_run_t r;
    if (t_run(argv, NULL, &r) != 0 || r.status != 0) {
        fprintf(stderr, "synth: %s\n", r.err ? r.err : "");
        t_run_free(&r);
        return -1;
    }
    t_run_free(&r);
    if (t_user_bearer(DEMO.db, "ana", "analyst", NULL, FX.demo_analyst)
        || t_user_bearer(SYN.db, "ana", "analyst", NULL, FX.analyst))
        return -1;
    if (t_site_serve(&DEMO, t_today) != 0 || t_site_serve(&SYN, t_today) != 0) return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    int a = t_site_stop(&DEMO), b = t_site_stop(&SYN);
    return a || b ? -1 : 0;
}

/* GET path as auth on site: 200 and the stored reply `name`, byte for byte. */
static void same_bytes(const t_site_t *site, const char *auth, const char *path, const char *name)
{
    t_http_t r;
    char file[1024];
    snprintf(file, sizeof file, "%s/tests/http/expected/candidates/%s.json", t_src(), name);
    t_get(site, path, auth, 200, &r);
    char ct[128] = "";
    t_http_header(&r, "Content-Type", ct, sizeof ct);
    assert_string_equal(ct, "application/json");
    if (getenv("OVERSIGHT_EXPECT_WRITE")) {
        FILE *f = fopen(file, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(r.body, 1, r.len, f), r.len);
        assert_int_equal(fclose(f), 0);
        t_http_free(&r);
        return;
    }
    FILE *f = fopen(file, "rb");
    assert_non_null(f);
    char *want = malloc(r.len + 2);
    assert_non_null(want);
    size_t n = fread(want, 1, r.len + 1, f);
    fclose(f);
    if (n != r.len || memcmp(want, r.body, n) != 0) {
        size_t at = 0;
        while (at < n && at < r.len && want[at] == r.body[at]) at++;
        fprintf(stderr, "%s: %zu bytes, %zu stored; first difference at byte %zu:\n  got  %.120s\n  want %.120s\n", path,
                r.len, n, at, r.body + (at > 40 ? at - 40 : 0), want + (at > 40 ? at - 40 : 0));
        fail();
    }
    free(want);
    t_http_free(&r);
}

static void demo_database(void **state)
{
    (void)state;
    same_bytes(&DEMO, FX.demo_analyst, "/api/v1/engage-candidates", "demo-today");
    same_bytes(&DEMO, FX.demo_analyst, "/api/v1/engage-candidates?as_of=2022-06-01", "demo-2022-06-01");
    same_bytes(&DEMO, FX.demo_analyst, "/api/v1/engage-candidates?as_of=2024-06-01", "demo-2024-06-01");
    /* after the Met's return to Scan (returned_on, facts before it cut) */
    same_bytes(&DEMO, FX.demo_analyst, "/api/v1/engage-candidates?limit=5&offset=10", "demo-page");
    same_bytes(&DEMO, FX.demo_analyst, "/api/v1/engage-candidates?as_of=2019-01-01", "demo-2019-01-01");
}

static void synthetic_database(void **state)
{
    (void)state;
    same_bytes(&SYN, FX.analyst, "/api/v1/engage-candidates", "syn-today");
    same_bytes(&SYN, FX.analyst, "/api/v1/engage-candidates?as_of=2026-12-05&limit=25", "syn-first");
    same_bytes(&SYN, FX.analyst, "/api/v1/engage-candidates?as_of=2026-12-05&limit=30&offset=60", "syn-deep");
    same_bytes(&SYN, FX.analyst, "/api/v1/engage-candidates?as_of=2024-06-01", "syn-2024-06-01");
    same_bytes(&SYN, FX.analyst, "/api/v1/engage-candidates?as_of=2021-03-15", "syn-2021-03-15");
    same_bytes(&SYN, FX.analyst, "/api/v1/engage-candidates?as_of=2026-12-05&offset=5000", "syn-past-end");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(demo_database),
        cmocka_unit_test(synthetic_database),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
