/*
 * arena.h: strings copied into large blocks and freed all at once, for a
 * loader that makes millions of short strings and drops them together
 * (oversight synth: one malloc and one free per string cost a third of
 * its time). The arena owns every block; arena_free releases them, and
 * every string copied into it with them.
 */
#ifndef OV_CORE_ARENA_H
#define OV_CORE_ARENA_H
#include <stddef.h>

typedef struct arena_block arena_block_t;
typedef struct {
    arena_block_t *head;   /* owned: the newest block, which links to the older ones */
    size_t used, cap;      /* bytes used and held in head */
} arena_t;

#define ARENA_INIT {NULL, 0, 0}

/* A copy of s (with its NUL) in the arena, valid until arena_free; NULL
 * out of memory. */
char *arena_strdup(arena_t *a, const char *s);

/* Frees every block; a is ARENA_INIT again. */
void arena_free(arena_t *a);

#endif
