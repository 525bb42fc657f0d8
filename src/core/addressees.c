/*
 * addressees.c: the rules of many-body reports and national parts
 * (addressees.h).
 */
#include "core/addressees.h"
#include "core/date.h"
#include <string.h>

static int one_of(const char *s, const char *const *list)
{
    for (; s && *list; list++)
        if (strcmp(s, *list) == 0) return 1;
    return 0;
}

int rules_report_kind_ok(const char *kind)
{
    static const char *const KINDS[] = {"thematic", "national", "joint", NULL};
    return one_of(kind, KINDS);
}

int rules_report_coverage_ok(const char *coverage)
{
    static const char *const COVERAGES[] = {"several", "all_police", "all_fire", "all", NULL};
    return one_of(coverage, COVERAGES);
}

const char *rules_report_inspection_kind(const char *kind)
{
    /* a national or joint report is, for each body it covers, a thematic
     * inspection of it; inspections.kind has no other word for it */
    (void)kind;
    return "thematic";
}

static int blank(const char *s)
{
    if (!s) return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return 0;
    return 1;
}

int rules_national_part_change(const char *from, const char *to, const char *on, const char *not_before,
                               const char *outcome, const char *reason, ov_error_t *err)
{
    static const char *const STATUSES[] = {"open", "in_progress", "closed", NULL};
    if (!one_of(to, STATUSES))
        return ov_error_set(err, OV_EINVALID, "to", "status must be open, in_progress or closed");
    odate_t day, first;
    if (!on || date_parse_day(on, &day) != 0)
        return ov_error_set(err, OV_EINVALID, "on", "the day of the change is required, as YYYY-MM-DD");
    if (not_before && date_parse(not_before, &first) == 0 && date_compare(&day, &first) < 0)
        return ov_error_set(err, OV_EINVALID, "on", "%s is before the report was published (%s)", on, not_before);
    if (from && strcmp(from, "closed") == 0)
        return ov_error_set(err, OV_ECONFLICT, "to", "this part is closed: a closed part stays closed");
    if (strcmp(to, "closed") == 0) {
        if (!outcome || (strcmp(outcome, "implemented") != 0 && strcmp(outcome, "not_implemented") != 0))
            return ov_error_set(err, OV_EINVALID, "outcome",
                                "closing a part needs its outcome: implemented or not_implemented");
        if (blank(reason))
            return ov_error_set(err, OV_EINVALID, "reason", "closing a part needs the reason it is closed");
    } else if (outcome) {
        return ov_error_set(err, OV_EINVALID, "outcome", "an outcome is given only when the part is closed");
    }
    return 0;
}
