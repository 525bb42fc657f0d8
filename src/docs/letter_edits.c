/*
 * letter_edits.c: a draft letter's blocks as an editor sees them, and its
 * edits laid over the words drafted from the record (see letter.h). Pure:
 * no I/O. The edits themselves are kept by the store
 * (sql/023_letter_edits.sql) and made by app_letter_edit.
 */
#include "docs/letter.h"
#include "core/jget.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* An edit's text at most this long (as a news release's blocks). */
#define LETTER_BLOCK_MAX 20000

int letter_block_check(const char *text, ov_error_t *err)
{
    const char *p = text ? text : "";
    while (isspace((unsigned char)*p)) p++;
    if (!*p) return ov_error_set(err, OV_EINVALID, "text", "Enter the text of the block");
    if (strlen(text) > LETTER_BLOCK_MAX)
        return ov_error_set(err, OV_EINVALID, "text", "The text of a block must be at most 20,000 characters");
    return 0;
}

char *letter_block_text(const json_t *block)
{
    const json_t *items = json_object_get(block, "items");
    if (!json_is_array(items)) return strdup(jget_text(block, "text"));
    buf_t b = BUF_INIT;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        /* without the list's punctuation: it is added again on each view */
        const char *s = json_string_value(it);
        size_t n = s ? strlen(s) : 0;
        if (n >= 5 && strcmp(s + n - 5, "; and") == 0) n -= 5;
        else if (n && (s[n - 1] == ';' || s[n - 1] == '.')) n--;
        buf_printf(&b, "%s%.*s", i ? "\n" : "", (int)n, s ? s : "");
    }
    if (b.failed) {
        buf_free(&b);
        return NULL;
    }
    char *out = buf_detach(&b, NULL);
    return out ? out : strdup("");
}

/* The lines of text that are not blank, trimmed, as a new array. */
static json_t *lines_of(const char *text)
{
    json_t *out = json_array();
    const char *p = text;
    while (out && p && *p) {
        size_t n = strcspn(p, "\n");
        size_t a = 0, e = n;
        while (a < n && isspace((unsigned char)p[a])) a++;
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
    return out;
}

/* Sets block b's words to text: a bullet list one item a line, punctuated
 * as the letters list them; any other block the text as it is. */
static void set_words(json_t *b, const char *text)
{
    if (!json_is_array(json_object_get(b, "items"))) {
        json_object_set_new(b, "text", json_string(text));
        return;
    }
    json_t *lines = lines_of(text), *items = json_array(), *t;
    size_t i, n = json_array_size(lines);
    json_array_foreach(lines, i, t) {
        char *item = letter_list_item(json_string_value(t), i, n);
        json_t *js = item ? json_string(item) : NULL;
        if (js) json_array_append_new(items, js);
        free(item);
    }
    json_decref(lines);
    json_object_set_new(b, "items", items);
}

void letter_apply_edits(json_t *model, const json_t *edits)
{
    json_t *blocks = json_object_get(model, "blocks");
    size_t i;
    json_t *e;
    json_array_foreach(edits, i, e) {
        json_t *pos = json_object_get(e, "block");
        const char *text = jget_str(e, "text");
        /* an edit of a block the record no longer drafts is kept in the
         * history, and shows nowhere in the letter */
        json_t *b = json_is_integer(pos) && json_integer_value(pos) >= 0
                        ? json_array_get(blocks, (size_t)json_integer_value(pos))
                        : NULL;
        if (!b || !text) continue;
        if (!json_object_get(b, "edited")) {
            char *drafted = letter_block_text(b);
            if (drafted) json_object_set_new(b, "drafted", json_string(drafted));
            free(drafted);
        }
        set_words(b, text);
        json_object_set_new(b, "edited", json_true());
    }
}
