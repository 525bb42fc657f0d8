/*
 * body_rows.c: the bodies list kept row by row (body_rows.h): each row a
 * reference-counted part shared by the sets that contain it; the latest set
 * kept under a mutex; a newer one made from it by the audit trail's entries
 * in between, or read whole.
 */
#include "store/body_rows.h"
#include "store/body_row_sql.h"
#include "store/bodies.h"
#include "store/deadlines.h"
#include "core/rules.h"
#include "core/jget.h"
#include "core/phase.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* More bodies changed than this between two generations: read it whole. */
#define DELTA_MAX 32

/* A memo: bytes made from one row by a caller (store_body_rows_memo). */
typedef struct {
    size_t len;
    char text[];
} memo_t;

typedef struct {
    atomic_size_t refs;        /* the sets holding it */
    long long id;              /* bodies.id */
    char *name, *code, *phase, *kind, *phase_name;   /* owned */
    char *since, *retired_on, *successor;            /* owned; NULL when the column is */
    char *json;                /* owned: the row as the list writes it */
    size_t len;
    char day[DATE_TEXT_MAX];   /* the day its counts were read for; "" none read */
    int counted;               /* 1: open_causes and overdue hold (else the body had none listed) */
    long long open_causes, overdue;
    _Atomic(memo_t *) memo[STORE_BODY_ROW_MEMOS];   /* owned; each set once (store_body_rows_memo_set) */
} part_t;

struct store_body_rows {
    atomic_size_t refs;        /* the latest pointer, callers */
    char gen[STORE_GEN_MAX];   /* the whole-record generation it was made at */
    char day[DATE_TEXT_MAX];   /* every part's counts are of this day; "" no counts */
    size_t n;
    part_t **v;                /* owned array; one reference to each part */
    size_t nphases;
    char (*phases)[PHASE_CODE_MAX];   /* owned */
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static store_body_rows_t *latest;   /* one reference, under mu */

static void part_release(part_t *p)
{
    if (!p || atomic_fetch_sub_explicit(&p->refs, 1, memory_order_acq_rel) != 1) return;
    free(p->name);
    free(p->code);
    free(p->phase);
    free(p->kind);
    free(p->phase_name);
    free(p->since);
    free(p->retired_on);
    free(p->successor);
    free(p->json);
    for (int m = 0; m < STORE_BODY_ROW_MEMOS; m++) free(atomic_load_explicit(&p->memo[m], memory_order_acquire));
    free(p);
}

void store_body_rows_release(store_body_rows_t *r)
{
    if (!r || atomic_fetch_sub_explicit(&r->refs, 1, memory_order_acq_rel) != 1) return;
    for (size_t i = 0; i < r->n; i++) part_release(r->v[i]);
    free(r->v);
    free(r->phases);
    free(r);
}

static store_body_rows_t *retain(store_body_rows_t *r)
{
    if (r) atomic_fetch_add_explicit(&r->refs, 1, memory_order_relaxed);
    return r;
}

static char *dup_text(json_t *row, const char *key)
{
    return strdup(jget_text(row, key));
}

/* A copy of row[key] when it is a string; NULL when it is not (*bad set
 * when the copy failed). */
static char *dup_opt(json_t *row, const char *key, int *bad)
{
    const char *v = jget_str(row, key);
    char *c = v ? strdup(v) : NULL;
    if (v && !c) *bad = 1;
    return c;
}

/* A part from a row of BODY_ROW_COLUMNS plus b.id AS row_id (taken out
 * before the row is written: the list does not show it); NULL when out of
 * memory. row is left without row_id. */
static part_t *part_new(json_t *row)
{
    part_t *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    atomic_init(&p->refs, 1);
    p->id = (long long)json_integer_value(json_object_get(row, "row_id"));
    json_object_del(row, "row_id");
    p->name = dup_text(row, "name");
    p->code = dup_text(row, "code");
    p->phase = dup_text(row, "phase");
    p->kind = dup_text(row, "kind");
    p->phase_name = dup_text(row, "phase_name");
    int bad = 0;
    p->since = dup_opt(row, "since", &bad);
    p->retired_on = dup_opt(row, "retired_on", &bad);
    p->successor = dup_opt(row, "successor", &bad);
    for (int m = 0; m < STORE_BODY_ROW_MEMOS; m++) atomic_init(&p->memo[m], NULL);
    p->json = json_dumps(row, JSON_COMPACT | JSON_ENSURE_ASCII);
    if (bad || !p->name || !p->code || !p->phase || !p->kind || !p->phase_name || !p->json) {
        part_release(p);
        return NULL;
    }
    p->len = strlen(p->json);
    return p;
}

static store_body_rows_t *rows_new(const char *gen, size_t cap)
{
    store_body_rows_t *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    atomic_init(&r->refs, 1);
    snprintf(r->gen, sizeof r->gen, "%s", gen);
    r->v = calloc(cap ? cap : 1, sizeof *r->v);
    if (!r->v) {
        free(r);
        return NULL;
    }
    return r;
}

static long long gen_id(const char *gen) { return strtoll(gen, NULL, 10); }

#define BOARD_ALL_ROWS 4000000000000000LL   /* a LIMIT both SQLite and PostgreSQL take as "all" */

/* A count from a store row (an integer on SQLite, maybe a numeric
 * string on PostgreSQL). */
static json_int_t count_of(const json_t *row, const char *key)
{
    const json_t *v = json_object_get(row, key);
    return json_is_integer(v) ? json_integer_value(v) : json_is_string(v) ? atoll(json_string_value(v)) : 0;
}

int store_body_counts(store_t *s, const char *code, const odate_t *today, json_t **out, ov_error_t *err)
{
    *out = NULL;
    json_t *open = NULL;
    int rc = store_bodies_open_causes(s, code, &open, err);
    if (rc != 0) return rc;
    /* overdue today: what the deadlines query gives before today, all of
     * it, through the one selection of the deadlines (rules_deadline_items) */
    char t[DATE_TEXT_MAX], cut[DATE_TEXT_MAX];
    odate_t t1 = date_first_day(today), c1 = rules_pcc_published_cutoff(&t1);
    date_format(&t1, t);
    date_format(&c1, cut);
    store_due_rows_t rows;
    rules_dues_t dues = {0};
    rc = store_deadline_rows(s, code, t, t, cut, BOARD_ALL_ROWS, NULL, 0, &rows, err);
    if (rc == 0 && rules_deadline_items(rows.v, rows.n, today, today, &dues) != 0)
        rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    json_t *counts = rc == 0 ? json_object() : NULL;
    if (rc == 0 && !counts) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    size_t i;
    json_t *row;
    if (rc == 0)
        json_array_foreach(open, i, row) {
            const char *c = jget_str(row, "code");
            if (c) json_object_set_new(counts, c, json_pack("{s:I, s:I}", "open_causes", count_of(row, "open_causes"),
                                                            "overdue", (json_int_t)0));
        }
    for (size_t k = 0; rc == 0 && k < dues.overdue; k++) {
        const rules_due_row_t *d = dues.v[k].row;
        json_t *r = json_object_get(counts, d->code ? d->code : "");
        if (!r || d->kind != RULES_DUE_RECOMMENDATION) continue;
        json_object_set_new(r, "overdue", json_integer(json_integer_value(json_object_get(r, "overdue")) + 1));
    }
    rules_dues_free(&dues);
    store_due_rows_free(&rows);
    json_decref(open);
    if (rc != 0) {
        json_decref(counts);
        return rc;
    }
    *out = counts;
    return 0;
}

/* p's counts for day from counts (store_body_counts): none when its code
 * is not there. */
static void part_count(part_t *p, const json_t *counts, const char *day)
{
    const json_t *c = json_object_get(counts, p->code);
    snprintf(p->day, sizeof p->day, "%s", day);
    p->counted = c != NULL;
    p->open_causes = c ? json_integer_value(json_object_get(c, "open_causes")) : 0;
    p->overdue = c ? json_integer_value(json_object_get(c, "overdue")) : 0;
}

/* The whole list at gen, read now; with every body's counts for today
 * unless today is NULL. */
static int read_whole(store_t *s, const char *gen, const odate_t *today, store_body_rows_t **out, size_t *computed,
                      ov_error_t *err)
{
    json_t *rows = NULL, *phases = NULL, *counts = NULL;
    int rc = store_query(s, &phases, err, "SELECT code FROM phases ORDER BY code", NULL);
    if (rc == 0)
        rc = store_query(s, &rows, err, BODY_ROW_COLUMNS ", b.id AS row_id" BODY_ROW_FROM " ORDER BY b.name, b.code",
                         NULL);
    /* the counts read after the rows, as the board made whole reads them */
    if (rc == 0 && today) rc = store_body_counts(s, NULL, today, &counts, err);
    store_body_rows_t *r = rc == 0 ? rows_new(gen, json_array_size(rows)) : NULL;
    if (r && today) date_format(today, r->day);
    if (rc == 0 && r) r->phases = calloc(json_array_size(phases) + 1, sizeof *r->phases);
    if (rc == 0 && (!r || !r->phases)) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    size_t i;
    json_t *row;
    if (rc == 0)
        json_array_foreach(phases, i, row) snprintf(r->phases[r->nphases++], PHASE_CODE_MAX, "%s", jget_text(row, "code"));
    if (rc == 0)
        json_array_foreach(rows, i, row) {
            part_t *p = part_new(row);
            if (!p) {
                rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
                break;
            }
            if (today) part_count(p, counts, r->day);
            r->v[r->n++] = p;
        }
    json_decref(rows);
    json_decref(phases);
    json_decref(counts);
    if (rc != 0) {
        store_body_rows_release(r);
        return rc;
    }
    *out = r;
    *computed = r->n;
    return 0;
}

/* From base (older than gen) the list at gen, reading again only the rows
 * of the bodies the trail names in between (and their counts, for base's
 * day, when base has counts). 0 and *out; 1 when the list must be read
 * whole (see body_rows.h); or an error. */
static int read_delta(store_t *s, const store_body_rows_t *base, const char *gen, store_body_rows_t **out,
                      size_t *computed, ov_error_t *err)
{
    /* the bodies the trail names between base and gen */
    long long changed[DELTA_MAX];
    size_t nchanged = 0;
    int rc = store_trail_bodies_between(s, base->gen, gen, 0, changed, DELTA_MAX, &nchanged, err);
    if (rc != 0) return rc;
    size_t i;

    store_body_rows_t *r = rows_new(gen, base->n);
    if (!r) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    memcpy(r->day, base->day, sizeof r->day);
    odate_t day;
    if (r->day[0] && date_parse_day(r->day, &day) != 0) {
        store_body_rows_release(r);
        return 1;
    }
    r->phases = calloc(base->nphases + 1, sizeof *r->phases);
    if (!r->phases) {
        store_body_rows_release(r);
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    memcpy(r->phases, base->phases, base->nphases * sizeof *r->phases);
    r->nphases = base->nphases;
    for (i = 0; i < base->n; i++) {
        r->v[i] = base->v[i];
        atomic_fetch_add_explicit(&r->v[i]->refs, 1, memory_order_relaxed);
    }
    r->n = base->n;
    size_t read = 0;
    rc = 0;
    for (size_t c = 0; c < nchanged && rc == 0; c++) {
        size_t at = r->n;
        for (i = 0; i < r->n; i++)
            if (r->v[i]->id == changed[c]) at = i;
        json_t *now = NULL;
        rc = store_query(s, &now, err, BODY_ROW_COLUMNS ", b.id AS row_id" BODY_ROW_FROM " WHERE b.id = ?", "i",
                         changed[c]);
        if (rc != 0) break;
        read++;
        json_t *one = json_array_get(now, 0);
        if (!one) {
            /* gone: the others keep their order */
            if (at < r->n) {
                part_release(r->v[at]);
                memmove(&r->v[at], &r->v[at + 1], (r->n - at - 1) * sizeof *r->v);
                r->n--;
            }
        } else if (at == r->n || strcmp(jget_text(one, "name"), r->v[at]->name) != 0
                   || strcmp(jget_text(one, "code"), r->v[at]->code) != 0) {
            rc = 1;   /* new or renamed: its place is the database's to say */
        } else {
            part_t *p = part_new(one);
            json_t *counts = NULL;
            /* its counts, read after its row, as read_whole reads them */
            if (!p) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
            else if (r->day[0] && (rc = store_body_counts(s, p->code, &day, &counts, err)) == 0)
                part_count(p, counts, r->day);
            json_decref(counts);
            if (rc != 0) part_release(p);
            else {
                part_release(r->v[at]);
                r->v[at] = p;
            }
        }
        json_decref(now);
    }
    if (rc != 0) {
        store_body_rows_release(r);
        return rc;
    }
    *out = r;
    *computed = read;
    return 0;
}

int store_body_rows_at(store_t *s, const char *gen, store_body_rows_t **out, size_t *computed, ov_error_t *err)
{
    return store_body_rows_counted_at(s, gen, NULL, out, computed, err);
}

int store_body_rows_counted_at(store_t *s, const char *gen, const odate_t *today, store_body_rows_t **out,
                               size_t *computed, ov_error_t *err)
{
    *out = NULL;
    *computed = 0;
    char day[DATE_TEXT_MAX] = "";
    if (today) date_format(today, day);
    pthread_mutex_lock(&mu);
    store_body_rows_t *base = retain(latest);
    pthread_mutex_unlock(&mu);
    /* counts asked for another day than base's (or base has none): whole */
    int same_day = !today || strcmp(base ? base->day : "", day) == 0;
    if (base && same_day && strcmp(base->gen, gen) == 0) {
        *out = base;
        return 0;
    }
    store_body_rows_t *r = NULL;
    int rc = 1;
    if (base && same_day && gen_id(base->gen) < gen_id(gen)) rc = read_delta(s, base, gen, &r, computed, err);
    /* once asked for, the counts are kept (for the day kept) by later reads */
    odate_t kept;
    if (!today && base && base->day[0] && date_parse_day(base->day, &kept) == 0) today = &kept;
    if (rc == 1) rc = read_whole(s, gen, today, &r, computed, err);
    store_body_rows_release(base);
    if (rc != 0) return rc;
    /* the latest moves forward only: a request that read an older
     * generation (overtaken by a write and a faster request) keeps its own;
     * at the same generation, a set with counts of another day replaces it */
    pthread_mutex_lock(&mu);
    if (!latest || gen_id(latest->gen) < gen_id(r->gen)
        || (gen_id(latest->gen) == gen_id(r->gen) && r->day[0] && strcmp(latest->day, r->day) != 0)) {
        store_body_rows_release(latest);
        latest = retain(r);
    }
    pthread_mutex_unlock(&mu);
    *out = r;
    return 0;
}

size_t store_body_rows_count(const store_body_rows_t *r) { return r->n; }
const char *store_body_rows_phase(const store_body_rows_t *r, size_t i) { return r->v[i]->phase; }
const char *store_body_rows_kind(const store_body_rows_t *r, size_t i) { return r->v[i]->kind; }

const char *store_body_rows_json(const store_body_rows_t *r, size_t i, size_t *len)
{
    *len = r->v[i]->len;
    return r->v[i]->json;
}

void store_body_rows_get(const store_body_rows_t *r, size_t i, store_body_row_t *out)
{
    const part_t *p = r->v[i];
    *out = (store_body_row_t){.code = p->code, .name = p->name, .kind = p->kind, .phase = p->phase,
                              .phase_name = p->phase_name, .since = p->since, .retired_on = p->retired_on,
                              .successor = p->successor};
}

int store_body_rows_counts(const store_body_rows_t *r, size_t i, long long *open_causes, long long *overdue)
{
    const part_t *p = r->v[i];
    if (!r->day[0] || !p->counted || strcmp(p->day, r->day) != 0) return 0;
    *open_causes = p->open_causes;
    *overdue = p->overdue;
    return 1;
}

const char *store_body_rows_day(const store_body_rows_t *r) { return r->day; }

const char *store_body_rows_memo(const store_body_rows_t *r, size_t i, store_body_row_memo_t which, size_t *len)
{
    memo_t *m = atomic_load_explicit(&r->v[i]->memo[which], memory_order_acquire);
    if (!m) return NULL;
    *len = m->len;
    return m->text;
}

const char *store_body_rows_memo_set(const store_body_rows_t *r, size_t i, store_body_row_memo_t which,
                                     const char *text, size_t len, size_t *kept_len)
{
    memo_t *m = malloc(sizeof *m + len + 1), *none = NULL;
    if (!m) return NULL;
    m->len = len;
    memcpy(m->text, text, len);
    m->text[len] = '\0';
    /* the first to set it wins; the others' copies are dropped */
    if (!atomic_compare_exchange_strong_explicit(&r->v[i]->memo[which], &none, m, memory_order_acq_rel,
                                                 memory_order_acquire)) {
        free(m);
        m = none;
    }
    *kept_len = m->len;
    return m->text;
}

int store_body_rows_knows_phase(const store_body_rows_t *r, const char *phase)
{
    for (size_t i = 0; i < r->nphases; i++)
        if (strcmp(r->phases[i], phase) == 0) return 1;
    return 0;
}

void store_body_rows_clear(void)
{
    pthread_mutex_lock(&mu);
    store_body_rows_release(latest);
    latest = NULL;
    pthread_mutex_unlock(&mu);
}
