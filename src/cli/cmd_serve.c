/*
 * cmd_serve.c: `oversight serve`: the web server until SIGINT or SIGTERM.
 */
#include "cli/cli.h"
#include "api/api.h"
#include "routes/routes.h"
#include "http/server.h"
#include "store/pool.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_serve(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *listen = "127.0.0.1:8080", *threads = "2", *today = NULL,
               *lag = "0", *base = getenv("OVERSIGHT_BASE_URL"), *deadline = NULL, *per_ip = NULL;
    int quiet = 0, secure_cookies = 0;
    const char *proxies[CLI_LIST_MAX + 1] = {NULL};
    const cli_opt_t opts[] = {
        {"db", 1, &db, NULL}, {"listen", 1, &listen, NULL}, {"threads", 1, &threads, NULL},
        {"today", 1, &today, NULL}, {"quiet", 0, NULL, &quiet}, {"secure-cookies", 0, NULL, &secure_cookies},
        {"cache-lag-ms", 1, &lag, NULL}, {"trusted-proxy", CLI_OPT_LIST, proxies, NULL}, {"base-url", 1, &base, NULL},
        {"request-deadline-s", 1, &deadline, NULL}, {"max-conns-per-ip", 1, &per_ip, NULL}, {NULL, 0, NULL, NULL},
    };
    if (cli_parse("serve", argc, argv, opts, NULL, 0, 0) < 0) return 2;

    char address[64];
    int port;
    if (http_parse_listen(listen, address, &port) != 0) {
        fprintf(stderr, "oversight serve: --listen '%s' must be ADDR:PORT with an IPv4 address, e.g. 127.0.0.1:8080\n", listen);
        return 2;
    }
    char *end;
    long nthreads = strtol(threads, &end, 10);
    if (*end || nthreads < 1 || nthreads > 64) {
        fprintf(stderr, "oversight serve: --threads '%s' must be a number from 1 to 64\n", threads);
        return 2;
    }
    long lag_ms = strtol(lag, &end, 10);
    if (!*lag || *end || lag_ms < 0 || lag_ms > 60000) {
        fprintf(stderr, "oversight serve: --cache-lag-ms '%s' must be a number of milliseconds from 0 to 60000\n", lag);
        return 2;
    }
    /* reverse proxies whose X-Forwarded-For names the client (http/proxy.h) */
    http_trusted_t trusted = {0};
    ov_error_t err = {0};
    for (int i = 0; proxies[i]; i++) {
        if (http_trusted_add(&trusted, proxies[i], &err) != 0) {
            fprintf(stderr, "oversight serve: %s\n", err.message);
            return 2;
        }
    }
    long deadline_s = HTTP_REQUEST_DEADLINE_S, max_per_ip = HTTP_MAX_PER_IP;
    if (deadline && (!*deadline || (deadline_s = strtol(deadline, &end, 10), *end) || deadline_s < 1 || deadline_s > 3600)) {
        fprintf(stderr, "oversight serve: --request-deadline-s '%s' must be a number of seconds from 1 to 3600\n", deadline);
        return 2;
    }
    if (per_ip && (!*per_ip || (max_per_ip = strtol(per_ip, &end, 10), *end) || max_per_ip < 0 || max_per_ip > 512)) {
        fprintf(stderr, "oversight serve: --max-conns-per-ip '%s' must be a number from 0 (no limit) to 512\n", per_ip);
        return 2;
    }
    char base_url[256] = "";
    if (base && *base) {   /* a trailing '/' is dropped: links add their own */
        size_t n = strlen(base);
        while (n > 0 && base[n - 1] == '/') n--;
        snprintf(base_url, sizeof base_url, "%.*s", (int)(n < 255 ? n : 255), base);
        if (n > 200 || !app_base_url_valid(base_url)) {
            fprintf(stderr, "oversight serve: --base-url '%s' must be an http:// or https:// URL (host, optional "
                            "port and path; no query, spaces or quotes; at most 200 characters)\n", base);
            return 2;
        }
    }
    odate_t pinned;
    if (today && date_parse_day(today, &pinned) != 0) {
        fprintf(stderr, "oversight serve: --today '%s' must be a date YYYY-MM-DD\n", today);
        return 2;
    }

    store_pool_t *pool = NULL;
    /* one connection per worker, plus one for the odd long request */
    if (store_pool_open(db, (int)nthreads + 1, &pool, &err) != 0) {
        fprintf(stderr, "oversight serve: %s\n", err.message);
        return 1;
    }
    /* how long a cached read may miss a write made through another server */
    store_pool_set_lag(pool, (int)lag_ms);
    app_t app = {pool, today, secure_cookies, *base_url ? base_url : NULL, address, routes_table};
    http_config_t cfg = {
        .address = address, .port = port, .threads = (int)nthreads, .timeout_s = 30,
        .request_deadline_s = (int)deadline_s, .max_per_ip = (int)max_per_ip,
        .max_connections = 512, .max_body = 1 << 20, .routes = routes_table,
        .upload_suffix = "/evidence", .max_upload = (size_t)20 << 20, .upload_paths = routes_upload_paths,
        .upload_allowed = api_upload_allowed,
        .upload_done = api_upload_done,
        .guard = routes_guard, .finish = routes_finish,
        .error = api_problem_http, .app = &app, .access_log = !quiet,
        .trusted_proxies = trusted.n ? &trusted : NULL,
    };

    /* Block the stop signals before MHD starts its threads, so they all
     * inherit the mask and only sigwait below receives them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    http_server_t *srv = NULL;
    if (http_server_start(&cfg, &srv, &err) != 0) {
        fprintf(stderr, "oversight serve: %s\n", err.message);
        store_pool_free(pool);
        return 1;
    }
    char shown[512];
    printf("Oversight serving http://%s:%d/ (database %s)\n", address, http_server_port(srv),
           store_url_redact(db, shown, sizeof shown));
    fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    http_server_stop(srv);
    store_pool_free(pool);
    if (!quiet) fprintf(stderr, "stopped (signal %d)\n", sig);
    return 0;
}
