/*
 * publication.c: the publication rule as SQL (publication.h). Dates are
 * compared as text, as core/publication.c does: a partial date is padded
 * with "99" to sort after every day of its period.
 */
#include "store/publication.h"
#include <stdio.h>
#include <string.h>

/* Every row public (publication.h). */
static const char *const ALL_PUBLIC[] = {"frameworks", "phases", "phase_transitions", "bodies", "decisions",
                                         "phase_periods", "plans", "plan_pillars", "plan_items", "external_reports", "external_matters",
                                         "ppog_meetings", "ppog_items", "body_changes", "national_bodies",
                                         "body_people", "hmi_group_meetings", "hmi_group_items", "themes", NULL};

int store_publication_all_public(const char *table)
{
    for (const char *const *t = ALL_PUBLIC; table && *t; t++)
        if (strcmp(*t, table) == 0) return 1;
    return 0;
}

/* expr (a publication date) is on or before param. */
static void date_public(buf_t *q, const char *expr, const char *param)
{
    buf_printf(q, "(COALESCE(%s, '') <> '' AND substr(%s || '-99-99', 1, 10) <= %s)", expr, expr, param);
}

/* Every link to the row that carries an item is a correlated EXISTS by
 * that row's primary key, never "column IN (SELECT id FROM ...)": SQLite
 * builds such a list from every row of the carrying table once per
 * statement, so one body's page read every recommendation and every
 * inspection held (the uncached page grew with the whole record). */
static void inspection_public(buf_t *q, const char *column, const char *param)
{
    buf_printf(q, "EXISTS (SELECT 1 FROM inspections pub_i WHERE pub_i.id = %s AND ", column);
    date_public(q, "pub_i.published_on", param);
    buf_puts(q, ")");
}

static void recommendation_public(buf_t *q, const char *alias, const char *param)
{
    char col[200];
    snprintf(col, sizeof col,
             "COALESCE(%s.inspection_id, (SELECT pub_c.inspection_id FROM causes_of_concern pub_c"
             " WHERE pub_c.id = %s.cause_id))", alias, alias);
    inspection_public(q, col, param);
}

/* What store_publication_where writes for a table it never makes public. */
#define NEVER_PUBLIC "1 = 0"

int store_publication_never(const char *table)
{
    /* asked of the rule itself, so that a table given a rule of its own
     * is never left out of the export by a second list */
    buf_t q = BUF_INIT;
    store_publication_where(&q, table, "t", "?1");
    int never = !q.failed && q.data && strcmp(q.data, NEVER_PUBLIC) == 0;
    buf_free(&q);
    return never;
}

int store_publication_where(buf_t *q, const char *table, const char *alias, const char *param)
{
    char col[160];
    if (store_publication_all_public(table)) {
        buf_puts(q, "1 = 1");
    } else if (strcmp(table, "inspections") == 0 || strcmp(table, "revisits") == 0) {
        snprintf(col, sizeof col, "%s.published_on", alias);
        date_public(q, col, param);
    } else if (strcmp(table, "grades") == 0 || strcmp(table, "areas_for_improvement") == 0
               || strcmp(table, "causes_of_concern") == 0) {
        snprintf(col, sizeof col, "%s.inspection_id", alias);
        inspection_public(q, col, param);
    } else if (strcmp(table, "recommendations") == 0) {
        recommendation_public(q, alias, param);
    } else if (strcmp(table, "requirements") == 0 || strcmp(table, "deadline_revisions") == 0) {
        buf_printf(q, "EXISTS (SELECT 1 FROM recommendations pub_r WHERE pub_r.id = %s.recommendation_id AND ", alias);
        recommendation_public(q, "pub_r", param);
        buf_puts(q, ")");
    } else if (strcmp(table, "recommendation_themes") == 0) {   /* a tag is public with its item */
        buf_printf(q, "EXISTS (SELECT 1 FROM recommendations pub_r WHERE pub_r.id = %s.recommendation_id AND ", alias);
        recommendation_public(q, "pub_r", param);
        buf_puts(q, ")");
    } else if (strcmp(table, "cause_themes") == 0) {
        buf_printf(q, "EXISTS (SELECT 1 FROM causes_of_concern pub_c WHERE pub_c.id = %s.cause_id AND ", alias);
        inspection_public(q, "pub_c.inspection_id", param);
        buf_puts(q, ")");
    } else if (strcmp(table, "corrections") == 0) {
        /* a correction of a decision or a closure is public with what it
         * corrects, beside it */
        snprintf(col, sizeof col, "%s.entity_id", alias);
        buf_printf(q, "(%s.entity = 'decisions' OR (%s.entity = 'recommendations' AND ", alias, alias);
        store_publication_link(q, "recommendations", col, param);
        buf_printf(q, ") OR (%s.entity = 'causes_of_concern' AND ", alias);
        store_publication_link(q, "causes_of_concern", col, param);
        buf_puts(q, "))");
    } else if (strcmp(table, "letters") == 0 || strcmp(table, "releases") == 0) {
        /* published without a date of its own: public from then on (a news
         * release is public by the letter's rule) */
        snprintf(col, sizeof col, "%s.published_on", alias);
        buf_printf(q, "(%s.status = 'published' AND (COALESCE(%s.published_on, '') = '' OR ", alias, alias);
        date_public(q, col, param);
        buf_puts(q, "))");
    } else if (strcmp(table, "reports") == 0) {
        /* a report covering many bodies: its own publication, as the
         * inspections rows it gives each body carry the same date */
        snprintf(col, sizeof col, "%s.published_on", alias);
        date_public(q, col, param);
    } else if (strcmp(table, "shared_recommendations") == 0) {
        buf_printf(q, "EXISTS (SELECT 1 FROM reports pub_rep WHERE pub_rep.id = %s.report_id AND ", alias);
        store_publication_where(q, "reports", "pub_rep", param);
        buf_puts(q, ")");
    } else if (strcmp(table, "national_parts") == 0) {
        buf_printf(q, "EXISTS (SELECT 1 FROM shared_recommendations pub_sr WHERE pub_sr.id = %s.shared_id AND ", alias);
        store_publication_where(q, "shared_recommendations", "pub_sr", param);
        buf_puts(q, ")");
    } else if (strcmp(table, "national_part_events") == 0) {
        /* a national part's progress and deadline revisions, as a
         * recommendation's deadline revisions are: with their part */
        buf_printf(q, "EXISTS (SELECT 1 FROM national_parts pub_np WHERE pub_np.id = %s.part_id AND ", alias);
        store_publication_where(q, "national_parts", "pub_np", param);
        buf_puts(q, ")");
    } else if (strcmp(table, "pcc_responses") == 0) {
        /* the local policing body publishes its response (Police Act 1996
         * s.55(1)): public from its own publication day, once the report
         * it answers is public too */
        snprintf(col, sizeof col, "%s.published_on", alias);
        buf_puts(q, "(");
        date_public(q, col, param);
        buf_puts(q, " AND ");
        snprintf(col, sizeof col, "%s.inspection_id", alias);
        inspection_public(q, col, param);
        buf_puts(q, ")");
    } else if (strcmp(table, "pcc_recommendation_responses") == 0) {
        /* the answer to each recommendation (s.55(5B)): with its response */
        buf_printf(q, "EXISTS (SELECT 1 FROM pcc_responses pub_pcc WHERE pub_pcc.id = %s.response_id AND ", alias);
        store_publication_where(q, "pcc_responses", "pub_pcc", param);
        buf_puts(q, ")");
    } else if (strcmp(table, "release_quotes") == 0) {
        buf_printf(q, "EXISTS (SELECT 1 FROM releases pub_rel WHERE pub_rel.id = %s.release_id AND ", alias);
        store_publication_where(q, "releases", "pub_rel", param);
        buf_puts(q, ")");
    } else {
        buf_puts(q, NEVER_PUBLIC);
    }
    return q->failed ? -1 : 0;
}

int store_publication_link(buf_t *q, const char *table, const char *column, const char *param)
{
    buf_printf(q, "EXISTS (SELECT 1 FROM \"%s\" pub_l WHERE pub_l.id = %s AND ", table, column);
    store_publication_where(q, table, "pub_l", param);
    buf_puts(q, ")");
    return q->failed ? -1 : 0;
}
