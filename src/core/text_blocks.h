/*
 * text_blocks.h: copies of many short strings kept in 64 KiB blocks, all
 * freed at once: the text of rows read for one request (the deadlines'
 * rows, the Engage candidates' rounds and page). A list of blocks is owned
 * by whoever holds its head (NULL: empty) and released with
 * text_blocks_free; the copies live until then.
 */
#ifndef OV_CORE_TEXT_BLOCKS_H
#define OV_CORE_TEXT_BLOCKS_H
#include <stddef.h>

typedef struct text_block text_block_t;

/* A copy of s[0..len), NUL-terminated, in *head's blocks; NULL for s
 * NULL, or NULL with *oom set when memory runs out. A string longer than
 * half a block gets a block of its own behind the current one, so the
 * room left in that one is not lost. */
const char *text_keep(text_block_t **head, const char *s, size_t len, int *oom);

/* Frees head's blocks (NULL: nothing). */
void text_blocks_free(text_block_t *head);

#endif
