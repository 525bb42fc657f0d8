/*
 * cli.h: subcommands of the `oversight` binary.
 *
 * Exit codes: 0 success, 1 the command failed (message on stderr), 2 the
 * command line was wrong (message names the option or argument).
 */
#ifndef OV_CLI_CLI_H
#define OV_CLI_CLI_H
#include "core/date.h"

int cli_main(int argc, char **argv);

/* One option of a command: "--name VALUE" (has_value) or "--name". */
#define CLI_OPT_LIST 2       /* has_value for a repeatable option: see value */
#define CLI_LIST_MAX 16      /* values a repeatable option may have */
typedef struct cli_opt {
    const char *name;        /* without the leading "--" */
    int has_value;           /* 0, 1, or CLI_OPT_LIST */
    const char **value;      /* where a value goes (has_value 1; a repeat replaces it); for
                              * CLI_OPT_LIST an array of CLI_LIST_MAX + 1 NULLs, filled in order */
    int *flag;               /* set to 1 when present (!has_value) */
} cli_opt_t;

/* Parses argv[1..] of a command into opts and up to max_pos positionals.
 * Returns the number of positionals, or -1 after printing a precise message
 * (the caller exits 2). */
int cli_parse(const char *cmd, int argc, char **argv, const cli_opt_t *opts,
              const char **pos, int min_pos, int max_pos);

/* The day option --name of cmd: v as YYYY-MM-DD, or when v is NULL today
 * (OVERSIGHT_TODAY if set to a day, else the local date). Returns 0, or -1
 * after printing a message. */
int cli_day_opt(const char *cmd, const char *name, const char *v, odate_t *out);

int cmd_init(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_load(int argc, char **argv);
int cmd_readiness(int argc, char **argv);
int cmd_candidates(int argc, char **argv);
int cmd_deadlines(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import_export(int argc, char **argv);
int cmd_letter(int argc, char **argv);
int cmd_release(int argc, char **argv);
int cmd_synth(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_remind(int argc, char **argv);
int cmd_framework(int argc, char **argv);
int cmd_theme(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_body(int argc, char **argv);

/* Prints the demo accounts and their passwords (after `oversight demo`). */
void cli_demo_users_print(void);

/* The default database when --db is not given. */
#define CLI_DEFAULT_DB "sqlite:var/oversight.db"

#endif
