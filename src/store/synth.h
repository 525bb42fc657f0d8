/*
 * synth.h: a reproducible synthetic national-scale record (`oversight
 * synth`), bulk-loaded into a fresh `oversight init` database for benchmarks.
 *
 * Bodies "s000000".. (police or fire; about one in ten in Engage now or
 * before, with their decisions), one inspection each, causes of concern,
 * recommendations (requirements, deadlines, some revisions, statuses with
 * their status changes) and progress updates. Every value comes from
 * core/synth.h seeded by `seed` and the body's number, and no column takes
 * the clock, so the same parameters give the same rows.
 */
#ifndef OV_STORE_SYNTH_H
#define OV_STORE_SYNTH_H
#include "store/store.h"
#include <stdint.h>

typedef struct {
    long long bodies, recommendations, progress;
    uint64_t seed;
    long long batch;   /* bodies per transaction (0: 500) */
    /* called after each batch (may be NULL) */
    void (*on_batch)(void *ctx, long long bodies_done, long long rows_done);
    void *ctx;
} synth_params_t;

typedef struct {
    long long bodies, engage, decisions, inspections, causes, recommendations, requirements, revisions,
        status_changes, progress;
} synth_counts_t;

/* Refused (OV_ECONFLICT) when the database already holds synthetic bodies or
 * any recommendation. On failure, on SQLite the batch in progress is rolled
 * back and the batches before it stay (remove the file and start again); on
 * PostgreSQL the whole load is one transaction, so nothing stays (the
 * tables written are locked until it ends: synth.c, pg_load_begin). On
 * PostgreSQL synth opens three more connections to the database (s's URL,
 * store_url): the three largest tables load beside in a schema of its own,
 * oversight_synth_load, their rows copied frozen and their keys and
 * indexes built there, moved in when all is done (synth.c, side_t). One synth at a time on a PostgreSQL database: it
 * holds the advisory lock STORE_SYNTH_LOCK while it loads, and a second is
 * refused (OV_ECONFLICT) without writing anything. */
#define STORE_SYNTH_LOCK "7307146617"
int store_synth(store_t *s, const synth_params_t *p, synth_counts_t *out, ov_error_t *err);

#endif
