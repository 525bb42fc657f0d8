/*
 * html.c: HTML and URL escaping (see html.h).
 */
#include "render/html.h"
#include <string.h>

int html_escape_text(buf_t *out, const char *s)
{
    if (!s) return 0;
    const char *run = s;    /* start of bytes not yet copied */
    for (const char *p = s; *p; p++) {
        const char *ent;
        switch (*p) {
        case '&': ent = "&amp;"; break;
        case '<': ent = "&lt;"; break;
        case '>': ent = "&gt;"; break;
        case '"': ent = "&quot;"; break;
        case '\'': ent = "&#39;"; break;
        default: continue;
        }
        if (buf_append(out, run, (size_t)(p - run)) != 0) return -1;
        if (buf_puts(out, ent) != 0) return -1;
        run = p + 1;
    }
    return buf_puts(out, run);
}

static int url_is_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
}

int html_escape_url_component(buf_t *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!s) return 0;
    const char *run = s;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (url_is_unreserved(c)) continue;
        char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
        if (buf_append(out, run, (size_t)(p - run)) != 0) return -1;
        if (buf_append(out, enc, sizeof enc) != 0) return -1;
        run = p + 1;
    }
    return buf_puts(out, run);
}

/* Browsers drop tab, LF and CR anywhere in a URL before parsing it. */
static int url_is_ignored(unsigned char c) { return c == '\t' || c == '\n' || c == '\r'; }

static int ascii_lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

int html_url_is_safe(const char *url)
{
    static const char *const schemes[] = {"http", "https", "mailto"};
    if (!url) return 0;
    const unsigned char *p = (const unsigned char *)url;
    while (*p && *p <= 0x20) p++;   /* leading C0 controls and space */
    if (*p == '/' || *p == '#' || *p == '?') return 1;

    /* Collect the scheme (lower-cased) up to ':'; anything that is not a
     * scheme character before the colon makes this a relative path, which
     * we refuse as well. */
    char scheme[8];
    size_t n = 0;
    for (;; p++) {
        if (url_is_ignored(*p)) continue;
        if (*p == ':') break;
        int ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
              || (n > 0 && ((*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.'));
        if (!ok || n + 1 >= sizeof scheme) return 0;
        scheme[n++] = (char)ascii_lower(*p);
    }
    scheme[n] = '\0';
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
        if (strcmp(scheme, schemes[i]) == 0) return 1;
    return 0;
}
