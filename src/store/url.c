/*
 * url.c: database URLs: parsing and redaction (see url.h).
 */
#include "store/url.h"
#include <stdio.h>
#include <string.h>

static size_t pg_scheme(const char *url)
{
    if (!url) return 0;
    if (strncmp(url, "postgres://", 11) == 0) return 11;
    if (strncmp(url, "postgresql://", 13) == 0) return 13;
    return 0;
}

int store_url_parse(const char *url, store_url_t *out, ov_error_t *err)
{
    memset(out, 0, sizeof *out);
    if (!url || !*url) return ov_error_set(err, OV_EINVALID, "db", "no database given");
    if (pg_scheme(url)) {
        out->kind = STORE_URL_PG;
        out->path = url;
        return 0;
    }
    out->kind = STORE_URL_SQLITE;
    out->path = strncmp(url, "sqlite://", 9) == 0 ? url + 9 : strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
    if (!*out->path) return ov_error_set(err, OV_EINVALID, "db", "database URL '%s' has no path", url);
    return 0;
}

/* The secrets of a PostgreSQL URL, as spans of it: the userinfo password
 * (between the first ':' of the userinfo and the last '@' of the
 * authority) and each "password=" query value. At most 4. */
typedef struct { const char *at; size_t len; } span_t;

static int secrets(const char *url, span_t out[4])
{
    int n = 0;
    size_t k = pg_scheme(url);
    if (!k) return 0;
    const char *start = url + k;
    const char *auth_end = start + strcspn(start, "/?#");
    const char *at = NULL;
    for (const char *p = start; p < auth_end; p++)
        if (*p == '@') at = p;   /* the last one: a password holding '@' stays hidden */
    const char *colon = at ? memchr(start, ':', (size_t)(at - start)) : NULL;
    if (colon) out[n++] = (span_t){colon + 1, (size_t)(at - colon - 1)};
    const char *q = strchr(auth_end, '?');
    for (const char *p = q; p && *p && n < 4; p++) {
        if ((*p == '?' || *p == '&') && strncmp(p + 1, "password=", 9) == 0) {
            const char *v = p + 10;
            out[n++] = (span_t){v, strcspn(v, "&#")};
        }
    }
    return n;
}

char *store_url_redact(const char *url, char *out, size_t n)
{
    if (n == 0) return out;
    out[0] = '\0';
    if (!url) return out;
    span_t sec[4];
    int ns = secrets(url, sec);
    size_t len = 0;
    int done[4] = {0, 0, 0, 0};   /* an empty secret is one "***", not one per pass */
    for (const char *p = url; *p && len + 1 < n;) {
        int hit = -1;
        for (int i = 0; i < ns; i++)
            if (p == sec[i].at && !done[i]) hit = i;
        if (hit >= 0) {
            done[hit] = 1;
            /* all of "***" or nothing, so a cut never shows a secret's start */
            if (len + 4 > n) break;
            memcpy(out + len, "***", 3);
            len += 3;
            p += sec[hit].len;
            continue;
        }
        out[len++] = *p++;
    }
    out[len] = '\0';
    return out;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* The percent-decoded span into out (n bytes); its length. A bad escape is
 * kept as written. */
static size_t decode(const span_t *s, char *out, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < s->len && len + 1 < n; i++) {
        int h, l;
        if (s->at[i] == '%' && i + 2 < s->len && (h = hexval(s->at[i + 1])) >= 0 && (l = hexval(s->at[i + 2])) >= 0) {
            out[len++] = (char)(h * 16 + l);
            i += 2;
        } else {
            out[len++] = s->at[i];
        }
    }
    out[len] = '\0';
    return len;
}

char *store_url_scrub(const char *url, const char *msg, char *out, size_t n)
{
    if (n == 0) return out;
    out[0] = '\0';
    if (!msg) return out;
    /* the needles: each secret as written and decoded */
    span_t sec[4];
    int ns = secrets(url, sec);
    char decoded[4][1024];
    span_t needles[8];
    int nn = 0;
    for (int i = 0; i < ns; i++) {
        if (sec[i].len == 0) continue;
        needles[nn++] = sec[i];
        size_t d = decode(&sec[i], decoded[i], sizeof decoded[i]);
        if (d && (d != sec[i].len || memcmp(decoded[i], sec[i].at, d) != 0))
            needles[nn++] = (span_t){decoded[i], d};
    }
    size_t len = 0, left = strlen(msg);
    for (const char *p = msg; *p && len + 1 < n; left = strlen(p)) {
        size_t skip = 0;
        for (int i = 0; i < nn; i++)
            if (needles[i].len > skip && needles[i].len <= left && memcmp(p, needles[i].at, needles[i].len) == 0)
                skip = needles[i].len;
        if (skip) {
            if (len + 4 > n) break;
            memcpy(out + len, "***", 3);
            len += 3;
            p += skip;
            continue;
        }
        out[len++] = *p++;
    }
    out[len] = '\0';
    return out;
}
