/*
 * proxy.h: which address a request comes from when Oversight runs behind
 * reverse proxies (`serve --trusted-proxy ADDR`).
 *
 * X-Forwarded-For is written by whoever sends the request, so it is
 * believed only when the direct peer is a proxy the operator named; then
 * the client is the right-most entry that is not itself a trusted proxy
 * (entries to its left were written by the client and may be invented).
 * Without trusted proxies the header is ignored. Pure apart from the
 * address parsing of inet_pton: no I/O.
 */
#ifndef OV_HTTP_PROXY_H
#define OV_HTTP_PROXY_H
#include <stddef.h>
#include "core/error.h"

#define HTTP_TRUSTED_MAX 16
#define HTTP_ADDR_TEXT 46          /* an IPv6 address as text, NUL included */

/* The trusted proxies: exact IPv4 or IPv6 addresses (no ranges). */
typedef struct http_trusted {
    int n;
    struct { int family; unsigned char addr[16]; } a[HTTP_TRUSTED_MAX];
} http_trusted_t;

/* Adds the comma-separated addresses of list (spaces around entries are
 * allowed) to t. OV_EINVALID (field "trusted-proxy") naming the entry that
 * is not an IP address, or when more than HTTP_TRUSTED_MAX are given; t is
 * unchanged then. */
int http_trusted_add(http_trusted_t *t, const char *list, ov_error_t *err);

/* 1 when ip (text) is one of t's addresses; t may be NULL. */
int http_trusted_has(const http_trusted_t *t, const char *ip);

/* The client's address into out (n >= HTTP_ADDR_TEXT), normalised as
 * inet_ntop writes it: peer when peer is not trusted or xff is NULL;
 * otherwise the right-most entry of xff (a comma-separated list, the
 * X-Forwarded-For headers joined in order) that is not trusted, or the
 * left-most when all are. An entry that is not an IP address where the
 * client should be makes the answer peer (the proxy), never the entry's
 * text. Returns out. */
const char *http_forwarded_client(const http_trusted_t *t, const char *peer, const char *xff, char *out, size_t n);

#endif
