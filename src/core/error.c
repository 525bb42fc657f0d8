/*
 * error.c: filling and naming ov_error_t.
 */
#include "core/error.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int ov_error_set(ov_error_t *err, int status, const char *field, const char *fmt, ...)
{
    if (!err) return status;
    err->status = status;
    err->rule = NULL;
    snprintf(err->field, sizeof err->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

void ov_error_prefix(ov_error_t *err, const char *fmt, ...)
{
    if (!err) return;
    char prefix[256], old[sizeof err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, err->message, sizeof old);
    size_t n = strlen(prefix);
    if (n >= sizeof err->message) n = sizeof err->message - 1;
    memcpy(err->message, prefix, n);
    size_t room = sizeof err->message - 1 - n;
    size_t k = strnlen(old, sizeof old);
    if (k > room) k = room;
    memcpy(err->message + n, old, k);
    err->message[n + k] = '\0';
}

void ov_error_clear(ov_error_t *err)
{
    if (err) memset(err, 0, sizeof *err);
}

const char *ov_status_name(int status)
{
    switch (status) {
    case OV_OK: return "ok";
    case OV_EINVALID: return "invalid input";
    case OV_ENOTFOUND: return "not found";
    case OV_ECONFLICT: return "conflict";
    case OV_ESTALE: return "stale version";
    case OV_EFORBIDDEN: return "forbidden";
    case OV_ETOOBIG: return "too large";
    default: return "internal error";
    }
}
