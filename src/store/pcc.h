/*
 * pcc.h: the local policing body's response to an inspection report
 * (Police Act 1996 s.55; sql/020_pcc_responses.sql): one per (report,
 * body), with the chief officer's comments and a response to each
 * recommendation. The rows are written through the entity layer
 * (store/entity.h: pcc-responses, pcc-recommendation-responses); this file
 * holds what the descriptors cannot say and the page's reading.
 */
#ifndef OV_STORE_PCC_H
#define OV_STORE_PCC_H
#include "store/store.h"

/* Checks row id of `table` as the write left it, inside the writer's
 * transaction: a PCC response is owed by a police force's local policing
 * body only (rules_pcc_owed, core/rules.h), so one for another kind of
 * body is OV_EINVALID naming "inspection_id"; a response to a
 * recommendation must be to one the report made (directly, or through a
 * cause of concern of the report): else OV_EINVALID naming
 * "recommendation_id". Other tables: 0. */
int store_pcc_check(store_t *s, const char *table, long long id, ov_error_t *err);

/* The reports of body `code` that owe it a response (published, on any
 * precision), oldest first, each with its response from the body's local
 * policing body and the answer to each recommendation. New array in *out
 * (caller json_decref):
 *   [ {"id", "title", "published_on",
 *      "response": {"id", "published_on", "url", "summary",
 *                   "chief_officer_comments"} | null,
 *      "recommendations": [ {"id", "number", "cause_id", "text",
 *                   "answer": {"id", "action"} | null} ] } ]
 * Empty for a body that owes none (not a police force). */
int store_pcc_reports(store_t *s, const char *code, json_t **out, ov_error_t *err);

#endif
