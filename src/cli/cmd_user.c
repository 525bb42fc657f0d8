/*
 * cmd_user.c: `oversight user ...` and `oversight token ...`: accounts and
 * API tokens, from the command line (the only way to create the first
 * admin). Passwords are read from stdin, one line, never from argv (which
 * other users can see in ps). A token is printed once, on stdout.
 */
#include "cli/cli.h"
#include "core/roles.h"
#include "core/remind.h"
#include "store/accounts.h"
#include "store/reminders.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static int open_db(const char *cmd, const char *db, store_t **s)
{
    ov_error_t err = {0};
    if (store_open(db, STORE_OPEN_EXISTING, s, &err) != 0) {
        fprintf(stderr, "oversight %s: %s\n", cmd, err.message);
        return 1;
    }
    return 0;
}

static int fail(const char *cmd, const ov_error_t *err)
{
    if (*err->field) fprintf(stderr, "oversight %s: %s: %s\n", cmd, err->field, err->message);
    else fprintf(stderr, "oversight %s: %s\n", cmd, err->message);
    return 1;
}

/* One line from stdin without its newline into buf (n bytes); prompts and
 * turns echo off when stdin is a terminal. Returns 0, or -1 on EOF or a
 * line too long. */
static int read_password(const char *prompt, char *buf, size_t n)
{
    struct termios old, quiet;
    int tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        fprintf(stderr, "%s", prompt);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char *r = fgets(buf, (int)n, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fprintf(stderr, "\n");
    }
    if (!r) return -1;
    size_t len = strlen(buf);
    if (len == n - 1 && buf[len - 1] != '\n') return -1;
    while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r')) buf[--len] = '\0';
    return 0;
}

/* Reads and checks a new password; prints why and returns -1 if unusable. */
static int new_password(const char *cmd, char *buf, size_t n)
{
    ov_error_t err = {0};
    if (read_password("Password: ", buf, n) != 0) {
        fprintf(stderr, "oversight %s: password: expected one line on stdin (at most %d characters)\n", cmd,
                ACCOUNTS_PASSWORD_MAX);
        return -1;
    }
    if (accounts_password_check(buf, &err) != 0) {
        fprintf(stderr, "oversight %s: password: %s\n", cmd, err.message);
        return -1;
    }
    return 0;
}

static int user_add(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *role = NULL, *body = NULL, *name = NULL, *email = NULL, *pos[1] = {NULL};
    int from_stdin = 0;
    const cli_opt_t opts[] = {
        {"db", 1, &db, NULL}, {"role", 1, &role, NULL}, {"body", 1, &body, NULL}, {"name", 1, &name, NULL},
        {"email", 1, &email, NULL}, {"password-stdin", 0, NULL, &from_stdin}, {NULL, 0, NULL, NULL},
    };
    if (cli_parse("user add", argc, argv, opts, pos, 1, 1) < 0) return 2;
    if (!role) {
        fprintf(stderr, "oversight user add: --role is required (admin, hmci, inspector, analyst, body or lpb)\n");
        return 2;
    }
    if (!roles_valid(role) || strcmp(role, "public") == 0) {
        fprintf(stderr, "oversight user add: --role '%s' must be one of admin, hmci, inspector, analyst, body, lpb\n", role);
        return 2;
    }
    if (email && !remind_email_valid(email)) {
        fprintf(stderr, "oversight user add: --email '%s' is not an e-mail address of the form name@example.org\n", email);
        return 2;
    }
    char pw[ACCOUNTS_PASSWORD_MAX + 2];
    if (new_password("user add", pw, sizeof pw) != 0) return 1;
    store_t *s = NULL;
    if (open_db("user add", db, &s) != 0) return 1;
    ov_error_t err = {0};
    long long id = 0;
    account_input_t in = {pos[0], role, body, name, pw};
    /* the account and its address: one transaction */
    int rc = email ? store_begin(s, &err) : 0;
    if (rc == 0) rc = accounts_user_add(s, &in, &id, &err);
    if (rc == 0 && email) rc = reminders_user_email_set(s, pos[0], email, &err);
    if (email && rc == 0) rc = store_commit(s, &err);
    else if (email && store_in_transaction(s)) store_rollback(s);
    store_close(s);
    memset(pw, 0, sizeof pw);
    if (rc != 0) return fail("user add", &err);
    printf("user %s added (id %lld, role %s%s%s)\n", pos[0], id, role, body ? ", body " : "", body ? body : "");
    return 0;
}

static int user_passwd(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *pos[1] = {NULL};
    int from_stdin = 0;
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {"password-stdin", 0, NULL, &from_stdin}, {NULL, 0, NULL, NULL}};
    if (cli_parse("user passwd", argc, argv, opts, pos, 1, 1) < 0) return 2;
    char pw[ACCOUNTS_PASSWORD_MAX + 2];
    if (new_password("user passwd", pw, sizeof pw) != 0) return 1;
    store_t *s = NULL;
    if (open_db("user passwd", db, &s) != 0) return 1;
    ov_error_t err = {0};
    int revoked = 0;
    int rc = accounts_user_set_password(s, pos[0], pw, (long long)time(NULL), &revoked, &err);
    store_close(s);
    memset(pw, 0, sizeof pw);
    if (rc != 0) return fail("user passwd", &err);
    printf("password of %s changed; their sessions have ended; revoked %d API token%s\n", pos[0], revoked,
           revoked == 1 ? "" : "s");
    return 0;
}

static int user_disable(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *pos[1] = {NULL};
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {NULL, 0, NULL, NULL}};
    if (cli_parse("user disable", argc, argv, opts, pos, 1, 1) < 0) return 2;
    store_t *s = NULL;
    if (open_db("user disable", db, &s) != 0) return 1;
    ov_error_t err = {0};
    int rc = accounts_user_disable(s, pos[0], &err);
    store_close(s);
    if (rc != 0) return fail("user disable", &err);
    printf("user %s disabled; their sessions and API tokens no longer work\n", pos[0]);
    return 0;
}

static int user_email(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *pos[2] = {NULL, NULL};
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {NULL, 0, NULL, NULL}};
    if (cli_parse("user email", argc, argv, opts, pos, 2, 2) < 0) return 2;
    if (*pos[1] && !remind_email_valid(pos[1])) {
        fprintf(stderr, "oversight user email: ADDRESS '%s' is not an e-mail address of the form name@example.org\n",
                pos[1]);
        return 2;
    }
    store_t *s = NULL;
    if (open_db("user email", db, &s) != 0) return 1;
    ov_error_t err = {0};
    int rc = reminders_user_email_set(s, pos[0], pos[1], &err);
    store_close(s);
    if (rc != 0) return fail("user email", &err);
    if (*pos[1]) printf("address of %s set to %s\n", pos[0], pos[1]);
    else printf("address of %s removed\n", pos[0]);
    return 0;
}

static int user_list(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB;
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {NULL, 0, NULL, NULL}};
    if (cli_parse("user list", argc, argv, opts, NULL, 0, 0) < 0) return 2;
    store_t *s = NULL;
    if (open_db("user list", db, &s) != 0) return 1;
    ov_error_t err = {0};
    json_t *rows = NULL;
    int rc = accounts_user_list(s, &rows, &err);
    store_close(s);
    if (rc != 0) return fail("user list", &err);
    printf("%-4s %-20s %-10s %-10s %-8s %-6s %s\n", "ID", "USERNAME", "ROLE", "BODY", "STATE", "TOKENS", "NAME");
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        printf("%-4lld %-20s %-10s %-10s %-8s %-6lld %s\n", (long long)json_integer_value(json_object_get(r, "id")),
               json_string_value(json_object_get(r, "username")), json_string_value(json_object_get(r, "role")),
               *json_string_value(json_object_get(r, "body")) ? json_string_value(json_object_get(r, "body")) : "-",
               json_integer_value(json_object_get(r, "disabled")) ? "disabled" : "active",
               (long long)json_integer_value(json_object_get(r, "tokens")),
               json_string_value(json_object_get(r, "display_name")));
    }
    json_decref(rows);
    return 0;
}

int cmd_user(int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : "";
    if (strcmp(sub, "add") == 0) return user_add(argc - 1, argv + 1);
    if (strcmp(sub, "passwd") == 0) return user_passwd(argc - 1, argv + 1);
    if (strcmp(sub, "disable") == 0) return user_disable(argc - 1, argv + 1);
    if (strcmp(sub, "list") == 0) return user_list(argc - 1, argv + 1);
    if (strcmp(sub, "email") == 0) return user_email(argc - 1, argv + 1);
    fprintf(stderr, "oversight user: %s%s%sexpected add, passwd, disable, email or list (see 'oversight help user')\n",
            *sub ? "unknown subcommand '" : "", sub, *sub ? "'; " : "");
    return 2;
}

static int token_create(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *name = NULL, *pos[1] = {NULL};
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {"name", 1, &name, NULL}, {NULL, 0, NULL, NULL}};
    if (cli_parse("token create", argc, argv, opts, pos, 1, 1) < 0) return 2;
    store_t *s = NULL;
    if (open_db("token create", db, &s) != 0) return 1;
    ov_error_t err = {0};
    long long id = 0;
    char token[ACCOUNTS_TOKEN_SIZE];
    int rc = accounts_token_create(s, pos[0], name, (long long)time(NULL), &id, token, &err);
    store_close(s);
    if (rc != 0) return fail("token create", &err);
    printf("%s\n", token);
    memset(token, 0, sizeof token);
    fprintf(stderr, "API token %lld created for %s; it is shown only this once (send it as 'Authorization: Bearer TOKEN')\n",
            id, pos[0]);
    return 0;
}

static int token_revoke(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *pos[1] = {NULL};
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {NULL, 0, NULL, NULL}};
    if (cli_parse("token revoke", argc, argv, opts, pos, 1, 1) < 0) return 2;
    char *end;
    long long id = strtoll(pos[0], &end, 10);
    if (*end || id <= 0) {
        fprintf(stderr, "oversight token revoke: ID '%s' must be a positive number (see 'oversight user list')\n", pos[0]);
        return 2;
    }
    store_t *s = NULL;
    if (open_db("token revoke", db, &s) != 0) return 1;
    ov_error_t err = {0};
    int rc = accounts_token_revoke(s, id, (long long)time(NULL), &err);
    store_close(s);
    if (rc != 0) return fail("token revoke", &err);
    printf("API token %lld revoked\n", id);
    return 0;
}

int cmd_token(int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : "";
    if (strcmp(sub, "create") == 0) return token_create(argc - 1, argv + 1);
    if (strcmp(sub, "revoke") == 0) return token_revoke(argc - 1, argv + 1);
    fprintf(stderr, "oversight token: %s%s%sexpected create or revoke (see 'oversight help token')\n",
            *sub ? "unknown subcommand '" : "", sub, *sub ? "'; " : "");
    return 2;
}

void cli_demo_users_print(void)
{
    printf("demo accounts (demo database only; these passwords are public):\n");
    for (const account_demo_t *d = accounts_demo_users; d->username; d++)
        printf("  %-8s %-18s %s%s%s\n", d->username, d->password, d->role, d->body ? " of " : "", d->body ? d->body : "");
}
