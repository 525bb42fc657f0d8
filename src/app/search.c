/*
 * search.c: the search the page and the API share (search.h). The store
 * finds the items (the full-text match, the filters it can say in SQL and
 * the publication rule); the date range, "overdue", the order, the pages
 * and the highlighting are done here, on the items found, the same way
 * whichever database found them.
 */
#include "app/search.h"
#include "store/pool.h"
#include "store/search.h"
#include "store/themes.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/jget.h"
#include "core/record.h"
#include "core/roles.h"
#include "core/search.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SNIPPET_MAX 240   /* bytes of text shown around the first match */

void app_search_args(http_request_t *req, app_search_args_t *a)
{
    a->q = http_request_query(req, "q");
    a->body = http_request_query(req, "body");
    a->kind = http_request_query(req, "kind");
    a->type = http_request_query(req, "type");
    a->status = http_request_query(req, "status");
    a->overdue = http_request_query(req, "overdue");
    a->theme = http_request_query(req, "theme");
    a->priority = http_request_query(req, "priority");
    a->from = http_request_query(req, "from");
    a->to = http_request_query(req, "to");
    a->sort = http_request_query(req, "sort");
    a->page = http_request_query(req, "page");
    a->per_page = http_request_query(req, "per_page");
}

static const char *given(const char *s)
{
    return s && *s ? s : NULL;
}

/* s is one of the NULL-terminated list; else OV_EINVALID on field. */
static int one_of(const char *s, const char *const *list, const char *field, ov_error_t *err)
{
    buf_t words = BUF_INIT;
    for (const char *const *v = list; *v; v++) {
        if (strcmp(s, *v) == 0) {
            buf_free(&words);
            return 0;
        }
        buf_printf(&words, "%s%s", v == list ? "" : ", ", *v);
    }
    int rc = ov_error_set(err, OV_EINVALID, field, "%s must be one of: %s", field, words.data ? words.data : "");
    buf_free(&words);
    return rc;
}

/* A whole number 1..max in s; else OV_EINVALID on field. */
static int whole(const char *s, long max, const char *field, long *out, ov_error_t *err)
{
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (!*s || *end || s[0] == '-' || s[0] == '+' || s[0] == ' ' || v < 1 || v > max)
        return ov_error_set(err, OV_EINVALID, field, "%s must be a whole number from 1 to %ld", field, max);
    *out = v;
    return 0;
}

typedef struct {
    json_t *row;       /* borrowed from the store's rows */
    long score;
    odate_t first, last;
    int dated;
    int rank;          /* recommendation, cause, letter, decision */
    long long id;
} hit_t;

static int rank_of(const char *kind)
{
    static const char *const kinds[] = {"recommendation", "cause", "letter", "decision"};
    for (int i = 0; i < 4; i++)
        if (kind && strcmp(kind, kinds[i]) == 0) return i;
    return 4;
}

/* Newest first, undated last, then by kind and id: the same order on
 * every database. */
static int by_date(const hit_t *a, const hit_t *b)
{
    if (a->dated != b->dated) return a->dated ? -1 : 1;
    int c = a->dated ? date_compare(&b->first, &a->first) : 0;
    if (c) return c;
    if (a->rank != b->rank) return a->rank - b->rank;
    return a->id < b->id ? -1 : a->id > b->id;
}

static int cmp_date(const void *x, const void *y)
{
    return by_date(x, y);
}

static int cmp_relevance(const void *x, const void *y)
{
    const hit_t *a = x, *b = y;
    if (a->score != b->score) return a->score > b->score ? -1 : 1;
    return by_date(a, b);
}

static const char *type_label(int rank)
{
    static const char *const labels[] = {"Recommendation", "Cause of concern", "Letter", "Phase decision", "Item"};
    return labels[rank < 0 || rank > 4 ? 4 : rank];
}

/* A result's status in words; a recommendation's or a cause's (rank 0, 1)
 * as the public reads it, from the outcome recorded at closing
 * (core/record.h). */
static const char *status_text(int rank, const char *status, const char *outcome)
{
    if (!status) return NULL;
    if (rank == 0 || rank == 1) return record_rec_public_status(status, outcome, NULL);
    if (strcmp(status, "in_progress") == 0) return "in progress";
    if (strcmp(status, "draft") == 0) return "draft (not published)";
    if (strcmp(status, "approved") == 0) return "approved (not yet published)";
    return status;
}

/* One result for the page and the API: a new object. */
static json_t *result(const hit_t *h, const search_terms_t *terms, int overdue)
{
    const json_t *r = h->row;
    const char *kind = jget_str(r, "kind"), *title = jget_str(r, "title"), *code = jget_str(r, "body");
    char url[200], fallback[160];
    if (h->rank == 0) snprintf(url, sizeof url, "/recommendations/%lld", h->id);
    else if (h->rank == 1) snprintf(url, sizeof url, "/causes-of-concern/%lld", h->id);
    else if (h->rank == 2) snprintf(url, sizeof url, "/letters/%lld.html", h->id);
    else snprintf(url, sizeof url, "/bodies/%s", code ? code : "");
    if (!title || !*title) {
        /* named by what it says, never by the database's id */
        const char *text = jget_str(r, "text");
        size_t cut = text ? strlen(text) : 0;
        if (cut > 80) {
            cut = 80;
            while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80) cut--;   /* not inside a UTF-8 sequence */
        }
        if (cut) snprintf(fallback, sizeof fallback, "%s: %.*s%s", type_label(h->rank), (int)cut, text,
                          cut < strlen(text) ? "\u2026" : "");
        else snprintf(fallback, sizeof fallback, "%s", type_label(h->rank));
        title = fallback;
    }
    json_t *snippet = search_snippet(terms, jget_str(r, "text"), SNIPPET_MAX);
    buf_t excerpt = BUF_INIT;
    search_snippet_text(snippet, &excerpt);
    json_t *o = json_pack("{s:s, s:s, s:I, s:s, s:s, s:o, s:o, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?,"
                          " s:b, s:I}",
                          "type", kind ? kind : "", "type_label", type_label(h->rank), "id", (json_int_t)h->id, "url",
                          url, "title", title, "title_parts", search_snippet(terms, title, 0), "snippet",
                          snippet ? snippet : json_array(), "excerpt", excerpt.data ? excerpt.data : "", "body", code,
                          "body_name", jget_str(r, "body_name"), "body_kind", jget_str(r, "body_kind"), "date",
                          jget_str(r, "on_date"), "status", jget_str(r, "status"), "status_text",
                          status_text(h->rank, jget_str(r, "status"), jget_str(r, "outcome")), "deadline", jget_str(r, "deadline"), "overdue",
                          overdue, "score", (json_int_t)h->score);
    /* the priority flag (sql/017) of a recommendation or cause; null for the others */
    json_t *p = json_object_get(r, "priority");
    if (json_is_string(p)) p = json_integer(atoll(json_string_value(p)));   /* PostgreSQL's bigint as text */
    else p = json_incref(p);
    json_object_set_new(o, "priority", json_is_integer(p) ? json_boolean(json_integer_value(p) != 0) : json_null());
    json_decref(p);
    buf_free(&excerpt);
    return o;
}

/* 1 if recommendation row r is past its current deadline on today and not
 * implemented or closed (a deadline given as a month is past once the
 * month is over). */
static int is_overdue(const json_t *r, const odate_t *today)
{
    const char *kind = jget_str(r, "kind"), *status = jget_str(r, "status"), *deadline = jget_str(r, "deadline");
    odate_t due;
    if (!kind || strcmp(kind, "recommendation") != 0 || !status || !deadline) return 0;
    if (strcmp(status, "open") != 0 && strcmp(status, "in_progress") != 0) return 0;
    if (date_parse(deadline, &due) != 0) return 0;
    odate_t last = date_last_day(&due);
    return date_compare(&last, today) < 0;
}

int app_search(app_t *app, const app_actor_t *actor, const app_search_args_t *a, int all, json_t **out,
               ov_error_t *err)
{
    static const char *const KINDS[] = {"police", "fire", NULL};
    static const char *const TYPES[] = {"recommendation", "cause", "letter", "decision", NULL};
    static const char *const STATUSES[] = {"open", "in_progress", "implemented", "closed", NULL};
    static const char *const SORTS[] = {"relevance", "date", NULL};
    static const char *const YES[] = {"1", "true", "yes", "on", NULL};
    static const char *const NO[] = {"0", "false", "no", "off", NULL};
    *out = NULL;
    search_terms_t terms;
    int rc = search_terms_parse(given(a->q), &terms, err);
    const char *body = given(a->body), *kind = given(a->kind), *type = given(a->type), *status = given(a->status),
               *sort = given(a->sort);
    if (rc == 0 && body && (strlen(body) > 64 || strspn(body, "abcdefghijklmnopqrstuvwxyz0123456789-_") != strlen(body)))
        rc = ov_error_set(err, OV_EINVALID, "body", "body must be a body's code, e.g. met");
    if (rc == 0 && kind) rc = one_of(kind, KINDS, "kind", err);
    if (rc == 0 && type) rc = one_of(type, TYPES, "type", err);
    if (rc == 0 && status) rc = one_of(status, STATUSES, "status", err);
    if (rc == 0 && sort) rc = one_of(sort, SORTS, "sort", err);
    int overdue = 0;
    if (rc == 0 && given(a->overdue)) {
        ov_error_t ignored = {0};
        if (one_of(a->overdue, YES, "overdue", &ignored) == 0) overdue = 1;
        else if (one_of(a->overdue, NO, "overdue", &ignored) != 0)
            rc = ov_error_set(err, OV_EINVALID, "overdue", "overdue must be 1 (only overdue recommendations) or 0");
    }
    odate_t from = {0}, to = {0};
    if (rc == 0 && given(a->from) && date_parse_day(a->from, &from) != 0)
        rc = ov_error_set(err, OV_EINVALID, "from", "from must be a day, YYYY-MM-DD");
    if (rc == 0 && given(a->to) && date_parse_day(a->to, &to) != 0)
        rc = ov_error_set(err, OV_EINVALID, "to", "to must be a day, YYYY-MM-DD");
    if (rc == 0 && given(a->from) && given(a->to) && date_compare(&from, &to) > 0)
        rc = ov_error_set(err, OV_EINVALID, "to", "to must not be before from");
    long page = 1, per_page = APP_SEARCH_PER_PAGE;
    if (rc == 0 && given(a->page)) rc = whole(a->page, 100000, "page", &page, err);
    if (rc == 0 && given(a->per_page)) rc = whole(a->per_page, APP_SEARCH_PER_PAGE_MAX, "per_page", &per_page, err);
    int priority = 0;
    if (rc == 0 && given(a->priority)) {
        ov_error_t ignored = {0};
        if (one_of(a->priority, YES, "priority", &ignored) == 0) priority = 1;
        else if (one_of(a->priority, NO, "priority", &ignored) != 0)
            rc = ov_error_set(err, OV_EINVALID, "priority", "priority must be 1 (only priorities) or 0");
    }
    const char *theme = given(a->theme);
    if (rc == 0 && theme && (strlen(theme) > 40 || strspn(theme, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(theme)))
        rc = ov_error_set(err, OV_EINVALID, "theme", "theme must be the code of a theme (GET /api/v1/themes)");
    if (rc) return rc;
    if (!sort) sort = terms.n ? "relevance" : "date";

    /* the caller's view: staff everything; a body's users their own
     * record as well; everyone else what is public (store/publication.h) */
    char today[DATE_TEXT_MAX];
    app_today_text(app, today);
    odate_t day = app_today(app);
    int staff = actor->user_id != 0 && roles_allows(actor->role, PERM_READ_RECORD, actor->body, NULL);
    int own = !staff && actor->user_id != 0 && actor->body[0]
              && roles_allows(actor->role, PERM_READ_RECORD, actor->body, actor->body);
    store_search_filter_t f = {body, kind, type, status, staff ? NULL : today, own ? actor->body : NULL, theme,
                               priority};

    json_t *rows = NULL;
    store_t *s = store_pool_acquire(app->pool);
    if (!s) return ov_error_set(err, OV_EINTERNAL, "", "no database connection");
    if (body && (rc = store_search_body_known(s, body, err)) == OV_ENOTFOUND)
        rc = ov_error_set(err, OV_EINVALID, "body", "there is no body with the code %s", body);
    if (rc == 0 && theme) {
        int known = store_theme_known(s, theme, err);
        if (known == 0) rc = ov_error_set(err, OV_EINVALID, "theme", "there is no theme with the code %s", theme);
        else if (known < 0) rc = known;
    }
    if (rc == 0) rc = store_search(s, &terms, &f, &rows, err);
    store_pool_release(app->pool, s);
    if (rc) return rc;

    size_t n = json_array_size(rows), kept = 0;
    int more = n > STORE_SEARCH_CAP;
    if (more) n = STORE_SEARCH_CAP;
    hit_t *hits = calloc(n ? n : 1, sizeof *hits);
    if (!hits) {
        json_decref(rows);
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_array_get(rows, i);
        if (overdue && !is_overdue(r, &day)) continue;
        hit_t h = {r, 0, {0}, {0}, 0, rank_of(jget_str(r, "kind")), json_integer_value(json_object_get(r, "id"))};
        odate_t d;
        const char *on = jget_str(r, "on_date");
        if (on && date_parse(on, &d) == 0) {
            h.dated = 1;
            h.first = date_first_day(&d);
            h.last = date_last_day(&d);
        }
        /* the date range: items whose date (a day, month or year) meets it */
        if (given(a->from) && (!h.dated || date_compare(&h.last, &from) < 0)) continue;
        if (given(a->to) && (!h.dated || date_compare(&h.first, &to) > 0)) continue;
        h.score = search_score(&terms, jget_str(r, "title"), jget_str(r, "text"));
        hits[kept++] = h;
    }
    qsort(hits, kept, sizeof *hits, strcmp(sort, "relevance") == 0 ? cmp_relevance : cmp_date);
    long pages = kept ? (long)((kept + (size_t)per_page - 1) / (size_t)per_page) : 1;
    if (!all && page > pages) {
        free(hits);
        json_decref(rows);
        return ov_error_set(err, OV_EINVALID, "page", "page %ld is past the last page of results (%ld)", page, pages);
    }
    size_t first = all ? 0 : (size_t)(page - 1) * (size_t)per_page;
    size_t last = all ? kept : first + (size_t)per_page < kept ? first + (size_t)per_page : kept;
    json_t *results = json_array();
    for (size_t i = first; i < last; i++)
        json_array_append_new(results, result(&hits[i], &terms, is_overdue(hits[i].row, &day)));
    free(hits);
    json_decref(rows);
    json_t *query = json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:b, s:s?, s:b, s:s?, s:s?, s:s, s:I, s:I}", "q",
                              given(a->q) ? a->q : "", "body", body, "kind", kind, "type", type, "status", status,
                              "overdue", overdue, "theme", theme, "priority", priority, "from", given(a->from), "to",
                              given(a->to), "sort", sort, "page", (json_int_t)page, "per_page", (json_int_t)per_page);
    *out = json_pack("{s:o, s:I, s:I, s:b, s:o}", "query", query, "total", (json_int_t)kept, "pages",
                     (json_int_t)pages, "more", more, "results", results);
    if (!*out) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    return 0;
}

int app_search_csv(const json_t *found, buf_t *out)
{
    static const char *const COLS[] = {"type", "id", "url", "title", "body", "body_name", "body_kind", "date",
                                       "status", "deadline", "overdue", "priority", "excerpt", NULL};
    for (const char *const *c = COLS; *c; c++) {
        if (c != COLS) buf_putc(out, ',');
        csv_write_field(out, *c);
    }
    buf_puts(out, "\r\n");
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(found, "results"), i, r) {
        for (const char *const *c = COLS; *c; c++) {
            if (c != COLS) buf_putc(out, ',');
            json_t *v = json_object_get(r, *c);
            if (json_is_integer(v)) buf_printf(out, "%lld", (long long)json_integer_value(v));
            else if (json_is_boolean(v)) buf_puts(out, json_is_true(v) ? "true" : "false");
            else if (json_is_string(v)) csv_write_text(out, json_string_value(v));
        }
        buf_puts(out, "\r\n");
    }
    return out->failed ? -1 : 0;
}
