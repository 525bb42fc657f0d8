/*
 * error.h: the one error record every layer fills in.
 *
 * Functions return an int status (0 ok, negative error, see enum ov_status)
 * and, when given a non-NULL ov_error_t, describe the failure in words and
 * name the offending field (or CSV line) so a user can fix their input.
 */
#ifndef OV_CORE_ERROR_H
#define OV_CORE_ERROR_H

enum ov_status {
    OV_OK = 0,
    OV_EINVALID = -1,     /* bad input: the caller can correct it (HTTP 422/400) */
    OV_ENOTFOUND = -2,    /* a named thing does not exist (404) */
    OV_ECONFLICT = -3,    /* valid input that the current state forbids (409) */
    OV_ESTALE = -4,       /* the version the caller read is no longer current (412) */
    OV_EFORBIDDEN = -5,   /* the actor may not do this (403) */
    OV_ETOOBIG = -6,      /* input over a size cap (413) */
    OV_EINTERNAL = -7,    /* storage or system failure (500) */
};

typedef struct ov_error {
    int status;             /* one of enum ov_status */
    int line;               /* input line for file errors, 0 if none */
    char field[64];         /* offending field, "" if none */
    char message[512];      /* human sentence, no trailing newline */
    const char *rule;       /* a named rule that refused (static, e.g. "four-eyes"), NULL if none */
} ov_error_t;

/* Fills err (if non-NULL; its rule becomes NULL) and returns status, so
 * callers can `return ov_error_set(err, OV_EINVALID, "deadline", "...")`. */
int ov_error_set(ov_error_t *err, int status, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Puts a prefix before err's message ("data/forces.csv line 4: ..."),
 * truncating the end if it no longer fits. */
void ov_error_prefix(ov_error_t *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Clears err to "no error". */
void ov_error_clear(ov_error_t *err);

/* A short name for a status ("invalid", "not found", ...). Static string. */
const char *ov_status_name(int status);

#endif
