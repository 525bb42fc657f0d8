/*
 * rules_candidates.c: Engage candidates (rules_engage_candidates,
 * rules_engage_score): which bodies in Scan show the signs that led to
 * Engage before, weighted into a score, with a sentence for each sign.
 *
 * Every sign is a fact of the record, named by its source (table and
 * row) and weighted as docs/candidates.md says; facts dated before the
 * decision that last returned the body to its routine level are not signs
 * (that decision weighed them).
 *
 * Pure: no I/O, no state. Items of the wrong shape are skipped, never
 * trusted.
 */
#include "core/rules.h"
#include "core/rules_internal.h"
#include "core/jw.h"
#include <stdlib.h>
#include <string.h>

typedef struct {
    json_t *reasons;   /* NULL: no tree of reasons (rules_engage_score, or written by w) */
    jw_t *w;           /* set: each reason written here instead (rules_engage_candidates_write) */
    const rules_ca_recs_t *recs;   /* set: the recommendations as rows, not the snapshot's */
    long score;
    int count;         /* signs seen */
    int oom;
    int returned;      /* the body returned to its routine level on `since` */
    odate_t since;
} signs_t;

static json_t *jdate(const odate_t *d)
{
    char t[DATE_TEXT_MAX];
    date_format(d, t);
    return json_string(t);
}

/* 1 if a fact dated d predates the decision that returned the body to its
 * routine level (compared by first days). */
static int predates(const signs_t *s, const odate_t *d)
{
    if (!s->returned) return 0;
    odate_t f = date_first_day(d);
    return date_compare(&f, &s->since) < 0;
}

int rules_returned_on(const json_t *snap, const odate_t *as_of, odate_t *on)
{
    const json_t *periods = rules_get_arr(snap, "periods");
    const odate_t day = date_first_day(as_of);
    int found = 0;
    for (size_t i = 1; i < json_array_size(periods); i++) {
        const json_t *prev = json_array_get(periods, i - 1), *cur = json_array_get(periods, i);
        rules_level_t lp, lc;
        odate_t from;
        if (rules_level(snap, rules_get_str(prev, "phase"), &lp) != 0
            || rules_level(snap, rules_get_str(cur, "phase"), &lc) != 0)
            continue;
        if (lc.level != 1 || lp.level <= 1 || !rules_get_date(cur, "from", &from)) continue;
        from = date_first_day(&from);
        if (date_compare(&from, &day) > 0) break;
        *on = from;
        found = 1;
    }
    return found;
}

/* What names a sign's fact: {"table": table, id_key: id (null when
 * NULL), k2: v2, k3: v3}, each k/v member left out when its v is NULL. No
 * tree: written as JSON (source_json) or straight by the writer
 * (source_write), the same members in the same order. */
typedef struct {
    const char *table, *id_key;
    const json_t *id;
    const char *k2, *v2, *k3, *v3;
    int plain_id;        /* 1: the id is id_num (a row's), not id */
    long long id_num;
} source_t;

static json_t *source_json(const source_t *src, int *oom)
{
    json_t *o = json_object();
    rules_put(o, "table", json_string(src->table), oom);
    if (src->id_key && src->plain_id) rules_put(o, src->id_key, json_integer(src->id_num), oom);
    else if (src->id_key) rules_put(o, src->id_key, src->id ? json_incref((json_t *)src->id) : json_null(), oom);
    if (src->v2) rules_put(o, src->k2, json_string(src->v2), oom);
    if (src->v3) rules_put(o, src->k3, json_string(src->v3), oom);
    return o;
}

/* v as json_dumps writes it (NULL: null). */
static void jw_value(jw_t *w, const json_t *v)
{
    switch (v ? json_typeof(v) : JSON_NULL) {
    case JSON_OBJECT: {
        const char *k;
        json_t *x;
        jw_object_begin(w);
        json_object_foreach((json_t *)v, k, x) {
            jw_key(w, k);
            jw_value(w, x);
        }
        jw_object_end(w);
        break;
    }
    case JSON_ARRAY: {
        size_t i;
        json_t *x;
        jw_array_begin(w);
        json_array_foreach(v, i, x) jw_value(w, x);
        jw_array_end(w);
        break;
    }
    case JSON_STRING: jw_stringn(w, json_string_value(v), json_string_length(v)); break;
    case JSON_INTEGER: jw_int(w, json_integer_value(v)); break;
    case JSON_REAL: jw_real(w, json_real_value(v)); break;
    case JSON_TRUE: jw_bool(w, 1); break;
    case JSON_FALSE: jw_bool(w, 0); break;
    default: jw_null(w);
    }
}

static void source_write(jw_t *w, const source_t *src)
{
    jw_object_begin(w);
    jw_key(w, "table");
    jw_string(w, src->table);
    if (src->id_key) {
        jw_key(w, src->id_key);
        if (src->plain_id) jw_int(w, src->id_num);
        else jw_value(w, src->id);
    }
    if (src->v2) {
        jw_key(w, src->k2);
        jw_string(w, src->v2);
    }
    if (src->v3) {
        jw_key(w, src->k3);
        jw_string(w, src->v3);
    }
    jw_object_end(w);
}

/* Adds a sign; frees reason. src: the fact's table and what names its row
 * (may be NULL when scoring). The signs_ functions make sentences only
 * when s->reasons or s->w is set. */
static void sign(signs_t *s, const char *kind, int weight, buf_t *reason, const source_t *src)
{
    s->count++;
    s->score += weight;
    if (s->w) {
        jw_t *w = s->w;
        if (reason->failed || !reason->data) s->oom = 1;   /* as rules_jsentence's NULL */
        else if (reason->data[0] >= 'a' && reason->data[0] <= 'z') reason->data[0] = (char)(reason->data[0] - 'a' + 'A');
        jw_object_begin(w);
        jw_key(w, "kind");
        jw_string(w, kind);
        jw_key(w, "weight");
        jw_int(w, weight);
        jw_key(w, "reason");
        jw_stringn(w, reason->data ? reason->data : "", reason->len);
        jw_key(w, "source");
        if (src) source_write(w, src);
        else jw_null(w);
        jw_object_end(w);
        buf_free(reason);
        return;
    }
    if (!s->reasons) {
        buf_free(reason);
        return;
    }
    json_t *o = json_object();
    rules_put(o, "kind", json_string(kind), &s->oom);
    rules_put(o, "weight", json_integer(weight), &s->oom);
    rules_put(o, "reason", rules_jsentence(reason), &s->oom);
    rules_put(o, "source", src ? source_json(src, &s->oom) : json_null(), &s->oom);
    rules_append(s->reasons, o, &s->oom);
}

/* 1 when the signs_ functions make sentences (reasons kept or written). */
static int telling(const signs_t *s)
{
    return s->reasons || s->w;
}

/* {"table": table, "id": the item's id} for the reasons. */
static source_t source_row(const char *table, const json_t *item)
{
    return (source_t){table, "id", json_object_get(item, "id"), NULL, NULL, NULL, NULL, 0, 0};
}

/* The latest inspection published by as_of that has grades (a thematic
 * report with no grades does not hide the last graded assessment). */
static void signs_grades(signs_t *s, const json_t *snap, const odate_t *as_of)
{
    const json_t *latest = NULL;
    odate_t latest_on = {0, 0, 0, DATE_NONE};
    size_t i, j;
    const json_t *in, *g;
    json_array_foreach(rules_get_arr(snap, "inspections"), i, in) {
        odate_t on;
        if (!json_is_object(in) || json_array_size(rules_get_arr(in, "grades")) == 0) continue;
        if (!rules_get_date(in, "published_on", &on) || date_compare(&on, as_of) > 0 || predates(s, &on)) continue;
        if (!latest || date_compare(&on, &latest_on) >= 0) {
            latest = in;
            latest_on = on;
        }
    }
    if (!latest) return;
    const char *title = rules_get_str(latest, "title");
    char t[DATE_TEXT_MAX];
    date_format(&latest_on, t);
    json_array_foreach(rules_get_arr(latest, "grades"), j, g) {
        const char *grade = rules_get_str(g, "grade"), *area = rules_get_str(g, "area");
        if (!grade || strcmp(grade, "inadequate") != 0) continue;
        buf_t reason = BUF_INIT;
        if (telling(s)) {
            if (title && *title) buf_printf(&reason, "%s, published on %s,", title, t);
            else buf_printf(&reason, "The inspection published on %s", t);
            buf_printf(&reason, " graded %s as inadequate.", area && *area ? area : "an area");
        }
        source_t src = {"grades", "inspection_id", json_object_get(latest, "id"), "area", area, NULL, NULL, 0, 0};
        sign(s, "grade", RULES_WEIGHT_GRADE, &reason, &src);
    }
}

static void signs_causes(signs_t *s, const json_t *snap, const odate_t *as_of)
{
    int ord = 0;
    size_t i;
    const json_t *c;
    json_array_foreach(rules_get_arr(snap, "causes"), i, c) {
        if (!json_is_object(c)) continue;
        ord++;
        odate_t issued;
        if (!rules_issued_by(c, "issued_on", as_of) || rules_closed_by(c, as_of, NULL)) continue;
        if (rules_get_date(c, "issued_on", &issued) && predates(s, &issued)) continue;
        const int acc = rules_get_bool(c, "accelerated", 0);
        const char *title = rules_get_str(c, "title");
        buf_t reason = BUF_INIT;
        if (telling(s)) {
            buf_printf(&reason, "%s %d", acc ? "Accelerated cause of concern" : "Cause of concern", ord);
            if (title && *title) buf_printf(&reason, ", \"%s\",", title);
            buf_puts(&reason, " is open.");
        }
        source_t src = source_row("causes_of_concern", c);
        sign(s, acc ? "accelerated" : "cause", acc ? RULES_WEIGHT_ACCELERATED : RULES_WEIGHT_CAUSE, &reason, &src);
    }
}

/* 1-based position among snap's causes of the one with this id, or 0
 * (rules_rec_label's, for an id read as a number). */
static int cause_ordinal_num(const json_t *snap, long long id)
{
    int n = 0;
    size_t i;
    const json_t *c;
    json_array_foreach(rules_get_arr(snap, "causes"), i, c) {
        if (!json_is_object(c)) continue;
        n++;
        const json_t *cid = json_object_get(c, "id");
        if (json_is_integer(cid) && json_integer_value(cid) == id) return n;
    }
    return 0;
}

/* signs_overdue over s->recs: the same tests and words, on row text. */
static void signs_overdue_rows(signs_t *s, const json_t *snap, const odate_t *as_of)
{
    for (size_t i = 0; i < s->recs->n; i++) {
        const rules_ca_rec_t *rec = &s->recs->v[i];
        odate_t due;
        if (!rules_issued_by_text(rec->issued_on, as_of) || rules_closed_by_text(rec->status, rec->closed_on, as_of, NULL))
            continue;
        /* rules_rec_deadline: the current deadline, else the original */
        if (!((rec->deadline && date_parse(rec->deadline, &due) == 0)
              || (rec->original_deadline && date_parse(rec->original_deadline, &due) == 0))
            || date_compare(&due, as_of) >= 0)
            continue;
        if (predates(s, &due)) continue;
        buf_t reason = BUF_INIT;
        if (telling(s)) {
            char t[DATE_TEXT_MAX], id[32];
            long late = rules_days_from(&due, as_of);
            date_format(&due, t);
            snprintf(id, sizeof id, "%lld", rec->id);
            rules_rec_label_text(&reason, rec->number, id, rec->has_cause ? cause_ordinal_num(snap, rec->cause_id) : 0);
            buf_printf(&reason, " is not closed and its deadline %s passed %ld day%s ago.", t, late, rules_s_if(late));
        }
        source_t src = {"recommendations", "id", NULL, NULL, NULL, NULL, NULL, 1, rec->id};
        sign(s, "overdue", RULES_WEIGHT_OVERDUE, &reason, &src);
    }
}

static void signs_overdue(signs_t *s, const json_t *snap, const odate_t *as_of)
{
    if (s->recs) {
        signs_overdue_rows(s, snap, as_of);
        return;
    }
    size_t i;
    const json_t *rec;
    json_array_foreach(rules_get_arr(snap, "recommendations"), i, rec) {
        odate_t due;
        if (!json_is_object(rec) || !rules_issued_by(rec, "issued_on", as_of) || rules_closed_by(rec, as_of, NULL))
            continue;
        if (!rules_rec_deadline(rec, &due) || date_compare(&due, as_of) >= 0) continue;
        if (predates(s, &due)) continue;   /* already past when the body returned */
        buf_t reason = BUF_INIT;
        if (telling(s)) {
            char t[DATE_TEXT_MAX];
            long late = rules_days_from(&due, as_of);
            date_format(&due, t);
            rules_rec_label(&reason, snap, rec);
            buf_printf(&reason, " is not closed and its deadline %s passed %ld day%s ago.", t, late, rules_s_if(late));
        }
        source_t src = source_row("recommendations", rec);
        sign(s, "overdue", RULES_WEIGHT_OVERDUE, &reason, &src);
    }
}

static void signs_indicators(signs_t *s, const json_t *snap, const odate_t *as_of)
{
    const json_t *inds = rules_get_arr(snap, "indicators");
    size_t i;
    const json_t *it;
    json_array_foreach(inds, i, it) {
        const char *m = rules_get_str(it, "measure");
        if (!m || !rules_first_of_measure(inds, i, m)) continue;
        reading_t *rs;
        long n = rules_readings_of(inds, m, as_of, &rs);
        if (n < 0) { s->oom = 1; return; }
        long run = 0;
        for (long k = n - 1; k >= 0 && rs[k].has_target && !rules_reading_meets(&rs[k]) && !predates(s, &rs[k].period); k--)
            run++;
        if (run >= RULES_INDICATOR_RUN) {
            const reading_t *last = &rs[n - 1];
            buf_t reason = BUF_INIT;
            if (telling(s)) {
                buf_printf(&reason, "%s was %s its target in each of the last %ld periods, to %s, when it was ", m,
                           last->higher_is_better ? "below" : "above", run, last->period_text);
                rules_value_text(&reason, last->value, json_array_get(inds, last->index));
                buf_puts(&reason, " against ");
                rules_value_text(&reason, last->target, json_array_get(inds, last->index));
                buf_putc(&reason, '.');
            }
            source_t src = {"indicators", NULL, NULL, "measure", m, "period", last->period_text ? last->period_text : "", 0, 0};
            sign(s, "indicator", RULES_WEIGHT_INDICATOR, &reason, &src);
        }
        free(rs);
    }
}

static void signs_pcc(signs_t *s, const json_t *snap, const odate_t *as_of)
{
    size_t i;
    const json_t *in;
    json_array_foreach(rules_get_arr(snap, "inspections"), i, in) {
        odate_t pub, due;
        if (!rules_pcc_pending(snap, in, as_of, &pub, &due) || date_compare(&due, as_of) >= 0) continue;
        if (predates(s, &due)) continue;
        buf_t reason = BUF_INIT;
        if (telling(s)) {
            const char *title = rules_get_str(in, "title");
            char tp[DATE_TEXT_MAX], td[DATE_TEXT_MAX];
            date_format(&pub, tp);
            date_format(&due, td);
            buf_printf(&reason, "No response from the local policing body to %s%s%s, published on %s, was recorded by %s, "
                       "the last of the %d days beginning with the day of publication.", title && *title ? "\"" : "the report", title && *title ? title : "",
                       title && *title ? "\"" : "", tp, td, RULES_PCC_RESPONSE_DAYS);
        }
        source_t src = source_row("inspections", in);
        sign(s, "pcc_overdue", RULES_WEIGHT_PCC, &reason, &src);
    }
}

static int by_score_then_code(const void *a, const void *b)
{
    const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    json_int_t sx = json_integer_value(json_object_get(x, "score"));
    json_int_t sy = json_integer_value(json_object_get(y, "score"));
    if (sx != sy) return sx > sy ? -1 : 1;
    return strcmp(rules_get_str(x, "code"), rules_get_str(y, "code"));
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
    s->returned = rules_returned_on(snap, day, &s->since);
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
    rules_level_t lv;
    if (!json_is_object(snap) || !rules_get_str(snap, "code") || rules_get_str(snap, "retired_on")
        || rules_level(snap, rules_phase_at(snap, &day), &lv) != 0 || lv.level != 1)
        return 0;
    signs_t s = {.since = {0, 0, 0, DATE_NONE}};
    signs_of(&s, snap, &day);
    if (s.oom) return -1;
    *score = s.score;
    return s.count > 0;
}

/* ---- the score over plain rows (rules_engage_score_plain) ----------- */

/* 1 if text is a date (into *d); NULL or unparsable: 0. */
static int plain_date(const char *text, odate_t *d)
{
    return text && date_parse(text, d) == 0;
}

/* The level b was in before its decisions, as the store's periods begin
 * (snapshot.c ca_periods): the first decision's from_phase, or with none
 * its current level. */
static const char *plain_opening(const rules_ca_body_t *b)
{
    return b->ndecisions ? b->decisions[0].from_phase : b->phase;
}

/* The phase at day of a body moved by b's decisions, as rules_phase_at
 * reads the periods the store makes of them (snapshot.c ca_periods): the
 * opening level (plain_opening) until the first decision, each decision's
 * phase from its day to the next one's. */
static const char *plain_phase_at(const rules_ca_body_t *b, const json_t *levels, const odate_t *day)
{
    const char *found = NULL;
    odate_t found_from = {0, 0, 0, DATE_NONE};
    int any = 0;
    for (size_t i = 0; i <= b->ndecisions; i++) {
        const char *ph = i ? b->decisions[i - 1].to_phase : plain_opening(b);
        const char *ft = i ? b->decisions[i - 1].effective_on : NULL;
        const char *tt = i < b->ndecisions ? b->decisions[i].effective_on : NULL;
        odate_t from = {0, 0, 0, DATE_NONE}, to;
        if (!ph) continue;
        if (ft && !plain_date(ft, &from)) continue;
        if (tt && !plain_date(tt, &to)) continue;
        any = 1;
        if (from.precision && date_compare(&from, day) > 0) continue;
        if (tt && date_compare(day, &to) >= 0) continue;
        if (!found || (from.precision && (!found_from.precision || date_compare(&from, &found_from) >= 0))) {
            found = ph;
            found_from = from;
        }
    }
    if (found) return found;
    (void)any;   /* periods always exist here: the opening one, as rules_phase_at */
    return rules_default_phase(levels);
}

/* rules_returned_on over the same periods. */
static int plain_returned_on(const rules_ca_body_t *b, const json_t *levels, const odate_t *day, odate_t *on)
{
    int found = 0;
    for (size_t i = 1; i <= b->ndecisions; i++) {
        const char *prev = i > 1 ? b->decisions[i - 2].to_phase : plain_opening(b), *cur = b->decisions[i - 1].to_phase;
        rules_level_t lp, lc;
        odate_t from;
        if (rules_level(levels, prev, &lp) != 0 || rules_level(levels, cur, &lc) != 0) continue;
        if (lc.level != 1 || lp.level <= 1 || !plain_date(b->decisions[i - 1].effective_on, &from)) continue;
        from = date_first_day(&from);
        if (date_compare(&from, day) > 0) break;
        *on = from;
        found = 1;
    }
    return found;
}

/* One reading of a measure for plain_indicators. */
typedef struct {
    odate_t period;
    size_t index;
    int has_target, meets;
} plain_reading_t;

static int plain_reading_cmp(const void *a, const void *b)
{
    const plain_reading_t *x = a, *y = b;
    int c = date_compare(&x->period, &y->period);
    if (c) return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* The indicator signs of b (signs_indicators over rows, in the order
 * rules_readings_of sorts them); -1 on ENOMEM. */
static int plain_indicators(signs_t *s, const rules_ca_body_t *b, const odate_t *day)
{
    plain_reading_t *rs = NULL;
    if (b->nindicators && !(rs = malloc(b->nindicators * sizeof *rs))) return -1;
    for (size_t i = 0; i < b->nindicators; i++) {
        const char *m = b->indicators[i].measure;
        int first = m != NULL;
        for (size_t j = 0; first && j < i; j++)
            if (b->indicators[j].measure && strcmp(b->indicators[j].measure, m) == 0) first = 0;
        if (!first) continue;
        size_t n = 0;
        for (size_t j = i; j < b->nindicators; j++) {
            const rules_ca_indicator_t *it = &b->indicators[j];
            plain_reading_t r = {{0, 0, 0, DATE_NONE}, j, it->has_target, it->meets};
            if (!it->measure || strcmp(it->measure, m) != 0) continue;
            if (!plain_date(it->period, &r.period) || date_compare(&r.period, day) > 0) continue;
            rs[n++] = r;
        }
        qsort(rs, n, sizeof *rs, plain_reading_cmp);
        long run = 0;
        for (long k = (long)n - 1; k >= 0 && rs[k].has_target && !rs[k].meets && !predates(s, &rs[k].period); k--)
            run++;
        if (run >= RULES_INDICATOR_RUN) sign(s, "indicator", RULES_WEIGHT_INDICATOR, &(buf_t)BUF_INIT, NULL);
    }
    free(rs);
    return 0;
}

int rules_engage_score_plain(const rules_ca_body_t *b, const json_t *levels, const odate_t *as_of, long *score)
{
    *score = 0;
    if (!as_of_ok(as_of)) return -1;
    const odate_t day = date_first_day(as_of);
    rules_level_t lv;
    if (!b->code || rules_level(levels, plain_phase_at(b, levels, &day), &lv) != 0 || lv.level != 1)
        return 0;
    signs_t s = {.since = {0, 0, 0, DATE_NONE}};
    s.returned = b->ndecisions ? plain_returned_on(b, levels, &day, &s.since) : 0;
    /* grades: the latest inspection with grades published by day */
    const rules_ca_inspection_t *latest = NULL;
    odate_t latest_on = {0, 0, 0, DATE_NONE};
    for (size_t i = 0; i < b->ninspections; i++) {
        const rules_ca_inspection_t *in = &b->inspections[i];
        odate_t on;
        if (in->grades == 0) continue;
        if (!plain_date(in->published_on, &on) || date_compare(&on, &day) > 0 || predates(&s, &on)) continue;
        if (!latest || date_compare(&on, &latest_on) >= 0) {
            latest = in;
            latest_on = on;
        }
    }
    for (int g = 0; latest && g < latest->inadequate; g++) sign(&s, "grade", RULES_WEIGHT_GRADE, &(buf_t)BUF_INIT, NULL);
    for (size_t i = 0; i < b->ncauses; i++) {
        const rules_ca_cause_t *c = &b->causes[i];
        odate_t issued;
        if (!rules_issued_by_text(c->issued_on, &day) || rules_closed_by_text(c->status, c->closed_on, &day, NULL))
            continue;
        if (plain_date(c->issued_on, &issued) && predates(&s, &issued)) continue;
        sign(&s, "cause", c->accelerated ? RULES_WEIGHT_ACCELERATED : RULES_WEIGHT_CAUSE, &(buf_t)BUF_INIT, NULL);
    }
    s.count += (int)b->overdue;
    s.score += b->overdue * RULES_WEIGHT_OVERDUE;
    if (plain_indicators(&s, b, &day) != 0) return -1;
    for (size_t i = 0; i < b->ninspections; i++) {
        odate_t pub, due;
        const rules_ca_inspection_t *in = &b->inspections[i];
        if (!rules_pcc_pending_text(b->kind, in->published_on, in->pcc_response_on, &day, &pub, &due)
            || date_compare(&due, &day) >= 0 || predates(&s, &due))
            continue;
        sign(&s, "pcc_overdue", RULES_WEIGHT_PCC, &(buf_t)BUF_INIT, NULL);
    }
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
        const char *code = rules_get_str(snap, "code");
        if (!json_is_object(snap) || !code) continue;
        /* a retired body is none, whatever its record holds (the bounded
         * rounds of store_engage_candidates leave it out the same way) */
        if (rules_get_str(snap, "retired_on")) continue;
        /* candidates are bodies at their framework's routine level */
        const char *phase = rules_phase_at(snap, &day);
        rules_level_t lv;
        if (rules_level(snap, phase, &lv) != 0 || lv.level != 1) continue;
        signs_t s = {.reasons = json_array(), .since = {0, 0, 0, DATE_NONE}};
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
        rules_put(o, "code", json_string(code), &oom);
        rules_put(o, "name", json_string(rules_body_name(snap)), &oom);
        rules_put(o, "phase", json_string(phase), &oom);
        rules_put(o, "score", json_integer(s.score), &oom);
        if (s.returned) rules_put(o, "returned_on", jdate(&s.since), &oom);
        rules_put(o, "reasons", s.reasons, &oom);
        rules_append(out, o, &oom);
    }
    if (!oom && sort_array(out, by_score_then_code) != 0) oom = 1;
    if (oom) {
        json_decref(out);
        return NULL;
    }
    return out;
}

/* One candidate written apart for rules_engage_candidates_write: its
 * place in items and its sort key. */
typedef struct {
    long score;
    const char *code;   /* borrowed from the snapshot */
    size_t at, len;
} written_t;

static int written_cmp(const void *a, const void *b)
{
    const written_t *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return strcmp(x->code, y->code);
}

static int write_candidates(const json_t *snaps, const rules_ca_recs_t *recs, const odate_t *as_of, jw_t *out)
{
    if (!json_is_array(snaps) || !as_of_ok(as_of)) return -1;
    const odate_t day = date_first_day(as_of);
    buf_t items = BUF_INIT, reasons = BUF_INIT;
    written_t *v = NULL;
    size_t n = 0, cap = 0;
    int oom = 0;
    size_t i;
    const json_t *snap;
    json_array_foreach(snaps, i, snap) {
        if (oom) break;
        const char *code = rules_get_str(snap, "code");
        /* the same bodies as rules_engage_candidates, in the same words */
        if (!json_is_object(snap) || !code || rules_get_str(snap, "retired_on")) continue;
        const char *phase = rules_phase_at(snap, &day);
        rules_level_t lv;
        if (rules_level(snap, phase, &lv) != 0 || lv.level != 1) continue;
        jw_t rw;
        buf_reset(&reasons);
        jw_init(&rw, &reasons);
        jw_array_begin(&rw);
        signs_t s = {.w = &rw, .recs = recs ? &recs[i] : NULL, .since = {0, 0, 0, DATE_NONE}};
        signs_of(&s, snap, &day);
        jw_array_end(&rw);
        if (s.oom || jw_finish(&rw) != 0) {
            oom = 1;
            break;
        }
        if (s.count == 0) continue;
        if (n == cap) {
            size_t c = cap ? cap * 2 : 64;
            written_t *p = realloc(v, c * sizeof *p);
            if (!p) {
                oom = 1;
                break;
            }
            v = p;
            cap = c;
        }
        size_t at = items.len;
        jw_t w;
        jw_init(&w, &items);
        jw_object_begin(&w);
        jw_key(&w, "code");
        jw_string(&w, code);
        jw_key(&w, "name");
        jw_string(&w, rules_body_name(snap));
        jw_key(&w, "phase");
        jw_string(&w, phase);
        jw_key(&w, "score");
        jw_int(&w, s.score);
        if (s.returned) {
            char t[DATE_TEXT_MAX];
            date_format(&s.since, t);
            jw_key(&w, "returned_on");
            jw_string(&w, t);
        }
        jw_key(&w, "reasons");
        jw_raw(&w, reasons.data, reasons.len);
        jw_object_end(&w);
        if (jw_finish(&w) != 0) {
            oom = 1;
            break;
        }
        v[n++] = (written_t){s.score, code, at, items.len - at};
    }
    if (!oom) {
        if (n > 1) qsort(v, n, sizeof *v, written_cmp);
        jw_array_begin(out);
        for (size_t k = 0; k < n; k++) jw_raw(out, items.data + v[k].at, v[k].len);
        jw_array_end(out);
    }
    free(v);
    buf_free(&items);
    buf_free(&reasons);
    return oom ? -1 : 0;
}

int rules_engage_candidates_write(const json_t *snaps, const odate_t *as_of, jw_t *out)
{
    return write_candidates(snaps, NULL, as_of, out);
}

int rules_engage_candidates_write_rows(const json_t *snaps, const rules_ca_recs_t *recs, const odate_t *as_of, jw_t *out)
{
    return recs ? write_candidates(snaps, recs, as_of, out) : -1;
}
