/*
 * rules_deadlines.c: what is due across bodies (rules_deadlines):
 * recommendations by their current deadline, plan items by their target
 * date and PCC responses by rules_pcc_due, overdue or upcoming.
 *
 * Pure: no I/O, no state. Items of the wrong shape are skipped, never
 * trusted.
 */
#include "core/rules.h"
#include "core/rules_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *jdate(const odate_t *d)
{
    char t[DATE_TEXT_MAX];
    date_format(d, t);
    return json_string(t);
}

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

/* The sentence of an item due on `due` (`days` from today), appended to
 * reason, first letter capitalised. */
void rules_deadline_reason_rest(buf_t *out, const char *due_text, long days)
{
    if (days < 0) {
        buf_append(out, " was due on ", 12);
        buf_puts(out, due_text);
        buf_append(out, " and is ", 8);
        buf_put_ll(out, -days);
        buf_puts(out, -days == 1 ? " day overdue." : " days overdue.");
    } else if (days == 0) {
        buf_append(out, " is due today, ", 15);
        buf_puts(out, due_text);
        buf_putc(out, '.');
    } else {
        buf_append(out, " is due on ", 11);
        buf_puts(out, due_text);
        buf_append(out, ", in ", 5);
        buf_put_ll(out, days);
        buf_puts(out, days == 1 ? " day." : " days.");
    }
}

/* The sentence of an item due on `due` (`days` from today), appended to
 * reason, first letter capitalised. */
static void due_reason(buf_t *reason, const char *title, const char *name, const odate_t *due, long days)
{
    char t[DATE_TEXT_MAX];
    date_format(due, t);
    size_t start = reason->len;
    /* "%s for %s " then the rest, appended piece by piece (no printf: this
     * runs for each of thousands of items) */
    buf_puts(reason, title ? title : "An item");
    buf_append(reason, " for ", 5);
    buf_puts(reason, name);
    rules_deadline_reason_rest(reason, t, days);
    char *c = reason->data && !reason->failed ? reason->data + start : NULL;
    if (c && *c >= 'a' && *c <= 'z') *c = (char)(*c - 'a' + 'A');
}

static void due_add(dues_t *d, const char *code, const char *kind, const json_t *id, buf_t *title,
                    const odate_t *due, const char *name)
{
    char t[DATE_TEXT_MAX];
    long days = rules_days_from(&d->today, due);
    buf_t reason = BUF_INIT;
    date_format(due, t);
    due_reason(&reason, title->data, name, due, days);
    json_t *o = json_object();
    rules_put(o, "code", json_string(code), &d->oom);
    rules_put(o, "kind", json_string(kind), &d->oom);
    rules_put(o, "id", rules_jcopy(id), &d->oom);
    rules_put(o, "title", rules_jbuf(title), &d->oom);
    rules_put(o, "due", json_string(t), &d->oom);
    rules_put(o, "days", json_integer(days), &d->oom);
    rules_put(o, "reason", rules_jbuf(&reason), &d->oom);
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
    const char *name = rules_body_name(snap);
    size_t i;
    const json_t *x;
    json_array_foreach(rules_get_arr(snap, "recommendations"), i, x) {
        odate_t due;
        if (!json_is_object(x) || !rules_issued_by(x, "issued_on", &d->today) || rules_closed_by(x, &d->today, NULL))
            continue;
        if (!rules_rec_deadline(x, &due) || !in_window(d, &due)) continue;
        buf_t title = BUF_INIT;
        rules_rec_label(&title, snap, x);
        due_add(d, code, "recommendation", json_object_get(x, "id"), &title, &due, name);
    }
    json_array_foreach(rules_get_arr(snap, "plan_items"), i, x) {
        odate_t due;
        if (!json_is_object(x) || rules_plan_done_by(x, &d->today, NULL)) continue;
        if (!rules_get_date(x, "target_date", &due) || !in_window(d, &due)) continue;
        buf_t title = BUF_INIT;
        rules_plan_item_title(&title, x);
        due_add(d, code, "plan_item", json_object_get(x, "id"), &title, &due, name);
    }
    json_array_foreach(rules_get_arr(snap, "inspections"), i, x) {
        odate_t pub, due;
        if (!rules_pcc_pending(snap, x, &d->today, &pub, &due) || !in_window(d, &due)) continue;
        const char *title = rules_get_str(x, "title");
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
        const char *code = rules_get_str(snap, "code");
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
        rules_append(date_compare(&d.v[k].due, &d.today) < 0 ? overdue : upcoming, d.v[k].item, &d.oom);
        if (!overdue || !upcoming) d.oom = 1;
    }
    free(d.v);
    rules_put(out, "today", jdate(&d.today), &d.oom);
    rules_put(out, "before", jdate(&d.before), &d.oom);
    rules_put(out, "overdue", overdue, &d.oom);
    rules_put(out, "upcoming", upcoming, &d.oom);
    if (d.oom) {
        json_decref(out);
        return NULL;
    }
    return out;
}

/* ---- the same over plain structs ------------------------------------ */

/* x before y: due day (as days from the same today), then code, then the
 * rows' order. */
static int item_cmp(const void *a, const void *b)
{
    const rules_due_t *x = a, *y = b;
    int c = x->days < y->days ? -1 : x->days > y->days;
    if (!c) c = strcmp(x->row->code, y->row->code);
    if (!c) c = x->row < y->row ? -1 : x->row > y->row;
    return c;
}

/* Orders v[0..n) by item_cmp. The readers give each kind in that order
 * already (the store's rows: recommendations, then plan items, then
 * reports, each by due day and code, then as read), so v is a few ascending
 * runs: they are merged (n comparisons and a copy a run) instead of sorted
 * again. Any other input is ordered too, by qsort when it has many runs.
 * 0, or -1 on ENOMEM. */
#define MERGE_RUNS_MAX 8
static int order_items(rules_due_t *v, size_t n)
{
    size_t start[MERGE_RUNS_MAX + 1], runs = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && item_cmp(&v[i - 1], &v[i]) <= 0) continue;
        if (runs == MERGE_RUNS_MAX) {
            qsort(v, n, sizeof *v, item_cmp);
            return 0;
        }
        start[runs++] = i;
    }
    if (runs <= 1) return 0;
    start[runs] = n;
    rules_due_t *tmp = malloc(n * sizeof *tmp);
    if (!tmp) return -1;
    /* fold run after run into the merged prefix v[0..start[k]) */
    for (size_t k = 1; k < runs; k++) {
        size_t na = start[k], nb = start[k + 1] - start[k], a = 0, b = 0, o = 0;
        memcpy(tmp, v, na * sizeof *v);   /* the prefix; the run stays in place behind it */
        const rules_due_t *B = v + start[k];
        while (a < na && b < nb) v[o++] = item_cmp(&B[b], &tmp[a]) < 0 ? B[b++] : tmp[a++];
        while (a < na) v[o++] = tmp[a++];
        /* what is left of the run is already where it belongs */
    }
    free(tmp);
    return 0;
}

/* 1 if row may be due as seen on d->today (its due day in *due); whether
 * before d->before is the caller's test. today_n: d->today as a day
 * number (date_to_days), reckoned once for all rows. */
static int row_due(const rules_dues_t *d, long today_n, const rules_due_row_t *row, odate_t *due)
{
    odate_t pub;
    switch (row->kind) {
    case RULES_DUE_RECOMMENDATION:
        /* rules_issued_by_text, with today's day number reckoned once */
        if (row->issued_on && date_parse(row->issued_on, &pub) == 0 && date_to_days(&pub) > today_n) return 0;
        if (rules_closed_by_text(row->status, row->closed_on, &d->today, NULL)) return 0;
        if (!(row->deadline && date_parse(row->deadline, due) == 0)
            && !(row->original_deadline && date_parse(row->original_deadline, due) == 0))
            return 0;
        return 1;
    case RULES_DUE_PLAN_ITEM:
        if (rules_plan_done_by_text(row->completed_on, row->rag, &d->today, NULL)) return 0;
        return row->target_date && date_parse(row->target_date, due) == 0;
    case RULES_DUE_PCC_RESPONSE:
        return rules_pcc_pending_text(row->body_kind, row->published_on, row->pcc_response_on, &d->today, &pub, due);
    default:
        return 0;
    }
}

int rules_deadline_items(const rules_due_row_t *rows, size_t n, const odate_t *today, const odate_t *before,
                         rules_dues_t *out)
{
    memset(out, 0, sizeof *out);
    if (!today || today->precision < DATE_YEAR || today->precision > DATE_DAY) return -1;
    if (before && (before->precision < DATE_YEAR || before->precision > DATE_DAY)) return -1;
    out->today = date_first_day(today);
    out->before = before ? date_first_day(before) : date_add_days(&out->today, RULES_UPCOMING_DAYS);
    out->v = malloc((n ? n : 1) * sizeof *out->v);
    if (!out->v) return -1;
    long today_n = date_to_days(&out->today), before_n = date_to_days(&out->before);
    for (size_t i = 0; i < n; i++) {
        odate_t due;
        if (!rows[i].code || !row_due(out, today_n, &rows[i], &due)) continue;
        long due_n = date_to_days(&due);   /* date_compare(due, before) < 0, rules_days_from(today, due) */
        if (due_n >= before_n) continue;
        out->v[out->n++] = (rules_due_t){&rows[i], due, due_n - today_n};
    }
    if (order_items(out->v, out->n) != 0) {
        rules_dues_free(out);
        return -1;
    }
    while (out->overdue < out->n && out->v[out->overdue].days < 0) out->overdue++;
    return 0;
}

int rules_deadline_title(const rules_due_t *item, buf_t *title)
{
    const rules_due_row_t *row = item->row;
    char id[32] = "";
    buf_reset(title);
    /* the id's digits only where a title shows them */
    if ((row->kind == RULES_DUE_RECOMMENDATION && !row->number) || (row->kind == RULES_DUE_PLAN_ITEM && !(row->text && *row->text)))
        snprintf(id, sizeof id, "%lld", row->id);
    switch (row->kind) {
    case RULES_DUE_RECOMMENDATION: rules_rec_label_text(title, row->number, id, row->cause_ordinal); break;
    case RULES_DUE_PLAN_ITEM: rules_plan_item_title_text(title, row->text, id); break;
    default:
        if (row->title && *row->title) {
            buf_puts(title, "The PCC response to \"");
            buf_puts(title, row->title);
            buf_putc(title, '"');
        } else {
            buf_puts(title, "The PCC response to a report");
        }
    }
    return title->failed ? -1 : 0;
}

const char *rules_deadline_name(const rules_due_t *item)
{
    const rules_due_row_t *row = item->row;
    return row->name ? row->name : row->code ? row->code : "The body";
}

int rules_deadline_text(const rules_due_t *item, buf_t *title, buf_t *reason)
{
    buf_reset(reason);
    rules_deadline_title(item, title);
    due_reason(reason, title->data, rules_deadline_name(item), &item->due, item->days);
    return title->failed || reason->failed ? -1 : 0;
}

const char *rules_due_kind_name(rules_due_kind_t kind)
{
    switch (kind) {
    case RULES_DUE_RECOMMENDATION: return "recommendation";
    case RULES_DUE_PLAN_ITEM: return "plan_item";
    default: return "pcc_response";
    }
}

void rules_dues_free(rules_dues_t *d)
{
    free(d->v);
    memset(d, 0, sizeof *d);
}

odate_t rules_pcc_due(const odate_t *published)
{
    /* "begins with the day on which the report is published" (s.55(3)) */
    return date_add_days(published, RULES_PCC_RESPONSE_DAYS - 1);
}

int rules_pcc_owed(const char *kind)
{
    return kind && strcmp(kind, RULES_PCC_BODY_KIND) == 0;
}

odate_t rules_pcc_published_cutoff(const odate_t *day)
{
    return date_add_days(day, -(RULES_PCC_RESPONSE_DAYS - 1));
}
