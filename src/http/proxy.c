/*
 * proxy.c: trusted proxies and X-Forwarded-For (see proxy.h).
 */
#include "http/proxy.h"
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

/* Parses the n bytes at s (spaces trimmed) as an IPv4 or IPv6 address.
 * 0, or -1 when it is not one. */
static int addr_parse(const char *s, size_t n, int *family, unsigned char addr[16])
{
    while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    char text[64];
    if (n == 0 || n >= sizeof text) return -1;
    memcpy(text, s, n);
    text[n] = '\0';
    memset(addr, 0, 16);
    if (inet_pton(AF_INET, text, addr) == 1) { *family = AF_INET; return 0; }
    if (inet_pton(AF_INET6, text, addr) == 1) { *family = AF_INET6; return 0; }
    return -1;
}

static int trusted_has(const http_trusted_t *t, int family, const unsigned char addr[16])
{
    for (int i = 0; t && i < t->n; i++)
        if (t->a[i].family == family && memcmp(t->a[i].addr, addr, family == AF_INET ? 4 : 16) == 0) return 1;
    return 0;
}

int http_trusted_add(http_trusted_t *t, const char *list, ov_error_t *err)
{
    http_trusted_t next = *t;
    for (const char *p = list ? list : ""; ; ) {
        size_t len = strcspn(p, ",");
        int family;
        unsigned char addr[16];
        if (addr_parse(p, len, &family, addr) != 0)
            return ov_error_set(err, OV_EINVALID, "trusted-proxy",
                                "--trusted-proxy '%.*s' is not an IP address (give exact IPv4 or IPv6 addresses, "
                                "comma-separated)", (int)(len > 64 ? 64 : len), p);
        if (!trusted_has(&next, family, addr)) {
            if (next.n >= HTTP_TRUSTED_MAX)
                return ov_error_set(err, OV_EINVALID, "trusted-proxy", "at most %d --trusted-proxy addresses",
                                    HTTP_TRUSTED_MAX);
            next.a[next.n].family = family;
            memcpy(next.a[next.n].addr, addr, 16);
            next.n++;
        }
        if (!p[len]) break;
        p += len + 1;
    }
    *t = next;
    return 0;
}

int http_trusted_has(const http_trusted_t *t, const char *ip)
{
    int family;
    unsigned char addr[16];
    return ip && addr_parse(ip, strlen(ip), &family, addr) == 0 && trusted_has(t, family, addr);
}

const char *http_forwarded_client(const http_trusted_t *t, const char *peer, const char *xff, char *out, size_t n)
{
    snprintf(out, n, "%s", peer ? peer : "");
    if (!xff || !http_trusted_has(t, peer)) return out;
    /* walk the entries right to left */
    const char *end = xff + strlen(xff);
    while (end > xff) {
        const char *start = end;
        while (start > xff && start[-1] != ',') start--;
        int family;
        unsigned char addr[16];
        if (addr_parse(start, (size_t)(end - start), &family, addr) != 0) return out;   /* garbage: the peer */
        char text[HTTP_ADDR_TEXT];
        if (!inet_ntop(family, addr, text, sizeof text)) return out;
        snprintf(out, n, "%s", text);
        if (!trusted_has(t, family, addr)) return out;
        end = start > xff ? start - 1 : xff;
    }
    return out;   /* all trusted: the left-most */
}
