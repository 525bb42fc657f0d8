/*
 * cmd_synth.c: `oversight synth`: a reproducible synthetic national-scale
 * record in a fresh `oversight init` database, or in a new SQLite file it
 * creates, for benchmarks (store/synth.h).
 */
#include "cli/cli.h"
#include "store/synth.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    long long bodies, rows_total;
    int tty;
    struct timespec start;
} progress_t;

static double elapsed(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static void on_batch(void *ctx, long long done, long long rows)
{
    progress_t *p = ctx;
    if (!p->tty) return;
    int width = 30, fill = (int)(done * width / p->bodies);
    char bar[31];
    for (int k = 0; k < width; k++) bar[k] = k < fill ? '#' : '.';
    bar[width] = 0;
    double t = elapsed(&p->start);
    fprintf(stderr, "\rsynth [%s] %3d%%  %lld/%lld bodies  %lld rows  %.0f rows/s ", bar,
            (int)(done * 100 / p->bodies), done, p->bodies, rows, t > 0 ? (double)rows / t : 0.0);
    fflush(stderr);
}

/* A count option: digits only, 0..max. */
static int count_opt(const char *name, const char *v, long long max, long long *out)
{
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (errno || *end || end == v || n < 0 || n > max || v[0] == '-' || v[0] == '+') {
        fprintf(stderr, "oversight synth: --%s '%s' must be a whole number from 0 to %lld\n", name, v, max);
        return -1;
    }
    *out = n;
    return 0;
}

int cmd_synth(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *bodies = "100000", *recs = NULL, *prog = NULL, *seed = "1";
    const cli_opt_t opts[] = {
        {"db", 1, &db, NULL}, {"bodies", 1, &bodies, NULL}, {"recommendations", 1, &recs, NULL},
        {"progress", 1, &prog, NULL}, {"seed", 1, &seed, NULL}, {NULL, 0, NULL, NULL},
    };
    if (cli_parse("synth", argc, argv, opts, NULL, 0, 0) < 0) return 2;
    synth_params_t p = {0};
    long long sd = 0;
    if (count_opt("bodies", bodies, 10000000, &p.bodies) || count_opt("seed", seed, 9007199254740991LL, &sd))
        return 2;
    if (p.bodies < 1) {
        fprintf(stderr, "oversight synth: --bodies must be at least 1\n");
        return 2;
    }
    /* defaults scale with --bodies: 20 recommendations and 100 updates each */
    p.recommendations = p.bodies * 20;
    p.progress = p.bodies * 100;
    if (recs && count_opt("recommendations", recs, 1000000000, &p.recommendations)) return 2;
    if (prog && count_opt("progress", prog, 10000000000LL, &p.progress)) return 2;
    p.seed = (uint64_t)sd;

    progress_t pr = {p.bodies, 0, isatty(STDERR_FILENO), {0, 0}};
    clock_gettime(CLOCK_MONOTONIC, &pr.start);
    p.on_batch = on_batch;
    p.ctx = &pr;

    store_t *s = NULL;
    ov_error_t err = {0};
    synth_counts_t n;
    /* a SQLite file that is not there yet is created (the schema only, as
     * `oversight init` would, without its reference bodies) */
    store_url_t u;
    int fresh = store_url_parse(db, &u, &err) == 0 && u.kind != STORE_URL_PG && access(u.path, F_OK) != 0;
    int rc = store_open(db, fresh ? STORE_OPEN_CREATE : STORE_OPEN_EXISTING, &s, &err);
    if (rc == 0) rc = store_synth(s, &p, &n, &err);
    store_close(s);
    if (pr.tty) fputc('\n', stderr);
    if (rc) {
        fprintf(stderr, "oversight synth: %s\n", err.message);
        return 1;
    }
    fprintf(stderr,
            "synth: seed %llu: %lld bodies (%lld in Engage), %lld decisions, %lld inspections, %lld causes of concern,"
            " %lld recommendations, %lld requirements, %lld deadline revisions, %lld status changes,"
            " %lld progress updates in %.1f s\n",
            (unsigned long long)p.seed, n.bodies, n.engage, n.decisions, n.inspections, n.causes, n.recommendations,
            n.requirements, n.revisions, n.status_changes, n.progress, elapsed(&pr.start));
    return 0;
}
