/*
 * rules.h: what the record says, in words. Pure functions over a body's
 * record snapshot (JSON, built by src/store/snapshot.c); no I/O.
 *
 * Snapshot of one body (every array may be empty or absent; dates are ISO
 * text at the precision known, "2025", "2025-01" or "2025-01-23", and are
 * compared by their first day, so a closure recorded as "2025-01" counts as
 * closed from 2025-01-01):
 *
 * { "code": "met", "name": "Metropolitan Police Service", "kind": "police",
 *   "phase": "engage", "phase_since": "2022-06-28",
 *   "periods": [ {"phase": "engage", "from": "2022-06-28", "to": "2025-01-23"|null} ],
 *   "inspections": [ {"id", "kind", "title", "published_on",
 *                     "grades": [ {"area", "grade"} ],      grade one of outstanding,
 *                                                           good, adequate,
 *                                                           requires_improvement, inadequate
 *                     "pcc_response_on": "2023-..."|null } ],
 *   "causes": [ {"id", "title", "text", "accelerated": bool, "added_to_engage": bool,
 *                "issued_on", "status": "open"|"closed", "closed_on"|null,
 *                "close_override_reason"|null } ],
 *   "recommendations": [ {"id", "number", "cause_id"|null, "text", "issued_on",
 *                "acceptance": "pending"|"accepted"|"not_accepted",
 *                "status": "open"|"in_progress"|"implemented"|"closed",
 *                "implemented_on"|null, "closed_on"|null,
 *                "original_deadline"|null, "deadline"|null (current, after revisions),
 *                "requirements_total": n, "requirements_met": n } ],
 *   "plan_items": [ {"id", "plan", "pillar"|null, "kind": "key_action"|"outcome", "text",
 *                "target_date"|null, "rag": "not_started"|"red"|"amber"|"green"|"complete",
 *                "completed_on"|null } ],
 *   "external_matters": [ {"id", "report", "reference"|null, "text",
 *                "status": "open"|"in_progress"|"closed", "closed_on"|null } ],
 *   "areas_for_improvement": [ {"id", "text", "issued_on", "status", "closed_on"|null} ],
 *   "revisits": [ {"id", "title", "started_on", "ended_on"|null, "findings"|null} ],
 *   "ppog": [ {"held_on", "outcome": "remain"|"recommend_exit"|"recommend_entry"|"noted",
 *                "notes"|null } ],
 *   "indicators": [ {"measure", "period", "value": number, "target": number|null,
 *                "higher_is_better": bool, "unit"|null } ],
 *   "progress_updates": [ {"id", "submitted_on", "recommendation_id"|null, "text"} ] }
 *
 * Time travel: every rule takes an `as_of` day and reads the record as it
 * stood then: items issued after as_of are ignored; an item closed after
 * as_of counts as still open; the phase is the period covering as_of.
 *
 * Each result item carries "reason": one plain-English sentence a person
 * could read aloud ("Recommendation 2 (cause of concern 1) is in progress;
 * its deadline 2023-12-31 passed 142 days ago.").
 */
#ifndef OV_CORE_RULES_H
#define OV_CORE_RULES_H
#include <jansson.h>
#include "core/buf.h"
#include "core/jw.h"
#include "core/date.h"

/* Days a local policing body has to respond to a published report (Police
 * Act 1996 s.55: the period begins with the day of publication, so that day
 * is the first of the 56). */
#define RULES_PCC_RESPONSE_DAYS 56
/* Consecutive periods below target that make an indicator a warning sign. */
#define RULES_INDICATOR_RUN 3
/* Window used by deadlines when no `before` is given. */
#define RULES_UPCOMING_DAYS 30

/*
 * Readiness to return to Scan. Returns a new object:
 * { "code", "as_of", "phase" (at as_of), "in_engage": bool,
 *   "ready": bool (in Engage and nothing blocking),
 *   "blocking":   [ {"kind", "id", "title", "reason"} ],
 *   "supporting": [ {"kind", "id"|null, "title", "reason"} ],
 *   "summary": "..." }
 * kind is one of "cause_of_concern", "recommendation", "plan_item",
 * "external_matter", "ppog", "indicator", "revisit", "phase".
 * Blocking: open causes of concern; recommendations not closed (an
 * implemented-but-unverified one blocks with that said); plan items past
 * their target date and not complete; open external matters.
 * Supporting: closed causes (with date), closed recommendations, plan items
 * complete, the latest PPOG outcome recommending exit, indicators meeting
 * target in their latest period, revisits done.
 * A body not in Engage at as_of: in_engage false, ready false, one
 * blocking item of kind "phase" saying so. NULL only on bad input (snap
 * not an object) or ENOMEM.
 */
json_t *rules_readiness(const json_t *snap, const odate_t *as_of);

/* The weight of each sign of an Engage candidate (docs/candidates.md). */
#define RULES_WEIGHT_GRADE 3
#define RULES_WEIGHT_ACCELERATED 3
#define RULES_WEIGHT_CAUSE 1
#define RULES_WEIGHT_OVERDUE 1
#define RULES_WEIGHT_INDICATOR 2
#define RULES_WEIGHT_PCC 1

/*
 * Engage candidates among bodies in Scan at as_of. snaps is an array of
 * snapshots. Returns a new array of {"code", "name", "phase", "score",
 * "returned_on" (when the body last returned to its routine level by
 * as_of; absent if it never did), "reasons": [ {"kind", "weight",
 * "reason", "source"} ]} for bodies with at least one sign, highest score
 * first, then by code. Each reason is one fact of the record; source names
 * it: {"table", "id"} (causes_of_concern, recommendations, inspections),
 * {"table": "grades", "inspection_id", "area"} or {"table": "indicators",
 * "measure", "period"}. Signs (kind, weight):
 *   "grade"         an inadequate grade in the latest inspection published
 *                   by as_of (RULES_WEIGHT_GRADE each),
 *   "accelerated"   an open accelerated cause of concern (..._ACCELERATED),
 *   "cause"         any other open cause of concern (..._CAUSE),
 *   "overdue"       a recommendation past its current deadline, not closed
 *                   (..._OVERDUE),
 *   "indicator"     RULES_INDICATOR_RUN or more consecutive latest periods
 *                   below target (..._INDICATOR),
 *   "pcc_overdue"   a report on a police force published on a known day
 *                   (not just a month or year) with no PCC response by the
 *                   last of the 56 days beginning with the day of
 *                   publication (..._PCC).
 * A body that returned to its routine level (rules_returned_on) is not
 * flagged on facts dated before that day: inspections published, causes
 * issued, deadlines passed, indicator periods and PCC due days before it.
 * A retired body (a snapshot with "retired_on") is never a candidate.
 */
json_t *rules_engage_candidates(const json_t *snaps, const odate_t *as_of);

/* The same list written as JSON text by w (core/jw.h), byte for byte what
 * json_dumps(JSON_COMPACT | JSON_ENSURE_ASCII) gives of
 * rules_engage_candidates's array, with no tree: each candidate's text is
 * made once, then put in order. 0, or -1 for a bad as_of, text that is
 * not valid UTF-8 or ENOMEM (w then failed or partly written). */
int rules_engage_candidates_write(const json_t *snaps, const odate_t *as_of, jw_t *w);

/*
 * An overdue recommendation of a page's body as plain row text (strings
 * borrowed; NULL: absent), for rules_engage_candidates_write_rows: the
 * members of a snapshot's "recommendations" item that the reasons read.
 */
typedef struct {
    long long id, cause_id;
    int has_cause;   /* 0: cause_id is NULL */
    const char *number, *issued_on, *status, *closed_on, *original_deadline, *deadline;
} rules_ca_rec_t;
/* One body's, in the order of its snapshot's list (issue day, then id). */
typedef struct {
    const rules_ca_rec_t *v;
    size_t n;
} rules_ca_recs_t;

/* rules_engage_candidates_write, each snapshot's recommendations taken
 * from recs[i] (parallel to snaps; any "recommendations" of the snapshot
 * itself are not read): the same text for the same record, with no JSON
 * object per recommendation. */
int rules_engage_candidates_write_rows(const json_t *snaps, const rules_ca_recs_t *recs, const odate_t *as_of, jw_t *w);

/* The day snap's body last returned from a higher level of its framework
 * to its routine level (level 1), by as_of: the effective day of that
 * decision, in *on. 1 if it did, else 0. */
int rules_returned_on(const json_t *snap, const odate_t *as_of, odate_t *on);

/*
 * The same for one snapshot, without the reasons: 1 if
 * rules_engage_candidates would list its body, with that entry's score in
 * *score; 0 if not (*score 0); -1 for a bad as_of or ENOMEM. For ranking
 * many bodies, where the sentences would be thrown away.
 */
int rules_engage_score(const json_t *snap, const odate_t *as_of, long *score);

/*
 * A body's record for rules_engage_score_plain, as plain rows (strings
 * borrowed; NULL: absent). Each list in the order of the full snapshot:
 * decisions by effective day then id, inspections by publication then id,
 * causes by issue then id, indicators by measure then period.
 */
typedef struct {
    const char *from_phase, *to_phase, *effective_on;
} rules_ca_decision_t;
typedef struct {
    const char *published_on, *pcc_response_on;
    int grades, inadequate;   /* its grades, and how many of them "inadequate" */
} rules_ca_inspection_t;
typedef struct {
    const char *issued_on, *status, *closed_on;
    int accelerated;
} rules_ca_cause_t;
typedef struct {
    const char *measure, *period;
    int has_target;   /* a target recorded (the value always is) */
    int meets;        /* the value meets the target in the indicator's
                       * direction, compared by the store as numbers */
} rules_ca_indicator_t;
typedef struct {
    const char *code, *kind;
    const char *phase;   /* its current level (bodies.phase) */
    const rules_ca_decision_t *decisions;
    const rules_ca_inspection_t *inspections;
    const rules_ca_cause_t *causes;
    const rules_ca_indicator_t *indicators;
    size_t ndecisions, ninspections, ncauses, nindicators;
    long overdue;   /* recommendations overdue at as_of, counted by the store
                     * with the same cut at a return (not read one by one) */
} rules_ca_body_t;

/*
 * rules_engage_score over plain rows: the same answer (1 and *score, or 0)
 * for the same record. levels is a snapshot-like object holding "levels"
 * (store_levels_json). -1 for a bad as_of or ENOMEM.
 */
int rules_engage_score_plain(const rules_ca_body_t *b, const json_t *levels, const odate_t *as_of, long *score);

/*
 * Deadlines across bodies: items not done whose due date is before
 * `before`, as seen on `today`. snaps is an array of snapshots. Returns a
 * new object {"today", "before", "overdue": [...], "upcoming": [...]},
 * each item {"code", "kind", "id", "title", "due", "days" (negative =
 * overdue by), "reason"}, sorted by due date then code. Kinds:
 * "recommendation" (current deadline), "plan_item" (target date),
 * "pcc_response" (the 56th day counting publication day, no response yet).
 */
json_t *rules_deadlines(const json_t *snaps, const odate_t *today, const odate_t *before);

/*
 * The same rule over plain structs, for the lists of thousands of items
 * (GET /api/v1/deadlines): no JSON either side, the sentences written only
 * for the items shown, into the caller's buffers.
 */
typedef enum { RULES_DUE_RECOMMENDATION, RULES_DUE_PLAN_ITEM, RULES_DUE_PCC_RESPONSE } rules_due_kind_t;

/* One item that may be due, as the store reads it. Strings are borrowed
 * (NULL: absent); dates as kept, at their precision. */
typedef struct {
    rules_due_kind_t kind;
    long long id;
    const char *code, *name, *body_kind;       /* its body */
    /* a recommendation: the current deadline is `deadline` (the latest
     * revision's), else `original_deadline`; cause_ordinal is the position
     * of its cause among its body's causes (by issued_on, id), from 1; 0: none */
    const char *number, *issued_on, *status, *closed_on, *deadline, *original_deadline;
    int cause_ordinal;
    /* a plan item */
    const char *text, *target_date, *rag, *completed_on;
    /* a report owing a PCC response: its title, publication day and the
     * response's (NULL: none yet) */
    const char *title, *published_on, *pcc_response_on;
} rules_due_row_t;

/* An item due: its row (borrowed), its due day and days from today
 * (negative = overdue by). */
typedef struct {
    const rules_due_row_t *row;
    odate_t due;
    long days;
} rules_due_t;

/* The items due, as rules_deadlines lists them: v[0..overdue) overdue,
 * v[overdue..n) upcoming, each by due day then code (then the rows' order).
 * v is owned (rules_dues_free). */
typedef struct {
    odate_t today, before;
    rules_due_t *v;
    size_t n, overdue;
} rules_dues_t;

/* Of rows[0..n) the items rules_deadlines would list for today/before
 * (before NULL: today + RULES_UPCOMING_DAYS), in its order, into *out.
 * 0, or -1 on a bad date or ENOMEM (*out then empty). */
int rules_deadline_items(const rules_due_row_t *rows, size_t n, const odate_t *today, const odate_t *before,
                         rules_dues_t *out);
/* An item's "title" and "reason", as rules_deadlines words them, into
 * title and reason (emptied first; the caller's, reused from item to
 * item). 0, or -1 when a buffer failed. */
int rules_deadline_text(const rules_due_t *item, buf_t *title, buf_t *reason);
/* The parts of that reason, for a writer that puts it straight into its
 * reply: the reason is the title (its first letter capitalised), " for ",
 * rules_deadline_name, then what rules_deadline_reason_rest appends. */
/* An item's title alone, into title (emptied first). 0, or -1. */
int rules_deadline_title(const rules_due_t *item, buf_t *title);
/* The name the reason gives the item's body (its name, else its code). */
const char *rules_deadline_name(const rules_due_t *item);
/* The rest of the reason (" was due on 2026-01-02 and is 3 days overdue."
 * and the like) appended to out, due_text being the item's due day as
 * date_format writes it: printable ASCII, no '"' nor '\\', so the same
 * text quoted in JSON. */
void rules_deadline_reason_rest(buf_t *out, const char *due_text, long days);
/* "recommendation", "plan_item" or "pcc_response". */
const char *rules_due_kind_name(rules_due_kind_t kind);
void rules_dues_free(rules_dues_t *d);

/* The day a PCC response is due for a report published on `published`:
 * the last of RULES_PCC_RESPONSE_DAYS days beginning with the day of
 * publication (published 2024-10-10: due 2024-12-04). */
odate_t rules_pcc_due(const odate_t *published);

/* The kind of body whose local policing body owes a response (s.55 is a
 * duty of police bodies: not fire and rescue services, not national
 * bodies). For queries that must bound themselves to those reports. */
#define RULES_PCC_BODY_KIND "police"

/* 1 if a body of `kind` ("police", "fire", "national"; NULL: unknown)
 * owes a PCC response to a report on it, else 0. The one rule every
 * place that lists, counts or reminds of PCC responses asks. */
int rules_pcc_owed(const char *kind);

/* The first publication day whose response is due on or after `day`:
 * a report published before it has rules_pcc_due(published) < day. For
 * bounding queries to exactly the reports rules_pcc_due makes due. */
odate_t rules_pcc_published_cutoff(const odate_t *day);

#endif
