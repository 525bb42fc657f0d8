/*
 * smtp_sink.c: the test SMTP server (smtp_sink.h). One connection at a
 * time, which is all `oversight remind` opens.
 */
#include "support/smtp_sink.h"
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define LINE_MAX_ 4096

struct t_smtp_sink {
    char dir[512];
    int listen_fd;
    int stop[2];              /* a byte on stop[1] ends the thread */
    int port;
    pthread_t thread;
    pthread_mutex_t lock;
    int count;                /* messages saved */
    char reject[256];         /* RCPT TO refused for this address */
};

typedef struct {
    int fd;
    int stop_fd;
    char buf[LINE_MAX_ * 4];
    size_t len;
} conn_t;

static void say(int fd, const char *s)
{
    size_t n = strlen(s), off = 0;
    while (off < n) {
        ssize_t w = send(fd, s + off, n - off, MSG_NOSIGNAL);
        if (w <= 0) return;
        off += (size_t)w;
    }
}

/* One line without its CRLF into line (size LINE_MAX_, longer lines cut).
 * Returns 0, or -1 on EOF, error or stop. */
static int read_line(conn_t *c, char *line)
{
    for (;;) {
        char *nl = memchr(c->buf, '\n', c->len);
        if (nl) {
            size_t n = (size_t)(nl - c->buf);
            size_t keep = n;
            if (keep && c->buf[keep - 1] == '\r') keep--;
            if (keep >= LINE_MAX_) keep = LINE_MAX_ - 1;
            memcpy(line, c->buf, keep);
            line[keep] = '\0';
            memmove(c->buf, nl + 1, c->len - n - 1);
            c->len -= n + 1;
            return 0;
        }
        if (c->len == sizeof c->buf) c->len = 0;   /* an absurd line: drop it */
        struct pollfd p[2] = {{c->fd, POLLIN, 0}, {c->stop_fd, POLLIN, 0}};
        if (poll(p, 2, 10000) <= 0 || p[1].revents) return -1;
        ssize_t r = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, 0);
        if (r <= 0) return -1;
        c->len += (size_t)r;
    }
}

static int starts(const char *line, const char *word)
{
    return strncasecmp(line, word, strlen(word)) == 0;
}

/* The address between < and > of a MAIL FROM / RCPT TO argument. */
static void address_of(const char *line, char *out, size_t n)
{
    const char *lt = strchr(line, '<'), *gt = lt ? strchr(lt, '>') : NULL;
    if (!lt || !gt) {
        out[0] = '\0';
        return;
    }
    snprintf(out, n, "%.*s", (int)(gt - lt - 1), lt + 1);
}

static void session(struct t_smtp_sink *k, int fd)
{
    conn_t *c = calloc(1, sizeof *c);
    char *line = malloc(LINE_MAX_);
    char from[LINE_MAX_] = "", rcpts[LINE_MAX_ * 2] = "";
    int nrcpt = 0;
    if (!c || !line) goto done;
    c->fd = fd;
    c->stop_fd = k->stop[0];
    say(fd, "220 sink.test ESMTP test sink\r\n");
    while (read_line(c, line) == 0) {
        if (starts(line, "EHLO")) {
            say(fd, "250-sink.test\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n");
        } else if (starts(line, "HELO")) {
            say(fd, "250 sink.test\r\n");
        } else if (starts(line, "MAIL FROM:")) {
            address_of(line, from, sizeof from);
            rcpts[0] = '\0';
            nrcpt = 0;
            say(fd, "250 OK\r\n");
        } else if (starts(line, "RCPT TO:")) {
            char a[LINE_MAX_];
            address_of(line, a, sizeof a);
            pthread_mutex_lock(&k->lock);
            int refuse = k->reject[0] && strcmp(a, k->reject) == 0;
            pthread_mutex_unlock(&k->lock);
            if (refuse) {
                say(fd, "550 5.1.1 no such user here\r\n");
            } else {
                size_t used = strlen(rcpts);
                snprintf(rcpts + used, sizeof rcpts - used, "X-Sink-Rcpt-To: <%s>\r\n", a);
                nrcpt++;
                say(fd, "250 OK\r\n");
            }
        } else if (starts(line, "DATA")) {
            if (!nrcpt) {
                say(fd, "503 5.5.1 no recipients\r\n");
                continue;
            }
            say(fd, "354 end with <CRLF>.<CRLF>\r\n");
            char path[600];
            pthread_mutex_lock(&k->lock);
            int n = k->count + 1;
            pthread_mutex_unlock(&k->lock);
            snprintf(path, sizeof path, "%s/msg-%03d.eml", k->dir, n);
            FILE *f = fopen(path, "wb");
            if (f) fprintf(f, "X-Sink-Mail-From: <%s>\r\n%s", from, rcpts);
            int ended = 0;
            while (read_line(c, line) == 0) {
                if (strcmp(line, ".") == 0) {
                    ended = 1;
                    break;
                }
                if (f) fprintf(f, "%s\r\n", line[0] == '.' ? line + 1 : line);
            }
            if (f) fclose(f);
            if (!ended) break;
            pthread_mutex_lock(&k->lock);
            k->count = n;
            pthread_mutex_unlock(&k->lock);
            rcpts[0] = '\0';
            nrcpt = 0;
            say(fd, "250 OK queued\r\n");
        } else if (starts(line, "RSET")) {
            rcpts[0] = '\0';
            nrcpt = 0;
            say(fd, "250 OK\r\n");
        } else if (starts(line, "NOOP")) {
            say(fd, "250 OK\r\n");
        } else if (starts(line, "QUIT")) {
            say(fd, "221 bye\r\n");
            break;
        } else {
            say(fd, "502 5.5.2 not implemented\r\n");
        }
    }
done:
    free(line);
    free(c);
    close(fd);
}

static void *serve(void *arg)
{
    struct t_smtp_sink *k = arg;
    for (;;) {
        struct pollfd p[2] = {{k->listen_fd, POLLIN, 0}, {k->stop[0], POLLIN, 0}};
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (p[1].revents) break;
        int fd = accept(k->listen_fd, NULL, NULL);
        if (fd < 0) continue;
        session(k, fd);
    }
    return NULL;
}

int t_smtp_sink_start(const char *dir, t_smtp_sink_t **out)
{
    struct t_smtp_sink *k = calloc(1, sizeof *k);
    if (!k) return -1;
    snprintf(k->dir, sizeof k->dir, "%s", dir);
    k->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t alen = sizeof a;
    if (k->listen_fd < 0 || bind(k->listen_fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(k->listen_fd, 8) != 0 ||
        getsockname(k->listen_fd, (struct sockaddr *)&a, &alen) != 0 || pipe(k->stop) != 0) {
        if (k->listen_fd >= 0) close(k->listen_fd);
        free(k);
        return -1;
    }
    k->port = ntohs(a.sin_port);
    pthread_mutex_init(&k->lock, NULL);
    if (pthread_create(&k->thread, NULL, serve, k) != 0) {
        close(k->listen_fd);
        close(k->stop[0]);
        close(k->stop[1]);
        pthread_mutex_destroy(&k->lock);
        free(k);
        return -1;
    }
    *out = k;
    return 0;
}

int t_smtp_sink_port(const t_smtp_sink_t *sink) { return sink->port; }

int t_smtp_sink_count(t_smtp_sink_t *sink)
{
    pthread_mutex_lock(&sink->lock);
    int n = sink->count;
    pthread_mutex_unlock(&sink->lock);
    return n;
}

void t_smtp_sink_reject(t_smtp_sink_t *sink, const char *address)
{
    pthread_mutex_lock(&sink->lock);
    snprintf(sink->reject, sizeof sink->reject, "%s", address ? address : "");
    pthread_mutex_unlock(&sink->lock);
}

void t_smtp_sink_stop(t_smtp_sink_t *sink)
{
    if (!sink) return;
    ssize_t w = write(sink->stop[1], "x", 1);
    (void)w;
    pthread_join(sink->thread, NULL);
    close(sink->listen_fd);
    close(sink->stop[0]);
    close(sink->stop[1]);
    pthread_mutex_destroy(&sink->lock);
    free(sink);
}

char *t_smtp_sink_message(const char *dir, int n)
{
    char path[600];
    snprintf(path, sizeof path, "%s/msg-%03d.eml", dir, n);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = size >= 0 ? malloc((size_t)size + 1) : NULL;
    if (s && fread(s, 1, (size_t)size, f) != (size_t)size) {
        free(s);
        s = NULL;
    }
    if (s) s[size] = '\0';
    fclose(f);
    return s;
}
