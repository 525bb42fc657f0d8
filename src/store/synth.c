/*
 * synth.c: bulk loading of the synthetic record (synth.h), one
 * transaction per batch of bodies on SQLite, one for the whole load on
 * PostgreSQL. The rows of a batch are made into one rows_t per table, with
 * the ids others refer to given here (after the highest already there),
 * and put in the form the backend sends (store_bulk_prepare: COPY's text on
 * PostgreSQL) on a thread of their own, while the caller's thread sends the
 * batch before (store_bulk_send: one COPY per table on PostgreSQL, where
 * each statement would be a round trip; a prepared INSERT per row on
 * SQLite): see pipe_t.
 */
#include "store/synth.h"
#include "store/audit.h"
#include "store/backend.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/search.h"
#include "core/synth.h"
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The tables written, in the order they are sent (each refers only to
 * those before it). Every row gets its id here (in the order the database
 * would give them), so no id trigger has anything to do. */
enum { T_BODY, T_DECISION, T_INSPECTION, T_CAUSE, T_REC, T_REQ, T_REVISION, T_STATUS, T_PROGRESS, T_SEARCH, T__COUNT };
#define MAX_COLS 20
static const struct {
    const char *table;
    const char *cols[MAX_COLS];   /* ends with NULL */
} TABLES[T__COUNT] = {
    [T_BODY] = {"bodies", {"id", "code", "name", "kind", "country", "governance", "local_policing_body",
                           "chief_officer_title", "phase", "phase_since", "version", NULL}},
    [T_DECISION] = {"decisions", {"id", "body_id", "from_phase", "to_phase", "recommended_by", "decided_by", "decided_on",
                                  "effective_on", "rationale", "meeting", "recorded_at", NULL}},
    [T_INSPECTION] = {"inspections", {"id", "body_id", "kind", "title", "fieldwork_start", "fieldwork_end",
                                      "published_on", NULL}},
    [T_CAUSE] = {"causes_of_concern", {"id", "body_id", "inspection_id", "title", "text", "accelerated",
                                       "added_to_engage", "issued_on", "status", "closed_on", "closed_by", NULL}},
    [T_REC] = {"recommendations", {"id", "body_id", "cause_id", "inspection_id", "number", "addressee", "text",
                                   "issued_on", "original_deadline", "acceptance", "status", "implemented_on",
                                   "closed_on", "closed_by", "due_first_day", "due_deadline", NULL}},
    [T_REQ] = {"requirements", {"id", "recommendation_id", "position", "text", "status", NULL}},
    [T_REVISION] = {"deadline_revisions", {"id", "recommendation_id", "previous_deadline", "new_deadline", "reason",
                                           "agreed_by", "agreed_on", "recorded_at", NULL}},
    [T_STATUS] = {"status_changes", {"id", "entity", "entity_id", "from_status", "to_status", "changed_on", "changed_by",
                                     "reason", "recorded_at", NULL}},
    [T_PROGRESS] = {"progress_updates", {"id", "body_id", "recommendation_id", "submitted_on", "author", "text", NULL}},
    /* PostgreSQL only (search_rows): on SQLite 014's triggers write them */
    [T_SEARCH] = {"search_docs", {"id", "kind", "item_id", "body_id", "title", "text", "search_fts", NULL}},
};

static const char *const AREAS[] = {
    "child protection", "crime recording", "call handling", "investigation quality", "victim care",
    "workforce wellbeing", "custody", "vetting", "neighbourhood policing", "safeguarding referrals",
    "fire protection audits", "response standards", NULL};
static const char *const VERBS[] = {"improve", "review", "strengthen", "audit", "train staff in", "resource",
                                    "monitor", "publish a plan for", NULL};
static const char *const UPDATES[] = {"New process in place and being monitored", "Training delivered to supervisors",
                                      "Audit completed; actions agreed", "Staffing increased in the team",
                                      "Governance board reviewed progress", "Data quality checks introduced",
                                      "Partner agencies consulted", "Awaiting evidence from audit", NULL};
static const char *const REASONS[] = {"Dependent on a new IT system", "Agreed after the revisit",
                                      "Workforce changes delayed delivery", "Scope widened at the PPOG", NULL};

/* The rows of one table being made: ncols values per row, strings copied
 * into the table's arena (handed to store_bulk_prepare with the array when
 * the batch is made). */
typedef struct {
    int ncols;
    store_value_t *v;         /* owned; its .s strings in strings */
    arena_t strings;          /* owned */
    long long nrows, cap;     /* rows held, rows allocated */
    long long hint;           /* the rows allocated for the last batch: the next one starts there */
} rows_t;

/* The maker's state (make_batch, on its own thread): the rows of the batch
 * being made and what continues from one batch to the next. */
typedef struct {
    const store_t *s;   /* for store_bulk_prepare only (no connection: another thread sends) */
    rows_t t[T__COUNT];
    long long next_id[T__COUNT];   /* the id the next row gets (tables with an "id" column) */
    synth_counts_t n;
    long long *recs;   /* recommendation ids of the current body */
    size_t recs_cap;
    const json_t *phases;   /* PostgreSQL: [{code, name}] of the phases table, for search_rows */
    int beside;             /* PostgreSQL: the side tables' rows go to their new tables (table_target) */
    buf_t vector;           /* search_rows' scratch: one row's search_fts */
    ov_error_t *err;        /* the maker's own */
} gen_t;

static void rows_clear(rows_t *t)
{
    arena_free(&t->strings);
    free(t->v);
    t->v = NULL;
    t->nrows = t->cap = 0;
}

/* Adds one row to table which (types as store_stmt_run: 'i', 'I', 's'; a
 * NULL string is SQL NULL), returning its index in the table's rows, or -1
 * (err set) out of memory. */
static long long row_add(gen_t *g, int which, const char *types, ...)
{
    rows_t *t = &g->t[which];
    if (t->nrows == t->cap) {
        long long cap = t->cap ? t->cap * 2 : t->hint > 1024 ? t->hint : 1024;
        store_value_t *v = realloc(t->v, (size_t)(cap * t->ncols) * sizeof *v);
        if (!v) {
            ov_error_set(g->err, OV_EINTERNAL, "", "out of memory");
            return -1;
        }
        t->v = v;
        t->cap = cap;
    }
    store_value_t *row = &t->v[t->nrows * t->ncols];
    int failed = 0;
    va_list ap;
    va_start(ap, types);
    for (int c = 0; c < t->ncols; c++) {
        row[c] = (store_value_t){.type = types[c]};
        if (types[c] == 's') {
            const char *x = va_arg(ap, const char *);
            if (x && !(row[c].s = arena_strdup(&t->strings, x))) failed = 1;
        } else {
            row[c].i = va_arg(ap, long long);
        }
    }
    va_end(ap);
    t->nrows++;
    if (failed) {
        ov_error_set(g->err, OV_EINTERNAL, "", "out of memory");
        return -1;
    }
    return t->nrows - 1;
}

static void day_text(long days, char out[DATE_TEXT_MAX])
{
    odate_t d = date_from_days(days);
    date_format(&d, out);
}

/* A deadline is sometimes known to the month only, as letters give it. */
static void deadline_text(synth_rng_t *r, long days, char out[DATE_TEXT_MAX])
{
    odate_t d = date_from_days(days);
    if (synth_chance(r, 20)) {
        d.day = 0;
        d.precision = DATE_MONTH;
    }
    date_format(&d, out);
}

/* The first day of a deadline written by deadline_text, as migration 025's
 * trigger would store it in recommendations.due_first_day (and 026's the
 * deadline itself in due_deadline): given here, the
 * trigger has nothing to do and the bulk insert stays one write a row (a
 * wrong value would only be corrected by it). */
static void first_day_text(const char *deadline, char out[DATE_TEXT_MAX])
{
    odate_t d;
    if (date_parse(deadline, &d) != 0) {
        snprintf(out, DATE_TEXT_MAX, "%s", deadline);
        return;
    }
    d = date_first_day(&d);
    date_format(&d, out);
}

/* Replaces the text of column col of the row at index row of table which
 * (the old text stays in the arena until the batch is sent). */
static int row_set_text(gen_t *g, int which, long long row, int col, const char *text)
{
    rows_t *t = &g->t[which];
    char *copy = arena_strdup(&t->strings, text);
    if (!copy) return ov_error_set(g->err, OV_EINTERNAL, "", "out of memory");
    t->v[row * t->ncols + col].s = copy;
    return 0;
}

/* The body row at index row takes phase since day (the decision's effect:
 * its phase, since when, and one more version). */
static int body_phase(gen_t *g, long long row, const char *phase, const char *since)
{
    int rc = row_set_text(g, T_BODY, row, 8, phase);
    if (rc == 0) rc = row_set_text(g, T_BODY, row, 9, since);
    if (rc == 0) g->t[T_BODY].v[row * g->t[T_BODY].ncols + 10].i++;
    return rc;
}

/* Scan -> Engage (and, unless engage_now, back to Scan) for a body; the day
 * it entered Engage goes to *entered. */
static int body_decisions(gen_t *g, synth_rng_t *r, long long body_id, long long body_row, long inspected,
                          int engage_now, long today, long *entered)
{
    char dec[DATE_TEXT_MAX], eff[DATE_TEXT_MAX], rec_at[32];
    /* the default framework's routine and enhanced levels, by position */
    const phase_model_t *m = phase_model_builtin();
    const char *scan = phase_default(m)->code, *engage = phase_at_level(m, phase_default(m)->framework, 2)->code;
    long in_day = inspected + synth_range(r, 20, 120);
    if (in_day >= today) in_day = today - 1;
    day_text(in_day, eff);
    day_text(in_day - 1, dec);
    snprintf(rec_at, sizeof rec_at, "%sT09:00:00Z", eff);
    if (row_add(g, T_DECISION, "iisssssssss", g->next_id[T_DECISION]++, body_id, scan, engage, "PPOG", "HMCI", dec, eff,
                "Causes of concern in the PEEL inspection; progress not assured through routine monitoring", "PPOG",
                rec_at) < 0)
        return OV_EINTERNAL;
    int rc = body_phase(g, body_row, engage, eff);
    if (rc) return rc;
    g->n.decisions++;
    *entered = in_day;
    if (engage_now) return 0;
    long out_day = in_day + synth_range(r, 200, 900);
    if (out_day >= today) out_day = today - 1;
    if (out_day <= in_day) out_day = in_day + 1;
    day_text(out_day, eff);
    day_text(out_day - 1, dec);
    snprintf(rec_at, sizeof rec_at, "%sT09:00:00Z", eff);
    if (row_add(g, T_DECISION, "iisssssssss", g->next_id[T_DECISION]++, body_id, engage, scan, "PPOG", "HMCI", dec, eff,
                "Causes of concern addressed; improvement sustained", "PPOG", rec_at) < 0)
        return OV_EINTERNAL;
    rc = body_phase(g, body_row, scan, eff);
    if (rc == 0) g->n.decisions++;
    return rc;
}

static int one_body(gen_t *g, const synth_params_t *p, long long i, long today)
{
    synth_rng_t r;
    synth_seed(&r, p->seed, (uint64_t)i);
    char code[32], name[96], lpb[128], title[160], text[400], d1[DATE_TEXT_MAX], d2[DATE_TEXT_MAX],
        d3[DATE_TEXT_MAX];
    int police = synth_chance(&r, 80);
    snprintf(code, sizeof code, "s%06lld", i);
    snprintf(name, sizeof name, "Synthetic %s %06lld", police ? "Police Service" : "Fire and Rescue Service", i);
    snprintf(lpb, sizeof lpb, "Synthetic %s %06lld", police ? "Police and Crime Commissioner" : "Fire Authority", i);
    long long body_id = g->next_id[T_BODY]++, insp_id = g->next_id[T_INSPECTION]++;
    const char *routine = phase_default(phase_model_builtin())->code;
    long long body_row = row_add(g, T_BODY, "isssssssssi", body_id, code, name, police ? "police" : "fire",
                                 synth_chance(&r, 90) ? "England" : "Wales",
                                 police ? "police and crime commissioner" : "fire and rescue authority", lpb,
                                 police ? "Chief Constable" : "Chief Fire Officer", routine, (const char *)NULL, 1LL);
    if (body_row < 0) return OV_EINTERNAL;
    int rc = 0;
    g->n.bodies++;

    /* one PEEL inspection, published 2016..2024 */
    long published = date_to_days(&(odate_t){2016, 1, 1, DATE_DAY}) + synth_range(&r, 0, 9 * 365);
    day_text(published - synth_range(&r, 90, 200), d1);
    day_text(published - synth_range(&r, 30, 80), d2);
    day_text(published, d3);
    snprintf(title, sizeof title, "PEEL inspection of %s", name);
    if (row_add(g, T_INSPECTION, "iisssss", insp_id, body_id, "peel", title, d1, d2, d3) < 0) return OV_EINTERNAL;
    g->n.inspections++;

    /* Engage: ~5% now, ~5% before */
    unsigned roll = (unsigned)synth_below(&r, 100);
    int engage_now = roll < 5, engage_before = roll >= 5 && roll < 10;
    long entered = -1;
    if (engage_now || engage_before) {
        if ((rc = body_decisions(g, &r, body_id, body_row, published, engage_now, today, &entered))) return rc;
        if (engage_now) g->n.engage++;
    }

    /* causes of concern */
    long long causes[3] = {0, 0, 0};
    int ncauses = (engage_now || engage_before) ? (int)synth_range(&r, 1, 3) : (synth_chance(&r, 20) ? 1 : 0);
    for (int c = 0; c < ncauses; c++) {
        const char *area = synth_pick(&r, AREAS);
        int closed = engage_before || synth_chance(&r, 30);
        long closed_on = published + synth_range(&r, 180, 800);
        if (closed_on >= today) closed_on = today - 1;
        day_text(closed_on, d1);
        snprintf(title, sizeof title, "Cause of concern: %s", area);
        snprintf(text, sizeof text, "The %s %s does not yet provide an effective approach to %s.",
                 police ? "force" : "service", code, area);
        causes[c] = g->next_id[T_CAUSE]++;
        if (row_add(g, T_CAUSE, "iiissiissss", causes[c], body_id, insp_id, title, text,
                    (long long)synth_chance(&r, 15), (long long)(entered >= 0), d3, closed ? "closed" : "open",
                    closed ? d1 : NULL, closed ? "Synthetic HMI" : NULL) < 0)
            return OV_EINTERNAL;
        g->n.causes++;
    }

    /* recommendations */
    long long nrecs = synth_share(p->recommendations, p->bodies, i);
    if ((size_t)nrecs > g->recs_cap) {
        long long *v = realloc(g->recs, (size_t)nrecs * sizeof *v);
        if (!v) return ov_error_set(g->err, OV_EINTERNAL, "", "out of memory");
        g->recs = v;
        g->recs_cap = (size_t)nrecs;
    }
    for (long long k = 0; k < nrecs; k++) {
        const char *area = synth_pick(&r, AREAS), *verb = synth_pick(&r, VERBS);
        long long cause = ncauses && synth_chance(&r, 60) ? causes[synth_below(&r, (uint64_t)ncauses)] : 0;
        char number[24], deadline[DATE_TEXT_MAX], done_on[DATE_TEXT_MAX];
        snprintf(number, sizeof number, "%lld", k + 1);
        snprintf(text, sizeof text, "By the deadline, the %s should %s its %s.",
                 police ? "chief constable" : "chief fire officer", verb, area);
        long due = published + synth_range(&r, 90, 540);
        deadline_text(&r, due, deadline);
        unsigned acc = (unsigned)synth_below(&r, 100), st = (unsigned)synth_below(&r, 100);
        const char *status = st < 30 ? "open" : st < 60 ? "in_progress" : st < 75 ? "implemented" : "closed";
        long finished = published + synth_range(&r, 60, 700);
        if (finished >= today) finished = today - 1;
        day_text(finished, done_on);
        int implemented = st >= 60, closed = st >= 75;
        g->recs[k] = g->next_id[T_REC]++;
        char due_first[DATE_TEXT_MAX];
        first_day_text(deadline, due_first);
        long long rec_row = row_add(g, T_REC, "iiIissssssssssss", g->recs[k], body_id, cause, insp_id, number,
                    police ? "Chief Constable" : "Chief Fire Officer", text, d3, deadline,
                    acc < 85 ? "accepted" : acc < 95 ? "pending" : "not_accepted", status,
                    implemented ? done_on : NULL, closed ? done_on : NULL, closed ? "Synthetic HMI" : NULL,
                    due_first, deadline);
        if (rec_row < 0) return OV_EINTERNAL;
        g->n.recommendations++;
        long long rec_id = g->recs[k];
        int nreq = (int)synth_range(&r, 0, 2);
        for (int q = 0; q < nreq; q++) {
            snprintf(text, sizeof text, "Requirement %d: evidence that the %s work is %s.", q + 1, area,
                     q ? "sustained" : "in place");
            if (row_add(g, T_REQ, "iiiss", g->next_id[T_REQ]++, rec_id, (long long)(q + 1), text,
                        closed ? "met" : synth_chance(&r, 30) ? "met" : "open") < 0)
                return OV_EINTERNAL;
            g->n.requirements++;
        }
        if (synth_chance(&r, 10)) {
            char revised[DATE_TEXT_MAX], agreed[DATE_TEXT_MAX], at[32];
            deadline_text(&r, due + synth_range(&r, 60, 240), revised);
            day_text(due - synth_range(&r, 5, 40), agreed);
            snprintf(at, sizeof at, "%sT12:00:00Z", agreed);
            if (row_add(g, T_REVISION, "iissssss", g->next_id[T_REVISION]++, rec_id, deadline, revised, synth_pick(&r, REASONS), "Synthetic HMI",
                        agreed, at) < 0)
                return OV_EINTERNAL;
            g->n.revisions++;
            /* the current deadline is now the revised one (as 026's trigger
             * on the revision sets it; PostgreSQL's fast load runs without) */
            first_day_text(revised, due_first);
            if ((rc = row_set_text(g, T_REC, rec_row, 14, due_first)) || (rc = row_set_text(g, T_REC, rec_row, 15, revised)))
                return rc;
        }
        if (st >= 30) {
            char at[32];
            snprintf(at, sizeof at, "%sT12:00:00Z", done_on);
            if (row_add(g, T_STATUS, "isissssss", g->next_id[T_STATUS]++, "recommendations", rec_id, "open", status, done_on, "Synthetic HMI",
                        "Evidence reviewed", at) < 0)
                return OV_EINTERNAL;
            g->n.status_changes++;
        }
    }

    /* progress updates */
    long long nprog = synth_share(p->progress, p->bodies, i);
    for (long long k = 0; k < nprog; k++) {
        long long rec = nrecs ? g->recs[synth_below(&r, (uint64_t)nrecs)] : 0;
        long on = published + synth_range(&r, 14, 1000);
        if (on >= today) on = today - 1;
        day_text(on, d1);
        snprintf(text, sizeof text, "%s (update %lld).", synth_pick(&r, UPDATES), k + 1);
        if (row_add(g, T_PROGRESS, "iiIsss", g->next_id[T_PROGRESS]++, body_id, rec, d1, name, text) < 0) return OV_EINTERNAL;
        g->n.progress++;
    }
    return 0;
}

/* The name of phase code in the phases table, or the code itself (as
 * 014's triggers write it: COALESCE(name, code)). */
static const char *phase_name(const gen_t *g, const char *code)
{
    size_t i;
    json_t *row;
    json_array_foreach(g->phases, i, row) {
        if (strcmp(json_string_value(json_object_get(row, "code")), code) == 0)
            return json_string_value(json_object_get(row, "name"));
    }
    return code;
}

/* One search_docs row: its search_fts too (032's trigger is disabled with
 * the others), as search_fts_vector makes it (core/search.h). */
static int search_row(gen_t *g, const char *kind, long long item_id, long long body_id, const char *title,
                      const char *text)
{
    buf_reset(&g->vector);
    if (search_pg_vector(title, text, &g->vector) != 0) return ov_error_set(g->err, OV_EINTERNAL, "", "out of memory");
    if (row_add(g, T_SEARCH, "isiisss", g->next_id[T_SEARCH]++, kind, item_id, body_id, title, text,
                g->vector.data ? g->vector.data : "") < 0)
        return OV_EINTERNAL;
    return 0;
}

/* PostgreSQL, where 014's search triggers are disabled for the load
 * (pg_load_begin): the batch's search_docs rows, made from its rows as those
 * triggers make them (the same title and text), with ids in the order the
 * triggers would give them: the batch's decisions, then its causes, then its
 * recommendations, each by id (tests/store/test_store.c,
 * synth_batches_as_triggers, compares them with the triggers' own). */
static int search_rows(gen_t *g)
{
    int rc = 0;
    char title[256], text[1024];
    const rows_t *t = &g->t[T_DECISION];
    for (long long r = 0; r < t->nrows; r++) {
        const store_value_t *v = &t->v[r * t->ncols];   /* id, body_id, from, to, .., rationale 8, meeting 9, decided_by 5 */
        snprintf(title, sizeof title, "Decision: %s to %s", phase_name(g, v[2].s), phase_name(g, v[3].s));
        snprintf(text, sizeof text, "%s %s %s", v[8].s, v[9].s ? v[9].s : "", v[5].s);
        if ((rc = search_row(g, "decision", v[0].i, v[1].i, title, text))) return rc;
    }
    t = &g->t[T_CAUSE];
    for (long long r = 0; r < t->nrows; r++) {
        const store_value_t *v = &t->v[r * t->ncols];   /* id, body_id, inspection_id, title 3, text 4 */
        if ((rc = search_row(g, "cause", v[0].i, v[1].i, v[3].s ? v[3].s : "", v[4].s))) return rc;
    }
    t = &g->t[T_REC];
    for (long long r = 0; r < t->nrows; r++) {
        const store_value_t *v = &t->v[r * t->ncols];   /* id, body_id, .., number 4, addressee, text 6 */
        snprintf(title, sizeof title, "Recommendation %s", v[4].s);
        if ((rc = search_row(g, "recommendation", v[0].i, v[1].i, title, v[6].s))) return rc;
    }
    return 0;
}

static long long rows_of(const synth_counts_t *n)
{
    return n->bodies + n->decisions + n->inspections + n->causes + n->recommendations + n->requirements +
           n->revisions + n->status_changes + n->progress;
}

/* One batch made (make_batch), waiting to be sent. */
typedef struct {
    store_bulk_t *b[T__COUNT];   /* owned (store_bulk_free), in TABLES' order; NULL once handed on */
    long long ids[T__COUNT][2];  /* the ids made per table: first, and one past the last */
    long long from, to;          /* its bodies: from to to - 1 */
    long long rows;              /* rows made up to its end */
} made_t;

static void made_free(made_t *m)
{
    for (int k = 0; k < T__COUNT; k++) store_bulk_free(m->b[k]);
    memset(m->b, 0, sizeof m->b);
}

/* One audit entry for a batch, in its transaction: the rows are written
 * in bulk, not one entry each, so the entry names the ids it wrote per
 * table ("ranges": {table: [first, last]}, the ids the maker gave);
 * `audit verify --deep` counts rows in such ranges as loaded in bulk
 * instead of written outside the program (store/audit_deep.c). search_docs
 * is derived (written by triggers on SQLite), not named. */
static int audit_batch(store_t *s, const made_t *m, const synth_params_t *p, ov_error_t *err)
{
    json_t *ranges = json_object();
    int rc = ranges ? 0 : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    for (int k = 0; rc == 0 && k < T_SEARCH; k++) {
        if (m->ids[k][1] <= m->ids[k][0]) continue;
        if (json_object_set_new(ranges, TABLES[k].table,
                                json_pack("[I, I]", (json_int_t)m->ids[k][0], (json_int_t)(m->ids[k][1] - 1))) != 0)
            rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    json_t *after = rc == 0 ? json_pack("{s:I, s:O}", "seed", (json_int_t)p->seed, "ranges", ranges) : NULL;
    if (rc == 0 && !after) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    if (rc == 0) rc = store_audit_append(s, "synth", "bulk", 0, 0, NULL, after, err);
    json_decref(after);
    json_decref(ranges);
    return rc;
}

/* PostgreSQL's fast load. synth runs only on a fresh database, so on
 * PostgreSQL it loads in one transaction and leaves the per-row work of the
 * database to set-based statements: the secondary indexes and the foreign
 * keys of the tables it writes are dropped first and made again at the end
 * (one build and one check per index and key, instead of a lookup per row),
 * and so are their BEFORE INSERT row triggers (even disabled, one makes
 * COPY insert row by row instead of a page's worth at a time: the id
 * triggers, which would only move the sequence store_bulk_send moves, and
 * search_fts_keep, whose column search_row fills); the AFTER insert
 * triggers below are disabled, the rows they would have written or changed
 * given by synth itself. Any failure rolls all of it
 * back (DDL is transactional); the tables are locked meanwhile. The rows,
 * search_docs included, are the same as the per-row path gives
 * (tests/store/test_store.c, synth_batches_as_triggers).
 *
 * One connection's server process works on one CPU, so the three largest
 * tables (SIDE_TABLES: progress_updates, search_docs, recommendations;
 * about three quarters of the rows and of the server's work, with most of
 * the indexes) are loaded beside it, each on a
 * connection of its own (side_t), into a new table of the same definition
 * in the schema SIDE_SCHEMA (made and committed before the load; given
 * the rows the table held in the side's own transaction, after emptying
 * it there so that its rows are copied frozen), with its keys and
 * indexes built there; at the end the load's transaction drops the table
 * and moves the new one in its place (then its triggers and the foreign
 * keys to and from it are made, as for the others). Until that commits,
 * nothing of the load is seen; a failure drops SIDE_SCHEMA, and a load
 * interrupted before it could is cleaned up by the next one
 * (pg_side_begin). When the move would lose something the new table does
 * not have (grants, options, rules, a comment, views on it, an insert
 * trigger whose work synth does not give: see pg_side_begin), all is
 * loaded on the one connection. The new table has no triggers while it
 * loads: what its AFTER INSERT triggers do synth gives (PG_TRIGGERS'
 * below, and 027's open counts: OPEN_COUNTS). */
static const char *const PG_TRIGGERS[][2] = {
    {"decisions", "search_decisions_insert"},                /* search_docs: search_rows */
    {"causes_of_concern", "search_causes_insert"},           /* the same */
    {"recommendations", "search_recommendations_insert"},    /* the same */
    {"recommendations", "recommendations_due_insert"},       /* due_first_day, due_deadline: one_body */
    {"deadline_revisions", "deadline_revisions_due"},        /* the same */
};
#define PG_NTRIGGERS (sizeof PG_TRIGGERS / sizeof PG_TRIGGERS[0])

#define SIDE_SCHEMA "oversight_synth_load"
static const int SIDE_TABLES[] = {T_PROGRESS, T_SEARCH, T_REC};
#define NSIDE ((int)(sizeof SIDE_TABLES / sizeof SIDE_TABLES[0]))
/* the side tables' new tables, in SIDE_SCHEMA (static: store_bulk_t
 * borrows the name) */
static const char *const SIDE_TARGET[T__COUNT] = {
    [T_REC] = SIDE_SCHEMA ".recommendations",
    [T_PROGRESS] = SIDE_SCHEMA ".progress_updates",
    [T_SEARCH] = SIDE_SCHEMA ".search_docs",
};

/* Where table k's rows go: its new table when the side tables load
 * beside, else the table. */
static const char *table_target(int k, int beside)
{
    return beside && SIDE_TARGET[k] ? SIDE_TARGET[k] : TABLES[k].table;
}

static int is_side(const char *table)
{
    for (int i = 0; i < NSIDE; i++)
        if (strcmp(TABLES[SIDE_TABLES[i]].table, table) == 0) return 1;
    return 0;
}

/* Runs one statement made from fmt and the names of tables, triggers and
 * sequences (synth's own constants or the catalogue's quoted names, never
 * input); *changes as store_exec. 0, or the failure: a statement longer
 * than the buffer is refused, never cut. */
__attribute__((format(printf, 4, 5))) static int exec_named(store_t *s, long long *changes, ov_error_t *err,
                                                             const char *fmt, ...)
{
    char sql[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof sql) return ov_error_set(err, OV_EINTERNAL, "", "a statement too long: %.60s", sql);
    return store_exec(s, changes, NULL, err, sql, NULL);
}

/* DISABLE or ENABLE (how) PG_TRIGGERS; with the side tables beside
 * (sides), not theirs: they go with the table, and are made again
 * enabled on the one moved in. */
static int pg_triggers(store_t *s, int sides, const char *how, ov_error_t *err)
{
    int rc = 0;
    for (size_t k = 0; rc == 0 && k < PG_NTRIGGERS; k++) {
        if (sides && is_side(PG_TRIGGERS[k][0])) continue;
        rc = exec_named(s, NULL, err, "ALTER TABLE %s %s TRIGGER %s", PG_TRIGGERS[k][0], how, PG_TRIGGERS[k][1]);
    }
    return rc;
}

/* The names of count tables of TABLES, with commas: those whose indexes
 * are in ks (every one from 0 when ks is NULL). */
static void table_list(const int *ks, int count, char *out, size_t n)
{
    out[0] = '\0';
    for (int i = 0; i < count; i++) {
        if (i) strncat(out, ",", n - strlen(out) - 1);
        strncat(out, TABLES[ks ? ks[i] : i].table, n - strlen(out) - 1);
    }
}

/* Runs each statement of the array (from the catalogue: names quoted by
 * it, not input). */
static int exec_all(store_t *s, const json_t *sqls, ov_error_t *err)
{
    size_t i;
    json_t *sql;
    json_array_foreach(sqls, i, sql) {
        int rc = store_exec(s, NULL, NULL, err, json_string_value(sql), NULL);
        if (rc) return rc;
    }
    return 0;
}

/* Drops the secondary indexes, foreign keys and BEFORE INSERT row
 * triggers of the tables written (with the side tables loading beside:
 * every trigger of theirs and the foreign keys to them too, but not their
 * indexes, which go with them), disables PG_TRIGGERS and reads the phases'
 * names into *phases (search_rows). restore gets the statements that make
 * them again, in order, in groups (new arrays, caller json_decref):
 * RESTORE_HERE the triggers and indexes of the tables loaded here,
 * RESTORE_KEYS the foreign keys not to or from a side table, and
 * RESTORE_SIDE + i the triggers of SIDE_TABLES[i] and the keys to and from
 * it (after it moved in, and any side table before it). */
enum { RESTORE_HERE, RESTORE_KEYS, RESTORE_SIDE, RESTORE__COUNT = RESTORE_SIDE + NSIDE };
static int pg_load_begin(store_t *s, int sides, json_t **phases, json_t *restore[RESTORE__COUNT], ov_error_t *err)
{
    char tables[512], side[256];
    table_list(NULL, T__COUNT, tables, sizeof tables);
    table_list(SIDE_TABLES, sides ? NSIDE : 0, side, sizeof side);
    json_t *rows = NULL;
    int rc = store_query(s, phases, err, "SELECT code, name FROM phases", NULL);
    if (rc == 0) rc = store_exec(s, NULL, NULL, err, "SET LOCAL maintenance_work_mem = '256MB'", NULL);
    /* each key's check is one query over a whole table, compiled (JIT) for
     * nothing it would not do as fast without */
    if (rc == 0) rc = store_exec(s, NULL, NULL, err, "SET LOCAL jit = off", NULL);
    /* the side tables as ?1, all as ?2; a side table's group is 1 + its
     * place in ?1 (array_position counts from 1), a key's that of the
     * later side table it joins (sides move in in order), else 1 */
    if (rc == 0)
        rc = store_query(s, &rows, err,
                         "SELECT drop_sql, restore_sql, grp FROM ("
                         " SELECT 0 AS step, t.tgname::text AS name, format('DROP TRIGGER %I ON %s', t.tgname, t.tgrelid::regclass) AS drop_sql,"
                         "  pg_get_triggerdef(t.oid) AS restore_sql,"
                         "  coalesce(1 + array_position(string_to_array(?1, ',')::regclass[], t.tgrelid::regclass), 0) AS grp"
                         " FROM pg_trigger t WHERE t.tgrelid = ANY (string_to_array(?2, ',')::regclass[]) AND NOT t.tgisinternal"
                         "  AND (t.tgtype & 7 = 7"   /* ROW | BEFORE | INSERT */
                         "   OR t.tgrelid = ANY (string_to_array(?1, ',')::regclass[]))"
                         " UNION ALL"
                         " SELECT 1, c.relname::text, format('DROP INDEX %s', i.indexrelid::regclass),"
                         "  pg_get_indexdef(i.indexrelid), 0"
                         " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                         " WHERE i.indrelid = ANY (string_to_array(?2, ',')::regclass[]) AND NOT i.indisprimary AND NOT i.indisunique"
                         "  AND NOT i.indrelid = ANY (string_to_array(?1, ',')::regclass[])"
                         " UNION ALL"
                         " SELECT 2, k.conname::text, format('ALTER TABLE %s DROP CONSTRAINT %I', k.conrelid::regclass, k.conname),"
                         "  format('ALTER TABLE %s ADD CONSTRAINT %I %s', k.conrelid::regclass, k.conname, pg_get_constraintdef(k.oid)),"
                         "  1 + GREATEST(coalesce(array_position(string_to_array(?1, ',')::regclass[], k.conrelid::regclass), 0),"
                         "   coalesce(array_position(string_to_array(?1, ',')::regclass[], k.confrelid::regclass), 0))"
                         " FROM pg_constraint k WHERE k.contype = 'f' AND (k.conrelid = ANY (string_to_array(?2, ',')::regclass[])"
                         "  OR k.confrelid = ANY (string_to_array(?1, ',')::regclass[]))"
                         ") x ORDER BY step, name",
                         "ss", side, tables);
    json_t *out[RESTORE__COUNT] = {0};
    for (int g = 0; rc == 0 && g < RESTORE__COUNT; g++)
        if (!(out[g] = json_array())) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        if (rc) break;
        /* statements from the catalogue (names quoted by it), not input */
        rc = store_exec(s, NULL, NULL, err, json_string_value(json_object_get(row, "drop_sql")), NULL);
        json_int_t g = json_integer_value(json_object_get(row, "grp"));
        if (rc == 0 && (g < 0 || g >= RESTORE__COUNT)) rc = ov_error_set(err, OV_EINTERNAL, "", "a restore group out of range");
        if (rc == 0 && json_array_append(out[g], json_object_get(row, "restore_sql")) != 0)
            rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    json_decref(rows);
    if (rc == 0) rc = pg_triggers(s, sides, "DISABLE", err);
    for (int g = 0; g < RESTORE__COUNT; g++) {
        if (rc) json_decref(out[g]);
        else restore[g] = out[g];
    }
    return rc;
}

/* ---- the side tables' connections ----------------------------------- */

#define SIDE_QUEUE 2   /* batches of rows waiting for a side connection, at most */

/* One side table loading on its own connection and thread (side_main):
 * the caller's thread hands it each batch's rows (side_push), then ends
 * or stops it (side_end) and waits for it (side_join). */
typedef struct {
    int k;                       /* its table, in TABLES */
    long long kept;              /* the rows the table held, copied to the new one */
    store_t *s;                  /* owned: its connection (store_close) */
    json_t *build;               /* owned: its keys and indexes, made after the rows */
    pthread_t thread;
    int started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    store_bulk_t *q[SIDE_QUEUE]; /* owned: rows waiting, the oldest at head */
    int head, n;
    int ended;                   /* set by the caller: no more rows; build, commit */
    int stop;                    /* set by the caller: roll back */
    int finished, rc;            /* set by the thread when it ended, with its result */
    ov_error_t err;              /* the thread's failure */
} side_t;

static void *side_main(void *arg)
{
    side_t *d = arg;
    int rc = store_exec(d->s, NULL, NULL, &d->err, "SET maintenance_work_mem = '256MB'", NULL);
    if (rc == 0) rc = store_exec(d->s, NULL, NULL, &d->err, "BEGIN", NULL);
    /* the table emptied in this transaction, then given the rows the
     * table held (kept aside by pg_side_begin), so that its rows are
     * copied frozen (STORE_BULK_FREEZE): the keys' checks after the move
     * (and the first readers after the load) write none of its pages
     * again to mark the rows committed */
    const char *t = SIDE_TARGET[d->k];
    if (rc == 0) rc = exec_named(d->s, NULL, &d->err, "TRUNCATE %s", t);
    if (rc == 0) rc = exec_named(d->s, NULL, &d->err, "INSERT INTO %s SELECT * FROM %s_kept", t, t);
    if (rc == 0) rc = exec_named(d->s, NULL, &d->err, "DROP TABLE %s_kept", t);
    for (int more = 1; rc == 0 && more;) {
        store_bulk_t *b = NULL;
        pthread_mutex_lock(&d->mu);
        while (d->n == 0 && !d->ended && !d->stop) pthread_cond_wait(&d->cv, &d->mu);
        if (d->stop) {
            rc = ov_error_set(&d->err, OV_EINTERNAL, "", "stopped");
        } else if (d->n) {
            b = d->q[d->head];
            d->q[d->head] = NULL;
            d->head = (d->head + 1) % SIDE_QUEUE;
            d->n--;
            pthread_cond_broadcast(&d->cv);
        } else {
            more = 0;   /* ended, every batch sent */
        }
        pthread_mutex_unlock(&d->mu);
        if (b) rc = store_bulk_send(d->s, b, &d->err);
        store_bulk_free(b);
    }
    size_t i;
    json_t *one;
    json_array_foreach(d->build, i, one) {
        if (rc) break;
        pthread_mutex_lock(&d->mu);
        int stop = d->stop;
        pthread_mutex_unlock(&d->mu);
        if (stop) rc = ov_error_set(&d->err, OV_EINTERNAL, "", "stopped");
        else rc = store_exec(d->s, NULL, NULL, &d->err, json_string_value(one), NULL);
    }
    if (rc == 0) rc = store_commit(d->s, &d->err);
    else store_rollback(d->s);
    pthread_mutex_lock(&d->mu);
    d->finished = 1;
    d->rc = rc;
    pthread_cond_broadcast(&d->cv);
    pthread_mutex_unlock(&d->mu);
    return NULL;
}

/* The side's failure in err, named by its table. */
static int side_failed(const side_t *d, ov_error_t *err)
{
    *err = d->err;
    ov_error_prefix(err, "%s: ", TABLES[d->k].table);
    return d->rc ? d->rc : OV_EINTERNAL;
}

/* Hands b (taken: freed here on failure) to the side's thread, waiting
 * while SIDE_QUEUE batches wait already. 0, or the side's failure. */
static int side_push(side_t *d, store_bulk_t *b, ov_error_t *err)
{
    pthread_mutex_lock(&d->mu);
    while (d->n == SIDE_QUEUE && !d->finished) pthread_cond_wait(&d->cv, &d->mu);
    int ok = !d->finished;
    if (ok) {
        d->q[(d->head + d->n) % SIDE_QUEUE] = b;
        d->n++;
        pthread_cond_broadcast(&d->cv);
    }
    pthread_mutex_unlock(&d->mu);
    if (ok) return 0;
    store_bulk_free(b);
    return side_failed(d, err);
}

/* No more rows: the side builds and commits (stop 0) or rolls back. */
static void side_end(side_t *d, int stop)
{
    pthread_mutex_lock(&d->mu);
    if (stop) d->stop = 1;
    else d->ended = 1;
    pthread_cond_broadcast(&d->cv);
    pthread_mutex_unlock(&d->mu);
}

/* Waits for the side's thread (if it runs still), closes its connection
 * and frees what it held: 0 when it committed, else its failure in err
 * (unless err is NULL). Again, nothing. */
static int side_join(side_t *d, ov_error_t *err)
{
    int rc = 0;
    if (d->started) {
        pthread_join(d->thread, NULL);
        d->started = 0;
        if (d->rc && err) rc = side_failed(d, err);
        else if (d->rc) rc = d->rc;
    }
    for (int i = 0; i < SIDE_QUEUE; i++) store_bulk_free(d->q[i]);
    memset(d->q, 0, sizeof d->q);
    store_close(d->s);
    d->s = NULL;
    json_decref(d->build);
    d->build = NULL;
    return rc;
}

/* Whether the side tables can load beside (a new table moved in keeps all
 * there is, and its rows arrive as they would): owned by this user,
 * without grants, options, rules, row security, a comment, publication,
 * inheritance, set statistics, views on them or insert triggers other than
 * BEFORE row ones, and logged. If so, SIDE_SCHEMA is made afresh (one left by an
 * interrupted load dropped), each side table's new one in it, empty,
 * with the rows the table holds beside it (its name and "_kept": the
 * side's transaction takes them), each side's connection opened (in
 * STORE_BULK_FREEZE) and its thread started
 * (sides[i].started; side_end and side_join each started one) and *on 1;
 * else *on 0 and nothing done. */
static int pg_side_begin(store_t *s, side_t sides[NSIDE], int *on, ov_error_t *err)
{
    *on = 0;
    char side[256];
    table_list(SIDE_TABLES, NSIDE, side, sizeof side);
    /* the insert triggers synth gives the work of (PG_TRIGGERS, OPEN_COUNTS) */
    char given[512] = "recommendations_open_insert";
    for (size_t k = 0; k < PG_NTRIGGERS; k++) {
        strncat(given, ",", sizeof given - strlen(given) - 1);
        strncat(given, PG_TRIGGERS[k][1], sizeof given - strlen(given) - 1);
    }
    json_t *row = NULL;
    int rc = store_query_one(s, &row, err, "count",
                             "SELECT count(*) AS n FROM pg_class c WHERE c.oid = ANY (string_to_array(?, ',')::regclass[])"
                             " AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)"
                             " AND c.relacl IS NULL AND c.reloptions IS NULL AND c.relpersistence = 'p' AND c.relkind = 'r'"
                             " AND NOT c.relhasrules AND NOT c.relrowsecurity"
                             " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.refobjid = c.oid AND d.classid = 'pg_rewrite'::regclass)"
                             " AND NOT EXISTS (SELECT 1 FROM pg_publication_rel r WHERE r.prrelid = c.oid)"
                             " AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = c.oid OR h.inhparent = c.oid)"
                             " AND NOT EXISTS (SELECT 1 FROM pg_description x WHERE x.objoid = c.oid"
                             "  AND x.classoid = 'pg_class'::regclass AND x.objsubid = 0)"
                             " AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0"
                             "  AND a.attstattarget >= 0)"
                             /* an insert trigger but BEFORE ... FOR EACH ROW (dropped for the
                              * load either way, synth giving what they give) would not fire */
                             " AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal"
                             "  AND t.tgtype & 4 = 4 AND t.tgtype & 3 <> 3 AND NOT t.tgname = ANY (string_to_array(?, ',')))",
                             "ss", side, given);
    if (rc) return rc;
    int able = json_integer_value(json_object_get(row, "n")) == NSIDE;
    json_decref(row);
    if (!able) return 0;
    rc = store_exec(s, NULL, NULL, err, "DROP SCHEMA IF EXISTS " SIDE_SCHEMA " CASCADE", NULL);
    if (rc == 0) rc = store_exec(s, NULL, NULL, err, "CREATE SCHEMA " SIDE_SCHEMA, NULL);
    for (int i = 0; rc == 0 && i < NSIDE; i++) {
        side_t *d = &sides[i];
        const char *t = TABLES[SIDE_TABLES[i]].table, *to = SIDE_TARGET[SIDE_TABLES[i]];
        if ((rc = exec_named(s, NULL, err, "CREATE TABLE %s (LIKE %s INCLUDING ALL EXCLUDING INDEXES)", to, t)) != 0) break;
        /* the rows it holds, kept aside for the side's transaction (side_main) */
        if ((rc = exec_named(s, NULL, err, "CREATE TABLE %s_kept (LIKE %s)", to, t)) != 0) break;
        if ((rc = exec_named(s, &d->kept, err, "INSERT INTO %s_kept SELECT * FROM %s", to, t)) != 0) break;
        /* its keys, then its other indexes, made on the new table: the
         * definitions with the table's name changed (and checked so) */
        json_t *rows = NULL;
        rc = store_query(s, &rows, err,
                         "SELECT sql FROM ("
                         " SELECT 0 AS step, k.conname::text AS name,"
                         "  format('ALTER TABLE %s.%I ADD CONSTRAINT %I %s', ?::text, c.relname, k.conname, pg_get_constraintdef(k.oid)) AS sql"
                         " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
                         " WHERE k.conrelid = ?::text::regclass AND k.contype IN ('p', 'u')"
                         " UNION ALL"
                         " SELECT 1, ic.relname::text, replace(pg_get_indexdef(i.indexrelid), format(' ON %I.%I ', n.nspname, c.relname),"
                         "  format(' ON %s.%I ', ?::text, c.relname))"
                         " FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                         " JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = ?::text::regclass"
                         "  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)"
                         ") x ORDER BY step, name",
                         "ssss", SIDE_SCHEMA, t, SIDE_SCHEMA, t);
        if (rc) break;
        size_t j;
        json_t *r;
        if (!(d->build = json_array())) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        json_array_foreach(rows, j, r) {
            if (rc) break;
            json_t *one = json_object_get(r, "sql");
            if (!strstr(json_string_value(one), " " SIDE_SCHEMA "."))
                rc = ov_error_set(err, OV_EINTERNAL, "", "an index of %s names its table as not expected", t);
            else if (json_array_append(d->build, one) != 0)
                rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        }
        json_decref(rows);
    }
    for (int i = 0; rc == 0 && i < NSIDE; i++) {
        side_t *d = &sides[i];
        if ((rc = store_open(store_url(s), STORE_OPEN_EXISTING, &d->s, err)) == 0)
            rc = store_bulk_mode(d->s, STORE_BULK_FREEZE, err);
    }
    for (int i = 0; rc == 0 && i < NSIDE; i++) {
        side_t *d = &sides[i];
        if (pthread_create(&d->thread, NULL, side_main, d) != 0)
            rc = ov_error_set(err, OV_EINTERNAL, "", "cannot start the thread that loads %s", TABLES[d->k].table);
        else d->started = 1;
    }
    if (rc == 0) *on = 1;
    return rc;
}

/* Each body's count of open recommendations with a due day, as 027's
 * statement trigger recommendations_open_insert adds them for the rows of
 * a statement (here: all of them). */
static const char OPEN_COUNTS[] =
    "INSERT INTO body_open_recommendations (body_id, n)"
    " SELECT body_id, count(*) FROM recommendations WHERE status <> 'closed' AND due_first_day IS NOT NULL GROUP BY body_id"
    " ON CONFLICT (body_id) DO UPDATE SET n = body_open_recommendations.n + EXCLUDED.n";

/* Side table k moved in (its thread committed): the table dropped and
 * its new one moved to the current schema, with its id sequence (owned by
 * the old one) given to it and moved past the ids made (next_id). */
static int pg_side_move(store_t *s, int k, long long next_id, ov_error_t *err)
{
    json_t *row = NULL;
    int rc = store_query_one(s, &row, err, "schema",
                             "SELECT quote_ident(current_schema()) AS s, pg_get_serial_sequence(?, 'id') AS q", "s",
                             TABLES[k].table);
    char schema[200] = "", seq[300] = "";
    if (rc == 0) {
        const char *x = json_string_value(json_object_get(row, "s")), *q = json_string_value(json_object_get(row, "q"));
        snprintf(schema, sizeof schema, "%s", x ? x : "");
        snprintf(seq, sizeof seq, "%s", q ? q : "");
    }
    json_decref(row);
    if (rc == 0 && !schema[0]) rc = ov_error_set(err, OV_EINTERNAL, "", "no current schema to move the loaded tables to");
    if (rc == 0 && seq[0]) rc = exec_named(s, NULL, err, "ALTER SEQUENCE %s OWNED BY NONE", seq);
    if (rc == 0) rc = exec_named(s, NULL, err, "DROP TABLE %s", TABLES[k].table);
    if (rc == 0) rc = exec_named(s, NULL, err, "ALTER TABLE %s SET SCHEMA %s", SIDE_TARGET[k], schema);
    if (rc == 0 && seq[0]) rc = exec_named(s, NULL, err, "ALTER SEQUENCE %s OWNED BY %s.id", seq, TABLES[k].table);
    /* 027's recommendations_open_insert, which the new table did not have
     * while it loaded (its rows are all new: synth needs a database
     * without recommendations) */
    if (rc == 0 && k == T_REC) rc = store_exec(s, NULL, NULL, err, OPEN_COUNTS, NULL);
    if (rc == 0 && seq[0] && next_id > 1) {
        rc = store_exec(s, NULL, NULL, err,
                        "SELECT setval(?::text::regclass, GREATEST(?, coalesce(pg_sequence_last_value(?::text::regclass), 0)))",
                        "sis", seq, next_id - 1, seq);
    }
    return rc;
}

/* Makes bodies from to to - 1 into m: their rows, then (PostgreSQL) their
 * search_docs rows, each table's handed to store_bulk_prepare. 0, or the
 * failure in g->err (m empty). */
static int make_batch(gen_t *g, const synth_params_t *p, int pg, long long from, long long to, long today, made_t *m)
{
    memset(m, 0, sizeof *m);
    for (int k = 0; k < T__COUNT; k++) m->ids[k][0] = g->next_id[k];
    int rc = 0;
    long long i = from;
    for (; rc == 0 && i < to; i++) rc = one_body(g, p, i, today);
    if (rc == 0 && pg) rc = search_rows(g);
    for (int k = 0; k < T__COUNT; k++) {
        rows_t *t = &g->t[k];
        t->hint = t->cap;
        m->ids[k][1] = g->next_id[k];
        if (rc) {
            rows_clear(t);
            continue;
        }
        rc = store_bulk_prepare(g->s, table_target(k, g->beside), TABLES[k].cols, t->ncols, t->v, &t->strings, t->nrows,
                                &m->b[k], g->err);
        t->v = NULL;   /* taken by store_bulk_prepare, with t->strings */
        t->nrows = t->cap = 0;
    }
    if (rc) {
        made_free(m);
        ov_error_prefix(g->err, "body s%06lld: ", i - 1);
        return rc;
    }
    m->from = from;
    m->to = to;
    m->rows = rows_of(&g->n);
    return 0;
}

/* The maker and the sender: the maker thread makes batch N + 1 (rows,
 * COPY text) while the caller's thread sends batch N, so the database
 * works while the next rows are made instead of waiting for them. One
 * batch waits at most (slot); the sender takes it and signals. */
typedef struct {
    gen_t *g;
    const synth_params_t *p;
    int pg;
    long today;
    long long batch;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    made_t slot;       /* the batch made and not yet taken, when full */
    int full;
    int stop;          /* set by the sender when it failed: the maker ends */
    int finished;      /* set by the maker when it ended; rc its result */
    int rc;
    ov_error_t err;    /* the maker's failure */
} pipe_t;

static void *maker_main(void *arg)
{
    pipe_t *q = arg;
    int rc = 0;
    for (long long i = 0; rc == 0 && i < q->p->bodies; i += q->batch) {
        long long end = i + q->batch < q->p->bodies ? i + q->batch : q->p->bodies;
        made_t m;
        if ((rc = make_batch(q->g, q->p, q->pg, i, end, q->today, &m)) != 0) break;
        pthread_mutex_lock(&q->mu);
        while (q->full && !q->stop) pthread_cond_wait(&q->cv, &q->mu);
        int stopped = q->stop;
        if (!stopped) {
            q->slot = m;
            q->full = 1;
            pthread_cond_broadcast(&q->cv);
        }
        pthread_mutex_unlock(&q->mu);
        if (stopped) {
            made_free(&m);
            break;
        }
    }
    pthread_mutex_lock(&q->mu);
    q->finished = 1;
    q->rc = rc;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

/* The next batch made into *m: 1, or 0 when the maker has ended (q->rc). */
static int pipe_take(pipe_t *q, made_t *m)
{
    pthread_mutex_lock(&q->mu);
    while (!q->full && !q->finished) pthread_cond_wait(&q->cv, &q->mu);
    int got = q->full;
    if (got) {
        *m = q->slot;
        q->full = 0;
        pthread_cond_broadcast(&q->cv);
    }
    pthread_mutex_unlock(&q->mu);
    return got;
}

/* Sends a batch made, with its audit entry (SQLite: in a transaction of
 * its own; PostgreSQL: in the load's): the side tables' rows handed to
 * their connections (sides, when loading beside), the others sent on s. */
static int send_batch(store_t *s, int pg, side_t *sides, made_t *m, const synth_params_t *p, ov_error_t *err)
{
    int rc = 0;
    for (int i = 0; rc == 0 && sides && i < NSIDE; i++) {
        rc = side_push(&sides[i], m->b[SIDE_TABLES[i]], err);
        m->b[SIDE_TABLES[i]] = NULL;   /* taken */
    }
    if (rc == 0 && !pg) rc = store_begin(s, err);
    for (int k = 0; rc == 0 && k < T__COUNT; k++)
        if (m->b[k]) rc = store_bulk_send(s, m->b[k], err);
    if (rc == 0) rc = audit_batch(s, m, p, err);
    if (rc == 0 && !pg) rc = store_commit(s, err);
    if (rc) {
        ov_error_prefix(err, "bodies s%06lld to s%06lld: ", m->from, m->to - 1);
        store_rollback(s);
    }
    return rc;
}

/* Moves in, in order, each side table whose thread has finished (every
 * one when wait), with its triggers and keys (restore); moved counts
 * those moved. */
static int pg_sides_move(store_t *s, side_t *sides, int *moved, int wait, json_t *restore[RESTORE__COUNT],
                         const long long *next_id, ov_error_t *err)
{
    int rc = 0;
    while (rc == 0 && *moved < NSIDE) {
        side_t *d = &sides[*moved];
        pthread_mutex_lock(&d->mu);
        int finished = d->finished;
        pthread_mutex_unlock(&d->mu);
        if (!finished && !wait) break;
        if ((rc = side_join(d, err)) != 0) break;
        if ((rc = pg_side_move(s, d->k, next_id[d->k], err)) != 0) {
            ov_error_prefix(err, "moving %s in: ", TABLES[d->k].table);
            break;
        }
        if ((rc = exec_all(s, restore[RESTORE_SIDE + *moved], err)) != 0) ov_error_prefix(err, "keys: ");
        ++*moved;
    }
    return rc;
}

/* PostgreSQL, the rows sent: the keys among the tables loaded here
 * checked (one server process each, while the side tables build their
 * indexes), their indexes and triggers made again (an index by two
 * processes), and between those statements each side table that is ready
 * moved in with its triggers and keys (pg_sides_move), the rest waited
 * for at the end; then PG_TRIGGERS. */
static int pg_load_end(store_t *s, side_t *sides, json_t *restore[RESTORE__COUNT], const long long *next_id,
                       ov_error_t *err)
{
    for (int i = 0; sides && i < NSIDE; i++) side_end(&sides[i], 0);   /* every row sent: build */
    int rc = 0, moved = 0;
    const json_t *here[2] = {restore[RESTORE_KEYS], restore[RESTORE_HERE]};
    for (int g = 0; rc == 0 && g < 2; g++) {
        size_t i;
        json_t *sql;
        json_array_foreach(here[g], i, sql) {
            if ((rc = store_exec(s, NULL, NULL, err, json_string_value(sql), NULL)) != 0) {
                ov_error_prefix(err, g == 0 ? "keys: " : "indexes: ");
                break;
            }
            if (sides && (rc = pg_sides_move(s, sides, &moved, 0, restore, next_id, err)) != 0) break;
        }
    }
    if (rc == 0 && sides) rc = pg_sides_move(s, sides, &moved, 1, restore, next_id, err);
    if (rc == 0 && sides) rc = store_exec(s, NULL, NULL, err, "DROP SCHEMA " SIDE_SCHEMA, NULL);   /* empty now */
    if (rc == 0) rc = pg_triggers(s, sides != NULL, "ENABLE", err);
    return rc;
}

static int synth_run(store_t *s, const synth_params_t *p, synth_counts_t *out, ov_error_t *err)
{
    if (p->bodies < 1) return ov_error_set(err, OV_EINVALID, "bodies", "--bodies must be at least 1");
    if (p->recommendations < 0) return ov_error_set(err, OV_EINVALID, "recommendations", "--recommendations must be 0 or more");
    if (p->progress < 0) return ov_error_set(err, OV_EINVALID, "progress", "--progress must be 0 or more");
    json_t *row = NULL;
    int rc = store_query_one(s, &row, err, "count",
                             "SELECT (SELECT count(*) FROM bodies WHERE code = 's000000')"
                             " + (SELECT count(*) FROM recommendations) AS n", NULL);
    if (rc) return rc;
    long long existing = json_integer_value(json_object_get(row, "n"));
    json_decref(row);
    if (existing)
        return ov_error_set(err, OV_ECONFLICT, "db",
                            "the database already holds a record; synth needs a fresh `oversight init` database");

    pipe_t *q = calloc(1, sizeof *q);
    gen_t *g = calloc(1, sizeof *g);
    side_t *sides = calloc(NSIDE, sizeof *sides);
    if (!q || !g || !sides) {
        free(q);
        free(g);
        free(sides);
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    for (int i = 0; i < NSIDE; i++) {
        sides[i].k = SIDE_TABLES[i];
        pthread_mutex_init(&sides[i].mu, NULL);
        pthread_cond_init(&sides[i].cv, NULL);
    }
    g->s = s;
    g->err = &q->err;
    /* ids continue after the highest of each table (init's bodies and decisions) */
    for (int k = 0; k < T__COUNT && rc == 0; k++) {
        while (TABLES[k].cols[g->t[k].ncols]) g->t[k].ncols++;
        char sql[160];
        snprintf(sql, sizeof sql, "SELECT coalesce(max(id), 0) AS n FROM %s", TABLES[k].table);
        if ((rc = store_query_one(s, &row, err, "count", sql, NULL)) == 0) {
            g->next_id[k] = json_integer_value(json_object_get(row, "n")) + 1;
            json_decref(row);
        }
    }
    if (rc == 0) rc = store_bulk_mode(s, 1, err);
    /* PostgreSQL: one transaction, the set-based load above, the side
     * tables beside when they can */
    int pg = store_backend(s) == &store_backend_pg, beside = 0;
    if (rc == 0 && pg && (rc = pg_side_begin(s, sides, &beside, err)) != 0) ov_error_prefix(err, "preparing the load: ");
    g->beside = beside;
    json_t *restore[RESTORE__COUNT] = {0}, *phases = NULL;
    if (rc == 0 && pg && (rc = store_begin(s, err)) == 0) {
        rc = pg_load_begin(s, beside, &phases, restore, err);
        /* nobody wrote to the side tables since their rows were copied */
        for (int i = 0; rc == 0 && beside && i < NSIDE; i++) {
            char sql[160];
            snprintf(sql, sizeof sql, "SELECT count(*) AS n FROM %s", TABLES[SIDE_TABLES[i]].table);
            if ((rc = store_query_one(s, &row, err, "count", sql, NULL)) != 0) break;
            if (json_integer_value(json_object_get(row, "n")) != sides[i].kept)
                rc = ov_error_set(err, OV_ECONFLICT, "db", "%s changed while the load began; try again", TABLES[SIDE_TABLES[i]].table);
            json_decref(row);
        }
        if (rc) {
            ov_error_prefix(err, "preparing the load: ");
            store_rollback(s);
        }
    }
    int open_tx = rc == 0 && pg;
    g->phases = phases;
    /* a fixed "today" (not the clock), so the same seed gives the same rows */
    *q = (pipe_t){.g = g, .p = p, .pg = pg, .today = date_to_days(&(odate_t){2025, 6, 30, DATE_DAY}),
                  .batch = p->batch > 0 ? p->batch : 500};
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->cv, NULL);
    pthread_t maker;
    int started = rc == 0 && pthread_create(&maker, NULL, maker_main, q) == 0;
    if (rc == 0 && !started) rc = ov_error_set(err, OV_EINTERNAL, "", "cannot start the thread that makes the rows");
    made_t m;
    while (rc == 0 && pipe_take(q, &m)) {
        rc = send_batch(s, pg, beside ? sides : NULL, &m, p, err);
        made_free(&m);
        if (rc) {
            open_tx = 0;   /* rolled back */
            pthread_mutex_lock(&q->mu);
            q->stop = 1;
            pthread_cond_broadcast(&q->cv);
            pthread_mutex_unlock(&q->mu);
        } else if (p->on_batch) {
            p->on_batch(p->ctx, m.to, m.rows);
        }
    }
    if (started) pthread_join(maker, NULL);
    if (q->full) made_free(&q->slot);   /* made while the sender failed */
    if (rc == 0 && q->rc) {
        *err = q->err;
        rc = q->rc;
    }
    if (open_tx) {
        if (rc == 0) rc = pg_load_end(s, beside ? sides : NULL, restore, g->next_id, err);
        if (rc == 0) rc = store_commit(s, err);
        else store_rollback(s);
    }
    /* the sides not ended yet (a failure before pg_load_end) stop; with
     * them, anything of theirs goes */
    for (int i = 0; i < NSIDE; i++) {
        side_end(&sides[i], 1);
        side_join(&sides[i], NULL);
        pthread_mutex_destroy(&sides[i].mu);
        pthread_cond_destroy(&sides[i].cv);
    }
    if (rc && pg) {   /* the side tables' new ones, if made */
        ov_error_t ignored = {0};
        store_exec(s, NULL, NULL, &ignored, "DROP SCHEMA IF EXISTS " SIDE_SCHEMA " CASCADE", NULL);
    }
    for (int i = 0; i < RESTORE__COUNT; i++) json_decref(restore[i]);
    json_decref(phases);
    store_bulk_mode(s, 0, NULL);
    for (int k = 0; k < T__COUNT; k++) rows_clear(&g->t[k]);
    free(g->recs);
    buf_free(&g->vector);
    *out = g->n;
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->cv);
    free(q);
    free(g);
    free(sides);
    return rc;
}

int store_synth(store_t *s, const synth_params_t *p, synth_counts_t *out, ov_error_t *err)
{
    memset(out, 0, sizeof *out);
    if (store_backend(s) != &store_backend_pg) return synth_run(s, p, out, err);
    /* one synth at a time on a database: the second would find it empty
     * (nothing committed yet) and drop the first's side tables */
    json_t *row = NULL;
    int rc = store_query_one(s, &row, err, "lock",
                             "SELECT CASE WHEN pg_try_advisory_lock(" STORE_SYNTH_LOCK ") THEN 1 ELSE 0 END AS ok", NULL);
    if (rc) return rc;
    int locked = json_integer_value(json_object_get(row, "ok")) == 1;
    json_decref(row);
    if (!locked)
        return ov_error_set(err, OV_ECONFLICT, "db", "another oversight synth is loading this database; try again when it has ended");
    rc = synth_run(s, p, out, err);
    ov_error_t ignored = {0};
    if (store_query_one(s, &row, &ignored, "lock", "SELECT pg_advisory_unlock(" STORE_SYNTH_LOCK ") AS done", NULL) == 0)
        json_decref(row);
    return rc;
}
