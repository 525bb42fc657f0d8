/*
 * sql_dialect.c: the one schema source (src/store/sql/NNN_*.sql, SQLite's
 * SQL) turned into the text each backend runs.
 *
 * A migration file is common SQL plus per-dialect blocks, each a run of
 * whole lines between marker lines:
 *
 *   -- sqlite: ...      lines only SQLite runs (the rest of the marker line is a comment)
 *   -- pg: ...          lines only PostgreSQL runs, written in its SQL, copied as they are
 *   -- end              back to common lines
 *
 * A block may switch straight to the other dialect ("-- sqlite:" ...
 * "-- pg:" ... "-- end"). A statement never straddles a marker.
 *
 * For SQLite the common and "-- sqlite:" lines are kept byte for byte (so
 * sqlite_master, hence `.schema`, holds exactly the statements written).
 * For PostgreSQL the common lines go through these mechanical rules, which
 * look at tokens (never inside strings, quoted names or comments):
 *
 *   INTEGER -> BIGINT, REAL -> DOUBLE PRECISION, BLOB -> BYTEA (any case);
 *   strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
 *     -> to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"');
 *   a IS NOT b -> a IS DISTINCT FROM b (b not NULL, TRUE, FALSE, UNKNOWN);
 *   CREATE TABLE t (id INTEGER PRIMARY KEY, ...); is followed by
 *     SELECT ov_add_serial('t');   (SQLite's rowid ids: 001's helper);
 *   CREATE TRIGGER head [WHEN cond] BEGIN SELECT RAISE(ABORT, 'msg'); END;
 *     -> CREATE TRIGGER head FOR EACH ROW [WHEN (cond)]
 *        EXECUTE FUNCTION ov_raise('msg');
 *     any other trigger body is an error: write it in per-dialect blocks.
 *
 * When: at build time. src/store/meson.build runs tools/sqlgen.c (this file
 * compiled for the build machine) on every migration for both dialects and
 * embeds the results, so a malformed file fails the build rather than a
 * migration, the text each backend runs can be read in the build directory
 * (sqlite_NNN_*.sql, pg_NNN_*.sql), and store/migrations.h keeps handing out
 * static strings with no work or allocation at open.
 */
#include "store/sql_dialect.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A growing string; oom set once an allocation failed. */
struct sbuf {
    char *p;
    size_t n, cap;
    int oom;
};

static void put(struct sbuf *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) { b->oom = 1; return; }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void puts_(struct sbuf *b, const char *s) { put(b, s, strlen(s)); }

enum tok_kind { T_SPACE, T_COMMENT, T_STRING, T_QUOTED, T_WORD, T_PUNCT };

struct tok {
    const char *s;
    size_t n;
    enum tok_kind kind;
};

/* The translation of one run of common lines. */
struct chunk {
    const struct tok *t;
    size_t count;
    const char *src;       /* the whole file, for line numbers */
    char *err;
    size_t errsz;
};

static int line_of(const char *src, const char *at)
{
    int line = 1;
    for (const char *p = src; p < at; p++) line += *p == '\n';
    return line;
}

static int fail(char *err, size_t errsz, const char *src, const char *at, const char *fmt, ...)
{
    int k = snprintf(err, errsz, "line %d: ", line_of(src, at));
    if (k >= 0 && (size_t)k < errsz) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err + k, errsz - (size_t)k, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Splits s[0..n) into tokens; *out is the caller's (free()). -1 on an
 * unterminated string, quoted name or comment, or no memory. */
static int lex(const char *src, const char *s, size_t n, struct tok **out, size_t *count, char *err, size_t errsz)
{
    struct tok *t = NULL;
    size_t c = 0, cap = 0;
    size_t i = 0;
    int rc = -1;
    while (i < n) {
        size_t j = i + 1;
        enum tok_kind kind = T_PUNCT;
        char ch = s[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            kind = T_SPACE;
            while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r')) j++;
        } else if (ch == '-' && i + 1 < n && s[i + 1] == '-') {
            kind = T_COMMENT;
            while (j < n && s[j] != '\n') j++;
        } else if (ch == '/' && i + 1 < n && s[i + 1] == '*') {
            kind = T_COMMENT;
            j = i + 2;
            while (j + 1 < n && !(s[j] == '*' && s[j + 1] == '/')) j++;
            if (j + 1 >= n) { fail(err, errsz, src, s + i, "unterminated /* comment"); goto done; }
            j += 2;
        } else if (ch == '\'' || ch == '"') {
            kind = ch == '\'' ? T_STRING : T_QUOTED;
            for (;;) {
                while (j < n && s[j] != ch) j++;
                if (j >= n) { fail(err, errsz, src, s + i, "unterminated %s", ch == '\'' ? "string" : "quoted name"); goto done; }
                j++;
                if (j < n && s[j] == ch) { j++; continue; }   /* '' inside a string */
                break;
            }
        } else if (is_word_char(ch)) {
            kind = T_WORD;
            while (j < n && is_word_char(s[j])) j++;
        }
        if (c == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            struct tok *nt = realloc(t, ncap * sizeof *nt);
            if (!nt) { snprintf(err, errsz, "out of memory"); goto done; }
            t = nt;
            cap = ncap;
        }
        t[c].s = s + i;
        t[c].n = j - i;
        t[c].kind = kind;
        c++;
        i = j;
    }
    rc = 0;
done:
    if (rc == 0) {
        *out = t;
        *count = c;
    } else {
        free(t);
    }
    return rc;
}

static int word_is(const struct tok *t, const char *w)
{
    return t->kind == T_WORD && t->n == strlen(w) && strncasecmp(t->s, w, t->n) == 0;
}

static int text_is(const struct tok *t, const char *s)
{
    return t->n == strlen(s) && memcmp(t->s, s, t->n) == 0;
}

/* The first token at or after i that is not space or comment (or count). */
static size_t sig(const struct chunk *c, size_t i)
{
    while (i < c->count && (c->t[i].kind == T_SPACE || c->t[i].kind == T_COMMENT)) i++;
    return i;
}

/* The last such token before i, at or after `from` (or (size_t)-1). */
static size_t sig_before(const struct chunk *c, size_t from, size_t i)
{
    while (i > from) {
        i--;
        if (c->t[i].kind != T_SPACE && c->t[i].kind != T_COMMENT) return i;
    }
    return (size_t)-1;
}

/* Emits token k of [from, to) with the token rules; returns how many
 * tokens it used (more than one for strftime(...)). */
static size_t emit_tok(struct sbuf *out, const struct chunk *c, size_t from, size_t to, size_t k)
{
    const struct tok *t = &c->t[k];
    if (t->kind != T_WORD) {
        put(out, t->s, t->n);
        return 1;
    }
    if (word_is(t, "INTEGER")) { puts_(out, "BIGINT"); return 1; }
    if (word_is(t, "REAL")) { puts_(out, "DOUBLE PRECISION"); return 1; }
    if (word_is(t, "BLOB")) { puts_(out, "BYTEA"); return 1; }
    if (word_is(t, "strftime")) {
        static const char *const want[] = {"(", "'%Y-%m-%dT%H:%M:%SZ'", ",", "'now'", ")"};
        size_t j = k;
        int match = 1;
        for (size_t w = 0; w < sizeof want / sizeof want[0] && match; w++) {
            j = sig(c, j + 1);
            match = j < to && text_is(&c->t[j], want[w]);
        }
        if (match) {
            puts_(out, "to_char(now() at time zone 'utc', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')");
            return j + 1 - k;
        }
    }
    if (word_is(t, "NOT")) {
        size_t prev = sig_before(c, from, k), next = sig(c, k + 1);
        if (prev != (size_t)-1 && word_is(&c->t[prev], "IS") && next < to && !word_is(&c->t[next], "NULL") &&
            !word_is(&c->t[next], "TRUE") && !word_is(&c->t[next], "FALSE") && !word_is(&c->t[next], "UNKNOWN") &&
            !word_is(&c->t[next], "DISTINCT")) {
            puts_(out, "DISTINCT FROM");
            return 1;
        }
    }
    put(out, t->s, t->n);
    return 1;
}

static void emit_range(struct sbuf *out, const struct chunk *c, size_t from, size_t to)
{
    for (size_t k = from; k < to;) k += emit_tok(out, c, from, to, k);
}

/* CREATE TRIGGER at st: *end is set to its final ';'. */
static int emit_trigger(struct sbuf *out, const struct chunk *c, size_t st, size_t *end)
{
    size_t when = (size_t)-1, begin = (size_t)-1;
    int depth = 0, for_each = 0;
    for (size_t k = sig(c, st + 1); k < c->count; k = sig(c, k + 1)) {
        const struct tok *t = &c->t[k];
        if (text_is(t, "(")) depth++;
        else if (text_is(t, ")")) depth--;
        else if (depth == 0 && word_is(t, "FOR") && when == (size_t)-1) for_each = 1;
        else if (depth == 0 && word_is(t, "WHEN") && when == (size_t)-1) when = k;
        else if (depth == 0 && word_is(t, "BEGIN")) { begin = k; break; }
        else if (text_is(t, ";")) break;
    }
    if (begin == (size_t)-1)
        return fail(c->err, c->errsz, c->src, c->t[st].s, "a trigger without BEGIN ... END");
    /* The body: SELECT RAISE ( ABORT , 'msg' ) ; END ; */
    static const char *const body[] = {"SELECT", "RAISE", "(", "ABORT", ",", NULL, ")", ";", "END", ";"};
    size_t k = begin, msg = 0;
    for (size_t w = 0; w < sizeof body / sizeof body[0]; w++) {
        k = sig(c, k + 1);
        int ok = k < c->count && (body[w] ? (c->t[k].kind == T_WORD ? word_is(&c->t[k], body[w]) : text_is(&c->t[k], body[w]))
                                          : c->t[k].kind == T_STRING);
        if (!ok)
            return fail(c->err, c->errsz, c->src, c->t[st].s,
                        "a trigger body other than SELECT RAISE(ABORT, '...') has no mechanical translation:"
                        " write it in \"-- sqlite:\" / \"-- pg:\" blocks");
        if (!body[w]) msg = k;
    }
    *end = k;
    size_t head_end = when != (size_t)-1 ? when : begin;
    emit_range(out, c, st, head_end);
    if (!for_each) puts_(out, "FOR EACH ROW ");
    if (when != (size_t)-1 && sig(c, when + 1) >= begin)
        return fail(c->err, c->errsz, c->src, c->t[when].s, "WHEN without a condition");
    if (when != (size_t)-1) {
        size_t cond = sig(c, when + 1), cond_end = sig_before(c, cond, begin) + 1;
        puts_(out, "WHEN (");
        emit_range(out, c, cond, cond_end);
        puts_(out, ")");
        emit_range(out, c, cond_end, begin);   /* the space before BEGIN */
    }
    puts_(out, "EXECUTE FUNCTION ov_raise(");
    put(out, c->t[msg].s, c->t[msg].n);
    puts_(out, ");");
    return 0;
}

/* CREATE TABLE name (id INTEGER PRIMARY KEY ...: the table's name token, or NULL. */
static const struct tok *rowid_table(const struct chunk *c, size_t st)
{
    size_t k = st;
    if (!word_is(&c->t[k], "CREATE")) return NULL;
    k = sig(c, k + 1);
    if (k >= c->count || !word_is(&c->t[k], "TABLE")) return NULL;
    k = sig(c, k + 1);
    if (k < c->count && word_is(&c->t[k], "IF")) k = sig(c, sig(c, sig(c, k + 1) + 1) + 1);   /* IF NOT EXISTS */
    if (k >= c->count || c->t[k].kind != T_WORD) return NULL;
    const struct tok *name = &c->t[k];
    static const char *const want[] = {"(", "id", "INTEGER", "PRIMARY", "KEY"};
    for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
        k = sig(c, k + 1);
        if (k >= c->count) return NULL;
        if (!(c->t[k].kind == T_WORD ? word_is(&c->t[k], want[w]) : text_is(&c->t[k], want[w]))) return NULL;
    }
    return name;
}

/* Translates the common text s[0..n) for PostgreSQL onto out. */
static int translate_common(struct sbuf *out, const char *src, const char *s, size_t n, char *err, size_t errsz)
{
    struct tok *t = NULL;   /* owned here */
    size_t count = 0;
    int rc = -1;
    if (lex(src, s, n, &t, &count, err, errsz) != 0) goto done;
    struct chunk c = {t, count, src, err, errsz};
    size_t i = 0;
    while (i < count) {
        size_t st = sig(&c, i);
        emit_range(out, &c, i, st);   /* space and comments between statements */
        if (st >= count) break;
        size_t end = st;
        if (word_is(&t[st], "CREATE") && sig(&c, st + 1) < count && word_is(&t[sig(&c, st + 1)], "TRIGGER")) {
            if (emit_trigger(out, &c, st, &end) != 0) goto done;
        } else {
            while (end < count && !text_is(&t[end], ";")) end++;
            if (end >= count) {
                fail(err, errsz, src, t[st].s, "a statement not ended by ';' before a dialect marker or the end");
                goto done;
            }
            emit_range(out, &c, st, end + 1);
            const struct tok *name = rowid_table(&c, st);
            if (name) {
                puts_(out, "\nSELECT ov_add_serial('");
                put(out, name->s, name->n);
                puts_(out, "');");
            }
        }
        i = end + 1;
    }
    rc = 0;
done:
    free(t);
    return rc;
}

enum block { B_COMMON, B_SQLITE, B_PG };

/* The marker a line is (B_COMMON for "-- end"), or -1 when it is none. */
static int marker(const char *line, size_t n)
{
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t')) n--;
    if (n >= 6 && memcmp(line, "-- pg:", 6) == 0) return B_PG;
    if (n >= 10 && memcmp(line, "-- sqlite:", 10) == 0) return B_SQLITE;
    if ((n == 6 && memcmp(line, "-- end", 6) == 0) || (n > 6 && memcmp(line, "-- end ", 7) == 0)) return B_COMMON;
    return -1;
}

int sql_dialect_translate(const char *src, enum sql_dialect d, char **out, char *err, size_t errsz)
{
    struct sbuf b = {0};   /* handed to *out on success */
    int rc = -1;
    enum block in = B_COMMON;
    const char *common = src;   /* start of the pending common lines (PostgreSQL) */
    const char *p = src;
    const char *opened = NULL;   /* the marker line of the open block */
    *out = NULL;
    if (errsz) err[0] = '\0';
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
        int m = len ? marker(p, len) : -1;
        int at_end = len == 0;
        if (m >= 0 || at_end) {
            if (at_end && in != B_COMMON) {
                fail(err, errsz, src, opened, "a \"-- %s:\" block without \"-- end\"", in == B_PG ? "pg" : "sqlite");
                goto done;
            }
            if (m == B_COMMON && in == B_COMMON) { fail(err, errsz, src, p, "\"-- end\" outside a block"); goto done; }
            if (in == B_COMMON && d == SQL_DIALECT_PG &&
                translate_common(&b, src, common, (size_t)(p - common), err, errsz) != 0)
                goto done;
            if (at_end) break;
            in = (enum block)m;
            opened = p;
            p += len;
            common = p;
            continue;
        }
        int keep = in == B_COMMON ? d == SQL_DIALECT_SQLITE : (in == B_PG) == (d == SQL_DIALECT_PG);
        if (keep) put(&b, p, len);
        p += len;
        if (in != B_COMMON) common = p;
    }
    if (b.oom) { snprintf(err, errsz, "out of memory"); goto done; }
    if (!b.p) put(&b, "", 0);
    if (b.oom) { snprintf(err, errsz, "out of memory"); goto done; }
    *out = b.p;
    b.p = NULL;
    rc = 0;
done:
    free(b.p);
    return rc;
}
