/*
 * app.c: the application context (app.h): today's date and the server's
 * base URL.
 */
#include "app/app.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

odate_t app_today(const app_t *app)
{
    odate_t d;
    if (app && app->today && date_parse_day(app->today, &d) == 0) return d;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    odate_t t = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, DATE_DAY};
    return t;
}

void app_today_text(const app_t *app, char *out)
{
    odate_t d = app_today(app);
    date_format(&d, out);
}

void app_base_url(const http_request_t *req, char *out, size_t n)
{
    const app_t *app = req->app;
    if (app && app->base_url) {
        snprintf(out, n, "%s", app->base_url);
        return;
    }
    int port = http_request_server_port(req);
    const char *addr = app && app->listen_address ? app->listen_address : "127.0.0.1";
    if (port > 0 && port != 80) snprintf(out, n, "http://%s:%d", addr, port);
    else snprintf(out, n, "http://%s", addr);
}

int app_base_url_valid(const char *s)
{
    size_t scheme = strncmp(s, "http://", 7) == 0 ? 7 : strncmp(s, "https://", 8) == 0 ? 8 : 0;
    size_t n = strlen(s);
    if (!scheme || n <= scheme || n > 200 || s[n - 1] == '/' || s[scheme] == '/' || s[scheme] == ':') return 0;
    for (const char *p = s + scheme; *p; p++)
        if (!(('a' <= *p && *p <= 'z') || ('A' <= *p && *p <= 'Z') || ('0' <= *p && *p <= '9')
              || strchr(".-_~:/[]%", *p)))
            return 0;
    return 1;
}
