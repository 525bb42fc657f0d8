/*
 * tmpl.h: a small Mustache-like HTML template engine over jansson values.
 *
 * Every value is HTML-escaped unless the template says otherwise, so a page
 * built from templates is safe by default. Syntax (see also README):
 *
 *   {{name}} {{a.b.c}}  value, HTML-escaped. Strings as-is, integers %lld,
 *                       reals in shortest round-trip form, true -> "true";
 *                       false, null, missing, arrays and objects -> "".
 *   {{name|url}}        percent-encoded for one URL path/query component.
 *   {{name|href}}       the value if html_url_is_safe() accepts it, else "#";
 *                       HTML-escaped either way.
 *   {{& name}}          raw, NOT escaped. Only for trusted HTML built by our
 *                       own code (e.g. inline SVG), never for user data.
 *   {{#name}}..{{/name}} section: a non-empty array renders once per element
 *                       with the element pushed as context ({{.}} is the
 *                       element; {{@index}} is 0-based, {{@first}} and
 *                       {{@last}} are booleans); a non-empty object renders
 *                       once with itself pushed; true, a non-empty string or
 *                       a non-zero number render once with the context
 *                       unchanged; anything else renders nothing.
 *   {{^name}}..{{/name}} inverted section: renders once iff #name would not.
 *   {{> partial}}       another template of the same set, current context;
 *                       includes nest at most TMPL_MAX_PARTIAL_DEPTH deep.
 *   {{! comment }}      dropped. May span lines; ends at the first "}}".
 *
 * Names are looked up Mustache-style: the first segment of a dotted name is
 * searched in the context stack from the innermost frame outwards; the rest
 * is resolved from where it was found only (a missing rest renders as
 * missing, it does not search further out). @index/@first/@last refer to the
 * innermost array being iterated. Whitespace inside tags is ignored.
 * Because missing names are searched further out, a recursive partial such
 * as {{#kids}}{{> tree}}{{/kids}} needs "kids":[] (or null) at its leaves.
 *
 * Tags are replaced in place: a tag alone on its line leaves that line's
 * indentation and newline in the output (no Mustache "standalone" trimming).
 * Triple mustaches and delimiter changes are not supported; write a literal
 * "{{" in a page as "&#123;&#123;".
 *
 * Threads: a compiled template never changes, so once all templates are
 * added, any number of threads may render from the same set concurrently.
 * Adding templates while another thread renders is not safe.
 */
#ifndef OV_RENDER_TMPL_H
#define OV_RENDER_TMPL_H
#include <stddef.h>
#include <jansson.h>
#include "core/buf.h"
#include "core/embed.h"
#include "core/error.h"

#define TMPL_MAX_PARTIAL_DEPTH 16   /* nested {{> }} includes while rendering */
#define TMPL_MAX_NESTING 64         /* nested sections within one template */

typedef struct tmpl_set tmpl_set_t;

/* Makes an empty set in *out. The caller frees it with tmpl_set_free.
 * Returns 0, or OV_EINTERNAL on ENOMEM. */
int tmpl_set_new(tmpl_set_t **out);

/* Compiles len bytes of src as template name and adds it to set. The set
 * copies what it needs; src and name may be freed afterwards. On a syntax
 * error returns OV_EINVALID with err->field = name, err->line = the line at
 * fault (1-based) and a message "name:line: what is wrong"; the set is
 * unchanged. OV_ECONFLICT if name is already in the set, OV_EINTERNAL on
 * ENOMEM. Partials are resolved at render time, so order does not matter. */
int tmpl_set_add(tmpl_set_t *set, const char *name, const char *src, size_t len,
                 ov_error_t *err);

/* Adds every entry of table (ended by a NULL name) whose name ends in
 * ".html", named by the entry name minus that suffix ("page.html" -> "page",
 * "mail/letter.html" -> "mail/letter"). Stops at the first error, which it
 * returns as tmpl_set_add does; entries added before it stay added. */
int tmpl_set_add_embedded(tmpl_set_t *set, const struct embed_file *table, ov_error_t *err);

/* Renders template name with ctx (borrowed; may be NULL) as the outermost
 * context and appends the result to out. Returns 0; OV_ENOTFOUND if name or
 * a partial it includes is not in the set; OV_EINVALID if partials nest
 * deeper than TMPL_MAX_PARTIAL_DEPTH; OV_ETOOBIG if out has a limit and the
 * output would pass it, else OV_EINTERNAL if out fails to grow. On error, out
 * holds whatever was rendered before the failure. */
int tmpl_render(const tmpl_set_t *set, const char *name, json_t *ctx, buf_t *out,
                ov_error_t *err);

/* Frees set and every template in it. NULL is fine. */
void tmpl_set_free(tmpl_set_t *set);

#endif
