/* test_import_load.c: `oversight import FILE --emit-load` turns a published
 * letter (seed 004, the Met's return to Scan) into `oversight load` steps;
 * loaded into a fresh `oversight init` database they put the letter's three
 * causes of concern, its three recommendations with their deadlines and
 * all twelve requirements, the plan and its pillars into the record
 * (checked through `oversight export --all`). Import itself writes nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "support/support.h"

static char DIR_[256];

static int setup(void **state)
{
    (void)state;
    return t_mkdtemp(DIR_);
}

static int teardown(void **state)
{
    (void)state;
    t_rmdir(DIR_);
    return 0;
}

static void seed_path(char out[512])
{
    snprintf(out, 512, "%s/tests/docs/fixtures/004_43dea0c4f0bd25eb.txt", t_src());
}

/* Runs argv; asserts the exit status; returns the run (free with t_run_free). */
static t_run_t run(char *const argv[], int want)
{
    t_run_t r;
    assert_int_equal(t_run(argv, NULL, &r), 0);
    if (r.status != want) fprintf(stderr, "%s %s: exit %d: %s\n", argv[1], argv[2] ? argv[2] : "", r.status, r.err);
    assert_int_equal(r.status, want);
    return r;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

/* Rows of table `name` in an export document whose body_id is body_id
 * (or all rows when body_id < 0). Borrowed from doc into a new array. */
static json_t *rows_of(const json_t *doc, const char *name, long long body_id)
{
    json_t *out = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(json_object_get(doc, "tables"), name), i, r)
        if (body_id < 0 || json_integer_value(json_object_get(r, "body_id")) == body_id) json_array_append(out, r);
    return out;
}

static const char *s_of(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static void emit_load_then_load(void **state)
{
    (void)state;
    char seed[512], steps_path[300], db_path[300], db[512];
    seed_path(seed);
    snprintf(steps_path, sizeof steps_path, "%s/met-steps.json", DIR_);
    snprintf(db_path, sizeof db_path, "%s/fresh.db", DIR_);
    assert_int_equal(t_db_url(db, db_path), 0);

    /* the draft as load steps */
    char *imp[] = {(char *)t_bin(), "import", seed, "--emit-load", NULL};
    t_run_t r = run(imp, 0);
    json_error_t je;
    json_t *doc = json_loads(r.out, 0, &je);
    assert_non_null(doc);
    assert_non_null(strstr(s_of(doc, "about"), "oversight load"));
    json_t *steps = json_object_get(doc, "steps");
    assert_true(json_array_size(steps) >= 3 + 3 + 12);
    /* every cause says what the letter did not state */
    size_t i;
    json_t *st;
    json_array_foreach(steps, i, st)
        if (strcmp(s_of(st, "entity"), "causes-of-concern") == 0) assert_non_null(strstr(s_of(st, "note"), "issued_on"));
    json_decref(doc);
    write_file(steps_path, r.out);
    t_run_free(&r);

    /* an inspector confirms it into a fresh record */
    char *init[] = {(char *)t_bin(), "init", db, NULL};
    r = run(init, 0);
    t_run_free(&r);
    char *load[] = {(char *)t_bin(), "load", steps_path, "--db", db, NULL};
    r = run(load, 0);
    t_run_free(&r);

    /* the whole record: these causes came from a letter, not a report in
     * the record, so the open data does not carry them (docs/publication.md) */
    char *exp[] = {(char *)t_bin(), "export", "--all", "--format", "json", "--db", db, NULL};
    r = run(exp, 0);
    json_t *x = json_loads(r.out, 0, &je);
    t_run_free(&r);
    assert_non_null(x);
    long long met = -1;
    json_t *b;
    json_array_foreach(json_object_get(json_object_get(x, "tables"), "bodies"), i, b)
        if (strcmp(s_of(b, "code"), "met") == 0) met = json_integer_value(json_object_get(b, "id"));
    assert_true(met > 0);

    json_t *causes = rows_of(x, "causes_of_concern", met), *recs = rows_of(x, "recommendations", met);
    assert_int_equal(json_array_size(causes), 3);
    assert_int_equal(json_array_size(recs), 3);
    int accelerated = 0;
    json_t *c;
    json_array_foreach(causes, i, c) {
        json_t *a = json_object_get(c, "accelerated");
        accelerated += json_is_true(a) || (json_is_integer(a) && json_integer_value(a) == 1);
        assert_string_equal(s_of(c, "status"), "closed");
        assert_string_equal(s_of(c, "closed_on"), "2025-01");
    }
    assert_int_equal(accelerated, 2);
    assert_non_null(strstr(s_of(json_array_get(causes, 0), "text"), "when children are reported missing"));
    assert_non_null(strstr(s_of(json_array_get(causes, 2), "text"), "victim blaming"));

    static const char *const deadlines[3] = {"2023-12-31", "2023-12-31", "2024-07-31"};
    static const size_t nreq[3] = {3, 5, 4};
    json_t *reqs = rows_of(x, "requirements", -1);
    size_t total = 0;
    json_array_foreach(recs, i, c) {
        char num[24];
        snprintf(num, sizeof num, "%zu", i + 1);
        assert_string_equal(s_of(c, "number"), num);
        assert_string_equal(s_of(c, "original_deadline"), deadlines[i]);
        long long rid = json_integer_value(json_object_get(c, "id"));
        size_t mine = 0, k;
        json_t *q;
        json_array_foreach(reqs, k, q) if (json_integer_value(json_object_get(q, "recommendation_id")) == rid) mine++;
        assert_int_equal(mine, nreq[i]);
        total += mine;
    }
    assert_int_equal(total, 12);
    int found = 0;
    json_t *q;
    json_array_foreach(reqs, i, q)
        found |= strcmp(s_of(q, "text"), "it follows all reasonable lines of enquiry to identify suspects") == 0;
    assert_true(found);

    json_t *plans = rows_of(x, "plans", met), *pillars = rows_of(x, "plan_pillars", -1);
    assert_int_equal(json_array_size(plans), 1);
    assert_string_equal(s_of(json_array_get(plans, 0), "name"), "Milestone Plan");
    assert_string_equal(s_of(json_array_get(plans, 0), "agreed_on"), "2024-05");
    assert_int_equal(json_array_size(pillars), 3);
    assert_string_equal(s_of(json_array_get(pillars, 0), "title"), "Frontline policing transformation");

    json_decref(plans);
    json_decref(pillars);
    json_decref(reqs);
    json_decref(causes);
    json_decref(recs);
    json_decref(x);
}

/* Without a body the letter names or --body, nothing is emitted; a --body
 * that is not known is refused; --format text does not combine. */
static void emit_load_refusals(void **state)
{
    (void)state;
    char path[300], seed[512];
    seed_path(seed);
    snprintf(path, sizeof path, "%s/nobody.txt", DIR_);
    write_file(path, "Somewhere: return to default phase of monitoring\n\nWe closed things.\n");
    char *nobody[] = {(char *)t_bin(), "import", path, "--emit-load", NULL};
    t_run_t r = run(nobody, 1);
    assert_non_null(strstr(r.err, "--body"));
    assert_string_equal(r.out ? r.out : "", "");
    t_run_free(&r);
    char *given[] = {(char *)t_bin(), "import", path, "--emit-load", "--body", "kent", NULL};
    r = run(given, 0);
    assert_non_null(strstr(r.out, "\"body\": \"kent\""));
    t_run_free(&r);
    char *unknown[] = {(char *)t_bin(), "import", seed, "--emit-load", "--body", "atlantis", NULL};
    r = run(unknown, 2);
    t_run_free(&r);
    char *text[] = {(char *)t_bin(), "import", seed, "--emit-load", "--format", "text", NULL};
    r = run(text, 2);
    assert_non_null(strstr(r.err, "--emit-load"));
    t_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(emit_load_then_load),
        cmocka_unit_test(emit_load_refusals),
    };
    return cmocka_run_group_tests_name("cli/import --emit-load", tests, setup, teardown);
}
