/*
 * fuzz_tmpl.c: libFuzzer target for the template renderer (src/render/tmpl.h).
 * Compiles the input as a template and renders it with a fixed JSON context
 * next to two fixed partials, into a capped buffer and an uncapped one.
 *
 * Templates are our own code, not user input, so the harness keeps the fuzzer
 * off the one cost that is by design: nesting sections over arrays (and
 * partials inside them) multiplies work. The input's name has a space in it,
 * so no {{> }} can reach it, and inputs whose sections nest more than 6
 * deep are skipped.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <jansson.h>
#include "core/buf.h"
#include "render/tmpl.h"

#define FUZZ_NAME "fuzz input"

static json_t *g_ctx;

static const char CTX[] =
    "{\"title\":\"<script>alert(1)</script>\",\"n\":42,\"r\":0.1,\"t\":true,\"f\":false,\"z\":null,"
    "\"url\":\"javascript:alert(1)\",\"ok\":\"https://example.org/a?b=c&d=e\","
    "\"iso\":\"2025-01-23\",\"text\":\"23 January 2025\",\"empty\":[],\"obj\":{\"a\":{\"b\":\"deep\"}},"
    "\"list\":[1,\"two\",{\"name\":\"three\",\"kids\":[]}],"
    "\"recs\":[{\"number\":1,\"deadline\":{\"iso\":\"2024-06\",\"text\":\"June 2024\"},\"kids\":null},"
    "{\"number\":2,\"text\":\"\\u00e9\\u0000x\"}]}";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    g_ctx = json_loads(CTX, JSON_ALLOW_NUL, NULL);
    if (!g_ctx) __builtin_trap();
    return 0;
}

/* How deep {{#..}} and {{^..}} sections nest (whitespace allowed after the
 * braces), roughly: enough to bound the work. */
static int section_depth(const uint8_t *d, size_t n)
{
    int depth = 0, max = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        if (d[i] != '{' || d[i + 1] != '{') continue;
        size_t j = i + 2;
        while (j < n && (d[j] == ' ' || d[j] == '\t' || d[j] == '\r' || d[j] == '\n')) j++;
        if (j < n && (d[j] == '#' || d[j] == '^') && ++depth > max) max = depth;
        if (j < n && d[j] == '/' && depth > 0) depth--;
    }
    return max;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (section_depth(data, size) > 6) return 0;
    tmpl_set_t *set = NULL;
    if (tmpl_set_new(&set) != 0) return 0;
    ov_error_t err = {0};
    static const char date[] = "<time datetime=\"{{iso}}\">{{text}}</time>";
    static const char part[] = "<li>{{@index}} {{.}} {{name}}{{#kids}}{{> date}}{{/kids}}</li>";
    if (tmpl_set_add(set, "date", date, sizeof date - 1, &err) != 0
        || tmpl_set_add(set, "p", part, sizeof part - 1, &err) != 0)
        __builtin_trap();

    int rc = tmpl_set_add(set, FUZZ_NAME, (const char *)data, size, &err);
    if (rc == 0) {
        buf_t out = BUF_INIT;
        tmpl_render(set, FUZZ_NAME, g_ctx, &out, &err);
        buf_free(&out);
        buf_t capped = BUF_INIT;
        capped.limit = 256;
        tmpl_render(set, FUZZ_NAME, g_ctx, &capped, &err);
        buf_free(&capped);
        buf_t none = BUF_INIT;
        tmpl_render(set, FUZZ_NAME, NULL, &none, &err);
        buf_free(&none);
    } else if (err.message[0] == '\0') {
        __builtin_trap();   /* a refused template must say why */
    }
    tmpl_set_free(set);
    return 0;
}
