/*
 * embed.h: files compiled into the binary (see tools/bin2c.c).
 */
#ifndef OV_CORE_EMBED_H
#define OV_CORE_EMBED_H
#include <stddef.h>

struct embed_file {
    const char *name;            /* NULL ends a table */
    const unsigned char *data;   /* NUL-terminated; len excludes the NUL */
    size_t len;
};

/* Returns the entry called name in table, or NULL. Never allocates. */
const struct embed_file *embed_lookup(const struct embed_file *table, const char *name);

#endif
