/*
 * rules_util.c: the helpers the rules share (rules_internal.h): reading a
 * body's record snapshot (see rules.h) as it stood on a given day, the
 * labels their sentences use, and building results.
 *
 * Pure: no I/O, no state. Items of the wrong shape (not an object, a date
 * that does not parse where one is needed) are skipped, never trusted.
 */
#include "core/rules.h"
#include "core/rules_internal.h"
#include "core/jget.h"
#include "core/phase.h"
#include <stdlib.h>
#include <string.h>

const char *rules_get_str(const json_t *o, const char *key)
{
    return jget_str(o, key);
}

int rules_get_date(const json_t *o, const char *key, odate_t *out)
{
    const char *s = rules_get_str(o, key);
    return s && date_parse(s, out) == 0;
}

const json_t *rules_get_arr(const json_t *o, const char *key)
{
    const json_t *a = json_object_get(o, key);
    return json_is_array(a) ? a : NULL;
}

int rules_get_bool(const json_t *o, const char *key, int dflt)
{
    const json_t *v = json_object_get(o, key);
    if (json_is_boolean(v)) return json_is_true(v);
    if (json_is_integer(v)) return json_integer_value(v) != 0;
    return dflt;
}

const char *rules_scalar_text(const json_t *v, char buf[32])
{
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(buf, 32, "%lld", (long long)json_integer_value(v));
        return buf;
    }
    return NULL;
}

long rules_days_from(const odate_t *from, const odate_t *to)
{
    return date_to_days(to) - date_to_days(from);
}

const char *rules_s_if(long n) { return n == 1 ? "" : "s"; }

/* 1 if s is a date at any precision (filled into *out), else 0. */
static int text_date(const char *s, odate_t *out)
{
    return s && date_parse(s, out) == 0;
}

int rules_issued_by_text(const char *issued_on, const odate_t *as_of)
{
    odate_t d;
    return !text_date(issued_on, &d) || date_compare(&d, as_of) <= 0;
}

int rules_issued_by(const json_t *item, const char *key, const odate_t *as_of)
{
    return rules_issued_by_text(rules_get_str(item, key), as_of);
}

int rules_closed_by_text(const char *status, const char *closed_on, const odate_t *as_of, odate_t *on)
{
    odate_t d = {0, 0, 0, DATE_NONE};
    int has = text_date(closed_on, &d);
    if (on) *on = has ? d : (odate_t){0, 0, 0, DATE_NONE};
    if (status && strcmp(status, "closed") != 0) return 0;
    if (has) return date_compare(&d, as_of) <= 0;
    return status != NULL;
}

int rules_closed_by(const json_t *item, const odate_t *as_of, odate_t *on)
{
    return rules_closed_by_text(rules_get_str(item, "status"), rules_get_str(item, "closed_on"), as_of, on);
}

int rules_plan_done_by_text(const char *completed_on, const char *rag, const odate_t *as_of, odate_t *on)
{
    odate_t d;
    if (text_date(completed_on, &d)) {
        if (on) *on = d;
        return date_compare(&d, as_of) <= 0;
    }
    if (on) *on = (odate_t){0, 0, 0, DATE_NONE};
    return rag && strcmp(rag, "complete") == 0;
}

int rules_plan_done_by(const json_t *item, const odate_t *as_of, odate_t *on)
{
    return rules_plan_done_by_text(rules_get_str(item, "completed_on"), rules_get_str(item, "rag"), as_of, on);
}

int rules_rec_deadline(const json_t *rec, odate_t *out)
{
    return rules_get_date(rec, "deadline", out) || rules_get_date(rec, "original_deadline", out);
}

const char *rules_phase_at(const json_t *snap, const odate_t *as_of)
{
    const json_t *periods = rules_get_arr(snap, "periods");
    const char *found = NULL;
    odate_t found_from = {0, 0, 0, DATE_NONE};
    int any = 0;
    size_t i;
    const json_t *p;
    json_array_foreach(periods, i, p) {
        const char *ph = rules_get_str(p, "phase");
        const json_t *fv = json_object_get(p, "from"), *tv = json_object_get(p, "to");
        odate_t from = {0, 0, 0, DATE_NONE}, to;
        if (!ph) continue;
        if (fv && !json_is_null(fv) && !rules_get_date(p, "from", &from)) continue;
        if (tv && !json_is_null(tv) && !rules_get_date(p, "to", &to)) continue;
        any = 1;
        if (from.precision && date_compare(&from, as_of) > 0) continue;
        if (tv && !json_is_null(tv) && date_compare(as_of, &to) >= 0) continue;
        if (!found || (from.precision && (!found_from.precision || date_compare(&from, &found_from) >= 0))) {
            found = ph;
            found_from = from;
        }
    }
    if (found) return found;
    if (any) return rules_default_phase(snap);
    const char *ph = rules_get_str(snap, "phase");
    return ph ? ph : rules_default_phase(snap);
}

static void level_from_def(const phase_def_t *p, rules_level_t *out)
{
    out->code = p->code;
    out->name = p->name;
    out->framework = p->framework;
    out->level = p->level;
}

static void level_from_json(const char *code, const json_t *l, rules_level_t *out)
{
    out->code = code;
    out->name = jget_str(l, "name") ? jget_str(l, "name") : code;
    out->framework = jget_text(l, "framework");
    out->level = (int)json_integer_value(json_object_get(l, "level"));
}

int rules_level(const json_t *snap, const char *code, rules_level_t *out)
{
    *out = (rules_level_t){code ? code : "", code ? code : "", "", 0};
    if (!code) return -1;
    const json_t *levels = json_object_get(snap, "levels");
    if (json_is_object(levels)) {
        const json_t *l = json_object_get(levels, code);
        if (!json_is_object(l)) return -1;
        level_from_json(code, l, out);
        return 0;
    }
    const phase_def_t *p = phase_find(phase_model_builtin(), code);
    if (!p) return -1;
    level_from_def(p, out);
    return 0;
}

int rules_level_at(const json_t *snap, const char *framework, int level, rules_level_t *out)
{
    *out = (rules_level_t){"", "", framework ? framework : "", 0};
    const json_t *levels = json_object_get(snap, "levels");
    if (json_is_object(levels)) {
        const char *code;
        json_t *l;
        json_object_foreach((json_t *)levels, code, l)
            if (strcmp(jget_text(l, "framework"), out->framework) == 0
                && json_integer_value(json_object_get(l, "level")) == level) {
                level_from_json(code, l, out);
                return 0;
            }
        return -1;
    }
    const phase_model_t *m = phase_model_builtin();
    for (int i = 0; i < m->nphases; i++)
        if (strcmp(m->phases[i].framework, out->framework) == 0 && m->phases[i].level == level) {
            level_from_def(&m->phases[i], out);
            return 0;
        }
    return -1;
}

const char *rules_default_phase(const json_t *snap)
{
    const json_t *levels = json_object_get(snap, "levels");
    if (json_is_object(levels)) {
        const char *code;
        json_t *l;
        json_object_foreach((json_t *)levels, code, l)
            if (json_is_true(json_object_get(l, "default"))) return code;
    }
    return phase_default(phase_model_builtin())->code;
}

const char *rules_body_name(const json_t *snap)
{
    const char *n = rules_get_str(snap, "name");
    if (!n) n = rules_get_str(snap, "code");
    return n ? n : "The body";
}

/* 1-based position of the cause with this id in the snapshot, or 0. */
static int cause_ordinal(const json_t *snap, const json_t *cause_id)
{
    if (!cause_id || json_is_null(cause_id)) return 0;
    int n = 0;
    size_t i;
    const json_t *c;
    json_array_foreach(rules_get_arr(snap, "causes"), i, c) {
        if (!json_is_object(c)) continue;
        n++;
        if (json_equal(json_object_get(c, "id"), cause_id)) return n;
    }
    return 0;
}

void rules_rec_label_text(buf_t *b, const char *number, const char *id, int cause_ordinal)
{
    if (number) {
        buf_append(b, "Recommendation ", 15);
        buf_puts(b, number);
    } else if (id) {
        buf_puts(b, "Recommendation (id ");
        buf_puts(b, id);
        buf_putc(b, ')');
    } else {
        buf_puts(b, "A recommendation");
    }
    if (cause_ordinal) {
        buf_puts(b, " (cause of concern ");
        buf_put_ll(b, cause_ordinal);
        buf_putc(b, ')');
    }
}

void rules_rec_label(buf_t *b, const json_t *snap, const json_t *rec)
{
    char tmp[32], tmp_id[32];
    rules_rec_label_text(b, rules_scalar_text(json_object_get(rec, "number"), tmp),
                         rules_scalar_text(json_object_get(rec, "id"), tmp_id),
                         cause_ordinal(snap, json_object_get(rec, "cause_id")));
}

void rules_plan_item_title_text(buf_t *b, const char *text, const char *id)
{
    if (text && *text) buf_puts(b, text);
    else if (id) buf_printf(b, "Plan item %s", id);
    else buf_puts(b, "Plan item");
}

void rules_plan_item_title(buf_t *b, const json_t *item)
{
    char tmp[32];
    rules_plan_item_title_text(b, rules_get_str(item, "text"), rules_scalar_text(json_object_get(item, "id"), tmp));
}

json_t *rules_jcopy(const json_t *v)
{
    return v ? json_deep_copy(v) : json_null();
}

void rules_put(json_t *o, const char *key, json_t *value, int *oom)
{
    /* json_object_set_new releases value itself when o is NULL. */
    if (!value || json_object_set_new(o, key, value) != 0) *oom = 1;
}

json_t *rules_jbuf(buf_t *b)
{
    json_t *s = b->failed || !b->data ? NULL : json_stringn(b->data, b->len);
    buf_free(b);
    return s;
}

json_t *rules_jsentence(buf_t *b)
{
    if (b->data && b->data[0] >= 'a' && b->data[0] <= 'z') b->data[0] = (char)(b->data[0] - 'a' + 'A');
    return rules_jbuf(b);
}

void rules_append(json_t *list, json_t *item, int *oom)
{
    if (!item || json_array_append_new(list, item) != 0) *oom = 1;
}

static int reading_cmp(const void *a, const void *b)
{
    const reading_t *x = a, *y = b;
    int c = date_compare(&x->period, &y->period);
    if (c) return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

long rules_readings_of(const json_t *inds, const char *measure, const odate_t *as_of, reading_t **out)
{
    size_t n = json_array_size(inds), k = 0;
    *out = NULL;
    reading_t *rs = malloc((n ? n : 1) * sizeof *rs);
    if (!rs) return -1;
    size_t i;
    const json_t *it;
    json_array_foreach(inds, i, it) {
        const char *m = rules_get_str(it, "measure");
        const json_t *v = json_object_get(it, "value"), *t = json_object_get(it, "target");
        reading_t r = {{0, 0, 0, DATE_NONE}, NULL, 0, 0, 0, 1, i};
        if (!m || strcmp(m, measure) != 0 || !json_is_number(v)) continue;
        if (!rules_get_date(it, "period", &r.period) || date_compare(&r.period, as_of) > 0) continue;
        r.period_text = rules_get_str(it, "period");
        r.value = json_number_value(v);
        r.has_target = json_is_number(t);
        r.target = r.has_target ? json_number_value(t) : 0;
        r.higher_is_better = rules_get_bool(it, "higher_is_better", 1);
        rs[k++] = r;
    }
    qsort(rs, k, sizeof *rs, reading_cmp);
    *out = rs;
    return (long)k;
}

int rules_reading_meets(const reading_t *r)
{
    return r->higher_is_better ? r->value >= r->target : r->value <= r->target;
}

int rules_first_of_measure(const json_t *inds, size_t i, const char *m)
{
    for (size_t j = 0; j < i; j++) {
        const char *o = rules_get_str(json_array_get(inds, j), "measure");
        if (o && strcmp(o, m) == 0) return 0;
    }
    return 1;
}

void rules_value_text(buf_t *b, double v, const json_t *ind)
{
    const char *unit = rules_get_str(ind, "unit");
    buf_printf(b, "%g", v);
    if (unit && *unit) buf_printf(b, "%s%s", strcmp(unit, "%") == 0 ? "" : " ", unit);
}

int rules_pcc_pending_text(const char *body_kind, const char *published_on, const char *response_on,
                           const odate_t *as_of, odate_t *published, odate_t *due)
{
    odate_t resp;
    if (!rules_pcc_owed(body_kind)) return 0;
    if (!text_date(published_on, published)) return 0;
    if (published->precision != DATE_DAY) return 0;
    if (date_compare(published, as_of) > 0) return 0;
    if (text_date(response_on, &resp) && date_compare(&resp, as_of) <= 0) return 0;
    *due = rules_pcc_due(published);
    return 1;
}

int rules_pcc_pending(const json_t *snap, const json_t *in, const odate_t *as_of, odate_t *published, odate_t *due)
{
    if (!json_is_object(in)) return 0;
    return rules_pcc_pending_text(rules_get_str(snap, "kind"), rules_get_str(in, "published_on"),
                                  rules_get_str(in, "pcc_response_on"), as_of, published, due);
}
