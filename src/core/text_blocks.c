/* text_blocks.c: see text_blocks.h. */
#include "core/text_blocks.h"
#include <stdlib.h>
#include <string.h>

struct text_block {
    text_block_t *next;
    size_t used, size;
    char data[];
};

#define BLOCK_SIZE 65536

const char *text_keep(text_block_t **head, const char *s, size_t len, int *oom)
{
    if (!s) return NULL;
    size_t n = len + 1;
    text_block_t *b = *head;
    if (!b || b->size - b->used < n) {
        size_t size = n > BLOCK_SIZE / 2 ? n : BLOCK_SIZE;
        if (!(b = malloc(sizeof *b + size))) {
            *oom = 1;
            return NULL;
        }
        b->used = 0;
        b->size = size;
        if (n > BLOCK_SIZE / 2 && *head) {   /* a big one: behind the current block */
            b->next = (*head)->next;
            (*head)->next = b;
        } else {
            b->next = *head;
            *head = b;
        }
    }
    char *p = b->data + b->used;
    memcpy(p, s, len);
    p[len] = '\0';
    b->used += n;
    return p;
}

void text_blocks_free(text_block_t *head)
{
    while (head) {
        text_block_t *next = head->next;
        free(head);
        head = next;
    }
}
