/*
 * bodies.c: SQL for bodies, the phase model and phase decisions.
 */
#include "store/bodies.h"
#include "store/corrections.h"
#include "store/audit.h"
#include "store/body_changes.h"
#include "store/body_row_sql.h"
#include "core/input.h"
#include "core/jget.h"
#include <stdio.h>
#include <string.h>

/* row[key] (NULL: "") into dst (size n); a text too long for the model is
 * an error naming the table and column, never cut short. */
static int model_text(char *dst, size_t n, const json_t *row, const char *key, const char *table, ov_error_t *err)
{
    const char *v = jget_text(row, key);
    if (strlen(v) >= n)
        return ov_error_set(err, OV_EINTERNAL, key, "%s: the %s '%.40s...' is longer than the %zu characters the model holds",
                            table, key, v, n - 1);
    memcpy(dst, v, strlen(v) + 1);
    return 0;
}

int store_phase_model(store_t *s, phase_model_t *m, ov_error_t *err)
{
    json_t *fws = NULL, *phases = NULL, *trans = NULL;
    memset(m, 0, sizeof *m);
    int rc = store_query(s, &fws, err,
        "SELECT code, name, description, in_force_from, in_force_to, succeeds, applies_to FROM frameworks"
        " ORDER BY position, code", NULL);
    if (rc == 0)
        rc = store_query(s, &phases, err,
            "SELECT p.code, p.name, p.level, p.is_default, p.framework, p.description"
            "  FROM phases p LEFT JOIN frameworks f ON f.code = p.framework ORDER BY f.position, p.level, p.code", NULL);
    if (rc == 0)
        rc = store_query(s, &trans, err,
            /* in order, the same on every backend: by the framework of the level entered, then
             * of the level left (a crossing first), then the levels' order */
            "SELECT t.from_phase, t.to_phase, t.decider_role, t.recommender_role FROM phase_transitions t"
            "  JOIN phases pf ON pf.code = t.from_phase JOIN phases pt ON pt.code = t.to_phase"
            "  LEFT JOIN frameworks ft ON ft.code = pt.framework LEFT JOIN frameworks ff ON ff.code = pf.framework"
            " ORDER BY ft.position, ff.position, pf.level, pt.level", NULL);
    if (rc != 0) goto done;
    /* never a silent cut: a database holding more than the model can (a
     * restore or a hand edit past framework_from_json's checks) is an error
     * naming the table, not a model with some of its levels left out */
    if (json_array_size(fws) > FRAMEWORK_MAX)
        rc = ov_error_set(err, OV_EINTERNAL, "frameworks",
                          "frameworks: the database holds %zu monitoring frameworks; at most %d can be held",
                          json_array_size(fws), FRAMEWORK_MAX);
    else if (json_array_size(phases) > PHASE_MAX)
        rc = ov_error_set(err, OV_EINTERNAL, "phases",
                          "phases: the database holds %zu levels across its frameworks; at most %d can be held",
                          json_array_size(phases), PHASE_MAX);
    else if (json_array_size(trans) > PHASE_TRANSITION_MAX)
        rc = ov_error_set(err, OV_EINTERNAL, "phase_transitions",
                          "phase_transitions: the database holds %zu transitions; at most %d can be held",
                          json_array_size(trans), PHASE_TRANSITION_MAX);
    if (rc != 0) goto done;
    size_t i;
    json_t *row;
    json_array_foreach(fws, i, row) {
        framework_def_t *f = &m->frameworks[m->nframeworks++];
        if ((rc = model_text(f->code, sizeof f->code, row, "code", "frameworks", err)) != 0
            || (rc = model_text(f->name, sizeof f->name, row, "name", "frameworks", err)) != 0
            || (rc = model_text(f->description, sizeof f->description, row, "description", "frameworks", err)) != 0
            || (rc = model_text(f->succeeds, sizeof f->succeeds, row, "succeeds", "frameworks", err)) != 0
            || (rc = model_text(f->applies_to, sizeof f->applies_to, row, "applies_to", "frameworks", err)) != 0)
            goto done;
        if (framework_kinds_valid(f->applies_to) != 0) {
            rc = ov_error_set(err, OV_EINTERNAL, "applies_to",
                              "frameworks: the framework %s applies to '%s', which is not a list of kinds of body"
                              " (police, fire)", f->code, f->applies_to);
            goto done;
        }
        const char *from = jget_str(row, "in_force_from"), *to = jget_str(row, "in_force_to");
        f->has_from = from && date_parse(from, &f->in_force_from) == 0;
        f->has_to = to && date_parse(to, &f->in_force_to) == 0;
    }
    json_array_foreach(phases, i, row) {
        phase_def_t *p = &m->phases[m->nphases++];
        if ((rc = model_text(p->code, sizeof p->code, row, "code", "phases", err)) != 0
            || (rc = model_text(p->name, sizeof p->name, row, "name", "phases", err)) != 0
            || (rc = model_text(p->framework, sizeof p->framework, row, "framework", "phases", err)) != 0
            || (rc = model_text(p->description, sizeof p->description, row, "description", "phases", err)) != 0)
            goto done;
        p->level = (int)json_integer_value(json_object_get(row, "level"));
        p->is_default = (int)json_integer_value(json_object_get(row, "is_default"));
    }
    json_array_foreach(trans, i, row) {
        phase_transition_t *t = &m->transitions[m->ntransitions++];
        if ((rc = model_text(t->from, sizeof t->from, row, "from_phase", "phase_transitions", err)) != 0
            || (rc = model_text(t->to, sizeof t->to, row, "to_phase", "phase_transitions", err)) != 0
            || (rc = model_text(t->decider_role, sizeof t->decider_role, row, "decider_role", "phase_transitions", err)) != 0
            || (rc = model_text(t->recommender_role, sizeof t->recommender_role, row, "recommender_role",
                                "phase_transitions", err)) != 0)
            goto done;
    }
done:
    json_decref(fws);
    json_decref(phases);
    json_decref(trans);
    return rc;
}

int store_levels_json(store_t *s, json_t **out, ov_error_t *err)
{
    phase_model_t m;
    *out = NULL;
    int rc = store_phase_model(s, &m, err);
    if (rc != 0) return rc;
    json_t *o = json_object();
    for (int i = 0; o && i < m.nphases; i++) {
        const phase_def_t *p = &m.phases[i];
        if (json_object_set_new(o, p->code, json_pack("{s:s, s:i, s:s, s:b}", "name", p->name, "level", p->level,
                                                      "framework", p->framework, "default", p->is_default))) {
            json_decref(o);
            o = NULL;
        }
    }
    if (!o) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    *out = o;
    return 0;
}

int store_body_insert(store_t *s, const body_input_t *in, ov_error_t *err)
{
    int rc = rules_body_check(in, err);
    if (rc != 0) return rc;
    json_t *exists = NULL;
    rc = store_query_one(s, &exists, NULL, NULL, "SELECT id FROM bodies WHERE code = ?", "s", in->code);
    json_decref(exists);
    if (rc == 0) return ov_error_set(err, OV_ECONFLICT, "code", "a body with code '%s' already exists", in->code);
    store_tx_t tx;
    if ((rc = store_tx_begin(s, &tx, err)) != 0) return rc;
    long long id = 0;
    rc = store_exec(s, NULL, &id, err,
        "INSERT INTO bodies (code, name, kind, country, governance, local_policing_body, chief_officer_title, phase)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT code FROM phases WHERE is_default = 1))",
        "sssssss", in->code, in->name, in->kind, in->country ? in->country : "",
        in->governance ? in->governance : "", in->local_policing_body ? in->local_policing_body : "",
        in->chief_officer_title ? in->chief_officer_title : "");
    json_t *after = NULL;
    if (rc == 0) rc = store_audit_snapshot(s, "bodies", id, &after, err);
    if (rc == 0) rc = store_audit_append(s, "insert", "bodies", id, id, NULL, after, err);
    json_decref(after);
    return store_tx_end(s, &tx, rc, err);
}


int store_bodies_list(store_t *s, json_t **out, ov_error_t *err)
{
    return store_query(s, out, err, BODY_ROW_SELECT " ORDER BY b.name, b.code", NULL);
}

int store_bodies_page(store_t *s, const char *phase, const char *kind, long long limit, long long offset,
                      json_t **out, long long *total, ov_error_t *err)
{
    *out = NULL;
    *total = 0;
    /* national bodies are addressees, not monitored: listed only when asked
     * for, and never in a level */
    if (kind && strcmp(kind, BODY_KIND_NATIONAL) == 0) {
        if (!phase) return store_national_bodies_page(s, limit, offset, out, total, err);
        *out = json_array();
        return *out ? 0 : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    /* a NULL filter matches every row: COALESCE(NULL, col) = col (NULL
     * columns cannot occur: both are NOT NULL) */
    json_t *n = NULL;
    int rc = store_query_one(s, &n, err, "no count",
        "SELECT count(*) AS n FROM bodies b WHERE COALESCE(?, b.phase) = b.phase AND COALESCE(?, b.kind) = b.kind",
        "ss", phase, kind);
    if (rc != 0) return rc;
    *total = json_integer_value(json_object_get(n, "n"));
    json_decref(n);
    return store_query(s, out, err,
        BODY_ROW_SELECT
        " WHERE COALESCE(?, b.phase) = b.phase AND COALESCE(?, b.kind) = b.kind"
        " ORDER BY b.name, b.code LIMIT ? OFFSET ?",
        "ssii", phase, kind, limit < 0 ? 1000000000000LL : limit, offset);
}

/* Periods from decisions (oldest first): the first runs from the start of
 * records in the level the body was in before its first decision (that
 * decision's from_phase), or, with no decision, in its current level
 * (bodies.phase: the entry level it was added in); each decision starts the
 * next. */
static json_t *phase_periods(json_t *decisions, const char *current_phase)
{
    json_t *periods = json_array();
    const char *first = json_string_value(json_object_get(json_array_get(decisions, 0), "from_phase"));
    const char *phase = first ? first : current_phase ? current_phase : "";
    json_t *from = json_null();
    size_t i;
    json_t *d;
    json_array_foreach(decisions, i, d) {
        json_t *eff = json_object_get(d, "effective_on");
        json_array_append_new(periods, json_pack("{s:s, s:O, s:O}", "phase", phase, "from", from, "to", eff));
        json_decref(from);
        from = json_incref(eff);
        phase = json_string_value(json_object_get(d, "to_phase"));
    }
    json_array_append_new(periods, json_pack("{s:s, s:O, s:n}", "phase", phase, "from", from, "to"));
    json_decref(from);
    return periods;
}

int store_bodies_open_causes(store_t *s, const char *code, json_t **out, ov_error_t *err)
{
    return store_query(s, out, err,
                       "SELECT b.code, count(c.id) AS open_causes FROM bodies b"
                       " LEFT JOIN causes_of_concern c ON c.body_id = b.id"
                       " AND (c.status IS NULL OR c.status <> 'closed')"
                       " WHERE (?1 IS NULL OR b.code = ?1) GROUP BY b.code",
                       "s", code);
}

int store_body_name(store_t *s, const char *code, json_t **out, ov_error_t *err)
{
    char what[128];
    snprintf(what, sizeof what, "no body with code '%.64s'", code);
    return store_query_one(s, out, err, what, "SELECT code, name FROM bodies WHERE code = ?", "s", code);
}

int store_body_name_by_id(store_t *s, long long id, json_t **out, ov_error_t *err)
{
    return store_query_one(s, out, err, "no such body", "SELECT code, name FROM bodies WHERE id = ?", "i", id);
}

int store_decision_sources(json_t *decision)
{
    json_t *list = json_array();
    if (!list || json_object_set_new(decision, "sources", list) != 0) return -1;
    const char *text = json_string_value(json_object_get(decision, "source_url"));
    char sites[INPUT_URL_LIST_MAX][256];
    const char *cur = text, *line;
    size_t len, n = 0;
    while (n < INPUT_URL_LIST_MAX && (line = input_url_list_next(&cur, &len)) != NULL) {
        input_url_site(line, len, sites[n], sizeof sites[n]);
        json_t *src = json_pack("{s:s%}", "url", line, len);
        if (!src || json_array_append_new(list, src) != 0) return -1;
        n++;
    }
    /* a site that appears twice: number its links, so no two read the same */
    for (size_t i = 0; i < n; i++) {
        size_t same = 0, nth = 0;
        for (size_t k = 0; k < n; k++)
            if (strcmp(sites[k], sites[i]) == 0) {
                same++;
                if (k <= i) nth++;
            }
        char label[300];
        if (!sites[i][0]) snprintf(label, sizeof label, "Source %zu", i + 1);
        else if (same > 1) snprintf(label, sizeof label, "%.255s (%zu)", sites[i], nth);
        else snprintf(label, sizeof label, "%.255s", sites[i]);
        if (json_object_set_new(json_array_get(list, i), "label", json_string(label)) != 0) return -1;
    }
    return 0;
}

int store_body_get(store_t *s, const char *code, json_t **out, ov_error_t *err)
{
    json_t *body = NULL, *decisions = NULL;
    char what[160];
    snprintf(what, sizeof what, "no body with code '%.64s'", code);
    *out = NULL;
    int rc = store_query_one(s, &body, err, what,
        "SELECT b.id, b.code, b.name, b.kind, b.country, b.governance, b.local_policing_body,"
        "       b.chief_officer_title, b.phase, p.name AS phase_name, b.phase_since AS since, b.version"
        "  FROM bodies b JOIN phases p ON p.code = b.phase WHERE b.code = ?", "s", code);
    if (rc == OV_ENOTFOUND) {
        /* a national body: no level, no history */
        json_t *n = NULL;
        ov_error_t e2 = {0};
        if (store_query_one(s, &n, &e2, what,
                            "SELECT code, name, 'national' AS kind, description, url, retired_on, version"
                            " FROM national_bodies WHERE code = ?", "s", code) == 0) {
            *out = n;
            return 0;
        }
    }
    if (rc != 0) return rc;
    rc = store_query(s, &decisions, err,
        "SELECT id, from_phase, to_phase, recommended_by, decided_by, decided_on, effective_on,"
        "       rationale, meeting, source_url, recorded_at"
        "  FROM decisions WHERE body_id = ? ORDER BY effective_on, id",
        "i", (long long)json_integer_value(json_object_get(body, "id")));
    if (rc != 0) { json_decref(body); return rc; }
    size_t di;
    json_t *dr;
    json_array_foreach(decisions, di, dr) if (store_decision_sources(dr) != 0) {
        json_decref(body);
        json_decref(decisions);
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    /* each decision with its recorded corrections, never edited (store/corrections.h) */
    if ((rc = store_corrections_attach(s, "decisions", decisions, err)) != 0) {
        json_decref(body);
        json_decref(decisions);
        return rc;
    }
    json_object_set_new(body, "history", phase_periods(decisions, json_string_value(json_object_get(body, "phase"))));
    json_object_set_new(body, "decisions", decisions);
    rc = store_body_lineage(s, json_integer_value(json_object_get(body, "id")), body, err);
    if (rc != 0) { json_decref(body); return rc; }
    json_object_del(body, "id");
    *out = body;
    return 0;
}

int store_decision_record(store_t *s, const char *code, const decision_input_t *in,
                          const odate_t *today, long long expected_version,
                          json_t **created, ov_error_t *err)
{
    json_t *body = NULL, *before = NULL, *after = NULL;
    phase_model_t model;
    decision_checked_t ok;
    long long id = 0;
    char what[160], eff[DATE_TEXT_MAX], dec[DATE_TEXT_MAX];
    if (created) *created = NULL;
    snprintf(what, sizeof what, "no body with code '%.64s'", code);

    store_tx_t tx;
    int rc = store_tx_begin(s, &tx, err);
    if (rc != 0) return rc;
    rc = store_query_one(s, &body, err, what, "SELECT id, kind, phase, phase_since, version FROM bodies WHERE code = ?", "s", code);
    if (rc != 0) goto fail;
    long long body_id = json_integer_value(json_object_get(body, "id"));
    long long version = json_integer_value(json_object_get(body, "version"));
    if ((rc = store_body_writable(s, body_id, err)) != 0) goto fail;
    if (expected_version >= 0 && expected_version != version) {
        rc = ov_error_set(err, OV_ESTALE, "", "body '%s' has changed since it was read (version %lld, now %lld); reload and try again",
                          code, expected_version, version);
        goto fail;
    }
    if ((rc = store_phase_model(s, &model, err)) != 0) goto fail;
    body_phase_state_t state = {json_string_value(json_object_get(body, "phase")), {0, 0, 0, 0}, 0,
                                json_string_value(json_object_get(body, "kind"))};
    const char *since = json_string_value(json_object_get(body, "phase_since"));
    if (since && date_parse(since, &state.last_change) == 0) state.has_last_change = 1;
    if ((rc = rules_decision_check(&model, &state, in, today, &ok, err)) != 0) goto fail;
    date_format(&ok.effective_on, eff);
    date_format(&ok.decided_on, dec);
    rc = store_exec(s, NULL, &id, err,
        "INSERT INTO decisions (body_id, from_phase, to_phase, recommended_by, decided_by, decided_on,"
        " effective_on, rationale, meeting, source_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        "isssssssss", body_id, ok.from->code, ok.to->code,
        in->recommended_by && *in->recommended_by ? in->recommended_by : NULL, in->decided_by, dec, eff,
        in->rationale, in->meeting && *in->meeting ? in->meeting : NULL,
        in->source_url && *in->source_url ? in->source_url : NULL);
    if (rc != 0) goto fail;
    if ((rc = store_audit_snapshot(s, "decisions", id, &after, err)) != 0
        || (rc = store_audit_append(s, "insert", "decisions", id, body_id, NULL, after, err)) != 0)
        goto fail;
    json_decref(after);
    after = NULL;
    if ((rc = store_audit_snapshot(s, "bodies", body_id, &before, err)) != 0) goto fail;
    rc = store_exec(s, NULL, NULL, err,
        "UPDATE bodies SET phase = ?, phase_since = ?, version = version + 1 WHERE id = ?",
        "ssi", ok.to->code, eff, body_id);
    if (rc != 0) goto fail;
    if ((rc = store_audit_snapshot(s, "bodies", body_id, &after, err)) != 0
        || (rc = store_audit_append(s, "phase_change", "bodies", body_id, body_id, before, after, err)) != 0)
        goto fail;
    if (created) {
        rc = store_query_one(s, created, err, "decision vanished",
            "SELECT d.id, b.code AS body, d.from_phase, d.to_phase, d.recommended_by, d.decided_by,"
            "       d.decided_on, d.effective_on, d.rationale, d.meeting, d.source_url, d.recorded_at,"
            "       b.version AS body_version"
            "  FROM decisions d JOIN bodies b ON b.id = d.body_id WHERE d.id = ?", "i", id);
        if (rc == 0 && store_decision_sources(*created) != 0) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        if (rc != 0) goto fail;
    }
    if ((rc = store_tx_end(s, &tx, 0, err)) != 0) goto fail;
    json_decref(body);
    json_decref(before);
    json_decref(after);
    return 0;
fail:
    store_tx_end(s, &tx, rc, err);   /* a no-op once committed */
    json_decref(body);
    json_decref(before);
    json_decref(after);
    if (created && *created) { json_decref(*created); *created = NULL; }
    return rc;
}
