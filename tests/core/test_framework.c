/* test_framework.c: a monitoring framework read from its file and checked
 * (core/framework.h), each refusal naming its field; a four-level framework
 * added to the default model and a body moved through it by the decision
 * rules (core/phase.h), including the crossing from Scan on a date; a
 * framework for police forces only: a fire and rescue service neither
 * starts in it nor is moved into it (rule framework-kind). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "core/framework.h"

static const char *FILE_TEXT =
    "{\"code\": \"four\", \"name\": \"Four levels\", \"description\": \"test\", \"in_force_from\": \"2026-04-01\","
    " \"succeeds\": \"scan-engage\","
    " \"levels\": [{\"code\": \"l1\", \"name\": \"Level 1\", \"description\": \"routine\"},"
    "  {\"code\": \"l2\", \"name\": \"Level 2\", \"description\": \"enhanced\"},"
    "  {\"code\": \"l3\", \"name\": \"Level 3\", \"description\": \"intensive\"},"
    "  {\"code\": \"l4\", \"name\": \"Level 4\", \"description\": \"special measures\"}],"
    " \"transitions\": [{\"from\": \"scan\", \"to\": \"l2\", \"recommended_by\": \"inspector\", \"decided_by\": \"hmci\"},"
    "  {\"from\": \"scan\", \"to\": \"l1\", \"decided_by\": \"hmci\"},"
    "  {\"from\": \"l1\", \"to\": \"l2\", \"decided_by\": \"hmci\"},"
    "  {\"from\": \"l2\", \"to\": \"l3\", \"decided_by\": \"hmci\"},"
    "  {\"from\": \"l3\", \"to\": \"l4\", \"decided_by\": \"hmci\"},"
    "  {\"from\": \"l3\", \"to\": \"l2\", \"decided_by\": \"hmci\"}]}";

static json_t *file_json(void)
{
    json_error_t e;
    json_t *j = json_loads(FILE_TEXT, 0, &e);
    assert_non_null(j);
    return j;
}

/* The file with one change (a JSON pointer-like edit done by the caller),
 * read against the default model: the error's field. */
static int read_edited(json_t *j, ov_error_t *err)
{
    phase_model_t m;
    framework_file_t f;
    phase_model_default(&m);
    ov_error_clear(err);
    int rc = framework_from_json(j, &m, &f, err);
    json_decref(j);
    return rc;
}

static void reads_a_valid_file(void **state)
{
    (void)state;
    phase_model_t m;
    framework_file_t f;
    ov_error_t err = {0};
    phase_model_default(&m);
    json_t *j = file_json();
    assert_int_equal(framework_from_json(j, &m, &f, &err), 0);
    json_decref(j);
    assert_string_equal(f.fw.code, "four");
    assert_string_equal(f.fw.succeeds, "scan-engage");
    assert_true(f.fw.has_from);
    assert_false(f.fw.has_to);
    assert_int_equal(f.nlevels, 4);
    assert_int_equal(f.levels[2].level, 3);
    assert_string_equal(f.levels[2].framework, "four");
    assert_false(f.levels[0].is_default);
    assert_int_equal(f.ntransitions, 6);
    assert_string_equal(f.transitions[0].recommender_role, "inspector");
    assert_string_equal(f.transitions[1].recommender_role, "");
}

static void refusals_name_the_field(void **state)
{
    (void)state;
    ov_error_t err;
    json_t *j;

    j = file_json();
    json_object_set_new(json_array_get(json_object_get(j, "levels"), 2), "code", json_string("scan"));
    /* a code the database holds: a conflict (409), not a malformed file */
    assert_int_equal(read_edited(j, &err), OV_ECONFLICT);
    assert_int_equal(err.status, OV_ECONFLICT);
    assert_string_equal(err.field, "levels[2].code");
    assert_non_null(strstr(err.message, "levels[2].code: 'scan' is already a level of framework scan-engage"));

    j = file_json();
    json_object_set_new(json_array_get(json_object_get(j, "levels"), 1), "code", json_string("l1"));
    assert_int_equal(read_edited(j, &err), OV_EINVALID);
    assert_string_equal(err.field, "levels[1].code");

    j = file_json();
    json_object_del(json_array_get(json_object_get(j, "levels"), 3), "name");
    assert_int_equal(read_edited(j, &err), OV_EINVALID);
    assert_string_equal(err.field, "levels[3].name");

    j = file_json();
    json_object_set_new(json_array_get(json_object_get(j, "levels"), 0), "colour", json_string("red"));
    assert_int_equal(read_edited(j, &err), OV_EINVALID);
    assert_string_equal(err.field, "levels[0].colour");

    j = file_json();
    json_object_set_new(json_array_get(json_object_get(j, "transitions"), 3), "decided_by", json_string("analyst"));
    assert_int_equal(read_edited(j, &err), OV_EINVALID);
    assert_string_equal(err.field, "transitions[3].decided_by");
    assert_non_null(strstr(err.message, "may not decide"));

    j = file_json();
    json_object_set_new(json_array_get(json_object_get(j, "transitions"), 0), "recommended_by", json_string("mayor"));
    assert_int_equal(read_edited(j, &err), OV_EINVALID);
    assert_string_equal(err.field, "transitions[0].recommended_by");

    j = file_json();
    json_object_set_new(json_array_get(json_object_get(j, "transitions"), 2), "to", json_string("engage"));
    assert_int_equal(read_edited(j, &err), OV_EINVALID);
    assert_string_equal(err.field, "transitions[2].to");

    /* crossing from another framework's level needs "succeeds" */
    j = file_json();
    json_object_del(j, "succeeds");
    assert_int_equal(read_edited(j, &err), OV_EINVALID);
    assert_string_equal(err.field, "transitions[0].from");

    j = file_json();
    json_object_set_new(j, "succeeds", json_string("nothing"));
    assert_int_equal(read_edited(j, &err), OV_EINVALID);
    assert_string_equal(err.field, "succeeds");

    j = file_json();
    json_array_append_new(json_object_get(j, "transitions"),
                          json_pack("{s:s, s:s, s:s}", "from", "l1", "to", "l2", "decided_by", "hmci"));
    assert_int_equal(read_edited(j, &err), OV_EINVALID);
    assert_string_equal(err.field, "transitions[6].to");

    j = file_json();
    json_object_set_new(j, "in_force_from", json_string("April 2026"));
    assert_int_equal(read_edited(j, &err), OV_EINVALID);
    assert_string_equal(err.field, "in_force_from");

    j = file_json();
    json_object_set_new(j, "in_force_to", json_string("2025-01-01"));
    assert_int_equal(read_edited(j, &err), OV_EINVALID);
    assert_string_equal(err.field, "in_force_to");

    j = file_json();
    json_object_set_new(j, "code", json_string("scan-engage"));
    assert_int_equal(read_edited(j, &err), OV_ECONFLICT);
    assert_int_equal(err.status, OV_ECONFLICT);
    assert_string_equal(err.field, "code");
    assert_non_null(strstr(err.message, "code: a framework 'scan-engage' is already loaded"));

    j = file_json();
    json_object_set_new(j, "code", json_string("Four Levels"));
    assert_int_equal(read_edited(j, &err), OV_EINVALID);
    assert_string_equal(err.field, "code");

    /* a level no transition enters */
    j = file_json();
    json_array_remove(json_object_get(j, "transitions"), 4);
    assert_int_equal(read_edited(j, &err), OV_EINVALID);
    assert_string_equal(err.field, "levels[3].code");

    j = file_json();
    json_object_set_new(j, "levels", json_array());
    assert_int_equal(read_edited(j, &err), OV_EINVALID);
    assert_string_equal(err.field, "levels");

    j = json_array();
    assert_int_equal(read_edited(j, &err), OV_EINVALID);
}

/* The model the store would read back after loading the file. */
static void model_with_file(phase_model_t *m)
{
    framework_file_t f;
    ov_error_t err = {0};
    phase_model_default(m);
    json_t *j = file_json();
    assert_int_equal(framework_from_json(j, m, &f, &err), 0);
    json_decref(j);
    m->frameworks[m->nframeworks++] = f.fw;
    for (int i = 0; i < f.nlevels; i++) m->phases[m->nphases++] = f.levels[i];
    for (int i = 0; i < f.ntransitions; i++) m->transitions[m->ntransitions++] = f.transitions[i];
}

static int decide_kind(const phase_model_t *m, const char *kind, const char *current, const char *last, const char *to,
                       const char *on, const char *role, ov_error_t *err)
{
    odate_t today;
    date_parse("2026-12-01", &today);
    body_phase_state_t st = {current, {0, 0, 0, 0}, 0, kind};
    if (last) {
        date_parse(last, &st.last_change);
        st.has_last_change = 1;
    }
    decision_input_t in = {.to_phase = to, .decided_by = "HMCI", .effective_on = on, .rationale = "why",
                           .actor_role = role};
    decision_checked_t out;
    ov_error_clear(err);
    return rules_decision_check(m, &st, &in, &today, &out, err);
}

static int decide(const phase_model_t *m, const char *current, const char *last, const char *to, const char *on,
                  const char *role, ov_error_t *err)
{
    return decide_kind(m, NULL, current, last, to, on, role, err);
}

static void a_force_moves_through_four_levels(void **state)
{
    (void)state;
    phase_model_t m;
    ov_error_t err;
    model_with_file(&m);
    /* crossing from Scan into level 2, once the framework is in force */
    assert_int_equal(decide(&m, "scan", NULL, "l2", "2026-05-01", "hmci", &err), 0);
    assert_int_equal(decide(&m, "l2", "2026-05-01", "l3", "2026-07-01", "hmci", &err), 0);
    assert_int_equal(decide(&m, "l3", "2026-07-01", "l4", "2026-09-01", "hmci", &err), 0);
    /* not before it is in force */
    assert_int_equal(decide(&m, "scan", NULL, "l2", "2026-03-31", "hmci", &err), OV_EINVALID);
    assert_string_equal(err.field, "effective_on");
    assert_string_equal(err.rule, PHASE_RULE_IN_FORCE);
    /* a move the framework does not define */
    assert_int_equal(decide(&m, "l2", "2026-05-01", "l4", "2026-07-01", "hmci", &err), OV_EINVALID);
    assert_string_equal(err.field, "to_phase");
    assert_string_equal(err.rule, PHASE_RULE_TRANSITION);
    assert_non_null(strstr(err.message, "a body may move to: l3"));
    assert_int_equal(decide(&m, "engage", NULL, "l2", "2026-05-01", "hmci", &err), OV_EINVALID);
    assert_string_equal(err.rule, PHASE_RULE_TRANSITION);
    /* who decides: the framework's role */
    assert_int_equal(decide(&m, "l2", "2026-05-01", "l3", "2026-07-01", "inspector", &err), OV_EFORBIDDEN);
    /* the rules' questions, from the levels' data */
    assert_true(phase_is_routine(&m, "scan"));
    assert_true(phase_is_routine(&m, "l1"));
    assert_false(phase_is_enhanced(&m, "l1"));
    assert_true(phase_is_enhanced(&m, "l3"));
    assert_true(phase_is_enhanced(&m, "engage"));
    assert_false(phase_is_enhanced(&m, "nowhere"));
    assert_string_equal(phase_framework(&m, phase_find(&m, "l3"))->code, "four");
}

static void in_force_dates_are_inclusive(void **state)
{
    (void)state;
    framework_def_t fw = {0};
    odate_t d;
    date_parse("2026-04-01", &fw.in_force_from);
    date_parse("2026-12-31", &fw.in_force_to);
    fw.has_from = fw.has_to = 1;
    date_parse("2026-04-01", &d);
    assert_true(framework_in_force(&fw, &d));
    date_parse("2026-12-31", &d);
    assert_true(framework_in_force(&fw, &d));
    date_parse("2027-01-01", &d);
    assert_false(framework_in_force(&fw, &d));
    date_parse("2026-03-31", &d);
    assert_false(framework_in_force(&fw, &d));
}

/* A file of n levels l1..ln, each entered from the one before (n - 1
 * transitions), plus `extra` other moves. */
static json_t *levels_file(int n, int extra)
{
    json_t *levels = json_array(), *trans = json_array();
    for (int i = 1; i <= n; i++) {
        char code[16], prev[16];
        snprintf(code, sizeof code, "l%d", i);
        json_array_append_new(levels, json_pack("{s:s, s:s, s:s}", "code", code, "name", code, "description", "d"));
        snprintf(prev, sizeof prev, "l%d", i - 1);
        if (i > 1) json_array_append_new(trans, json_pack("{s:s, s:s, s:s}", "from", prev, "to", code, "decided_by", "hmci"));
    }
    /* every other move, in order, until there are `extra` */
    for (int a = 1, k = 0; a <= n && k < extra; a++)
        for (int b = 1; b <= n && k < extra; b++) {
            if (a == b || b == a + 1) continue;
            char from[16], to[16];
            snprintf(from, sizeof from, "l%d", a);
            snprintf(to, sizeof to, "l%d", b);
            json_array_append_new(trans, json_pack("{s:s, s:s, s:s}", "from", from, "to", to, "decided_by", "hmci"));
            k++;
        }
    return json_pack("{s:s, s:s, s:o, s:o}", "code", "many", "name", "Many levels", "levels", levels, "transitions", trans);
}

/* The model's limits (core/phase.h) refuse a file whole, naming the field:
 * nothing is ever cut short. */
static void limits_refuse_the_file_naming_the_field(void **state)
{
    (void)state;
    phase_model_t m;
    framework_file_t f;
    ov_error_t err = {0};
    phase_model_default(&m);   /* two levels held */

    json_t *j = levels_file(PHASE_MAX - 2, 0);   /* exactly fits */
    assert_int_equal(framework_from_json(j, &m, &f, &err), 0);
    assert_int_equal(f.nlevels, PHASE_MAX - 2);
    json_decref(j);

    j = levels_file(PHASE_MAX - 1, 0);
    assert_int_equal(framework_from_json(j, &m, &f, &err), OV_EINVALID);
    assert_string_equal(err.field, "levels");
    assert_non_null(strstr(err.message, "levels: at most 16 levels can be held across all frameworks; this file has 15 "
                                        "and the other frameworks hold 2"));
    json_decref(j);
    j = levels_file(PHASE_MAX + 1, 0);   /* even with none held */
    assert_int_equal(framework_from_json(j, NULL, &f, &err), OV_EINVALID);
    assert_string_equal(err.field, "levels");
    json_decref(j);

    /* transitions: 64 in all, two held by scan-engage */
    j = levels_file(12, PHASE_TRANSITION_MAX - 2 - 11);
    assert_int_equal(framework_from_json(j, &m, &f, &err), 0);
    assert_int_equal(f.ntransitions, PHASE_TRANSITION_MAX - 2);
    json_decref(j);
    j = levels_file(12, PHASE_TRANSITION_MAX - 2 - 11 + 1);
    assert_int_equal(framework_from_json(j, &m, &f, &err), OV_EINVALID);
    assert_string_equal(err.field, "transitions");
    assert_non_null(strstr(err.message, "transitions: at most 64 transitions can be held across all frameworks; this "
                                        "file has 63 and the other frameworks hold 2"));
    json_decref(j);

    /* frameworks: 8 in all */
    for (int k = 1; k < FRAMEWORK_MAX; k++) snprintf(m.frameworks[m.nframeworks++].code, PHASE_CODE_MAX, "fw%d", k);
    j = levels_file(2, 0);
    assert_int_equal(framework_from_json(j, &m, &f, &err), OV_EINVALID);
    assert_string_equal(err.field, "code");
    assert_non_null(strstr(err.message, "code: at most 8 frameworks can be held, and this database holds 8"));
    json_decref(j);
}

/* "applies_to": the kinds of body, each known, none twice; absent = every
 * kind (""), so the framework files written before it read as they did. */
static void applies_to_is_read_and_checked(void **state)
{
    (void)state;
    phase_model_t m;
    framework_file_t f;
    ov_error_t err = {0};
    phase_model_default(&m);
    json_t *j = file_json();
    assert_int_equal(framework_from_json(j, &m, &f, &err), 0);
    assert_string_equal(f.fw.applies_to, "");
    assert_true(framework_applies(&f.fw, "police") && framework_applies(&f.fw, "fire"));
    json_object_set_new(j, "applies_to", json_pack("[s, s]", "fire", "police"));
    assert_int_equal(framework_from_json(j, &m, &f, &err), 0);
    assert_string_equal(f.fw.applies_to, "fire,police");
    json_object_set_new(j, "applies_to", json_pack("[s]", "police"));
    assert_int_equal(framework_from_json(j, &m, &f, &err), 0);
    assert_string_equal(f.fw.applies_to, "police");
    assert_true(framework_applies(&f.fw, "police"));
    assert_false(framework_applies(&f.fw, "fire"));
    char words[160];
    framework_kinds_words(&f.fw, words, sizeof words);
    assert_string_equal(words, "police forces");
    f.fw.applies_to[0] = '\0';
    framework_kinds_words(&f.fw, words, sizeof words);
    assert_string_equal(words, "police forces and fire and rescue services");
    json_decref(j);

    j = file_json();
    json_object_set_new(j, "applies_to", json_pack("[s, s]", "police", "ambulance"));
    assert_int_equal(read_edited(j, &err), OV_EINVALID);
    assert_string_equal(err.field, "applies_to[1]");
    assert_non_null(strstr(err.message, "applies_to[1]: 'ambulance' is not a kind of body monitored (police, fire)"));
    /* national bodies are not monitored: no framework applies to them */
    j = file_json();
    json_object_set_new(j, "applies_to", json_pack("[s]", "national"));
    assert_int_equal(read_edited(j, &err), OV_EINVALID);
    assert_string_equal(err.field, "applies_to[0]");
    j = file_json();
    json_object_set_new(j, "applies_to", json_pack("[s, s]", "fire", "fire"));
    assert_int_equal(read_edited(j, &err), OV_EINVALID);
    assert_string_equal(err.field, "applies_to[1]");
    j = file_json();
    json_object_set_new(j, "applies_to", json_pack("[i]", 3));
    assert_int_equal(read_edited(j, &err), OV_EINVALID);
    assert_string_equal(err.field, "applies_to[0]");
    j = file_json();
    json_object_set_new(j, "applies_to", json_string("police"));
    assert_int_equal(read_edited(j, &err), OV_EINVALID);
    assert_string_equal(err.field, "applies_to");
    j = file_json();
    json_object_set_new(j, "applies_to", json_array());
    assert_int_equal(read_edited(j, &err), OV_EINVALID);
    assert_string_equal(err.field, "applies_to");

    /* the stored list, as a restore brings it */
    assert_int_equal(framework_kinds_valid(""), 0);
    assert_int_equal(framework_kinds_valid("police"), 0);
    assert_int_equal(framework_kinds_valid("fire,police"), 0);
    assert_int_equal(framework_kinds_valid("police,police"), -1);
    assert_int_equal(framework_kinds_valid("police,"), -1);
    assert_int_equal(framework_kinds_valid("pol"), -1);
    assert_int_equal(framework_kinds_valid("national"), -1);
    assert_int_equal(framework_kinds_valid(NULL), -1);
}

/* The four-level framework for police forces only: the entry level and the
 * moves of a fire and rescue service stay those of scan-engage. */
static void a_police_framework_leaves_fire_services_alone(void **state)
{
    (void)state;
    phase_model_t m;
    ov_error_t err;
    model_with_file(&m);
    snprintf(m.frameworks[1].applies_to, PHASE_CODE_MAX, "police");
    odate_t before, after;
    date_parse("2026-03-31", &before);
    date_parse("2026-05-01", &after);
    assert_string_equal(framework_entry_level(&m, &after, "police")->code, "l1");
    assert_string_equal(framework_entry_level(&m, &after, "fire")->code, "scan");
    assert_string_equal(framework_entry_level(&m, &before, "police")->code, "scan");
    assert_string_equal(framework_entry_level(&m, &after, NULL)->code, "l1");
    /* every framework for police only: a fire service falls back to the default level */
    snprintf(m.frameworks[0].applies_to, PHASE_CODE_MAX, "police");
    assert_string_equal(framework_entry_level(&m, &after, "fire")->code, "scan");
    m.frameworks[0].applies_to[0] = '\0';

    /* a force crosses; a fire and rescue service may not, naming the kinds */
    assert_int_equal(decide_kind(&m, "police", "scan", NULL, "l2", "2026-05-01", "hmci", &err), 0);
    assert_int_equal(decide_kind(&m, "fire", "scan", NULL, "l2", "2026-05-01", "hmci", &err), OV_EINVALID);
    assert_string_equal(err.field, "to_phase");
    assert_string_equal(err.rule, PHASE_RULE_KIND);
    if (!strstr(err.message, "applies to police forces only; this body is a fire and rescue service")
        || !strstr(err.message, "from scan it may move to: engage") || strstr(err.message, "l1"))
        fail_msg("framework-kind: %s", err.message);
    /* even where no transition is defined, the kind is the reason */
    assert_int_equal(decide_kind(&m, "fire", "scan", NULL, "l4", "2026-05-01", "hmci", &err), OV_EINVALID);
    assert_string_equal(err.rule, PHASE_RULE_KIND);
    /* its own framework's moves: as before */
    assert_int_equal(decide_kind(&m, "fire", "scan", NULL, "engage", "2026-05-01", "hmci", &err), 0);
    assert_int_equal(decide_kind(&m, "police", "l2", "2026-05-01", "scan", "2026-06-01", "hmci", &err), OV_EINVALID);
    assert_string_equal(err.rule, PHASE_RULE_TRANSITION);
    assert_true(phase_transition_applies(&m, phase_transition_find(&m, "scan", "l1"), "police"));
    assert_false(phase_transition_applies(&m, phase_transition_find(&m, "scan", "l1"), "fire"));
    assert_true(phase_transition_applies(&m, phase_transition_find(&m, "scan", "engage"), "fire"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_a_valid_file),
        cmocka_unit_test(refusals_name_the_field),
        cmocka_unit_test(limits_refuse_the_file_naming_the_field),
        cmocka_unit_test(a_force_moves_through_four_levels),
        cmocka_unit_test(in_force_dates_are_inclusive),
        cmocka_unit_test(applies_to_is_read_and_checked),
        cmocka_unit_test(a_police_framework_leaves_fire_services_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
