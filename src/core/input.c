/*
 * input.c: the shared URL and file-name rules (see input.h).
 */
#include "core/input.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* What is wrong with the characters of s, or NULL: invalid UTF-8, a control
 * character (C0, DEL, C1) or a bidirectional control. */
static const char *bad_chars(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (!len) return "must be valid UTF-8";
        unsigned long cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (int i = 1; i < len; i++) {
            if ((p[i] & 0xC0) != 0x80) return "must be valid UTF-8";
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        /* overlong forms, surrogates and beyond U+10FFFF are not UTF-8 */
        static const unsigned long min[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min[len] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return "must be valid UTF-8";
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return "must not contain control characters";
        if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
            return "must not contain bidirectional control characters (U+202A to U+202E, U+2066 to U+2069), "
                   "which can make text show as something else";
        p += len;
    }
    return NULL;
}

int input_url_check(const char *field, const char *url, ov_error_t *err)
{
    if (!url) url = "";
    size_t n = strlen(url);
    if (n > INPUT_URL_MAX)
        return ov_error_set(err, OV_EINVALID, field, "%s is longer than %d bytes", field, INPUT_URL_MAX);
    const char *why = bad_chars(url);
    if (why) return ov_error_set(err, OV_EINVALID, field, "%s %s", field, why);
    if (strpbrk(url, " \\"))
        return ov_error_set(err, OV_EINVALID, field, "%s must not contain spaces or backslashes", field);
    size_t k = strncasecmp(url, "https://", 8) == 0 ? 8 : strncasecmp(url, "http://", 7) == 0 ? 7 : 0;
    if (!k)
        return ov_error_set(err, OV_EINVALID, field, "%s must be an http(s) URL, starting with https:// or http://",
                            field);
    if (!url[k] || strchr("/?#@:", url[k]))
        return ov_error_set(err, OV_EINVALID, field, "%s must name a host after %.*s", field, (int)k, url);
    return 0;
}

const char *input_url_list_next(const char **cursor, size_t *len)
{
    const char *p = *cursor;
    if (!p) return NULL;
    while (*p == '\n' || *p == '\r') p++;
    if (!*p) {
        *cursor = p;
        return NULL;
    }
    const char *end = p + strcspn(p, "\r\n");
    *len = (size_t)(end - p);
    *cursor = end;
    return p;
}

int input_url_list_check(const char *field, const char *text, ov_error_t *err)
{
    if (!text) text = "";
    if (strlen(text) > (size_t)INPUT_URL_LIST_MAX * (INPUT_URL_MAX + 2))
        return ov_error_set(err, OV_EINVALID, field, "%s is longer than %d URLs can be", field, INPUT_URL_LIST_MAX);
    /* a CR only as the first half of CRLF; any other control character is
     * for input_url_check to refuse */
    for (const char *c = strchr(text, '\r'); c; c = strchr(c + 1, '\r'))
        if (c[1] != '\n') return ov_error_set(err, OV_EINVALID, field, "%s must not contain control characters", field);
    const char *cur = text, *line;
    size_t len, n = 0;
    char url[INPUT_URL_MAX + 2];
    while ((line = input_url_list_next(&cur, &len)) != NULL) {
        if (++n > INPUT_URL_LIST_MAX)
            return ov_error_set(err, OV_EINVALID, field, "%s lists more than %d URLs", field, INPUT_URL_LIST_MAX);
        if (len > INPUT_URL_MAX)
            return ov_error_set(err, OV_EINVALID, field, "%s line %zu is longer than %d bytes", field, n, INPUT_URL_MAX);
        memcpy(url, line, len);
        url[len] = '\0';
        /* "source_url line 2 must be ...", the field still "source_url" */
        char label[sizeof err->field + 32];
        snprintf(label, sizeof label, "%s line %zu", field, n);
        if (input_url_check(label, url, err) != 0) {
            if (err) snprintf(err->field, sizeof err->field, "%s", field);
            return OV_EINVALID;
        }
    }
    if (n == 0)
        return ov_error_set(err, OV_EINVALID, field, "%s must be an http(s) URL, starting with https:// or http://",
                            field);
    return 0;
}

void input_url_site(const char *url, size_t len, char *out, size_t outsz)
{
    if (!outsz) return;
    out[0] = '\0';
    const char *end = url + len, *p = url;
    for (const char *q = url; q + 2 < end; q++)
        if (q[0] == ':' && q[1] == '/' && q[2] == '/') {
            p = q + 3;
            break;
        }
    if (p == url) return;
    const char *at = p;
    while (at < end && !strchr("/?#", *at)) at++;
    const char *host = p;   /* without any user info */
    for (const char *q = p; q < at; q++)
        if (*q == '@') host = q + 1;
    const char *stop = host;
    while (stop < at && *stop != ':') stop++;
    if (stop - host > 4 && strncasecmp(host, "www.", 4) == 0) host += 4;
    size_t n = (size_t)(stop - host);
    if (n >= outsz) n = outsz - 1;
    memcpy(out, host, n);
    out[n] = '\0';
}

int input_file_name_check(const char *name, ov_error_t *err)
{
    if (!name) name = "";
    size_t n = strlen(name);
    if (n == 0) return ov_error_set(err, OV_EINVALID, "filename", "filename is required: the file's name");
    if (n > INPUT_FILE_NAME_MAX)
        return ov_error_set(err, OV_EINVALID, "filename", "filename is %zu bytes long; at most %d are allowed", n,
                            INPUT_FILE_NAME_MAX);
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return ov_error_set(err, OV_EINVALID, "filename", "filename must name a file, not '%s'", name);
    if (strpbrk(name, "/\\"))
        return ov_error_set(err, OV_EINVALID, "filename", "filename must not contain '/' or '\\' (a name, not a path)");
    const char *why = bad_chars(name);
    if (why) return ov_error_set(err, OV_EINVALID, "filename", "filename %s", why);
    return 0;
}
