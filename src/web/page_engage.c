/*
 * page_engage.c: GET /engage (bodies in Engage now and before, with dates
 * and the reasons recorded in the decisions) and GET /timeline (the same
 * periods as a Gantt chart). Public pages.
 */
#include "web/page.h"
#include "web/chart.h"
#include "web/format.h"
#include "store/bodies.h"
#include <stdlib.h>
#include <string.h>

static int streq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* levels below: every framework's levels (store_levels_json). Enhanced
 * monitoring is any level above its framework's routine level, whatever
 * the framework names it. */
static int enhanced(const json_t *levels, const char *code)
{
    return json_integer_value(json_object_get(json_object_get(levels, code ? code : ""), "level")) > 1;
}

static const char *level_name(const json_t *levels, const char *code)
{
    const char *n = web_str(json_object_get(levels, code ? code : ""), "name");
    return n ? n : code ? code : "";
}

/* The name of the default framework's first enhanced level, for headings
 * ("Forces in Engage"). */
static const char *enhanced_name(const json_t *levels)
{
    const char *fw = NULL, *code;
    json_t *l;
    json_object_foreach((json_t *)levels, code, l) if (json_is_true(json_object_get(l, "default"))) fw = web_str(l, "framework");
    json_object_foreach((json_t *)levels, code, l)
        if (streq(web_str(l, "framework"), fw) && json_integer_value(json_object_get(l, "level")) == 2) return web_str(l, "name");
    return "enhanced monitoring";
}

/* The decision that took effect on `on` moving body into (into = 1) or out
 * of the level `phase`; NULL if none is recorded. */
static const json_t *decision_at(const json_t *body, const char *phase, const char *on, int into)
{
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(body, "decisions"), i, d) {
        const char *eff = web_str(d, "effective_on") ? web_str(d, "effective_on") : web_str(d, "decided_on");
        if (!streq(eff, on)) continue;
        if (streq(web_str(d, into ? "to_phase" : "from_phase"), phase)) return d;
    }
    return NULL;
}

/* Every body that was ever in the enhanced phase, each as store_body_get
 * gives it (new array in *out, ordered by name). */
static int engage_bodies(store_t *s, json_t **out, json_t **levels, ov_error_t *err)
{
    json_t *rows = NULL;
    *out = NULL;
    int rc = store_levels_json(s, levels, err);
    if (rc != 0) return rc;
    rc = store_bodies_list(s, &rows, err);
    if (rc != 0) {
        json_decref(*levels);
        *levels = NULL;
        return rc;
    }
    json_t *list = json_array();
    size_t i;
    json_t *b;
    json_array_foreach(rows, i, b) {
        if (!web_str(b, "since")) continue;   /* never moved: Scan from the start */
        json_t *full = NULL;
        rc = store_body_get(s, web_str(b, "code"), &full, err);
        if (rc != 0) break;
        int ever = 0;
        size_t k;
        json_t *p;
        json_array_foreach(json_object_get(full, "history"), k, p) ever |= enhanced(*levels, web_str(p, "phase"));
        if (ever) json_array_append_new(list, full);
        else json_decref(full);
    }
    json_decref(rows);
    if (rc != 0) {
        json_decref(list);
        json_decref(*levels);
        *levels = NULL;
        return rc;
    }
    *out = list;
    return 0;
}

/* One period for the page: {code, name, from, to, reason_in, reason_out,
 * decided_by_in, decided_by_out, sources_in, sources_out}. */
static json_t *period_view(const json_t *body, const json_t *p)
{
    const char *from = web_str(p, "from"), *to = web_str(p, "to"), *phase = web_str(p, "phase");
    const json_t *in = from ? decision_at(body, phase, from, 1) : NULL;
    const json_t *out = to ? decision_at(body, phase, to, 0) : NULL;
    json_t *v = json_pack("{s:s?, s:s?, s:o, s:o, s:s?, s:s?, s:s?, s:s?}", "code", web_str(body, "code"), "name",
                          web_str(body, "name"), "from", web_date(from), "to", web_date(to), "reason_in",
                          web_str(in, "rationale"), "reason_out", web_str(out, "rationale"), "decided_by_in",
                          web_str(in, "decided_by"), "decided_by_out", web_str(out, "decided_by"));
    /* each source its own link (store_decision_sources) */
    if (v && in) json_object_set(v, "sources_in", json_object_get(in, "sources"));
    if (v && out) json_object_set(v, "sources_out", json_object_get(out, "sources"));
    return v;
}

/* Periods ending most recently first. */
static int cmp_to_desc(const void *pa, const void *pb)
{
    const json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
    const char *x = web_str(json_object_get(a, "to"), "iso"), *y = web_str(json_object_get(b, "to"), "iso");
    int c = strcmp(y ? y : "", x ? x : "");
    return c ? c : strcmp(web_str(a, "name") ? web_str(a, "name") : "", web_str(b, "name") ? web_str(b, "name") : "");
}

static void sort_array(json_t *a, int (*cmp)(const void *, const void *))
{
    size_t n = json_array_size(a);
    if (n < 2) return;
    json_t **v = malloc(n * sizeof *v);
    if (!v) return;
    for (size_t i = 0; i < n; i++) v[i] = json_incref(json_array_get(a, i));
    qsort(v, n, sizeof *v, cmp);
    json_array_clear(a);
    for (size_t i = 0; i < n; i++) json_array_append_new(a, v[i]);
    free(v);
}

/* The viewer into *actor and the bodies of engage_bodies (caller frees);
 * NULL with the error page in resp. */
static json_t *engage_load(http_request_t *req, http_response_t *resp, app_actor_t *actor, json_t **levels)
{
    app_t *app = req->app;
    web_actor(req, actor);
    ov_error_t err = {0};
    json_t *bodies = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = engage_bodies(s, &bodies, levels, &err);
    store_pool_release(app->pool, s);
    if (rc != 0) {
        web_error_store(req, resp, &err, actor);
        return NULL;
    }
    return bodies;
}

int web_page_engage(http_request_t *req, http_response_t *resp)
{
    app_actor_t actor;
    json_t *levels = NULL;
    json_t *bodies = engage_load(req, resp, &actor, &levels);
    if (!bodies) return 0;
    json_t *current = json_array(), *previous = json_array();
    size_t i, k;
    json_t *b, *p;
    json_array_foreach(bodies, i, b) {
        json_array_foreach(json_object_get(b, "history"), k, p) {
            if (!enhanced(levels, web_str(p, "phase"))) continue;
            json_array_append_new(web_str(p, "to") ? previous : current, period_view(b, p));
        }
    }
    sort_array(previous, cmp_to_desc);
    json_t *ctx = json_pack("{s:o, s:o, s:I, s:I}", "current", current, "previous", previous, "current_count",
                            (json_int_t)json_array_size(current), "previous_count",
                            (json_int_t)json_array_size(previous));
    json_decref(bodies);
    char title[120];
    snprintf(title, sizeof title, "Forces in %s", enhanced_name(levels));
    json_decref(levels);
    web_render(req, resp, 200, "engage", title, &actor, ctx);
    return 0;
}

static long day_of(const char *iso, long fallback)
{
    odate_t d;
    return iso && date_parse(iso, &d) == 0 ? date_to_days(&d) : fallback;
}

int web_page_timeline(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    json_t *levels = NULL;
    json_t *bodies = engage_load(req, resp, &actor, &levels);
    if (!bodies) return 0;
    int rc = 0;
    const char *word = enhanced_name(levels);
    char ctitle[160], cdesc[200], ptitle[120];
    snprintf(ctitle, sizeof ctitle, "%s periods of every body ever in %s", word, word);
    snprintf(cdesc, sizeof cdesc, "One row per body; shaded bars are periods in %s, up to today.", word);
    snprintf(ptitle, sizeof ptitle, "Timeline of %s", word);
    odate_t t = app_today(app);
    long today = date_to_days(&t), lo = today;
    size_t nb = json_array_size(bodies), nspans = 0;
    size_t i, k;
    json_t *b, *p;
    json_array_foreach(bodies, i, b) nspans += json_array_size(json_object_get(b, "history"));
    chart_row_t *rows = calloc(nb ? nb : 1, sizeof *rows);
    chart_span_t *spans = calloc(nspans ? nspans : 1, sizeof *spans);
    char (*titles)[320] = calloc(nspans ? nspans : 1, sizeof *titles);
    char (*hrefs)[300] = calloc(nb ? nb : 1, sizeof *hrefs);
    json_t *table = json_array();
    if (!rows || !spans || !titles || !hrefs) {
        rc = -1;
        goto done;
    }
    size_t used = 0;
    json_array_foreach(bodies, i, b) {
        chart_row_t *r = &rows[i];
        r->label = web_str(b, "name");
        snprintf(hrefs[i], sizeof hrefs[i], "/bodies/%s", web_str(b, "code"));   /* codes are [a-z0-9-] */
        r->href = hrefs[i];
        r->spans = &spans[used];
        json_array_foreach(json_object_get(b, "history"), k, p) {
            if (!enhanced(levels, web_str(p, "phase"))) continue;
            const char *from = web_str(p, "from"), *to = web_str(p, "to");
            chart_span_t *sp = &spans[used++];
            sp->from = day_of(from, today);
            sp->to = day_of(to, today);
            sp->cls = "engage";
            char f[WEB_DATE_TEXT_MAX], e[WEB_DATE_TEXT_MAX];
            snprintf(titles[used - 1], sizeof titles[0], "%s: %s from %s %s%s", r->label ? r->label : "",
                     level_name(levels, web_str(p, "phase")), web_format_date(from, f), to ? "to " : "", to ? web_format_date(to, e) : "until today");
            sp->title = titles[used - 1];
            if (sp->from < lo) lo = sp->from;
            r->nspans++;
            json_array_append_new(table, json_pack("{s:s?, s:s?, s:o, s:o}", "code", web_str(b, "code"), "name",
                                                   r->label, "from", web_date(from), "to", web_date(to)));
        }
    }
    chart_t c = {.id = "national-timeline", .title = ctitle, .desc = cdesc, .rows = rows,
                 .nrows = nb};
    chart_axis_years(lo, today, &c.from, &c.to);
    buf_t svg = BUF_INIT;
    rc = chart_svg(&svg, &c);
    if (rc == 0) {
        json_t *ctx = json_pack("{s:s, s:o, s:I}", "svg", svg.data ? svg.data : "", "periods", json_incref(table),
                                "count", (json_int_t)nb);
        web_render(req, resp, 200, "timeline", ptitle, &actor, ctx);
    }
    buf_free(&svg);
done:
    if (rc != 0) web_error(req, resp, 500, "Something went wrong", "The timeline could not be drawn.", &actor);
    json_decref(table);
    free(rows);
    free(spans);
    free(titles);
    free(hrefs);
    json_decref(bodies);
    json_decref(levels);
    return 0;
}
