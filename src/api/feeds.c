/*
 * feeds.c: GET /feeds/decisions.atom[?body=CODE] (phase decisions and
 * published letters, of every body or one) and GET /feeds/deadlines.ics, /feeds/deadlines/{code}.ics
 * (recommendation deadlines, plan item targets, 56-day PCC responses).
 * The text is built by docs/feeds.h; here the items are gathered. Anonymous
 * callers get the public record only (store/export.h); whoever may read a
 * body's record also gets its private details (PCC responses received).
 */
#include "api/record.h"
#include "core/roles.h"
#include "core/rules.h"
#include "docs/feeds.h"
#include "docs/letter.h"
#include "store/bodies.h"
#include "store/feeds.h"
#include "core/jget.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FEED_TAG "tag:oversight,2025:"
#define FEED_MAX_ENTRIES 500

/* Links are absolute (Atom wants them so) and start with the configured
 * base URL (app_base_url), never the request's Host header: a forged Host
 * would otherwise put another site's address into a feed that readers
 * and caches pass on. */
static void base_url(http_request_t *req, char *out, size_t n)
{
    app_base_url(req, out, n);
}

/* The first day of an ISO date at any precision as "YYYY-MM-DD"; "" if not a date. */
static void first_day(const char *iso, char out[DATE_TEXT_MAX])
{
    odate_t d;
    out[0] = '\0';
    if (iso && date_parse(iso, &d) == 0) {
        odate_t f = date_first_day(&d);
        date_format(&f, out);
    }
}

/* Keeps strings alive until the response is built. */
typedef struct {
    char **items;
    size_t n, cap;
    int failed;
} strpool_t;

static const char *keep(strpool_t *p, buf_t *b)
{
    if (b->failed || p->failed) {
        p->failed = 1;
        buf_free(b);
        return "";
    }
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        char **v = realloc(p->items, cap * sizeof *v);
        if (!v) {
            p->failed = 1;
            buf_free(b);
            return "";
        }
        p->items = v;
        p->cap = cap;
    }
    char *s = buf_detach(b, NULL);
    if (!s) s = strdup("");
    if (!s) {
        p->failed = 1;
        return "";
    }
    p->items[p->n++] = s;
    return s;
}

static void strpool_free(strpool_t *p)
{
    for (size_t i = 0; i < p->n; i++) free(p->items[i]);
    free(p->items);
}

/* ---- Atom: decisions and published letters -------------------------------- */

typedef struct {
    feeds_atom_entry_t e;
    char updated[32];
} atom_item_t;

/* A published letter's title: its own, else the one its kind gives (as the
 * letter model has it: "Metropolitan Police Service: return to default
 * phase of monitoring"). Borrowed from row (a default is cached in it). */
static const char *letter_title(json_t *row)
{
    if (*jget_text(row, "title")) return jget_text(row, "title");
    char title[600];
    letter_default_title(jget_text(row, "name"), jget_text(row, "kind"), title, sizeof title);
    json_object_set_new(row, "title", json_string(title));
    return jget_text(row, "title");
}

/* A count read back as a number, or as text (PostgreSQL's bigint); 0
 * when null. */
static long long row_int(const json_t *row, const char *key)
{
    const json_t *v = json_object_get(row, key);
    return json_is_integer(v) ? (long long)json_integer_value(v) : json_is_string(v) ? atoll(json_string_value(v)) : 0;
}

/* The item a closure correction is of, named as the letters name it:
 * "Recommendation 2 of cause of concern 1", "Cause of concern 3". */
static void closure_label(const json_t *row, char *out, size_t n)
{
    long long cause = row_int(row, "cause_number");
    if (strcmp(jget_text(row, "entity"), "recommendations") != 0 && cause > 0)
        snprintf(out, n, "Cause of concern %lld", cause);
    else if (strcmp(jget_text(row, "entity"), "recommendations") != 0)
        snprintf(out, n, "a cause of concern");
    else if (cause > 0)
        snprintf(out, n, "Recommendation %s of cause of concern %lld", jget_text(row, "rec_number"), cause);
    else
        snprintf(out, n, "Recommendation %s", jget_text(row, "rec_number"));
}

static int by_updated_desc(const void *a, const void *b)
{
    const atom_item_t *x = a, *y = b;
    int c = strcmp(y->updated, x->updated);
    return c ? c : strcmp(y->e.id, x->e.id);
}

int api_feed_decisions(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    if (api_actor(req, resp, &actor) != 0) return 0;
    char base[256];
    base_url(req, base, sizeof base);
    /* ?body=CODE: one body's feed */
    const char *code = http_request_query(req, "body");
    if (code && !*code) code = NULL;
    ov_error_t err = {0};
    json_t *decisions = NULL, *letters = NULL, *releases = NULL, *body = NULL, *closures = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = 0;
    if (code) rc = store_body_name(s, code, &body, &err);
    if (rc == 0) rc = store_feed_decisions(s, code, FEED_MAX_ENTRIES, &decisions, &err);
    /* published letters are public */
    char today[DATE_TEXT_MAX];
    app_today_text(app, today);
    if (rc == 0) rc = store_feed_letters(s, code, FEED_MAX_ENTRIES, today, &letters, &err);
    /* corrections of published closures, beside the original closure */
    if (rc == 0) rc = store_feed_closure_corrections(s, code, FEED_MAX_ENTRIES, today, &closures, &err);
    /* and so are published news releases (docs/release.h) */
    if (rc == 0) rc = store_feed_releases(s, code, FEED_MAX_ENTRIES, today, &releases, &err);
    store_pool_release(app->pool, s);
    if (rc != 0) {
        json_decref(decisions);
        json_decref(releases);
        json_decref(letters);
        json_decref(closures);
        json_decref(body);
        api_problem_from_error(resp, &err);
        return 0;
    }
    size_t n = json_array_size(decisions) + json_array_size(letters) + json_array_size(closures)
               + json_array_size(releases);
    atom_item_t *items = calloc(n ? n : 1, sizeof *items);
    strpool_t pool = {0};
    size_t k = 0, i;
    json_t *row;
    json_array_foreach(decisions, i, row) {
        atom_item_t *it = &items[k++];
        char day[DATE_TEXT_MAX];
        first_day(jget_text(row, "effective_on"), day);
        snprintf(it->updated, sizeof it->updated, "%sT00:00:00Z", day[0] ? day : "1970-01-01");
        buf_t b = BUF_INIT;
        buf_printf(&b, FEED_TAG "decision/%lld", (long long)json_integer_value(json_object_get(row, "id")));
        it->e.id = keep(&pool, &b);
        buf_printf(&b, "%s: %s to %s", jget_text(row, "name"), jget_text(row, "from_name"), jget_text(row, "to_name"));
        it->e.title = keep(&pool, &b);
        buf_printf(&b, "%s/bodies/%s", base, jget_text(row, "code"));
        it->e.link = keep(&pool, &b);
        buf_printf(&b, "%s moved from %s to %s, effective %s; decided by %s. %s", jget_text(row, "name"),
                   jget_text(row, "from_name"), jget_text(row, "to_name"), jget_text(row, "effective_on"),
                   jget_text(row, "decided_by"), jget_text(row, "rationale"));
        /* a correction is shown with the original, and updates the entry */
        const char *ck = jget_text(row, "correction_kind");
        if (*ck) {
            if (strcmp(ck, "withdrawal") == 0)
                buf_printf(&b, " WITHDRAWN on %s by %s: %s", jget_text(row, "corrected_on"),
                           jget_text(row, "corrected_by"), jget_text(row, "correction_reason"));
            else
                buf_printf(&b, " CORRECTED on %s by %s: %s (why: %s)", jget_text(row, "corrected_on"),
                           jget_text(row, "corrected_by"), jget_text(row, "correction_text"),
                           jget_text(row, "correction_reason"));
            first_day(jget_text(row, "corrected_on"), day);
            if (day[0]) snprintf(it->updated, sizeof it->updated, "%sT00:00:00Z", day);
        }
        it->e.summary = keep(&pool, &b);
        it->e.updated = it->updated;
    }
    json_array_foreach(letters, i, row) {
        atom_item_t *it = &items[k++];
        char day[DATE_TEXT_MAX];
        const char *at = jget_text(row, "published_at");
        first_day(jget_text(row, "published_on"), day);
        if (day[0]) snprintf(it->updated, sizeof it->updated, "%sT00:00:00Z", day);
        else if (strlen(at) == 20) snprintf(it->updated, sizeof it->updated, "%s", at);
        else snprintf(it->updated, sizeof it->updated, "1970-01-01T00:00:00Z");
        long long id = json_integer_value(json_object_get(row, "id"));
        buf_t b = BUF_INIT;
        buf_printf(&b, FEED_TAG "letter/%lld", id);
        it->e.id = keep(&pool, &b);
        buf_puts(&b, letter_title(row));
        it->e.title = keep(&pool, &b);
        buf_printf(&b, "%s/letters/%lld.html", base, id);
        it->e.link = keep(&pool, &b);
        buf_printf(&b, "Letter published%s%s. %s", *jget_text(row, "published_on") ? " on " : "",
                   jget_text(row, "published_on"), jget_text(row, "conclusion"));
        it->e.summary = keep(&pool, &b);
        it->e.updated = it->updated;
    }
    json_array_foreach(closures, i, row) {
        atom_item_t *it = &items[k++];
        char day[DATE_TEXT_MAX], label[160], closed[DATE_TEXT_MAX + 40] = "";
        first_day(jget_text(row, "corrected_on"), day);
        snprintf(it->updated, sizeof it->updated, "%sT00:00:00Z", day[0] ? day : "1970-01-01");
        closure_label(row, label, sizeof label);
        int rec = strcmp(jget_text(row, "entity"), "recommendations") == 0;
        int withdrawn = strcmp(jget_text(row, "kind"), "withdrawal") == 0;
        const char *outcome = jget_text(row, "outcome");
        if (*jget_text(row, "closed_on")) snprintf(closed, sizeof closed, " on %s", jget_text(row, "closed_on"));
        buf_t b = BUF_INIT;
        buf_printf(&b, FEED_TAG "correction/%lld", (long long)json_integer_value(json_object_get(row, "id")));
        it->e.id = keep(&pool, &b);
        buf_printf(&b, "%s: closure of %s %s", jget_text(row, "name"), label, withdrawn ? "withdrawn" : "corrected");
        it->e.title = keep(&pool, &b);
        buf_printf(&b, "%s/%s/%lld", base, rec ? "recommendations" : "causes-of-concern",
                   (long long)json_integer_value(json_object_get(row, "entity_id")));
        it->e.link = keep(&pool, &b);
        buf_printf(&b, "%s was closed%s (%s). ", label, closed,
                   strcmp(outcome, "implemented") == 0       ? "implemented"
                   : strcmp(outcome, "not_implemented") == 0 ? "not implemented"
                                                             : "outcome not recorded");
        if (withdrawn)
            buf_printf(&b, "WITHDRAWN on %s by %s: %s", jget_text(row, "corrected_on"), jget_text(row, "corrected_by"),
                       jget_text(row, "reason"));
        else
            buf_printf(&b, "CORRECTED on %s by %s: %s (why: %s)", jget_text(row, "corrected_on"),
                       jget_text(row, "corrected_by"), jget_text(row, "text"), jget_text(row, "reason"));
        it->e.summary = keep(&pool, &b);
        it->e.updated = it->updated;
    }
    json_array_foreach(releases, i, row) {
        atom_item_t *it = &items[k++];
        char day[DATE_TEXT_MAX];
        const char *at = jget_text(row, "published_at");
        first_day(jget_text(row, "published_on"), day);
        if (day[0]) snprintf(it->updated, sizeof it->updated, "%sT00:00:00Z", day);
        else if (strlen(at) == 20) snprintf(it->updated, sizeof it->updated, "%s", at);
        else snprintf(it->updated, sizeof it->updated, "1970-01-01T00:00:00Z");
        long long id = json_integer_value(json_object_get(row, "id"));
        /* the frozen model: its headline and summary */
        json_t *m = json_loads(jget_text(row, "content"), 0, NULL);
        const char *summary = "";
        size_t j;
        json_t *blk;
        json_array_foreach(json_object_get(m, "blocks"), j, blk)
            if (strcmp(jget_text(blk, "key"), "summary") == 0)
                summary = json_string_value(json_array_get(json_object_get(blk, "paragraphs"), 0));
        buf_t b = BUF_INIT;
        buf_printf(&b, FEED_TAG "release/%lld", id);
        it->e.id = keep(&pool, &b);
        buf_printf(&b, "News release: %s", *jget_text(m, "headline") ? jget_text(m, "headline") : jget_text(row, "name"));
        it->e.title = keep(&pool, &b);
        buf_printf(&b, "%s/releases/%lld", base, id);
        it->e.link = keep(&pool, &b);
        buf_printf(&b, "%s", summary ? summary : "");
        it->e.summary = keep(&pool, &b);
        it->e.updated = it->updated;
        json_decref(m);
    }
    qsort(items, k, sizeof *items, by_updated_desc);
    /* e.updated pointed into the item before qsort moved it: point again */
    feeds_atom_entry_t *entries = calloc(k ? k : 1, sizeof *entries);
    for (size_t j = 0; entries && j < k; j++) {
        entries[j] = items[j].e;
        entries[j].updated = items[j].updated;
    }
    buf_t out = BUF_INIT, self = BUF_INIT, site = BUF_INIT, fid = BUF_INIT, ftitle = BUF_INIT;
    if (code) {
        buf_printf(&self, "%s/feeds/decisions.atom?body=%s", base, code);
        buf_printf(&site, "%s/bodies/%s", base, code);
        buf_printf(&fid, FEED_TAG "feeds/decisions/%s", code);
        buf_printf(&ftitle, "Oversight: %s: phase decisions and published letters", jget_text(body, "name"));
    } else {
        buf_printf(&self, "%s/feeds/decisions.atom", base);
        buf_printf(&site, "%s/", base);
        buf_puts(&fid, FEED_TAG "feeds/decisions");
        buf_puts(&ftitle, "Oversight: phase decisions and published letters");
    }
    feeds_atom_t feed = {fid.data, ftitle.data, self.data, site.data, "Oversight", NULL};
    int bad = !items || !entries || pool.failed || self.failed || site.failed || fid.failed || ftitle.failed
              || feeds_atom(&out, &feed, entries, k);
    if (bad) {
        buf_free(&out);
        api_problem(resp, 500, "Internal error", "the feed could not be built", NULL);
    } else {
        size_t len;
        char *body = buf_detach(&out, &len);
        http_response_set(resp, 200, "application/atom+xml; charset=utf-8", body, len);
    }
    free(entries);
    free(items);
    strpool_free(&pool);
    buf_free(&self);
    buf_free(&site);
    buf_free(&fid);
    buf_free(&ftitle);
    json_decref(decisions);
    json_decref(letters);
    json_decref(closures);
    json_decref(releases);
    json_decref(body);
    return 0;
}

/* ---- iCalendar: deadlines --------------------------------------------------- */

typedef struct {
    feeds_ics_event_t *v;
    size_t n, cap;
    strpool_t pool;
    int failed;
} events_t;

static feeds_ics_event_t *event_new(events_t *E)
{
    if (E->n == E->cap) {
        size_t cap = E->cap ? E->cap * 2 : 64;
        feeds_ics_event_t *v = realloc(E->v, cap * sizeof *v);
        if (!v) {
            E->failed = 1;
            return NULL;
        }
        E->v = v;
        E->cap = cap;
    }
    feeds_ics_event_t *e = &E->v[E->n++];
    memset(e, 0, sizeof *e);
    return e;
}

/* "(given as 2024-03, shown on its first day)" when the date is not a day. */
static void precision_note(buf_t *b, const char *iso)
{
    if (strlen(iso) != 10 && *iso) buf_printf(b, " (given as %s; shown on its first day)", iso);
}

static void add_recommendations(events_t *E, json_t *rows, const char *base)
{
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        char day[DATE_TEXT_MAX];
        first_day(jget_text(r, "deadline"), day);
        if (!day[0]) continue;
        feeds_ics_event_t *e = event_new(E);
        if (!e) return;
        long long id = json_integer_value(json_object_get(r, "id"));
        buf_t b = BUF_INIT;
        buf_printf(&b, "recommendation-%lld-deadline@oversight", id);
        e->uid = keep(&E->pool, &b);
        buf_puts(&b, day);
        e->date = keep(&E->pool, &b);
        buf_printf(&b, "%s: recommendation %s deadline", jget_text(r, "name"), jget_text(r, "number"));
        e->summary = keep(&E->pool, &b);
        buf_printf(&b, "%s\n", jget_text(r, "text"));
        if (*jget_text(r, "cause_title")) buf_printf(&b, "Cause of concern: %s\n", jget_text(r, "cause_title"));
        buf_printf(&b, "Status: %s\nDeadline: %s", jget_text(r, "status"), jget_text(r, "deadline"));
        precision_note(&b, jget_text(r, "deadline"));
        if (json_integer_value(json_object_get(r, "revisions")) > 0)
            buf_printf(&b, "\nOriginal deadline: %s (revised %lld time(s); latest reason: %s)",
                       *jget_text(r, "original_deadline") ? jget_text(r, "original_deadline") : "none",
                       (long long)json_integer_value(json_object_get(r, "revisions")), jget_text(r, "revision_reason"));
        e->description = keep(&E->pool, &b);
        buf_printf(&b, "%s/recommendations/%lld", base, id);
        e->url = keep(&E->pool, &b);
    }
}

static void add_plan_items(events_t *E, json_t *rows, const char *base)
{
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        char day[DATE_TEXT_MAX];
        first_day(jget_text(r, "target_date"), day);
        if (!day[0]) continue;
        feeds_ics_event_t *e = event_new(E);
        if (!e) return;
        buf_t b = BUF_INIT;
        buf_printf(&b, "plan-item-%lld@oversight", (long long)json_integer_value(json_object_get(r, "id")));
        e->uid = keep(&E->pool, &b);
        buf_puts(&b, day);
        e->date = keep(&E->pool, &b);
        buf_printf(&b, "%s: plan %s target", jget_text(r, "name"),
                   strcmp(jget_text(r, "kind"), "outcome") == 0 ? "outcome" : "key action");
        e->summary = keep(&E->pool, &b);
        buf_printf(&b, "%s\nPlan: %s", jget_text(r, "text"), jget_text(r, "plan"));
        if (*jget_text(r, "pillar")) buf_printf(&b, "\nPillar: %s", jget_text(r, "pillar"));
        buf_printf(&b, "\nStatus: %s\nTarget: %s", jget_text(r, "rag"), jget_text(r, "target_date"));
        precision_note(&b, jget_text(r, "target_date"));
        e->description = keep(&E->pool, &b);
        buf_printf(&b, "%s/bodies/%s", base, jget_text(r, "code"));
        e->url = keep(&E->pool, &b);
    }
}

static void add_pcc(events_t *E, json_t *rows, const char *base, const app_actor_t *actor)
{
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        odate_t pub;
        if (!rules_pcc_owed(jget_text(r, "kind"))) continue;   /* police forces' reports only */
        if (date_parse_day(jget_text(r, "published_on"), &pub) != 0) continue;   /* a day is needed to count 56 */
        odate_t due = rules_pcc_due(&pub);
        char day[DATE_TEXT_MAX];
        date_format(&due, day);
        feeds_ics_event_t *e = event_new(E);
        if (!e) return;
        buf_t b = BUF_INIT;
        buf_printf(&b, "pcc-response-%lld@oversight", (long long)json_integer_value(json_object_get(r, "id")));
        e->uid = keep(&E->pool, &b);
        buf_puts(&b, day);
        e->date = keep(&E->pool, &b);
        buf_printf(&b, "%s: local policing body response due", jget_text(r, "name"));
        e->summary = keep(&E->pool, &b);
        buf_printf(&b, "The response to \"%s\" (published %s) is due within %d days beginning with the day of publication.", jget_text(r, "title"),
                   jget_text(r, "published_on"), RULES_PCC_RESPONSE_DAYS);
        if (app_allowed(actor, PERM_READ_RECORD, jget_text(r, "code"))) {
            if (*jget_text(r, "response_on")) buf_printf(&b, "\nResponse published %s.", jget_text(r, "response_on"));
            else buf_puts(&b, "\nNo response recorded.");
        }
        e->description = keep(&E->pool, &b);
        buf_printf(&b, "%s/bodies/%s", base, jget_text(r, "code"));
        e->url = keep(&E->pool, &b);
    }
}

/* SELECT ... WHERE <public condition of `table` on alias t> when the caller
 * sees only the public record; `code` NULL for every body. */
static int deadlines_ics(http_request_t *req, http_response_t *resp, const char *code)
{
    app_t *app = req->app;
    app_actor_t actor;
    if (api_actor(req, resp, &actor) != 0) return 0;
    char base[256];
    base_url(req, base, sizeof base);
    ov_error_t err = {0};
    json_t *recs = NULL, *items = NULL, *pcc = NULL, *body = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = 0;
    if (code) rc = store_body_name(s, code, &body, &err);
    /* the publication rule (store/publication.h) for the public and other
     * bodies; staff and a body's own users keep their record's deadlines */
    char today[DATE_TEXT_MAX];
    app_today_text(app, today);
    feed_reader_t reader = {today, NULL};
    if (app_allowed(&actor, PERM_READ_RECORD, NULL)) reader.today = NULL;
    else if (actor.body[0] && app_allowed(&actor, PERM_READ_RECORD, actor.body)) reader.own = actor.body;
    if (rc == 0) rc = store_feed_recommendation_deadlines(s, code, &reader, &recs, &err);
    if (rc == 0) rc = store_feed_plan_targets(s, code, &items, &err);
    if (rc == 0) rc = store_feed_pcc_responses(s, code, &reader, &pcc, &err);
    store_pool_release(app->pool, s);
    if (rc != 0) {
        api_problem_from_error(resp, &err);
        goto done;
    }
    events_t E = {0};
    add_recommendations(&E, recs, base);
    add_plan_items(&E, items, base);
    add_pcc(&E, pcc, base, &actor);
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    buf_t name = BUF_INIT, out = BUF_INIT;
    if (code) buf_printf(&name, "Oversight deadlines: %s", json_string_value(json_object_get(body, "name")));
    else buf_puts(&name, "Oversight deadlines");
    feeds_ics_t cal = {"-//Oversight//Deadlines//EN", name.data, stamp};
    if (E.failed || E.pool.failed || name.failed || feeds_ics(&out, &cal, E.v, E.n) != 0) {
        buf_free(&out);
        api_problem(resp, 500, "Internal error", "the calendar could not be built", NULL);
    } else {
        size_t len;
        char *text = buf_detach(&out, &len);
        http_response_set(resp, 200, "text/calendar; charset=utf-8", text, len);
    }
    buf_free(&name);
    free(E.v);
    strpool_free(&E.pool);
done:
    json_decref(body);
    json_decref(recs);
    json_decref(items);
    json_decref(pcc);
    return 0;
}

int api_feed_deadlines(http_request_t *req, http_response_t *resp)
{
    return deadlines_ics(req, resp, NULL);
}

int api_feed_deadlines_body(http_request_t *req, http_response_t *resp)
{
    const char *file = http_request_param(req, "file");
    size_t n = file ? strlen(file) : 0;
    if (n <= 4 || n > 68 || strcmp(file + n - 4, ".ics") != 0) {
        api_problem(resp, 404, "Not found", "deadline calendars are at /feeds/deadlines/{code}.ics", NULL);
        return 0;
    }
    char code[64];
    snprintf(code, sizeof code, "%.*s", (int)(n - 4), file);
    return deadlines_ics(req, resp, code);
}
