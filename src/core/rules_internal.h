/*
 * rules_internal.h: helpers shared by the rules files (rules_readiness.c,
 * rules_candidates.c, rules_deadlines.c), defined in rules_util.c. Private
 * to src/core/rules_*.c: reading a snapshot as it stood on a day, the
 * labels the sentences use, and building results that remember running out
 * of memory (*oom) instead of failing at each step.
 *
 * Nothing here allocates except where said; strings returned are borrowed
 * from the snapshot (valid while it lives) or static.
 */
#ifndef OV_CORE_RULES_INTERNAL_H
#define OV_CORE_RULES_INTERNAL_H
#include <jansson.h>
#include <stddef.h>
#include "core/buf.h"
#include "core/date.h"

/* ---- reading the snapshot ------------------------------------------- */

/* o[key] if a string, else NULL (core/jget.h jget_str, by the rules' name). */
const char *rules_get_str(const json_t *o, const char *key);
/* 1 if o[key] is a date at any precision (filled into *out), else 0. */
int rules_get_date(const json_t *o, const char *key, odate_t *out);
/* o[key] if an array, else NULL. */
const json_t *rules_get_arr(const json_t *o, const char *key);
/* o[key] as a boolean (true/false or an integer), else dflt. */
int rules_get_bool(const json_t *o, const char *key, int dflt);
/* Text of a string or integer value (ids, recommendation numbers), or NULL;
 * an integer is written into buf. */
const char *rules_scalar_text(const json_t *v, char buf[32]);
/* Days from `from` to `to` (negative when to is earlier). */
long rules_days_from(const odate_t *from, const odate_t *to);
/* The plural ending for n: "" for 1, else "s". */
const char *rules_s_if(long n);

/* Issued by as_of. An item with no usable issue date counts as issued:
 * the record holds it, and hiding it would hide a finding. */
int rules_issued_by(const json_t *item, const char *key, const odate_t *as_of);
/* Closed at as_of: the status (if any) is "closed" and the closing date (if
 * known) is not after as_of. *on (may be NULL) gets the closing date,
 * precision 0 if none. */
int rules_closed_by(const json_t *item, const odate_t *as_of, odate_t *on);
/* Completed at as_of: completed_on not after as_of, or rag "complete" when
 * no completion date is recorded. *on (may be NULL) gets completed_on. */
int rules_plan_done_by(const json_t *item, const odate_t *as_of, odate_t *on);
/* The same three on the values as text (NULL: absent), for the rules
 * over plain structs; the functions above read them from JSON and call these. */
int rules_issued_by_text(const char *issued_on, const odate_t *as_of);
int rules_closed_by_text(const char *status, const char *closed_on, const odate_t *as_of, odate_t *on);
int rules_plan_done_by_text(const char *completed_on, const char *rag, const odate_t *as_of, odate_t *on);
/* The current deadline of a recommendation: the revised one, else the
 * original. 0 if it has none. */
int rules_rec_deadline(const json_t *rec, odate_t *out);
/* The phase at as_of: the period with from <= as_of < to (from or to null
 * = open); of several, the latest start. Periods that cover other days
 * mean the default phase; no periods at all fall back to "phase". */
const char *rules_phase_at(const json_t *snap, const odate_t *as_of);

/* A level of a monitoring framework as the rules see it (strings borrowed
 * from the snapshot or the built-in model). */
typedef struct {
    const char *code, *name, *framework;
    int level;   /* 1 = the framework's routine level; higher = closer scrutiny */
} rules_level_t;

/* The level called code, as the snapshot's "levels" object says ({code:
 * {name, level, framework, default}}, store/snapshot.c), or, for a snapshot
 * without one, as the default framework has it (core/phase.h). 0, or -1
 * when unknown (out then names the code, level 0). */
int rules_level(const json_t *snap, const char *code, rules_level_t *out);

/* The level at position `level` of framework `framework`, likewise; 0 or -1. */
int rules_level_at(const json_t *snap, const char *framework, int level, rules_level_t *out);

/* The code of the default level (every body's unless a decision moved it). */
const char *rules_default_phase(const json_t *snap);
/* The body's name, else its code, else "The body". */
const char *rules_body_name(const json_t *snap);

/* ---- labels ------------------------------------------------------- */

/* "Recommendation 2 (cause of concern 1)" into b. */
void rules_rec_label(buf_t *b, const json_t *snap, const json_t *rec);
/* A plan item's text, else "Plan item ID", into b. */
void rules_plan_item_title(buf_t *b, const json_t *item);
/* The same from text: number or id (NULL: absent), the cause's 1-based
 * position among the body's causes (0: none); text and id. */
void rules_rec_label_text(buf_t *b, const char *number, const char *id, int cause_ordinal);
void rules_plan_item_title_text(buf_t *b, const char *text, const char *id);

/* ---- building results ----------------------------------------------- */

/* A new deep copy of v, or JSON null for NULL. */
json_t *rules_jcopy(const json_t *v);
/* Sets key to value (stolen); records failure in *oom. */
void rules_put(json_t *o, const char *key, json_t *value, int *oom);
/* Takes b's text as a new JSON string and frees b; NULL if b failed. */
json_t *rules_jbuf(buf_t *b);
/* rules_jbuf, first letter capitalised: a reason is read aloud as a
 * sentence even when it starts with a measure's name. */
json_t *rules_jsentence(buf_t *b);
/* Appends item (stolen) to list; records failure in *oom. */
void rules_append(json_t *list, json_t *item, int *oom);

/* ---- indicators ----------------------------------------------------- */

/* One indicator reading. */
typedef struct {
    odate_t period;
    const char *period_text;
    double value, target;
    int has_target, higher_is_better;
    size_t index;
} reading_t;

/* Readings of `measure` with a period not after as_of, oldest first, in a
 * new array (*out, free()). Returns the count, or -1 on ENOMEM. */
long rules_readings_of(const json_t *inds, const char *measure, const odate_t *as_of, reading_t **out);
/* 1 if the reading meets its target (in the indicator's direction). */
int rules_reading_meets(const reading_t *r);
/* 1 if item i is the first with measure m (so each measure is read once). */
int rules_first_of_measure(const json_t *inds, size_t i, const char *m);
/* The value with the indicator's unit: "91.2%", "12 days". */
void rules_value_text(buf_t *b, double v, const json_t *ind);

/* ---- PCC responses -------------------------------------------------- */

/* A published report `in` of body snapshot `snap` whose PCC response is
 * due before as_of and not recorded by then, with its publication day and
 * due day filled in. Only a body that owes one (rules_pcc_owed of the
 * snapshot's "kind") and reports published on a known day count: a
 * publication known only as "2022" gives no due date worth asserting. */
int rules_pcc_pending(const json_t *snap, const json_t *in, const odate_t *as_of, odate_t *published, odate_t *due);
/* The same from text: the body's kind, the report's publication day and
 * its response's (NULL: none). */
int rules_pcc_pending_text(const char *body_kind, const char *published_on, const char *response_on,
                           const odate_t *as_of, odate_t *published, odate_t *due);

#endif
