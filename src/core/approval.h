/*
 * approval.h: who may approve a letter. Pure: no I/O.
 *
 * The four-eyes rule: the person who approves a letter (freezing its facts
 * for publication) must not be a person who wrote it: neither the one who
 * drafted it nor anyone who changed the draft since (an inspector who
 * rewrites an analyst's conclusion is its author as much as the analyst).
 * The store applies it inside the approving transaction
 * (store_letter_transition), reading who changed the draft from the audit
 * trail; the API, the pages and any other caller see the refusal it gives.
 */
#ifndef OV_CORE_APPROVAL_H
#define OV_CORE_APPROVAL_H
#include "core/error.h"

/* The rule's name, as err->rule and in the API's problem (RFC 9457). */
#define APPROVAL_RULE_FOUR_EYES "four-eyes"

/* 0 if account `approver` may approve a letter drafted by `drafted_by` and
 * changed as a draft by the accounts of `edited_by` (a NULL-terminated
 * array, borrowed; NULL: nobody changed it). drafted_by NULL or "": no
 * person drafted it (a record loaded as history, `oversight load`, the
 * demo), so only its editors are barred. Refusals: OV_EFORBIDDEN (field
 * "approved_by", err->rule APPROVAL_RULE_FOUR_EYES) when approver drafted
 * or changed it, with a message naming the rule and the approver's part
 * ("drafted" or "changed") that can be shown as it is; OV_EINVALID (field
 * "approved_by") when approver is NULL or "" (an approval always names who
 * approved). */
int approval_check_four_eyes(const char *drafted_by, const char *const *edited_by, const char *approver,
                             ov_error_t *err);

#endif
