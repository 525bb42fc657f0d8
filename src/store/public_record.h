/*
 * public_record.h: the published part of the monitoring record, for the
 * public pages and the public JSON list (issue #16, item 2): causes of
 * concern and recommendations once the report that carries them is
 * published, asked of the one publication rule (store/publication.h), never
 * a copy of it. Progress updates, evidence, drafts, readiness and the audit
 * trail are not here: they are never public.
 *
 * Each recommendation row comes named as the letters name it
 * ("Recommendation 2 of cause of concern 1": the cause's place among the
 * causes of its report), with its status in plain words
 * (core/record.h record_rec_public_status), its original and current
 * deadline, its requirements counted, its body, and the revisit that closed
 * it when that revisit is itself public.
 */
#ifndef OV_STORE_PUBLIC_RECORD_H
#define OV_STORE_PUBLIC_RECORD_H
#include <jansson.h>
#include "store/store.h"

/* What the national list is filtered by; NULL or 0: not filtered. */
typedef struct {
    const char *body;      /* a body's code */
    const char *kind;      /* a kind of body (police_force, fire_service, ...) */
    const char *status;    /* one of PUBLIC_STATUSES */
    int overdue;           /* only those past their current deadline and not closed */
    const char *theme;     /* a theme's code (sql/017) */
    int priority;          /* 1: only those flagged as a priority */
    long long limit, offset;
} public_filter_t;

/* The status filter's values, each with its words (NULL-terminated pairs):
 * open (not closed: the default of the national view), in_progress,
 * closed, closed_implemented, closed_not_implemented, closed_not_recorded,
 * superseded, withdrawn, all. */
extern const char *const PUBLIC_STATUSES[][2];
/* 1 if s is one of PUBLIC_STATUSES' values. */
int store_public_status_known(const char *s);

/* The published recommendations that f selects on `today` (YYYY-MM-DD),
 * by body name, report, cause and number: a new object {"items": [...],
 * "total": N (all that match, before limit and offset)}. */
int store_public_recommendations(store_t *s, const char *today, const public_filter_t *f, json_t **out,
                                 ov_error_t *err);

/* The published causes of concern of body `code` on today, each with its
 * published recommendations ("recommendations") and, where public, the
 * revisit that closed it; then the body's published recommendations that
 * belong to no cause; then "reports": the body's published reports that
 * record how many recommendations they made (migration 018), each {id,
 * title, url, published_on, recommendations_made,
 * recommendations_recorded}; then "pcc_responses": the local policing
 * body's published responses to the body's reports (s.55), each {id,
 * report, report_url, report_published_on, published_on, url, summary,
 * chief_officer_comments, answers: [{number, action}]}. A new object
 * {"causes": [...], "other": [...], "reports": [...], "pcc_responses":
 * [...]}. Each cause and recommendation has its
 * public_status / public_status_text (record_rec_public_status, from the
 * outcome recorded at closing), its outcome and closing_reason, and
 * report_recommendations_made. */
int store_public_body_record(store_t *s, const char *code, const char *today, json_t **out, ov_error_t *err);

/* One published cause of concern (table "causes_of_concern") or
 * recommendation ("recommendations") as the public sees it: its public
 * facts, the recommendations (of a cause) or requirements and deadline
 * revisions (of a recommendation), and "corrections": the recorded
 * corrections of its closure (store/corrections.h), public with it. OV_ENOTFOUND when there is no such row
 * or it is not public on today: the public cannot tell the two apart.
 * today NULL: the same view of the whole record, published or not (for
 * those who may read the body's record). */
int store_public_item(store_t *s, const char *table, long long id, const char *today, json_t **out,
                      ov_error_t *err);

#endif
