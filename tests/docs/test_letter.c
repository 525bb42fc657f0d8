/* test_letter.c: letters generated from the record. The wording helpers
 * alone; then the Met's return-to-Scan letter of 23 January 2025 made from
 * the demo data on a real SQLite file, checked against every fact of
 * seed 004; its HTML and A4 PDF; approval freezing the facts; the
 * four-eyes rule in the store (the drafter's approval changes nothing). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/embed.h"
#include "docs/letter.h"
#include "store/audit.h"
#include "store/entity.h"
#include "store/letters.h"
#include "store/reference.h"
#include "store/script.h"
#include "support/support.h"
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

extern const struct embed_file data_embed_files[];

/* ---- wording ---- */

static void dates_in_words(void **state)
{
    (void)state;
    char b[64];
    assert_int_equal(letter_date_text("2023-12-31", b, sizeof b), 0);
    assert_string_equal(b, "31 December 2023");
    assert_int_equal(letter_date_text("2024-05", b, sizeof b), 0);
    assert_string_equal(b, "May 2024");
    assert_int_equal(letter_date_text("2024", b, sizeof b), 0);
    assert_string_equal(b, "2024");
    assert_int_equal(letter_date_text("2024-02-30", b, sizeof b), -1);
    assert_string_equal(b, "");
    assert_int_equal(letter_date_text(NULL, b, sizeof b), -1);
    assert_int_equal(letter_date_weekday("2025-01-22", 0, b, sizeof b), 0);
    assert_string_equal(b, "Wednesday 22 January");
    assert_int_equal(letter_date_weekday("2022-06-28", 1, b, sizeof b), 0);
    assert_string_equal(b, "Tuesday 28 June 2022");
    assert_int_equal(letter_date_weekday("1969-12-31", 1, b, sizeof b), 0);
    assert_string_equal(b, "Wednesday 31 December 1969");
    assert_int_equal(letter_period_text("2023-09", "2023-10", b, sizeof b), 0);
    assert_string_equal(b, "September and October 2023");
    assert_int_equal(letter_period_text("2023-09", "2023-11", b, sizeof b), 0);
    assert_string_equal(b, "September to November 2023");
    assert_int_equal(letter_period_text("2023-11", "2024-01", b, sizeof b), 0);
    assert_string_equal(b, "November 2023 to January 2024");
    assert_int_equal(letter_period_text(NULL, "2023-10", b, sizeof b), 0);
    assert_string_equal(b, "October 2023");
    assert_int_equal(letter_period_text(NULL, NULL, b, sizeof b), -1);
}

static void names_and_lists(void **state)
{
    (void)state;
    char b[16];
    letter_acronym("Metropolitan Police Service", b, sizeof b);
    assert_string_equal(b, "MPS");
    letter_acronym("Greater Manchester Police", b, sizeof b);
    assert_string_equal(b, "GMP");
    letter_acronym("Kent Police", b, sizeof b);
    assert_string_equal(b, "");
    letter_acronym("Avon and Somerset Constabulary", b, sizeof b);
    assert_string_equal(b, "");
    assert_string_equal(letter_count_word(3, b), "three");
    assert_string_equal(letter_count_word(40, b), "40");
    assert_string_equal(letter_ordinal_word(2, b), "second");
    assert_string_equal(letter_ordinal_word(22, b), "22nd");
    assert_string_equal(letter_ordinal_word(13, b), "13th");
    const char *three[] = {"a", "b", "c"};
    char *s = letter_join(three, 3);
    assert_string_equal(s, "a, b and c");
    free(s);
    s = letter_join(three, 1);
    assert_string_equal(s, "a");
    free(s);
    s = letter_list_item("it appropriately assesses risk in all cases", 1, 3);
    assert_string_equal(s, "it appropriately assesses risk in all cases; and");
    free(s);
    s = letter_list_item("already punctuated;", 0, 3);
    assert_string_equal(s, "already punctuated;");
    free(s);
    s = letter_list_item("last one; and", 2, 3);
    assert_string_equal(s, "last one.");
    free(s);
    s = letter_report_name("Report of the Daniel Morgan Independent Panel");
    assert_string_equal(s, "the Daniel Morgan Independent Panel report");
    free(s);
    s = letter_report_name("Another review");
    assert_string_equal(s, "Another review");
    free(s);
}

static void compose_rejects_unknown_kind(void **state)
{
    (void)state;
    ov_error_t err = {0};
    json_t *letter = json_pack("{s:s, s:s}", "body", "met", "kind", "apology");
    json_t *facts = json_pack("{s:{s:s, s:s}}", "body", "code", "met", "name", "Metropolitan Police Service");
    assert_null(letter_compose(letter, facts, &err));
    assert_int_equal(err.status, OV_EINVALID);
    assert_string_equal(err.field, "kind");
    json_decref(letter);
    json_decref(facts);
}

/* ---- the Met letter from the demo record ---- */

static struct {
    t_site_t site;       /* a temp dir and a fresh database (site.db) */
    store_t *s;
} FX;

static int setup_db(void **state)
{
    (void)state;
    ov_error_t err = {0};
    if (t_site_init(&FX.site, "letters.db", T_SITE_EMPTY) != 0) return -1;
    odate_t today = {2026, 1, 1, DATE_DAY};
    const struct embed_file *demo = embed_lookup(data_embed_files, "demo_met.json");
    if (!demo || store_open(FX.site.db, STORE_OPEN_CREATE, &FX.s, &err) != 0 || store_reference_load_bodies(FX.s, &err) != 0
        || store_reference_load_history(FX.s, &today, &err) != 0
        || store_load_script(FX.s, (const char *)demo->data, demo->len, NULL, &err) != 0) {
        fprintf(stderr, "setup: %s\n", err.message);
        return -1;
    }
    return 0;
}

static int teardown_db(void **state)
{
    (void)state;
    store_close(FX.s);
    t_site_stop(&FX.site);
    /* let go of the font caches so valgrind sees only our own memory */
    pango_cairo_font_map_set_default(NULL);
    cairo_debug_reset_static_data();
    FcFini();
    return 0;
}

/* Every text of the model (header and blocks) in one string. New. */
static char *all_text(const json_t *m)
{
    buf_t b = BUF_INIT;
    assert_int_equal(letter_render_text(m, &b), 0);
    return buf_detach(&b, NULL);
}

static void contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle)) fail_msg("the letter lacks: %s", needle);
}

static const char *const REQUIREMENTS[12] = {
    "those responsible for grading the risks to which each missing child is exposed are sufficiently trained and able "
    "to appropriately assess the risks, using all relevant information held by or available to the force;",
    "it appropriately assesses risk in all cases; and",
    "it investigates cases of missing children effectively from the first point of contact and that its response is "
    "proportionate to the level of risk.",
    "it allocates exploitation investigations to officers and staff who have the appropriate knowledge and skills;",
    "supervisors review investigations regularly, clearly record any work that is still needed and monitor deadlines "
    "for completion;",
    "it follows all reasonable lines of enquiry to identify suspects;",
    "it pursues evidence-led prosecutions and appropriate disruption activities in circumstances when a victim "
    "doesn\u2019t support an investigation; and",
    "it complies with the requirements for forces established in the Code of Practice for Victims of Crime in England "
    "and Wales.",
    "it provides training and guidance to officers and staff at all ranks and grades to help them understand "
    "victim-blaming language and its effect;",
    "training and guidance include how children are affected by childhood trauma;",
    "officers and staff of all grades and ranks are encouraged to challenge victim\u2011blaming language when they see "
    "or hear it; and",
    "it has systems in place to carry out regular checks and make sure victim-blaming language is stopped.",
};

/* Asserts m is the Met letter of seed 004 in every fact. */
static void assert_met_letter(const json_t *m)
{
    assert_string_equal(json_string_value(json_object_get(m, "title")),
                        "Metropolitan Police Service: return to default phase of monitoring");
    const json_t *from = json_object_get(m, "from");
    assert_string_equal(json_string_value(json_object_get(from, "name")), "HMI Lee Freeman KPM");
    const json_t *titles = json_object_get(from, "titles");
    assert_int_equal(json_array_size(titles), 2);
    assert_string_equal(json_string_value(json_array_get(titles, 0)), "His Majesty\u2019s Inspector of Constabulary");
    assert_string_equal(json_string_value(json_array_get(titles, 1)),
                        "His Majesty\u2019s Inspector of Fire & Rescue Services");
    assert_string_equal(json_string_value(json_object_get(json_object_get(m, "to"), "name")), "Commissioner Sir Mark Rowley");
    assert_string_equal(json_string_value(json_object_get(json_object_get(m, "to"), "org")), "Metropolitan Police Service");
    assert_string_equal(json_string_value(json_object_get(json_object_get(m, "cc"), "name")), "Sir Sadiq Khan");
    assert_string_equal(json_string_value(json_object_get(json_object_get(m, "cc"), "role")), "Mayor of London");
    assert_string_equal(json_string_value(json_object_get(m, "sent_on_text")), "23 January 2025");
    assert_string_equal(json_string_value(json_object_get(m, "published_on_text")), "23 January 2025");

    const json_t *facts = json_object_get(m, "facts");
    const json_t *d = json_object_get(facts, "decision");
    assert_string_equal(json_string_value(json_object_get(d, "decided_by")), "Sir Andy Cooke");
    assert_string_equal(json_string_value(json_object_get(d, "to_phase")), "scan");
    assert_string_equal(json_string_value(json_object_get(json_object_get(facts, "engage_entry"), "effective_on")),
                        "2022-06-28");
    assert_string_equal(json_string_value(json_object_get(json_object_get(facts, "ppog"), "held_on")), "2025-01-22");
    /* the 2023 inspection: three causes, two accelerated, recommendations 1-3 */
    const json_t *insp = NULL, *x;
    size_t i;
    json_array_foreach(json_object_get(facts, "inspections"), i, x)
        if (strstr(json_string_value(json_object_get(x, "title")), "exploitation of children")) insp = x;
    assert_non_null(insp);
    const json_t *causes = json_object_get(insp, "causes");
    assert_int_equal(json_array_size(causes), 3);
    const char *deadlines[3] = {"2023-12-31", "2023-12-31", "2024-07-31"};
    const size_t nreq[3] = {3, 5, 4};
    int accelerated = 0;
    json_array_foreach(causes, i, x) {
        accelerated += json_is_true(json_object_get(x, "accelerated"));
        const json_t *r = json_array_get(json_object_get(x, "recommendations"), 0);
        char num[24];
        snprintf(num, sizeof num, "%zu", i + 1);
        assert_string_equal(json_string_value(json_object_get(r, "number")), num);
        assert_string_equal(json_string_value(json_object_get(r, "deadline")), deadlines[i]);
        assert_int_equal(json_array_size(json_object_get(r, "requirements")), nreq[i]);
    }
    assert_int_equal(accelerated, 2);
    const json_t *plan = json_object_get(facts, "plan");
    assert_string_equal(json_string_value(json_object_get(plan, "name")), "Milestone Plan");
    assert_string_equal(json_string_value(json_object_get(plan, "agreed_on")), "2024-05");
    assert_int_equal(json_array_size(json_object_get(plan, "pillars")), 3);

    /* and the words */
    char *t = all_text(m);
    contains(t, "Published on: 23 January 2025");
    contains(t, "From\nHMI Lee Freeman KPM\nHis Majesty\u2019s Inspector of Constabulary\n"
                "His Majesty\u2019s Inspector of Fire & Rescue Services\n");
    contains(t, "To\nCommissioner Sir Mark Rowley\nMetropolitan Police Service\n");
    contains(t, "Cc\nSir Sadiq Khan\nMayor of London\n");
    contains(t, "Sent on\n23 January 2025\n");
    contains(t, "Policing Performance Oversight Group on Wednesday 22 January.");
    contains(t, "His Majesty\u2019s Chief Inspector of Constabulary and Fire & Rescue Services, Sir Andy Cooke, has decided "
                "to return the Metropolitan Police Service (MPS) to our default phase of monitoring, which is known as Scan.");
    contains(t, "On 28 June 2022, we moved the MPS into our enhanced monitoring process, Engage.");
    contains(t, "Fundamental issues with call handling and professional standards, and systematic failures across the force.");
    contains(t, "Daniel Morgan Independent Panel report");
    contains(t, "Two of these causes of concern were accelerated because");
    contains(t, "The first accelerated cause of concern was:");
    contains(t, "The second accelerated cause of concern was:");
    contains(t, "The third cause of concern, which was not accelerated, was:");
    contains(t, "The force needs to improve how it identifies and assesses risks, and how it responds, when children are "
                "reported missing.");
    contains(t, "The force should improve its investigations when children are at risk of, or harmed by, criminal or sexual "
                "exploitation.");
    contains(t, "The force needs to make sure its officers and staff, at all ranks and grades, understand what victim blaming "
                "is and how it affects the service they provide.");
    contains(t, "Recommendation 1\n");
    contains(t, "Recommendation 2\n");
    contains(t, "Recommendation 3\n");
    contains(t, "By 31 December 2023, the Metropolitan Police Service should make sure that, in respect of missing children:");
    contains(t, "By 31 December 2023, the Metropolitan Police Service should make sure that:");
    contains(t, "By 31 July 2024, the Metropolitan Police Service should make sure that:");
    for (int k = 0; k < 12; k++) {
        char line[600];
        snprintf(line, sizeof line, "  - %s\n", REQUIREMENTS[k]);
        contains(t, line);
    }
    contains(t, "In May 2024, we agreed a Milestone Plan linked to the New Met for London Plan: 2023\u20132025");
    contains(t, "The Milestone Plan has three pillars:");
    contains(t, "  - frontline policing transformation, including public protection, neighbourhood policing and end-to-end "
                "investigations;");
    contains(t, "  - strategic workforce planning, including IT systems that help identify where officers and staff are "
                "located and what skills they possess; and");
    contains(t, "  - culture, leadership and professionalism, including promoting the force\u2019s values and principles and "
                "leadership and training.");
    contains(t, "There is still a significant amount of work to do to transform the MPS.");
    contains(t, "The MPS has returned to Scan, our default phase of monitoring, with immediate effect. I have copied this "
                "letter to the Mayor of London, Sir Sadiq Khan.");
    free(t);
}

/* Seed 004 (the published letter), fact by fact, as phrases the generated
 * letter must carry; compared with whitespace normalised (line breaks,
 * bullets' indentation, paragraph gaps). */
static const char *const SEED_004_FACTS[] = {
    "Metropolitan Police Service: return to default phase of monitoring",
    "Published on: 23 January 2025",
    "From HMI Lee Freeman KPM His Majesty’s Inspector of Constabulary His Majesty’s Inspector of Fire & Rescue "
    "Services",
    "To Commissioner Sir Mark Rowley Metropolitan Police Service",
    "Cc Sir Sadiq Khan Mayor of London",
    "Sent on 23 January 2025",
    /* the decision */
    "Thank you for the thorough presentation and discussion at the Policing Performance Oversight Group on Wednesday 22 "
    "January.",
    "I am pleased to let you know that His Majesty’s Chief Inspector of Constabulary and Fire & Rescue Services, Sir "
    "Andy Cooke, has decided to return the Metropolitan Police Service (MPS) to our default phase of monitoring, which is "
    "known as Scan.",
    "This decision is supported by the fact we have been able to close the causes of concern we issued in:",
    "This decision is further supported by the progress the MPS has made against matters related to the Daniel Morgan "
    "Independent Panel report, and the Milestone Plan we agreed with the force in May 2024 to help track improvements.",
    /* background */
    "On 28 June 2022, we moved the MPS into our enhanced monitoring process, Engage. In Engage, we provide additional "
    "accountability and support to forces when there are causes of concern about their efficiency, effectiveness or "
    "legitimacy that appear to need closer scrutiny.",
    "issues with call handling and professional standards, and systematic failures across the force.",
    "The findings of the Daniel Morgan Independent Panel report also formed part of the rationale",
    "In our 2023 inspection of the MPS’s handling of the sexual and criminal exploitation of children, we identified "
    "three causes of concern. As a result of their severity, we added these causes of concern to the Engage process.",
    "After detailed revisit work, we have closed the causes of concern linked to call handling,",
    "professional standards",
    "and the Daniel Morgan Independent Panel report. And the force has completed the associated recommendations.",
    /* the 2023 inspection */
    "In September and October 2023, we inspected the MPS’s handling of the sexual and criminal exploitation of "
    "children.",
    "We issued three causes of concern about how the force managed cases involving missing and exploited children.",
    "Two of these causes of concern were accelerated because the force’s approach to child protection was putting "
    "vulnerable children at risk.",
    "The first accelerated cause of concern was: Cause of concern The force needs to improve how it identifies and "
    "assesses risks, and how it responds, when children are reported missing.",
    "Recommendation 1 By 31 December 2023, the Metropolitan Police Service should make sure that, in respect of missing "
    "children:",
    "The second accelerated cause of concern was: Cause of concern The force should improve its investigations when "
    "children are at risk of, or harmed by, criminal or sexual exploitation.",
    "Recommendation 2 By 31 December 2023, the Metropolitan Police Service should make sure that:",
    "The third cause of concern, which was not accelerated, was: Cause of concern The force needs to make sure its "
    "officers and staff, at all ranks and grades, understand what victim blaming is and how it affects the service they "
    "provide.",
    "Recommendation 3 By 31 July 2024, the Metropolitan Police Service should make sure that:",
    /* the revisits */
    "In 2024, we carried out two revisits to the MPS to assess its processes for tackling child exploitation.",
    "We will publish detailed findings from this revisit work in a separate report later in 2025.",
    "In our revisits, we found the MPS had made significant improvements in how it assesses and investigates missing "
    "children and crimes involving exploited children. The force now has an audit process to help identify "
    "victim-blaming language and is making good progress in changing how officers and staff understand children.",
    "In January 2025, we closed these causes of concern.",
    /* performance and governance: the Milestone Plan */
    "In our inspection reports, we identified that systematic failings in force performance and governance over several "
    "years were undermining the MPS’s ability to improve its service.",
    "May 2024, we agreed a Milestone Plan linked to the New Met for London Plan: 2023–2025 to help us track "
    "improvements.",
    "The Milestone Plan details key actions and associated outcomes designed to generate improvements in service.",
    "The Milestone Plan has three pillars:",
    "frontline policing transformation, including public protection, neighbourhood policing and end-to-end "
    "investigations;",
    "strategic workforce planning, including IT systems that help identify where officers and staff are located and what "
    "skills they possess; and",
    "culture, leadership and professionalism, including promoting the force’s values and principles and leadership "
    "and training.",
    "In autumn 2024, we carried out a significant number of visits to the force to assess the impact of the work it had "
    "done against the Milestone Plan.",
    "This process has provided additional independent assurance to support the force’s own enhanced internal audit "
    "and assessment of progress.",
    "We found notable changes and improvements in how the force was operating.",
    "At the time of our inspection, the systems for operational support and governance of frontline police officers "
    "were either in place or due to be implemented.",
    "And the foundations of HR and learning and development were significantly better.",
    /* conclusion */
    "In conclusion, I am pleased that the MPS is continuing to make good progress. I am satisfied that it has made "
    "sufficient progress to address concerns in respect of the areas highlighted above.",
    "There is still a significant amount of work to do to transform the MPS. But I am reassured by the plans that the "
    "commissioner has put in place to continue making sustainable improvements.",
    "The MPS has returned to Scan, our default phase of monitoring, with immediate effect. I have copied this letter to "
    "the Mayor of London, Sir Sadiq Khan.",
    "We will continue to monitor the MPS’s progress as part of our PEEL programme.",
    NULL,
};

/* s with every run of white space (and a bullet's "- ") as one space. New. */
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
        /* a bullet: "- " after white space (not a hyphen inside a word) */
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

static void met_letter_carries_every_fact_of_seed_004(void **state)
{
    (void)state;
    ov_error_t err = {0};
    json_t *m = NULL;
    assert_int_equal(letter_draft_for(FX.s, "met", "return_to_scan", &m, &err), 0);
    char *t = all_text(m);
    char *flat = squash(t);
    int missing = 0;
    for (int i = 0; SEED_004_FACTS[i]; i++)
        if (!strstr(flat, SEED_004_FACTS[i])) {
            fprintf(stderr, "# the letter lacks: %s\n", SEED_004_FACTS[i]);
            missing++;
        }
    for (int k = 0; k < 12; k++)
        if (!strstr(flat, REQUIREMENTS[k])) {
            fprintf(stderr, "# the letter lacks the requirement: %s\n", REQUIREMENTS[k]);
            missing++;
        }
    assert_int_equal(missing, 0);
    /* the HTML page carries them too (text of its elements) */
    buf_t b = BUF_INIT;
    assert_int_equal(letter_render_html(m, &b, &err), 0);
    char *html = buf_detach(&b, NULL);
    assert_non_null(strstr(html, "systematic failings in force performance and governance over several years"));
    assert_non_null(strstr(html, "putting vulnerable children at risk"));
    assert_non_null(strstr(html, "additional independent assurance"));
    /* served pages link the stylesheet (CSP: no inline style) ... */
    assert_null(strstr(html, "<style"));
    assert_non_null(strstr(html, "<link rel=\"stylesheet\" href=\"/static/letter.css?v="));
    free(html);
    /* ... a file on its own carries it */
    b = (buf_t)BUF_INIT;
    assert_int_equal(letter_render_html_standalone(m, &b, &err), 0);
    html = buf_detach(&b, NULL);
    assert_non_null(strstr(html, "<style>"));
    assert_non_null(strstr(html, "font-family: Georgia"));
    assert_null(strstr(html, "<link rel=\"stylesheet\""));
    free(html);
    free(flat);
    free(t);
    json_decref(m);
}

static void met_letter_from_the_record(void **state)
{
    (void)state;
    ov_error_t err = {0};
    json_t *m = NULL;
    assert_int_equal(letter_draft_for(FX.s, "met", "return_to_scan", &m, &err), 0);
    assert_met_letter(m);
    json_decref(m);
}

static void unknown_body_and_kind(void **state)
{
    (void)state;
    ov_error_t err = {0};
    json_t *m = NULL;
    assert_int_equal(letter_draft_for(FX.s, "atlantis", "revisit", &m, &err), OV_ENOTFOUND);
    assert_string_equal(err.field, "body");
    assert_null(m);
    assert_int_equal(letter_draft_for(FX.s, "met", "farewell", &m, &err), OV_EINVALID);
    assert_string_equal(err.field, "kind");
}

static void other_kinds_and_defaults(void **state)
{
    (void)state;
    ov_error_t err = {0};
    json_t *m = NULL;
    /* Kent has no letter: the defaults come from the body */
    assert_int_equal(letter_draft_for(FX.s, "kent", "revisit", &m, &err), 0);
    assert_string_equal(json_string_value(json_object_get(json_object_get(m, "to"), "org")), "Kent Police");
    assert_string_equal(json_string_value(json_object_get(json_object_get(m, "to"), "name")), "Chief Constable");
    json_decref(m);
    assert_int_equal(letter_draft_for(FX.s, "met", "move_to_engage", &m, &err), 0);
    char *t = all_text(m);
    contains(t, "into our enhanced phase of monitoring, which is known as Engage.");
    contains(t, "with immediate effect");
    /* a letter of June 2022 does not speak of the plan of May 2024 */
    assert_null(strstr(t, "Milestone Plan"));
    free(t);
    json_decref(m);
}

static void html_and_pdf(void **state)
{
    (void)state;
    ov_error_t err = {0};
    json_t *m = NULL;
    assert_int_equal(letter_draft_for(FX.s, "met", "return_to_scan", &m, &err), 0);
    buf_t h = BUF_INIT;
    assert_int_equal(letter_render_html(m, &h, &err), 0);
    contains(h.data, "<!DOCTYPE html>");
    contains(h.data, "<dd>HMI Lee Freeman KPM</dd>");
    contains(h.data, "<dd>His Majesty\u2019s Inspector of Fire &amp; Rescue Services</dd>");
    contains(h.data, "<li>it appropriately assesses risk in all cases; and</li>");
    contains(h.data, "with immediate effect");
    /* the record's texts are escaped */
    contains(h.data, "Metropolitan Police Service&#39;s handling");
    buf_free(&h);

    buf_t p = BUF_INIT;
    int pages = 0;
    assert_int_equal(letter_render_pdf(m, &p, &pages, &err), 0);
    assert_true(p.len > 1000);
    assert_memory_equal(p.data, "%PDF-", 5);
    assert_true(pages >= 2);
    /* every page is A4: cairo writes the MediaBox of each page in the open */
    size_t boxes = 0;
    for (const char *q = p.data; (q = memmem(q, p.len - (size_t)(q - p.data), "/MediaBox [ 0 0 595.2756 841.8898 ]", 35));
         q++)
        boxes++;
    assert_int_equal(boxes, (size_t)pages);
    assert_non_null(memmem(p.data, p.len, "%%EOF", 5));
    buf_free(&p);
    json_decref(m);
}

/* The PDF is tagged (a structure tree, headings, named destinations, a
 * link) and dated by the letter, not the clock: two renders a second and a
 * half apart (cairo's clock date has whole seconds) are the same bytes. */
static void pdf_is_tagged_and_reproducible(void **state)
{
    (void)state;
    ov_error_t err = {0};
    json_t *m = NULL;
    assert_int_equal(letter_draft_for(FX.s, "met", "return_to_scan", &m, &err), 0);
    json_object_set_new(m, "published_on", json_string("2025-01-23"));
    buf_t a = BUF_INIT, b = BUF_INIT;
    assert_int_equal(letter_render_pdf(m, &a, NULL, &err), 0);
    usleep(1500 * 1000);
    assert_int_equal(letter_render_pdf(m, &b, NULL, &err), 0);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
#define HAS(s) assert_non_null(memmem(a.data, a.len, s, strlen(s)))
    HAS("/CreationDate (20250123000000Z)");
    HAS("/ModDate (20250123000000Z)");
    HAS("/StructTreeRoot");
    HAS("/MarkInfo << /Marked true >>");
    HAS("/S /Document");
    HAS("/S /H1");
    HAS("/S /H2");
    HAS("/S /P");
    HAS("/S /L");
    HAS("/S /LI");
    HAS("/Dests");
    HAS("/Subtype /Link");
#undef HAS
    char date[32];
    letter_pdf_date(m, date);
    assert_string_equal(date, "2025-01-23T00:00:00Z");
    json_object_del(m, "published_on");
    json_object_set_new(m, "sent_on", json_string("2024-11-05"));
    letter_pdf_date(m, date);
    assert_string_equal(date, "2024-11-05T00:00:00Z");
    json_object_del(m, "sent_on");
    letter_pdf_date(m, date);
    assert_string_equal(date, "1970-01-01T00:00:00Z");
    buf_free(&a);
    buf_free(&b);
    json_decref(m);
}

static void approval_freezes_the_letter(void **state)
{
    (void)state;
    ov_error_t err = {0};
    json_t *rows = NULL;
    assert_int_equal(store_letters_list(FX.s, "met", 0, &rows, &err), 0);
    assert_int_equal(json_array_size(rows), 1);
    long long id = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
    json_decref(rows);
    /* publishing a draft is refused; a stale version is refused */
    assert_int_equal(letter_publish(FX.s, id, -1, "hmci", &err), OV_ECONFLICT);
    assert_int_equal(letter_approve(FX.s, id, 99, "insp", &err), OV_ESTALE);
    assert_int_equal(letter_approve(FX.s, id, 1, "insp", &err), 0);
    assert_int_equal(letter_approve(FX.s, id, -1, "insp", &err), OV_ECONFLICT);
    json_t *before = NULL, *after = NULL, *draft = NULL;
    assert_int_equal(letter_view(FX.s, id, &before, &err), 0);
    assert_string_equal(json_string_value(json_object_get(before, "status")), "approved");
    assert_string_equal(json_string_value(json_object_get(before, "approved_by")), "insp");
    /* the record changes after approval */
    assert_int_equal(store_exec(FX.s, NULL, NULL, &err,
                                "UPDATE requirements SET text = 'CHANGED AFTER APPROVAL' WHERE text LIKE 'it follows all%'",
                                NULL),
                     0);
    assert_int_equal(letter_view(FX.s, id, &after, &err), 0);
    assert_met_letter(after);
    json_object_del(before, "version");
    json_object_del(after, "version");
    assert_true(json_equal(before, after));
    /* while a fresh draft sees the change */
    assert_int_equal(letter_draft_for(FX.s, "met", "return_to_scan", &draft, &err), 0);
    char *t = all_text(draft);
    contains(t, "CHANGED AFTER APPROVAL");
    free(t);
    /* the frozen content cannot be overwritten, even in SQL */
    assert_int_not_equal(store_exec(FX.s, NULL, NULL, &err, "UPDATE letters SET content = '{}' WHERE id = ?", "i", id), 0);
    assert_int_equal(letter_publish(FX.s, id, -1, "hmci", &err), 0);
    json_t *pub = NULL;
    assert_int_equal(letter_view(FX.s, id, &pub, &err), 0);
    assert_string_equal(json_string_value(json_object_get(pub, "status")), "published");
    assert_met_letter(pub);
    json_decref(pub);
    json_decref(before);
    json_decref(after);
    json_decref(draft);
}

/* The store refuses the drafter's approval, through letter_approve and
 * store_letter_transition alike, and leaves the row and the audit trail as
 * they were; another account approves. */
static void the_drafter_does_not_approve(void **state)
{
    (void)state;
    ov_error_t err = {0};
    json_t *in = json_pack("{s:s, s:s, s:s}", "body", "kent", "kind", "revisit", "created_by", "insp");
    long long id = 0;
    assert_int_equal(store_entity_insert(FX.s, entity_find("letters"), in, &store_authz_system, &id, &err), 0);
    json_decref(in);
    json_t *audit = NULL;
    assert_int_equal(store_audit_list(FX.s, "letters", id, 0, &audit, &err), 0);
    size_t entries = json_array_size(audit);
    json_decref(audit);

    assert_int_equal(letter_approve(FX.s, id, 1, "insp", &err), OV_EFORBIDDEN);
    assert_string_equal(err.field, "approved_by");
    assert_non_null(err.rule);
    assert_string_equal(err.rule, "four-eyes");
    assert_non_null(strstr(err.message, "Four-eyes rule: insp drafted this letter"));
    assert_int_equal(letter_approve(FX.s, id, -1, "insp", &err), OV_EFORBIDDEN);
    assert_int_equal(store_letter_transition(FX.s, id, 1, "draft", "approved", "{}", "insp", &err), OV_EFORBIDDEN);
    /* an approval names who approves */
    assert_int_equal(store_letter_transition(FX.s, id, 1, "draft", "approved", "{}", "", &err), OV_EINVALID);
    /* a stale version is named before the rule */
    assert_int_equal(letter_approve(FX.s, id, 7, "insp", &err), OV_ESTALE);
    json_t *row = NULL;
    assert_int_equal(store_letter_get(FX.s, id, &row, &err), 0);
    assert_string_equal(json_string_value(json_object_get(row, "status")), "draft");
    assert_int_equal(json_integer_value(json_object_get(row, "version")), 1);
    assert_true(json_is_null(json_object_get(row, "approved_by")));
    assert_true(json_is_null(json_object_get(row, "content")));
    assert_string_equal(json_string_value(json_object_get(row, "created_by")), "insp");
    json_decref(row);
    assert_int_equal(store_audit_list(FX.s, "letters", id, 0, &audit, &err), 0);
    assert_int_equal(json_array_size(audit), entries);
    json_decref(audit);

    assert_int_equal(letter_approve(FX.s, id, 1, "chief", &err), 0);
    assert_int_equal(store_letter_get(FX.s, id, &row, &err), 0);
    assert_string_equal(json_string_value(json_object_get(row, "status")), "approved");
    assert_string_equal(json_string_value(json_object_get(row, "approved_by")), "chief");
    json_decref(row);
    /* publishing is not approving: the drafter may */
    assert_int_equal(letter_publish(FX.s, id, 2, "insp", &err), 0);
}

/* Block edits laid over a model (pure): the latest of a block wins, a list
 * is one item a line re-punctuated, the record's words kept as drafted, an
 * edit of a block the model no longer has skipped; the checks of a text. */
static void edits_over_the_blocks(void **state)
{
    (void)state;
    json_t *model = json_pack("{s:[{s:s, s:s}, {s:s, s:[s, s]}, {s:s, s:s}]}", "blocks", "type", "h2", "text",
                              "Title", "type", "bullets", "items", "one;", "two.", "type", "p", "text", "Drafted.");
    char *t = letter_block_text(json_array_get(json_object_get(model, "blocks"), 1));
    assert_string_equal(t, "one\ntwo");
    free(t);
    json_t *edits = json_pack("[{s:i, s:s}, {s:i, s:s}, {s:i, s:s}, {s:i, s:s}]", "block", 2, "text", "First.",
                              "block", 2, "text", "Second.", "block", 1, "text", "a\n\n b \nc", "block", 9, "text",
                              "Gone.");
    letter_apply_edits(model, edits);
    json_t *blocks = json_object_get(model, "blocks");
    assert_int_equal(json_array_size(blocks), 3);
    json_t *p = json_array_get(blocks, 2), *l = json_array_get(blocks, 1);
    assert_string_equal(json_string_value(json_object_get(p, "text")), "Second.");
    assert_string_equal(json_string_value(json_object_get(p, "drafted")), "Drafted.");
    assert_true(json_is_true(json_object_get(p, "edited")));
    json_t *items = json_object_get(l, "items");
    assert_int_equal(json_array_size(items), 3);
    assert_string_equal(json_string_value(json_array_get(items, 0)), "a;");
    assert_string_equal(json_string_value(json_array_get(items, 1)), "b; and");
    assert_string_equal(json_string_value(json_array_get(items, 2)), "c.");
    assert_null(json_object_get(json_array_get(blocks, 0), "edited"));
    json_decref(edits);
    json_decref(model);
    ov_error_t err = {0};
    assert_int_equal(letter_block_check(" \n ", &err), OV_EINVALID);
    assert_string_equal(err.field, "text");
    assert_int_equal(letter_block_check("Fine.", &err), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dates_in_words),
        cmocka_unit_test(edits_over_the_blocks),
        cmocka_unit_test(names_and_lists),
        cmocka_unit_test(compose_rejects_unknown_kind),
        cmocka_unit_test(met_letter_from_the_record),
        cmocka_unit_test(met_letter_carries_every_fact_of_seed_004),
        cmocka_unit_test(unknown_body_and_kind),
        cmocka_unit_test(other_kinds_and_defaults),
        cmocka_unit_test(html_and_pdf),
        cmocka_unit_test(pdf_is_tagged_and_reproducible),
        cmocka_unit_test(approval_freezes_the_letter),
        cmocka_unit_test(the_drafter_does_not_approve),
    };
    return cmocka_run_group_tests_name("letters", tests, setup_db, teardown_db);
}
