/*
 * reference.h: public reference data compiled into the binary (the CSV files in data/):
 * the 43 territorial and 3 national police forces, the 44 fire and rescue
 * services of England, and the real Engage cases.
 */
#ifndef OV_STORE_REFERENCE_H
#define OV_STORE_REFERENCE_H
#include "store/store.h"
#include "core/date.h"

/* Who the changes of the reference lists are recorded as made by (the
 * merges of data/fire_services.csv: body_changes.recorded_by). */
#define REFERENCE_ACTOR "reference data"

/* Inserts every body of data/forces.csv (police) and data/fire_services.csv
 * (fire), in one transaction. Errors name the file, line and field. */
int store_reference_load_bodies(store_t *s, ov_error_t *err);

/* Records the Engage entries and exits of data/engage_history.csv as
 * decisions (with the detail of data/engage_notes.csv where known), in one
 * transaction, checked by the same rules as any decision. */
int store_reference_load_history(store_t *s, const odate_t *today, ov_error_t *err);

/* Loads a body CSV given as text (the columns of data/forces.csv, and
 * optionally merged_into and merged_on): first every row that is no
 * merge's successor, in the file's order; then each successor, by
 * store_body_merge of the two rows whose merged_into names it, on their
 * merged_on day, recorded as made by REFERENCE_ACTOR. In the caller's
 * transaction or its own. name is used in error messages. */
int store_reference_load_body_csv(store_t *s, const char *name, const char *text, size_t len,
                                  const char *kind, ov_error_t *err);

/* Adds the national bodies of data/national_bodies.csv not held yet
 * (store_national_bodies_load); *added (may be NULL) how many. Part of
 * store_reference_load_bodies; `oversight body load-national` runs it on a
 * database made before the file existed. */
int store_reference_load_national(store_t *s, long long *added, ov_error_t *err);

#endif
