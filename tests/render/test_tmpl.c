/*
 * test_tmpl.c: the template engine in src/render/tmpl.c: syntax, lookup rules,
 * escaping by default, partials, and compile errors with their line numbers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "render/tmpl.h"

/* ---- helpers ---- */

static json_t *parse(const char *json)
{
    if (!json) return NULL;
    json_error_t jerr;
    json_t *j = json_loads(json, JSON_DECODE_ANY, &jerr);
    if (!j) fail_msg("bad test JSON: %s", jerr.text);
    return j;
}

static void add(tmpl_set_t *set, const char *name, const char *src)
{
    ov_error_t err = {0};
    int rc = tmpl_set_add(set, name, src, strlen(src), &err);
    if (rc != 0) fail_msg("compile %s: %s", name, err.message);
}

/* Renders template "t" of set with json; checks the status and, on 0, output. */
static void check_set(tmpl_set_t *set, const char *json, int want_rc, const char *want)
{
    json_t *ctx = parse(json);
    buf_t out = BUF_INIT;
    ov_error_t err = {0};
    int rc = tmpl_render(set, "t", ctx, &out, &err);
    if (rc != want_rc) fail_msg("render: rc %d (%s), want %d", rc, err.message, want_rc);
    if (want) assert_string_equal(out.data ? out.data : "", want);
    buf_free(&out);
    json_decref(ctx);
}

/* Compiles src as "t", renders it with json, expects want. */
static void check(const char *src, const char *json, const char *want)
{
    tmpl_set_t *set = NULL;
    assert_int_equal(tmpl_set_new(&set), 0);
    add(set, "t", src);
    check_set(set, json, 0, want);
    tmpl_set_free(set);
}

/* Compiling src as "t" fails on line with a message containing what. */
static void check_error(const char *src, int line, const char *what)
{
    tmpl_set_t *set = NULL;
    assert_int_equal(tmpl_set_new(&set), 0);
    ov_error_t err = {0};
    assert_int_equal(tmpl_set_add(set, "t", src, strlen(src), &err), OV_EINVALID);
    assert_int_equal(err.status, OV_EINVALID);
    assert_int_equal(err.line, line);
    assert_string_equal(err.field, "t");
    char prefix[32];
    snprintf(prefix, sizeof prefix, "t:%d: ", line);
    if (strncmp(err.message, prefix, strlen(prefix)) != 0 || !strstr(err.message, what))
        fail_msg("message '%s' lacks '%s' or '%s'", err.message, prefix, what);
    /* a failed compile leaves the set without the template */
    buf_t out = BUF_INIT;
    assert_int_equal(tmpl_render(set, "t", NULL, &out, NULL), OV_ENOTFOUND);
    buf_free(&out);
    tmpl_set_free(set);
}

/* ---- plain text and values ---- */

static void test_empty_and_text(void **state)
{
    (void)state;
    check("", NULL, "");
    check("", "{}", "");
    check("just text\n", NULL, "just text\n");
    check("a { b } c }} d {", "{}", "a { b } c }} d {");
    check("<p>{{x}}</p>", NULL, "<p></p>");    /* NULL context */
}

static void test_appends_to_out(void **state)
{
    (void)state;
    tmpl_set_t *set = NULL;
    assert_int_equal(tmpl_set_new(&set), 0);
    add(set, "t", "<b>{{x}}</b>");
    buf_t out = BUF_INIT;
    assert_int_equal(buf_puts(&out, "before:"), 0);
    json_t *ctx = parse("{\"x\":\"1\"}");
    assert_int_equal(tmpl_render(set, "t", ctx, &out, NULL), 0);
    assert_int_equal(tmpl_render(set, "t", ctx, &out, NULL), 0);
    assert_string_equal(out.data, "before:<b>1</b><b>1</b>");
    json_decref(ctx);
    buf_free(&out);
    tmpl_set_free(set);
}

static void test_len_is_respected(void **state)
{
    (void)state;
    tmpl_set_t *set = NULL;
    assert_int_equal(tmpl_set_new(&set), 0);
    const char *src = "abc{{unterminated";
    assert_int_equal(tmpl_set_add(set, "t", src, 3, NULL), 0);
    check_set(set, NULL, 0, "abc");
    tmpl_set_free(set);
}

static void test_escapes_every_char(void **state)
{
    (void)state;
    check("{{v}}", "{\"v\":\"&<>\\\"'\"}", "&amp;&lt;&gt;&quot;&#39;");
    check("{{ v }}", "{\"v\":\"a&b\"}", "a&amp;b");
}

static void test_xss_payloads(void **state)
{
    (void)state;
    check("<p>{{v}}</p>", "{\"v\":\"<script>alert(1)</script>\"}",
          "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
    check("<a title=\"{{v}}\">", "{\"v\":\"\\\"><img src=x onerror=alert(1)>\"}",
          "<a title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">");
    check("<a title='{{v}}'>", "{\"v\":\"' onmouseover='alert(1)\"}",
          "<a title='&#39; onmouseover=&#39;alert(1)'>");
    /* values are never parsed as template syntax */
    check("{{v}}", "{\"v\":\"{{secret}}\",\"secret\":\"s\"}", "{{secret}}");
    check("{{#items}}{{.}}{{/items}}", "{\"items\":[\"<b>\",\"&\"]}", "&lt;b&gt;&amp;");
}

static void test_scalars(void **state)
{
    (void)state;
    check("{{i}}|{{n}}|{{z}}|{{big}}", "{\"i\":42,\"n\":-7,\"z\":0,\"big\":9007199254740993}",
          "42|-7|0|9007199254740993");
    check("{{a}}|{{b}}|{{c}}|{{d}}|{{e}}|{{f}}",
          "{\"a\":1.5,\"b\":0.1,\"c\":2.0,\"d\":1e100,\"e\":-0.25,\"f\":3.141592653589793}",
          "1.5|0.1|2|1e+100|-0.25|3.141592653589793");
    check("[{{t}}][{{f}}][{{n}}][{{missing}}]", "{\"t\":true,\"f\":false,\"n\":null}",
          "[true][][][]");
    check("[{{a}}][{{o}}]", "{\"a\":[1,2],\"o\":{\"k\":1}}", "[][]");
    check("[{{.}}]", "\"top\"", "[top]");
    check("[{{.}}]", "12", "[12]");
}

static void test_unicode_passthrough(void **state)
{
    (void)state;
    check("Caf\xc3\xa9 {{v}} \xe2\x9c\x93",
          "{\"v\":\"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xf0\x9f\x98\x80 <\"}",
          "Caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xf0\x9f\x98\x80 &lt; \xe2\x9c\x93");
    check("{{v}}", "{\"v\":\"\\u00e9\"}", "\xc3\xa9");
}

/* ---- lookup ---- */

static void test_dotted_lookup(void **state)
{
    (void)state;
    const char *ctx = "{\"a\":{\"b\":{\"c\":\"deep\"},\"s\":\"str\"}}";
    check("{{a.b.c}}", ctx, "deep");
    check("[{{a.x.c}}][{{a.s.c}}][{{nope.b}}]", ctx, "[][][]");
    check("{{#a}}{{b.c}}{{/a}}", ctx, "deep");
    check("{{#a.b}}{{c}}{{/a.b}}", ctx, "deep");
}

static void test_context_stack_walk_up(void **state)
{
    (void)state;
    /* a name missing in the element is found further out */
    check("{{#items}}{{name}} of {{owner}};{{/items}}",
          "{\"owner\":\"HMICFRS\",\"items\":[{\"name\":\"a\"},{\"name\":\"b\",\"owner\":\"x\"}]}",
          "a of HMICFRS;b of x;");
    /* dotted names walk up by their first segment */
    check("{{#items}}{{meta.title}};{{/items}}",
          "{\"meta\":{\"title\":\"T\"},\"items\":[{\"n\":1},{\"n\":2}]}", "T;T;");
    /* ...but once the first segment is found, the rest does not search further out */
    check("{{#items}}[{{meta.title}}]{{/items}}",
          "{\"meta\":{\"title\":\"T\"},\"items\":[{\"meta\":{}}]}", "[]");
    /* three levels */
    check("{{#a}}{{#b}}{{#c}}{{x}}{{y}}{{z}}{{/c}}{{/b}}{{/a}}",
          "{\"x\":1,\"a\":{\"y\":2,\"b\":{\"z\":3,\"c\":{\"w\":0}}}}", "123");
}

/* ---- sections ---- */

static void test_section_truthiness(void **state)
{
    (void)state;
    const char *ctx = "{\"t\":true,\"f\":false,\"n\":null,\"es\":\"\",\"s\":\"x\",\"zero\":0,"
                      "\"one\":1,\"zr\":0.0,\"r\":0.5,\"ea\":[],\"eo\":{},\"name\":\"N\"}";
    check("{{#t}}T{{/t}}{{#f}}F{{/f}}{{#n}}N{{/n}}{{#missing}}M{{/missing}}", ctx, "T");
    check("{{#es}}ES{{/es}}{{#s}}S{{/s}}{{#zero}}Z{{/zero}}{{#one}}O{{/one}}", ctx, "SO");
    check("{{#zr}}ZR{{/zr}}{{#r}}R{{/r}}{{#ea}}EA{{/ea}}{{#eo}}EO{{/eo}}", ctx, "R");
    /* a true scalar leaves the context unchanged */
    check("{{#t}}{{name}}{{/t}}{{#s}}{{name}}{{/s}}{{#one}}{{name}}{{/one}}", ctx, "NNN");
}

static void test_inverted_sections(void **state)
{
    (void)state;
    const char *ctx = "{\"t\":true,\"f\":false,\"n\":null,\"es\":\"\",\"s\":\"x\",\"zero\":0,"
                      "\"one\":1,\"ea\":[],\"a\":[1],\"eo\":{},\"o\":{\"k\":1}}";
    check("{{^t}}T{{/t}}{{^f}}F{{/f}}{{^n}}N{{/n}}{{^missing}}M{{/missing}}", ctx, "FNM");
    check("{{^es}}ES{{/es}}{{^s}}S{{/s}}{{^zero}}Z{{/zero}}{{^one}}O{{/one}}", ctx, "ESZ");
    check("{{^ea}}EA{{/ea}}{{^a}}A{{/a}}{{^eo}}EO{{/eo}}{{^o}}O{{/o}}", ctx, "EAEO");
    check("{{#a}}has{{/a}}{{^a}}none{{/a}}|{{#ea}}has{{/ea}}{{^ea}}none{{/ea}}", ctx,
          "has|none");
}

static void test_object_section(void **state)
{
    (void)state;
    check("{{#user}}{{name}} <{{email}}>{{/user}}",
          "{\"user\":{\"name\":\"Ann\",\"email\":\"a@x\"}}", "Ann <a@x>");
    check("{{#user}}{{email}}{{/user}}", "{\"user\":{\"email\":\"<a@x>\"}}", "&lt;a@x&gt;");
}

static void test_arrays(void **state)
{
    (void)state;
    check("{{#a}}[{{.}}]{{/a}}", "{\"a\":[\"x\",2,true,null,1.5]}", "[x][2][true][][1.5]");
    check("<ul>{{#people}}<li>{{name}} ({{age}})</li>{{/people}}</ul>",
          "{\"people\":[{\"name\":\"A\",\"age\":30},{\"name\":\"B<\",\"age\":41}]}",
          "<ul><li>A (30)</li><li>B&lt; (41)</li></ul>");
    check("{{#rows}}{{#cells}}{{.}}{{/cells}};{{/rows}}",
          "{\"rows\":[{\"cells\":[1,2]},{\"cells\":[]},{\"cells\":[3]}]}", "12;;3;");
    check("{{#m}}({{#.}}{{.}}{{/.}}){{/m}}", "{\"m\":[[1,2],[3]]}", "(12)(3)");
}

static void test_iteration_specials(void **state)
{
    (void)state;
    const char *ctx = "{\"a\":[\"x\",\"y\",\"z\"],\"one\":[\"solo\"]}";
    check("{{#a}}{{@index}}:{{.}}{{^@last}}, {{/@last}}{{/a}}", ctx, "0:x, 1:y, 2:z");
    check("{{#a}}{{#@first}}<{{/@first}}{{.}}{{#@last}}>{{/@last}}{{/a}}", ctx, "<xyz>");
    check("{{#a}}{{@first}}/{{@last}};{{/a}}", ctx, "true/;/;/true;");
    check("{{#one}}{{@index}}{{#@first}}F{{/@first}}{{#@last}}L{{/@last}}{{/one}}", ctx,
          "0FL");
    /* @index is truthy when non-zero */
    check("{{#a}}{{#@index}}+{{/@index}}{{.}}{{/a}}", ctx, "x+y+z");
    /* outside any iteration they are missing */
    check("[{{@index}}][{{@first}}]{{#@last}}L{{/@last}}{{^@last}}notL{{/@last}}", ctx,
          "[][]notL");
}

static void test_iteration_specials_nested(void **state)
{
    (void)state;
    /* the innermost array wins; an object section does not hide the array */
    check("{{#rows}}{{@index}}:{{#cells}}{{@index}}{{/cells}};{{/rows}}",
          "{\"rows\":[{\"cells\":[\"a\",\"b\"]},{\"cells\":[\"c\"]}]}", "0:01;1:0;");
    check("{{#rows}}{{#meta}}{{@index}}{{k}}{{/meta}}{{/rows}}",
          "{\"rows\":[{\"meta\":{\"k\":\"a\"}},{\"meta\":{\"k\":\"b\"}}]}", "0a1b");
}

static void test_raw(void **state)
{
    (void)state;
    check("<div>{{& svg}}</div>", "{\"svg\":\"<svg width=\\\"2\\\"><rect/></svg>\"}",
          "<div><svg width=\"2\"><rect/></svg></div>");
    check("{{&svg}}|{{&  n }}|{{& missing}}", "{\"svg\":\"<b>&</b>\",\"n\":5}", "<b>&</b>|5|");
}

/* ---- filters ---- */

static void test_url_filter(void **state)
{
    (void)state;
    check("<a href=\"/search?q={{q|url}}\">", "{\"q\":\"a b&c=d/\xc3\xa9\"}",
          "<a href=\"/search?q=a%20b%26c%3Dd%2F%C3%A9\">");
    check("/x/{{ q | url }}", "{\"q\":\"\\\"><script>\"}", "/x/%22%3E%3Cscript%3E");
    check("/n/{{id|url}}/{{t|url}}/{{m|url}}", "{\"id\":17,\"t\":true}", "/n/17/true/");
    check("{{#a}}/{{.|url}}{{/a}}", "{\"a\":[\"x y\",\"z\"]}", "/x%20y/z");
}

static void test_href_filter(void **state)
{
    (void)state;
    check("<a href=\"{{u|href}}\">", "{\"u\":\"https://example.org/a?x=1&y=2\"}",
          "<a href=\"https://example.org/a?x=1&amp;y=2\">");
    check("{{u|href}}", "{\"u\":\"/cases/3#notes\"}", "/cases/3#notes");
    check("{{u|href}}", "{\"u\":\"mailto:a@example.org\"}", "mailto:a@example.org");
    check("{{u|href}}", "{\"u\":\"https://x/\\\"onmouseover=\\\"alert(1)\"}",
          "https://x/&quot;onmouseover=&quot;alert(1)");
    check("{{u|href}}", "{\"u\":\"javascript:alert(1)\"}", "#");
    check("{{u|href}}", "{\"u\":\"  JaVaScRiPt:alert(1)\"}", "#");
    check("{{u|href}}", "{\"u\":\"\\tjava\\nscript:alert(1)\"}", "#");
    check("{{u|href}}", "{\"u\":\"data:text/html,<script>alert(1)</script>\"}", "#");
    check("{{u|href}}", "{\"u\":\"vbscript:x\"}", "#");
    check("[{{u|href}}][{{n|href}}][{{e|href}}]", "{\"n\":5,\"e\":\"\"}", "[#][#][#]");
}

/* ---- comments and whitespace ---- */

static void test_comments(void **state)
{
    (void)state;
    check("a{{! a comment with <tags> and {braces} }}b", NULL, "ab");
    check("a{{!\nmulti\nline\n}}b", NULL, "ab");
    check("a{{!}}b", NULL, "ab");
    /* lines inside a comment still count */
    check_error("{{!\n\n}}\n{{#a}}", 4, "never closed");
}

static void test_whitespace_and_standalone(void **state)
{
    (void)state;
    check("{{  x  }}{{#\ts\t}}S{{/ s }}{{\nx\n}}", "{\"x\":1,\"s\":true}", "1S1");
    /* standalone tag lines are not stripped: their newlines stay */
    check("<ul>\n{{#a}}\n<li>{{.}}</li>\n{{/a}}\n</ul>", "{\"a\":[1,2]}",
          "<ul>\n\n<li>1</li>\n\n<li>2</li>\n\n</ul>");
}

/* ---- partials ---- */

static void test_partials(void **state)
{
    (void)state;
    tmpl_set_t *set = NULL;
    assert_int_equal(tmpl_set_new(&set), 0);
    /* "t" refers to partials added after it: resolved at render time */
    add(set, "t", "<h1>{{title}}</h1>{{> row}}<ul>{{#items}}{{>row}}{{/items}}</ul>{{> mail/sig}}");
    add(set, "row", "<li>{{name}}</li>");
    add(set, "mail/sig", "-- {{title}}");
    check_set(set, "{\"title\":\"T&\",\"name\":\"top\",\"items\":[{\"name\":\"a\"},{\"x\":1}]}", 0,
              "<h1>T&amp;</h1><li>top</li><ul><li>a</li><li>top</li></ul>-- T&amp;");
    tmpl_set_free(set);
}

static void test_partial_legitimate_recursion(void **state)
{
    (void)state;
    tmpl_set_t *set = NULL;
    assert_int_equal(tmpl_set_new(&set), 0);
    add(set, "t", "{{name}}{{#kids}}({{> t}}){{/kids}}");
    /* leaves need "kids":[]: a missing name is looked up further out */
    check_set(set, "{\"name\":\"r\",\"kids\":[{\"name\":\"a\",\"kids\":[{\"name\":\"b\","
                   "\"kids\":[]}]},{\"name\":\"c\",\"kids\":null}]}", 0, "r(a(b))(c)");
    /* ...without it, the recursion is caught by the depth cap */
    check_set(set, "{\"name\":\"r\",\"kids\":[{\"name\":\"a\"}]}", OV_EINVALID, NULL);
    tmpl_set_free(set);
}

static void test_partial_not_found(void **state)
{
    (void)state;
    tmpl_set_t *set = NULL;
    assert_int_equal(tmpl_set_new(&set), 0);
    add(set, "t", "a\nb{{> nowhere}}c");
    buf_t out = BUF_INIT;
    ov_error_t err = {0};
    assert_int_equal(tmpl_render(set, "t", NULL, &out, &err), OV_ENOTFOUND);
    assert_int_equal(err.status, OV_ENOTFOUND);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "t:2:"));
    assert_non_null(strstr(err.message, "nowhere"));
    assert_string_equal(out.data, "a\nb");     /* what came before stays */
    buf_free(&out);
    ov_error_clear(&err);
    assert_int_equal(tmpl_render(set, "nope", NULL, &out, &err), OV_ENOTFOUND);
    assert_non_null(strstr(err.message, "nope"));
    assert_int_equal(tmpl_render(set, NULL, NULL, &out, NULL), OV_ENOTFOUND);
    assert_null(out.data);
    buf_free(&out);
    tmpl_set_free(set);
}

static void test_partial_recursion_cap(void **state)
{
    (void)state;
    tmpl_set_t *set = NULL;
    assert_int_equal(tmpl_set_new(&set), 0);
    add(set, "t", "x{{> t}}");
    buf_t out = BUF_INIT;
    ov_error_t err = {0};
    assert_int_equal(tmpl_render(set, "t", NULL, &out, &err), OV_EINVALID);
    assert_non_null(strstr(err.message, "nested more than 16"));
    assert_int_equal(out.len, TMPL_MAX_PARTIAL_DEPTH + 1);
    buf_free(&out);
    tmpl_set_free(set);

    /* a chain of exactly TMPL_MAX_PARTIAL_DEPTH includes is fine, one more is not */
    for (int extra = 0; extra <= 1; extra++) {
        assert_int_equal(tmpl_set_new(&set), 0);
        int n = TMPL_MAX_PARTIAL_DEPTH + extra;
        for (int i = 0; i < n; i++) {
            char name[16], src[32];
            snprintf(name, sizeof name, i ? "p%d" : "t", i);
            snprintf(src, sizeof src, "%d{{> p%d}}", i, i + 1);
            add(set, name, src);
        }
        char last[16];
        snprintf(last, sizeof last, "p%d", n);
        add(set, last, "end");
        check_set(set, NULL, extra ? OV_EINVALID : 0,
                  extra ? NULL : "0123456789101112131415end");
        tmpl_set_free(set);
    }
}

/* ---- compile errors ---- */

static void test_error_unclosed_section(void **state)
{
    (void)state;
    check_error("line1\n{{#a}}\nx\n", 2, "section 'a' is never closed");
    check_error("{{#a}}\n{{#b}}\n{{/b}}\n", 1, "'a' is never closed");
    check_error("{{#a}}{{^b}}", 1, "'b' is never closed");
}

static void test_error_mismatched_close(void **state)
{
    (void)state;
    check_error("{{#a}}\n\n{{/b}}", 3, "'{{/b}}' does not match 'a' opened on line 1");
    check_error("{{#a}}{{#b}}\n{{/a}}{{/b}}", 2, "does not match 'b'");
    check_error("x\n{{/a}}", 2, "'{{/a}}' closes a section that is not open");
}

static void test_error_unknown_filter(void **state)
{
    (void)state;
    check_error("\n\n{{x|js}}", 3, "unknown filter 'js'");
    check_error("{{x|}}", 1, "unknown filter ''");
    check_error("{{x|url|href}}", 1, "unknown filter");
    check_error("{{#x|url}}{{/x}}", 1, "filters are allowed only");
    check_error("{{& x|url}}", 1, "filters are allowed only");
}

static void test_error_unterminated_tag(void **state)
{
    (void)state;
    check_error("a\nb {{name", 2, "unterminated tag");
    check_error("{{x}}\n{{", 2, "unterminated tag");
    check_error("{{x}\n}", 1, "unterminated tag");
    check_error("\n{{! comment never ends\n", 2, "unterminated tag");
}

static void test_error_empty_names(void **state)
{
    (void)state;
    check_error("a\n{{}}", 2, "empty tag");
    check_error("{{   }}", 1, "empty tag");
    check_error("\n\n\n{{#}}", 4, "empty name after '#'");
    check_error("{{^ }}", 1, "empty name after '^'");
    check_error("{{/}}", 1, "empty name after '/'");
    check_error("{{>}}", 1, "empty name after '>'");
    check_error("{{&}}", 1, "empty name after '&'");
    check_error("{{ |url}}", 1, "empty name before '|'");
    check_error("{{a..b}}", 1, "empty segment in name 'a..b'");
    check_error("{{.a}}", 1, "empty segment");
    check_error("{{a.}}", 1, "empty segment");
}

static void test_error_bad_syntax(void **state)
{
    (void)state;
    check_error("{{{x}}}", 1, "use {{& name}}");
    check_error("{{=<% %>=}}", 1, "delimiters");
    check_error("{{a b}}", 1, "invalid character ' ' in name 'a b'");
    check_error("{{a<b}}", 1, "invalid character '<'");
    check_error("{{> a b}}", 1, "invalid character ' '");
    check_error("{{@foo}}", 1, "unknown name '@foo'");
    check_error("{{#@index.x}}{{/@index.x}}", 1, "unknown name");
}

static void test_error_nesting_too_deep(void **state)
{
    (void)state;
    buf_t src = BUF_INIT;
    for (int i = 0; i < TMPL_MAX_NESTING; i++) assert_int_equal(buf_puts(&src, "{{#a}}"), 0);
    for (int i = 0; i < TMPL_MAX_NESTING; i++) assert_int_equal(buf_puts(&src, "{{/a}}"), 0);
    check(src.data, "{\"a\":true}", "");
    buf_reset(&src);
    for (int i = 0; i <= TMPL_MAX_NESTING; i++) assert_int_equal(buf_puts(&src, "{{#a}}\n"), 0);
    check_error(src.data, TMPL_MAX_NESTING + 1, "nested more than");
    buf_free(&src);
}

/* ---- the set ---- */

static void test_set_duplicate_and_bad_name(void **state)
{
    (void)state;
    tmpl_set_t *set = NULL;
    assert_int_equal(tmpl_set_new(&set), 0);
    ov_error_t err = {0};
    add(set, "t", "one");
    assert_int_equal(tmpl_set_add(set, "t", "two", 3, &err), OV_ECONFLICT);
    assert_string_equal(err.field, "t");
    assert_int_equal(tmpl_set_add(set, "", "x", 1, &err), OV_EINVALID);
    assert_int_equal(tmpl_set_add(set, NULL, "x", 1, NULL), OV_EINVALID);
    check_set(set, NULL, 0, "one");
    tmpl_set_free(set);
    tmpl_set_free(NULL);
}

static void test_set_many_templates(void **state)
{
    (void)state;
    tmpl_set_t *set = NULL;
    assert_int_equal(tmpl_set_new(&set), 0);
    for (int i = 99; i >= 0; i--) {
        char name[16], src[16];
        snprintf(name, sizeof name, "n%02d", i);
        snprintf(src, sizeof src, "<%d>", i);
        add(set, name, src);
    }
    for (int i = 0; i < 100; i++) {
        char name[16], want[16];
        snprintf(name, sizeof name, "n%02d", i);
        snprintf(want, sizeof want, "<%d>", i);
        buf_t out = BUF_INIT;
        assert_int_equal(tmpl_render(set, name, NULL, &out, NULL), 0);
        assert_string_equal(out.data, want);
        buf_free(&out);
    }
    tmpl_set_free(set);
}

static void test_set_add_embedded(void **state)
{
    (void)state;
    static const unsigned char page[] = "<main>{{> mail/letter}}</main>";
    static const unsigned char css[] = "{{ not a template";
    static const unsigned char letter[] = "Dear {{who}}";
    static const unsigned char bare[] = "nameless";
    const struct embed_file table[] = {
        {"page.html", page, sizeof page - 1},
        {"style.css", css, sizeof css - 1},
        {"mail/letter.html", letter, sizeof letter - 1},
        {".html", bare, sizeof bare - 1},
        {"notes.htm", bare, sizeof bare - 1},
        {NULL, NULL, 0},
    };
    tmpl_set_t *set = NULL;
    assert_int_equal(tmpl_set_new(&set), 0);
    ov_error_t err = {0};
    assert_int_equal(tmpl_set_add_embedded(set, table, &err), 0);
    json_t *ctx = parse("{\"who\":\"<you>\"}");
    buf_t out = BUF_INIT;
    assert_int_equal(tmpl_render(set, "page", ctx, &out, &err), 0);
    assert_string_equal(out.data, "<main>Dear &lt;you&gt;</main>");
    buf_reset(&out);
    assert_int_equal(tmpl_render(set, "style", ctx, &out, NULL), OV_ENOTFOUND);
    assert_int_equal(tmpl_render(set, "notes", ctx, &out, NULL), OV_ENOTFOUND);
    assert_int_equal(tmpl_render(set, "", ctx, &out, NULL), OV_ENOTFOUND);
    buf_free(&out);
    json_decref(ctx);
    tmpl_set_free(set);

    static const unsigned char broken[] = "ok\n{{#x}}";
    const struct embed_file bad[] = {{"broken.html", broken, sizeof broken - 1}, {0, 0, 0}};
    assert_int_equal(tmpl_set_new(&set), 0);
    assert_int_equal(tmpl_set_add_embedded(set, bad, &err), OV_EINVALID);
    assert_string_equal(err.field, "broken");
    assert_int_equal(err.line, 2);
    tmpl_set_free(set);
}

/* ---- size ---- */

static void test_long_input(void **state)
{
    (void)state;
    /* a 1 MB template of text and 10 000 tags, and a 1 MB value */
    size_t n = 1 << 20;
    buf_t src = BUF_INIT;
    for (size_t i = 0; src.len < n; i++)
        assert_int_equal(buf_puts(&src, i % 20 ? "<p>text \xc3\xa9</p>\n" : "{{v}}\n"), 0);
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, 'a', n);
    big[0] = '<';
    big[n] = '\0';
    json_t *ctx = json_pack("{s:s, s:s}", "v", "&", "big", big);
    assert_non_null(ctx);

    tmpl_set_t *set = NULL;
    assert_int_equal(tmpl_set_new(&set), 0);
    add(set, "long", src.data);
    add(set, "big", "[{{big}}]");
    buf_t out = BUF_INIT;
    assert_int_equal(tmpl_render(set, "long", ctx, &out, NULL), 0);
    size_t tags = 0;
    for (const char *p = src.data; (p = strstr(p, "{{v}}")) != NULL; p++) tags++;
    assert_true(tags > 1000);
    assert_int_equal(out.len, src.len + tags * (strlen("&amp;") - strlen("{{v}}")));
    buf_reset(&out);
    assert_int_equal(tmpl_render(set, "big", ctx, &out, NULL), 0);
    assert_int_equal(out.len, n + 3 + 2);
    assert_memory_equal(out.data, "[&lt;aaa", 8);

    json_decref(ctx);
    free(big);
    buf_free(&out);
    buf_free(&src);
    tmpl_set_free(set);
}

static void test_long_array(void **state)
{
    (void)state;
    json_t *a = json_array();
    for (int i = 0; i < 20000; i++) json_array_append_new(a, json_integer(i));
    json_t *ctx = json_pack("{s:o}", "a", a);
    tmpl_set_t *set = NULL;
    assert_int_equal(tmpl_set_new(&set), 0);
    add(set, "t", "{{#a}}{{.}}{{^@last}},{{/@last}}{{/a}}");
    buf_t out = BUF_INIT;
    assert_int_equal(tmpl_render(set, "t", ctx, &out, NULL), 0);
    assert_memory_equal(out.data, "0,1,2,", 6);
    assert_string_equal(out.data + out.len - 12, ",19998,19999");
    buf_free(&out);
    json_decref(ctx);
    tmpl_set_free(set);
}

static void test_output_limit(void **state)
{
    (void)state;
    tmpl_set_t *set = NULL;
    assert_int_equal(tmpl_set_new(&set), 0);
    add(set, "t", "0123456789{{v}}");
    json_t *ctx = parse("{\"v\":\"<<<<\"}");
    buf_t out = BUF_INIT;
    out.limit = 16;
    ov_error_t err = {0};
    assert_int_equal(tmpl_render(set, "t", ctx, &out, &err), OV_ETOOBIG);
    assert_int_equal(err.status, OV_ETOOBIG);
    buf_free(&out);
    out.limit = 26;
    assert_int_equal(tmpl_render(set, "t", ctx, &out, &err), 0);
    assert_string_equal(out.data, "0123456789&lt;&lt;&lt;&lt;");
    buf_free(&out);
    json_decref(ctx);
    tmpl_set_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_and_text),
        cmocka_unit_test(test_appends_to_out),
        cmocka_unit_test(test_len_is_respected),
        cmocka_unit_test(test_escapes_every_char),
        cmocka_unit_test(test_xss_payloads),
        cmocka_unit_test(test_scalars),
        cmocka_unit_test(test_unicode_passthrough),
        cmocka_unit_test(test_dotted_lookup),
        cmocka_unit_test(test_context_stack_walk_up),
        cmocka_unit_test(test_section_truthiness),
        cmocka_unit_test(test_inverted_sections),
        cmocka_unit_test(test_object_section),
        cmocka_unit_test(test_arrays),
        cmocka_unit_test(test_iteration_specials),
        cmocka_unit_test(test_iteration_specials_nested),
        cmocka_unit_test(test_raw),
        cmocka_unit_test(test_url_filter),
        cmocka_unit_test(test_href_filter),
        cmocka_unit_test(test_comments),
        cmocka_unit_test(test_whitespace_and_standalone),
        cmocka_unit_test(test_partials),
        cmocka_unit_test(test_partial_legitimate_recursion),
        cmocka_unit_test(test_partial_not_found),
        cmocka_unit_test(test_partial_recursion_cap),
        cmocka_unit_test(test_error_unclosed_section),
        cmocka_unit_test(test_error_mismatched_close),
        cmocka_unit_test(test_error_unknown_filter),
        cmocka_unit_test(test_error_unterminated_tag),
        cmocka_unit_test(test_error_empty_names),
        cmocka_unit_test(test_error_bad_syntax),
        cmocka_unit_test(test_error_nesting_too_deep),
        cmocka_unit_test(test_set_duplicate_and_bad_name),
        cmocka_unit_test(test_set_many_templates),
        cmocka_unit_test(test_set_add_embedded),
        cmocka_unit_test(test_long_input),
        cmocka_unit_test(test_long_array),
        cmocka_unit_test(test_output_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
