/*
 * sqlgen: the text one backend runs for a migration written once under
 * src/store/sql/ (the rules: src/store/sql_dialect.c). Run by
 * src/store/meson.build at build time; its output is embedded by bin2c.
 *
 *   sqlgen sqlite|pg IN.sql OUT.sql
 */
#include "store/sql_dialect.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The whole of path as a NUL-terminated string the caller frees; NULL on failure. */
static char *slurp(const char *path)
{
    char *data = NULL;   /* returned */
    size_t n = 0, cap = 0;
    FILE *in = fopen(path, "rb");
    if (!in) { perror(path); return NULL; }
    for (;;) {
        if (cap - n < 4096) {
            char *p = realloc(data, cap + 65536);
            if (!p) { free(data); data = NULL; fprintf(stderr, "sqlgen: out of memory\n"); goto done; }
            data = p;
            cap += 65536;
        }
        size_t got = fread(data + n, 1, cap - n - 1, in);
        n += got;
        if (got == 0) break;
    }
    if (ferror(in)) { perror(path); free(data); data = NULL; goto done; }
    data[n] = '\0';
    if (strlen(data) != n) { fprintf(stderr, "sqlgen: %s: a NUL byte\n", path); free(data); data = NULL; }
done:
    fclose(in);
    return data;
}

int main(int argc, char **argv)
{
    int rc = 1;
    char *src = NULL, *out = NULL;   /* owned here */
    char err[512];
    if (argc != 4 || (strcmp(argv[1], "sqlite") != 0 && strcmp(argv[1], "pg") != 0)) {
        fprintf(stderr, "usage: sqlgen sqlite|pg IN.sql OUT.sql\n");
        return 2;
    }
    enum sql_dialect d = strcmp(argv[1], "pg") == 0 ? SQL_DIALECT_PG : SQL_DIALECT_SQLITE;
    src = slurp(argv[2]);
    if (!src) goto done;
    if (sql_dialect_translate(src, d, &out, err, sizeof err) != 0) {
        fprintf(stderr, "%s:%s (%s)\n", argv[2], err + (strncmp(err, "line ", 5) == 0 ? 5 : 0), argv[1]);
        goto done;
    }
    FILE *f = fopen(argv[3], "wb");
    if (!f) { perror(argv[3]); goto done; }
    size_t len = strlen(out);
    int bad = fwrite(out, 1, len, f) != len;
    if (fclose(f) != 0 || bad) { perror(argv[3]); goto done; }
    rc = 0;
done:
    free(src);
    free(out);
    return rc;
}
