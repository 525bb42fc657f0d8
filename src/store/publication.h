/*
 * publication.h: the publication rule (core/publication.h,
 * docs/publication.md) as SQL, the one place every public door asks:
 * the open-data export (JSON and CSV), the Atom and iCal feeds, the
 * letters' index and pages.
 *
 * An item is public once the report or letter that carries it is
 * published on or before today:
 *   inspections, revisits       their own published_on
 *   grades, areas for improvement, causes of concern
 *                               their inspection's
 *   recommendations             their inspection's, else their cause's
 *   requirements, deadline revisions
 *                               their recommendation's
 *   letters, news releases      status 'published', and published_on (if
 *                               it has one) on or before today
 *   corrections (of a decision or a closure)
 *                               the decision, recommendation or cause of
 *                               concern they correct
 *   news release quotes         their release's (its block edits: never)
 *   reports (covering many bodies) their own published_on
 *   shared recommendations, national parts, national part events
 *                               their report's
 *   frameworks, phases (their levels), phase transitions, bodies,
 *   decisions (and the phase periods they make), plans
 *   with their pillars and items, external reports and matters, PPOG
 *   and HMI monitoring group outcomes, bodies' changes (without who
 *   recorded them), national bodies, post holders
 *                               public as they stand (the phase record
 *                               and the agreed plan are public)
 *   anything else (progress updates, evidence, indicators, PCC
 *   responses, status history, accounts, audit): never.
 *
 * `param` is the placeholder the caller binds today's date to
 * ("YYYY-MM-DD"), e.g. "?1"; `alias` names the row in the caller's
 * statement. Both are the caller's own static text, never input.
 */
#ifndef OV_STORE_PUBLICATION_H
#define OV_STORE_PUBLICATION_H
#include "core/buf.h"

/* Appends to q a SQL condition, true when row `alias` of `table` is
 * public on the day bound to `param`. A table the rule does not name
 * gets a condition that is never true. 0, or -1 when q failed. */
int store_publication_where(buf_t *q, const char *table, const char *alias, const char *param);

/* Appends to q a SQL condition, true when `column` (an expression
 * holding an id of `table`) names a public row of `table`. 0 or -1. */
int store_publication_link(buf_t *q, const char *table, const char *column, const char *param);

/* 1 if the rule makes every row of `table` public, 0 if it decides per
 * row or never shows the table. */
int store_publication_all_public(const char *table);

/* 1 if the rule never makes a row of `table` public (PCC responses,
 * progress updates, ...): the public export leaves such a table out. */
int store_publication_never(const char *table);

#endif
