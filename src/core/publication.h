/*
 * publication.h: the publication rule (docs/publication.md), pure.
 *
 * An item of the record is public once the report or letter that carries
 * it is published: its publication date is on or before today. A partial
 * date counts once its period is over ("2024-02" is public from
 * 2024-03-01, "2024" from 2025-01-01), so nothing is shown before it is
 * surely out. A letter is public once in status "published" and its
 * published_on date (when it has one: a publication can be scheduled) is
 * on or before today.
 *
 * The store applies the same rule in SQL (store/publication.h); the two
 * are tested against each other (tests/core/test_publication.c and
 * tests/http/test_publication.c).
 */
#ifndef OV_CORE_PUBLICATION_H
#define OV_CORE_PUBLICATION_H

/* The text a publication date is compared as, padded past its last day:
 * "2024-02" -> "2024-02-99", "2024" -> "2024-99-99" (those sort
 * after every real day of the period). out has room for 11 bytes. */
void publication_key(const char *published_on, char out[11]);

/* 1 if a carrier published on `published_on` ("YYYY", "YYYY-MM" or
 * "YYYY-MM-DD"; NULL or "" = not published) is public on `today`
 * ("YYYY-MM-DD"); else 0. */
int publication_is_public(const char *published_on, const char *today);

/* 1 if a letter in `status` with `published_on` (may be NULL) is public
 * on today: published, and its publication date (when it has one) on or
 * before today; else 0. */
int publication_letter_is_public(const char *status, const char *published_on, const char *today);

#endif
