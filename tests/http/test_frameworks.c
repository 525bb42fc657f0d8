/* test_frameworks.c: monitoring frameworks as data, end to end. A
 * four-level framework file (docs/examples/policing-performance-2026.json)
 * is loaded with `oversight framework load` (a bad file refused naming the
 * field), listed by GET /api/v1/frameworks, and a force moved through it
 * over HTTP: from Scan into level 2 on a date (crossing frameworks), up to
 * level 3, the body and its history showing it; moves the framework does
 * not allow, or before it is in force, or by the wrong role, refused. The
 * open-data export carries the frameworks, their levels and transitions,
 * and `import-export` restores them (JSON and CSV) into a fresh `init`
 * database with the decisions that name them; a built-in row that differs
 * is refused naming the table and the row. The example applies to police
 * forces only: a fire and rescue service added after it is in force starts
 * in Scan, a police force in its level 1, and HMCI may not move the fire
 * service into its levels (rule framework-kind); an export made before the
 * column restores it as every kind. A police force added in its level 1
 * has a history (and open-data periods) that opens there, not in Scan. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support/support.h"

static t_site_t S;
static char HMCI[160], INSPECTOR[160], ADMIN[160];
static const char *const TODAY[] = {"--today", "2026-12-01", NULL};

static int run(t_run_t *r, const char *a1, const char *a2, const char *a3)
{
    char *argv[7] = {(char *)t_bin(), (char *)a1, (char *)a2};
    int n = 3;
    if (a3) argv[n++] = (char *)a3;
    argv[n++] = "--db";
    argv[n++] = S.db;
    argv[n] = NULL;
    return t_run(argv, NULL, r);
}

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "frameworks.db", T_SITE_INIT) != 0) return -1;
    if (t_user_bearer(S.db, "chief", "hmci", NULL, HMCI) != 0) return -1;
    if (t_user_bearer(S.db, "lead", "inspector", NULL, INSPECTOR) != 0) return -1;
    if (t_user_bearer(S.db, "keeper", "admin", NULL, ADMIN) != 0) return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

static void load_refuses_a_bad_file_naming_the_field(void **state)
{
    (void)state;
    char path[400];
    snprintf(path, sizeof path, "%s/bad.json", S.dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"code\": \"bad\", \"name\": \"Bad\", \"succeeds\": \"scan-engage\", \"levels\": ["
          "{\"code\": \"b1\", \"name\": \"One\", \"description\": \"d\"},"
          "{\"code\": \"engage\", \"name\": \"Two\", \"description\": \"d\"}],"
          " \"transitions\": [{\"from\": \"b1\", \"to\": \"engage\", \"decided_by\": \"hmci\"}]}", f);
    fclose(f);
    t_run_t r;
    assert_int_equal(run(&r, "framework", "load", path), 0);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "levels[1].code"));
    assert_non_null(strstr(r.err, "already a level of framework scan-engage"));
    t_run_free(&r);
    /* nothing of it was kept */
    assert_int_equal(run(&r, "framework", "list", NULL), 0);
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.out, "b1"));
    t_run_free(&r);
}

static void load_the_four_level_framework(void **state)
{
    (void)state;
    char path[600];
    snprintf(path, sizeof path, "%s/docs/examples/policing-performance-2026.json", t_src());
    t_run_t r;
    assert_int_equal(run(&r, "framework", "load", path), 0);
    if (r.status != 0) fail_msg("framework load: %s", r.err);
    assert_non_null(strstr(r.out, "framework policing-performance-2026 loaded"));
    t_run_free(&r);
    /* twice is refused: the code is taken */
    assert_int_equal(run(&r, "framework", "load", path), 0);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "code: a framework 'policing-performance-2026' is already loaded"));
    t_run_free(&r);
    assert_int_equal(run(&r, "framework", "list", NULL), 0);
    assert_non_null(strstr(r.out, "ppf-special-measures"));
    t_run_free(&r);
    /* the load is on the audit trail, once (the refused second load is not), and the chain holds */
    assert_int_equal(run(&r, "audit", "log", "--entity=frameworks"), 0);
    assert_int_equal(r.status, 0);
    const char *first = strstr(r.out, "\tcreate\tframeworks/");
    assert_non_null(first);
    assert_null(strstr(first + 1, "\tcreate\tframeworks/"));
    assert_non_null(strstr(first, "\"code\":\"policing-performance-2026\""));
    assert_non_null(strstr(first, "\"levels\":[{"));
    assert_non_null(strstr(first, "\"applies_to\":\"police\""));
    t_run_free(&r);
    assert_int_equal(run(&r, "audit", "verify", NULL), 0);
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    assert_int_equal(t_site_serve(&S, TODAY), 0);
}

static void frameworks_are_listed_with_their_levels(void **state)
{
    (void)state;
    json_t *j = t_call(&S, "GET", "/api/v1/frameworks", NULL, NULL, 200, NULL);
    json_t *list = json_object_get(j, "frameworks");
    assert_int_equal(json_array_size(list), 2);
    json_t *se = json_array_get(list, 0), *pp = json_array_get(list, 1);
    assert_string_equal(json_string_value(json_object_get(se, "code")), "scan-engage");
    assert_int_equal(json_array_size(json_object_get(se, "levels")), 2);
    assert_true(json_is_true(json_object_get(json_array_get(json_object_get(se, "levels"), 0), "default")));
    assert_string_equal(json_string_value(json_object_get(pp, "code")), "policing-performance-2026");
    assert_string_equal(json_string_value(json_object_get(pp, "in_force_from")), "2026-04-01");
    assert_true(json_is_null(json_object_get(pp, "in_force_to")));
    assert_string_equal(json_string_value(json_object_get(pp, "succeeds")), "scan-engage");
    /* the kinds of body each applies to, named: scan-engage every kind */
    json_t *want = json_pack("[s]", "police");
    assert_true(json_equal(json_object_get(pp, "applies_to"), want));
    json_decref(want);
    want = json_pack("[s, s]", "police", "fire");
    assert_true(json_equal(json_object_get(se, "applies_to"), want));
    json_decref(want);
    json_t *levels = json_object_get(pp, "levels");
    assert_int_equal(json_array_size(levels), 4);
    json_t *l4 = json_array_get(levels, 3);
    assert_string_equal(json_string_value(json_object_get(l4, "code")), "ppf-special-measures");
    assert_int_equal(json_integer_value(json_object_get(l4, "level")), 4);
    assert_non_null(json_string_value(json_object_get(l4, "description")));
    json_t *t0 = json_array_get(json_object_get(pp, "transitions"), 0);
    assert_non_null(json_string_value(json_object_get(t0, "recommended_by_role")));
    assert_string_equal(json_string_value(json_object_get(t0, "decided_by_role")), "hmci");
    json_decref(j);
}

static void problem(const char *auth, const char *body, long want, const char *field, const char *rule)
{
    json_t *j = t_call_as(&S, auth, "POST", "/api/v1/bodies/kent/decisions", body, NULL, want, NULL);
    assert_non_null(j);
    const char *f = json_string_value(json_object_get(j, "field"));
    if (field && (!f || strcmp(f, field) != 0)) fail_msg("field %s, wanted %s", f ? f : "(none)", field);
    const char *rl = json_string_value(json_object_get(j, "rule"));
    if (rule && (!rl || strcmp(rl, rule) != 0))
        fail_msg("rule %s, wanted %s (%s)", rl ? rl : "(none)", rule, json_string_value(json_object_get(j, "detail")));
    json_decref(j);
}

static void a_force_moves_through_it(void **state)
{
    (void)state;
    /* not before the framework is in force */
    problem(HMCI, "{\"to_phase\":\"ppf-enhanced\",\"decided_by\":\"HMCI\",\"effective_on\":\"2026-03-31\",\"rationale\":\"r\"}",
            422, "effective_on", "framework-in-force");
    /* the crossing: from Scan into level 2 of the new framework, on a date */
    json_t *d = t_call_as(&S, HMCI, "POST", "/api/v1/bodies/kent/decisions",
                          "{\"to_phase\":\"ppf-enhanced\",\"recommended_by\":\"HMI\",\"decided_by\":\"HMCI\","
                          "\"effective_on\":\"2026-05-01\",\"rationale\":\"Crossing into the new framework\"}",
                          NULL, 201, NULL);
    assert_string_equal(json_string_value(json_object_get(d, "from_phase")), "scan");
    assert_string_equal(json_string_value(json_object_get(d, "to_phase")), "ppf-enhanced");
    json_decref(d);
    /* who decides is the framework's: the inspector recommends, HMCI decides */
    problem(INSPECTOR, "{\"to_phase\":\"ppf-intensive\",\"decided_by\":\"HMI\",\"effective_on\":\"2026-07-01\",\"rationale\":\"r\"}",
            403, NULL, NULL);
    d = t_call_as(&S, HMCI, "POST", "/api/v1/bodies/kent/decisions",
                  "{\"to_phase\":\"ppf-intensive\",\"decided_by\":\"HMCI\",\"effective_on\":\"2026-07-01\",\"rationale\":\"Worse\"}",
                  NULL, 201, NULL);
    json_decref(d);
    /* a move the framework does not define: 422 naming the rule */
    problem(HMCI, "{\"to_phase\":\"ppf-routine\",\"decided_by\":\"HMCI\",\"effective_on\":\"2026-08-01\",\"rationale\":\"r\"}",
            422, "to_phase", "framework-transition");
    /* nor back into the old framework */
    problem(HMCI, "{\"to_phase\":\"scan\",\"decided_by\":\"HMCI\",\"effective_on\":\"2026-08-01\",\"rationale\":\"r\"}",
            422, "to_phase", "framework-transition");

    json_t *b = t_call(&S, "GET", "/api/v1/bodies/kent", NULL, NULL, 200, NULL);
    assert_string_equal(json_string_value(json_object_get(b, "phase")), "ppf-intensive");
    json_t *hist = json_object_get(b, "history");
    assert_int_equal(json_array_size(hist), 3);
    char *h = json_dumps(hist, 0);
    assert_non_null(strstr(h, "\"scan\""));
    assert_non_null(strstr(h, "\"ppf-enhanced\""));
    assert_non_null(strstr(h, "\"ppf-intensive\""));
    free(h);
    assert_int_equal(json_array_size(json_object_get(b, "decisions")), 2);
    json_decref(b);

    /* readiness takes its levels from the framework: above level 1 is
     * enhanced, and the return is to the framework's level 1 */
    json_t *rd = t_call_as(&S, INSPECTOR, "GET", "/api/v1/bodies/kent/readiness?as_of=2026-11-01", NULL, NULL, 200, NULL);
    assert_true(json_is_true(json_object_get(rd, "in_engage")));
    const char *sum = json_string_value(json_object_get(rd, "summary"));
    if (!sum || !strstr(sum, "was in Level 3: intensive on 2026-11-01") || !strstr(sum, "Level 1: routine"))
        fail_msg("readiness summary: %s", sum ? sum : "(none)");
    json_decref(rd);

    /* the pages name the levels as the framework does */
    t_http_t r;
    t_get(&S, "/bodies/kent", NULL, 200, &r);
    assert_non_null(strstr(r.body, "Level 3: intensive"));
    assert_non_null(strstr(r.body, "Level 2: enhanced"));
    t_http_free(&r);
    t_get(&S, "/timeline", NULL, 200, &r);
    assert_non_null(strstr(r.body, "Kent Police: Level 2: enhanced from 1 May 2026 to 1 July 2026"));
    assert_non_null(strstr(r.body, "Kent Police: Level 3: intensive from 1 July 2026 until today"));
    t_http_free(&r);
    t_get(&S, "/engage", NULL, 200, &r);
    assert_non_null(strstr(r.body, "Forces in Engage"));
    assert_non_null(strstr(r.body, "Crossing into the new framework"));
    t_http_free(&r);
}

/* The policing framework applies to police forces: a fire and rescue
 * service added on a day it is in force starts in Scan and stays in
 * scan-engage; a police force starts in its level 1. */
static void a_fire_service_is_not_swept_into_it(void **state)
{
    (void)state;
    json_t *b = t_call_as(&S, ADMIN, "POST", "/api/v1/bodies",
                          "{\"code\":\"test-frs\",\"name\":\"Test Fire and Rescue Service\",\"kind\":\"fire\","
                          "\"reason\":\"A new service\"}", NULL, 201, NULL);
    assert_string_equal(json_string_value(json_object_get(b, "phase")), "scan");
    json_decref(b);
    b = t_call_as(&S, ADMIN, "POST", "/api/v1/bodies",
                  "{\"code\":\"test-force\",\"name\":\"Test Police\",\"kind\":\"police\","
                  "\"reason\":\"A new force\"}", NULL, 201, NULL);
    assert_string_equal(json_string_value(json_object_get(b, "phase")), "ppf-routine");
    json_decref(b);

    /* HMCI may not move the fire service into the police framework's levels */
    const char *into = "{\"to_phase\":\"ppf-enhanced\",\"decided_by\":\"HMCI\",\"effective_on\":\"2026-11-01\","
                       "\"rationale\":\"r\"}";
    json_t *j = t_call_as(&S, HMCI, "POST", "/api/v1/bodies/test-frs/decisions", into, NULL, 422, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "rule")), "framework-kind");
    assert_string_equal(json_string_value(json_object_get(j, "field")), "to_phase");
    const char *detail = json_string_value(json_object_get(j, "detail"));
    if (!detail || !strstr(detail, "applies to police forces only") || !strstr(detail, "it may move to: engage")
        || strstr(detail, "ppf-routine"))
        fail_msg("framework-kind: %s", detail ? detail : "(none)");
    json_decref(j);
    /* nothing written: still in Scan, no decision */
    b = t_call(&S, "GET", "/api/v1/bodies/test-frs", NULL, NULL, 200, NULL);
    assert_string_equal(json_string_value(json_object_get(b, "phase")), "scan");
    assert_int_equal(json_array_size(json_object_get(b, "decisions")), 0);
    json_decref(b);
    /* the police force may be moved */
    j = t_call_as(&S, HMCI, "POST", "/api/v1/bodies/test-force/decisions", into, NULL, 201, NULL);
    json_decref(j);

    /* the decision form offers a fire and rescue service its own framework's moves only */
    t_http_t r;
    t_get(&S, "/record/bodies/test-frs/decision", HMCI, 200, &r);
    assert_non_null(strstr(r.body, "value=\"engage\""));
    assert_null(strstr(r.body, "value=\"ppf-"));
    t_http_free(&r);
    t_get(&S, "/record/bodies/essex/decision", HMCI, 200, &r);
    assert_non_null(strstr(r.body, "value=\"ppf-routine\""));
    t_http_free(&r);

    /* the public page says whom each framework is for, and each kind's entry level */
    t_get(&S, "/frameworks", NULL, 200, &r);
    const char *pp = strstr(r.body, "id=\"framework-policing-performance-2026\"");
    assert_non_null(pp);
    assert_non_null(strstr(pp, "Applies to</dt><dd class=\"govuk-summary-list__value\">police forces</dd>"));
    assert_non_null(strstr(pp, "<strong>Level 1: routine</strong> <strong class=\"govuk-tag\">Entry level for police forces:"));
    assert_non_null(strstr(r.body, "Applies to</dt><dd class=\"govuk-summary-list__value\">police forces and fire and "
                                   "rescue services</dd>"));
    assert_non_null(strstr(r.body, "<strong>Scan</strong> <strong class=\"govuk-tag\">Entry level for fire and rescue "
                                   "services:"));
    t_http_free(&r);

    /* a kind no body is: refused naming the field, nothing loaded */
    long long before = t_audit_entries(S.db);
    j = t_call_as(&S, ADMIN, "POST", "/api/v1/frameworks",
                  "{\"code\": \"fire-two\", \"name\": \"Fire\", \"applies_to\": [\"fire\", \"ambulance\"], \"levels\": ["
                  "{\"code\": \"f2-low\", \"name\": \"Low\", \"description\": \"d\"},"
                  "{\"code\": \"f2-high\", \"name\": \"High\", \"description\": \"d\"}],"
                  " \"transitions\": [{\"from\": \"f2-low\", \"to\": \"f2-high\", \"decided_by\": \"hmci\"}]}",
                  NULL, 422, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "field")), "applies_to[1]");
    assert_non_null(strstr(json_string_value(json_object_get(j, "detail")), "'ambulance' is not a kind of body"));
    json_decref(j);
    assert_int_equal(t_audit_entries(S.db), before);
    json_decref(t_call(&S, "GET", "/api/v1/frameworks/fire-two", NULL, NULL, 404, NULL));
}

/* The row of body body_id's periods in the export's phase_periods, in
 * order, as "phase from..to" joined by "; " (into out). */
static void export_periods(long long body_id, char *out, size_t n)
{
    json_t *api = t_call(&S, "GET", "/api/v1/export", NULL, NULL, 200, NULL);
    size_t i, used = 0;
    json_t *row;
    out[0] = '\0';
    json_array_foreach(json_object_get(json_object_get(api, "tables"), "phase_periods"), i, row) {
        if (json_integer_value(json_object_get(row, "body_id")) != body_id) continue;
        const char *f = json_string_value(json_object_get(row, "from")), *t = json_string_value(json_object_get(row, "to"));
        used += (size_t)snprintf(out + used, n - used, "%s%s %s..%s", used ? "; " : "",
                                 json_string_value(json_object_get(row, "phase")), f ? f : "", t ? t : "");
        assert_true(used < n);
    }
    json_decref(api);
}

/* The history (GET /api/v1/bodies/{code}) as export_periods writes it. */
static void api_history(const char *code, char *out, size_t n)
{
    char path[200];
    snprintf(path, sizeof path, "/api/v1/bodies/%s", code);
    json_t *b = t_call(&S, "GET", path, NULL, NULL, 200, NULL);
    size_t i, used = 0;
    json_t *p;
    out[0] = '\0';
    json_array_foreach(json_object_get(b, "history"), i, p) {
        const char *f = json_string_value(json_object_get(p, "from")), *t = json_string_value(json_object_get(p, "to"));
        used += (size_t)snprintf(out + used, n - used, "%s%s %s..%s", used ? "; " : "",
                                 json_string_value(json_object_get(p, "phase")), f ? f : "", t ? t : "");
        assert_true(used < n);
    }
    json_decref(b);
}

/* A police force added while the framework is in force starts in its
 * level 1: its history (the body's, and the open data's phase_periods)
 * opens there, with no Scan period it was never in; a decision then
 * starts the next period. */
static void a_force_added_in_it_opens_its_history_there(void **state)
{
    (void)state;
    json_t *b = t_call_as(&S, ADMIN, "POST", "/api/v1/bodies",
                          "{\"code\":\"new-force\",\"name\":\"New Police\",\"kind\":\"police\","
                          "\"reason\":\"A new force\"}", NULL, 201, NULL);
    assert_string_equal(json_string_value(json_object_get(b, "phase")), "ppf-routine");
    json_decref(b);
    json_t *ids = t_call(&S, "GET", "/api/v1/export", NULL, NULL, 200, NULL);
    long long id = 0;
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(json_object_get(ids, "tables"), "bodies"), i, row)
        if (strcmp(json_string_value(json_object_get(row, "code")), "new-force") == 0)
            id = json_integer_value(json_object_get(row, "id"));
    json_decref(ids);
    assert_true(id > 0);

    char got[400];
    api_history("new-force", got, sizeof got);
    assert_string_equal(got, "ppf-routine ..");
    export_periods(id, got, sizeof got);
    assert_string_equal(got, "ppf-routine ..");

    json_decref(t_call_as(&S, HMCI, "POST", "/api/v1/bodies/new-force/decisions",
                          "{\"to_phase\":\"ppf-enhanced\",\"decided_by\":\"HMCI\",\"effective_on\":\"2026-11-01\","
                          "\"rationale\":\"r\"}", NULL, 201, NULL));
    api_history("new-force", got, sizeof got);
    assert_string_equal(got, "ppf-routine ..2026-11-01; ppf-enhanced 2026-11-01..");
    export_periods(id, got, sizeof got);
    assert_string_equal(got, "ppf-routine ..2026-11-01; ppf-enhanced 2026-11-01..");
    /* the force moved from Scan keeps its Scan period (kent: the first
     * decision's from_phase) */
    api_history("kent", got, sizeof got);
    if (strncmp(got, "scan ..", 7) != 0) fail_msg("kent: %s", got);
}

/* Runs the binary with its arguments (NULL-ended, at most eight);
 * asserts the exit status; returns stderr when it failed, else stdout
 * (owned). */
static char *cli(int want, const char *a1, ...)
{
    char *argv[10] = {(char *)t_bin(), (char *)a1};
    va_list ap;
    va_start(ap, a1);
    for (int i = 2; i < 9 && (argv[i] = va_arg(ap, char *)) != NULL; i++)
        ;
    va_end(ap);
    argv[9] = NULL;
    t_run_t r;
    assert_int_equal(t_run(argv, NULL, &r), 0);
    if (r.status != want) fail_msg("%s %s: exit %d, wanted %d: %s", a1, argv[2] ? argv[2] : "", r.status, want, r.err);
    char *out = strdup(want == 0 ? (r.out ? r.out : "") : (r.err ? r.err : ""));
    t_run_free(&r);
    return out;
}

static json_t *load_tables(const char *path)
{
    json_error_t je;
    json_t *doc = json_load_file(path, 0, &je);
    if (!doc) fail_msg("%s: %s", path, je.text);
    json_t *t = json_incref(json_object_get(doc, "tables"));
    json_decref(doc);
    assert_non_null(t);
    return t;
}

static const json_t *row_where(const json_t *rows, const char *key, const char *value)
{
    size_t i;
    const json_t *row;
    json_array_foreach(rows, i, row) {
        const char *v = json_string_value(json_object_get(row, key));
        if (v && strcmp(v, value) == 0) return row;
    }
    return NULL;
}

static void the_export_carries_the_framework(void **state)
{
    (void)state;
    char a[400], b[400], c[400], dir[400], fresh[400], fresh_csv[400], bad[400], fresh_bad[400];
    snprintf(a, sizeof a, "%s/fw-a.json", S.dir);
    snprintf(b, sizeof b, "%s/fw-b.json", S.dir);
    snprintf(c, sizeof c, "%s/fw-c.json", S.dir);
    snprintf(dir, sizeof dir, "%s/fw-csv", S.dir);
    snprintf(fresh, sizeof fresh, "%s/fw-fresh.db", S.dir);
    snprintf(fresh_csv, sizeof fresh_csv, "%s/fw-fresh-csv.db", S.dir);
    snprintf(bad, sizeof bad, "%s/fw-bad.json", S.dir);
    snprintf(fresh_bad, sizeof fresh_bad, "%s/fw-fresh-bad.db", S.dir);

    /* the public export holds the frameworks, levels and transitions */
    json_t *api = t_call(&S, "GET", "/api/v1/export", NULL, NULL, 200, NULL);
    json_t *at = json_object_get(api, "tables");
    assert_int_equal(json_array_size(json_object_get(at, "frameworks")), 2);
    assert_int_equal(json_array_size(json_object_get(at, "phases")), 6);
    assert_non_null(row_where(json_object_get(at, "frameworks"), "code", "policing-performance-2026"));
    assert_non_null(row_where(json_object_get(at, "phase_transitions"), "to_phase", "ppf-special-measures"));
    json_decref(api);

    /* JSON: export, restore into a fresh init database, export again */
    free(cli(0, "export", "--db", S.db, "--out", a, NULL));
    free(cli(0, "init", fresh, NULL, NULL, NULL, NULL));
    char *out = cli(0, "import-export", a, "--db", fresh, NULL);
    assert_non_null(strstr(out, "restored"));
    free(out);
    free(cli(0, "export", "--db", fresh, "--out", b, NULL));
    json_t *ta = load_tables(a), *tb = load_tables(b);
    const char *names[] = {"frameworks", "phases", "phase_transitions", "bodies", "decisions", "phase_periods", NULL};
    for (const char **n = names; *n; n++)
        if (!json_equal(json_object_get(ta, *n), json_object_get(tb, *n))) fail_msg("%s differs after the restore", *n);
    assert_true(json_equal(ta, tb));
    const json_t *fw = row_where(json_object_get(tb, "frameworks"), "code", "policing-performance-2026");
    assert_non_null(fw);
    assert_string_equal(json_string_value(json_object_get(fw, "succeeds")), "scan-engage");
    assert_string_equal(json_string_value(json_object_get(fw, "in_force_from")), "2026-04-01");
    const json_t *lv = row_where(json_object_get(tb, "phases"), "code", "ppf-special-measures");
    assert_non_null(lv);
    assert_string_equal(json_string_value(json_object_get(lv, "framework")), "policing-performance-2026");
    assert_int_equal(json_integer_value(json_object_get(lv, "level")), 4);
    const json_t *d = row_where(json_object_get(tb, "decisions"), "to_phase", "ppf-intensive");
    assert_non_null(d);
    assert_string_equal(json_string_value(json_object_get(d, "from_phase")), "ppf-enhanced");
    assert_string_equal(json_string_value(json_object_get(d, "effective_on")), "2026-07-01");
    assert_non_null(row_where(json_object_get(tb, "decisions"), "to_phase", "ppf-enhanced"));
    out = cli(0, "framework", "list", "--db", fresh, NULL, NULL);
    assert_non_null(strstr(out, "policing-performance-2026"));
    assert_non_null(strstr(out, "ppf-special-measures"));
    assert_non_null(strstr(out, "\tapplies to police\n"));
    free(out);
    assert_string_equal(json_string_value(json_object_get(fw, "applies_to")), "police");
    assert_string_equal(json_string_value(json_object_get(row_where(json_object_get(tb, "frameworks"), "code",
                                                                    "scan-engage"), "applies_to")), "");

    /* CSV: the same */
    free(cli(0, "export", "--format", "csv", "--out", dir, "--db", S.db, NULL));
    free(cli(0, "init", fresh_csv, NULL, NULL, NULL, NULL));
    free(cli(0, "import-export", dir, "--db", fresh_csv, NULL));
    free(cli(0, "export", "--db", fresh_csv, "--out", c, NULL));
    json_t *tc = load_tables(c);
    for (const char **n = names; *n; n++)
        if (!json_equal(json_object_get(ta, *n), json_object_get(tc, *n))) fail_msg("%s differs after the CSV restore", *n);
    json_decref(tc);

    /* an export made before the kinds (no applies_to column, JSON and
     * CSV) restores every framework as applying to every kind, as then */
    char old_json[400], old_csv[400], fresh_old[400], fresh_old_csv[400], csv_path[460];
    snprintf(old_json, sizeof old_json, "%s/fw-old.json", S.dir);
    snprintf(old_csv, sizeof old_csv, "%s/fw-old-csv", S.dir);
    snprintf(fresh_old, sizeof fresh_old, "%s/fw-fresh-old.db", S.dir);
    snprintf(fresh_old_csv, sizeof fresh_old_csv, "%s/fw-fresh-old-csv.db", S.dir);
    char *e;
    json_t *older = json_deep_copy(ta);
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(older, "frameworks"), i, row) json_object_del(row, "applies_to");
    json_t *odoc = json_pack("{s:o}", "tables", older);
    assert_int_equal(json_dump_file(odoc, old_json, 0), 0);
    json_decref(odoc);
    free(cli(0, "init", fresh_old, NULL, NULL, NULL, NULL));
    free(cli(0, "import-export", old_json, "--db", fresh_old, NULL));
    out = cli(0, "framework", "list", "--db", fresh_old, NULL, NULL);
    assert_non_null(strstr(out, "policing-performance-2026"));
    assert_null(strstr(out, "applies to"));
    free(out);
    /* a kind no body is, refused naming the row and the column */
    char kinds_bad[400], fresh_kinds[400];
    snprintf(kinds_bad, sizeof kinds_bad, "%s/fw-kinds-bad.json", S.dir);
    snprintf(fresh_kinds, sizeof fresh_kinds, "%s/fw-fresh-kinds.db", S.dir);
    json_t *wrong = json_deep_copy(ta);
    json_object_set_new((json_t *)row_where(json_object_get(wrong, "frameworks"), "code", "policing-performance-2026"),
                        "applies_to", json_string("police,ambulance"));
    odoc = json_pack("{s:o}", "tables", wrong);
    assert_int_equal(json_dump_file(odoc, kinds_bad, 0), 0);
    json_decref(odoc);
    free(cli(0, "init", fresh_kinds, NULL, NULL, NULL, NULL));
    e = cli(1, "import-export", kinds_bad, "--db", fresh_kinds, NULL);
    if (!strstr(e, "frameworks row 2 (code policing-performance-2026): applies_to"))
        fail_msg("import-export of an unknown kind: %s", e);
    free(e);
    /* CSV: the column cut from the frameworks file (it is the last) */
    free(cli(0, "export", "--format", "csv", "--out", old_csv, "--db", S.db, NULL));
    snprintf(csv_path, sizeof csv_path, "%s/frameworks.csv", old_csv);
    FILE *cf = fopen(csv_path, "r");
    assert_non_null(cf);
    char text[8192] = "", line[2048];
    while (fgets(line, sizeof line, cf)) {
        char *comma = strrchr(line, ',');
        assert_non_null(comma);
        strcpy(comma, "\n");
        strncat(text, line, sizeof text - strlen(text) - 1);
    }
    fclose(cf);
    assert_non_null(strstr(text, "loaded_at\n"));
    cf = fopen(csv_path, "w");
    assert_non_null(cf);
    fputs(text, cf);
    fclose(cf);
    free(cli(0, "init", fresh_old_csv, NULL, NULL, NULL, NULL));
    free(cli(0, "import-export", old_csv, "--db", fresh_old_csv, NULL));
    out = cli(0, "framework", "list", "--db", fresh_old_csv, NULL, NULL);
    assert_non_null(strstr(out, "policing-performance-2026"));
    assert_null(strstr(out, "applies to"));
    free(out);

    /* a built-in row that differs from the database's is refused, naming
     * the table, the row and the column; nothing is written */
    json_t *se = (json_t *)row_where(json_object_get(ta, "frameworks"), "code", "scan-engage");
    assert_non_null(se);
    json_object_set_new(se, "name", json_string("Scan and Engage, renamed"));
    json_t *doc = json_pack("{s:O}", "tables", ta);
    assert_int_equal(json_dump_file(doc, bad, 0), 0);
    json_decref(doc);
    free(cli(0, "init", fresh_bad, NULL, NULL, NULL, NULL));
    e = cli(1, "import-export", bad, "--db", fresh_bad, NULL);
    if (!strstr(e, "frameworks row 1 (code scan-engage)") || !strstr(e, "name"))
        fail_msg("import-export of a differing built-in framework: %s", e);
    free(e);
    out = cli(0, "framework", "list", "--db", fresh_bad, NULL, NULL);
    assert_null(strstr(out, "policing-performance-2026"));
    free(out);
    json_decref(ta);
    json_decref(tb);
}

/* POST /api/v1/frameworks: the file of `framework load` as the body, for an
 * admin; refused whole with the field's path as the CLI names it. */
static void the_api_loads_a_framework(void **state)
{
    (void)state;
    static const char GOOD[] =
        "{\"code\": \"api-two\", \"name\": \"Two by API\", \"description\": \"Loaded over HTTP\","
        " \"in_force_from\": \"2031-01-01\", \"levels\": ["
        "{\"code\": \"a2-low\", \"name\": \"Low\", \"description\": \"routine\"},"
        "{\"code\": \"a2-high\", \"name\": \"High\", \"description\": \"watched\"}],"
        " \"transitions\": [{\"from\": \"a2-low\", \"to\": \"a2-high\", \"recommended_by\": \"inspector\","
        " \"decided_by\": \"hmci\"}]}";
    long long before = t_audit_entries(S.db);
    /* who before what: anonymous 401, an inspector 403, nothing written */
    json_t *j = t_call_as(&S, NULL, "POST", "/api/v1/frameworks", GOOD, NULL, 401, NULL);
    json_decref(j);
    j = t_call_as(&S, INSPECTOR, "POST", "/api/v1/frameworks", GOOD, NULL, 403, NULL);
    json_decref(j);
    j = t_call_as(&S, HMCI, "POST", "/api/v1/frameworks", GOOD, NULL, 403, NULL);
    json_decref(j);
    /* a level code another framework holds: 409 naming the path, as the CLI does */
    j = t_call_as(&S, ADMIN, "POST", "/api/v1/frameworks",
                  "{\"code\": \"api-bad\", \"name\": \"Bad\", \"levels\": ["
                  "{\"code\": \"ab1\", \"name\": \"One\", \"description\": \"d\"},"
                  "{\"code\": \"engage\", \"name\": \"Two\", \"description\": \"d\"}],"
                  " \"transitions\": [{\"from\": \"ab1\", \"to\": \"engage\", \"decided_by\": \"hmci\"}]}",
                  NULL, 409, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "field")), "levels[1].code");
    assert_non_null(strstr(json_string_value(json_object_get(j, "detail")), "already a level of framework scan-engage"));
    json_decref(j);
    j = t_call_as(&S, ADMIN, "POST", "/api/v1/frameworks",
                  "{\"code\": \"api-bad\", \"name\": \"Bad\", \"levels\": ["
                  "{\"code\": \"ab1\", \"name\": \"One\", \"description\": \"d\"},"
                  "{\"code\": \"ab2\", \"name\": \"Two\", \"description\": \"d\"}],"
                  " \"transitions\": [{\"from\": \"ab1\", \"to\": \"ab2\", \"decided_by\": \"analyst\"}]}",
                  NULL, 422, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "field")), "transitions[0].decided_by");
    json_decref(j);
    /* not JSON: 400 */
    j = t_call_as(&S, ADMIN, "POST", "/api/v1/frameworks", "{\"code\": ", NULL, 400, NULL);
    json_decref(j);
    assert_int_equal(t_audit_entries(S.db), before);
    j = t_call(&S, "GET", "/api/v1/frameworks/api-bad", NULL, NULL, 404, NULL);
    json_decref(j);

    /* loaded: 201, Location, the framework as GET gives it; audited once */
    t_http_t r;
    j = t_call_as(&S, ADMIN, "POST", "/api/v1/frameworks", GOOD, NULL, 201, &r);
    assert_non_null(strstr(r.headers, "Location: /api/v1/frameworks/api-two"));
    t_http_free(&r);
    assert_string_equal(json_string_value(json_object_get(j, "code")), "api-two");
    assert_string_equal(json_string_value(json_object_get(j, "in_force_from")), "2031-01-01");
    assert_int_equal(json_array_size(json_object_get(j, "levels")), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "levels"), 1), "code")),
                        "a2-high");
    json_t *g = t_call(&S, "GET", "/api/v1/frameworks/api-two", NULL, NULL, 200, NULL);
    assert_true(json_equal(g, j));
    json_decref(g);
    json_decref(j);
    assert_int_equal(t_audit_entries(S.db), before + 1);
    /* twice: the code is taken, 409 Conflict naming it */
    t_http_t r2;
    j = t_call_as(&S, ADMIN, "POST", "/api/v1/frameworks", GOOD, NULL, 409, &r2);
    char type[96] = "";
    assert_int_equal(t_http_header(&r2, "Content-Type", type, sizeof type), 0);
    assert_non_null(strstr(type, "application/problem+json"));
    t_http_free(&r2);
    assert_string_equal(json_string_value(json_object_get(j, "field")), "code");
    assert_non_null(strstr(json_string_value(json_object_get(j, "detail")), "a framework 'api-two' is already loaded"));
    json_decref(j);
    assert_int_equal(t_audit_entries(S.db), before + 1);
    t_run_t rr;
    assert_int_equal(run(&rr, "audit", "log", "--entity=frameworks"), 0);
    assert_non_null(strstr(rr.out, "\"code\":\"api-two\""));
    t_run_free(&rr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(load_refuses_a_bad_file_naming_the_field),
        cmocka_unit_test(load_the_four_level_framework),
        cmocka_unit_test(frameworks_are_listed_with_their_levels),
        cmocka_unit_test(a_force_moves_through_it),
        cmocka_unit_test(a_fire_service_is_not_swept_into_it),
        cmocka_unit_test(a_force_added_in_it_opens_its_history_there),
        cmocka_unit_test(the_export_carries_the_framework),
        cmocka_unit_test(the_api_loads_a_framework),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
