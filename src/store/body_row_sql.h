/*
 * body_row_sql.h: the SQL of one row of the bodies list, shared by the
 * list's queries (bodies.c) and the list kept row by row (body_rows.c), so
 * that both write the same bytes. Private to src/store.
 */
#ifndef OV_STORE_BODY_ROW_SQL_H
#define OV_STORE_BODY_ROW_SQL_H

/* The columns of a row of the bodies list, in the order the reply shows. */
#define BODY_ROW_COLUMNS                                                   \
    "SELECT b.code, b.name, b.kind, b.country, b.phase, p.name AS phase_name," \
    "       b.phase_since AS since, b.version, b.retired_on,"              \
    "       (SELECT x.code FROM bodies x WHERE x.id = b.successor_id) AS successor"
#define BODY_ROW_FROM "  FROM bodies b JOIN phases p ON p.code = b.phase"
#define BODY_ROW_SELECT BODY_ROW_COLUMNS BODY_ROW_FROM

#endif
