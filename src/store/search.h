/*
 * search.h: full-text search over the record (docs/search.md): the
 * recommendations, causes of concern, letters and phase decisions whose
 * words (search_docs, sql/013_search.sql) hold every term of a search
 * (core/search.h), through SQLite's FTS5 table or PostgreSQL's GIN index.
 * What the caller may see is decided here by the publication rule
 * (store/publication.h), never by a copy of it.
 */
#ifndef OV_STORE_SEARCH_H
#define OV_STORE_SEARCH_H
#include "store/store.h"
#include "core/search.h"

#define STORE_SEARCH_CAP 2000   /* items found at most (the caller pages them) */

typedef struct {
    const char *body;        /* a body's code, or NULL for every body */
    const char *body_kind;   /* "police", "fire" or NULL */
    const char *type;        /* "recommendation", "cause", "letter", "decision" or NULL */
    const char *status;      /* an item's status (open, in_progress, implemented, closed), or NULL */
    const char *public_on;   /* "YYYY-MM-DD": only what is public that day; NULL: everything */
    const char *own_body;    /* with public_on: this body's recommendations and causes
                              * as well, public or not (its own users); NULL: none */
    const char *theme;       /* a theme's code: only recommendations and causes carrying it (sql/017) */
    int priority;            /* 1: only recommendations and causes flagged as a priority */
} store_search_filter_t;

/* The items matching terms (n = 0: every item) and f, as a new JSON array
 * of rows {kind, id, body, body_name, body_kind, title, text, on_date,
 * status, deadline, number, priority} in no particular order, at most
 * STORE_SEARCH_CAP + 1 (one more says there are more). */
int store_search(store_t *s, const search_terms_t *terms, const store_search_filter_t *f, json_t **out,
                 ov_error_t *err);

/* 0 if a body has the code, else OV_ENOTFOUND (a search's ?body). */
int store_search_body_known(store_t *s, const char *code, ov_error_t *err);

#endif
