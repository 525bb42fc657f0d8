/*
 * import.h: turns a published inspectorate letter (plain text or HTML) into a
 * structured draft: who wrote to whom and when, the phase decision, causes of
 * concern with their recommendations, deadlines and requirements, the
 * improvement plan, and a list of warnings for whatever was expected but not
 * found or was ambiguous. The draft is for a person to check before anything
 * is recorded; nothing here touches storage.
 *
 * Patterns are compiled once per process (pthread_once), so import_extract
 * may be called from several threads at once.
 */
#ifndef OV_DOCS_IMPORT_H
#define OV_DOCS_IMPORT_H
#include <stddef.h>
#include <jansson.h>
#include "core/error.h"

#define IMPORT_MAX_INPUT ((size_t)8 * 1024 * 1024)  /* larger input: OV_ETOOBIG */
#define IMPORT_DATE_MAX 11                          /* "YYYY-MM-DD" + NUL */

/* A body the letter may be about. Both strings are borrowed. */
typedef struct import_body_ref {
    const char *code;   /* e.g. "met" */
    const char *name;   /* e.g. "Metropolitan Police Service" */
} import_body_ref_t;

typedef enum import_kind {
    IMPORT_KIND_UNKNOWN = 0,
    IMPORT_KIND_RETURN_TO_SCAN,
    IMPORT_KIND_MOVE_TO_ENGAGE,
    IMPORT_KIND_REVISIT,
    IMPORT_KIND_CAUSES_OF_CONCERN,  /* issues causes of concern; no phase decision */
} import_kind_t;

typedef enum import_phase {
    IMPORT_PHASE_NONE = 0,
    IMPORT_PHASE_SCAN,
    IMPORT_PHASE_ENGAGE,
} import_phase_t;

/* Tri-state for facts a letter may or may not state. */
enum { IMPORT_UNSTATED = -1, IMPORT_NO = 0, IMPORT_YES = 1 };

/* Dates are ISO text at the precision the letter gave ("2025-01-23" or
 * "2024-05"); "" when not found. */
typedef char import_date_t[IMPORT_DATE_MAX];

typedef struct import_strlist {
    char **items;       /* owned UTF-8 strings */
    size_t n;
} import_strlist_t;

typedef struct import_recommendation {
    int number;                 /* as numbered in the letter; 0 if unknown */
    import_date_t deadline;     /* "" if none found */
    char *deadline_note;        /* how the deadline was read, when not literal; or NULL */
    char *addressee;            /* "the Metropolitan Police Service"; or NULL */
    char *text;                 /* the lead-in sentence, verbatim; or NULL */
    import_strlist_t requirements; /* one per bullet, trailing ";", "; and", "and", ",", "." trimmed */
} import_recommendation_t;

typedef struct import_cause {
    char *text;                 /* or NULL */
    int accelerated;            /* IMPORT_YES, IMPORT_NO or IMPORT_UNSTATED */
    import_recommendation_t *recs;
    size_t nrecs;
} import_cause_t;

typedef struct import_phase_event {
    import_phase_t phase;       /* the phase entered */
    import_date_t on;
} import_phase_event_t;

/* Where a fact was read: bytes [start, end) of import_result_t.text.
 * field is a static name: "published_on", "sent_on", "body", "decision"
 * (the sentence carrying it, which also gives the kind), "decided_by",
 * "effective_on", "ppog_meeting", "ppog_next_meeting", "causes_stated",
 * "cause" (index: the cause, 0-based) and "recommendation" (index: the
 * cause, sub: the recommendation in it). index and sub are -1 when unused. */
typedef struct import_span {
    const char *field;
    int index, sub;
    size_t start, end;
} import_span_t;

typedef struct import_result {
    import_kind_t kind;
    char *title;
    import_date_t published_on, sent_on;
    struct { char *name; import_strlist_t titles; } from;
    struct { char *name; char *organisation; } to;
    struct { char *name; char *role; } cc;
    struct { char *code; char *name; } body;  /* code NULL when not in the list */
    import_date_t ppog_meeting;        /* a PPOG meeting held (the presentation the letter follows) */
    import_date_t ppog_next_meeting;   /* a PPOG meeting to be held (the force is invited to it) */
    struct {
        int found;              /* 1 if the letter states or implies a decision */
        import_phase_t phase_from, phase_to;
        char *decided_by;
        import_date_t effective_on;
    } decision;
    import_phase_event_t *history;   /* phase changes stated in the text */
    size_t nhistory;
    import_cause_t *causes;
    size_t ncauses;
    int causes_stated;          /* a count the letter states ("three causes of concern"); 0 if none */
    struct {
        char *name;             /* NULL when the letter mentions no plan */
        import_date_t agreed_on;
        char *linked_plan;
        import_strlist_t pillars;
    } plan;
    import_date_t causes_closed_on;
    import_strlist_t warnings;  /* human sentences, in document order */
    char *text;                 /* the letter as read (normalized: markup gone, LF line ends,
                                 * valid UTF-8), owned; the spans point into it */
    size_t text_len;
    import_span_t *spans;       /* owned; in the order they were found */
    size_t nspans;
} import_result_t;

/*
 * Extracts a draft from text[0..len) (UTF-8, LF or CRLF, plain text or HTML;
 * NUL bytes and invalid UTF-8 are tolerated). bodies[0..nbodies) lists the
 * known bodies; it may be NULL when nbodies is 0. Never reads outside
 * text[0..len).
 * Returns 0 and sets *out to a new result (caller frees with
 * import_result_free), even when little was found: the warnings say what is
 * missing. Errors: OV_EINVALID (out NULL, or text NULL with len > 0),
 * OV_ETOOBIG (len > IMPORT_MAX_INPUT), OV_EINTERNAL (out of memory, pattern
 * failure); *out is then NULL and err (if non-NULL) is filled.
 */
int import_extract(const char *text, size_t len, const import_body_ref_t *bodies,
                   size_t nbodies, import_result_t **out, ov_error_t *err);

/* The draft as JSON (shape documented in import_json.c). Returns a new
 * reference the caller releases with json_decref, or NULL on ENOMEM. */
json_t *import_result_to_json(const import_result_t *r);

/* The draft (import_result_to_json) as an `oversight load` document
 * (docs/load-format.md): {"about", "warnings", "steps": [...]}, each step
 * with a "note" on what the letter did not state (import_load.c). body_code
 * overrides the draft's body (NULL: the draft's). New reference, or NULL
 * with err set (OV_EINVALID field body: no body known). Pure. */
json_t *import_draft_to_load(const json_t *draft, const char *body_code, ov_error_t *err);

/* Frees r and everything it owns. NULL is a no-op. */
void import_result_free(import_result_t *r);

/* Static names: "return_to_scan", "move_to_engage", "revisit",
 * "causes_of_concern", "unknown";
 * "scan", "engage", or NULL for IMPORT_PHASE_NONE. */
const char *import_kind_name(import_kind_t kind);
const char *import_phase_name(import_phase_t phase);

/* Releases the compiled patterns. Only for leak checkers at process exit:
 * no import_* call may follow. */
void import_shutdown(void);

#ifdef OV_IMPORT_INTERNAL
/* ---- Shared by src/docs/import_*.c and white-box tests; not an API. ---- */
#include <stdint.h>
#include "core/buf.h"

enum imp_marker { IMP_MK_NONE = 0, IMP_MK_SYMBOL, IMP_MK_NUMBER, IMP_MK_LETTER };

/* One line of normalized text; content excludes indent and bullet marker. */
typedef struct imp_line {
    uint32_t start;     /* offset of the line in imp_doc_t.text */
    uint32_t off;       /* offset of the content */
    uint32_t len;       /* content length, right-trimmed; 0 = blank line */
    uint16_t indent;    /* leading spaces before content or marker */
    uint8_t marker;     /* enum imp_marker */
    uint16_t number;    /* the value of a numeric marker ("3." -> 3) */
} imp_line_t;

/* Normalized document: valid UTF-8, LF line ends, no NUL or C0 controls
 * except LF, no-break spaces read as space, runs of blank lines collapsed to one. */
typedef struct imp_doc {
    char *text;             /* owned, NUL-terminated */
    size_t len;
    imp_line_t *lines;      /* owned */
    size_t nlines;
    char *html_title;       /* first <h1>, else <title>; owned; or NULL */
    int is_html;
    int cut;                /* input ends inside a tag, comment, entity or character */
    int unclosed_html;      /* <html>/<body> opened, never closed */
    size_t nul_bytes, bad_utf8, controls;
} imp_doc_t;

/* Normalizes raw input into d (zeroed by the caller). 0, or OV_EINTERNAL on
 * ENOMEM/size overflow (d is then freed). */
int imp_doc_load(imp_doc_t *d, const char *raw, size_t len);
void imp_doc_free(imp_doc_t *d);

/* Appends the UTF-8 encoding of cp (invalid code points become U+FFFD). */
int imp_utf8_put(struct buf *b, uint32_t cp);

typedef struct imp_date { int y, m, d, wday; } imp_date_t;  /* 0 = absent; wday 0=Mon..6, -1 */

/* Parses a loose date at the start of s[0..n) (leading weekday allowed):
 * "23 January 2025", "23rd Jan 2025", "January 23, 2025", "23/01/2025"
 * (day first), "2025-01-23", "May 2024", "Wednesday 22 January" (y = 0).
 * Returns the bytes consumed, 0 if no valid date. */
size_t imp_date_scan(const char *s, size_t n, imp_date_t *out);
/* Writes the ISO form at the precision held (y-m-d, y-m) into dst. */
void imp_date_iso(const imp_date_t *dt, import_date_t dst);
int imp_days_in_month(int y, int m);
int imp_weekday(int y, int m, int d);   /* 0 = Monday */

/* Pattern table (import_util.c). */
enum imp_re_id {
    RE_KIND_REVISIT, RE_KIND_RETURN, RE_KIND_MOVE, RE_DECISION, RE_IMMEDIATE,
    RE_EFFECT_FROM, RE_PPOG, RE_HISTORY_ON, RE_HISTORY_WAS, RE_CLOSED_A,
    RE_CLOSED_B, RE_PLAN_A, RE_PLAN_B, RE_PLAN_C, RE_PLAN_NAME, RE_PLAN_ANY,
    RE_PLAN_LINKED, RE_PILLARS, RE_COPIED, RE_BODY_CAND, RE_CAUSE_COUNT,
    RE_REC_DEADLINE, RE_REC_RELATIVE, RE_REC_ADDRESSEE, RE_PUBLISHED,
    RE_SENT, RE_DECISION_I, RE_DECISION_NOUN, RE_PPOG_NEXT, RE_KIND_CAUSES, RE__COUNT
};
#define IMP_RE_MAXG 10
typedef struct imp_m { size_t so[IMP_RE_MAXG], eo[IMP_RE_MAXG]; } imp_m_t;
#define IMP_M_HAS(m, g) ((m)->so[g] != (size_t)-1)
#define IMP_M_LEN(m, g) ((m)->eo[g] - (m)->so[g])

/* Compiles the table once. 0 or OV_EINTERNAL. */
int imp_re_init(void);
/* Finds pattern id in s[start..len) (s valid UTF-8, start on a character
 * boundary). 1 found (m filled; unset groups have so == (size_t)-1),
 * 0 not found, <0 match error (treat as not found). */
int imp_re_find(int id, const char *s, size_t len, size_t start, imp_m_t *m);

/* String helpers (import_util.c); all return NULL only on ENOMEM. */
char *imp_strndup(const char *s, size_t n);
char *imp_collapse(const char *s, size_t n);    /* trims, runs of spaces -> one */
char *imp_trim_item(const char *s, size_t n);   /* imp_collapse + list-joiner trim */
int imp_strlist_add(import_strlist_t *l, const char *s, size_t n);  /* copies */
int imp_strlist_take(import_strlist_t *l, char *s);                 /* takes s */
void imp_strlist_free(import_strlist_t *l);
int imp_ieq(const char *a, size_t an, const char *b);   /* ASCII caseless equality */
const char *imp_ifind(const char *h, size_t hn, const char *needle, size_t nn);
int imp_is_word_byte(unsigned char c);

/* Extraction context shared by import.c and import_cause.c. */
typedef struct imp_ctx {
    imp_doc_t doc;
    import_result_t *r;
    const import_body_ref_t *bodies;
    size_t nbodies;
    int oom;            /* an allocation failed: the result is abandoned */
    int truncated;      /* evidence the input was cut short */
} imp_ctx_t;

/* Records that field (static) was read at doc.text[start, end). Sets
 * ctx->oom on ENOMEM; ignores an empty or out-of-range span. */
void imp_span(imp_ctx_t *c, const char *field, int index, int sub, size_t start, size_t end);
/* Adds a formatted warning (deduplicated, capped). Sets ctx->oom on ENOMEM. */
void imp_warn(imp_ctx_t *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text of lines [from, to) joined by single spaces; NULL on ENOMEM. */
char *imp_join_lines(imp_ctx_t *c, size_t from, size_t to);
/* Index of the line holding text offset off. */
size_t imp_line_at(const imp_doc_t *d, size_t off);
/* Causes and recommendations (import_cause.c). */
void imp_parse_causes(imp_ctx_t *c);
/* Bullet items starting at line *i (blank lines between items allowed);
 * each item is trimmed with imp_trim_item and added to l. *i ends after the
 * list. stop_numbered_rec: stop before a numbered item that reads as a new
 * recommendation. Sets *last_open when the last item ended with a list
 * joiner (";", "and", ","). Returns the items added. */
size_t imp_collect_items(imp_ctx_t *c, size_t *i, import_strlist_t *l,
                         int stop_numbered_rec, int *last_open);
#endif /* OV_IMPORT_INTERNAL */

#endif
