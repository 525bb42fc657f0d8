/*
 * form_actions.c: the rule-checked actions of src/api/actions.c as forms:
 * a recommendation's status (a body's user claims it implemented with the
 * evidence; an inspector closes it, or returns the claim with a reason), a
 * deadline revision (the original deadline stays), closing a cause of
 * concern, and HMCI's phase decision (store_decision_record, as
 * api_decision_create). One descriptor each (form_action.h): its fields,
 * words, paths and store function; form_action.c does the rest. The same
 * store functions and the same permissions as the API; the version read
 * travels in a hidden field, so a stale form is refused.
 */
#include "web/form_action.h"
#include "web/format.h"
#include "app/actor.h"
#include "core/buf.h"
#include "core/roles.h"
#include "app/reports.h"
#include "store/bodies.h"
#include "store/reports.h"
#include "store/entity.h"
#include "store/evidence.h"
#include "store/record.h"
#include "store/work.h"
#include "store/publication.h"
#include <stdio.h>
#include <string.h>

#define DATE_HINT "For example, 31 1 2025. Leave the day blank when only the month is known"

/* The body's revisits as options (for closing items). */
static void revisit_options(const action_view_t *v, json_t *fd)
{
    app_t *app = v->req->app;
    form_field_option(fd, "", "None");
    json_t *rows = NULL;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_entity_list(s, entity_find("revisits"), v->target->body, NULL, 0, 1000, 0, &rows, &err);
    store_pool_release(app->pool, s);
    size_t i;
    json_t *r;
    if (rc == 0)
        json_array_foreach(rows, i, r) {
            char id[32], text[300], d[WEB_DATE_TEXT_MAX];
            snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(r, "id")));
            snprintf(text, sizeof text, "%s (%s)", web_str(r, "title") ? web_str(r, "title") : id,
                     web_format_date(web_str(r, "started_on"), d));
            form_field_option(fd, id, text);
        }
    json_decref(rows);
}

/* The progress updates of the target's body (for a recommendation: its
 * own first) as options: what a closure may rest on. */
static void progress_options(const action_view_t *v, json_t *fd)
{
    app_t *app = v->req->app;
    form_field_option(fd, "", "None");
    json_t *rows = NULL;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_entity_list(s, entity_find("progress-updates"), v->target->body, NULL, 0, 1000, 0, &rows, &err);
    store_pool_release(app->pool, s);
    size_t i;
    json_t *r;
    if (rc == 0)
        json_array_foreach(rows, i, r) {
            char id[32], text[300], d[WEB_DATE_TEXT_MAX], cut[120];
            snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(r, "id")));
            snprintf(text, sizeof text, "%s by %s: %s", web_format_date(web_str(r, "submitted_on"), d),
                     web_str(r, "author") ? web_str(r, "author") : "?",
                     form_truncate(web_str(r, "text") ? web_str(r, "text") : "", 60, cut, sizeof cut));
            form_field_option(fd, id, text);
        }
    json_decref(rows);
}

/* The evidence files of the target's body as options (store_evidence_for_claim):
 * for recommendation rec_id, the files its claim of implemented rests on
 * first, marked. */
static void evidence_file_options(const action_view_t *v, json_t *fd, long long rec_id, int none)
{
    app_t *app = v->req->app;
    if (none) form_field_option(fd, "", "None");
    json_t *rows = NULL;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_evidence_for_claim(s, v->target->body, rec_id, &rows, &err);
    store_pool_release(app->pool, s);
    size_t i;
    json_t *r;
    if (rc == 0)
        json_array_foreach(rows, i, r) {
            char id[32], text[400], d[WEB_DATE_TEXT_MAX];
            snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(r, "id")));
            snprintf(text, sizeof text, "%s (progress update of %s)%s", web_str(r, "filename") ? web_str(r, "filename") : id,
                     web_format_date(web_str(r, "submitted_on"), d),
                     json_integer_value(json_object_get(r, "cited")) ? ": the claim of implemented rests on it" : "");
            form_field_option(fd, id, text);
        }
    json_decref(rows);
}

/* A claim's choice among the body's files (checkboxes). */
static void claim_file_options(const action_view_t *v, json_t *fd)
{
    evidence_file_options(v, fd, v->target->id, 0);
}

/* What a recommendation's closure may rest on: the claim's files first. */
static void rec_closure_file_options(const action_view_t *v, json_t *fd)
{
    evidence_file_options(v, fd, v->target->id, 1);
}

static void cause_closure_file_options(const action_view_t *v, json_t *fd)
{
    evidence_file_options(v, fd, 0, 1);
}

static const char *const OUTCOME_TEXT[][2] = {
    {"implemented", "Implemented: the inspectorate accepts it as implemented"},
    {"not_implemented", "Not implemented: closed without being implemented"},
};

static void outcome_options(const action_view_t *v, json_t *fd)
{
    (void)v;
    form_field_option(fd, "", "Choose one");
    for (size_t i = 0; i < sizeof OUTCOME_TEXT / sizeof OUTCOME_TEXT[0]; i++)
        form_field_option(fd, OUTCOME_TEXT[i][0], OUTCOME_TEXT[i][1]);
}

/* The closure in the posted fields (core/record.h); "implemented on" only
 * with the outcome implemented (the form fills it with today). */
static record_closure_t closure_posted(const action_view_t *v, const char *reason_field)
{
    const char *outcome = form_action_read_text(v, "outcome");
    record_closure_t c = {.outcome = outcome, .reason = form_action_read_text(v, reason_field),
                          .implemented_on = outcome && strcmp(outcome, "implemented") == 0
                                                ? form_action_read_text(v, "implemented_on") : NULL,
                          .revisit_id = form_action_read_id(v, "revisit_id"),
                          .progress_update_id = form_action_read_id(v, "progress_update_id"),
                          .evidence_file_id = form_action_read_id(v, "evidence_file_id")};
    return c;
}

/* The closure's own checks beside the fields' (every problem at once):
 * what it rests on goes by the revisit, the first of the three. */
static void closure_check(const action_view_t *v, const char *reason_field, int with_day, json_t *errors)
{
    record_closure_t c = closure_posted(v, reason_field);
    json_t *found = json_object();
    record_check_closure(&c, web_str(v->target->row, "issued_on"), with_day, found);
    const char *key;
    json_t *msg;
    json_object_foreach(found, key, msg) {
        const char *name = strcmp(key, "rests_on") == 0 ? "revisit_id"
                           : strcmp(key, "reason") == 0 ? reason_field : key;
        char text[300];
        const char *m = json_string_value(msg);
        if (strcmp(key, "outcome") == 0) m = "Choose the outcome: implemented or not implemented";
        else if (strcmp(key, "reason") == 0) m = "Give the reason for closing";
        else if (strcmp(key, "rests_on") == 0)
            m = "Say what the closure rests on: a revisit, a progress update or an evidence file";
        snprintf(text, sizeof text, "%s", m);
        if (!json_object_get(errors, name)) json_object_set_new(errors, name, json_string(text));
    }
    json_decref(found);
}

/* ---- check your answers (form_action.h check_page) ---- */

static void row_add(json_t *rows, const char *label, const char *value)
{
    if (value && *value) json_array_append_new(rows, json_pack("{s:s, s:s}", "label", label, "value", value));
}

static void row_date(json_t *rows, const char *label, const char *iso)
{
    char d[WEB_DATE_TEXT_MAX];
    if (iso && *iso) row_add(rows, label, web_format_date(iso, d));
}

static void row_option(json_t *rows, const char *label, const action_view_t *v, const char *name,
                       void (*options)(const action_view_t *, json_t *))
{
    const char *val = form_action_read_text(v, name);
    if (!val) return;
    json_t *fd = form_field_new(name, label, "select", 0, NULL);
    options(v, fd);
    const char *text = val;
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(fd, "options"), i, o)
        if (web_str(o, "value") && strcmp(web_str(o, "value"), val) == 0 && web_str(o, "text")) text = web_str(o, "text");
    row_add(rows, label, text);
    json_decref(fd);
}

/* What a closure will record, as check-page rows. */
static void closure_rows(const action_view_t *v, json_t *rows, int with_day,
                         void (*file_options)(const action_view_t *, json_t *))
{
    row_date(rows, "Closed on", form_action_read_text(v, "on"));
    row_option(rows, "Outcome", v, "outcome", outcome_options);
    const char *outcome = form_action_read_text(v, "outcome");
    if (with_day && outcome && strcmp(outcome, "implemented") == 0) {
        const char *day = form_action_read_text(v, "implemented_on");
        row_date(rows, "Implemented on (accepted by the inspectorate)", day ? day : form_action_read_text(v, "on"));
    }
    row_add(rows, "Reason for closing", form_action_read_text(v, "reason"));
    row_option(rows, "Rests on the revisit", v, "revisit_id", revisit_options);
    row_option(rows, "Rests on the progress update", v, "progress_update_id", progress_options);
    row_option(rows, "Rests on the evidence file", v, "evidence_file_id", file_options);
}

/* Whether the target row is public today, by the one publication rule
 * (store_row_is_public over store/publication.h). */
static int target_public(const action_view_t *v, const char *table)
{
    app_t *app = v->req->app;
    char today[DATE_TEXT_MAX];
    form_today(v->req, today);
    int pub = 0;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    if (store_row_is_public(s, table, v->target->id, today, &pub, &err) != 0) pub = 0;
    store_pool_release(app->pool, s);
    return pub;
}

static void closure_audience(const action_view_t *v, const char *table, const char *what, int *is_public,
                             char *audience, size_t n)
{
    *is_public = target_public(v, table);
    if (*is_public)
        snprintf(audience, n, "the report that carries this %s is published, so anyone will see it closed, with its "
                              "outcome and date, on the public pages, feeds and open data. The inspectorate and the "
                              "body's own users also see the reason and what it rests on.", what);
    else
        snprintf(audience, n, "this %s is not public yet (the report that carries it is not published), so only the "
                              "inspectorate and the body's own users will see the closure until it is.", what);
}

/* ---- recommendation status ---- */

/* The changes the caller may make. */
static void status_options(const action_view_t *v, json_t *fd)
{
    record_actor_t ra = record_actor_from_role(v->caller->actor.role, v->caller->actor.body, v->target->body);
    form_field_option(fd, "", "Choose one");
    if (ra.can_progress) {
        form_field_option(fd, "in_progress",
                          ra.can_close ? "In progress (or return a claim to in progress)" : "In progress");
        form_field_option(fd, "implemented", "Implemented: claim it, with the evidence below");
    }
    if (ra.can_close) {
        form_field_option(fd, "closed", "Closed: verified as implemented");
        form_field_option(fd, "open", "Open: reopen it (give the reason)");
    }
}

static void status_intro(const json_t *row, char *out, size_t n)
{
    char cur[64];
    snprintf(out, n, "Its status now: %s.", web_format_enum(web_str(row, "status"), cur, sizeof cur));
}

static int closing(const action_view_t *v)
{
    const char *to = form_action_read_text(v, "to");
    return to && strcmp(to, "closed") == 0;
}

static void status_check(const action_view_t *v, json_t *errors)
{
    /* who may not close is refused by the rules (403), not told what to fill in */
    record_actor_t ra = record_actor_from_role(v->caller->actor.role, v->caller->actor.body, v->target->body);
    if (closing(v) && ra.can_close) closure_check(v, "reason", 1, errors);
}

static int status_check_page(const action_view_t *v, json_t *rows, int *is_public, char *audience, size_t n)
{
    /* who may not close is refused by the rules (403), without a check page */
    record_actor_t ra = record_actor_from_role(v->caller->actor.role, v->caller->actor.body, v->target->body);
    if (!closing(v) || !ra.can_close) return 0;
    char rec[120];
    snprintf(rec, sizeof rec, "Recommendation %s", web_str(v->target->row, "number") ? web_str(v->target->row, "number")
                                                                                      : "");
    row_add(rows, "Recommendation", rec);
    row_add(rows, "Status", "Closed (it was not closed before)");
    closure_rows(v, rows, 1, rec_closure_file_options);
    closure_audience(v, "recommendations", "recommendation", is_public, audience, n);
    return 1;
}

static void status_success(const action_view_t *v, char *message, size_t n, char *link, size_t ln)
{
    snprintf(message, n, "Recommendation %s is closed",
             web_str(v->target->row, "number") ? web_str(v->target->row, "number") : "");
    snprintf(link, ln, "See recommendation %s", web_str(v->target->row, "number") ? web_str(v->target->row, "number")
                                                                                  : "");
}

static int status_run(store_t *s, const action_view_t *v, ov_error_t *err)
{
    record_actor_t ra = record_actor_from_role(v->caller->actor.role, v->caller->actor.body, v->target->body);
    record_closure_t c = closure_posted(v, "reason");
    long long files[RECORD_CLAIM_FILES_MAX];
    size_t nfiles = form_action_read_ids(v, "evidence_file_ids", files, RECORD_CLAIM_FILES_MAX);
    rec_status_input_t in = {.to = form_action_read_text(v, "to"), .on = form_action_read_text(v, "on"),
                             .by = v->caller->actor.username, .reason = form_action_read_text(v, "reason"),
                             .revisit_id = form_action_read_id(v, "revisit_id"),
                             .closure = closing(v) ? &c : NULL, .evidence_file_ids = files,
                             .n_evidence_files = nfiles};
    return store_rec_set_status(s, v->target->id, v->version, &in, &ra, err);
}

static const action_field_t status_fields[] = {
    /* a link may preselect the change ("Close", "Claim implemented") */
    {.name = "to", .label = "New status", .kind = "select", .missing = "Choose the new status", .flags = AF_QUERY,
     .options = status_options},
    {.name = "on", .label = "Date of the change", .kind = "date", .hint = DATE_HINT,
     .missing = "Enter the date of the change", .flags = AF_TODAY},
    /* a claim comes with its evidence (core/record.c's rule; asked here too so
     * every missing field is named at once) */
    {.name = "reason", .label = "Evidence", .kind = "textarea",
     .hint = "What shows it is implemented (needed for a claim).", .closer_label = "Evidence or reason",
     .closer_hint = "To claim it implemented: the evidence. To return or reopen it: why.",
     .missing = "Give the evidence that it is implemented", .when_field = "to", .when_value = "implemented"},
    /* the claim points to the files it rests on (issue #17 item 8) */
    {.name = "evidence_file_ids", .label = "Evidence files the claim rests on", .kind = "checkboxes",
     .hint = "Only with Implemented: tick the files of this body's progress updates that show it.",
     .flags = AF_ID, .options = claim_file_options},
    {.name = "outcome", .label = "Outcome (when closing)", .kind = "select",
     .hint = "Closing: was it implemented? Needed to close it.", .flags = AF_CLOSER, .options = outcome_options},
    {.name = "implemented_on", .label = "Implemented on (when closing as implemented)", .kind = "date",
     .hint = "The day the inspectorate accepts it as implemented: today unless you change it. Not used when it "
             "was not implemented.",
     .flags = AF_TODAY | AF_CLOSER},
    {.name = "revisit_id", .label = "Revisit", .kind = "select",
     .hint = "Closing rests on a revisit, a progress update or an evidence file: give at least one",
     .flags = AF_ID | AF_CLOSER, .options = revisit_options},
    {.name = "progress_update_id", .label = "Progress update", .kind = "select",
     .hint = "A progress update of this body that shows it", .flags = AF_ID | AF_CLOSER, .options = progress_options},
    {.name = "evidence_file_id", .label = "Evidence file", .kind = "select",
     .hint = "An evidence file of this body's progress updates; those the claim of implemented rests on come first",
     .flags = AF_ID | AF_CLOSER, .options = rec_closure_file_options},
    {0},
};

static const form_action_t rec_status = {
    .entity = "recommendations",
    .may = {PERM_CLOSE, PERM_PROGRESS, PERM_RECORD},
    .refusal = "change a recommendation's status",
    .what = "recommendation",
    .heading = "Update the status of recommendation %s",
    .heading_key = "number",
    .submit = "Save the status",
    .action = "/record/recommendations/%s/status",
    .cancel = "/recommendations/%s",
    .done = "/recommendations/%s",
    .quote = 1,
    .intro = status_intro,
    .fields = status_fields,
    .check = status_check,
    .check_page = status_check_page,
    .verb = "close it",
    .confirm = "Confirm and close it",
    .success = status_success,
    .run = status_run,
};

/* ---- deadline revision ---- */

static void deadline_intro(const json_t *row, char *out, size_t n)
{
    char d1[WEB_DATE_TEXT_MAX], d2[WEB_DATE_TEXT_MAX];
    const char *orig = web_str(row, "original_deadline"), *now = web_str(row, "deadline");
    if (now && *now)
        snprintf(out, n, "The deadline now: %s (original deadline: %s). The original is kept.",
                 web_format_date(now, d1), orig && *orig ? web_format_date(orig, d2) : "none");
    else
        snprintf(out, n, "It has no deadline yet.");
}

static int deadline_run(store_t *s, const action_view_t *v, ov_error_t *err)
{
    deadline_input_t in = {.new_deadline = form_action_read_text(v, "new_deadline"),
                           .reason = form_action_read_text(v, "reason"),
                           .agreed_by = form_action_read_text(v, "agreed_by"),
                           .agreed_on = form_action_read_text(v, "agreed_on")};
    long long revision = 0;
    return store_deadline_revise(s, v->target->id, v->version, &in, &revision, err);
}

static const action_field_t deadline_fields[] = {
    {.name = "new_deadline", .label = "New deadline", .kind = "date", .hint = DATE_HINT,
     .missing = "Enter the new deadline"},
    {.name = "reason", .label = "Reason", .kind = "textarea", .hint = "Why the deadline moves",
     .missing = "Give the reason"},
    {.name = "agreed_by", .label = "Agreed by", .kind = "text", .hint = "Who agreed it (name and role)",
     .missing = "Say who agreed it"},
    {.name = "agreed_on", .label = "Agreed on", .kind = "date", .hint = DATE_HINT,
     .missing = "Enter the date it was agreed", .flags = AF_TODAY},
    {0},
};

static const form_action_t rec_deadline = {
    .entity = "recommendations",
    .may = {PERM_RECORD},
    .refusal = "revise a deadline",
    .what = "recommendation",
    .heading = "Revise the deadline of recommendation %s",
    .heading_key = "number",
    .submit = "Record the revision",
    .action = "/record/recommendations/%s/deadline",
    .cancel = "/recommendations/%s",
    .done = "/recommendations/%s#deadline-revisions",
    .quote = 1,
    .intro = deadline_intro,
    .fields = deadline_fields,
    .run = deadline_run,
};

/* ---- closing a cause of concern ---- */

/* Its recommendations not yet closed: closing then needs a reason. */
static void close_intro(const json_t *row, char *out, size_t n)
{
    buf_t open = BUF_INIT;
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(row, "recommendations"), i, r) {
        const char *st = web_str(r, "status");
        if (st && strcmp(st, "closed") != 0)
            buf_printf(&open, "%s%s", open.len ? ", " : "", web_str(r, "number") ? web_str(r, "number") : "?");
    }
    if (open.len)
        snprintf(out, n, "Recommendations not yet closed: %s. To close the cause of concern anyway, give the reason.",
                 open.data);
    else
        snprintf(out, n, "All its recommendations are closed.");
    buf_free(&open);
}

static void close_check(const action_view_t *v, json_t *errors)
{
    closure_check(v, "reason", 0, errors);
}

static int close_check_page(const action_view_t *v, json_t *rows, int *is_public, char *audience, size_t n)
{
    row_add(rows, "Cause of concern", web_str(v->target->row, "title") ? web_str(v->target->row, "title")
                                                                       : web_str(v->target->row, "text"));
    row_add(rows, "Status", "Closed (it was open)");
    closure_rows(v, rows, 0, cause_closure_file_options);
    row_add(rows, "Reason to close with recommendations open", form_action_read_text(v, "override_reason"));
    row_add(rows, "Phase decision", form_action_read_text(v, "decision_id"));
    closure_audience(v, "causes_of_concern", "cause of concern", is_public, audience, n);
    return 1;
}

static void close_success(const action_view_t *v, char *message, size_t n, char *link, size_t ln)
{
    (void)v;
    snprintf(message, n, "The cause of concern is closed");
    snprintf(link, ln, "See the cause of concern");
}

static int close_run(store_t *s, const action_view_t *v, ov_error_t *err)
{
    record_actor_t ra = record_actor_from_role(v->caller->actor.role, v->caller->actor.body, v->target->body);
    record_closure_t c = closure_posted(v, "reason");
    c.implemented_on = NULL;
    cause_close_input_t in = {.on = form_action_read_text(v, "on"), .by = v->caller->actor.username,
                              .revisit_id = form_action_read_id(v, "revisit_id"),
                              .decision_id = form_action_read_id(v, "decision_id"),
                              .override_reason = form_action_read_text(v, "override_reason"), .closure = &c};
    return store_cause_close(s, v->target->id, v->version, &in, &ra, err);
}

static const action_field_t close_fields[] = {
    {.name = "on", .label = "Closed on", .kind = "date", .hint = DATE_HINT, .missing = "Enter the date it was closed",
     .flags = AF_TODAY},
    {.name = "outcome", .label = "Outcome", .kind = "select", .hint = "Was the cause of concern resolved?",
     .flags = AF_CLOSER, .options = outcome_options},
    {.name = "reason", .label = "Reason", .kind = "textarea", .hint = "Why the inspectorate closes it"},
    {.name = "revisit_id", .label = "Revisit", .kind = "select",
     .hint = "Closing rests on a revisit, a progress update or an evidence file: give at least one",
     .flags = AF_ID | AF_CLOSER, .options = revisit_options},
    {.name = "progress_update_id", .label = "Progress update", .kind = "select",
     .hint = "A progress update of this body that shows it", .flags = AF_ID | AF_CLOSER, .options = progress_options},
    {.name = "evidence_file_id", .label = "Evidence file", .kind = "select",
     .hint = "An evidence file of this body's progress updates", .flags = AF_ID | AF_CLOSER,
     .options = cause_closure_file_options},
    {.name = "override_reason", .label = "Reason to close with recommendations open", .kind = "textarea",
     .hint = "Only when some of its recommendations are still open"},
    {.name = "decision_id", .label = "Phase decision", .kind = "number",
     .hint = "The number of the phase decision that closed it, if any", .flags = AF_ID},
    {0},
};

static const form_action_t cause_close = {
    .entity = "causes-of-concern",
    .may = {PERM_CLOSE},
    .refusal = "close a cause of concern",
    .what = "cause of concern",
    .heading = "Close this cause of concern",
    .submit = "Close it",
    .action = "/record/causes-of-concern/%s/close",
    .cancel = "/causes-of-concern/%s",
    .done = "/causes-of-concern/%s",
    .quote = 1,
    .intro = close_intro,
    .fields = close_fields,
    /* the rule names no field when recommendations are open: put it by the reason */
    .rule_field = "override_reason",
    .check = close_check,
    .check_page = close_check_page,
    .verb = "close it",
    .confirm = "Confirm and close it",
    .success = close_success,
    .run = close_run,
};

/* ---- a phase decision (HMCI) ---- */

/* The phases the model allows from the current one to a body of its kind
 * (the rules check it again). */
static void phase_options(const action_view_t *v, json_t *fd)
{
    app_t *app = v->req->app;
    const char *cur = web_str(v->target->row, "phase") ? web_str(v->target->row, "phase") : "";
    const char *kind = web_str(v->target->row, "kind");
    form_field_option(fd, "", "Choose one");
    phase_model_t m;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_phase_model(s, &m, &err);
    store_pool_release(app->pool, s);
    for (int i = 0; rc == 0 && i < m.ntransitions; i++) {
        if (strcmp(m.transitions[i].from, cur) != 0 || !phase_transition_applies(&m, &m.transitions[i], kind)) continue;
        const phase_def_t *p = phase_find(&m, m.transitions[i].to);
        form_field_option(fd, m.transitions[i].to, p ? p->name : m.transitions[i].to);
    }
}

static void decision_intro(const json_t *b, char *out, size_t n)
{
    const char *cur = web_str(b, "phase") ? web_str(b, "phase") : "";
    snprintf(out, n, "Its phase now: %s. The decision is published on the body's page.",
             web_str(b, "phase_name") ? web_str(b, "phase_name") : cur);
}

static int decision_check_page(const action_view_t *v, json_t *rows, int *is_public, char *audience, size_t n)
{
    const json_t *b = v->target->row;
    char change[200];
    row_add(rows, "Body", web_str(b, "name"));
    json_t *fd = form_field_new("to_phase", "New phase", "select", 0, NULL);
    phase_options(v, fd);
    const char *to = form_action_read_text(v, "to_phase"), *to_name = to;
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(fd, "options"), i, o)
        if (to && web_str(o, "value") && strcmp(web_str(o, "value"), to) == 0) to_name = web_str(o, "text");
    snprintf(change, sizeof change, "From %s to %s", web_str(b, "phase_name") ? web_str(b, "phase_name") : "?",
             to_name ? to_name : "?");
    row_add(rows, "Phase change", change);
    json_decref(fd);
    row_date(rows, "Effective on", form_action_read_text(v, "effective_on"));
    row_date(rows, "Decided on", form_action_read_text(v, "decided_on") ? form_action_read_text(v, "decided_on")
                                                                        : form_action_read_text(v, "effective_on"));
    row_add(rows, "Decided by", form_action_read_text(v, "decided_by"));
    row_add(rows, "Recommended by", form_action_read_text(v, "recommended_by"));
    row_add(rows, "Reasons", form_action_read_text(v, "rationale"));
    row_add(rows, "Meeting", form_action_read_text(v, "meeting"));
    row_add(rows, "Published at", form_action_read_text(v, "source_url"));
    /* the phase record is public as it stands (the one publication rule, store/publication.h) */
    *is_public = store_publication_all_public("decisions");
    snprintf(audience, n, "a phase decision is public at once: anyone will see it, with its date and reasons, on "
                          "the body's page, the Engage list, the timeline, the Atom feed and the open data. It "
                          "cannot be edited afterwards, only corrected or withdrawn by a recorded correction.");
    return 1;
}

static void decision_success(const action_view_t *v, char *message, size_t n, char *link, size_t ln)
{
    snprintf(message, n, "The phase decision for %s is recorded",
             web_str(v->target->row, "name") ? web_str(v->target->row, "name") : v->target->key);
    snprintf(link, ln, "See it on the body's page");
}

static int decision_run(store_t *s, const action_view_t *v, ov_error_t *err)
{
    app_t *app = v->req->app;
    decision_input_t in = {
        .to_phase = form_action_read_text(v, "to_phase"), .recommended_by = form_action_read_text(v, "recommended_by"),
        .decided_by = form_action_read_text(v, "decided_by"), .decided_on = form_action_read_text(v, "decided_on"),
        .effective_on = form_action_read_text(v, "effective_on"), .rationale = form_action_read_text(v, "rationale"),
        .meeting = form_action_read_text(v, "meeting"), .source_url = form_action_read_text(v, "source_url"),
        .actor_role = v->caller->actor.role,
    };
    odate_t today = app_today(app);
    return store_decision_record(s, v->target->key, &in, &today, v->version, NULL, err);
}

static const action_field_t decision_fields[] = {
    {.name = "to_phase", .label = "New phase", .kind = "select", .missing = "Choose the new phase",
     .options = phase_options},
    {.name = "effective_on", .label = "Effective on", .kind = "day", .hint = "For example, 23 1 2025",
     .missing = "Enter the day the decision takes effect", .flags = AF_TODAY},
    {.name = "decided_on", .label = "Decided on", .kind = "day",
     .hint = "Leave empty when it is the day it takes effect"},
    {.name = "decided_by", .label = "Decided by", .kind = "text", .hint = "HMCI's name",
     .missing = "Enter who decided"},
    {.name = "recommended_by", .label = "Recommended by", .kind = "text", .hint = "The lead HMI who recommended it"},
    {.name = "rationale", .label = "Reasons", .kind = "textarea",
     .hint = "Why the phase changes: what was found, what was closed", .missing = "Give the reasons for the decision"},
    {.name = "meeting", .label = "Meeting", .kind = "text", .hint = "For example the PPOG of 22 January 2025"},
    {.name = "source_url", .label = "Published at", .kind = "textarea",
     .hint = "The letter and the news release, one address a line, each starting with https://"},
    {0},
};

static const form_action_t decision = {
    .may = {PERM_DECIDE},
    .refusal = "decide a phase change (HMCI only)",
    .what = "body",
    .heading = "Decide a phase change for %s",
    .heading_key = "name",
    .submit = "Record the decision",
    .action = "/record/bodies/%s/decision",
    .cancel = "/bodies/%s",
    .done = "/bodies/%s#decisions",
    .intro = decision_intro,
    .fields = decision_fields,
    /* a rule about no one field (e.g. the transition) goes by the phase */
    .rule_field = "to_phase",
    .check_page = decision_check_page,
    .verb = "record the decision",
    .confirm = "Confirm and publish the decision",
    .success = decision_success,
    .run = decision_run,
};

/* ---- a national body's part of a shared recommendation (store/reports.h) ---- */

static int part_load(store_t *s, long long id, json_t **row, ov_error_t *err)
{
    return store_national_part_get(s, id, NULL, row, err);
}

static void part_intro(const json_t *row, char *out, size_t n)
{
    char cur[64];
    snprintf(out, n, "%s's part of this recommendation. Its status now: %s.",
             web_str(row, "name") ? web_str(row, "name") : "The national body",
             web_format_enum(web_str(row, "status"), cur, sizeof cur));
}

static void part_status_options(const action_view_t *v, json_t *fd)
{
    (void)v;
    form_field_option(fd, "", "Choose one");
    form_field_option(fd, "open", "Open");
    form_field_option(fd, "in_progress", "In progress");
}

static void part_acceptance_options(const action_view_t *v, json_t *fd)
{
    (void)v;
    form_field_option(fd, "", "No change");
    form_field_option(fd, "pending", "Not yet known");
    form_field_option(fd, "accepted", "Accepted");
    form_field_option(fd, "not_accepted", "Not accepted");
}

/* The posted fields named in keys, those filled, as the app's input
 * (app/reports.h); caller owns it. */
static json_t *part_input(const action_view_t *v, const char *const *keys)
{
    json_t *in = json_object();
    for (; *keys; keys++) {
        const char *val = form_action_read_text(v, *keys);
        if (val) json_object_set_new(in, *keys, json_string(val));
    }
    return in;
}

static int part_run(store_t *s, const action_view_t *v, int closing, ov_error_t *err)
{
    static const char *const STATUS_KEYS[] = {"to", "on", "acceptance", "deadline", "note", NULL};
    static const char *const CLOSE_KEYS[] = {"on", "outcome", "reason", NULL};
    json_t *in = part_input(v, closing ? CLOSE_KEYS : STATUS_KEYS);
    int rc = app_national_part_change(s, v->target->id, v->version, in, closing, v->caller->actor.username, err);
    json_decref(in);
    return rc;
}

static int part_status_run(store_t *s, const action_view_t *v, ov_error_t *err)
{
    return part_run(s, v, 0, err);
}

static int part_close_run(store_t *s, const action_view_t *v, ov_error_t *err)
{
    return part_run(s, v, 1, err);
}

static int part_close_check_page(const action_view_t *v, json_t *rows, int *is_public, char *audience, size_t n)
{
    const json_t *row = v->target->row;
    row_add(rows, "Addressee", web_str(row, "name"));
    row_add(rows, "Status", "Closed (it was not closed before)");
    closure_rows(v, rows, 0, NULL);
    char today[DATE_TEXT_MAX];
    form_today(v->req, today);
    const char *published = web_str(row, "report_published_on");
    /* the one publication rule for a report: published on or before today (store/publication.h) */
    *is_public = published && *published && strcmp(published, today) <= 0;
    if (*is_public)
        snprintf(audience, n, "the report that carries this recommendation is published, so anyone will see this part "
                              "closed, with its outcome, date and reason, on the report's public page.");
    else
        snprintf(audience, n, "the report that carries this recommendation is not published yet, so only the "
                              "inspectorate will see the closure until it is.");
    return 1;
}

static void part_close_success(const action_view_t *v, char *message, size_t n, char *link, size_t ln)
{
    snprintf(message, n, "%s's part is closed", web_str(v->target->row, "name") ? web_str(v->target->row, "name") : "The");
    snprintf(link, ln, "See the report");
}

static const action_field_t part_status_fields[] = {
    {.name = "to", .label = "New status", .kind = "select", .missing = "Choose the new status",
     .options = part_status_options},
    {.name = "on", .label = "Date of the change", .kind = "date", .hint = DATE_HINT,
     .missing = "Enter the date of the change", .flags = AF_TODAY},
    {.name = "acceptance", .label = "Accepted by the national body", .kind = "select",
     .hint = "Whether it accepted the recommendation", .options = part_acceptance_options},
    {.name = "deadline", .label = "New deadline", .kind = "date",
     .hint = "Only to revise it: the old deadline is kept in the part's changes. " DATE_HINT},
    {.name = "note", .label = "Note", .kind = "textarea", .hint = "What the change rests on (optional)"},
    {0},
};

static const form_action_t part_status = {
    .load = part_load,
    .link_member = "report_id",
    .may = {PERM_RECORD},
    .refusal = "change a national body's part",
    .what = "part",
    .heading = "Update %s's part",
    .heading_key = "name",
    .submit = "Save the status",
    .action = "/record/national-parts/%s/status",
    .cancel = "/reports/%s",
    .done = "/reports/%s",
    .intro = part_intro,
    .fields = part_status_fields,
    .run = part_status_run,
};

static const action_field_t part_close_fields[] = {
    {.name = "on", .label = "Closed on", .kind = "date", .hint = DATE_HINT, .missing = "Enter the date of closing",
     .flags = AF_TODAY},
    {.name = "outcome", .label = "Outcome", .kind = "select", .hint = "Was it implemented?",
     .missing = "Choose the outcome: implemented or not implemented", .options = outcome_options},
    {.name = "reason", .label = "Reason for closing", .kind = "textarea",
     .hint = "What shows it was implemented, or why it is closed without being implemented",
     .missing = "Give the reason for closing"},
    {0},
};

static const form_action_t part_close = {
    .load = part_load,
    .link_member = "report_id",
    .may = {PERM_CLOSE},
    .refusal = "close a national body's part",
    .what = "part",
    .heading = "Close %s's part",
    .heading_key = "name",
    .submit = "Continue",
    .action = "/record/national-parts/%s/close",
    .cancel = "/reports/%s",
    .done = "/reports/%s",
    .intro = part_intro,
    .fields = part_close_fields,
    .check_page = part_close_check_page,
    .verb = "close it",
    .confirm = "Confirm and close it",
    .success = part_close_success,
    .run = part_close_run,
};

/* ---- the routes' handlers (forms.h) ---- */

int web_rec_status_form(http_request_t *req, http_response_t *resp)
{
    return form_action_get(req, resp, &rec_status);
}

int web_rec_status(http_request_t *req, http_response_t *resp)
{
    return form_action_post(req, resp, &rec_status);
}

int web_rec_deadline_form(http_request_t *req, http_response_t *resp)
{
    return form_action_get(req, resp, &rec_deadline);
}

int web_rec_deadline(http_request_t *req, http_response_t *resp)
{
    return form_action_post(req, resp, &rec_deadline);
}

int web_cause_close_form(http_request_t *req, http_response_t *resp)
{
    return form_action_get(req, resp, &cause_close);
}

int web_cause_close(http_request_t *req, http_response_t *resp)
{
    return form_action_post(req, resp, &cause_close);
}

int web_decision_form(http_request_t *req, http_response_t *resp)
{
    return form_action_get(req, resp, &decision);
}

int web_decision(http_request_t *req, http_response_t *resp)
{
    return form_action_post(req, resp, &decision);
}

int web_part_status_form(http_request_t *req, http_response_t *resp)
{
    return form_action_get(req, resp, &part_status);
}

int web_part_status(http_request_t *req, http_response_t *resp)
{
    return form_action_post(req, resp, &part_status);
}

int web_part_close_form(http_request_t *req, http_response_t *resp)
{
    return form_action_get(req, resp, &part_close);
}

int web_part_close(http_request_t *req, http_response_t *resp)
{
    return form_action_post(req, resp, &part_close);
}
