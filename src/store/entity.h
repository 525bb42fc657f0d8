/*
 * entity.h: the monitoring record's tables described as data.
 *
 * Each entity (inspections, causes of concern, recommendations, ...) is one
 * table with typed fields. The API validates input against these
 * descriptors and the store builds its SQL from them: identifiers come only
 * from this static table, every value is a bound parameter. Rows are never
 * deleted (nothing lost); every change bumps `version` (If-Match / ETag).
 */
#ifndef OV_STORE_ENTITY_H
#define OV_STORE_ENTITY_H
#include <jansson.h>
#include "store/store.h"

enum field_kind {
    FK_TEXT,       /* one line, <= 500 chars */
    FK_LONGTEXT,   /* <= 20000 chars */
    FK_DATE,       /* YYYY, YYYY-MM or YYYY-MM-DD */
    FK_DAY,        /* YYYY-MM-DD only */
    FK_INT,
    FK_REAL,
    FK_BOOL,       /* JSON true/false, stored 0/1 */
    FK_ENUM,       /* one of values */
    FK_REF,        /* id of a row of entity `ref` (same body when both have one) */
    FK_BODY,       /* body code in JSON, body_id in SQL */
    FK_URL,        /* http(s) URL, <= 2000 chars */
};

enum field_flags {
    F_REQUIRED = 1,     /* must be given at create */
    F_MANAGED = 2,      /* set only by rule-checked actions (status, closing) */
    F_FIXED = 4,        /* set at create, never changed (original deadline) */
};

typedef struct field_def {
    const char *name;              /* JSON key and column (FK_BODY: column body_id) */
    int kind;
    int flags;
    const char *const *values;     /* FK_ENUM */
    const char *ref;               /* FK_REF: entity name; FK_BODY: the FK_REF field whose
                                    * row's body it is when not given (a PCC response's) */
} field_def_t;

typedef struct child_def {
    const char *entity;            /* child entity name */
    const char *fk;                /* its column pointing here */
    const char *key;               /* JSON key in the parent's detail */
} child_def_t;

typedef struct date_order {
    const char *first, *second;    /* second may not be before first */
} date_order_t;

enum entity_flags {
    E_APPEND_ONLY = 1,             /* no version, no update (deadline revisions) */
    E_HISTORY = 2,                 /* status changes kept in status_changes */
    E_OWN_FORMS = 4,               /* written by its own actions only (news releases): no generic form */
};

typedef struct entity_def {
    const char *name;              /* URL segment, e.g. "causes-of-concern" */
    const char *table;
    const char *label;             /* "cause of concern" */
    const field_def_t *fields;     /* ends with name == NULL */
    const char *body_sql;          /* SQL giving the row's body id from alias t; NULL: no body */
    const child_def_t *children;   /* embedded in GET one; ends with entity == NULL; may be NULL */
    const char *order_sql;         /* ORDER BY for lists */
    const char *computed_sql;      /* extra read-only columns ("expr AS name, ..."); may be NULL */
    int perm_write;                /* core/roles.h permission to create/update (PERM_RECORD, ...) */
    int flags;                     /* enum entity_flags */
    const date_order_t *orders;    /* ends with first == NULL; may be NULL */
} entity_def_t;

extern const entity_def_t store_entities[];   /* ends with name == NULL */

/* The entity called name, or NULL. */
const entity_def_t *entity_find(const char *name);
const field_def_t *entity_field(const entity_def_t *e, const char *name);

/* Checks `in` against e's fields: known names, right JSON types, enum
 * values, date formats, lengths; on create every F_REQUIRED field present;
 * F_MANAGED fields only when allow_managed; F_FIXED not on update. Errors
 * are OV_EINVALID with err->field set. */
int entity_validate(const entity_def_t *e, const json_t *in, int create, int allow_managed, ov_error_t *err);

/* Checks the date orders of `row` (the merged row for an update). */
int entity_check_orders(const entity_def_t *e, const json_t *row, ov_error_t *err);

/* Lists rows (new JSON array in *out), optionally only those of body code
 * `body` and/or with field `ref_field` == ref_id. limit <= 1000. */
int store_entity_list(store_t *s, const entity_def_t *e, const char *body, const char *ref_field,
                      long long ref_id, int limit, int offset, json_t **out, ov_error_t *err);

/* One row as a new JSON object with its children embedded; OV_ENOTFOUND. */
int store_entity_get(store_t *s, const entity_def_t *e, long long id, int with_children,
                     json_t **out, ov_error_t *err);

/* The code of the body row id belongs to, into code (64 bytes). */
int store_entity_body(store_t *s, const entity_def_t *e, long long id, char code[64], ov_error_t *err);

/* Who may write which rows, asked by store_entity_insert and
 * store_entity_update inside their transaction, so no write can leave a row
 * in (or take it out of, or point it at) a body its writer may not write
 * for. may_write(ctx, e, body) is 1 when the caller may write rows of e
 * that belong to body code `body` ("" for rows of no body: external
 * reports, PPOG meetings). ctx is borrowed: it must outlive the call. */
typedef struct store_authz {
    int (*may_write)(const void *ctx, const entity_def_t *e, const char *body);
    const void *ctx;
} store_authz_t;

/* The authoriser of callers without a user: the CLI, loaders, tests. Every
 * body is allowed; the other checks (references exist, same body) remain. */
extern const store_authz_t store_authz_system;

/* Inserts `in` (an object already checked against the descriptors by the
 * caller: known fields, right types). Resolves the body code and checks each
 * FK_REF exists and belongs to the same body. *id_out is the new row.
 * authz (required) must allow the new row's body, computed from e->body_sql
 * after the INSERT, and the body of every row it refers to: else
 * OV_EFORBIDDEN and nothing is written. */
int store_entity_insert(store_t *s, const entity_def_t *e, json_t *in, const store_authz_t *authz,
                        long long *id_out, ov_error_t *err);

/* Updates the given fields of row id if its version is still
 * expected_version: OV_ESTALE otherwise, OV_ENOTFOUND if no row. Bumps the
 * version. Fields may include F_MANAGED ones (callers gate that). authz
 * (required) must allow the row as it was (its body before) and as it
 * would be (its body recomputed from e->body_sql after the UPDATE, before
 * COMMIT, and the body of every row it refers to): else OV_EFORBIDDEN, the
 * transaction is rolled back and nothing is written or audited. */
int store_entity_update(store_t *s, const entity_def_t *e, long long id, long long expected_version,
                        json_t *set, const store_authz_t *authz, ov_error_t *err);

/* Appends a row to status_changes (inside the caller's transaction);
 * *change_id (may be NULL) gets its id. */
int store_status_change(store_t *s, const char *entity, long long id, const char *from, const char *to,
                        const char *on, const char *by, const char *reason, long long *change_id, ov_error_t *err);

#endif
