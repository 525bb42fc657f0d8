/* test_two_servers.c: two `oversight serve` processes on one database.
 * The response cache (store/cache.h): a write through either server is
 * seen by the next read through both, cached or not; ETag / If-None-Match
 * give 304 only while nothing changed (SQLite file or PostgreSQL), and a
 * revoked token or disabled user is refused by both at once; with a lag
 * window (--cache-lag-ms) a server sees its own writes at once and the
 * other's within the window.
 * On PostgreSQL (OVERSIGHT_TEST_PG) also: writers race conflicting PATCHes
 * with the same If-Match to both servers at once: per version exactly one
 * succeeds, every other gets 412, and the row holds one writer's whole
 * change (no lost or half-applied update).
 * And on both: a write to one body leaves the cached replies about every
 * other body valid on both servers (cache hits), while the replies about
 * the body written to, and those under no body, are computed afresh.
 * And on both: the bodies list is made from one row per body kept across
 * generations: after a write to one body only its row is read again
 * (X-Rows-Read), the list shows the write at once through either server,
 * with a server without the cache's bytes; a write under no body, or a
 * rename (the order is the database's), makes it read whole.
 * And on both: the status board (anonymous) is kept like the list, made
 * from the same rows with each row's HTML kept: after a write to one body
 * it shows it at once through either server, having read that row only,
 * with the bytes of a server without the cache; a logged-in viewer's
 * board is never kept nor served to anyone else; /engage, /timeline and
 * /frameworks likewise (anonymous only, computed again after a write).
 * And on both: Engage candidates are ranked from a ranking kept across
 * generations: after a write to one body only it is scored again, with the
 * bytes of a server without the cache; a merge, a retirement and a new
 * body are scored alone; a write under no body, 33 bodies written, or a
 * grade moved to another body's inspection rank every body.
 * And on both: the deadlines list is made from rows kept across
 * generations: after a write to one body only its rows are read again,
 * through either server and a server without the response cache, with the
 * bytes of a server reading per request (whole, paged, another day); a
 * write under no body reads every row again.
 * And on both: the drafter of a letter and HMCI race to approve it through
 * both servers at once: HMCI's approval wins once, the drafter's never (the
 * four-eyes rule holds in the approving transaction).
 * And on both: many readers at once through one server, while writes are
 * committed through the other: each reader sees every write committed
 * before it sent its request (on PostgreSQL the readers are parked while
 * the shared generation read runs). On PostgreSQL also: with the
 * generation read held up (the trail locked), the requests waiting for it
 * hold no server thread, those whose clients closed are cleaned up, the
 * others are answered once it ends, and a server stopped meanwhile stops
 * cleanly. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "support/support.h"

#define WRITERS 8
#define OV_TSTR_(x) #x
#define OV_TSTR(x) OV_TSTR_(x)
#define ROUNDS 12

static t_site_t S;              /* the database; its servers are FX's */
static struct {
    t_server_t a, b;
    t_server_t c, d;              /* lag_window_bounds_staleness's; teardown stops them if it failed */
    char auth[200];
    const char *hmci[3];          /* headers of an HMCI's POST */
    char hmci_auth[200];
    char admin_auth[200];
} FX;

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "two.db", T_SITE_DEMO) != 0) return -1;
    if (t_user_bearer(S.db, "racer", "inspector", NULL, FX.auth) != 0) return -1;
    if (t_user_bearer(S.db, "chief", "hmci", NULL, FX.hmci_auth) != 0) return -1;
    if (t_user_bearer(S.db, "keeper", "admin", NULL, FX.admin_auth) != 0) return -1;
    FX.hmci[0] = FX.hmci_auth;
    FX.hmci[1] = "Content-Type: application/json";
    FX.hmci[2] = NULL;
    if (t_server_start(S.db, NULL, &FX.a) != 0) return -1;
    if (t_server_start(S.db, NULL, &FX.b) != 0) return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    /* a server that did not stop cleanly (a sanitizer's report) fails the group */
    int rc = 0;
    if (FX.a.pid && t_server_stop(&FX.a) != 0) rc = -1;
    if (FX.b.pid && t_server_stop(&FX.b) != 0) rc = -1;
    if (FX.c.pid) t_server_stop(&FX.c);   /* left by a failed test: already failing */
    if (FX.d.pid) t_server_stop(&FX.d);
    if (rc) fprintf(stderr, "a server did not stop cleanly\n");
    t_site_stop(&S);
    return rc;
}

typedef struct {
    int port;
    char path[96], body[256], if_match[64];
    long status;
} writer_t;

typedef struct {
    int port;
    const char *auth;
    char path[96];
    long status;
    char rule[32];                /* the problem's rule, "" if none */
} approver_t;

static void *approver(void *arg)
{
    approver_t *a = arg;
    const char *headers[] = {a->auth, NULL};
    t_http_t r;
    a->status = t_http(a->port, "POST", a->path, NULL, headers, &r) == 0 ? r.status : -1;
    json_t *j = r.body ? json_loads(r.body, 0, NULL) : NULL;
    const char *rule = json_string_value(json_object_get(j, "rule"));
    snprintf(a->rule, sizeof a->rule, "%s", rule ? rule : "");
    json_decref(j);
    t_http_free(&r);
    return NULL;
}

static void *writer(void *arg)
{
    writer_t *w = arg;
    char im[96];
    snprintf(im, sizeof im, "If-Match: %s", w->if_match);
    const char *headers[] = {FX.auth, im, "Content-Type: application/json", NULL};
    t_http_t r;
    w->status = t_http(w->port, "PATCH", w->path, w->body, headers, &r) == 0 ? r.status : -1;
    if (w->status != 200 && w->status != 412) fprintf(stderr, "PATCH -> %ld %s\n", w->status, r.body ? r.body : "");
    t_http_free(&r);
    return NULL;
}

static json_t *get(int port, const char *path)
{
    const char *headers[] = {FX.auth, NULL};
    t_http_t r;
    assert_int_equal(t_http(port, "GET", path, NULL, headers, &r), 0);
    assert_int_equal(r.status, 200);
    json_error_t je;
    json_t *j = json_loads(r.body, 0, &je);
    t_http_free(&r);
    assert_non_null(j);
    return j;
}

static void concurrent_patches_one_winner_per_version(void **state)
{
    (void)state;
    const char *headers[] = {FX.auth, "Content-Type: application/json", NULL};
    t_http_t r;
    assert_int_equal(t_http(FX.a.port, "POST", "/api/v1/inspections",
                            "{\"body\":\"kent\",\"kind\":\"peel\",\"title\":\"race\",\"summary\":\"race\"}", headers, &r), 0);
    assert_int_equal(r.status, 201);
    json_error_t je;
    json_t *created = json_loads(r.body, 0, &je);
    t_http_free(&r);
    assert_non_null(created);
    char path[96];
    snprintf(path, sizeof path, "/api/v1/inspections/%lld", (long long)json_integer_value(json_object_get(created, "id")));
    json_decref(created);

    for (int v = 1; v <= ROUNDS; v++) {
        writer_t w[WRITERS];
        pthread_t th[WRITERS];
        for (int k = 0; k < WRITERS; k++) {
            w[k].port = k % 2 ? FX.b.port : FX.a.port;
            snprintf(w[k].path, sizeof w[k].path, "%s", path);
            /* two fields from one writer: the row must never mix writers */
            snprintf(w[k].body, sizeof w[k].body, "{\"title\":\"round %d writer %d\",\"summary\":\"round %d writer %d\"}", v,
                     k, v, k);
            snprintf(w[k].if_match, sizeof w[k].if_match, "\"v%d\"", v);
            w[k].status = 0;
        }
        for (int k = 0; k < WRITERS; k++) assert_int_equal(pthread_create(&th[k], NULL, writer, &w[k]), 0);
        for (int k = 0; k < WRITERS; k++) pthread_join(th[k], NULL);
        int ok = 0, stale = 0, winner = -1;
        for (int k = 0; k < WRITERS; k++) {
            if (w[k].status == 200) { ok++; winner = k; }
            if (w[k].status == 412) stale++;
        }
        if (ok != 1 || stale != WRITERS - 1) fail_msg("round %d: %d succeeded, %d got 412 (want 1 and %d)", v, ok, stale, WRITERS - 1);
        /* both servers see the winner's whole change at the next version */
        char want[64];
        snprintf(want, sizeof want, "round %d writer %d", v, winner);
        for (int s = 0; s < 2; s++) {
            json_t *j = get(s ? FX.b.port : FX.a.port, path);
            assert_int_equal(json_integer_value(json_object_get(j, "version")), v + 1);
            assert_string_equal(json_string_value(json_object_get(j, "title")), want);
            assert_string_equal(json_string_value(json_object_get(j, "summary")), want);
            json_decref(j);
        }
    }
}

static void four_eyes_holds_across_servers(void **state)
{
    (void)state;
    const char *headers[] = {FX.auth, "Content-Type: application/json", NULL};
    for (int round = 0; round < 6; round++) {
        t_http_t r;
        /* the inspector drafts through one server */
        assert_int_equal(t_http(round % 2 ? FX.b.port : FX.a.port, "POST", "/api/v1/letters",
                                "{\"body\":\"kent\",\"kind\":\"revisit\"}", headers, &r), 0);
        assert_int_equal(r.status, 201);
        json_t *created = json_loads(r.body, 0, NULL);
        t_http_free(&r);
        assert_non_null(created);
        long long id = json_integer_value(json_object_get(created, "id"));
        json_decref(created);
        /* the drafter and HMCI each approve through both servers at once */
        approver_t a[4];
        pthread_t th[4];
        for (int k = 0; k < 4; k++) {
            a[k].port = k % 2 ? FX.b.port : FX.a.port;
            a[k].auth = k < 2 ? FX.auth : FX.hmci_auth;
            snprintf(a[k].path, sizeof a[k].path, "/api/v1/letters/%lld/approve", id);
            a[k].status = 0;
        }
        for (int k = 0; k < 4; k++) assert_int_equal(pthread_create(&th[k], NULL, approver, &a[k]), 0);
        for (int k = 0; k < 4; k++) pthread_join(th[k], NULL);
        int hmci_ok = 0;
        for (int k = 0; k < 4; k++) {
            if (k < 2) {
                /* the drafter: the rule, or (HMCI first) the letter is no longer a draft */
                if (!((a[k].status == 403 && strcmp(a[k].rule, "four-eyes") == 0) || a[k].status == 409))
                    fail_msg("round %d: the drafter's approval got %ld (rule '%s')", round, a[k].status, a[k].rule);
            } else if (a[k].status == 200) {
                hmci_ok++;
            } else if (a[k].status != 409) {
                fail_msg("round %d: HMCI's approval got %ld", round, a[k].status);
            }
        }
        if (hmci_ok != 1) fail_msg("round %d: %d of HMCI's approvals succeeded (want 1)", round, hmci_ok);
        /* both servers: approved once, by HMCI, at version 2 */
        for (int k = 0; k < 2; k++) {
            char path[64];
            snprintf(path, sizeof path, "/api/v1/letters/%lld", id);
            json_t *j = get(k ? FX.b.port : FX.a.port, path);
            assert_string_equal(json_string_value(json_object_get(j, "status")), "approved");
            assert_string_equal(json_string_value(json_object_get(j, "approved_by")), "chief");
            assert_string_equal(json_string_value(json_object_get(j, "created_by")), "racer");
            assert_int_equal(json_integer_value(json_object_get(j, "version")), 2);
            json_decref(j);
        }
    }
}

/* GET path on port with extra headers; the status, the ETag into etag
 * (size 96, "" if none) and the body (owned) into *body when wanted. */
static long get_raw(int port, const char *path, const char *auth, const char *inm, char etag[96], char **body)
{
    char h[160];
    snprintf(h, sizeof h, "If-None-Match: %s", inm ? inm : "");
    const char *headers[] = {auth ? auth : "X-None: 1", inm ? h : NULL, NULL};
    t_http_t r;
    assert_int_equal(t_http(port, "GET", path, NULL, headers, &r), 0);
    if (etag && t_http_header(&r, "ETag", etag, 96) != 0) etag[0] = '\0';
    long st = r.status;
    if (body) {
        *body = r.body;
        r.body = NULL;
    }
    t_http_free(&r);
    return st;
}

/* A recommendation for Kent, written through server A (201 or the test fails). */
static void add_kent_recommendation(const char *number, const char *text)
{
    const char *headers[] = {FX.auth, "Content-Type: application/json", NULL};
    char body[512];
    snprintf(body, sizeof body,
             "{\"body\":\"kent\",\"number\":\"%s\",\"addressee\":\"Kent Police\",\"text\":\"%s\","
             "\"issued_on\":\"2025-01-01\",\"original_deadline\":\"2029-06-30\"}",
             number, text);
    t_http_t r;
    assert_int_equal(t_http(FX.a.port, "POST", "/api/v1/recommendations", body, headers, &r), 0);
    if (r.status != 201) fail_msg("POST -> %ld %s", r.status, r.body ? r.body : "");
    t_http_free(&r);
}

static void contains(int port, const char *path, const char *auth, const char *text, int want)
{
    char *body = NULL;
    assert_int_equal(get_raw(port, path, auth, NULL, NULL, &body), 200);
    if ((strstr(body, text) != NULL) != want) fail_msg("GET %s on %d: \"%s\" %s", path, port, text, want ? "missing" : "present");
    free(body);
}

static void cached_reads_see_writes(void **state)
{
    (void)state;
    const char *paths[] = {"/api/v1/bodies/kent/record", "/api/v1/deadlines?before=2030-01-01", NULL};
    const char *texts[] = {"cache check", "Recommendation 99"};   /* what the write adds to each */
    /* warm both caches, twice each */
    for (int k = 0; paths[k]; k++)
        for (int n = 0; n < 2; n++) {
            contains(FX.a.port, paths[k], FX.auth, texts[k], 0);
            contains(FX.b.port, paths[k], FX.auth, texts[k], 0);
        }
    /* an unchanged resource: 304 with its ETag */
    char etag[96], again[96];
    assert_int_equal(get_raw(FX.a.port, paths[0], FX.auth, NULL, etag, NULL), 200);
    assert_true(etag[0] != '\0');
    assert_int_equal(get_raw(FX.a.port, paths[0], FX.auth, etag, again, NULL), 304);
    assert_string_equal(again, etag);
    /* another viewer (public) never gets the staff bytes, nor their 304 */
    assert_int_equal(get_raw(FX.a.port, paths[0], NULL, etag, NULL, NULL), 401);

    /* a write through A ... */
    add_kent_recommendation("99", "cache check");
    /* ... is seen by the next read through both */
    for (int k = 0; paths[k]; k++) {
        contains(FX.b.port, paths[k], FX.auth, texts[k], 1);
        contains(FX.a.port, paths[k], FX.auth, texts[k], 1);
    }
    /* the old ETag no longer matches */
    assert_int_equal(get_raw(FX.b.port, paths[0], FX.auth, etag, again, NULL), 200);
    assert_string_not_equal(again, etag);

    /* the public body page and JSON, through the other server: a phase decision */
    contains(FX.b.port, "/api/v1/bodies/kent", NULL, "cache check decision", 0);
    contains(FX.b.port, "/bodies/kent", NULL, "cache check decision", 0);
    t_http_t r;
    assert_int_equal(t_http(FX.a.port, "POST", "/api/v1/bodies/kent/decisions",
                            "{\"to_phase\":\"engage\",\"decided_on\":\"2025-06-01\",\"effective_on\":\"2025-06-01\","
                            "\"rationale\":\"cache check decision\",\"decided_by\":\"HMCI\"}", FX.hmci, &r), 0);
    if (r.status != 201) fail_msg("decision -> %ld %s", r.status, r.body ? r.body : "");
    t_http_free(&r);
    contains(FX.b.port, "/bodies/kent", NULL, "cache check decision", 1);
    contains(FX.a.port, "/bodies/kent", NULL, "cache check decision", 1);
    contains(FX.b.port, "/api/v1/bodies/kent", NULL, "cache check decision", 1);
}

/* A token remembered by both servers (app_actor_at: Bearer reads of cached
 * routes skip the token lookup while the generation holds) is refused by
 * both as soon as it is revoked, and a disabled user's token likewise. */
static void revoked_token_refused_by_both(void **state)
{
    (void)state;
    const char *paths[] = {"/api/v1/bodies/kent/record", "/api/v1/deadlines?before=2030-01-01", NULL};
    const char *who[] = {"revokee", "leaver", NULL};
    /* a viewer of the same class (analyst), who fills the cache after the change */
    char witness[200], token[128];
    assert_int_equal(t_user_token(S.db, "witness", "analyst", NULL, token), 0);
    snprintf(witness, sizeof witness, "Authorization: Bearer %s", token);
    for (int u = 0; who[u]; u++) {
        char *add[] = {(char *)t_bin(), "user", "add", (char *)who[u], "--role", "analyst", "--db", S.db, NULL};
        t_run_t r;
        char pw[64];
        snprintf(pw, sizeof pw, "password-%s\n", who[u]);
        assert_int_equal(t_run_input(add, NULL, pw, &r), 0);
        assert_int_equal(r.status, 0);
        t_run_free(&r);
        char *mk[] = {(char *)t_bin(), "token", "create", (char *)who[u], "--db", S.db, NULL};
        assert_int_equal(t_run(mk, NULL, &r), 0);
        assert_int_equal(r.status, 0);
        char auth[200];
        snprintf(auth, sizeof auth, "Authorization: Bearer %.*s", (int)strcspn(r.out, "\n"), r.out);
        const char *p = strstr(r.err, "API token ");
        assert_non_null(p);
        char id[32];
        snprintf(id, sizeof id, "%lld", atoll(p + strlen("API token ")));
        t_run_free(&r);
        for (int k = 0; paths[k]; k++)
            for (int n = 0; n < 3; n++) {
                assert_int_equal(get_raw(FX.a.port, paths[k], auth, NULL, NULL, NULL), 200);
                assert_int_equal(get_raw(FX.b.port, paths[k], auth, NULL, NULL, NULL), 200);
            }
        char *end[] = {(char *)t_bin(), "token", "revoke", id, "--db", S.db, NULL};
        char *off[] = {(char *)t_bin(), "user", "disable", (char *)who[u], "--db", S.db, NULL};
        assert_int_equal(t_run(u == 0 ? end : off, NULL, &r), 0);
        if (r.status != 0) fail_msg("%s: %s", u == 0 ? "token revoke" : "user disable", r.err ? r.err : "");
        t_run_free(&r);
        for (int k = 0; paths[k]; k++) {
            /* the same bytes are cached again for analysts at the new generation ... */
            assert_int_equal(get_raw(FX.a.port, paths[k], witness, NULL, NULL, NULL), 200);
            assert_int_equal(get_raw(FX.b.port, paths[k], witness, NULL, NULL, NULL), 200);
            /* ... but not served to the revoked token */
            assert_int_equal(get_raw(FX.a.port, paths[k], auth, NULL, NULL, NULL), 401);
            assert_int_equal(get_raw(FX.b.port, paths[k], auth, NULL, NULL, NULL), 401);
        }
        /* the other viewers' tokens still work */
        assert_int_equal(get_raw(FX.b.port, paths[0], FX.auth, NULL, NULL, NULL), 200);
    }
}

/* Two more servers with a lag window (--cache-lag-ms): a write through one
 * is seen by its next read at once, and by the other within the window. */
static void lag_window_bounds_staleness(void **state)
{
    (void)state;
    const char *extra[] = {"--cache-lag-ms", "300", NULL};
    t_server_t *c = &FX.c, *d = &FX.d;
    assert_int_equal(t_server_start(S.db, extra, c), 0);
    assert_int_equal(t_server_start(S.db, extra, d), 0);
    const char *path = "/api/v1/bodies/kent/record";
    for (int n = 0; n < 3; n++) {
        contains(c->port, path, FX.auth, "lag check", 0);
        contains(d->port, path, FX.auth, "lag check", 0);
    }
    const char *headers[] = {FX.auth, "Content-Type: application/json", NULL};
    t_http_t r;
    assert_int_equal(t_http(c->port, "POST", "/api/v1/recommendations",
                            "{\"body\":\"kent\",\"number\":\"98\",\"addressee\":\"Kent Police\","
                            "\"text\":\"lag check\",\"issued_on\":\"2025-01-01\",\"original_deadline\":\"2029-06-30\"}",
                            headers, &r), 0);
    if (r.status != 201) fail_msg("POST -> %ld %s", r.status, r.body ? r.body : "");
    t_http_free(&r);
    contains(c->port, path, FX.auth, "lag check", 1);   /* its own write: at once */
    /* the other server: within the window (300 ms; 5 s allowed for a slow machine) */
    struct timespec t0, t1, pause = {0, 20 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int seen = 0;
    double ms = 0;
    while (!seen && ms < 5000) {
        char *body = NULL;
        assert_int_equal(get_raw(d->port, path, FX.auth, NULL, NULL, &body), 200);
        seen = strstr(body, "lag check") != NULL;
        free(body);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
        if (!seen) nanosleep(&pause, NULL);
    }
    if (!seen) fail_msg("the other server did not see the write within %.0f ms", ms);
    assert_int_equal(t_server_stop(c), 0);
    assert_int_equal(t_server_stop(d), 0);
    c->pid = d->pid = 0;
    /* a window that is not a number of milliseconds is refused */
    char *bad[] = {(char *)t_bin(), "serve", "--db", S.db, "--cache-lag-ms", "-5", NULL};
    t_run_t out;
    assert_int_equal(t_run(bad, NULL, &out), 0);
    assert_int_equal(out.status, 2);
    assert_non_null(strstr(out.err, "--cache-lag-ms"));
    t_run_free(&out);
}

/* X-Cache of GET path through port as auth (NULL: anonymous): 1 hit, 0
 * miss; the reply must be 200 and, when text is not NULL, contain it. */
static int cache_hit(int port, const char *path, const char *auth, const char *text)
{
    const char *headers[] = {auth ? auth : "", NULL};
    t_http_t r;
    assert_int_equal(t_http(port, "GET", path, NULL, headers, &r), 0);
    if (r.status != 200) fail_msg("GET %s -> %ld %s", path, r.status, r.body ? r.body : "");
    if (text && !strstr(r.body ? r.body : "", text)) fail_msg("GET %s: no '%s'", path, text);
    char x[16];
    assert_int_equal(t_http_header(&r, "X-Cache", x, sizeof x), 0);
    t_http_free(&r);
    return strcmp(x, "hit") == 0;
}

/* r's headers, one per line, without Date, X-Cache and how a miss was
 * computed (X-Rows-Read, X-Bodies-Read: not kept for the hits) (owned). */
static char *headers_but_date(const t_http_t *r)
{
    char *out = calloc(1, strlen(r->headers) + 1);
    assert_non_null(out);
    const char *p = strchr(r->headers, '\n');   /* past the status line */
    while (p && *++p) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (strncasecmp(p, "Date:", 5) != 0 && strncasecmp(p, "X-Cache:", 8) != 0
            && strncasecmp(p, "X-Rows-Read:", 12) != 0 && strncasecmp(p, "X-Bodies-Read:", 14) != 0)
            strncat(out, p, n + (end ? 1 : 0));
        p = end;
    }
    return out;
}

/* A hit is sent as a reply made once and kept with the cached body: it
 * carries what the miss carried (type, ETag, the security headers, the
 * same bytes) and says "X-Cache: hit", through either server, again and
 * again; and once a write to that body replaces the cached reply, the next
 * read computes the new one (the old, and what was made from it, freed:
 * the sanitizers' run checks that). */
static void hits_repeat_the_miss(void **state)
{
    (void)state;
    const char *paths[] = {"/api/v1/bodies/kent/record?x=1", "/bodies/kent", "/api/v1/bodies?limit=7", NULL};
    int ports[] = {FX.a.port, FX.b.port};
    for (int k = 0; paths[k]; k++)
        for (int s = 0; s < 2; s++) {
            const char *headers[] = {strncmp(paths[k], "/api/v1/bodies/kent/record", 26) == 0 ? FX.auth : "X-None: 1",
                                     NULL};
            t_http_t first;
            assert_int_equal(t_http(ports[s], "GET", paths[k], NULL, headers, &first), 0);
            assert_int_equal(first.status, 200);
            char *want = headers_but_date(&first);
            for (int n = 0; n < 3; n++) {
                t_http_t r;
                assert_int_equal(t_http(ports[s], "GET", paths[k], NULL, headers, &r), 0);
                assert_int_equal(r.status, 200);
                char x[16], h[256];
                assert_int_equal(t_http_header(&r, "X-Cache", x, sizeof x), 0);
                if (strcmp(x, "hit") != 0) fail_msg("GET %s through %d, again: X-Cache %s", paths[k], s, x);
                char *got = headers_but_date(&r);
                if (strcmp(got, want) != 0) fail_msg("GET %s: the hit's headers\n%s\nthe first's\n%s", paths[k], got, want);
                free(got);
                assert_int_equal(t_http_header(&r, "X-Content-Type-Options", h, sizeof h), 0);
                assert_string_equal(h, "nosniff");
                assert_int_equal(t_http_header(&r, "ETag", h, sizeof h), 0);
                assert_int_equal(r.len, first.len);
                assert_memory_equal(r.body, first.body, first.len);
                t_http_free(&r);
            }
            free(want);
            t_http_free(&first);
        }
    /* a write to Kent: its record is computed again, with the change */
    add_kent_recommendation("97", "prepared check");
    for (int s = 0; s < 2; s++) {
        assert_int_equal(cache_hit(ports[s], paths[0], FX.auth, "prepared check"), 0);
        assert_int_equal(cache_hit(ports[s], paths[0], FX.auth, "prepared check"), 1);
    }
}

/* The soak's mix: one write in twelve requests, all to one body (Kent);
 * every read of another body (the Met) after the first is a hit, through
 * either server, on the JSON routes of one body and its public page. */
static void writes_elsewhere_keep_cache(void **state)
{
    (void)state;
    struct { const char *path; int anonymous; } met[] = {
        {"/api/v1/bodies/met", 1}, {"/bodies/met", 1}, {"/api/v1/bodies/met/record", 0},
        {"/api/v1/bodies/met/readiness", 0}, {NULL, 0}};
    int ports[] = {FX.a.port, FX.b.port};
    for (int p = 0; p < 2; p++)
        for (int k = 0; met[k].path; k++) cache_hit(ports[p], met[k].path, met[k].anonymous ? NULL : FX.auth, NULL);
    int reads = 0, hits = 0;
    for (int round = 0; round < 6; round++) {
        char body[200];
        snprintf(body, sizeof body,
                 "{\"body\":\"kent\",\"submitted_on\":\"2025-06-01\",\"author\":\"mix\",\"text\":\"kent round %d\"}",
                 round);
        const char *headers[] = {FX.auth, "Content-Type: application/json", NULL};
        t_http_t r;
        assert_int_equal(t_http(ports[round % 2], "POST", "/api/v1/progress-updates", body, headers, &r), 0);
        if (r.status != 201) fail_msg("POST -> %ld %s", r.status, r.body ? r.body : "");
        t_http_free(&r);
        for (int p = 0; p < 2; p++)
            for (int k = 0; met[k].path; k++, reads++)
                hits += cache_hit(ports[p], met[k].path, met[k].anonymous ? NULL : FX.auth, NULL);
        /* the body written to is computed afresh, and shows the write */
        char text[32];
        snprintf(text, sizeof text, "kent round %d", round);
        assert_int_equal(cache_hit(ports[(round + 1) % 2], "/api/v1/bodies/kent/record", FX.auth, text), 0);
    }
    assert_int_equal(hits, reads);
    /* a write to the Met itself: both servers compute its replies again */
    const char *headers[] = {FX.auth, "Content-Type: application/json", NULL};
    t_http_t r;
    assert_int_equal(t_http(FX.a.port, "POST", "/api/v1/progress-updates",
                            "{\"body\":\"met\",\"submitted_on\":\"2025-06-01\",\"author\":\"mix\",\"text\":\"met now\"}",
                            headers, &r), 0);
    assert_int_equal(r.status, 201);
    t_http_free(&r);
    assert_int_equal(cache_hit(FX.b.port, "/api/v1/bodies/met/record", FX.auth, "met now"), 0);
    assert_int_equal(cache_hit(FX.a.port, "/api/v1/bodies/met/record", FX.auth, "met now"), 0);
    assert_int_equal(cache_hit(FX.a.port, "/api/v1/bodies/met/record", FX.auth, "met now"), 1);
    /* a change under no body (a national body added) can show on any body's
     * page: the Met's replies are computed again */
    cache_hit(FX.a.port, "/bodies/met", NULL, NULL);   /* computed after the Met's write */
    assert_int_equal(cache_hit(FX.a.port, "/bodies/met", NULL, NULL), 1);
    const char *admin[] = {FX.admin_auth, "Content-Type: application/json", NULL};
    assert_int_equal(t_http(FX.b.port, "POST", "/api/v1/bodies",
                            "{\"code\":\"mix-national\",\"name\":\"Mix National Body\",\"kind\":\"national\",\"reason\":\"a test\"}", admin, &r),
                     0);
    if (r.status != 201) fail_msg("POST body -> %ld %s", r.status, r.body ? r.body : "");
    t_http_free(&r);
    assert_int_equal(cache_hit(FX.a.port, "/bodies/met", NULL, NULL), 0);
}

/* GET path on port: the body (owned) and the X-Rows-Read header ("" when
 * none) into rows_read (size 32). */
static char *list_get(int port, const char *path, char rows_read[32])
{
    const char *headers[] = {"X-None: 1", NULL};
    t_http_t r;
    assert_int_equal(t_http(port, "GET", path, NULL, headers, &r), 0);
    if (r.status != 200) fail_msg("GET %s -> %ld %s", path, r.status, r.body ? r.body : "");
    if (t_http_header(&r, "X-Rows-Read", rows_read, 32) != 0) rows_read[0] = '\0';
    char *body = r.body;
    r.body = NULL;
    t_http_free(&r);
    return body;
}

/* The phase of body code in the bodies list text, or "" (static). */
static const char *list_phase(const char *text, const char *code)
{
    static char phase[64];
    phase[0] = '\0';
    json_t *j = json_loads(text, 0, NULL);
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(j, "bodies"), i, b)
        if (strcmp(json_string_value(json_object_get(b, "code")), code) == 0)
            snprintf(phase, sizeof phase, "%s", json_string_value(json_object_get(b, "phase")));
    json_decref(j);
    return phase;
}

/* The bodies list is made from one row per body kept across generations:
 * after a write to Kent through A, the next list through either server
 * shows Kent's new row, and only Kent's row was read again ("1/N"); the
 * bytes are those of a server without the cache (whole and paged); a write
 * under no body (a national body added) makes either read it whole. */
static void list_from_parts(void **state)
{
    (void)state;
    const char *paths[] = {"/api/v1/bodies", "/api/v1/bodies?kind=police&limit=3&offset=2", NULL};
    int ports[] = {FX.a.port, FX.b.port};
    char read[32], want[32];
    for (int p = 0; p < 2; p++)
        for (int k = 0; paths[k]; k++) free(list_get(ports[p], paths[k], read));
    /* a server without the cache, for the bytes */
    setenv("OVERSIGHT_CACHE", "0", 1);
    int started = t_server_start(S.db, NULL, &FX.c);
    unsetenv("OVERSIGHT_CACHE");
    assert_int_equal(started, 0);

    char *before = list_get(FX.a.port, paths[0], read);
    const char *was = list_phase(before, "kent");
    char to[16];
    snprintf(to, sizeof to, "%s", strcmp(was, "engage") == 0 ? "scan" : "engage");
    json_t *j = json_loads(before, 0, NULL);
    long long n = json_integer_value(json_object_get(j, "count"));
    json_decref(j);
    free(before);
    char body[300];
    snprintf(body, sizeof body,
             "{\"to_phase\":\"%s\",\"decided_on\":\"2025-07-01\",\"effective_on\":\"2025-07-01\","
             "\"rationale\":\"list parts\",\"decided_by\":\"HMCI\"}", to);
    t_http_t r;
    assert_int_equal(t_http(FX.a.port, "POST", "/api/v1/bodies/kent/decisions", body, FX.hmci, &r), 0);
    if (r.status != 201) fail_msg("decision -> %ld %s", r.status, r.body ? r.body : "");
    t_http_free(&r);
    snprintf(want, sizeof want, "1/%lld", n);
    for (int p = 1; p >= 0; p--) {
        char *now = list_get(ports[p], paths[0], read);
        assert_string_equal(list_phase(now, "kent"), to);
        assert_string_equal(read, want);   /* Kent's row only */
        char plain[32];
        for (int k = 0; paths[k]; k++) {
            char *got = k ? list_get(ports[p], paths[k], read) : now;
            char *fresh = list_get(FX.c.port, paths[k], plain);
            assert_string_equal(got, fresh);
            if (k) {
                /* the same rows, already read for the whole list */
                char none[32];
                snprintf(none, sizeof none, "0/%lld", n);
                assert_string_equal(read, none);
                free(got);
            }
            free(fresh);
        }
        free(now);
    }

    /* a change under no body: read whole */
    const char *admin[] = {FX.admin_auth, "Content-Type: application/json", NULL};
    assert_int_equal(t_http(FX.b.port, "POST", "/api/v1/bodies",
                            "{\"code\":\"parts-national\",\"name\":\"Parts National Body\",\"kind\":\"national\","
                            "\"reason\":\"a test\"}", admin, &r), 0);
    if (r.status != 201) fail_msg("POST body -> %ld %s", r.status, r.body ? r.body : "");
    t_http_free(&r);
    snprintf(want, sizeof want, "%lld/%lld", n, n);
    for (int p = 0; p < 2; p++) {
        free(list_get(ports[p], paths[0], read));
        assert_string_equal(read, want);
    }
    /* a body renamed to the front of the list: its place is the database's
     * order, so read whole, and still the uncached bytes */
    assert_int_equal(t_http(FX.a.port, "POST", "/api/v1/bodies/kent/rename",
                            "{\"name\":\"Aardvark Parts Police\",\"effective_on\":\"2025-07-02\",\"reason\":\"a test\"}",
                            admin, &r), 0);
    if (r.status != 200) fail_msg("rename -> %ld %s", r.status, r.body ? r.body : "");
    t_http_free(&r);
    for (int p = 0; p < 2; p++) {
        char plain[32];
        char *got = list_get(ports[p], paths[0], read), *fresh = list_get(FX.c.port, paths[0], plain);
        assert_string_equal(read, want);
        assert_non_null(strstr(got, "[{\"code\":\"kent\""));
        assert_string_equal(got, fresh);
        free(got);
        free(fresh);
    }
    assert_int_equal(t_server_stop(&FX.c), 0);
}

/* GET path on port with the given header (NULL: anonymous): the body
 * (owned); X-Cache and X-Rows-Read ("" when absent) into xc and rows (32). */
static char *board_get(int port, const char *path, const char *header, char xc[32], char rows[32])
{
    const char *headers[] = {header ? header : "X-None: 1", NULL};
    t_http_t r;
    assert_int_equal(t_http(port, "GET", path, NULL, headers, &r), 0);
    if (r.status != 200) fail_msg("GET %s -> %ld %s", path, r.status, r.body ? r.body : "");
    if (t_http_header(&r, "X-Cache", xc, 32) != 0) xc[0] = '\0';
    if (t_http_header(&r, "X-Rows-Read", rows, 32) != 0) rows[0] = '\0';
    char *body = r.body;
    r.body = NULL;
    t_http_free(&r);
    return body;
}

/* The phase tag shown on the board in the row of the body named name
 * ("" when none; static). */
static const char *board_phase(const char *html, const char *name)
{
    static char phase[64];
    phase[0] = '\0';
    char at[160];
    snprintf(at, sizeof at, ">%s</a>", name);
    const char *p = strstr(html, at), *tag = p ? strstr(p, "govuk-tag--") : NULL;
    const char *text = tag ? strchr(tag, '>') : NULL;
    if (text) snprintf(phase, sizeof phase, "%.*s", (int)strcspn(text + 1, "<"), text + 1);
    return phase;
}

/* The count in the board's cell labelled "LABEL of NAME: N" (-1 when none). */
static long long board_count(const char *html, const char *label, const char *name)
{
    char at[200];
    snprintf(at, sizeof at, "aria-label=\"%s of %s: ", label, name);
    const char *p = strstr(html, at);
    return p ? strtoll(p + strlen(at), NULL, 10) : -1;
}

/* The logged-in board (header: the viewer's) through port, made from the
 * rows kept: read (X-Rows-Read) as want ("1/": starts so; "0/" likewise),
 * the bytes of the server without the cache (FX.d) for the same viewer;
 * Kent's open causes and overdue recommendations into *open, *overdue
 * (-1 when not shown). */
static void board_logged_in(int port, const char *viewer, const char *want, long long *open, long long *overdue)
{
    char xc[32], rows[32];
    char *page = board_get(port, "/", viewer, xc, rows);
    assert_string_equal(xc, "");   /* never through the response cache */
    if (strncmp(rows, want, strlen(want)) != 0) fail_msg("X-Rows-Read '%s', want '%s...'", rows, want);
    char *fresh = board_get(FX.d.port, "/", viewer, xc, rows);
    assert_string_equal(page, fresh);
    *open = board_count(page, "Open causes of concern", "Kent Police");
    *overdue = board_count(page, "Overdue recommendations", "Kent Police");
    free(page);
    free(fresh);
}

/* The status board through the cache: anonymous GET / (and its ?phase,
 * ?kind, ?sort variants) is a hit while nothing is written; after a write
 * to one body (a phase decision for Kent) the next board through either
 * server shows it at once, having read Kent's row only, with the bytes of
 * a server without the cache; a logged-in viewer (Bearer or cookie) never
 * gets the anonymous page, nor another viewer's, and an anonymous
 * visitor never gets theirs; the same arguments in another order are
 * another page (the "Log in" link repeats the query). */
static void board_from_parts(void **state)
{
    (void)state;
    const char *paths[] = {"/", "/?sort=since", "/?phase=engage&kind=police", "/?kind=police&phase=engage",
                           "/?sort=phase&kind=fire", NULL};
    int ports[] = {FX.a.port, FX.b.port};
    char xc[32], rows[32];
    setenv("OVERSIGHT_CACHE", "0", 1);
    int started = t_server_start(S.db, NULL, &FX.d);
    unsetenv("OVERSIGHT_CACHE");
    assert_int_equal(started, 0);

    /* nothing written: the second read is a hit, the same bytes as computed */
    for (int p = 0; p < 2; p++)
        for (int k = 0; paths[k]; k++) {
            char *first = board_get(ports[p], paths[k], NULL, xc, rows);
            char *again = board_get(ports[p], paths[k], NULL, xc, rows);
            assert_string_equal(xc, "hit");
            assert_string_equal(rows, "");
            char *fresh = board_get(FX.d.port, paths[k], NULL, xc, rows);
            assert_string_equal(xc, "");   /* no cache there */
            assert_string_equal(first, fresh);
            assert_string_equal(again, fresh);
            free(first);
            free(again);
            free(fresh);
        }
    /* the same arguments in another order: another "Log in" link */
    char *one = board_get(FX.a.port, paths[2], NULL, xc, rows), *other = board_get(FX.a.port, paths[3], NULL, xc, rows);
    assert_non_null(strstr(one, "/login?next=%2F%3Fphase%3Dengage%26kind%3Dpolice"));
    assert_non_null(strstr(other, "/login?next=%2F%3Fkind%3Dpolice%26phase%3Dengage"));
    free(one);
    free(other);

    /* logged in: their own page, never kept for anyone else */
    t_session_t sess;
    assert_int_equal(t_login_port(FX.a.port, "racer", NULL, &sess), 0);
    char kentish[200];
    assert_int_equal(t_user_bearer(S.db, "kentish", "body", "kent", kentish), 0);
    const char *viewers[] = {FX.auth, sess.cookie, kentish, NULL};
    const char *signed_in[] = {"Signed in as <strong>racer", "Signed in as <strong>racer", "Signed in as <strong>kentish"};
    for (int p = 0; p < 2; p++) free(board_get(ports[p], "/", NULL, xc, rows));   /* after the accounts' writes */
    for (int p = 0; p < 2; p++)
        for (int u = 0; viewers[u]; u++)
            for (int n = 0; n < 2; n++) {
                char *page = board_get(ports[p], "/", viewers[u], xc, rows);
                if (!strstr(page, signed_in[u])) fail_msg("viewer %d on %d: not their page", u, ports[p]);
                assert_non_null(strstr(page, "Overdue recommendations of"));   /* counts: staff all, kentish Kent */
                assert_string_equal(xc, "");                                 /* not through the cache */
                /* made from the rows kept, with their counts: a server
                 * without the cache's bytes for the same viewer */
                assert_true(rows[0] != '\0');
                char *fresh = board_get(FX.d.port, "/", viewers[u], xc, rows);
                assert_string_equal(page, fresh);
                /* staff see every body's counts; kentish Kent's only */
                assert_true((strstr(page, "Open causes of concern of Avon and Somerset Police") != NULL) == (u < 2));
                free(fresh);
                free(page);
                char *anon = board_get(ports[p], "/", NULL, xc, rows);
                assert_string_equal(xc, "hit");
                assert_null(strstr(anon, "Signed in as"));
                assert_null(strstr(anon, "Overdue recommendations of"));
                free(anon);
            }

    /* the other public pages across bodies with no arguments: kept alike */
    const char *pages[] = {"/engage", "/timeline", "/frameworks", NULL};
    for (int p = 0; p < 2; p++)
        for (int k = 0; pages[k]; k++) {
            free(board_get(ports[p], pages[k], NULL, xc, rows));
            free(board_get(ports[p], pages[k], NULL, xc, rows));
            assert_string_equal(xc, "hit");
            free(board_get(ports[p], pages[k], sess.cookie, xc, rows));
            assert_string_equal(xc, "");
        }

    /* a write to Kent through A */
    char *before = board_get(FX.a.port, "/", NULL, xc, rows);
    char was[64];
    snprintf(was, sizeof was, "%s", board_phase(before, "Kent Police"));
    assert_true(was[0] != '\0');
    free(before);
    const char *to = strcmp(was, "Engage") == 0 ? "scan" : "engage";
    char body[300];
    snprintf(body, sizeof body,
             "{\"to_phase\":\"%s\",\"decided_on\":\"2025-06-20\",\"effective_on\":\"2025-06-20\","
             "\"rationale\":\"board parts\",\"decided_by\":\"HMCI\"}", to);
    t_http_t r;
    assert_int_equal(t_http(FX.a.port, "POST", "/api/v1/bodies/kent/decisions", body, FX.hmci, &r), 0);
    if (r.status != 201) fail_msg("decision -> %ld %s", r.status, r.body ? r.body : "");
    t_http_free(&r);
    /* ... is on the next board through either server, Kent's row read alone */
    for (int p = 1; p >= 0; p--) {
        char *now = board_get(ports[p], "/", NULL, xc, rows);
        assert_string_equal(xc, "miss");
        assert_string_not_equal(board_phase(now, "Kent Police"), was);
        assert_true(strncmp(rows, "1/", 2) == 0);
        char *fresh = board_get(FX.d.port, "/", NULL, xc, rows);
        assert_string_equal(now, fresh);
        free(now);
        free(fresh);
        for (int k = 1; paths[k]; k++) {
            char *got = board_get(ports[p], paths[k], NULL, xc, rows);
            assert_string_equal(xc, "miss");
            assert_true(strncmp(rows, "0/", 2) == 0);   /* the rows already read for "/" */
            char *plain = board_get(FX.d.port, paths[k], NULL, xc, rows);
            assert_string_equal(got, plain);
            free(got);
            free(plain);
        }
        char *hit = board_get(ports[p], "/", NULL, xc, rows);
        assert_string_equal(xc, "hit");
        free(hit);
        for (int k = 0; pages[k]; k++) {
            char *got = board_get(ports[p], pages[k], NULL, xc, rows);
            assert_string_equal(xc, "miss");
            char *plain = board_get(FX.d.port, pages[k], NULL, xc, rows);
            assert_string_equal(got, plain);
            free(got);
            free(plain);
        }
    }

    /* logged in after a write to one body: Kent's row and counts read
     * alone, for an inspector and for Kent's own user, through either
     * server; a cause opened, then closed, moves Kent's count */
    long long open0, overdue0, open, overdue;
    board_logged_in(FX.a.port, FX.auth, "", &open0, &overdue0);
    assert_true(open0 >= 0 && overdue0 >= 0);
    const char *insp[] = {FX.auth, "Content-Type: application/json", NULL};
    assert_int_equal(t_http(FX.b.port, "POST", "/api/v1/causes-of-concern",
                            "{\"body\":\"kent\",\"text\":\"Board counts\",\"issued_on\":\"2025-03-01\"}", insp, &r), 0);
    if (r.status != 201) fail_msg("cause -> %ld %s", r.status, r.body ? r.body : "");
    json_t *cause = json_loads(r.body, 0, NULL);
    long long cause_id = json_integer_value(json_object_get(cause, "id"));
    json_decref(cause);
    t_http_free(&r);
    for (int p = 0; p < 2; p++) {
        board_logged_in(ports[p], FX.auth, "1/", &open, &overdue);
        assert_int_equal(open, open0 + 1);
        assert_int_equal(overdue, overdue0);
        board_logged_in(ports[p], kentish, "0/", &open, &overdue);
        assert_int_equal(open, open0 + 1);
    }
    assert_int_equal(t_http(FX.a.port, "POST", "/api/v1/revisits",
                            "{\"body\":\"kent\",\"title\":\"Board revisit\",\"started_on\":\"2025-08-01\"}", insp, &r), 0);
    if (r.status != 201) fail_msg("revisit -> %ld %s", r.status, r.body ? r.body : "");
    json_t *rv = json_loads(r.body, 0, NULL);
    long long revisit = json_integer_value(json_object_get(rv, "id"));
    json_decref(rv);
    t_http_free(&r);
    char path[96], closing[200];
    snprintf(path, sizeof path, "/api/v1/causes-of-concern/%lld/close", cause_id);
    snprintf(closing, sizeof closing,
             "{\"on\":\"2025-09-01\",\"outcome\":\"implemented\",\"reason\":\"Revisited\",\"revisit_id\":%lld}", revisit);
    const char *closer[] = {FX.auth, "Content-Type: application/json", "If-Match: \"v1\"", NULL};
    assert_int_equal(t_http(FX.b.port, "POST", path, closing, closer, &r), 0);
    if (r.status != 200) fail_msg("close -> %ld %s", r.status, r.body ? r.body : "");
    t_http_free(&r);
    for (int p = 1; p >= 0; p--) {
        board_logged_in(ports[p], kentish, "1/", &open, &overdue);   /* the revisit and the closing: Kent's row */
        assert_int_equal(open, open0);
        board_logged_in(ports[p], FX.auth, "0/", &open, &overdue);
        assert_int_equal(open, open0);
        assert_int_equal(overdue, overdue0);
    }
    assert_int_equal(t_server_stop(&FX.d), 0);
    FX.d.pid = 0;
}

/* GET path on port as the inspector: the body (owned) and X-Rows-Read
 * ("" when none) into rows_read (size 32). */
static char *cand_get(int port, const char *path, char rows_read[32])
{
    const char *headers[] = {FX.auth, NULL};
    t_http_t r;
    assert_int_equal(t_http(port, "GET", path, NULL, headers, &r), 0);
    if (r.status != 200) fail_msg("GET %s -> %ld %s", path, r.status, r.body ? r.body : "");
    if (t_http_header(&r, "X-Rows-Read", rows_read, 32) != 0) rows_read[0] = '\0';
    char *body = r.body;
    r.body = NULL;
    t_http_free(&r);
    return body;
}

/* The candidates' paths: today's whole, today's page, another day. */
static const char *const CAND_PATHS[] = {"/api/v1/engage-candidates", "/api/v1/engage-candidates?limit=3&offset=2",
                                         "/api/v1/engage-candidates?as_of=2025-01-01", NULL};

/* How many bodies the ranking has (cand_round learns it from a whole). */
static long long cand_n;

/* read against want: "" (a hit) and "1/N" as they are; "ALL": every body
 * scored ("N/N", N then kept in cand_n). */
static void cand_read_is(const char *read, const char *want)
{
    if (strcmp(want, "ALL") != 0) {
        assert_string_equal(read, want);
        return;
    }
    const char *slash = strchr(read, '/');
    if (!slash) fail_msg("X-Rows-Read '%s', want all", read);
    long long a = strtoll(read, NULL, 10), b = strtoll(slash + 1, NULL, 10);
    if (a != b || b < 40) fail_msg("X-Rows-Read '%s', want all", read);
    cand_n = b;
}

/* Through B then A, every path of CAND_PATHS gives the bytes of the server
 * without the cache (FX.c); today's whole scored want0 (cand_read_is), the
 * page nothing more ("0/N": the same ranking), the other day want1. The
 * first candidate's code today into first (size 64). */
static void cand_round(const char *want0, const char *want1, char first[64])
{
    int ports[] = {FX.b.port, FX.a.port};
    for (int p = 0; p < 2; p++)
        for (int k = 0; CAND_PATHS[k]; k++) {
            char read[32], plain[32], zero[40];
            char *got = cand_get(ports[p], CAND_PATHS[k], read), *fresh = cand_get(FX.c.port, CAND_PATHS[k], plain);
            assert_string_equal(got, fresh);
            assert_string_equal(plain, "");   /* computed whole there, no ranking kept */
            snprintf(zero, sizeof zero, "0/%lld", cand_n);
            cand_read_is(read, k == 0 ? want0 : k == 1 ? zero : want1);
            if (k == 0) {
                json_t *j = json_loads(got, 0, NULL);
                const char *c =
                    json_string_value(json_object_get(json_array_get(json_object_get(j, "candidates"), 0), "code"));
                snprintf(first, 64, "%s", c ? c : "");
                json_decref(j);
            }
            free(got);
            free(fresh);
        }
}

/* A write through A as who (an Authorization header): the reply must have
 * status want. Its JSON (owned) or NULL. */
static json_t *cand_write(const char *who, const char *method, const char *path, const char *body, long want)
{
    const char *headers[] = {who, "Content-Type: application/json", NULL};
    t_http_t r;
    assert_int_equal(t_http(FX.a.port, method, path, body, headers, &r), 0);
    if (r.status != want) fail_msg("%s %s -> %ld %s", method, path, r.status, r.body ? r.body : "");
    json_t *j = r.body ? json_loads(r.body, 0, NULL) : NULL;
    t_http_free(&r);
    return j;
}

/* Progress reported by the first k bodies (police, not retired) of the
 * bodies list. */
static void cand_progress(int k)
{
    char read[32];
    char *text = list_get(FX.a.port, "/api/v1/bodies?kind=police", read);
    json_t *list = json_loads(text, 0, NULL);
    free(text);
    size_t i;
    json_t *b;
    int done = 0;
    json_array_foreach(json_object_get(list, "bodies"), i, b) {
        if (done == k) break;
        if (!json_is_null(json_object_get(b, "retired_on"))) continue;
        char body[300];
        snprintf(body, sizeof body, "{\"body\":\"%s\",\"submitted_on\":\"2025-06-01\",\"author\":\"kept\",\"text\":\"%d\"}",
                 json_string_value(json_object_get(b, "code")), k);
        json_decref(cand_write(FX.auth, "POST", "/api/v1/progress-updates", body, 201));
        done++;
    }
    json_decref(list);
    assert_int_equal(done, k);
}

/* Engage candidates are ranked from the ranking kept across generations
 * (store/candidate_keep.h): after a write to one body only that body is
 * scored again (X-Rows-Read "1/N"), and the reply shows it at once through
 * either server with a server without the cache's bytes (today's whole, a
 * page, another day). A new body is scored alone, a merge's three
 * bodies, a retired one. Every body is scored
 * again after a write under no body, more than 32 bodies written, a grade
 * moved to another body's inspection. */
static void candidates_from_parts(void **state)
{
    (void)state;
    char read[32], want[32], first[64], again[64];
    setenv("OVERSIGHT_CACHE", "0", 1);
    int started = t_server_start(S.db, NULL, &FX.c);
    unsetenv("OVERSIGHT_CACHE");
    assert_int_equal(started, 0);
    for (int p = 0; p < 2; p++)
        for (int k = 0; CAND_PATHS[k]; k++) free(cand_get(p ? FX.a.port : FX.b.port, CAND_PATHS[k], read));

    /* a change under no body (a national body added): every body scored */
    json_decref(cand_write(FX.admin_auth, "POST", "/api/v1/bodies",
                           "{\"code\":\"cand-national\",\"name\":\"Cand National Body\",\"kind\":\"national\","
                           "\"reason\":\"a test\"}", 201));
    cand_round("ALL", "ALL", first);
    long long n = cand_n;
    assert_string_not_equal(first, "");

    /* the first candidate moved into Engage: scored alone, gone from the list */
    char path[128], body[300];
    snprintf(path, sizeof path, "/api/v1/bodies/%s/decisions", first);
    snprintf(body, sizeof body,
             "{\"to_phase\":\"engage\",\"decided_on\":\"2025-07-01\",\"effective_on\":\"2025-07-01\","
             "\"rationale\":\"candidates kept\",\"decided_by\":\"HMCI\"}");
    json_decref(cand_write(FX.hmci_auth, "POST", path, body, 201));
    snprintf(want, sizeof want, "1/%lld", n);
    cand_round(want, want, again);
    assert_string_not_equal(again, first);
    /* and back to Scan: the first again */
    snprintf(body, sizeof body,
             "{\"to_phase\":\"scan\",\"decided_on\":\"2025-07-02\",\"effective_on\":\"2025-07-02\","
             "\"rationale\":\"candidates kept\",\"decided_by\":\"HMCI\"}");
    json_decref(cand_write(FX.hmci_auth, "POST", path, body, 201));
    cand_round(want, want, again);
    assert_string_equal(again, first);

    /* a body added: scored alone, one more ranked */
    json_decref(cand_write(FX.admin_auth, "POST", "/api/v1/bodies",
                           "{\"code\":\"cand-new\",\"name\":\"Cand New Police\",\"kind\":\"police\",\"reason\":\"a test\"}",
                           201));
    cand_n = ++n;
    snprintf(want, sizeof want, "1/%lld", n);
    cand_round(want, want, again);

    /* two police candidates merged: the successor and both predecessors
     * named, scored alone; the predecessors (retired) leave the ranking,
     * the successor holds their open items */
    char pair[2][64];
    int got = 0;
    char *text = cand_get(FX.c.port, CAND_PATHS[0], read);
    json_t *list = json_loads(text, 0, NULL);
    free(text);
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(list, "candidates"), i, c) {
        const char *code = json_string_value(json_object_get(c, "code"));
        snprintf(path, sizeof path, "/api/v1/bodies/%s", code);
        json_t *b = get(FX.c.port, path);
        if (got < 2 && strcmp(json_string_value(json_object_get(b, "kind")), "police") == 0)
            snprintf(pair[got++], 64, "%s", code);
        json_decref(b);
    }
    json_decref(list);
    assert_int_equal(got, 2);
    snprintf(body, sizeof body,
             "{\"predecessors\":[\"%s\",\"%s\"],\"code\":\"cand-merged\",\"name\":\"Cand Merged Police\","
             "\"effective_on\":\"2025-08-01\",\"reason\":\"candidates kept\"}", pair[0], pair[1]);
    json_decref(cand_write(FX.admin_auth, "POST", "/api/v1/body-merges", body, 201));
    cand_n = --n;
    snprintf(want, sizeof want, "3/%lld", n);
    cand_round(want, want, again);
    text = cand_get(FX.a.port, CAND_PATHS[0], read);
    assert_non_null(strstr(text, "\"code\":\"cand-merged\""));
    assert_null(strstr(text, pair[0]));
    free(text);
    /* a body retired: named, and no longer ranked */
    snprintf(first, sizeof first, "%s", again);
    snprintf(path, sizeof path, "/api/v1/bodies/%s/retire", first);
    json_decref(cand_write(FX.admin_auth, "POST", path, "{\"reason\":\"candidates kept\"}", 200));
    cand_n = --n;
    snprintf(want, sizeof want, "1/%lld", n);
    cand_round(want, want, again);
    assert_string_not_equal(again, first);

    /* progress reported by 32 bodies: those scored again; by 33: all */
    cand_progress(32);
    snprintf(want, sizeof want, "32/%lld", n);
    cand_round(want, want, again);
    cand_progress(33);
    cand_round("ALL", "ALL", again);

    /* a grade moved to another body's new inspection: its entry names the
     * new body only, so every body is scored again */
    const char *auth[] = {FX.auth, NULL};
    t_http_t r;
    assert_int_equal(t_http(FX.a.port, "GET", "/api/v1/grades", NULL, auth, &r), 0);
    assert_int_equal(r.status, 200);
    json_t *grades = json_loads(r.body, 0, NULL);
    t_http_free(&r);
    json_t *g = json_array_get(json_object_get(grades, "items"), 0);
    assert_non_null(g);
    long long grade_id = json_integer_value(json_object_get(g, "id"));
    char if_match[64];
    snprintf(if_match, sizeof if_match, "If-Match: \"v%lld\"", (long long)json_integer_value(json_object_get(g, "version")));
    json_decref(grades);
    json_t *ins = cand_write(FX.auth, "POST", "/api/v1/inspections",
                             "{\"body\":\"cand-new\",\"kind\":\"peel\",\"title\":\"graded\",\"summary\":\"graded\"}", 201);
    long long ins_id = json_integer_value(json_object_get(ins, "id"));
    json_decref(ins);
    snprintf(want, sizeof want, "1/%lld", n);
    cand_round(want, want, again);   /* the inspection: its body's */
    snprintf(path, sizeof path, "/api/v1/grades/%lld", grade_id);
    snprintf(body, sizeof body, "{\"inspection_id\":%lld}", ins_id);
    const char *patch[] = {FX.auth, if_match, "Content-Type: application/json", NULL};
    assert_int_equal(t_http(FX.a.port, "PATCH", path, body, patch, &r), 0);
    if (r.status != 200) fail_msg("PATCH %s -> %ld %s", path, r.status, r.body ? r.body : "");
    t_http_free(&r);
    cand_round("ALL", "ALL", again);
    assert_int_equal(t_server_stop(&FX.c), 0);
}

/* GET path on port as the inspector: the body (owned), X-Rows-Read and
 * X-Bodies-Read ("" when none) into rows_read and bodies_read (size 32). */
static char *dl_get(int port, const char *path, char rows_read[32], char bodies_read[32])
{
    const char *headers[] = {FX.auth, NULL};
    t_http_t r;
    assert_int_equal(t_http(port, "GET", path, NULL, headers, &r), 0);
    if (r.status != 200) fail_msg("GET %s -> %ld %s", path, r.status, r.body ? r.body : "");
    if (t_http_header(&r, "X-Rows-Read", rows_read, 32) != 0) rows_read[0] = '\0';
    if (t_http_header(&r, "X-Bodies-Read", bodies_read, 32) != 0) bodies_read[0] = '\0';
    char *body = r.body;
    r.body = NULL;
    t_http_free(&r);
    return body;
}

/* The deadlines' paths: today's default page, pages of it, every item,
 * another day (kept apart). */
static const char *const DL_PATHS[] = {"/api/v1/deadlines", "/api/v1/deadlines?limit=3&offset=2",
                                       "/api/v1/deadlines?limit=1", "/api/v1/deadlines?limit=10000",
                                       "/api/v1/deadlines?today=2025-01-01&limit=7&offset=1", NULL};

/* Through B, A and the server without the response cache but with the keep
 * (FX.d), every path of DL_PATHS gives the bytes of a server with neither
 * (FX.c: read fresh per request); today's first path and the other day
 * read want ("all", or how many bodies were read again), the other pages
 * of today nothing ("0/KEPT"). A read of a body's rows only reads fewer
 * rows than it keeps; a whole read reads them all. */
static void dl_round(const char *want)
{
    int ports[] = {FX.b.port, FX.a.port, FX.d.port};
    for (int p = 0; p < 3; p++)
        for (int k = 0; DL_PATHS[k]; k++) {
            char rows[32], bodies[32], plain[32], plain_bodies[32];
            char *got = dl_get(ports[p], DL_PATHS[k], rows, bodies);
            char *fresh = dl_get(FX.c.port, DL_PATHS[k], plain, plain_bodies);
            if (strcmp(got, fresh) != 0) fail_msg("server %d, %s: not the bytes of a fresh read", p, DL_PATHS[k]);
            assert_string_equal(plain, "");   /* read per request there */
            const char *w = k == 0 || k == 4 ? want : "0";
            if (strcmp(bodies, w) != 0) fail_msg("server %d, %s: X-Bodies-Read '%s', want '%s'", p, DL_PATHS[k], bodies, w);
            long long read = strtoll(rows, NULL, 10), kept = strchr(rows, '/') ? strtoll(strchr(rows, '/') + 1, NULL, 10) : -1;
            if (kept < 1) fail_msg("server %d, %s: X-Rows-Read '%s'", p, DL_PATHS[k], rows);
            if (strcmp(w, "all") == 0 ? read != kept : strcmp(w, "0") == 0 ? read != 0 : read >= kept)
                fail_msg("server %d, %s: X-Rows-Read '%s' for '%s' bodies", p, DL_PATHS[k], rows, w);
            free(got);
            free(fresh);
        }
}

/* The first recommendation of a body not retired in the deadlines list
 * (fresh): its id, code and version. */
static void dl_first_rec(long long *id, char code[64], long long *version, char issued[32])
{
    char rows[32], bodies[32];
    char *text = dl_get(FX.c.port, "/api/v1/deadlines?limit=10000", rows, bodies);
    json_t *j = json_loads(text, 0, NULL);
    free(text);
    *id = 0;
    for (int k = 0; k < 2 && !*id; k++) {
        size_t i;
        json_t *it;
        json_array_foreach(json_object_get(j, k ? "upcoming" : "overdue"), i, it) {
            if (strcmp(json_string_value(json_object_get(it, "kind")), "recommendation") != 0) continue;
            char bpath[128];   /* a retired body's record is read-only */
            snprintf(bpath, sizeof bpath, "/api/v1/bodies/%s", json_string_value(json_object_get(it, "code")));
            json_t *b = get(FX.c.port, bpath);
            int retired = !json_is_null(json_object_get(b, "retired_on"));
            json_decref(b);
            if (retired) continue;
            *id = json_integer_value(json_object_get(it, "id"));
            snprintf(code, 64, "%s", json_string_value(json_object_get(it, "code")));
            break;
        }
    }
    json_decref(j);
    if (!*id) fail_msg("no recommendation in the deadlines list");
    char path[96];
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld", *id);
    json_t *rec = get(FX.c.port, path);
    *version = json_integer_value(json_object_get(rec, "version"));
    snprintf(issued, 32, "%s", json_string_value(json_object_get(rec, "issued_on")));
    json_decref(rec);
}

/* The recommendation's deadline revised through A to `to`. */
static void dl_revise(long long id, long long version, const char *to)
{
    char path[96], body[256], if_match[64];
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld/deadline-revisions", id);
    snprintf(body, sizeof body,
             "{\"new_deadline\":\"%s\",\"reason\":\"deadlines kept\",\"agreed_by\":\"HMCI\",\"agreed_on\":\"2025-01-02\"}", to);
    snprintf(if_match, sizeof if_match, "If-Match: \"v%lld\"", version);
    const char *headers[] = {FX.auth, if_match, "Content-Type: application/json", NULL};
    t_http_t r;
    assert_int_equal(t_http(FX.a.port, "POST", path, body, headers, &r), 0);
    if (r.status != 200 && r.status != 201) fail_msg("POST %s -> %ld %s", path, r.status, r.body ? r.body : "");
    t_http_free(&r);
}

/* Whether recommendation id is in the deadlines list through port. */
static int dl_lists(int port, long long id)
{
    char rows[32], bodies[32], needle[64];
    char *text = dl_get(port, "/api/v1/deadlines?limit=10000", rows, bodies);
    snprintf(needle, sizeof needle, "\"kind\":\"recommendation\",\"id\":%lld,", id);
    int found = strstr(text, needle) != NULL;
    free(text);
    return found;
}

/* The deadlines list is made from rows kept across generations
 * (store/deadline_keep.h): after a write to one body only that body's rows
 * are read again (X-Bodies-Read "1", X-Rows-Read "READ/KEPT" with READ
 * below KEPT), and the list shows the write at once through either server
 * and through a server without the response cache (which keeps the rows
 * too), with the bytes of a server reading per request, whole and paged,
 * today and another day. A write under no body reads every row again. */
static void deadlines_from_parts(void **state)
{
    (void)state;
    setenv("OVERSIGHT_CACHE", "0", 1);
    int started = t_server_start(S.db, NULL, &FX.d);
    setenv("OVERSIGHT_DEADLINE_KEEP", "0", 1);
    started |= t_server_start(S.db, NULL, &FX.c);
    unsetenv("OVERSIGHT_DEADLINE_KEEP");
    unsetenv("OVERSIGHT_CACHE");
    assert_int_equal(started, 0);
    int ports[] = {FX.a.port, FX.b.port, FX.d.port};
    char rows[32], bodies[32];
    for (int p = 0; p < 3; p++)
        for (int k = 0; DL_PATHS[k]; k++) free(dl_get(ports[p], DL_PATHS[k], rows, bodies));

    /* a change under no body (a theme added): every row read again */
    json_decref(cand_write(FX.admin_auth, "POST", "/api/v1/themes",
                           "{\"code\":\"dl_kept\",\"name\":\"Deadlines kept\",\"description\":\"a test\"}", 201));
    dl_round("all");

    /* the first recommendation's deadline moved past the list: its body
     * read alone, the item gone at once through every server */
    long long id, version;
    char code[64], issued[32];
    dl_first_rec(&id, code, &version, issued);
    dl_revise(id, version, "2099-01-01");
    dl_round("1");
    for (int p = 0; p < 3; p++) assert_false(dl_lists(ports[p], id));
    /* and back, to the day it was issued: listed again */
    dl_revise(id, version + 1, issued);
    dl_round("1");
    for (int p = 0; p < 3; p++) assert_true(dl_lists(ports[p], id));

    /* a write to another body that changes none of its rows: read alone */
    char body[300];
    snprintf(body, sizeof body, "{\"body\":\"%s\",\"submitted_on\":\"2025-06-01\",\"author\":\"kept\",\"text\":\"dl\"}", code);
    json_decref(cand_write(FX.auth, "POST", "/api/v1/progress-updates", body, 201));
    dl_round("1");

    assert_int_equal(t_server_stop(&FX.c), 0);
    FX.c.pid = 0;
    assert_int_equal(t_server_stop(&FX.d), 0);
    FX.d.pid = 0;
}

/* ---- readers parked for the generation ---------------------------------- */

#define PARK_READERS 12
#define PARK_ROUNDS 25

static struct {
    atomic_int committed;         /* the newest round whose write was acknowledged */
    atomic_int done;
    char path[96];                /* the record read */
} PK;

typedef struct {
    int reads, stale, failed;
    int oldest_gap;               /* most rounds a reply was behind (stale only) */
} park_reader_t;

/* The round of "park round N" in body, 0 when absent. */
static int round_in(const char *body)
{
    const char *p = body ? strstr(body, "park round ") : NULL;
    return p ? atoi(p + strlen("park round ")) : 0;
}

static void *park_reader(void *arg)
{
    park_reader_t *pr = arg;
    const char *headers[] = {FX.auth, NULL};
    while (!atomic_load(&PK.done)) {
        int before = atomic_load(&PK.committed);   /* acknowledged before this request is sent */
        t_http_t r;
        if (t_http(FX.a.port, "GET", PK.path, NULL, headers, &r) != 0) {
            pr->failed++;
            continue;
        }
        if (r.status != 200) pr->failed++;
        else if (round_in(r.body) < before) {
            pr->stale++;
            if (before - round_in(r.body) > pr->oldest_gap) pr->oldest_gap = before - round_in(r.body);
        }
        pr->reads++;
        t_http_free(&r);
    }
    return NULL;
}

/* PARK_READERS readers read Kent's record (Bearer token: the token is
 * checked at the generation each read gets) through A, over and over,
 * while an inspection of Kent is renamed PARK_ROUNDS times through B:
 * no reply shows a round older than the last one acknowledged before its
 * request was sent. */
static void parked_readers_see_earlier_writes(void **state)
{
    (void)state;
    const char *headers[] = {FX.auth, "Content-Type: application/json", NULL};
    t_http_t r;
    assert_int_equal(t_http(FX.b.port, "POST", "/api/v1/inspections",
                            "{\"body\":\"kent\",\"kind\":\"peel\",\"title\":\"park round 0\",\"summary\":\"parked\"}",
                            headers, &r), 0);
    assert_int_equal(r.status, 201);
    json_t *created = json_loads(r.body, 0, NULL);
    t_http_free(&r);
    assert_non_null(created);
    char path[96];
    snprintf(path, sizeof path, "/api/v1/inspections/%lld", (long long)json_integer_value(json_object_get(created, "id")));
    json_decref(created);
    snprintf(PK.path, sizeof PK.path, "/api/v1/bodies/kent/record");
    atomic_store(&PK.committed, 0);
    atomic_store(&PK.done, 0);

    park_reader_t pr[PARK_READERS];
    pthread_t th[PARK_READERS];
    memset(pr, 0, sizeof pr);
    for (int k = 0; k < PARK_READERS; k++) assert_int_equal(pthread_create(&th[k], NULL, park_reader, &pr[k]), 0);
    int wrote = 0;
    for (int v = 1; v <= PARK_ROUNDS; v++) {
        char body[96], im[64];
        snprintf(body, sizeof body, "{\"title\":\"park round %d\"}", v);
        snprintf(im, sizeof im, "If-Match: \"v%d\"", v);
        const char *patch[] = {FX.auth, im, "Content-Type: application/json", NULL};
        if (t_http(FX.b.port, "PATCH", path, body, patch, &r) != 0) break;
        long st = r.status;
        t_http_free(&r);
        if (st != 200) break;
        atomic_store(&PK.committed, v);   /* acknowledged: every request sent from now on must see it */
        wrote = v;
        struct timespec pause = {0, 5 * 1000000L};   /* let the readers run a few reads at this round */
        nanosleep(&pause, NULL);
    }
    atomic_store(&PK.done, 1);
    int reads = 0, stale = 0, failed = 0, gap = 0;
    for (int k = 0; k < PARK_READERS; k++) {
        pthread_join(th[k], NULL);
        reads += pr[k].reads;
        stale += pr[k].stale;
        failed += pr[k].failed;
        if (pr[k].oldest_gap > gap) gap = pr[k].oldest_gap;
    }
    assert_int_equal(wrote, PARK_ROUNDS);
    if (stale || failed)
        fail_msg("%d of %d reads older than a write acknowledged before they were sent (up to %d rounds), %d failed",
                 stale, reads, gap, failed);
    assert_true(reads >= PARK_ROUNDS);
    contains(FX.a.port, PK.path, FX.auth, "park round " OV_TSTR(PARK_ROUNDS), 1);
}

/* Holds the generation read up: the trail locked by a transaction of our
 * own, which a SELECT of it waits for. Returns the connection (commit
 * with trail_release), or NULL. */
static PGconn *trail_hold(void)
{
    PGconn *c = PQconnectdb(S.db);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "hold: %s\n", PQerrorMessage(c));
        PQfinish(c);
        return NULL;
    }
    PGresult *res = PQexec(c, "BEGIN; LOCK TABLE audit_log IN ACCESS EXCLUSIVE MODE");
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    if (!ok) {
        PQfinish(c);
        return NULL;
    }
    return c;
}

static void trail_release(PGconn *c)
{
    PGresult *res = PQexec(c, "COMMIT");
    PQclear(res);
    PQfinish(c);
}

/* Sends a GET of path on a new connection; the fd (timeouts 10 s), or -1. */
static int send_get(int port, const char *path)
{
    int fd = t_connect(port, NULL, 10);
    if (fd < 0) return -1;
    char req[256];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path);
    if (write(fd, req, (size_t)n) != n) {
        close(fd);
        return -1;
    }
    return fd;
}

/* 1 when fd has something to read (a reply, or the server's close) within ms. */
static int readable(int fd, int ms)
{
    struct pollfd p = {fd, POLLIN, 0};
    return poll(&p, 1, ms) == 1;
}

#define PARKED 8

typedef struct {
    t_server_t *srv;
    int status;
    atomic_int over;
} stopper_t;

static void *stopper(void *arg)
{
    stopper_t *s = arg;
    s->status = t_server_stop(s->srv);
    atomic_store(&s->over, 1);
    return NULL;
}

/* With the generation read held up, PARKED requests wait for it through A
 * (default --threads 2) without holding its threads: a route that needs no
 * generation is answered meanwhile. Half of their clients close: once the
 * read ends the rest are answered, A goes on serving, and (run under the
 * sanitizers) nothing of the closed ones leaks. Then PARKED more wait and A
 * is told to stop: it waits for them (a server stopped with requests
 * suspended would abort), and stops cleanly once the read ends. */
static void parked_requests_closed_and_stopped(void **state)
{
    (void)state;
    const char *path = "/api/v1/bodies/kent";
    contains(FX.a.port, path, NULL, "\"code\"", 1);   /* cached */
    PGconn *hold = trail_hold();
    assert_non_null(hold);
    int fds[PARKED];
    for (int k = 0; k < PARKED; k++) assert_true((fds[k] = send_get(FX.a.port, path)) >= 0);
    for (int k = 0; k < PARKED; k++)
        if (readable(fds[k], k ? 0 : 300)) fail_msg("request %d answered while the generation read is held up", k);
    /* no server thread is held by them */
    int other = send_get(FX.a.port, "/api/v1/schema");
    assert_true(other >= 0);
    t_http_t r;
    assert_int_equal(t_read_reply(other, &r), 0);
    assert_int_equal(r.status, 200);
    t_http_free(&r);
    close(other);
    for (int k = 0; k < PARKED; k += 2) close(fds[k]);   /* gone while parked */
    trail_release(hold);
    for (int k = 1; k < PARKED; k += 2) {
        assert_int_equal(t_read_reply(fds[k], &r), 0);
        assert_int_equal(r.status, 200);
        assert_non_null(strstr(r.body, "\"code\""));
        t_http_free(&r);
        close(fds[k]);
    }
    contains(FX.a.port, path, NULL, "\"code\"", 1);

    /* stopping with requests parked */
    hold = trail_hold();
    assert_non_null(hold);
    for (int k = 0; k < PARKED; k++) assert_true((fds[k] = send_get(FX.a.port, path)) >= 0);
    for (int k = 0; k < PARKED; k++) assert_false(readable(fds[k], k ? 0 : 300));
    stopper_t st = {.srv = &FX.a, .status = -1};
    atomic_init(&st.over, 0);
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, stopper, &st), 0);
    struct timespec pause = {0, 300 * 1000000L};
    nanosleep(&pause, NULL);
    int early = atomic_load(&st.over);   /* stopped before its parked requests were woken */
    trail_release(hold);
    pthread_join(th, NULL);
    for (int k = 0; k < PARKED; k++) {   /* each answered, or closed by the stop: none left hanging */
        assert_true(readable(fds[k], 10000));
        close(fds[k]);
    }
    if (early) fail_msg("the server stopped while requests were parked (status %d)", st.status);
    assert_int_equal(st.status, 0);
    assert_int_equal(t_server_start(S.db, NULL, &FX.a), 0);   /* for the tests after */
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest pg_tests[] = {
        cmocka_unit_test(cached_reads_see_writes),
        cmocka_unit_test(revoked_token_refused_by_both),
        cmocka_unit_test(lag_window_bounds_staleness),
        cmocka_unit_test(concurrent_patches_one_winner_per_version),
        cmocka_unit_test(four_eyes_holds_across_servers),
        cmocka_unit_test(writes_elsewhere_keep_cache),
        cmocka_unit_test(hits_repeat_the_miss),
        cmocka_unit_test(board_from_parts),
        cmocka_unit_test(list_from_parts),
        cmocka_unit_test(candidates_from_parts),
        cmocka_unit_test(deadlines_from_parts),
        cmocka_unit_test(parked_readers_see_earlier_writes),
        cmocka_unit_test(parked_requests_closed_and_stopped),
    };
    /* on SQLite: the cache across two servers on one file */
    const struct CMUnitTest sqlite_tests[] = {
        cmocka_unit_test(cached_reads_see_writes),
        cmocka_unit_test(revoked_token_refused_by_both),
        cmocka_unit_test(lag_window_bounds_staleness),
        cmocka_unit_test(four_eyes_holds_across_servers),
        cmocka_unit_test(writes_elsewhere_keep_cache),
        cmocka_unit_test(hits_repeat_the_miss),
        cmocka_unit_test(board_from_parts),
        cmocka_unit_test(list_from_parts),
        cmocka_unit_test(candidates_from_parts),
        cmocka_unit_test(deadlines_from_parts),
        cmocka_unit_test(parked_readers_see_earlier_writes),
    };
    int rc = t_db_pg() ? cmocka_run_group_tests(pg_tests, setup, teardown)
                       : cmocka_run_group_tests(sqlite_tests, setup, teardown);
    curl_global_cleanup();
    return rc;
}
