/*
 * bodies.h: bodies and their phase decisions in the store.
 */
#ifndef OV_STORE_BODIES_H
#define OV_STORE_BODIES_H
#include "store/store.h"
#include "core/body.h"
#include "core/phase.h"

/* Every level of every framework as a new JSON object {code: {name, level,
 * framework, default}} (caller json_decref): what the rules read from a
 * snapshot's "levels" (core/rules_internal.h rules_level). */
int store_levels_json(store_t *s, json_t **out, ov_error_t *err);

/* Inserts a checked body in the default phase. OV_ECONFLICT if the code
 * exists. */
int store_body_insert(store_t *s, const body_input_t *in, ov_error_t *err);

/* All bodies as a new JSON array of {code, name, kind, country, phase,
 * phase_name, since, version}, ordered by name, then code (the order of
 * the list kept row by row, body_rows.h). Caller json_decref. */
int store_bodies_list(store_t *s, json_t **out, ov_error_t *err);

/* A filtered page of that list: bodies in phase and of kind (either NULL
 * for any), the rows [offset, offset + limit) in name order (limit < 0:
 * all from offset) as a new JSON array in *out (caller json_decref), and
 * in *total the number of all bodies that match. */
int store_bodies_page(store_t *s, const char *phase, const char *kind, long long limit, long long offset,
                      json_t **out, long long *total, ov_error_t *err);

/* Open causes of concern (status NULL or not "closed") per body, as a new
 * array (caller json_decref) of {code, open_causes}, one row for every body
 * (0 when none), or only for the body with code `code` when not NULL. The
 * count is an integer on SQLite and may be a numeric string on PostgreSQL. */
int store_bodies_open_causes(store_t *s, const char *code, json_t **out, ov_error_t *err);

/* The body with code `code` as a new object {code, name} (caller
 * json_decref). OV_ENOTFOUND ("no body with code '...'", no field). */
int store_body_name(store_t *s, const char *code, json_t **out, ov_error_t *err);

/* The body with id `id` as a new object {code, name} (caller json_decref),
 * for pages that name a body a row refers to by id (change histories).
 * OV_ENOTFOUND when there is none. */
int store_body_name_by_id(store_t *s, long long id, json_t **out, ov_error_t *err);

/* One body with its decisions and phase history (periods) as a new JSON
 * object. Each decision carries its source_url as stored and "sources",
 * the same as a list (store_decision_sources). OV_ENOTFOUND if no such
 * code. */
int store_body_get(store_t *s, const char *code, json_t **out, ov_error_t *err);

/* Records a phase-change decision for body `code` in one transaction: reads
 * the body's state, checks the decision with rules_decision_check against
 * the stored phase model and `today`, writes it and moves the body.
 * expected_version < 0 skips the concurrency check; otherwise a body whose
 * version differs gets OV_ESTALE. On success *created (may be NULL) is the
 * new decision as JSON, with the body's new version. Nothing is written on
 * any error. */
int store_decision_record(store_t *s, const char *code, const decision_input_t *in,
                          const odate_t *today, long long expected_version,
                          json_t **created, ov_error_t *err);

/* Sets "sources" on a decision row: its source_url (one URL a line,
 * core/input.h) as an array of {"url", "label"}, [] when it has none. The
 * label is the site ("policeprofessional.com"), numbered ("gov.uk (1)",
 * "gov.uk (2)") when two sources share a site, so every link reads
 * differently. 0, or -1 when out of memory. */
int store_decision_sources(json_t *decision);

#endif
