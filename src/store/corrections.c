/*
 * corrections.c: appended corrections of decisions and closures
 * (corrections.h). Prepared statements with bound parameters; the table
 * name only ever comes from the fixed list below.
 */
#include "store/corrections.h"
#include "store/audit.h"
#include "core/date.h"
#include "core/jget.h"
#include <stdio.h>
#include <string.h>

static const struct { const char *entity, *table, *label; } ITEMS[] = {
    {"decisions", "decisions", "phase decision"},
    {"recommendations", "recommendations", "recommendation"},
    {"causes-of-concern", "causes_of_concern", "cause of concern"},
};

static int item_of(const char *entity)
{
    for (int i = 0; entity && i < (int)(sizeof ITEMS / sizeof ITEMS[0]); i++)
        if (strcmp(ITEMS[i].entity, entity) == 0) return i;
    return -1;
}

const char *store_correction_table(const char *entity)
{
    int i = item_of(entity);
    return i < 0 ? NULL : ITEMS[i].table;
}

/* The item's body id, code and status (a decision has none) into row. */
static int load_item(store_t *s, int i, long long id, json_t **row, ov_error_t *err)
{
    char sql[200], what[96];
    snprintf(sql, sizeof sql, "SELECT t.body_id, b.code, %s AS status FROM %s t JOIN bodies b ON b.id = t.body_id"
                              " WHERE t.id = ?", i == 0 ? "NULL" : "t.status", ITEMS[i].table);
    snprintf(what, sizeof what, "no %s with id %lld", ITEMS[i].label, id);
    return store_query_one(s, row, err, what, sql, "i", id);
}

int store_correction_body(store_t *s, const char *entity, long long id, char body[64], ov_error_t *err)
{
    int i = item_of(entity);
    body[0] = '\0';
    if (i < 0)
        return ov_error_set(err, OV_EINVALID, "entity", "entity must be decisions, recommendations or causes-of-concern");
    json_t *row = NULL;
    int rc = load_item(s, i, id, &row, err);
    if (rc == 0) snprintf(body, 64, "%s", jget_str(row, "code") ? jget_str(row, "code") : "");
    json_decref(row);
    return rc;
}

static int blank(const char *s) { return !s || s[strspn(s, " \t\r\n")] == '\0'; }

int store_correction_add(store_t *s, const correction_input_t *in, json_t *errors, long long *new_id, ov_error_t *err)
{
    int i = item_of(in->entity);
    if (i < 0)
        return ov_error_set(err, OV_EINVALID, "entity", "entity must be decisions, recommendations or causes-of-concern");
    json_t *own = NULL, *errs = errors ? errors : (own = json_object());
    int correction = in->kind && strcmp(in->kind, "correction") == 0;
    if (!correction && (!in->kind || strcmp(in->kind, "withdrawal") != 0))
        json_object_set_new(errs, "kind", json_string("kind must be correction or withdrawal"));
    if (correction && blank(in->text))
        json_object_set_new(errs, "text", json_string("a correction states what the record should have said (text)"));
    if (!correction && !blank(in->text) && in->kind && strcmp(in->kind, "withdrawal") == 0)
        json_object_set_new(errs, "text", json_string("a withdrawal has no text: give the reason only"));
    if (blank(in->reason)) json_object_set_new(errs, "reason", json_string("a reason is required: why it is corrected"));
    odate_t d;
    if (blank(in->corrected_on) || date_parse_day(in->corrected_on, &d) != 0)
        json_object_set_new(errs, "corrected_on", json_string("corrected_on must be a day as YYYY-MM-DD"));
    store_tx_t tx;
    json_t *row = NULL, *after = NULL, *done = NULL;
    int rc = store_tx_begin(s, &tx, err);
    if (rc) {
        json_decref(own);
        return rc;
    }
    if ((rc = load_item(s, i, in->id, &row, err))) goto out;
    const char *key;
    json_t *v;
    json_object_foreach(errs, key, v) {
        rc = ov_error_set(err, OV_EINVALID, key, "%s", json_string_value(v));
        goto out;
    }
    const char *status = jget_str(row, "status");
    if (i > 0 && (!status || strcmp(status, "closed") != 0)) {
        rc = ov_error_set(err, OV_ECONFLICT, "", "the %s is not closed: there is no closure to correct", ITEMS[i].label);
        goto out;
    }
    if ((rc = store_query(s, &done, err, "SELECT id FROM corrections WHERE entity = ? AND entity_id = ? AND kind ="
                          " 'withdrawal'", "si", ITEMS[i].table, in->id)))
        goto out;
    if (json_array_size(done)) {
        rc = ov_error_set(err, OV_ECONFLICT, "", "this %s%s was withdrawn already", i ? "closure of the " : "",
                          ITEMS[i].label);
        goto out;
    }
    long long body_id = json_integer_value(json_object_get(row, "body_id")), id = 0;
    if ((rc = store_exec(s, NULL, &id, err,
                         "INSERT INTO corrections (entity, entity_id, body_id, kind, text, reason, corrected_by,"
                         " corrected_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         "siisssss", ITEMS[i].table, in->id, body_id, in->kind, correction ? in->text : NULL,
                         in->reason, in->by ? in->by : "", in->corrected_on)))
        goto out;
    if ((rc = store_audit_snapshot(s, "corrections", id, &after, err))) goto out;
    if ((rc = store_audit_append(s, "insert", "corrections", id, body_id, NULL, after, err))) goto out;
    if (new_id) *new_id = id;
out:
    json_decref(own);
    json_decref(row);
    json_decref(after);
    json_decref(done);
    return store_tx_end(s, &tx, rc, err);
}

int store_corrections_of(store_t *s, const char *table, long long id, json_t **out, ov_error_t *err)
{
    return store_query(s, out, err,
                       "SELECT id, kind, text, reason, corrected_by, corrected_on, recorded_at FROM corrections"
                       " WHERE entity = ? AND entity_id = ? ORDER BY id",
                       "si", table, id);
}

int store_corrections_attach(store_t *s, const char *table, json_t *rows, ov_error_t *err)
{
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        json_t *c = NULL;
        int rc = store_corrections_of(s, table, json_integer_value(json_object_get(r, "id")), &c, err);
        if (rc) return rc;
        json_object_set_new(r, "corrections", c);
    }
    return 0;
}
