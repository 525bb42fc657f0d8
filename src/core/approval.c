/*
 * approval.c: the four-eyes rule of letters (see approval.h).
 */
#include "core/approval.h"
#include <string.h>

/* The refusal: `did` what approver did ("drafted this letter"), `rule`
 * the part of the rule that bars them. */
static int refuse(ov_error_t *err, const char *approver, const char *did, const char *rule)
{
    int rc = ov_error_set(err, OV_EFORBIDDEN, "approved_by",
                          "Four-eyes rule: %.64s %s, and whoever %s may not approve it; another inspector or HMCI "
                          "must approve it",
                          approver, did, rule);
    if (err) err->rule = APPROVAL_RULE_FOUR_EYES;
    return rc;
}

int approval_check_four_eyes(const char *drafted_by, const char *const *edited_by, const char *approver,
                             ov_error_t *err)
{
    if (!approver || !*approver)
        return ov_error_set(err, OV_EINVALID, "approved_by", "an approval must name the account that approves");
    /* usernames are lower-case only (accounts.c), so equal text is one account */
    if (drafted_by && *drafted_by && strcmp(drafted_by, approver) == 0)
        return refuse(err, approver, "drafted this letter", "drafts a letter");
    for (const char *const *e = edited_by; e && *e; e++)
        if (strcmp(*e, approver) == 0)
            return refuse(err, approver, "changed the draft of this letter", "drafts or changes a letter");
    return 0;
}
