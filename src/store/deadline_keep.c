/*
 * deadline_keep.c: the deadlines' rows kept across generations
 * (deadline_keep.h): the latest set of each day kept under a mutex,
 * immutable and reference-counted once made; a newer one made from it by
 * reading again only the bodies the audit trail names in between and
 * splicing their rows in, or read whole.
 */
#include "store/deadline_keep.h"
#include "store/cache.h"
#include "core/date.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* More bodies named than this between two generations: read it whole. */
#define DELTA_MAX 32
/* Splices in a row before a whole read (each set holds its parent). */
#define MERGES_MAX 8
/* Days (today, before, cut-off) kept at once. */
#define DAYS_KEPT 4
#define KINDS 3

struct store_dl_kept {
    atomic_size_t refs;          /* the latest pointer, callers */
    store_dl_kept_t *parent;     /* one reference: the strings of the rows taken from it; NULL */
    store_due_rows_t *own;       /* owned: the rows read for this set (their strings) */
    size_t nown;
    rules_due_row_t *v[KINDS];   /* owned: each kind's rows in the rules' order */
    size_t n[KINDS];
    char gen[STORE_GEN_MAX];     /* the whole-record generation it was made at */
    char today[DATE_TEXT_MAX], before[DATE_TEXT_MAX], cut[DATE_TEXT_MAX];
    int merges;                  /* splices since the last whole read */
    int too_many;                /* more than STORE_DL_KEEP_MAX of a kind: no rows kept */
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static store_dl_kept_t *latest[DAYS_KEPT];   /* one reference each, under mu; distinct days */

void store_dl_kept_release(store_dl_kept_t *k)
{
    while (k && atomic_fetch_sub_explicit(&k->refs, 1, memory_order_acq_rel) == 1) {
        store_dl_kept_t *parent = k->parent;
        for (size_t i = 0; i < k->nown; i++) store_due_rows_free(&k->own[i]);
        free(k->own);
        for (int j = 0; j < KINDS; j++) free(k->v[j]);
        free(k);
        k = parent;   /* its reference goes with k */
    }
}

static store_dl_kept_t *retain(store_dl_kept_t *k)
{
    if (k) atomic_fetch_add_explicit(&k->refs, 1, memory_order_relaxed);
    return k;
}

static long long gen_id(const char *gen) { return strtoll(gen, NULL, 10); }

/* A new empty set for the day, with room for nown row sets; NULL when out of memory. */
static store_dl_kept_t *kept_new(const char *gen, const char *today, const char *before, const char *cut, size_t nown)
{
    store_dl_kept_t *k = calloc(1, sizeof *k);
    if (!k) return NULL;
    atomic_init(&k->refs, 1);
    snprintf(k->gen, sizeof k->gen, "%s", gen);
    snprintf(k->today, sizeof k->today, "%s", today);
    snprintf(k->before, sizeof k->before, "%s", before);
    snprintf(k->cut, sizeof k->cut, "%s", cut);
    k->own = calloc(nown ? nown : 1, sizeof *k->own);
    if (!k->own) {
        free(k);
        return NULL;
    }
    return k;
}

static int kind_index(rules_due_kind_t kind)
{
    return kind == RULES_DUE_RECOMMENDATION ? 0 : kind == RULES_DUE_PLAN_ITEM ? 1 : 2;
}

/* The first day of a date kept at its precision, as FIRST_DAY in SQL
 * (deadline_sql.h): "2025" -> "2025-01-01", "2025-03" -> "2025-03-01",
 * anything else as it is; NULL stays NULL. */
static const char *first_day(const char *d, char buf[16])
{
    if (!d) return NULL;
    size_t len = strlen(d);
    if (len == 4) snprintf(buf, 16, "%s-01-01", d);
    else if (len == 7) snprintf(buf, 16, "%s-01", d);
    else return d;
    return buf;
}

/* A row's due day as its kind's SQL orders it: a recommendation by
 * due_first_day (the first day of its current deadline, due_deadline:
 * migrations 025, 026), a plan item by its target's first day, a report
 * by its publication day. */
static const char *row_day(const rules_due_row_t *r, char buf[16])
{
    switch (r->kind) {
    case RULES_DUE_RECOMMENDATION: return first_day(r->deadline ? r->deadline : r->original_deadline, buf);
    case RULES_DUE_PLAN_ITEM: return first_day(r->target_date, buf);
    default: return r->published_on;
    }
}

static int text_cmp(const char *x, const char *y)   /* NULL last */
{
    if (!x || !y) return !x ? (y ? 1 : 0) : -1;
    return strcmp(x, y);
}

/* The rules' order of two rows of one kind, as the SQL and read_recs
 * (deadlines.c) give it: day, body code, (recommendations) issued day,
 * id. Text as bytes (SQLite's BINARY, PostgreSQL's C collation). */
static int due_cmp(const rules_due_row_t *x, const rules_due_row_t *y)
{
    char bx[16], by[16];
    int c = text_cmp(row_day(x, bx), row_day(y, by));
    if (!c) c = text_cmp(x->code, y->code);
    if (!c && x->kind == RULES_DUE_RECOMMENDATION && x->issued_on && y->issued_on) c = strcmp(x->issued_on, y->issued_on);
    if (!c) c = x->id < y->id ? -1 : x->id > y->id;
    return c;
}

static int due_qcmp(const void *a, const void *b) { return due_cmp(a, b); }

static int str_qcmp(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* Each kind of rows (as store_deadline_rows appends them: in the rules'
 * order within a kind) appended to k->v, to be sorted (sort) or in order
 * already. 0 or -1 when out of memory. */
static int take_kinds(store_dl_kept_t *k, const store_due_rows_t *rows)
{
    size_t want[KINDS] = {0};
    for (size_t i = 0; i < rows->n; i++) want[kind_index(rows->v[i].kind)]++;
    for (int j = 0; j < KINDS; j++) {
        rules_due_row_t *v = realloc(k->v[j], (k->n[j] + want[j] + 1) * sizeof *v);
        if (!v) return -1;
        k->v[j] = v;
    }
    for (size_t i = 0; i < rows->n; i++) {
        int j = kind_index(rows->v[i].kind);
        k->v[j][k->n[j]++] = rows->v[i];
    }
    return 0;
}

/* Every row of the day at gen, read now. */
static int read_whole(store_t *s, const char *gen, const char *today, const char *before, const char *cut,
                      store_dl_kept_t **out, size_t *read, ov_error_t *err)
{
    store_dl_kept_t *k = kept_new(gen, today, before, cut, 1);
    if (!k) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    int rc = store_deadline_rows(s, NULL, today, before, cut, STORE_DL_KEEP_MAX + 1, NULL, 0, &k->own[0], err);
    k->nown = 1;
    if (rc == 0 && take_kinds(k, &k->own[0]) != 0) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    if (rc) {
        store_dl_kept_release(k);
        return rc;
    }
    *read = k->own[0].n;
    for (int j = 0; j < KINDS; j++) k->too_many |= k->n[j] > STORE_DL_KEEP_MAX;
    if (k->too_many) {   /* no rows kept: only the mark */
        for (int j = 0; j < KINDS; j++) {
            free(k->v[j]);
            k->v[j] = NULL;
            k->n[j] = 0;
        }
        store_due_rows_free(&k->own[0]);
        k->nown = 0;
    }
    *out = k;
    return 0;
}

typedef struct {
    char code[128];
    int found;
} code_t;

static int take_code(void *ctx, const store_row_t *row, ov_error_t *err)
{
    code_t *c = ctx;
    if (row->n != 1 || !row->cell[0]) return ov_error_set(err, OV_EINTERNAL, "", "deadlines: a body without its code");
    snprintf(c->code, sizeof c->code, "%s", row->cell[0]);
    c->found = 1;
    return 0;
}

/* From base (older than gen, the same day) the set at gen, reading again
 * only the bodies the trail names in between. 0 and *out; 1 when it must
 * be read whole (deadline_keep.h); or an error. */
static int read_delta(store_t *s, store_dl_kept_t *base, const char *gen, store_dl_kept_t **out, size_t *read,
                      size_t *bodies, ov_error_t *err)
{
    long long changed[DELTA_MAX];
    size_t nchanged = 0;
    int rc = store_trail_bodies_between(s, base->gen, gen, 0, changed, DELTA_MAX, &nchanged, err);
    if (rc != 0) return rc;
    store_dl_kept_t *k = kept_new(gen, base->today, base->before, base->cut, nchanged);
    if (!k) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    k->parent = retain(base);
    k->merges = base->merges + 1;
    /* each named body's code (codes never change), then its rows as they
     * are now, read after gen was: so they include its writes up to gen */
    code_t codes[DELTA_MAX];
    const char *named[DELTA_MAX];
    size_t nfresh = 0;
    for (size_t c = 0; rc == 0 && c < nchanged; c++) {
        codes[c].found = 0;
        rc = store_query_each(s, err, take_code, &codes[c], "SELECT code FROM bodies WHERE id = ?1", "i", changed[c]);
        if (rc == 0 && !codes[c].found) rc = 1;   /* a body we cannot name: its old rows cannot be found */
        if (rc == 0) {
            named[c] = codes[c].code;
            rc = store_deadline_rows(s, codes[c].code, base->today, base->before, base->cut, STORE_DL_KEEP_MAX + 1, NULL,
                                     0, &k->own[c], err);
            k->nown = c + 1;
        }
        if (rc == 0) nfresh += k->own[c].n;
    }
    /* the fresh rows of each kind in order */
    rules_due_row_t *fresh = rc == 0 ? malloc((nfresh ? nfresh : 1) * sizeof *fresh) : NULL;
    if (rc == 0 && !fresh) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    if (rc != 0) {
        free(fresh);
        store_dl_kept_release(k);
        return rc;
    }
    qsort(named, nchanged, sizeof named[0], str_qcmp);
    for (int j = 0; rc == 0 && j < KINDS; j++) {
        size_t nf = 0;
        for (size_t c = 0; c < k->nown; c++)
            for (size_t i = 0; i < k->own[c].n; i++)
                if (kind_index(k->own[c].v[i].kind) == j) fresh[nf++] = k->own[c].v[i];
        if (nf > 1) qsort(fresh, nf, sizeof *fresh, due_qcmp);
        rules_due_row_t *v = malloc((base->n[j] + nf + 1) * sizeof *v);
        if (!v) {
            rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
            break;
        }
        /* the others keep their places; the named bodies' rows merged in */
        size_t n = 0, f = 0;
        for (size_t i = 0; i < base->n[j]; i++) {
            const rules_due_row_t *e = &base->v[j][i];
            const char *code = e->code;
            if (code && bsearch(&code, named, nchanged, sizeof named[0], str_qcmp)) continue;
            while (f < nf && due_cmp(&fresh[f], e) < 0) v[n++] = fresh[f++];
            v[n++] = *e;
        }
        while (f < nf) v[n++] = fresh[f++];
        k->v[j] = v;
        k->n[j] = n;
        if (n > STORE_DL_KEEP_MAX) rc = 1;   /* grown past the bound: read whole (and marked) */
    }
    free(fresh);
    if (rc != 0) {
        store_dl_kept_release(k);
        return rc;
    }
    *read = nfresh;
    *bodies = nchanged;
    *out = k;
    return 0;
}

static int same_day(const store_dl_kept_t *k, const char *today, const char *before, const char *cut)
{
    return strcmp(k->today, today) == 0 && strcmp(k->before, before) == 0 && strcmp(k->cut, cut) == 0;
}

int store_deadline_rows_at(store_t *s, const char *gen, const char *today, const char *before, const char *pcc_cutoff,
                           long long limit, store_due_rows_t *out, store_dl_kept_t **hold, store_dl_keep_info_t *info,
                           ov_error_t *err)
{
    memset(out, 0, sizeof *out);
    memset(info, 0, sizeof *info);
    *hold = NULL;
    pthread_mutex_lock(&mu);
    store_dl_kept_t *k = NULL;
    for (int d = 0; d < DAYS_KEPT; d++)
        if (latest[d] && same_day(latest[d], today, before, pcc_cutoff)) k = retain(latest[d]);
    pthread_mutex_unlock(&mu);
    /* too many rows that day: read per request (not read whole again
     * until the day changes) */
    if (k && k->too_many) {
        store_dl_kept_release(k);
        return 1;
    }
    if (!k || strcmp(k->gen, gen) != 0) {
        store_dl_kept_t *base = k, *made = NULL;
        int whole = 1, rc = 0;
        if (base && gen_id(base->gen) < gen_id(gen) && base->merges < MERGES_MAX) {
            rc = read_delta(s, base, gen, &made, &info->read, &info->bodies, err);
            whole = rc == 1;
            if (whole) rc = 0;
        }
        if (rc == 0 && whole) {
            rc = read_whole(s, gen, today, before, pcc_cutoff, &made, &info->read, err);
            info->whole = 1;
        }
        store_dl_kept_release(base);
        if (rc) return rc;
        k = made;
        /* a day's latest moves forward only (a request that read an older
         * generation keeps its own); a day not kept takes the place of the
         * day kept at the oldest generation */
        pthread_mutex_lock(&mu);
        int at = -1;
        for (int d = 0; d < DAYS_KEPT && at < 0; d++)
            if (latest[d] && same_day(latest[d], today, before, pcc_cutoff)) at = d;
        if (at < 0)
            for (int d = 0; d < DAYS_KEPT; d++)
                if (at < 0 || !latest[d] || (latest[at] && gen_id(latest[d]->gen) < gen_id(latest[at]->gen))) at = d;
        if (!latest[at] || !same_day(latest[at], today, before, pcc_cutoff) || gen_id(latest[at]->gen) < gen_id(k->gen)
            || (k->too_many && !latest[at]->too_many)) {
            store_dl_kept_release(latest[at]);
            latest[at] = retain(k);
        }
        pthread_mutex_unlock(&mu);
        if (k->too_many) {
            store_dl_kept_release(k);
            return 1;
        }
    }
    /* each kind's first `limit`, recommendations, plan items, reports:
     * the rows store_deadline_rows reads for that limit */
    size_t total = 0, take[KINDS];
    for (int j = 0; j < KINDS; j++) {
        take[j] = limit >= 0 && (size_t)limit < k->n[j] ? (size_t)limit : k->n[j];
        total += take[j];
        info->kept += k->n[j];
    }
    out->v = malloc((total ? total : 1) * sizeof *out->v);
    if (!out->v) {
        store_dl_kept_release(k);
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    for (int j = 0; j < KINDS; j++) {
        if (take[j]) memcpy(out->v + out->n, k->v[j], take[j] * sizeof *out->v);
        out->n += take[j];
    }
    out->cap = total;
    *hold = k;
    return 0;
}

void store_dl_kept_clear(void)
{
    pthread_mutex_lock(&mu);
    for (int d = 0; d < DAYS_KEPT; d++) {
        store_dl_kept_release(latest[d]);
        latest[d] = NULL;
    }
    pthread_mutex_unlock(&mu);
}
