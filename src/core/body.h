/*
 * body.h: an inspected body (police force or fire and rescue service) and
 * the checks a new one must pass.
 */
#ifndef OV_CORE_BODY_H
#define OV_CORE_BODY_H
#include "core/error.h"

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

#endif
