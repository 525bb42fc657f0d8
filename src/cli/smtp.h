/*
 * smtp.h: sending one e-mail message at a time by SMTP (libcurl), for the
 * commands that mail (`oversight remind`). The message itself, headers and
 * all, is the caller's (core/remind.h writes reminders); this only carries
 * it to the server. Nothing here prints: failures come back as values for
 * the command to word.
 *
 * A session holds one libcurl handle, reused for each message (libcurl
 * keeps the connection open between them). smtp_open and smtp_close also
 * start and stop libcurl itself, which is not thread-safe: use one session
 * at a time, from the program's main thread.
 */
#ifndef OV_CLI_SMTP_H
#define OV_CLI_SMTP_H
#include <stddef.h>

typedef struct smtp smtp_t;

enum smtp_status {
    SMTP_OK = 0,
    SMTP_EFAILED = -1,   /* the server did not take the message (smtp_failure_t says why) */
    SMTP_ENOMEM = -2,    /* out of memory before anything was sent */
};

/* Why a message was not sent. */
typedef struct {
    const char *what;    /* libcurl's description of the failure (static) */
    const char *detail;  /* libcurl's own error text, "" if none (the session's: valid until its next send) */
    long reply;          /* the server's last reply code, 0 if none */
    int fatal;           /* the server cannot be used (unreachable, refused the login, no TLS):
                          * no later message would get through either */
} smtp_failure_t;

/* Opens a session to url ("smtp://HOST[:PORT]" or "smtps://HOST[:PORT]";
 * the caller checks the scheme) sending as `from` (an address; the three
 * are borrowed and must outlive the session). With user (may be NULL) and
 * password it logs in, and then TLS is required (smtp:// must upgrade with
 * STARTTLS: never a password in clear); without, TLS is used where the
 * server offers it. Nothing is sent yet. Returns 0 with *out (close with
 * smtp_close), or -1 when libcurl could not start (*out NULL). */
int smtp_open(const char *url, const char *from, const char *user, const char *password, smtp_t **out);

/* Sends msg (len bytes, a whole RFC 5322 message with CRLF line ends) to
 * the one address `to`. Returns SMTP_OK; SMTP_EFAILED with *fail filled;
 * or SMTP_ENOMEM. */
int smtp_send(smtp_t *s, const char *to, const char *msg, size_t len, smtp_failure_t *fail);

/* Closes the session and stops libcurl. NULL is fine. */
void smtp_close(smtp_t *s);

#endif
