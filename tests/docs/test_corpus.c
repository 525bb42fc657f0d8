/* test_corpus.c: the importer on letters of our own (corpus/): other
 * forces and a fire service, a move into Engage, a return to Scan, a
 * revisit, bullets as "-", "*" and "•", a numbered list, CRLF, HTML with
 * entities, HTML with each header line in its own <p>, "From: Name, Title"
 * on one line, a letter cut short and a body not in the list. Each yields
 * its facts, or a partial draft with the warnings that say what is missing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "docs/import.h"

#ifndef OV_CORPUS
#define OV_CORPUS "tests/docs/corpus"
#endif

static const import_body_ref_t BODIES[] = {
    {"kent", "Kent Police"}, {"essex", "Essex Police"}, {"gmp", "Greater Manchester Police"},
    {"cumbria", "Cumbria Constabulary"}, {"sussex", "Sussex Police"}, {"met", "Metropolitan Police Service"},
    {"bucks-frs", "Buckinghamshire Fire and Rescue Service"}, {"norfolk", "Norfolk Constabulary"},
    {"devon-cornwall", "Devon and Cornwall Police"}, {"cleveland", "Cleveland Police"},
    {"staffordshire", "Staffordshire Police"}, {"lincolnshire", "Lincolnshire Police"},
};
#define NBODIES (sizeof BODIES / sizeof BODIES[0])

static import_result_t *run(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", OV_CORPUS, name);
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s", path);
    buf_t b = BUF_INIT;
    char chunk[4096];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) assert_int_equal(buf_append(&b, chunk, k), 0);
    fclose(f);
    import_result_t *r = NULL;
    ov_error_t err;
    assert_int_equal(import_extract(b.data, b.len, BODIES, NBODIES, &r, &err), 0);
    buf_free(&b);
    assert_non_null(r);
    return r;
}

static int has_warning(const import_result_t *r, const char *needle)
{
    for (size_t i = 0; i < r->warnings.n; i++)
        if (strstr(r->warnings.items[i], needle)) return 1;
    return 0;
}

/* The one cause's one recommendation: number, deadline, requirements. */
static const import_recommendation_t *only_rec(const import_result_t *r, int number, const char *deadline,
                                               size_t nreq)
{
    assert_int_equal(r->ncauses, 1);
    assert_int_equal(r->causes[0].nrecs, 1);
    const import_recommendation_t *rec = &r->causes[0].recs[0];
    assert_int_equal(rec->number, number);
    assert_string_equal(rec->deadline, deadline);
    assert_int_equal(rec->requirements.n, nreq);
    return rec;
}

static void kent_move_to_engage_dash_bullets(void **state)
{
    (void)state;
    import_result_t *r = run("c01_kent_move_to_engage.txt");
    assert_int_equal(r->kind, IMPORT_KIND_MOVE_TO_ENGAGE);
    assert_string_equal(r->body.code, "kent");
    assert_string_equal(r->published_on, "2024-03-14");
    assert_string_equal(r->sent_on, "2024-03-12");
    assert_true(r->decision.found);
    assert_int_equal(r->decision.phase_to, IMPORT_PHASE_ENGAGE);
    assert_string_equal(r->decision.effective_on, "2024-03-12");
    assert_string_equal(r->ppog_meeting, "2024-03-07");
    const import_recommendation_t *rec = only_rec(r, 1, "2024-09-30", 3);
    assert_string_equal(rec->requirements.items[0], "it answers emergency calls within the national standard");
    assert_string_equal(rec->requirements.items[2], "supervisors audit a sample of calls each month");
    assert_false(has_warning(r, "cut short"));
    import_result_free(r);
}

static void essex_return_crlf_star_bullets(void **state)
{
    (void)state;
    import_result_t *r = run("c02_essex_return_crlf.txt");
    assert_int_equal(r->kind, IMPORT_KIND_RETURN_TO_SCAN);
    assert_string_equal(r->body.code, "essex");
    assert_int_equal(r->decision.phase_to, IMPORT_PHASE_SCAN);
    assert_string_equal(r->ppog_meeting, "2025-01-29");
    const import_recommendation_t *rec = only_rec(r, 1, "2024-08-31", 3);
    /* no carriage return survives into the draft */
    for (size_t i = 0; i < rec->requirements.n; i++) assert_null(strchr(rec->requirements.items[i], '\r'));
    assert_null(strchr(r->causes[0].text, '\r'));
    assert_string_equal(rec->requirements.items[1], "it reviews high-risk cases within 24 hours");
    assert_string_equal(r->causes_closed_on, "2025-01");
    import_result_free(r);
}

static void gmp_revisit_numbered_list(void **state)
{
    (void)state;
    import_result_t *r = run("c03_gmp_revisit_numbered.txt");
    assert_int_equal(r->kind, IMPORT_KIND_REVISIT);
    assert_string_equal(r->body.code, "gmp");
    assert_false(r->decision.found);
    assert_true(has_warning(r, "no phase decision"));
    const import_recommendation_t *rec = only_rec(r, 4, "2024-03-31", 3);
    assert_string_equal(rec->requirements.items[0], "it records crimes within 24 hours of a report");
    assert_string_equal(rec->requirements.items[2], "it trains call handlers in the crime recording rules");
    import_result_free(r);
}

static void cumbria_html_entities(void **state)
{
    (void)state;
    import_result_t *r = run("c04_cumbria.html");
    assert_int_equal(r->kind, IMPORT_KIND_MOVE_TO_ENGAGE);
    assert_string_equal(r->body.code, "cumbria");
    assert_string_equal(r->decision.effective_on, "2023-04-28");   /* across &nbsp; */
    assert_string_equal(r->sent_on, "2023-04-28");
    const import_recommendation_t *rec = only_rec(r, 1, "2023-10-31", 3);
    assert_string_equal(r->causes[0].text,
                        "The force doesn\xE2\x80\x99t investigate crime well enough & too many victims withdraw their support.");
    assert_string_equal(rec->requirements.items[0], "investigations are allocated to officers with the right skills & experience");
    assert_string_equal(rec->requirements.items[2], "victims are kept informed in line with the Victims\xE2\x80\x99 Code");
    for (size_t i = 0; i < rec->requirements.n; i++) assert_null(strchr(rec->requirements.items[i], '<'));
    import_result_free(r);
}

static void bucks_fire_dot_bullets(void **state)
{
    (void)state;
    import_result_t *r = run("c05_bucks_bullets.txt");
    assert_int_equal(r->kind, IMPORT_KIND_RETURN_TO_SCAN);
    assert_string_equal(r->body.code, "bucks-frs");
    assert_int_equal(r->decision.phase_to, IMPORT_PHASE_SCAN);
    const import_recommendation_t *rec = only_rec(r, 1, "2024-12-31", 3);
    assert_string_equal(rec->requirements.items[1], "it trains enough staff to carry out fire safety audits");
    import_result_free(r);
}

static void sussex_truncated_partial_draft(void **state)
{
    (void)state;
    import_result_t *r = run("c06_sussex_truncated.txt");
    assert_int_equal(r->kind, IMPORT_KIND_MOVE_TO_ENGAGE);
    assert_string_equal(r->body.code, "sussex");
    /* what came before the cut is kept, and the cut is said */
    const import_recommendation_t *rec = only_rec(r, 1, "2024-09-30", 2);
    assert_string_equal(rec->requirements.items[0], "it answers emergency calls within the national standard");
    assert_true(has_warning(r, "cut short"));
    import_result_free(r);
}

static void unknown_body_warns(void **state)
{
    (void)state;
    import_result_t *r = run("c07_unknown_body.txt");
    assert_int_equal(r->kind, IMPORT_KIND_MOVE_TO_ENGAGE);
    assert_null(r->body.code);
    assert_true(has_warning(r, "not among the known bodies"));
    assert_true(has_warning(r, "sender (From) not found"));
    assert_int_equal(r->ncauses, 0);
    import_result_free(r);
}

static void norfolk_html_p_per_line(void **state)
{
    (void)state;
    import_result_t *r = run("c08_norfolk_p_per_line.html");
    assert_int_equal(r->kind, IMPORT_KIND_MOVE_TO_ENGAGE);
    assert_string_equal(r->body.code, "norfolk");
    /* each header line in its own <p>: the blocks run on across the blank
     * lines between paragraphs, and stop at the next label */
    assert_string_equal(r->from.name, "HMI Roy Wilsher");
    assert_int_equal(r->from.titles.n, 2);
    assert_string_equal(r->from.titles.items[0], "His Majesty\xE2\x80\x99s Inspector of Constabulary");
    assert_string_equal(r->from.titles.items[1], "His Majesty\xE2\x80\x99s Inspector of Fire & Rescue Services");
    assert_string_equal(r->to.name, "Chief Constable Dan Holt");
    assert_string_equal(r->to.organisation, "Norfolk Constabulary");
    assert_string_equal(r->cc.name, "Sam Turner");
    assert_string_equal(r->cc.role, "Norfolk Police and Crime Commissioner");
    assert_string_equal(r->sent_on, "2024-09-16");
    assert_string_equal(r->decision.effective_on, "2024-09-16");
    assert_string_equal(r->ppog_meeting, "2024-09-11");
    const import_recommendation_t *rec = only_rec(r, 1, "2025-03-31", 3);
    assert_string_equal(rec->requirements.items[1], "it clears the backlog of risk assessments");
    assert_false(has_warning(r, "organisation not found"));
    assert_int_equal(r->warnings.n, 1);   /* only: accelerated or not is not stated */
    import_result_free(r);
}

static void devon_inline_from_titles(void **state)
{
    (void)state;
    import_result_t *r = run("c09_devon_inline_from.txt");
    assert_int_equal(r->kind, IMPORT_KIND_MOVE_TO_ENGAGE);
    assert_string_equal(r->body.code, "devon-cornwall");
    /* "From: Name, Title, Title": the name, then one title per part */
    assert_string_equal(r->from.name, "HMI Michelle Skeer");
    assert_int_equal(r->from.titles.n, 2);
    assert_string_equal(r->from.titles.items[0], "His Majesty's Inspector of Constabulary");
    assert_string_equal(r->from.titles.items[1], "His Majesty's Inspector of Fire & Rescue Services");
    /* "To: Name, Title, Organisation": the rest after the name, as the
     * block form joins its lines after the name */
    assert_string_equal(r->to.name, "Alex Morgan");
    assert_string_equal(r->to.organisation, "Chief Constable, Devon and Cornwall Police");
    assert_string_equal(r->sent_on, "2024-11-05");
    assert_string_equal(r->ppog_meeting, "2024-10-30");
    const import_recommendation_t *rec = only_rec(r, 1, "2025-04-30", 3);
    assert_string_equal(rec->requirements.items[0], "investigations are supervised from the start");
    assert_true(has_warning(r, "copy recipient (Cc) not found"));
    import_result_free(r);
}

/* Classified by what it does: titled a revisit, it returns the force to
 * Scan, decided by HMCI in the first person; one lead-in's "accelerated"
 * holds for each item of its list, a second list adds a cause. */
static void composed_first_person_return_under_revisit_title(void **state)
{
    (void)state;
    import_result_t *r = run("composed/k01_first_person_return_revisit_title.txt");
    assert_int_equal(r->kind, IMPORT_KIND_RETURN_TO_SCAN);
    assert_int_equal(r->decision.phase_to, IMPORT_PHASE_SCAN);
    assert_string_equal(r->decision.decided_by, "Andy Cooke QPM DL (HMCI)");
    assert_string_equal(r->ppog_meeting, "2025-03-05");
    assert_string_equal(r->ppog_next_meeting, "");
    assert_int_equal(r->ncauses, 3);
    assert_int_equal(r->causes[0].accelerated, IMPORT_YES);
    assert_int_equal(r->causes[1].accelerated, IMPORT_YES);
    assert_int_equal(r->causes[2].accelerated, IMPORT_UNSTATED);
    assert_int_equal(r->causes_stated, 2);
    assert_true(has_warning(r, "says two causes of concern but 3 were found"));
    import_result_free(r);
}

/* A passive decision ("has today been moved into ... Engage"); a meeting to
 * be held kept apart from one held; a stated count checked against the list. */
static void composed_passive_move_and_meeting_to_be_held(void **state)
{
    (void)state;
    import_result_t *r = run("composed/k02_reported_and_passive_move.txt");
    assert_int_equal(r->kind, IMPORT_KIND_MOVE_TO_ENGAGE);
    assert_int_equal(r->decision.phase_to, IMPORT_PHASE_ENGAGE);
    assert_string_equal(r->ppog_meeting, "");
    assert_string_equal(r->ppog_next_meeting, "2019-04-17");
    assert_int_equal(r->causes_stated, 6);
    assert_int_equal(r->ncauses, 5);
    assert_true(has_warning(r, "says six causes of concern but 5 were found"));
    import_result_free(r);
}

/* "we issued these accelerated causes of concern" over two headings: both
 * accelerated; with no decision the title decides (revisit). */
static void composed_accelerated_lead_in_over_headings(void **state)
{
    (void)state;
    import_result_t *r = run("composed/k03_fire_accelerated_headings.txt");
    assert_int_equal(r->kind, IMPORT_KIND_REVISIT);
    assert_false(r->decision.found);
    assert_int_equal(r->ncauses, 2);
    assert_int_equal(r->causes[0].accelerated, IMPORT_YES);
    assert_int_equal(r->causes[1].accelerated, IMPORT_YES);
    import_result_free(r);
}

/* A fire and rescue service's letter under a title of its own: the
 * decision ("..., has decided that the service will return to ... Scan")
 * makes it a return to Scan; a fire service has no PPOG to miss. */
static void composed_fire_own_title(void **state)
{
    (void)state;
    import_result_t *r = run("composed/k04_fire_own_title_return.txt");
    assert_int_equal(r->kind, IMPORT_KIND_RETURN_TO_SCAN);
    assert_true(r->decision.found);
    assert_int_equal(r->decision.phase_to, IMPORT_PHASE_SCAN);
    assert_non_null(strstr(r->decision.decided_by, "HMCI"));
    assert_string_equal(r->decision.effective_on, "2025-02-12");
    for (size_t i = 0; i < r->warnings.n; i++) assert_null(strstr(r->warnings.items[i], "Policing Performance"));
    import_result_free(r);
}

/* Causes of concern set out in an annex after the signature. */
static void composed_annex_causes(void **state)
{
    (void)state;
    import_result_t *r = run("composed/k05_annex_causes.txt");
    assert_int_equal(r->kind, IMPORT_KIND_REVISIT);
    assert_int_equal(r->ncauses, 2);
    assert_int_equal(r->causes_stated, 2);
    assert_int_equal(r->causes[0].nrecs, 1);
    assert_string_equal(r->causes[0].recs[0].deadline, "2024-03-31");
    assert_int_equal(r->causes[0].recs[0].requirements.n, 2);
    import_result_free(r);
}

/* A letter published as a page: the site's header, navigation and footer
 * around it are left out of the text (the footer's forces are not read). */
static void composed_html_with_navigation(void **state)
{
    (void)state;
    import_result_t *r = run("composed/k06_html_with_navigation.html");
    assert_int_equal(r->kind, IMPORT_KIND_RETURN_TO_SCAN);
    assert_string_equal(r->body.code, "kent");
    assert_string_equal(r->ppog_meeting, "2025-03-26");
    assert_null(strstr(r->text, "Our work"));
    assert_null(strstr(r->text, "Publications >"));
    assert_null(strstr(r->text, "Cookies"));
    assert_null(strstr(r->text, "Essex Police"));
    assert_non_null(strstr(r->text, "I have decided to return Kent Police"));
    import_result_free(r);
}

/* Causes written as plain paragraphs, each with its recommendation. */
static void composed_causes_as_paragraphs(void **state)
{
    (void)state;
    import_result_t *r = run("composed/k07_causes_as_paragraphs.txt");
    assert_int_equal(r->kind, IMPORT_KIND_CAUSES_OF_CONCERN);
    assert_int_equal(r->ncauses, 2);
    assert_string_equal(r->causes[0].text, "The force doesn't record crime accurately enough");
    assert_int_equal(r->causes[1].nrecs, 1);
    assert_string_equal(r->causes[1].recs[0].deadline, "2023-12-31");
    assert_non_null(strstr(r->causes[1].recs[0].text, "review how it identifies vulnerability"));
    assert_int_equal(r->causes[0].accelerated, IMPORT_UNSTATED);
    import_result_free(r);
}

/* A passive decision naming the Chief Inspector after the verb. */
static void composed_passive_hmci_after_verb(void **state)
{
    (void)state;
    import_result_t *r = run("composed/k08_passive_hmci_after_verb.txt");
    assert_int_equal(r->kind, IMPORT_KIND_MOVE_TO_ENGAGE);
    assert_int_equal(r->decision.phase_from, IMPORT_PHASE_SCAN);
    assert_int_equal(r->decision.phase_to, IMPORT_PHASE_ENGAGE);
    assert_string_equal(r->decision.decided_by, "HMCI");
    assert_string_equal(r->decision.effective_on, "2024-12-09");
    assert_string_equal(r->ppog_meeting, "2024-11-27");
    import_result_free(r);
}

/* Reported in a reply ("my decision to place ... into our Engage phase"),
 * and a causes of concern publication without a decision. */
static void reported_decision_and_causes_publication(void **state)
{
    (void)state;
    static const char reply[] =
        "West Midlands Police: Enhanced monitoring decision\n\nFrom:\nAndy Cooke QPM DL\n"
        "His Majesty's Chief Inspector of Constabulary\n\nTo:\nSimon Foster\nPolice and Crime Commissioner\n\n"
        "Sent on:\n23 November 2023\n\nHMI Williams informed you of my decision to place West Midlands Police "
        "into our Engage phase of enhanced monitoring.\n";
    static const char pub[] =
        "PEEL: Staffordshire Police cause of concern \xE2\x80\x93 Responding to vulnerable people\n\n"
        "Published on: 29 March 2022\n\nOn 6 July 2022, we moved Staffordshire Police to the engage phase.\n";
    import_result_t *r = NULL;
    ov_error_t err;
    assert_int_equal(import_extract(reply, sizeof reply - 1, BODIES, NBODIES, &r, &err), 0);
    assert_int_equal(r->kind, IMPORT_KIND_MOVE_TO_ENGAGE);
    assert_string_equal(r->decision.decided_by, "Andy Cooke QPM DL (HMCI)");
    import_result_free(r);
    assert_int_equal(import_extract(pub, sizeof pub - 1, BODIES, NBODIES, &r, &err), 0);
    assert_int_equal(r->kind, IMPORT_KIND_CAUSES_OF_CONCERN);   /* history is not a decision */
    assert_false(r->decision.found);
    assert_string_equal(import_kind_name(r->kind), "causes_of_concern");
    import_result_free(r);
}

/* A "Cause of concern" heading right under "Accelerated cause of concern:
 * investigations" is the same cause; "To: Name, Title" on the name's line. */
static void two_headings_one_cause_and_to_name_with_title(void **state)
{
    (void)state;
    static const char text[] =
        "Nottinghamshire Police: PEEL causes of concern revisit letter\n\nTo:\nKate Meynell, Chief Constable\n"
        "Nottinghamshire Police\n\nAccelerated cause of concern: investigations\n\nCause of concern\n\n"
        "The force needs to improve its investigations.\n\nRecommendations\n\nBy 30 September 2024, the force should:\n\n"
        "- review its crimes.\n";
    import_result_t *r = NULL;
    ov_error_t err;
    assert_int_equal(import_extract(text, sizeof text - 1, BODIES, NBODIES, &r, &err), 0);
    assert_int_equal(r->ncauses, 1);
    assert_int_equal(r->causes[0].accelerated, IMPORT_YES);
    assert_string_equal(r->causes[0].text, "The force needs to improve its investigations.");
    assert_string_equal(r->to.name, "Kate Meynell");
    assert_string_equal(r->to.organisation, "Chief Constable, Nottinghamshire Police");
    import_result_free(r);
}

static int teardown_all(void **state)
{
    (void)state;
    import_shutdown();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kent_move_to_engage_dash_bullets),
        cmocka_unit_test(essex_return_crlf_star_bullets),
        cmocka_unit_test(gmp_revisit_numbered_list),
        cmocka_unit_test(cumbria_html_entities),
        cmocka_unit_test(bucks_fire_dot_bullets),
        cmocka_unit_test(sussex_truncated_partial_draft),
        cmocka_unit_test(unknown_body_warns),
        cmocka_unit_test(norfolk_html_p_per_line),
        cmocka_unit_test(devon_inline_from_titles),
        cmocka_unit_test(composed_first_person_return_under_revisit_title),
        cmocka_unit_test(composed_passive_move_and_meeting_to_be_held),
        cmocka_unit_test(composed_accelerated_lead_in_over_headings),
        cmocka_unit_test(composed_fire_own_title),
        cmocka_unit_test(composed_annex_causes),
        cmocka_unit_test(composed_html_with_navigation),
        cmocka_unit_test(composed_causes_as_paragraphs),
        cmocka_unit_test(composed_passive_hmci_after_verb),
        cmocka_unit_test(reported_decision_and_causes_publication),
        cmocka_unit_test(two_headings_one_cause_and_to_name_with_title),
    };
    return cmocka_run_group_tests_name("docs/corpus", tests, NULL, teardown_all);
}
