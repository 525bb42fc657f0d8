/* test_import.c: the importer on the seed letters (fixtures/), in text,
 * HTML and damaged forms, and its error paths. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "docs/import.h"

#ifndef OV_FIXTURES
#define OV_FIXTURES "tests/docs/fixtures"
#endif
#define LETTER "004_43dea0c4f0bd25eb.txt"
#define RELEASE "002_3edc2f0943fc96fe.txt"
#define ARTICLE "000_3627f5e3a57bfa28.txt"

static const import_body_ref_t BODIES[] = {
    {"city-of-london", "City of London Police"},
    {"met", "Metropolitan Police Service"},
    {"kent", "Kent Police"},
};
#define NBODIES (sizeof BODIES / sizeof BODIES[0])

/* Reads a fixture; caller frees. */
static char *fixture(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", OV_FIXTURES, name);
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open fixture %s", path);
    buf_t b = BUF_INIT;
    char chunk[4096];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) assert_int_equal(buf_append(&b, chunk, k), 0);
    fclose(f);
    return buf_detach(&b, len);
}

static import_result_t *run(const char *text, size_t len)
{
    import_result_t *r = NULL;
    ov_error_t err;
    assert_int_equal(import_extract(text, len, BODIES, NBODIES, &r, &err), 0);
    assert_non_null(r);
    return r;
}

static import_result_t *run_fixture(const char *name)
{
    size_t len;
    char *t = fixture(name, &len);
    import_result_t *r = run(t, len);
    free(t);
    return r;
}

/* Index of the first warning containing s, or -1. */
static int warning_with(const import_result_t *r, const char *s)
{
    for (size_t i = 0; i < r->warnings.n; i++)
        if (strstr(r->warnings.items[i], s)) return (int)i;
    return -1;
}

static void assert_list(const import_strlist_t *l, const char *const *want)
{
    size_t n = 0;
    while (want[n]) n++;
    assert_int_equal(l->n, n);
    for (size_t i = 0; i < n; i++) assert_string_equal(l->items[i], want[i]);
}

/* ---- the published letter ---- */

static const char *const REQ1[] = {
    "those responsible for grading the risks to which each missing child is exposed are sufficiently trained "
    "and able to appropriately assess the risks, using all relevant information held by or available to the force",
    "it appropriately assesses risk in all cases",
    "it investigates cases of missing children effectively from the first point of contact and that its response "
    "is proportionate to the level of risk",
    NULL,
};
static const char *const REQ2[] = {
    "it allocates exploitation investigations to officers and staff who have the appropriate knowledge and skills",
    "supervisors review investigations regularly, clearly record any work that is still needed and monitor "
    "deadlines for completion",
    "it follows all reasonable lines of enquiry to identify suspects",
    "it pursues evidence-led prosecutions and appropriate disruption activities in circumstances when a victim "
    "doesn\xE2\x80\x99t support an investigation",
    "it complies with the requirements for forces established in the Code of Practice for Victims of Crime in "
    "England and Wales",
    NULL,
};
static const char *const REQ3[] = {
    "it provides training and guidance to officers and staff at all ranks and grades to help them understand "
    "victim-blaming language and its effect",
    "training and guidance include how children are affected by childhood trauma",
    "officers and staff of all grades and ranks are encouraged to challenge victim\xE2\x80\x91"
    "blaming language when they see or hear it",
    "it has systems in place to carry out regular checks and make sure victim-blaming language is stopped",
    NULL,
};
static const char *const PILLARS[] = {
    "frontline policing transformation, including public protection, neighbourhood policing and end-to-end "
    "investigations",
    "strategic workforce planning, including IT systems that help identify where officers and staff are located "
    "and what skills they possess",
    "culture, leadership and professionalism, including promoting the force\xE2\x80\x99s values and principles "
    "and leadership and training",
    NULL,
};

/* Every fact the letter states, checked exactly. with_header: the From/To/Cc
 * block and dates are present. */
static void check_letter(const import_result_t *r)
{
    assert_int_equal(r->kind, IMPORT_KIND_RETURN_TO_SCAN);
    assert_string_equal(r->title, "Metropolitan Police Service: return to default phase of monitoring");
    assert_string_equal(r->published_on, "2025-01-23");
    assert_string_equal(r->sent_on, "2025-01-23");
    assert_string_equal(r->from.name, "HMI Lee Freeman KPM");
    const char *titles[] = {"His Majesty\xE2\x80\x99s Inspector of Constabulary",
                            "His Majesty\xE2\x80\x99s Inspector of Fire & Rescue Services", NULL};
    assert_list(&r->from.titles, titles);
    assert_string_equal(r->to.name, "Commissioner Sir Mark Rowley");
    assert_string_equal(r->to.organisation, "Metropolitan Police Service");
    assert_string_equal(r->cc.name, "Sir Sadiq Khan");
    assert_string_equal(r->cc.role, "Mayor of London");
    assert_string_equal(r->body.code, "met");
    assert_string_equal(r->body.name, "Metropolitan Police Service");
    assert_string_equal(r->ppog_meeting, "2025-01-22");

    assert_int_equal(r->decision.found, 1);
    assert_int_equal(r->decision.phase_from, IMPORT_PHASE_ENGAGE);
    assert_int_equal(r->decision.phase_to, IMPORT_PHASE_SCAN);
    assert_string_equal(r->decision.decided_by, "Sir Andy Cooke (HMCI)");
    assert_string_equal(r->decision.effective_on, "2025-01-23");

    assert_int_equal(r->nhistory, 1);
    assert_int_equal(r->history[0].phase, IMPORT_PHASE_ENGAGE);
    assert_string_equal(r->history[0].on, "2022-06-28");

    assert_int_equal(r->ncauses, 3);
    static const char *const cause_text[] = {
        "The force needs to improve how it identifies and assesses risks, and how it responds, when children are "
        "reported missing.",
        "The force should improve its investigations when children are at risk of, or harmed by, criminal or "
        "sexual exploitation.",
        "The force needs to make sure its officers and staff, at all ranks and grades, understand what victim "
        "blaming is and how it affects the service they provide.",
    };
    static const int accelerated[] = {IMPORT_YES, IMPORT_YES, IMPORT_NO};
    static const char *const deadline[] = {"2023-12-31", "2023-12-31", "2024-07-31"};
    static const char *const lead[] = {
        "By 31 December 2023, the Metropolitan Police Service should make sure that, in respect of missing children:",
        "By 31 December 2023, the Metropolitan Police Service should make sure that:",
        "By 31 July 2024, the Metropolitan Police Service should make sure that:",
    };
    const char *const *reqs[] = {REQ1, REQ2, REQ3};
    for (size_t i = 0; i < 3; i++) {
        const import_cause_t *c = &r->causes[i];
        assert_string_equal(c->text, cause_text[i]);
        assert_int_equal(c->accelerated, accelerated[i]);
        assert_int_equal(c->nrecs, 1);
        const import_recommendation_t *rec = &c->recs[0];
        assert_int_equal(rec->number, (int)i + 1);
        assert_string_equal(rec->deadline, deadline[i]);
        assert_null(rec->deadline_note);
        assert_string_equal(rec->addressee, "the Metropolitan Police Service");
        assert_string_equal(rec->text, lead[i]);
        assert_list(&rec->requirements, reqs[i]);
    }

    assert_string_equal(r->plan.name, "Milestone Plan");
    assert_string_equal(r->plan.agreed_on, "2024-05");
    assert_string_equal(r->plan.linked_plan, "New Met for London Plan: 2023\xE2\x80\x93" "2025");
    assert_list(&r->plan.pillars, PILLARS);
    assert_string_equal(r->causes_closed_on, "2025-01");
}

static void letter_facts(void **state)
{
    (void)state;
    import_result_t *r = run_fixture(LETTER);
    check_letter(r);
    /* the list of inspections after "issued in:" is missing from the published text */
    assert_int_equal(r->warnings.n, 1);
    assert_true(warning_with(r, "a list seems to be missing after 'This decision is supported") == 0);
    import_result_free(r);
}

static void release_facts(void **state)
{
    (void)state;
    import_result_t *r = run_fixture(RELEASE);
    assert_int_equal(r->kind, IMPORT_KIND_RETURN_TO_SCAN);
    assert_null(r->title);
    assert_string_equal(r->body.code, "met");
    assert_int_equal(r->decision.found, 1);
    assert_int_equal(r->decision.phase_from, IMPORT_PHASE_ENGAGE);
    assert_int_equal(r->decision.phase_to, IMPORT_PHASE_SCAN);
    assert_string_equal(r->decision.decided_by, "Sir Andy Cooke (HMCI)");
    assert_string_equal(r->decision.effective_on, "");
    assert_int_equal(r->nhistory, 1);
    assert_int_equal(r->history[0].phase, IMPORT_PHASE_ENGAGE);
    assert_string_equal(r->history[0].on, "2022-06-28");
    assert_int_equal(r->ncauses, 0);
    assert_string_equal(r->plan.name, "Milestone Plan");
    assert_string_equal(r->plan.agreed_on, "");
    assert_null(r->plan.linked_plan);
    assert_int_equal(r->plan.pillars.n, 0);
    assert_null(r->from.name);
    assert_null(r->to.name);
    assert_null(r->cc.name);
    assert_string_equal(r->published_on, "");
    assert_string_equal(r->ppog_meeting, "");
    /* what a letter would state and a news release does not */
    assert_true(warning_with(r, "no title found") >= 0);
    assert_true(warning_with(r, "sender (From) not found") >= 0);
    assert_true(warning_with(r, "the date the decision takes effect is not stated") >= 0);
    assert_true(warning_with(r, "the date the Milestone Plan was agreed is not stated") >= 0);
    assert_true(warning_with(r, "cut short") < 0);
    import_result_free(r);
}

static void article_facts(void **state)
{
    (void)state;
    import_result_t *r = run_fixture(ARTICLE);
    assert_int_equal(r->kind, IMPORT_KIND_RETURN_TO_SCAN);
    assert_string_equal(r->title, "Inspectors have praised good progress in areas of concern whereas noting that "
                                  "considerably extra continues to be required");
    assert_string_equal(r->body.code, "met");
    assert_int_equal(r->decision.found, 1);
    assert_int_equal(r->decision.phase_to, IMPORT_PHASE_SCAN);
    assert_string_equal(r->decision.decided_by, "Sir Andy Cooke (HMCI)");
    assert_string_equal(r->cc.name, "Sir Sadiq Khan");
    assert_int_equal(r->ncauses, 0);
    assert_string_equal(r->plan.name, "Milestone Plan");
    assert_string_equal(r->plan.agreed_on, "");   /* "The next Might": reworded, unreadable */
    assert_string_equal(r->plan.linked_plan, "New Met for London Plan");
    assert_int_equal(r->nhistory, 0);
    assert_true(warning_with(r, "the date the Milestone Plan was agreed is not stated") >= 0);
    assert_true(warning_with(r, "cut short") < 0);
    import_result_free(r);
}

static void letter_json(void **state)
{
    (void)state;
    import_result_t *r = run_fixture(LETTER);
    json_t *j = import_result_to_json(r);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "kind")), "return_to_scan");
    json_t *d = json_object_get(j, "decision");
    assert_true(json_is_true(json_object_get(d, "found")));
    assert_string_equal(json_string_value(json_object_get(d, "phase_from")), "engage");
    assert_string_equal(json_string_value(json_object_get(d, "phase_to")), "scan");
    assert_string_equal(json_string_value(json_object_get(d, "effective_on")), "2025-01-23");
    assert_string_equal(json_string_value(json_object_get(j, "ppog_meeting")), "2025-01-22");
    json_t *causes = json_object_get(j, "causes");
    assert_int_equal(json_array_size(causes), 3);
    json_t *c2 = json_array_get(causes, 2);
    assert_true(json_is_false(json_object_get(c2, "accelerated")));
    json_t *rec = json_array_get(json_object_get(c2, "recommendations"), 0);
    assert_int_equal(json_integer_value(json_object_get(rec, "number")), 3);
    assert_string_equal(json_string_value(json_object_get(rec, "deadline")), "2024-07-31");
    assert_true(json_is_null(json_object_get(rec, "deadline_note")));
    assert_int_equal(json_array_size(json_object_get(rec, "requirements")), 4);
    json_t *plan = json_object_get(j, "plan");
    assert_string_equal(json_string_value(json_object_get(plan, "agreed_on")), "2024-05");
    assert_int_equal(json_array_size(json_object_get(plan, "pillars")), 3);
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "body"), "code")), "met");
    assert_int_equal(json_array_size(json_object_get(j, "warnings")), 1);
    char *s = json_dumps(j, 0);
    assert_non_null(s);
    free(s);
    json_decref(j);
    import_result_free(r);

    /* absent values are null, not missing */
    r = run("", 0);
    j = import_result_to_json(r);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "kind")), "unknown");
    assert_true(json_is_null(json_object_get(j, "title")));
    assert_true(json_is_null(json_object_get(j, "plan")));
    assert_true(json_is_null(json_object_get(json_object_get(j, "decision"), "phase_to")));
    assert_true(json_is_null(json_object_get(json_object_get(j, "body"), "code")));
    json_decref(j);
    import_result_free(r);
    assert_null(import_result_to_json(NULL));
}

/* ---- other forms of the same letter ---- */

static void html_escape(buf_t *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '&') buf_puts(b, "&amp;");
        else if (s[i] == '<') buf_puts(b, "&lt;");
        else if (i + 3 <= n && memcmp(s + i, "\xE2\x80\x99", 3) == 0) { buf_puts(b, "&rsquo;"); i += 2; }
        else buf_putc(b, s[i]);
    }
}

/* The letter as a GOV.UK-like page: header lines separated by <br> (or,
 * with p_per_line, each in its own <p>, as many published pages set them),
 * paragraphs in <p>, bullets in <ul><li>, apostrophes as entities. */
static char *letter_as_html(const char *t, size_t len, int p_per_line)
{
    buf_t b = BUF_INIT;
    buf_puts(&b, "<!DOCTYPE html>\r\n<html lang=\"en\"><head><title>Letter - GOV.UK</title>"
                 "<style>p { color: red }</style><script>var x = '<p>not text</p>';</script></head>\r\n<body>");
    int in_list = 0, first = 1;
    size_t i = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && t[e] != '\n') e++;
        const char *s = t + i;
        size_t n = e - i;
        while (n && (*s == ' ')) { s++; n--; }
        if (n >= 4 && memcmp(s, "\xE2\x80\xA2 ", 4) == 0) {
            if (!in_list) buf_puts(&b, "<ul>\n");
            in_list = 1;
            buf_puts(&b, "<li>");
            html_escape(&b, s + 4, n - 4);
            buf_puts(&b, "</li>\n");
        } else {
            if (in_list) buf_puts(&b, "</ul>\n");
            in_list = 0;
            if (n) {
                /* consecutive non-blank lines (the header block) stay one paragraph */
                int cont = i > 0 && t[i - 1] == '\n' && i > 1 && t[i - 2] != '\n' && !first && !p_per_line;
                if (cont) buf_puts(&b, "<br>");
                else buf_puts(&b, first ? "<h1 class=\"title\">" : "<p>");
                html_escape(&b, s, n);
                if (first) buf_puts(&b, "</h1>");
                first = 0;
            }
            buf_puts(&b, "\n");
        }
        i = e + 1;
    }
    buf_puts(&b, "</body></html>\n");
    assert_false(b.failed);
    return buf_detach(&b, NULL);
}

static void letter_html(void **state)
{
    (void)state;
    size_t len;
    char *t = fixture(LETTER, &len);
    char *html = letter_as_html(t, len, 0);
    free(t);
    import_result_t *r = run(html, strlen(html));
    free(html);
    check_letter(r);
    assert_true(warning_with(r, "cut short") < 0);
    import_result_free(r);
}

/* Each header line in its own <p>: the From, To and Cc blocks run on across
 * the blank lines between paragraphs, so titles, organisation and role are
 * all read, exactly as from the text. */
static void letter_html_p_per_line(void **state)
{
    (void)state;
    size_t len;
    char *t = fixture(LETTER, &len);
    char *html = letter_as_html(t, len, 1);
    free(t);
    assert_non_null(strstr(html, "<p>HMI Lee Freeman KPM\n<p>His Majesty&rsquo;s Inspector of Constabulary\n"));
    import_result_t *r = run(html, strlen(html));
    free(html);
    check_letter(r);
    assert_true(warning_with(r, "organisation not found") < 0);
    import_result_free(r);
}

/* What must not run on into a block across a blank line: in plain text a
 * blank line ends it; in HTML, a greeting, a repeated title, a dated label,
 * a date alone, prose, a lowercase line and a bullet each stop it. */
static void header_block_stops(void **state)
{
    (void)state;
    static const char text[] = "Kent Police: move to Engage\n\nFrom\nHMI Jane Example\n\n"
                               "His Majesty's Inspector of Constabulary\n\nTo\nChief Constable A Person\n\n"
                               "Kent Police\n\nSent on\n4 March 2024\n";
    import_result_t *r = run(text, sizeof text - 1);
    assert_string_equal(r->from.name, "HMI Jane Example");
    assert_int_equal(r->from.titles.n, 0);
    assert_string_equal(r->to.name, "Chief Constable A Person");
    assert_null(r->to.organisation);
    assert_true(warning_with(r, "recipient's organisation not found") >= 0);
    import_result_free(r);

    static const char *const after[] = {
        "<p>Dear Chief Constable</p>",
        "<h2>Kent Police: move to Engage</h2>",
        "<p>Published on: 6 March 2024</p>",
        "<p>4 March 2024</p>",
        "<p>I am writing to let you know that the force is to move into Engage.</p>",
        "<p>copied to the Mayor</p>",
        "<ul><li>Kent Police</li></ul>",
    };
    for (size_t i = 0; i < sizeof after / sizeof after[0]; i++) {
        char page[1024];
        snprintf(page, sizeof page,
                 "<html><body><h1>Kent Police: move to Engage</h1><h3>From</h3><p>HMI Jane Example</p>"
                 "<p>His Majesty&rsquo;s Inspector of Constabulary</p><h3>To</h3><p>Chief Constable A Person</p>"
                 "%s<p>Kent Police</p></body></html>",
                 after[i]);
        r = run(page, strlen(page));
        const char *titles[] = {"His Majesty\xE2\x80\x99s Inspector of Constabulary", NULL};
        assert_list(&r->from.titles, titles);
        assert_string_equal(r->to.name, "Chief Constable A Person");
        if (r->to.organisation) fail_msg("'%s' ran on into the To block as '%s'", after[i], r->to.organisation);
        import_result_free(r);
    }
}

/* "From: Name, Title, Title" and "To: Name, Title, Organisation" on one
 * line read as the block forms do; empty parts are dropped; no comma keeps
 * the line whole. */
static void inline_from_to(void **state)
{
    (void)state;
    static const char text[] = "Kent Police: move to Engage\n\n"
                               "From: HMI Jane Example,  His Majesty's Inspector of Constabulary , ,"
                               "His Majesty's Inspector of Fire & Rescue Services,\n"
                               "To: A Person, Chief Constable, Kent Police\n"
                               "Cc: Kent Police and Crime Commissioner\n";
    import_result_t *r = run(text, sizeof text - 1);
    assert_string_equal(r->from.name, "HMI Jane Example");
    const char *titles[] = {"His Majesty's Inspector of Constabulary",
                            "His Majesty's Inspector of Fire & Rescue Services", NULL};
    assert_list(&r->from.titles, titles);
    assert_string_equal(r->to.name, "A Person");
    assert_string_equal(r->to.organisation, "Chief Constable, Kent Police");
    assert_string_equal(r->cc.name, "Kent Police and Crime Commissioner");
    import_result_free(r);

    static const char bare[] = "From: HMI Jane Example\nTo: Chief Constable A Person,\n";
    r = run(bare, sizeof bare - 1);
    assert_string_equal(r->from.name, "HMI Jane Example");
    assert_int_equal(r->from.titles.n, 0);
    assert_string_equal(r->to.name, "Chief Constable A Person");
    assert_null(r->to.organisation);
    assert_true(warning_with(r, "organisation not found") < 0);
    import_result_free(r);

    static const char gaps[] = "From: , His Majesty's Inspector of Constabulary\nTo: A Person, , Kent Police ,\n";
    r = run(gaps, sizeof gaps - 1);
    assert_null(r->from.name);
    const char *one[] = {"His Majesty's Inspector of Constabulary", NULL};
    assert_list(&r->from.titles, one);
    assert_string_equal(r->to.name, "A Person");
    assert_string_equal(r->to.organisation, "Kent Police");
    import_result_free(r);
}

static void letter_crlf_same_json(void **state)
{
    (void)state;
    size_t len;
    char *t = fixture(LETTER, &len);
    buf_t b = BUF_INIT;
    for (size_t i = 0; i < len; i++) {
        if (t[i] == '\n') buf_putc(&b, '\r');
        buf_putc(&b, t[i]);
    }
    import_result_t *lf = run(t, len);
    import_result_t *crlf = run(b.data, b.len);
    check_letter(crlf);
    json_t *a = import_result_to_json(lf), *c = import_result_to_json(crlf);
    assert_true(json_equal(a, c));
    json_decref(a);
    json_decref(c);
    import_result_free(lf);
    import_result_free(crlf);
    /* a byte order mark and old Mac line ends read the same way */
    buf_reset(&b);
    buf_puts(&b, "\xEF\xBB\xBF");
    for (size_t i = 0; i < len; i++) buf_putc(&b, t[i] == '\n' ? '\r' : t[i]);
    import_result_t *cr = run(b.data, b.len);
    check_letter(cr);
    import_result_free(cr);
    buf_free(&b);
    free(t);
}

static void letter_with_nul_and_bad_bytes(void **state)
{
    (void)state;
    size_t len;
    char *t = fixture(LETTER, &len);
    buf_t b = BUF_INIT;
    const char *bg = strstr(t, "Background");
    assert_non_null(bg);
    /* damage between paragraphs: NULs, stray bytes, a lone continuation byte */
    buf_append(&b, t, (size_t)(bg - t));
    buf_append(&b, "\0\0\xFF\xFE\x80\x01\n", 7);
    buf_append(&b, bg, len - (size_t)(bg - t));
    buf_append(&b, "\n\xC3", 2);   /* ends inside a character */
    import_result_t *r = run(b.data, b.len);
    assert_int_equal(r->kind, IMPORT_KIND_RETURN_TO_SCAN);
    assert_int_equal(r->ncauses, 3);
    assert_string_equal(r->decision.effective_on, "2025-01-23");
    assert_true(warning_with(r, "2 NUL byte(s) removed") >= 0);
    assert_true(warning_with(r, "invalid UTF-8") >= 0);
    assert_true(warning_with(r, "control character") >= 0);
    assert_true(warning_with(r, "cut short") >= 0);
    json_t *j = import_result_to_json(r);
    assert_non_null(j);
    json_decref(j);
    import_result_free(r);
    buf_free(&b);
    free(t);
}

/* ---- error paths ---- */

/* The text of the first span of field (cause: its index, or -1) in r, as a
 * new string; NULL when there is none. */
static char *span_text(const import_result_t *r, const char *field, int cause)
{
    for (size_t i = 0; i < r->nspans; i++) {
        const import_span_t *sp = &r->spans[i];
        if (strcmp(sp->field, field) != 0 || (cause >= 0 && sp->index != cause)) continue;
        assert_true(sp->start < sp->end && sp->end <= r->text_len);
        return strndup(r->text + sp->start, sp->end - sp->start);
    }
    return NULL;
}

static void assert_span_has(const import_result_t *r, const char *field, int cause, const char *want)
{
    char *t = span_text(r, field, cause);
    if (!t) fail_msg("no span for %s", field);
    if (!strstr(t, want)) fail_msg("span of %s is '%s', without '%s'", field, t, want);
    free(t);
}

/* Each fact says where it was read (what the review screen highlights):
 * in text and in HTML (offsets into the text as read, markup gone), the
 * spans cover the words the fact came from. */
static void fact_spans(void **state)
{
    (void)state;
    size_t len;
    char *t = fixture(LETTER, &len);
    char *html = letter_as_html(t, len, 0);
    import_result_t *rs[2] = {run(t, len), run(html, strlen(html))};
    free(t);
    free(html);
    for (int k = 0; k < 2; k++) {
        import_result_t *r = rs[k];
        assert_non_null(r->text);
        assert_int_equal(strlen(r->text), r->text_len);
        assert_span_has(r, "body", -1, "Metropolitan Police Service");
        assert_span_has(r, "decision", -1, "return");
        assert_span_has(r, "decided_by", -1, "Andy Cooke");
        assert_span_has(r, "sent_on", -1, "2025");
        assert_span_has(r, "ppog_meeting", -1, "January");
        assert_span_has(r, "causes_stated", -1, "causes of concern");
        assert_null(span_text(r, "effective_on", -1));
        /* and the JSON carries them */
        json_t *j = import_result_to_json(r);
        assert_true(json_array_size(json_object_get(j, "spans")) == r->nspans);
        json_decref(j);
        import_result_free(r);
    }
}

/* Causes given as a list: each item is its own span, numbered as the causes are. */
static void cause_spans(void **state)
{
    (void)state;
    static const char text[] =
        "Letter to Kent Police\n\nDear Chief Constable,\n\n"
        "We identified two accelerated causes of concern, which were that the force:\n\n"
        "- does not answer 999 calls quickly enough;\n"
        "- does not supervise investigations well enough.\n\nYours sincerely,\n";
    import_result_t *r = run(text, sizeof text - 1);
    assert_int_equal(r->ncauses, 2);
    assert_span_has(r, "cause", 0, "999 calls");
    assert_span_has(r, "cause", 1, "supervise investigations");
    assert_span_has(r, "body", -1, "Kent Police");
    import_result_free(r);
}

static void bad_arguments(void **state)
{
    (void)state;
    ov_error_t err;
    import_result_t *r = (import_result_t *)&err;
    assert_int_equal(import_extract("x", 1, BODIES, NBODIES, NULL, &err), OV_EINVALID);
    assert_int_equal(import_extract(NULL, 5, BODIES, NBODIES, &r, &err), OV_EINVALID);
    assert_null(r);
    assert_int_equal(import_extract("x", 1, NULL, 3, &r, NULL), OV_EINVALID);
    assert_null(r);
    /* no bodies at all is fine */
    assert_int_equal(import_extract("x", 1, NULL, 0, &r, NULL), 0);
    import_result_free(r);
    import_result_free(NULL);
}

static void empty_input(void **state)
{
    (void)state;
    static const char *const empties[] = {"", "\n", "   \r\n\r\n\t  ", "\0\0\0", "<html></html>", NULL};
    static const size_t lens[] = {0, 1, 11, 3, 13};
    for (size_t i = 0; empties[i]; i++) {
        import_result_t *r = run(empties[i], lens[i]);
        assert_int_equal(r->kind, IMPORT_KIND_UNKNOWN);
        assert_int_equal(r->ncauses, 0);
        assert_null(r->title);
        assert_true(r->warnings.n >= 1);
        import_result_free(r);
    }
    import_result_t *r = NULL;
    assert_int_equal(import_extract(NULL, 0, BODIES, NBODIES, &r, NULL), 0);
    assert_true(warning_with(r, "the document is empty") >= 0);
    import_result_free(r);
}

static void huge_input(void **state)
{
    (void)state;
    size_t n = IMPORT_MAX_INPUT + 1;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, 'a', n);
    ov_error_t err;
    import_result_t *r = (import_result_t *)&err;
    assert_int_equal(import_extract(big, n, BODIES, NBODIES, &r, &err), OV_ETOOBIG);
    assert_null(r);
    assert_int_equal(err.status, OV_ETOOBIG);
    /* a long letter within the cap is read: the seed repeated */
    size_t len;
    char *t = fixture(LETTER, &len);
    size_t copies = (1024 * 1024) / len;
    buf_t b = BUF_INIT;
    for (size_t i = 0; i < copies; i++) buf_append(&b, t, len);
    r = run(b.data, b.len);
    assert_int_equal(r->kind, IMPORT_KIND_RETURN_TO_SCAN);
    assert_int_equal(r->ncauses, 3 * copies > 1000 ? 1000 : 3 * copies);
    import_result_free(r);
    buf_free(&b);
    free(t);
    free(big);
}

static void garbage_input(void **state)
{
    (void)state;
    /* deterministic noise, mixed with markup characters */
    size_t n = 200000;
    char *g = malloc(n);
    assert_non_null(g);
    unsigned x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        unsigned v = (x >> 16) & 0xFF;
        g[i] = v < 40 ? "<>&;#/ \n:-\xE2\x80\xA2"[v % 13] : (char)v;
    }
    import_result_t *r = run(g, n);
    json_t *j = import_result_to_json(r);
    assert_non_null(j);
    char *s = json_dumps(j, 0);
    assert_non_null(s);
    free(s);
    json_decref(j);
    import_result_free(r);
    g[0] = '<';
    g[1] = 'p';
    r = run(g, n);
    import_result_free(r);
    free(g);
}

static void truncated_letter(void **state)
{
    (void)state;
    size_t len;
    char *t = fixture(LETTER, &len);
    /* cut in the middle of recommendation 2's requirements, after a ';' */
    const char *p = strstr(t, "to identify suspects;");
    assert_non_null(p);
    size_t cut = (size_t)(p - t) + strlen("to identify suspects;");
    import_result_t *r = run(t, cut);
    assert_int_equal(r->ncauses, 2);
    assert_int_equal(r->causes[1].nrecs, 1);
    assert_int_equal(r->causes[1].recs[0].requirements.n, 3);
    assert_true(warning_with(r, "cut short") >= 0);
    assert_true(warning_with(r, "the letter says three causes of concern but 2 were found") >= 0);
    assert_string_equal(r->plan.name, "Milestone Plan");   /* named before the cut */
    assert_int_equal(r->plan.pillars.n, 0);
    import_result_free(r);

    /* cut just after a lead-in's ':' */
    p = strstr(t, "in respect of missing children:");
    cut = (size_t)(p - t) + strlen("in respect of missing children:");
    r = run(t, cut);
    assert_int_equal(r->ncauses, 1);
    assert_true(warning_with(r, "requirements expected after ':' but none found") >= 0);
    assert_true(warning_with(r, "cut short") >= 0);
    import_result_free(r);

    /* cut inside a multi-byte character (the ’ of "Majesty’s") */
    p = strstr(t, "\xE2\x80\x99");
    r = run(t, (size_t)(p - t) + 2);
    assert_true(warning_with(r, "cut short") >= 0);
    assert_true(warning_with(r, "invalid UTF-8") >= 0);
    import_result_free(r);

    /* every prefix length in steps: no crash, a result and valid JSON each time */
    for (size_t k = 0; k <= len; k += 173) {
        r = run(t, k);
        json_t *j = import_result_to_json(r);
        assert_non_null(j);
        json_decref(j);
        import_result_free(r);
    }
    free(t);
}

static void truncated_html(void **state)
{
    (void)state;
    static const char *const pages[] = {
        "<html><body><h1>Kent Police: return to default phase of monitoring</h1><p>Published on: 3 May 2024<p><a hre",
        "<html><body><p>Kent Police &amp; partners &rsq",
        "<html><body><p>Kent Police</p><!-- a comment that never ends",
        "<html><body><p>Kent Police</p><script>var a = 1;",
        "<html><body><p>Kent Police</p><ul><li>one<li>two<ol><li>three",
    };
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        import_result_t *r = run(pages[i], strlen(pages[i]));
        assert_non_null(r->body.code);
        assert_string_equal(r->body.code, "kent");
        assert_true(warning_with(r, "cut short") >= 0 || warning_with(r, "not closed") >= 0);
        import_result_free(r);
    }
    import_result_t *r = run(pages[0], strlen(pages[0]));
    assert_string_equal(r->title, "Kent Police: return to default phase of monitoring");
    assert_int_equal(r->kind, IMPORT_KIND_RETURN_TO_SCAN);
    assert_string_equal(r->published_on, "2024-05-03");
    import_result_free(r);
}

/* ---- other letters ---- */

static void move_to_engage_letter(void **state)
{
    (void)state;
    const char *t =
        "Wessex Constabulary: move to Engage\n\n"
        "From: HMI Jane Example\nTo: Chief Constable A Person\nCc: Wessex Police and Crime Commissioner\n"
        "Sent on: 4 March 2024\n\n"
        "Following the Policing Performance Oversight Group meeting on 28th February 2024, HMCI has decided to "
        "move Wessex Constabulary into Engage, with effect from 5 March 2024.\n\n"
        "In our 2023 inspection we identified two causes of concern.\n\n"
        "Cause of concern 1: The force does not answer emergency calls quickly enough.\n\n"
        "Recommendation 1: Within three months, the force should make sure that:\n"
        "a) it answers 999 calls within ten seconds; and\n"
        "b) it monitors call handling daily.\n";
    import_result_t *r = run(t, strlen(t));
    assert_int_equal(r->kind, IMPORT_KIND_MOVE_TO_ENGAGE);
    assert_string_equal(r->title, "Wessex Constabulary: move to Engage");
    assert_null(r->body.code);
    assert_string_equal(r->body.name, "Wessex Constabulary");
    assert_true(warning_with(r, "'Wessex Constabulary' is not among the known bodies") >= 0);
    assert_string_equal(r->from.name, "HMI Jane Example");
    assert_string_equal(r->to.name, "Chief Constable A Person");
    assert_string_equal(r->cc.name, "Wessex Police and Crime Commissioner");
    assert_string_equal(r->sent_on, "2024-03-04");
    assert_string_equal(r->ppog_meeting, "2024-02-28");
    assert_int_equal(r->decision.phase_from, IMPORT_PHASE_SCAN);
    assert_int_equal(r->decision.phase_to, IMPORT_PHASE_ENGAGE);
    assert_string_equal(r->decision.decided_by, "HMCI");
    assert_string_equal(r->decision.effective_on, "2024-03-05");
    assert_int_equal(r->ncauses, 1);
    assert_string_equal(r->causes[0].text, "The force does not answer emergency calls quickly enough.");
    assert_int_equal(r->causes[0].nrecs, 1);
    const import_recommendation_t *rec = &r->causes[0].recs[0];
    assert_string_equal(rec->deadline, "");
    assert_string_equal(rec->deadline_note, "Within three months");
    const char *want[] = {"it answers 999 calls within ten seconds", "it monitors call handling daily", NULL};
    assert_list(&rec->requirements, want);
    assert_true(warning_with(r, "no recommendation deadline found for recommendation 1") >= 0);
    assert_true(warning_with(r, "the letter says two causes of concern but 1 were found") >= 0);
    import_result_free(r);
}

static void ppog_weekday_mismatch(void **state)
{
    (void)state;
    const char *t = "Kent Police: return to default phase of monitoring\n\nSent on: 23 January 2025\n\n"
                    "Thank you for your presentation at the PPOG meeting on Friday 22 January.\n";
    import_result_t *r = run(t, strlen(t));
    assert_string_equal(r->ppog_meeting, "2025-01-22");
    assert_true(warning_with(r, "weekday does not match") >= 0);
    assert_true(warning_with(r, "no phase decision found") >= 0);
    import_result_free(r);
}

/* Found by fuzz/fuzz_import: a cause set out over two paragraphs was
 * joined into a buffer one byte short (heap overflow under ASan/valgrind). */
static void fuzz_cause_second_paragraph(void **state)
{
    (void)state;
    static const char t[] = "Cause of concern.1\n\rn\nRecommendation";
    import_result_t *r = run(t, sizeof t - 1);
    assert_int_equal(r->ncauses, 1);
    assert_non_null(r->causes[0].text);
    assert_non_null(strstr(r->causes[0].text, "\n\n"));
    json_t *j = import_result_to_json(r);
    assert_non_null(j);
    json_decref(j);
    import_result_free(r);
}

static void names(void **state)
{
    (void)state;
    assert_string_equal(import_kind_name(IMPORT_KIND_RETURN_TO_SCAN), "return_to_scan");
    assert_string_equal(import_kind_name(IMPORT_KIND_MOVE_TO_ENGAGE), "move_to_engage");
    assert_string_equal(import_kind_name(IMPORT_KIND_REVISIT), "revisit");
    assert_string_equal(import_kind_name(IMPORT_KIND_UNKNOWN), "unknown");
    assert_string_equal(import_kind_name((import_kind_t)99), "unknown");
    assert_string_equal(import_phase_name(IMPORT_PHASE_SCAN), "scan");
    assert_string_equal(import_phase_name(IMPORT_PHASE_ENGAGE), "engage");
    assert_null(import_phase_name(IMPORT_PHASE_NONE));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(letter_facts),
        cmocka_unit_test(fact_spans),
        cmocka_unit_test(cause_spans),
        cmocka_unit_test(release_facts),
        cmocka_unit_test(article_facts),
        cmocka_unit_test(letter_json),
        cmocka_unit_test(letter_html),
        cmocka_unit_test(letter_html_p_per_line),
        cmocka_unit_test(header_block_stops),
        cmocka_unit_test(inline_from_to),
        cmocka_unit_test(letter_crlf_same_json),
        cmocka_unit_test(letter_with_nul_and_bad_bytes),
        cmocka_unit_test(bad_arguments),
        cmocka_unit_test(empty_input),
        cmocka_unit_test(huge_input),
        cmocka_unit_test(garbage_input),
        cmocka_unit_test(truncated_letter),
        cmocka_unit_test(truncated_html),
        cmocka_unit_test(move_to_engage_letter),
        cmocka_unit_test(ppog_weekday_mismatch),
        cmocka_unit_test(fuzz_cause_second_paragraph),
        cmocka_unit_test(names),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    import_shutdown();
    return rc;
}
