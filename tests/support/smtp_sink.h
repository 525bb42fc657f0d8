/*
 * smtp_sink.h: a tiny SMTP server for tests, on a thread of the test
 * process, listening on 127.0.0.1 (a free port). It speaks just enough SMTP
 * for libcurl: 220 greeting, EHLO/HELO, MAIL FROM, RCPT TO, DATA (ended by
 * CRLF.CRLF, dot-unstuffed), RSET, NOOP, QUIT. Each accepted message is
 * saved as DIR/msg-NNN.eml (NNN from 001), headed by the envelope:
 *   X-Sink-Mail-From: <a@b>
 *   X-Sink-Rcpt-To: <c@d>        (one line per recipient)
 * then the message as received. No TLS, no AUTH.
 */
#ifndef OV_TEST_SMTP_SINK_H
#define OV_TEST_SMTP_SINK_H

typedef struct t_smtp_sink t_smtp_sink_t;

/* Starts a sink saving into dir (which must exist). Returns 0 or -1. */
int t_smtp_sink_start(const char *dir, t_smtp_sink_t **out);
/* The port it listens on. */
int t_smtp_sink_port(const t_smtp_sink_t *sink);
/* Messages saved so far. */
int t_smtp_sink_count(t_smtp_sink_t *sink);
/* From now on, RCPT TO this address (without brackets) gets 550. */
void t_smtp_sink_reject(t_smtp_sink_t *sink, const char *address);
/* Stops the thread, closes the port, frees the sink (NULL is fine). */
void t_smtp_sink_stop(t_smtp_sink_t *sink);

/* Message n (1-based) of dir as a malloc'd string, or NULL. */
char *t_smtp_sink_message(const char *dir, int n);

#endif
