/*
 * rules_candidates.c: Engage candidates (rules_engage_candidates,
 * rules_engage_score): which bodies in Scan show the signs that led to
 * Engage before, weighted into a score, with a sentence for each sign.
 *
 * Pure: no I/O, no state. Items of the wrong shape are skipped, never
 * trusted.
 */
#include "core/rules.h"
#include "core/rules_internal.h"
#include <stdlib.h>
#include <string.h>

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
    rules_put(o, "kind", json_string(kind), &s->oom);
    rules_put(o, "reason", rules_jsentence(reason), &s->oom);
    rules_append(s->reasons, o, &s->oom);
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
    json_array_foreach(rules_get_arr(snap, "inspections"), i, in) {
        odate_t on;
        if (!json_is_object(in) || json_array_size(rules_get_arr(in, "grades")) == 0) continue;
        if (!rules_get_date(in, "published_on", &on) || date_compare(&on, as_of) > 0) continue;
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
    json_array_foreach(rules_get_arr(snap, "causes"), i, c) {
        if (!json_is_object(c)) continue;
        ord++;
        if (!rules_issued_by(c, "issued_on", as_of) || rules_closed_by(c, as_of, NULL)) continue;
        const int acc = rules_get_bool(c, "accelerated", 0);
        const char *title = rules_get_str(c, "title");
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
    json_array_foreach(rules_get_arr(snap, "recommendations"), i, rec) {
        odate_t due;
        if (!json_is_object(rec) || !rules_issued_by(rec, "issued_on", as_of) || rules_closed_by(rec, as_of, NULL))
            continue;
        if (!rules_rec_deadline(rec, &due) || date_compare(&due, as_of) >= 0) continue;
        buf_t reason = BUF_INIT;
        if (s->reasons) {
            char t[DATE_TEXT_MAX];
            long late = rules_days_from(&due, as_of);
            date_format(&due, t);
            rules_rec_label(&reason, snap, rec);
            buf_printf(&reason, " is not closed and its deadline %s passed %ld day%s ago.", t, late, rules_s_if(late));
        }
        sign(s, "overdue", 1, &reason);
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
        for (long k = n - 1; k >= 0 && rs[k].has_target && !rules_reading_meets(&rs[k]); k--) run++;
        if (run >= RULES_INDICATOR_RUN) {
            const reading_t *last = &rs[n - 1];
            buf_t reason = BUF_INIT;
            if (s->reasons) {
                buf_printf(&reason, "%s was %s its target in each of the last %ld periods, to %s, when it was ", m,
                           last->higher_is_better ? "below" : "above", run, last->period_text);
                rules_value_text(&reason, last->value, json_array_get(inds, last->index));
                buf_puts(&reason, " against ");
                rules_value_text(&reason, last->target, json_array_get(inds, last->index));
                buf_putc(&reason, '.');
            }
            sign(s, "indicator", 2, &reason);
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
        if (!rules_pcc_pending(in, as_of, &pub, &due) || date_compare(&due, as_of) >= 0) continue;
        buf_t reason = BUF_INIT;
        if (s->reasons) {
            const char *title = rules_get_str(in, "title");
            char tp[DATE_TEXT_MAX], td[DATE_TEXT_MAX];
            date_format(&pub, tp);
            date_format(&due, td);
            buf_printf(&reason, "No response from the local policing body to %s%s%s, published on %s, was recorded by %s, "
                       "the last of the %d days beginning with the day of publication.", title && *title ? "\"" : "the report", title && *title ? title : "",
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
    if (!json_is_object(snap) || !rules_get_str(snap, "code") || rules_level(snap, rules_phase_at(snap, &day), &lv) != 0
        || lv.level != 1)
        return 0;
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
        const char *code = rules_get_str(snap, "code");
        if (!json_is_object(snap) || !code) continue;
        /* candidates are bodies at their framework's routine level */
        const char *phase = rules_phase_at(snap, &day);
        rules_level_t lv;
        if (rules_level(snap, phase, &lv) != 0 || lv.level != 1) continue;
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
        rules_put(o, "code", json_string(code), &oom);
        rules_put(o, "name", json_string(rules_body_name(snap)), &oom);
        rules_put(o, "phase", json_string(phase), &oom);
        rules_put(o, "score", json_integer(s.score), &oom);
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
