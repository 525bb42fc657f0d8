/*
 * cmd_db.c: `oversight init` and `oversight demo`: create a database.
 */
#include "cli/cli.h"
#include "store/store.h"
#include "store/reference.h"
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *db_path(const char *url)
{
    if (strncmp(url, "sqlite://", 9) == 0) return url + 9;
    if (strncmp(url, "sqlite:", 7) == 0) return url + 7;
    return url;
}

static odate_t today_or(const char *pinned)
{
    odate_t d;
    if (pinned && date_parse_day(pinned, &d) == 0) return d;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    odate_t t = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, DATE_DAY};
    return t;
}

/* Removes a database that failed half-way, so a retry starts clean. */
static void remove_db(const char *path)
{
    char side[4096];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

/* Creates url with the schema, the reference bodies and (with_history) the
 * real Engage history. Returns an exit code. */
static int create_db(const char *cmd, const char *url, int with_demo)
{
    ov_error_t err = {0};
    const char *path = db_path(url);
    if (access(path, F_OK) == 0) {
        fprintf(stderr, "oversight %s: %s already exists; choose another path or remove it first\n", cmd, path);
        return 1;
    }
    store_t *s = NULL;
    odate_t today = today_or(getenv("OVERSIGHT_TODAY"));
    int rc = store_open(url, STORE_OPEN_CREATE, &s, &err);
    if (rc == 0) rc = store_reference_load_bodies(s, &err);
    if (rc == 0) rc = store_reference_load_history(s, &today, &err);
    (void)with_demo;   /* the demo monitoring record arrives with the monitoring-record issue */
    store_close(s);
    if (rc != 0) {
        fprintf(stderr, "oversight %s: %s\n", cmd, err.message);
        if (s) remove_db(path);
        return 1;
    }
    printf("created %s (schema %d)\n", path, store_schema_latest());
    return 0;
}

int cmd_init(int argc, char **argv)
{
    const char *pos[1] = {NULL};
    if (cli_parse("init", argc, argv, NULL, pos, 1, 1) < 0) return 2;
    return create_db("init", pos[0], 0);
}

int cmd_demo(int argc, char **argv)
{
    const char *pos[1] = {NULL};
    if (cli_parse("demo", argc, argv, NULL, pos, 1, 1) < 0) return 2;
    return create_db("demo", pos[0], 1);
}
