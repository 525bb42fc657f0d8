/*
 * form_action.h: one generic handler for the rule-checked action forms
 * (form_actions.c holds the descriptors). An action acts on one target,
 * a row of the record (/{entity}/{id}/...) or a body (/bodies/{code}/...),
 * whose version the form carries in a hidden field.
 *
 * GET: logged in, the target readable, the permission, the form.
 * POST: CSRF, the target, the version, the permission, the fields'
 * checks, the store action; then a 303 to the target's page, or the form
 * again with each message by its field (422, 409), a stale-version notice
 * (412), or an error page.
 */
#ifndef OV_WEB_FORM_ACTION_H
#define OV_WEB_FORM_ACTION_H
#include "web/form.h"
#include "store/store.h"

/* The row or body an action form works on. */
typedef struct action_target {
    json_t *row;                    /* the row, or the body (owned) */
    long long id;                   /* the row's id; 0 for a body */
    char key[HTTP_PARAM_MAX];       /* what the paths name: the id as text, or the body's code */
    char body[HTTP_PARAM_MAX];      /* the body the permissions are checked on */
    char link[HTTP_PARAM_MAX];      /* what done and cancel name: key, or the row's link_member */
} action_target_t;

struct form_action;

/* One rendering of an action form, and what the hooks are given. */
typedef struct action_view {
    const struct form_action *action;
    http_request_t *req;
    const web_caller_t *caller;
    const action_target_t *target;
    const http_form_t *form;        /* the posted fields; NULL on the GET */
    long long version;              /* the version the form was read at (POST) */
    int status;                     /* the HTTP status of the page */
    json_t *errors;                 /* {name: message}, borrowed; NULL: none */
    const char *notice;             /* the stale-version notice; NULL: none */
    const struct action_field *fields;   /* the fields of this rendering: the action's, or fields_of's */
    long long *made;                /* run may set *made: the id of the row it added (0: none) */
} action_view_t;

/* Flags of an action_field_t. */
enum {
    AF_TODAY = 1,       /* on the GET: today's date */
    AF_QUERY = 2,       /* on the GET: the query argument of its name (a link may preselect) */
    AF_ID = 4,          /* a row id: empty, or a positive whole number */
    AF_CLOSER = 8,      /* shown only to who may close (PERM_CLOSE) */
};

/* One field of an action form: how it shows, how a POST is checked. */
typedef struct action_field {
    const char *name, *label, *kind, *hint;     /* as form_field_new (and "checkboxes": several values,
                                                 * form_action_read_ids); hint may be NULL */
    const char *closer_label, *closer_hint;     /* what who may close sees instead; NULL: the same */
    const char *missing;        /* the message when empty; NULL: may be empty. Marks it required */
    const char *when_field;     /* non-NULL: missing applies only when when_field is when_value */
    const char *when_value;     /*   (and the field is not marked required) */
    int flags;                  /* AF_* */
    void (*options)(const action_view_t *v, json_t *field);   /* a select's options; NULL: none */
} action_field_t;

/* One action form. Paths are formats with one %s, the target's key. */
typedef struct form_action {
    const char *entity;         /* the row's entity; NULL: the body named by {code} (or load) */
    /* a row that is no entity (entity NULL): row {id} as a new object in
     * *row, readable by the caller (checked by the may permissions, on no
     * body); OV_ENOTFOUND for none. NULL: an entity's row or a body */
    int (*load)(store_t *s, long long id, json_t **row, ov_error_t *err);
    const char *link_member;    /* non-NULL: done and cancel name this member of the row, not the key */
    int no_target;              /* 1: acts on no row or body (it adds one): the target is an empty
                                 * object of version 0, its key "" (paths with an empty %s) */
    int may[4];                 /* any of these permissions for the target's body (0 ends) */
    const char *refusal;        /* "Your account (role) may not <refusal>." */
    const char *what;           /* in the stale notice: "This <what> was changed..." */
    const char *heading;        /* the title, %s the target's heading_key member */
    const char *heading_key;    /* a body without it goes by its code; a row by "" */
    const char *submit;         /* the button */
    const char *action;         /* where the form posts */
    const char *cancel;         /* the cancel link */
    const char *done;           /* where a done action redirects */
    int quote;                  /* 1: the row's text as the quote */
    void (*intro)(const json_t *row, char *out, size_t n);   /* the sentence above the fields */
    const action_field_t *fields;                             /* ends with a NULL name */
    const char *rule_field;     /* a rule's refusal naming no field goes by this one; NULL: the summary */
    /* more checks of the posted fields, every problem into errors ({name:
     * message}) beside the fields' own; NULL: none */
    void (*check)(const action_view_t *v, json_t *errors);
    /* "Check your answers" (issue #17): NULL: the action is done at once.
     * Else called on a POST whose fields passed their checks: 0 when this
     * POST needs no check page (e.g. a status change that does not close);
     * 1 after filling the check page: rows [{label, value}] of what will
     * change, whether it will be public, and who will see it (audience).
     * The action is then done only on the page's confirmation, and a
     * confirmation page follows with success (below). */
    int (*check_page)(const action_view_t *v, json_t *rows, int *is_public, char *audience, size_t n);
    const char *verb;            /* "Check your answers before you <verb>" */
    const char *confirm;         /* the check page's button */
    /* after a confirmed action: the success message and the link to the
     * result (its text; the href is `done`) */
    void (*success)(const action_view_t *v, char *message, size_t n, char *link, size_t ln);
    /* the store action on the checked fields: 0 or an OV_E* code with err filled */
    int (*run)(store_t *s, const action_view_t *v, ov_error_t *err);
    /* Optional, for forms whose fields depend on what was posted (a list
     * that grows, issue #15): the fields of v as a new array ending with a
     * NULL name, its strings in the same allocation (one free()); NULL:
     * the fields above. v->form is NULL on the GET. */
    action_field_t *(*fields_of)(const action_view_t *v);
    /* Optional: before any check, on a POST: 1 after changing form when
     * it asked only for the form again ("Add another", "Remove"), which is
     * then shown, unchecked, with status 200; 0 otherwise. -1: the form
     * could not be changed (a 400 page). */
    int (*refill)(http_form_t *form);
    /* Optional: where the browser goes once the action is done (after
     * the check page too, instead of the confirmation page), given *made
     * as run set it. NULL: `done`, or the confirmation page. */
    void (*done_path)(const action_view_t *v, long long made, char *out, size_t n);
} form_action_t;

/* The GET and POST handlers of action a (routes call them through
 * form_actions.c). Return 0 with resp filled. */
int form_action_get(http_request_t *req, http_response_t *resp, const form_action_t *a);
int form_action_post(http_request_t *req, http_response_t *resp, const form_action_t *a);

/* A posted field for the store: NULL when empty or absent. Borrowed. */
const char *form_action_read_text(const action_view_t *v, const char *name);
/* A checked AF_ID field as a number: 0 when empty. */
long long form_action_read_id(const action_view_t *v, const char *name);

/* The values of a checkboxes field (AF_ID: each checked) as numbers, the
 * first max of them into ids; returns how many. */
size_t form_action_read_ids(const action_view_t *v, const char *name, long long *ids, size_t max);

#endif
