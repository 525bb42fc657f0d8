/* test_release.c: the news release beside the letter (docs/release.h,
 * issue #17 item 7). The Met's release of 23 January 2025 regenerated from
 * the demo record on a real SQLite file carries every sentence of seed 002
 * (fixtures/002_*.txt), checked one by one; a draft without edits draws its
 * improvements from what the record closed; the words are checked before
 * they are kept; approval freezes the release and follows the four-eyes
 * rule; a release is published with its letter, never before it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/embed.h"
#include "docs/letter.h"
#include "docs/release.h"
#include "store/entity.h"
#include "store/letters.h"
#include "store/reference.h"
#include "store/releases.h"
#include "store/script.h"
#include "support/support.h"

extern const struct embed_file data_embed_files[];

static struct {
    t_site_t site;
    store_t *s;
    long long release, letter;
} FX;

static long long first_id(const char *sql)
{
    json_t *rows = NULL;
    ov_error_t err = {0};
    assert_int_equal(store_query(FX.s, &rows, &err, sql, NULL), 0);
    long long id = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
    json_decref(rows);
    return id;
}

static int setup_db(void **state)
{
    (void)state;
    ov_error_t err = {0};
    if (t_site_init(&FX.site, "releases.db", T_SITE_EMPTY) != 0) return -1;
    odate_t today = {2026, 1, 1, DATE_DAY};
    const struct embed_file *demo = embed_lookup(data_embed_files, "demo_met.json");
    if (!demo || store_open(FX.site.db, STORE_OPEN_CREATE, &FX.s, &err) != 0
        || store_reference_load_bodies(FX.s, &err) != 0 || store_reference_load_history(FX.s, &today, &err) != 0
        || store_load_script(FX.s, (const char *)demo->data, demo->len, NULL, &err) != 0) {
        fprintf(stderr, "setup: %s\n", err.message);
        return -1;
    }
    FX.release = first_id("SELECT id FROM releases ORDER BY id");
    FX.letter = first_id("SELECT id FROM letters ORDER BY id");
    return FX.release > 0 && FX.letter > 0 ? 0 : -1;
}

static int teardown_db(void **state)
{
    (void)state;
    store_close(FX.s);
    t_site_stop(&FX.site);
    return 0;
}

/* s with every run of white space as one space, and a list item's "- "
 * dropped. New. */
static char *squash(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    assert_non_null(out);
    int space = 1;
    for (const char *p = s; *p; p++) {
        if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
            if (!space) *o++ = ' ';
            space = 1;
            continue;
        }
        if (space && *p == '-' && p[1] == ' ') {
            p++;
            continue;
        }
        *o++ = *p;
        space = 0;
    }
    while (o > out && o[-1] == ' ') o--;
    *o = '\0';
    return out;
}

static char *text_of(const json_t *m)
{
    buf_t b = BUF_INIT;
    assert_int_equal(release_render_text(m, &b), 0);
    char *t = buf_detach(&b, NULL);
    char *flat = squash(t);
    free(t);
    return flat;
}

static char *read_seed(void)
{
    char path[600];
    snprintf(path, sizeof path, "%s/002_3edc2f0943fc96fe.txt", OV_FIXTURES);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    buf_t b = BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, n);
    fclose(f);
    return buf_detach(&b, NULL);
}

/* Every sentence of seed 002 (its paragraphs split after ". "), each in
 * the release's text; the number of sentences checked into *checked. */
static int missing_sentences(const char *release_text, int *checked)
{
    char *seed = read_seed();
    int missing = 0;
    *checked = 0;
    /* paragraphs are lines of the seed; squash joined them with spaces, so
     * split the seed itself by lines first */
    char *save = NULL;
    for (char *line = strtok_r(seed, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *para = squash(line);
        char *p = para;
        while (*p) {
            char *end = strstr(p, ". ");
            size_t len = end ? (size_t)(end - p) + 1 : strlen(p);
            char sentence[2000];
            snprintf(sentence, sizeof sentence, "%.*s", (int)len, p);
            if (*sentence) {
                (*checked)++;
                if (!strstr(release_text, sentence)) {
                    fprintf(stderr, "# the release lacks: %s\n", sentence);
                    missing++;
                }
            }
            p += len;
            while (*p == ' ') p++;
        }
        free(para);
    }
    free(seed);
    return missing;
}

static void met_release_carries_every_fact_of_seed_002(void **state)
{
    (void)state;
    ov_error_t err = {0};
    json_t *m = NULL;
    assert_int_equal(release_view(FX.s, FX.release, &m, &err), 0);
    assert_string_equal(json_string_value(json_object_get(m, "status")), "draft");
    char *t = text_of(m);
    int checked = 0;
    assert_int_equal(missing_sentences(t, &checked), 0);
    /* the seed's 13 paragraphs hold 18 sentences and list items */
    assert_true(checked >= 18);
    /* the decision's date and the quote's source are there too */
    assert_non_null(strstr(t, "On 23 January 2025, His Majesty\u2019s Chief Inspector"));
    assert_non_null(strstr(t, "HMICFRS news release, 23 January 2025"));
    assert_string_equal(json_string_value(json_object_get(m, "date")), "2025-01-23");
    /* its edit is kept in its history */
    json_t *h = json_object_get(m, "history");
    assert_int_equal(json_array_size(h), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(h, 0), "block")), "improvements");
    /* the page's article: escaped, the same words */
    buf_t b = BUF_INIT;
    assert_int_equal(release_render_html_article(m, &b), 0);
    char *html = buf_detach(&b, NULL);
    assert_non_null(strstr(html, "Fire &amp; Rescue Services (HMICFRS)"));
    assert_non_null(strstr(html, "<li>in its professional standards and property management.</li>"));
    assert_non_null(strstr(html, "<figcaption>His Majesty\u2019s Inspector of Constabulary Lee Freeman said:</figcaption>"));
    free(html);
    free(t);
    json_decref(m);
}

static void a_draft_draws_on_the_record(void **state)
{
    (void)state;
    ov_error_t err = {0};
    json_t *m = NULL;
    assert_int_equal(release_draft_for(FX.s, "met", &m, &err), 0);
    char *t = text_of(m);
    /* what the record closed, by subject, when nobody has edited the list */
    assert_non_null(strstr(t, "call handling;"));
    assert_non_null(strstr(t, "missing children;"));
    assert_non_null(strstr(t, "matters related to the Daniel Morgan Independent Panel report."));
    assert_non_null(strstr(t, "Metropolitan Police Service removed from enhanced monitoring"));
    assert_int_equal(json_array_size(json_object_get(m, "quotes")), 0);
    free(t);
    json_decref(m);
    /* a body with no phase decision has nothing to announce */
    assert_int_equal(release_draft_for(FX.s, "no-such-body", &m, &err), OV_ENOTFOUND);
    json_t *facts = json_pack("{s:{s:s, s:s}, s:n}", "body", "code", "x", "name", "X Police", "decision");
    json_t *row = json_pack("{s:s}", "body", "x");
    assert_null(release_compose(row, facts, "", NULL, NULL, &err));
    assert_string_equal(err.field, "decision_id");
    json_decref(facts);
    json_decref(row);
}

static void words_are_checked(void **state)
{
    (void)state;
    ov_error_t err = {0};
    assert_int_equal(release_block_check("footer", "x", &err), OV_EINVALID);
    assert_string_equal(err.field, "block");
    assert_int_equal(release_block_check("summary", " \n ", &err), OV_EINVALID);
    assert_string_equal(err.field, "text");
    assert_int_equal(release_block_check("headline", "two\nlines", &err), OV_EINVALID);
    assert_int_equal(release_block_check("improvements", "one\ntwo", &err), 0);
    assert_int_equal(release_block_check(NULL, "x", &err), OV_EINVALID);
}

/* Four eyes, then frozen, then published with its letter. */
static void approval_and_publication(void **state)
{
    (void)state;
    ov_error_t err = {0};
    json_t *editors = NULL;
    assert_int_equal(store_release_editors(FX.s, FX.release, &editors, &err), 0);
    assert_true(json_array_size(editors) >= 1);
    const char *editor = json_string_value(json_array_get(editors, 0));
    /* whoever entered the edit or the quote does not approve */
    assert_int_equal(release_approve(FX.s, FX.release, -1, editor, &err), OV_EFORBIDDEN);
    assert_string_equal(err.rule, "four-eyes");
    json_decref(editors);
    assert_int_equal(release_publish(FX.s, FX.release, -1, "chief", &err), OV_ECONFLICT);
    assert_int_equal(release_approve(FX.s, FX.release, 99, "chief", &err), OV_ESTALE);
    json_t *before = NULL, *after = NULL;
    assert_int_equal(release_approve(FX.s, FX.release, -1, "chief", &err), 0);
    assert_int_equal(release_view(FX.s, FX.release, &before, &err), 0);
    assert_string_equal(json_string_value(json_object_get(before, "status")), "approved");
    /* the record changes after approval; the release does not */
    assert_int_equal(store_exec(FX.s, NULL, NULL, &err,
                                "UPDATE plans SET name = 'CHANGED AFTER APPROVAL' WHERE name = 'Milestone Plan'", NULL),
                     0);
    assert_int_equal(release_view(FX.s, FX.release, &after, &err), 0);
    char *t = text_of(after);
    assert_null(strstr(t, "CHANGED AFTER APPROVAL"));
    int checked = 0;
    assert_int_equal(missing_sentences(t, &checked), 0);
    free(t);
    assert_int_not_equal(
        store_exec(FX.s, NULL, NULL, &err, "UPDATE releases SET content = '{}' WHERE id = ?", "i", FX.release), 0);
    /* its letter is a draft: the release waits for it */
    assert_int_equal(release_publish(FX.s, FX.release, -1, "chief", &err), OV_ECONFLICT);
    assert_string_equal(err.field, "letter_id");
    /* the letter approved: both go out together */
    assert_int_equal(letter_approve(FX.s, FX.letter, -1, "chief", &err), 0);
    assert_int_equal(release_publish(FX.s, FX.release, -1, "chief", &err), 0);
    json_t *head = NULL;
    assert_int_equal(store_letter_head(FX.s, FX.letter, &head, &err), 0);
    assert_string_equal(json_string_value(json_object_get(head, "status")), "published");
    json_decref(head);
    json_t *pub = NULL;
    assert_int_equal(store_releases_list(FX.s, "met", "2026-01-01", &pub, &err), 0);
    assert_int_equal(json_array_size(pub), 1);
    json_decref(pub);
    json_decref(before);
    json_decref(after);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(met_release_carries_every_fact_of_seed_002),
        cmocka_unit_test(a_draft_draws_on_the_record),
        cmocka_unit_test(words_are_checked),
        cmocka_unit_test(approval_and_publication),
    };
    return cmocka_run_group_tests_name("releases", tests, setup_db, teardown_db);
}
