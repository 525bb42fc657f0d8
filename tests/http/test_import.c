/* test_import.c: the import review screen on the real server (docs/import.md).
 * An inspector uploads a real letter of the corpus at /import; the review
 * page shows the letter with each fact marked and a form of the draft;
 * nothing is written until the confirmation (the audit trail, which every
 * write extends, does not grow); confirming with a correction records the
 * causes, the meeting and the draft letter in one go with the letter file
 * kept under its SHA-256; the same review confirmed again writes nothing
 * more; a form with errors comes back with every error at once, each tied
 * to its field; and only staff who may record get in, with the session's
 * CSRF token. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support/support.h"

#define LETTER "tests/docs/corpus/real/r16_nottinghamshire_return_2025_05.txt"
#define BOUNDARY "----ovimportBOUNDARY"

static t_site_t S;
static struct {
    t_session_t insp;          /* an inspector's browser session */
    char body_user[160];       /* a body's user (Bearer) */
    char analyst[160];         /* an analyst: staff who may record */
    char *letter;              /* the letter file's bytes */
    size_t letter_len;
} FX;

static char *slurp(const char *rel, size_t *len)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", t_src(), rel);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(f);
    if (p) p[n] = '\0';
    *len = (size_t)n;
    return p;
}

static int setup(void **state)
{
    (void)state;
    if (sodium_init() < 0 || t_site_init(&S, "import.db", T_SITE_DEMO) != 0) return -1;
    char tok[128];
    if (t_user_token(S.db, "imp_insp", "inspector", NULL, tok) != 0) return -1;
    if (t_user_bearer(S.db, "imp_body", "body", "nottinghamshire", FX.body_user) != 0) return -1;
    if (t_user_bearer(S.db, "imp_analyst", "analyst", NULL, FX.analyst) != 0) return -1;
    if (t_site_serve(&S, t_today) != 0) return -1;
    if (t_login_form(&S, "imp_insp", NULL, &FX.insp) != 0) return -1;
    FX.letter = slurp(LETTER, &FX.letter_len);
    return FX.letter ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(FX.letter);
    return t_site_stop(&S);
}

/* POSTs a multipart/form-data upload to /import: csrf (NULL: none), the
 * file (NULL: none) and pasted text (NULL: none). */
static void upload(const char *auth, const char *csrf, const char *filename, const char *data, const char *pasted,
                   long want, t_http_t *out)
{
    char *body = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&body, &n);
    if (csrf) fprintf(f, "--%s\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n%s\r\n", BOUNDARY, csrf);
    if (data)
        fprintf(f, "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\nContent-Type: text/plain\r\n\r\n%s\r\n",
                BOUNDARY, filename, data);
    if (pasted) fprintf(f, "--%s\r\nContent-Disposition: form-data; name=\"pasted\"\r\n\r\n%s\r\n", BOUNDARY, pasted);
    fprintf(f, "--%s\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\n\r\n--%s--\r\n", BOUNDARY, BOUNDARY);
    fclose(f);
    const char *headers[] = {auth, NULL};
    assert_int_equal(t_http_ct(S.srv.port, "POST", "/import", "multipart/form-data; boundary=" BOUNDARY, body, headers,
                               out), 0);
    free(body);
    if (out->status != want) fail_msg("POST /import: want %ld, got %ld: %.2000s", want, out->status, out->body);
}

/* html with &amp; &lt; &gt; &quot; &#39; decoded: a new string. */
static char *unescape(const char *s, size_t n)
{
    char *o = malloc(n + 1), *w = o;
    static const char *const E[][2] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"},
                                       {"&#x27;", "'"}};
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        for (; k < sizeof E / sizeof E[0]; k++)
            if (strncmp(s + i, E[k][0], strlen(E[k][0])) == 0) break;
        if (k < sizeof E / sizeof E[0]) {
            *w++ = E[k][1][0];
            i += strlen(E[k][0]);
        } else {
            *w++ = s[i++];
        }
    }
    *w = '\0';
    return o;
}

/* The value of attribute attr="..." inside tag [t, end), or NULL (new string). */
static char *attr(const char *t, const char *end, const char *name)
{
    char key[40];
    snprintf(key, sizeof key, " %s=\"", name);
    const char *p = strstr(t, key);
    if (!p || p > end) return NULL;
    p += strlen(key);
    const char *q = strchr(p, '"');
    return unescape(p, (size_t)(q - p));
}

/* The review form's fields as a JSON object {name: value} (inputs,
 * textareas, selected options), as a browser would send them. */
static json_t *form_values(const char *html)
{
    json_t *o = json_object();
    const char *form = strstr(html, "action=\"/import/confirm\"");
    assert_non_null(form);
    for (const char *p = form; (p = strstr(p, "<input ")) != NULL; p++) {
        const char *end = strchr(p, '>');
        char *name = attr(p, end, "name"), *value = attr(p, end, "value");
        if (name) json_object_set_new(o, name, json_string(value ? value : ""));
        free(name);
        free(value);
    }
    for (const char *p = form; (p = strstr(p, "<textarea ")) != NULL; p++) {
        const char *end = strchr(p, '>');
        char *name = attr(p, end, "name");
        const char *close = strstr(end, "</textarea>");
        char *value = unescape(end + 1, (size_t)(close - end - 1));
        json_object_set_new(o, name, json_string(value));
        free(name);
        free(value);
    }
    for (const char *p = form; (p = strstr(p, "<select ")) != NULL; p++) {
        const char *end = strchr(p, '>'), *close = strstr(end, "</select>");
        char *name = attr(p, end, "name");
        json_object_set_new(o, name, json_string(""));
        for (const char *q = end; (q = strstr(q, "<option ")) != NULL && q < close; q++) {
            const char *qe = strchr(q, '>');
            if (memmem(q, (size_t)(qe - q), " selected", 9)) {
                char *v = attr(q, qe, "value");
                json_object_set_new(o, name, json_string(v));
                free(v);
            }
        }
        free(name);
    }
    return o;
}

/* {name: value} as a url-encoded body (new string). */
static char *encode(const json_t *o)
{
    CURL *c = curl_easy_init();
    char *body = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&body, &n);
    const char *k;
    json_t *v;
    int first = 1;
    json_object_foreach((json_t *)o, k, v) {
        char *e = curl_easy_escape(c, json_string_value(v), 0);
        fprintf(f, "%s%s=%s", first ? "" : "&", k, e);
        curl_free(e);
        first = 0;
    }
    fclose(f);
    curl_easy_cleanup(c);
    return body;
}

static void confirm(const json_t *fields, const char *cookie, long want, t_http_t *out)
{
    char *body = encode(fields);
    t_form(&S, "POST", "/import/confirm", cookie, body, want, out);
    free(body);
}

static long long count(const char *path)
{
    json_t *j = t_call_as(&S, FX.analyst, "GET", path, NULL, NULL, 200, NULL);
    json_t *items = json_object_get(j, "items");
    if (!items) items = json_object_get(j, "letters");
    long long n = (long long)json_array_size(items);
    json_decref(j);
    return n;
}

static void sha256_hex(const void *p, size_t len, char hex[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, p, len);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

static void review_confirm_once(void **state)
{
    (void)state;
    t_http_t r;
    /* staff see the link in the header and the upload form */
    t_get(&S, "/import", FX.insp.cookie, 200, &r);
    assert_non_null(strstr(r.body, "<a class=\"govuk-service-navigation__link\" href=\"/import\" aria-current=\"page\">Import a letter</a>"));
    assert_non_null(strstr(r.body, "enctype=\"multipart/form-data\""));
    t_http_free(&r);

    long long audit0 = t_audit_entries(S.db);
    long long causes0 = count("/api/v1/causes-of-concern?body=nottinghamshire&limit=500");
    long long letters0 = count("/api/v1/letters?body=nottinghamshire");
    assert_true(audit0 > 0);

    upload(FX.insp.cookie, FX.insp.token, "nottinghamshire.txt", FX.letter, NULL, 200, &r);
    /* the letter with its facts marked, and the draft as a form beside it */
    assert_non_null(strstr(r.body, "<mark id=\"fact-0\""));
    assert_non_null(strstr(r.body, "data-field=\"body\""));
    assert_non_null(strstr(r.body, "data-field=\"decision\""));
    assert_non_null(strstr(r.body, "data-field=\"cause\""));
    assert_non_null(strstr(r.body, "name=\"kind\""));
    assert_non_null(strstr(r.body, "name=\"cause_3_text\""));
    assert_non_null(strstr(r.body, "aria-describedby=\"f-body-hint f-body-found\""));
    assert_non_null(strstr(r.body, "Read from <a href=\"#fact-"));
    char hex[65];
    sha256_hex(FX.letter, FX.letter_len, hex);
    assert_non_null(strstr(r.body, hex));
    json_t *fields = form_values(r.body);
    t_http_free(&r);
    assert_string_equal(json_string_value(json_object_get(fields, "body")), "nottinghamshire");
    assert_string_equal(json_string_value(json_object_get(fields, "kind")), "return_to_scan");
    assert_string_equal(json_string_value(json_object_get(fields, "decision_to")), "scan");
    /* a date in its day, month and year fields (GOV.UK Frontend's date input) */
    assert_string_equal(json_string_value(json_object_get(fields, "ppog_meeting-day")), "21");
    assert_string_equal(json_string_value(json_object_get(fields, "ppog_meeting-month")), "05");
    assert_string_equal(json_string_value(json_object_get(fields, "ppog_meeting-year")), "2025");

    /* nothing is written by the upload and the review */
    assert_int_equal(t_audit_entries(S.db), audit0);
    assert_int_equal(count("/api/v1/causes-of-concern?body=nottinghamshire&limit=500"), causes0);

    /* corrected, then confirmed */
    json_object_set_new(fields, "decided_by", json_string("Sir Andy Cooke (HMCI), corrected"));
    json_object_set_new(fields, "cause_1_accelerated", json_string("yes"));
    confirm(fields, FX.insp.cookie, 303, &r);
    char loc[200];
    assert_int_equal(t_http_header(&r, "Location", loc, sizeof loc), 0);
    t_http_free(&r);
    char want[120];
    snprintf(want, sizeof want, "/import/%s", json_string_value(json_object_get(fields, "review_id")));
    assert_string_equal(loc, want);
    t_get(&S, loc, FX.insp.cookie, 200, &r);
    assert_non_null(strstr(r.body, hex));   /* the letter kept under its SHA-256 */
    assert_non_null(strstr(r.body, "nottinghamshire.txt"));
    t_http_free(&r);
    long long audit1 = t_audit_entries(S.db);
    assert_true(audit1 > audit0);
    assert_int_equal(count("/api/v1/causes-of-concern?body=nottinghamshire&limit=500"), causes0 + 3);
    assert_int_equal(count("/api/v1/letters?body=nottinghamshire"), letters0 + 1);
    /* the first cause as corrected: accelerated */
    json_t *cs = t_call_as(&S, FX.analyst, "GET", "/api/v1/causes-of-concern?body=nottinghamshire&limit=500", NULL,
                           NULL, 200, NULL);
    int accelerated = 0;
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(cs, "items"), i, c) accelerated += json_is_true(json_object_get(c, "accelerated"));
    json_decref(cs);
    assert_true(accelerated >= 1);

    /* the same review confirmed again: the same import, nothing more written */
    confirm(fields, FX.insp.cookie, 303, &r);
    assert_int_equal(t_http_header(&r, "Location", loc, sizeof loc), 0);
    assert_string_equal(loc, want);
    t_http_free(&r);
    assert_int_equal(t_audit_entries(S.db), audit1);
    assert_int_equal(count("/api/v1/causes-of-concern?body=nottinghamshire&limit=500"), causes0 + 3);
    assert_int_equal(count("/api/v1/letters?body=nottinghamshire"), letters0 + 1);
    json_decref(fields);
}

static void errors_all_at_once(void **state)
{
    (void)state;
    t_http_t r;
    upload(FX.insp.cookie, FX.insp.token, "letter.txt", FX.letter, NULL, 200, &r);
    json_t *fields = form_values(r.body);
    t_http_free(&r);
    long long audit0 = t_audit_entries(S.db);
    json_object_set_new(fields, "body", json_string("atlantis"));
    json_object_set_new(fields, "effective_on-day", json_string("30"));
    json_object_set_new(fields, "effective_on-month", json_string("2"));
    json_object_set_new(fields, "effective_on-year", json_string("2025"));
    json_object_set_new(fields, "cause_2_text", json_string(""));
    confirm(fields, FX.insp.cookie, 422, &r);
    /* every error, each on its field and in the summary */
    assert_non_null(strstr(r.body, "There is a problem"));
    assert_non_null(strstr(r.body, "<a href=\"#f-body\">Choose a body from the list</a>"));
    assert_non_null(strstr(r.body, "id=\"f-effective_on-error\""));
    assert_non_null(strstr(r.body, "<a href=\"#f-effective_on-day\">Decision takes effect on must be a real date</a>"));
    assert_non_null(strstr(r.body, "<fieldset class=\"govuk-fieldset\" role=\"group\" "
                                   "aria-describedby=\"f-effective_on-found f-effective_on-error\">"));
    assert_non_null(strstr(r.body, "id=\"f-cause_2_text-error\""));
    /* what was sent stays in the form, and the letter with it */
    assert_non_null(strstr(r.body, "id=\"f-effective_on-day\" name=\"effective_on-day\" value=\"30\" aria-invalid=\"true\""));
    assert_non_null(strstr(r.body, "id=\"f-effective_on-month\" name=\"effective_on-month\" value=\"02\">"));
    assert_non_null(strstr(r.body, "<mark id=\"fact-0\""));
    t_http_free(&r);
    assert_int_equal(t_audit_entries(S.db), audit0);

    /* without the session's CSRF token: refused */
    json_object_del(fields, "csrf_token");
    json_object_set_new(fields, "body", json_string("nottinghamshire"));
    confirm(fields, FX.insp.cookie, 403, &r);
    t_http_free(&r);
    upload(FX.insp.cookie, "not-the-token", "letter.txt", FX.letter, NULL, 403, &r);
    t_http_free(&r);
    assert_int_equal(t_audit_entries(S.db), audit0);
    json_decref(fields);
}

static void bad_files(void **state)
{
    (void)state;
    t_http_t r;
    upload(FX.insp.cookie, FX.insp.token, NULL, NULL, NULL, 422, &r);
    assert_non_null(strstr(r.body, "Choose the letter&#39;s file, or paste the letter"));
    assert_non_null(strstr(r.body, "aria-describedby=\"f-file-hint f-file-error\""));
    t_http_free(&r);
    upload(FX.insp.cookie, FX.insp.token, "scan.pdf", "%PDF-1.7 \xff\xfe\xfd binary", NULL, 422, &r);
    assert_non_null(strstr(r.body, "not text or HTML"));
    t_http_free(&r);
    /* pasted HTML of the letter's page instead of a file */
    char *html = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&html, &n);
    fprintf(f, "<html><body><nav><a href=\"/\">Home</a></nav><main><pre>%s</pre></main></body></html>", FX.letter);
    fclose(f);
    upload(FX.insp.cookie, FX.insp.token, NULL, NULL, html, 200, &r);
    free(html);
    assert_non_null(strstr(r.body, "name=\"filename\" value=\"pasted.html\""));
    assert_non_null(strstr(r.body, "data-field=\"body\""));
    t_http_free(&r);
}

static void staff_only(void **state)
{
    (void)state;
    t_http_t r;
    t_get(&S, "/import", FX.body_user, 403, &r);
    t_http_free(&r);
    upload(FX.body_user, NULL, "letter.txt", FX.letter, NULL, 403, &r);
    t_http_free(&r);
    t_form(&S, "POST", "/import/confirm", FX.body_user, "review_id=x", 403, &r);
    t_http_free(&r);
    /* not logged in: to the login page */
    t_get(&S, "/import", NULL, 303, &r);
    t_http_free(&r);
    /* a body's user sees no link to it */
    t_get(&S, "/", FX.body_user, 200, &r);
    assert_null(strstr(r.body, "href=\"/import\""));
    t_http_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(review_confirm_once),
        cmocka_unit_test(errors_all_at_once),
        cmocka_unit_test(bad_files),
        cmocka_unit_test(staff_only),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
