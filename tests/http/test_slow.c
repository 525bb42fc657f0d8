/* test_slow.c: slow and greedy clients against the real server, with real
 * sockets. One address may hold only --max-conns-per-ip connections (more
 * are refused at once, while a client from another address is served); a
 * request must be in within --request-deadline-s of its start (plus a
 * second per 64 KiB of body), so a client that trickles a header line, or
 * a body byte, every 0.3 s is closed at the deadline although it is never
 * idle for the 30 s timeout. A kept-alive client that sends whole requests
 * is not. The server runs with a 2 s deadline and 4 connections per
 * address to keep the test short. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "support/support.h"

#define DEADLINE_S 2
#define PER_IP 4

static t_site_t S;

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "slow.db", T_SITE_DEMO) != 0) return -1;
    const char *extra[] = {"--request-deadline-s", "2", "--max-conns-per-ip", "4", NULL};
    return t_site_serve(&S, extra);
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void send_all(int fd, const char *s)
{
    assert_int_equal(send(fd, s, strlen(s), MSG_NOSIGNAL), (ssize_t)strlen(s));
}

/* 1 when the server has closed fd (EOF or reset), without waiting. */
static int closed(int fd)
{
    struct pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, 0) <= 0) return 0;
    char c;
    ssize_t k = recv(fd, &c, 1, MSG_DONTWAIT);
    return k == 0 || (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

/* GET /healthz on a new connection from address `from`: its status (0: refused). */
static long healthz_from(const char *from)
{
    int fd = t_connect(S.srv.port, from, 5);
    if (fd < 0) return 0;
    send(fd, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 61, MSG_NOSIGNAL);
    t_http_t r;
    t_read_reply(fd, &r);
    long status = r.status;
    t_http_free(&r);
    close(fd);
    return status;
}

static void per_ip_limit_refuses_the_extra(void **state)
{
    (void)state;
    int held[PER_IP];
    for (int i = 0; i < PER_IP; i++) {   /* requests begun, not finished */
        held[i] = t_connect(S.srv.port, "127.0.0.1", 5);
        assert_true(held[i] >= 0);
        send_all(held[i], "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    }
    usleep(200 * 1000);   /* the server has accepted them */
    /* one more from the same address is refused without a reply ... */
    assert_int_equal(healthz_from("127.0.0.1"), 0);
    /* ... while another address is served */
    assert_int_equal(healthz_from("127.0.0.2"), 200);
    for (int i = 0; i < PER_IP; i++) {
        assert_false(closed(held[i]));   /* well within the deadline */
        close(held[i]);
    }
    /* once they are gone the address is served again */
    long status = 0;
    for (double t0 = now_s(); status != 200 && now_s() - t0 < 5; usleep(100 * 1000)) status = healthz_from("127.0.0.1");
    assert_int_equal(status, 200);
}

static void tricklers_closed_at_the_deadline(void **state)
{
    (void)state;
    enum { HEADERS = 3, N = HEADERS + 1 };
    int fd[N], gone[N] = {0};
    double when[N] = {0};
    for (int i = 0; i < N; i++) {
        fd[i] = t_connect(S.srv.port, i == 0 ? "127.0.0.3" : "127.0.0.4", 5);
        assert_true(fd[i] >= 0);
    }
    double t0 = now_s();
    for (int i = 0; i < HEADERS; i++) send_all(fd[i], "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    /* the last sends its body a byte at a time */
    send_all(fd[HEADERS], "POST /api/v1/inspections HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                          "Content-Length: 1000\r\n\r\n");
    /* and a well-behaved client keeps one connection alive with whole requests */
    int good = t_connect(S.srv.port, "127.0.0.5", 5);
    assert_true(good >= 0);
    int served = 0, all_gone = 0;
    while (!all_gone && now_s() - t0 < 10) {
        all_gone = 1;
        for (int i = 0; i < N; i++) {
            if (gone[i]) continue;
            if (closed(fd[i])) {
                gone[i] = 1;
                when[i] = now_s() - t0;
                continue;
            }
            all_gone = 0;
            /* never idle: a header line or a body byte every 0.3 s */
            send(fd[i], i < HEADERS ? "X-Trickle: 1\r\n" : " ", i < HEADERS ? 14 : 1, MSG_NOSIGNAL);
        }
        send_all(good, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        t_http_t r;
        t_read_reply(good, &r);
        served += r.status == 200;
        t_http_free(&r);
        usleep(300 * 1000);
    }
    for (int i = 0; i < N; i++) {
        if (!gone[i]) fail_msg("trickler %d still open after %.1f s (deadline %d s)", i, now_s() - t0, DEADLINE_S);
        /* the deadline closed it, not something sooner */
        if (when[i] < DEADLINE_S - 0.5) fail_msg("trickler %d closed after %.2f s only", i, when[i]);
        close(fd[i]);
    }
    /* the kept-alive client was served all along on its one connection */
    assert_false(closed(good));
    assert_true(served >= (int)((DEADLINE_S - 0.5) / 0.3));
    close(good);
    assert_int_equal(healthz_from("127.0.0.3"), 200);
}

static void options_checked(void **state)
{
    (void)state;
    static const char *const bad[][2] = {{"--request-deadline-s", "0"}, {"--request-deadline-s", "x"},
                                         {"--max-conns-per-ip", "-1"}, {"--max-conns-per-ip", "9999"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *argv[] = {(char *)t_bin(), "serve", "--db", S.db, "--listen", "127.0.0.1:0", (char *)bad[i][0],
                        (char *)bad[i][1], NULL};
        t_run_t r;
        assert_int_equal(t_run(argv, NULL, &r), 0);
        if (r.status != 2 || !strstr(r.err, bad[i][0])) fail_msg("%s %s: exit %d %s", bad[i][0], bad[i][1], r.status, r.err);
        t_run_free(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(per_ip_limit_refuses_the_extra),
        cmocka_unit_test(tricklers_closed_at_the_deadline),
        cmocka_unit_test(options_checked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
