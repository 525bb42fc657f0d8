/*
 * body.c: checks on bodies.
 */
#include "core/body.h"
#include <string.h>

int body_code_valid(const char *code)
{
    size_t n = code ? strlen(code) : 0;
    if (n == 0 || n > BODY_CODE_MAX || code[0] == '-') return -1;
    for (size_t i = 0; i < n; i++) {
        char c = code[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return -1;
    }
    return 0;
}

static int check_text(const char *field, const char *v, int required, ov_error_t *err)
{
    if (required && (!v || !*v)) return ov_error_set(err, OV_EINVALID, field, "%s is required", field);
    if (v && strlen(v) > BODY_TEXT_MAX)
        return ov_error_set(err, OV_EINVALID, field, "%s is longer than %d characters", field, BODY_TEXT_MAX);
    return 0;
}

const char *const body_kinds_monitored[] = {"police", "fire", NULL};

int body_kind_valid(const char *kind)
{
    for (const char *const *k = body_kinds_monitored; kind && *k; k++)
        if (strcmp(*k, kind) == 0) return 1;
    return 0;
}

const char *body_kind_words(const char *kind, int plural)
{
    if (kind && strcmp(kind, "police") == 0) return plural ? "police forces" : "a police force";
    if (kind && strcmp(kind, "fire") == 0) return plural ? "fire and rescue services" : "a fire and rescue service";
    return kind ? kind : "";
}

int rules_body_check(const body_input_t *in, ov_error_t *err)
{
    if (body_code_valid(in->code) != 0)
        return ov_error_set(err, OV_EINVALID, "code",
                            "code '%.64s' must be 1-%d characters of a-z, 0-9 and '-', not starting with '-'",
                            in->code ? in->code : "", BODY_CODE_MAX);
    int rc;
    if ((rc = check_text("name", in->name, 1, err))) return rc;
    if (!body_kind_valid(in->kind))
        return ov_error_set(err, OV_EINVALID, "kind", "kind must be 'police' or 'fire'");
    if ((rc = check_text("country", in->country, 0, err))) return rc;
    if ((rc = check_text("governance", in->governance, 0, err))) return rc;
    if ((rc = check_text("local_policing_body", in->local_policing_body, 0, err))) return rc;
    return check_text("chief_officer_title", in->chief_officer_title, 0, err);
}

int body_kind_known(const char *kind)
{
    return body_kind_valid(kind) || (kind && strcmp(kind, BODY_KIND_NATIONAL) == 0);
}

int rules_body_check_any(const body_input_t *in, ov_error_t *err)
{
    if (!in->kind || strcmp(in->kind, BODY_KIND_NATIONAL) != 0) {
        if (in->kind && !body_kind_valid(in->kind))
            return ov_error_set(err, OV_EINVALID, "kind", "kind must be 'police', 'fire' or 'national'");
        return rules_body_check(in, err);
    }
    body_input_t mon = *in;
    mon.kind = "police";   /* the same checks of code, name and lengths */
    int rc = rules_body_check(&mon, err);
    if (rc) return rc;
    const char *gov[][2] = {{"governance", in->governance}, {"local_policing_body", in->local_policing_body},
                            {"chief_officer_title", in->chief_officer_title}};
    for (size_t i = 0; i < sizeof gov / sizeof gov[0]; i++)
        if (gov[i][1] && *gov[i][1])
            return ov_error_set(err, OV_EINVALID, gov[i][0], "%s is not held for a national body (it is not monitored)",
                                gov[i][0]);
    return 0;
}

int rules_body_change_check(const char *effective_on, const char *reason, const odate_t *today, odate_t *on,
                            ov_error_t *err)
{
    if (!effective_on || !*effective_on) *on = *today;
    else if (date_parse(effective_on, on) != 0 || on->precision != DATE_DAY)
        return ov_error_set(err, OV_EINVALID, "effective_on", "effective_on '%.32s' must be a day, YYYY-MM-DD",
                            effective_on);
    if (!reason || !*reason)
        return ov_error_set(err, OV_EINVALID, "reason", "reason is required: say why the body changes");
    if (strlen(reason) > 2000)
        return ov_error_set(err, OV_EINVALID, "reason", "reason is longer than 2000 characters");
    return 0;
}
