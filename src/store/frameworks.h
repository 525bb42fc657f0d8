/*
 * frameworks.h: monitoring frameworks in the store (migration 012; the model
 * is read by store_phase_model, store/bodies.h).
 */
#ifndef OV_STORE_FRAMEWORKS_H
#define OV_STORE_FRAMEWORKS_H
#include "store/store.h"
#include "core/framework.h"

/* Checks the framework file's tree root against the frameworks held
 * (core/framework.h) and adds the framework, its levels and transitions in
 * one transaction. On success *code_out (may be NULL; PHASE_CODE_MAX bytes)
 * gets its code. OV_EINVALID with err->field naming the bad field. */
int store_framework_load(store_t *s, const json_t *root, char *code_out, ov_error_t *err);

#endif
