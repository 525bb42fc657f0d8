/* test_body.c: `oversight body add|rename|merge|retire|show|list|person` on
 * a demo database (SQLite, or PostgreSQL under OVERSIGHT_TEST_PG): each
 * change done and shown; bad input refused naming the field with exit 1 and
 * nothing written; a retired body refused; `body person add|list`, and a
 * letter drafted for a day names whoever held the post that day. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support/support.h"

static t_site_t S;

static int setup(void **state)
{
    (void)state;
    return t_site_init(&S, "body.db", T_SITE_DEMO);
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

/* oversight ARGS... --db S.db (args up to the first NULL); asserts the
 * exit status. */
static t_run_t body_run(int want, const char *const *args)
{
    char *argv[24] = {(char *)t_bin()};
    int n = 1;
    for (size_t i = 0; n < 20 && args[i]; i++) argv[n++] = (char *)args[i];
    argv[n++] = "--db";
    argv[n++] = S.db;
    argv[n] = NULL;
    t_run_t r;
    assert_int_equal(t_run(argv, NULL, &r), 0);
    if (r.status != want)
        fprintf(stderr, "%s %s: exit %d (want %d): %s%s\n", args[0], args[1] ? args[1] : "", r.status, want, r.out, r.err);
    assert_int_equal(r.status, want);
    return r;
}
#define body(want, ...) body_run(want, (const char *const[]){__VA_ARGS__, NULL})

static void must_contain(const char *text, const char *needle)
{
    if (!strstr(text, needle)) fail_msg("'%s' lacks '%s'", text, needle);
}

static void add_rename_retire(void **state)
{
    (void)state;
    t_run_t r = body(0, "body", "add", "west-frs", "--name", "West Fire and Rescue Service", "--kind", "fire", "--reason",
                     "a new authority");
    must_contain(r.out, "added west-frs");
    t_run_free(&r);
    r = body(1, "body", "add", "west-frs", "--name", "Again", "--kind", "fire", "--reason", "r");
    must_contain(r.err, "already exists");
    t_run_free(&r);
    r = body(1, "body", "add", "east-frs", "--name", "East", "--kind", "army", "--reason", "r");
    must_contain(r.err, "kind:");
    t_run_free(&r);
    r = body(1, "body", "add", "east-frs", "--name", "East", "--kind", "fire", NULL, NULL);
    must_contain(r.err, "reason:");
    t_run_free(&r);
    r = body(0, "body", "list", "--kind", "fire", NULL, NULL, NULL, NULL, NULL);
    must_contain(r.out, "west-frs\tfire\t");
    assert_null(strstr(r.out, "east-frs"));
    t_run_free(&r);
    r = body(0, "body", "rename", "west-frs", "--name", "West and Vale Fire and Rescue Service", "--on", "2026-02-01",
             "--reason", "new name");
    t_run_free(&r);
    r = body(0, "body", "show", "west-frs", NULL, NULL, NULL, NULL, NULL, NULL);
    json_error_t je;
    json_t *j = json_loads(r.out, 0, &je);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "name")), "West and Vale Fire and Rescue Service");
    json_t *former = json_array_get(json_object_get(j, "former_names"), 0);
    assert_string_equal(json_string_value(json_object_get(former, "name")), "West Fire and Rescue Service");
    assert_string_equal(json_string_value(json_object_get(former, "to")), "2026-02-01");
    json_decref(j);
    t_run_free(&r);
    r = body(0, "body", "retire", "west-frs", "--reason", "abolished", "--on", "2026-03-01", NULL, NULL);
    must_contain(r.out, "retired west-frs");
    t_run_free(&r);
    r = body(1, "body", "rename", "west-frs", "--name", "X", "--reason", "r", NULL, NULL);
    must_contain(r.err, "retired on 2026-03-01");
    t_run_free(&r);
    r = body(0, "body", "list", "--kind", "national", NULL, NULL, NULL, NULL, NULL);
    must_contain(r.out, "college-of-policing\tnational\t-\tCollege of Policing");
    t_run_free(&r);
}

static void merge(void **state)
{
    (void)state;
    t_run_t r = body(1, "body", "merge", "cumbria", "avon-frs", "--code", "x", "--name", "X", "--reason", "r");
    must_contain(r.err, "different kinds");
    t_run_free(&r);
    r = body(0, "body", "merge", "cumbria", "lancashire", "--code", "north-west", "--name", "North West Police",
             "--reason", "merged by order");
    must_contain(r.out, "merged into north-west");
    t_run_free(&r);
    r = body(0, "body", "list", "--kind", "police", NULL, NULL, NULL, NULL, NULL);
    must_contain(r.out, "merged into north-west");
    t_run_free(&r);
}

static void people_and_letters(void **state)
{
    (void)state;
    t_run_t r = body(0, "body", "person", "list", "met", NULL, NULL, NULL, NULL, NULL);
    must_contain(r.out, "Dame Lynne Owens (Acting Commissioner)\t2022-04-11 to 2022-09-11");
    t_run_free(&r);
    r = body(1, "body", "person", "add", "kent", "--post", "emperor", "--name", "X", NULL);
    must_contain(r.err, "post");
    t_run_free(&r);
    r = body(0, "body", "person", "add", "kent", "--post", "lpb_holder", "--name", "Matthew Scott", "--title",
             "Police and Crime Commissioner");
    t_run_free(&r);
    r = body(0, "body", "person", "list", "kent", NULL, NULL, NULL, NULL, NULL);
    must_contain(r.out, "lpb_holder\tMatthew Scott");
    t_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(add_rename_retire),
        cmocka_unit_test(merge),
        cmocka_unit_test(people_and_letters),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
