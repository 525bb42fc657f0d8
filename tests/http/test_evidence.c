/* test_evidence.c: evidence in one step (issue #17 item 8), on the real
 * server. A new progress update takes its files: the page's form posts
 * multipart/form-data, the API takes a part `json` and `file` parts, and
 * the update and all its files are written in one transaction. A bad
 * second file (empty, or a name that cannot be kept), a missing field or
 * a body over the upload cap leaves no update and no file; the form comes
 * back with every error by its field and the typed text kept. A claim of
 * implemented names the evidence files it rests on (evidence_file_ids;
 * only that body's files), kept with the status change and shown in the
 * recommendation's status history and in the inspector's closure form. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "support/support.h"

static t_site_t S;
static struct {
    char met[160], kent[160], insp[160];   /* Bearer headers */
    t_session_t met_s;                     /* a cookie session of met's user */
    long long rec;                         /* a recommendation of met, open */
    long long kent_file;                   /* an evidence file of kent */
} FX;

typedef struct {
    const char *name, *filename, *type;   /* filename NULL: a text part */
    const void *data;
    size_t len;                           /* for a text part: strlen(data) when 0 */
} part_t;

#define BOUNDARY "----ovEvidenceBoundary7"

/* The multipart/form-data body of parts (malloc'd, *n bytes). */
static char *multipart(const part_t *parts, size_t nparts, size_t *n)
{
    size_t cap = 1024;
    for (size_t i = 0; i < nparts; i++) cap += 512 + (parts[i].filename ? parts[i].len : strlen(parts[i].data));
    char *b = malloc(cap);
    assert_non_null(b);
    size_t o = 0;
    for (size_t i = 0; i < nparts; i++) {
        const part_t *p = &parts[i];
        if (p->filename)
            o += (size_t)snprintf(b + o, cap - o,
                                  "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                                  "Content-Type: %s\r\n\r\n", p->name, p->filename, p->type ? p->type : "text/plain");
        else
            o += (size_t)snprintf(b + o, cap - o, "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n",
                                  p->name);
        size_t len = p->filename ? p->len : strlen(p->data);
        memcpy(b + o, p->data, len);
        o += len;
        memcpy(b + o, "\r\n", 2);
        o += 2;
    }
    o += (size_t)snprintf(b + o, cap - o, "--" BOUNDARY "--\r\n");
    *n = o;
    return b;
}

static void send_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t k = send(fd, c, n, MSG_NOSIGNAL);
        if (k <= 0) return;   /* the server may answer and close early */
        c += k;
        n -= (size_t)k;
    }
}

/* POSTs body (n bytes, multipart) to path with the header lines hdrs ("" skipped). */
static void post_raw(const char *path, const char *const hdrs[], const char *body, size_t n, t_http_t *r)
{
    char head[2048];
    size_t o = (size_t)snprintf(head, sizeof head, "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\n", path);
    for (int i = 0; hdrs && hdrs[i]; i++)
        if (*hdrs[i]) o += (size_t)snprintf(head + o, sizeof head - o, "%s\r\n", hdrs[i]);
    snprintf(head + o, sizeof head - o,
             "Content-Type: multipart/form-data; boundary=" BOUNDARY "\r\nContent-Length: %zu\r\n"
             "Connection: close\r\n\r\n", n);
    int fd = t_connect(S.srv.port, NULL, 60);
    assert_true(fd >= 0);
    send_all(fd, head, strlen(head));
    send_all(fd, body, n);
    t_read_reply(fd, r);
    close(fd);
}

static void post_parts(const char *path, const char *const hdrs[], const part_t *parts, size_t nparts, t_http_t *r)
{
    size_t n;
    char *body = multipart(parts, nparts, &n);
    post_raw(path, hdrs, body, n, r);
    free(body);
}

/* The number of items a list route gives the inspector. */
static size_t count(const char *path)
{
    t_http_t r;
    t_get(&S, path, FX.insp, 200, &r);
    json_t *j = t_json(&r);
    size_t n = json_array_size(json_object_get(j, "items"));
    json_decref(j);
    t_http_free(&r);
    return n;
}

static size_t updates(void) { return count("/api/v1/progress-updates?body=met&limit=1000"); }
static size_t files(void) { return count("/api/v1/evidence-files?limit=1000"); }

static void sha256_hex(const void *p, size_t len, char hex[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, p, len);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

static int setup(void **state)
{
    (void)state;
    if (sodium_init() < 0 || t_site_init(&S, "evidence.db", T_SITE_DEMO) != 0) return -1;
    if (t_user_bearer(S.db, "ev_met", "body", "met", FX.met) != 0 || t_user_bearer(S.db, "ev_kent", "body", "kent", FX.kent)
        || t_user_bearer(S.db, "ev_insp", "inspector", NULL, FX.insp) != 0)
        return -1;
    if (t_site_serve(&S, t_today) != 0 || t_login(&S, "ev_met", NULL, &FX.met_s) != 0) return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

/* The page's form: two files with the update, in one step. */
static void form_takes_the_files(void **state)
{
    (void)state;
    t_http_t r;
    const char *hdrs[] = {FX.met_s.cookie, "Accept: text/html", NULL};
    /* the form asks for them */
    t_get(&S, "/record/progress-updates/new?body=met", FX.met_s.cookie, 200, &r);
    assert_non_null(strstr(r.body, "enctype=\"multipart/form-data\""));
    assert_non_null(strstr(r.body, "type=\"file\" id=\"f-file\" name=\"file\" multiple"));
    t_http_free(&r);
    size_t u0 = updates(), f0 = files();
    static const unsigned char one[] = "audit of June\r\n--another-boundary\r\n\0\xff";
    static const char two[] = "second,file\n1,2\n";
    part_t parts[] = {
        {"csrf_token", NULL, NULL, FX.met_s.token, 0}, {"body", NULL, NULL, "met", 0},
        {"submitted_on", NULL, NULL, "2025-06-02", 0}, {"author", NULL, NULL, "MPS", 0},
        {"text", NULL, NULL, "Two audits attached", 0},
        {"file", "audit-june.txt", "text/plain", one, sizeof one},
        {"file", "figures.csv", "text/csv", two, strlen(two)},
    };
    post_parts("/record/progress-updates", hdrs, parts, 7, &r);
    if (r.status != 303) fail_msg("form: %ld %s", r.status, r.body);
    char loc[200];
    assert_int_equal(t_http_header(&r, "Location", loc, sizeof loc), 0);
    t_http_free(&r);
    long long id = 0;
    assert_int_equal(sscanf(loc, "/record/progress-updates/%lld", &id), 1);
    assert_int_equal(updates(), u0 + 1);
    assert_int_equal(files(), f0 + 2);
    /* every byte, with its SHA-256, on the update's page */
    char q[160], hex[65];
    snprintf(q, sizeof q, "/api/v1/evidence-files?progress_update_id=%lld", id);
    t_get(&S, q, FX.insp, 200, &r);
    json_t *j = t_json(&r);
    t_http_free(&r);
    json_t *items = json_object_get(j, "items");
    assert_int_equal(json_array_size(items), 2);
    sha256_hex(one, sizeof one, hex);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "sha256")), hex);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "filename")), "figures.csv");
    json_decref(j);
    snprintf(q, sizeof q, "/record/progress-updates/%lld", id);
    t_get(&S, q, FX.met_s.cookie, 200, &r);
    assert_non_null(strstr(r.body, "audit-june.txt"));
    assert_non_null(strstr(r.body, "figures.csv"));
    assert_non_null(strstr(r.body, hex));
    t_http_free(&r);
    /* no file chosen: the browser's empty part; the update alone */
    part_t none[] = {
        {"csrf_token", NULL, NULL, FX.met_s.token, 0}, {"body", NULL, NULL, "met", 0},
        {"submitted_on", NULL, NULL, "2025-06-03", 0}, {"author", NULL, NULL, "MPS", 0},
        {"text", NULL, NULL, "No files this time", 0}, {"file", "", "application/octet-stream", "", 0},
    };
    post_parts("/record/progress-updates", hdrs, none, 6, &r);
    if (r.status != 303) fail_msg("form without files: %ld %s", r.status, r.body);
    t_http_free(&r);
    assert_int_equal(updates(), u0 + 2);
    assert_int_equal(files(), f0 + 2);
    /* the url-encoded form of before still records an update */
    t_submit(&S, &FX.met_s, "/record/progress-updates", "body=met&submitted_on=2025-06-04&author=MPS&text=Plain", 303,
             &r);
    t_http_free(&r);
    assert_int_equal(updates(), u0 + 3);
    /* and the token is checked */
    part_t forged[] = {{"csrf_token", NULL, NULL, "not-the-token", 0}, {"body", NULL, NULL, "met", 0},
                       {"submitted_on", NULL, NULL, "2025-06-03", 0}, {"author", NULL, NULL, "MPS", 0},
                       {"text", NULL, NULL, "Forged", 0}, {"file", "a.txt", "text/plain", "a", 1}};
    post_parts("/record/progress-updates", hdrs, forged, 6, &r);
    assert_int_equal(r.status, 403);
    t_http_free(&r);
    assert_int_equal(updates(), u0 + 3);
}

/* A bad second file, a missing field: nothing written, every error at once. */
static void form_is_all_or_nothing(void **state)
{
    (void)state;
    t_http_t r;
    const char *hdrs[] = {FX.met_s.cookie, "Accept: text/html", NULL};
    size_t u0 = updates(), f0 = files();
    part_t parts[] = {
        {"csrf_token", NULL, NULL, FX.met_s.token, 0}, {"body", NULL, NULL, "met", 0},
        {"submitted_on", NULL, NULL, "2025-06-05", 0}, {"author", NULL, NULL, "", 0},
        {"text", NULL, NULL, "Typed & kept <here>", 0},
        {"file", "good.txt", "text/plain", "good", 4},
        {"file", "empty.txt", "text/plain", "", 0},
    };
    post_parts("/record/progress-updates", hdrs, parts, 7, &r);
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(r.body, "Author is required"));
    assert_non_null(strstr(r.body, "empty.txt is empty"));
    assert_non_null(strstr(r.body, "id=\"f-file-error\""));              /* by the file field */
    assert_non_null(strstr(r.body, "Typed &amp; kept &lt;here&gt;"));   /* the typed text */
    assert_non_null(strstr(r.body, "choose your files again"));
    t_http_free(&r);
    assert_int_equal(updates(), u0);
    assert_int_equal(files(), f0);
    /* the fields right, the second file's name refused: still nothing */
    parts[3].data = "MPS";
    parts[6] = (part_t){"file", "..", "text/plain", "dots", 4};
    post_parts("/record/progress-updates", hdrs, parts, 7, &r);
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(r.body, "its name cannot be kept"));
    t_http_free(&r);
    assert_int_equal(updates(), u0);
    assert_int_equal(files(), f0);
}

/* Over the upload cap: the form back (413) with what was typed, nothing written. */
static void form_too_big_comes_back(void **state)
{
    (void)state;
    size_t u0 = updates(), f0 = files();
    size_t big = ((size_t)20 << 20) + 4096;
    char *data = malloc(big);
    assert_non_null(data);
    memset(data, 'x', big);
    part_t parts[] = {
        {"csrf_token", NULL, NULL, FX.met_s.token, 0}, {"body", NULL, NULL, "met", 0},
        {"submitted_on", NULL, NULL, "2025-06-06", 0}, {"author", NULL, NULL, "MPS", 0},
        {"text", NULL, NULL, "A very large scan", 0},
        {"file", "scan.pdf", "application/pdf", data, big},
    };
    const char *hdrs[] = {FX.met_s.cookie, "Accept: text/html", NULL};
    t_http_t r;
    post_parts("/record/progress-updates", hdrs, parts, 6, &r);
    free(data);
    assert_int_equal(r.status, 413);
    assert_non_null(strstr(r.body, "larger than 20 MB together"));
    assert_non_null(strstr(r.body, "A very large scan"));
    t_http_free(&r);
    assert_int_equal(updates(), u0);
    assert_int_equal(files(), f0);
}

/* The API: a part json and file parts, one transaction. */
static void api_takes_the_files(void **state)
{
    (void)state;
    t_http_t r;
    const char *hdrs[] = {FX.met, NULL};
    size_t u0 = updates(), f0 = files();
    part_t parts[] = {
        {"json", NULL, NULL, "{\"body\":\"met\",\"submitted_on\":\"2025-06-07\",\"author\":\"MPS\",\"text\":\"By API\"}", 0},
        {"file", "a.pdf", "application/pdf", "%PDF-1.4 a", 10},
        {"file", "b.png", "image/png", "\x89PNG b", 6},
    };
    post_parts("/api/v1/progress-updates", hdrs, parts, 3, &r);
    if (r.status != 201) fail_msg("api: %ld %s", r.status, r.body);
    json_t *j = t_json(&r);
    t_http_free(&r);
    assert_int_equal(json_array_size(json_object_get(j, "evidence_files")), 2);
    json_decref(j);
    assert_int_equal(updates(), u0 + 1);
    assert_int_equal(files(), f0 + 2);
    /* a bad second file and a missing field: 422 naming both, nothing written */
    parts[0].data = "{\"body\":\"met\",\"submitted_on\":\"2025-06-08\",\"text\":\"By API\"}";
    parts[2] = (part_t){"file", "empty.png", "image/png", "", 0};
    post_parts("/api/v1/progress-updates", hdrs, parts, 3, &r);
    assert_int_equal(r.status, 422);
    j = t_json(&r);
    t_http_free(&r);
    json_t *errs = json_object_get(j, "errors");
    assert_int_equal(json_array_size(errs), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(errs, 1), "field")), "file");
    json_decref(j);
    assert_int_equal(updates(), u0 + 1);
    assert_int_equal(files(), f0 + 2);
    /* another body's update is refused, files and all */
    parts[0].data = "{\"body\":\"kent\",\"submitted_on\":\"2025-06-08\",\"author\":\"x\",\"text\":\"t\"}";
    parts[2] = (part_t){"file", "b.png", "image/png", "b", 1};
    post_parts("/api/v1/progress-updates", hdrs, parts, 3, &r);
    assert_int_equal(r.status, 403);
    t_http_free(&r);
    assert_int_equal(files(), f0 + 2);
}

/* The id of the evidence file named filename of progress update pu. */
static long long file_id(long long pu, const char *filename)
{
    char q[160];
    snprintf(q, sizeof q, "/api/v1/evidence-files?progress_update_id=%lld", pu);
    t_http_t r;
    t_get(&S, q, FX.insp, 200, &r);
    json_t *j = t_json(&r);
    t_http_free(&r);
    long long id = 0;
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(j, "items"), i, f)
        if (strcmp(json_string_value(json_object_get(f, "filename")), filename) == 0)
            id = json_integer_value(json_object_get(f, "id"));
    json_decref(j);
    assert_true(id > 0);
    return id;
}

/* An update with one file through the API, as auth: its id. */
static long long update_with_file(const char *auth, const char *body, const char *filename)
{
    char js[300];
    snprintf(js, sizeof js, "{\"body\":\"%s\",\"submitted_on\":\"2025-06-09\",\"author\":\"x\",\"text\":\"t\"}", body);
    part_t parts[] = {{"json", NULL, NULL, js, 0}, {"file", filename, "text/plain", "evidence", 8}};
    const char *hdrs[] = {auth, NULL};
    t_http_t r;
    post_parts("/api/v1/progress-updates", hdrs, parts, 2, &r);
    if (r.status != 201) fail_msg("update: %ld %s", r.status, r.body);
    json_t *j = t_json(&r);
    t_http_free(&r);
    long long id = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    return id;
}

/* A claim of implemented names its files; only the body's; shown and offered. */
static void claim_points_to_its_evidence(void **state)
{
    (void)state;
    json_t *j = t_call_as(&S, FX.insp, "POST", "/api/v1/recommendations",
                          "{\"body\":\"met\",\"number\":\"E1\",\"addressee\":\"Commissioner\",\"text\":\"Keep evidence\","
                          "\"issued_on\":\"2025-01-01\"}", NULL, 201, NULL);
    FX.rec = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    long long pu = update_with_file(FX.met, "met", "claim-a.txt");
    long long a = file_id(pu, "claim-a.txt");
    long long pu2 = update_with_file(FX.met, "met", "claim-b.txt");
    long long b = file_id(pu2, "claim-b.txt");
    long long kp = update_with_file(FX.kent, "kent", "kent-only.txt");
    FX.kent_file = file_id(kp, "kent-only.txt");
    char path[128], body[400];
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld/status", FX.rec);
    /* another body's file: refused, nothing changes */
    snprintf(body, sizeof body,
             "{\"to\":\"implemented\",\"on\":\"2025-06-10\",\"reason\":\"audits\",\"evidence_file_ids\":[%lld,%lld]}", a,
             FX.kent_file);
    t_http_t r;
    j = t_call_as(&S, FX.met, "POST", path, body, "\"v1\"", 422, &r);
    assert_string_equal(json_string_value(json_object_get(j, "field")), "evidence_file_ids");
    json_decref(j);
    t_http_free(&r);
    /* files only with a claim */
    snprintf(body, sizeof body, "{\"to\":\"in_progress\",\"on\":\"2025-06-10\",\"evidence_file_ids\":[%lld]}", a);
    j = t_call_as(&S, FX.met, "POST", path, body, "\"v1\"", 422, NULL);
    json_decref(j);
    j = t_call_as(&S, FX.met, "POST", path, "{\"to\":\"implemented\",\"on\":\"2025-06-10\",\"reason\":\"a\","
                                             "\"evidence_file_ids\":[\"x\"]}", "\"v1\"", 422, NULL);
    json_decref(j);
    /* the claim with two of its body's files */
    snprintf(body, sizeof body,
             "{\"to\":\"implemented\",\"on\":\"2025-06-10\",\"reason\":\"audits\",\"evidence_file_ids\":[%lld,%lld]}", a,
             b);
    j = t_call_as(&S, FX.met, "POST", path, body, "\"v1\"", 200, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "implemented");
    json_t *hist = json_object_get(j, "status_history");
    json_t *last = json_array_get(hist, json_array_size(hist) - 1);
    assert_int_equal(json_array_size(json_object_get(last, "evidence_files")), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(last, "evidence_files"), 0), "id")),
                     a);
    json_decref(j);
    /* the staff page: in the status history, with the downloads */
    char page[128], href[128];
    snprintf(page, sizeof page, "/recommendations/%lld", FX.rec);
    t_get(&S, page, FX.insp, 200, &r);
    snprintf(href, sizeof href, "/api/v1/evidence-files/%lld/content", b);
    assert_non_null(strstr(r.body, "The claim of implemented rests on"));
    assert_non_null(strstr(r.body, href));
    assert_non_null(strstr(r.body, "claim-b.txt"));
    t_http_free(&r);
    /* the inspector's closure form offers them, first */
    snprintf(page, sizeof page, "/record/recommendations/%lld/status?to=closed", FX.rec);
    t_get(&S, page, FX.insp, 200, &r);
    char opt[200];
    snprintf(opt, sizeof opt, "<option value=\"%lld\">claim-a.txt (progress update of", a);
    const char *at = strstr(r.body, opt);
    assert_non_null(at);
    assert_non_null(strstr(at, "the claim of implemented rests on it"));
    assert_null(strstr(r.body, "kent-only.txt"));   /* only the body's files */
    t_http_free(&r);
}

/* The status form: the body's files as checkboxes; a claim through it. */
static void status_form_takes_files(void **state)
{
    (void)state;
    json_t *j = t_call_as(&S, FX.insp, "POST", "/api/v1/recommendations",
                          "{\"body\":\"met\",\"number\":\"E2\",\"addressee\":\"Commissioner\",\"text\":\"Form claim\","
                          "\"issued_on\":\"2025-01-01\"}", NULL, 201, NULL);
    long long rec = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    long long pu = update_with_file(FX.met, "met", "form-claim.txt");
    long long f = file_id(pu, "form-claim.txt");
    char page[128], fields[400];
    t_http_t r;
    snprintf(page, sizeof page, "/record/recommendations/%lld/status?to=implemented", rec);
    t_get(&S, page, FX.met_s.cookie, 200, &r);
    char box[120];
    snprintf(box, sizeof box, "name=\"evidence_file_ids\" value=\"%lld\"", f);
    assert_non_null(strstr(r.body, box));
    assert_null(strstr(r.body, "kent-only.txt"));
    t_http_free(&r);
    /* another body's file posted anyway: refused by the store, on the form */
    snprintf(page, sizeof page, "/record/recommendations/%lld/status", rec);
    snprintf(fields, sizeof fields, "to=implemented&on=2025-06-11&reason=audit&version=1&evidence_file_ids=%lld",
             FX.kent_file);
    t_submit(&S, &FX.met_s, page, fields, 422, &r);
    assert_non_null(strstr(r.body, "of this body"));
    t_http_free(&r);
    snprintf(fields, sizeof fields, "to=implemented&on=2025-06-11&reason=audit&version=1&evidence_file_ids=%lld", f);
    t_submit(&S, &FX.met_s, page, fields, 303, &r);
    t_http_free(&r);
    snprintf(page, sizeof page, "/api/v1/recommendations/%lld", rec);
    j = t_call_as(&S, FX.insp, "GET", page, NULL, NULL, 200, NULL);
    json_t *hist = json_object_get(j, "status_history");
    json_t *last = json_array_get(hist, json_array_size(hist) - 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(last, "evidence_files"), 0), "id")),
                     f);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(form_takes_the_files),
        cmocka_unit_test(form_is_all_or_nothing),
        cmocka_unit_test(form_too_big_comes_back),
        cmocka_unit_test(api_takes_the_files),
        cmocka_unit_test(claim_points_to_its_evidence),
        cmocka_unit_test(status_form_takes_files),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
