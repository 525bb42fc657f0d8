/*
 * release.c: the news release beside the letter (see release.h). The
 * wording follows the inspectorate's release on the Metropolitan Police
 * Service (seeds/002): the headline and its summary, the monitoring
 * process in a paragraph, the decision and its date with the entry it
 * ends, the improvements that support it, progress on the plan, and the
 * attributed quotes. Composing is pure; the workflow reads the store.
 */
#include "docs/release.h"
#include "docs/letter.h"
#include "store/letter_facts.h"
#include "store/letters.h"
#include "store/releases.h"
#include "render/html.h"
#include "core/jget.h"
#include "core/phase.h"
#include "core/date.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HMCI_TITLE "His Majesty\u2019s Chief Inspector of Constabulary and Fire & Rescue Services"
#define INSPECTORATE "His Majesty\u2019s Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS)"
#define RELEASE_TEXT_MAX 20000
#define RELEASE_HEADLINE_MAX 300

static const struct { const char *key, *label; } BLOCKS[] = {
    {"headline", "Headline"},
    {"summary", "Summary"},
    {"process", "The monitoring process"},
    {"decision", "The decision"},
    {"improvements", "The improvements that support it"},
    {"progress", "Progress on the plan"},
    {NULL, NULL},
};

int release_block_valid(const char *key)
{
    for (int i = 0; key && BLOCKS[i].key; i++)
        if (strcmp(BLOCKS[i].key, key) == 0) return 1;
    return 0;
}

int release_block_check(const char *key, const char *text, ov_error_t *err)
{
    if (!release_block_valid(key))
        return ov_error_set(err, OV_EINVALID, "block",
                            "block must be headline, summary, process, decision, improvements or progress");
    const char *p = text ? text : "";
    while (*p && isspace((unsigned char)*p)) p++;
    if (!*p) return ov_error_set(err, OV_EINVALID, "text", "Enter the text of the block");
    size_t n = strlen(text);
    if (n > RELEASE_TEXT_MAX) return ov_error_set(err, OV_EINVALID, "text", "text must be at most 20,000 characters");
    if (strcmp(key, "headline") == 0 && (n > RELEASE_HEADLINE_MAX || strpbrk(text, "\r\n")))
        return ov_error_set(err, OV_EINVALID, "text", "the headline must be one line of at most 300 characters");
    return 0;
}

static int has(const json_t *o, const char *key)
{
    return *jget_text(o, key) != '\0';
}

/* text split at blank lines (paragraphs) or at every line (items),
 * trimmed, empty ones dropped. New array. */
static json_t *split_text(const char *text, int lines)
{
    json_t *out = json_array();
    const char *p = text ? text : "";
    while (*p) {
        const char *end = lines ? strchr(p, '\n') : strstr(p, "\n\n");
        if (!lines && !end) end = strstr(p, "\r\n\r\n");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        size_t a = 0;
        while (a < n && isspace((unsigned char)p[a])) a++;
        while (n > a && isspace((unsigned char)p[n - 1])) n--;
        if (n > a) {
            char *t = strndup(p + a, n - a);
            /* a paragraph's own line breaks are spaces */
            for (char *c = t; c && *c; c++)
                if (*c == '\n' || *c == '\r') *c = ' ';
            json_t *js = t ? json_string(t) : NULL;
            if (js) json_array_append_new(out, js);
            free(t);
        }
        if (!end) break;
        p = end + (lines ? 1 : 2);
    }
    return out;
}

static void date_text(const char *iso, char out[64])
{
    if (letter_date_text(iso, out, 64) != 0) snprintf(out, 64, "%s", iso ? iso : "");
}

static char *lcfirst(const char *s)
{
    char *d = strdup(s ? s : "");
    if (d && isupper((unsigned char)d[0]) && islower((unsigned char)d[1])) d[0] = (char)tolower((unsigned char)d[0]);
    return d;
}

/* 1 unless both dates are known and `date` is after `until`: a release
 * does not speak of what came after the decision it announces. */
static int by_decision(const char *date, const char *until)
{
    odate_t d, u;
    if (!date || !*date || !until || !*until || date_parse(date, &d) || date_parse(until, &u)) return 1;
    return date_compare(&d, &u) <= 0;
}

/* The improvements drafted from the record: for a return, what was closed
 * (causes of concern by their subject, external reports whose matters are
 * all closed); for a move, the open causes of concern; only causes issued
 * by the decision's day (until). One a line. */
static void drafted_improvements(const json_t *facts, int exit, const char *until, buf_t *b)
{
    json_t *all = json_array();
    size_t i, j;
    json_t *insp, *x;
    json_array_foreach(json_object_get(facts, "inspections"), i, insp)
        json_array_foreach(json_object_get(insp, "causes"), j, x) json_array_append(all, x);
    json_array_foreach(json_object_get(facts, "other_causes"), i, x) json_array_append(all, x);
    json_array_foreach(all, i, x) {
        int closed = strcmp(jget_text(x, "status"), "closed") == 0;
        if (closed != exit || !by_decision(jget_text(x, "issued_on"), until)) continue;
        char *lc = lcfirst(has(x, "title") ? jget_text(x, "title") : jget_text(x, "text"));
        if (lc && *lc) buf_printf(b, "%s%s", b->len ? "\n" : "", lc);
        free(lc);
    }
    json_decref(all);
    if (!exit) return;
    json_array_foreach(json_object_get(facts, "external_reports"), i, x) {
        size_t open = 0;
        json_array_foreach(json_object_get(x, "matters"), j, insp)
            if (strcmp(jget_text(insp, "status"), "closed") != 0) open++;
        if (open || json_array_size(json_object_get(x, "matters")) == 0) continue;
        char *n = letter_report_name(jget_text(x, "title"));
        if (n) buf_printf(b, "%smatters related to %s", b->len ? "\n" : "", n);
        free(n);
    }
}

/* One block of the model: its drafted text, the latest edit over it. */
static void add_block(json_t *blocks, const char *key, const char *drafted, const json_t *edits)
{
    const char *text = drafted, *label = key;
    size_t i;
    json_t *e;
    int edited = 0;
    json_array_foreach(edits, i, e)
        if (strcmp(jget_text(e, "block"), key) == 0) {
            text = jget_text(e, "text");
            edited = 1;
        }
    for (int k = 0; BLOCKS[k].key; k++)
        if (strcmp(BLOCKS[k].key, key) == 0) label = BLOCKS[k].label;
    int items = strcmp(key, "improvements") == 0;
    json_t *b = json_pack("{s:s, s:s, s:s, s:s, s:b}", "key", key, "label", label, "text", text ? text : "",
                          "drafted", drafted ? drafted : "", "edited", edited);
    if (!b) return;
    json_t *parts = split_text(text, items);
    if (items) {
        /* punctuated as the inspectorate lists them: ";", "; and", "." */
        json_t *punct = json_array();
        size_t n = json_array_size(parts);
        json_t *t;
        json_array_foreach(parts, i, t) {
            char *item = letter_list_item(json_string_value(t), i, n);
            json_t *js = item ? json_string(item) : NULL;
            if (js) json_array_append_new(punct, js);
            free(item);
        }
        json_decref(parts);
        json_object_set_new(b, "items", punct);
    } else {
        json_object_set_new(b, "paragraphs", parts);
    }
    json_array_append_new(blocks, b);
}

json_t *release_compose(const json_t *row, const json_t *facts, const char *country, const json_t *edits,
                        const json_t *quotes, ov_error_t *err)
{
    const json_t *body = json_object_get(facts, "body"), *d = json_object_get(facts, "decision");
    if (!json_is_object(d)) {
        ov_error_set(err, OV_EINVALID, "decision_id", "the body has no phase decision to announce");
        return NULL;
    }
    const json_t *levels = json_object_get(facts, "levels");
    const char *routine = jget_text(json_object_get(levels, "routine"), "name");
    const char *enhanced = jget_text(json_object_get(levels, "enhanced"), "name");
    const char *routine_code = jget_text(json_object_get(levels, "routine"), "code");
    int exit = strcmp(jget_text(d, "to_phase"), routine_code) == 0;
    if (exit && has(d, "from_phase_name")) enhanced = jget_text(d, "from_phase_name");
    if (!exit && has(d, "to_phase_name")) enhanced = jget_text(d, "to_phase_name");
    const char *name = jget_text(body, "name");
    int fire = strcmp(jget_text(body, "kind"), "fire") == 0;
    /* "the Metropolitan Police Service", as the letters name it */
    size_t nl = strlen(name);
    int article = (nl >= 7 && strcmp(name + nl - 7, "Service") == 0) || strncmp(name, "Police Service", 14) == 0;
    char full[400], Full[400];
    snprintf(full, sizeof full, "%s%s", article ? "the " : "", name);
    snprintf(Full, sizeof Full, "%s", full);
    Full[0] = (char)toupper((unsigned char)Full[0]);
    const char *units = fire ? "fire and rescue services" : "police forces";
    const char *where = country && *country ? country : fire ? "England" : "England and Wales";
    char decided[64], entered[64];
    date_text(jget_text(d, "decided_on"), decided);
    const json_t *entry = json_object_get(facts, "engage_entry");
    date_text(json_is_object(entry) ? jget_text(entry, "effective_on") : "", entered);

    buf_t headline = BUF_INIT, summary = BUF_INIT, process = BUF_INIT, decision = BUF_INIT, improvements = BUF_INIT,
          progress = BUF_INIT;
    if (exit) {
        buf_printf(&headline, "%s removed from enhanced monitoring", name);
        buf_printf(&summary, "%s has made improvements and has therefore been removed from an enhanced level of "
                             "monitoring by the %s inspectorate.", Full, fire ? "fire and rescue" : "police");
    } else {
        buf_printf(&headline, "%s moved into enhanced monitoring", name);
        buf_printf(&summary, "%s has been moved into an enhanced level of monitoring by the %s inspectorate.", Full,
                   fire ? "fire and rescue" : "police");
    }
    buf_printf(&process, INSPECTORATE " continuously monitors the performance of all %s in %s.\n\n", units, where);
    buf_printf(&process, "The monitoring process consists of two stages: %s and %s. All %s are in routine monitoring "
                         "under the %s stage by default, but may be escalated to enhanced monitoring under the %s "
                         "stage if they are not effectively addressing the inspectorate\u2019s concerns.",
               routine, enhanced, units, routine, enhanced);
    drafted_improvements(facts, exit, jget_text(d, "decided_on"), &improvements);
    const char *who = jget_text(d, "decided_by");
    buf_t hmci = BUF_INIT;
    if (!*who) buf_puts(&hmci, HMCI_TITLE);
    else if (strstr(who, "Chief Inspector")) buf_puts(&hmci, who);
    else buf_printf(&hmci, HMCI_TITLE ", %s", who);
    if (exit && *entered) buf_printf(&decision, "%s was moved into %s on %s.\n\n", Full, enhanced, entered);
    if (*decided) buf_printf(&decision, "On %s, ", decided);
    if (exit)
        buf_printf(&decision, "%s has decided to remove %s from %s because it has made improvements%s",
                   hmci.data ? hmci.data : "", full, enhanced, improvements.len ? ", including:" : ".");
    else
        buf_printf(&decision, "%s has decided to move %s into %s%s", hmci.data ? hmci.data : "", full, enhanced,
                   improvements.len ? " because of causes of concern about:" : ".");
    buf_free(&hmci);
    const json_t *plan = json_object_get(facts, "plan");
    if (json_is_object(plan) && has(plan, "name")) {
        if (exit)
            buf_printf(&progress, "%s has also made progress against its %s, which was introduced to support "
                                  "improvements in its performance and governance.", Full, jget_text(plan, "name"));
        else
            buf_printf(&progress, "%s will report its progress against its %s.", Full, jget_text(plan, "name"));
    }

    json_t *blocks = json_array();
    add_block(blocks, "headline", headline.data, edits);
    add_block(blocks, "summary", summary.data, edits);
    add_block(blocks, "process", process.data, edits);
    add_block(blocks, "decision", decision.data, edits);
    add_block(blocks, "improvements", improvements.data, edits);
    add_block(blocks, "progress", progress.data, edits);
    buf_free(&headline);
    buf_free(&summary);
    buf_free(&process);
    buf_free(&decision);
    buf_free(&improvements);
    buf_free(&progress);

    json_t *qs = json_array();
    size_t i;
    json_t *q;
    json_array_foreach(quotes, i, q) {
        char intro[700];
        if (has(q, "speaker_title"))
            snprintf(intro, sizeof intro, "%s %s said:", jget_text(q, "speaker_title"), jget_text(q, "speaker"));
        else snprintf(intro, sizeof intro, "%s said:", jget_text(q, "speaker"));
        /* each paragraph opens with a quotation mark, the last also closes */
        json_t *paras = split_text(jget_text(q, "text"), 0), *quoted = json_array();
        size_t k, n = json_array_size(paras);
        json_t *p;
        json_array_foreach(paras, k, p) {
            char *s = NULL;
            if (asprintf(&s, "\u201c%s%s", json_string_value(p), k + 1 == n ? "\u201d" : "") >= 0) {
                json_array_append_new(quoted, json_string(s));
                free(s);
            }
        }
        json_decref(paras);
        json_array_append_new(qs, json_pack("{s:O?, s:s, s:s, s:s, s:s, s:o, s:s}", "id", json_object_get(q, "id"),
                                            "speaker", jget_text(q, "speaker"), "speaker_title",
                                            jget_text(q, "speaker_title"), "intro", intro, "text", jget_text(q, "text"),
                                            "paragraphs", quoted, "source", jget_text(q, "source")));
    }
    const char *published = jget_str(row, "published_on");
    json_t *model = json_pack("{s:O?, s:s, s:s, s:s}", "id", json_object_get(row, "id"), "body", jget_text(body, "code"),
                              "body_name", name, "status", "draft");
    json_object_set(model, "letter_id", json_object_get(row, "letter_id") ? json_object_get(row, "letter_id")
                                                                          : json_null());
    json_object_set(model, "decision_id", json_object_get(d, "id"));
    json_object_set_new(model, "headline", json_deep_copy(json_object_get(json_array_get(blocks, 0), "text")));
    char text[64];
    const char *day = published && *published ? published : jget_text(d, "decided_on");
    date_text(day, text);
    json_object_set_new(model, "published_on", published && *published ? json_string(published) : json_null());
    json_object_set_new(model, "date", json_string(day));
    json_object_set_new(model, "date_text", json_string(text));
    json_object_set_new(model, "decided_on", json_string(jget_text(d, "decided_on")));
    json_object_set_new(model, "decided_on_text", json_string(decided));
    json_object_set_new(model, "blocks", blocks);
    json_object_set_new(model, "quotes", qs);
    return model;
}

int release_facts(store_t *s, const char *body, long long decision_id, json_t **out, ov_error_t *err)
{
    *out = NULL;
    json_t *b = NULL, *d = NULL;
    int rc = store_letter_body(s, body ? body : "", &b, err);
    if (rc) return rc;
    long long body_id = json_integer_value(json_object_get(b, "id"));
    json_decref(b);
    rc = store_letter_decision(s, body_id, decision_id, NULL, &d, err);
    if (rc) return rc;
    if (!d) return ov_error_set(err, OV_EINVALID, "decision_id", "the body has no phase decision to announce");
    phase_model_t m;
    if ((rc = store_phase_model(s, &m, err)) != 0) {
        json_decref(d);
        return rc;
    }
    const phase_def_t *routine = phase_default(&m);
    int exit = routine && strcmp(jget_text(d, "to_phase"), routine->code) == 0;
    json_t *ask = json_pack("{s:s, s:s, s:O}", "body", body, "kind", exit ? "return_to_scan" : "move_to_engage",
                            "decision_id", json_object_get(d, "id"));
    json_decref(d);
    rc = ask ? letter_facts(s, ask, out, err) : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    json_decref(ask);
    return rc;
}

/* The model of a release row as the record stands now. */
static int model_now(store_t *s, const json_t *row, json_t **out, ov_error_t *err)
{
    *out = NULL;
    json_t *facts = NULL, *edits = NULL, *quotes = NULL;
    char country[64];
    long long id = json_integer_value(json_object_get(row, "id"));
    json_t *dv = json_object_get(row, "decision_id");
    int rc = release_facts(s, jget_str(row, "body"), json_is_integer(dv) ? json_integer_value(dv) : 0, &facts, err);
    if (rc == 0) rc = store_release_body_country(s, jget_str(row, "body"), country, sizeof country, err);
    if (rc == 0 && id > 0) rc = store_release_edits(s, id, &edits, err);
    if (rc == 0 && id > 0) rc = store_release_quotes(s, id, &quotes, err);
    if (rc == 0) {
        *out = release_compose(row, facts, country, edits, quotes, err);
        if (!*out) rc = err->status ? err->status : OV_EINTERNAL;
    }
    json_decref(facts);
    json_decref(edits);
    json_decref(quotes);
    return rc;
}

int release_view(store_t *s, long long id, json_t **out, ov_error_t *err)
{
    json_t *row = NULL, *model = NULL, *history = NULL;
    *out = NULL;
    int rc = store_release_get(s, id, &row, err);
    if (rc) return rc;
    const char *content = jget_str(row, "content");
    if (strcmp(jget_text(row, "status"), "draft") != 0 && content) {
        json_error_t je;
        model = json_loads(content, 0, &je);
        if (!model) rc = ov_error_set(err, OV_EINTERNAL, "", "news release %lld: stored content is not JSON", id);
    } else {
        rc = model_now(s, row, &model, err);
    }
    if (rc == 0) rc = store_release_edits(s, id, &history, err);
    if (rc == 0) {
        static const char *const KEYS[] = {"id", "status", "version", "created_by", "created_at", "approved_by",
                                           "approved_at", "published_by", "published_at", NULL};
        for (int i = 0; KEYS[i]; i++) json_object_set(model, KEYS[i], json_object_get(row, KEYS[i]));
        json_object_set_new(model, "history", history);
        history = NULL;
        *out = model;
        model = NULL;
    }
    json_decref(history);
    json_decref(model);
    json_decref(row);
    return rc;
}

int release_draft_for(store_t *s, const char *body, json_t **out, ov_error_t *err)
{
    json_t *row = json_pack("{s:s}", "body", body ? body : "");
    int rc = row ? model_now(s, row, out, err) : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    json_decref(row);
    return rc;
}

int release_approve(store_t *s, long long id, long long expected_version, const char *by, ov_error_t *err)
{
    store_tx_t tx;
    int rc = store_tx_begin(s, &tx, err);
    if (rc) return rc;
    json_t *row = NULL, *model = NULL;
    char *content = NULL;
    rc = store_release_get(s, id, &row, err);
    if (rc == 0 && strcmp(jget_text(row, "status"), "draft") != 0)
        rc = ov_error_set(err, OV_ECONFLICT, "status", "the news release is %s; only a draft can be approved",
                          jget_text(row, "status"));
    if (rc == 0) rc = model_now(s, row, &model, err);
    if (rc == 0) {
        /* the frozen model holds the release's words, not its workflow state */
        json_object_del(model, "status");
        json_object_del(model, "version");
        content = json_dumps(model, JSON_COMPACT);
        if (!content) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    if (rc == 0) rc = store_release_transition(s, id, expected_version, "draft", "approved", content, by, err);
    free(content);
    json_decref(model);
    json_decref(row);
    return store_tx_end(s, &tx, rc, err);
}

int release_publish(store_t *s, long long id, long long expected_version, const char *by, ov_error_t *err)
{
    store_tx_t tx;
    int rc = store_tx_begin(s, &tx, err);
    if (rc) return rc;
    json_t *head = NULL, *letter = NULL;
    rc = store_release_head(s, id, &head, err);
    json_t *lid = rc ? NULL : json_object_get(head, "letter_id");
    if (rc == 0 && json_is_integer(lid)) rc = store_letter_head(s, json_integer_value(lid), &letter, err);
    const char *ls = letter ? jget_text(letter, "status") : "";
    /* published with its letter: an approved letter goes out with it; a
     * draft letter holds the release back */
    if (rc == 0 && letter && strcmp(ls, "draft") == 0)
        rc = ov_error_set(err, OV_ECONFLICT, "letter_id",
                          "the letter this news release goes with (letter %lld) is a draft: approve it first",
                          (long long)json_integer_value(lid));
    if (rc == 0) rc = store_release_transition(s, id, expected_version, "approved", "published", NULL, by, err);
    if (rc == 0 && letter && strcmp(ls, "approved") == 0)
        rc = letter_publish(s, json_integer_value(lid), -1, by, err);
    json_decref(letter);
    json_decref(head);
    return store_tx_end(s, &tx, rc, err);
}

int release_publish_loaded(store_t *s, const char *today, const char *by, int *n, ov_error_t *err)
{
    json_t *rows = NULL;
    if (n) *n = 0;
    int rc = store_begin(s, err);
    if (rc) return rc;
    rc = store_releases_loaded_drafts(s, today, &rows, err);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        if (rc) break;
        long long id = json_integer_value(json_object_get(r, "id"));
        rc = release_approve(s, id, -1, by, err);
        if (rc == 0) rc = release_publish(s, id, -1, by, err);
        if (rc == 0 && n) (*n)++;
    }
    json_decref(rows);
    if (rc == 0) rc = store_commit(s, err);
    else store_rollback(s);
    if (rc && n) *n = 0;
    return rc;
}

/* ---- renderers ---- */

int release_render_text(const json_t *model, buf_t *out)
{
    buf_printf(out, "%s\n", jget_text(model, "headline"));
    if (has(model, "date_text")) buf_printf(out, "%s\n", jget_text(model, "date_text"));
    size_t i, k;
    json_t *b, *p;
    json_array_foreach(json_object_get(model, "blocks"), i, b) {
        if (strcmp(jget_text(b, "key"), "headline") == 0) continue;
        json_array_foreach(json_object_get(b, "paragraphs"), k, p) buf_printf(out, "\n%s\n", json_string_value(p));
        if (json_array_size(json_object_get(b, "items"))) buf_putc(out, '\n');
        json_array_foreach(json_object_get(b, "items"), k, p) buf_printf(out, "  - %s\n", json_string_value(p));
    }
    json_array_foreach(json_object_get(model, "quotes"), i, b) {
        buf_printf(out, "\n%s\n", jget_text(b, "intro"));
        json_array_foreach(json_object_get(b, "paragraphs"), k, p) buf_printf(out, "\n%s\n", json_string_value(p));
        if (has(b, "source")) buf_printf(out, "\n(Source: %s)\n", jget_text(b, "source"));
    }
    return out->failed ? OV_EINTERNAL : 0;
}

static void tag_text(buf_t *out, const char *open, const char *text, const char *close)
{
    buf_puts(out, open);
    html_escape_text(out, text);
    buf_puts(out, close);
}

int release_render_html_article(const json_t *model, buf_t *out)
{
    buf_puts(out, "<article class=\"release\">\n");
    tag_text(out, "<h1>", jget_text(model, "headline"), "</h1>\n");
    if (has(model, "date")) {
        buf_puts(out, "<p class=\"release-date\"><time datetime=\"");
        html_escape_text(out, jget_text(model, "date"));
        buf_puts(out, "\">");
        html_escape_text(out, jget_text(model, "date_text"));
        buf_puts(out, "</time></p>\n");
    }
    size_t i, k;
    json_t *b, *p;
    json_array_foreach(json_object_get(model, "blocks"), i, b) {
        if (strcmp(jget_text(b, "key"), "headline") == 0) continue;
        int summary = strcmp(jget_text(b, "key"), "summary") == 0;
        json_array_foreach(json_object_get(b, "paragraphs"), k, p)
            tag_text(out, summary ? "<p class=\"release-summary\">" : "<p>", json_string_value(p), "</p>\n");
        if (json_array_size(json_object_get(b, "items"))) {
            buf_puts(out, "<ul>\n");
            json_array_foreach(json_object_get(b, "items"), k, p) tag_text(out, "<li>", json_string_value(p), "</li>\n");
            buf_puts(out, "</ul>\n");
        }
    }
    json_array_foreach(json_object_get(model, "quotes"), i, b) {
        buf_puts(out, "<figure class=\"release-quote\">\n");
        tag_text(out, "<figcaption>", jget_text(b, "intro"), "</figcaption>\n<blockquote>\n");
        json_array_foreach(json_object_get(b, "paragraphs"), k, p) tag_text(out, "<p>", json_string_value(p), "</p>\n");
        buf_puts(out, "</blockquote>\n");
        if (has(b, "source")) tag_text(out, "<p class=\"release-source\">Source: ", jget_text(b, "source"), "</p>\n");
        buf_puts(out, "</figure>\n");
    }
    buf_puts(out, "</article>\n");
    return out->failed ? OV_EINTERNAL : 0;
}
