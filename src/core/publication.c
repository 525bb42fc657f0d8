/*
 * publication.c: the publication rule (publication.h). The comparison is
 * on text, as the store's SQL does it (store/publication.c): ISO dates
 * sort as text, and a partial date padded with "99" sorts after every day
 * of its period.
 */
#include "core/publication.h"
#include <string.h>

void publication_key(const char *published_on, char out[11])
{
    const char pad[] = "XXXX-99-99";
    size_t n = published_on ? strlen(published_on) : 0;
    if (n > 10) n = 10;
    memcpy(out, published_on ? published_on : "", n);
    memcpy(out + n, pad + n, 10 - n);
    out[10] = '\0';
}

int publication_is_public(const char *published_on, const char *today)
{
    if (!published_on || !*published_on || !today || !*today) return 0;
    char key[11];
    publication_key(published_on, key);
    return strcmp(key, today) <= 0;
}

int publication_letter_is_public(const char *status, const char *published_on, const char *today)
{
    if (!status || strcmp(status, "published") != 0) return 0;
    /* published without a date of its own: public from then on */
    if (!published_on || !*published_on) return 1;
    return publication_is_public(published_on, today);
}
