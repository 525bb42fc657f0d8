/*
 * test_publication.c: one publication rule at every door (issue #16, item
 * 1; docs/publication.md). On a fresh database served with today pinned to
 * 2026-01-01, staff record for the Met a published and an unpublished item
 * of every entity a public door can show, each with its own marker text:
 * inspections (no date, a date after today, a month not yet over), grades,
 * revisits, causes of concern, recommendations, requirements, deadline
 * revisions, letters (draft, approved, published with a date after today),
 * news releases (the same, and their draft's edits: never),
 * PCC responses (a published one to a published report; one to an
 * unpublished report; one published after today) with their answers to
 * each recommendation, and what is never public (progress updates). Then every
 * GET route of the live route table (GET /api/v1), with its captures filled
 * with every id made here and the feed and export formats as query
 * variants, is called by an anonymous visitor and by Kent's `body` user
 * (Bearer token and cookie session): no unpublished marker may appear in
 * any reply, and every published marker must appear at the doors that
 * carry it (the export, JSON and every CSV table, all of them).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support/support.h"

static t_site_t S;
static char STAFF[200], INSPECTOR[200], HMCI[200], KENT[200], METBODY[200];
static t_session_t KENT_SESSION;
static json_t *IDS;   /* entity -> [ids] made here */
static long long PUB_CAUSE, PUB_REC;   /* the published cause and recommendation */

/* Never in a reply to the public or another body. */
static const char *const SECRET[] = {
    "SECRET-INSP-A", "SECRET-INSP-B", "SECRET-INSP-C", "SECRET-GRADE", "SECRET-REVISIT", "SECRET-CAUSE-A",
    "SECRET-CAUSE-B", "SECRET-REC", "SECRET-REQ", "SECRET-REVISION", "SECRET-LETTER-DRAFT",
    "SECRET-LETTER-APPROVED", "SECRET-LETTER-FUTURE", "SECRET-PROGRESS", "SECRET-PCC", "SECRET-PCC-ANSWER",
    "SECRET-PCC-FUTURE", "SECRET-RELEASE-DRAFT",
    "SECRET-RELEASE-APPROVED", "SECRET-RELEASE-FUTURE", "SECRET-RELEASE-REASON", NULL};

/* A published marker and the doors (anonymous GETs) that must carry it. */
static const struct { const char *marker; const char *doors[12]; } PUBLISHED[] = {
    {"PUBMARK-INSP", {"/api/v1/export", "/api/v1/export?format=csv&table=inspections", NULL}},
    {"PUBMARK-GRADE", {"/api/v1/export", "/api/v1/export?format=csv&table=grades", NULL}},
    {"PUBMARK-REVISIT", {"/api/v1/export", "/api/v1/export?format=csv&table=revisits", NULL}},
    {"PUBMARK-CAUSE", {"/api/v1/export", "/api/v1/export?format=csv&table=causes_of_concern",
                       "/feeds/deadlines.ics", "/bodies/met", "/search?per_page=100", "/api/v1/search?q=pubmark&format=csv", NULL}},
    /* the public pages of the record (issue #16, item 2): the body's page,
     * the national list and its JSON, open recommendations by default; and search */
    {"PUBMARK-REC", {"/api/v1/export", "/api/v1/export?format=csv&table=recommendations", "/feeds/deadlines.ics",
                     "/feeds/deadlines/met.ics", "/bodies/met", "/recommendations", "/recommendations?body=met",
                     "/api/v1/public/recommendations", "/api/v1/public/recommendations?body=met",
                     "/search?per_page=100", "/api/v1/search?q=pubmark", NULL}},
    {"PUBMARK-REQ", {"/api/v1/export", "/api/v1/export?format=csv&table=requirements", "/bodies/met", NULL}},
    {"PUBMARK-REVISION", {"/api/v1/export", "/api/v1/export?format=csv&table=deadline_revisions",
                          "/feeds/deadlines.ics", NULL}},
    {"PUBMARK-DECISION", {"/api/v1/export", "/api/v1/export?format=csv&table=decisions", "/feeds/decisions.atom",
                          "/bodies/met", "/search?per_page=100", "/api/v1/search?q=pubmark", NULL}},
    {"PUBMARK-LETTER", {"/letters", "/api/v1/letters", "/feeds/decisions.atom", "/feeds/decisions.atom?body=met",
                        "/letters?body=met", "/search?per_page=100", "/api/v1/search?q=pubmark", NULL}},
    /* a news release (issue #17 item 7): its headline and quote, never its draft's edits */
    {"PUBMARK-RELEASE", {"/releases", "/releases?body=met", "/api/v1/releases", "/feeds/decisions.atom",
                         "/feeds/decisions.atom?body=met", "/api/v1/export", "/api/v1/export?format=csv&table=releases",
                         "/api/v1/export?format=csv&table=release_quotes", NULL}},
    /* the local policing body's response, published (s.55), and its
     * answer to a recommendation: in the open data and on the body's page */
    {"PUBMARK-PCC", {"/api/v1/export", "/api/v1/export?format=csv&table=pcc_responses", "/bodies/met", NULL}},
    {"PUBMARK-PCC-ANSWER", {"/api/v1/export", "/api/v1/export?format=csv&table=pcc_recommendation_responses",
                            "/bodies/met", NULL}},
    {NULL, {NULL}},
};

static void remember(const char *entity, long long id)
{
    json_t *list = json_object_get(IDS, entity);
    if (!list) {
        list = json_array();
        json_object_set_new(IDS, entity, list);
    }
    json_array_append_new(list, json_integer(id));
}

/* POST body to path as auth, 201 or 200 wanted; the new row's id, kept
 * under entity (NULL: not kept). */
static long long make(const char *auth, const char *entity, const char *path, const char *body, const char *if_match)
{
    t_http_t r;
    json_t *j = t_call_as(&S, auth, "POST", path, body, if_match, 0, &r);
    if (r.status != 201 && r.status != 200) fail_msg("POST %s %s -> %ld %s", path, body, r.status, r.body);
    long long id = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    t_http_free(&r);
    if (entity) remember(entity, id);
    return id;
}

static long long entity(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static long long entity(const char *name, const char *fmt, ...)
{
    char body[1024], path[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    snprintf(path, sizeof path, "/api/v1/%s", name);
    return make(STAFF, name, path, body, NULL);
}

/* The ETag of GET path as auth. */
static void etag(const char *auth, const char *path, char *out, size_t n)
{
    t_http_t r;
    t_get(&S, path, auth, 200, &r);
    if (t_http_header(&r, "ETag", out, n) != 0) fail_msg("no ETag on %s", path);
    t_http_free(&r);
}

/* A letter drafted by staff, approved by the inspector (four-eyes) and, if
 * publish, published. */
static long long letter(const char *title, const char *published_on, int approve, int publish)
{
    char body[600], path[128], tag[64];
    snprintf(body, sizeof body,
             "{\"body\":\"met\",\"kind\":\"revisit\",\"title\":\"%s\",\"conclusion\":\"%s conclusion\","
             "\"sent_on\":\"2025-01-10\"%s%s%s}",
             title, title, published_on ? ",\"published_on\":\"" : "", published_on ? published_on : "",
             published_on ? "\"" : "");
    long long id = make(STAFF, "letters", "/api/v1/letters", body, NULL);
    if (approve) {
        snprintf(path, sizeof path, "/api/v1/letters/%lld/approve", id);
        make(INSPECTOR, NULL, path, NULL, NULL);
    }
    if (publish) {
        snprintf(path, sizeof path, "/api/v1/letters/%lld", id);
        etag(INSPECTOR, path, tag, sizeof tag);
        snprintf(path, sizeof path, "/api/v1/letters/%lld/publish", id);
        make(INSPECTOR, NULL, path, NULL, tag);
    }
    return id;
}

/* A news release of the Met drafted by staff with its headline and a quote
 * marked (the edit's reason is the draft's history: never public),
 * approved by the inspector (four eyes) and, if publish, published. */
static void release(const char *marker, const char *published_on, int approve, int publish)
{
    char body[400], path[128];
    snprintf(body, sizeof body, "{\"body\":\"met\"%s%s%s}", published_on ? ",\"published_on\":\"" : "",
             published_on ? published_on : "", published_on ? "\"" : "");
    long long id = make(STAFF, "releases", "/api/v1/releases", body, NULL);
    snprintf(path, sizeof path, "/api/v1/releases/%lld/blocks", id);
    snprintf(body, sizeof body, "{\"block\":\"headline\",\"text\":\"%s headline\",\"reason\":\"SECRET-RELEASE-REASON\"}",
             marker);
    make(STAFF, NULL, path, body, "\"v1\"");
    snprintf(path, sizeof path, "/api/v1/releases/%lld/quotes", id);
    snprintf(body, sizeof body, "{\"speaker\":\"HMI\",\"text\":\"%s quote\"}", marker);
    make(STAFF, NULL, path, body, "\"v2\"");
    if (approve) {
        snprintf(path, sizeof path, "/api/v1/releases/%lld/approve", id);
        make(INSPECTOR, NULL, path, NULL, NULL);
    }
    if (publish) {
        snprintf(path, sizeof path, "/api/v1/releases/%lld/publish", id);
        make(INSPECTOR, NULL, path, NULL, "\"v4\"");
    }
}

static void record(void)
{
    long long ip = entity("inspections", "{\"body\":\"met\",\"kind\":\"thematic\",\"title\":\"PUBMARK-INSP\","
                                         "\"published_on\":\"2025-03-01\"}");
    long long ia = entity("inspections", "{\"body\":\"met\",\"kind\":\"thematic\",\"title\":\"SECRET-INSP-A\"}");
    /* after today, and a month that is not over yet: not surely out */
    entity("inspections", "{\"body\":\"met\",\"kind\":\"peel\",\"title\":\"SECRET-INSP-B\",\"published_on\":\"2026-06-01\"}");
    entity("inspections", "{\"body\":\"met\",\"kind\":\"peel\",\"title\":\"SECRET-INSP-C\",\"published_on\":\"2026-01\"}");
    entity("grades", "{\"inspection_id\":%lld,\"area\":\"PUBMARK-GRADE\",\"grade\":\"good\"}", ip);
    entity("grades", "{\"inspection_id\":%lld,\"area\":\"SECRET-GRADE\",\"grade\":\"inadequate\"}", ia);
    /* a revisit is its own report: a published inspection does not carry it */
    long long rp = entity("revisits", "{\"body\":\"met\",\"inspection_id\":%lld,\"title\":\"PUBMARK-REVISIT\","
                                      "\"started_on\":\"2025-03-10\",\"published_on\":\"2025-04-01\"}", ip);
    long long rs = entity("revisits", "{\"body\":\"met\",\"inspection_id\":%lld,\"title\":\"SECRET-REVISIT\","
                                      "\"started_on\":\"2025-05-01\",\"findings\":\"SECRET-REVISIT findings\"}", ip);
    (void)rp;
    long long cp = entity("causes-of-concern", "{\"body\":\"met\",\"inspection_id\":%lld,\"title\":\"PUBMARK-CAUSE\","
                                               "\"text\":\"PUBMARK-CAUSE text\",\"issued_on\":\"2025-03-01\"}", ip);
    long long ca = entity("causes-of-concern", "{\"body\":\"met\",\"inspection_id\":%lld,\"title\":\"SECRET-CAUSE-A\","
                                               "\"text\":\"SECRET-CAUSE-A text\",\"issued_on\":\"2025-03-01\"}", ia);
    entity("causes-of-concern", "{\"body\":\"met\",\"title\":\"SECRET-CAUSE-B\",\"text\":\"SECRET-CAUSE-B text\","
                                "\"issued_on\":\"2025-06-01\"}");
    long long recp = entity("recommendations", "{\"body\":\"met\",\"cause_id\":%lld,\"number\":\"1\",\"addressee\":\"x\","
                                               "\"text\":\"PUBMARK-REC text\",\"issued_on\":\"2025-03-01\","
                                               "\"original_deadline\":\"2026-03-31\"}", cp);
    long long recs = entity("recommendations", "{\"body\":\"met\",\"cause_id\":%lld,\"number\":\"2\",\"addressee\":\"x\","
                                               "\"text\":\"SECRET-REC text\",\"issued_on\":\"2025-03-01\","
                                               "\"original_deadline\":\"2026-04-30\"}", ca);
    entity("requirements", "{\"recommendation_id\":%lld,\"position\":1,\"text\":\"PUBMARK-REQ\"}", recp);
    entity("requirements", "{\"recommendation_id\":%lld,\"position\":1,\"text\":\"SECRET-REQ\"}", recs);
    char path[128], tag[64], body[400];
    const struct { long long id; const char *reason; } rev[] = {{recp, "PUBMARK-REVISION"}, {recs, "SECRET-REVISION"}};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "/api/v1/recommendations/%lld", rev[i].id);
        etag(STAFF, path, tag, sizeof tag);
        snprintf(path, sizeof path, "/api/v1/recommendations/%lld/deadline-revisions", rev[i].id);
        snprintf(body, sizeof body, "{\"new_deadline\":\"2026-09-30\",\"reason\":\"%s\",\"agreed_by\":\"HMI\","
                                    "\"agreed_on\":\"2025-06-01\"}", rev[i].reason);
        make(STAFF, NULL, path, body, tag);
    }
    /* the published cause closed after the unpublished revisit: the
     * closing link stays back (inspector, with its recommendation open) */
    snprintf(path, sizeof path, "/api/v1/causes-of-concern/%lld", cp);
    etag(INSPECTOR, path, tag, sizeof tag);
    snprintf(path, sizeof path, "/api/v1/causes-of-concern/%lld/close", cp);
    snprintf(body, sizeof body, "{\"on\":\"2025-07-01\",\"revisit_id\":%lld,\"override_reason\":\"x\","
                                     "\"outcome\":\"implemented\",\"reason\":\"revisited\"}", rs);
    make(INSPECTOR, NULL, path, body, tag);
    PUB_CAUSE = cp;
    PUB_REC = recp;
    /* never public, whoever carries it */
    entity("progress-updates", "{\"body\":\"met\",\"recommendation_id\":%lld,\"submitted_on\":\"2025-07-01\",\"author\":\"x\","
                               "\"text\":\"SECRET-PROGRESS\"}", recp);
    /* PCC responses: public when published, and only to a public report */
    long long pp = entity("pcc-responses", "{\"inspection_id\":%lld,\"published_on\":\"2025-04-01\",\"summary\":\"PUBMARK-PCC\"}",
                          ip);
    entity("pcc-recommendation-responses", "{\"response_id\":%lld,\"recommendation_id\":%lld,\"action\":\"PUBMARK-PCC-ANSWER\"}",
           pp, recp);
    long long ps = entity("pcc-responses", "{\"inspection_id\":%lld,\"published_on\":\"2025-04-01\",\"summary\":\"SECRET-PCC\"}",
                          ia);
    entity("pcc-recommendation-responses", "{\"response_id\":%lld,\"recommendation_id\":%lld,\"action\":\"SECRET-PCC-ANSWER\"}",
           ps, recs);
    long long ip2 = entity("inspections", "{\"body\":\"met\",\"kind\":\"peel\",\"title\":\"PUBMARK-INSP second\","
                                          "\"published_on\":\"2025-03-02\"}");
    entity("pcc-responses", "{\"inspection_id\":%lld,\"published_on\":\"2026-02-01\",\"summary\":\"SECRET-PCC-FUTURE\"}", ip2);
    /* a decision is public as it is recorded */
    make(HMCI, "decisions", "/api/v1/bodies/met/decisions",
         "{\"to_phase\":\"engage\",\"effective_on\":\"2025-02-01\",\"decided_on\":\"2025-02-01\","
         "\"decided_by\":\"HMCI\",\"rationale\":\"PUBMARK-DECISION\"}", NULL);
    letter("PUBMARK-LETTER", "2025-05-01", 1, 1);
    letter("SECRET-LETTER-DRAFT", "2025-05-01", 0, 0);
    letter("SECRET-LETTER-APPROVED", "2025-05-01", 1, 0);
    letter("SECRET-LETTER-FUTURE", "2026-06-01", 1, 1);
    release("PUBMARK-RELEASE", "2025-05-01", 1, 1);
    release("SECRET-RELEASE-DRAFT", NULL, 0, 0);
    release("SECRET-RELEASE-APPROVED", "2025-05-01", 1, 0);
    release("SECRET-RELEASE-FUTURE", "2026-06-01", 1, 1);
}

static int setup(void **state)
{
    (void)state;
    curl_global_init(CURL_GLOBAL_ALL);
    IDS = json_object();
    if (t_site_init(&S, "publication.db", T_SITE_INIT) != 0) return -1;
    if (t_user_bearer(S.db, "staff", "admin", NULL, STAFF) != 0
        || t_user_bearer(S.db, "insp", "inspector", NULL, INSPECTOR) != 0
        || t_user_bearer(S.db, "chief", "hmci", NULL, HMCI) != 0
        || t_user_bearer(S.db, "kentbody", "body", "kent", KENT) != 0
        || t_user_bearer(S.db, "metbody", "body", "met", METBODY) != 0)
        return -1;
    if (t_site_serve(&S, t_today) != 0) return -1;
    if (t_login(&S, "kentbody", NULL, &KENT_SESSION) != 0) return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    json_decref(IDS);
    int rc = t_site_stop(&S);
    curl_global_cleanup();
    return rc;
}

/* The reply's body with iCalendar line folds undone (CRLF + space). */
static char *unfolded(const t_http_t *r)
{
    char *s = malloc(r->len + 1);
    size_t o = 0;
    for (size_t i = 0; i < r->len; i++) {
        if (r->body[i] == '\r' && i + 2 < r->len && r->body[i + 1] == '\n' && r->body[i + 2] == ' ') {
            i += 2;
            continue;
        }
        s[o++] = r->body[i];
    }
    s[o] = '\0';
    return s;
}

/* Who calls: the public, and Kent's body user with a token and with a
 * cookie session. */
enum { C_ANON, C_KENT_BEARER, C_KENT_COOKIE, C_N };
static const char *const CALLER[C_N] = {"anonymous", "kent body (Bearer)", "kent body (cookie)"};

static int leaks;
static json_t *SEEN;   /* door -> text an anonymous visitor got (200) */

static void visit(const char *path)
{
    for (int c = 0; c < C_N; c++) {
        const char *h[] = {c == C_KENT_BEARER ? KENT : c == C_KENT_COOKIE ? KENT_SESSION.cookie : "", NULL};
        t_http_t r;
        json_decref(t_call(&S, "GET", path, NULL, h, 0, &r));   /* the reply is read as text */
        char *text = unfolded(&r);
        for (const char *const *m = SECRET; *m; m++)
            if (strstr(text, *m)) {
                fprintf(stderr, "LEAK: %s in GET %s as %s (%ld)\n", *m, path, CALLER[c], r.status);
                leaks++;
            }
        if (c == C_ANON && r.status == 200) json_object_set_new(SEEN, path, json_string(text));
        free(text);
        t_http_free(&r);
    }
}

/* Every filling of pattern's captures: {code} met, {id} every id made of
 * the route's entity, {file} letters' pages and PDFs or met's calendar,
 * {entity} every entity made here. */
static void walk(const char *pattern)
{
    char path[300];
    const char *cap = strchr(pattern, '{');
    if (!cap) {
        visit(pattern);
        char q[300];
        snprintf(q, sizeof q, "%s?body=met", pattern);
        visit(q);
        return;
    }
    const char *end = strchr(cap, '}');
    char name[32];
    snprintf(name, sizeof name, "%.*s", (int)(end - cap - 1), cap + 1);
    int pre = (int)(cap - pattern);
    if (strcmp(name, "code") == 0) {
        snprintf(path, sizeof path, "%.*smet%s", pre, pattern, end + 1);
        walk(path);
    } else if (strcmp(name, "entity") == 0) {
        const char *ent;
        json_t *list;
        json_object_foreach(IDS, ent, list) {
            snprintf(path, sizeof path, "%.*s%s%s", pre, pattern, ent, end + 1);
            walk(path);
        }
    } else if (strcmp(name, "file") == 0) {
        if (strncmp(pattern, "/feeds/", 7) == 0) {
            snprintf(path, sizeof path, "%.*smet.ics%s", pre, pattern, end + 1);
            walk(path);
            snprintf(path, sizeof path, "%.*skent.ics%s", pre, pattern, end + 1);
            walk(path);
        } else {
            size_t i;
            json_t *id;
            json_array_foreach(json_object_get(IDS, "letters"), i, id) {
                for (int pdf = 0; pdf < 2; pdf++) {
                    snprintf(path, sizeof path, "%.*s%lld.%s%s", pre, pattern, (long long)json_integer_value(id),
                             pdf ? "pdf" : "html", end + 1);
                    walk(path);
                }
            }
        }
    } else {
        /* {id}: the entity is the segment before it */
        char ent[64];
        const char *seg = cap - 1;
        while (seg > pattern && seg[-1] != '/') seg--;
        snprintf(ent, sizeof ent, "%.*s", (int)(cap - 1 - seg), seg);
        json_t *list = json_object_get(IDS, ent);
        size_t i;
        json_t *id;
        if (!json_array_size(list)) {
            snprintf(path, sizeof path, "%.*s1%s", pre, pattern, end + 1);
            walk(path);
        }
        json_array_foreach(list, i, id) {
            snprintf(path, sizeof path, "%.*s%lld%s", pre, pattern, (long long)json_integer_value(id), end + 1);
            walk(path);
        }
    }
}

static void every_door_one_rule(void **state)
{
    (void)state;
    record();
    SEEN = json_object();
    leaks = 0;
    t_http_t r;
    json_t *index = t_call(&S, "GET", "/api/v1", NULL, NULL, 200, &r);
    t_http_free(&r);
    json_t *routes = json_object_get(index, "routes");
    assert_true(json_array_size(routes) > 50);
    size_t i, walked = 0;
    json_t *rt;
    json_array_foreach(routes, i, rt) {
        if (strcmp(json_string_value(json_object_get(rt, "method")), "GET") != 0) continue;
        walk(json_string_value(json_object_get(rt, "path")));
        walked++;
    }
    /* the export's formats: the document, each table as JSON and as CSV */
    json_t *schema = t_call(&S, "GET", "/api/v1/export", NULL, NULL, 200, &r);
    t_http_free(&r);
    const char *table;
    json_t *cols;
    json_object_foreach(json_object_get(json_object_get(schema, "schema"), "tables"), table, cols) {
        char path[200];
        snprintf(path, sizeof path, "/api/v1/export?format=json&table=%s", table);
        visit(path);
        snprintf(path, sizeof path, "/api/v1/export?format=csv&table=%s", table);
        visit(path);
    }
    json_decref(schema);
    visit("/api/v1/export?format=json");
    /* the search (the walk above calls it with no words: everything the
     * caller may find; the page highlights words, so the doors above read
     * it without any): every format, and words the secret markers hold */
    static const char *const searches[] = {"/search?q=secret", "/search?q=secret&format=csv",
                                            "/search?q=secret&format=json", "/api/v1/search?q=secret",
                                            "/api/v1/search?q=secret&format=csv", "/api/v1/search?per_page=100",
                                            "/api/v1/search?q=text&per_page=100", "/search?q=conclusion", NULL};
    for (const char *const *p = searches; *p; p++) visit(*p);
    assert_true(walked > 40);
    /* every published item at the doors that carry it */
    int missing = 0;
    for (int p = 0; PUBLISHED[p].marker; p++)
        for (int d = 0; PUBLISHED[p].doors[d]; d++) {
            const char *text = json_string_value(json_object_get(SEEN, PUBLISHED[p].doors[d]));
            if (!text) visit(PUBLISHED[p].doors[d]);
            text = json_string_value(json_object_get(SEEN, PUBLISHED[p].doors[d]));
            if (!text || !strstr(text, PUBLISHED[p].marker)) {
                fprintf(stderr, "MISSING: %s not at %s\n", PUBLISHED[p].marker, PUBLISHED[p].doors[d]);
                missing++;
            }
        }
    /* the published cause's and recommendation's own pages, for everyone */
    const struct { const char *fmt; long long id; const char *markers[4]; } items[] = {
        {"/causes-of-concern/%lld", PUB_CAUSE, {"PUBMARK-CAUSE", "PUBMARK-REC", "PUBMARK-REQ", NULL}},
        {"/recommendations/%lld", PUB_REC, {"PUBMARK-REC", "PUBMARK-REQ", "PUBMARK-REVISION", "PUBMARK-INSP"}},
    };
    for (size_t n = 0; n < sizeof items / sizeof items[0]; n++) {
        char path[64];
        snprintf(path, sizeof path, items[n].fmt, items[n].id);
        const char *text = json_string_value(json_object_get(SEEN, path));
        for (int m = 0; m < 4 && items[n].markers[m]; m++)
            if (!text || !strstr(text, items[n].markers[m])) {
                fprintf(stderr, "MISSING: %s not at %s\n", items[n].markers[m], path);
                missing++;
            }
    }
    /* the published letter's own page, for everyone */
    size_t k;
    json_t *id;
    int letter_pages = 0;
    json_array_foreach(json_object_get(IDS, "letters"), k, id) {
        char path[64];
        snprintf(path, sizeof path, "/letters/%lld.html", (long long)json_integer_value(id));
        const char *text = json_string_value(json_object_get(SEEN, path));
        if (text && strstr(text, "PUBMARK-LETTER")) letter_pages++;
    }
    if (letter_pages != 1) {
        fprintf(stderr, "MISSING: the published letter's page (%d pages)\n", letter_pages);
        missing++;
    }
    json_decref(index);
    json_decref(SEEN);
    assert_int_equal(leaks, 0);
    assert_int_equal(missing, 0);
}

/* Staff and the body's own users keep seeing the record as it stands. */
static void staff_and_own_body_see_everything(void **state)
{
    (void)state;
    const struct { const char *auth, *path, *marker; } want[] = {
        {STAFF, "/api/v1/inspections?body=met", "SECRET-INSP-A"},
        {STAFF, "/api/v1/causes-of-concern?body=met", "SECRET-CAUSE-A"},
        {STAFF, "/api/v1/letters?body=met", "SECRET-LETTER-DRAFT"},
        {STAFF, "/api/v1/letters?body=met", "SECRET-LETTER-FUTURE"},
        {METBODY, "/api/v1/recommendations?body=met", "SECRET-REC"},
        {METBODY, "/api/v1/revisits?body=met", "SECRET-REVISIT"},
        {METBODY, "/api/v1/bodies/met/record", "SECRET-CAUSE-B"},
        /* their calendars keep their record's deadlines */
        {STAFF, "/feeds/deadlines.ics", "SECRET-REC"},
        {STAFF, "/feeds/deadlines/met.ics", "SECRET-REVISION"},
        {METBODY, "/feeds/deadlines.ics", "SECRET-REC"},
        {METBODY, "/feeds/deadlines/met.ics", "PUBMARK-REC"},
        /* staff find everything; a body's users their own record */
        {STAFF, "/api/v1/search?q=secret", "SECRET-REC"},
        {STAFF, "/api/v1/search?q=secret", "SECRET-LETTER-DRAFT"},
        {METBODY, "/api/v1/search?q=secret", "SECRET-CAUSE-A"},
        {NULL, NULL, NULL},
    };
    for (int i = 0; want[i].auth; i++) {
        t_http_t r;
        t_get(&S, want[i].path, want[i].auth, 200, &r);
        char *text = unfolded(&r);
        if (!strstr(text, want[i].marker)) fail_msg("%s not in %s", want[i].marker, want[i].path);
        free(text);
        t_http_free(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_door_one_rule),
        cmocka_unit_test(staff_and_own_body_see_everything),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
