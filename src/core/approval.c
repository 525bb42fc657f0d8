/*
 * approval.c: the four-eyes rule of letters (see approval.h).
 */
#include "core/approval.h"
#include <string.h>

int approval_check_four_eyes(const char *drafted_by, const char *approver, ov_error_t *err)
{
    if (!approver || !*approver)
        return ov_error_set(err, OV_EINVALID, "approved_by", "an approval must name the account that approves");
    /* usernames are lower-case only (accounts.c), so equal text is one account */
    if (!drafted_by || !*drafted_by || strcmp(drafted_by, approver) != 0) return 0;
    int rc = ov_error_set(err, OV_EFORBIDDEN, "approved_by",
                          "Four-eyes rule: %.64s drafted this letter, and whoever drafts a letter may not "
                          "approve it; another inspector or HMCI must approve it",
                          drafted_by);
    if (err) err->rule = APPROVAL_RULE_FOUR_EYES;
    return rc;
}
