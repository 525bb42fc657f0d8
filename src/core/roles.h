/*
 * roles.h: who may do what, as data. Pure: no I/O.
 *
 * Roles (DOMAIN.md): admin; hmci (alone decides a phase change); inspector
 * (HMI or inspector: records, recommends, closes); analyst (records, cannot
 * close or decide); body (a body's own user: sees and updates only its own
 * body's items); lpb (local policing body: reads its body, records its
 * 56-day response); public (anonymous).
 */
#ifndef OV_CORE_ROLES_H
#define OV_CORE_ROLES_H

#define ROLE_MAX 16

enum ov_perm {
    PERM_READ_PUBLIC = 0,   /* published material: bodies, phases, letters */
    PERM_READ_RECORD,       /* the monitoring record of a body (scoped for body/lpb) */
    PERM_RECORD,            /* create/update record entries (inspections, causes, ...) */
    PERM_CLOSE,             /* close causes, recommendations; verify implementation */
    PERM_DECIDE,            /* record a phase change */
    PERM_PROGRESS,          /* submit progress updates, claim implemented (own body) */
    PERM_PCC_RESPONSE,      /* record the 56-day response (own body) */
    PERM_ADMIN,             /* accounts and tokens */
    PERM__COUNT
};

/* 1 if `role` is one of the roles above. */
int roles_valid(const char *role);

/* 1 if role may do perm on target_body (a body code, or NULL/"" when the
 * action is not about one body). body and lpb roles are allowed only when
 * actor_body equals target_body (and never for cross-body actions). */
int roles_allows(const char *role, int perm, const char *actor_body, const char *target_body);

/* NULL-terminated list of role names, for help and validation messages. */
extern const char *const roles_all[];

/* A short name for perm ("record", "close", ...). */
const char *roles_perm_name(int perm);

#endif
