/*
 * body.h: an inspected body (police force or fire and rescue service) and
 * the checks a new one must pass.
 */
#ifndef OV_CORE_BODY_H
#define OV_CORE_BODY_H
#include "core/error.h"
#include "core/date.h"

#define BODY_CODE_MAX 63
#define BODY_TEXT_MAX 255

typedef struct body_input {
    const char *code;                 /* lower-case slug: a-z, 0-9, '-' */
    const char *name;
    const char *kind;                 /* "police" or "fire" */
    const char *country;
    const char *governance;           /* e.g. "police and crime commissioner" */
    const char *local_policing_body;
    const char *chief_officer_title;
} body_input_t;

/* 0 if in is a valid body, else OV_EINVALID naming the field. */
int rules_body_check(const body_input_t *in, ov_error_t *err);

/* 0 if code is a well-formed body code, else -1. */
int body_code_valid(const char *code);
/* 1 when kind is a kind of body we monitor ("police" or "fire"). */
int body_kind_valid(const char *kind);
/* The kinds of body we monitor, in order, NULL-ended: "police", "fire". */
extern const char *const body_kinds_monitored[];
/* kind in words: "police forces" (plural) or "a police force"; kind
 * itself when it is not a monitored kind. Static, never freed. */
const char *body_kind_words(const char *kind, int plural);
/* 1 when kind is any kind of body held: a monitored kind, or "national"
 * (an addressee that is not monitored: Home Office, College of Policing,
 * NPCC, ...). */
int body_kind_known(const char *kind);
#define BODY_KIND_NATIONAL "national"

/* 0 if in is a valid body of any kind (body_kind_known): a national body
 * needs only code and name (its governance fields must be empty); else
 * OV_EINVALID naming the field. */
int rules_body_check_any(const body_input_t *in, ov_error_t *err);

/* What every change to a body (add, rename, merge, retire) must say: the
 * day it takes effect (YYYY-MM-DD; NULL or "" = today) and why. 0, or
 * OV_EINVALID naming "effective_on" or "reason"; *on is the day. */
int rules_body_change_check(const char *effective_on, const char *reason, const odate_t *today, odate_t *on,
                            ov_error_t *err);

#endif
