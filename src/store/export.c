/*
 * export.c: the open data export of the public record (see export.h for
 * what is public), as JSON rows, CSV, and back again.
 */
#include "store/export.h"
#include "store/reference.h"
#include "store/audit.h"
#include "core/csv.h"
#include "core/phase.h"
#include "core/jget.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Which rows are public is the publication rule (store/publication.h),
 * asked for every table. A link from a public row to a row that is not
 * public (a revisit's inspection not yet published, a cause closed by an
 * unpublished revisit) is exported as null, so the export neither names
 * nor needs that row. */
#include "store/publication.h"

/* Link columns and the table whose public rows they may name; owner: the
 * table the column is of (NULL: any). */
static const struct { const char *column, *table, *owner; } LINKS[] = {
    {"inspection_id", "inspections", NULL},
    {"cause_id", "causes_of_concern", NULL},
    {"closing_revisit_id", "revisits", NULL},
    {"superseded_by_id", "recommendations", "recommendations"},
    {"superseded_by_id", "causes_of_concern", "causes_of_concern"},   /* sql/024 */
    {NULL, NULL, NULL},
};

/* The monitoring frameworks (migration 012): no id, named by their key. */
static const char *const C_FRAMEWORKS[] = {"code", "name", "description", "position", "in_force_from",
                                           "in_force_to", "succeeds", "loaded_at",
                                           "applies_to", NULL};   /* sql/028: absent = '' (every kind) */
static const char *const K_FRAMEWORKS[] = {"code", NULL};
static const char *const C_PHASES[] = {"code", "name", "level", "is_default", "framework", "description", NULL};
static const char *const K_PHASES[] = {"code", NULL};
static const char *const C_TRANSITIONS[] = {"from_phase", "to_phase", "decider_role", "recommender_role", NULL};
static const char *const K_TRANSITIONS[] = {"from_phase", "to_phase", NULL};

/* successor_id is not a column here: a predecessor's row comes before its
 * successor's, so the restore sets it afterwards from body_changes'
 * merged_into rows (restore_successors). */
static const char *const C_BODIES[] = {"id", "code", "name", "kind", "country", "governance", "local_policing_body",
                                       "chief_officer_title", "phase", "phase_since", "retired_on", NULL};
/* Bodies changed at run time, national bodies, post holders, the HMI
 * monitoring group (migration 015). recorded_by (a user name) is not
 * public; the restore leaves it empty. */
static const char *const C_BODY_CHANGES[] = {"id", "body_id", "change", "effective_on", "former_name", "new_name",
                                             "other_body_id", "reason", "recorded_at", NULL};
static const char *const C_NATIONAL[] = {"id", "code", "name", "description", "url", "retired_on", NULL};
static const char *const C_PEOPLE[] = {"id", "body_id", "post", "name", "title", "from_on", "to_on", "acting",
                                       "source_url", NULL};
static const char *const C_HMI_MEETINGS[] = {"id", "held_on", NULL};
static const char *const C_HMI_ITEMS[] = {"id", "meeting_id", "body_id", "outcome", NULL};
static const char *const C_DECISIONS[] = {"id", "body_id", "from_phase", "to_phase", "recommended_by", "decided_by",
                                          "decided_on", "effective_on", "rationale", "meeting", "source_url",
                                          "recorded_at", NULL};
static const char *const C_PERIODS[] = {"body_id", "phase", "from", "to", NULL};
static const char *const C_INSPECTIONS[] = {"id", "body_id", "kind", "title", "commissioned_by", "fieldwork_start",
                                            "fieldwork_end", "published_on", "grade_scale", "summary", "url",
                                            "recommendations_made", "report_id", NULL};
static const char *const C_GRADES[] = {"id", "inspection_id", "area", "grade", NULL};
static const char *const C_REVISITS[] = {"id", "body_id", "inspection_id", "title", "started_on", "ended_on",
                                         "scope", "findings", "published_on", NULL};
static const char *const C_CAUSES[] = {"id", "body_id", "inspection_id", "title", "text", "accelerated",
                                       "added_to_engage", "issued_on", "status", "closed_on", "closed_by",
                                       "closing_revisit_id", "closing_decision_id", "close_override_reason",
                                       "open_at_exit_reason", "outcome", "closing_reason", "priority",
                                       "lifecycle", "superseded_by_id", "lifecycle_reason", NULL};   /* sql/024 */
static const char *const C_RECS[] = {"id", "body_id", "cause_id", "inspection_id", "number", "addressee", "text",
                                     "issued_on", "original_deadline", "acceptance", "status", "implemented_on",
                                     "closed_on", "closed_by", "closing_revisit_id", "outcome", "closing_reason", "lifecycle",
                                     "superseded_by_id",
                                     "lifecycle_reason", "priority", "shared_id", NULL};
/* Themes (migration 017): the list merged by code (init loads the
 * defaults, with the same ids), and which items carry which. */
static const char *const C_THEMES[] = {"id", "code", "name", "description", NULL};
static const char *const K_THEMES[] = {"code", NULL};
static const char *const C_REC_THEMES[] = {"id", "recommendation_id", "theme_id", NULL};
static const char *const C_CAUSE_THEMES[] = {"id", "cause_id", "theme_id", NULL};
static const char *const C_REQS[] = {"id", "recommendation_id", "position", "text", "status", NULL};
static const char *const C_REVISIONS[] = {"id", "recommendation_id", "previous_deadline", "new_deadline", "reason",
                                          "agreed_by", "agreed_on", "recorded_at", NULL};
static const char *const C_PLANS[] = {"id", "body_id", "name", "linked_plan", "period_start", "period_end",
                                      "agreed_on", "reason", "description", NULL};
static const char *const C_PILLARS[] = {"id", "plan_id", "position", "title", "description", NULL};
static const char *const C_ITEMS[] = {"id", "plan_id", "pillar_id", "kind", "text", "target_date", "rag",
                                      "completed_on", "evidence", NULL};
static const char *const C_EXT_REPORTS[] = {"id", "title", "author", "commissioned_by", "published_on", "url", NULL};
static const char *const C_EXT_MATTERS[] = {"id", "report_id", "body_id", "reference", "text", "status",
                                            "closed_on", NULL};
static const char *const C_PPOG_MEETINGS[] = {"id", "held_on", NULL};
static const char *const C_PPOG_ITEMS[] = {"id", "meeting_id", "body_id", "outcome", NULL};
/* News releases (migration 019): the published words (content, the frozen
 * model) and their quotes. Not the letter they went with (letters are not
 * part of the open data), nor who drafted, approved or published them (user
 * names), nor the draft's edits (staff only). */
static const char *const C_RELEASES[] = {"id", "body_id", "decision_id", "status", "published_on", "content",
                                         "published_at", NULL};
static const char *const C_RELEASE_QUOTES[] = {"id", "release_id", "position", "speaker", "speaker_title", "text",
                                               "source", NULL};
/* PCC responses (migration 020): never public by the rule (the operator's
 * copy only, `export --all`); the public export leaves them out. */
static const char *const C_PCC_RESPONSES[] = {"id", "inspection_id", "body_id", "published_on", "url", "summary",
                                              "chief_officer_comments", NULL};
static const char *const C_PCC_RECS[] = {"id", "response_id", "recommendation_id", "action", NULL};

/* Reports covering many bodies and recommendations with many addressees
 * (migration 022): the report, the recommendation as it makes it, a
 * national body's part and its events. Not who recorded them (user names;
 * the restore leaves them empty). */
static const char *const C_REPORTS[] = {"id", "title", "kind", "coverage", "published_on", "url", "summary", NULL};
static const char *const C_SHARED_RECS[] = {"id", "report_id", "number", "text", "addressed_to", "issued_on",
                                            "original_deadline", NULL};
static const char *const C_NATIONAL_PARTS[] = {"id", "shared_id", "national_body_id", "acceptance", "status",
                                               "deadline", "outcome", "reason", "closed_on", "closed_by", NULL};
static const char *const C_PART_EVENTS[] = {"id", "part_id", "field", "old_value", "new_value", "note", "on_date",
                                            "recorded_at", NULL};

/* Periods from decisions, as store_body_get makes them: the level before
 * the first decision (its from_phase; with none, the body's current level)
 * until the first decision, then each decision's phase until the next. */
static const char PERIODS_SQL[] =
    "SELECT body_id, phase, \"from\", \"to\" FROM ("
    " SELECT b.id AS body_id, 0 AS seq,"
    "  COALESCE((SELECT d.from_phase FROM decisions d WHERE d.body_id = b.id ORDER BY d.effective_on, d.id LIMIT 1),"
    "   b.phase) AS phase, NULL AS \"from\","
    "  (SELECT d.effective_on FROM decisions d WHERE d.body_id = b.id ORDER BY d.effective_on, d.id LIMIT 1) AS \"to\","
    "  0 AS did FROM bodies b"
    " UNION ALL"
    " SELECT d.body_id, 1, d.to_phase, d.effective_on,"
    "  LEAD(d.effective_on) OVER (PARTITION BY d.body_id ORDER BY d.effective_on, d.id), d.id FROM decisions d) AS periods"
    " ORDER BY body_id, seq, \"from\", did";

const export_table_t export_tables[] = {
    /* first: bodies and decisions name their levels; a framework after the
     * one it succeeds */
    {"frameworks", C_FRAMEWORKS, 0, NULL, K_FRAMEWORKS, "t.position, t.code"},
    {"phases", C_PHASES, 0, NULL, K_PHASES,
     "(SELECT f.position FROM frameworks f WHERE f.code = t.framework), t.level, t.code"},
    {"phase_transitions", C_TRANSITIONS, 0, NULL, K_TRANSITIONS, "t.from_phase, t.to_phase"},
    {"bodies", C_BODIES, 0, NULL, NULL, NULL},
    {"decisions", C_DECISIONS, 0, NULL, NULL, NULL},
    {"body_changes", C_BODY_CHANGES, 0, NULL, NULL, NULL},
    {"national_bodies", C_NATIONAL, 0, NULL, NULL, NULL},
    {"body_people", C_PEOPLE, 0, NULL, NULL, NULL},
    {"phase_periods", C_PERIODS, 1, PERIODS_SQL, NULL, NULL},
    {"reports", C_REPORTS, 0, NULL, NULL, NULL},
    {"inspections", C_INSPECTIONS, 0, NULL, NULL, NULL},
    {"grades", C_GRADES, 0, NULL, NULL, NULL},
    {"revisits", C_REVISITS, 0, NULL, NULL, NULL},
    {"causes_of_concern", C_CAUSES, 0, NULL, NULL, NULL},
    {"shared_recommendations", C_SHARED_RECS, 0, NULL, NULL, NULL},
    {"recommendations", C_RECS, 0, NULL, NULL, NULL},
    {"national_parts", C_NATIONAL_PARTS, 0, NULL, NULL, NULL},
    {"national_part_events", C_PART_EVENTS, 0, NULL, NULL, NULL},
    {"requirements", C_REQS, 0, NULL, NULL, NULL},
    {"themes", C_THEMES, 0, NULL, K_THEMES, "t.id"},
    {"recommendation_themes", C_REC_THEMES, 0, NULL, NULL, NULL},
    {"cause_themes", C_CAUSE_THEMES, 0, NULL, NULL, NULL},
    {"deadline_revisions", C_REVISIONS, 0, NULL, NULL, NULL},
    {"plans", C_PLANS, 0, NULL, NULL, NULL},
    {"plan_pillars", C_PILLARS, 0, NULL, NULL, NULL},
    {"plan_items", C_ITEMS, 0, NULL, NULL, NULL},
    {"external_reports", C_EXT_REPORTS, 0, NULL, NULL, NULL},
    {"external_matters", C_EXT_MATTERS, 0, NULL, NULL, NULL},
    {"ppog_meetings", C_PPOG_MEETINGS, 0, NULL, NULL, NULL},
    {"ppog_items", C_PPOG_ITEMS, 0, NULL, NULL, NULL},
    {"hmi_group_meetings", C_HMI_MEETINGS, 0, NULL, NULL, NULL},
    {"hmi_group_items", C_HMI_ITEMS, 0, NULL, NULL, NULL},
    {"releases", C_RELEASES, 0, NULL, NULL, NULL},
    {"release_quotes", C_RELEASE_QUOTES, 0, NULL, NULL, NULL},
    {"pcc_responses", C_PCC_RESPONSES, 0, NULL, NULL, NULL},
    {"pcc_recommendation_responses", C_PCC_RECS, 0, NULL, NULL, NULL},
    {NULL, NULL, 0, NULL, NULL, NULL},
};

const export_table_t *export_table_find(const char *name)
{
    for (const export_table_t *t = export_tables; name && t->name; t++)
        if (strcmp(t->name, name) == 0) return t;
    return NULL;
}

static int has_column(const export_table_t *t, const char *name)
{
    for (const char *const *c = t->columns; *c; c++)
        if (strcmp(*c, name) == 0) return 1;
    return 0;
}

int store_export_table(store_t *s, const export_table_t *t, const char *today, json_t **rows, ov_error_t *err)
{
    *rows = NULL;
    if (t->sql) return store_query(s, rows, err, t->sql, NULL);
    buf_t q = BUF_INIT;
    buf_puts(&q, "SELECT ");
    /* grades are selected by their inspection instead; the whole record
     * (today NULL) keeps every link */
    int links = today && strcmp(t->name, "grades") != 0;
    for (const char *const *c = t->columns; *c; c++) {
        if (c != t->columns) buf_puts(&q, ", ");
        const char *target = NULL;
        for (size_t k = 0; links && LINKS[k].column; k++)
            if (strcmp(*c, LINKS[k].column) == 0 && (!LINKS[k].owner || strcmp(t->name, LINKS[k].owner) == 0))
                target = LINKS[k].table;
        char col[64];
        snprintf(col, sizeof col, "t.\"%s\"", *c);
        if (target) {
            buf_puts(&q, "CASE WHEN ");
            store_publication_link(&q, target, col, "?1");
            buf_printf(&q, " THEN %s END AS \"%s\"", col, *c);
        } else {
            buf_puts(&q, col);
        }
    }
    buf_printf(&q, " FROM \"%s\" t", t->name);
    if (today) {
        buf_puts(&q, " WHERE ");
        store_publication_where(&q, t->name, "t", "?1");
    }
    buf_printf(&q, " ORDER BY %s", t->order ? t->order : "t.id");
    if (q.failed) {
        buf_free(&q);
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    /* a table public as a whole has no day to bind */
    int rc = strstr(q.data, "?1") ? store_query(s, rows, err, q.data, "s", today)
                                  : store_query(s, rows, err, q.data, NULL);
    buf_free(&q);
    return rc;
}

int store_export_tables(store_t *s, const char *today, json_t **out, ov_error_t *err)
{
    *out = NULL;
    int own = !store_in_transaction(s);
    /* a read-only snapshot: the tables agree with each other (on
     * PostgreSQL REPEATABLE READ; a plain BEGIN there is READ COMMITTED,
     * where each table would be read as of its own statement) */
    if (own && store_begin_read(s, err) != 0) return OV_EINTERNAL;
    json_t *all = json_object();
    int rc = all ? 0 : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    for (const export_table_t *t = export_tables; rc == 0 && t->name; t++) {
        json_t *rows = NULL;
        if (today && store_publication_never(t->name)) continue;   /* not in the public record at all */
        rc = store_export_table(s, t, today, &rows, err);
        if (rc == 0 && json_object_set_new(all, t->name, rows) != 0)
            rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    if (own) store_rollback(s);
    if (rc != 0) {
        json_decref(all);
        return rc;
    }
    *out = all;
    return 0;
}

json_t *export_schema(void)
{
    json_t *tables = json_object(), *derived = json_array();
    for (const export_table_t *t = export_tables; tables && derived && t->name; t++) {
        json_t *cols = json_array();
        for (const char *const *c = t->columns; cols && *c; c++) json_array_append_new(cols, json_string(*c));
        json_object_set_new(tables, t->name, cols);
        if (t->derived) json_array_append_new(derived, json_string(t->name));
    }
    return json_pack("{s:s, s:i, s:o*, s:o*}", "format", EXPORT_FORMAT_NAME, "version", EXPORT_FORMAT_VERSION,
                     "tables", tables, "derived", derived);
}

json_t *export_document(const char *exported_at, json_t *tables)
{
    return json_pack("{s:s, s:o*, s:o}", "exported_at", exported_at, "schema", export_schema(), "tables", tables);
}

/* ---- CSV ---------------------------------------------------------------- */

static int csv_value(buf_t *out, const json_t *v)
{
    char num[32];
    if (!v || json_is_null(v)) return 0;
    /* text cells spreadsheet-safe (core/csv.h): "=1+1" is written "'=1+1" */
    if (json_is_string(v)) return csv_write_text(out, json_string_value(v));
    if (json_is_integer(v)) {
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
        return buf_puts(out, num);
    }
    if (json_is_true(v)) return buf_putc(out, '1');
    if (json_is_false(v)) return buf_putc(out, '0');
    if (json_is_real(v)) {
        snprintf(num, sizeof num, "%.17g", json_real_value(v));
        return buf_puts(out, num);
    }
    return -1;
}

int export_csv(buf_t *out, const export_table_t *t, const json_t *rows)
{
    for (const char *const *c = t->columns; *c; c++) {
        if (c != t->columns) buf_putc(out, ',');
        csv_write_field(out, *c);
    }
    buf_puts(out, "\r\n");
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        for (const char *const *c = t->columns; *c; c++) {
            if (c != t->columns) buf_putc(out, ',');
            if (csv_value(out, json_object_get(row, *c)) != 0) return -1;
        }
        buf_puts(out, "\r\n");
    }
    return out->failed ? -1 : 0;
}

/* Reads one table's CSV: the database's type and NOT NULL of each column
 * decide how a field becomes JSON. */
typedef struct {
    const export_table_t *t;
    const char *what;
    json_t *info;        /* {column: {"type", "notnull"}} */
    int ncols;
    int seen_header;
    json_t *rows;
    json_t *lines;       /* the line each row starts on, or NULL */
} csv_reader_t;

/* A column an export made by an earlier release lacks, whose default
 * keeps that release's meaning: it may be missing from a CSV file too
 * (JSON rows may always leave a column out). frameworks.applies_to
 * (sql/028): '' = every kind, as every framework then applied. */
static int column_added_later(const export_table_t *t, const char *col)
{
    return strcmp(t->name, "frameworks") == 0 && strcmp(col, "applies_to") == 0;
}

static int csv_header(csv_reader_t *R, char **f, int n, int line, ov_error_t *err)
{
    for (int i = 0; i < n; i++) {
        if (!has_column(R->t, f[i]))
            return ov_error_set(err, OV_EINVALID, f[i], "%s line %d: unknown column '%s' for table %s", R->what, line,
                                f[i], R->t->name);
        for (int k = 0; k < i; k++)
            if (strcmp(f[k], f[i]) == 0)
                return ov_error_set(err, OV_EINVALID, f[i], "%s line %d: column '%s' appears twice", R->what, line,
                                    f[i]);
    }
    R->ncols = n;
    R->seen_header = 1;
    return 0;
}

/* The reader and the header's column names (owned). */
typedef struct {
    csv_reader_t R;
    char *names[CSV_MAX_FIELDS];
} csv_ctx_t;

static int csv_record(void *ctx, char **f, int n, int line, ov_error_t *err)
{
    csv_ctx_t *C = ctx;
    csv_reader_t *R = &C->R;
    if (!R->seen_header) {
        int rc = csv_header(R, f, n, line, err);
        for (int i = 0; rc == 0 && i < n; i++)
            if (!(C->names[i] = strdup(f[i]))) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        return rc;
    }
    if (n == 1 && f[0][0] == '\0' && R->ncols > 1) return 0;   /* a blank line */
    if (n != R->ncols)
        return ov_error_set(err, OV_EINVALID, "", "%s line %d: %d fields, the header has %d", R->what, line, n,
                            R->ncols);
    json_t *row = json_object();
    if (!row || json_array_append_new(R->rows, row) != 0)
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    if (R->lines && json_array_append_new(R->lines, json_integer(line)) != 0)
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    for (int i = 0; i < n; i++) {
        const char *col = C->names[i];
        json_t *info = json_object_get(R->info, col);
        const char *type = json_string_value(json_object_get(info, "type"));
        int notnull = json_is_true(json_object_get(info, "notnull"));
        int is_int = type && strcasecmp(type, "INTEGER") == 0;
        json_t *v;
        if (f[i][0] == '\0') {
            v = is_int || !notnull ? json_null() : json_string("");
        } else if (is_int) {
            char *end;
            errno = 0;
            long long x = strtoll(f[i], &end, 10);
            if (errno || *end)
                return ov_error_set(err, OV_EINVALID, col, "%s line %d: column %s: '%.40s' is not a whole number",
                                    R->what, line, col, f[i]);
            v = json_integer(x);
        } else {
            /* exactly the apostrophe export_csv added, if any (core/csv.h) */
            v = json_string(csv_text_plain(f[i]));
            if (!v)
                return ov_error_set(err, OV_EINVALID, col, "%s line %d: column %s is not valid UTF-8", R->what, line,
                                    col);
        }
        if (!v || json_object_set_new(row, col, v) != 0) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    return 0;
}

int store_export_rows_from_csv(store_t *s, const export_table_t *t, const char *what, const char *text,
                               size_t len, json_t **rows, ov_error_t *err)
{
    return store_export_rows_from_csv_at(s, t, what, text, len, rows, NULL, err);
}

int store_export_rows_from_csv_at(store_t *s, const export_table_t *t, const char *what, const char *text,
                                  size_t len, json_t **rows, json_t **lines, ov_error_t *err)
{
    *rows = NULL;
    if (lines) *lines = NULL;
    if (t->derived) return ov_error_set(err, OV_EINVALID, t->name, "%s: %s is derived, not restored", what, t->name);
    json_t *cols = NULL;
    int rc = store_query(s, &cols, err, "SELECT name, type, \"notnull\" FROM pragma_table_info(?)", "s", t->name);
    if (rc != 0) return rc;
    csv_ctx_t C;
    memset(&C, 0, sizeof C);
    C.R.t = t;
    C.R.what = what;
    C.R.info = json_object();
    C.R.rows = json_array();
    C.R.lines = lines ? json_array() : NULL;
    size_t i;
    json_t *c;
    json_array_foreach(cols, i, c)
        json_object_set_new(C.R.info, json_string_value(json_object_get(c, "name")),
                            json_pack("{s:O, s:b}", "type", json_object_get(c, "type"), "notnull",
                                      json_integer_value(json_object_get(c, "notnull")) != 0));
    json_decref(cols);
    rc = csv_parse(text, len, csv_record, &C, err);
    if (rc == 0 && !C.R.seen_header) rc = ov_error_set(err, OV_EINVALID, "", "%s: no header row", what);
    if (rc == 0) {
        /* every column must be there: a missing one would silently lose data */
        for (const char *const *col = t->columns; rc == 0 && *col; col++) {
            int found = 0;
            for (int k = 0; k < C.R.ncols; k++)
                if (C.names[k] && strcmp(C.names[k], *col) == 0) found = 1;
            if (!found && !column_added_later(t, *col))
                rc = ov_error_set(err, OV_EINVALID, *col, "%s line 1: missing column '%s'", what, *col);
        }
    }
    for (int k = 0; k < CSV_MAX_FIELDS; k++) free(C.names[k]);
    json_decref(C.R.info);
    if (rc != 0) {
        json_decref(C.R.rows);
        json_decref(C.R.lines);
        return rc;
    }
    *rows = C.R.rows;
    if (lines) *lines = C.R.lines;
    return 0;
}

/* ---- Restore ------------------------------------------------------------ */

/* OV_ECONFLICT when s already holds rows a restore would collide with. */
static int check_fresh(store_t *s, ov_error_t *err)
{
    for (const export_table_t *t = export_tables; t->name; t++) {
        /* bodies are updated, decisions replaced, the frameworks tables
         * merged; national bodies restored over those init loaded, and so
         * are the body changes of the reference lists' merges */
        if (t->derived || t->key || strcmp(t->name, "bodies") == 0 || strcmp(t->name, "decisions") == 0
            || strcmp(t->name, "national_bodies") == 0)
            continue;
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT count(*) AS n FROM \"%s\"%s", t->name,
                 strcmp(t->name, "body_changes") == 0 ? " WHERE recorded_by <> '" REFERENCE_ACTOR "'" : "");
        json_t *row = NULL;
        int rc = store_query_one(s, &row, err, t->name, sql, NULL);
        if (rc != 0) return rc;
        long long n = json_integer_value(json_object_get(row, "n"));
        json_decref(row);
        if (n > 0)
            return ov_error_set(err, OV_ECONFLICT, t->name,
                                "the database already holds a monitoring record (%lld rows in %s); restore into a "
                                "fresh `oversight init` database",
                                n, t->name);
    }
    /* letters (migration 004) may refer to decisions, which are replaced */
    json_t *rows = NULL;
    int rc = store_query(s, &rows, err,
                         "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'letters'"
                         " AND EXISTS (SELECT 1 FROM pragma_table_info('letters') WHERE name = 'decision_id')",
                         NULL);
    if (rc != 0) return rc;
    int has_letters = json_array_size(rows) > 0;
    json_decref(rows);
    if (has_letters) {
        rc = store_query(s, &rows, err, "SELECT 1 FROM letters LIMIT 1", NULL);
        if (rc != 0) return rc;
        int any = json_array_size(rows) > 0;
        json_decref(rows);
        if (any)
            return ov_error_set(err, OV_ECONFLICT, "letters",
                                "the database already holds letters; restore into a fresh `oversight init` database");
    }
    return 0;
}

/* "id 5", "code scan-engage", "from_phase scan, to_phase engage": the row
 * by its key, for messages. */
static void row_label(const export_table_t *t, const json_t *row, char *out, size_t n)
{
    static const char *const ID[] = {"id", NULL};
    size_t at = 0;
    out[0] = '\0';
    for (const char *const *k = t->key ? t->key : ID; *k && at < n; k++) {
        const json_t *v = json_object_get(row, *k);
        int w;
        if (json_is_integer(v)) w = snprintf(out + at, n - at, "%s%s %lld", at ? ", " : "", *k, (long long)json_integer_value(v));
        else w = snprintf(out + at, n - at, "%s%s %.40s", at ? ", " : "", *k, json_is_string(v) ? json_string_value(v) : "null");
        if (w < 0) break;
        at += (size_t)w;
    }
}

/* Columns of a merged row taken from the export rather than compared: when
 * the framework was loaded into the database the export came from. */
static int merge_takes(const char *column)
{
    return strcmp(column, "loaded_at") == 0;
}

static int same_value(const json_t *a, const json_t *b)
{
    if (!a || json_is_null(a)) return !b || json_is_null(b);
    if (json_is_integer(a) && json_is_integer(b)) return json_integer_value(a) == json_integer_value(b);
    if (json_is_string(a) && json_is_string(b)) return strcmp(json_string_value(a), json_string_value(b)) == 0;
    return 0;
}

/* A row of a table merged by key (t->key): 1 when the database holds a row
 * of that key the same as this one in every column (its merge_takes
 * columns brought to the export's), 0 when it holds none, or an error
 * naming the column that differs. */
static int merge_existing(store_t *s, const export_table_t *t, const json_t *row, size_t index, ov_error_t *err)
{
    buf_t q = BUF_INIT;
    json_t *params = json_array();
    buf_puts(&q, "SELECT ");
    for (const char *const *c = t->columns; *c; c++) buf_printf(&q, "%s\"%s\"", c == t->columns ? "" : ", ", *c);
    buf_printf(&q, " FROM \"%s\" WHERE ", t->name);
    for (const char *const *k = t->key; *k; k++) {
        const json_t *v = json_object_get(row, *k);
        if (!json_is_string(v)) {
            buf_free(&q);
            json_decref(params);
            return ov_error_set(err, OV_EINVALID, *k, "%s row %zu: %s must be text", t->name, index + 1, *k);
        }
        buf_printf(&q, "%s\"%s\" = ?", k == t->key ? "" : " AND ", *k);
        json_array_append(params, (json_t *)v);
    }
    json_t *found = NULL;
    int rc = q.failed || !params ? ov_error_set(err, OV_EINTERNAL, "", "out of memory")
                                 : store_query_params(s, &found, err, q.data, params);
    buf_free(&q);
    json_decref(params);
    if (rc != 0) return rc;
    json_t *have = json_array_get(found, 0);
    if (!have) {
        json_decref(found);
        return 0;
    }
    char label[160];
    row_label(t, row, label, sizeof label);
    const char *take = NULL;
    for (const char *const *c = t->columns; rc == 0 && *c; c++) {
        const json_t *want = json_object_get(row, *c);
        if (!want) continue;   /* absent: nothing to compare */
        if (merge_takes(*c)) {
            if (!same_value(json_object_get(have, *c), want)) take = *c;
            continue;
        }
        if (!same_value(json_object_get(have, *c), want)) {
            char here[64] = "null", there[64] = "null";
            const json_t *h = json_object_get(have, *c);
            if (json_is_string(h)) snprintf(here, sizeof here, "'%.50s'", json_string_value(h));
            else if (json_is_integer(h)) snprintf(here, sizeof here, "%lld", (long long)json_integer_value(h));
            if (json_is_string(want)) snprintf(there, sizeof there, "'%.50s'", json_string_value(want));
            else if (json_is_integer(want)) snprintf(there, sizeof there, "%lld", (long long)json_integer_value(want));
            rc = ov_error_set(err, OV_ECONFLICT, t->name,
                              "%s row %zu (%s): the database already holds this row with %s %s, the export has %s;"
                              " restore into a fresh `oversight init` database",
                              t->name, index + 1, label, *c, here, there);
        }
    }
    json_decref(found);
    if (rc != 0) return rc;
    if (take) {
        /* the same row: the export's loaded_at, so the record round-trips */
        char sql[200];
        snprintf(sql, sizeof sql, "UPDATE \"%s\" SET \"%s\" = ? WHERE \"%s\" = ?", t->name, take, t->key[0]);
        if (!t->key[1])
            rc = store_exec(s, NULL, NULL, err, sql, "ss", json_string_value(json_object_get(row, take)),
                            json_string_value(json_object_get(row, t->key[0])));
        if (rc != 0) ov_error_prefix(err, "%s row %zu (%s): ", t->name, index + 1, label);
    }
    return rc != 0 ? rc : 1;
}

/* A link to a row of the same table that may come later (a successor is
 * usually newer than what it supersedes): set after every row is in
 * (restore_deferred), not by the row's INSERT. */
static int deferred_link(const export_table_t *t, const char *column)
{
    return (strcmp(t->name, "recommendations") == 0 || strcmp(t->name, "causes_of_concern") == 0) &&
           strcmp(column, "superseded_by_id") == 0;
}

static int restore_deferred(store_t *s, const json_t *tables, ov_error_t *err)
{
    static const char *const TABLES[] = {"recommendations", "causes_of_concern"};
    size_t i;
    json_t *row;
    int rc = 0;
    for (size_t k = 0; k < 2; k++) {
        const char *name = TABLES[k];
        char sql[120];
        snprintf(sql, sizeof sql, "UPDATE %s SET superseded_by_id = ? WHERE id = ?", name);
        json_array_foreach(json_object_get(tables, name), i, row) {
            json_t *to = json_object_get(row, "superseded_by_id");
            if (!to || json_is_null(to)) continue;
            if (!json_is_integer(to))
                return ov_error_set(err, OV_EINVALID, "superseded_by_id",
                                    "%s row %zu: superseded_by_id must be a whole number or null", name, i + 1);
            if ((rc = store_exec(s, NULL, NULL, err, sql, "ii", (long long)json_integer_value(to),
                                 (long long)json_integer_value(json_object_get(row, "id")))) != 0) {
                ov_error_prefix(err, "%s row %zu: ", name, i + 1);
                return rc;
            }
        }
    }
    return 0;
}

static int restore_row(store_t *s, const export_table_t *t, const json_t *row, size_t index, ov_error_t *err)
{
    if (!json_is_object(row))
        return ov_error_set(err, OV_EINVALID, t->name, "%s row %zu is not an object", t->name, index + 1);
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)row, key, v) {
        if (!has_column(t, key))
            return ov_error_set(err, OV_EINVALID, key, "%s row %zu: unknown column '%s'", t->name, index + 1, key);
        if (!(json_is_null(v) || json_is_string(v) || json_is_integer(v)))
            return ov_error_set(err, OV_EINVALID, key, "%s row %zu: %s must be text, a whole number or null",
                                t->name, index + 1, key);
    }
    const json_t *kinds = strcmp(t->name, "frameworks") == 0 ? json_object_get(row, "applies_to") : NULL;
    if (kinds && !(json_is_string(kinds) && framework_kinds_valid(json_string_value(kinds)) == 0)) {
        char label[160];
        row_label(t, row, label, sizeof label);
        return ov_error_set(err, OV_EINVALID, "applies_to",
                            "%s row %zu (%s): applies_to must be the kinds of body it applies to, comma-separated"
                            " (police, fire), or empty for every kind",
                            t->name, index + 1, label);
    }
    if (!t->key && !json_is_integer(json_object_get(row, "id")))
        return ov_error_set(err, OV_EINVALID, "id", "%s row %zu: id must be a whole number", t->name, index + 1);
    if (t->key) {
        /* a row the database already holds (the built-in framework) */
        int merged = merge_existing(s, t, row, index, err);
        if (merged != 0) return merged > 0 ? 0 : merged;
    }
    buf_t q = BUF_INIT, vals = BUF_INIT;
    json_t *params = json_array();
    int first = 1;
    buf_printf(&q, "INSERT INTO \"%s\" (", t->name);
    for (const char *const *c = t->columns; *c; c++) {
        json_t *x = json_object_get(row, *c);
        if (!x) continue;   /* absent: the column's default */
        if (deferred_link(t, *c)) continue;
        buf_printf(&q, "%s\"%s\"", first ? "" : ", ", *c);
        buf_puts(&vals, first ? "?" : ", ?");
        json_array_append(params, x);
        first = 0;
    }
    buf_printf(&q, ") VALUES (%s)", vals.data ? vals.data : "");
    if (strcmp(t->name, "bodies") == 0) {
        /* the bodies of a fresh database: same ids, brought up to the export's state */
        buf_puts(&q, " ON CONFLICT(id) DO UPDATE SET ");
        first = 1;
        for (const char *const *c = t->columns; *c; c++) {
            if (strcmp(*c, "id") == 0 || !json_object_get(row, *c)) continue;
            buf_printf(&q, "%s\"%s\" = excluded.\"%s\"", first ? "" : ", ", *c, *c);
            first = 0;
        }
        if (first) buf_puts(&q, "id = excluded.id");
    }
    int rc;
    if (q.failed || vals.failed || !params) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    else rc = store_exec_params(s, NULL, NULL, err, q.data, params);
    if (rc != 0) {
        char label[160];
        row_label(t, row, label, sizeof label);
        ov_error_prefix(err, "%s row %zu (%s): ", t->name, index + 1, label);
    }
    json_decref(params);
    buf_free(&q);
    buf_free(&vals);
    return rc;
}

/* After a row of the frameworks tables: refused when the database would
 * hold more than the phase model can (core/phase.h), naming the row, so a
 * restore never leaves frameworks, levels or moves the program would not
 * see. */
static int model_limit(store_t *s, const export_table_t *t, const json_t *row, size_t index, ov_error_t *err)
{
    static const struct { const char *table, *what; int max; } LIMITS[] = {
        {"frameworks", "frameworks", FRAMEWORK_MAX},
        {"phases", "levels across all frameworks", PHASE_MAX},
        {"phase_transitions", "transitions across all frameworks", PHASE_TRANSITION_MAX},
    };
    for (size_t k = 0; k < sizeof LIMITS / sizeof LIMITS[0]; k++) {
        if (strcmp(t->name, LIMITS[k].table) != 0) continue;
        char sql[96];
        snprintf(sql, sizeof sql, "SELECT count(*) AS n FROM %s", t->name);
        json_t *got = NULL;
        int rc = store_query_one(s, &got, err, t->name, sql, NULL);
        if (rc != 0) return rc;
        long long n = json_integer_value(json_object_get(got, "n"));
        json_decref(got);
        if (n <= LIMITS[k].max) return 0;
        char label[160];
        row_label(t, row, label, sizeof label);
        return ov_error_set(err, OV_EINVALID, t->key ? t->key[0] : "id",
                            "%s row %zu (%s): at most %d %s can be held; this row would be number %lld",
                            t->name, index + 1, label, LIMITS[k].max, LIMITS[k].what, n);
    }
    return 0;
}

/* Into ranges: {table: [first, last]} of the ids of each restored table's
 * rows (as the export gave them). */
static int restore_ranges(const json_t *tables, json_t *ranges, ov_error_t *err)
{
    int rc = 0;
    for (const export_table_t *t = export_tables; rc == 0 && t->name; t++) {
        if (t->derived) continue;
        const json_t *list = json_object_get(tables, t->name);
        long long lo = 0, hi = 0;
        size_t i;
        const json_t *row;
        json_array_foreach(list, i, row) {
            const json_t *id = json_object_get(row, "id");
            if (!json_is_integer(id)) continue;
            long long v = json_integer_value(id);
            if (!lo || v < lo) lo = v;
            if (v > hi) hi = v;
        }
        if (lo && json_object_set_new(ranges, t->name, json_pack("[I, I]", (json_int_t)lo, (json_int_t)hi)) != 0)
            rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    return rc;
}

/* Where row `index` of `table` came from, in front of err's message:
 * sources is {table: {"file": PATH, "lines": [the line of each row]}} (a
 * CSV directory) or {"*": {"file": PATH}} (one JSON document); NULL or no
 * table: nothing added. */
static void where_prefix(const json_t *sources, const char *table, long long index, ov_error_t *err)
{
    if (!sources || !table || !err) return;
    const json_t *src = json_object_get(sources, table);
    if (!src) src = json_object_get(sources, "*");
    const char *file = json_string_value(json_object_get(src, "file"));
    if (!file) return;
    const json_t *line = index >= 0 ? json_array_get(json_object_get(src, "lines"), (size_t)index) : NULL;
    if (json_is_integer(line)) {
        ov_error_prefix(err, "%s line %lld: ", file, (long long)json_integer_value(line));
        err->line = (int)json_integer_value(line);
    } else {
        ov_error_prefix(err, "%s: ", file);
    }
}

static void id_key(long long id, char out[24])
{
    snprintf(out, 24, "%lld", id);
}

/* Columns that name a body (bodies.id): rewritten by map_bodies. */
static int body_link(const export_table_t *t, const char *column)
{
    if (strcmp(t->name, "bodies") == 0) return strcmp(column, "id") == 0;
    return strcmp(column, "body_id") == 0 || strcmp(column, "other_body_id") == 0;
}

/* The export's bodies matched to this database's by code, not by id: a
 * database made by another release (the reference lists in another order,
 * the reference merge's bodies added or not) numbers them differently.
 * *mapped is a copy of tables with every body id (bodies.id, body_id,
 * other_body_id) this database's: a code it holds is that body; a code it
 * does not hold is a body the export records as added at run time (a
 * body_changes 'add' row), given the export's id when that id is free here,
 * else the next one; any other code is refused, naming the row and the
 * field (the database lacks a body the export's reference lists had),
 * unless flags hold EXPORT_RESTORE_ADD_BODIES (then it is added too). A
 * link to a body that is not in the export's bodies table is refused too.
 * No bodies table: the ids as they are. *at_table and *at_index name the
 * row an error is about. */
static int map_bodies(store_t *s, const json_t *tables, int flags, json_t **mapped, const char **at_table,
                      long long *at_index, ov_error_t *err)
{
    *mapped = NULL;
    const json_t *bodies = json_object_get(tables, "bodies");
    if (!bodies) {
        *mapped = json_deep_copy(tables);
        return *mapped ? 0 : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    json_t *have = NULL;
    int rc = store_query(s, &have, err, "SELECT id, code FROM bodies ORDER BY id", NULL);
    if (rc != 0) return rc;
    json_t *by_code = json_object(), *taken = json_object(), *added = json_object(), *map = json_object(),
           *seen = json_object();
    json_t *copy = NULL;
    long long top = 0;
    char key[24];
    size_t i;
    json_t *row;
    if (!by_code || !taken || !added || !map || !seen) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    json_array_foreach(have, i, row) {
        long long id = json_integer_value(json_object_get(row, "id"));
        json_object_set(by_code, jget_text(row, "code"), json_object_get(row, "id"));
        id_key(id, key);
        json_object_set_new(taken, key, json_true());
        if (id > top) top = id;
    }
    /* the bodies the export records as added at run time */
    json_array_foreach(json_object_get(tables, "body_changes"), i, row) {
        const json_t *b = json_object_get(row, "body_id");
        if (json_is_integer(b) && strcmp(jget_text(row, "change"), "add") == 0) {
            id_key(json_integer_value(b), key);
            json_object_set_new(added, key, json_true());
        }
    }
    json_array_foreach(bodies, i, row) {
        if (rc != 0) break;
        *at_table = "bodies";
        *at_index = (long long)i;
        const json_t *idv = json_object_get(row, "id"), *codev = json_object_get(row, "code");
        if (!json_is_object(row)) {
            rc = ov_error_set(err, OV_EINVALID, "bodies", "bodies row %zu is not an object", i + 1);
            break;
        }
        if (!json_is_integer(idv)) {
            rc = ov_error_set(err, OV_EINVALID, "id", "bodies row %zu: id must be a whole number", i + 1);
            break;
        }
        if (!json_is_string(codev)) {
            rc = ov_error_set(err, OV_EINVALID, "code", "bodies row %zu: code must be text", i + 1);
            break;
        }
        long long id = json_integer_value(idv);
        const char *code = json_string_value(codev);
        id_key(id, key);
        if (json_object_get(map, key)) {
            rc = ov_error_set(err, OV_EINVALID, "id", "bodies row %zu (code %.64s): id %lld appears twice", i + 1,
                              code, id);
            break;
        }
        if (json_object_get(seen, code)) {
            rc = ov_error_set(err, OV_EINVALID, "code", "bodies row %zu: code '%.64s' appears twice", i + 1, code);
            break;
        }
        json_object_set_new(seen, code, json_true());
        long long to;
        const json_t *here = json_object_get(by_code, code);
        if (here) {
            to = json_integer_value(here);
        } else if (json_object_get(added, key) || (flags & EXPORT_RESTORE_ADD_BODIES)) {
            to = json_object_get(taken, key) ? ++top : id;
            char tk[24];
            id_key(to, tk);
            json_object_set_new(taken, tk, json_true());
            if (to > top) top = to;
        } else {
            rc = ov_error_set(err, OV_EINVALID, "code",
                              "bodies row %zu (id %lld): this database holds no body with code '%.64s', and the "
                              "export records no addition of it (a body_changes 'add' row); restore into a database "
                              "whose reference lists hold it, or add it with --add-bodies",
                              i + 1, id, code);
            break;
        }
        json_object_set_new(map, key, json_integer(to));
    }
    if (rc == 0 && !(copy = json_deep_copy(tables))) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    for (const export_table_t *t = export_tables; rc == 0 && t->name; t++) {
        if (t->derived) continue;
        json_array_foreach(json_object_get(copy, t->name), i, row) {
            if (rc != 0) break;
            *at_table = t->name;
            *at_index = (long long)i;
            const char *col;
            json_t *v;
            json_object_foreach(row, col, v) {
                if (!body_link(t, col) || json_is_null(v)) continue;
                if (!json_is_integer(v)) {
                    rc = ov_error_set(err, OV_EINVALID, col, "%s row %zu: %s must be a whole number or null", t->name,
                                      i + 1, col);
                    break;
                }
                id_key(json_integer_value(v), key);
                const json_t *to = json_object_get(map, key);
                if (!to) {
                    rc = ov_error_set(err, OV_EINVALID, col,
                                      "%s row %zu: %s %s is not a body of the export (its bodies table)", t->name,
                                      i + 1, col, key);
                    break;
                }
                json_integer_set(v, json_integer_value(to));
            }
        }
    }
    if (rc == 0) *at_table = NULL;
    json_decref(have);
    json_decref(by_code);
    json_decref(taken);
    json_decref(added);
    json_decref(map);
    json_decref(seen);
    if (rc != 0) {
        json_decref(copy);
        return rc;
    }
    *mapped = copy;
    return 0;
}

/* The body changes init recorded (the merges of the reference lists) give
 * way to the export's when the export holds every body they name (it was
 * made by a release with the same lists). An export made before such a
 * merge lacks its former bodies: the changes are kept with the bodies this
 * database added for them, and the export's own changes (mapped) are
 * numbered after them. */
static int reference_changes(store_t *s, json_t *mapped, ov_error_t *err)
{
    json_t *changes = json_object_get(mapped, "body_changes");
    if (!changes) return 0;
    json_t *ref = NULL;
    int rc = store_query(s, &ref, err, "SELECT id, body_id, other_body_id FROM body_changes WHERE recorded_by = ?",
                         "s", REFERENCE_ACTOR);
    if (rc != 0) return rc;
    const json_t *bodies = json_object_get(mapped, "bodies");
    int all = 1;
    long long top = 0;
    size_t i, k;
    json_t *row, *b;
    json_array_foreach(ref, i, row) {
        long long id = json_integer_value(json_object_get(row, "id"));
        if (id > top) top = id;
        const char *const cols[] = {"body_id", "other_body_id"};
        for (int c = 0; c < 2 && bodies; c++) {
            const json_t *v = json_object_get(row, cols[c]);
            if (!json_is_integer(v)) continue;
            int found = 0;
            json_array_foreach(bodies, k, b)
                if (json_integer_value(json_object_get(b, "id")) == json_integer_value(v)) found = 1;
            if (!found) all = 0;
        }
    }
    json_decref(ref);
    if (all) return store_exec(s, NULL, NULL, err, "DELETE FROM body_changes WHERE recorded_by = ?", "s", REFERENCE_ACTOR);
    json_array_foreach(changes, i, row) {
        json_t *id = json_object_get(row, "id");
        if (json_is_integer(id)) json_integer_set(id, json_integer_value(id) + top);
    }
    return 0;
}

int store_export_restore(store_t *s, const json_t *tables, long long *restored, ov_error_t *err)
{
    return store_export_restore_from(s, tables, NULL, EXPORT_RESTORE_ADD_BODIES, restored, err);
}

int store_export_restore_from(store_t *s, const json_t *tables, const json_t *sources, int flags,
                              long long *restored, ov_error_t *err)
{
    if (restored) *restored = 0;
    if (!json_is_object(tables)) return ov_error_set(err, OV_EINVALID, "tables", "tables must be an object");
    const char *name;
    json_t *rows;
    json_object_foreach((json_t *)tables, name, rows) {
        if (!export_table_find(name))
            return ov_error_set(err, OV_EINVALID, name, "unknown table '%s' (not part of the open data export)", name);
        if (!json_is_array(rows)) return ov_error_set(err, OV_EINVALID, name, "table %s must be an array", name);
    }
    int rc = store_begin(s, err);
    if (rc != 0) return rc;
    long long n = 0;
    const char *at_table = NULL;   /* the row an error is about, for where_prefix */
    long long at_index = -1;
    json_t *mapped = NULL;          /* tables with this database's body ids */
    rc = check_fresh(s, err);
    if (rc == 0) rc = map_bodies(s, tables, flags, &mapped, &at_table, &at_index, err);
    if (rc == 0) tables = mapped;
    if (rc == 0 && json_object_get(tables, "decisions"))
        rc = store_exec(s, NULL, NULL, err, "DELETE FROM decisions", NULL);
    /* the national bodies of data/national_bodies.csv that init loaded give
     * way to the export's */
    if (rc == 0 && json_object_get(tables, "national_bodies"))
        rc = store_exec(s, NULL, NULL, err, "DELETE FROM national_bodies", NULL);
    /* and so, as a rule, do the changes init recorded (the merges of
     * data/fire_services.csv) */
    if (rc == 0) rc = reference_changes(s, mapped, err);
    for (const export_table_t *t = export_tables; rc == 0 && t->name; t++) {
        if (t->derived) continue;
        json_t *list = json_object_get(tables, t->name);
        size_t i;
        json_t *row;
        json_array_foreach(list, i, row) {
            at_table = t->name;
            at_index = (long long)i;
            if ((rc = restore_row(s, t, row, i, err)) != 0 || (rc = model_limit(s, t, row, i, err)) != 0) break;
            n++;
        }
    }
    if (rc == 0) at_table = NULL;
    if (rc == 0) rc = restore_deferred(s, tables, err);
    if (rc == 0)
        /* a merged body's successor, from its merged_into change */
        rc = store_exec(s, NULL, NULL, err,
                        "UPDATE bodies SET successor_id = (SELECT c.other_body_id FROM body_changes c"
                        " WHERE c.body_id = bodies.id AND c.change = 'merged_into' ORDER BY c.id DESC LIMIT 1)"
                        " WHERE EXISTS (SELECT 1 FROM body_changes c WHERE c.body_id = bodies.id AND c.change = 'merged_into')",
                        NULL);
    if (rc == 0) {
        /* one audit entry for the whole restore (store/audit.h) */
        json_t *summary = json_pack("{s:I, s:[], s:{}}", "rows", (json_int_t)n, "tables", "ranges");
        json_object_foreach((json_t *)tables, name, rows) json_array_append_new(json_object_get(summary, "tables"),
                                                                                json_string(name));
        /* the ids restored per table, so that `audit verify --deep` knows
         * these rows as loaded in bulk (store/audit_deep.c); the tables
         * were empty before (check_fresh), but for what init loads */
        rc = restore_ranges(tables, json_object_get(summary, "ranges"), err);
        if (rc == 0)
        rc = store_audit_append(s, "import_export", "export", 0, 0, NULL, summary, err);
        json_decref(summary);
    }
    json_decref(mapped);
    if (rc != 0) {
        store_rollback(s);
        where_prefix(sources, at_table, at_index, err);
        return rc;
    }
    rc = store_commit(s, err);
    if (rc == 0 && restored) *restored = n;
    return rc;
}
