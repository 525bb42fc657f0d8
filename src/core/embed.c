/*
 * embed.c: lookup in tables of compiled-in files.
 */
#include "core/embed.h"
#include <string.h>

const struct embed_file *embed_lookup(const struct embed_file *table, const char *name)
{
    for (; table && table->name; table++)
        if (strcmp(table->name, name) == 0) return table;
    return NULL;
}
