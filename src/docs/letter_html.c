/*
 * letter_html.c: a letter model as an HTML page, through the template
 * renderer (src/render/tmpl.h) and docs/templates/letter.html, compiled in,
 * with its stylesheet (docs/static/letter.css) linked or, for a file on
 * its own, inlined; and as plain text for the terminal.
 */
#include "docs/letter.h"
#include "core/embed.h"
#include "render/tmpl.h"
#include "core/jget.h"
#include <pthread.h>
#include <stdio.h>
#include <string.h>

extern const struct embed_file docs_letter_templates[];

static char g_href[64];   /* letter_stylesheet_href(), set once */

static void stylesheet_href_init(void)
{
    size_t len = 0;
    const unsigned char *p = (const unsigned char *)letter_stylesheet(&len);
    unsigned long long h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    snprintf(g_href, sizeof g_href, "/static/letter.css?v=%016llx", h);
}

const char *letter_stylesheet(size_t *len)
{
    const struct embed_file *f = embed_lookup(docs_letter_templates, "letter.css");
    if (len) *len = f ? f->len : 0;
    return f ? (const char *)f->data : "";
}

const char *letter_stylesheet_href(void)
{
    /* the URL changes with the stylesheet (FNV-1a of its bytes), so the
     * server may let browsers cache it for good */
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, stylesheet_href_init);
    return g_href;
}

static int render(const json_t *model, int standalone, const char *name, buf_t *out, ov_error_t *err)
{
    tmpl_set_t *set = NULL;
    /* the set is compiled per call: one small template, and no shared state */
    int rc = tmpl_set_new(&set);
    if (rc) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    rc = tmpl_set_add_embedded(set, docs_letter_templates, err);
    json_t *ctx = json_copy((json_t *)model);
    if (!ctx) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    if (rc == 0) {
        const char *status = json_string_value(json_object_get(model, "status"));
        json_object_set_new(ctx, "published", json_boolean(status && strcmp(status, "published") == 0));
        if (!status) json_object_set_new(ctx, "status", json_string("draft"));
        /* a served page links the stylesheet (the CSP allows no inline
         * style); a file on its own carries it */
        if (standalone) json_object_set_new(ctx, "css_inline", json_string(letter_stylesheet(NULL)));
        else json_object_set_new(ctx, "css_href", json_string(letter_stylesheet_href()));
        rc = tmpl_render(set, name, ctx, out, err);
    }
    json_decref(ctx);
    tmpl_set_free(set);
    return rc;
}

int letter_render_html(const json_t *model, buf_t *out, ov_error_t *err)
{
    return render(model, 0, "letter", out, err);
}

int letter_render_html_standalone(const json_t *model, buf_t *out, ov_error_t *err)
{
    return render(model, 1, "letter", out, err);
}

int letter_render_html_article(const json_t *model, buf_t *out, ov_error_t *err)
{
    return render(model, 0, "letter_article", out, err);
}

static void underline(buf_t *out, const char *text, char c)
{
    /* one mark per character, not per byte */
    buf_printf(out, "%s\n", text);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if ((*p & 0xC0) != 0x80) buf_putc(out, c);
    buf_putc(out, '\n');
}

int letter_render_text(const json_t *m, buf_t *out)
{
    const json_t *from = json_object_get(m, "from"), *to = json_object_get(m, "to"), *cc = json_object_get(m, "cc");
    underline(out, jget_text(m, "title"), '=');
    if (*jget_text(m, "published_on_text")) buf_printf(out, "\nPublished on: %s\n", jget_text(m, "published_on_text"));
    buf_printf(out, "\nFrom\n%s\n", jget_text(from, "name"));
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(from, "titles"), i, t) buf_printf(out, "%s\n", json_string_value(t));
    buf_printf(out, "\nTo\n%s\n%s\n", jget_text(to, "name"), jget_text(to, "org"));
    if (*jget_text(cc, "name")) {
        buf_printf(out, "\nCc\n%s\n", jget_text(cc, "name"));
        if (*jget_text(cc, "role")) buf_printf(out, "%s\n", jget_text(cc, "role"));
    }
    if (*jget_text(m, "sent_on_text")) buf_printf(out, "\nSent on\n%s\n", jget_text(m, "sent_on_text"));
    json_t *b;
    json_array_foreach(json_object_get(m, "blocks"), i, b) {
        const char *type = jget_text(b, "type");
        buf_putc(out, '\n');
        if (strcmp(type, "h2") == 0) underline(out, jget_text(b, "text"), '-');
        else if (strcmp(type, "h3") == 0) buf_printf(out, "%s\n", jget_text(b, "text"));
        else if (strcmp(type, "bullets") == 0) {
            size_t k;
            json_array_foreach(json_object_get(b, "items"), k, t) buf_printf(out, "  - %s\n", json_string_value(t));
        } else buf_printf(out, "%s\n", jget_text(b, "text"));
    }
    return out->failed ? OV_EINTERNAL : 0;
}
