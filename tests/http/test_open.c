/* test_open.c: open data, feeds and the import API over HTTP and the CLI,
 * on the demo database: the export (JSON and CSV) and its byte-for-byte
 * round trip through `import-export` into a fresh `init` database, with
 * text cells made spreadsheet-safe (and restored exactly); the Atom
 * and iCalendar feeds; POST /api/v1/imports (staff only, writes nothing);
 * `oversight import --format text`. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support/support.h"

static t_site_t S;
static struct {
    char inspector[160], kent[160];
} FX;

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "open.db", T_SITE_DEMO) != 0) return -1;
    if (t_user_bearer(S.db, "insp", "inspector", NULL, FX.inspector)
        || t_user_bearer(S.db, "kentuser", "body", "kent", FX.kent))
        return -1;
    return t_site_serve(&S, t_today);
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

/* One call; asserts the status; the response stays in out. */
static void call(const char *auth, const char *method, const char *path, const char *ctype, const char *body,
                 long want, t_http_t *out)
{
    char ct[128];
    snprintf(ct, sizeof ct, "Content-Type: %s", ctype ? ctype : "");
    const char *headers[] = {auth ? auth : "", ctype ? ct : "", NULL};
    json_decref(t_call(&S, method, path, body, headers, want, out));
}

static json_t *call_json(const char *auth, const char *method, const char *path, const char *ctype,
                         const char *body, long want)
{
    t_http_t r;
    call(auth, method, path, ctype, body, want, &r);
    json_error_t je;
    json_t *j = json_loadb(r.body ? r.body : "", r.len, 0, &je);
    t_http_free(&r);
    assert_non_null(j);
    return j;
}

static void content_type(const t_http_t *r, const char *prefix)
{
    char type[128] = "";
    assert_int_equal(t_http_header(r, "Content-Type", type, sizeof type), 0);
    if (strncmp(type, prefix, strlen(prefix)) != 0) fail_msg("Content-Type '%s', wanted '%s'", type, prefix);
}

/* Runs the binary with args; asserts the exit status; returns stdout (owned). */
static char *cli7(int want, const char *a1, const char *a2, const char *a3, const char *a4, const char *a5,
                  const char *a6, const char *a7)
{
    char *argv[9] = {(char *)t_bin(), (char *)a1, (char *)a2, (char *)a3, (char *)a4, (char *)a5, (char *)a6,
                     (char *)a7, NULL};
    t_run_t r;
    assert_int_equal(t_run(argv, NULL, &r), 0);
    if (r.status != want) fprintf(stderr, "%s %s: exit %d: %s\n", a1, a2 ? a2 : "", r.status, r.err);
    assert_int_equal(r.status, want);
    char *out = strdup(r.out ? r.out : "");
    t_run_free(&r);
    return out;
}

#define cli(want, a1, a2, a3, a4, a5, a6) cli7(want, a1, a2, a3, a4, a5, a6, NULL)

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

/* The text without its "exported_at" line. */
static void drop_exported_at(char *s)
{
    char *p = strstr(s, "\"exported_at\"");
    assert_non_null(p);
    char *e = strchr(p, '\n');
    assert_non_null(e);
    memmove(p, e + 1, strlen(e + 1) + 1);
}

/* ---- export ---- */

static void export_json_is_public_only(void **state)
{
    (void)state;
    /* an inspection not yet published, and a cause that came from it (the
     * demo's inspections are all published) */
    json_t *ins = call_json(FX.inspector, "POST", "/api/v1/inspections", "application/json",
                            "{\"body\": \"kent\", \"kind\": \"thematic\", \"title\": \"Kent, in progress\"}", 201);
    char cause[256];
    snprintf(cause, sizeof cause,
             "{\"body\": \"kent\", \"inspection_id\": %lld, \"text\": \"A finding.\", \"issued_on\": \"2025-11\"}",
             (long long)json_integer_value(json_object_get(ins, "id")));
    json_decref(call_json(FX.inspector, "POST", "/api/v1/causes-of-concern", "application/json", cause, 201));
    long long unpublished = json_integer_value(json_object_get(ins, "id"));
    json_decref(ins);
    json_t *j = call_json(NULL, "GET", "/api/v1/export?format=json", NULL, NULL, 200);
    assert_non_null(json_object_get(j, "exported_at"));
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "schema"), "format")),
                        "oversight-open-data");
    json_t *t = json_object_get(j, "tables");
    assert_int_equal(json_array_size(json_object_get(t, "bodies")), 92);
    /* the Met's three, and each police force's part of the demo's national
     * thematic report (one shared recommendation to all chief constables) */
    size_t ri, met_recs = 0, parts = 0;
    json_t *rr;
    json_array_foreach(json_object_get(t, "recommendations"), ri, rr) {
        if (json_is_null(json_object_get(rr, "shared_id"))) met_recs++;
        else parts++;
    }
    assert_int_equal(met_recs, 3);
    assert_true(parts >= 43);
    assert_int_equal(json_array_size(json_object_get(t, "reports")), 1);
    assert_int_equal(json_array_size(json_object_get(t, "shared_recommendations")), 2);
    assert_int_equal(json_array_size(json_object_get(t, "national_parts")), 1);
    assert_int_equal(json_array_size(json_object_get(t, "requirements")), 12);
    assert_true(json_array_size(json_object_get(t, "decisions")) >= 20);
    assert_true(json_array_size(json_object_get(t, "phase_periods")) > 90);
    const char *never[] = {"users", "sessions", "api_tokens", "progress_updates", "evidence_files", "indicators",
                           "letters", "status_changes", "status_change_evidence", NULL};
    for (const char **n = never; *n; n++)
        if (json_object_get(t, *n)) fail_msg("export holds %s", *n);
    /* only published inspections (the publication rule, docs/publication.md;
     * tests/http/test_publication.c walks every door), and every cause
     * exported comes from one of them; the revisits of the demo are not
     * published, so none is exported, nor named as a closing revisit */
    size_t i;
    json_t *row;
    json_t *published = json_object();
    json_array_foreach(json_object_get(t, "inspections"), i, row) {
        assert_non_null(json_string_value(json_object_get(row, "published_on")));
        char k[32];
        snprintf(k, sizeof k, "%lld", (long long)json_integer_value(json_object_get(row, "id")));
        json_object_set_new(published, k, json_true());
    }
    json_array_foreach(json_object_get(t, "causes_of_concern"), i, row) {
        char k[32];
        snprintf(k, sizeof k, "%lld", (long long)json_integer_value(json_object_get(row, "inspection_id")));
        assert_non_null(json_object_get(published, k));
        assert_true(json_is_null(json_object_get(row, "closing_revisit_id")));
    }
    json_decref(published);
    assert_int_equal(json_array_size(json_object_get(t, "revisits")), 0);
    /* Kent's inspection has no publication date: neither it nor the cause
     * that came from it is exported; the Met's two (PEEL 2021/22, the child
     * exploitation report of 9 February 2024) are, and each police force's
     * row of the demo's national thematic report */
    size_t own = 0;
    json_array_foreach(json_object_get(t, "inspections"), i, row) {
        assert_int_not_equal(json_integer_value(json_object_get(row, "id")), unpublished);
        if (json_is_null(json_object_get(row, "report_id"))) own++;
    }
    assert_int_equal(own, 2);
    json_array_foreach(json_object_get(t, "causes_of_concern"), i, row) {
        const char *text = json_string_value(json_object_get(row, "text"));
        assert_false(text && !strcmp(text, "A finding."));
    }
    /* no version counters: they are not part of the record */
    assert_null(json_object_get(json_array_get(json_object_get(t, "bodies"), 0), "version"));
    json_decref(j);
}

/* A decision reported by several sources: the API gives them as an array,
 * each with its own link text; the body page and the Engage page link each
 * one; the open data keeps them one URL a line in source_url. */
static void decision_sources_each_a_link(void **state)
{
    (void)state;
    json_t *b = call_json(NULL, "GET", "/api/v1/bodies/cleveland", NULL, NULL, 200);
    json_t *d = json_array_get(json_object_get(b, "decisions"), 0);
    json_t *src = json_object_get(d, "sources");
    assert_true(json_is_array(src));
    assert_int_equal(json_array_size(src), 3);
    static const char *const labels[] = {"hmicfrs.justiceinspectorates.gov.uk", "policeprofessional.com",
                                         "hartlepoolmail.co.uk"};
    for (size_t i = 0; i < 3; i++) {
        json_t *x = json_array_get(src, i);
        assert_string_equal(json_string_value(json_object_get(x, "label")), labels[i]);
        assert_non_null(strstr(json_string_value(json_object_get(d, "source_url")),
                               json_string_value(json_object_get(x, "url"))));
    }
    /* unknown facts say so */
    assert_string_equal(json_string_value(json_object_get(d, "decided_by")),
                        "HM Chief Inspector of Constabulary (name not stated in the published source)");
    json_decref(b);
    t_http_t r;
    call(NULL, "GET", "/bodies/cleveland", NULL, NULL, 200, &r);
    assert_non_null(strstr(r.body, "<a href=\"https://www.policeprofessional.com/news/cleveland-police-removed-from-"
                                   "special-measures/\">policeprofessional.com</a>"));
    assert_non_null(strstr(r.body, ">hartlepoolmail.co.uk</a>"));
    assert_null(strstr(r.body, " ; http"));
    t_http_free(&r);
    call(NULL, "GET", "/engage", NULL, NULL, 200, &r);
    assert_non_null(strstr(r.body, ">policeprofessional.com</a>"));
    assert_null(strstr(r.body, "Published source<"));
    t_http_free(&r);
    /* one URL a line, in the CSV too (quoted: RFC 4180) */
    call(NULL, "GET", "/api/v1/export?format=csv&table=decisions", NULL, NULL, 200, &r);
    assert_non_null(strstr(r.body, "police-forces-previously-in-engage/\nhttps://www.policeprofessional.com/"));
    t_http_free(&r);
}

static void export_csv_one_table(void **state)
{
    (void)state;
    t_http_t r;
    call(NULL, "GET", "/api/v1/export?format=csv&table=grades", NULL, NULL, 200, &r);
    content_type(&r, "text/csv");
    /* PEEL 2021/22: nine areas graded */
    assert_string_equal(r.body, "id,inspection_id,area,grade\r\n1,1,Preventing crime,good\r\n"
                                "2,1,Recording data about crime,adequate\r\n3,1,Treatment of the public,adequate\r\n"
                                "4,1,Responding to the public,inadequate\r\n5,1,Investigating crime,requires_improvement\r\n"
                                "6,1,Protecting vulnerable people,requires_improvement\r\n"
                                "7,1,Managing offenders,requires_improvement\r\n"
                                "8,1,Developing a positive workplace,requires_improvement\r\n"
                                "9,1,Good use of resources,requires_improvement\r\n");
    t_http_free(&r);
    call(NULL, "GET", "/api/v1/export?format=csv&table=recommendations", NULL, NULL, 200, &r);
    /* a text with a comma is quoted (RFC 4180) */
    assert_non_null(strstr(r.body, ",\"By 31 December 2023, the Metropolitan Police Service should make sure that"));
    t_http_free(&r);
    json_t *p = call_json(NULL, "GET", "/api/v1/export?format=csv&table=users", NULL, NULL, 404);
    assert_string_equal(json_string_value(json_object_get(p, "field")), "table");
    json_decref(p);
    p = call_json(NULL, "GET", "/api/v1/export?format=csv", NULL, NULL, 400);
    json_decref(p);
    p = call_json(NULL, "GET", "/api/v1/export?format=xml", NULL, NULL, 400);
    assert_string_equal(json_string_value(json_object_get(p, "field")), "format");
    json_decref(p);
}

static void export_round_trip_json(void **state)
{
    (void)state;
    char a[400], b[400], fresh[400];
    snprintf(a, sizeof a, "%s/a.json", S.dir);
    snprintf(b, sizeof b, "%s/b.json", S.dir);
    snprintf(fresh, sizeof fresh, "%s/fresh.db", S.dir);
    free(cli(0, "export", "--db", S.db, "--out", a, NULL));
    free(cli(0, "init", fresh, NULL, NULL, NULL, NULL));
    char *out = cli(0, "import-export", a, "--db", fresh, NULL, NULL);
    assert_non_null(strstr(out, "restored"));
    free(out);
    free(cli(0, "export", "--db", fresh, "--out", b, NULL));
    char *x = slurp(a), *y = slurp(b);
    drop_exported_at(x);
    drop_exported_at(y);
    assert_string_equal(x, y);
    free(y);
    /* the API gives the same tables as the CLI */
    json_t *api = call_json(NULL, "GET", "/api/v1/export", NULL, NULL, 200);
    json_error_t je;
    json_t *doc = json_loads(x, 0, &je);
    assert_non_null(doc);
    assert_true(json_equal(json_object_get(api, "tables"), json_object_get(doc, "tables")));
    /* every public column travels, the plan's own words among them */
    const json_t *plan = json_array_get(json_object_get(json_object_get(doc, "tables"), "plans"), 0);
    assert_non_null(strstr(json_string_value(json_object_get(plan, "description")), "key actions"));
    assert_non_null(strstr(json_string_value(json_object_get(plan, "reason")), "systematic failings"));
    /* how many recommendations a report made (migration 018), and each
     * closure's outcome and reason (migration 016) */
    size_t i;
    json_t *row;
    int made = 0, closed = 0;
    json_array_foreach(json_object_get(json_object_get(doc, "tables"), "inspections"), i, row)
        if (json_integer_value(json_object_get(row, "recommendations_made")) == 11) made++;
    json_array_foreach(json_object_get(json_object_get(doc, "tables"), "recommendations"), i, row) {
        const char *o = json_string_value(json_object_get(row, "outcome"));
        const char *why = json_string_value(json_object_get(row, "closing_reason"));
        if (o && strcmp(o, "implemented") == 0 && why && strstr(why, "completed the associated recommendations")) closed++;
    }
    assert_int_equal(made, 1);
    assert_int_equal(closed, 3);
    json_decref(api);
    json_decref(doc);
    free(x);
    /* a database that already holds the record is refused, unchanged */
    t_run_t r;
    char *argv[] = {(char *)t_bin(), "import-export", a, "--db", fresh, NULL};
    assert_int_equal(t_run(argv, NULL, &r), 0);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "fresh `oversight init` database"));
    t_run_free(&r);
}

static void export_round_trip_csv(void **state)
{
    (void)state;
    char d1[400], d2[400], fresh[400];
    snprintf(d1, sizeof d1, "%s/csv1", S.dir);
    snprintf(d2, sizeof d2, "%s/csv2", S.dir);
    snprintf(fresh, sizeof fresh, "%s/fresh-csv.db", S.dir);
    free(cli7(0, "export", "--format", "csv", "--out", d1, "--db", S.db));
    free(cli(0, "init", fresh, NULL, NULL, NULL, NULL));
    free(cli(0, "import-export", d1, "--db", fresh, NULL, NULL));
    free(cli7(0, "export", "--format", "csv", "--out", d2, "--db", fresh));
    const char *tables[] = {"frameworks", "phases", "phase_transitions", "bodies", "decisions", "phase_periods", "inspections", "grades", "revisits",
                            "causes_of_concern", "recommendations", "requirements", "deadline_revisions", "plans",
                            "plan_pillars", "plan_items", "external_reports", "external_matters", "ppog_meetings",
                            "ppog_items", "releases", "release_quotes", "reports", "shared_recommendations",
                            "national_parts", "national_part_events", NULL};
    for (const char **t = tables; *t; t++) {
        char p1[500], p2[500];
        snprintf(p1, sizeof p1, "%s/%s.csv", d1, *t);
        snprintf(p2, sizeof p2, "%s/%s.csv", d2, *t);
        char *x = slurp(p1), *y = slurp(p2);
        if (strcmp(x, y) != 0) fail_msg("%s.csv differs after the round trip", *t);
        /* the header row ends CRLF (RFC 4180) */
        char *nl = strchr(x, '\n');
        assert_non_null(nl);
        assert_true(nl > x && nl[-1] == '\r');
        free(x);
        free(y);
    }
    /* usage errors */
    free(cli(2, "export", "--format", "csv", "--db", S.db, NULL));
    free(cli(2, "export", "--format", "yaml", "--db", S.db, NULL));
}

/* issue #13 (3): text a spreadsheet would run as a formula is exported with
 * an apostrophe in front (CLI and HTTP CSV), numbers and dates as they are,
 * JSON unchanged; import-export takes exactly that apostrophe off again. */
static void csv_cells_are_spreadsheet_safe(void **state)
{
    (void)state;
    char path[400], db[512], script[400], d1[400], fresh_path[400], fresh[512], a[400], b[400];
    snprintf(path, sizeof path, "%s/formulas.db", S.dir);
    assert_int_equal(t_db_url(db, path), 0);
    snprintf(fresh_path, sizeof fresh_path, "%s/formulas-restored.db", S.dir);
    assert_int_equal(t_db_url(fresh, fresh_path), 0);
    snprintf(script, sizeof script, "%s/formulas.json", S.dir);
    snprintf(d1, sizeof d1, "%s/formulas-csv", S.dir);
    snprintf(a, sizeof a, "%s/formulas-a.json", S.dir);
    snprintf(b, sizeof b, "%s/formulas-b.json", S.dir);
    FILE *f = fopen(script, "w");
    assert_non_null(f);
    fputs("{\"steps\": ["
          "{\"entity\": \"inspections\", \"as\": \"i\", \"fields\": {\"body\": \"kent\", \"kind\": \"thematic\","
          " \"title\": \"=1+1\", \"commissioned_by\": \"'=x\", \"summary\": \"-5 days\", \"published_on\": \"2025-01-02\","
          " \"url\": \"https://example.org/=x\"}},"
          "{\"entity\": \"plans\", \"as\": \"p\", \"fields\": {\"body\": \"kent\", \"name\": \"@home\","
          " \"reason\": \"\\tx\", \"description\": \"'plain\", \"linked_plan\": \"=HYPERLINK(\\\"http://evil\\\",\\\"a,b\\\")\"}},"
          "{\"entity\": \"plan-pillars\", \"fields\": {\"plan_id\": \"@p\", \"position\": -5,"
          " \"title\": \"+cmd|' /C calc'!A0\", \"description\": \"\\r=2\"}}"
          "]}", f);
    fclose(f);
    free(cli(0, "init", db, NULL, NULL, NULL, NULL));
    free(cli(0, "load", script, "--db", db, NULL, NULL));
    free(cli7(0, "export", "--format", "csv", "--out", d1, "--db", db));
    char p[500];
    snprintf(p, sizeof p, "%s/inspections.csv", d1);
    char *x = slurp(p);
    /* (recommendations_made, migration 018, and report_id, 022, last: not recorded here) */
    assert_non_null(strstr(x, ",'=1+1,''=x,,,2025-01-02,peel5,'-5 days,https://example.org/=x,,\r\n"));
    free(x);
    snprintf(p, sizeof p, "%s/plans.csv", d1);
    x = slurp(p);
    assert_non_null(strstr(x, ",'@home,\"'=HYPERLINK(\"\"http://evil\"\",\"\"a,b\"\")\",,,,'\tx,'plain\r\n"));
    free(x);
    snprintf(p, sizeof p, "%s/plan_pillars.csv", d1);
    x = slurp(p);
    /* the number as it is; the texts neutralised (a CR forces quotes) */
    assert_non_null(strstr(x, ",-5,'+cmd|' /C calc'!A0,\"'\r=2\"\r\n"));
    free(x);
    /* the HTTP route writes the same cells */
    t_server_t srv;
    assert_int_equal(t_server_start(db, NULL, &srv), 0);
    t_http_t r;
    assert_int_equal(t_http(srv.port, "GET", "/api/v1/export?format=csv&table=inspections", NULL, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, ",'=1+1,''=x,"));
    assert_null(strstr(r.body, ",=1+1"));
    t_http_free(&r);
    /* JSON stays the text itself */
    assert_int_equal(t_http(srv.port, "GET", "/api/v1/export?format=json", NULL, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    json_t *api = json_loadb(r.body, r.len, 0, NULL);
    t_http_free(&r);
    assert_non_null(api);
    const json_t *row = json_array_get(json_object_get(json_object_get(api, "tables"), "inspections"), 0);
    assert_string_equal(json_string_value(json_object_get(row, "title")), "=1+1");
    json_decref(api);
    assert_int_equal(t_server_stop(&srv), 0);
    /* the round trip gives every text back exactly */
    free(cli(0, "init", fresh, NULL, NULL, NULL, NULL));
    free(cli(0, "import-export", d1, "--db", fresh, NULL, NULL));
    free(cli(0, "export", "--db", db, "--out", a, NULL));
    free(cli(0, "export", "--db", fresh, "--out", b, NULL));
    char *ja = slurp(a), *jb = slurp(b);
    drop_exported_at(ja);
    drop_exported_at(jb);
    assert_string_equal(ja, jb);
    json_t *doc = json_loads(jb, 0, NULL);
    assert_non_null(doc);
    const json_t *tables = json_object_get(doc, "tables");
    const json_t *insp = json_array_get(json_object_get(tables, "inspections"), 0);
    assert_string_equal(json_string_value(json_object_get(insp, "title")), "=1+1");
    assert_string_equal(json_string_value(json_object_get(insp, "commissioned_by")), "'=x");
    assert_string_equal(json_string_value(json_object_get(insp, "summary")), "-5 days");
    const json_t *plan = json_array_get(json_object_get(tables, "plans"), 0);
    assert_string_equal(json_string_value(json_object_get(plan, "name")), "@home");
    assert_string_equal(json_string_value(json_object_get(plan, "reason")), "\tx");
    assert_string_equal(json_string_value(json_object_get(plan, "description")), "'plain");
    const json_t *pillar = json_array_get(json_object_get(tables, "plan_pillars"), 0);
    assert_int_equal(json_integer_value(json_object_get(pillar, "position")), -5);
    assert_string_equal(json_string_value(json_object_get(pillar, "description")), "\r=2");
    json_decref(doc);
    free(ja);
    free(jb);
}

/* ---- feeds ---- */

static int count(const char *s, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

static void atom_feed(void **state)
{
    (void)state;
    t_http_t r;
    call(NULL, "GET", "/feeds/decisions.atom", NULL, NULL, 200, &r);
    content_type(&r, "application/atom+xml");
    assert_memory_equal(r.body, "<?xml version=\"1.0\" encoding=\"utf-8\"?>", 38);
    int entries = count(r.body, "<entry>");
    assert_true(entries >= 20);
    assert_int_equal(entries, count(r.body, "</entry>"));
    assert_int_equal(entries + 1, count(r.body, "<id>tag:oversight,2025:"));   /* feed id + entries */
    assert_non_null(strstr(r.body, "<title>Metropolitan Police Service: Engage to Scan</title>"));
    assert_non_null(strstr(r.body, "<updated>2025-01-23T00:00:00Z</updated>"));
    /* every & starts an entity */
    for (const char *p = strchr(r.body, '&'); p; p = strchr(p + 1, '&'))
        assert_true(strncmp(p, "&amp;", 5) == 0 || strncmp(p, "&lt;", 4) == 0 || strncmp(p, "&gt;", 4) == 0 ||
                    strncmp(p, "&quot;", 6) == 0 || strncmp(p, "&apos;", 6) == 0);
    t_http_free(&r);
}

/* The text between <tag> and </tag> at or after p, copied into out. */
static const char *element(const char *p, const char *tag, char *out, size_t n)
{
    char open[32], close[32];
    snprintf(open, sizeof open, "<%s>", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    const char *a = strstr(p, open);
    assert_non_null(a);
    a += strlen(open);
    const char *b = strstr(a, close);
    assert_non_null(b);
    snprintf(out, n, "%.*s", (int)(b - a), a);
    return b;
}

/* Regression: entries pointed into the items that qsort then moved, so they
 * carried each other's <updated>. Each entry's date must be its own
 * decision's effective date, or its letter's or news release's publication date. Returns the
 * number of entries checked. */
static int check_entry_dates(const char *feed)
{
    int n = 0;
    for (const char *p = strstr(feed, "<entry>"); p; p = strstr(p + 1, "<entry>")) {
        char id[128], link[256], updated[64], want[64] = "";
        const char *end = strstr(p, "</entry>");
        assert_non_null(end);
        element(p, "id", id, sizeof id);
        element(p, "updated", updated, sizeof updated);
        const char *href = strstr(p, "href=\"");
        assert_non_null(href);
        snprintf(link, sizeof link, "%.*s", (int)strcspn(href + 6, "\""), href + 6);
        const char *d = strstr(id, "decision/"), *l = strstr(id, "letter/"), *rl = strstr(id, "release/");
        if (rl) {
            /* a news release: its publication date, its headline */
            char path[96], title[300], want_title[400];
            snprintf(path, sizeof path, "/api/v1/releases/%lld", atoll(rl + 8));
            json_t *m = call_json(NULL, "GET", path, NULL, NULL, 200);
            snprintf(want, sizeof want, "%sT00:00:00Z", json_string_value(json_object_get(m, "published_on")));
            element(p, "title", title, sizeof title);
            snprintf(want_title, sizeof want_title, "News release: %s", json_string_value(json_object_get(m, "headline")));
            assert_string_equal(title, want_title);
            json_decref(m);
        } else if (d) {
            long long did = atoll(d + 9);
            const char *code = strstr(link, "/bodies/");
            assert_non_null(code);
            char path[160];
            snprintf(path, sizeof path, "/api/v1/bodies/%s", code + 8);
            json_t *b = call_json(NULL, "GET", path, NULL, NULL, 200);
            size_t i;
            json_t *x;
            json_array_foreach(json_object_get(b, "decisions"), i, x)
                if (json_integer_value(json_object_get(x, "id")) == did) {
                    const char *on = json_string_value(json_object_get(x, "effective_on"));
                    /* first day of the date at its precision */
                    snprintf(want, sizeof want, "%.4s-%.2s-%.2sT00:00:00Z", on, strlen(on) >= 7 ? on + 5 : "01",
                             strlen(on) >= 10 ? on + 8 : "01");
                }
            json_decref(b);
        } else {
            assert_non_null(l);
            char path[96];
            snprintf(path, sizeof path, "/api/v1/letters/%lld", atoll(l + 7));
            json_t *m = call_json(NULL, "GET", path, NULL, NULL, 200);
            snprintf(want, sizeof want, "%sT00:00:00Z", json_string_value(json_object_get(m, "published_on")));
            char title[300];
            element(p, "title", title, sizeof title);
            assert_string_equal(title, json_string_value(json_object_get(m, "title")));
            json_decref(m);
        }
        if (strcmp(want, updated) != 0) fail_msg("%s: <updated>%s</updated>, wanted %s", id, updated, want);
        n++;
        p = end;
    }
    return n;
}

static void atom_entry_dates(void **state)
{
    (void)state;
    t_http_t r;
    call(NULL, "GET", "/feeds/decisions.atom", NULL, NULL, 200, &r);
    assert_true(check_entry_dates(r.body) >= 20);
    /* newest first */
    char prev[64] = "9999", cur[64];
    const char *p = strstr(r.body, "<entry>");
    for (; p; p = strstr(p + 1, "<entry>")) {
        element(p, "updated", cur, sizeof cur);
        assert_true(strcmp(cur, prev) <= 0);
        snprintf(prev, sizeof prev, "%s", cur);
    }
    t_http_free(&r);
}

static void atom_feed_one_body(void **state)
{
    (void)state;
    t_http_t r;
    call(NULL, "GET", "/feeds/decisions.atom?body=met", NULL, NULL, 200, &r);
    content_type(&r, "application/atom+xml");
    int n = check_entry_dates(r.body);
    assert_true(n >= 2);
    assert_null(strstr(r.body, "Kent Police"));
    assert_non_null(strstr(r.body, "<title>Metropolitan Police Service: Engage to Scan</title>"));
    assert_non_null(strstr(r.body, "<title>Metropolitan Police Service: Scan to Engage</title>"));
    assert_non_null(strstr(r.body, "decisions.atom?body=met"));
    /* every entry links to the Met */
    for (const char *p = strstr(r.body, "<entry>"); p; p = strstr(p + 1, "<entry>")) {
        char link[256];
        const char *href = strstr(p, "href=\"");
        snprintf(link, sizeof link, "%.*s", (int)strcspn(href + 6, "\""), href + 6);
        assert_true(strstr(link, "/bodies/met") || strstr(link, "/letters/") || strstr(link, "/releases/"));
    }
    t_http_free(&r);
    call(NULL, "GET", "/feeds/decisions.atom?body=nowhere", NULL, NULL, 404, &r);
    content_type(&r, "application/problem+json");
    t_http_free(&r);
}

/* s with RFC 5545 line folding undone (CRLF + space removed); caller frees. */
static char *ics_unfold(const char *s)
{
    char *u = strdup(s);
    assert_non_null(u);
    for (char *q = strstr(u, "\r\n "); q; q = strstr(q, "\r\n ")) memmove(q, q + 3, strlen(q + 3) + 1);
    return u;
}

static void check_ics_lines(const char *s)
{
    assert_memory_equal(s, "BEGIN:VCALENDAR\r\n", 17);
    for (const char *p = s; *p;) {
        const char *e = strstr(p, "\r\n");
        assert_non_null(e);
        assert_true(e - p <= 75);
        assert_null(memchr(p, '\n', (size_t)(e - p)));
        p = e + 2;
    }
}

static void ics_feeds(void **state)
{
    (void)state;
    t_http_t r;
    call(NULL, "GET", "/feeds/deadlines/met.ics", NULL, NULL, 200, &r);
    content_type(&r, "text/calendar");
    check_ics_lines(r.body);
    /* three recommendation deadlines, and the PCC responses to the two
     * published reports (none is recorded in the demo); and the Met's part
     * of the demo's national thematic report with the PCC response it owes */
    assert_int_equal(count(r.body, "BEGIN:VEVENT"), 7);
    assert_non_null(strstr(r.body, "UID:recommendation-1-deadline@oversight\r\n"));
    assert_non_null(strstr(r.body, "DTSTART;VALUE=DATE:20240404\r\n"));   /* 9 February 2024 the first of 56 days */
    assert_non_null(strstr(r.body, "DTSTART;VALUE=DATE:20240731\r\n"));
    assert_non_null(strstr(r.body, "SUMMARY:Metropolitan Police Service: recommendation 3 deadline\r\n"));
    t_http_free(&r);
    call(NULL, "GET", "/feeds/deadlines.ics", NULL, NULL, 200, &r);
    check_ics_lines(r.body);
    assert_true(count(r.body, "BEGIN:VEVENT") >= 3);
    t_http_free(&r);
    call(NULL, "GET", "/feeds/deadlines/nowhere.ics", NULL, NULL, 404, &r);
    t_http_free(&r);
    call(NULL, "GET", "/feeds/deadlines/met.txt", NULL, NULL, 404, &r);
    t_http_free(&r);
}

/* The feed's links, from a server started with extra (and env, "K=V" or
 * NULL, set while it starts), asked with a forged Host header. */
static char *feed_with_forged_host(const char *const extra[], const char *env, const char *path)
{
    t_server_t srv;
    char name[64] = "";
    if (env) {
        snprintf(name, sizeof name, "%.*s", (int)strcspn(env, "="), env);
        setenv(name, strchr(env, '=') + 1, 1);
    }
    assert_int_equal(t_server_start(S.db, extra, &srv), 0);
    if (env) unsetenv(name);
    const char *forged[] = {"Host: evil.example", NULL};
    t_http_t r;
    assert_int_equal(t_http(srv.port, "GET", path, NULL, forged, &r), 0);
    assert_int_equal(r.status, 200);
    char *body = r.body;
    r.body = NULL;
    t_http_free(&r);
    assert_int_equal(t_server_stop(&srv), 0);
    return body;
}

/* Absolute links in the feeds start with the configured base URL (serve
 * --base-url, OVERSIGHT_BASE_URL, else http://LISTEN-ADDRESS:PORT), never
 * with the request's Host header. */
static void feeds_ignore_host_header(void **state)
{
    (void)state;
    const char *forged[] = {"Host: evil.example", NULL};
    t_http_t r;
    char own[64];
    snprintf(own, sizeof own, "href=\"http://127.0.0.1:%d/bodies/met\"", S.srv.port);
    assert_int_equal(t_http(S.srv.port, "GET", "/feeds/decisions.atom?body=met", NULL, forged, &r), 0);
    assert_int_equal(r.status, 200);
    assert_null(strstr(r.body, "evil.example"));
    assert_non_null(strstr(r.body, own));
    t_http_free(&r);
    assert_int_equal(t_http(S.srv.port, "GET", "/feeds/deadlines/met.ics", NULL, forged, &r), 0);
    assert_int_equal(r.status, 200);
    assert_null(strstr(r.body, "evil.example"));
    snprintf(own, sizeof own, "http://127.0.0.1:%d/recommendations/", S.srv.port);
    assert_non_null(strstr(r.body, own));
    t_http_free(&r);

    const char *opt[] = {"--base-url", "https://oversight.example/hmicfrs/", NULL};
    char *atom = feed_with_forged_host(opt, NULL, "/feeds/decisions.atom");
    assert_null(strstr(atom, "evil.example"));
    assert_non_null(strstr(atom, "href=\"https://oversight.example/hmicfrs/bodies/met\""));
    assert_non_null(strstr(atom, "href=\"https://oversight.example/hmicfrs/feeds/decisions.atom\""));
    free(atom);
    char *ics = feed_with_forged_host(NULL, "OVERSIGHT_BASE_URL=https://env.example", "/feeds/deadlines/met.ics");
    assert_null(strstr(ics, "evil.example"));
    assert_non_null(strstr(ics, "https://env.example/recommendations/"));
    free(ics);

    /* a base URL that is not one is refused at start */
    static const char *const bad[] = {"javascript:alert(1)", "http://a\"b", "http://", "ftp://x", NULL};
    for (int i = 0; bad[i]; i++) {
        char *argv[] = {(char *)t_bin(), "serve", "--db", S.db, "--listen", "127.0.0.1:0", "--base-url",
                        (char *)bad[i], NULL};
        t_run_t run;
        assert_int_equal(t_run(argv, NULL, &run), 0);
        if (run.status != 2 || !strstr(run.err, "--base-url")) fail_msg("'%s': exit %d, %s", bad[i], run.status, run.err);
        t_run_free(&run);
    }
}

/* A report published on a day: its PCC response falls due 56 days later;
 * whether one was received is only for those who may read Kent's record. */
static void ics_public_and_staff(void **state)
{
    (void)state;
    json_t *ins = call_json(FX.inspector, "POST", "/api/v1/inspections", "application/json",
                            "{\"body\": \"kent\", \"kind\": \"thematic\", \"title\": \"Kent vetting; review, 2024\","
                            " \"published_on\": \"2024-05-01\"}", 201);
    long long id = json_integer_value(json_object_get(ins, "id"));
    json_decref(ins);
    /* public with the report that carries it (docs/publication.md) */
    char body[400];
    snprintf(body, sizeof body,
             "{\"body\": \"kent\", \"inspection_id\": %lld, \"number\": \"1\", \"addressee\": \"Kent Police\","
             " \"text\": \"By June 2025, the force should review its vetting; and report back.\","
             " \"issued_on\": \"2024-05\", \"original_deadline\": \"2025-06\"}", id);
    json_t *rec = call_json(FX.inspector, "POST", "/api/v1/recommendations", "application/json", body, 201);
    json_decref(rec);
    char uid[80];
    snprintf(uid, sizeof uid, "UID:pcc-response-%lld@oversight\r\n", id);
    t_http_t pub, staff, own;
    call(NULL, "GET", "/feeds/deadlines/kent.ics", NULL, NULL, 200, &pub);
    call(FX.inspector, "GET", "/feeds/deadlines/kent.ics", NULL, NULL, 200, &staff);
    call(FX.kent, "GET", "/feeds/deadlines/kent.ics", NULL, NULL, 200, &own);
    check_ics_lines(pub.body);
    check_ics_lines(staff.body);
    assert_non_null(strstr(pub.body, uid));
    assert_non_null(strstr(pub.body, "DTSTART;VALUE=DATE:20240625\r\n"));   /* the 56th day, 1 May the first */
    char *unfolded = ics_unfold(pub.body), *staff_unfolded = ics_unfold(staff.body), *own_unfolded = ics_unfold(own.body);
    assert_non_null(strstr(unfolded, "is due within 56 days beginning with the day of publication."));
    assert_null(strstr(unfolded, "No response recorded"));
    assert_non_null(strstr(staff_unfolded, "No response recorded"));
    assert_non_null(strstr(own_unfolded, "No response recorded"));
    free(staff_unfolded);
    free(own_unfolded);
    /* month precision: on its first day, and said so; text escaped */
    assert_non_null(strstr(pub.body, "DTSTART;VALUE=DATE:20250601\r\n"));
    assert_non_null(strstr(unfolded, "should review its vetting\\; and report back.\\nStatus: open"));
    free(unfolded);
    t_http_free(&pub);
    t_http_free(&staff);
    t_http_free(&own);
}

/* ---- imports ---- */

static char *corpus(const char *name)
{
    char path[600];
    snprintf(path, sizeof path, "%s/tests/docs/corpus/%s", t_src(), name);
    return slurp(path);
}

static void imports_api(void **state)
{
    (void)state;
    char path[600];
    snprintf(path, sizeof path, "%s/tests/docs/fixtures/004_43dea0c4f0bd25eb.txt", t_src());
    char *letter = slurp(path);
    json_t *before = call_json(FX.inspector, "GET", "/api/v1/causes-of-concern?limit=1000", NULL, NULL, 200);
    json_t *p = call_json(NULL, "POST", "/api/v1/imports", "text/plain", letter, 401);
    json_decref(p);
    p = call_json(FX.kent, "POST", "/api/v1/imports", "text/plain", letter, 403);
    json_decref(p);
    p = call_json(FX.inspector, "POST", "/api/v1/imports", "application/json", "{}", 415);
    json_decref(p);
    p = call_json(FX.inspector, "POST", "/api/v1/imports", "text/plain", "", 400);
    json_decref(p);
    json_t *d = call_json(FX.inspector, "POST", "/api/v1/imports", "text/plain; charset=utf-8", letter, 200);
    assert_string_equal(json_string_value(json_object_get(d, "kind")), "return_to_scan");
    assert_string_equal(json_string_value(json_object_get(json_object_get(d, "body"), "code")), "met");
    json_t *causes = json_object_get(d, "causes");
    assert_int_equal(json_array_size(causes), 3);
    json_t *rec = json_array_get(json_object_get(json_array_get(causes, 2), "recommendations"), 0);
    assert_string_equal(json_string_value(json_object_get(rec, "deadline")), "2024-07-31");
    json_decref(d);
    free(letter);
    char *html = corpus("c04_cumbria.html");
    d = call_json(FX.inspector, "POST", "/api/v1/imports", "text/html", html, 200);
    assert_string_equal(json_string_value(json_object_get(json_object_get(d, "body"), "code")), "cumbria");
    json_decref(d);
    free(html);
    /* ?body= names the body when the text does not */
    d = call_json(FX.inspector, "POST", "/api/v1/imports?body=kent", "text/plain", "A short note with no names.", 200);
    assert_string_equal(json_string_value(json_object_get(json_object_get(d, "body"), "code")), "kent");
    json_decref(d);
    p = call_json(FX.inspector, "POST", "/api/v1/imports?body=atlantis", "text/plain", "text", 422);
    assert_string_equal(json_string_value(json_object_get(p, "field")), "body");
    json_decref(p);
    /* nothing was recorded */
    json_t *after = call_json(FX.inspector, "GET", "/api/v1/causes-of-concern?limit=1000", NULL, NULL, 200);
    assert_int_equal(json_integer_value(json_object_get(after, "count")),
                     json_integer_value(json_object_get(before, "count")));
    json_decref(before);
    json_decref(after);
}

static void import_cli_text(void **state)
{
    (void)state;
    char path[600];
    snprintf(path, sizeof path, "%s/tests/docs/corpus/c01_kent_move_to_engage.txt", t_src());
    char *out = cli(0, "import", path, "--dry-run", "--format", "text", NULL);
    assert_non_null(strstr(out, "kind: move_to_engage\n"));
    assert_non_null(strstr(out, "body: Kent Police (kent)\n"));
    assert_non_null(strstr(out, "decision: scan -> engage, effective 2024-03-12"));
    assert_non_null(strstr(out, "recommendation 1: deadline 2024-09-30; 3 requirements\n"));
    assert_non_null(strstr(out, "warnings: 2\n"));
    free(out);
    snprintf(path, sizeof path, "%s/tests/docs/corpus/c06_sussex_truncated.txt", t_src());
    out = cli(0, "import", path, "--format", "text", NULL, NULL);
    assert_non_null(strstr(out, "cut short"));
    free(out);
    out = cli(0, "import", path, "--format", "json", NULL, NULL);
    assert_non_null(strstr(out, "\"kind\": \"move_to_engage\""));
    free(out);
    free(cli(2, "import", path, "--format", "xml", NULL, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(export_json_is_public_only), cmocka_unit_test(export_csv_one_table),
        cmocka_unit_test(decision_sources_each_a_link),
        cmocka_unit_test(export_round_trip_json),     cmocka_unit_test(export_round_trip_csv),
        cmocka_unit_test(csv_cells_are_spreadsheet_safe),
        cmocka_unit_test(atom_feed),                  cmocka_unit_test(ics_feeds),
        cmocka_unit_test(ics_public_and_staff),       cmocka_unit_test(imports_api),
        cmocka_unit_test(import_cli_text),            cmocka_unit_test(atom_entry_dates),
        cmocka_unit_test(atom_feed_one_body),         cmocka_unit_test(feeds_ignore_host_header),
    };
    return cmocka_run_group_tests_name("http/open", tests, setup, teardown);
}
