/*
 * import_json.c: the import draft as JSON. Shape (absent values are null,
 * never left out, so a form can bind every field):
 *
 *   { "kind": "return_to_scan"|"move_to_engage"|"revisit"|"causes_of_concern"|"unknown",
 *     "title": s, "published_on": d, "sent_on": d,
 *     "from": {"name": s, "titles": [s]}, "to": {"name": s, "organisation": s},
 *     "cc": {"name": s, "role": s}, "body": {"code": s, "name": s},
 *     "ppog_meeting": d, "ppog_next_meeting": d, "causes_stated": n|null,
 *     "decision": {"found": b, "phase_from": p, "phase_to": p, "decided_by": s, "effective_on": d},
 *     "history": [{"phase": p, "on": d}],
 *     "causes": [{"text": s, "accelerated": b|null,
 *                 "recommendations": [{"number": n|null, "deadline": d, "deadline_note": s,
 *                                      "addressee": s, "text": s, "requirements": [s]}]}],
 *     "plan": null | {"name": s, "agreed_on": d, "linked_plan": s, "pillars": [s]},
 *     "causes_closed_on": d, "warnings": [s],
 *     "spans": [{"field": s, "start": n, "end": n, "cause": n?, "recommendation": n?}] }
 *
 * spans say where each fact was read: byte offsets into the letter's text
 * as the importer read it (import_result_t.text: markup gone, LF line
 * ends), fields as import.h lists them; cause and recommendation are
 * 0-based indexes, present for those spans only.
 *
 * d is ISO text at the letter's precision ("2025-01-23", "2024-05"); p is
 * "scan" or "engage".
 */
#define OV_IMPORT_INTERNAL
#include "docs/import.h"
#include <stdlib.h>
#include <string.h>

/* A string value; invalid UTF-8 (which the importer never produces) is
 * replaced byte by byte with '?' rather than dropped. */
static json_t *jstr(const char *s)
{
    if (!s) return json_null();
    json_t *v = json_string(s);
    if (v) return v;
    size_t n = strlen(s);
    char *copy = malloc(n + 1);
    if (!copy) return NULL;
    for (size_t i = 0; i < n; i++) copy[i] = (unsigned char)s[i] < 0x80 ? s[i] : '?';
    copy[n] = '\0';
    v = json_string(copy);
    free(copy);
    return v;
}

static json_t *jdate(const char *d) { return d[0] ? json_string(d) : json_null(); }

static json_t *jphase(import_phase_t p)
{
    const char *n = import_phase_name(p);
    return n ? json_string(n) : json_null();
}

static json_t *jlist(const import_strlist_t *l)
{
    json_t *a = json_array();
    if (!a) return NULL;
    for (size_t i = 0; i < l->n; i++)
        if (json_array_append_new(a, jstr(l->items[i]))) {
            json_decref(a);
            return NULL;
        }
    return a;
}

/* json_object_set_new (which releases v even when it fails, and fails on a
 * NULL o or v) that remembers a failure in *ok. */
static void put(json_t *o, const char *k, json_t *v, int *ok)
{
    if (json_object_set_new(o, k, v)) *ok = 0;
}

static json_t *jrec(const import_recommendation_t *rec)
{
    int ok = 1;
    json_t *o = json_object();
    put(o, "number", rec->number > 0 ? json_integer(rec->number) : json_null(), &ok);
    put(o, "deadline", jdate(rec->deadline), &ok);
    put(o, "deadline_note", jstr(rec->deadline_note), &ok);
    put(o, "addressee", jstr(rec->addressee), &ok);
    put(o, "text", jstr(rec->text), &ok);
    put(o, "requirements", jlist(&rec->requirements), &ok);
    if (!ok) { json_decref(o); return NULL; }
    return o;
}

static json_t *jcause(const import_cause_t *cc)
{
    int ok = 1;
    json_t *o = json_object();
    put(o, "text", jstr(cc->text), &ok);
    put(o, "accelerated", cc->accelerated == IMPORT_UNSTATED ? json_null() : json_boolean(cc->accelerated), &ok);
    json_t *recs = json_array();
    for (size_t i = 0; recs && i < cc->nrecs; i++)
        if (json_array_append_new(recs, jrec(&cc->recs[i]))) ok = 0;
    put(o, "recommendations", recs, &ok);
    if (!ok) { json_decref(o); return NULL; }
    return o;
}

json_t *import_result_to_json(const import_result_t *r)
{
    if (!r) return NULL;
    int ok = 1;
    json_t *o = json_object();
    if (!o) return NULL;
    put(o, "kind", json_string(import_kind_name(r->kind)), &ok);
    put(o, "title", jstr(r->title), &ok);
    put(o, "published_on", jdate(r->published_on), &ok);
    put(o, "sent_on", jdate(r->sent_on), &ok);

    json_t *from = json_object();
    put(from, "name", jstr(r->from.name), &ok);
    put(from, "titles", jlist(&r->from.titles), &ok);
    put(o, "from", from, &ok);

    json_t *to = json_object();
    put(to, "name", jstr(r->to.name), &ok);
    put(to, "organisation", jstr(r->to.organisation), &ok);
    put(o, "to", to, &ok);

    json_t *cc = json_object();
    put(cc, "name", jstr(r->cc.name), &ok);
    put(cc, "role", jstr(r->cc.role), &ok);
    put(o, "cc", cc, &ok);

    json_t *body = json_object();
    put(body, "code", jstr(r->body.code), &ok);
    put(body, "name", jstr(r->body.name), &ok);
    put(o, "body", body, &ok);

    put(o, "ppog_meeting", jdate(r->ppog_meeting), &ok);
    put(o, "ppog_next_meeting", jdate(r->ppog_next_meeting), &ok);
    put(o, "causes_stated", r->causes_stated > 0 ? json_integer(r->causes_stated) : json_null(), &ok);

    json_t *dec = json_object();
    put(dec, "found", json_boolean(r->decision.found), &ok);
    put(dec, "phase_from", jphase(r->decision.phase_from), &ok);
    put(dec, "phase_to", jphase(r->decision.phase_to), &ok);
    put(dec, "decided_by", jstr(r->decision.decided_by), &ok);
    put(dec, "effective_on", jdate(r->decision.effective_on), &ok);
    put(o, "decision", dec, &ok);

    json_t *hist = json_array();
    for (size_t i = 0; hist && i < r->nhistory; i++) {
        json_t *e = json_object();
        put(e, "phase", jphase(r->history[i].phase), &ok);
        put(e, "on", jdate(r->history[i].on), &ok);
        if (json_array_append_new(hist, e)) ok = 0;
    }
    put(o, "history", hist, &ok);

    json_t *causes = json_array();
    for (size_t i = 0; causes && i < r->ncauses; i++)
        if (json_array_append_new(causes, jcause(&r->causes[i]))) ok = 0;
    put(o, "causes", causes, &ok);

    if (r->plan.name || r->plan.linked_plan || r->plan.pillars.n) {
        json_t *plan = json_object();
        put(plan, "name", jstr(r->plan.name), &ok);
        put(plan, "agreed_on", jdate(r->plan.agreed_on), &ok);
        put(plan, "linked_plan", jstr(r->plan.linked_plan), &ok);
        put(plan, "pillars", jlist(&r->plan.pillars), &ok);
        put(o, "plan", plan, &ok);
    } else {
        put(o, "plan", json_null(), &ok);
    }
    put(o, "causes_closed_on", jdate(r->causes_closed_on), &ok);
    put(o, "warnings", jlist(&r->warnings), &ok);
    json_t *spans = json_array();
    for (size_t i = 0; spans && i < r->nspans; i++) {
        const import_span_t *sp = &r->spans[i];
        json_t *e = json_pack("{s:s, s:I, s:I}", "field", sp->field, "start", (json_int_t)sp->start, "end",
                              (json_int_t)sp->end);
        if (e && sp->index >= 0) json_object_set_new(e, "cause", json_integer(sp->index));
        if (e && sp->sub >= 0) json_object_set_new(e, "recommendation", json_integer(sp->sub));
        if (json_array_append_new(spans, e)) ok = 0;
    }
    put(o, "spans", spans, &ok);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}
