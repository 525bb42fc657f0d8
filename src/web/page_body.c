/*
 * page_body.c: GET /bodies/{code}: a body's phase history, its decisions
 * with their rationale, a timeline, and its published causes of concern
 * and recommendations with links to its letters, feeds and data (public:
 * store/public_record.h); for readers of its record,
 * causes of concern with their recommendations, the plan and readiness to
 * return to Scan as of today; for those who may record its PCC responses
 * (its local policing body, staff), its published reports with the 56-day
 * response due, overdue or recorded, and a link to record it.
 */
#include "web/page.h"
#include "web/chart.h"
#include "web/format.h"
#include "app/actor.h"
#include "core/roles.h"
#include "core/rules.h"
#include "store/bodies.h"
#include "store/body_changes.h"
#include "store/entity.h"
#include "store/snapshot.h"
#include "store/public_record.h"
#include "store/pcc.h"
#include "store/reports.h"
#include "web/public_view.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MARKS 512

/* Strings the chart borrows, freed together. */
typedef struct {
    char *v[MAX_MARKS * 2];
    size_t n;
} strpool_t;

static const char *keep(strpool_t *p, buf_t *b)
{
    if (b->failed || p->n >= sizeof p->v / sizeof p->v[0]) {
        buf_free(b);
        return NULL;
    }
    char *s = buf_detach(b, NULL);
    if (s) p->v[p->n++] = s;
    return s;
}

static void strpool_free(strpool_t *p)
{
    for (size_t i = 0; i < p->n; i++) free(p->v[i]);
    p->n = 0;
}

static int parse_day(const char *iso, long *out)
{
    odate_t d;
    if (!iso || date_parse(iso, &d) != 0) return 0;
    *out = date_to_days(&d);
    return 1;
}

typedef struct {
    chart_mark_t v[MAX_MARKS];
    size_t n;
} marks_t;

/* Adds a mark at iso (skipped when not a date or full) titled
 * "<date>: <what>". */
static void add_mark(marks_t *m, strpool_t *pool, const char *iso, const char *cls, const char *what, long *lo,
                     long *hi)
{
    long day;
    if (m->n >= MAX_MARKS || !parse_day(iso, &day)) return;
    char text[WEB_DATE_TEXT_MAX];
    buf_t b = BUF_INIT;
    buf_printf(&b, "%s: %s", web_format_date(iso, text), what ? what : "");
    const char *title = keep(pool, &b);
    m->v[m->n++] = (chart_mark_t){day, cls, title};
    if (day < *lo) *lo = day;
    if (day > *hi) *hi = day;
}

/* levels below: every framework's levels (store_levels_json), so names
 * and positions come from the frameworks' data, not from code. */

/* A level's public name (its framework's), or the code made readable. */
static const char *level_name(const json_t *levels, const char *code, char *buf, size_t n)
{
    const char *name = web_str(json_object_get(levels, code ? code : ""), "name");
    return name ? name : web_format_enum(code, buf, n);
}

/* 1 if code is above its framework's routine level (enhanced monitoring). */
static int level_enhanced(const json_t *levels, const char *code)
{
    return json_integer_value(json_object_get(json_object_get(levels, code ? code : ""), "level")) > 1;
}

/* The body's timeline: its phases, decisions and, with the record (snap may
 * be NULL), inspections, deadlines and revisits. Appends SVG to svg. */
static int body_chart(const json_t *body, const json_t *snap, const json_t *levels, odate_t today, buf_t *svg)
{
    marks_t *md = calloc(4, sizeof *md);   /* decisions, inspections, deadlines, revisits: too big for the stack */
    strpool_t *pool = calloc(1, sizeof *pool);
    chart_span_t *spans = NULL;
    int rc = -1;
    if (!md || !pool) goto done;
    marks_t *mi = md + 1, *ml = md + 2, *mr = md + 3;
    long t = date_to_days(&today), lo = t - 3 * 365, hi = t;
    size_t i;
    json_t *x;
    char w1[32], w2[32];

    json_array_foreach(json_object_get(body, "decisions"), i, x) {
        buf_t b = BUF_INIT;
        buf_printf(&b, "%s to %s, decided by %s", level_name(levels, web_str(x, "from_phase"), w1, sizeof w1),
                   level_name(levels, web_str(x, "to_phase"), w2, sizeof w2),
                   web_str(x, "decided_by") ? web_str(x, "decided_by") : "(not recorded)");
        const char *what = keep(pool, &b);
        const char *on = web_str(x, "effective_on") ? web_str(x, "effective_on") : web_str(x, "decided_on");
        add_mark(md, pool, on, "decision", what, &lo, &hi);
    }
    json_array_foreach(json_object_get(snap, "inspections"), i, x)
        add_mark(mi, pool, web_str(x, "published_on"), "inspection", web_str(x, "title"), &lo, &hi);
    json_array_foreach(json_object_get(snap, "recommendations"), i, x) {
        if (json_is_string(json_object_get(x, "closed_on")) && !web_str(x, "deadline")) continue;
        buf_t b = BUF_INIT;
        buf_printf(&b, "recommendation %s due (%s)", web_str(x, "number") ? web_str(x, "number") : "?",
                   web_str(x, "status") ? web_str(x, "status") : "");
        add_mark(ml, pool, web_str(x, "deadline"), "deadline", keep(pool, &b), &lo, &hi);
    }
    json_array_foreach(json_object_get(snap, "revisits"), i, x)
        add_mark(mr, pool, web_str(x, "started_on"), "revisit", web_str(x, "title"), &lo, &hi);

    const json_t *hist = json_object_get(body, "history");
    spans = calloc(json_array_size(hist) + 1, sizeof *spans);
    if (!spans) goto done;
    size_t ns = 0;
    json_array_foreach(hist, i, x) {
        long d;
        if (parse_day(web_str(x, "from"), &d) && d < lo) lo = d;
    }
    json_array_foreach(hist, i, x) {
        const char *from = web_str(x, "from"), *to = web_str(x, "to"), *ph = web_str(x, "phase");
        chart_span_t *sp = &spans[ns++];
        if (!parse_day(from, &sp->from)) sp->from = lo;
        if (!parse_day(to, &sp->to)) sp->to = hi;
        sp->cls = level_enhanced(levels, ph) ? "engage" : "scan";   /* the chart's two styles */
        char f[WEB_DATE_TEXT_MAX], e[WEB_DATE_TEXT_MAX];
        buf_t b = BUF_INIT;
        buf_puts(&b, level_name(levels, ph, w1, sizeof w1));
        if (from) buf_printf(&b, " from %s", web_format_date(from, f));
        if (to) buf_printf(&b, " %s %s", from ? "to" : "until", web_format_date(to, e));
        else buf_puts(&b, " until today");
        sp->title = keep(pool, &b);
    }

    chart_row_t rows[5];
    size_t nr = 0;
    rows[nr++] = (chart_row_t){"Phase", NULL, spans, ns, NULL, 0};
    rows[nr++] = (chart_row_t){"Decisions", NULL, NULL, 0, md->v, md->n};
    if (snap) {
        rows[nr++] = (chart_row_t){"Inspections", NULL, NULL, 0, mi->v, mi->n};
        rows[nr++] = (chart_row_t){"Deadlines", NULL, NULL, 0, ml->v, ml->n};
        rows[nr++] = (chart_row_t){"Revisits", NULL, NULL, 0, mr->v, mr->n};
    }
    chart_t c = {.id = "body-timeline", .title = "Timeline of monitoring",
                 .desc = snap ? "Phases (levels above routine monitoring shaded), decisions, inspections, recommendation deadlines and revisits "
                                "on a time axis with year ticks."
                              : "Phases (levels above routine monitoring shaded) and decisions on a time axis with year ticks.",
                 .rows = rows, .nrows = nr};
    chart_axis_years(lo, hi, &c.from, &c.to);
    rc = chart_svg(svg, &c);
done:
    if (pool) strpool_free(pool);
    free(pool);
    free(md);
    free(spans);
    return rc;
}

static json_t *public_part(json_t *body, const json_t *levels)
{
    json_t *hist = json_array(), *decs = json_array();
    size_t i;
    json_t *x;
    char w[32];
    json_array_foreach(json_object_get(body, "history"), i, x) {
        const char *ph = web_str(x, "phase");
        json_array_append_new(hist, json_pack("{s:s?, s:s, s:b, s:o, s:o}", "phase", ph, "phase_text",
                                              level_name(levels, ph, w, sizeof w), "enhanced", level_enhanced(levels, ph),
                                              "from", web_date(web_str(x, "from")), "to",
                                              web_date(web_str(x, "to"))));
    }
    json_array_foreach(json_object_get(body, "decisions"), i, x) {
        json_t *d = json_deep_copy(x);
        web_view_fields(d, WEB_KEYS("decided_on", "effective_on"), WEB_KEYS("from_phase", "to_phase"));
        size_t ci;
        json_t *cx;
        json_array_foreach(json_object_get(d, "corrections"), ci, cx) {
            web_date_field(cx, "corrected_on");
            json_object_set_new(cx, "withdrawal", json_boolean(web_str(cx, "kind") && strcmp(web_str(cx, "kind"), "withdrawal") == 0));
        }
        json_object_set_new(d, "from_phase_text", json_string(level_name(levels, web_str(x, "from_phase"), w, sizeof w)));
        json_object_set_new(d, "to_phase_text", json_string(level_name(levels, web_str(x, "to_phase"), w, sizeof w)));
        json_array_append_new(decs, d);
    }
    json_t *b = json_deep_copy(body);
    json_object_del(b, "history");
    json_object_del(b, "decisions");
    json_object_set_new(b, "kind_text", json_string(web_kind_name(web_str(b, "kind"))));
    web_date_field(b, "since");
    /* what became of it, what it came from, what it was called, who held
     * its posts (store/body_changes.h) */
    web_date_field(b, "retired_on");
    if (web_str(b, "successor"))
        json_object_set_new(b, "successor_view",
                            json_pack("{s:s, s:s}", "code", web_str(b, "successor"), "name",
                                      web_str(b, "successor_name") ? web_str(b, "successor_name") : web_str(b, "successor")));
    json_array_foreach(json_object_get(b, "former_names"), i, x) web_view_fields(x, WEB_KEYS("from", "to"), NULL);
    json_array_foreach(json_object_get(b, "people"), i, x) {
        static const char *const posts[][2] = {{"chief_officer", "Chief officer"},
                                               {"lpb_holder", "Local policing body"},
                                               {"lead_hmi", "Lead HMI"},
                                               {"liaison_lead", "Force liaison lead"}};
        web_view_fields(x, WEB_KEYS("from_on", "to_on"), WEB_KEYS("post"));
        for (size_t k = 0; k < sizeof posts / sizeof posts[0]; k++)
            if (strcmp(web_str(x, "post") ? web_str(x, "post") : "", posts[k][0]) == 0)
                json_object_set_new(x, "post_text", json_string(posts[k][1]));
    }
    json_object_del(b, "changes");
    if (strcmp(web_str(b, "kind") ? web_str(b, "kind") : "", "national") == 0)
        json_object_set_new(b, "national_kind", json_true());
    json_t *out = json_pack("{s:o, s:o, s:o}", "body", b, "history", hist, "decisions", decs);
    return out;
}

/* A recommendation of the snapshot for the page. */
static json_t *rec_view(const json_t *r)
{
    json_t *v = json_deep_copy(r);
    char label[160];
    snprintf(label, sizeof label, "Recommendation %s", web_str(r, "number") ? web_str(r, "number") : "?");
    json_object_set_new(v, "label", json_string(label));
    web_mark_revised(v);
    web_view_fields(v, WEB_KEYS("deadline", "original_deadline", "closed_on", "issued_on"), WEB_KEYS("status"));
    return v;
}

static json_t *plans_view(store_t *s, const char *code)
{
    const entity_def_t *e = entity_find("plans");
    json_t *list = NULL, *out = json_array();
    ov_error_t err = {0};
    if (!e || store_entity_list(s, e, code, NULL, 0, 100, 0, &list, &err) != 0) return out;
    size_t i, k, j;
    json_t *p, *pl, *it;
    json_array_foreach(list, i, p) {
        json_t *full = NULL;
        if (store_entity_get(s, e, json_integer_value(json_object_get(p, "id")), 1, &full, &err) != 0) continue;
        web_view_fields(full, WEB_KEYS("agreed_on", "period_start", "period_end"), NULL);
        json_t *items = json_object_get(full, "items");
        json_array_foreach(items, k, it) {
            web_view_fields(it, WEB_KEYS("target_date", "completed_on"), WEB_KEYS("kind", "rag"));
        }
        json_t *loose = json_array();
        json_array_foreach(items, k, it) if (!json_is_integer(json_object_get(it, "pillar_id")))
            json_array_append(loose, it);
        json_array_foreach(json_object_get(full, "pillars"), k, pl) {
            json_t *mine = json_array();
            json_int_t pid = json_integer_value(json_object_get(pl, "id"));
            json_array_foreach(items, j, it) if (json_integer_value(json_object_get(it, "pillar_id")) == pid)
                json_array_append(mine, it);
            json_object_set_new(pl, "items", mine);
        }
        json_object_set_new(full, "other_items", json_array_size(loose) ? json_pack("{s:o}", "items", loose) : json_null());
        if (!json_array_size(loose)) json_decref(loose);
        json_object_del(full, "items");
        json_array_append_new(out, full);
    }
    json_decref(list);
    return out;
}

static json_t *readiness_view(const json_t *snap, odate_t today)
{
    json_t *r = rules_readiness(snap, &today);
    if (!r) return json_null();
    const char *lists[] = {"blocking", "supporting"};
    for (int l = 0; l < 2; l++) {
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(r, lists[l]), i, x) web_enum_field(x, "kind");
    }
    web_date_field(r, "as_of");
    return r;
}

/* A cause's place among the causes of its report, as the report and the
 * letters number them (issued first, then recorded first): 0 when it is in
 * no report. */
static long long cause_number(const json_t *causes, const json_t *c)
{
    const json_t *insp = json_object_get(c, "inspection_id");
    if (!json_is_integer(insp)) return 0;
    const char *on = web_str(c, "issued_on") ? web_str(c, "issued_on") : "";
    json_int_t id = json_integer_value(json_object_get(c, "id"));
    long long n = 0;
    size_t i;
    json_t *x;
    json_array_foreach(causes, i, x) {
        if (json_integer_value(json_object_get(x, "inspection_id")) != json_integer_value(insp)) continue;
        const char *xon = web_str(x, "issued_on") ? web_str(x, "issued_on") : "";
        int cmp = strcmp(xon, on);
        if (cmp < 0 || (cmp == 0 && json_integer_value(json_object_get(x, "id")) <= id)) n++;
    }
    return n;
}

static json_t *record_part(store_t *s, const char *code, const json_t *snap, odate_t today)
{
    json_t *causes = json_array(), *loose = json_array();
    size_t i, k;
    json_t *c, *r;
    json_array_foreach(json_object_get(snap, "causes"), i, c) {
        json_t *v = json_deep_copy(c);
        web_view_fields(v, WEB_KEYS("issued_on", "closed_on"), WEB_KEYS("status"));
        /* named as the letters name them, never by the database's id */
        long long n = cause_number(json_object_get(snap, "causes"), c);
        char label[200];
        if (n > 0) snprintf(label, sizeof label, "Cause of concern %lld", n);
        else snprintf(label, sizeof label, "Cause of concern (in no report yet)");
        json_object_set_new(v, "label", json_string(label));
        json_t *recs = json_array();
        json_int_t id = json_integer_value(json_object_get(c, "id"));
        json_array_foreach(json_object_get(snap, "recommendations"), k, r)
            if (json_integer_value(json_object_get(r, "cause_id")) == id) {
                json_t *rv = rec_view(r);
                const char *num = web_str(r, "number") ? web_str(r, "number") : "?";
                if (n > 0) snprintf(label, sizeof label, "Recommendation %s of cause of concern %lld", num, n);
                else snprintf(label, sizeof label, "Recommendation %s of %s", num,
                              web_str(c, "title") ? web_str(c, "title") : "a cause of concern in no report yet");
                json_object_set_new(rv, "label", json_string(label));
                json_array_append_new(recs, rv);
            }
        json_object_set_new(v, "has_recs", json_boolean(json_array_size(recs) > 0));
        json_object_set_new(v, "recs", recs);
        json_array_append_new(causes, v);
    }
    json_array_foreach(json_object_get(snap, "recommendations"), k, r)
        if (!json_is_integer(json_object_get(r, "cause_id"))) json_array_append_new(loose, rec_view(r));
    json_t *other = json_null();
    if (json_array_size(loose)) other = json_pack("{s:O, s:b}", "recs", loose, "has_recs", 1);
    json_decref(loose);
    return json_pack("{s:o, s:o, s:o, s:o}", "causes", causes, "other_recs", other, "plans",
                     plans_view(s, code), "readiness", readiness_view(snap, today));
}

/* The forms the actor may use for body code, as links ({href, text}):
 * every entity that belongs to a body and has a form (the permission
 * checks of web_record_new), then the phase decision for HMCI, and the
 * body changes for an admin (form_bodies.c) while it is not retired. */
static json_t *record_links(const app_actor_t *actor, const char *code, int retired)
{
    json_t *links = json_array();
    char href[200], text[120];
    if (!actor->user_id) return links;
    for (const entity_def_t *e = store_entities; e->name; e++) {
        if ((e->flags & (E_APPEND_ONLY | E_OWN_FORMS)) || strcmp(e->name, "letters") == 0) continue;
        /* parts of another item (grades, requirements, pillars) are added from that item's page */
        if (e->body_sql && !entity_field(e, "body")) continue;
        const char *b = e->body_sql ? code : NULL;
        if (!app_allowed(actor, e->perm_write, b) && !app_allowed(actor, PERM_RECORD, b)) continue;
        if (e->body_sql) snprintf(href, sizeof href, "/record/%s/new?body=%s", e->name, code);
        else snprintf(href, sizeof href, "/record/%s/new", e->name);
        snprintf(text, sizeof text, "Record %s %s", strchr("aeiou", e->label[0]) ? "an" : "a", e->label);
        json_array_append_new(links, json_pack("{s:s, s:s}", "href", href, "text", text));
    }
    if (app_allowed(actor, PERM_DECIDE, code)) {
        snprintf(href, sizeof href, "/record/bodies/%s/decision", code);
        json_array_append_new(links, json_pack("{s:s, s:s, s:b}", "href", href, "text", "Decide a phase change",
                                               "primary", 1));
    }
    static const char *const CHANGES[][2] = {{"rename", "Rename this body"}, {"merge", "Merge it with another body"},
                                             {"retire", "Retire this body"}};
    for (size_t i = 0; !retired && app_allowed(actor, PERM_ADMIN, NULL) && i < 3; i++) {
        snprintf(href, sizeof href, "/record/bodies/%s/%s", code, CHANGES[i][0]);
        json_array_append_new(links, json_pack("{s:s, s:s}", "href", href, "text", CHANGES[i][1]));
    }
    return links;
}

/* The body's reports that owe a PCC response (store_pcc_reports, stolen:
 * police forces only, rules_pcc_owed), each with its response: recorded
 * (on), else due or overdue (rules_pcc_due), the link to record it, the
 * chief officer's comments, and the answer to each recommendation of the
 * report (s.55(5B)) or the link to record it. For an actor who may record
 * PCC responses for the body (as web_record_new: PERM_PCC_RESPONSE or
 * PERM_RECORD), else NULL (reports freed). New object {reports: [...], own
 * (the body's lpb)}. */
static json_t *pcc_part(const app_actor_t *actor, const char *code, json_t *reports, odate_t today)
{
    int own = app_allowed(actor, PERM_PCC_RESPONSE, code);
    if (!reports || !actor->user_id || (!own && !app_allowed(actor, PERM_RECORD, code)) || !json_array_size(reports)) {
        json_decref(reports);
        return NULL;
    }
    size_t i, j;
    json_t *x, *rec;
    json_array_foreach(reports, i, x) {
        const char *pub = web_str(x, "published_on");
        json_t *resp = json_object_get(x, "response");
        long long rid = json_is_object(resp) ? (long long)json_integer_value(json_object_get(resp, "id")) : 0;
        odate_t p;
        int day = pub && date_parse(pub, &p) == 0 && p.precision == DATE_DAY;
        json_object_set_new(x, "published_on", web_date(pub));
        if (rid) {
            char href[80];
            snprintf(href, sizeof href, "/record/pcc-responses/%lld", rid);
            json_object_set_new(x, "recorded_on", web_date(web_str(resp, "published_on")));
            json_object_set_new(x, "response_href", json_string(href));
            const char *co = web_str(resp, "chief_officer_comments");
            json_object_set_new(x, "chief_officer_comments", json_boolean(co && *co));
        } else if (day) {
            odate_t due = rules_pcc_due(&p);
            char iso[DATE_TEXT_MAX];
            date_format(&due, iso);
            json_object_set_new(x, "due", web_date(iso));
            json_object_set_new(x, "overdue", json_boolean(date_compare(&due, &today) < 0));
        } else {
            json_object_set_new(x, "due_unknown", json_true());   /* published in a month or year only */
        }
        size_t answered = 0;
        json_array_foreach(json_object_get(x, "recommendations"), j, rec) {
            json_t *answer = json_object_get(rec, "answer");
            if (json_is_object(answer)) {
                answered++;
                json_object_set(rec, "action", json_object_get(answer, "action"));
            } else if (rid) {
                char href[120];
                snprintf(href, sizeof href, "/record/pcc-recommendation-responses/new?response_id=%lld&recommendation_id=%lld",
                         rid, (long long)json_integer_value(json_object_get(rec, "id")));
                json_object_set_new(rec, "respond_href", json_string(href));
            }
            json_object_del(rec, "answer");
        }
        size_t n = json_array_size(json_object_get(x, "recommendations"));
        json_object_set_new(x, "has_recs", json_boolean(n > 0));
        json_object_set_new(x, "answered", json_integer((json_int_t)answered));
        json_object_set_new(x, "recs_total", json_integer((json_int_t)n));
        json_object_del(x, "response");
    }
    return json_pack("{s:o, s:b}", "reports", reports, "own", own);
}

/* The published record (store_public_body_record's, stolen) for the
 * page, with the links to the body's letters, feeds and data. */
static json_t *published_part(json_t *pub, const char *code)
{
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(pub, "causes"), i, x) web_public_cause_view(x);
    json_array_foreach(json_object_get(pub, "other"), i, x) web_public_rec_view(x);
    size_t nother = json_array_size(json_object_get(pub, "other"));
    json_object_set_new(pub, "has_items", json_boolean(json_array_size(json_object_get(pub, "causes")) || nother));
    json_object_set_new(pub, "has_other", json_boolean(nother > 0));
    /* the recommendations of no cause, as public_recs.html shows a cause's */
    json_object_set_new(pub, "other", json_pack("{s:s, s:b, s:O}", "label", "Other recommendations", "has_recs",
                                                nother > 0, "recommendations", json_object_get(pub, "other")));
    /* a report that made more recommendations than the record holds says
     * where the others are, rather than pass the rows for all it made */
    json_array_foreach(json_object_get(pub, "reports"), i, x) {
        json_int_t made = json_integer_value(json_object_get(x, "recommendations_made"));
        json_int_t held = json_integer_value(json_object_get(x, "recommendations_recorded"));
        web_date_field(x, "published_on");
        if (made > held) json_object_set_new(x, "others", json_integer(made - held));
    }
    /* the local policing body's published responses (s.55) */
    json_array_foreach(json_object_get(pub, "pcc_responses"), i, x) {
        web_date_field(x, "published_on");
        web_date_field(x, "report_published_on");
    }
    json_object_set_new(pub, "has_pcc", json_boolean(json_array_size(json_object_get(pub, "pcc_responses")) > 0));
    json_object_set_new(pub, "code", json_string(code));
    return pub;
}

int web_page_body(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    const char *code = http_request_param(req, "code");
    app_actor_t actor;
    web_actor(req, &actor);
    odate_t today = app_today(app);
    ov_error_t err = {0};
    json_t *body = NULL, *snap = NULL, *record = NULL, *levels = NULL, *pcc_reports = NULL;
    int may = web_may_read(&actor, code);
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_body_get(s, code, &body, &err);
    if (rc == 0 && web_str(body, "successor")) {
        /* "merged into" names the successor as the board does */
        json_t *succ = NULL;
        ov_error_t serr = {0};
        if (store_body_summary(s, web_str(body, "successor"), &succ, &serr) == 0)
            json_object_set(body, "successor_name", json_object_get(succ, "name"));
        json_decref(succ);
    }
    if (rc == 0) rc = store_levels_json(s, &levels, &err);
    /* a national body is not monitored: no record, no timeline */
    int national = rc == 0 && strcmp(web_str(body, "kind") ? web_str(body, "kind") : "", "national") == 0;
    if (national) may = 0;
    json_t *published = NULL;
    char today_text[DATE_TEXT_MAX];
    app_today_text(app, today_text);
    if (rc == 0 && !national) rc = store_public_body_record(s, code, today_text, &published, &err);
    /* reports covering it among others (store/reports.h): published ones,
     * or all of them for staff */
    json_t *covering = NULL;
    if (rc == 0 && !national) rc = store_reports_list(s, web_is_staff(&actor) ? NULL : today_text, code, &covering, &err);
    if (rc == 0 && may) {
        rc = store_body_snapshot(s, code, &snap, &err);
        if (rc == 0) record = record_part(s, code, snap, today);
        if (rc == 0) rc = store_pcc_reports(s, code, &pcc_reports, &err);
    }
    store_pool_release(app->pool, s);
    if (rc != 0) {
        if (err.status == OV_ENOTFOUND)
            web_error(req, resp, 404, "Page not found", "There is no body with this code.", &actor);
        else web_error_store(req, resp, &err, &actor);
        json_decref(body);
        json_decref(snap);
        json_decref(levels);
        json_decref(published);
        json_decref(record);
        json_decref(pcc_reports);
        json_decref(covering);
        return 0;
    }
    buf_t svg = BUF_INIT;
    if (national || body_chart(body, snap, levels, today, &svg) != 0) buf_reset(&svg);
    const json_t *ret = json_object_get(body, "retired_on");
    const int retired = ret && !json_is_null(ret);   /* before public_part makes it a date object */
    json_t *ctx = public_part(body, levels);
    json_decref(levels);
    /* HMCI corrects or withdraws a decision by a recorded correction, never an edit */
    if (app_allowed(&actor, PERM_DECIDE, code)) json_object_set_new(ctx, "can_correct", json_true());
    json_object_set_new(ctx, "svg", json_string(svg.data ? svg.data : ""));
    buf_free(&svg);
    json_object_set_new(ctx, "published", published_part(published, code));
    size_t ci;
    json_t *cr;
    json_array_foreach(covering, ci, cr) web_date_field(cr, "published_on");
    if (json_array_size(covering)) json_object_set_new(ctx, "covering_reports", covering);
    else json_decref(covering);
    int status = 200;
    if (record) {
        json_t *links = record_links(&actor, code, retired);
        if (json_array_size(links)) json_object_set_new(record, "record_links", links);
        else json_decref(links);
        json_t *pcc = pcc_part(&actor, code, pcc_reports, today);
        pcc_reports = NULL;
        if (pcc) json_object_set_new(record, "pcc", pcc);
        json_object_set_new(ctx, "record", record);
    }
    else if (national) json_object_set_new(ctx, "national", json_true());
    else if (actor.user_id) {
        /* logged in, but another body's record: the page is still the
         * public one (200, as for a visitor), with a note that the record
         * is not this account's to see (issue #13, finding 14) */
        json_object_set_new(ctx, "forbidden", json_true());
    } else json_object_set_new(ctx, "anonymous", json_true());
    char title[200];
    snprintf(title, sizeof title, "%s", web_str(body, "name") ? web_str(body, "name") : code);
    json_decref(body);
    json_decref(snap);
    json_decref(pcc_reports);
    web_render(req, resp, status, "body", title, &actor, ctx);
    return 0;
}
