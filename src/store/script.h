/*
 * script.h: loads a monitoring record written as JSON (the demo data, and
 * `oversight load FILE`):
 *
 *   {"steps": [
 *     {"entity": "inspections", "as": "cse2023", "fields": {"body": "met", ...}},
 *     {"entity": "causes-of-concern", "as": "coc1",
 *      "fields": {"inspection_id": "@cse2023", "status": "closed", ...}} ]}
 *
 * A reference field may name an earlier step's "as" label with "@label".
 * Fields are checked as the API checks them, except that status and
 * closing fields may be set directly (a history is loaded as it stands); a
 * row loaded with a status other than "open" gets its status change
 * recorded. All steps are one transaction: any error loads nothing.
 */
#ifndef OV_STORE_SCRIPT_H
#define OV_STORE_SCRIPT_H
#include <stddef.h>
#include "store/store.h"

/* Errors name the step ("step 7 (recommendations rec1): ...") with
 * err->line = the step number (1-based) and err->field the field. */
int store_load_script(store_t *s, const char *text, size_t len, int *steps_loaded, ov_error_t *err);
/* The same, and when labels is not NULL *labels gets a new object of each
 * step's "as" label and the id it was given ({"letter": 7, ...}; NULL
 * after an error). Joins the caller's transaction when one is open. */
int store_load_script_labels(store_t *s, const char *text, size_t len, int *steps_loaded, json_t **labels,
                             ov_error_t *err);

#endif
