/*
 * framework.h: a monitoring framework read from its file (JSON, the format
 * of docs/frameworks.md) and checked against the frameworks already held,
 * before the store adds it. Pure: the caller reads the file and parses the
 * JSON; this takes the tree.
 */
#ifndef OV_CORE_FRAMEWORK_H
#define OV_CORE_FRAMEWORK_H
#include "core/phase.h"
#include <jansson.h>

/* One framework as a file defines it: the framework, its levels (in order,
 * level = position from 1) and its transitions. */
typedef struct framework_file {
    framework_def_t fw;
    phase_def_t levels[PHASE_MAX];
    int nlevels;
    phase_transition_t transitions[PHASE_TRANSITION_MAX];
    int ntransitions;
} framework_file_t;

/* Reads root (a framework file's JSON) into out and checks it against the
 * model of the frameworks already held (m; NULL = none): codes unique across
 * frameworks, roles known, every transition from a level of this framework
 * or of the one it succeeds to a level of this one, dates in order, the
 * kinds of body it applies to known (fw.applies_to: "" = every kind). Returns
 * 0, or OV_EINVALID with err->field naming the offending field as a path
 * ("levels[2].code", "transitions[0].decided_by") and the message saying
 * why, starting with that path. */
int framework_from_json(const json_t *root, const phase_model_t *m, framework_file_t *out, ov_error_t *err);

/* The level a new body of kind (NULL: any) starts in on day `on` (NULL:
 * any day): of the frameworks in force that day that apply to its kind
 * (framework_applies), the last in the model's order (a successor after the
 * framework it succeeds), its default level, else its first; when none
 * is, the model's default level (phase_default). NULL only for an empty
 * model. */
const phase_def_t *framework_entry_level(const phase_model_t *m, const odate_t *on, const char *kind);

#endif
