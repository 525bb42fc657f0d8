/*
 * corrections.h: correct, never rewrite (issue #17). A phase decision or
 * the closure of a recommendation or a cause of concern is corrected or
 * withdrawn by a later recorded correction (table corrections, migration
 * 016): who, when, why, and for a correction what the record should have
 * said. The original row is never edited; the correction is appended (the
 * table refuses UPDATE and DELETE) and audited, in one transaction.
 */
#ifndef OV_STORE_CORRECTIONS_H
#define OV_STORE_CORRECTIONS_H
#include "store/store.h"

typedef struct correction_input {
    const char *entity;        /* "decisions", "recommendations" or "causes-of-concern" */
    long long id;              /* the decision, recommendation or cause of concern */
    const char *kind;          /* "correction" or "withdrawal" */
    const char *text;          /* what the record should have said (required for a correction) */
    const char *reason;        /* why (required) */
    const char *corrected_on;  /* the day (required, a date) */
    const char *by;            /* who (the caller's username) */
} correction_input_t;

/* The table of a correctable entity ("causes-of-concern" ->
 * "causes_of_concern"), or NULL when it is not one. */
const char *store_correction_table(const char *entity);

/* The body code of the item in->entity/in->id into body (64 bytes): for
 * the caller's permission check before anything else. 0, OV_EINVALID
 * (entity not correctable), OV_ENOTFOUND. */
int store_correction_body(store_t *s, const char *entity, long long id, char body[64], ov_error_t *err);

/* Appends a correction: every field problem at once into errors (a JSON
 * object {field: message}, may be NULL) and OV_EINVALID naming the first;
 * OV_ENOTFOUND for no such item; OV_ECONFLICT for a closure of an item
 * that is not closed, or an item already withdrawn. *new_id: its id. */
int store_correction_add(store_t *s, const correction_input_t *in, json_t *errors, long long *new_id, ov_error_t *err);

/* The corrections of one item, oldest first: [{id, kind, text, reason,
 * corrected_by, corrected_on, recorded_at}] (table: corrections.entity). */
int store_corrections_of(store_t *s, const char *table, long long id, json_t **out, ov_error_t *err);

/* Puts "corrections" (store_corrections_of) on each row of rows (each with
 * an "id") of table. 0 or an error. */
int store_corrections_attach(store_t *s, const char *table, json_t *rows, ov_error_t *err);

#endif
