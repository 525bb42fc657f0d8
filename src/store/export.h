/*
 * export.h: the open data export of the public record, and its restore.
 *
 * A decision's source_url holds its sources one URL a line (core/input.h).
 *
 * What is public is the publication rule (store/publication.h,
 * docs/publication.md), asked for every table on the day given: the
 * monitoring frameworks with their levels and transitions (frameworks,
 * phases, phase_transitions; docs/frameworks.md), bodies,
 * phase decisions and the phase periods they make; inspections and
 * revisits published on or before that day; grades and causes of concern
 * of those inspections; recommendations of them (or of those causes), with
 * their requirements and deadline revisions; plans with pillars and items,
 * external reports and their matters, PPOG outcomes. A link to a row that
 * is not public (an inspection, a cause, a closing revisit) is exported as
 * null. Never exported: accounts, sessions, tokens, progress updates,
 * evidence, indicators, PCC responses, areas for improvement, status
 * history, letters, PPOG notes.
 *
 * The tables, their columns and the SQL that selects their public rows are
 * one static table (export.c): identifiers come only from there, so the
 * export can never reach a table it does not list. Rows are ordered by id
 * (the frameworks tables, which have none, by their own key: frameworks by
 * position, so a framework comes after the one it succeeds) so the same
 * record always gives the same bytes.
 */
#ifndef OV_STORE_EXPORT_H
#define OV_STORE_EXPORT_H
#include <jansson.h>
#include "core/buf.h"
#include "store/store.h"

#define EXPORT_FORMAT_NAME "oversight-open-data"
#define EXPORT_FORMAT_VERSION 1

typedef struct export_table {
    const char *name;                /* table name, also the CSV file name (NAME.csv) */
    const char *const *columns;      /* NULL-terminated */
    int derived;                     /* computed from other tables (phase_periods): never restored */
    const char *sql;                 /* full SELECT for derived tables; NULL: built from the above */
    const char *const *key;          /* the columns naming a row (NULL-terminated); NULL: "id" */
    const char *order;               /* ORDER BY of the export (columns of alias t); NULL: "t.id" */
} export_table_t;

/* The exported tables in restore order (references before referrers);
 * ends with name == NULL. */
extern const export_table_t export_tables[];

/* The table called name, or NULL. */
const export_table_t *export_table_find(const char *name);

/* The rows of one table public on `today` ("YYYY-MM-DD", the publication
 * rule) as a new JSON array of objects (keys in the table's column order).
 * today NULL: every row, published or not (`oversight export --all`, the
 * operator's copy of the whole record; never a public door). */
int store_export_table(store_t *s, const export_table_t *t, const char *today, json_t **rows, ov_error_t *err);

/* Every exported table: a new object {name: [rows]} in export_tables order,
 * read inside one transaction so the tables agree. */
int store_export_tables(store_t *s, const char *today, json_t **out, ov_error_t *err);

/* {"format", "version", "tables": {name: [columns], ...}, "derived": [names]} (new). */
json_t *export_schema(void);

/* The JSON document {"exported_at", "schema", "tables"} (new reference;
 * tables is stolen). exported_at is an RFC 3339 UTC time. */
json_t *export_document(const char *exported_at, json_t *tables);

/* Appends rows as CSV (RFC 4180): a header row of t's columns, then one
 * record per row; CRLF line ends; null is an empty field; numbers as they
 * are; text cells spreadsheet-safe (csv_write_text, core/csv.h: a text
 * cell beginning with '=', '+', '-', '@', tab or CR, after any
 * apostrophes, gets one apostrophe in front). 0 or -1. */
int export_csv(buf_t *out, const export_table_t *t, const json_t *rows);

/* Reads the CSV of table t (header naming only t's columns, in any order)
 * into a new JSON array of row objects, typed by the database's column
 * types: INTEGER columns as integers, an empty field as null (as "" for a
 * NOT NULL text column), text without the apostrophe export_csv added
 * (csv_text_plain), so text round-trips exactly. Errors name the file
 * (`what`), the line and the column. */
int store_export_rows_from_csv(store_t *s, const export_table_t *t, const char *what, const char *text,
                               size_t len, json_t **rows, ov_error_t *err);
/* The same, and *lines (when lines is not NULL) a new array of the line
 * each row starts on, for store_export_restore_from's messages. */
int store_export_rows_from_csv_at(store_t *s, const export_table_t *t, const char *what, const char *text,
                                  size_t len, json_t **rows, json_t **lines, ov_error_t *err);

/* Restores `tables` (an object {name: [rows]} as store_export_tables gives,
 * or the "tables" of a document) into s in one transaction. The database
 * must hold no monitoring record yet (a fresh `oversight init`): its
 * decisions are replaced by the export's, bodies are updated or added by
 * code (store_export_restore_from), every other row is inserted with its
 * own id and its body links mapped to this database's ids. The frameworks tables
 * come first (bodies and decisions name their levels) and are merged by
 * key: a row the database already holds (the built-in scan-engage that
 * `init` creates) is kept when it is the same in every column (a
 * framework's loaded_at is then taken from the export), and a row that
 * differs is OV_ECONFLICT naming the table, the row and the column; other
 * rows are added. Derived tables are
 * skipped. Unknown tables or columns are refused (OV_EINVALID naming them);
 * a database with a record already gets OV_ECONFLICT. Nothing is written on
 * any error. *restored (may be NULL) is the number of rows written. */
int store_export_restore(store_t *s, const json_t *tables, long long *restored, ov_error_t *err);
/* store_export_restore_from flags: a body the database does not hold (by
 * code) and the export does not record adding is added rather than
 * refused (a synthetic record, or a release whose reference lists lack
 * it). */
#define EXPORT_RESTORE_ADD_BODIES 1

/* The restore, with bodies matched by code, not id (a database made by
 * another release numbers them differently): every row lands on the body
 * of the same code. A body the database lacks is added (with the export's
 * id when free, else the next) when the export records its addition (a
 * body_changes 'add' row) or flags hold EXPORT_RESTORE_ADD_BODIES; else
 * OV_EINVALID naming the row and "code". A link to a body not in the
 * export's bodies table is OV_EINVALID naming it. The message of an error
 * about one row starts with where that row came from: sources (may be
 * NULL) is {table: {"file": PATH, "lines": [...]}} for a CSV directory
 * ("PATH line L: ") or {"*": {"file": PATH}} for one JSON document ("PATH:
 * "). store_export_restore is this with EXPORT_RESTORE_ADD_BODIES and no
 * sources. */
int store_export_restore_from(store_t *s, const json_t *tables, const json_t *sources, int flags,
                              long long *restored, ov_error_t *err);

#endif
