/*
 * reasoning.c: what the record says, via core/rules.h: readiness to return
 * to Scan, Engage candidates, deadlines; and the whole record of a body.
 */
#include "api/record.h"
#include "app/lifecycle.h"
#include "core/roles.h"
#include "core/rules.h"
#include "store/snapshot.h"
#include "store/candidate_keep.h"
#include "store/deadlines.h"
#include "store/deadline_keep.h"
#include "store/cache.h"
#include "store/pool.h"
#include "core/jw.h"
#include "store/bodies.h"
#include "store/pcc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* /api/v1/deadlines page size: default and largest */
#define API_DEADLINES_LIMIT 1000
#define API_DEADLINES_MAX 10000
/* /api/v1/engage-candidates page size: default and largest */
#define API_CANDIDATES_LIMIT 1000
#define API_CANDIDATES_MAX 10000

/* The day in query argument `name`, or today; -1 with a 400 problem. */
static int query_day(http_request_t *req, http_response_t *resp, const char *name, odate_t *out)
{
    const char *s = http_request_query(req, name);
    if (!s) {
        *out = app_today(req->app);
        return 0;
    }
    if (date_parse_day(s, out) != 0) {
        char detail[120];
        snprintf(detail, sizeof detail, "%s must be a day as YYYY-MM-DD", name);
        api_problem(resp, 400, "Bad request", detail, name);
        return -1;
    }
    return 0;
}

static int body_snapshot(http_request_t *req, http_response_t *resp, json_t **snap)
{
    app_t *app = req->app;
    const char *code = http_request_param(req, "code");
    app_actor_t actor;
    if (api_require(req, resp, PERM_READ_RECORD, code, &actor) != 0) return -1;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_body_snapshot(s, code, snap, &err);
    store_pool_release(app->pool, s);
    if (rc) {
        api_problem_from_error(resp, &err);
        return -1;
    }
    return 0;
}

int api_snapshot(http_request_t *req, http_response_t *resp)
{
    json_t *snap = NULL;
    if (body_snapshot(req, resp, &snap) == 0) api_json(resp, 200, snap);
    return 0;
}

int api_readiness(http_request_t *req, http_response_t *resp)
{
    odate_t as_of;
    if (query_day(req, resp, "as_of", &as_of) != 0) return 0;
    json_t *snap = NULL;
    if (body_snapshot(req, resp, &snap) != 0) return 0;
    json_t *r = rules_readiness(snap, &as_of);
    json_decref(snap);
    if (!r) api_problem(resp, 500, "Internal error", "readiness could not be computed", NULL);
    else api_json(resp, 200, r);
    return 0;
}

/* A body's reports owing a PCC response (store_pcc_reports: police forces
 * only, rules_pcc_owed), each with its due day (rules_pcc_due) and status
 * on ?today: "received", "overdue", "due" or "due_unknown" (published in a
 * month or year only), and each recommendation "received" or "awaited". */
int api_body_pcc(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    odate_t today;
    if (query_day(req, resp, "today", &today) != 0) return 0;
    const char *code = http_request_param(req, "code");
    app_actor_t actor;
    if (api_require(req, resp, PERM_READ_RECORD, code, &actor) != 0) return 0;
    ov_error_t err = {0};
    json_t *body = NULL, *reports = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_body_get(s, code, &body, &err);
    if (rc == 0) rc = store_pcc_reports(s, code, &reports, &err);
    store_pool_release(app->pool, s);
    if (rc) {
        json_decref(body);
        api_problem_from_error(resp, &err);
        return 0;
    }
    size_t i, j;
    json_t *x, *rec;
    json_array_foreach(reports, i, x) {
        odate_t pub;
        const char *status = json_is_object(json_object_get(x, "response")) ? "received" : "due_unknown";
        json_t *due = json_null();
        if (date_parse_day(json_string_value(json_object_get(x, "published_on")), &pub) == 0) {
            odate_t d = rules_pcc_due(&pub);
            char t[DATE_TEXT_MAX];
            date_format(&d, t);
            due = json_string(t);
            if (strcmp(status, "received") != 0) status = date_compare(&d, &today) < 0 ? "overdue" : "due";
        }
        json_object_set_new(x, "due", due ? due : json_null());
        json_object_set_new(x, "status", json_string(status));
        json_array_foreach(json_object_get(x, "recommendations"), j, rec)
            json_object_set_new(rec, "status", json_string(json_is_object(json_object_get(rec, "answer")) ? "received"
                                                                                                          : "awaited"));
    }
    char day[DATE_TEXT_MAX];
    date_format(&today, day);
    const char *kind = json_string_value(json_object_get(body, "kind"));
    api_json(resp, 200, json_pack("{s:s, s:s, s:b, s:i, s:o}", "code", code, "today", day, "owes_responses",
                                  rules_pcc_owed(kind), "days", RULES_PCC_RESPONSE_DAYS, "reports", reports));
    json_decref(body);
    return 0;
}

/* Engage candidates (staff only), read in rounds of slim snapshots
 * (store_engage_candidates), not every body's whole record: the page
 * [offset, offset + limit) of all candidates in the rules' order, with
 * "count" (all candidates) and "more". gen: NULL, or the whole-record
 * generation the reply will be kept at: then ranked from the ranking kept
 * across generations (store/candidate_keep.h), and the header
 * X-Rows-Read says how many bodies were scored from the database for it,
 * of how many ranked ("1/10092"). The same bytes either way. */
static int candidates(http_request_t *req, http_response_t *resp, const char *gen)
{
    app_t *app = req->app;
    odate_t as_of;
    if (query_day(req, resp, "as_of", &as_of) != 0) return 0;
    long long limit = API_CANDIDATES_LIMIT, offset = 0;
    if (api_query_page(req, resp, API_CANDIDATES_MAX, &limit, &offset) != 0) return 0;
    app_actor_t actor;
    if (api_actor(req, resp, &actor) != 0) return 0;
    if (!app_allowed(&actor, PERM_READ_RECORD, NULL)) {   /* across bodies: staff only */
        api_deny(resp, &actor, "read this");
        return 0;
    }
    ov_error_t err = {0};
    buf_t page = BUF_INIT, out = BUF_INIT;
    long long total = 0;
    size_t read = 0, ranked = 0;
    store_t *s = store_pool_acquire(app->pool);
    int rc = gen ? store_candidates_at_text(s, gen, &as_of, offset, limit, &page, &total, &read, &ranked, &err)
                 : store_engage_candidates_text(s, &as_of, offset, limit, 0, &page, &total, &err);
    store_pool_release(app->pool, s);
    if (rc) {
        api_problem_from_error(resp, &err);
        buf_free(&page);
        return 0;
    }
    /* as json_pack's object would be dumped: these members in this order */
    char day[DATE_TEXT_MAX];
    date_format(&as_of, day);
    jw_t w;
    jw_init(&w, &out);
    buf_reserve(&out, page.len + 128);
    jw_object_begin(&w);
    jw_key(&w, "as_of");
    jw_string(&w, day);
    jw_key(&w, "count");
    jw_int(&w, total);
    jw_key(&w, "limit");
    jw_int(&w, limit);
    jw_key(&w, "offset");
    jw_int(&w, offset);
    jw_key(&w, "more");
    jw_bool(&w, offset + limit < total);
    jw_key(&w, "candidates");
    jw_raw(&w, page.data, page.len);
    jw_object_end(&w);
    buf_free(&page);
    size_t len;
    char *text = jw_finish(&w) == 0 ? buf_detach(&out, &len) : NULL;
    if (!text) api_problem(resp, 500, "Internal error", "Engage candidates could not be computed", NULL);
    else http_response_set(resp, 200, "application/json", text, len);
    buf_free(&out);
    if (text && gen) {
        char counted[48];
        snprintf(counted, sizeof counted, "%zu/%zu", read, ranked);
        http_response_header(resp, "X-Rows-Read", counted);
    }
    return 0;
}

int api_candidates(http_request_t *req, http_response_t *resp) { return candidates(req, resp, NULL); }

int api_candidates_at(http_request_t *req, http_response_t *resp, const char *gen)
{
    return candidates(req, resp, gen);
}

/* The page [offset, offset + limit) of the items of dues (overdue, then
 * upcoming: already in that order) as the JSON reply, written straight
 * into *out. 0, or -1 when a buffer failed. */
static int deadlines_write(const rules_dues_t *dues, long long limit, long long offset, buf_t *out)
{
    buf_t title = BUF_INIT, item = BUF_INIT;
    char day[DATE_TEXT_MAX];
    jw_t w;
    long long end = offset + limit;
    int rc = 0;
    jw_init(&w, out);
    /* about 250 bytes an item: one allocation, not twenty doublings */
    size_t shown = dues->n > (size_t)offset ? dues->n - (size_t)offset : 0;
    buf_reserve(out, 256 + 256 * (shown < (size_t)limit ? shown : (size_t)limit));
    jw_object_begin(&w);
    date_format(&dues->today, day);
    jw_key(&w, "today");
    jw_string(&w, day);
    date_format(&dues->before, day);
    jw_key(&w, "before");
    jw_string(&w, day);
    for (int k = 0; k < 2; k++) {
        size_t from = k ? dues->overdue : 0, to = k ? dues->n : dues->overdue;
        jw_key(&w, k ? "upcoming" : "overdue");
        jw_array_begin(&w);
        for (size_t i = from; i < to && rc == 0; i++) {
            long long pos = (long long)i;
            if (pos < offset || pos >= end) continue;
            const rules_due_t *it = &dues->v[i];
            if (rules_deadline_title(it, &title) != 0) rc = -1;
            date_format(&it->due, day);
            /* the item assembled with a few appends, then written as one
             * value: the same text as a call per key and value */
            buf_reset(&item);
            buf_append(&item, "{\"code\":", 8);
            if (jw_escaped(&item, it->row->code, strlen(it->row->code)) != 0) rc = -1;
            buf_append(&item, ",\"kind\":\"", 9);
            buf_puts(&item, rules_due_kind_name(it->row->kind));
            buf_append(&item, "\",\"id\":", 7);
            buf_put_ll(&item, it->row->id);
            buf_append(&item, ",\"title\":", 9);
            size_t at = item.len;   /* the title's opening quote */
            if (jw_escaped(&item, title.data ? title.data : "", title.len) != 0) rc = -1;
            size_t title_len = item.len - at - 1;   /* with its opening quote, not its closing one */
            buf_append(&item, ",\"due\":\"", 8);
            buf_puts(&item, day);
            buf_append(&item, "\",\"days\":", 9);
            buf_put_ll(&item, it->days);
            buf_append(&item, ",\"reason\":", 10);
            /* the reason straight in, as rules_deadline_text words it and
             * jw_escaped quotes it: the title's escaped text again (escaping
             * goes character by character, so a piece's text is the text of
             * its pieces), its first letter capitalised (a letter is not
             * escaped), " for ", the name escaped, and the rest, plain ASCII */
            if (buf_reserve(&item, title_len) == 0) {
                size_t first = item.len + 1;
                buf_append(&item, item.data + at, title_len);   /* room made: item.data stays */
                if (item.len > first && item.data[first] >= 'a' && item.data[first] <= 'z')
                    item.data[first] = (char)(item.data[first] - 'a' + 'A');
            }
            buf_append(&item, " for ", 5);
            const char *name = rules_deadline_name(it);
            size_t quote = item.len;
            if (jw_escaped(&item, name, strlen(name)) != 0) rc = -1;
            if (!item.failed) {   /* drop the name's quotes: "...Name */
                memmove(item.data + quote, item.data + quote + 1, item.len - quote - 2);
                item.len -= 2;
                item.data[item.len] = '\0';
            }
            rules_deadline_reason_rest(&item, day, it->days);
            buf_putc(&item, '"');
            buf_putc(&item, '}');
            if (item.failed) rc = -1;
            jw_raw(&w, item.data, item.len);
        }
        jw_array_end(&w);
    }
    jw_key(&w, "limit");
    jw_int(&w, limit);
    jw_key(&w, "offset");
    jw_int(&w, offset);
    jw_key(&w, "more");
    jw_bool(&w, (long long)dues->n > end);
    jw_object_end(&w);
    buf_free(&title);
    buf_free(&item);
    return rc == 0 ? jw_finish(&w) : -1;
}

/* The deadlines' rows may be kept across generations (store/deadline_keep.h)
 * unless OVERSIGHT_DEADLINE_KEEP=0 (then read per request: the fresh
 * computation the tests and benchmarks compare with). */
static int deadline_keep_on(void)
{
    static int on = -1;
    if (on < 0) {
        const char *e = getenv("OVERSIGHT_DEADLINE_KEEP");
        on = !(e && strcmp(e, "0") == 0);
    }
    return on;
}

/* Deadlines, read with their own bounded queries (store_deadline_rows), not
 * every body's whole record: the first offset + limit + 1 of each kind in
 * the rules' order is enough for the page [offset, offset + limit) of the
 * merged list; "more" says whether items follow it. Plain rows in, the
 * rules over them, the page written as it is walked: no JSON tree.
 * gen: NULL, or the whole-record generation the reply will be kept at.
 * For staff without ?theme or ?priority the rows come from the set kept
 * across generations (store/deadline_keep.h) at gen (NULL: the generation
 * read here, after the request arrived, so that the response cache off
 * keeps the keep), the same rows as a fresh read, and the headers
 * X-Rows-Read "READ/KEPT" (rows read from the database for it, of the rows
 * kept) and X-Bodies-Read (bodies read again, or "all") say what was read;
 * a body's own user, a filter, or a day with too many rows to keep read
 * per request. */
static int deadlines(http_request_t *req, http_response_t *resp, const char *gen)
{
    app_t *app = req->app;
    odate_t today, before;
    if (query_day(req, resp, "today", &today) != 0) return 0;
    if (http_request_query(req, "before")) {
        if (query_day(req, resp, "before", &before) != 0) return 0;
    } else {
        before = date_add_days(&today, RULES_UPCOMING_DAYS);
    }
    long long limit = API_DEADLINES_LIMIT, offset = 0;
    if (api_query_page(req, resp, API_DEADLINES_MAX, &limit, &offset) != 0) return 0;
    app_actor_t actor;
    if (api_actor(req, resp, &actor) != 0) return 0;
    int all = app_allowed(&actor, PERM_READ_RECORD, NULL);
    if (!all && (!actor.body[0] || !app_allowed(&actor, PERM_READ_RECORD, actor.body))) {
        api_deny(resp, &actor, "read this");
        return 0;
    }
    char t[DATE_TEXT_MAX], b[DATE_TEXT_MAX], cut[DATE_TEXT_MAX];
    odate_t t1 = date_first_day(&today), b1 = date_first_day(&before);
    odate_t c1 = rules_pcc_published_cutoff(&b1);
    date_format(&t1, t);
    date_format(&b1, b);
    date_format(&c1, cut);
    ov_error_t err = {0};
    store_due_rows_t rows;
    memset(&rows, 0, sizeof rows);
    store_dl_kept_t *hold = NULL;
    store_dl_keep_info_t info = {0};
    rules_dues_t dues = {0};
    buf_t out = BUF_INIT;
    const char *theme = NULL;
    int priority = 0;
    /* the keep: staff, no filter; the generation read before a connection is taken */
    int keep = all && deadline_keep_on() && !http_request_query(req, "theme") && !http_request_query(req, "priority");
    char now[STORE_GEN_MAX];
    if (keep && !gen) {
        ov_error_t gerr = {0};
        if (store_pool_generation(app->pool, now, &gerr) == 0) gen = now;
        else keep = 0;
    }
    store_t *s = store_pool_acquire(app->pool);
    int rc = 1;
    if (keep) rc = store_deadline_rows_at(s, gen, t, b, cut, offset + limit + 1, &rows, &hold, &info, &err);
    if (rc == 1) {   /* read per request */
        keep = 0;
        rc = app_filter_theme_priority(s, http_request_query(req, "theme"), http_request_query(req, "priority"), &theme,
                                       &priority, &err);
        if (rc == 0)
            rc = store_deadline_rows(s, all ? NULL : actor.body, t, b, cut, offset + limit + 1, theme, priority, &rows,
                                     &err);
    }
    store_pool_release(app->pool, s);
    if (rc == OV_EINVALID) {
        api_problem(resp, 400, "Bad request", err.message, err.field);
        goto done;
    }
    if (rc) {
        api_problem_from_error(resp, &err);
        goto done;
    }
    if (rules_deadline_items(rows.v, rows.n, &today, &before, &dues) != 0 || deadlines_write(&dues, limit, offset, &out) != 0) {
        api_problem(resp, 500, "Internal error", "deadlines could not be computed", NULL);
        goto done;
    }
    size_t len;
    char *text = buf_detach(&out, &len);
    if (!text) {
        api_problem(resp, 500, "Internal error", "deadlines could not be computed", NULL);
        goto done;
    }
    http_response_set(resp, 200, "application/json", text, len);
    if (keep) {
        char counted[48];
        snprintf(counted, sizeof counted, "%zu/%zu", info.read, info.kept);
        http_response_header(resp, "X-Rows-Read", counted);
        if (info.whole) snprintf(counted, sizeof counted, "all");
        else snprintf(counted, sizeof counted, "%zu", info.bodies);
        http_response_header(resp, "X-Bodies-Read", counted);
    }
done:
    buf_free(&out);
    rules_dues_free(&dues);
    store_due_rows_free(&rows);
    store_dl_kept_release(hold);
    return 0;
}

int api_deadlines(http_request_t *req, http_response_t *resp) { return deadlines(req, resp, NULL); }

int api_deadlines_at(http_request_t *req, http_response_t *resp, const char *gen) { return deadlines(req, resp, gen); }
