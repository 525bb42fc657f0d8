/*
 * reports.c: checking a many-body report and changing a national part
 * (app/reports.h).
 */
#include "app/reports.h"
#include "store/reports.h"
#include "core/addressees.h"
#include "core/date.h"
#include "core/jget.h"
#include <stdio.h>
#include <string.h>

static const char *const REPORT_KEYS[] = {"title", "kind", "coverage", "published_on", "url", "summary", "bodies",
                                          "recommendations", NULL};
static const char *const REC_KEYS[] = {"number", "text", "addressed_to", "deadline", "addressees", NULL};

static int known(const char *k, const char *const *keys)
{
    for (; *keys; keys++)
        if (strcmp(k, *keys) == 0) return 1;
    return 0;
}

/* Member key of o, at path prefix: a string of 1..max characters (required
 * or not). */
static int text(const json_t *o, const char *prefix, const char *key, int required, size_t max, ov_error_t *err)
{
    char field[96];
    snprintf(field, sizeof field, "%s%s", prefix, key);
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        if (required) return ov_error_set(err, OV_EINVALID, field, "%s is required", key);
        return 0;
    }
    const char *s = json_string_value(v);
    if (!s) return ov_error_set(err, OV_EINVALID, field, "%s must be text", key);
    size_t n = strlen(s);
    if (required && strspn(s, " \t\r\n") == n) return ov_error_set(err, OV_EINVALID, field, "%s is required", key);
    if (n > max) return ov_error_set(err, OV_EINVALID, field, "%s is longer than %zu characters", key, max);
    return 0;
}

/* o's keys all in keys. */
static int only(const json_t *o, const char *prefix, const char *const *keys, ov_error_t *err)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)o, k, v) {
        (void)v;
        if (!known(k, keys)) return ov_error_set(err, OV_EINVALID, k[0] ? k : prefix, "unknown field %s%s", prefix, k);
    }
    return 0;
}

/* A list of codes (strings) at field, at least one. */
static int codes(const json_t *list, const char *field, ov_error_t *err)
{
    if (!json_is_array(list) || json_array_size(list) == 0)
        return ov_error_set(err, OV_EINVALID, field, "%s must be a list of one or more body codes", field);
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c) {
        const char *s = json_string_value(c);
        if (!s || !*s || strlen(s) > 64) {
            char f[96];
            snprintf(f, sizeof f, "%s[%zu]", field, i);
            return ov_error_set(err, OV_EINVALID, f, "each of %s must be a body code", field);
        }
    }
    return 0;
}

/* One recommendation r (an object), its fields named from prefix
 * ("recommendations[1]." or ""). */
static int check_rec(const json_t *r, const char *prefix, ov_error_t *err)
{
    char field[96];
    odate_t d;
    int rc = only(r, prefix, REC_KEYS, err);
    if (rc == 0) rc = text(r, prefix, "number", 1, 20, err);
    if (rc == 0) rc = text(r, prefix, "text", 1, 20000, err);
    if (rc == 0) rc = text(r, prefix, "addressed_to", 1, 500, err);
    if (rc == 0) rc = text(r, prefix, "deadline", 0, 10, err);
    const char *deadline = jget_nonempty(r, "deadline");
    snprintf(field, sizeof field, "%sdeadline", prefix);
    if (rc == 0 && deadline && date_parse(deadline, &d) != 0)
        rc = ov_error_set(err, OV_EINVALID, field, "deadline must be a date, YYYY, YYYY-MM or YYYY-MM-DD");
    snprintf(field, sizeof field, "%saddressees", prefix);
    if (rc == 0) rc = codes(json_object_get(r, "addressees"), field, err);
    return rc;
}

int app_report_check(const json_t *in, ov_error_t *err)
{
    if (!json_is_object(in)) return ov_error_set(err, OV_EINVALID, "", "a report is a JSON object");
    int rc = only(in, "", REPORT_KEYS, err);
    if (rc == 0) rc = text(in, "", "title", 1, 500, err);
    if (rc == 0) rc = text(in, "", "kind", 1, 20, err);
    if (rc == 0 && !rules_report_kind_ok(jget_str(in, "kind")))
        rc = ov_error_set(err, OV_EINVALID, "kind", "kind must be thematic, national or joint");
    if (rc == 0) rc = text(in, "", "coverage", 1, 20, err);
    if (rc == 0 && !rules_report_coverage_ok(jget_str(in, "coverage")))
        rc = ov_error_set(err, OV_EINVALID, "coverage", "coverage must be several, all_police, all_fire or all");
    odate_t d;
    if (rc == 0) rc = text(in, "", "published_on", 1, 10, err);
    if (rc == 0 && date_parse_day(jget_str(in, "published_on"), &d) != 0)
        rc = ov_error_set(err, OV_EINVALID, "published_on", "published_on must be a day, YYYY-MM-DD");
    if (rc == 0) rc = text(in, "", "url", 0, 2000, err);
    const char *url = jget_nonempty(in, "url");
    if (rc == 0 && url && strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0)
        rc = ov_error_set(err, OV_EINVALID, "url", "url must be an http(s) address");
    if (rc == 0) rc = text(in, "", "summary", 0, 20000, err);
    json_t *bodies = json_object_get(in, "bodies");
    if (rc == 0 && (bodies || strcmp(jget_str(in, "coverage"), "several") == 0)) rc = codes(bodies, "bodies", err);
    json_t *recs = json_object_get(in, "recommendations");
    if (rc == 0 && recs && !json_is_array(recs))
        rc = ov_error_set(err, OV_EINVALID, "recommendations", "recommendations must be a list");
    size_t i, j;
    json_t *r, *other;
    json_array_foreach(recs, i, r) {
        if (rc) break;
        char prefix[64], field[96];
        snprintf(prefix, sizeof prefix, "recommendations[%zu].", i);
        if (!json_is_object(r)) {
            snprintf(field, sizeof field, "recommendations[%zu]", i);
            rc = ov_error_set(err, OV_EINVALID, field, "each recommendation is an object");
            break;
        }
        rc = check_rec(r, prefix, err);
        json_array_foreach(recs, j, other) {
            if (rc || j >= i) break;
            if (strcmp(jget_text(other, "number"), jget_text(r, "number")) == 0) {
                snprintf(field, sizeof field, "%snumber", prefix);
                rc = ov_error_set(err, OV_EINVALID, field, "recommendation %s is numbered twice", jget_text(r, "number"));
            }
        }
    }
    return rc;
}

int app_report_create(store_t *s, const json_t *in, const char *by, long long *id, ov_error_t *err)
{
    *id = 0;
    int rc = app_report_check(in, err);
    return rc ? rc : store_report_create(s, in, by, id, err);
}

int app_report_recommendation_add(store_t *s, long long report_id, long long expected_version, const json_t *in,
                                  const char *by, long long *shared_id, ov_error_t *err)
{
    *shared_id = 0;
    if (!json_is_object(in)) return ov_error_set(err, OV_EINVALID, "", "a recommendation is a JSON object");
    int rc = check_rec(in, "", err);
    return rc ? rc : store_report_recommendation_add(s, report_id, expected_version, in, by, shared_id, err);
}

int app_national_part_change(store_t *s, long long id, long long expected_version, const json_t *in, int closing,
                             const char *by, ov_error_t *err)
{
    static const char *const STATUS_KEYS[] = {"to", "on", "acceptance", "deadline", "note", NULL};
    static const char *const CLOSE_KEYS[] = {"on", "outcome", "reason", NULL};
    if (!json_is_object(in)) return ov_error_set(err, OV_EINVALID, "", "a JSON object is expected");
    int rc = only(in, "", closing ? CLOSE_KEYS : STATUS_KEYS, err);
    const char *const *k;
    for (k = closing ? CLOSE_KEYS : STATUS_KEYS; rc == 0 && *k; k++)
        rc = text(in, "", *k, strcmp(*k, "on") == 0 || (!closing && strcmp(*k, "to") == 0), 2000, err);
    odate_t d;
    const char *deadline = jget_nonempty(in, "deadline");
    if (rc == 0 && deadline && date_parse(deadline, &d) != 0)
        rc = ov_error_set(err, OV_EINVALID, "deadline", "deadline must be a date, YYYY, YYYY-MM or YYYY-MM-DD");
    if (rc == 0 && !closing && strcmp(jget_text(in, "to"), "closed") == 0)
        rc = ov_error_set(err, OV_EINVALID, "to", "close a part with its outcome and reason (/close)");
    if (rc) return rc;
    store_part_change_t c = {closing ? "closed" : jget_str(in, "to"), jget_str(in, "on"), jget_nonempty(in, "acceptance"),
                             deadline, jget_nonempty(in, "outcome"), jget_str(in, "reason"),
                             jget_nonempty(in, "note")};
    return store_national_part_change(s, id, expected_version, &c, by, err);
}
