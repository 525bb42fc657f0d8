/*
 * smtp.c: one message at a time by SMTP through libcurl (smtp.h): the
 * session's handle and its settings (timeouts, TLS, login), the upload of
 * a message from memory, and which failures mean the server cannot be used
 * at all.
 */
#include "cli/smtp.h"
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct smtp {
    const char *url, *from;
    CURL *curl;
    char errbuf[CURL_ERROR_SIZE];
};

/* The message being uploaded by libcurl. */
typedef struct {
    const char *data;
    size_t len, pos;
} upload_t;

static size_t upload_read(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    upload_t *u = userdata;
    size_t room = size * nmemb, left = u->len - u->pos;
    size_t n = left < room ? left : room;
    memcpy(ptr, u->data + u->pos, n);
    u->pos += n;
    return n;
}

/* A connection-level failure: no later message would get through either. */
static int fatal_curl(CURLcode c)
{
    switch (c) {
    case CURLE_UNSUPPORTED_PROTOCOL: case CURLE_URL_MALFORMAT: case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT: case CURLE_OPERATION_TIMEDOUT: case CURLE_LOGIN_DENIED:
    case CURLE_SSL_CONNECT_ERROR: case CURLE_PEER_FAILED_VERIFICATION: case CURLE_USE_SSL_FAILED:
    case CURLE_AUTH_ERROR: case CURLE_GOT_NOTHING:
        return 1;
    default:
        return 0;
    }
}

int smtp_open(const char *url, const char *from, const char *user, const char *password, smtp_t **out)
{
    *out = NULL;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return -1;
    smtp_t *s = calloc(1, sizeof *s);
    if (!s || !(s->curl = curl_easy_init())) {
        free(s);
        curl_global_cleanup();
        return -1;
    }
    s->url = url;
    s->from = from;
    CURL *c = s->curl;
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, s->errbuf);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
    if (user) {
        curl_easy_setopt(c, CURLOPT_USERNAME, user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, password);
        /* never a password in clear: smtp:// must upgrade with STARTTLS */
        curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    } else {
        curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    }
    *out = s;
    return 0;
}

int smtp_send(smtp_t *s, const char *to, const char *msg, size_t len, smtp_failure_t *fail)
{
    char from[300], rcpt[300];
    snprintf(from, sizeof from, "<%s>", s->from);
    snprintf(rcpt, sizeof rcpt, "<%s>", to);
    struct curl_slist *rcpts = curl_slist_append(NULL, rcpt);
    if (!rcpts) return SMTP_ENOMEM;
    upload_t up = {msg, len, 0};
    CURL *c = s->curl;
    s->errbuf[0] = '\0';
    curl_easy_setopt(c, CURLOPT_URL, s->url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, upload_read);
    curl_easy_setopt(c, CURLOPT_READDATA, &up);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(rcpts);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, NULL);
    if (rc == CURLE_OK) return SMTP_OK;
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    *fail = (smtp_failure_t){curl_easy_strerror(rc), s->errbuf, code, fatal_curl(rc)};
    return SMTP_EFAILED;
}

void smtp_close(smtp_t *s)
{
    if (!s) return;
    curl_easy_cleanup(s->curl);
    free(s);
    curl_global_cleanup();
}
