/*
 * cmd_remind.c: `oversight remind`: deadline reminders by e-mail.
 *
 * The items are those of rules_deadlines (recommendations not closed at
 * their current deadline, plan items not complete with a target date, PCC
 * responses due on the 56th day counting publication day); the stage due today comes from
 * core/remind.h; recipients are the active accounts with an address of the
 * body (role body; role lpb for PCC responses). Each message goes out by
 * SMTP (cli/smtp.h) and is recorded in reminders_sent right after the
 * server accepted it, so the next run skips it and a failed one is tried
 * again. --dry-run prints what would be sent and touches nothing.
 */
#include "cli/cli.h"
#include "cli/smtp.h"
#include "core/remind.h"
#include "core/rules.h"
#include "store/reminders.h"
#include "store/snapshot.h"
#include "core/jget.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CMD "remind"
#define DEFAULT_SMTP "smtp://127.0.0.1:25"
#define DEFAULT_FROM "oversight@localhost"
#define DEFAULT_BASE_URL "http://127.0.0.1:8080"   /* `make run`'s address */

typedef struct {
    const char *smtp, *from, *user, *password;
    const char *base_url;    /* where the pages are, for the mail's link; no trailing '/' */
    size_t base_len;
    int dry_run;
    smtp_t *mail;            /* the SMTP session (not in a dry run) */
    int aborted;             /* the server cannot be used: stop sending */
    long sent, already, failed, unsent, would;
    unsigned seq;
} run_t;

/* Sends msg to `to`. Returns 0, or -1 after printing why; a failure that
 * leaves the server unusable stops the run's sending. */
static int send_mail(run_t *r, const char *to, const char *msg, size_t len)
{
    smtp_failure_t f;
    int rc = smtp_send(r->mail, to, msg, len, &f);
    if (rc == SMTP_OK) return 0;
    if (rc == SMTP_ENOMEM) {
        fprintf(stderr, "oversight " CMD ": out of memory\n");
        return -1;
    }
    fprintf(stderr, "oversight " CMD ": could not send to %s through %s: %s%s%s", to, r->smtp, f.what,
            f.detail[0] ? ": " : "", f.detail);
    if (f.reply) fprintf(stderr, " (server replied %ld)", f.reply);
    fprintf(stderr, "\n");
    if (f.fatal) r->aborted = 1;
    return -1;
}

/* The original deadline of recommendation id in snap, or NULL. */
static const char *original_deadline(const json_t *snap, json_int_t id)
{
    size_t i;
    const json_t *rec;
    json_array_foreach(json_object_get(snap, "recommendations"), i, rec)
        if (json_integer_value(json_object_get(rec, "id")) == id)
            return json_string_value(json_object_get(rec, "original_deadline"));
    return NULL;
}

/* Sends (or in a dry run prints) the reminders due today for one item.
 * Returns 0, or -1 on a database error (after printing it). */
static int remind_item(run_t *r, store_t *s, const json_t *item, const json_t *snap, const odate_t *today)
{
    const char *kind = jget_text(item, "kind"), *due_s = jget_text(item, "due"), *code = jget_text(item, "code");
    json_int_t id = json_integer_value(json_object_get(item, "id"));
    odate_t due;
    if (date_parse(due_s, &due) != 0) return 0;
    remind_stage_t stage = remind_stage(&due, today);
    if (stage == REMIND_NONE) return 0;
    const char *stage_s = remind_stage_name(stage);
    const char *role = strcmp(kind, "pcc_response") == 0 ? "lpb" : "body";
    ov_error_t err = {0};
    json_t *to = NULL;
    if (reminders_recipients(s, code, role, &to, &err) != 0) {
        fprintf(stderr, "oversight " CMD ": %s\n", err.message);
        return -1;
    }
    /* an absolute link: a mail client has no page to be relative to */
    char link[640];
    if (strcmp(kind, "recommendation") == 0)
        snprintf(link, sizeof link, "%.*s/recommendations/%lld", (int)r->base_len, r->base_url, (long long)id);
    else snprintf(link, sizeof link, "%.*s/bodies/%.100s", (int)r->base_len, r->base_url, code);
    const char *original = strcmp(kind, "recommendation") == 0 ? original_deadline(snap, id) : NULL;
    int rc = 0;
    size_t i;
    const json_t *u;
    json_array_foreach(to, i, u) {
        if (r->aborted) {
            r->unsent++;
            continue;
        }
        const char *addr = jget_text(u, "email"), *name = jget_text(u, "display_name");
        int sent = 0;
        if (reminders_sent_has(s, kind, id, due_s, stage_s, addr, &sent, &err) != 0) {
            fprintf(stderr, "oversight " CMD ": %s\n", err.message);
            rc = -1;
            break;
        }
        if (sent) {
            r->already++;
            continue;
        }
        char unique[64];
        snprintf(unique, sizeof unique, "%lld.%u.%ld", (long long)time(NULL), ++r->seq, (long)getpid());
        remind_msg_t m = {
            .from = r->from, .to = addr, .to_name = *name ? name : jget_text(u, "username"), .body_code = code,
            .body_name = *jget_text(snap, "name") ? jget_text(snap, "name") : code, .kind = kind, .item_id = id,
            .title = jget_text(item, "title"), .due = due_s, .original = original,
            .days = (long)json_integer_value(json_object_get(item, "days")), .stage = stage, .link = link,
            .now = time(NULL), .unique = unique,
        };
        size_t len = 0;
        char *msg = remind_message(&m, &len), *subject = remind_subject(&m);
        if (!msg || !subject) {
            free(msg);
            free(subject);
            fprintf(stderr, "oversight " CMD ": out of memory\n");
            rc = -1;
            break;
        }
        if (r->dry_run) {
            printf("would send to %s (%s, stage %s): %s\n", addr, jget_text(u, "username"), stage_s, subject);
            r->would++;
        } else if (send_mail(r, addr, msg, len) == 0) {
            char at[32];
            time_t now = time(NULL);
            struct tm tm;
            gmtime_r(&now, &tm);
            strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
            if (reminders_sent_record(s, kind, id, due_s, stage_s, addr, at, &err) != 0) {
                if (err.status == OV_ECONFLICT) {
                    fprintf(stderr, "oversight " CMD ": %s: another run recorded this reminder meanwhile\n", addr);
                } else {
                    fprintf(stderr, "oversight " CMD ": sent to %s but could not record it (it may be sent again): %s\n",
                            addr, err.message);
                    rc = -1;
                }
            }
            printf("sent to %s (%s, stage %s): %s\n", addr, jget_text(u, "username"), stage_s, subject);
            r->sent++;
        } else {
            r->failed++;
        }
        free(msg);
        free(subject);
        if (rc) break;
    }
    json_decref(to);
    return rc;
}

int cmd_remind(int argc, char **argv)
{
    run_t r = {0};
    const char *db = CLI_DEFAULT_DB, *today_s = NULL;
    r.smtp = getenv("OVERSIGHT_SMTP_URL");
    r.from = getenv("OVERSIGHT_MAIL_FROM");
    if (!r.smtp || !*r.smtp) r.smtp = DEFAULT_SMTP;
    if (!r.from || !*r.from) r.from = DEFAULT_FROM;
    r.base_url = getenv("OVERSIGHT_BASE_URL");
    if (!r.base_url || !*r.base_url) r.base_url = DEFAULT_BASE_URL;
    const cli_opt_t opts[] = {
        {"db", 1, &db, NULL}, {"today", 1, &today_s, NULL}, {"smtp", 1, &r.smtp, NULL},
        {"from", 1, &r.from, NULL}, {"smtp-user", 1, &r.user, NULL}, {"dry-run", 0, NULL, &r.dry_run},
        {"base-url", 1, &r.base_url, NULL}, {NULL, 0, NULL, NULL},
    };
    odate_t today;
    if (cli_parse(CMD, argc, argv, opts, NULL, 0, 0) < 0 || cli_day_opt(CMD, "today", today_s, &today) != 0) return 2;
    if (strncmp(r.smtp, "smtp://", 7) != 0 && strncmp(r.smtp, "smtps://", 8) != 0) {
        fprintf(stderr, "oversight " CMD ": --smtp must be an smtp://HOST[:PORT] or smtps://HOST[:PORT] URL, not '%s'\n",
                r.smtp);
        return 2;
    }
    r.base_len = strlen(r.base_url);
    while (r.base_len > 0 && r.base_url[r.base_len - 1] == '/') r.base_len--;
    if ((strncmp(r.base_url, "http://", 7) != 0 && strncmp(r.base_url, "https://", 8) != 0) || r.base_len > 512 ||
        strpbrk(r.base_url, " \t\r\n")) {
        fprintf(stderr, "oversight " CMD ": --base-url must be an http:// or https:// URL of at most 512 characters "
                        "without spaces, not '%s'\n", r.base_url);
        return 2;
    }
    if (!remind_email_valid(r.from)) {
        fprintf(stderr, "oversight " CMD ": --from '%s' is not an e-mail address of the form name@example.org\n", r.from);
        return 2;
    }
    if (r.user) {
        r.password = getenv("OVERSIGHT_SMTP_PASSWORD");
        if (!r.password) {
            fprintf(stderr, "oversight " CMD ": --smtp-user needs the password in the environment variable "
                            "OVERSIGHT_SMTP_PASSWORD\n");
            return 2;
        }
    }

    store_t *s = NULL;
    ov_error_t err = {0};
    if (store_open(db, STORE_OPEN_EXISTING, &s, &err) != 0) {
        fprintf(stderr, "oversight " CMD ": %s\n", err.message);
        return 1;
    }
    int status = 1;
    json_t *snaps = NULL, *dues = NULL, *by_code = json_object();
    if (store_snapshots(s, &snaps, &err) != 0) {
        fprintf(stderr, "oversight " CMD ": %s\n", err.message);
        goto done;
    }
    /* everything due within 30 days (before = today + 31, exclusive) or overdue */
    odate_t before = date_add_days(&today, 31);
    dues = rules_deadlines(snaps, &today, &before);
    if (!dues || !by_code) {
        fprintf(stderr, "oversight " CMD ": out of memory\n");
        goto done;
    }
    size_t i;
    json_t *snap;
    json_array_foreach(snaps, i, snap) json_object_set(by_code, jget_text(snap, "code"), snap);
    if (!r.dry_run && smtp_open(r.smtp, r.from, r.user, r.password, &r.mail) != 0) {
        fprintf(stderr, "oversight " CMD ": libcurl could not start\n");
        goto done;
    }

    int rc = 0;
    const char *lists[2] = {"overdue", "upcoming"};
    for (int l = 0; l < 2 && rc == 0; l++) {
        const json_t *item;
        json_array_foreach(json_object_get(dues, lists[l]), i, item) {
            rc = remind_item(&r, s, item, json_object_get(by_code, jget_text(item, "code")), &today);
            if (rc) break;
        }
    }
    char day[DATE_TEXT_MAX];
    date_format(&today, day);
    if (r.dry_run) {
        printf("dry run for %s: %ld reminder%s would be sent (%ld already sent before); nothing was sent or recorded\n",
               day, r.would, r.would == 1 ? "" : "s", r.already);
    } else {
        printf("%s: %ld reminder%s sent, %ld already sent before\n", day, r.sent, r.sent == 1 ? "" : "s", r.already);
        if (r.failed || r.unsent)
            fprintf(stderr, "oversight " CMD ": %ld reminder%s not sent; %s tried again on the next run\n",
                    r.failed + r.unsent, r.failed + r.unsent == 1 ? "" : "s", r.failed + r.unsent == 1 ? "it is" : "they are");
    }
    status = rc == 0 && r.failed == 0 && r.unsent == 0 ? 0 : 1;

done:
    smtp_close(r.mail);
    json_decref(by_code);
    json_decref(dues);
    json_decref(snaps);
    store_close(s);
    return status;
}
