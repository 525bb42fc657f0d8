/* test_frameworks.c: monitoring frameworks as data, end to end. A
 * four-level framework file (docs/examples/policing-performance-2026.json)
 * is loaded with `oversight framework load` (a bad file refused naming the
 * field), listed by GET /api/v1/frameworks, and a force moved through it
 * over HTTP: from Scan into level 2 on a date (crossing frameworks), up to
 * level 3, the body and its history showing it; moves the framework does
 * not allow, or before it is in force, or by the wrong role, refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "support/support.h"

static t_site_t S;
static char HMCI[160], INSPECTOR[160];
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(load_refuses_a_bad_file_naming_the_field),
        cmocka_unit_test(load_the_four_level_framework),
        cmocka_unit_test(frameworks_are_listed_with_their_levels),
        cmocka_unit_test(a_force_moves_through_it),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
