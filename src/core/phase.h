/*
 * phase.h: monitoring phases, the transitions between them, and the rules a
 * decision to change a body's phase must pass.
 *
 * Phases and transitions are data (loaded from the store), not code, so the
 * Scan/Engage process and its successors (e.g. a four-level system) are
 * configuration. Every body is in the default phase unless a recorded
 * decision moved it.
 */
#ifndef OV_CORE_PHASE_H
#define OV_CORE_PHASE_H
#include "core/date.h"
#include "core/error.h"
#include <stddef.h>

#define PHASE_CODE_MAX 32
#define PHASE_NAME_MAX 64
#define PHASE_MAX 16
#define PHASE_TRANSITION_MAX 64
#define PHASE_DESC_MAX 512
#define FRAMEWORK_MAX 8

/* A monitoring framework (docs/frameworks.md): its levels are the phases
 * whose framework is its code; it is in force between two dates (either
 * open). A framework that succeeds another may define transitions from the
 * other's levels into its own: a body's crossing on a date. */
typedef struct framework_def {
    char code[PHASE_CODE_MAX];          /* "scan-engage" */
    char name[PHASE_NAME_MAX];
    char description[PHASE_DESC_MAX];
    char succeeds[PHASE_CODE_MAX];      /* "" if none */
    odate_t in_force_from, in_force_to;
    int has_from, has_to;
    char applies_to[PHASE_CODE_MAX];    /* the kinds of body it applies to, a comma list
                                         * ("police"); "" = every monitored kind */
} framework_def_t;

typedef struct phase_def {
    char code[PHASE_CODE_MAX];   /* unique across frameworks */
    char name[PHASE_NAME_MAX];   /* the public name */
    int level;                   /* position in its framework: 1 = routine; higher = closer scrutiny */
    int is_default;              /* the one level a new body starts in */
    char framework[PHASE_CODE_MAX];
    char description[PHASE_DESC_MAX];
} phase_def_t;

typedef struct phase_transition {
    char from[PHASE_CODE_MAX];
    char to[PHASE_CODE_MAX];
    char decider_role[PHASE_CODE_MAX];      /* role that alone may decide it, e.g. "hmci" */
    char recommender_role[PHASE_CODE_MAX];  /* role that recommends it, e.g. "inspector"; "" if none */
} phase_transition_t;

typedef struct phase_model {
    framework_def_t frameworks[FRAMEWORK_MAX];
    int nframeworks;
    phase_def_t phases[PHASE_MAX];
    int nphases;
    phase_transition_t transitions[PHASE_TRANSITION_MAX];
    int ntransitions;
} phase_model_t;

/* The code of the framework every database starts with (migration 012). */
#define FRAMEWORK_DEFAULT_CODE "scan-engage"

/* The inspectorate's process: Scan (default) and Engage, HMCI decides. */
void phase_model_default(phase_model_t *m);
/* The same model, read-only and static (never freed). */
const phase_model_t *phase_model_builtin(void);

/* The phase called code, or NULL. */
const phase_def_t *phase_find(const phase_model_t *m, const char *code);
const phase_def_t *phase_default(const phase_model_t *m);
const phase_transition_t *phase_transition_find(const phase_model_t *m, const char *from, const char *to);

/* The framework called code, or NULL; the framework a level belongs to. */
const framework_def_t *framework_find(const phase_model_t *m, const char *code);
const framework_def_t *phase_framework(const phase_model_t *m, const phase_def_t *p);

/* 1 if fw is in force on day d (its dates inclusive, open ends unbounded). */
int framework_in_force(const framework_def_t *fw, const odate_t *d);

/* 1 if fw applies to bodies of kind (core/body.h: "police", "fire"): its
 * applies_to names it or is "" (every kind). A NULL fw or kind: 1 (not
 * asked). */
int framework_applies(const framework_def_t *fw, const char *kind);
/* 0 if list is a stored applies_to: "" or kinds a body may be
 * (body_kind_valid), comma-separated, none twice; else -1. */
int framework_kinds_valid(const char *list);
/* The kinds fw applies to in words into out (size n): "police forces",
 * "police forces and fire and rescue services". */
void framework_kinds_words(const framework_def_t *fw, char *out, size_t n);
/* 1 if transition t is one a body of kind may make: the framework of the
 * level it enters applies to kind (framework_applies). */
int phase_transition_applies(const phase_model_t *m, const phase_transition_t *t, const char *kind);

/* The rules' two questions of a level, asked of the framework's data, not
 * of a name: is it its framework's routine (first) level, and is it above
 * it (enhanced monitoring of some degree)? An unknown code is neither. */
int phase_is_routine(const phase_model_t *m, const char *code);
/* The level at position `level` of framework `framework`, or NULL. */
const phase_def_t *phase_at_level(const phase_model_t *m, const char *framework, int level);
int phase_is_enhanced(const phase_model_t *m, const char *code);

/* The name of a role for a sentence ("hmci" -> "Chief Inspector (HMCI)"). */
const char *phase_role_title(const char *role);

/* The named rules a decision may be refused by (ov_error_t.rule). */
#define PHASE_RULE_TRANSITION "framework-transition"
#define PHASE_RULE_IN_FORCE "framework-in-force"
#define PHASE_RULE_KIND "framework-kind"

/* What a decision asks for (strings borrowed from the caller). */
typedef struct decision_input {
    const char *to_phase;        /* required: phase code */
    const char *recommended_by;  /* optional: the lead HMI */
    const char *decided_by;      /* required: who decided */
    const char *decided_on;      /* optional date; defaults to effective_on */
    const char *effective_on;    /* required date */
    const char *rationale;       /* required: why */
    const char *meeting;         /* optional: e.g. the PPOG meeting */
    const char *source_url;      /* optional: where it was published, one URL a line
                                  * when several sources (letter, news release) report it */
    const char *actor_role;      /* role of the user recording it; NULL = not checked */
} decision_input_t;

/* Where the body stands before the decision. */
typedef struct body_phase_state {
    const char *current_phase;   /* phase code */
    odate_t last_change;         /* effective date of the latest decision */
    int has_last_change;         /* 0 if never moved */
    const char *kind;            /* the body's kind ("police", "fire"); NULL = not checked */
} body_phase_state_t;

/* What the checks produce for the store to write. */
typedef struct decision_checked {
    odate_t effective_on;
    odate_t decided_on;
    const phase_def_t *from;
    const phase_def_t *to;
} decision_checked_t;

/* Checks a decision against the model, the body's state and today's date.
 * Returns 0 and fills out, or OV_EINVALID (bad field), OV_ECONFLICT (the
 * body's state forbids it) or OV_EFORBIDDEN (actor_role may not decide it),
 * with err naming the field and saying why in words. */
int rules_decision_check(const phase_model_t *m, const body_phase_state_t *state,
                         const decision_input_t *in, const odate_t *today,
                         decision_checked_t *out, ov_error_t *err);

#define DECISION_TEXT_MAX 10000
#define DECISION_NAME_MAX 200

#endif
