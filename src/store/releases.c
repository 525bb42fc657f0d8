/*
 * releases.c: news release rows, edits, quotes and workflow transitions
 * (see releases.h).
 */
#include "store/releases.h"
#include "store/entity.h"
#include "store/audit.h"
#include "store/publication.h"
#include "core/buf.h"
#include "core/approval.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int store_release_get(store_t *s, long long id, json_t **out, ov_error_t *err)
{
    const entity_def_t *e = entity_find("releases");
    if (!e) return ov_error_set(err, OV_EINTERNAL, "", "the releases entity is not defined");
    int rc = store_entity_get(s, e, id, 0, out, err);
    if (rc == OV_ENOTFOUND) return ov_error_set(err, OV_ENOTFOUND, "", "no news release with id %lld", id);
    return rc;
}

int store_release_head(store_t *s, long long id, json_t **out, ov_error_t *err)
{
    int rc = store_query_one(s, out, err, "news release",
                             "SELECT b.code AS body, r.status, r.published_on, r.letter_id"
                             " FROM releases r JOIN bodies b ON b.id = r.body_id WHERE r.id = ?",
                             "i", id);
    if (rc == OV_ENOTFOUND) return ov_error_set(err, OV_ENOTFOUND, "", "no news release with id %lld", id);
    return rc;
}

int store_releases_list(store_t *s, const char *body, const char *public_on, json_t **out, ov_error_t *err)
{
    buf_t q = BUF_INIT;
    buf_puts(&q, "SELECT r.id, b.code AS body, b.name AS body_name, r.status, r.published_on, r.letter_id,"
                 " r.decision_id, r.created_by, r.approved_by, r.published_by, r.version, r.content"
                 " FROM releases r JOIN bodies b ON b.id = r.body_id"
                 " WHERE (?1 IS NULL OR b.code = ?1) AND (?2 IS NULL OR ");
    store_publication_where(&q, "releases", "r", "?2");
    buf_puts(&q, ") ORDER BY COALESCE(r.published_on, '') DESC, r.id DESC LIMIT 1000");
    int rc = q.failed ? ov_error_set(err, OV_EINTERNAL, "", "out of memory")
                      : store_query(s, out, err, q.data, "ss", body, public_on);
    buf_free(&q);
    return rc;
}

int store_release_edits(store_t *s, long long id, json_t **out, ov_error_t *err)
{
    return store_query(s, out, err,
                       "SELECT id, block, text, reason, edited_by, edited_at FROM release_edits"
                       " WHERE release_id = ? ORDER BY id",
                       "i", id);
}

int store_release_quotes(store_t *s, long long id, json_t **out, ov_error_t *err)
{
    return store_query(s, out, err,
                       "SELECT id, position, speaker, speaker_title, text, source, version FROM release_quotes"
                       " WHERE release_id = ? ORDER BY position, id",
                       "i", id);
}

int store_release_editors(store_t *s, long long id, json_t **out, ov_error_t *err)
{
    json_t *rows = NULL;
    *out = NULL;
    int rc = store_query(s, &rows, err,
                         "SELECT DISTINCT actor FROM audit_log WHERE action IN ('insert', 'update') AND ("
                         "(entity = 'releases' AND entity_id = ?1)"
                         " OR (entity = 'release-edits' AND entity_id IN (SELECT id FROM release_edits WHERE release_id = ?1))"
                         " OR (entity = 'release-quotes' AND entity_id IN (SELECT id FROM release_quotes WHERE release_id = ?1)))"
                         " ORDER BY actor",
                         "i", id);
    if (rc) return rc;
    json_t *names = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) json_array_append(names, json_object_get(r, "actor"));
    json_decref(rows);
    *out = names;
    return names ? 0 : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
}

int store_release_body_country(store_t *s, const char *code, char *out, size_t n, ov_error_t *err)
{
    json_t *row = NULL;
    out[0] = '\0';
    int rc = store_query_one(s, &row, err, "body", "SELECT country FROM bodies WHERE code = ?", "s", code);
    if (rc == OV_ENOTFOUND) return ov_error_set(err, OV_ENOTFOUND, "body", "no body with code '%s'", code);
    if (rc) return rc;
    const char *c = json_string_value(json_object_get(row, "country"));
    snprintf(out, n, "%s", c ? c : "");
    json_decref(row);
    return 0;
}

/* The strings of array a as a NULL-terminated array borrowing them. */
static const char **string_list(const json_t *a)
{
    size_t n = json_array_size(a);
    const char **list = calloc(n + 1, sizeof *list);
    for (size_t i = 0; list && i < n; i++) list[i] = json_string_value(json_array_get(a, i));
    return list;
}

int store_release_transition(store_t *s, long long id, long long expected_version, const char *from, const char *to,
                             const char *content, const char *by, ov_error_t *err)
{
    store_tx_t tx;
    int rc = store_tx_begin(s, &tx, err);
    if (rc) return rc;
    json_t *row = NULL, *before = NULL, *after = NULL, *editors = NULL;
    const char **edited_by = NULL;   /* borrows the strings of editors */
    rc = store_query_one(s, &row, err, "news release", "SELECT status, version, created_by FROM releases WHERE id = ?",
                         "i", id);
    if (rc == OV_ENOTFOUND) rc = ov_error_set(err, OV_ENOTFOUND, "", "no news release with id %lld", id);
    if (rc == 0) rc = store_audit_snapshot(s, "releases", id, &before, err);
    const char *status = rc ? NULL : json_string_value(json_object_get(row, "status"));
    long long version = rc ? 0 : json_integer_value(json_object_get(row, "version"));
    if (rc == 0 && expected_version >= 0 && version != expected_version)
        rc = ov_error_set(err, OV_ESTALE, "If-Match",
                          "the news release changed since version %lld (now version %lld); reload it",
                          expected_version, version);
    if (rc == 0 && strcmp(status, from) != 0)
        rc = ov_error_set(err, OV_ECONFLICT, "status", "the news release is %s; only a %s release can become %s",
                          status, from, to);
    int approving = rc == 0 && strcmp(to, "approved") == 0;
    /* the four-eyes rule: who drafted it, edited a block or entered a quote
     * does not approve it */
    if (approving) rc = store_release_editors(s, id, &editors, err);
    if (approving && rc == 0 && !(edited_by = string_list(editors)))
        rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    if (approving && rc == 0)
        rc = approval_check_four_eyes(json_string_value(json_object_get(row, "created_by")), edited_by, by, err);
    long long changed = 0;
    if (rc == 0 && approving)
        rc = store_exec(s, &changed, NULL, err,
                        "UPDATE releases SET status = ?, content = COALESCE(?, content), approved_by = ?,"
                        " approved_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), version = version + 1"
                        " WHERE id = ? AND version = ? AND status = ?",
                        "sssiis", to, content, by, id, version, from);
    else if (rc == 0 && strcmp(to, "published") == 0)
        rc = store_exec(s, &changed, NULL, err,
                        "UPDATE releases SET status = ?, published_by = ?,"
                        " published_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), version = version + 1"
                        " WHERE id = ? AND version = ? AND status = ?",
                        "ssiis", to, by, id, version, from);
    else if (rc == 0)
        rc = ov_error_set(err, OV_EINVALID, "status", "a news release cannot become %s", to);
    if (rc == 0 && changed != 1)
        rc = ov_error_set(err, OV_ESTALE, "If-Match", "the news release changed meanwhile; reload it");
    if (rc == 0) rc = store_audit_snapshot(s, "releases", id, &after, err);
    if (rc == 0) rc = store_audit_append(s, to, "releases", id, 0, before, after, err);
    json_decref(after);
    json_decref(before);
    json_decref(row);
    free(edited_by);
    json_decref(editors);
    return store_tx_end(s, &tx, rc, err);
}

int store_releases_loaded_drafts(store_t *s, const char *today, json_t **out, ov_error_t *err)
{
    *out = NULL;
    return store_query(s, out, err,
                       "SELECT id FROM releases WHERE status = 'draft' AND published_on IS NOT NULL"
                       " AND (?1 IS NULL OR published_on <= ?1) ORDER BY id",
                       "s", today);
}
