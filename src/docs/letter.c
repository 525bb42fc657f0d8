/*
 * letter.c: composes a letter's model from its fields and the facts of the
 * record (see letter.h). Pure: the same inputs give the same letter, which
 * is what lets approval freeze it.
 *
 * The wording follows the published letters (seeds/004): the decision and
 * the PPOG meeting, what supports the decision, the background (Engage
 * entry and its rationale), each inspection's causes of concern with their
 * recommendations and requirements, the plan and its pillars, the
 * conclusion. Record texts (causes, recommendations, requirements,
 * rationales, findings) are quoted verbatim.
 */
#include "docs/letter.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/phase.h"
#include "core/jget.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HMCI_TITLE "His Majesty\u2019s Chief Inspector of Constabulary and Fire & Rescue Services"
#define ENGAGE_PURPOSE                                                                                          \
    "we provide additional accountability and support to forces when there are causes of concern about their " \
    "efficiency, effectiveness or legitimacy that appear to need closer scrutiny."

typedef struct lctx {
    const json_t *letter, *facts;
    json_t *blocks;
    const char *kind;
    char full[400];      /* "the Metropolitan Police Service" */
    char first[420];     /* "the Metropolitan Police Service (MPS)" */
    char ref[400];       /* "the MPS" (or the full name) */
    char Ref[400];       /* "The MPS" */
    char refs[420];      /* "the MPS’s" */
    const char *scan, *engage;
    const char *sent;    /* the letter's date, "" if unknown */
} lctx_t;

static int has(const json_t *o, const char *key)
{
    return *jget_text(o, key) != '\0';
}

static int flag(const json_t *o, const char *key)
{
    return json_is_true(json_object_get(o, key));
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* ---- blocks ---- */

static void add_block(lctx_t *c, const char *type, const char *text)
{
    json_t *t = json_string(text ? text : "");
    if (!t) return;   /* not UTF-8: the record never stores such text */
    json_array_append_new(c->blocks, json_pack("{s:s, s:b, s:o}", "type", type, type, 1, "text", t));
}

static void add_buf(lctx_t *c, const char *type, buf_t *b)
{
    add_block(c, type, b->data ? b->data : "");
    buf_free(b);
}

static void __attribute__((format(printf, 3, 4))) addf(lctx_t *c, const char *type, const char *fmt, ...)
{
    char *s = NULL;
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n >= 0) add_block(c, type, s);
    free(s);
}

/* A bullet list of items (array of strings), punctuated as the letters do. */
static void add_bullets(lctx_t *c, const json_t *texts)
{
    json_t *items = json_array();
    size_t i, n = json_array_size(texts);
    json_t *t;
    json_array_foreach(texts, i, t) {
        char *item = letter_list_item(json_string_value(t), i, n);
        json_t *js = item ? json_string(item) : NULL;
        if (js) json_array_append_new(items, js);
        free(item);
    }
    json_array_append_new(c->blocks, json_pack("{s:s, s:b, s:o}", "type", "bullets", "bullets", 1, "items", items));
}

/* Paragraphs of a free text, split at blank lines. */
static void add_paragraphs(lctx_t *c, const char *text)
{
    const char *p = text;
    while (p && *p) {
        while (*p == '\n' || *p == '\r' || *p == ' ') p++;
        if (!*p) break;
        const char *end = strstr(p, "\n\n");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        while (n && isspace((unsigned char)p[n - 1])) n--;
        char *para = strndup(p, n);
        if (para) add_block(c, "p", para);
        free(para);
        p = end ? end + 2 : p + strlen(p);
    }
}

/* ---- words ---- */

static void date_text(const char *iso, char out[64])
{
    if (letter_date_text(iso, out, 64) != 0) snprintf(out, 64, "%s", iso ? iso : "");
}

/* s with its first letter lowered when it reads as an ordinary word
 * ("Call handling" -> "call handling", "MPS" stays). New string. */
static char *lcfirst(const char *s)
{
    char *d = strdup(s ? s : "");
    if (d && isupper((unsigned char)d[0]) && islower((unsigned char)d[1])) d[0] = (char)tolower((unsigned char)d[0]);
    return d;
}

static char *ucfirst(const char *s)
{
    char *d = strdup(s ? s : "");
    if (d && islower((unsigned char)d[0])) d[0] = (char)toupper((unsigned char)d[0]);
    return d;
}

/* What an inspection title says after "An inspection of ", with the body's
 * full name in the possessive shortened as the letters do ("the
 * Metropolitan Police Service's handling" -> "the MPS’s handling").
 * New string. */
static char *inspected_what(const lctx_t *c, const char *rest)
{
    size_t n = strlen(c->full);
    if (strcmp(c->ref, c->full) != 0 && strncmp(rest, c->full, n) == 0) {
        const char *tail = NULL;
        if (strncmp(rest + n, "'s", 2) == 0) tail = rest + n + 2;
        else if (strncmp(rest + n, "\u2019s", strlen("\u2019s")) == 0) tail = rest + n + strlen("\u2019s");
        char *out = NULL;
        if (tail && asprintf(&out, "%s%s", c->refs, tail) >= 0) return out;
    }
    return strdup(rest);
}

/* Joins the strings of a JSON array with "a, b and c". New string. */
static char *join_json(const json_t *arr)
{
    size_t n = json_array_size(arr);
    const char **v = calloc(n ? n : 1, sizeof *v);
    if (!v) return NULL;
    for (size_t i = 0; i < n; i++) v[i] = json_string_value(json_array_get(arr, i));
    char *s = letter_join(v, n);
    free(v);
    return s;
}

static void names_init(lctx_t *c)
{
    const json_t *body = json_object_get(c->facts, "body");
    const char *name = jget_text(body, "name"), *acr = jget_text(body, "acronym");
    const char *article = ends_with(name, "Service") || strncmp(name, "Police Service", 14) == 0 ? "the " : "";
    snprintf(c->full, sizeof c->full, "%s%s", article, name);
    if (*acr) {
        snprintf(c->first, sizeof c->first, "%s (%s)", c->full, acr);
        snprintf(c->ref, sizeof c->ref, "%s%s", article, acr);
    } else {
        snprintf(c->first, sizeof c->first, "%s", c->full);
        snprintf(c->ref, sizeof c->ref, "%s", c->full);
    }
    snprintf(c->Ref, sizeof c->Ref, "%s", c->ref);
    c->Ref[0] = (char)toupper((unsigned char)c->Ref[0]);
    snprintf(c->refs, sizeof c->refs, "%s\u2019s", c->ref);
    const json_t *d = json_object_get(c->facts, "decision");
    /* the names of the default framework's routine and enhanced levels, as
     * the facts give them (docs/letter_facts.c), else as built in */
    const phase_model_t *m = phase_model_builtin();
    const phase_def_t *routine = phase_default(m), *enh = phase_at_level(m, routine->framework, 2);
    const json_t *lv = json_object_get(c->facts, "levels");
    const json_t *lr = json_object_get(lv, "routine"), *le = json_object_get(lv, "enhanced");
    const char *routine_code = jget_str(lr, "code") ? jget_str(lr, "code") : routine->code;
    const char *enh_code = jget_str(le, "code") ? jget_str(le, "code") : enh->code;
    c->scan = jget_str(lr, "name") ? jget_str(lr, "name") : routine->name;
    c->engage = jget_str(le, "name") ? jget_str(le, "name") : enh->name;
    if (json_is_object(d)) {
        const char *to = jget_text(d, "to_phase"), *to_name = jget_text(d, "to_phase_name");
        const char *from_name = jget_text(d, "from_phase_name");
        if (strcmp(to, routine_code) == 0) {
            if (*to_name) c->scan = to_name;
            if (*from_name) c->engage = from_name;
        } else if (strcmp(to, enh_code) == 0) {
            if (*to_name) c->engage = to_name;
            if (*from_name) c->scan = from_name;
        }
    }
}

/* 1 unless both dates are known and `date` starts after the letter was sent:
 * a letter does not speak of what came after it. */
static int by_letter_date(const lctx_t *c, const char *date)
{
    odate_t d, sent;
    if (!c->sent || !*c->sent || !date || date_parse(date, &d) || date_parse(c->sent, &sent)) return 1;
    return date_compare(&d, &sent) <= 0;
}

/* "His Majesty’s Chief Inspector ..., Sir Andy Cooke," as the subject of
 * "has decided". */
static void hmci_phrase(lctx_t *c, buf_t *b)
{
    const json_t *d = json_object_get(c->facts, "decision");
    const char *who = json_is_object(d) ? jget_text(d, "decided_by") : "";
    if (!*who) buf_puts(b, HMCI_TITLE);
    else if (strstr(who, "Chief Inspector")) buf_puts(b, who);
    else buf_printf(b, HMCI_TITLE ", %s,", who);
}

/* ---- causes of concern ---- */

static size_t count_if(const json_t *causes, const char *key, const char *value)
{
    size_t n = 0, i;
    json_t *x;
    json_array_foreach(causes, i, x) {
        json_t *v = json_object_get(x, key);
        if (value ? (json_is_string(v) && strcmp(json_string_value(v), value) == 0) : json_is_true(v)) n++;
    }
    return n;
}

/* The causes of an inspection this letter sets out in full: those with
 * recommendations (a move into Engage: only the open ones). New array. */
static json_t *causes_to_show(lctx_t *c, const json_t *causes)
{
    json_t *out = json_array();
    /* accelerated ones first, as the letters present them */
    for (int pass = 0; pass < 2; pass++) {
        size_t i;
        json_t *x;
        json_array_foreach(causes, i, x) {
            if (flag(x, "accelerated") != (pass == 0)) continue;
            if (json_array_size(json_object_get(x, "recommendations")) == 0) continue;
            if (strcmp(c->kind, "move_to_engage") == 0 && strcmp(jget_text(x, "status"), "open") != 0) continue;
            if (!by_letter_date(c, jget_text(x, "issued_on"))) continue;
            json_array_append(out, x);
        }
    }
    return out;
}

static void recommendation_block(lctx_t *c, const json_t *r)
{
    char deadline[64], original[64];
    date_text(jget_text(r, "deadline"), deadline);
    date_text(jget_text(r, "original_deadline"), original);
    addf(c, "h3", "Recommendation %s", jget_text(r, "number"));
    const char *text = jget_text(r, "text");
    if (strncmp(text, "By ", 3) != 0 && *deadline) {
        char *lc = lcfirst(text);
        addf(c, "p", "By %s, %s", deadline, lc ? lc : "");
        free(lc);
    } else {
        add_block(c, "p", text);
    }
    json_t *reqs = json_object_get(r, "requirements");
    if (json_array_size(reqs)) add_bullets(c, reqs);
    if (has(r, "original_deadline") && strcmp(jget_text(r, "deadline"), jget_text(r, "original_deadline")) != 0)
        addf(c, "p", "The deadline of recommendation %s was revised to %s (originally %s).", jget_text(r, "number"),
             deadline, original);
}

static void cause_status(lctx_t *c, const json_t *x)
{
    char when[64];
    if (strcmp(jget_text(x, "status"), "closed") == 0) {
        date_text(jget_text(x, "closed_on"), when);
        addf(c, "p", "We closed this cause of concern in %s.", when);
    } else {
        add_block(c, "p", "This cause of concern remains open.");
    }
}

/* "The first accelerated cause of concern was:" and the like. */
static void cause_intro(lctx_t *c, const json_t *x, size_t index, size_t acc_index, size_t n, size_t n_acc)
{
    char ob[16];
    if (n == 1)
        addf(c, "p", "The cause of concern%s was:", flag(x, "accelerated") ? ", which was accelerated," : "");
    else if (n_acc == 0)
        addf(c, "p", "The %s cause of concern was:", letter_ordinal_word((long)index + 1, ob));
    else if (flag(x, "accelerated"))
        addf(c, "p", "The %s accelerated cause of concern was:", letter_ordinal_word((long)acc_index + 1, ob));
    else
        addf(c, "p", "The %s cause of concern, which was not accelerated, was:", letter_ordinal_word((long)index + 1, ob));
}

static void revisits_block(lctx_t *c, const json_t *revisits)
{
    size_t n = json_array_size(revisits), i;
    if (!n) return;
    json_t *r;
    char cw[16], when[64];
    /* the years (or dates) the revisits started, and their common scope */
    const char *first_start = jget_text(json_array_get(revisits, 0), "started_on");
    const char *scope = jget_text(json_array_get(revisits, 0), "scope");
    int same_start = 1, same_scope = 1;
    json_array_foreach(revisits, i, r) {
        if (strcmp(jget_text(r, "started_on"), first_start) != 0) same_start = 0;
        if (strcmp(jget_text(r, "scope"), scope) != 0) same_scope = 0;
    }
    buf_t b = BUF_INIT;
    date_text(first_start, when);
    if (same_start && *when) buf_printf(&b, "In %s, we", when);
    else buf_puts(&b, "We");
    buf_printf(&b, " carried out %s revisit%s to %s", letter_count_word((long)n, cw), n == 1 ? "" : "s", c->ref);
    if (same_scope && *scope) {
        char *lc = lcfirst(scope);
        size_t len = lc ? strlen(lc) : 0;
        while (len && lc[len - 1] == '.') lc[--len] = '\0';
        buf_printf(&b, " to assess %s", lc ? lc : "");
        free(lc);
    }
    buf_puts(&b, ".");
    add_buf(c, "p", &b);
    json_array_foreach(revisits, i, r)
        if (has(r, "findings")) add_block(c, "p", jget_text(r, "findings"));
}

/* One inspection's causes of concern in full. */
static void inspection_section(lctx_t *c, const json_t *insp)
{
    json_t *causes = causes_to_show(c, json_object_get(insp, "causes"));
    size_t n = json_array_size(causes);
    if (!n) {
        json_decref(causes);
        return;
    }
    size_t n_acc = count_if(causes, "accelerated", NULL), i;
    char cw[16], period[96];
    add_block(c, "h2", jget_text(insp, "title"));
    buf_t b = BUF_INIT;
    const char *title = jget_text(insp, "title");
    letter_period_text(json_string_value(json_object_get(insp, "fieldwork_start")),
                       json_string_value(json_object_get(insp, "fieldwork_end")), period, sizeof period);
    if (*period) buf_printf(&b, "In %s, ", period);
    const char *pre = "An inspection of ";
    if (strncmp(title, pre, strlen(pre)) == 0) {
        char *what = inspected_what(c, title + strlen(pre));
        buf_printf(&b, "%s %s.", *period ? "we inspected" : "We inspected", what ? what : "");
        free(what);
    } else buf_printf(&b, "%s this inspection.", *period ? "we carried out" : "We carried out");
    if (has(insp, "commissioned_by"))
        buf_printf(&b, " It was commissioned by the %s.", jget_text(insp, "commissioned_by"));
    /* The summary, when recorded, is the inspectorate's own account of what
     * it issued and why (seeds/004: "We issued three causes of concern about
     * how ... Two of these ... were accelerated because ..."): quoted in
     * place of the counts, its first paragraph joining this one. */
    const char *summary = jget_text(insp, "summary");
    while (*summary == ' ' || *summary == '\n') summary++;
    if (*summary) {
        const char *brk = strstr(summary, "\n\n");
        size_t len = brk ? (size_t)(brk - summary) : strlen(summary);
        buf_printf(&b, " %.*s", (int)len, summary);
        add_buf(c, "p", &b);
        if (brk) add_paragraphs(c, brk + 2);
    } else {
        buf_printf(&b, " We issued %s cause%s of concern.", letter_count_word((long)n, cw), n == 1 ? "" : "s");
        add_buf(c, "p", &b);
    }
    if (*summary) {
        /* the summary gave the counts */
    } else if (n > 1 && n_acc == n) add_block(c, "p", "All of these causes of concern were accelerated.");
    else if (n > 1 && n_acc) {
        char *w = ucfirst(letter_count_word((long)n_acc, cw));
        addf(c, "p", "%s of these causes of concern %s accelerated.", w ? w : "", n_acc == 1 ? "was" : "were");
        free(w);
    }
    json_t *x;
    size_t acc_index = 0;
    json_array_foreach(causes, i, x) {
        cause_intro(c, x, i, acc_index, n, n_acc);
        if (flag(x, "accelerated")) acc_index++;
        add_block(c, "h3", "Cause of concern");
        add_block(c, "p", jget_text(x, "text"));
        size_t k;
        json_t *r;
        json_array_foreach(json_object_get(x, "recommendations"), k, r) recommendation_block(c, r);
        if (strcmp(c->kind, "revisit") == 0) cause_status(c, x);
    }
    revisits_block(c, json_object_get(insp, "revisits"));
    if (strcmp(c->kind, "return_to_scan") == 0) {
        size_t closed = count_if(causes, "status", "closed");
        if (closed == n) {
            /* the latest closing date */
            const char *last = "";
            json_array_foreach(causes, i, x)
                if (strcmp(jget_text(x, "closed_on"), last) > 0) last = jget_text(x, "closed_on");
            char when[64];
            date_text(last, when);
            addf(c, "p", "In %s, we closed %s.", when, n == 1 ? "this cause of concern" : "these causes of concern");
        } else {
            addf(c, "p", "%s of these causes of concern remain%s open.",
                 letter_count_word((long)(n - closed), cw), n - closed == 1 ? "s" : "");
        }
    }
    json_decref(causes);
}

/* Every cause of concern (inspections' and others'), flattened. New array. */
static json_t *all_causes(const json_t *facts)
{
    json_t *all = json_array();
    size_t i, j;
    json_t *insp, *x;
    json_array_foreach(json_object_get(facts, "inspections"), i, insp)
        json_array_foreach(json_object_get(insp, "causes"), j, x) json_array_append(all, x);
    json_array_foreach(json_object_get(facts, "other_causes"), i, x) json_array_append(all, x);
    return all;
}

static char *year_of(const char *iso)
{
    return strndup(iso ? iso : "", 4);
}

/* "This decision is supported by the fact we have been able to close ..." */
static void closed_support(lctx_t *c)
{
    json_t *items = json_array();
    size_t i, j;
    json_t *insp, *x;
    json_array_foreach(json_object_get(c->facts, "inspections"), i, insp) {
        json_t *titles = json_array();
        json_array_foreach(json_object_get(insp, "causes"), j, x) {
            if (strcmp(jget_text(x, "status"), "closed") != 0) continue;
            char *lc = lcfirst(has(x, "title") ? jget_text(x, "title") : "cause of concern");
            if (lc) json_array_append_new(titles, json_string(lc));
            free(lc);
        }
        if (json_array_size(titles)) {
            char *joined = join_json(titles);
            char *item = NULL;
            if (asprintf(&item, "%s (%s)", jget_text(insp, "title"), joined ? joined : "") >= 0) {
                json_array_append_new(items, json_string(item));
                free(item);
            }
            free(joined);
        }
        json_decref(titles);
    }
    json_array_foreach(json_object_get(c->facts, "other_causes"), i, x) {
        if (strcmp(jget_text(x, "status"), "closed") != 0) continue;
        char *y = year_of(jget_text(x, "issued_on"));
        char *item = NULL;
        const char *what = has(x, "title") ? jget_text(x, "title") : jget_text(x, "text");
        if (asprintf(&item, "%s (%s)", what, y ? y : "") >= 0) {
            json_array_append_new(items, json_string(item));
            free(item);
        }
        free(y);
    }
    if (json_array_size(items)) {
        add_block(c, "p", "This decision is supported by the fact we have been able to close the causes of concern we issued in:");
        add_bullets(c, items);
    }
    json_decref(items);
}

/* Names of the external reports with matters tracked for the body. */
static json_t *report_names(const json_t *facts)
{
    json_t *names = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(facts, "external_reports"), i, r) {
        char *n = letter_report_name(jget_text(r, "title"));
        if (n) json_array_append_new(names, json_string(n));
        free(n);
    }
    return names;
}

static void further_support(lctx_t *c)
{
    json_t *names = report_names(c->facts);
    const json_t *plan = json_object_get(c->facts, "plan");
    buf_t b = BUF_INIT;
    if (json_array_size(names)) {
        char *j = join_json(names);
        buf_printf(&b, "the progress %s has made against matters related to %s", c->ref, j ? j : "");
        free(j);
    }
    if (json_is_object(plan) && by_letter_date(c, jget_text(plan, "agreed_on"))) {
        char when[64];
        date_text(jget_text(plan, "agreed_on"), when);
        buf_printf(&b, "%sthe %s we agreed with the force%s%s to help track improvements", b.len ? ", and " : "",
                   jget_text(plan, "name"), *when ? " in " : "", when);
    }
    if (b.len) {
        char *s = buf_detach(&b, NULL);
        addf(c, "p", "This decision is further supported by %s.", s ? s : "");
        free(s);
    }
    buf_free(&b);
    json_decref(names);
}

static void background(lctx_t *c)
{
    const json_t *entry = json_object_get(c->facts, "engage_entry");
    add_block(c, "h2", "Background");
    if (json_is_object(entry)) {
        char when[64];
        date_text(jget_text(entry, "effective_on"), when);
        addf(c, "p", "On %s, we moved %s into our enhanced monitoring process, %s. In %s, " ENGAGE_PURPOSE, when, c->ref,
             c->engage, c->engage);
        if (has(entry, "rationale"))
            addf(c, "p", "Our reasons for moving %s into %s were: %s", c->ref, c->engage,
                 jget_text(entry, "rationale"));
    }
    /* causes added to Engage after the entry */
    size_t i, j;
    json_t *insp, *x;
    char cw[16];
    json_array_foreach(json_object_get(c->facts, "inspections"), i, insp) {
        size_t added = 0;
        json_array_foreach(json_object_get(insp, "causes"), j, x)
            if (flag(x, "added_to_engage") && json_is_object(entry)
                && strcmp(jget_text(x, "issued_on"), jget_text(entry, "effective_on")) > 0)
                added++;
        if (!added) continue;
        const char *title = jget_text(insp, "title"), *pre = "An inspection of ";
        const char *when = has(insp, "fieldwork_start") ? jget_text(insp, "fieldwork_start")
                                                         : jget_text(insp, "published_on");
        char *y = year_of(when);
        buf_t b = BUF_INIT;
        if (strncmp(title, pre, strlen(pre)) == 0) {
            char *what = inspected_what(c, title + strlen(pre));
            buf_printf(&b, "In our %s%sinspection of %s", y ? y : "", y && *y ? " " : "", what ? what : "");
            free(what);
        }
        else buf_printf(&b, "In our inspection \u2018%s\u2019", title);
        buf_printf(&b, ", we identified %s cause%s of concern. As a result of %s severity, we added %s to the %s process.",
                   letter_count_word((long)added, cw), added == 1 ? "" : "s", added == 1 ? "its" : "their",
                   added == 1 ? "this cause of concern" : "these causes of concern", c->engage);
        add_buf(c, "p", &b);
        free(y);
    }
    /* what has been closed since */
    json_t *causes = all_causes(c->facts), *titles = json_array();
    size_t recs = 0, recs_done = 0;
    json_array_foreach(causes, i, x) {
        if (strcmp(jget_text(x, "status"), "closed") != 0) continue;
        char *lc = lcfirst(has(x, "title") ? jget_text(x, "title") : "cause of concern");
        if (lc) json_array_append_new(titles, json_string(lc));
        free(lc);
        json_t *r;
        json_array_foreach(json_object_get(x, "recommendations"), j, r) {
            recs++;
            const char *st = jget_text(r, "status");
            if (strcmp(st, "closed") == 0 || strcmp(st, "implemented") == 0) recs_done++;
        }
    }
    json_t *reports = json_object_get(c->facts, "external_reports");
    json_array_foreach(reports, i, x) {
        size_t open = 0;
        json_array_foreach(json_object_get(x, "matters"), j, insp) if (strcmp(jget_text(insp, "status"), "closed") != 0) open++;
        if (open) continue;
        char *n = letter_report_name(jget_text(x, "title"));
        if (n) json_array_append_new(titles, json_string(n));
        free(n);
    }
    if (json_array_size(titles)) {
        char *joined = join_json(titles);
        addf(c, "p", "After detailed revisit work, we have closed the causes of concern linked to %s.%s",
             joined ? joined : "",
             recs && recs == recs_done ? " And the force has completed the associated recommendations." : "");
        free(joined);
    }
    json_decref(titles);
    json_decref(causes);
}

static void plan_section(lctx_t *c)
{
    const json_t *plan = json_object_get(c->facts, "plan");
    if (!json_is_object(plan) || !by_letter_date(c, json_string_value(json_object_get(plan, "agreed_on")))) return;
    char when[64], cw[16], cw2[16];
    date_text(jget_text(plan, "agreed_on"), when);
    add_block(c, "h2", jget_text(plan, "name"));
    buf_t b = BUF_INIT;
    /* why the plan was agreed, in the inspectorate's words, opens the paragraph */
    if (has(plan, "reason")) buf_printf(&b, "%s ", jget_text(plan, "reason"));
    if (*when) buf_printf(&b, "In %s, we agreed a %s", when, jget_text(plan, "name"));
    else buf_printf(&b, "We agreed a %s", jget_text(plan, "name"));
    if (has(plan, "linked_plan")) buf_printf(&b, " linked to the %s", jget_text(plan, "linked_plan"));
    buf_puts(&b, " to help us track improvements.");
    long long ka = json_integer_value(json_object_get(plan, "key_actions"));
    long long oc = json_integer_value(json_object_get(plan, "outcomes"));
    if (has(plan, "description")) buf_printf(&b, " %s", jget_text(plan, "description"));
    else if (ka || oc)
        buf_printf(&b, " The %s details %s key action%s and %s associated outcome%s.", jget_text(plan, "name"),
                   letter_count_word(ka, cw), ka == 1 ? "" : "s", letter_count_word(oc, cw2), oc == 1 ? "" : "s");
    add_buf(c, "p", &b);
    json_t *pillars = json_object_get(plan, "pillars");
    size_t n = json_array_size(pillars), i;
    if (n) {
        addf(c, "p", "The %s has %s pillar%s:", jget_text(plan, "name"), letter_count_word((long)n, cw),
             n == 1 ? "" : "s");
        json_t *texts = json_array(), *p;
        json_array_foreach(pillars, i, p) {
            const char *t = has(p, "description") ? jget_text(p, "description") : jget_text(p, "title");
            char *lc = lcfirst(t);
            if (lc) json_array_append_new(texts, json_string(lc));
            free(lc);
        }
        add_bullets(c, texts);
        json_decref(texts);
    }
}

static void other_revisits(lctx_t *c)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(c->facts, "other_revisits"), i, r) {
        if (!has(r, "findings") && !has(r, "scope")) continue;
        if (!by_letter_date(c, jget_text(r, "started_on"))) continue;
        /* the scope (what was done and why) introduces the visits; without
         * one, their title does */
        if (has(r, "scope")) add_paragraphs(c, jget_text(r, "scope"));
        else add_block(c, "h3", jget_text(r, "title"));
        if (has(r, "findings")) add_paragraphs(c, jget_text(r, "findings"));
    }
}

static void copied(lctx_t *c, buf_t *b)
{
    const char *name = jget_text(c->letter, "cc_name"), *role = jget_text(c->letter, "cc_role");
    if (!*name && !*role) return;
    if (*role && *name)
        buf_printf(b, " I have copied this letter to %s%s, %s.", strncmp(role, "the ", 4) ? "the " : "", role, name);
    else buf_printf(b, " I have copied this letter to %s.", *name ? name : role);
}

static void conclusion(lctx_t *c, const char *fallback)
{
    add_block(c, "h2", "Conclusion");
    if (has(c->letter, "conclusion")) add_paragraphs(c, jget_text(c->letter, "conclusion"));
    else add_block(c, "p", fallback);
}

static void monitor_on(lctx_t *c)
{
    const char *kind = jget_text(json_object_get(c->facts, "body"), "kind");
    if (strcmp(kind, "fire") == 0)
        addf(c, "p", "We will continue to monitor %s progress as part of our inspections of fire and rescue services.", c->refs);
    else addf(c, "p", "We will continue to monitor %s progress as part of our PEEL programme.", c->refs);
}

static void thank_ppog(lctx_t *c, const char *fmt)
{
    const json_t *m = json_object_get(c->facts, "ppog");
    if (!json_is_object(m)) return;
    const char *held = jget_text(m, "held_on"), *sent = jget_text(c->letter, "sent_on");
    char when[64];
    letter_date_weekday(held, !(*sent && strncmp(held, sent, 4) == 0), when, sizeof when);
    addf(c, "p", fmt, when);
}

static void body_return(lctx_t *c)
{
    thank_ppog(c, "Thank you for the thorough presentation and discussion at the Policing Performance Oversight Group on %s.");
    buf_t b = BUF_INIT;
    buf_puts(&b, "I am pleased to let you know that ");
    hmci_phrase(c, &b);
    buf_printf(&b, " has decided to return %s to our default phase of monitoring, which is known as %s.", c->first, c->scan);
    add_buf(c, "p", &b);
    closed_support(c);
    further_support(c);
    background(c);
    size_t i;
    json_t *insp;
    json_array_foreach(json_object_get(c->facts, "inspections"), i, insp) inspection_section(c, insp);
    plan_section(c);
    other_revisits(c);
    char fb[600];
    snprintf(fb, sizeof fb, "In conclusion, I am satisfied that %s has made sufficient progress to address the concerns set out above.",
             c->ref);
    conclusion(c, fb);
    buf_printf(&b, "%s has returned to %s, our default phase of monitoring, with immediate effect.", c->Ref, c->scan);
    copied(c, &b);
    add_buf(c, "p", &b);
    monitor_on(c);
}

static void body_engage(lctx_t *c)
{
    thank_ppog(c, "I am writing following the discussion at the Policing Performance Oversight Group on %s.");
    buf_t b = BUF_INIT;
    buf_puts(&b, "I am writing to let you know that ");
    hmci_phrase(c, &b);
    buf_printf(&b, " has decided to move %s into our enhanced phase of monitoring, which is known as %s.", c->first,
               c->engage);
    add_buf(c, "p", &b);
    addf(c, "p", "In %s, " ENGAGE_PURPOSE, c->engage);
    const json_t *d = json_object_get(c->facts, "decision");
    if (json_is_object(d) && has(d, "rationale")) {
        add_block(c, "h2", "The reasons for this decision");
        add_block(c, "p", jget_text(d, "rationale"));
    }
    size_t i;
    json_t *insp;
    json_array_foreach(json_object_get(c->facts, "inspections"), i, insp) inspection_section(c, insp);
    json_t *names = report_names(c->facts);
    if (json_array_size(names)) {
        char *j = join_json(names);
        addf(c, "p", "We will also monitor %s progress against matters related to %s.", c->refs, j ? j : "");
        free(j);
    }
    json_decref(names);
    plan_section(c);
    addf(c, "p", "We will ask %s to present its progress to the Policing Performance Oversight Group.", c->ref);
    char fb[600];
    snprintf(fb, sizeof fb, "I look forward to working with you as %s addresses these concerns.", c->ref);
    conclusion(c, fb);
    buf_printf(&b, "%s has moved into %s, our enhanced phase of monitoring, with immediate effect.", c->Ref, c->engage);
    copied(c, &b);
    add_buf(c, "p", &b);
}

static void body_revisit(lctx_t *c)
{
    addf(c, "p", "I am writing to update you on our revisit work on the causes of concern we issued to %s.", c->ref);
    size_t i;
    json_t *insp;
    json_array_foreach(json_object_get(c->facts, "inspections"), i, insp) inspection_section(c, insp);
    other_revisits(c);
    json_t *causes = all_causes(c->facts);
    size_t n = json_array_size(causes), closed = count_if(causes, "status", "closed");
    json_decref(causes);
    char fb[600], cw[16], cw2[16];
    snprintf(fb, sizeof fb, "We have closed %s of the %s causes of concern we issued to %s.", letter_count_word((long)closed, cw),
             letter_count_word((long)n, cw2), c->ref);
    conclusion(c, fb);
    buf_t b = BUF_INIT;
    copied(c, &b);
    if (b.len) {
        char *s = buf_detach(&b, NULL);
        add_block(c, "p", s + 1);   /* past the leading space */
        free(s);
    }
    buf_free(&b);
    monitor_on(c);
}

/* from_titles: one per line. */
static json_t *titles_of(const char *text, const char *body_kind)
{
    json_t *out = json_array();
    const char *p = text;
    while (p && *p) {
        size_t n = strcspn(p, "\n");
        size_t a = 0;
        while (a < n && isspace((unsigned char)p[a])) a++;
        size_t e = n;
        while (e > a && isspace((unsigned char)p[e - 1])) e--;
        if (e > a) {
            char *t = strndup(p + a, e - a);
            json_t *js = t ? json_string(t) : NULL;
            if (js) json_array_append_new(out, js);
            free(t);
        }
        p += n;
        if (*p) p++;
    }
    if (json_array_size(out) == 0)
        json_array_append_new(out, json_string(strcmp(body_kind, "fire") == 0
                                                   ? "His Majesty\u2019s Inspector of Fire & Rescue Services"
                                                   : "His Majesty\u2019s Inspector of Constabulary"));
    return out;
}

static void set_date(json_t *model, const char *key, const char *iso)
{
    char text[64] = "";
    if (iso && *iso) letter_date_text(iso, text, sizeof text);
    json_object_set_new(model, key, iso && *iso ? json_string(iso) : json_null());
    char k[48];
    snprintf(k, sizeof k, "%s_text", key);
    json_object_set_new(model, k, json_string(text));
}

void letter_default_title(const char *body_name, const char *kind, char *out, size_t n)
{
    const char *what = !kind                                ? "letter"
                       : strcmp(kind, "return_to_scan") == 0 ? "return to default phase of monitoring"
                       : strcmp(kind, "move_to_engage") == 0 ? "move to enhanced phase of monitoring"
                                                             : "cause of concern revisit letter";
    snprintf(out, n, "%s: %s", body_name ? body_name : "", what);
}

/* What the approver is told of the people a letter names: each post whose
 * holder on the letter's date is not recorded (facts.people; none at all:
 * facts not gathered from the store, nothing to say). New array. */
static json_t *people_warnings(const json_t *letter, const json_t *people, const char *body_name)
{
    json_t *out = json_array();
    if (!json_is_object(people)) return out;
    char on[64] = "";
    const char *day = jget_str(people, "on");
    if (day && *day) letter_date_text(day, on, sizeof on);
    static const struct { const char *post, *field, *what, *then; } POSTS[] = {
        {"lead_hmi", "from_name", "lead HMI", "the letter has no sender: enter one, or record who held the post"},
        {"chief_officer", "to_name", "chief officer", "the letter is addressed to the post, not a person"},
        {"lpb_holder", "cc_name", "holder of the local policing body",
         "the copy names the body, not a person"},
    };
    for (size_t i = 0; i < sizeof POSTS / sizeof POSTS[0]; i++) {
        if (json_is_object(json_object_get(people, POSTS[i].post))) continue;
        /* a name entered on the letter needs no record (the sender's is checked as entered) */
        if (i == 0 && has(letter, POSTS[i].field)) continue;
        char *msg = NULL;
        if (asprintf(&msg, "No %s of %s is recorded in post %s%s: %s.", POSTS[i].what, body_name,
                     *on ? "on " : "now", on, POSTS[i].then) >= 0 && msg)
            json_array_append_new(out, json_string(msg));
        free(msg);
    }
    return out;
}

json_t *letter_compose(const json_t *letter, const json_t *facts, ov_error_t *err)
{
    const char *kind = jget_text(letter, "kind");
    if (!letter_kind_valid(kind)) {
        ov_error_set(err, OV_EINVALID, "kind", "kind must be move_to_engage, return_to_scan or revisit");
        return NULL;
    }
    lctx_t c = {.letter = letter, .facts = facts, .kind = kind, .blocks = json_array()};
    names_init(&c);
    const json_t *body = json_object_get(facts, "body");
    const json_t *d = json_object_get(facts, "decision");
    const char *name = jget_text(body, "name");
    char title[600];
    if (has(letter, "title")) snprintf(title, sizeof title, "%s", jget_text(letter, "title"));
    else letter_default_title(name, kind, title, sizeof title);

    const char *sent = has(letter, "sent_on") ? jget_text(letter, "sent_on")
                       : json_is_object(d) && strcmp(kind, "revisit") != 0 ? jget_text(d, "decided_on") : "";
    const char *published = has(letter, "published_on") ? jget_text(letter, "published_on") : sent;
    /* the sender: as entered, else the lead HMI in post on the letter's
     * date; nobody recorded: no name, and a warning for the approver */
    const json_t *people = json_object_get(facts, "people");
    const json_t *hmi = json_object_get(people, "lead_hmi");
    const char *from = has(letter, "from_name") ? jget_text(letter, "from_name")
                       : json_is_object(hmi)    ? jget_text(hmi, "name")
                                                : "";
    const char *from_titles = has(letter, "from_titles") ? jget_text(letter, "from_titles")
                              : json_is_object(hmi)      ? jget_text(hmi, "title")
                                                         : "";

    c.sent = sent;
    add_block(&c, "h2", title);
    if (strcmp(kind, "return_to_scan") == 0) body_return(&c);
    else if (strcmp(kind, "move_to_engage") == 0) body_engage(&c);
    else body_revisit(&c);

    json_t *model = json_pack("{s:O?, s:s, s:s, s:s}", "id", json_object_get(letter, "id"), "body",
                              jget_text(body, "code"), "kind", kind, "status", "draft");
    json_object_set_new(model, "title", json_string(title));
    set_date(model, "published_on", published);
    set_date(model, "sent_on", sent);
    json_object_set_new(model, "from", json_pack("{s:s, s:o}", "name", from, "titles",
                                                 titles_of(from_titles, jget_text(body, "kind"))));
    json_object_set_new(model, "to", json_pack("{s:s, s:s}", "name", jget_text(letter, "to_name"), "org",
                                               has(letter, "to_org") ? jget_text(letter, "to_org") : name));
    json_object_set_new(model, "cc", json_pack("{s:s, s:s}", "name", jget_text(letter, "cc_name"), "role", jget_text(letter, "cc_role")));
    json_object_set_new(model, "conclusion", json_string(jget_text(letter, "conclusion")));
    const json_t *m = json_object_get(facts, "ppog");
    json_object_set_new(model, "ppog_meeting_id", json_is_object(m) ? json_incref(json_object_get(m, "id")) : json_null());
    json_object_set(model, "decision_id", json_is_object(d) ? json_object_get(d, "id") : json_null());
    json_object_set_new(model, "facts", json_deep_copy(facts));
    json_object_set_new(model, "blocks", c.blocks);
    json_object_set_new(model, "warnings", people_warnings(letter, people, name));
    return model;
}
