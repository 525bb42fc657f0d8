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

/* Who reads a calendar: today ("YYYY-MM-DD") for the publication rule
 * (store/publication.h), NULL for staff, who read every body's record;
 * own: the code of the one body whose record the reader reads (its own
 * user), or NULL. The public: {today, NULL}. */
typedef struct {
    const char *today;
    const char *own;
} feed_reader_t;

/* No limit, in practice, for the calendars' rows. */
#define FEED_ALL_ROWS 1000000

/* Phase decisions, newest (effective_on, then id) first, at most limit:
 * {id, code, name (the body's), from_name, to_name (the phases' names),
 * decided_by, effective_on, rationale}. */
int store_feed_decisions(store_t *s, const char *code, long long limit, json_t **out, ov_error_t *err);

/* Letters public on today (store/publication.h), newest (id) first, at most limit: {id, code, name (the
 * body's), kind, title (may be null or ""), published_on, published_at,
 * conclusion}. */
int store_feed_letters(store_t *s, const char *code, long long limit, const char *today, json_t **out,
                       ov_error_t *err);

/* Corrections and withdrawals of closures (store/corrections.h) of
 * recommendations and causes of concern public on today
 * (store/publication.h), newest first, at most limit: {id, entity
 * ("recommendations" or "causes_of_concern"), entity_id, kind, text,
 * reason, corrected_by, corrected_on, code, name (the body's), closed_on,
 * outcome (of the original closure), rec_number (null for a cause),
 * cause_number (its place among the causes of its report, null when none)}. */
int store_feed_closure_corrections(store_t *s, const char *code, long long limit, const char *today, json_t **out,
                                   ov_error_t *err);

/* Published news releases (public on today), newest first, at most limit,
 * of body code (NULL: all), as a new array of {id, code, name,
 * published_on, published_at, content} (content: the frozen model, JSON
 * text). */
int store_feed_releases(store_t *s, const char *code, long long limit, const char *today, json_t **out,
                        ov_error_t *err);

/* Recommendations for reader (public on today, or of the reader's own
 * record) by deadline, then id: {id, code, name, number, text,
 * status, original_deadline, deadline (the latest revision's, else the
 * original), revision_reason (the latest revision's, else null), revisions
 * (how many), cause_title (null without a cause)}. */
int store_feed_recommendation_deadlines(store_t *s, const char *code, const feed_reader_t *reader, json_t **out,
                                        ov_error_t *err);

/* Plan items that have a target date, by target date, then id: {id, code,
 * name, plan (its name), pillar (its title, or null), kind, text,
 * target_date, rag}. */
int store_feed_plan_targets(store_t *s, const char *code, json_t **out, ov_error_t *err);

/* Inspections for reader (public on today, or of the reader's own
 * record), by
 * publication date, then id: {id, code, name, kind (the body's: whether a
 * response is owed is rules_pcc_owed's to say), title, published_on,
 * response_on (when the body's local policing body's response was
 * published, or null)}. */
int store_feed_pcc_responses(store_t *s, const char *code, const feed_reader_t *reader, json_t **out,
                             ov_error_t *err);

#endif
