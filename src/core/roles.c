/*
 * roles.c: the permission table. One row per role: the permissions it has,
 * and whether they are scoped to the actor's own body (roles body and lpb).
 * PERM_READ_PUBLIC is never scoped: published material is for everyone.
 */
#include "core/roles.h"
#include <string.h>

#define P(x) (1u << (x))

typedef struct {
    const char *name;
    unsigned perms;
    int own_body_only;      /* every perm except READ_PUBLIC needs actor_body == target_body */
} role_def_t;

static const role_def_t ROLES[] = {
    /* admin runs accounts and may read and record, but only HMCI decides and
     * only inspectors close */
    {"admin", P(PERM_READ_PUBLIC) | P(PERM_READ_RECORD) | P(PERM_RECORD) | P(PERM_ADMIN), 0},
    {"hmci", P(PERM_READ_PUBLIC) | P(PERM_READ_RECORD) | P(PERM_RECORD) | P(PERM_CLOSE) | P(PERM_DECIDE), 0},
    {"inspector", P(PERM_READ_PUBLIC) | P(PERM_READ_RECORD) | P(PERM_RECORD) | P(PERM_CLOSE), 0},
    {"analyst", P(PERM_READ_PUBLIC) | P(PERM_READ_RECORD) | P(PERM_RECORD), 0},
    {"body", P(PERM_READ_PUBLIC) | P(PERM_READ_RECORD) | P(PERM_PROGRESS), 1},
    {"lpb", P(PERM_READ_PUBLIC) | P(PERM_READ_RECORD) | P(PERM_PCC_RESPONSE), 1},
    {"public", P(PERM_READ_PUBLIC), 0},
};

const char *const roles_all[] = {"admin", "hmci", "inspector", "analyst", "body", "lpb", "public", NULL};

static const role_def_t *find(const char *role)
{
    if (!role) return NULL;
    for (size_t i = 0; i < sizeof ROLES / sizeof ROLES[0]; i++)
        if (strcmp(ROLES[i].name, role) == 0) return &ROLES[i];
    return NULL;
}

int roles_valid(const char *role)
{
    return find(role) != NULL;
}

int roles_allows(const char *role, int perm, const char *actor_body, const char *target_body)
{
    const role_def_t *r = find(role);
    if (!r || perm < 0 || perm >= PERM__COUNT) return 0;
    if (!(r->perms & P(perm))) return 0;
    if (!r->own_body_only || perm == PERM_READ_PUBLIC) return 1;
    return actor_body && *actor_body && target_body && *target_body && strcmp(actor_body, target_body) == 0;
}

const char *roles_perm_name(int perm)
{
    static const char *const names[PERM__COUNT] = {
        [PERM_READ_PUBLIC] = "read_public", [PERM_READ_RECORD] = "read_record", [PERM_RECORD] = "record",
        [PERM_CLOSE] = "close", [PERM_DECIDE] = "decide", [PERM_PROGRESS] = "progress",
        [PERM_PCC_RESPONSE] = "pcc_response", [PERM_ADMIN] = "admin",
    };
    return perm >= 0 && perm < PERM__COUNT ? names[perm] : "unknown";
}
