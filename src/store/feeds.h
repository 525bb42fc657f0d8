/*
 * feeds.h: the rows the feeds are built from (api/feeds.c: the Atom feed
 * of phase decisions and published letters, the iCalendar deadlines).
 * `code` is a body code, or NULL for every body; `today` ("YYYY-MM-DD")
 * is the day the publication rule is asked for. Each function returns a
 * new JSON array of row objects in *out (caller json_decref; NULL on an
 * error).
 */
#ifndef OV_STORE_FEEDS_H
#define OV_STORE_FEEDS_H
#include "store/store.h"

/* Phase decisions, newest (effective_on, then id) first, at most limit:
 * {id, code, name (the body's), from_name, to_name (the phases' names),
 * decided_by, effective_on, rationale}. */
int store_feed_decisions(store_t *s, const char *code, long long limit, json_t **out, ov_error_t *err);

/* Letters public on today (store/publication.h), newest (id) first, at most limit: {id, code, name (the
 * body's), kind, title (may be null or ""), published_on, published_at,
 * conclusion}. */
int store_feed_letters(store_t *s, const char *code, long long limit, const char *today, json_t **out,
                       ov_error_t *err);

/* Recommendations public on today (store/publication.h) by deadline, then id: {id, code, name, number, text,
 * status, original_deadline, deadline (the latest revision's, else the
 * original), revision_reason (the latest revision's, else null), revisions
 * (how many), cause_title (null without a cause)}. */
int store_feed_recommendation_deadlines(store_t *s, const char *code, const char *today, json_t **out,
                                        ov_error_t *err);

/* Plan items that have a target date, by target date, then id: {id, code,
 * name, plan (its name), pillar (its title, or null), kind, text,
 * target_date, rag}. */
int store_feed_plan_targets(store_t *s, const char *code, json_t **out, ov_error_t *err);

/* Inspections public on today (store/publication.h), by
 * publication date, then id: {id, code, name, title, published_on,
 * response_on (when the PCC response was published, or null)}. */
int store_feed_pcc_responses(store_t *s, const char *code, const char *today, json_t **out, ov_error_t *err);

#endif
