/*
 * rules.c: reads a body's record snapshot (see rules.h) as it stood on a
 * given day and says, in sentences, what blocks a return to Scan, which
 * bodies in Scan show the signs that led to Engage before, and what is due.
 *
 * Pure: no I/O, no state. Items of the wrong shape (not an object, a date
 * that does not parse where one is needed) are skipped, never trusted.
 */
#include "core/rules.h"
#include "core/buf.h"
#include <stdlib.h>
#include <string.h>

/* ---- reading the snapshot ------------------------------------------- */

static const char *get_str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* 1 if o[key] is a date at any precision (filled into *out), else 0. */
static int get_date(const json_t *o, const char *key, odate_t *out)
{
    const char *s = get_str(o, key);
    return s && date_parse(s, out) == 0;
}

static const json_t *get_arr(const json_t *o, const char *key)
{
    const json_t *a = json_object_get(o, key);
    return json_is_array(a) ? a : NULL;
}

static int get_bool(const json_t *o, const char *key, int dflt)
{
    const json_t *v = json_object_get(o, key);
    if (json_is_boolean(v)) return json_is_true(v);
    if (json_is_integer(v)) return json_integer_value(v) != 0;
    return dflt;
}

/* Text of a string or integer value (ids, recommendation numbers), or NULL. */
static const char *scalar_text(const json_t *v, char buf[32])
{
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(buf, 32, "%lld", (long long)json_integer_value(v));
        return buf;
    }
    return NULL;
}

static long days_from(const odate_t *from, const odate_t *to)
{
    return date_to_days(to) - date_to_days(from);
}

static const char *s_if(long n) { return n == 1 ? "" : "s"; }

/* Issued by as_of. An item with no usable issue date counts as issued:
 * the record holds it, and hiding it would hide a finding. */
static int issued_by(const json_t *item, const char *key, const odate_t *as_of)
{
    odate_t d;
    return !get_date(item, key, &d) || date_compare(&d, as_of) <= 0;
}

/* Closed at as_of: the status (if any) is "closed" and the closing date (if
 * known) is not after as_of. *on gets the closing date, precision 0 if none. */
static int closed_by(const json_t *item, const odate_t *as_of, odate_t *on)
{
    const char *status = get_str(item, "status");
    odate_t d = {0, 0, 0, DATE_NONE};
    int has = get_date(item, "closed_on", &d);
    if (on) *on = has ? d : (odate_t){0, 0, 0, DATE_NONE};
    if (status && strcmp(status, "closed") != 0) return 0;
    if (has) return date_compare(&d, as_of) <= 0;
    return status != NULL;
}

/* A recommendation implemented by the body by as_of (not necessarily closed). */
static int implemented_by(const json_t *rec, const odate_t *as_of, odate_t *on)
{
    const char *status = get_str(rec, "status");
    odate_t d;
    if (get_date(rec, "implemented_on", &d)) {
        if (on) *on = d;
        return date_compare(&d, as_of) <= 0;
    }
    if (on) *on = (odate_t){0, 0, 0, DATE_NONE};
    return status && strcmp(status, "implemented") == 0;
}

/* Completed at as_of: completed_on not after as_of, or rag "complete" when
 * no completion date is recorded. */
static int plan_done_by(const json_t *item, const odate_t *as_of, odate_t *on)
{
    odate_t d;
    if (get_date(item, "completed_on", &d)) {
        if (on) *on = d;
        return date_compare(&d, as_of) <= 0;
    }
    if (on) *on = (odate_t){0, 0, 0, DATE_NONE};
    const char *rag = get_str(item, "rag");
    return rag && strcmp(rag, "complete") == 0;
}

/* The current deadline of a recommendation: the revised one, else the original. */
static int rec_deadline(const json_t *rec, odate_t *out)
{
    return get_date(rec, "deadline", out) || get_date(rec, "original_deadline", out);
}

/* The phase at as_of: the period with from <= as_of < to (from or to null
 * = open); of several, the latest start. Periods that cover other days
 * mean the default phase; no periods at all fall back to "phase". */
static const char *phase_at(const json_t *snap, const odate_t *as_of)
{
    const json_t *periods = get_arr(snap, "periods");
    const char *found = NULL;
    odate_t found_from = {0, 0, 0, DATE_NONE};
    int any = 0;
    size_t i;
    const json_t *p;
    json_array_foreach(periods, i, p) {
        const char *ph = get_str(p, "phase");
        const json_t *fv = json_object_get(p, "from"), *tv = json_object_get(p, "to");
        odate_t from = {0, 0, 0, DATE_NONE}, to;
        if (!ph) continue;
        if (fv && !json_is_null(fv) && !get_date(p, "from", &from)) continue;
        if (tv && !json_is_null(tv) && !get_date(p, "to", &to)) continue;
        any = 1;
        if (from.precision && date_compare(&from, as_of) > 0) continue;
        if (tv && !json_is_null(tv) && date_compare(as_of, &to) >= 0) continue;
        if (!found || (from.precision && (!found_from.precision || date_compare(&from, &found_from) >= 0))) {
            found = ph;
            found_from = from;
        }
    }
    if (found) return found;
    if (any) return "scan";
    const char *ph = get_str(snap, "phase");
    return ph ? ph : "scan";
}

static const char *body_name(const json_t *snap)
{
    const char *n = get_str(snap, "name");
    if (!n) n = get_str(snap, "code");
    return n ? n : "The body";
}

/* "engage" -> "Engage", "special_measures" -> "Special measures". */
static void phase_label(buf_t *b, const char *phase)
{
    for (size_t i = 0; phase[i]; i++) {
        char c = phase[i] == '_' ? ' ' : phase[i];
        if (i == 0 && c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        buf_putc(b, c);
    }
}

/* 1-based position of the cause with this id in the snapshot, or 0. */
static int cause_ordinal(const json_t *snap, const json_t *cause_id)
{
    if (!cause_id || json_is_null(cause_id)) return 0;
    int n = 0;
    size_t i;
    const json_t *c;
    json_array_foreach(get_arr(snap, "causes"), i, c) {
        if (!json_is_object(c)) continue;
        n++;
        if (json_equal(json_object_get(c, "id"), cause_id)) return n;
    }
    return 0;
}

/* "Recommendation 2 (cause of concern 1)" into b. */
static void rec_label(buf_t *b, const json_t *snap, const json_t *rec)
{
    char tmp[32];
    const char *num = scalar_text(json_object_get(rec, "number"), tmp);
    if (num) buf_printf(b, "Recommendation %s", num);
    else if ((num = scalar_text(json_object_get(rec, "id"), tmp))) buf_printf(b, "Recommendation (id %s)", num);
    else buf_puts(b, "A recommendation");
    int ord = cause_ordinal(snap, json_object_get(rec, "cause_id"));
    if (ord) buf_printf(b, " (cause of concern %d)", ord);
}

/* ---- building results ----------------------------------------------- */

static json_t *jdate(const odate_t *d)
{
    char t[DATE_TEXT_MAX];
    date_format(d, t);
    return json_string(t);
}

static json_t *jcopy(const json_t *v)
{
    return v ? json_deep_copy(v) : json_null();
}

/* Sets key to value (stolen); records failure in *oom. */
static void put(json_t *o, const char *key, json_t *value, int *oom)
{
    /* json_object_set_new releases value itself when o is NULL. */
    if (!value || json_object_set_new(o, key, value) != 0) *oom = 1;
}

static json_t *jbuf(buf_t *b);

/* A reason is read aloud as a sentence: it starts with a capital even
 * when it starts with a measure's name. */
static json_t *jsentence(buf_t *b)
{
    if (b->data && b->data[0] >= 'a' && b->data[0] <= 'z') b->data[0] = (char)(b->data[0] - 'a' + 'A');
    return jbuf(b);
}

/* Takes b's text as a JSON string and frees b. */
static json_t *jbuf(buf_t *b)
{
    json_t *s = b->failed || !b->data ? NULL : json_stringn(b->data, b->len);
    buf_free(b);
    return s;
}

static void append(json_t *list, json_t *item, int *oom)
{
    if (!item || json_array_append_new(list, item) != 0) *oom = 1;
}

/* ---- readiness ------------------------------------------------------ */

typedef struct {
    const json_t *snap;
    odate_t as_of;
    json_t *blocking, *supporting;
    int oom;
    int open_causes, open_recs, late_plan, open_matters;
} ready_t;

/* Adds {"kind", "id", "title", "reason"} to list; frees title and reason. */
static void ready_add(ready_t *r, json_t *list, const char *kind, const json_t *id, buf_t *title, buf_t *reason)
{
    json_t *o = json_object();
    put(o, "kind", json_string(kind), &r->oom);
    put(o, "id", jcopy(id), &r->oom);
    put(o, "title", jbuf(title), &r->oom);
    put(o, "reason", jsentence(reason), &r->oom);
    append(list, o, &r->oom);
}

static void cause_title(buf_t *b, const json_t *c, int ord)
{
    const char *t = get_str(c, "title");
    if (t && *t) buf_puts(b, t);
    else buf_printf(b, "Cause of concern %d", ord);
}

static void ready_causes(ready_t *r)
{
    int ord = 0;
    size_t i;
    const json_t *c;
    json_array_foreach(get_arr(r->snap, "causes"), i, c) {
        if (!json_is_object(c)) continue;
        ord++;
        if (!issued_by(c, "issued_on", &r->as_of)) continue;
        buf_t title = BUF_INIT, reason = BUF_INIT;
        odate_t on;
        char t[DATE_TEXT_MAX];
        cause_title(&title, c, ord);
        const int acc = get_bool(c, "accelerated", 0);
        buf_printf(&reason, "%s %d", acc ? "Accelerated cause of concern" : "Cause of concern", ord);
        const char *tt = get_str(c, "title");
        if (tt && *tt) buf_printf(&reason, ", \"%s\",", tt);
        if (closed_by(c, &r->as_of, &on)) {
            if (on.precision) {
                date_format(&on, t);
                buf_printf(&reason, " was closed on %s", t);
            } else {
                buf_puts(&reason, " is closed");
            }
            const char *why = get_str(c, "close_override_reason");
            if (why && *why) buf_printf(&reason, ", by override: %s", why);
            buf_putc(&reason, '.');
            ready_add(r, r->supporting, "cause_of_concern", json_object_get(c, "id"), &title, &reason);
        } else {
            odate_t iss;
            buf_puts(&reason, " is still open");
            if (get_date(c, "issued_on", &iss)) {
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
    if (!rec_deadline(rec, &due)) {
        buf_puts(b, "; it has no deadline");
        return;
    }
    date_format(&due, t);
    long d = days_from(as_of, &due);
    if (d < 0) buf_printf(b, "; its deadline %s passed %ld day%s ago", t, -d, s_if(-d));
    else if (d == 0) buf_printf(b, "; its deadline is today, %s", t);
    else buf_printf(b, "; its deadline is %s, %ld day%s away", t, d, s_if(d));
}

static void ready_recommendations(ready_t *r)
{
    size_t i;
    const json_t *rec;
    json_array_foreach(get_arr(r->snap, "recommendations"), i, rec) {
        if (!json_is_object(rec) || !issued_by(rec, "issued_on", &r->as_of)) continue;
        buf_t title = BUF_INIT, reason = BUF_INIT;
        odate_t on;
        char t[DATE_TEXT_MAX];
        rec_label(&title, r->snap, rec);
        rec_label(&reason, r->snap, rec);
        if (closed_by(rec, &r->as_of, &on)) {
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
            const char *status = get_str(rec, "status");
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
    const char *plan = get_str(item, "plan");
    const char *kind = get_str(item, "kind");
    const char *text = get_str(item, "text");
    char tmp[32];
    buf_printf(b, "%s %s", plan && *plan ? plan : "Plan",
               kind && strcmp(kind, "key_action") == 0 ? "key action"
               : kind && strcmp(kind, "outcome") == 0 ? "outcome" : "item");
    if (text && *text) buf_printf(b, " \"%s\"", text);
    else if ((text = scalar_text(json_object_get(item, "id"), tmp))) buf_printf(b, " %s", text);
}

static void plan_item_title(buf_t *b, const json_t *item)
{
    const char *text = get_str(item, "text");
    char tmp[32];
    const char *id = scalar_text(json_object_get(item, "id"), tmp);
    if (text && *text) buf_puts(b, text);
    else if (id) buf_printf(b, "Plan item %s", id);
    else buf_puts(b, "Plan item");
}

static void ready_plan(ready_t *r)
{
    size_t i;
    const json_t *it;
    json_array_foreach(get_arr(r->snap, "plan_items"), i, it) {
        if (!json_is_object(it)) continue;
        odate_t on, target;
        char t[DATE_TEXT_MAX];
        int has_target = get_date(it, "target_date", &target);
        if (plan_done_by(it, &r->as_of, &on)) {
            buf_t title = BUF_INIT, reason = BUF_INIT;
            plan_item_title(&title, it);
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
            long late = days_from(&target, &r->as_of);
            const char *rag = get_str(it, "rag");
            plan_item_title(&title, it);
            plan_item_label(&reason, it);
            date_format(&target, t);
            buf_printf(&reason, " was due by %s and is not complete", t);
            if (rag && *rag && strcmp(rag, "complete") != 0) {
                buf_puts(&reason, " (status ");
                phase_label(&reason, rag);
                buf_putc(&reason, ')');
            }
            buf_printf(&reason, "; it is %ld day%s past its target date.", late, s_if(late));
            r->late_plan++;
            ready_add(r, r->blocking, "plan_item", json_object_get(it, "id"), &title, &reason);
        }
    }
}

static void ready_matters(ready_t *r)
{
    size_t i;
    const json_t *m;
    json_array_foreach(get_arr(r->snap, "external_matters"), i, m) {
        if (!json_is_object(m)) continue;
        buf_t title = BUF_INIT, reason = BUF_INIT;
        const char *report = get_str(m, "report");
        const char *ref = get_str(m, "reference");
        const char *text = get_str(m, "text");
        char tmp[32];
        odate_t on;
        char t[DATE_TEXT_MAX];
        if (!ref) ref = scalar_text(json_object_get(m, "reference"), tmp);
        if (text && *text) buf_puts(&title, text);
        else if (ref && *ref) buf_printf(&title, "Matter %s", ref);
        else buf_puts(&title, "External report matter");
        buf_puts(&reason, "Matter");
        if (ref && *ref) buf_printf(&reason, " %s", ref);
        if (report && *report) buf_printf(&reason, " from %s", report);
        if (text && *text) buf_printf(&reason, ", \"%s\",", text);
        if (closed_by(m, &r->as_of, &on)) {
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
    json_array_foreach(get_arr(r->snap, "ppog"), i, p) {
        odate_t on;
        if (!json_is_object(p) || !get_date(p, "held_on", &on) || date_compare(&on, &r->as_of) > 0) continue;
        if (!latest || date_compare(&on, &latest_on) >= 0) {
            latest = p;
            latest_on = on;
        }
    }
    const char *outcome = latest ? get_str(latest, "outcome") : NULL;
    if (!outcome || strcmp(outcome, "recommend_exit") != 0) return;
    buf_t title = BUF_INIT, reason = BUF_INIT;
    char t[DATE_TEXT_MAX];
    date_format(&latest_on, t);
    buf_printf(&title, "PPOG %s", t);
    buf_printf(&reason, "The Policing Performance Oversight Group on %s recommended a return to Scan.", t);
    ready_add(r, r->supporting, "ppog", NULL, &title, &reason);
}

/* One indicator reading. */
typedef struct {
    odate_t period;
    const char *period_text;
    double value, target;
    int has_target, higher_is_better;
    size_t index;
} reading_t;

static int reading_cmp(const void *a, const void *b)
{
    const reading_t *x = a, *y = b;
    int c = date_compare(&x->period, &y->period);
    if (c) return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Readings of `measure` with a period not after as_of, oldest first, in a
 * new array (*out, free()). Returns the count, or -1 on ENOMEM. */
static long readings_of(const json_t *inds, const char *measure, const odate_t *as_of, reading_t **out)
{
    size_t n = json_array_size(inds), k = 0;
    *out = NULL;
    reading_t *rs = malloc((n ? n : 1) * sizeof *rs);
    if (!rs) return -1;
    size_t i;
    const json_t *it;
    json_array_foreach(inds, i, it) {
        const char *m = get_str(it, "measure");
        const json_t *v = json_object_get(it, "value"), *t = json_object_get(it, "target");
        reading_t r = {{0, 0, 0, DATE_NONE}, NULL, 0, 0, 0, 1, i};
        if (!m || strcmp(m, measure) != 0 || !json_is_number(v)) continue;
        if (!get_date(it, "period", &r.period) || date_compare(&r.period, as_of) > 0) continue;
        r.period_text = get_str(it, "period");
        r.value = json_number_value(v);
        r.has_target = json_is_number(t);
        r.target = r.has_target ? json_number_value(t) : 0;
        r.higher_is_better = get_bool(it, "higher_is_better", 1);
        rs[k++] = r;
    }
    qsort(rs, k, sizeof *rs, reading_cmp);
    *out = rs;
    return (long)k;
}

static int reading_meets(const reading_t *r)
{
    return r->higher_is_better ? r->value >= r->target : r->value <= r->target;
}

/* 1 if item i is the first with measure m (so each measure is read once). */
static int first_of_measure(const json_t *inds, size_t i, const char *m)
{
    for (size_t j = 0; j < i; j++) {
        const char *o = get_str(json_array_get(inds, j), "measure");
        if (o && strcmp(o, m) == 0) return 0;
    }
    return 1;
}

/* The value with the indicator's unit: "91.2%", "12 days". */
static void value_text(buf_t *b, double v, const json_t *ind)
{
    const char *unit = get_str(ind, "unit");
    buf_printf(b, "%g", v);
    if (unit && *unit) buf_printf(b, "%s%s", strcmp(unit, "%") == 0 ? "" : " ", unit);
}

static void ready_indicators(ready_t *r)
{
    const json_t *inds = get_arr(r->snap, "indicators");
    size_t i;
    const json_t *it;
    json_array_foreach(inds, i, it) {
        const char *m = get_str(it, "measure");
        if (!m || !first_of_measure(inds, i, m)) continue;
        reading_t *rs;
        long n = readings_of(inds, m, &r->as_of, &rs);
        if (n < 0) { r->oom = 1; return; }
        if (n > 0 && rs[n - 1].has_target && reading_meets(&rs[n - 1])) {
            const reading_t *last = &rs[n - 1];
            const json_t *src = json_array_get(inds, last->index);
            buf_t title = BUF_INIT, reason = BUF_INIT;
            buf_puts(&title, m);
            buf_printf(&reason, "%s was ", m);
            value_text(&reason, last->value, src);
            buf_puts(&reason, " in ");
            buf_puts(&reason, last->period_text);
            buf_printf(&reason, ", meeting its target of ");
            value_text(&reason, last->target, src);
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
    json_array_foreach(get_arr(r->snap, "revisits"), i, v) {
        odate_t end;
        char t[DATE_TEXT_MAX];
        if (!json_is_object(v) || !issued_by(v, "started_on", &r->as_of)) continue;
        if (!get_date(v, "ended_on", &end) || date_compare(&end, &r->as_of) > 0) continue;
        buf_t title = BUF_INIT, reason = BUF_INIT;
        const char *tt = get_str(v, "title");
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
        buf_printf(b, "%d plan item%s %s past %s target date", r->late_plan, s_if(r->late_plan),
                   r->late_plan == 1 ? "is" : "are", r->late_plan == 1 ? "its" : "their");
    }
}

json_t *rules_readiness(const json_t *snap, const odate_t *as_of)
{
    if (!json_is_object(snap) || !as_of || as_of->precision < DATE_YEAR || as_of->precision > DATE_DAY) return NULL;
    ready_t r = {snap, date_first_day(as_of), json_array(), json_array(), 0, 0, 0, 0, 0};
    json_t *out = json_object();
    const char *phase = phase_at(snap, &r.as_of);
    const int in_engage = strcmp(phase, "engage") == 0;
    const char *name = body_name(snap);
    char t[DATE_TEXT_MAX];
    buf_t summary = BUF_INIT;
    date_format(&r.as_of, t);
    if (!r.blocking || !r.supporting) r.oom = 1;

    if (!in_engage) {
        buf_t title = BUF_INIT, reason = BUF_INIT;
        buf_puts(&title, "Not in Engage");
        buf_printf(&reason, "%s was in ", name);
        phase_label(&reason, phase);
        buf_printf(&reason, ", not Engage, on %s, so there is no return to Scan to consider.", t);
        ready_add(&r, r.blocking, "phase", NULL, &title, &reason);
        buf_printf(&summary, "%s was in ", name);
        phase_label(&summary, phase);
        buf_printf(&summary, " on %s, not in Engage.", t);
    } else {
        ready_causes(&r);
        ready_recommendations(&r);
        ready_plan(&r);
        ready_matters(&r);
        ready_ppog(&r);
        ready_indicators(&r);
        ready_revisits(&r);
        buf_printf(&summary, "%s was in Engage on %s; ", name, t);
        if (json_array_size(r.blocking) == 0) buf_puts(&summary, "nothing recorded blocks a return to Scan");
        else ready_summary_tail(&summary, &r);
        buf_putc(&summary, '.');
    }
    const size_t nblock = json_array_size(r.blocking);
    put(out, "code", jcopy(json_object_get(snap, "code")), &r.oom);
    put(out, "as_of", json_string(t), &r.oom);
    put(out, "phase", json_string(phase), &r.oom);
    put(out, "in_engage", json_boolean(in_engage), &r.oom);
    put(out, "ready", json_boolean(in_engage && nblock == 0), &r.oom);
    put(out, "blocking", r.blocking, &r.oom);
    put(out, "supporting", r.supporting, &r.oom);
    put(out, "summary", jbuf(&summary), &r.oom);
    if (r.oom) {
        json_decref(out);
        return NULL;
    }
    return out;
}

/* ---- engage candidates ---------------------------------------------- */

typedef struct {
    json_t *reasons;   /* NULL: the score only, no sentences (rules_engage_score) */
    long score;
    int count;         /* signs seen */
    int oom;
} signs_t;

/* Adds a sign; frees reason. The signs_ functions write reasons only when
 * s->reasons is set. */
static void sign(signs_t *s, const char *kind, int weight, buf_t *reason)
{
    s->count++;
    if (!s->reasons) {
        buf_free(reason);
        s->score += weight;
        return;
    }
    json_t *o = json_object();
    put(o, "kind", json_string(kind), &s->oom);
    put(o, "reason", jsentence(reason), &s->oom);
    append(s->reasons, o, &s->oom);
    s->score += weight;
}

/* The latest inspection published by as_of that has grades (a thematic
 * report with no grades does not hide the last graded assessment). */
static void signs_grades(signs_t *s, const json_t *snap, const odate_t *as_of)
{
    const json_t *latest = NULL;
    odate_t latest_on = {0, 0, 0, DATE_NONE};
    size_t i, j;
    const json_t *in, *g;
    json_array_foreach(get_arr(snap, "inspections"), i, in) {
        odate_t on;
        if (!json_is_object(in) || json_array_size(get_arr(in, "grades")) == 0) continue;
        if (!get_date(in, "published_on", &on) || date_compare(&on, as_of) > 0) continue;
        if (!latest || date_compare(&on, &latest_on) >= 0) {
            latest = in;
            latest_on = on;
        }
    }
    if (!latest) return;
    const char *title = get_str(latest, "title");
    char t[DATE_TEXT_MAX];
    date_format(&latest_on, t);
    json_array_foreach(get_arr(latest, "grades"), j, g) {
        const char *grade = get_str(g, "grade"), *area = get_str(g, "area");
        if (!grade || strcmp(grade, "inadequate") != 0) continue;
        buf_t reason = BUF_INIT;
        if (s->reasons) {
            if (title && *title) buf_printf(&reason, "%s, published on %s,", title, t);
            else buf_printf(&reason, "The inspection published on %s", t);
            buf_printf(&reason, " graded %s as inadequate.", area && *area ? area : "an area");
        }
        sign(s, "grade", 3, &reason);
    }
}

static void signs_causes(signs_t *s, const json_t *snap, const odate_t *as_of)
{
    int ord = 0;
    size_t i;
    const json_t *c;
    json_array_foreach(get_arr(snap, "causes"), i, c) {
        if (!json_is_object(c)) continue;
        ord++;
        if (!issued_by(c, "issued_on", as_of) || closed_by(c, as_of, NULL)) continue;
        const int acc = get_bool(c, "accelerated", 0);
        const char *title = get_str(c, "title");
        buf_t reason = BUF_INIT;
        if (s->reasons) {
            buf_printf(&reason, "%s %d", acc ? "Accelerated cause of concern" : "Cause of concern", ord);
            if (title && *title) buf_printf(&reason, ", \"%s\",", title);
            buf_puts(&reason, " is open.");
        }
        sign(s, acc ? "accelerated" : "cause", acc ? 3 : 1, &reason);
    }
}

static void signs_overdue(signs_t *s, const json_t *snap, const odate_t *as_of)
{
    size_t i;
    const json_t *rec;
    json_array_foreach(get_arr(snap, "recommendations"), i, rec) {
        odate_t due;
        if (!json_is_object(rec) || !issued_by(rec, "issued_on", as_of) || closed_by(rec, as_of, NULL)) continue;
        if (!rec_deadline(rec, &due) || date_compare(&due, as_of) >= 0) continue;
        buf_t reason = BUF_INIT;
        if (s->reasons) {
            char t[DATE_TEXT_MAX];
            long late = days_from(&due, as_of);
            date_format(&due, t);
            rec_label(&reason, snap, rec);
            buf_printf(&reason, " is not closed and its deadline %s passed %ld day%s ago.", t, late, s_if(late));
        }
        sign(s, "overdue", 1, &reason);
    }
}

static void signs_indicators(signs_t *s, const json_t *snap, const odate_t *as_of)
{
    const json_t *inds = get_arr(snap, "indicators");
    size_t i;
    const json_t *it;
    json_array_foreach(inds, i, it) {
        const char *m = get_str(it, "measure");
        if (!m || !first_of_measure(inds, i, m)) continue;
        reading_t *rs;
        long n = readings_of(inds, m, as_of, &rs);
        if (n < 0) { s->oom = 1; return; }
        long run = 0;
        for (long k = n - 1; k >= 0 && rs[k].has_target && !reading_meets(&rs[k]); k--) run++;
        if (run >= RULES_INDICATOR_RUN) {
            const reading_t *last = &rs[n - 1];
            buf_t reason = BUF_INIT;
            if (s->reasons) {
                buf_printf(&reason, "%s was %s its target in each of the last %ld periods, to %s, when it was ", m,
                           last->higher_is_better ? "below" : "above", run, last->period_text);
                value_text(&reason, last->value, json_array_get(inds, last->index));
                buf_puts(&reason, " against ");
                value_text(&reason, last->target, json_array_get(inds, last->index));
                buf_putc(&reason, '.');
            }
            sign(s, "indicator", 2, &reason);
        }
        free(rs);
    }
}

/* A published report whose PCC response is due before as_of and not
 * recorded by then. Only reports published on a known day count: a
 * publication known only as "2022" gives no due date worth asserting. */
static int pcc_pending(const json_t *in, const odate_t *as_of, odate_t *published, odate_t *due)
{
    odate_t resp;
    if (!json_is_object(in) || !get_date(in, "published_on", published)) return 0;
    if (published->precision != DATE_DAY) return 0;
    if (date_compare(published, as_of) > 0) return 0;
    if (get_date(in, "pcc_response_on", &resp) && date_compare(&resp, as_of) <= 0) return 0;
    *due = rules_pcc_due(published);
    return 1;
}

static void signs_pcc(signs_t *s, const json_t *snap, const odate_t *as_of)
{
    size_t i;
    const json_t *in;
    json_array_foreach(get_arr(snap, "inspections"), i, in) {
        odate_t pub, due;
        if (!pcc_pending(in, as_of, &pub, &due) || date_compare(&due, as_of) >= 0) continue;
        buf_t reason = BUF_INIT;
        if (s->reasons) {
            const char *title = get_str(in, "title");
            char tp[DATE_TEXT_MAX], td[DATE_TEXT_MAX];
            date_format(&pub, tp);
            date_format(&due, td);
            buf_printf(&reason, "No response from the local policing body to %s%s%s, published on %s, was recorded by %s, "
                       "%d days after publication.", title && *title ? "\"" : "the report", title && *title ? title : "",
                       title && *title ? "\"" : "", tp, td, RULES_PCC_RESPONSE_DAYS);
        }
        sign(s, "pcc_overdue", 1, &reason);
    }
}

static int by_score_then_code(const void *a, const void *b)
{
    const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    json_int_t sx = json_integer_value(json_object_get(x, "score"));
    json_int_t sy = json_integer_value(json_object_get(y, "score"));
    if (sx != sy) return sx > sy ? -1 : 1;
    return strcmp(get_str(x, "code"), get_str(y, "code"));
}

/* Sorts the array's items in place with cmp. Returns 0 or -1 on ENOMEM. */
static int sort_array(json_t *arr, int (*cmp)(const void *, const void *))
{
    size_t n = json_array_size(arr);
    if (n < 2) return 0;
    json_t **items = malloc(n * sizeof *items);
    if (!items) return -1;
    for (size_t i = 0; i < n; i++) items[i] = json_incref(json_array_get(arr, i));
    qsort(items, n, sizeof *items, cmp);
    int rc = 0;
    for (size_t i = 0; i < n; i++)
        if (json_array_set_new(arr, i, items[i]) != 0) rc = -1;
    free(items);
    return rc;
}

static int as_of_ok(const odate_t *as_of)
{
    return as_of && as_of->precision >= DATE_YEAR && as_of->precision <= DATE_DAY;
}

/* The signs of snap (a body in Scan at day) into s. */
static void signs_of(signs_t *s, const json_t *snap, const odate_t *day)
{
    signs_grades(s, snap, day);
    signs_causes(s, snap, day);
    signs_overdue(s, snap, day);
    signs_indicators(s, snap, day);
    signs_pcc(s, snap, day);
}

int rules_engage_score(const json_t *snap, const odate_t *as_of, long *score)
{
    *score = 0;
    if (!as_of_ok(as_of)) return -1;
    const odate_t day = date_first_day(as_of);
    if (!json_is_object(snap) || !get_str(snap, "code") || strcmp(phase_at(snap, &day), "scan") != 0) return 0;
    signs_t s = {NULL, 0, 0, 0};
    signs_of(&s, snap, &day);
    if (s.oom) return -1;
    *score = s.score;
    return s.count > 0;
}

json_t *rules_engage_candidates(const json_t *snaps, const odate_t *as_of)
{
    if (!json_is_array(snaps) || !as_of_ok(as_of)) return NULL;
    const odate_t day = date_first_day(as_of);
    json_t *out = json_array();
    int oom = !out;
    size_t i;
    const json_t *snap;
    json_array_foreach(snaps, i, snap) {
        if (oom) break;
        const char *code = get_str(snap, "code");
        if (!json_is_object(snap) || !code) continue;
        const char *phase = phase_at(snap, &day);
        if (strcmp(phase, "scan") != 0) continue;
        signs_t s = {json_array(), 0, 0, 0};
        s.oom = !s.reasons;
        signs_of(&s, snap, &day);
        if (s.oom) {
            json_decref(s.reasons);
            oom = 1;
            break;
        }
        if (json_array_size(s.reasons) == 0) {
            json_decref(s.reasons);
            continue;
        }
        json_t *o = json_object();
        put(o, "code", json_string(code), &oom);
        put(o, "name", json_string(body_name(snap)), &oom);
        put(o, "phase", json_string(phase), &oom);
        put(o, "score", json_integer(s.score), &oom);
        put(o, "reasons", s.reasons, &oom);
        append(out, o, &oom);
    }
    if (!oom && sort_array(out, by_score_then_code) != 0) oom = 1;
    if (oom) {
        json_decref(out);
        return NULL;
    }
    return out;
}

/* ---- deadlines ------------------------------------------------------ */

typedef struct {
    json_t *item;
    odate_t due;
    const char *code;
    size_t seq;
} due_t;

typedef struct {
    due_t *v;
    size_t n, cap;
    odate_t today, before;
    int oom;
} dues_t;

static void due_add(dues_t *d, const char *code, const char *kind, const json_t *id, buf_t *title,
                    const odate_t *due, const char *name)
{
    char t[DATE_TEXT_MAX];
    long days = days_from(&d->today, due);
    buf_t reason = BUF_INIT;
    date_format(due, t);
    buf_printf(&reason, "%s for %s ", title->data ? title->data : "An item", name);
    if (days < 0) buf_printf(&reason, "was due on %s and is %ld day%s overdue.", t, -days, s_if(-days));
    else if (days == 0) buf_printf(&reason, "is due today, %s.", t);
    else buf_printf(&reason, "is due on %s, in %ld day%s.", t, days, s_if(days));
    json_t *o = json_object();
    put(o, "code", json_string(code), &d->oom);
    put(o, "kind", json_string(kind), &d->oom);
    put(o, "id", jcopy(id), &d->oom);
    put(o, "title", jbuf(title), &d->oom);
    put(o, "due", json_string(t), &d->oom);
    put(o, "days", json_integer(days), &d->oom);
    put(o, "reason", jsentence(&reason), &d->oom);
    if (d->oom) {
        json_decref(o);
        return;
    }
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        due_t *v = realloc(d->v, cap * sizeof *v);
        if (!v) {
            json_decref(o);
            d->oom = 1;
            return;
        }
        d->v = v;
        d->cap = cap;
    }
    d->v[d->n] = (due_t){o, *due, code, d->n};
    d->n++;
}

/* Due before `before` (upcoming or overdue). */
static int in_window(const dues_t *d, const odate_t *due)
{
    return date_compare(due, &d->before) < 0;
}

static void dues_of(dues_t *d, const json_t *snap, const char *code)
{
    const char *name = body_name(snap);
    size_t i;
    const json_t *x;
    json_array_foreach(get_arr(snap, "recommendations"), i, x) {
        odate_t due;
        if (!json_is_object(x) || !issued_by(x, "issued_on", &d->today) || closed_by(x, &d->today, NULL)) continue;
        if (!rec_deadline(x, &due) || !in_window(d, &due)) continue;
        buf_t title = BUF_INIT;
        rec_label(&title, snap, x);
        due_add(d, code, "recommendation", json_object_get(x, "id"), &title, &due, name);
    }
    json_array_foreach(get_arr(snap, "plan_items"), i, x) {
        odate_t due;
        if (!json_is_object(x) || plan_done_by(x, &d->today, NULL)) continue;
        if (!get_date(x, "target_date", &due) || !in_window(d, &due)) continue;
        buf_t title = BUF_INIT;
        plan_item_title(&title, x);
        due_add(d, code, "plan_item", json_object_get(x, "id"), &title, &due, name);
    }
    json_array_foreach(get_arr(snap, "inspections"), i, x) {
        odate_t pub, due;
        if (!pcc_pending(x, &d->today, &pub, &due) || !in_window(d, &due)) continue;
        const char *title = get_str(x, "title");
        buf_t t = BUF_INIT;
        if (title && *title) buf_printf(&t, "The PCC response to \"%s\"", title);
        else buf_puts(&t, "The PCC response to a report");
        due_add(d, code, "pcc_response", json_object_get(x, "id"), &t, &due, name);
    }
}

static int due_cmp(const void *a, const void *b)
{
    const due_t *x = a, *y = b;
    int c = date_compare(&x->due, &y->due);
    if (!c) c = strcmp(x->code, y->code);
    if (!c) c = x->seq < y->seq ? -1 : x->seq > y->seq;
    return c;
}

json_t *rules_deadlines(const json_t *snaps, const odate_t *today, const odate_t *before)
{
    if (!json_is_array(snaps) || !today || today->precision < DATE_YEAR || today->precision > DATE_DAY) return NULL;
    if (before && (before->precision < DATE_YEAR || before->precision > DATE_DAY)) return NULL;
    dues_t d = {NULL, 0, 0, date_first_day(today), {0, 0, 0, DATE_NONE}, 0};
    d.before = before ? date_first_day(before) : date_add_days(&d.today, RULES_UPCOMING_DAYS);
    size_t i;
    const json_t *snap;
    json_array_foreach(snaps, i, snap) {
        const char *code = get_str(snap, "code");
        if (!json_is_object(snap) || !code) continue;
        dues_of(&d, snap, code);
        if (d.oom) break;
    }
    json_t *out = json_object(), *overdue = json_array(), *upcoming = json_array();
    if (d.n) qsort(d.v, d.n, sizeof *d.v, due_cmp);
    for (size_t k = 0; k < d.n; k++) {
        if (d.oom) {
            json_decref(d.v[k].item);
            continue;
        }
        append(date_compare(&d.v[k].due, &d.today) < 0 ? overdue : upcoming, d.v[k].item, &d.oom);
        if (!overdue || !upcoming) d.oom = 1;
    }
    free(d.v);
    put(out, "today", jdate(&d.today), &d.oom);
    put(out, "before", jdate(&d.before), &d.oom);
    put(out, "overdue", overdue, &d.oom);
    put(out, "upcoming", upcoming, &d.oom);
    if (d.oom) {
        json_decref(out);
        return NULL;
    }
    return out;
}

odate_t rules_pcc_due(const odate_t *published)
{
    return date_add_days(published, RULES_PCC_RESPONSE_DAYS);
}
