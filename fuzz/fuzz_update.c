/*
 * fuzz_update.c: libFuzzer target for the update authorisation path (issue
 * #13, finding 1): PATCH requests with fuzzed JSON bodies, sent as a
 * body-scoped user of the Met, must never leave a row in another body's
 * record, nor change another body's row.
 *
 * LLVMFuzzerInitialize creates a demo database in a temporary directory
 * (cmd_demo: the Met's record and the demo accounts, among them "met", a
 * `body` user, and "mopac", an `lpb` user, both of the Met), adds one row
 * of every entity that is changed in place for the Met and for Kent, twice
 * (sets met, met2, kent, kent2; references to rows of the same set; the
 * second inspections without a PCC response), makes an API token for each of
 * the two users, and starts the real server (src/http/server.c) with the
 * application's PATCH routes and no listening socket: each input is one
 * request written into a socketpair (http_server_add_connection). It then
 * notes every row's body and version.
 *
 * Input: a first line "ROLE ENTITY [ID|@SET] [stale]", then the JSON body
 * (the rest, sent as it is). ROLE "b" sends the request as the `body`
 * user, anything else as the `lpb` user; ENTITY is an entity name (else one
 * is chosen from the input's length); the row is ID, or the row of that
 * set (default @met: the actor's own). If-Match carries the row's current
 * version unless "stale" is given. In the body, "@SET:NAME" becomes the id
 * of that set's row of entity NAME, so the fuzzer reaches other bodies'
 * rows at once.
 *
 * After each request: every row of every entity with a body still belongs
 * to the body it had, no row was added or lost, and no row of a body other
 * than the Met changed its version; a reply of 5xx, or none, also aborts.
 */
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <signal.h>
#include <fcntl.h>
#include <time.h>
#include <jansson.h>
#include "api/api.h"
#include "routes/routes.h"
#include "cli/cli.h"
#include "core/buf.h"
#include "http/http.h"
#include "http/server.h"
#include "store/accounts.h"
#include "store/entity.h"
#include "store/pool.h"
#include "store/store.h"

#define ACTOR_BODY "met"

static char g_dir[64];
static char g_db[256];
static char g_token_body[ACCOUNTS_TOKEN_SIZE], g_token_lpb[ACCOUNTS_TOKEN_SIZE];
static store_pool_t *g_pool;
static store_t *g_check;      /* the checker's own connection */
static json_t *g_ids;         /* set ("met", "met2", "kent", "kent2") -> entity name -> id of a row made here */
static json_t *g_rows;        /* entity name -> "id" -> [body code, version] */
static app_t g_app;
static http_config_t g_cfg;
static http_server_t *g_srv;
static http_route_t *g_routes;

#define CHECK(c, ...) do { if (!(c)) { fprintf(stderr, "fuzz_update: " __VA_ARGS__); fputc('\n', stderr); __builtin_trap(); } } while (0)

static void cleanup(void)
{
    if (g_srv) http_server_stop(g_srv);
    if (g_pool) store_pool_free(g_pool);
    if (g_check) store_close(g_check);
    json_decref(g_ids);
    json_decref(g_rows);
    char path[300];
    static const char *const side[] = {"", "-wal", "-shm", NULL};
    for (int i = 0; side[i]; i++) {
        snprintf(path, sizeof path, "%s%s", g_db, side[i]);
        unlink(path);
    }
    rmdir(g_dir);
    free(g_routes);
}

static long long id_of(const char *set, const char *entity)
{
    return json_integer_value(json_object_get(json_object_get(g_ids, set), entity));
}

/* A new row of e for body, in set (two sets a body, so a row can be
 * re-pointed to a parent with a free slot, such as an inspection without a
 * PCC response): required fields with plain values, every reference to
 * the set's row. NULL while a required one has no row. */
static json_t *row_for(const entity_def_t *e, const char *set, const char *body)
{
    json_t *in = json_object();
    for (const field_def_t *f = e->fields; f->name; f++) {
        json_t *v = NULL;
        if (f->kind == FK_REF) {
            long long id = id_of(set, f->ref);
            if (!id && (f->flags & F_REQUIRED)) {
                json_decref(in);
                return NULL;
            }
            if (id) v = json_integer(id);
        } else if (f->kind == FK_BODY) {
            v = json_string(body);
        } else if (f->flags & F_REQUIRED) {
            switch (f->kind) {
            case FK_DATE: case FK_DAY: v = json_string("2025-01-01"); break;
            case FK_INT: v = json_integer(1); break;
            case FK_REAL: v = json_real(1.5); break;
            case FK_BOOL: v = json_false(); break;
            case FK_ENUM: v = json_string(f->values[0]); break;
            case FK_URL: v = json_string("https://example.org/"); break;
            default: v = json_string(set); break;
            }
        }
        if (v) json_object_set_new(in, f->name, v);
    }
    return in;
}

/* Every row of every entity with a body: {entity: {id: [body, version]}}. */
static json_t *rows_now(void)
{
    json_t *all = json_object();
    for (const entity_def_t *e = store_entities; e->name; e++) {
        if (!e->body_sql) continue;
        buf_t q = BUF_INIT;
        buf_printf(&q, "SELECT t.id AS id, (SELECT code FROM bodies WHERE id = (%s)) AS body, %s AS version FROM %s t",
                   e->body_sql, (e->flags & E_APPEND_ONLY) ? "0" : "t.version", e->table);
        json_t *rows = NULL;
        ov_error_t err = {0};
        int rc = q.data ? store_query(g_check, &rows, &err, q.data, NULL) : -1;
        buf_free(&q);
        CHECK(rc == 0, "reading %s: %s", e->name, err.message);
        json_t *by_id = json_object();
        size_t i;
        json_t *r;
        json_array_foreach(rows, i, r) {
            char key[32];
            snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(r, "id")));
            const char *body = json_string_value(json_object_get(r, "body"));
            json_object_set_new(by_id, key, json_pack("[s, I]", body ? body : "",
                                                      (json_int_t)json_integer_value(json_object_get(r, "version"))));
        }
        json_decref(rows);
        json_object_set_new(all, e->name, by_id);
    }
    return all;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    signal(SIGPIPE, SIG_IGN);
    snprintf(g_dir, sizeof g_dir, "%s/fuzz_update.XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(g_dir)) abort();
    snprintf(g_db, sizeof g_db, "%s/demo.db", g_dir);
    atexit(cleanup);
    char *args[] = {"demo", g_db, NULL};
    int so = dup(1), dn = open("/dev/null", 1);   /* cmd_demo prints the demo passwords */
    fflush(stdout);
    dup2(dn, 1);
    int rc = cmd_demo(2, args);
    fflush(stdout);
    dup2(so, 1);
    close(so);
    close(dn);
    if (rc != 0) abort();

    ov_error_t err = {0};
    store_t *s = NULL;
    long long id = 0;
    if (store_open(g_db, STORE_OPEN_EXISTING, &s, &err) != 0) abort();
    /* two rows of every entity changed in place, for the Met and for Kent */
    const char *sets[][2] = {{ACTOR_BODY, ACTOR_BODY}, {ACTOR_BODY "2", ACTOR_BODY}, {"kent", "kent"}, {"kent2", "kent"}};
    g_ids = json_object();
    for (int k = 0; k < 4; k++) json_object_set_new(g_ids, sets[k][0], json_object());
    for (int round = 0; round < 6; round++)
        for (int k = 0; k < 4; k++)
            for (const entity_def_t *e = store_entities; e->name; e++) {
                if ((e->flags & E_APPEND_ONLY) || id_of(sets[k][0], e->name)) continue;
                /* the second inspection of each body keeps its PCC response's slot free */
                if ((k & 1) && strcmp(e->name, "pcc-responses") == 0) continue;
                json_t *in = row_for(e, sets[k][0], sets[k][1]);
                if (!in) continue;
                rc = store_entity_insert(s, e, in, &store_authz_system, &id, &err);
                json_decref(in);
                CHECK(rc == 0, "making a %s row of %s: %s", sets[k][0], e->name, err.message);
                json_object_set_new(json_object_get(g_ids, sets[k][0]), e->name, json_integer(id));
            }
    if (accounts_token_create(s, "met", "fuzz", (long long)time(NULL), &id, g_token_body, &err) != 0
        || accounts_token_create(s, "mopac", "fuzz", (long long)time(NULL), &id, g_token_lpb, &err) != 0) {
        fprintf(stderr, "fuzz_update: %s\n", err.message);
        abort();
    }
    store_close(s);
    if (store_pool_open(g_db, 2, &g_pool, &err) != 0 || store_open(g_db, STORE_OPEN_EXISTING, &g_check, &err) != 0)
        abort();
    g_rows = rows_now();

    size_t n = 0;
    for (const http_route_t *r = routes_table; r->pattern; r++) n++;
    g_routes = calloc(n + 1, sizeof *g_routes);
    if (!g_routes) abort();
    size_t k = 0;
    for (const http_route_t *r = routes_table; r->pattern; r++)
        if (strcmp(r->method, "PATCH") == 0) g_routes[k++] = *r;

    g_app = (app_t){g_pool, "2026-06-01", 0, NULL, NULL, NULL};
    g_cfg = (http_config_t){
        .address = "127.0.0.1", .port = 0, .threads = 1, .timeout_s = 10, .max_connections = 16,
        .max_body = 1 << 20, .routes = g_routes, .upload_suffix = "/evidence", .max_upload = (size_t)20 << 20,
        .upload_allowed = api_upload_allowed, .error = api_problem_http, .app = &g_app, .access_log = 0,
        .no_listen = 1,
    };
    if (http_server_start(&g_cfg, &g_srv, &err) != 0) {
        fprintf(stderr, "fuzz_update: %s\n", err.message);
        abort();
    }
    return 0;
}

/* body (n bytes) with "@SET:NAME" (SET one of met, met2, kent, kent2)
 * replaced by the id of that set's row of entity NAME. */
static void put_body(buf_t *b, const char *p, size_t n)
{
    static const char *const sets[] = {"met2", "met", "kent2", "kent", NULL};
    for (size_t i = 0; i < n; i++) {
        const char *who = NULL;
        size_t skip = 0;
        for (int k = 0; p[i] == '@' && !who && sets[k]; k++) {
            size_t l = strlen(sets[k]);
            if (n - i > l + 1 && memcmp(p + i + 1, sets[k], l) == 0 && p[i + 1 + l] == ':') who = sets[k], skip = l + 2;
        }
        if (who) {
            size_t j = i + skip, len = 0;
            while (j + len < n && len < 40 && (p[j + len] == '-' || (p[j + len] >= 'a' && p[j + len] <= 'z'))) len++;
            char name[48];
            memcpy(name, p + j, len);
            name[len] = '\0';
            buf_printf(b, "%lld", id_of(who, name));
            i = j + len - 1;
            continue;
        }
        buf_append(b, p + i, 1);
    }
}

/* The row's version now, or 0 (no such row, or an append-only entity). */
static long long version_of(const entity_def_t *e, long long id)
{
    if (e->flags & E_APPEND_ONLY) return 0;
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT version FROM %s WHERE id = ?", e->table);
    json_t *row = NULL;
    ov_error_t err = {0};
    if (store_query_one(g_check, &row, &err, "", sql, "i", id) != 0) return 0;
    long long v = json_integer_value(json_object_get(row, "version"));
    json_decref(row);
    return v;
}

/* The invariants, against the rows noted before this input. */
static void check_rows(void)
{
    json_t *now = rows_now();
    const char *name;
    json_t *was;
    json_object_foreach(g_rows, name, was) {
        json_t *is = json_object_get(now, name);
        CHECK(json_object_size(is) == json_object_size(was), "%s: %zu rows, were %zu", name, json_object_size(is),
              json_object_size(was));
        const char *key;
        json_t *w;
        json_object_foreach(was, key, w) {
            json_t *v = json_object_get(is, key);
            CHECK(v, "%s %s is gone", name, key);
            const char *b0 = json_string_value(json_array_get(w, 0)), *b1 = json_string_value(json_array_get(v, 0));
            CHECK(strcmp(b0, b1) == 0, "%s %s moved from %s to %s", name, key, b0, b1);
            if (strcmp(b0, ACTOR_BODY) != 0)
                CHECK(json_equal(json_array_get(w, 1), json_array_get(v, 1)), "%s %s of %s was changed by a %s user",
                      name, key, b0, ACTOR_BODY);
        }
    }
    json_decref(g_rows);
    g_rows = now;
}

static void add_connection(int fd)
{
    struct sockaddr_un peer;
    memset(&peer, 0, sizeof peer);
    peer.sun_family = AF_UNIX;
    if (http_server_add_connection(g_srv, fd, (const struct sockaddr *)&peer, sizeof peer) != 0) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *end = p + size;
    const char *eol = memchr(p, '\n', size);
    if (!eol) return 0;
    char head[200];
    size_t hl = (size_t)(eol - p) < sizeof head - 1 ? (size_t)(eol - p) : sizeof head - 1;
    memcpy(head, p, hl);
    head[hl] = '\0';
    char role[8] = "", ent[64] = "", which[32] = "", stale[16] = "";
    sscanf(head, "%7s %63s %31s %15s", role, ent, which, stale);
    const entity_def_t *e = entity_find(ent);
    if (!e) {
        size_t n = 0;
        for (const entity_def_t *x = store_entities; x->name; x++) n++;
        e = &store_entities[size % n];
    }
    long long id = which[0] == '@' ? id_of(which + 1, e->name)
                   : (which[0] >= '1' && which[0] <= '9') ? atoll(which) : id_of(ACTOR_BODY, e->name);
    if (id <= 0) id = 1;
    long long version = strcmp(stale, "stale") == 0 ? 999999 : version_of(e, id);

    buf_t body = BUF_INIT, req = BUF_INIT;
    put_body(&body, eol + 1, (size_t)(end - eol - 1));
    buf_printf(&req, "PATCH /api/v1/%s/%lld HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n", e->name, id);
    buf_printf(&req, "Authorization: Bearer %s\r\n", strcmp(role, "b") == 0 ? g_token_body : g_token_lpb);
    buf_printf(&req, "If-Match: \"v%lld\"\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n", version,
               body.len);
    if (body.len) buf_append(&req, body.data, body.len);
    buf_free(&body);
    if (req.failed) {
        buf_free(&req);
        return 0;
    }

    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) != 0) abort();
    size_t off = 0;
    while (off < req.len) {
        ssize_t w = send(sv[0], req.data + off, req.len - off, MSG_NOSIGNAL);
        if (w <= 0) break;
        off += (size_t)w;
    }
    if (off == req.len) shutdown(sv[0], SHUT_WR);
    add_connection(sv[1]);
    while (off < req.len) {
        struct pollfd pf = {sv[0], POLLOUT, 0};
        int pr = poll(&pf, 1, 8000);
        if (pr < 0 && errno == EINTR) continue;
        if (pr <= 0) break;
        ssize_t w = send(sv[0], req.data + off, req.len - off, MSG_NOSIGNAL);
        if (w < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (w <= 0) break;
        off += (size_t)w;
    }
    shutdown(sv[0], SHUT_WR);
    buf_free(&req);

    buf_t reply = BUF_INIT;
    char chunk[65536];
    int waited = 0;
    for (;;) {
        struct pollfd pf = {sv[0], POLLIN, 0};
        int pr = poll(&pf, 1, 1000);
        if (pr < 0 && errno == EINTR) continue;
        if (pr == 0) {
            CHECK(++waited < 8, "no reply in 8 s");
            continue;
        }
        CHECK(pr > 0, "poll failed");
        ssize_t r = read(sv[0], chunk, sizeof chunk);
        if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (r <= 0) break;
        if (reply.len < 4096) buf_append(&reply, chunk, (size_t)r);
    }
    close(sv[0]);
    CHECK(reply.len >= 12 && memcmp(reply.data, "HTTP/1.", 7) == 0, "no reply");
    int status = atoi(reply.data + 9);
    if (getenv("FUZZ_UPDATE_TRACE")) fprintf(stderr, "fuzz_update: %s %s %lld -> %d\n", role, e->name, id, status);
    CHECK(status >= 100 && status < 500, "status %d", status);
    buf_free(&reply);
    check_rows();
    return 0;
}
