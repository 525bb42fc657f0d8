/*
 * letter_facts.c: what a letter says, gathered from the record (the store
 * reads it: store/letter_facts.h), and the letter workflow (draft ->
 * approved -> published) over the store (see letter.h).
 */
#include "docs/letter.h"
#include "store/bodies.h"
#include "store/letter_facts.h"
#include "store/body_changes.h"
#include "store/letters.h"
#include "core/jget.h"
#include <stdio.h>
#include <string.h>

static long long int_of(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? json_integer_value(v) : 0;
}

/* Adds what the record says of the body's inspections, external reports
 * and plan to facts. */
static int record_of(store_t *s, long long body_id, json_t *facts, ov_error_t *err)
{
    json_t *insp = NULL, *other_causes = NULL, *other_revisits = NULL, *reports = NULL, *plan = NULL;
    int rc = store_letter_inspections(s, body_id, &insp, &other_causes, &other_revisits, err);
    if (rc) return rc;
    json_object_set_new(facts, "inspections", insp);
    json_object_set_new(facts, "other_causes", other_causes);
    json_object_set_new(facts, "other_revisits", other_revisits);
    rc = store_letter_external_reports(s, body_id, &reports, err);
    if (rc) return rc;
    json_object_set_new(facts, "external_reports", reports);
    rc = store_letter_plan(s, body_id, &plan, err);
    if (rc) return rc;
    json_object_set_new(facts, "plan", plan ? plan : json_null());
    return 0;
}

/* The letter's date: sent, else published, else (a decision letter) the
 * day of its decision; NULL when none is known. Borrowed from letter or
 * facts. */
static const char *letter_day(const json_t *letter, const json_t *facts)
{
    const char *day = jget_str(letter, "sent_on");
    if (!day || !*day) day = jget_str(letter, "published_on");
    const json_t *d = json_object_get(facts, "decision");
    if ((!day || !*day) && json_is_object(d) && strcmp(jget_text(letter, "kind"), "revisit") != 0)
        day = jget_str(d, "decided_on");
    return day && *day ? day : NULL;
}

/* Adds people: who held the posts a letter names on its date (no date:
 * who holds them now), {on, lead_hmi, chief_officer, lpb_holder}, each
 * {name, title, acting, from_on, to_on} or null when nobody is recorded. */
static int people_of(store_t *s, const char *code, const json_t *letter, json_t *facts, ov_error_t *err)
{
    static const char *const POSTS[] = {"lead_hmi", "chief_officer", "lpb_holder", NULL};
    const char *day = letter_day(letter, facts);
    json_t *people = json_pack("{s:s?}", "on", day);
    if (!people) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    int rc = 0;
    for (int i = 0; rc == 0 && POSTS[i]; i++) {
        json_t *holder = NULL;
        rc = store_body_post_holder(s, code ? code : "", POSTS[i], day ? day : "9999-12-31", &holder, err);
        if (rc == 0) json_object_set_new(people, POSTS[i], holder ? holder : json_null());
    }
    if (rc == 0) json_object_set_new(facts, "people", people);
    else json_decref(people);
    return rc;
}

int letter_facts(store_t *s, const json_t *letter, json_t **out, ov_error_t *err)
{
    *out = NULL;
    const char *code = jget_str(letter, "body"), *kind = jget_str(letter, "kind");
    if (!letter_kind_valid(kind))
        return ov_error_set(err, OV_EINVALID, "kind", "kind must be move_to_engage, return_to_scan or revisit");
    json_t *body = NULL;
    int rc = store_letter_body(s, code ? code : "", &body, err);
    if (rc) return rc;
    long long body_id = int_of(body, "id");
    char acr[16];
    letter_acronym(jget_str(body, "name"), acr, sizeof acr);
    json_object_set_new(body, "acronym", json_string(acr));
    json_object_del(body, "id");
    json_t *facts = json_pack("{s:o}", "body", body);
    json_t *decision = NULL, *entry = NULL;
    /* the letters' two moves are between the default framework's routine
     * level and its first enhanced level: their codes and names are data */
    phase_model_t model;
    if ((rc = store_phase_model(s, &model, err)) != 0) {
        json_decref(facts);
        return rc;
    }
    const phase_def_t *routine = phase_default(&model);
    const phase_def_t *enh = routine ? phase_at_level(&model, routine->framework, 2) : NULL;
    if (!routine || !enh) {
        json_decref(facts);
        return ov_error_set(err, OV_EINTERNAL, "", "the default framework has no routine and enhanced level");
    }
    json_object_set_new(facts, "levels", json_pack("{s:{s:s, s:s}, s:{s:s, s:s}}", "routine", "code", routine->code,
                                                   "name", routine->name, "enhanced", "code", enh->code, "name",
                                                   enh->name));
    const char *to_phase = strcmp(kind, "return_to_scan") == 0 ? routine->code
                           : strcmp(kind, "move_to_engage") == 0 ? enh->code : NULL;
    long long decision_id = int_of(letter, "decision_id");
    if (to_phase || decision_id > 0) rc = store_letter_decision(s, body_id, decision_id, to_phase, &decision, err);
    if (rc == 0 && decision && to_phase && strcmp(jget_str(decision, "to_phase"), to_phase) != 0)
        rc = ov_error_set(err, OV_EINVALID, "decision_id", "decision %lld moved the body to %s, not %s", decision_id,
                          jget_str(decision, "to_phase"), to_phase);
    if (rc == 0) rc = store_letter_decision(s, body_id, 0, enh->code, &entry, err);
    /* the entry that the decision ends (not a later one) */
    if (rc == 0 && entry && decision && strcmp(jget_str(decision, "to_phase"), enh->code) != 0
        && strcmp(jget_str(entry, "effective_on"), jget_str(decision, "effective_on")) > 0) {
        json_decref(entry);
        rc = store_letter_engage_entry(s, body_id, jget_str(decision, "effective_on"), &entry, err);
    }
    if (rc == 0) {
        json_object_set_new(facts, "decision", decision ? decision : json_null());
        json_object_set_new(facts, "engage_entry", entry ? entry : json_null());
        decision = entry = NULL;
        json_t *d = json_object_get(facts, "decision");
        const char *until = json_is_object(d) ? jget_str(d, "decided_on") : jget_str(letter, "sent_on");
        json_t *ppog = NULL;
        rc = store_letter_ppog(s, body_id, int_of(letter, "ppog_meeting_id"), until, &ppog, err);
        if (rc == 0) json_object_set_new(facts, "ppog", ppog ? ppog : json_null());
    }
    json_decref(decision);
    json_decref(entry);
    if (rc == 0) rc = people_of(s, code, letter, facts, err);
    if (rc == 0) rc = record_of(s, body_id, facts, err);
    if (rc) {
        json_decref(facts);
        return rc;
    }
    *out = facts;
    return 0;
}

/* ---- workflow ---- */

static const char *const LETTER_FIELDS[] = {"body", "kind", "title", "from_name", "from_titles", "to_name",
                                            "to_org", "cc_name", "cc_role", "sent_on", "published_on",
                                            "ppog_meeting_id", "decision_id", "conclusion", NULL};

/* Builds the model of a letter row from the record as it is now. */
static int model_now(store_t *s, const json_t *row, json_t **out, ov_error_t *err)
{
    json_t *facts = NULL, *edits = NULL;
    int rc = letter_facts(s, row, &facts, err);
    if (rc) return rc;
    *out = letter_compose(row, facts, err);
    json_decref(facts);
    if (!*out) return err->status ? err->status : OV_EINTERNAL;
    /* a saved draft's block edits over the words drafted from the record */
    long long id = int_of(row, "id");
    if (id > 0 && (rc = store_letter_edits(s, id, &edits, err)) != 0) {
        json_decref(*out);
        *out = NULL;
        return rc;
    }
    letter_apply_edits(*out, edits);
    json_decref(edits);
    return 0;
}

static void overlay(json_t *model, const json_t *row)
{
    static const char *const KEYS[] = {"id", "status", "version", "created_by", "created_at", "approved_by",
                                       "approved_at", "published_by", "published_at", NULL};
    for (int i = 0; KEYS[i]; i++) json_object_set(model, KEYS[i], json_object_get(row, KEYS[i]));
}

int letter_view(store_t *s, long long id, json_t **out, ov_error_t *err)
{
    json_t *row = NULL, *model = NULL;
    *out = NULL;
    int rc = store_letter_get(s, id, &row, err);
    if (rc) return rc;
    const char *content = jget_str(row, "content");
    if (strcmp(jget_str(row, "status"), "draft") != 0 && content) {
        json_error_t je;
        model = json_loads(content, 0, &je);
        if (!model) rc = ov_error_set(err, OV_EINTERNAL, "", "letter %lld: stored content is not JSON: %s", id, je.text);
    } else {
        rc = model_now(s, row, &model, err);
    }
    json_t *history = NULL;
    if (rc == 0) rc = store_letter_edits(s, id, &history, err);
    if (rc == 0) {
        overlay(model, row);
        json_object_set_new(model, "history", history);
        *out = model;
    } else json_decref(model);
    json_decref(row);
    return rc;
}

int letter_draft_for(store_t *s, const char *body, const char *kind, json_t **out, ov_error_t *err)
{
    *out = NULL;
    if (!letter_kind_valid(kind))
        return ov_error_set(err, OV_EINVALID, "kind", "kind must be move_to_engage, return_to_scan or revisit");
    long long latest = 0;
    int rc = store_letter_latest_id(s, body, kind, &latest, err);
    if (rc) return rc;
    json_t *row = NULL;
    if (latest) rc = store_letter_get(s, latest, &row, err);
    if (rc) return rc;
    json_t *fields = json_object();
    for (int i = 0; LETTER_FIELDS[i]; i++) {
        json_t *v = row ? json_object_get(row, LETTER_FIELDS[i]) : NULL;
        if (v && !json_is_null(v)) json_object_set(fields, LETTER_FIELDS[i], v);
    }
    json_decref(row);
    json_object_set_new(fields, "body", json_string(body));
    json_object_set_new(fields, "kind", json_string(kind));
    if (json_object_get(fields, "to_name") == NULL) rc = letter_defaults(s, fields, err);
    if (rc == 0) rc = model_now(s, fields, out, err);
    if (rc == 0) json_object_set_new(*out, "status", json_string("draft"));
    json_decref(fields);
    return rc;
}

int letter_defaults(store_t *s, json_t *in, ov_error_t *err)
{
    json_t *body = NULL;
    const char *code = jget_str(in, "body");
    int rc = store_letter_body(s, code ? code : "", &body, err);
    if (rc) return rc;
    /* whoever held the post on the letter's day (sent, else published,
     * else its decision's, else the holder now), when recorded: the
     * letter's facts name them (people_of) */
    json_t *facts = NULL;
    rc = letter_facts(s, in, &facts, err);
    if (rc) {
        json_decref(body);
        return rc;
    }
    const json_t *people = json_object_get(facts, "people");
    json_t *chief = json_object_get(people, "chief_officer"), *holder = json_object_get(people, "lpb_holder");
    if (!json_is_object(chief)) chief = NULL;
    if (!json_is_object(holder)) holder = NULL;
    const char *title = jget_str(body, "chief_officer_title");
    if (!json_object_get(in, "to_name") && chief) {
        const char *t = jget_str(chief, "title") ? jget_str(chief, "title") : title;
        char name[600];
        snprintf(name, sizeof name, "%s%s%s", t && *t ? t : "", t && *t ? " " : "", jget_text(chief, "name"));
        json_object_set_new(in, "to_name", json_string(name));
    }
    if (!json_object_get(in, "to_name") && title && *title) json_object_set_new(in, "to_name", json_string(title));
    if (!json_object_get(in, "to_org")) json_object_set(in, "to_org", json_object_get(body, "name"));
    const char *lpb = jget_str(body, "local_policing_body");
    if (!json_object_get(in, "cc_name") && holder) {
        json_object_set_new(in, "cc_name", json_string(jget_text(holder, "name")));
        const char *role = jget_str(holder, "title") ? jget_str(holder, "title") : lpb;
        if (!json_object_get(in, "cc_role") && role && *role) json_object_set_new(in, "cc_role", json_string(role));
    }
    if (!json_object_get(in, "cc_name") && lpb && *lpb) json_object_set_new(in, "cc_name", json_string(lpb));
    json_decref(facts);
    json_decref(body);
    return 0;
}

int letter_approve(store_t *s, long long id, long long expected_version, const char *by, ov_error_t *err)
{
    /* inside the caller's transaction when there is one (loaders batch) */
    store_tx_t tx;
    int rc = store_tx_begin(s, &tx, err);
    if (rc) return rc;
    json_t *row = NULL, *model = NULL;
    char *content = NULL;
    rc = store_letter_get(s, id, &row, err);
    if (rc == 0 && strcmp(jget_str(row, "status"), "draft") != 0)
        rc = ov_error_set(err, OV_ECONFLICT, "status", "the letter is %s; only a draft can be approved",
                          jget_str(row, "status"));
    if (rc == 0) rc = model_now(s, row, &model, err);
    if (rc == 0) {
        /* the frozen model holds the letter's words, not its workflow state */
        json_object_del(model, "status");
        json_object_del(model, "version");
        json_object_del(model, "warnings");   /* for the approver, not the letter */
        content = json_dumps(model, JSON_COMPACT);
        if (!content) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    if (rc == 0) rc = store_letter_transition(s, id, expected_version, "draft", "approved", content, by, err);
    free(content);
    json_decref(model);
    json_decref(row);
    return store_tx_end(s, &tx, rc, err);
}

int letter_publish(store_t *s, long long id, long long expected_version, const char *by, ov_error_t *err)
{
    return store_letter_transition(s, id, expected_version, "approved", "published", NULL, by, err);
}

int letter_publish_loaded(store_t *s, const char *today, const char *by, int *n, ov_error_t *err)
{
    json_t *rows = NULL;
    if (n) *n = 0;
    int rc = store_begin(s, err);
    if (rc) return rc;
    rc = store_letters_loaded_drafts(s, today, &rows, err);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        if (rc) break;
        long long id = int_of(r, "id");
        /* inside our transaction: approve and publish join it */
        rc = letter_approve(s, id, -1, by, err);
        if (rc == 0) rc = letter_publish(s, id, -1, by, err);
        if (rc == 0 && n) (*n)++;
    }
    json_decref(rows);
    if (rc == 0) rc = store_commit(s, err);
    else store_rollback(s);
    if (rc && n) *n = 0;
    return rc;
}

int letter_index(store_t *s, const char *body, const char *public_on, json_t **out, ov_error_t *err)
{
    json_t *rows = NULL, *one = NULL;
    *out = NULL;
    int rc = 0;
    if (body) {
        rc = store_body_name(s, body, &one, err);
        if (rc == OV_ENOTFOUND) return ov_error_set(err, OV_ENOTFOUND, "body", "no body with code '%s'", body);
        if (rc) return rc;
    }
    rc = store_letters_index(s, body, public_on, &rows, err);
    if (rc) {
        json_decref(one);
        return rc;
    }
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        const char *t = jget_str(r, "title");
        if (t && *t) continue;
        char title[600];
        letter_default_title(jget_str(r, "body_name"), jget_str(r, "kind"), title, sizeof title);
        json_object_set_new(r, "title", json_string(title));
    }
    *out = json_pack("{s:o, s:o}", "body", one ? one : json_null(), "letters", rows);
    return *out ? 0 : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
}
