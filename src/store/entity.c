/*
 * entity.c: validation and generic list/get/insert/update for the entities
 * described in entity_defs.c. SQL text is assembled only from the static
 * descriptors (table and column names never come from input); every value
 * is a bound parameter (store_query_params / store_exec_params).
 */
#include "store/entity.h"
#include "store/themes.h"
#include "store/audit.h"
#include "store/body_changes.h"
#include "store/pcc.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/input.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_MAX 500
#define LONGTEXT_MAX 20000
#define URL_MAX 2000

const entity_def_t *entity_find(const char *name)
{
    for (const entity_def_t *e = store_entities; name && e->name; e++)
        if (strcmp(e->name, name) == 0) return e;
    return NULL;
}

const field_def_t *entity_field(const entity_def_t *e, const char *name)
{
    for (const field_def_t *f = e->fields; name && f->name; f++)
        if (strcmp(f->name, name) == 0) return f;
    return NULL;
}

/* The column a field is stored in. */
static const char *column(const field_def_t *f)
{
    return f->kind == FK_BODY ? "body_id" : f->name;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

static int check_value(const entity_def_t *e, const field_def_t *f, const json_t *v, ov_error_t *err)
{
    const char *name = f->name;
    if (json_is_null(v)) {
        if (f->flags & F_REQUIRED)
            return ov_error_set(err, OV_EINVALID, name, "%s is required for a %s", name, e->label);
        return 0;
    }
    switch (f->kind) {
    case FK_TEXT: case FK_LONGTEXT: case FK_URL: case FK_DATE: case FK_DAY: case FK_ENUM: case FK_BODY: {
        if (!json_is_string(v)) return ov_error_set(err, OV_EINVALID, name, "%s must be a string", name);
        const char *s = json_string_value(v);
        if (strlen(s) != json_string_length(v))
            return ov_error_set(err, OV_EINVALID, name, "%s must not contain NUL characters", name);
        size_t max = f->kind == FK_LONGTEXT ? LONGTEXT_MAX : f->kind == FK_URL ? URL_MAX : TEXT_MAX;
        if (utf8_chars(s) > max)
            return ov_error_set(err, OV_EINVALID, name, "%s is longer than %zu characters", name, max);
        if ((f->flags & F_REQUIRED) && s[strspn(s, " \t\r\n")] == '\0')
            return ov_error_set(err, OV_EINVALID, name, "%s must not be empty", name);
        odate_t d;
        if (f->kind == FK_DATE && date_parse(s, &d) != 0)
            return ov_error_set(err, OV_EINVALID, name,
                                "%s must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not '%s'", name, s);
        if (f->kind == FK_DAY && date_parse_day(s, &d) != 0)
            return ov_error_set(err, OV_EINVALID, name, "%s must be a day as YYYY-MM-DD, not '%s'", name, s);
        if (f->kind == FK_URL && input_url_check(name, s, err) != 0) return OV_EINVALID;
        if (f->kind == FK_ENUM) {
            for (const char *const *p = f->values; *p; p++)
                if (strcmp(*p, s) == 0) return 0;
            buf_t b = {0};
            for (const char *const *p = f->values; *p; p++) buf_printf(&b, "%s%s", p == f->values ? "" : ", ", *p);
            ov_error_set(err, OV_EINVALID, name, "%s must be one of %s, not '%s'", name, b.data ? b.data : "", s);
            buf_free(&b);
            return OV_EINVALID;
        }
        return 0;
    }
    case FK_INT: case FK_REF:
        if (!json_is_integer(v)) return ov_error_set(err, OV_EINVALID, name, "%s must be an integer", name);
        if (f->kind == FK_REF && json_integer_value(v) <= 0)
            return ov_error_set(err, OV_EINVALID, name, "%s must be the id of a %s", name, f->ref);
        return 0;
    case FK_REAL:
        if (!json_is_number(v)) return ov_error_set(err, OV_EINVALID, name, "%s must be a number", name);
        return 0;
    case FK_BOOL:
        if (!json_is_boolean(v)) return ov_error_set(err, OV_EINVALID, name, "%s must be true or false", name);
        return 0;
    }
    return ov_error_set(err, OV_EINTERNAL, name, "unknown field kind");
}

int entity_validate(const entity_def_t *e, const json_t *in, int create, int allow_managed, ov_error_t *err)
{
    if (!json_is_object(in)) return ov_error_set(err, OV_EINVALID, "", "expected a JSON object");
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)in, key, v) {
        const field_def_t *f = entity_field(e, key);
        if (!f) return ov_error_set(err, OV_EINVALID, key, "a %s has no field '%s'", e->label, key);
        if ((f->flags & F_MANAGED) && !allow_managed)
            return ov_error_set(err, OV_EINVALID, key,
                                "%s is changed only by its action (status, close), not directly", key);
        if ((f->flags & F_FIXED) && !create)
            return ov_error_set(err, OV_EINVALID, key, "%s is fixed once recorded", key);
        if (!create && f->kind == FK_BODY)
            return ov_error_set(err, OV_EINVALID, key, "a %s cannot move to another body", e->label);
        int rc = check_value(e, f, v, err);
        if (rc) return rc;
    }
    if (create)
        for (const field_def_t *f = e->fields; f->name; f++)
            if ((f->flags & F_REQUIRED) && !json_object_get(in, f->name))
                return ov_error_set(err, OV_EINVALID, f->name, "%s is required for a %s", f->name, e->label);
    return 0;
}

int entity_check_orders(const entity_def_t *e, const json_t *row, ov_error_t *err)
{
    for (const date_order_t *o = e->orders; o && o->first; o++) {
        const char *a = json_string_value(json_object_get(row, o->first));
        const char *b = json_string_value(json_object_get(row, o->second));
        odate_t da, db;
        if (!a || !b || date_parse(a, &da) || date_parse(b, &db)) continue;
        /* compared by last day of the later field so "2025-01" may close
         * an item opened on 2025-01-10 */
        odate_t db_last = date_last_day(&db);
        if (date_compare(&db_last, &da) < 0)
            return ov_error_set(err, OV_EINVALID, o->second, "%s (%s) is before %s (%s)", o->second, b, o->first, a);
    }
    return 0;
}

/* ---- reading ---- */

/* "SELECT t.*, body code, computed FROM table t" into b. */
static void select_sql(const entity_def_t *e, buf_t *b)
{
    buf_printf(b, "SELECT t.*");
    if (e->body_sql) buf_printf(b, ", (SELECT code FROM bodies WHERE id = (%s)) AS body", e->body_sql);
    if (e->computed_sql) buf_printf(b, ", %s", e->computed_sql);
    buf_printf(b, " FROM %s t", e->table);
}

/* Reading model: booleans as JSON booleans, body code instead of body_id;
 * no columns derived for the database's own use (025's due_first_day, 026's due_deadline). */
static void shape_row(const entity_def_t *e, json_t *row)
{
    for (const field_def_t *f = e->fields; f->name; f++)
        if (f->kind == FK_BOOL) {
            json_t *v = json_object_get(row, f->name);
            if (json_is_integer(v)) json_object_set_new(row, f->name, json_boolean(json_integer_value(v) != 0));
        }
    json_object_del(row, "body_id");
    json_object_del(row, "due_first_day");
    json_object_del(row, "due_deadline");
}

int store_entity_list(store_t *s, const entity_def_t *e, const char *body, const char *ref_field,
                      long long ref_id, int limit, int offset, json_t **out, ov_error_t *err)
{
    *out = NULL;
    if (limit <= 0 || limit > 1000) limit = 1000;
    if (offset < 0) offset = 0;
    buf_t b = {0};
    json_t *params = json_array();
    select_sql(e, &b);
    buf_printf(&b, " WHERE 1 = 1");
    if (body && e->body_sql) {
        buf_printf(&b, " AND (%s) = (SELECT id FROM bodies WHERE code = ?)", e->body_sql);
        json_array_append_new(params, json_string(body));
    }
    if (ref_field) {
        const field_def_t *f = entity_field(e, ref_field);
        if (!f || f->kind != FK_REF) {
            buf_free(&b);
            json_decref(params);
            return ov_error_set(err, OV_EINVALID, ref_field, "cannot filter %s by %s", e->name, ref_field);
        }
        buf_printf(&b, " AND t.%s = ?", f->name);
        json_array_append_new(params, json_integer(ref_id));
    }
    buf_printf(&b, " ORDER BY %s LIMIT ? OFFSET ?", e->order_sql ? e->order_sql : "t.id");
    json_array_append_new(params, json_integer(limit));
    json_array_append_new(params, json_integer(offset));
    int rc = b.data ? store_query_params(s, out, err, b.data, params)
                    : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    buf_free(&b);
    json_decref(params);
    if (rc) return rc;
    size_t i;
    json_t *row;
    json_array_foreach(*out, i, row) shape_row(e, row);
    return 0;
}

static int get_row(store_t *s, const entity_def_t *e, long long id, json_t **out, ov_error_t *err)
{
    buf_t b = {0};
    select_sql(e, &b);
    buf_printf(&b, " WHERE t.id = ?");
    json_t *params = json_pack("[I]", (json_int_t)id);
    json_t *rows = NULL;
    int rc = b.data ? store_query_params(s, &rows, err, b.data, params)
                    : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    buf_free(&b);
    json_decref(params);
    *out = NULL;
    if (rc) return rc;
    if (json_array_size(rows) == 0) {
        json_decref(rows);
        return ov_error_set(err, OV_ENOTFOUND, "", "no %s with id %lld", e->label, id);
    }
    *out = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    return 0;
}

/* Each status change of rows (status_changes rows with their id) gets
 * "evidence_files": the evidence files a claim of implemented rests on
 * (migration 021), [{id, filename}], oldest first; [] for most. */
static int history_evidence(store_t *s, json_t *rows, ov_error_t *err)
{
    size_t i;
    json_t *h;
    json_array_foreach(rows, i, h) {
        json_t *files = NULL;
        const char *to = json_string_value(json_object_get(h, "to_status"));
        if (!to || strcmp(to, "implemented") != 0) {   /* only a claim names evidence */
            json_object_set_new(h, "evidence_files", json_array());
            continue;
        }
        int rc = store_query(s, &files, err,
                             "SELECT f.id, f.filename FROM status_change_evidence e"
                             " JOIN evidence_files f ON f.id = e.evidence_file_id"
                             " WHERE e.status_change_id = ? ORDER BY f.id",
                             "i", (long long)json_integer_value(json_object_get(h, "id")));
        if (rc) return rc;
        json_object_set_new(h, "evidence_files", files);
    }
    return 0;
}

int store_entity_get(store_t *s, const entity_def_t *e, long long id, int with_children, json_t **out,
                     ov_error_t *err)
{
    int rc = get_row(s, e, id, out, err);
    if (rc) return rc;
    shape_row(e, *out);
    if (!with_children) return 0;
    for (const child_def_t *c = e->children; c && c->entity; c++) {
        const entity_def_t *ce = entity_find(c->entity);
        json_t *rows = NULL;
        if (!ce || (rc = store_entity_list(s, ce, NULL, c->fk, id, 1000, 0, &rows, err)) != 0) {
            json_decref(*out);
            *out = NULL;
            return ce ? rc : ov_error_set(err, OV_EINTERNAL, "", "unknown child entity %s", c->entity);
        }
        json_object_set_new(*out, c->key, rows);
    }
    if (store_themes_join(e->table, NULL)) {   /* sql/017: the item's theme codes */
        json_t *codes = NULL;
        if ((rc = store_item_themes(s, e->table, id, &codes, err)) != 0) {
            json_decref(*out);
            *out = NULL;
            return rc;
        }
        json_object_set_new(*out, "themes", codes);
    }
    if (e->flags & E_HISTORY) {
        json_t *rows = NULL;
        rc = store_query(s, &rows, err,
                         "SELECT id, from_status, to_status, changed_on, changed_by, reason, recorded_at"
                         " FROM status_changes WHERE entity = ? AND entity_id = ? ORDER BY id",
                         "si", e->name, id);
        if (rc == 0) rc = history_evidence(s, rows, err);
        if (rc) {
            json_decref(rows);
            json_decref(*out);
            *out = NULL;
            return rc;
        }
        json_object_set_new(*out, "status_history", rows);
    }
    return 0;
}

int store_entity_body(store_t *s, const entity_def_t *e, long long id, char code[64], ov_error_t *err)
{
    code[0] = '\0';
    json_t *row = NULL;
    int rc = get_row(s, e, id, &row, err);
    if (rc) return rc;
    const char *c = json_string_value(json_object_get(row, "body"));
    snprintf(code, 64, "%s", c ? c : "");
    json_decref(row);
    return 0;
}

/* ---- writing ---- */

/* Appends the audit entry of a change to row id (store/audit.h): `before`
 * the raw row before (NULL for an insert), the row after read back here. */
static int audit_row(store_t *s, const entity_def_t *e, const char *action, long long id, const json_t *before,
                     ov_error_t *err)
{
    json_t *after = NULL, *b = NULL;
    long long body = 0;
    int rc = store_audit_snapshot(s, e->table, id, &after, err);
    if (rc == 0 && e->body_sql) {
        buf_t q = {0};
        buf_printf(&q, "SELECT (%s) AS body_id FROM %s t WHERE t.id = ?", e->body_sql, e->table);
        rc = q.data ? store_query_one(s, &b, err, "", q.data, "i", id) : ov_error_set(err, OV_EINTERNAL, "", "oom");
        buf_free(&q);
        json_t *v = b ? json_object_get(b, "body_id") : NULL;
        if (json_is_integer(v)) body = json_integer_value(v);
    }
    if (rc == 0) rc = store_audit_append(s, action, e->name, id, body, before, after, err);
    json_decref(b);
    json_decref(after);
    return rc;
}

static int body_id_of(store_t *s, const char *code, long long *id, ov_error_t *err)
{
    json_t *row = NULL;
    int rc = store_query_one(s, &row, err, "", "SELECT id FROM bodies WHERE code = ?", "s", code);
    if (rc == OV_ENOTFOUND) return ov_error_set(err, OV_EINVALID, "body", "unknown body '%s'", code);
    if (rc) return rc;
    *id = json_integer_value(json_object_get(row, "id"));
    json_decref(row);
    return 0;
}

static int system_may_write(const void *ctx, const entity_def_t *e, const char *body)
{
    (void)ctx;
    (void)e;
    (void)body;
    return 1;
}

const store_authz_t store_authz_system = {system_may_write, NULL};

/* 1 if authz lets its caller write rows of e belonging to body code
 * `body` ("" for none). An authoriser without a callback allows nothing. */
static int authz_allows(const store_authz_t *authz, const entity_def_t *e, const char *body)
{
    return authz->may_write && authz->may_write(authz->ctx, e, body);
}

/* Row id of e: *found, and its body (id, 0 if none, and code, "" if none),
 * computed from e->body_sql as it stands now in this transaction. */
static int row_body(store_t *s, const entity_def_t *e, long long id, int *found, long long *body_id, char code[64],
                    ov_error_t *err)
{
    *found = 0;
    *body_id = 0;
    code[0] = '\0';
    const char *b = e->body_sql ? e->body_sql : "NULL";
    buf_t q = {0};
    buf_printf(&q, "SELECT (%s) AS body_id, (SELECT code FROM bodies WHERE id = (%s)) AS body FROM %s t WHERE t.id = ?",
               b, b, e->table);
    json_t *rows = NULL;
    int rc = q.data ? store_query(s, &rows, err, q.data, "i", id) : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    buf_free(&q);
    if (rc) return rc;
    json_t *row = json_array_get(rows, 0);
    if (row) {
        json_t *v = json_object_get(row, "body_id");
        const char *c = json_string_value(json_object_get(row, "body"));
        *found = 1;
        *body_id = json_is_integer(v) ? json_integer_value(v) : 0;
        snprintf(code, 64, "%s", c ? c : "");
    }
    json_decref(rows);
    return 0;
}

/* The field that decides which body a row of e belongs to: "body", or the
 * reference its body_sql goes through (a PCC response's inspection_id);
 * "" when e has no body. */
static const char *body_field(const entity_def_t *e)
{
    if (!e->body_sql) return "";
    for (const field_def_t *f = e->fields; f->name; f++) {
        char col[80];
        snprintf(col, sizeof col, "t.%s)", f->name);
        if (f->kind == FK_BODY || (f->kind == FK_REF && strstr(e->body_sql, col))) return f->name;
    }
    return "";
}

#define REFS_MAX 8

/* The body and references of `row` (raw columns, the merged row for an
 * update): a body_id in `changed` (or any, when NULL) must be one authz
 * allows; the references in `changed` (all when NULL) must exist; every one, changed or
 * not, must be to a row whose body authz allows for rows of e (a body's
 * user may not point its row at another body's); and the changed ones must
 * be to the row's own body when both have one. The row's own body is its
 * body_id, else the body of the reference its body_sql goes through. */
static int check_refs(store_t *s, const entity_def_t *e, const json_t *row, const json_t *changed,
                      const store_authz_t *authz, ov_error_t *err)
{
    struct { const field_def_t *f; const entity_def_t *re; long long id, body_id; char body[64]; } refs[REFS_MAX];
    int n = 0;
    json_t *own = json_object_get(row, "body_id");
    long long own_body = json_is_integer(own) ? json_integer_value(own) : 0;
    const char *via = body_field(e);
    if (own_body && (!changed || json_object_get(changed, "body_id"))) {
        /* a new body: asked before the write, so a refused move learns
         * nothing from the other body's constraints (a UNIQUE there) */
        json_t *b = NULL;
        int rc = store_query_one(s, &b, err, "body", "SELECT code FROM bodies WHERE id = ?", "i", own_body);
        if (rc) return rc;
        int ok = authz_allows(authz, e, json_string_value(json_object_get(b, "code")));
        json_decref(b);
        if (!ok)
            return ov_error_set(err, OV_EFORBIDDEN, via, "the %s would belong to a body you may not write for",
                                e->label);
    }
    for (const field_def_t *f = e->fields; f->name; f++) {
        json_t *v = json_object_get(row, f->name);
        if (f->kind != FK_REF || !json_is_integer(v)) continue;
        const entity_def_t *re = entity_find(f->ref);
        if (!re || n == REFS_MAX) return ov_error_set(err, OV_EINTERNAL, f->name, "unknown entity %s", f->ref);
        int found = 0;
        long long id = json_integer_value(v);
        int rc = row_body(s, re, id, &found, &refs[n].body_id, refs[n].body, err);
        if (rc) return rc;
        int is_changed = !changed || json_object_get(changed, f->name);
        if (!found && is_changed) return ov_error_set(err, OV_EINVALID, f->name, "no %s with id %lld", re->label, id);
        if (!found) continue;   /* an old reference the schema's foreign key keeps */
        if (refs[n].body[0] && !authz_allows(authz, e, refs[n].body))
            return ov_error_set(err, OV_EFORBIDDEN, f->name, "%s %lld belongs to a body you may not write for",
                                re->label, id);
        if (!own_body && strcmp(f->name, via) == 0) own_body = refs[n].body_id;
        refs[n].f = is_changed ? f : NULL;
        refs[n].re = re;
        refs[n].id = id;
        n++;
    }
    for (int i = 0; i < n; i++)
        if (refs[i].f && own_body && refs[i].body_id && own_body != refs[i].body_id)
            return ov_error_set(err, OV_EINVALID, refs[i].f->name, "%s %lld belongs to another body", refs[i].re->label,
                                refs[i].id);
    return 0;
}

/* Row id of e must belong to a body authz allows for rows of e: `when` is
 * "before" (the row as it was) or "after" (as the write left it, inside
 * the same transaction). */
static int check_row_body(store_t *s, const entity_def_t *e, long long id, const store_authz_t *authz,
                          const char *when, ov_error_t *err)
{
    int found = 0;
    long long body_id = 0;
    char body[64];
    int rc = row_body(s, e, id, &found, &body_id, body, err);
    if (rc) return rc;
    if (!found) return ov_error_set(err, OV_ENOTFOUND, "", "no %s with id %lld", e->label, id);
    if (authz_allows(authz, e, body)) return body_id ? store_body_writable(s, body_id, err) : 0;
    if (strcmp(when, "before") == 0)
        return ov_error_set(err, OV_EFORBIDDEN, "", "this %s belongs to a body you may not write for", e->label);
    return ov_error_set(err, OV_EFORBIDDEN, body_field(e), "the %s would belong to a body you may not write for",
                        e->label);
}

/* `in` with the body code replaced by body_id and booleans as 0/1: the raw
 * row as stored. New reference. */
static int to_columns(store_t *s, const entity_def_t *e, const json_t *in, json_t **out, ov_error_t *err)
{
    json_t *cols = json_object();
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)in, key, v) {
        const field_def_t *f = entity_field(e, key);
        if (!f) continue;
        if (f->kind == FK_BODY) {
            long long id = 0;
            int rc = body_id_of(s, json_string_value(v), &id, err);
            if (rc) {
                json_decref(cols);
                return rc;
            }
            json_object_set_new(cols, "body_id", json_integer(id));
        } else if (f->kind == FK_BOOL) {
            json_object_set_new(cols, key, json_is_null(v) ? json_null() : json_integer(json_is_true(v)));
        } else {
            json_object_set(cols, key, v);
        }
    }
    *out = cols;
    return 0;
}

/* A body field with a `ref` (a PCC response's), not given in cols: the
 * body of the row that reference names in cols, into *body_id (0 when
 * there is none to take). */
static int ref_body(store_t *s, const entity_def_t *e, const json_t *cols, long long *body_id, ov_error_t *err)
{
    *body_id = 0;
    for (const field_def_t *f = e->fields; f->name; f++) {
        if (f->kind != FK_BODY || !f->ref || json_object_get(cols, "body_id")) continue;
        const field_def_t *via = entity_field(e, f->ref);
        const entity_def_t *re = via && via->kind == FK_REF ? entity_find(via->ref) : NULL;
        json_t *v = json_object_get(cols, f->ref);
        if (!re || !json_is_integer(v)) return 0;   /* the missing reference is said elsewhere */
        int found = 0;
        char code[64];
        int rc = row_body(s, re, json_integer_value(v), &found, body_id, code, err);
        if (rc) return rc;
        if (!found) *body_id = 0;
    }
    return 0;
}

/* On insert: that body, when the body field is not given. */
static int default_body(store_t *s, const entity_def_t *e, json_t *cols, ov_error_t *err)
{
    long long body_id = 0;
    int rc = ref_body(s, e, cols, &body_id, err);
    if (rc == 0 && body_id) json_object_set_new(cols, "body_id", json_integer(body_id));
    return rc;
}

int store_entity_insert(store_t *s, const entity_def_t *e, json_t *in, const store_authz_t *authz,
                        long long *id_out, ov_error_t *err)
{
    if (!authz) return ov_error_set(err, OV_EINTERNAL, "", "a write without an authoriser");
    json_t *cols = NULL;
    store_tx_t tx;
    int rc = store_tx_begin(s, &tx, err);
    if (rc) return rc;
    if ((rc = to_columns(s, e, in, &cols, err)) != 0) goto done;
    if ((rc = default_body(s, e, cols, err)) != 0) goto done;
    if ((rc = entity_check_orders(e, cols, err)) != 0) goto done;
    if ((rc = check_refs(s, e, cols, NULL, authz, err)) != 0) goto done;
    buf_t b = {0}, q = {0};
    json_t *params = json_array();
    const char *key;
    json_t *v;
    buf_printf(&b, "INSERT INTO %s (", e->table);
    json_object_foreach(cols, key, v) {
        const field_def_t *f = entity_field(e, key);
        const char *col = f ? column(f) : "body_id";   /* only body_id is not a field name */
        buf_printf(&b, "%s%s", json_array_size(params) ? ", " : "", col);
        buf_printf(&q, "%s?", json_array_size(params) ? ", " : "");
        json_array_append(params, v);
    }
    buf_printf(&b, ") VALUES (%s)", q.data ? q.data : "");
    long long new_id = 0;
    rc = b.data && json_array_size(params) ? store_exec_params(s, NULL, &new_id, err, b.data, params)
                                           : ov_error_set(err, OV_EINVALID, "", "nothing to record");
    if (rc == 0) rc = check_row_body(s, e, new_id, authz, "after", err);
    if (rc == 0) rc = store_pcc_check(s, e->table, new_id, err);
    if (rc == 0 && id_out) *id_out = new_id;
    if (rc == 0) rc = audit_row(s, e, "insert", new_id, NULL, err);
    buf_free(&b);
    buf_free(&q);
    json_decref(params);
done:
    json_decref(cols);
    return store_tx_end(s, &tx, rc, err);
}

int store_entity_update(store_t *s, const entity_def_t *e, long long id, long long expected_version,
                        json_t *set, const store_authz_t *authz, ov_error_t *err)
{
    if (!authz) return ov_error_set(err, OV_EINTERNAL, "", "a write without an authoriser");
    if (e->flags & E_APPEND_ONLY)
        return ov_error_set(err, OV_ECONFLICT, "", "a %s is never changed once recorded", e->label);
    json_t *cols = NULL, *row = NULL, *before = NULL;
    store_tx_t tx;
    int rc = store_tx_begin(s, &tx, err);
    if (rc) return rc;
    buf_t b = {0};
    buf_printf(&b, "SELECT * FROM %s WHERE id = ?", e->table);
    json_t *params = json_pack("[I]", (json_int_t)id);
    json_t *rows = NULL;
    rc = b.data ? store_query_params(s, &rows, err, b.data, params) : ov_error_set(err, OV_EINTERNAL, "", "oom");
    buf_free(&b);
    json_decref(params);
    params = NULL;
    if (rc) goto done;
    if (json_array_size(rows) == 0) {
        rc = ov_error_set(err, OV_ENOTFOUND, "", "no %s with id %lld", e->label, id);
        goto done;
    }
    row = json_incref(json_array_get(rows, 0));
    long long version = json_integer_value(json_object_get(row, "version"));
    if (expected_version >= 0 && version != expected_version) {
        rc = ov_error_set(err, OV_ESTALE, "", "the %s changed since version %lld (now version %lld); reload it",
                          e->label, expected_version, version);
        goto done;
    }
    /* the row as it was: the caller may write its body */
    if ((rc = check_row_body(s, e, id, authz, "before", err)) != 0) goto done;
    if ((rc = to_columns(s, e, set, &cols, err)) != 0) goto done;
    before = json_deep_copy(row);
    json_object_update(row, cols);
    /* a row whose body is its reference's (a PCC response's, the report's)
     * moves with it: the references are checked against the new body, then
     * the body is written with them */
    long long moved_to = 0;
    if ((rc = ref_body(s, e, cols, &moved_to, err)) != 0) goto done;
    if (moved_to) json_object_set_new(row, "body_id", json_integer(moved_to));
    if ((rc = entity_check_orders(e, row, err)) != 0) goto done;
    if ((rc = check_refs(s, e, row, cols, authz, err)) != 0) goto done;
    if (moved_to) json_object_set_new(cols, "body_id", json_integer(moved_to));
    params = json_array();
    buf_printf(&b, "UPDATE %s SET ", e->table);
    const char *key;
    json_t *v;
    json_object_foreach(cols, key, v) {
        buf_printf(&b, "%s = ?, ", key);
        json_array_append(params, v);
    }
    buf_printf(&b, "version = version + 1 WHERE id = ? AND version = ?");
    json_array_append_new(params, json_integer(id));
    json_array_append_new(params, json_integer(version));
    long long changes = 0;
    rc = b.data ? store_exec_params(s, &changes, NULL, err, b.data, params)
                : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    if (rc == 0 && changes != 1)
        rc = ov_error_set(err, OV_ESTALE, "", "the %s changed meanwhile; reload it", e->label);
    /* the row as it would be, its body recomputed before COMMIT */
    if (rc == 0) rc = check_row_body(s, e, id, authz, "after", err);
    if (rc == 0) rc = store_pcc_check(s, e->table, id, err);
    if (rc == 0) rc = audit_row(s, e, "update", id, before, err);
done:
    json_decref(before);
    buf_free(&b);
    json_decref(params);
    json_decref(rows);
    json_decref(row);
    json_decref(cols);
    return store_tx_end(s, &tx, rc, err);
}

int store_status_change(store_t *s, const char *entity, long long id, const char *from, const char *to,
                        const char *on, const char *by, const char *reason, long long *change_id, ov_error_t *err)
{
    return store_exec(s, NULL, change_id, err,
                      "INSERT INTO status_changes (entity, entity_id, from_status, to_status, changed_on,"
                      " changed_by, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      "sisssss", entity, id, from, to, on, by, reason);
}
