/*
 * phase.c: the phase model and the rules for phase-change decisions.
 */
#include "core/phase.h"
#include "core/input.h"
#include "core/body.h"
#include <stdio.h>
#include <string.h>

/* The same data as migrations 001 and 012 put in every database: the one
 * place in C that names the default framework's levels (for the rules'
 * fallback when a snapshot carries no levels, and for unit tests). */
static const phase_model_t BUILTIN = {
    .frameworks = {{.code = FRAMEWORK_DEFAULT_CODE, .name = "Scan and Engage"}},
    .nframeworks = 1,
    .phases = {{.code = "scan", .name = "Scan", .level = 1, .is_default = 1, .framework = FRAMEWORK_DEFAULT_CODE},
               {.code = "engage", .name = "Engage", .level = 2, .is_default = 0, .framework = FRAMEWORK_DEFAULT_CODE}},
    .nphases = 2,
    .transitions = {{"scan", "engage", "hmci", "inspector"}, {"engage", "scan", "hmci", "inspector"}},
    .ntransitions = 2,
};

void phase_model_default(phase_model_t *m)
{
    *m = BUILTIN;
}

const phase_model_t *phase_model_builtin(void)
{
    return &BUILTIN;
}

const framework_def_t *framework_find(const phase_model_t *m, const char *code)
{
    for (int i = 0; code && i < m->nframeworks; i++)
        if (strcmp(m->frameworks[i].code, code) == 0) return &m->frameworks[i];
    return NULL;
}

const framework_def_t *phase_framework(const phase_model_t *m, const phase_def_t *p)
{
    return p ? framework_find(m, p->framework) : NULL;
}

int framework_in_force(const framework_def_t *fw, const odate_t *d)
{
    if (!fw || !d) return 1;
    if (fw->has_from && date_compare(d, &fw->in_force_from) < 0) return 0;
    if (fw->has_to && date_compare(d, &fw->in_force_to) > 0) return 0;
    return 1;
}

/* 1 if the comma list names kind (whole items only). */
static int list_has(const char *list, const char *kind, size_t klen)
{
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == klen && strncmp(p, kind, n) == 0) return 1;
        if (!end) break;
        p = end + 1;
    }
    return 0;
}

int framework_applies(const framework_def_t *fw, const char *kind)
{
    if (!fw || !kind || !*fw->applies_to) return 1;
    return list_has(fw->applies_to, kind, strlen(kind));
}

int framework_kinds_valid(const char *list)
{
    if (!list) return -1;
    if (!*list) return 0;
    char seen[PHASE_CODE_MAX] = "";
    for (const char *p = list;;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char kind[PHASE_CODE_MAX];
        if (n == 0 || n >= sizeof kind) return -1;
        memcpy(kind, p, n);
        kind[n] = '\0';
        if (!body_kind_valid(kind) || list_has(seen, kind, n)) return -1;
        if (strlen(seen) + n + 2 > sizeof seen) return -1;
        if (*seen) strcat(seen, ",");
        strcat(seen, kind);
        if (!end) return 0;
        p = end + 1;
    }
}

void framework_kinds_words(const framework_def_t *fw, char *out, size_t n)
{
    size_t at = 0, count = 0, total = 0;
    out[0] = '\0';
    for (const char *const *k = body_kinds_monitored; *k; k++) total += framework_applies(fw, *k);
    for (const char *const *k = body_kinds_monitored; *k && at < n; k++) {
        if (!framework_applies(fw, *k)) continue;
        count++;
        const char *sep = count == 1 ? "" : count == total ? " and " : ", ";
        int w = snprintf(out + at, n - at, "%s%s", sep, body_kind_words(*k, 1));
        if (w < 0) break;
        at += (size_t)w;
    }
}

int phase_transition_applies(const phase_model_t *m, const phase_transition_t *t, const char *kind)
{
    const phase_def_t *to = t ? phase_find(m, t->to) : NULL;
    return framework_applies(to ? phase_framework(m, to) : NULL, kind);
}

int phase_is_routine(const phase_model_t *m, const char *code)
{
    const phase_def_t *p = phase_find(m, code);
    return p && p->level == 1;
}

const phase_def_t *phase_at_level(const phase_model_t *m, const char *framework, int level)
{
    for (int i = 0; framework && i < m->nphases; i++)
        if (m->phases[i].level == level && strcmp(m->phases[i].framework, framework) == 0) return &m->phases[i];
    return NULL;
}

int phase_is_enhanced(const phase_model_t *m, const char *code)
{
    const phase_def_t *p = phase_find(m, code);
    return p && p->level > 1;
}

const char *phase_role_title(const char *role)
{
    if (!role) return "";
    if (strcmp(role, "hmci") == 0) return "Chief Inspector (HMCI)";
    if (strcmp(role, "inspector") == 0) return "lead inspector (HMI)";
    return role;
}

const phase_def_t *phase_find(const phase_model_t *m, const char *code)
{
    for (int i = 0; code && i < m->nphases; i++)
        if (strcmp(m->phases[i].code, code) == 0) return &m->phases[i];
    return NULL;
}

const phase_def_t *phase_default(const phase_model_t *m)
{
    for (int i = 0; i < m->nphases; i++)
        if (m->phases[i].is_default) return &m->phases[i];
    return m->nphases ? &m->phases[0] : NULL;
}

const phase_transition_t *phase_transition_find(const phase_model_t *m, const char *from, const char *to)
{
    for (int i = 0; i < m->ntransitions; i++)
        if (strcmp(m->transitions[i].from, from) == 0 && strcmp(m->transitions[i].to, to) == 0)
            return &m->transitions[i];
    return NULL;
}

static int blank(const char *s)
{
    if (!s) return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return 0;
    return 1;
}

static int too_long(const char *s, size_t max) { return s && strlen(s) > max; }

int rules_decision_check(const phase_model_t *m, const body_phase_state_t *state,
                         const decision_input_t *in, const odate_t *today,
                         decision_checked_t *out, ov_error_t *err)
{
    memset(out, 0, sizeof *out);
    if (blank(in->to_phase))
        return ov_error_set(err, OV_EINVALID, "to_phase", "to_phase is required: the phase the body moves to");
    out->to = phase_find(m, in->to_phase);
    if (!out->to) {
        char known[PHASE_MAX * (PHASE_CODE_MAX + 2)] = "";
        for (int i = 0; i < m->nphases; i++) {
            if (i) strcat(known, ", ");
            strcat(known, m->phases[i].code);
        }
        return ov_error_set(err, OV_EINVALID, "to_phase", "unknown phase '%.40s' (known: %s)", in->to_phase, known);
    }
    out->from = phase_find(m, state->current_phase);
    if (!out->from) out->from = phase_default(m);
    if (out->from == out->to)
        return ov_error_set(err, OV_ECONFLICT, "to_phase", "the body is already in %s; a decision must change its phase", out->to->name);
    /* the moves a body of its kind may make from where it is, for the
     * refusals below */
    char allowed[PHASE_TRANSITION_MAX * (PHASE_CODE_MAX + 2)] = "";
    for (int i = 0; i < m->ntransitions; i++)
        if (strcmp(m->transitions[i].from, out->from->code) == 0
            && phase_transition_applies(m, &m->transitions[i], state->kind)) {
            if (*allowed) strcat(allowed, ", ");
            strcat(allowed, m->transitions[i].to);
        }
    /* a framework is for the kinds of body it names: a fire and rescue
     * service is never moved into a level of a police framework */
    const framework_def_t *to_fw = phase_framework(m, out->to);
    if (!framework_applies(to_fw, state->kind)) {
        char kinds[160];
        framework_kinds_words(to_fw, kinds, sizeof kinds);
        int rc = ov_error_set(err, OV_EINVALID, "to_phase",
                              "Framework kind rule: %s (%s) is a level of %s, which applies to %s only; this body is %s%s%s%s",
                              out->to->name, out->to->code, to_fw->name, kinds, body_kind_words(state->kind, 0),
                              *allowed ? "; from " : "", *allowed ? out->from->code : "",
                              *allowed ? " it may move to: " : "");
        if (err && *allowed) {
            size_t n = strlen(err->message);
            snprintf(err->message + n, sizeof err->message - n, "%s", allowed);
        }
        if (err) err->rule = PHASE_RULE_KIND;
        return rc;
    }
    const phase_transition_t *t = phase_transition_find(m, out->from->code, out->to->code);
    if (!t) {
        int rc = ov_error_set(err, OV_EINVALID, "to_phase",
                              "Framework transition rule: no move from %s (%s) to %s (%s) is defined%s%s%s",
                              out->from->name, out->from->code, out->to->name, out->to->code,
                              *allowed ? "; from " : "", *allowed ? out->from->code : "",
                              *allowed ? " a body may move to: " : "");
        if (err && *allowed) {
            size_t n = strlen(err->message);
            snprintf(err->message + n, sizeof err->message - n, "%s", allowed);
        }
        if (err) err->rule = PHASE_RULE_TRANSITION;
        return rc;
    }
    if (blank(in->decided_by))
        return ov_error_set(err, OV_EINVALID, "decided_by", "decided_by is required: who took the decision (for this transition, the %s)",
                            phase_role_title(t->decider_role));
    if (too_long(in->decided_by, DECISION_NAME_MAX))
        return ov_error_set(err, OV_EINVALID, "decided_by", "decided_by is longer than %d characters", DECISION_NAME_MAX);
    if (too_long(in->recommended_by, DECISION_NAME_MAX))
        return ov_error_set(err, OV_EINVALID, "recommended_by", "recommended_by is longer than %d characters", DECISION_NAME_MAX);
    if (too_long(in->meeting, DECISION_NAME_MAX))
        return ov_error_set(err, OV_EINVALID, "meeting", "meeting is longer than %d characters", DECISION_NAME_MAX);
    /* the one URL rule of every URL field, for each of the sources, one a
     * line (core/input.h); absent or "" is none */
    if (in->source_url && *in->source_url && input_url_list_check("source_url", in->source_url, err) != 0)
        return OV_EINVALID;
    if (in->actor_role && strcmp(in->actor_role, t->decider_role) != 0)
        return ov_error_set(err, OV_EFORBIDDEN, "to_phase", "only the %s may decide a move from %s to %s",
                            phase_role_title(t->decider_role), out->from->name, out->to->name);
    if (blank(in->effective_on))
        return ov_error_set(err, OV_EINVALID, "effective_on", "effective_on is required (YYYY-MM-DD, YYYY-MM or YYYY)");
    if (date_parse(in->effective_on, &out->effective_on) != 0)
        return ov_error_set(err, OV_EINVALID, "effective_on", "effective_on '%.20s' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", in->effective_on);
    /* a level is entered only while its framework is in force: this is how
     * a body's history crosses from one framework to the next on a date */
    const framework_def_t *fw = phase_framework(m, out->to);
    if (!framework_in_force(fw, &out->effective_on)) {
        char from[DATE_TEXT_MAX] = "", to[DATE_TEXT_MAX] = "";
        if (fw->has_from) date_format(&fw->in_force_from, from);
        if (fw->has_to) date_format(&fw->in_force_to, to);
        int rc = ov_error_set(err, OV_EINVALID, "effective_on",
                              "Framework in force rule: %s is a level of %s, in force %s%s%s%s; effective_on %s is outside it",
                              out->to->name, fw->name, *from ? "from " : "", from, *to ? " to " : "", to,
                              in->effective_on);
        if (err) err->rule = PHASE_RULE_IN_FORCE;
        return rc;
    }
    if (blank(in->decided_on)) {
        out->decided_on = out->effective_on;
    } else if (date_parse(in->decided_on, &out->decided_on) != 0) {
        return ov_error_set(err, OV_EINVALID, "decided_on", "decided_on '%.20s' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", in->decided_on);
    }
    if (today) {
        if (date_compare(&out->effective_on, today) > 0)
            return ov_error_set(err, OV_EINVALID, "effective_on", "effective_on %s is in the future; record a decision once it has effect", in->effective_on);
        if (date_compare(&out->decided_on, today) > 0)
            return ov_error_set(err, OV_EINVALID, "decided_on", "decided_on %s is in the future", in->decided_on);
    }
    if (state->has_last_change && date_compare(&out->effective_on, &state->last_change) <= 0) {
        char last[DATE_TEXT_MAX];
        date_format(&state->last_change, last);
        return ov_error_set(err, OV_EINVALID, "effective_on",
                            "effective_on %s is not after the body's last phase change (%s); phase history cannot be rewritten",
                            in->effective_on, last);
    }
    if (blank(in->rationale))
        return ov_error_set(err, OV_EINVALID, "rationale", "rationale is required: why the phase changes");
    if (too_long(in->rationale, DECISION_TEXT_MAX))
        return ov_error_set(err, OV_EINVALID, "rationale", "rationale is longer than %d characters", DECISION_TEXT_MAX);
    return 0;
}
