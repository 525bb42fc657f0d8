/*
 * import_load.c: an import draft (import_json.c) as `oversight load` steps
 * (docs/load-format.md), for `oversight import --emit-load`. The file is
 * for an inspector to read, correct and then confirm with `oversight load`:
 * nothing here writes to the record. Pure (no I/O).
 *
 * What becomes a step: the causes of concern (closed when the letter says
 * when they were closed), each recommendation with its original deadline,
 * each requirement, the plan and its pillars, the PPOG meeting and the
 * body's item at it, and the letter itself as a draft letter. What the
 * letter does not say is chosen plainly and said in the step's "note"
 * (ignored by the loader): e.g. a cause's issue date, which letters rarely
 * give. The phase decision is not a step: HMCI records decisions through
 * POST /api/v1/bodies/{code}/decisions.
 */
#include "docs/import.h"
#include "core/buf.h"
#include "core/jget.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The earliest deadline of any recommendation in the draft, or NULL. */
static const char *earliest_deadline(const json_t *draft)
{
    const char *best = NULL;
    size_t i, k;
    json_t *c, *r;
    json_array_foreach(json_object_get(draft, "causes"), i, c)
        json_array_foreach(json_object_get(c, "recommendations"), k, r) {
            const char *d = jget_nonempty(r, "deadline");
            if (d && (!best || strcmp(d, best) < 0)) best = d;
        }
    return best;
}

/* {"entity": e, "as": label (may be NULL), "fields": fields (stolen),
 * "note": note (may be NULL)} appended to steps. */
static void step(json_t *steps, const char *entity, const char *as, json_t *fields, const char *note)
{
    json_t *s = json_pack("{s:s}", "entity", entity);
    if (!s) {
        json_decref(fields);
        return;
    }
    if (as) json_object_set_new(s, "as", json_string(as));
    json_object_set_new(s, "fields", fields);
    if (note) json_object_set_new(s, "note", json_string(note));
    json_array_append_new(steps, s);
}

static void set_str(json_t *o, const char *key, const char *v)
{
    if (v) json_object_set_new(o, key, json_string(v));
}

/* A pillar's title: its text up to ", including" or the first comma after
 * the first word, first letter capitalised ("frontline policing
 * transformation, including ..." -> "Frontline policing transformation"). */
static char *pillar_title(const char *text)
{
    const char *inc = strstr(text, ", including");
    size_t n = inc ? (size_t)(inc - text) : strlen(text);
    if (n > 200) n = 200;
    char *t = strndup(text, n);
    if (t && islower((unsigned char)t[0])) t[0] = (char)toupper((unsigned char)t[0]);
    return t;
}

static void causes_steps(const json_t *draft, const char *code, json_t *steps)
{
    const char *earliest = earliest_deadline(draft);
    const char *sent = jget_nonempty(draft, "sent_on") ? jget_nonempty(draft, "sent_on")
                                                       : jget_nonempty(draft, "published_on");
    char issued[8] = "";
    if (earliest) snprintf(issued, sizeof issued, "%.4s", earliest);
    else if (sent) snprintf(issued, sizeof issued, "%.4s", sent);
    char issued_note[200];
    snprintf(issued_note, sizeof issued_note,
             "issued_on is not stated in the letter: %s; check it", earliest ? "the year of the earliest deadline"
                                                                   : "the year of the letter");
    const char *closed_on = jget_nonempty(draft, "causes_closed_on");
    const char *addressee_default = jget_nonempty(json_object_get(draft, "body"), "name");
    size_t i, k, q;
    json_t *c, *r, *t;
    json_array_foreach(json_object_get(draft, "causes"), i, c) {
        char label[32];
        snprintf(label, sizeof label, "coc%zu", i + 1);
        json_t *f = json_pack("{s:s}", "body", code);
        set_str(f, "text", jget_nonempty(c, "text") ? jget_nonempty(c, "text") : "(the letter's wording of this cause of concern was not found)");
        json_t *acc = json_object_get(c, "accelerated");
        if (json_is_boolean(acc)) json_object_set(f, "accelerated", acc);
        /* the letters speak of causes in the Engage process */
        json_object_set_new(f, "added_to_engage", json_true());
        if (*issued) set_str(f, "issued_on", issued);
        if (closed_on) {
            set_str(f, "status", "closed");
            set_str(f, "closed_on", closed_on);
        }
        step(steps, "causes-of-concern", label, f, *issued ? issued_note : "issued_on is not stated: add it");
        json_array_foreach(json_object_get(c, "recommendations"), k, r) {
            char rlabel[80], cref[40], num[48];
            snprintf(rlabel, sizeof rlabel, "%s_rec%zu", label, k + 1);
            snprintf(cref, sizeof cref, "@%s", label);
            json_t *n = json_object_get(r, "number");
            if (json_is_integer(n)) snprintf(num, sizeof num, "%lld", (long long)json_integer_value(n));
            else snprintf(num, sizeof num, "%zu.%zu", i + 1, k + 1);
            json_t *rf = json_pack("{s:s, s:s, s:s}", "body", code, "cause_id", cref, "number", num);
            const char *addr = jget_nonempty(r, "addressee") ? jget_nonempty(r, "addressee") : addressee_default;
            set_str(rf, "addressee", addr ? addr : code);
            set_str(rf, "text", jget_nonempty(r, "text") ? jget_nonempty(r, "text") : "(the letter's wording of this recommendation was not found)");
            if (*issued) set_str(rf, "issued_on", issued);
            set_str(rf, "original_deadline", jget_nonempty(r, "deadline"));
            char rnote[300] = "";
            if (!json_is_integer(n)) snprintf(rnote, sizeof rnote, "the letter does not number it; ");
            if (jget_nonempty(r, "deadline_note"))
                snprintf(rnote + strlen(rnote), sizeof rnote - strlen(rnote), "deadline: %s; ", jget_nonempty(r, "deadline_note"));
            if (!jget_nonempty(r, "deadline"))
                snprintf(rnote + strlen(rnote), sizeof rnote - strlen(rnote), "no deadline found; ");
            snprintf(rnote + strlen(rnote), sizeof rnote - strlen(rnote),
                     "its status is not stated: recorded open");
            step(steps, "recommendations", rlabel, rf, rnote);
            json_array_foreach(json_object_get(r, "requirements"), q, t) {
                char rref[96];
                snprintf(rref, sizeof rref, "@%s", rlabel);
                json_t *qf = json_pack("{s:s, s:I, s:O}", "recommendation_id", rref, "position", (json_int_t)(q + 1),
                                       "text", t);
                step(steps, "requirements", NULL, qf, NULL);
            }
        }
    }
}

static void plan_steps(const json_t *draft, const char *code, json_t *steps)
{
    const json_t *plan = json_object_get(draft, "plan");
    if (!json_is_object(plan) || !jget_nonempty(plan, "name")) return;
    json_t *f = json_pack("{s:s, s:s}", "body", code, "name", jget_nonempty(plan, "name"));
    set_str(f, "linked_plan", jget_nonempty(plan, "linked_plan"));
    set_str(f, "agreed_on", jget_nonempty(plan, "agreed_on"));
    step(steps, "plans", "plan", f, NULL);
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(plan, "pillars"), i, p) {
        const char *text = json_string_value(p);
        if (!text) continue;
        char *title = pillar_title(text);
        json_t *pf = json_pack("{s:s, s:I, s:s, s:s}", "plan_id", "@plan", "position", (json_int_t)(i + 1), "title",
                               title ? title : text, "description", text);
        free(title);
        step(steps, "plan-pillars", NULL, pf, NULL);
    }
}

/* The PPOG meeting (a day is needed) and the body's item at it. 1 if added. */
static int ppog_steps(const json_t *draft, const char *code, json_t *steps)
{
    const char *held = jget_nonempty(draft, "ppog_meeting");
    if (!held || strlen(held) != 10) return 0;
    step(steps, "ppog-meetings", "ppog", json_pack("{s:s}", "held_on", held),
         "a fresh database may hold this meeting already: then drop this step and point @ppog at its id");
    const char *kind = jget_nonempty(draft, "kind");
    const char *outcome = kind && strcmp(kind, "return_to_scan") == 0   ? "recommend_exit"
                          : kind && strcmp(kind, "move_to_engage") == 0 ? "recommend_entry"
                                                                        : "noted";
    step(steps, "ppog-items", NULL, json_pack("{s:s, s:s, s:s}", "meeting_id", "@ppog", "body", code, "outcome", outcome),
         "the outcome follows from the kind of letter");
    return 1;
}

static void letter_step(const json_t *draft, const char *code, int has_ppog, json_t *steps)
{
    const char *kind = jget_nonempty(draft, "kind");
    /* letters are recorded as one of three kinds; a causes of concern
     * publication is not a letter of the monitoring process */
    if (!kind || (strcmp(kind, "move_to_engage") != 0 && strcmp(kind, "return_to_scan") != 0 &&
                  strcmp(kind, "revisit") != 0))
        return;
    json_t *f = json_pack("{s:s, s:s}", "body", code, "kind", kind);
    set_str(f, "title", jget_nonempty(draft, "title"));
    const json_t *from = json_object_get(draft, "from");
    set_str(f, "from_name", jget_nonempty(from, "name"));
    buf_t titles = BUF_INIT;
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(from, "titles"), i, t) buf_printf(&titles, "%s%s", i ? "\n" : "", json_string_value(t));
    if (titles.len && !titles.failed) set_str(f, "from_titles", titles.data);
    buf_free(&titles);
    set_str(f, "to_name", jget_nonempty(json_object_get(draft, "to"), "name"));
    set_str(f, "to_org", jget_nonempty(json_object_get(draft, "to"), "organisation"));
    set_str(f, "cc_name", jget_nonempty(json_object_get(draft, "cc"), "name"));
    set_str(f, "cc_role", jget_nonempty(json_object_get(draft, "cc"), "role"));
    const char *sent = jget_nonempty(draft, "sent_on"), *pub = jget_nonempty(draft, "published_on");
    if (sent && strlen(sent) == 10) set_str(f, "sent_on", sent);
    if (pub && strlen(pub) == 10) set_str(f, "published_on", pub);
    if (has_ppog) set_str(f, "ppog_meeting_id", "@ppog");
    step(steps, "letters", "letter", f,
         "loaded as a draft letter; approve and publish it through /api/v1/letters/{id}/approve and /publish");
}

json_t *import_draft_to_load(const json_t *draft, const char *body_code, ov_error_t *err)
{
    const char *code = body_code ? body_code : jget_nonempty(json_object_get(draft, "body"), "code");
    if (!code) {
        ov_error_set(err, OV_EINVALID, "body", "the letter names no known body; give --body CODE");
        return NULL;
    }
    json_t *steps = json_array();
    causes_steps(draft, code, steps);
    plan_steps(draft, code, steps);
    int has_ppog = ppog_steps(draft, code, steps);
    letter_step(draft, code, has_ppog, steps);
    buf_t about = BUF_INIT;
    buf_printf(&about, "Draft record read from the letter \"%s\" (%s) by `oversight import --emit-load`. Check every step "
                       "against the letter (each \"note\" says what the letter did not state), correct it, then confirm "
                       "it into the record with `oversight load FILE --db URL` (all or nothing).",
               jget_nonempty(draft, "title") ? jget_nonempty(draft, "title") : "untitled", code);
    const json_t *d = json_object_get(draft, "decision");
    if (json_is_true(json_object_get(d, "found")))
        buf_printf(&about, " The decision (%s to %s, effective %s, decided by %s) is not a step: HMCI records it with "
                           "POST /api/v1/bodies/%s/decisions.",
                   jget_nonempty(d, "phase_from") ? jget_nonempty(d, "phase_from") : "?",
                   jget_nonempty(d, "phase_to") ? jget_nonempty(d, "phase_to") : "?",
                   jget_nonempty(d, "effective_on") ? jget_nonempty(d, "effective_on") : "(no date)",
                   jget_nonempty(d, "decided_by") ? jget_nonempty(d, "decided_by") : "(not stated)", code);
    json_t *out = json_pack("{s:s, s:O, s:o}", "about", about.data ? about.data : "", "warnings",
                            json_object_get(draft, "warnings") ? json_object_get(draft, "warnings") : json_null(),
                            "steps", steps);
    buf_free(&about);
    if (!out) ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    return out;
}
