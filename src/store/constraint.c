/*
 * constraint.c: constraint failures of either backend as one description,
 * and the sentence for it (see constraint.h).
 */
#include "store/constraint.h"
#include "store/entity.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* SQLite's extended result codes (sqlite3.h), kept here so this file stays
 * free of the engine's headers. */
enum {
    SQ_CONSTRAINT = 19,
    SQ_CHECK = 19 | (1 << 8),
    SQ_FOREIGNKEY = 19 | (3 << 8),
    SQ_NOTNULL = 19 | (5 << 8),
    SQ_PRIMARYKEY = 19 | (6 << 8),
    SQ_TRIGGER = 19 | (7 << 8),
    SQ_UNIQUE = 19 | (8 << 8),
};

/* Duplicates whose sentence says what is already there. */
static const struct {
    const char *table, *columns, *field, *sentence;
} UNIQUES[] = {
    {"pcc_responses", "inspection_id,body_id", "inspection_id",
     "a PCC response to this inspection from this body's local policing body is already recorded"},
    {"pcc_recommendation_responses", "response_id,recommendation_id", "recommendation_id",
     "this response already answers this recommendation"},
    {"grades", "inspection_id,area", "area", "this inspection already has a grade for this area"},
    {"ppog_items", "meeting_id,body_id", "body", "this PPOG meeting already has an item for this body"},
    {"indicators", "body_id,measure,period", "period",
     "a value of this measure for this period is already recorded for this body"},
    {"users", "username", "username", "a user with this username already exists"},
    {"bodies", "code", "code", "a body with this code already exists"},
    {NULL, NULL, NULL, NULL},
};

static int ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

static void copy_n(char *out, size_t size, const char *s, size_t n)
{
    if (n >= size) n = size - 1;
    memcpy(out, s, n);
    out[n] = '\0';
}

/* "t.a, t.b" (SQLite) into table "t" and columns "a,b". */
static void qualified_columns(const char *list, store_constraint_t *out)
{
    size_t o = 0;
    for (const char *p = list; *p;) {
        while (*p == ' ' || *p == ',') p++;
        const char *start = p;
        while (ident_char(*p) || *p == '.') p++;
        if (p == start) break;
        const char *dot = memchr(start, '.', (size_t)(p - start));
        if (dot && !out->table[0]) copy_n(out->table, sizeof out->table, start, (size_t)(dot - start));
        const char *col = dot ? dot + 1 : start;
        size_t n = (size_t)(p - col);
        if (o + n + 2 >= sizeof out->columns) break;
        if (o) out->columns[o++] = ',';
        memcpy(out->columns + o, col, n);
        o += n;
        out->columns[o] = '\0';
    }
}

/* The table a statement writes ("INSERT INTO t", "UPDATE t"), into out. */
static void statement_table(const char *sql, char out[64])
{
    static const char *const heads[] = {"INSERT INTO ", "INSERT OR IGNORE INTO ", "UPDATE ", "DELETE FROM ", NULL};
    for (int k = 0; sql && heads[k]; k++) {
        size_t n = strlen(heads[k]);
        if (strncasecmp(sql, heads[k], n) != 0) continue;
        const char *p = sql + n;
        size_t len = 0;
        while (ident_char(p[len])) len++;
        copy_n(out, 64, p, len);
        return;
    }
}

void store_constraint_sqlite(int code, const char *msg, const char *sql, store_constraint_t *out)
{
    memset(out, 0, sizeof *out);
    if ((code & 0xff) != SQ_CONSTRAINT) return;
    msg = msg ? msg : "";
    const char *colon = strstr(msg, "failed: ");
    const char *rest = colon ? colon + strlen("failed: ") : "";
    switch (code) {
    case SQ_UNIQUE: case SQ_PRIMARYKEY:
        out->kind = STORE_C_UNIQUE;
        qualified_columns(rest, out);
        break;
    case SQ_NOTNULL:
        out->kind = STORE_C_NOT_NULL;
        qualified_columns(rest, out);
        break;
    case SQ_CHECK: {
        /* the text of the check: a column's own check reads "col IN (...)" */
        out->kind = STORE_C_CHECK;
        statement_table(sql, out->table);
        size_t n = 0;
        while (ident_char(rest[n])) n++;
        if (n && strncmp(rest + n, " IN (", 5) == 0) copy_n(out->columns, sizeof out->columns, rest, n);
        break;
    }
    case SQ_FOREIGNKEY:
        /* SQLite does not say which reference */
        out->kind = STORE_C_FOREIGN_KEY;
        statement_table(sql, out->table);
        break;
    case SQ_TRIGGER:
        out->kind = STORE_C_TRIGGER;
        snprintf(out->message, sizeof out->message, "%s", msg);
        break;
    default:
        out->kind = STORE_C_OTHER;
        statement_table(sql, out->table);
    }
}

/* "Key (a, b)=(...) ..." (PostgreSQL's detail) into columns "a,b". */
static void detail_columns(const char *detail, store_constraint_t *out)
{
    const char *p = detail ? strstr(detail, "Key (") : NULL;
    const char *end = p ? strstr(p, ")=(") : NULL;
    if (!p || !end) return;
    p += 5;
    size_t o = 0;
    while (p < end) {
        while (p < end && (*p == ' ' || *p == ',' || *p == '"')) p++;
        const char *start = p;
        while (p < end && ident_char(*p)) p++;
        size_t n = (size_t)(p - start);
        if (!n || o + n + 2 >= sizeof out->columns) break;
        if (o) out->columns[o++] = ',';
        memcpy(out->columns + o, start, n);
        o += n;
        out->columns[o] = '\0';
    }
    const char *t = strstr(end, "in table \"");
    if (t) {
        t += strlen("in table \"");
        copy_n(out->ref_table, sizeof out->ref_table, t, strcspn(t, "\""));
    }
}

void store_constraint_pg(const char *state, const char *table, const char *column, const char *constraint,
                         const char *detail, const char *primary, store_constraint_t *out)
{
    memset(out, 0, sizeof *out);
    if (!state) return;
    if (strcmp(state, "P0001") == 0) {
        out->kind = STORE_C_TRIGGER;
        snprintf(out->message, sizeof out->message, "%s", primary ? primary : "");
        return;
    }
    if (strncmp(state, "23", 2) != 0) return;
    snprintf(out->table, sizeof out->table, "%s", table ? table : "");
    if (strcmp(state, "23505") == 0) {
        out->kind = STORE_C_UNIQUE;
        detail_columns(detail, out);
    } else if (strcmp(state, "23502") == 0) {
        out->kind = STORE_C_NOT_NULL;
        snprintf(out->columns, sizeof out->columns, "%s", column ? column : "");
    } else if (strcmp(state, "23503") == 0) {
        out->kind = STORE_C_FOREIGN_KEY;
        detail_columns(detail, out);
    } else if (strcmp(state, "23514") == 0) {
        /* a column's own check is named TABLE_COLUMN_check */
        out->kind = STORE_C_CHECK;
        size_t tl = strlen(out->table), cl = constraint ? strlen(constraint) : 0;
        if (tl && cl > tl + 7 && strncmp(constraint, out->table, tl) == 0 && constraint[tl] == '_'
            && strcmp(constraint + cl - 6, "_check") == 0)
            copy_n(out->columns, sizeof out->columns, constraint + tl + 1, cl - tl - 7);
    } else {
        out->kind = STORE_C_OTHER;
    }
}

/* What a row of table is called: its entity's label, else the table's
 * name in words. */
static void table_label(const char *table, char *out, size_t n)
{
    for (const entity_def_t *e = store_entities; e->name; e++)
        if (strcmp(e->table, table) == 0) {
            snprintf(out, n, "%s", e->label);
            return;
        }
    if (strcmp(table, "users") == 0) snprintf(out, n, "user");
    else if (strcmp(table, "bodies") == 0) snprintf(out, n, "body");
    else if (!*table) snprintf(out, n, "record");
    else {
        snprintf(out, n, "%s", table);
        for (char *c = out; *c; c++)
            if (*c == '_') *c = ' ';
    }
}

/* The field a column is shown as: body_id is "body". The last of a list
 * ("inspection_id,area": the area is what repeats). */
static void column_field(const char *columns, char *out, size_t n)
{
    const char *last = strrchr(columns, ',');
    last = last ? last + 1 : columns;
    snprintf(out, n, "%s", strcmp(last, "body_id") == 0 ? "body" : last);
}

static const char *article(const char *word)
{
    return strchr("aeiouAEIOU", word[0]) ? "an" : "a";
}

int store_constraint_error(const store_constraint_t *c, ov_error_t *err)
{
    char label[64], field[sizeof c->columns];
    table_label(c->table, label, sizeof label);
    column_field(c->columns, field, sizeof field);
    switch (c->kind) {
    case STORE_C_UNIQUE:
        for (int k = 0; UNIQUES[k].table; k++)
            if (strcmp(UNIQUES[k].table, c->table) == 0 && strcmp(UNIQUES[k].columns, c->columns) == 0)
                return ov_error_set(err, OV_ECONFLICT, UNIQUES[k].field, "%s", UNIQUES[k].sentence);
        if (*field) return ov_error_set(err, OV_ECONFLICT, field, "%s %s with this %s is already recorded", article(label),
                                          label, field);
        return ov_error_set(err, OV_ECONFLICT, "", "this %s is already recorded", label);
    case STORE_C_NOT_NULL:
        return ov_error_set(err, OV_EINVALID, field, "%s is required for %s %s", *field ? field : "a value",
                            article(label), label);
    case STORE_C_CHECK:
        if (*field) return ov_error_set(err, OV_EINVALID, field, "%s is not a value %s %s may have", field, article(label),
                                          label);
        return ov_error_set(err, OV_ECONFLICT, "", "the change would break a rule of the %s", label);
    case STORE_C_FOREIGN_KEY: {
        char ref[64];
        if (*field && *c->ref_table) {
            table_label(c->ref_table, ref, sizeof ref);
            return ov_error_set(err, OV_EINVALID, field, "%s names %s %s that does not exist", field, article(ref),
                                ref);
        }
        return ov_error_set(err, OV_EINVALID, field, "%s %s may not refer to a row that does not exist",
                            article(label), label);
    }
    case STORE_C_TRIGGER:
        return ov_error_set(err, OV_ECONFLICT, "", "%s", *c->message ? c->message : "the change is not allowed");
    default:
        return ov_error_set(err, OV_ECONFLICT, "", "the change conflicts with the %s", label);
    }
}
