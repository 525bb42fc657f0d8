/* test_rules.c: readiness, engage candidates and deadlines over snapshots,
 * as the record stood on a given day. Fixtures are JSON written with single
 * quotes (turned into double quotes before parsing) to keep them readable. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "core/rules.h"

/* Parses JSON written with ' for ". */
static json_t *J(const char *text)
{
    char *s = strdup(text);
    assert_non_null(s);
    for (char *p = s; *p; p++)
        if (*p == '\'') *p = '"';
    json_error_t e;
    json_t *v = json_loads(s, 0, &e);
    if (!v) fail_msg("fixture does not parse: %s (line %d col %d)", e.text, e.line, e.column);
    free(s);
    return v;
}

static odate_t D(const char *s)
{
    odate_t d;
    assert_int_equal(date_parse(s, &d), 0);
    return d;
}

static json_t *readiness(const json_t *snap, const char *as_of)
{
    odate_t d = D(as_of);
    json_t *r = rules_readiness(snap, &d);
    assert_non_null(r);
    return r;
}

static const char *S(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    assert_non_null(s);
    return s;
}

static size_t count_kind(const json_t *list, const char *kind)
{
    size_t i, n = 0;
    json_t *it;
    json_array_foreach(list, i, it) if (strcmp(S(it, "kind"), kind) == 0) n++;
    return n;
}

/* The item with integer id `id`, or fails. */
static json_t *by_id(const json_t *list, json_int_t id)
{
    size_t i;
    json_t *it;
    json_array_foreach(list, i, it) if (json_integer_value(json_object_get(it, "id")) == id) return it;
    fail_msg("no item with id %lld", (long long)id);
    return NULL;
}

static int has_id(const json_t *list, json_int_t id)
{
    size_t i;
    json_t *it;
    json_array_foreach(list, i, it) if (json_integer_value(json_object_get(it, "id")) == id) return 1;
    return 0;
}

static void contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle)) fail_msg("\"%s\" does not contain \"%s\"", hay, needle);
}

/* Every reason is one sentence: no lower-case start, ends with a full stop. */
static void sentences(const json_t *list)
{
    size_t i;
    json_t *it;
    json_array_foreach(list, i, it) {
        const char *r = S(it, "reason");
        size_t n = strlen(r);
        assert_true(n > 10);
        assert_false(r[0] >= 'a' && r[0] <= 'z');
        assert_int_equal(r[n - 1], '.');
    }
}

static int is_true(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    assert_true(json_is_boolean(v));
    return json_is_true(v);
}

/* The Metropolitan Police case, as in the seed letter. */
static const char *MET =
    "{'code': 'met', 'name': 'Metropolitan Police Service', 'kind': 'police',"
    " 'phase': 'scan', 'phase_since': '2025-01-23',"
    " 'periods': [ {'phase': 'engage', 'from': '2022-06-28', 'to': '2025-01-23'} ],"
    " 'inspections': ["
    "   {'id': 10, 'kind': 'peel', 'title': 'PEEL 2021/22', 'published_on': '2022-03',"
    "    'grades': [ {'area': 'responding to the public', 'grade': 'inadequate'},"
    "                {'area': 'investigating crime', 'grade': 'requires_improvement'} ],"
    "    'pcc_response_on': '2022-05'},"
    "   {'id': 11, 'kind': 'thematic', 'title': 'Child exploitation', 'published_on': '2023-10-10',"
    "    'grades': [], 'pcc_response_on': '2023-11-30'} ],"
    " 'causes': ["
    "   {'id': 101, 'title': 'Child protection referrals', 'text': 'x', 'accelerated': true,"
    "    'added_to_engage': true, 'issued_on': '2023-09', 'status': 'closed', 'closed_on': '2025-01',"
    "    'close_override_reason': null},"
    "   {'id': 102, 'title': 'Missing children', 'text': 'x', 'accelerated': true,"
    "    'added_to_engage': true, 'issued_on': '2023-09', 'status': 'closed', 'closed_on': '2025-01'},"
    "   {'id': 103, 'title': 'Criminal exploitation', 'text': 'x', 'accelerated': false,"
    "    'added_to_engage': true, 'issued_on': '2023-10-10', 'status': 'closed', 'closed_on': '2025-01'} ],"
    " 'recommendations': ["
    "   {'id': 201, 'number': '1', 'cause_id': 101, 'text': 'x', 'issued_on': '2023-09',"
    "    'acceptance': 'accepted', 'status': 'closed', 'implemented_on': '2024-11', 'closed_on': '2025-01',"
    "    'original_deadline': '2023-12-31', 'deadline': '2023-12-31',"
    "    'requirements_total': 4, 'requirements_met': 4},"
    "   {'id': 202, 'number': '2', 'cause_id': 102, 'text': 'x', 'issued_on': '2023-09',"
    "    'acceptance': 'accepted', 'status': 'closed', 'implemented_on': null, 'closed_on': '2025-01',"
    "    'original_deadline': '2023-12-31', 'deadline': null},"
    "   {'id': 203, 'number': '3', 'cause_id': 103, 'text': 'x', 'issued_on': '2023-10-10',"
    "    'acceptance': 'accepted', 'status': 'closed', 'closed_on': '2025-01',"
    "    'original_deadline': '2024-07-31'} ],"
    " 'plan_items': ["
    "   {'id': 301, 'plan': 'Milestone Plan', 'pillar': 'Frontline policing transformation',"
    "    'kind': 'key_action', 'text': 'Answer 999 calls faster', 'target_date': '2024-12',"
    "    'rag': 'complete', 'completed_on': '2024-12-15'},"
    "   {'id': 302, 'plan': 'Milestone Plan', 'pillar': null, 'kind': 'outcome',"
    "    'text': 'Public confidence improves', 'target_date': '2025-03', 'rag': 'green', 'completed_on': null} ],"
    " 'external_matters': [],"
    " 'revisits': [ {'id': 401, 'title': 'Child exploitation revisit', 'started_on': '2024-03',"
    "    'ended_on': '2024-04', 'findings': null} ],"
    " 'ppog': [ {'held_on': '2024-07-10', 'outcome': 'remain', 'notes': null},"
    "           {'held_on': '2025-01-22', 'outcome': 'recommend_exit', 'notes': null} ],"
    " 'indicators': ["
    "   {'measure': '999 calls answered within 10 seconds', 'period': '2024-10', 'value': 85,"
    "    'target': 90, 'higher_is_better': true, 'unit': '%'},"
    "   {'measure': '999 calls answered within 10 seconds', 'period': '2024-12', 'value': 92.5,"
    "    'target': 90, 'higher_is_better': true, 'unit': '%'},"
    "   {'measure': '999 calls answered within 10 seconds', 'period': '2024-11', 'value': 91,"
    "    'target': 90, 'higher_is_better': true, 'unit': '%'} ],"
    " 'progress_updates': [] }";

/* ---- readiness: the Met case ---- */

static void met_ready_before_exit(void **state)
{
    (void)state;
    json_t *met = J(MET);
    json_t *r = readiness(met, "2025-01-20");
    assert_string_equal(S(r, "code"), "met");
    assert_string_equal(S(r, "as_of"), "2025-01-20");
    assert_string_equal(S(r, "phase"), "engage");
    assert_true(is_true(r, "in_engage"));
    assert_true(is_true(r, "ready"));
    assert_int_equal(json_array_size(json_object_get(r, "blocking")), 0);
    json_t *sup = json_object_get(r, "supporting");
    assert_int_equal(count_kind(sup, "cause_of_concern"), 3);
    assert_int_equal(count_kind(sup, "recommendation"), 3);
    assert_int_equal(count_kind(sup, "plan_item"), 1);
    assert_int_equal(count_kind(sup, "revisit"), 1);
    assert_int_equal(count_kind(sup, "indicator"), 1);
    assert_int_equal(count_kind(sup, "ppog"), 0);   /* the recommending meeting was on the 22nd */
    contains(S(by_id(sup, 101), "reason"), "was closed on 2025-01");
    contains(S(by_id(sup, 101), "reason"), "Accelerated cause of concern 1");
    contains(S(by_id(sup, 203), "reason"), "Recommendation 3 (cause of concern 3) was closed on 2025-01.");
    assert_string_equal(S(r, "summary"),
                        "Metropolitan Police Service was in Engage on 2025-01-20; nothing recorded blocks a return to Scan.");
    sentences(sup);
    json_decref(r);
    json_decref(met);
}

static void met_blocking_mid_engage(void **state)
{
    (void)state;
    json_t *met = J(MET);
    json_t *r = readiness(met, "2024-06-01");
    assert_true(is_true(r, "in_engage"));
    assert_false(is_true(r, "ready"));
    json_t *b = json_object_get(r, "blocking");
    assert_int_equal(json_array_size(b), 6);
    /* causes first, then recommendations, each in record order */
    assert_int_equal(json_integer_value(json_object_get(json_array_get(b, 0), "id")), 101);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(b, 2), "id")), 103);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(b, 3), "id")), 201);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(b, 5), "id")), 203);
    assert_string_equal(S(by_id(b, 101), "title"), "Child protection referrals");
    contains(S(by_id(b, 101), "reason"), "is still open");
    contains(S(by_id(b, 103), "reason"), "Cause of concern 3");
    /* 2023-12-31 to 2024-06-01 is 153 days (2024 is a leap year) */
    assert_string_equal(S(by_id(b, 201), "reason"),
                        "Recommendation 1 (cause of concern 1) is open; its deadline 2023-12-31 passed 153 days ago.");
    assert_string_equal(S(by_id(b, 201), "title"), "Recommendation 1 (cause of concern 1)");
    /* deadline null: the original one holds */
    contains(S(by_id(b, 202), "reason"), "its deadline 2023-12-31 passed 153 days ago");
    contains(S(by_id(b, 203), "reason"), "its deadline is 2024-07-31, 60 days away.");
    assert_string_equal(S(r, "summary"),
                        "Metropolitan Police Service was in Engage on 2024-06-01; 3 causes of concern and 3 "
                        "recommendations remain open.");
    json_t *sup = json_object_get(r, "supporting");
    assert_int_equal(count_kind(sup, "revisit"), 1);
    assert_int_equal(count_kind(sup, "cause_of_concern"), 0);
    assert_int_equal(count_kind(sup, "indicator"), 0);   /* no readings yet */
    sentences(b);
    json_decref(r);
    json_decref(met);
}

static void met_after_exit(void **state)
{
    (void)state;
    json_t *met = J(MET);
    json_t *r = readiness(met, "2025-02-01");
    assert_string_equal(S(r, "phase"), "scan");
    assert_false(is_true(r, "in_engage"));
    assert_false(is_true(r, "ready"));
    json_t *b = json_object_get(r, "blocking");
    assert_int_equal(json_array_size(b), 1);
    assert_string_equal(S(json_array_get(b, 0), "kind"), "phase");
    assert_true(json_is_null(json_object_get(json_array_get(b, 0), "id")));
    contains(S(json_array_get(b, 0), "reason"), "was in Scan, not Engage, on 2025-02-01");
    assert_int_equal(json_array_size(json_object_get(r, "supporting")), 0);
    assert_string_equal(S(r, "summary"), "Metropolitan Police Service was in Scan on 2025-02-01, not in Engage.");
    sentences(b);
    json_decref(r);
    /* the period ends on the 23rd: that day is already Scan */
    r = readiness(met, "2025-01-23");
    assert_false(is_true(r, "in_engage"));
    json_decref(r);
    /* and starts on 2022-06-28: that day is Engage, the day before is not */
    r = readiness(met, "2022-06-28");
    assert_true(is_true(r, "in_engage"));
    assert_true(is_true(r, "ready"));   /* nothing issued yet */
    json_decref(r);
    r = readiness(met, "2022-06-27");
    assert_false(is_true(r, "in_engage"));
    json_decref(r);
    json_decref(met);
}

static void met_ppog_recommends_exit(void **state)
{
    (void)state;
    json_t *met = J(MET);
    json_t *r = readiness(met, "2025-01-22");
    json_t *sup = json_object_get(r, "supporting");
    assert_int_equal(count_kind(sup, "ppog"), 1);
    size_t i;
    json_t *it;
    json_array_foreach(sup, i, it) if (strcmp(S(it, "kind"), "ppog") == 0) {
        assert_true(json_is_null(json_object_get(it, "id")));
        assert_string_equal(S(it, "title"), "PPOG 2025-01-22");
        contains(S(it, "reason"), "on 2025-01-22 recommended a return to Scan");
    }
    json_decref(r);
    json_decref(met);
}

static void implemented_awaits_verification(void **state)
{
    (void)state;
    json_t *met = J(MET);
    json_t *r = readiness(met, "2024-12-01");
    json_t *b = json_object_get(r, "blocking");
    assert_string_equal(S(by_id(b, 201), "reason"),
                        "Recommendation 1 (cause of concern 1) was implemented by the force on 2024-11 and is "
                        "awaiting inspector verification.");
    contains(S(by_id(b, 202), "reason"), "is open");
    json_decref(r);
    json_t *s = J("{'code': 'x', 'phase': 'engage', 'recommendations': ["
                  " {'id': 1, 'number': 7, 'status': 'implemented', 'deadline': '2024-01-01'}]}");
    r = readiness(s, "2024-06-01");
    b = json_object_get(r, "blocking");
    assert_string_equal(S(by_id(b, 1), "reason"),
                        "Recommendation 7 has been implemented by the force and is awaiting inspector verification.");
    json_decref(r);
    json_decref(s);
    json_decref(met);
}

static void status_in_progress_and_no_deadline(void **state)
{
    (void)state;
    json_t *s = J("{'code': 'x', 'name': 'X Police', 'phase': 'engage', 'recommendations': ["
                  " {'id': 1, 'number': '4', 'status': 'in_progress', 'deadline': '2024-06-01'},"
                  " {'id': 2, 'number': '5', 'status': 'open'},"
                  " {'id': 3, 'number': '6', 'status': 'open', 'original_deadline': '2024-01-01',"
                  "  'deadline': '2024-09-30'},"
                  " {'id': 4, 'number': '8', 'status': 'open', 'deadline': '2024-05-31'}]}");
    json_t *r = readiness(s, "2024-06-01");
    json_t *b = json_object_get(r, "blocking");
    assert_string_equal(S(by_id(b, 1), "reason"), "Recommendation 4 is in progress; its deadline is today, 2024-06-01.");
    assert_string_equal(S(by_id(b, 2), "reason"), "Recommendation 5 is open; it has no deadline.");
    contains(S(by_id(b, 3), "reason"), "its deadline is 2024-09-30, 121 days away.");   /* the revised one */
    contains(S(by_id(b, 4), "reason"), "passed 1 day ago.");
    assert_string_equal(S(r, "summary"), "X Police was in Engage on 2024-06-01; 4 recommendations remain open.");
    json_decref(r);
    json_decref(s);
}

/* ---- readiness: boundaries of time ---- */

static void closed_on_as_of_counts_as_closed(void **state)
{
    (void)state;
    json_t *s = J("{'code': 'x', 'phase': 'engage', 'causes': ["
                  " {'id': 1, 'title': 'A', 'issued_on': '2024-01-01', 'status': 'closed', 'closed_on': '2024-06-01'}]}");
    json_t *r = readiness(s, "2024-06-01");
    assert_true(is_true(r, "ready"));
    contains(S(by_id(json_object_get(r, "supporting"), 1), "reason"), "was closed on 2024-06-01.");
    json_decref(r);
    r = readiness(s, "2024-05-31");
    assert_false(is_true(r, "ready"));
    assert_true(has_id(json_object_get(r, "blocking"), 1));
    json_decref(r);
    json_decref(s);
}

static void month_precision_closes_from_first_day(void **state)
{
    (void)state;
    json_t *s = J("{'code': 'x', 'phase': 'engage', 'recommendations': ["
                  " {'id': 1, 'number': '1', 'issued_on': '2024', 'status': 'closed', 'closed_on': '2025-01',"
                  "  'deadline': '2024-12'}]}");
    json_t *r = readiness(s, "2024-12-31");
    json_t *b = json_object_get(r, "blocking");
    assert_true(has_id(b, 1));
    /* a month-precision deadline counts from its first day */
    contains(S(by_id(b, 1), "reason"), "its deadline 2024-12 passed 30 days ago.");
    json_decref(r);
    r = readiness(s, "2025-01-01");
    assert_true(is_true(r, "ready"));
    json_decref(r);
    /* year precision issue date: issued from 2024-01-01 */
    r = readiness(s, "2023-12-31");
    assert_int_equal(json_array_size(json_object_get(r, "blocking")), 0);
    assert_int_equal(json_array_size(json_object_get(r, "supporting")), 0);
    json_decref(r);
    json_decref(s);
}

static void issued_after_as_of_is_ignored(void **state)
{
    (void)state;
    json_t *s = J("{'code': 'x', 'phase': 'engage', 'causes': ["
                  "  {'id': 1, 'title': 'Later', 'issued_on': '2024-06-02', 'status': 'open'},"
                  "  {'id': 2, 'title': 'Same day', 'issued_on': '2024-06-01', 'status': 'open'}],"
                  " 'recommendations': [ {'id': 3, 'number': '1', 'issued_on': '2024-07', 'status': 'open'} ]}");
    json_t *r = readiness(s, "2024-06-01");
    json_t *b = json_object_get(r, "blocking");
    assert_int_equal(json_array_size(b), 1);
    assert_true(has_id(b, 2));
    assert_string_equal(S(r, "summary"), "x was in Engage on 2024-06-01; 1 cause of concern remains open.");
    json_decref(r);
    json_decref(s);
}

static void closed_status_without_date_and_reopened(void **state)
{
    (void)state;
    json_t *s = J("{'code': 'x', 'phase': 'engage', 'causes': ["
                  "  {'id': 1, 'status': 'closed'},"
                  "  {'id': 2, 'status': 'open', 'closed_on': '2020-01-01'},"
                  "  {'id': 3, 'status': 'closed', 'closed_on': 'soon'}]}");
    json_t *r = readiness(s, "2024-06-01");
    json_t *sup = json_object_get(r, "supporting"), *b = json_object_get(r, "blocking");
    assert_true(has_id(sup, 1));
    contains(S(by_id(sup, 1), "reason"), "Cause of concern 1 is closed.");
    assert_string_equal(S(by_id(sup, 1), "title"), "Cause of concern 1");
    assert_true(has_id(b, 2));   /* the status says open: a reopened cause */
    assert_true(has_id(sup, 3));  /* unreadable date: the status stands */
    json_decref(r);
    json_decref(s);
}

static void close_override_reason_is_said(void **state)
{
    (void)state;
    json_t *s = J("{'code': 'x', 'phase': 'engage', 'causes': [ {'id': 1, 'title': 'Custody', 'status': 'closed',"
                  " 'closed_on': '2024-02-02', 'close_override_reason': 'superseded by the PEEL findings'}]}");
    json_t *r = readiness(s, "2024-06-01");
    assert_string_equal(S(by_id(json_object_get(r, "supporting"), 1), "reason"),
                        "Cause of concern 1, \"Custody\", was closed on 2024-02-02, by override: superseded by the PEEL "
                        "findings.");
    json_decref(r);
    json_decref(s);
}

/* ---- readiness: phase from periods ---- */

static void phase_from_periods(void **state)
{
    (void)state;
    json_t *s = J("{'code': 'x', 'phase': 'engage', 'periods': ["
                  " {'phase': 'scan', 'from': null, 'to': '2020-01-01'},"
                  " {'phase': 'engage', 'from': '2020-01-01', 'to': '2021-01-01'},"
                  " {'phase': 'scan', 'from': '2021-01-01', 'to': '2023-05'},"
                  " {'phase': 'engage', 'from': '2023-05', 'to': null}]}");
    const struct { const char *day, *phase; } cases[] = {
        {"1999-01-01", "scan"}, {"2019-12-31", "scan"}, {"2020-01-01", "engage"}, {"2020-12-31", "engage"},
        {"2021-01-01", "scan"}, {"2023-04-30", "scan"}, {"2023-05-01", "engage"}, {"2030-01-01", "engage"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *r = readiness(s, cases[i].day);
        if (strcmp(S(r, "phase"), cases[i].phase) != 0)
            fail_msg("%s: phase %s, expected %s", cases[i].day, S(r, "phase"), cases[i].phase);
        json_decref(r);
    }
    json_decref(s);
}

static void phase_falls_back_to_current(void **state)
{
    (void)state;
    json_t *s = J("{'code': 'x', 'phase': 'engage'}");
    json_t *r = readiness(s, "2024-06-01");
    assert_true(is_true(r, "in_engage"));
    assert_true(is_true(r, "ready"));
    json_decref(r);
    json_decref(s);
    s = J("{'code': 'x', 'phase': 'engage', 'periods': []}");
    r = readiness(s, "2024-06-01");
    assert_true(is_true(r, "in_engage"));
    json_decref(r);
    json_decref(s);
    /* periods of the wrong shape are as good as none */
    s = J("{'code': 'x', 'phase': 'engage', 'periods': [1, {'phase': 'scan', 'from': 'never'}, {'from': '2020'}]}");
    r = readiness(s, "2024-06-01");
    assert_true(is_true(r, "in_engage"));
    json_decref(r);
    json_decref(s);
    /* no phase at all: the default, Scan */
    s = J("{'code': 'x'}");
    r = readiness(s, "2024-06-01");
    assert_string_equal(S(r, "phase"), "scan");
    assert_false(is_true(r, "ready"));
    json_decref(r);
    json_decref(s);
}

static void other_phase_named(void **state)
{
    (void)state;
    json_t *s = J("{'code': 'x', 'name': 'X', 'phase': 'special_measures'}");
    json_t *r = readiness(s, "2024-06-01");
    assert_false(is_true(r, "in_engage"));
    assert_string_equal(S(r, "summary"), "X was in Special measures on 2024-06-01, not in Engage.");
    json_decref(r);
    json_decref(s);
}

/* ---- readiness: plan items, matters, PPOG, indicators, revisits ---- */

static void plan_items_rules(void **state)
{
    (void)state;
    json_t *s = J("{'code': 'x', 'name': 'X', 'phase': 'engage', 'plan_items': ["
                  " {'id': 1, 'plan': 'Milestone Plan', 'kind': 'key_action', 'text': 'Late',"
                  "  'target_date': '2024-05-01', 'rag': 'amber'},"
                  " {'id': 2, 'plan': 'Milestone Plan', 'kind': 'outcome', 'text': 'Due today',"
                  "  'target_date': '2024-06-01', 'rag': 'red'},"
                  " {'id': 3, 'plan': 'Milestone Plan', 'kind': 'key_action', 'text': 'Done, no date',"
                  "  'target_date': '2024-01-01', 'rag': 'complete', 'completed_on': null},"
                  " {'id': 4, 'plan': 'Milestone Plan', 'kind': 'key_action', 'text': 'Done later',"
                  "  'target_date': '2024-01-01', 'rag': 'complete', 'completed_on': '2024-07-01'},"
                  " {'id': 5, 'kind': 'key_action', 'text': 'No target', 'target_date': null, 'rag': 'not_started'},"
                  " {'id': 6, 'kind': 'key_action', 'text': 'Done on the day', 'target_date': '2024-03-01',"
                  "  'rag': 'green', 'completed_on': '2024-06-01'} ]}");
    json_t *r = readiness(s, "2024-06-01");
    json_t *b = json_object_get(r, "blocking"), *sup = json_object_get(r, "supporting");
    assert_int_equal(json_array_size(b), 2);
    assert_string_equal(S(by_id(b, 1), "reason"),
                        "Milestone Plan key action \"Late\" was due by 2024-05-01 and is not complete (status Amber); "
                        "it is 31 days past its target date.");
    assert_string_equal(S(by_id(b, 1), "title"), "Late");
    assert_false(has_id(b, 2));   /* due today is not yet late */
    assert_true(has_id(sup, 3));
    contains(S(by_id(sup, 3), "reason"), "Milestone Plan key action \"Done, no date\" is complete.");
    assert_true(has_id(b, 4));    /* completed after as_of: late at as_of */
    assert_false(has_id(b, 5));
    assert_false(has_id(sup, 5));
    assert_true(has_id(sup, 6));
    contains(S(by_id(sup, 6), "reason"), "Plan key action \"Done on the day\" was completed on 2024-06-01.");
    assert_string_equal(S(r, "summary"), "X was in Engage on 2024-06-01; 2 plan items are past their target date.");
    json_decref(r);
    json_decref(s);
}

static void external_matters_rules(void **state)
{
    (void)state;
    json_t *s = J("{'code': 'x', 'name': 'X', 'phase': 'engage',"
                  " 'causes': [ {'id': 9, 'status': 'open'} ],"
                  " 'plan_items': [ {'id': 8, 'text': 'Late', 'target_date': '2024-01-01', 'rag': 'red'} ],"
                  " 'external_matters': ["
                  " {'id': 1, 'report': 'the Daniel Morgan Independent Panel report', 'reference': 'R1',"
                  "  'text': 'Vetting', 'status': 'in_progress', 'closed_on': null},"
                  " {'id': 2, 'report': 'the Daniel Morgan Independent Panel report', 'reference': null,"
                  "  'text': 'Records', 'status': 'closed', 'closed_on': '2024-03'} ]}");
    json_t *r = readiness(s, "2024-06-01");
    json_t *b = json_object_get(r, "blocking"), *sup = json_object_get(r, "supporting");
    assert_string_equal(S(by_id(b, 1), "reason"),
                        "Matter R1 from the Daniel Morgan Independent Panel report, \"Vetting\", is still open.");
    assert_string_equal(S(by_id(b, 1), "kind"), "external_matter");
    contains(S(by_id(sup, 2), "reason"), "was closed on 2024-03.");
    assert_string_equal(S(r, "summary"),
                        "X was in Engage on 2024-06-01; 1 cause of concern and 1 external report matter remain open, "
                        "and 1 plan item is past its target date.");
    json_decref(r);
    json_decref(s);
}

static void ppog_latest_only(void **state)
{
    (void)state;
    json_t *s = J("{'code': 'x', 'phase': 'engage', 'ppog': ["
                  " {'held_on': '2024-01-10', 'outcome': 'recommend_exit'},"
                  " {'held_on': '2024-04-10', 'outcome': 'remain'},"
                  " {'held_on': '2024-09-10', 'outcome': 'recommend_exit'},"
                  " {'held_on': 'later', 'outcome': 'recommend_exit'}, 5 ]}");
    json_t *r = readiness(s, "2024-02-01");
    assert_int_equal(count_kind(json_object_get(r, "supporting"), "ppog"), 1);
    json_decref(r);
    r = readiness(s, "2024-06-01");   /* the latest said remain */
    assert_int_equal(count_kind(json_object_get(r, "supporting"), "ppog"), 0);
    json_decref(r);
    r = readiness(s, "2024-09-10");
    assert_int_equal(count_kind(json_object_get(r, "supporting"), "ppog"), 1);
    json_decref(r);
    r = readiness(s, "2024-01-09");
    assert_int_equal(count_kind(json_object_get(r, "supporting"), "ppog"), 0);
    json_decref(r);
    json_decref(s);
}

static void indicators_latest_period(void **state)
{
    (void)state;
    json_t *s = J("{'code': 'x', 'phase': 'engage', 'indicators': ["
                  " {'measure': 'calls', 'period': '2024-01', 'value': 95, 'target': 90, 'higher_is_better': true},"
                  " {'measure': 'calls', 'period': '2024-02', 'value': 80, 'target': 90, 'higher_is_better': true},"
                  " {'measure': 'wait', 'period': '2024-01', 'value': 12, 'target': 15, 'higher_is_better': false,"
                  "  'unit': 'minutes'},"
                  " {'measure': 'untargeted', 'period': '2024-01', 'value': 1, 'target': null},"
                  " {'measure': 'broken', 'period': '2024-01', 'value': 'high', 'target': 1} ]}");
    json_t *r = readiness(s, "2024-01-15");
    json_t *sup = json_object_get(r, "supporting");
    assert_int_equal(count_kind(sup, "indicator"), 2);
    assert_string_equal(S(json_array_get(sup, 0), "title"), "calls");
    assert_string_equal(S(json_array_get(sup, 1), "reason"),
                        "Wait was 12 minutes in 2024-01, meeting its target of 15 minutes.");
    json_decref(r);
    r = readiness(s, "2024-03-01");   /* calls missed in February */
    sup = json_object_get(r, "supporting");
    assert_int_equal(count_kind(sup, "indicator"), 1);
    assert_string_equal(S(json_array_get(sup, 0), "title"), "wait");
    json_decref(r);
    json_decref(s);
}

static void revisits_done(void **state)
{
    (void)state;
    json_t *s = J("{'code': 'x', 'phase': 'engage', 'revisits': ["
                  " {'id': 1, 'title': 'First', 'started_on': '2024-01-01', 'ended_on': '2024-02-01'},"
                  " {'id': 2, 'title': 'Second', 'started_on': '2024-05-01', 'ended_on': null},"
                  " {'id': 3, 'title': 'Third', 'started_on': '2024-05-01', 'ended_on': '2024-06-02'} ]}");
    json_t *r = readiness(s, "2024-06-01");
    json_t *sup = json_object_get(r, "supporting");
    assert_int_equal(json_array_size(sup), 1);
    assert_string_equal(S(by_id(sup, 1), "reason"), "The revisit \"First\" was completed on 2024-02-01.");
    assert_true(is_true(r, "ready"));
    json_decref(r);
    json_decref(s);
}

/* ---- readiness: bad input ---- */

static void readiness_bad_input(void **state)
{
    (void)state;
    odate_t d = D("2024-06-01"), none = {0, 0, 0, DATE_NONE};
    json_t *arr = J("[]"), *str = json_string("met"), *obj = J("{'code': 'x'}");
    assert_null(rules_readiness(NULL, &d));
    assert_null(rules_readiness(arr, &d));
    assert_null(rules_readiness(str, &d));
    assert_null(rules_readiness(obj, NULL));
    assert_null(rules_readiness(obj, &none));
    json_decref(arr);
    json_decref(str);
    json_decref(obj);
}

static void readiness_wrong_types(void **state)
{
    (void)state;
    json_t *s = J("{'code': 5, 'name': null, 'phase': 'engage', 'causes': 'many',"
                  " 'recommendations': [1, 'two', null, {'number': null, 'id': 'r', 'status': 3,"
                  "   'deadline': 20240101, 'issued_on': 7, 'cause_id': 'nope'}],"
                  " 'plan_items': {'a': 1}, 'external_matters': [ [], {'status': 'open'} ],"
                  " 'ppog': 'x', 'indicators': [ {'measure': 1}, {'measure': 'm', 'period': 'Q1', 'value': 1, 'target': 2} ],"
                  " 'revisits': [ {'ended_on': 2024} ], 'inspections': 'none' }");
    json_t *r = readiness(s, "2024-06-01");
    assert_int_equal(json_integer_value(json_object_get(r, "code")), 5);
    json_t *b = json_object_get(r, "blocking");
    assert_int_equal(json_array_size(b), 2);
    assert_string_equal(S(json_array_get(b, 0), "reason"), "Recommendation (id r) is open; it has no deadline.");
    assert_string_equal(S(json_array_get(b, 1), "reason"), "Matter is still open.");
    assert_true(json_is_null(json_object_get(json_array_get(b, 1), "id")));
    assert_int_equal(json_array_size(json_object_get(r, "supporting")), 0);
    contains(S(r, "summary"), "The body was in Engage");   /* no name, no code text */
    json_decref(r);
    json_decref(s);
}

static void as_of_month_precision(void **state)
{
    (void)state;
    json_t *met = J(MET);
    json_t *r = readiness(met, "2024-06");
    assert_string_equal(S(r, "as_of"), "2024-06-01");
    contains(S(by_id(json_object_get(r, "blocking"), 201), "reason"), "passed 153 days ago");
    json_decref(r);
    json_decref(met);
}

/* ---- engage candidates ---- */

/* The candidates at as_of; each snapshot's rules_engage_score agrees with
 * them (listed or not, and the score). */
static json_t *candidates(const json_t *snaps, const char *as_of)
{
    odate_t d = D(as_of);
    json_t *r = rules_engage_candidates(snaps, &d);
    assert_non_null(r);
    assert_true(json_is_array(r));
    size_t i, listed = 0;
    const json_t *snap;
    json_array_foreach(snaps, i, snap) {
        long score = -1;
        int is = rules_engage_score(snap, &d, &score);
        assert_true(is == 0 || is == 1);
        const json_t *c = NULL, *x;
        size_t k;
        const char *code = json_string_value(json_object_get(snap, "code"));
        json_array_foreach(r, k, x) if (code && strcmp(S(x, "code"), code) == 0) c = x;
        assert_int_equal(is, c != NULL);
        assert_int_equal(score, c ? json_integer_value(json_object_get(c, "score")) : 0);
        listed += (size_t)is;
    }
    assert_int_equal(listed, json_array_size(r));
    /* written with no tree: the same text as the tree's */
    buf_t text = BUF_INIT;
    jw_t w;
    jw_init(&w, &text);
    assert_int_equal(rules_engage_candidates_write(snaps, &d, &w), 0);
    assert_int_equal(jw_finish(&w), 0);
    char *want = json_dumps(r, JSON_COMPACT | JSON_ENSURE_ASCII);
    assert_non_null(want);
    assert_int_equal(text.len, strlen(want));
    assert_memory_equal(text.data, want, text.len);
    free(want);
    buf_free(&text);
    return r;
}

static json_t *candidate(const json_t *list, const char *code)
{
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c) if (strcmp(S(c, "code"), code) == 0) return c;
    return NULL;
}

static void candidates_met_history(void **state)
{
    (void)state;
    json_t *met = J(MET);
    json_t *snaps = json_pack("[O]", met);
    /* before Engage: the inadequate PEEL grade is the one sign */
    json_t *r = candidates(snaps, "2022-06-01");
    assert_int_equal(json_array_size(r), 1);
    json_t *c = json_array_get(r, 0);
    assert_string_equal(S(c, "code"), "met");
    assert_string_equal(S(c, "name"), "Metropolitan Police Service");
    assert_string_equal(S(c, "phase"), "scan");
    assert_int_equal(json_integer_value(json_object_get(c, "score")), 3);
    json_t *reasons = json_object_get(c, "reasons");
    assert_int_equal(json_array_size(reasons), 1);
    assert_string_equal(S(json_array_get(reasons, 0), "kind"), "grade");
    assert_string_equal(S(json_array_get(reasons, 0), "reason"),
                        "PEEL 2021/22, published on 2022-03, graded responding to the public as inadequate.");
    json_decref(r);
    /* in Engage: not a candidate */
    r = candidates(snaps, "2024-06-01");
    assert_int_equal(json_array_size(r), 0);
    json_decref(r);
    /* back in Scan, everything closed: the 2022 grade is still the latest graded one */
    r = candidates(snaps, "2025-02-01");
    assert_int_equal(json_array_size(r), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(r, 0), "score")), 3);
    json_decref(r);
    /* retired (merged into a successor, say): never a candidate, whatever
     * its record holds and whatever the day */
    json_t *gone = json_deep_copy(met);
    json_object_set_new(gone, "retired_on", json_string("2023-01-01"));
    json_t *gsnaps = json_pack("[o]", gone);
    r = candidates(gsnaps, "2022-06-01");
    assert_int_equal(json_array_size(r), 0);
    json_decref(r);
    json_decref(gsnaps);
    /* before the PEEL report: nothing */
    r = candidates(snaps, "2022-02-28");
    assert_int_equal(json_array_size(r), 0);
    json_decref(r);
    json_decref(snaps);
    json_decref(met);
}

static void candidates_latest_graded_inspection(void **state)
{
    (void)state;
    json_t *snaps = J("[{'code': 'a', 'name': 'A', 'phase': 'scan', 'inspections': ["
                      " {'id': 1, 'title': 'PEEL 2018', 'published_on': '2019-01-01', 'pcc_response_on': '2019-01-01', 'grades': ["
                      "   {'area': 'efficiency', 'grade': 'inadequate'}]},"
                      " {'id': 2, 'title': 'PEEL 2021/22', 'published_on': '2022-01-01', 'pcc_response_on': '2022-01', 'grades': ["
                      "   {'area': 'responding to the public', 'grade': 'inadequate'},"
                      "   {'area': 'investigating crime', 'grade': 'inadequate'},"
                      "   {'area': 'leadership', 'grade': 'good'}, {'area': 'x'}, 3]},"
                      " {'id': 3, 'title': 'Thematic', 'published_on': '2022-05-01', 'pcc_response_on': '2022-05-01', 'grades': []},"
                      " {'id': 4, 'title': 'PEEL 2023/25', 'published_on': '2024-01-01', 'pcc_response_on': '2024-01-01', 'grades': ["
                      "   {'area': 'responding to the public', 'grade': 'adequate'}]} ]}]");
    json_t *r = candidates(snaps, "2019-06-01");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(r, 0), "score")), 3);
    json_decref(r);
    r = candidates(snaps, "2022-06-01");   /* the thematic report has no grades */
    json_t *c = json_array_get(r, 0);
    assert_int_equal(json_integer_value(json_object_get(c, "score")), 6);
    assert_int_equal(count_kind(json_object_get(c, "reasons"), "grade"), 2);
    json_decref(r);
    r = candidates(snaps, "2024-01-01");   /* published that day: counts */
    assert_int_equal(json_array_size(r), 0);
    json_decref(r);
    json_decref(snaps);
}

static void candidates_causes_and_overdue(void **state)
{
    (void)state;
    json_t *snaps = J("[{'code': 'b', 'name': 'B', 'phase': 'scan',"
                      " 'causes': ["
                      "  {'id': 1, 'title': 'Custody', 'accelerated': true, 'issued_on': '2024-01-01', 'status': 'open'},"
                      "  {'id': 2, 'title': 'Vetting', 'accelerated': false, 'issued_on': '2024-01-01', 'status': 'open'},"
                      "  {'id': 3, 'title': 'Closed', 'accelerated': true, 'issued_on': '2024-01-01',"
                      "   'status': 'closed', 'closed_on': '2024-03-01'},"
                      "  {'id': 4, 'title': 'Future', 'accelerated': true, 'issued_on': '2024-09-01', 'status': 'open'}],"
                      " 'recommendations': ["
                      "  {'id': 5, 'number': '1', 'cause_id': 2, 'issued_on': '2024-01-01', 'status': 'in_progress',"
                      "   'deadline': '2024-05-01'},"
                      "  {'id': 6, 'number': '2', 'issued_on': '2024-01-01', 'status': 'open', 'deadline': '2024-06-01'},"
                      "  {'id': 7, 'number': '3', 'issued_on': '2024-01-01', 'status': 'closed', 'closed_on': '2024-05-15',"
                      "   'deadline': '2024-05-01'},"
                      "  {'id': 8, 'number': '4', 'issued_on': '2024-01-01', 'status': 'implemented',"
                      "   'original_deadline': '2024-02-01', 'deadline': '2024-07-01'} ]}]");
    json_t *r = candidates(snaps, "2024-06-01");
    json_t *c = json_array_get(r, 0);
    json_t *reasons = json_object_get(c, "reasons");
    assert_int_equal(count_kind(reasons, "accelerated"), 1);
    assert_int_equal(count_kind(reasons, "cause"), 1);
    assert_int_equal(count_kind(reasons, "overdue"), 1);   /* due today is not overdue; closed is not */
    assert_int_equal(json_integer_value(json_object_get(c, "score")), 3 + 1 + 1);
    assert_string_equal(S(json_array_get(reasons, 0), "reason"), "Accelerated cause of concern 1, \"Custody\", is open.");
    assert_string_equal(S(json_array_get(reasons, 1), "reason"), "Cause of concern 2, \"Vetting\", is open.");
    assert_string_equal(S(json_array_get(reasons, 2), "reason"),
                        "Recommendation 1 (cause of concern 2) is not closed and its deadline 2024-05-01 passed 31 days ago.");
    sentences(reasons);
    json_decref(r);
    json_decref(snaps);
}

static void candidates_indicator_run(void **state)
{
    (void)state;
    json_t *snaps = J("[{'code': 'c', 'name': 'C', 'phase': 'scan', 'indicators': ["
                      " {'measure': 'calls', 'period': '2024-04', 'value': 70, 'target': 90, 'unit': '%'},"
                      " {'measure': 'calls', 'period': '2024-01', 'value': 95, 'target': 90, 'unit': '%'},"
                      " {'measure': 'calls', 'period': '2024-02', 'value': 80, 'target': 90, 'unit': '%'},"
                      " {'measure': 'calls', 'period': '2024-03', 'value': 85, 'target': 90, 'unit': '%'},"
                      " {'measure': 'wait', 'period': '2024-01', 'value': 20, 'target': 15, 'higher_is_better': false},"
                      " {'measure': 'wait', 'period': '2024-02', 'value': 21, 'target': 15, 'higher_is_better': false},"
                      " {'measure': 'wait', 'period': '2024-03', 'value': 14, 'target': 15, 'higher_is_better': false},"
                      " {'measure': 'wait', 'period': '2024-04', 'value': 30, 'target': null, 'higher_is_better': false}"
                      "]}]");
    json_t *r = candidates(snaps, "2024-03-15");   /* calls: two periods below; wait met in March */
    assert_int_equal(json_array_size(r), 0);
    json_decref(r);
    r = candidates(snaps, "2024-04-15");   /* calls: three below; wait: no target in April */
    json_t *c = json_array_get(r, 0);
    assert_int_equal(json_integer_value(json_object_get(c, "score")), 2);
    json_t *reasons = json_object_get(c, "reasons");
    assert_int_equal(json_array_size(reasons), 1);
    assert_string_equal(S(json_array_get(reasons, 0), "reason"),
                        "Calls was below its target in each of the last 3 periods, to 2024-04, when it was 70% "
                        "against 90%.");
    json_decref(r);
    json_decref(snaps);
    snaps = J("[{'code': 'd', 'phase': 'scan', 'indicators': ["
              " {'measure': 'wait', 'period': '2024-01', 'value': 20, 'target': 15, 'higher_is_better': false},"
              " {'measure': 'wait', 'period': '2024-02', 'value': 21, 'target': 15, 'higher_is_better': false},"
              " {'measure': 'wait', 'period': '2024-03', 'value': 16, 'target': 15, 'higher_is_better': false}]}]");
    r = candidates(snaps, "2024-03-01");
    assert_int_equal(json_array_size(r), 1);
    contains(S(json_array_get(json_object_get(json_array_get(r, 0), "reasons"), 0), "reason"), "above its target");
    json_decref(r);
    json_decref(snaps);
}

static void candidates_pcc_overdue(void **state)
{
    (void)state;
    /* published 2023-10-10: response due 2023-12-04 (the 56 days begin with publication day) */
    json_t *snaps = J("[{'code': 'e', 'name': 'E', 'kind': 'police', 'phase': 'scan', 'inspections': ["
                      " {'id': 1, 'title': 'Child exploitation', 'published_on': '2023-10-10', 'grades': [],"
                      "  'pcc_response_on': null},"
                      " {'id': 2, 'title': 'Answered', 'published_on': '2023-10-10', 'grades': [],"
                      "  'pcc_response_on': '2023-11-01'},"
                      " {'id': 3, 'title': 'Answered late', 'published_on': '2023-10-10', 'grades': [],"
                      "  'pcc_response_on': '2024-01-10'} ]}]");
    json_t *r = candidates(snaps, "2023-12-04");   /* due that day: not yet overdue */
    assert_int_equal(json_array_size(r), 0);
    json_decref(r);
    r = candidates(snaps, "2023-12-05");
    json_t *reasons = json_object_get(json_array_get(r, 0), "reasons");
    assert_int_equal(json_array_size(reasons), 2);   /* 1, and 3 not yet answered */
    assert_string_equal(S(json_array_get(reasons, 0), "kind"), "pcc_overdue");
    assert_string_equal(S(json_array_get(reasons, 0), "reason"),
                        "No response from the local policing body to \"Child exploitation\", published on 2023-10-10, "
                        "was recorded by 2023-12-04, the last of the 56 days beginning with the day of publication.");
    json_decref(r);
    r = candidates(snaps, "2024-02-01");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(r, 0), "score")), 1);
    json_decref(r);
    json_decref(snaps);
}

static json_t *deadlines(const json_t *snaps, const char *today, const char *before);

/* s.55 is a duty of police bodies: a fire and rescue service's report (or
 * a body of no known kind) owes no response, so it is neither a deadline
 * nor a sign. */
static void pcc_police_forces_only(void **state)
{
    (void)state;
    assert_true(rules_pcc_owed("police"));
    assert_false(rules_pcc_owed("fire"));
    assert_false(rules_pcc_owed("national"));
    assert_false(rules_pcc_owed(NULL));
    json_t *snaps = J("[{'code': 'f', 'name': 'F', 'kind': 'fire', 'phase': 'scan', 'inspections': ["
                      " {'id': 1, 'title': 'Fire report', 'published_on': '2024-10-10', 'grades': [],"
                      "  'pcc_response_on': null} ]},"
                      " {'code': 'p', 'name': 'P', 'kind': 'police', 'phase': 'scan', 'inspections': ["
                      " {'id': 2, 'title': 'Police report', 'published_on': '2024-10-10', 'grades': [],"
                      "  'pcc_response_on': null} ]}]");
    json_t *r = deadlines(snaps, "2024-11-20", "2025-01-01");
    json_t *up = json_object_get(r, "upcoming");
    assert_int_equal(json_array_size(up), 1);
    assert_string_equal(S(json_array_get(up, 0), "code"), "p");
    assert_string_equal(S(json_array_get(up, 0), "due"), "2024-12-04");   /* the brief's case */
    json_decref(r);
    r = candidates(snaps, "2024-12-05");
    assert_int_equal(json_array_size(r), 1);
    assert_string_equal(S(json_array_get(r, 0), "code"), "p");
    json_decref(r);
    json_decref(snaps);
}

/* Each reason names its fact (table and row) and weight; a body that
 * returned to Scan is not flagged on facts dated before that decision
 * (the decision weighed them), only on later ones. */
static void candidates_from_facts_since_return(void **state)
{
    (void)state;
    const char *fmt =
        "[{'code': 'r', 'name': 'R', 'kind': 'police', 'phase': 'scan',"
        " 'periods': [ {'phase': 'scan', 'from': null, 'to': '2022-01-10'},"
        "              {'phase': 'engage', 'from': '2022-01-10', 'to': '2024-03-01'},"
        "              {'phase': 'scan', 'from': '2024-03-01', 'to': null} ],"
        " 'inspections': [ {'id': 7, 'title': 'PEEL', 'published_on': '2023-05-01', 'pcc_response_on': '2023-06-01',"
        "   'grades': [ {'area': 'Investigating crime', 'grade': 'inadequate'} ]} ],"
        " 'causes': [ {'id': 31, 'title': 'Old', 'accelerated': true, 'issued_on': '2021-12-01', 'status': 'open'}%s ],"
        " 'recommendations': [ {'id': 41, 'number': '1', 'issued_on': '2023-01-01', 'status': 'open',"
        "   'deadline': '2024-01-31'},"
        "   {'id': 42, 'number': '2', 'issued_on': '2023-01-01', 'status': 'open', 'deadline': '2024-06-30'} ],"
        " 'indicators': [ {'measure': '999 answered in 10 s', 'period': '2024-01', 'value': 70, 'target': 90, 'higher_is_better': true},"
        "   {'measure': '999 answered in 10 s', 'period': '2024-02', 'value': 70, 'target': 90, 'higher_is_better': true},"
        "   {'measure': '999 answered in 10 s', 'period': '2024-03', 'value': 70, 'target': 90, 'higher_is_better': true},"
        "   {'measure': '999 answered in 10 s', 'period': '2024-04', 'value': 70, 'target': 90, 'higher_is_better': true} ] }]";
    char text[3000];
    snprintf(text, sizeof text, fmt, "");
    json_t *snaps = J(text);
    /* before the return the body was in Engage: no candidate */
    json_t *r = candidates(snaps, "2024-02-15");
    assert_int_equal(json_array_size(r), 0);
    json_decref(r);
    /* after it: the old grade, the old accelerated cause, the deadline
     * missed before the return and the indicator's periods before it are
     * not signs; recommendation 2's deadline passed after it is */
    r = candidates(snaps, "2024-07-15");
    assert_int_equal(json_array_size(r), 1);
    json_t *c = json_array_get(r, 0);
    assert_string_equal(S(c, "returned_on"), "2024-03-01");
    json_t *reasons = json_object_get(c, "reasons");
    assert_int_equal(json_array_size(reasons), 1);
    json_t *x = json_array_get(reasons, 0);
    assert_string_equal(S(x, "kind"), "overdue");
    assert_int_equal(json_integer_value(json_object_get(x, "weight")), RULES_WEIGHT_OVERDUE);
    assert_string_equal(S(json_object_get(x, "source"), "table"), "recommendations");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(x, "source"), "id")), 42);
    long score = -1;
    assert_int_equal(rules_engage_score(json_array_get(snaps, 0), &(odate_t){2024, 7, 15, DATE_DAY}, &score), 1);
    assert_int_equal(score, RULES_WEIGHT_OVERDUE);
    json_decref(r);
    json_decref(snaps);
    /* a cause issued after the return is a sign, named by its row */
    snprintf(text, sizeof text, fmt, ", {'id': 32, 'title': 'New', 'accelerated': false, 'issued_on': '2024-05-01', 'status': 'open'}");
    snaps = J(text);
    r = candidates(snaps, "2024-07-15");
    reasons = json_object_get(json_array_get(r, 0), "reasons");
    assert_int_equal(json_array_size(reasons), 2);
    assert_string_equal(S(json_array_get(reasons, 0), "kind"), "cause");
    assert_string_equal(S(json_object_get(json_array_get(reasons, 0), "source"), "table"), "causes_of_concern");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(json_array_get(reasons, 0), "source"), "id")), 32);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(r, 0), "score")),
                     RULES_WEIGHT_CAUSE + RULES_WEIGHT_OVERDUE);
    json_decref(r);
    /* three periods below target after the return make the indicator a sign */
    json_array_append_new(json_object_get(json_array_get(snaps, 0), "indicators"),
                          J("{'measure': '999 answered in 10 s', 'period': '2024-05', 'value': 70, 'target': 90, 'higher_is_better': true}"));
    r = candidates(snaps, "2024-07-15");
    reasons = json_object_get(json_array_get(r, 0), "reasons");
    assert_int_equal(json_array_size(reasons), 3);
    x = json_array_get(reasons, 2);
    assert_string_equal(S(x, "kind"), "indicator");
    assert_string_equal(S(json_object_get(x, "source"), "period"), "2024-05");
    json_decref(r);
    json_decref(snaps);
}

static void candidates_order_and_filter(void **state)
{
    (void)state;
    json_t *snaps = J("[{'code': 'zeta', 'phase': 'scan', 'causes': [ {'id': 1, 'status': 'open'} ]},"
                      " {'code': 'alpha', 'phase': 'scan', 'causes': [ {'id': 1, 'status': 'open'} ]},"
                      " {'code': 'mid', 'phase': 'scan', 'causes': [ {'id': 1, 'status': 'open', 'accelerated': true} ]},"
                      " {'code': 'eng', 'phase': 'engage', 'causes': [ {'id': 1, 'status': 'open', 'accelerated': true} ]},"
                      " {'code': 'clean', 'phase': 'scan'},"
                      " {'name': 'no code', 'phase': 'scan', 'causes': [ {'id': 1, 'status': 'open'} ]},"
                      " 'junk', 4, null]");
    json_t *r = candidates(snaps, "2024-06-01");
    assert_int_equal(json_array_size(r), 3);
    assert_string_equal(S(json_array_get(r, 0), "code"), "mid");
    assert_string_equal(S(json_array_get(r, 1), "code"), "alpha");
    assert_string_equal(S(json_array_get(r, 2), "code"), "zeta");
    assert_null(candidate(r, "eng"));
    assert_null(candidate(r, "clean"));
    assert_string_equal(S(candidate(r, "alpha"), "name"), "alpha");   /* no name: the code */
    json_decref(r);
    json_decref(snaps);
}

static void candidates_bad_input(void **state)
{
    (void)state;
    odate_t d = D("2024-06-01"), none = {0, 0, 0, DATE_NONE};
    json_t *obj = J("{'code': 'x'}"), *empty = J("[]");
    assert_null(rules_engage_candidates(NULL, &d));
    assert_null(rules_engage_candidates(obj, &d));
    assert_null(rules_engage_candidates(empty, NULL));
    assert_null(rules_engage_candidates(empty, &none));
    long score = 7;
    assert_int_equal(rules_engage_score(obj, &none, &score), -1);
    assert_int_equal(score, 0);
    assert_int_equal(rules_engage_score(obj, NULL, &score), -1);
    json_t *r = candidates(empty, "2024-06-01");
    assert_int_equal(json_array_size(r), 0);
    json_decref(r);
    json_t *bad = J("[{'code': 'x', 'phase': 'scan', 'inspections': [ {'published_on': '2020', 'grades': 'bad'}, 1,"
                    " {'published_on': 2020, 'grades': [{'grade': 'inadequate'}]},"
                    " {'published_on': '2020', 'grades': [{'grade': 'inadequate', 'area': null}]} ],"
                    " 'causes': [ 1, {'accelerated': 'yes', 'status': 'open'} ],"
                    " 'recommendations': [ {'deadline': '2020-13-01', 'status': 'open'} ],"
                    " 'indicators': [ {'measure': 'm', 'period': '2020', 'value': null, 'target': 1} ]}]");
    r = candidates(bad, "2024-06-01");
    json_t *reasons = json_object_get(json_array_get(r, 0), "reasons");
    /* the parsable grade and the cause; reports published on an unknown day
     * give no PCC due date */
    assert_int_equal(json_array_size(reasons), 2);
    assert_string_equal(S(json_array_get(reasons, 0), "reason"),
                        "The inspection published on 2020 graded an area as inadequate.");
    assert_string_equal(S(json_array_get(reasons, 1), "kind"), "cause");
    json_decref(r);
    json_decref(bad);
    json_decref(obj);
    json_decref(empty);
}

/* ---- PCC due ---- */

static void pcc_due_is_the_56th_day_counting_publication(void **state)
{
    (void)state;
    char t[DATE_TEXT_MAX];
    odate_t p = D("2023-10-10");
    odate_t due = rules_pcc_due(&p);
    date_format(&due, t);
    assert_string_equal(t, "2023-12-04");
    p = D("2024-10-10");   /* the case: Police Act 1996 s.55, day 1 is publication day */
    due = rules_pcc_due(&p);
    date_format(&due, t);
    assert_string_equal(t, "2024-12-04");
    odate_t cut = rules_pcc_published_cutoff(&due);   /* published before it: due before that day */
    date_format(&cut, t);
    assert_string_equal(t, "2024-10-10");
    p = D("2024-01-15");   /* across a leap February */
    due = rules_pcc_due(&p);
    date_format(&due, t);
    assert_string_equal(t, "2024-03-10");
    p = D("2023-10");      /* month precision: from its first day */
    due = rules_pcc_due(&p);
    date_format(&due, t);
    assert_string_equal(t, "2023-11-25");
    assert_int_equal(due.precision, DATE_DAY);
}

/* ---- deadlines ---- */

static json_t *deadlines(const json_t *snaps, const char *today, const char *before)
{
    odate_t t = D(today), b;
    if (before) b = D(before);
    json_t *r = rules_deadlines(snaps, &t, before ? &b : NULL);
    assert_non_null(r);
    return r;
}

static void deadlines_met(void **state)
{
    (void)state;
    json_t *met = J(MET);
    json_t *snaps = json_pack("[O]", met);
    json_t *r = deadlines(snaps, "2024-06-01", "2024-09-01");
    assert_string_equal(S(r, "today"), "2024-06-01");
    assert_string_equal(S(r, "before"), "2024-09-01");
    json_t *over = json_object_get(r, "overdue"), *up = json_object_get(r, "upcoming");
    assert_int_equal(json_array_size(over), 2);
    assert_int_equal(json_array_size(up), 1);
    json_t *o = json_array_get(over, 0);
    assert_string_equal(S(o, "code"), "met");
    assert_string_equal(S(o, "kind"), "recommendation");
    assert_int_equal(json_integer_value(json_object_get(o, "id")), 201);
    assert_string_equal(S(o, "title"), "Recommendation 1 (cause of concern 1)");
    assert_string_equal(S(o, "due"), "2023-12-31");
    assert_int_equal(json_integer_value(json_object_get(o, "days")), -153);
    assert_string_equal(S(o, "reason"), "Recommendation 1 (cause of concern 1) for Metropolitan Police Service was due "
                                        "on 2023-12-31 and is 153 days overdue.");
    json_t *u = json_array_get(up, 0);
    assert_int_equal(json_integer_value(json_object_get(u, "id")), 203);
    assert_int_equal(json_integer_value(json_object_get(u, "days")), 60);
    assert_string_equal(S(u, "reason"), "Recommendation 3 (cause of concern 3) for Metropolitan Police Service is due "
                                        "on 2024-07-31, in 60 days.");
    sentences(over);
    sentences(up);
    json_decref(r);
    /* after the closures nothing is due; the plan outcome is not complete */
    r = deadlines(snaps, "2025-02-01", "2025-04-01");
    assert_int_equal(json_array_size(json_object_get(r, "overdue")), 0);
    up = json_object_get(r, "upcoming");
    assert_int_equal(json_array_size(up), 1);
    assert_string_equal(S(json_array_get(up, 0), "kind"), "plan_item");
    assert_string_equal(S(json_array_get(up, 0), "due"), "2025-03");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(up, 0), "days")), 28);
    json_decref(r);
    json_decref(snaps);
    json_decref(met);
}

static void deadlines_boundaries_and_order(void **state)
{
    (void)state;
    json_t *snaps = J("[{'code': 'b', 'name': 'B', 'recommendations': ["
                      "  {'id': 1, 'number': '1', 'status': 'open', 'deadline': '2024-06-01'},"
                      "  {'id': 2, 'number': '2', 'status': 'open', 'deadline': '2024-07-01'},"
                      "  {'id': 3, 'number': '3', 'status': 'open', 'deadline': '2024-06-30'},"
                      "  {'id': 4, 'number': '4', 'status': 'closed', 'closed_on': '2024-05-01', 'deadline': '2024-01-01'},"
                      "  {'id': 5, 'number': '5', 'status': 'closed', 'closed_on': '2024-06-02', 'deadline': '2024-05-31'},"
                      "  {'id': 6, 'number': '6', 'status': 'open'},"
                      "  {'id': 7, 'number': '7', 'status': 'open', 'issued_on': '2024-06-15', 'deadline': '2024-06-20'}],"
                      " 'plan_items': ["
                      "  {'id': 8, 'text': 'Late action', 'target_date': '2024-05-31', 'rag': 'red'},"
                      "  {'id': 9, 'text': 'Done', 'target_date': '2024-05-01', 'rag': 'complete'},"
                      "  {'id': 10, 'text': 'Done on time', 'target_date': '2024-05-01', 'completed_on': '2024-04-30'} ]},"
                      " {'code': 'a', 'name': 'A', 'recommendations': ["
                      "  {'id': 11, 'number': '1', 'status': 'in_progress', 'deadline': '2024-06-01'},"
                      "  {'id': 12, 'number': '2', 'status': 'open', 'deadline': '2024-05-31'} ]}]");
    json_t *r = deadlines(snaps, "2024-06-01", "2024-07-01");
    json_t *over = json_object_get(r, "overdue"), *up = json_object_get(r, "upcoming");
    /* overdue: due 2024-05-31 for a (12), b (5: closed after today, 8) */
    assert_int_equal(json_array_size(over), 3);
    assert_string_equal(S(json_array_get(over, 0), "code"), "a");
    assert_string_equal(S(json_array_get(over, 1), "code"), "b");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(over, 1), "id")), 5);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(over, 2), "id")), 8);
    assert_string_equal(S(json_array_get(over, 2), "reason"), "Late action for B was due on 2024-05-31 and is 1 day overdue.");
    /* upcoming: due today (a before b), then 2024-06-30; 2024-07-01 is not before `before` */
    assert_int_equal(json_array_size(up), 3);
    assert_string_equal(S(json_array_get(up, 0), "code"), "a");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(up, 0), "days")), 0);
    assert_string_equal(S(json_array_get(up, 0), "reason"), "Recommendation 1 for A is due today, 2024-06-01.");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(up, 1), "id")), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(up, 2), "id")), 3);
    assert_string_equal(S(json_array_get(up, 2), "reason"), "Recommendation 3 for B is due on 2024-06-30, in 29 days.");
    json_decref(r);
    json_decref(snaps);
}

static void deadlines_pcc_and_default_window(void **state)
{
    (void)state;
    json_t *snaps = J("[{'code': 'e', 'name': 'E', 'kind': 'police', 'inspections': ["
                      " {'id': 1, 'title': 'Child exploitation', 'published_on': '2023-10-10', 'pcc_response_on': null},"
                      " {'id': 2, 'title': 'Answered', 'published_on': '2023-10-10', 'pcc_response_on': '2023-10-20'},"
                      " {'id': 3, 'title': 'Not yet published', 'published_on': '2023-12-01'},"
                      " {'id': 4, 'title': 'Unpublished'} ]}]");
    json_t *r = deadlines(snaps, "2023-11-20", NULL);   /* window to 2023-12-20 */
    assert_string_equal(S(r, "before"), "2023-12-20");
    json_t *up = json_object_get(r, "upcoming");
    assert_int_equal(json_array_size(up), 1);
    json_t *u = json_array_get(up, 0);
    assert_string_equal(S(u, "kind"), "pcc_response");
    assert_string_equal(S(u, "due"), "2023-12-04");
    assert_int_equal(json_integer_value(json_object_get(u, "days")), 14);
    assert_string_equal(S(u, "title"), "The PCC response to \"Child exploitation\"");
    assert_string_equal(S(u, "reason"), "The PCC response to \"Child exploitation\" for E is due on 2023-12-04, in 14 days.");
    json_decref(r);
    r = deadlines(snaps, "2024-02-01", "2024-02-02");
    json_t *over = json_object_get(r, "overdue");
    assert_int_equal(json_array_size(over), 2);   /* 1 and 3 */
    assert_int_equal(json_integer_value(json_object_get(json_array_get(over, 0), "id")), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(over, 1), "id")), 3);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(over, 1), "days")), -7);
    json_decref(r);
    json_decref(snaps);
}

static void deadlines_bad_input(void **state)
{
    (void)state;
    odate_t d = D("2024-06-01"), none = {0, 0, 0, DATE_NONE};
    json_t *obj = J("{'code': 'x'}"), *empty = J("[]");
    assert_null(rules_deadlines(NULL, &d, NULL));
    assert_null(rules_deadlines(obj, &d, NULL));
    assert_null(rules_deadlines(empty, NULL, NULL));
    assert_null(rules_deadlines(empty, &none, NULL));
    assert_null(rules_deadlines(empty, &d, &none));
    json_t *nothing = deadlines(empty, "2024-06-01", NULL);
    assert_int_equal(json_array_size(json_object_get(nothing, "overdue")), 0);
    assert_int_equal(json_array_size(json_object_get(nothing, "upcoming")), 0);
    assert_string_equal(S(nothing, "before"), "2024-07-01");
    json_decref(nothing);
    json_t *bad = J("[1, 'x', null, {'recommendations': [ {'deadline': '2020-01-01', 'status': 'open'} ]},"
                    " {'code': 'y', 'recommendations': 'all', 'plan_items': [ 1, {'target_date': 2020} ],"
                    "  'inspections': [ {'published_on': 'last year'} ]},"
                    " {'code': 'z', 'recommendations': [ {'deadline': '2020-01-01', 'status': 'open'} ]}]");
    json_t *r = deadlines(bad, "2024-06-01", NULL);
    json_t *over = json_object_get(r, "overdue");
    assert_int_equal(json_array_size(over), 1);
    assert_string_equal(S(json_array_get(over, 0), "code"), "z");
    assert_true(json_is_null(json_object_get(json_array_get(over, 0), "id")));
    assert_string_equal(S(json_array_get(over, 0), "title"), "A recommendation");
    json_decref(r);
    json_decref(bad);
    json_decref(obj);
    json_decref(empty);
}

/* ---- fallbacks and memory failure ---- */

static void labels_fall_back(void **state)
{
    (void)state;
    json_t *s = J("{'code': 'x', 'phase': 'engage',"
                  " 'recommendations': [ {'id': 1, 'number': '9', 'status': 'closed'} ],"
                  " 'plan_items': [ {'id': 2, 'kind': 'outcome', 'target_date': '2024-01-01', 'rag': 'red'},"
                  "                 {'kind': 'other', 'rag': 'complete'} ],"
                  " 'external_matters': [ {'id': 3, 'reference': 'DM-4', 'status': 'closed'} ],"
                  " 'revisits': [ {'id': 4, 'started_on': '2024-01', 'ended_on': '2024-02'} ],"
                  " 'indicators': [ {'measure': 'm', 'period': '2024-01', 'value': 1, 'target': 1},"
                  "                 {'measure': 'm', 'period': '2024-01', 'value': 0, 'target': 1} ]}");
    json_t *r = readiness(s, "2024-06-01");
    json_t *b = json_object_get(r, "blocking"), *sup = json_object_get(r, "supporting");
    assert_string_equal(S(by_id(sup, 1), "reason"), "Recommendation 9 is closed.");
    assert_string_equal(S(by_id(b, 2), "title"), "Plan item 2");
    contains(S(by_id(b, 2), "reason"), "Plan outcome 2 was due by 2024-01-01");
    assert_string_equal(S(json_array_get(sup, 1), "title"), "Plan item");
    assert_string_equal(S(json_array_get(sup, 1), "reason"), "Plan item is complete.");
    assert_string_equal(S(by_id(sup, 3), "title"), "Matter DM-4");
    assert_string_equal(S(by_id(sup, 3), "reason"), "Matter DM-4 is closed.");
    assert_string_equal(S(by_id(sup, 4), "reason"), "A revisit was completed on 2024-02.");
    assert_int_equal(count_kind(sup, "indicator"), 0);   /* of two readings for a period, the later one counts */
    json_decref(r);
    json_decref(s);
    s = J("[{'code': 'x', 'kind': 'police', 'inspections': [ {'id': 5, 'published_on': '2024-01-01'} ]}]");
    r = deadlines(s, "2024-02-01", NULL);
    assert_string_equal(S(json_array_get(json_object_get(r, "upcoming"), 0), "title"), "The PCC response to a report");
    json_decref(r);
    json_decref(s);
}

static long alloc_budget = -1;   /* allocations left before failing; -1 = no limit */

static void *failing_malloc(size_t n)
{
    if (alloc_budget == 0) return NULL;
    if (alloc_budget > 0) alloc_budget--;
    return malloc(n);
}

/* With every jansson allocation in turn failing, each rule returns NULL or
 * a whole result, and leaks nothing (run under valgrind or ASan). */
static void out_of_memory_is_clean(void **state)
{
    (void)state;
    json_t *met = J(MET);
    json_t *snaps = json_pack("[O]", met);
    odate_t d = D("2024-06-01"), e = D("2022-06-01"), end = D("2025-06-01");
    json_set_alloc_funcs(failing_malloc, free);
    for (int which = 0; which < 3; which++) {
        int completed = 0;
        for (long n = 0; n < 5000 && !completed; n++) {
            alloc_budget = n;
            json_t *r = which == 0 ? rules_readiness(met, &d)
                      : which == 1 ? rules_engage_candidates(snaps, &e)
                                   : rules_deadlines(snaps, &d, &end);
            alloc_budget = -1;
            if (r) {
                completed = 1;
                assert_true(which == 1 ? json_array_size(r) == 1
                                       : json_object_size(r) == (which == 0 ? 8u : 4u));
                json_decref(r);
            }
        }
        assert_true(completed);
    }
    json_set_alloc_funcs(malloc, free);
    json_decref(snaps);
    json_decref(met);
}

/* A body in another framework: the rules ask its levels' positions and
 * names from the snapshot's "levels", not the words Scan and Engage. */
static void candidates_and_readiness_in_a_four_level_framework(void **state)
{
    (void)state;
    json_t *met = J(MET);
    json_object_set_new(met, "periods", J("[{'phase': 'l1', 'from': null, 'to': '2022-06-28'},"
                                          " {'phase': 'l3', 'from': '2022-06-28', 'to': '2025-01-23'}]"));
    json_object_set_new(met, "phase", json_string("l1"));
    json_object_set_new(met, "levels", J("{'l1': {'name': 'Level 1', 'level': 1, 'framework': 'four', 'default': false},"
                                         " 'l2': {'name': 'Level 2', 'level': 2, 'framework': 'four', 'default': false},"
                                         " 'l3': {'name': 'Level 3', 'level': 3, 'framework': 'four', 'default': false},"
                                         " 'scan': {'name': 'Scan', 'level': 1, 'framework': 'scan-engage', 'default': true}}"));
    json_t *snaps = json_pack("[O]", met);
    json_t *r = candidates(snaps, "2022-06-01");   /* at level 1: a candidate */
    assert_int_equal(json_array_size(r), 1);
    json_decref(r);
    r = candidates(snaps, "2024-06-01");   /* at level 3: not */
    assert_int_equal(json_array_size(r), 0);
    json_decref(r);
    r = readiness(met, "2024-06-01");
    assert_true(is_true(r, "in_engage"));
    contains(S(r, "summary"), "was in Level 3 on 2024-06-01");
    json_decref(r);
    r = readiness(met, "2022-06-01");
    assert_false(is_true(r, "in_engage"));
    assert_string_equal(S(r, "summary"), "Metropolitan Police Service was in Level 1 on 2022-06-01, not in Level 2.");
    json_decref(r);
    json_decref(snaps);
    json_decref(met);
}

/* rules_deadline_items orders the items by due day, then code, then the
 * rows' order, whatever order the rows come in: in order (one run), in a
 * few ascending runs (merged, as the store gives its three kinds) or
 * shuffled (sorted). */
static void deadline_items_ordered_from_any_runs(void **state)
{
    (void)state;
    enum { N = 40 };
    static const char *const CODES[] = {"a-b", "a1", "ab", "z"};
    static const char *const DAYS[] = {"2025-01-03", "2025-01", "2025-02-01", "2025", "2024-12-31", "2025-01-20"};
    static const char *const DAYS_UP[] = {"2024-12-31", "2025", "2025-01-03", "2025-01-20"};   /* first days ascending */
    rules_due_row_t rows[N];
    odate_t today = D("2025-01-10"), before = D("2026-01-01");
    /* shuffled; three ascending runs (14, 14, 12 rows); the runs reversed */
    for (int layout = 0; layout < 3; layout++) {
        memset(rows, 0, sizeof rows);
        for (int i = 0; i < N; i++) {
            int j = (layout == 2 ? N - 1 - i : i) % 14;
            rows[i].kind = RULES_DUE_RECOMMENDATION;
            rows[i].id = i;
            rows[i].code = layout == 0 ? CODES[(i * 7) % 4] : CODES[j % 4];
            rows[i].deadline = layout == 0 ? DAYS[(i * 5) % 6] : DAYS_UP[j / 4];
            rows[i].number = "1";
        }
        rules_dues_t dues;
        assert_int_equal(rules_deadline_items(rows, N, &today, &before, &dues), 0);
        assert_int_equal(dues.n, N);
        for (size_t i = 1; i < dues.n; i++) {
            const rules_due_t *x = &dues.v[i - 1], *y = &dues.v[i];
            int c = x->days < y->days ? -1 : x->days > y->days;
            if (!c) c = strcmp(x->row->code, y->row->code);
            if (!c) c = x->row < y->row ? -1 : 1;
            if (c >= 0) fail_msg("layout %d: item %zu (%ld %s #%lld) after (%ld %s #%lld)", layout, i, y->days, y->row->code,
                                 y->row->id, x->days, x->row->code, x->row->id);
        }
        for (size_t i = 0; i < dues.n; i++) {   /* each row once */
            size_t seen = 0;
            for (size_t j = 0; j < dues.n; j++) seen += dues.v[j].row == &rows[i];
            assert_int_equal(seen, 1);
        }
        size_t overdue = 0;
        while (overdue < dues.n && dues.v[overdue].days < 0) overdue++;
        assert_int_equal(dues.overdue, overdue);
        rules_dues_free(&dues);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(met_ready_before_exit),
        cmocka_unit_test(deadline_items_ordered_from_any_runs),
        cmocka_unit_test(met_blocking_mid_engage),
        cmocka_unit_test(met_after_exit),
        cmocka_unit_test(met_ppog_recommends_exit),
        cmocka_unit_test(implemented_awaits_verification),
        cmocka_unit_test(status_in_progress_and_no_deadline),
        cmocka_unit_test(closed_on_as_of_counts_as_closed),
        cmocka_unit_test(month_precision_closes_from_first_day),
        cmocka_unit_test(issued_after_as_of_is_ignored),
        cmocka_unit_test(closed_status_without_date_and_reopened),
        cmocka_unit_test(close_override_reason_is_said),
        cmocka_unit_test(phase_from_periods),
        cmocka_unit_test(phase_falls_back_to_current),
        cmocka_unit_test(other_phase_named),
        cmocka_unit_test(plan_items_rules),
        cmocka_unit_test(external_matters_rules),
        cmocka_unit_test(ppog_latest_only),
        cmocka_unit_test(indicators_latest_period),
        cmocka_unit_test(revisits_done),
        cmocka_unit_test(readiness_bad_input),
        cmocka_unit_test(readiness_wrong_types),
        cmocka_unit_test(as_of_month_precision),
        cmocka_unit_test(candidates_met_history),
        cmocka_unit_test(candidates_and_readiness_in_a_four_level_framework),
        cmocka_unit_test(candidates_latest_graded_inspection),
        cmocka_unit_test(candidates_causes_and_overdue),
        cmocka_unit_test(candidates_indicator_run),
        cmocka_unit_test(candidates_pcc_overdue),
        cmocka_unit_test(pcc_police_forces_only),
        cmocka_unit_test(candidates_from_facts_since_return),
        cmocka_unit_test(candidates_order_and_filter),
        cmocka_unit_test(candidates_bad_input),
        cmocka_unit_test(pcc_due_is_the_56th_day_counting_publication),
        cmocka_unit_test(deadlines_met),
        cmocka_unit_test(deadlines_boundaries_and_order),
        cmocka_unit_test(deadlines_pcc_and_default_window),
        cmocka_unit_test(deadlines_bad_input),
        cmocka_unit_test(labels_fall_back),
        cmocka_unit_test(out_of_memory_is_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
