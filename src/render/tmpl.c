/*
 * tmpl.c: compiling and rendering templates (see tmpl.h for the syntax).
 *
 * A template compiles to a flat array of nodes; a section node records the
 * index just past its body, so rendering walks ranges of the array and
 * recurses only into sections and partials. Text and names live in one
 * pool per template. Rendering keeps its context stack on the C stack and
 * formats numbers into local arrays: it allocates nothing but output.
 */
#include "render/tmpl.h"
#include "render/html.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum node_kind { NODE_TEXT, NODE_VAR, NODE_SECTION, NODE_INVERTED, NODE_PARTIAL };
enum node_filter { FILTER_HTML, FILTER_URL, FILTER_HREF, FILTER_RAW };
enum node_special { SPECIAL_NONE, SPECIAL_DOT, SPECIAL_INDEX, SPECIAL_FIRST, SPECIAL_LAST };

struct node {
    unsigned char kind;     /* enum node_kind */
    unsigned char filter;   /* enum node_filter, NODE_VAR only */
    unsigned char special;  /* enum node_special, names only */
    int line;               /* 1-based line of the tag, for render errors */
    size_t off;             /* into pool: text bytes, or name segments each NUL-ended */
    size_t len;             /* text: byte count; name: number of segments */
    size_t end;             /* sections: index of the first node after the body */
};

struct tmpl {
    char *name;
    char *pool;
    struct node *nodes;
    size_t nnodes;
};

struct tmpl_set {
    struct tmpl **items;    /* sorted by name, for bsearch */
    size_t n, cap;
};

/* ---- compiling ---------------------------------------------------------- */

struct open_section {
    size_t node;            /* index of the section node */
    const char *name;       /* as written, trimmed; points into the source */
    size_t namelen;
    int line;
};

struct compiler {
    const char *name;       /* template name, for errors */
    ov_error_t *err;
    buf_t pool;
    struct node *nodes;
    size_t nnodes, cap;
    struct open_section open[TMPL_MAX_NESTING];
    int nopen;
};

static int compile_fail(struct compiler *c, int status, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int compile_fail(struct compiler *c, int status, int line, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line > 0)
        ov_error_set(c->err, status, c->name, "%s:%d: %s", c->name, line, msg);
    else
        ov_error_set(c->err, status, c->name, "%s: %s", c->name, msg);
    if (c->err) c->err->line = line;
    return status;
}

/* Appends a zeroed node; NULL on ENOMEM. The pointer lasts until the next call. */
static struct node *compile_node(struct compiler *c, int kind, int line)
{
    if (c->nnodes == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        struct node *p = realloc(c->nodes, cap * sizeof *p);
        if (!p) return NULL;
        c->nodes = p;
        c->cap = cap;
    }
    struct node *nd = &c->nodes[c->nnodes++];
    memset(nd, 0, sizeof *nd);
    nd->kind = (unsigned char)kind;
    nd->line = line;
    return nd;
}

static int compile_text(struct compiler *c, const char *s, size_t n, int line)
{
    if (n == 0) return 0;
    struct node *nd = compile_node(c, NODE_TEXT, line);
    if (!nd) return compile_fail(c, OV_EINTERNAL, 0, "out of memory");
    nd->off = c->pool.len;
    nd->len = n;
    buf_append(&c->pool, s, n);     /* failure is checked once, at the end */
    return 0;
}

static int is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'; }

static void trim(const char **s, size_t *n)
{
    while (*n && is_space(**s)) { (*s)++; (*n)--; }
    while (*n && is_space((*s)[*n - 1])) (*n)--;
}

static int is_word_char(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
        || ch == '_' || ch == '-';
}

static int fail_bad_char(struct compiler *c, int line, const char *s, size_t n, unsigned char ch)
{
    if (ch >= 0x20 && ch < 0x7f)
        return compile_fail(c, OV_EINVALID, line, "invalid character '%c' in name '%.*s'",
                            ch, (int)n, s);
    return compile_fail(c, OV_EINVALID, line, "invalid byte 0x%02x in name '%.*s'",
                        ch, (int)n, s);
}

/* Stores a value name (".", "@index", "a.b.c") in nd. */
static int compile_name(struct compiler *c, struct node *nd, const char *s, size_t n, int line)
{
    static const struct { const char *name; unsigned char special; } specials[] = {
        {"@index", SPECIAL_INDEX}, {"@first", SPECIAL_FIRST}, {"@last", SPECIAL_LAST},
    };
    if (n == 1 && s[0] == '.') {
        nd->special = SPECIAL_DOT;
        return 0;
    }
    if (s[0] == '@') {
        for (size_t i = 0; i < sizeof specials / sizeof specials[0]; i++)
            if (strlen(specials[i].name) == n && memcmp(specials[i].name, s, n) == 0) {
                nd->special = specials[i].special;
                return 0;
            }
        return compile_fail(c, OV_EINVALID, line,
                            "unknown name '%.*s' (known: @index, @first, @last)", (int)n, s);
    }
    nd->off = c->pool.len;
    nd->len = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '.') {
            if (i == 0 || s[i - 1] == '.' || i + 1 == n)
                return compile_fail(c, OV_EINVALID, line, "empty segment in name '%.*s'",
                                    (int)n, s);
            nd->len++;
            buf_putc(&c->pool, '\0');
        } else if (is_word_char(ch)) {
            buf_putc(&c->pool, (char)ch);
        } else {
            return fail_bad_char(c, line, s, n, ch);
        }
    }
    buf_putc(&c->pool, '\0');
    return 0;
}

/* {{name}} or {{name|filter}} */
static int compile_var(struct compiler *c, const char *s, size_t n, int line)
{
    static const struct { const char *name; unsigned char filter; } filters[] = {
        {"url", FILTER_URL}, {"href", FILTER_HREF},
    };
    int filter = FILTER_HTML;
    const char *bar = memchr(s, '|', n);
    if (bar) {
        const char *f = bar + 1;
        size_t flen = n - (size_t)(f - s);
        trim(&f, &flen);
        filter = -1;
        for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++)
            if (strlen(filters[i].name) == flen && memcmp(filters[i].name, f, flen) == 0)
                filter = filters[i].filter;
        if (filter < 0)
            return compile_fail(c, OV_EINVALID, line,
                                "unknown filter '%.*s' (known: url, href)", (int)flen, f);
        n = (size_t)(bar - s);
        trim(&s, &n);
        if (n == 0) return compile_fail(c, OV_EINVALID, line, "empty name before '|'");
    }
    struct node *nd = compile_node(c, NODE_VAR, line);
    if (!nd) return compile_fail(c, OV_EINTERNAL, 0, "out of memory");
    nd->filter = (unsigned char)filter;
    return compile_name(c, nd, s, n, line);
}

static int compile_partial(struct compiler *c, const char *s, size_t n, int line)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!is_word_char(ch) && ch != '.' && ch != '/')
            return fail_bad_char(c, line, s, n, ch);
    }
    struct node *nd = compile_node(c, NODE_PARTIAL, line);
    if (!nd) return compile_fail(c, OV_EINTERNAL, 0, "out of memory");
    nd->off = c->pool.len;
    nd->len = 1;
    buf_append(&c->pool, s, n);
    buf_putc(&c->pool, '\0');
    return 0;
}

static int compile_open(struct compiler *c, int kind, const char *s, size_t n, int line)
{
    if (c->nopen == TMPL_MAX_NESTING)
        return compile_fail(c, OV_EINVALID, line, "sections nested more than %d deep",
                            TMPL_MAX_NESTING);
    struct node *nd = compile_node(c, kind, line);
    if (!nd) return compile_fail(c, OV_EINTERNAL, 0, "out of memory");
    int rc = compile_name(c, nd, s, n, line);
    if (rc != 0) return rc;
    struct open_section *o = &c->open[c->nopen++];
    o->node = c->nnodes - 1;
    o->name = s;
    o->namelen = n;
    o->line = line;
    return 0;
}

static int compile_close(struct compiler *c, const char *s, size_t n, int line)
{
    if (c->nopen == 0)
        return compile_fail(c, OV_EINVALID, line,
                            "'{{/%.*s}}' closes a section that is not open", (int)n, s);
    struct open_section *o = &c->open[c->nopen - 1];
    if (o->namelen != n || memcmp(o->name, s, n) != 0)
        return compile_fail(c, OV_EINVALID, line,
                            "'{{/%.*s}}' does not match '%.*s' opened on line %d",
                            (int)n, s, (int)o->namelen, o->name, o->line);
    c->nodes[o->node].end = c->nnodes;
    c->nopen--;
    return 0;
}

/* One tag's content, between "{{" and "}}". */
static int compile_tag(struct compiler *c, const char *s, size_t n, int line)
{
    trim(&s, &n);
    if (n == 0) return compile_fail(c, OV_EINVALID, line, "empty tag '{{}}'");
    char sigil = s[0];
    if (sigil == '!') return 0;
    if (sigil == '{')
        return compile_fail(c, OV_EINVALID, line,
                            "'{{{' is not supported: use {{& name}} for raw output");
    if (sigil == '=')
        return compile_fail(c, OV_EINVALID, line, "changing delimiters is not supported");
    if (!strchr("#^/>&", sigil)) return compile_var(c, s, n, line);

    s++;
    n--;
    trim(&s, &n);
    if (n == 0) return compile_fail(c, OV_EINVALID, line, "empty name after '%c'", sigil);
    if (memchr(s, '|', n))
        return compile_fail(c, OV_EINVALID, line,
                            "filters are allowed only in {{name|filter}} tags");
    switch (sigil) {
    case '#': return compile_open(c, NODE_SECTION, s, n, line);
    case '^': return compile_open(c, NODE_INVERTED, s, n, line);
    case '/': return compile_close(c, s, n, line);
    case '>': return compile_partial(c, s, n, line);
    default: {  /* '&' */
        struct node *nd = compile_node(c, NODE_VAR, line);
        if (!nd) return compile_fail(c, OV_EINTERNAL, 0, "out of memory");
        nd->filter = FILTER_RAW;
        return compile_name(c, nd, s, n, line);
    }
    }
}

static int count_lines(const char *s, size_t n)
{
    int k = 0;
    for (const char *p = s; (p = memchr(p, '\n', n - (size_t)(p - s))) != NULL; p++) k++;
    return k;
}

/* Compiles src into c->nodes and c->pool. */
static int compile(struct compiler *c, const char *src, size_t len)
{
    size_t pos = 0;
    int line = 1;
    while (pos < len) {
        const char *open = memmem(src + pos, len - pos, "{{", 2);
        if (!open) {
            int rc = compile_text(c, src + pos, len - pos, line);
            if (rc != 0) return rc;
            break;
        }
        size_t text_len = (size_t)(open - (src + pos));
        int rc = compile_text(c, src + pos, text_len, line);
        if (rc != 0) return rc;
        line += count_lines(src + pos, text_len);

        const char *body = open + 2;
        size_t rest = len - (size_t)(body - src);
        const char *close = memmem(body, rest, "}}", 2);
        if (!close)
            return compile_fail(c, OV_EINVALID, line, "unterminated tag: '{{' without '}}'");
        rc = compile_tag(c, body, (size_t)(close - body), line);
        if (rc != 0) return rc;
        line += count_lines(body, (size_t)(close - body));
        pos = (size_t)(close + 2 - src);
    }
    if (c->nopen > 0) {
        struct open_section *o = &c->open[c->nopen - 1];
        return compile_fail(c, OV_EINVALID, o->line, "section '%.*s' is never closed",
                            (int)o->namelen, o->name);
    }
    return 0;
}

/* ---- the set ------------------------------------------------------------ */

static void tmpl_free(struct tmpl *t)
{
    if (!t) return;
    free(t->name);
    free(t->pool);
    free(t->nodes);
    free(t);
}

/* Index of name in set, or of where it would go (*found = 0). */
static size_t set_search(const tmpl_set_t *set, const char *name, int *found)
{
    size_t lo = 0, hi = set->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(name, set->items[mid]->name);
        if (cmp == 0) { *found = 1; return mid; }
        if (cmp < 0) hi = mid; else lo = mid + 1;
    }
    *found = 0;
    return lo;
}

static const struct tmpl *set_find(const tmpl_set_t *set, const char *name)
{
    int found;
    size_t i = set_search(set, name, &found);
    return found ? set->items[i] : NULL;
}

int tmpl_set_new(tmpl_set_t **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? 0 : OV_EINTERNAL;
}

int tmpl_set_add(tmpl_set_t *set, const char *name, const char *src, size_t len,
                 ov_error_t *err)
{
    struct compiler c = {.name = name ? name : "", .err = err, .pool = BUF_INIT};
    struct tmpl *t = NULL;
    int rc;

    if (!name || !*name) {
        rc = compile_fail(&c, OV_EINVALID, 0, "a template needs a name");
        goto done;
    }
    int found;
    size_t at = set_search(set, name, &found);
    if (found) {
        rc = compile_fail(&c, OV_ECONFLICT, 0, "a template of that name is already loaded");
        goto done;
    }
    rc = compile(&c, src ? src : "", src ? len : 0);
    if (rc != 0) goto done;
    if (c.pool.failed) {
        rc = compile_fail(&c, OV_EINTERNAL, 0, "out of memory");
        goto done;
    }
    if (set->n == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 16;
        struct tmpl **items = realloc(set->items, cap * sizeof *items);
        if (!items) {
            rc = compile_fail(&c, OV_EINTERNAL, 0, "out of memory");
            goto done;
        }
        set->items = items;
        set->cap = cap;
    }
    t = calloc(1, sizeof *t);
    if (!t || !(t->name = strdup(name)) || !(t->pool = buf_detach(&c.pool, NULL))) {
        rc = compile_fail(&c, OV_EINTERNAL, 0, "out of memory");
        goto done;
    }
    t->nodes = c.nodes;
    t->nnodes = c.nnodes;
    c.nodes = NULL;
    memmove(&set->items[at + 1], &set->items[at], (set->n - at) * sizeof *set->items);
    set->items[at] = t;
    set->n++;
    t = NULL;
done:
    tmpl_free(t);
    free(c.nodes);
    buf_free(&c.pool);
    return rc;
}

int tmpl_set_add_embedded(tmpl_set_t *set, const struct embed_file *table, ov_error_t *err)
{
    static const char suffix[] = ".html";
    const size_t slen = sizeof suffix - 1;
    for (; table && table->name; table++) {
        size_t n = strlen(table->name);
        if (n <= slen || strcmp(table->name + n - slen, suffix) != 0) continue;
        char *name = strndup(table->name, n - slen);
        if (!name) return ov_error_set(err, OV_EINTERNAL, table->name, "out of memory");
        int rc = tmpl_set_add(set, name, (const char *)table->data, table->len, err);
        free(name);
        if (rc != 0) return rc;
    }
    return 0;
}

void tmpl_set_free(tmpl_set_t *set)
{
    if (!set) return;
    for (size_t i = 0; i < set->n; i++) tmpl_free(set->items[i]);
    free(set->items);
    free(set);
}

/* ---- rendering ---------------------------------------------------------- */

/* One context frame; frames link outwards and live on the C stack. */
struct frame {
    json_t *value;
    const struct frame *up;
    size_t index, count;    /* position in the array being iterated */
    int iter;               /* 1 if value is an element of an iterated array */
};

/* A looked-up value: JSON (NULL = missing), or the number @index. */
struct value {
    json_t *json;
    int is_index;
    size_t index;
};

struct render {
    const tmpl_set_t *set;
    buf_t *out;
    ov_error_t *err;
    const char *top;        /* the template tmpl_render was asked for */
    int depth;              /* partials being included */
};

static struct value lookup(const struct tmpl *t, const struct node *nd, const struct frame *f)
{
    struct value v = {NULL, 0, 0};
    if (nd->special == SPECIAL_DOT) {
        v.json = f->value;
        return v;
    }
    if (nd->special != SPECIAL_NONE) {
        while (f && !f->iter) f = f->up;
        if (!f) return v;
        if (nd->special == SPECIAL_INDEX) {
            v.is_index = 1;
            v.index = f->index;
        } else if (nd->special == SPECIAL_FIRST) {
            v.json = json_boolean(f->index == 0);
        } else {
            v.json = json_boolean(f->index + 1 == f->count);
        }
        return v;
    }
    const char *seg = t->pool + nd->off;
    json_t *j = NULL;
    for (; f && !j; f = f->up)
        if (json_is_object(f->value)) j = json_object_get(f->value, seg);
    for (size_t i = 1; j && i < nd->len; i++) {
        seg += strlen(seg) + 1;
        j = json_is_object(j) ? json_object_get(j, seg) : NULL;
    }
    v.json = j;
    return v;
}

static int value_is_truthy(const struct value *v)
{
    if (v->is_index) return v->index != 0;
    switch (json_typeof(v->json ? v->json : json_null())) {
    case JSON_OBJECT: return json_object_size(v->json) > 0;
    case JSON_ARRAY: return json_array_size(v->json) > 0;
    case JSON_STRING: return json_string_length(v->json) > 0;
    case JSON_INTEGER: return json_integer_value(v->json) != 0;
    case JSON_REAL: return json_real_value(v->json) != 0.0;
    case JSON_TRUE: return 1;
    default: return 0;
    }
}

/* The shortest %g form that reads back as the same double. (Assumes the C
 * numeric locale, which the server never changes.) */
static void format_real(char *tmp, size_t size, double d)
{
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(tmp, size, "%.*g", prec, d);
        if (strtod(tmp, NULL) == d) return;
    }
}

/* The value as text; tmp (at least 40 bytes) holds formatted numbers. */
static const char *value_text(const struct value *v, char *tmp, size_t size)
{
    if (v->is_index) {
        snprintf(tmp, size, "%zu", v->index);
        return tmp;
    }
    if (!v->json) return "";
    switch (json_typeof(v->json)) {
    case JSON_STRING: return json_string_value(v->json);
    case JSON_INTEGER:
        snprintf(tmp, size, "%lld", (long long)json_integer_value(v->json));
        return tmp;
    case JSON_REAL:
        format_real(tmp, size, json_real_value(v->json));
        return tmp;
    case JSON_TRUE: return "true";
    default: return "";
    }
}

static int render_fail_buf(struct render *r)
{
    if (r->out->limit)
        return ov_error_set(r->err, OV_ETOOBIG, r->top,
                            "%s: rendered page is larger than %zu bytes", r->top, r->out->limit);
    return ov_error_set(r->err, OV_EINTERNAL, r->top, "%s: out of memory while rendering",
                        r->top);
}

static int render_range(struct render *r, const struct tmpl *t, size_t i, size_t end,
                        const struct frame *f);

static int render_var(struct render *r, const struct tmpl *t, const struct node *nd,
                      const struct frame *f)
{
    char tmp[48];
    struct value v = lookup(t, nd, f);
    const char *s = value_text(&v, tmp, sizeof tmp);
    int rc;
    switch (nd->filter) {
    case FILTER_RAW: rc = buf_puts(r->out, s); break;
    case FILTER_URL: rc = html_escape_url_component(r->out, s); break;
    case FILTER_HREF:
        rc = html_url_is_safe(s) ? html_escape_text(r->out, s) : buf_putc(r->out, '#');
        break;
    default: rc = html_escape_text(r->out, s); break;
    }
    return rc != 0 ? render_fail_buf(r) : 0;
}

static int render_section(struct render *r, const struct tmpl *t, size_t i,
                          const struct frame *f)
{
    const struct node *nd = &t->nodes[i];
    struct value v = lookup(t, nd, f);
    int truthy = value_is_truthy(&v);
    if (nd->kind == NODE_INVERTED)
        return truthy ? 0 : render_range(r, t, i + 1, nd->end, f);
    if (!truthy) return 0;
    if (json_is_array(v.json)) {
        size_t count = json_array_size(v.json);
        for (size_t k = 0; k < count; k++) {
            struct frame fr = {json_array_get(v.json, k), f, k, count, 1};
            int rc = render_range(r, t, i + 1, nd->end, &fr);
            if (rc != 0) return rc;
        }
        return 0;
    }
    if (json_is_object(v.json)) {
        struct frame fr = {v.json, f, 0, 0, 0};
        return render_range(r, t, i + 1, nd->end, &fr);
    }
    return render_range(r, t, i + 1, nd->end, f);
}

static int render_partial(struct render *r, const struct tmpl *t, const struct node *nd,
                          const struct frame *f)
{
    const char *name = t->pool + nd->off;
    if (r->depth >= TMPL_MAX_PARTIAL_DEPTH) {
        ov_error_set(r->err, OV_EINVALID, t->name,
                     "%s:%d: partials nested more than %d deep (does '%s' include itself?)",
                     t->name, nd->line, TMPL_MAX_PARTIAL_DEPTH, name);
        if (r->err) r->err->line = nd->line;
        return OV_EINVALID;
    }
    const struct tmpl *p = set_find(r->set, name);
    if (!p) {
        ov_error_set(r->err, OV_ENOTFOUND, t->name, "%s:%d: no template '%s' for partial",
                     t->name, nd->line, name);
        if (r->err) r->err->line = nd->line;
        return OV_ENOTFOUND;
    }
    r->depth++;
    int rc = render_range(r, p, 0, p->nnodes, f);
    r->depth--;
    return rc;
}

static int render_range(struct render *r, const struct tmpl *t, size_t i, size_t end,
                        const struct frame *f)
{
    while (i < end) {
        const struct node *nd = &t->nodes[i];
        int rc = 0;
        switch (nd->kind) {
        case NODE_TEXT:
            if (buf_append(r->out, t->pool + nd->off, nd->len) != 0) rc = render_fail_buf(r);
            break;
        case NODE_VAR: rc = render_var(r, t, nd, f); break;
        case NODE_PARTIAL: rc = render_partial(r, t, nd, f); break;
        default:
            rc = render_section(r, t, i, f);
            i = nd->end;
            if (rc != 0) return rc;
            continue;
        }
        if (rc != 0) return rc;
        i++;
    }
    return 0;
}

int tmpl_render(const tmpl_set_t *set, const char *name, json_t *ctx, buf_t *out,
                ov_error_t *err)
{
    const struct tmpl *t = name ? set_find(set, name) : NULL;
    if (!t)
        return ov_error_set(err, OV_ENOTFOUND, name, "no template named '%s'", name ? name : "");
    struct render r = {set, out, err, name, 0};
    struct frame top = {ctx, NULL, 0, 0, 0};
    return render_range(&r, t, 0, t->nnodes, &top);
}
