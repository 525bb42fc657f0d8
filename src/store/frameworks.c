/*
 * frameworks.c: adding a monitoring framework (frameworks.h).
 */
#include "store/frameworks.h"
#include "store/bodies.h"
#include "store/audit.h"
#include <stdio.h>
#include <string.h>

int store_framework_load(store_t *s, const json_t *root, char *code_out, ov_error_t *err)
{
    phase_model_t m;
    framework_file_t f;
    store_tx_t tx;
    int rc = store_tx_begin(s, &tx, err);
    if (rc != 0) return rc;
    if ((rc = store_phase_model(s, &m, err)) != 0) goto done;
    if ((rc = framework_from_json(root, &m, &f, err)) != 0) goto done;
    char from[DATE_TEXT_MAX] = "", to[DATE_TEXT_MAX] = "";
    if (f.fw.has_from) date_format(&f.fw.in_force_from, from);
    if (f.fw.has_to) date_format(&f.fw.in_force_to, to);
    rc = store_exec(s, NULL, NULL, err,
        "INSERT INTO frameworks (code, name, description, position, in_force_from, in_force_to, succeeds, applies_to)"
        " VALUES (?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM frameworks), ?, ?, ?, ?)",
        "sssssss", f.fw.code, f.fw.name, f.fw.description, *from ? from : NULL, *to ? to : NULL,
        *f.fw.succeeds ? f.fw.succeeds : NULL, f.fw.applies_to);
    for (int i = 0; rc == 0 && i < f.nlevels; i++)
        rc = store_exec(s, NULL, NULL, err,
            "INSERT INTO phases (code, name, level, is_default, framework, description) VALUES (?, ?, ?, 0, ?, ?)",
            "ssiss", f.levels[i].code, f.levels[i].name, (long long)f.levels[i].level, f.fw.code, f.levels[i].description);
    for (int i = 0; rc == 0 && i < f.ntransitions; i++)
        rc = store_exec(s, NULL, NULL, err,
            "INSERT INTO phase_transitions (from_phase, to_phase, decider_role, recommender_role) VALUES (?, ?, ?, ?)",
            "ssss", f.transitions[i].from, f.transitions[i].to, f.transitions[i].decider_role,
            f.transitions[i].recommender_role);
    /* on the audit trail as loaded (entity "frameworks", id its position) */
    json_t *row = NULL;
    if (rc == 0)
        rc = store_query_one(s, &row, err, "framework",
                             "SELECT code, name, description, position, in_force_from, in_force_to, succeeds, applies_to"
                             " FROM frameworks WHERE code = ?", "s", f.fw.code);
    if (rc == 0) {
        json_object_set(row, "levels", json_object_get(root, "levels"));
        json_object_set(row, "transitions", json_object_get(root, "transitions"));
        rc = store_audit_append(s, "create", "frameworks", json_integer_value(json_object_get(row, "position")), 0,
                                NULL, row, err);
    }
    json_decref(row);
    if (rc == 0 && code_out) snprintf(code_out, PHASE_CODE_MAX, "%s", f.fw.code);
done:
    {
        int end = store_tx_end(s, &tx, rc, err);
        return rc != 0 ? rc : end;
    }
}
