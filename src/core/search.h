/*
 * search.h: the words of a search (docs/search.md), pure.
 *
 * A word is a run of ASCII letters and digits and of any bytes of
 * non-ASCII characters; everything else separates words. Words are
 * compared lower-cased (ASCII), never stemmed. A search finds an item
 * holding every word of the query (AND); the last word also matches as a
 * prefix ("exploit" finds "exploitation"). The full-text indexes of both
 * databases split text the same way (sql/013_search.sql); this file turns
 * the query into each one's syntax, and scores and highlights the items
 * found, so the order and the highlighted words are the same on both.
 */
#ifndef OV_CORE_SEARCH_H
#define OV_CORE_SEARCH_H
#include <jansson.h>
#include "core/buf.h"
#include "core/error.h"

#define SEARCH_Q_MAX 200        /* bytes of a query */
#define SEARCH_TERMS_MAX 12     /* words of a query */
#define SEARCH_TERM_MAX 64      /* bytes of one word */

typedef struct {
    char term[SEARCH_TERMS_MAX][SEARCH_TERM_MAX + 1];   /* lower-cased */
    int n;
} search_terms_t;

/* Splits q (NULL = "") into *out. OV_EINVALID (field "q") when q is
 * longer than SEARCH_Q_MAX bytes, holds more than SEARCH_TERMS_MAX words
 * or a word longer than SEARCH_TERM_MAX bytes, or is not UTF-8. A query
 * of no words (n = 0) finds everything. */
int search_terms_parse(const char *q, search_terms_t *out, ov_error_t *err);

/* The query as an FTS5 MATCH expression ("a" AND "b"*), and as a
 * PostgreSQL to_tsquery('simple', ...) text ('a' & 'b':*), appended to
 * out. n > 0. 0 or -1 (out failed). */
int search_fts5_query(const search_terms_t *t, buf_t *out);
int search_tsquery(const search_terms_t *t, buf_t *out);

/* The search vector of an item of title and text in PostgreSQL's tsvector
 * input syntax ('a' 'b'), appended to out: their distinct words,
 * lower-cased (ASCII), in byte order, words of 2048 bytes or more left
 * out; nothing when title or text is NULL. What sql/029's
 * search_fts_vector gives for the same two texts (tests/store/test_store.c,
 * pg_search_vector_same_as_014), made without the database: oversight
 * synth writes search_docs.search_fts (032) with it. 0, or -1 (out failed). */
int search_pg_vector(const char *title, const char *text, buf_t *out);

/* 1 if word (len bytes) matches term i of t. */
int search_term_matches(const search_terms_t *t, int i, const char *word, size_t len);

/* How well title and text match: each word of them matching a term counts
 * 1, in the title 3. 0 when no term is given. */
long search_score(const search_terms_t *t, const char *title, const char *text);

/* text as a new JSON array of parts {"text", "mark"}: the words that match
 * a term marked, the rest as it is. With max > 0 and text longer than max
 * bytes, only a window of about max bytes around the first match (or the
 * start), cut at spaces, with "…" for what is left out. NULL when out of
 * memory. */
json_t *search_snippet(const search_terms_t *t, const char *text, size_t max);

/* The parts' text joined (the snippet as plain text), into out. */
int search_snippet_text(const json_t *parts, buf_t *out);

#endif
