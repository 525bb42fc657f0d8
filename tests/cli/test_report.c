/* test_report.c: `oversight report add FILE.json` and `report list` on a
 * demo database (SQLite, or PostgreSQL under OVERSIGHT_TEST_PG): a report
 * to three forces and the College of Policing recorded and listed; a file
 * that is not JSON named with its line; a bad addressee named by field,
 * exit 1 and nothing written; a recommendation added to it later
 * (`report add-recommendation`), which the open data carries too. */
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
    return t_site_init(&S, "report.db", T_SITE_DEMO);
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

static t_run_t run(int want, const char *const *args)
{
    char *argv[16] = {(char *)t_bin()};
    int n = 1;
    for (size_t i = 0; n < 12 && args[i]; i++) argv[n++] = (char *)args[i];
    argv[n++] = "--db";
    argv[n++] = S.db;
    argv[n] = NULL;
    t_run_t r;
    assert_int_equal(t_run(argv, NULL, &r), 0);
    if (r.status != want) fprintf(stderr, "%s: exit %d (want %d): %s%s\n", args[1], r.status, want, r.out, r.err);
    assert_int_equal(r.status, want);
    return r;
}
#define cli(want, ...) run(want, (const char *const[]){__VA_ARGS__, NULL})

static void must_contain(const char *text, const char *needle)
{
    if (!strstr(text, needle)) fail_msg("'%s' lacks '%s'", text, needle);
}

/* Writes text to DIR/name; the path in out. */
static void file(const char *name, const char *text, char out[400])
{
    snprintf(out, 400, "%s/%s", S.dir, name);
    FILE *f = fopen(out, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void add_and_list(void **state)
{
    (void)state;
    char path[400];
    t_run_t r = cli(0, "report", "list");
    size_t before = strlen(r.out);
    t_run_free(&r);
    file("bad.json", "{\"title\": \"T\",\n\"kind\": }\n", path);
    r = cli(1, "report", "add", path);
    must_contain(r.err, "line 2");
    t_run_free(&r);
    file("addressee.json",
         "{\"title\":\"T\",\"kind\":\"national\",\"coverage\":\"several\",\"published_on\":\"2024-10-10\","
         "\"bodies\":[\"kent\"],\"recommendations\":[{\"number\":\"1\",\"text\":\"t\",\"addressed_to\":\"a\","
         "\"addressees\":[\"kent\",\"collage-of-policing\"]}]}", path);
    r = cli(1, "report", "add", path);
    must_contain(r.err, "recommendations[0].addressees[1]");
    must_contain(r.err, "collage-of-policing");
    t_run_free(&r);
    r = cli(0, "report", "list");
    assert_int_equal(strlen(r.out), before);   /* nothing written */
    t_run_free(&r);
    file("report.json",
         "{\"title\":\"A national thematic report\",\"kind\":\"national\",\"coverage\":\"several\","
         "\"published_on\":\"2024-10-10\",\"bodies\":[\"kent\",\"essex\",\"surrey\"],\"recommendations\":["
         "{\"number\":\"1\",\"text\":\"t\",\"addressed_to\":\"Chief constables\",\"addressees\":[\"kent\",\"essex\",\"surrey\"]},"
         "{\"number\":\"2\",\"text\":\"t\",\"addressed_to\":\"The College of Policing\",\"addressees\":[\"college-of-policing\"]}]}",
         path);
    r = cli(0, "report", "add", path);
    must_contain(r.out, "recorded");
    t_run_free(&r);
    r = cli(0, "report", "list", "--body", "essex");
    must_contain(r.out, "A national thematic report");
    must_contain(r.out, "3 bodies\t2 recommendations");
    t_run_free(&r);
    r = cli(2, "report", "remove");
    t_run_free(&r);
    /* one more recommendation: a file that is not JSON by its line, a bad
     * addressee by its field (nothing written), then added */
    long long id = 0;
    r = cli(0, "report", "list", "--body", "essex");
    for (const char *line = r.out; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        const char *nl = strchr(line, '\n'), *hit = strstr(line, "A national thematic report");
        if (hit && (!nl || hit < nl)) id = strtoll(line, NULL, 10);
    }
    t_run_free(&r);
    assert_true(id > 0);
    char ids[32];
    snprintf(ids, sizeof ids, "%lld", id);
    r = cli(2, "report", "add-recommendation", "x1", path);
    must_contain(r.err, "REPORT_ID");
    t_run_free(&r);
    file("rec_bad.json", "{\"number\": \"3\",\n\"text\": ,}\n", path);
    r = cli(1, "report", "add-recommendation", ids, path);
    must_contain(r.err, "line 2");
    t_run_free(&r);
    file("rec_field.json", "{\"number\":\"3\",\"text\":\"t\",\"addressed_to\":\"a\",\"addressees\":[\"kent\",\"norfolk\"]}",
         path);
    r = cli(1, "report", "add-recommendation", ids, path);
    must_contain(r.err, "addressees[1]");
    must_contain(r.err, "norfolk");
    t_run_free(&r);
    file("rec.json", "{\"number\":\"3\",\"text\":\"Train custody staff\",\"addressed_to\":\"All\",\"deadline\":\"2026-01\","
         "\"addressees\":[\"all_police\",\"college-of-policing\"]}", path);
    r = cli(0, "report", "add-recommendation", ids, path);
    must_contain(r.out, "recommendation added");
    t_run_free(&r);
    r = cli(1, "report", "add-recommendation", ids, path);   /* numbered 3 already */
    must_contain(r.err, "number");
    t_run_free(&r);
    r = cli(0, "report", "list", "--body", "essex");
    must_contain(r.out, "3 bodies\t3 recommendations");
    t_run_free(&r);
    /* every row written is in the audit trail as it stands */
    r = cli(0, "audit", "verify", "--deep");
    t_run_free(&r);
}

/* The new tables go out with the open data and come back in. */
static void export_and_reimport(void **state)
{
    (void)state;
    char file[400];
    snprintf(file, sizeof file, "%s/open.json", S.dir);
    t_run_t r = cli(0, "export", "--format", "json", "--out", file, "--all");
    t_run_free(&r);
    FILE *f = fopen(file, "r");
    assert_non_null(f);
    static char doc[1 << 22];
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    doc[n] = '\0';
    fclose(f);
    must_contain(doc, "\"shared_recommendations\"");
    must_contain(doc, "\"national_part_events\"");
    must_contain(doc, "A national thematic report");
    t_site_t imp;
    assert_int_equal(t_site_init(&imp, "imported.db", T_SITE_INIT), 0);
    char *argv[] = {(char *)t_bin(), "import-export", file, "--db", imp.db, NULL};
    assert_int_equal(t_run(argv, NULL, &r), 0);
    if (r.status != 0) fail_msg("import-export: %s%s", r.out, r.err);
    t_run_free(&r);
    char *list[] = {(char *)t_bin(), "report", "list", "--body", "essex", "--db", imp.db, NULL};
    assert_int_equal(t_run(list, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    must_contain(r.out, "A national thematic report");
    must_contain(r.out, "3 bodies\t3 recommendations");   /* the one added later too */
    t_run_free(&r);
    assert_int_equal(t_site_stop(&imp), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(add_and_list), cmocka_unit_test(export_and_reimport)};
    return cmocka_run_group_tests_name("tests", tests, setup, teardown);
}
