/*
 * arena.c: see arena.h. Blocks of ARENA_BLOCK bytes (a longer string gets
 * a block of its own size), newest first.
 */
#include "core/arena.h"
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (256 * 1024)

struct arena_block {
    arena_block_t *older;
    char data[];
};

char *arena_strdup(arena_t *a, const char *s)
{
    size_t n = strlen(s) + 1;
    if (!a->head || a->cap - a->used < n) {
        size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        arena_block_t *b = malloc(sizeof *b + cap);
        if (!b) return NULL;
        b->older = a->head;
        a->head = b;
        a->used = 0;
        a->cap = cap;
    }
    char *out = a->head->data + a->used;
    memcpy(out, s, n);
    a->used += n;
    return out;
}

void arena_free(arena_t *a)
{
    for (arena_block_t *b = a->head; b;) {
        arena_block_t *older = b->older;
        free(b);
        b = older;
    }
    *a = (arena_t)ARENA_INIT;
}
