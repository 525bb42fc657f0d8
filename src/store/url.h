/*
 * url.h: database URLs: the one parser (which backend, which file) and the
 * one redaction (what messages and logs may show). Every command, the
 * store, backups and the server go through here, so a PostgreSQL password
 * written in a URL is never printed.
 *
 * Accepted: "postgres://..." or "postgresql://..." (libpq reads the rest),
 * "sqlite://PATH", "sqlite:PATH", or a plain PATH.
 */
#ifndef OV_STORE_URL_H
#define OV_STORE_URL_H
#include <stddef.h>
#include "core/error.h"

typedef enum store_url_kind { STORE_URL_SQLITE = 1, STORE_URL_PG = 2 } store_url_kind_t;

typedef struct store_url {
    store_url_kind_t kind;
    const char *path;        /* SQLite: the file's path, pointing into the URL (borrowed);
                              * PostgreSQL: the whole URL, for libpq */
} store_url_t;

/* Fills *out from url. OV_EINVALID (field "db") when url is NULL or "", or
 * names SQLite with an empty path; the message shows no password. */
int store_url_parse(const char *url, store_url_t *out, ov_error_t *err);

/* url fit to show in a message or log: a PostgreSQL URL's password
 * ("postgres://user:SECRET@host", "?password=SECRET") becomes "***"; other
 * URLs are copied as they are. Written into out (n bytes, truncated, never
 * cutting into a secret); returns out. */
char *store_url_redact(const char *url, char *out, size_t n);

/* msg (e.g. a libpq error, which may quote a piece of the URL it could not
 * parse) copied into out (n bytes) with every occurrence of url's password,
 * as written and percent-decoded, replaced by "***". Returns out. */
char *store_url_scrub(const char *url, const char *msg, char *out, size_t n);

#endif
