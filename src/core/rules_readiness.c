/*
 * rules_readiness.c: readiness to return to Scan (rules_readiness): what in
 * a body's record, as it stood on a day, blocks the return and what
 * supports it, each in a sentence.
 *
 * Pure: no I/O, no state. Items of the wrong shape are skipped, never
 * trusted.
 */
#include "core/rules.h"
#include "core/rules_internal.h"
#include <stdlib.h>
#include <string.h>

/* A recommendation implemented by the body by as_of (not necessarily closed). */
static int implemented_by(const json_t *rec, const odate_t *as_of, odate_t *on)
{
    const char *status = rules_get_str(rec, "status");
    odate_t d;
    if (rules_get_date(rec, "implemented_on", &d)) {
        if (on) *on = d;
        return date_compare(&d, as_of) <= 0;
    }
    if (on) *on = (odate_t){0, 0, 0, DATE_NONE};
    return status && strcmp(status, "implemented") == 0;
}

/* "in_progress" -> "In progress", "special_measures" -> "Special measures". */
static void phase_label(buf_t *b, const char *phase)
{
    for (size_t i = 0; phase[i]; i++) {
        char c = phase[i] == '_' ? ' ' : phase[i];
        if (i == 0 && c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        buf_putc(b, c);
    }
}

typedef struct {
    const json_t *snap;
    odate_t as_of;
    json_t *blocking, *supporting;
    int oom;
    int open_causes, open_recs, late_plan, open_matters;
    const char *routine;   /* the name of the body's framework's routine level */
} ready_t;

/* Adds {"kind", "id", "title", "reason"} to list; frees title and reason. */
static void ready_add(ready_t *r, json_t *list, const char *kind, const json_t *id, buf_t *title, buf_t *reason)
{
    json_t *o = json_object();
    rules_put(o, "kind", json_string(kind), &r->oom);
    rules_put(o, "id", rules_jcopy(id), &r->oom);
    rules_put(o, "title", rules_jbuf(title), &r->oom);
    rules_put(o, "reason", rules_jsentence(reason), &r->oom);
    rules_append(list, o, &r->oom);
}

static void cause_title(buf_t *b, const json_t *c, int ord)
{
    const char *t = rules_get_str(c, "title");
    if (t && *t) buf_puts(b, t);
    else buf_printf(b, "Cause of concern %d", ord);
}

static void ready_causes(ready_t *r)
{
    int ord = 0;
    size_t i;
    const json_t *c;
    json_array_foreach(rules_get_arr(r->snap, "causes"), i, c) {
        if (!json_is_object(c)) continue;
        ord++;
        if (!rules_issued_by(c, "issued_on", &r->as_of)) continue;
        buf_t title = BUF_INIT, reason = BUF_INIT;
        odate_t on;
        char t[DATE_TEXT_MAX];
        cause_title(&title, c, ord);
        const int acc = rules_get_bool(c, "accelerated", 0);
        buf_printf(&reason, "%s %d", acc ? "Accelerated cause of concern" : "Cause of concern", ord);
        const char *tt = rules_get_str(c, "title");
        if (tt && *tt) buf_printf(&reason, ", \"%s\",", tt);
        if (rules_closed_by(c, &r->as_of, &on)) {
            /* superseded or withdrawn (sql/024): ended, no longer open */
            const char *life = rules_get_str(c, "lifecycle");
            const char *how = life && *life ? life : "closed";
            if (on.precision) {
                date_format(&on, t);
                buf_printf(&reason, " was %s on %s", how, t);
            } else {
                buf_printf(&reason, " is %s", how);
            }
            const char *why = rules_get_str(c, "close_override_reason");
            if (why && *why) buf_printf(&reason, ", by override: %s", why);
            buf_putc(&reason, '.');
            ready_add(r, r->supporting, "cause_of_concern", json_object_get(c, "id"), &title, &reason);
        } else {
            odate_t iss;
            buf_puts(&reason, " is still open");
            if (rules_get_date(c, "issued_on", &iss)) {
                date_format(&iss, t);
                buf_printf(&reason, "; it was issued on %s", t);
            }
            buf_putc(&reason, '.');
            r->open_causes++;
            ready_add(r, r->blocking, "cause_of_concern", json_object_get(c, "id"), &title, &reason);
        }
    }
}

/* "; its deadline 2023-12-31 passed 142 days ago" and the like. */
static void deadline_clause(buf_t *b, const json_t *rec, const odate_t *as_of)
{
    odate_t due;
    char t[DATE_TEXT_MAX];
    if (!rules_rec_deadline(rec, &due)) {
        buf_puts(b, "; it has no deadline");
        return;
    }
    date_format(&due, t);
    long d = rules_days_from(as_of, &due);
    if (d < 0) buf_printf(b, "; its deadline %s passed %ld day%s ago", t, -d, rules_s_if(-d));
    else if (d == 0) buf_printf(b, "; its deadline is today, %s", t);
    else buf_printf(b, "; its deadline is %s, %ld day%s away", t, d, rules_s_if(d));
}

static void ready_recommendations(ready_t *r)
{
    size_t i;
    const json_t *rec;
    json_array_foreach(rules_get_arr(r->snap, "recommendations"), i, rec) {
        if (!json_is_object(rec) || !rules_issued_by(rec, "issued_on", &r->as_of)) continue;
        buf_t title = BUF_INIT, reason = BUF_INIT;
        odate_t on;
        char t[DATE_TEXT_MAX];
        rules_rec_label(&title, r->snap, rec);
        rules_rec_label(&reason, r->snap, rec);
        if (rules_closed_by(rec, &r->as_of, &on)) {
            if (on.precision) {
                date_format(&on, t);
                buf_printf(&reason, " was closed on %s.", t);
            } else {
                buf_puts(&reason, " is closed.");
            }
            ready_add(r, r->supporting, "recommendation", json_object_get(rec, "id"), &title, &reason);
            continue;
        }
        if (implemented_by(rec, &r->as_of, &on)) {
            if (on.precision) {
                date_format(&on, t);
                buf_printf(&reason, " was implemented by the force on %s", t);
            } else {
                buf_puts(&reason, " has been implemented by the force");
            }
            buf_puts(&reason, " and is awaiting inspector verification.");
        } else {
            const char *status = rules_get_str(rec, "status");
            buf_puts(&reason, status && strcmp(status, "in_progress") == 0 ? " is in progress" : " is open");
            deadline_clause(&reason, rec, &r->as_of);
            buf_putc(&reason, '.');
        }
        r->open_recs++;
        ready_add(r, r->blocking, "recommendation", json_object_get(rec, "id"), &title, &reason);
    }
}

static void plan_item_label(buf_t *b, const json_t *item)
{
    const char *plan = rules_get_str(item, "plan");
    const char *kind = rules_get_str(item, "kind");
    const char *text = rules_get_str(item, "text");
    char tmp[32];
    buf_printf(b, "%s %s", plan && *plan ? plan : "Plan",
               kind && strcmp(kind, "key_action") == 0 ? "key action"
               : kind && strcmp(kind, "outcome") == 0 ? "outcome" : "item");
    if (text && *text) buf_printf(b, " \"%s\"", text);
    else if ((text = rules_scalar_text(json_object_get(item, "id"), tmp))) buf_printf(b, " %s", text);
}

static void ready_plan(ready_t *r)
{
    size_t i;
    const json_t *it;
    json_array_foreach(rules_get_arr(r->snap, "plan_items"), i, it) {
        if (!json_is_object(it)) continue;
        odate_t on, target;
        char t[DATE_TEXT_MAX];
        int has_target = rules_get_date(it, "target_date", &target);
        if (rules_plan_done_by(it, &r->as_of, &on)) {
            buf_t title = BUF_INIT, reason = BUF_INIT;
            rules_plan_item_title(&title, it);
            plan_item_label(&reason, it);
            if (on.precision) {
                date_format(&on, t);
                buf_printf(&reason, " was completed on %s.", t);
            } else {
                buf_puts(&reason, " is complete.");
            }
            ready_add(r, r->supporting, "plan_item", json_object_get(it, "id"), &title, &reason);
        } else if (has_target && date_compare(&target, &r->as_of) < 0) {
            buf_t title = BUF_INIT, reason = BUF_INIT;
            long late = rules_days_from(&target, &r->as_of);
            const char *rag = rules_get_str(it, "rag");
            rules_plan_item_title(&title, it);
            plan_item_label(&reason, it);
            date_format(&target, t);
            buf_printf(&reason, " was due by %s and is not complete", t);
            if (rag && *rag && strcmp(rag, "complete") != 0) {
                buf_puts(&reason, " (status ");
                phase_label(&reason, rag);
                buf_putc(&reason, ')');
            }
            buf_printf(&reason, "; it is %ld day%s past its target date.", late, rules_s_if(late));
            r->late_plan++;
            ready_add(r, r->blocking, "plan_item", json_object_get(it, "id"), &title, &reason);
        }
    }
}

static void ready_matters(ready_t *r)
{
    size_t i;
    const json_t *m;
    json_array_foreach(rules_get_arr(r->snap, "external_matters"), i, m) {
        if (!json_is_object(m)) continue;
        buf_t title = BUF_INIT, reason = BUF_INIT;
        const char *report = rules_get_str(m, "report");
        const char *ref = rules_get_str(m, "reference");
        const char *text = rules_get_str(m, "text");
        char tmp[32];
        odate_t on;
        char t[DATE_TEXT_MAX];
        if (!ref) ref = rules_scalar_text(json_object_get(m, "reference"), tmp);
        if (text && *text) buf_puts(&title, text);
        else if (ref && *ref) buf_printf(&title, "Matter %s", ref);
        else buf_puts(&title, "External report matter");
        buf_puts(&reason, "Matter");
        if (ref && *ref) buf_printf(&reason, " %s", ref);
        if (report && *report) buf_printf(&reason, " from %s", report);
        if (text && *text) buf_printf(&reason, ", \"%s\",", text);
        if (rules_closed_by(m, &r->as_of, &on)) {
            if (on.precision) {
                date_format(&on, t);
                buf_printf(&reason, " was closed on %s.", t);
            } else {
                buf_puts(&reason, " is closed.");
            }
            ready_add(r, r->supporting, "external_matter", json_object_get(m, "id"), &title, &reason);
        } else {
            buf_puts(&reason, " is still open.");
            r->open_matters++;
            ready_add(r, r->blocking, "external_matter", json_object_get(m, "id"), &title, &reason);
        }
    }
}

static void ready_ppog(ready_t *r)
{
    const json_t *latest = NULL;
    odate_t latest_on = {0, 0, 0, DATE_NONE};
    size_t i;
    const json_t *p;
    json_array_foreach(rules_get_arr(r->snap, "ppog"), i, p) {
        odate_t on;
        if (!json_is_object(p) || !rules_get_date(p, "held_on", &on) || date_compare(&on, &r->as_of) > 0) continue;
        if (!latest || date_compare(&on, &latest_on) >= 0) {
            latest = p;
            latest_on = on;
        }
    }
    const char *outcome = latest ? rules_get_str(latest, "outcome") : NULL;
    if (!outcome || strcmp(outcome, "recommend_exit") != 0) return;
    buf_t title = BUF_INIT, reason = BUF_INIT;
    char t[DATE_TEXT_MAX];
    date_format(&latest_on, t);
    buf_printf(&title, "PPOG %s", t);
    buf_printf(&reason, "The Policing Performance Oversight Group on %s recommended a return to %s.", t, r->routine);
    ready_add(r, r->supporting, "ppog", NULL, &title, &reason);
}

static void ready_indicators(ready_t *r)
{
    const json_t *inds = rules_get_arr(r->snap, "indicators");
    size_t i;
    const json_t *it;
    json_array_foreach(inds, i, it) {
        const char *m = rules_get_str(it, "measure");
        if (!m || !rules_first_of_measure(inds, i, m)) continue;
        reading_t *rs;
        long n = rules_readings_of(inds, m, &r->as_of, &rs);
        if (n < 0) { r->oom = 1; return; }
        if (n > 0 && rs[n - 1].has_target && rules_reading_meets(&rs[n - 1])) {
            const reading_t *last = &rs[n - 1];
            const json_t *src = json_array_get(inds, last->index);
            buf_t title = BUF_INIT, reason = BUF_INIT;
            buf_puts(&title, m);
            buf_printf(&reason, "%s was ", m);
            rules_value_text(&reason, last->value, src);
            buf_puts(&reason, " in ");
            buf_puts(&reason, last->period_text);
            buf_printf(&reason, ", meeting its target of ");
            rules_value_text(&reason, last->target, src);
            buf_putc(&reason, '.');
            ready_add(r, r->supporting, "indicator", NULL, &title, &reason);
        }
        free(rs);
    }
}

static void ready_revisits(ready_t *r)
{
    size_t i;
    const json_t *v;
    json_array_foreach(rules_get_arr(r->snap, "revisits"), i, v) {
        odate_t end;
        char t[DATE_TEXT_MAX];
        if (!json_is_object(v) || !rules_issued_by(v, "started_on", &r->as_of)) continue;
        if (!rules_get_date(v, "ended_on", &end) || date_compare(&end, &r->as_of) > 0) continue;
        buf_t title = BUF_INIT, reason = BUF_INIT;
        const char *tt = rules_get_str(v, "title");
        buf_puts(&title, tt && *tt ? tt : "Revisit");
        date_format(&end, t);
        if (tt && *tt) buf_printf(&reason, "The revisit \"%s\" was completed on %s.", tt, t);
        else buf_printf(&reason, "A revisit was completed on %s.", t);
        ready_add(r, r->supporting, "revisit", json_object_get(v, "id"), &title, &reason);
    }
}

/* "3 causes of concern and 7 recommendations remain open" and the like. */
static void ready_summary_tail(buf_t *b, const ready_t *r)
{
    struct { int n; const char *one, *many; } open[] = {
        {r->open_causes, "cause of concern", "causes of concern"},
        {r->open_recs, "recommendation", "recommendations"},
        {r->open_matters, "external report matter", "external report matters"},
    };
    int parts = 0, total = 0, listed = 0;
    for (int k = 0; k < 3; k++) if (open[k].n) { parts++; total += open[k].n; }
    for (int k = 0; k < 3; k++) {
        if (!open[k].n) continue;
        if (listed) buf_puts(b, listed == parts - 1 ? " and " : ", ");
        buf_printf(b, "%d %s", open[k].n, open[k].n == 1 ? open[k].one : open[k].many);
        listed++;
    }
    if (parts) buf_puts(b, parts == 1 && total == 1 ? " remains open" : " remain open");
    if (r->late_plan) {
        if (parts) buf_puts(b, ", and ");
        buf_printf(b, "%d plan item%s %s past %s target date", r->late_plan, rules_s_if(r->late_plan),
                   r->late_plan == 1 ? "is" : "are", r->late_plan == 1 ? "its" : "their");
    }
}

json_t *rules_readiness(const json_t *snap, const odate_t *as_of)
{
    if (!json_is_object(snap) || !as_of || as_of->precision < DATE_YEAR || as_of->precision > DATE_DAY) return NULL;
    ready_t r = {snap, date_first_day(as_of), json_array(), json_array(), 0, 0, 0, 0, 0, NULL};
    json_t *out = json_object();
    const char *phase = rules_phase_at(snap, &r.as_of);
    /* the levels' names and order come from the body's framework (its data,
     * not names in code): above level 1 is enhanced monitoring of some
     * degree, and readiness is readiness to return to level 1 */
    rules_level_t lv, routine, enhanced, def;
    buf_t unknown = BUF_INIT;   /* a code no framework defines, named as written */
    if (rules_level(snap, phase, &lv) != 0) {
        rules_level(snap, rules_default_phase(snap), &def);
        lv.framework = def.framework;
        phase_label(&unknown, phase);
        lv.name = unknown.data ? unknown.data : phase;
    }
    if (rules_level_at(snap, lv.framework, 1, &routine) != 0) routine.name = "routine monitoring";
    if (rules_level_at(snap, lv.framework, 2, &enhanced) != 0) enhanced.name = "enhanced monitoring";
    r.routine = routine.name;
    const int in_engage = lv.level > 1;
    const char *name = rules_body_name(snap);
    char t[DATE_TEXT_MAX];
    buf_t summary = BUF_INIT;
    date_format(&r.as_of, t);
    if (!r.blocking || !r.supporting) r.oom = 1;

    if (!in_engage) {
        buf_t title = BUF_INIT, reason = BUF_INIT;
        buf_printf(&title, "Not in %s", enhanced.name);
        buf_printf(&reason, "%s was in %s, not %s, on %s, so there is no return to %s to consider.", name, lv.name,
                   enhanced.name, t, routine.name);
        ready_add(&r, r.blocking, "phase", NULL, &title, &reason);
        buf_printf(&summary, "%s was in %s on %s, not in %s.", name, lv.name, t, enhanced.name);
    } else {
        ready_causes(&r);
        ready_recommendations(&r);
        ready_plan(&r);
        ready_matters(&r);
        ready_ppog(&r);
        ready_indicators(&r);
        ready_revisits(&r);
        buf_printf(&summary, "%s was in %s on %s; ", name, lv.name, t);
        if (json_array_size(r.blocking) == 0) buf_printf(&summary, "nothing recorded blocks a return to %s", routine.name);
        else ready_summary_tail(&summary, &r);
        buf_putc(&summary, '.');
    }
    const size_t nblock = json_array_size(r.blocking);
    rules_put(out, "code", rules_jcopy(json_object_get(snap, "code")), &r.oom);
    rules_put(out, "as_of", json_string(t), &r.oom);
    rules_put(out, "phase", json_string(phase), &r.oom);
    rules_put(out, "in_engage", json_boolean(in_engage), &r.oom);
    rules_put(out, "ready", json_boolean(in_engage && nblock == 0), &r.oom);
    rules_put(out, "blocking", r.blocking, &r.oom);
    rules_put(out, "supporting", r.supporting, &r.oom);
    rules_put(out, "summary", rules_jbuf(&summary), &r.oom);
    buf_free(&unknown);
    if (r.oom) {
        json_decref(out);
        return NULL;
    }
    return out;
}
