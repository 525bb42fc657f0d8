/*
 * page_board.c: GET /, the status board: every body, its phase and since
 * when; for readers of the record, open causes of concern and overdue
 * recommendations. Filters and sort are plain query arguments. A retired
 * body is marked (and the body it was merged into linked) and left out of
 * the level totals.
 *
 * Made two ways with the same bytes: whole (web_page_board: without the
 * cache), and from the bodies list's rows kept across generations with
 * each body's counts kept beside its row and each row's HTML kept with
 * its row (web_page_board_at, docs/cache.md): for an anonymous visitor
 * through the response cache, for a logged-in viewer at the generation
 * read for their request (never kept: it shows their name).
 */
#include "web/page.h"
#include "web/format.h"
#include "render/html.h"
#include "core/rules.h"
#include "store/bodies.h"
#include "store/deadlines.h"
#include "store/body_rows.h"
#include "core/buf.h"
#include <stdlib.h>
#include <string.h>

static const char *const SORTS[][2] = {{"name", "Name"}, {"phase", "Phase"}, {"since", "Since"}};

/* The query argument `name` if it is one of the values in `allowed` (a JSON
 * object of value -> label), else NULL. */
static const char *allowed_arg(http_request_t *req, const char *name, const json_t *allowed)
{
    const char *v = http_request_query(req, name);
    return v && *v && json_object_get(allowed, v) ? v : NULL;
}

/* "/?phase=..&kind=..&sort=.." with the given values (NULL = left out). */
static json_t *board_href(const char *phase, const char *kind, const char *sort)
{
    buf_t b = BUF_INIT;
    const char *names[] = {"phase", "kind", "sort"}, *vals[] = {phase, kind, sort};
    buf_puts(&b, "/");
    char sep = '?';
    for (int i = 0; i < 3; i++) {
        if (!vals[i]) continue;
        buf_printf(&b, "%c%s=", sep, names[i]);
        html_escape_url_component(&b, vals[i]);
        sep = '&';
    }
    json_t *s = b.failed ? NULL : json_string(b.data);
    buf_free(&b);
    return s;
}

/* [{value, label, selected}] from an object value -> label. */
static json_t *options(const json_t *values, const char *selected)
{
    json_t *a = json_array();
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)values, k, v)
        json_array_append_new(a, json_pack("{s:s, s:O, s:b}", "value", k, "label", v,
                                           "selected", selected && strcmp(k, selected) == 0));
    return a;
}

static int cmp_name(const json_t *a, const json_t *b)
{
    const char *x = web_str(a, "name"), *y = web_str(b, "name");
    return strcmp(x ? x : "", y ? y : "");
}

static int cmp_phase(const void *pa, const void *pb)
{
    const json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
    const char *x = web_str(a, "phase_name"), *y = web_str(b, "phase_name");
    int c = strcmp(x ? x : "", y ? y : "");
    return c ? c : cmp_name(a, b);
}

/* Most recent change first; bodies never moved last. */
static int cmp_since(const void *pa, const void *pb)
{
    const json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
    const char *x = web_str(a, "since"), *y = web_str(b, "since");
    if (!x != !y) return x ? -1 : 1;
    int c = x ? strcmp(y, x) : 0;
    return c ? c : cmp_name(a, b);
}

/* The code of the body whose counts actor sees ("" when every body's:
 * staff), or NULL when none: a body's own user sees its own body's; an
 * anonymous visitor or another viewer none. */
static const char *counts_of(const app_actor_t *actor)
{
    if (web_is_staff(actor)) return "";
    if (actor->body[0] && web_may_read(actor, actor->body)) return actor->body;
    return NULL;
}

/* {code: {open_causes, overdue}} for the bodies whose record actor reads,
 * or NULL (store_body_counts: counted in SQL and by the bounded deadline
 * queries on plain rows, not from every body's whole record). */
static json_t *record_counts(store_t *s, const app_actor_t *actor, odate_t today)
{
    const char *code = counts_of(actor);
    if (!code) return NULL;
    ov_error_t err = {0};
    json_t *counts = NULL;
    if (store_body_counts(s, *code ? code : NULL, &today, &counts, &err) != 0) return NULL;
    return counts;
}

/* Renders the board: ctx (stolen: the rows, or their HTML as rows_html,
 * with count, total, show_counts and level_totals) given the filters,
 * sort links and whether filtered; phases, kinds and sorts (borrowed) are
 * the filters' values (value -> label). */
static void render_board(http_request_t *req, http_response_t *resp, const app_actor_t *actor, const char *phase,
                         const char *kind, const char *sort, const json_t *phases, const json_t *kinds,
                         const json_t *sorts, json_t *ctx)
{
    json_t *sort_links = json_array();
    for (size_t k = 0; k < sizeof SORTS / sizeof SORTS[0]; k++)
        json_array_append_new(sort_links,
                              json_pack("{s:s, s:o, s:b}", "label", SORTS[k][1], "href",
                                        board_href(phase, kind, SORTS[k][0]), "current",
                                        (sort ? strcmp(sort, SORTS[k][0]) == 0 : k == 0)));
    /* the filter selects: {name, label, all (the option for no filter), options} */
    json_t *filters = json_pack("[{s:s, s:s, s:s, s:o}, {s:s, s:s, s:s, s:o}, {s:s, s:s, s:n, s:o}]",
                                "name", "phase", "label", "Phase", "all", "All phases", "options",
                                options(phases, phase), "name", "kind", "label", "Kind", "all", "All kinds", "options",
                                options(kinds, kind), "name", "sort", "label", "Sort by", "all", "options",
                                options(sorts, sort ? sort : "name"));
    if (ctx) {
        json_object_set_new(ctx, "filtered", json_boolean(phase || kind));
        json_object_set_new(ctx, "filters", filters);
        json_object_set_new(ctx, "sort_links", sort_links);
    } else {
        json_decref(filters);
        json_decref(sort_links);
    }
    web_render(req, resp, 200, "board", "Status of monitoring", actor, ctx);
}

/* A sort's filter values: {name: Name, phase: Phase, since: Since}. */
static json_t *sort_values(void)
{
    json_t *sorts = json_object();
    for (size_t k = 0; k < sizeof SORTS / sizeof SORTS[0]; k++)
        json_object_set_new(sorts, SORTS[k][0], json_string(SORTS[k][1]));
    return sorts;
}

int web_page_board(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    web_actor(req, &actor);
    ov_error_t err = {0};
    json_t *rows = NULL, *counts = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_bodies_list(s, &rows, &err);
    if (rc == 0) counts = record_counts(s, &actor, app_today(app));
    store_pool_release(app->pool, s);
    if (rc != 0) {
        web_error_store(req, resp, &err, &actor);
        return 0;
    }

    /* the phases and kinds that occur, for the filters */
    json_t *phases = json_object(), *kinds = json_object(), *sorts = sort_values();
    size_t i;
    json_t *b;
    json_array_foreach(rows, i, b) {
        const char *p = web_str(b, "phase"), *k = web_str(b, "kind");
        if (p) json_object_set_new(phases, p, json_string(web_str(b, "phase_name") ? web_str(b, "phase_name") : p));
        if (k) json_object_set_new(kinds, k, json_string(web_kind_name(k)));
    }
    const char *phase = allowed_arg(req, "phase", phases), *kind = allowed_arg(req, "kind", kinds);
    const char *sort = allowed_arg(req, "sort", sorts);

    size_t n = 0, total = json_array_size(rows);
    json_t **shown = calloc(total ? total : 1, sizeof *shown);
    json_array_foreach(rows, i, b) {
        if (!shown) break;
        if (phase && strcmp(phase, web_str(b, "phase") ? web_str(b, "phase") : "") != 0) continue;
        if (kind && strcmp(kind, web_str(b, "kind") ? web_str(b, "kind") : "") != 0) continue;
        shown[n++] = b;
    }
    if (sort && strcmp(sort, "phase") == 0) qsort(shown, n, sizeof *shown, cmp_phase);
    else if (sort && strcmp(sort, "since") == 0) qsort(shown, n, sizeof *shown, cmp_since);

    /* the names of the bodies merged into (any row of the list) */
    json_t *names = json_object();
    json_array_foreach(rows, i, b)
        if (web_str(b, "code") && web_str(b, "name")) json_object_set(names, web_str(b, "code"), json_object_get(b, "name"));
    /* the level totals: the bodies shown that are not retired, per level, in
     * the order the levels first occur */
    json_t *totals = json_array(), *at = json_object();
    json_t *list = json_array();
    for (size_t k = 0; k < n; k++) {
        json_t *r = json_deep_copy(shown[k]);
        const char *code = web_str(r, "code");
        json_object_set_new(r, "kind_text", json_string(web_kind_name(web_str(r, "kind"))));
        web_date_field(r, "since");
        if (web_str(r, "retired_on")) {
            json_object_set_new(r, "retired", json_true());
            web_date_field(r, "retired_on");
            const char *succ = web_str(r, "successor");
            if (succ)
                json_object_set_new(r, "successor_view",
                                    json_pack("{s:s, s:O}", "code", succ, "name",
                                              json_object_get(names, succ) ? json_object_get(names, succ)
                                                                            : json_object_get(r, "successor")));
        } else if (web_str(r, "phase")) {
            const char *p = web_str(r, "phase");
            json_t *t = json_object_get(at, p);
            if (!t) {
                t = json_pack("{s:s, s:s, s:I}", "phase", p, "name", web_str(r, "phase_name") ? web_str(r, "phase_name") : p,
                              "count", (json_int_t)0);
                json_object_set(at, p, t);
                json_array_append_new(totals, t);
            }
            json_object_set_new(t, "count", json_integer(json_integer_value(json_object_get(t, "count")) + 1));
        }
        json_t *c = code && counts ? json_object_get(counts, code) : NULL;
        if (c) json_object_set(r, "counts", c);
        json_array_append_new(list, r);
    }
    free(shown);
    json_decref(at);
    json_decref(names);

    render_board(req, resp, &actor, phase, kind, sort, phases, kinds, sorts,
                 json_pack("{s:o, s:I, s:I, s:b, s:o}", "bodies", list, "count", (json_int_t)n, "total",
                           (json_int_t)total, "show_counts", counts != NULL, "level_totals", totals));
    json_decref(phases);
    json_decref(kinds);
    json_decref(sorts);
    json_decref(rows);
    json_decref(counts);
    return 0;
}

/* The comparisons above, on the rows kept (the same order: a name, then
 * the same keys, compared with the same strcmp). */
static int row_cmp_name(const store_body_row_t *a, const store_body_row_t *b) { return strcmp(a->name, b->name); }

static int row_cmp_phase(const void *pa, const void *pb)
{
    const store_body_row_t *a = *(const store_body_row_t *const *)pa, *b = *(const store_body_row_t *const *)pb;
    int c = strcmp(a->phase_name, b->phase_name);
    return c ? c : row_cmp_name(a, b);
}

static int row_cmp_since(const void *pa, const void *pb)
{
    const store_body_row_t *a = *(const store_body_row_t *const *)pa, *b = *(const store_body_row_t *const *)pb;
    if (!a->since != !b->since) return a->since ? -1 : 1;
    int c = a->since ? strcmp(b->since, a->since) : 0;
    return c ? c : row_cmp_name(a, b);
}

/* The HTML of a row of the board (templates/board_row.html, as
 * web_page_board renders it), appended to out: without the counts columns
 * (STORE_BODY_ROW_PLAIN), with them but no counts (DASHES), or with the
 * counts open and overdue (COUNTED). succ_name: the name of the body it
 * was merged into (a retired row with a successor). 0 or -1. */
static int row_html(const store_body_row_t *v, const char *succ_name, store_body_row_memo_t which,
                    long long open, long long overdue, buf_t *out)
{
    json_t *r = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:b}", "code", v->code, "name", v->name, "phase", v->phase,
                          "phase_name", v->phase_name, "kind_text", web_kind_name(v->kind), "since",
                          web_date(v->since), "show_counts", which != STORE_BODY_ROW_PLAIN);
    if (r && which == STORE_BODY_ROW_COUNTED)
        json_object_set_new(r, "counts", json_pack("{s:I, s:I}", "open_causes", (json_int_t)open, "overdue",
                                                   (json_int_t)overdue));
    if (r && v->retired_on) {
        json_object_set_new(r, "retired", json_true());
        if (v->successor)
            json_object_set_new(r, "successor_view", json_pack("{s:s, s:s}", "code", v->successor, "name", succ_name));
    }
    int rc = r ? web_render_part("board_row", r, out) : -1;
    json_decref(r);
    return rc;
}

typedef struct {
    const char *phase, *name;   /* borrowed from the rows */
    json_int_t count;
} level_count_t;

int web_page_board_at(http_request_t *req, http_response_t *resp, const char *gen)
{
    app_t *app = req->app;
    app_actor_t actor;
    web_actor(req, &actor);
    /* the counts the viewer sees: every body's (staff), their own body's,
     * or none; kept beside the rows, for today */
    const char *mine = counts_of(&actor);
    odate_t today = app_today(app);
    ov_error_t err = {0};
    store_body_rows_t *rows = NULL;
    size_t read = 0;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_body_rows_counted_at(s, gen, mine ? &today : NULL, &rows, &read, &err);
    store_pool_release(app->pool, s);
    if (rc != 0) {
        web_error_store(req, resp, &err, &actor);
        return 0;
    }
    size_t total = store_body_rows_count(rows), n = 0;
    store_body_row_t *v = calloc(total ? total : 1, sizeof *v);
    const store_body_row_t **shown = calloc(total ? total : 1, sizeof *shown);
    /* the level totals: as web_page_board counts them, in the order the
     * levels first occur among the rows shown */
    level_count_t *levels = calloc(total ? total : 1, sizeof *levels);
    size_t nlevels = 0;
    json_t *phases = json_object(), *kinds = json_object(), *sorts = sort_values();
    buf_t html = BUF_INIT;
    html.limit = 8u << 20;   /* web_render's: a longer page fails there anyway */
    const char *phase = NULL, *kind = NULL, *sort = NULL;
    if (!v || !shown || !levels) goto fail;
    for (size_t i = 0; i < total; i++) {
        store_body_rows_get(rows, i, &v[i]);
        /* the phases and kinds that occur, for the filters */
        if (!json_object_get(phases, v[i].phase)) json_object_set_new(phases, v[i].phase, json_string(v[i].phase_name));
        if (!json_object_get(kinds, v[i].kind)) json_object_set_new(kinds, v[i].kind, json_string(web_kind_name(v[i].kind)));
    }
    phase = allowed_arg(req, "phase", phases);
    kind = allowed_arg(req, "kind", kinds);
    sort = allowed_arg(req, "sort", sorts);
    for (size_t i = 0; i < total; i++) {
        if (phase && strcmp(phase, v[i].phase) != 0) continue;
        if (kind && strcmp(kind, v[i].kind) != 0) continue;
        shown[n++] = &v[i];
    }
    if (sort && strcmp(sort, "phase") == 0) qsort(shown, n, sizeof *shown, row_cmp_phase);
    else if (sort && strcmp(sort, "since") == 0) qsort(shown, n, sizeof *shown, row_cmp_since);

    for (size_t k = 0; k < n; k++) {
        const store_body_row_t *r = shown[k];
        size_t i = (size_t)(r - v), len = 0;
        /* which of the row's three forms this viewer sees */
        store_body_row_memo_t which = STORE_BODY_ROW_PLAIN;
        long long open = 0, overdue = 0;
        if (mine) {
            which = STORE_BODY_ROW_DASHES;
            if ((!*mine || strcmp(mine, r->code) == 0) && store_body_rows_counts(rows, i, &open, &overdue))
                which = STORE_BODY_ROW_COUNTED;
        }
        if (r->retired_on) {
            if (r->successor) {
                /* its successor's name, from any row: not kept with the row */
                const char *succ = r->successor;
                for (size_t j = 0; j < total; j++)
                    if (strcmp(v[j].code, r->successor) == 0) succ = v[j].name;
                if (row_html(r, succ, which, open, overdue, &html) != 0) goto fail;
                continue;
            }
        } else {
            size_t l = 0;
            while (l < nlevels && strcmp(levels[l].phase, r->phase) != 0) l++;
            if (l == nlevels) levels[nlevels++] = (level_count_t){r->phase, r->phase_name, 0};
            levels[l].count++;
        }
        /* the row's HTML, made once per row read (store_body_rows_memo) */
        const char *memo = store_body_rows_memo(rows, i, which, &len);
        if (!memo) {
            buf_t one = BUF_INIT;
            if (row_html(r, NULL, which, open, overdue, &one) != 0 || one.failed || !one.data) {
                buf_free(&one);
                goto fail;
            }
            memo = store_body_rows_memo_set(rows, i, which, one.data, one.len, &len);
            buf_free(&one);
            if (!memo) goto fail;
        }
        buf_append(&html, memo, len);
    }
    if (html.failed) goto fail;
    json_t *totals = json_array();
    for (size_t l = 0; l < nlevels; l++)
        json_array_append_new(totals, json_pack("{s:s, s:s, s:I}", "phase", levels[l].phase, "name", levels[l].name,
                                                "count", levels[l].count));
    json_t *ctx = json_pack("{s:[], s:o, s:I, s:I, s:b, s:o}", "bodies", "rows_html",
                            json_stringn_nocheck(html.data ? html.data : "", html.len), "count", (json_int_t)n,
                            "total", (json_int_t)total, "show_counts", mine != NULL, "level_totals", totals);
    buf_free(&html);
    render_board(req, resp, &actor, phase, kind, sort, phases, kinds, sorts, ctx);
    char counted[48];
    snprintf(counted, sizeof counted, "%zu/%zu", read, total);
    http_response_header(resp, "X-Rows-Read", counted);
    goto done;
fail:
    buf_free(&html);
    web_render(req, resp, 500, "board", "Status of monitoring", &actor, NULL);   /* the plain 500 */
done:
    free(levels);
    free(shown);
    free(v);
    json_decref(phases);
    json_decref(kinds);
    json_decref(sorts);
    store_body_rows_release(rows);
    return 0;
}
