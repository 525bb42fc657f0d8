/* test_remind.c: `oversight remind` against a loopback SMTP sink
 * (tests/support/smtp_sink.h), and the e-mail options of `oversight user`. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "support/support.h"
#include "support/smtp_sink.h"

static char DIR_[256];

static int setup(void **state) { (void)state; return t_mkdtemp(DIR_); }
static int teardown(void **state) { (void)state; t_rmdir(DIR_); return 0; }

#define FROM "oversight@hmicfrs.example.org"
#define CHIEF "chief@kent.example.org"

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void add_user(const char *url, const char *name, const char *role, const char *body, const char *email)
{
    char pw[128];
    snprintf(pw, sizeof pw, "password-%s\n", name);
    char *argv[] = {(char *)t_bin(), "user", "add", (char *)name, "--role", (char *)role, "--body", (char *)body,
                    "--db", (char *)url, email ? "--email" : NULL, (char *)email, NULL};
    t_run_t r;
    assert_int_equal(t_run_input(argv, NULL, pw, &r), 0);
    if (r.status != 0) fprintf(stderr, "user add %s: %s\n", name, r.err);
    assert_int_equal(r.status, 0);
    t_run_free(&r);
}

static void load(const char *url, const char *name, const char *json)
{
    char path[400];
    snprintf(path, sizeof path, "%s/%s.json", DIR_, name);
    write_file(path, json);
    char *argv[] = {(char *)t_bin(), "load", path, "--db", (char *)url, NULL};
    t_run_t r;
    assert_int_equal(t_run(argv, NULL, &r), 0);
    if (r.status != 0) fprintf(stderr, "load %s: %s\n", name, r.err);
    assert_int_equal(r.status, 0);
    t_run_free(&r);
}

/* A fresh database: Kent has recommendation 1 due 2025-06-30 (no
 * inspection, so no PCC response is due); kentchief (body, with an address)
 * should hear of it; kentnomail (no address), essexchief (another body) and
 * kentlpb (the local policing body) should not. */
static void make_db(const char *name, char url[512])
{
    char path[400];
    snprintf(path, sizeof path, "%s/%s.db", DIR_, name);
    assert_int_equal(t_db_url(url, path), 0);
    char *init[] = {(char *)t_bin(), "init", url, NULL};
    t_run_t r;
    assert_int_equal(t_run(init, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    load(url, name,
         "{\"steps\": [{\"entity\": \"recommendations\", \"as\": \"r\", \"fields\": {\"body\": \"kent\","
         " \"number\": \"1\", \"addressee\": \"Chief Constable\", \"text\": \"Improve call handling.\","
         " \"issued_on\": \"2025-01-15\", \"original_deadline\": \"2025-06-30\"}}]}");
    add_user(url, "kentchief", "body", "kent", CHIEF);
    add_user(url, "kentnomail", "body", "kent", NULL);
    add_user(url, "essexchief", "body", "essex", "chief@essex.example.org");
    add_user(url, "kentlpb", "lpb", "kent", "pcc@kent.example.org");
}

static void sink_dir(const char *name, char out[400])
{
    snprintf(out, 400, "%s/%s", DIR_, name);
    assert_int_equal(mkdir(out, 0700), 0);
}

/* Runs remind on url for today against port (0: no --smtp), with one extra
 * option (may be NULL). */
static t_run_t remind(const char *url, const char *today, int port, const char *extra)
{
    char smtp[64];
    snprintf(smtp, sizeof smtp, "smtp://127.0.0.1:%d", port);
    char *argv[] = {(char *)t_bin(), "remind", "--db", (char *)url, "--today", (char *)today, "--from", FROM,
                    "--smtp", smtp, (char *)extra, NULL};
    t_run_t r;
    assert_int_equal(t_run(argv, NULL, &r), 0);
    return r;
}

static void sends_once_then_overdue(void **state)
{
    (void)state;
    char url[512], dir[400];
    make_db("once", url);
    sink_dir("once-mail", dir);
    t_smtp_sink_t *sink = NULL;
    assert_int_equal(t_smtp_sink_start(dir, &sink), 0);
    int port = t_smtp_sink_port(sink);

    /* 7 days before: exactly one message, to the body user with an address */
    t_run_t r = remind(url, "2025-06-23", port, NULL);
    if (r.status) fprintf(stderr, "%s", r.err);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "1 reminder sent, 0 already sent before"));
    t_run_free(&r);
    assert_int_equal(t_smtp_sink_count(sink), 1);
    char *m = t_smtp_sink_message(dir, 1);
    assert_non_null(m);
    assert_non_null(strstr(m, "X-Sink-Mail-From: <" FROM ">\r\n"));
    assert_non_null(strstr(m, "X-Sink-Rcpt-To: <" CHIEF ">\r\n"));
    assert_null(strstr(m, "essex"));
    assert_non_null(strstr(m, "\r\nSubject: Reminder: Recommendation 1 for Kent Police is due on 2025-06-30 (in 7 days)\r\n"));
    assert_non_null(strstr(m, "\r\nTo: <" CHIEF ">\r\n"));
    assert_non_null(strstr(m, "\r\nFrom: Oversight <" FROM ">\r\n"));
    assert_non_null(strstr(m, "\r\nDate: "));
    assert_non_null(strstr(m, "\r\nMessage-ID: <remind.recommendation."));
    /* links are absolute (a mail has no page to be relative to): `make run`'s address by default */
    assert_non_null(strstr(m, "Link:              http://127.0.0.1:8080/recommendations/"));
    assert_null(strstr(m, "Original deadline"));
    free(m);

    /* again the same day, and 5 days before (the 7-day stage is done): nothing new */
    r = remind(url, "2025-06-23", port, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "0 reminders sent, 1 already sent before"));
    t_run_free(&r);
    r = remind(url, "2025-06-25", port, NULL);
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    assert_int_equal(t_smtp_sink_count(sink), 1);

    /* past the deadline: one overdue message, once */
    r = remind(url, "2025-07-01", port, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "1 reminder sent"));
    t_run_free(&r);
    assert_int_equal(t_smtp_sink_count(sink), 2);
    m = t_smtp_sink_message(dir, 2);
    assert_non_null(m);
    assert_non_null(strstr(m, "X-Sink-Rcpt-To: <" CHIEF ">\r\n"));
    assert_non_null(strstr(m, "\r\nSubject: Overdue: Recommendation 1 for Kent Police was due on 2025-06-30\r\n"));
    free(m);
    r = remind(url, "2025-08-01", port, NULL);
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    assert_int_equal(t_smtp_sink_count(sink), 2);

    /* a revised deadline is a new due date with its own reminders, naming the original */
    load(url, "once-revision",
         "{\"steps\": [{\"entity\": \"deadline-revisions\", \"fields\": {\"recommendation_id\": 1,"
         " \"new_deadline\": \"2025-09-30\", \"reason\": \"New call system delayed\", \"agreed_by\": \"HMI\","
         " \"agreed_on\": \"2025-08-05\"}}]}");
    r = remind(url, "2025-09-29", port, NULL);
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    assert_int_equal(t_smtp_sink_count(sink), 3);
    m = t_smtp_sink_message(dir, 3);
    assert_non_null(m);
    assert_non_null(strstr(m, "\r\nSubject: Reminder: Recommendation 1 for Kent Police is due on 2025-09-30 (in 1 day)\r\n"));
    assert_non_null(strstr(m, "Original deadline: 2025-06-30\r\n"));
    free(m);
    t_smtp_sink_stop(sink);
}

static void unreachable_server_records_nothing(void **state)
{
    (void)state;
    char url[512], dir[400];
    make_db("down", url);
    sink_dir("down-mail", dir);
    /* a port nobody listens on: a sink's, after it stopped */
    t_smtp_sink_t *sink = NULL;
    assert_int_equal(t_smtp_sink_start(dir, &sink), 0);
    int dead = t_smtp_sink_port(sink);
    t_smtp_sink_stop(sink);

    t_run_t r = remind(url, "2025-06-23", dead, NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "could not send to " CHIEF));
    assert_non_null(strstr(r.err, "1 reminder not sent"));
    t_run_free(&r);

    /* nothing was recorded: with the server back, it goes out */
    assert_int_equal(t_smtp_sink_start(dir, &sink), 0);
    r = remind(url, "2025-06-23", t_smtp_sink_port(sink), NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "1 reminder sent, 0 already sent before"));
    t_run_free(&r);
    assert_int_equal(t_smtp_sink_count(sink), 1);
    t_smtp_sink_stop(sink);
}

static void dry_run_sends_nothing(void **state)
{
    (void)state;
    char url[512], dir[400];
    make_db("dry", url);
    sink_dir("dry-mail", dir);
    t_smtp_sink_t *sink = NULL;
    assert_int_equal(t_smtp_sink_start(dir, &sink), 0);
    int port = t_smtp_sink_port(sink);
    t_run_t r = remind(url, "2025-06-23", port, "--dry-run");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "would send to " CHIEF " (kentchief, stage 7): Reminder: Recommendation 1 for Kent "
                                  "Police is due on 2025-06-30 (in 7 days)"));
    assert_non_null(strstr(r.out, "1 reminder would be sent"));
    assert_null(strstr(r.out, "essex"));
    t_run_free(&r);
    assert_int_equal(t_smtp_sink_count(sink), 0);
    /* and recorded nothing: the real run sends it, linking to --base-url */
    r = remind(url, "2025-06-23", port, "--base-url=https://oversight.example.org/");
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    assert_int_equal(t_smtp_sink_count(sink), 1);
    char *m = t_smtp_sink_message(dir, 1);
    assert_non_null(m);
    assert_non_null(strstr(m, "Link:              https://oversight.example.org/recommendations/"));
    free(m);
    t_smtp_sink_stop(sink);
}

/* One recipient refused: the others are sent and recorded, the refused one
 * is tried again next time. */
static void refused_recipient_is_retried(void **state)
{
    (void)state;
    char url[512], dir[400];
    make_db("refused", url);
    add_user(url, "kentdeputy", "body", "kent", "deputy@kent.example.org");
    sink_dir("refused-mail", dir);
    t_smtp_sink_t *sink = NULL;
    assert_int_equal(t_smtp_sink_start(dir, &sink), 0);
    t_smtp_sink_reject(sink, "deputy@kent.example.org");
    int port = t_smtp_sink_port(sink);
    t_run_t r = remind(url, "2025-06-01", port, NULL);   /* 29 days before: the 30-day stage */
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "could not send to deputy@kent.example.org"));
    assert_non_null(strstr(r.out, "1 reminder sent"));
    t_run_free(&r);
    assert_int_equal(t_smtp_sink_count(sink), 1);
    char *m = t_smtp_sink_message(dir, 1);
    assert_non_null(strstr(m, "X-Sink-Rcpt-To: <" CHIEF ">"));
    assert_non_null(strstr(m, "(in 29 days)"));
    free(m);
    t_smtp_sink_reject(sink, NULL);
    r = remind(url, "2025-06-01", port, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "1 reminder sent, 1 already sent before"));
    t_run_free(&r);
    assert_int_equal(t_smtp_sink_count(sink), 2);
    m = t_smtp_sink_message(dir, 2);
    assert_non_null(strstr(m, "X-Sink-Rcpt-To: <deputy@kent.example.org>"));
    free(m);
    t_smtp_sink_stop(sink);
}

/* A PCC response goes to the local policing body's users, not the force's. */
static void pcc_response_goes_to_lpb(void **state)
{
    (void)state;
    char url[512], dir[400];
    make_db("pcc", url);
    load(url, "pcc-inspection",
         "{\"steps\": [{\"entity\": \"inspections\", \"fields\": {\"body\": \"kent\", \"kind\": \"peel\","
         " \"title\": \"PEEL 2025\", \"published_on\": \"2025-04-01\"}}]}");
    sink_dir("pcc-mail", dir);
    t_smtp_sink_t *sink = NULL;
    assert_int_equal(t_smtp_sink_start(dir, &sink), 0);
    /* due 2025-05-26 (the 56th day counting 1 April); the recommendation is 41 days away: nothing for it */
    t_run_t r = remind(url, "2025-05-20", t_smtp_sink_port(sink), NULL);
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    assert_int_equal(t_smtp_sink_count(sink), 1);
    char *m = t_smtp_sink_message(dir, 1);
    assert_non_null(strstr(m, "X-Sink-Rcpt-To: <pcc@kent.example.org>"));
    assert_non_null(strstr(m, "Subject: Reminder: The PCC response to \"PEEL 2025\" for Kent Police is due on 2025-05-26"));
    free(m);
    t_smtp_sink_stop(sink);
}

static void bad_options(void **state)
{
    (void)state;
    char url[512];
    make_db("opts", url);
    char *a1[] = {(char *)t_bin(), "remind", "--db", url, "--smtp", "http://127.0.0.1:25", NULL};
    t_run_t r;
    assert_int_equal(t_run(a1, NULL, &r), 0);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--smtp must be an smtp://"));
    t_run_free(&r);
    char *a2[] = {(char *)t_bin(), "remind", "--db", url, "--from", "not-an-address", NULL};
    assert_int_equal(t_run(a2, NULL, &r), 0);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--from 'not-an-address'"));
    t_run_free(&r);
    char *a3[] = {(char *)t_bin(), "remind", "--db", url, "--today", "2025-13-01", NULL};
    assert_int_equal(t_run(a3, NULL, &r), 0);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--today"));
    t_run_free(&r);
    char *a4[] = {(char *)t_bin(), "remind", "--db", url, "--smtp-user", "mailer", NULL};
    assert_int_equal(t_run(a4, NULL, &r), 0);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "OVERSIGHT_SMTP_PASSWORD"));
    t_run_free(&r);
    char *a5[] = {(char *)t_bin(), "remind", "--db", url, "--base-url", "ftp://example.org", NULL};
    assert_int_equal(t_run(a5, NULL, &r), 0);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--base-url must be an http:// or https:// URL"));
    t_run_free(&r);
}

static void user_email_commands(void **state)
{
    (void)state;
    char url[512], dir[400];
    make_db("email", url);
    t_run_t r;
    /* a bad address: exit 2, and the account is not created */
    char *bad_add[] = {(char *)t_bin(), "user", "add", "newbody", "--role", "body", "--body", "kent", "--email",
                       "newbody at kent", "--db", url, NULL};
    assert_int_equal(t_run_input(bad_add, NULL, "password-newbody\n", &r), 0);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--email 'newbody at kent'"));
    t_run_free(&r);
    char *list[] = {(char *)t_bin(), "user", "list", "--db", url, NULL};
    assert_int_equal(t_run(list, NULL, &r), 0);
    assert_null(strstr(r.out, "newbody"));
    t_run_free(&r);

    char *bad[] = {(char *)t_bin(), "user", "email", "kentnomail", "kent@", "--db", url, NULL};
    assert_int_equal(t_run(bad, NULL, &r), 0);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "'kent@' is not an e-mail address"));
    t_run_free(&r);
    char *nobody[] = {(char *)t_bin(), "user", "email", "ghost", "ghost@kent.example.org", "--db", url, NULL};
    assert_int_equal(t_run(nobody, NULL, &r), 0);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "no user called 'ghost'"));
    t_run_free(&r);

    /* set an address for kentnomail, remove kentchief's: the reminder follows */
    char *set[] = {(char *)t_bin(), "user", "email", "kentnomail", "second@kent.example.org", "--db", url, NULL};
    assert_int_equal(t_run(set, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    char *clear[] = {(char *)t_bin(), "user", "email", "kentchief", "", "--db", url, NULL};
    assert_int_equal(t_run(clear, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "removed"));
    t_run_free(&r);
    sink_dir("email-mail", dir);
    t_smtp_sink_t *sink = NULL;
    assert_int_equal(t_smtp_sink_start(dir, &sink), 0);
    r = remind(url, "2025-06-23", t_smtp_sink_port(sink), NULL);
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    assert_int_equal(t_smtp_sink_count(sink), 1);
    char *m = t_smtp_sink_message(dir, 1);
    assert_non_null(strstr(m, "X-Sink-Rcpt-To: <second@kent.example.org>"));
    free(m);
    t_smtp_sink_stop(sink);

    /* the change is in the audit trail */
    char *audit[] = {(char *)t_bin(), "audit", "log", "--entity", "users", "--db", url, NULL};
    assert_int_equal(t_run(audit, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "email_change"));
    t_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sends_once_then_overdue), cmocka_unit_test(unreachable_server_records_nothing),
        cmocka_unit_test(dry_run_sends_nothing), cmocka_unit_test(refused_recipient_is_retried),
        cmocka_unit_test(pcc_response_goes_to_lpb), cmocka_unit_test(bad_options),
        cmocka_unit_test(user_email_commands),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
