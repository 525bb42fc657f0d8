/*
 * body_changes.h: bodies changed at run time (sql/015_bodies_people.sql,
 * docs/bodies.md): added, renamed, merged into a successor, retired; and
 * the national bodies, addressees that are not monitored.
 *
 * Every change is one transaction, audited (store/audit.h) and recorded in
 * body_changes with who (store_actor), the day it takes effect and why.
 * A retired body keeps its record; writes to its items are refused with
 * OV_ECONFLICT (store_body_writable).
 */
#ifndef OV_STORE_BODY_CHANGES_H
#define OV_STORE_BODY_CHANGES_H
#include "store/store.h"
#include "core/body.h"
#include "core/date.h"

/* What a change says besides the body: the day it takes effect (NULL or
 * "": today) and why (required). expect_version: when > 0, the version of
 * the body changed (rename, retire; for a merge, each predecessor's given
 * below) the caller read; checked inside the change's transaction, so a
 * change made meanwhile is refused with OV_ESTALE ("If-Match"), never
 * overwritten. 0: not checked (the CLI, which reads and writes at once).
 * expect_version_b: the same for a merge's second predecessor. */
typedef struct body_change {
    const char *effective_on;
    const char *reason;
    long long expect_version;
    long long expect_version_b;
} body_change_t;

/* Adds a body of any kind (core/body.h rules_body_check_any). A monitored
 * body starts in the entry level of the framework in force on the day
 * that applies to its kind (core/framework.h framework_entry_level); a
 * national one has no level.
 * OV_EINVALID naming the field; OV_ECONFLICT ("code") when a body or a
 * national body already has the code. *created (may be NULL): the new body
 * as store_body_summary gives it (caller json_decref). */
int store_body_add(store_t *s, const body_input_t *in, const body_change_t *ch, const odate_t *today,
                   json_t **created, ov_error_t *err);

/* Renames body `code` (code and history kept; the former name recorded
 * with the days it was in use). OV_ENOTFOUND, OV_EINVALID ("name": empty,
 * too long or unchanged), OV_ECONFLICT when the body is retired. */
int store_body_rename(store_t *s, const char *code, const char *new_name, const body_change_t *ch,
                      const odate_t *today, json_t **renamed, ov_error_t *err);

/* Merges bodies a and b (both of one kind, neither retired) into a new
 * body `successor` (its kind taken from them when NULL): the successor is
 * added, the open items of both (causes of concern and recommendations not
 * closed, areas for improvement and external report matters not closed)
 * move to it, and both are retired naming it. One transaction. */
int store_body_merge(store_t *s, const char *a, const char *b, const body_input_t *successor, const body_change_t *ch,
                     const odate_t *today, json_t **created, ov_error_t *err);

/* Retires body `code`: its record is kept, read-only. OV_ECONFLICT when it
 * is retired already. */
int store_body_retire(store_t *s, const char *code, const body_change_t *ch, const odate_t *today, json_t **retired,
                      ov_error_t *err);

/* 0 when rows of body `body_id` may be written, else OV_ECONFLICT saying
 * the body is retired (and into what it was merged). */
int store_body_writable(store_t *s, long long body_id, ov_error_t *err);

/* Body `code` (monitored or national) as a new object {code, name, kind,
 * retired_on, successor, phase} (caller json_decref). OV_ENOTFOUND. */
int store_body_summary(store_t *s, const char *code, json_t **out, ov_error_t *err);

/* The national bodies as a new array of {code, name, kind: "national",
 * description, url, retired_on}, in name order, rows [offset, offset +
 * limit) (limit < 0: all), *total the count of all. */
int store_national_bodies_page(store_t *s, long long limit, long long offset, json_t **out, long long *total,
                               ov_error_t *err);

/* Adds to body (the object store_body_get made for body id `body_id`) its
 * changes ("changes"), former names ("former_names": {name, from, to}),
 * predecessors ("predecessors": codes), successor and retired_on, and the
 * people who held its posts ("people"). */
int store_body_lineage(store_t *s, long long body_id, json_t *body, ov_error_t *err);

/* Loads the compiled-in data/national_bodies.csv: every row whose code is
 * not held yet (so an upgraded database gets them, and a second load adds
 * nothing). *added (may be NULL): how many were added. */
int store_national_bodies_load(store_t *s, const char *text, size_t len, long long *added, ov_error_t *err);

/* Who held `post` at body `code` on `day` (YYYY-MM-DD): a new object {name,
 * title, acting, from_on, to_on} or *out NULL when none is recorded. */
int store_body_post_holder(store_t *s, const char *code, const char *post, const char *day, json_t **out,
                           ov_error_t *err);

#endif
