/*
 * candidate_keep.c: the ranking of Engage candidates kept across
 * generations (candidate_keep.h): the latest kept under a mutex, immutable
 * and reference-counted once made; a newer one made from it by scoring
 * again only the bodies the audit trail names in between, or ranked whole.
 */
#include "store/candidate_keep.h"
#include "store/cache.h"
#include "store/bodies.h"
#include "store/candidate_rows.h"
#include "store/snapshot.h"
#include "core/body.h"
#include "core/jget.h"
#include "core/rules.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* More bodies named than this between two generations: rank them all. */
#define DELTA_MAX 32

/* A candidate's place: score, then code. */
typedef struct {
    long long score, body_id;
    char code[BODY_CODE_MAX + 1];
} ck_entry_t;

typedef struct {
    atomic_size_t refs;       /* the latest pointer, callers */
    char gen[STORE_GEN_MAX];  /* the whole-record generation it was made at */
    char day[DATE_TEXT_MAX];  /* as_of's first day, as text */
    ck_entry_t *v;            /* owned: the candidates in the rules' order */
    size_t n;
    long long *ids;           /* owned: every body scored (candidate or not), ascending */
    size_t nids;
} ck_rank_t;

/* Rankings kept for this many days at once (today's, and an as_of or two
 * asked for alongside it): each day's latest. */
#define DAYS_KEPT 4

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static ck_rank_t *latest[DAYS_KEPT];   /* one reference each, under mu; distinct days */

static void rank_release(ck_rank_t *r)
{
    if (!r || atomic_fetch_sub_explicit(&r->refs, 1, memory_order_acq_rel) != 1) return;
    free(r->v);
    free(r->ids);
    free(r);
}

static ck_rank_t *retain(ck_rank_t *r)
{
    if (r) atomic_fetch_add_explicit(&r->refs, 1, memory_order_relaxed);
    return r;
}

/* A new empty ranking with room for ncand candidates and nids bodies; NULL
 * when out of memory. */
static ck_rank_t *rank_new(const char *gen, const char *day, size_t ncand, size_t nids)
{
    ck_rank_t *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    atomic_init(&r->refs, 1);
    snprintf(r->gen, sizeof r->gen, "%s", gen);
    snprintf(r->day, sizeof r->day, "%s", day);
    r->v = malloc((ncand ? ncand : 1) * sizeof *r->v);
    r->ids = malloc((nids ? nids : 1) * sizeof *r->ids);
    if (!r->v || !r->ids) {
        rank_release(r);
        return NULL;
    }
    return r;
}

static long long gen_id(const char *gen) { return strtoll(gen, NULL, 10); }

/* x before y in the rules' order (as store_engage_candidates'): score
 * descending, then code. */
static int ck_before(const ck_entry_t *x, const ck_entry_t *y)
{
    if (x->score != y->score) return x->score > y->score;
    return strcmp(x->code, y->code) < 0;
}

static int ck_cmp(const void *a, const void *b)
{
    const ck_entry_t *x = a, *y = b;
    return ck_before(x, y) ? -1 : ck_before(y, x) ? 1 : 0;
}

static int ll_cmp(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

/* Appends the candidates of sc to r->v (room for cap; grown). 0 or -1. */
static int take_scores(ck_rank_t *r, size_t *cap, const store_ca_scores_t *sc)
{
    if (r->n + sc->n > *cap) {
        size_t want = (r->n + sc->n) * 2;
        ck_entry_t *v = realloc(r->v, want * sizeof *v);
        if (!v) return -1;
        r->v = v;
        *cap = want;
    }
    for (size_t i = 0; i < sc->n; i++) {
        ck_entry_t *e = &r->v[r->n++];
        e->score = sc->v[i].score;
        e->body_id = sc->v[i].body_id;
        snprintf(e->code, sizeof e->code, "%s", sc->v[i].code);
    }
    return 0;
}

typedef struct {
    ck_rank_t *r;
    size_t cap;
} ck_ids_t;

static int take_id(void *ctx, const store_row_t *row, ov_error_t *err)
{
    ck_ids_t *c = ctx;
    if (row->n != 1 || !row->cell[0]) return ov_error_set(err, OV_EINTERNAL, "", "candidates: bad body id row");
    if (c->r->nids == c->cap) {
        size_t cap = c->cap * 2;
        long long *ids = realloc(c->r->ids, cap * sizeof *ids);
        if (!ids) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        c->r->ids = ids;
        c->cap = cap;
    }
    c->r->ids[c->r->nids++] = strtoll(row->cell[0], NULL, 10);
    return 0;
}

/* Every body ranked at gen, read now (round 1 of store_engage_candidates,
 * keeping every candidate). */
static int read_whole(store_t *s, const char *gen, const char *day, const odate_t *as_of, const char *cut_next,
                      const json_t *lv, ck_rank_t **out, size_t *read, ov_error_t *err)
{
    long long lo, hi;
    int rc = store_body_id_range(s, &lo, &hi, err);
    if (rc) return rc;
    ck_rank_t *r = rank_new(gen, day, 1024, 1024);
    if (!r) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    /* the bodies scored, for X-Rows-Read and for a later delta (a body
     * scored again is counted once) */
    ck_ids_t c = {r, 1024};
    rc = store_query_each(s, err, take_id, &c, "SELECT id FROM bodies WHERE retired_on IS NULL ORDER BY id", NULL);
    size_t cap = 1024;
    for (long long a = lo; rc == 0 && a <= hi && hi > 0; a += STORE_CANDIDATES_CHUNK) {
        store_ca_scores_t sc;
        if ((rc = store_candidate_scores(s, a, a + STORE_CANDIDATES_CHUNK - 1, as_of, cut_next, lv, &sc, err))) break;
        if (take_scores(r, &cap, &sc)) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        store_ca_scores_free(&sc);
    }
    if (rc) {
        rank_release(r);
        return rc;
    }
    qsort(r->v, r->n, sizeof *r->v, ck_cmp);
    *out = r;
    *read = r->nids;
    return 0;
}

/* From base (older than gen, the same day) the ranking at gen, scoring
 * again only the bodies the trail names in between. 0 and *out; 1 when
 * every body must be ranked again (candidate_keep.h); or an error. */
static int read_delta(store_t *s, const ck_rank_t *base, const char *gen, const odate_t *as_of, const char *cut_next,
                      const json_t *lv, ck_rank_t **out, size_t *read, ov_error_t *err)
{
    /* the bodies the trail names between base and gen; a grade changed
     * or removed forces the whole (its entry names the body of its
     * inspection now, not the one it may have left) */
    long long changed[DELTA_MAX];
    size_t nchanged = 0;
    int rc = store_trail_bodies_between(s, base->gen, gen, 1, changed, DELTA_MAX, &nchanged, err);
    if (rc != 0) return rc;
    qsort(changed, nchanged, sizeof changed[0], ll_cmp);
    size_t i;

    /* the named bodies scored again, after gen was read: so each includes
     * its writes up to gen */
    ck_entry_t fresh[DELTA_MAX];
    long long scored[DELTA_MAX];
    size_t nfresh = 0, nscored = 0;
    for (size_t c = 0; c < nchanged; c++) {
        store_ca_scores_t sc;
        if ((rc = store_candidate_scores_few(s, changed[c], changed[c], as_of, cut_next, lv, &sc, err))) return rc;
        if (sc.scored) scored[nscored++] = changed[c];
        for (size_t k = 0; k < sc.n && nfresh < DELTA_MAX; k++) {
            fresh[nfresh].score = sc.v[k].score;
            fresh[nfresh].body_id = sc.v[k].body_id;
            snprintf(fresh[nfresh].code, sizeof fresh[nfresh].code, "%s", sc.v[k].code);
            nfresh++;
        }
        store_ca_scores_free(&sc);
    }
    qsort(fresh, nfresh, sizeof fresh[0], ck_cmp);

    ck_rank_t *r = rank_new(gen, base->day, base->n + nfresh, base->nids + nscored);
    if (!r) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    /* the others keep their places; the fresh ones merged in */
    size_t f = 0;
    for (i = 0; i < base->n; i++) {
        const ck_entry_t *e = &base->v[i];
        if (bsearch(&e->body_id, changed, nchanged, sizeof changed[0], ll_cmp)) continue;
        while (f < nfresh && ck_before(&fresh[f], e)) r->v[r->n++] = fresh[f++];
        r->v[r->n++] = *e;
    }
    while (f < nfresh) r->v[r->n++] = fresh[f++];
    /* the bodies scored: the named ones as they are now */
    size_t k = 0;
    for (i = 0; i < base->nids; i++) {
        long long id = base->ids[i];
        if (bsearch(&id, changed, nchanged, sizeof changed[0], ll_cmp)) continue;
        while (k < nscored && scored[k] < id) r->ids[r->nids++] = scored[k++];
        r->ids[r->nids++] = id;
    }
    while (k < nscored) r->ids[r->nids++] = scored[k++];
    *out = r;
    *read = nchanged;
    return 0;
}

/* store_candidates_at, the page as a tree (page) or written as text
 * (text: rules_engage_candidates_write) */
static int candidates_at(store_t *s, const char *gen, const odate_t *as_of, long long offset, long long limit,
                         json_t **page, buf_t *text, long long *total, size_t *read, size_t *ranked, ov_error_t *err)
{
    if (page) *page = NULL;
    *total = 0;
    *read = 0;
    *ranked = 0;
    /* as store_engage_candidates: the day, and the day after it cut */
    odate_t first = date_first_day(as_of), next = date_add_days(&first, 1);
    char day[DATE_TEXT_MAX], next_day[DATE_TEXT_MAX], cut_next[DATE_TEXT_MAX];
    date_format(&first, day);
    date_format(&next, next_day);
    store_day_cut(next_day, cut_next);

    pthread_mutex_lock(&mu);
    ck_rank_t *r = NULL;
    for (int k = 0; k < DAYS_KEPT; k++)
        if (latest[k] && strcmp(latest[k]->day, day) == 0) r = retain(latest[k]);
    pthread_mutex_unlock(&mu);
    int rc = 0;
    if (!r || strcmp(r->gen, gen) != 0 || strcmp(r->day, day) != 0) {
        ck_rank_t *base = r, *made = NULL;
        json_t *levels = NULL, *lv = NULL;
        rc = store_levels_json(s, &levels, err);
        if (rc == 0 && !(lv = json_pack("{s:O}", "levels", levels)))
            rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        int whole = 1;
        if (rc == 0 && base && gen_id(base->gen) < gen_id(gen)) {
            rc = read_delta(s, base, gen, as_of, cut_next, lv, &made, read, err);
            whole = rc == 1;
            if (whole) rc = 0;
        }
        if (rc == 0 && whole) rc = read_whole(s, gen, day, as_of, cut_next, lv, &made, read, err);
        json_decref(levels);
        json_decref(lv);
        rank_release(base);
        if (rc) return rc;
        r = made;
        /* a day's latest moves forward only (a request that read an older
         * generation keeps its own); a day not kept takes the place of the
         * day kept at the oldest generation */
        pthread_mutex_lock(&mu);
        int at = -1;
        for (int k = 0; k < DAYS_KEPT && at < 0; k++)
            if (latest[k] && strcmp(latest[k]->day, day) == 0) at = k;
        if (at < 0)
            for (int k = 0; k < DAYS_KEPT; k++)
                if (at < 0 || !latest[k] || (latest[at] && gen_id(latest[k]->gen) < gen_id(latest[at]->gen))) at = k;
        if (!latest[at] || strcmp(latest[at]->day, day) != 0 || gen_id(latest[at]->gen) < gen_id(r->gen)) {
            rank_release(latest[at]);
            latest[at] = retain(r);
        }
        pthread_mutex_unlock(&mu);
    }
    /* round 2: the page's bodies in full, the rules over them give the
     * reasons, in the same order (as store_engage_candidates) */
    size_t from = (size_t)offset < r->n ? (size_t)offset : r->n;
    size_t upto = limit >= 0 && (size_t)limit < r->n - from ? from + (size_t)limit : r->n;
    long long *ids = malloc((upto - from + 1) * sizeof *ids);
    json_t *snaps = NULL, *out = NULL;
    store_ca_page_t rows = {0};   /* the text's: recommendations as rows */
    if (!ids) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    for (size_t i = from; rc == 0 && i < upto; i++) ids[i - from] = r->v[i].body_id;
    if (rc == 0 && page) rc = store_candidate_page_snapshots(s, ids, upto - from, day, &snaps, err);
    if (rc == 0 && page && !(out = rules_engage_candidates(snaps, as_of)))
        rc = ov_error_set(err, OV_EINTERNAL, "", "Engage candidates could not be computed");
    if (rc == 0 && text) rc = store_candidate_page_rows(s, ids, upto - from, day, &rows, err);
    if (rc == 0 && text) {
        jw_t w;
        jw_init(&w, text);
        if (rules_engage_candidates_write_rows(rows.snaps, rows.recs, as_of, &w) != 0 || jw_finish(&w) != 0)
            rc = ov_error_set(err, OV_EINTERNAL, "", "Engage candidates could not be computed");
    }
    store_ca_page_free(&rows);
    free(ids);
    json_decref(snaps);
    if (rc == 0) {
        if (page) *page = out;
        *total = (long long)r->n;
        *ranked = r->nids;
    }
    rank_release(r);
    return rc;
}

int store_candidates_at(store_t *s, const char *gen, const odate_t *as_of, long long offset, long long limit,
                        json_t **page, long long *total, size_t *read, size_t *ranked, ov_error_t *err)
{
    return candidates_at(s, gen, as_of, offset, limit, page, NULL, total, read, ranked, err);
}

int store_candidates_at_text(store_t *s, const char *gen, const odate_t *as_of, long long offset, long long limit,
                             buf_t *page, long long *total, size_t *read, size_t *ranked, ov_error_t *err)
{
    return candidates_at(s, gen, as_of, offset, limit, NULL, page, total, read, ranked, err);
}

void store_candidates_kept_clear(void)
{
    pthread_mutex_lock(&mu);
    for (int k = 0; k < DAYS_KEPT; k++) {
        rank_release(latest[k]);
        latest[k] = NULL;
    }
    pthread_mutex_unlock(&mu);
}
