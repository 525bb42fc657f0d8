/*
 * framework.c: reading and checking a monitoring framework file (see
 * framework.h and docs/frameworks.md).
 */
#include "core/framework.h"
#include "core/roles.h"
#include "core/body.h"
#include <stdio.h>
#include <string.h>

/* err with field = path and the message prefixed by the path. */
static int bad(ov_error_t *err, const char *path, const char *fmt, const char *a, const char *b)
{
    char what[400];
    snprintf(what, sizeof what, fmt, a ? a : "", b ? b : "");
    return ov_error_set(err, OV_EINVALID, path, "%s: %s", path, what);
}

/* The same for a code the database already holds: a conflict with what is
 * held (HTTP 409), not a malformed file. */
static int taken(ov_error_t *err, const char *path, const char *fmt, const char *a, const char *b)
{
    bad(err, path, fmt, a, b);
    if (err) err->status = OV_ECONFLICT;
    return OV_ECONFLICT;
}

/* a code: 1..31 of a-z, 0-9, '-', '_', starting with a letter */
static int code_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n >= PHASE_CODE_MAX || !(s[0] >= 'a' && s[0] <= 'z')) return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_')) return 0;
    return 1;
}

/* Only the members named in allowed; the first other one is an error. */
static int members_known(const json_t *o, const char *const *allowed, const char *prefix, ov_error_t *err)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)o, key, v) {
        int ok = 0;
        for (const char *const *a = allowed; *a && !ok; a++) ok = strcmp(*a, key) == 0;
        if (!ok) {
            char path[96];
            snprintf(path, sizeof path, "%s%.60s", prefix, key);
            return bad(err, path, "unknown field (known: %s)", "see docs/frameworks.md", NULL);
        }
    }
    return 0;
}

/* o[key] as a string into dst (size n): required or optional; too long or
 * not a string is an error naming path. Returns 0 or OV_EINVALID. */
static int text(const json_t *o, const char *key, const char *prefix, int required, char *dst, size_t n,
                ov_error_t *err)
{
    char path[96];
    snprintf(path, sizeof path, "%s%s", prefix, key);
    const json_t *v = json_object_get(o, key);
    dst[0] = '\0';
    if (!v || json_is_null(v)) return required ? bad(err, path, "is required", NULL, NULL) : 0;
    if (!json_is_string(v)) return bad(err, path, "must be a string", NULL, NULL);
    const char *s = json_string_value(v);
    if (strlen(s) >= n) {
        char max[16];
        snprintf(max, sizeof max, "%zu", n - 1);
        return bad(err, path, "is longer than %s characters", max, NULL);
    }
    if (required && !*s) return bad(err, path, "is required", NULL, NULL);
    snprintf(dst, n, "%s", s);
    return 0;
}

static int date_field(const json_t *o, const char *key, odate_t *d, int *has, ov_error_t *err)
{
    char s[DATE_TEXT_MAX + 8];
    *has = 0;
    if (text(o, key, "", 0, s, sizeof s, err) != 0) return OV_EINVALID;
    if (!*s) return 0;
    if (date_parse_day(s, d) != 0) return bad(err, key, "'%s' is not a day (YYYY-MM-DD)", s, NULL);
    *has = 1;
    return 0;
}

static int in_file(const framework_file_t *f, const char *code)
{
    for (int i = 0; i < f->nlevels; i++)
        if (strcmp(f->levels[i].code, code) == 0) return 1;
    return 0;
}

static int role_field(const json_t *t, const char *key, const char *prefix, int required, char *dst, ov_error_t *err)
{
    char path[96];
    snprintf(path, sizeof path, "%s%s", prefix, key);
    if (text(t, key, prefix, required, dst, PHASE_CODE_MAX, err) != 0) return OV_EINVALID;
    if (*dst && !roles_valid(dst)) return bad(err, path, "'%s' is not a role (admin, hmci, inspector, analyst, body, lpb, public)", dst, NULL);
    return 0;
}

/* "applies_to": absent or null = every monitored kind (""); else an array
 * of the kinds (body_kind_valid), at least one, none twice, kept as a
 * comma list in the file's order. */
static int applies_to(const json_t *root, framework_def_t *fw, ov_error_t *err)
{
    const json_t *v = json_object_get(root, "applies_to");
    fw->applies_to[0] = '\0';
    if (!v || json_is_null(v)) return 0;
    if (!json_is_array(v) || json_array_size(v) == 0)
        return bad(err, "applies_to", "must be an array of the kinds of body it applies to (police, fire); "
                                      "leave it out for every kind", NULL, NULL);
    size_t i;
    const json_t *k;
    json_array_foreach(v, i, k) {
        char path[48];
        snprintf(path, sizeof path, "applies_to[%zu]", i);
        const char *kind = json_string_value(k);
        if (!kind) return bad(err, path, "must be a string: a kind of body (police, fire)", NULL, NULL);
        if (!body_kind_valid(kind))
            return bad(err, path, "'%.40s' is not a kind of body monitored (police, fire)", kind, NULL);
        if (framework_applies(fw, kind) && *fw->applies_to) return bad(err, path, "'%s' is named twice", kind, NULL);
        size_t at = strlen(fw->applies_to);
        snprintf(fw->applies_to + at, sizeof fw->applies_to - at, "%s%s", at ? "," : "", kind);
    }
    return 0;
}

int framework_from_json(const json_t *root, const phase_model_t *m, framework_file_t *out, ov_error_t *err)
{
    static const char *const top[] = {"code", "name", "description", "in_force_from", "in_force_to", "succeeds",
                                      "applies_to", "levels", "transitions", NULL};
    static const char *const lvl[] = {"code", "name", "description", NULL};
    static const char *const trn[] = {"from", "to", "recommended_by", "decided_by", NULL};
    memset(out, 0, sizeof *out);
    framework_def_t *fw = &out->fw;
    if (!json_is_object(root)) return bad(err, "(file)", "a framework file is one JSON object", NULL, NULL);
    if (members_known(root, top, "", err) != 0) return OV_EINVALID;
    if (text(root, "code", "", 1, fw->code, sizeof fw->code, err) != 0) return OV_EINVALID;
    if (!code_ok(fw->code)) return bad(err, "code", "'%s' is not a code (a-z, 0-9, - and _, starting with a letter)", fw->code, NULL);
    if (m && framework_find(m, fw->code)) return taken(err, "code", "a framework '%s' is already loaded; a loaded framework is never changed, so load this one under another code", fw->code, NULL);
    if (m && m->nframeworks >= FRAMEWORK_MAX) {
        char n[16], held[16];
        snprintf(n, sizeof n, "%d", FRAMEWORK_MAX);
        snprintf(held, sizeof held, "%d", m->nframeworks);
        return bad(err, "code", "at most %s frameworks can be held, and this database holds %s; nothing was loaded", n, held);
    }
    if (text(root, "name", "", 1, fw->name, sizeof fw->name, err) != 0) return OV_EINVALID;
    if (text(root, "description", "", 0, fw->description, sizeof fw->description, err) != 0) return OV_EINVALID;
    if (date_field(root, "in_force_from", &fw->in_force_from, &fw->has_from, err) != 0) return OV_EINVALID;
    if (date_field(root, "in_force_to", &fw->in_force_to, &fw->has_to, err) != 0) return OV_EINVALID;
    if (fw->has_from && fw->has_to && date_compare(&fw->in_force_to, &fw->in_force_from) < 0)
        return bad(err, "in_force_to", "is before in_force_from", NULL, NULL);
    if (text(root, "succeeds", "", 0, fw->succeeds, sizeof fw->succeeds, err) != 0) return OV_EINVALID;
    if (*fw->succeeds && !(m && framework_find(m, fw->succeeds)))
        return bad(err, "succeeds", "no framework '%s' is loaded", fw->succeeds, NULL);

    if (applies_to(root, fw, err) != 0) return OV_EINVALID;

    const json_t *levels = json_object_get(root, "levels");
    if (!json_is_array(levels)) return bad(err, "levels", "is required: an array of the levels, routine first", NULL, NULL);
    int held = m ? m->nphases : 0;
    if (json_array_size(levels) < 2) return bad(err, "levels", "a framework has at least two levels", NULL, NULL);
    if (json_array_size(levels) > (size_t)(PHASE_MAX - held)) {
        /* never cut short: the whole file is refused */
        char n[16], why[96];
        snprintf(n, sizeof n, "%d", PHASE_MAX);
        snprintf(why, sizeof why, "this file has %zu and the other frameworks hold %d", json_array_size(levels), held);
        return bad(err, "levels", "at most %s levels can be held across all frameworks; %s", n, why);
    }
    size_t i;
    const json_t *l;
    json_array_foreach(levels, i, l) {
        char prefix[48], path[64];
        snprintf(prefix, sizeof prefix, "levels[%zu].", i);
        if (!json_is_object(l)) {
            snprintf(path, sizeof path, "levels[%zu]", i);
            return bad(err, path, "must be an object {code, name, description}", NULL, NULL);
        }
        if (members_known(l, lvl, prefix, err) != 0) return OV_EINVALID;
        phase_def_t *p = &out->levels[out->nlevels];
        snprintf(path, sizeof path, "%scode", prefix);
        if (text(l, "code", prefix, 1, p->code, sizeof p->code, err) != 0) return OV_EINVALID;
        if (!code_ok(p->code)) return bad(err, path, "'%s' is not a code (a-z, 0-9, - and _, starting with a letter)", p->code, NULL);
        if (in_file(out, p->code)) return bad(err, path, "'%s' is the code of an earlier level", p->code, NULL);
        const phase_def_t *clash = m ? phase_find(m, p->code) : NULL;
        if (clash) return taken(err, path, "'%s' is already a level of framework %s; level codes are unique across frameworks",
                              p->code, clash->framework);
        if (text(l, "name", prefix, 1, p->name, sizeof p->name, err) != 0) return OV_EINVALID;
        if (text(l, "description", prefix, 1, p->description, sizeof p->description, err) != 0) return OV_EINVALID;
        memcpy(p->framework, fw->code, sizeof p->framework);
        p->level = out->nlevels + 1;
        out->nlevels++;
    }

    const json_t *trans = json_object_get(root, "transitions");
    if (!json_is_array(trans) || json_array_size(trans) == 0)
        return bad(err, "transitions", "is required: an array of the moves allowed, each {from, to, recommended_by, decided_by}", NULL, NULL);
    if (json_array_size(trans) > (size_t)(PHASE_TRANSITION_MAX - (m ? m->ntransitions : 0))) {
        char n[16], why[96];
        snprintf(n, sizeof n, "%d", PHASE_TRANSITION_MAX);
        snprintf(why, sizeof why, "this file has %zu and the other frameworks hold %d", json_array_size(trans),
                 m ? m->ntransitions : 0);
        return bad(err, "transitions", "at most %s transitions can be held across all frameworks; %s", n, why);
    }
    const json_t *t;
    json_array_foreach(trans, i, t) {
        char prefix[48], path[64];
        snprintf(prefix, sizeof prefix, "transitions[%zu].", i);
        if (!json_is_object(t)) {
            snprintf(path, sizeof path, "transitions[%zu]", i);
            return bad(err, path, "must be an object {from, to, recommended_by, decided_by}", NULL, NULL);
        }
        if (members_known(t, trn, prefix, err) != 0) return OV_EINVALID;
        phase_transition_t *x = &out->transitions[out->ntransitions];
        if (text(t, "from", prefix, 1, x->from, sizeof x->from, err) != 0) return OV_EINVALID;
        if (text(t, "to", prefix, 1, x->to, sizeof x->to, err) != 0) return OV_EINVALID;
        snprintf(path, sizeof path, "%sfrom", prefix);
        if (!in_file(out, x->from)) {
            const phase_def_t *p = m ? phase_find(m, x->from) : NULL;
            if (!p || !*fw->succeeds || strcmp(p->framework, fw->succeeds) != 0)
                return bad(err, path, "'%s' is not a level of this framework%s", x->from,
                           *fw->succeeds ? " or of the one it succeeds" : " (name the framework it succeeds to cross from its levels)");
        }
        snprintf(path, sizeof path, "%sto", prefix);
        if (!in_file(out, x->to)) return bad(err, path, "'%s' is not a level of this framework", x->to, NULL);
        if (strcmp(x->from, x->to) == 0) return bad(err, path, "a transition must change the level", NULL, NULL);
        for (int k = 0; k < out->ntransitions; k++)
            if (strcmp(out->transitions[k].from, x->from) == 0 && strcmp(out->transitions[k].to, x->to) == 0)
                return bad(err, path, "the move from '%s' to '%s' is defined twice", x->from, x->to);
        if (role_field(t, "decided_by", prefix, 1, x->decider_role, err) != 0) return OV_EINVALID;
        snprintf(path, sizeof path, "%sdecided_by", prefix);
        if (!roles_allows(x->decider_role, PERM_DECIDE, NULL, NULL))
            return bad(err, path, "the role '%s' may not decide a phase change", x->decider_role, NULL);
        if (role_field(t, "recommended_by", prefix, 0, x->recommender_role, err) != 0) return OV_EINVALID;
        out->ntransitions++;
    }
    /* every level but the first can be entered, or it is dead data */
    for (int k = 1; k < out->nlevels; k++) {
        int entered = 0;
        for (int j = 0; j < out->ntransitions && !entered; j++) entered = strcmp(out->transitions[j].to, out->levels[k].code) == 0;
        if (!entered) {
            char path[64];
            snprintf(path, sizeof path, "levels[%d].code", k);
            return bad(err, path, "no transition leads to '%s'", out->levels[k].code, NULL);
        }
    }
    return 0;
}

const phase_def_t *framework_entry_level(const phase_model_t *m, const odate_t *on, const char *kind)
{
    for (int f = m->nframeworks - 1; f >= 0; f--) {
        const framework_def_t *fw = &m->frameworks[f];
        if (!framework_in_force(fw, on) || !framework_applies(fw, kind)) continue;
        const phase_def_t *first = NULL;
        for (int i = 0; i < m->nphases; i++) {
            const phase_def_t *p = &m->phases[i];
            if (strcmp(p->framework, fw->code) != 0) continue;
            if (p->is_default) return p;
            if (!first || p->level < first->level) first = p;
        }
        if (first) return first;
    }
    return phase_default(m);
}
