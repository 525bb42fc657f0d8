/*
 * import_util.c: the importer's small tools: loose date parsing, string
 * trimming, and the table of PCRE2 patterns it matches against letters.
 *
 * The patterns are compiled once per process under pthread_once and are
 * read-only afterwards; each match allocates and frees its own match data,
 * so matching is thread-safe. Subjects are always the importer's normalized
 * text, which is valid UTF-8, so matching skips PCRE2's UTF check.
 */
#define OV_IMPORT_INTERNAL
#define PCRE2_CODE_UNIT_WIDTH 8
#include "docs/import.h"
#include <ctype.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

/* ---- dates ---- */

static const char *const month_names[12] = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december",
};
static const char *const day_names[7] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

int imp_days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return dim[m - 1];
}

int imp_weekday(int y, int m, int d)
{
    /* Sakamoto; returns 0 = Sunday, shifted to 0 = Monday. */
    static const int t[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (m < 3) y -= 1;
    int w = (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
    return (w + 6) % 7;
}

static size_t skip_spaces(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] == ' ') i++;
    return i;
}

/* Reads 1..maxd digits at s[i]; returns count (0 if none). */
static size_t read_num(const char *s, size_t n, size_t i, size_t maxd, int *val)
{
    size_t k = 0;
    int v = 0;
    while (i + k < n && k < maxd + 1 && isdigit((unsigned char)s[i + k])) {
        v = v * 10 + (s[i + k] - '0');
        k++;
    }
    if (k == 0 || k > maxd) return 0;
    *val = v;
    return k;
}

/* A month name (full or 3+ letter prefix, "Sept" too) at s[i]; returns the
 * bytes used (with a trailing '.'), 0 if none. */
static size_t read_month(const char *s, size_t n, size_t i, int *month)
{
    size_t k = 0;
    while (i + k < n && isalpha((unsigned char)s[i + k])) k++;
    if (k < 3) return 0;
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(month_names[m]);
        if (k > full) continue;
        if (k != full && k != 3 && !(m == 8 && k == 4)) continue;
        if (strncasecmp(s + i, month_names[m], k) != 0) continue;
        *month = m + 1;
        if (i + k < n && s[i + k] == '.' && k < full) k++;
        return k;
    }
    return 0;
}

static size_t read_weekday(const char *s, size_t n, size_t i, int *wday)
{
    size_t k = 0;
    while (i + k < n && isalpha((unsigned char)s[i + k])) k++;
    for (int w = 0; w < 7; w++) {
        if (k == strlen(day_names[w]) && strncasecmp(s + i, day_names[w], k) == 0) {
            *wday = w;
            if (i + k < n && s[i + k] == ',') k++;
            return k;
        }
    }
    return 0;
}

static size_t read_ordinal(const char *s, size_t n, size_t i)
{
    static const char *const suf[] = {"st", "nd", "rd", "th"};
    for (size_t k = 0; k < 4; k++)
        if (i + 2 <= n && strncasecmp(s + i, suf[k], 2) == 0 &&
            (i + 2 == n || !isalnum((unsigned char)s[i + 2])))
            return 2;
    return 0;
}

static int year_ok(int y) { return y >= 1900 && y <= 2200; }

static int date_valid(const imp_date_t *d)
{
    if (d->y && !year_ok(d->y)) return 0;
    if (d->m < 1 || d->m > 12) return 0;
    if (d->d) {
        int dim = d->y ? imp_days_in_month(d->y, d->m) : (d->m == 2 ? 29 : imp_days_in_month(2001, d->m));
        if (d->d < 1 || d->d > dim) return 0;
    }
    return 1;
}

/* The end of a day-and-month date at j: an optional year (", 2025" or
 * " 2025") into dt, then dt into *out if valid. Returns the end, or 0. */
static size_t date_end(const char *s, size_t n, size_t j, imp_date_t dt, imp_date_t *out)
{
    size_t end = j, y0 = j;
    int c = 0;
    if (y0 < n && s[y0] == ',') y0++;
    y0 = skip_spaces(s, n, y0);
    if (read_num(s, n, y0, 4, &c) == 4 && (y0 + 4 == n || !isalnum((unsigned char)s[y0 + 4]))) {
        dt.y = c;
        end = y0 + 4;
    }
    if (!date_valid(&dt)) return 0;
    *out = dt;
    return end;
}

size_t imp_date_scan(const char *s, size_t n, imp_date_t *out)
{
    imp_date_t dt = {0, 0, 0, -1};
    size_t i = skip_spaces(s, n, 0), k;
    int a = 0, b = 0, c = 0;

    if ((k = read_weekday(s, n, i, &dt.wday)) > 0) i = skip_spaces(s, n, i + k);
    /* ISO */
    if (read_num(s, n, i, 4, &a) == 4 && i + 10 <= n && s[i + 4] == '-' &&
        read_num(s, n, i + 5, 2, &b) == 2 && s[i + 7] == '-' &&
        read_num(s, n, i + 8, 2, &c) == 2) {
        dt.y = a; dt.m = b; dt.d = c;
        if (!dt.y || !date_valid(&dt)) return 0;
        *out = dt;
        return i + 10;
    }
    /* day first: "23/01/2025", "23.01.2025", "23 January 2025" */
    if ((k = read_num(s, n, i, 2, &a)) > 0) {
        size_t j = i + k;
        if (j < n && (s[j] == '/' || s[j] == '.')) {
            char sep = s[j];
            size_t k2 = read_num(s, n, j + 1, 2, &b);
            if (!k2 || j + 1 + k2 >= n || s[j + 1 + k2] != sep) return 0;
            size_t k3 = read_num(s, n, j + 2 + k2, 4, &c);
            if (k3 != 4) return 0;
            dt.d = a; dt.m = b; dt.y = c;
            if (!date_valid(&dt)) return 0;
            *out = dt;
            return j + 2 + k2 + k3;
        }
        j += read_ordinal(s, n, j);
        j = skip_spaces(s, n, j);
        if (j + 3 <= n && strncasecmp(s + j, "of ", 3) == 0) j = skip_spaces(s, n, j + 3);
        size_t km = read_month(s, n, j, &dt.m);
        if (!km) return 0;
        dt.d = a;
        j += km;
        return date_end(s, n, j, dt, out);
    }
    /* month first: "January 23, 2025", "May 2024" */
    if ((k = read_month(s, n, i, &dt.m)) > 0) {
        size_t j = skip_spaces(s, n, i + k);
        size_t kd = read_num(s, n, j, 4, &a);
        if (kd == 4) {
            if (j + 4 < n && isalnum((unsigned char)s[j + 4])) return 0;
            dt.y = a;
            if (!date_valid(&dt)) return 0;
            *out = dt;
            return j + 4;
        }
        if (kd == 0 || kd > 2) return 0;
        dt.d = a;
        j += kd;
        j += read_ordinal(s, n, j);
        return date_end(s, n, j, dt, out);
    }
    return 0;
}

void imp_date_iso(const imp_date_t *dt, import_date_t dst)
{
    dst[0] = '\0';
    if (!dt->y || !dt->m) return;
    if (dt->d)
        snprintf(dst, IMPORT_DATE_MAX, "%04u-%02u-%02u", (unsigned)dt->y % 10000u, (unsigned)dt->m % 100u,
                 (unsigned)dt->d % 100u);
    else
        snprintf(dst, IMPORT_DATE_MAX, "%04u-%02u", (unsigned)dt->y % 10000u, (unsigned)dt->m % 100u);
}

/* ---- strings ---- */

char *imp_strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *imp_collapse(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) return NULL;
    size_t o = 0;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == ' ' || ch == '\n' || ch == '\t') {
            space = o > 0;
            continue;
        }
        if (space) p[o++] = ' ';
        space = 0;
        p[o++] = ch;
    }
    p[o] = '\0';
    return p;
}

/* Ends with word w (ASCII caseless) preceded by a space or ';'/','? */
static int ends_with_word(const char *p, size_t o, const char *w)
{
    size_t wl = strlen(w);
    if (o < wl + 1 || strncasecmp(p + o - wl, w, wl) != 0) return 0;
    char before = p[o - wl - 1];
    return before == ' ' || before == ';' || before == ',';
}

char *imp_trim_item(const char *s, size_t n)
{
    char *p = imp_collapse(s, n);
    if (!p) return NULL;
    size_t o = strlen(p);
    /* "...; and", "...; or", "... and", ",", ";", "." in any order, repeatedly */
    for (;;) {
        size_t before = o;
        while (o > 0 && p[o - 1] == ' ') o--;
        if (ends_with_word(p, o, "and")) o -= 3;
        else if (ends_with_word(p, o, "or")) o -= 2;
        else if (o > 0 && (p[o - 1] == ';' || p[o - 1] == ',' || p[o - 1] == '.')) {
            /* keep an ellipsis or an abbreviation's dot like "etc." */
            if (p[o - 1] == '.' && o >= 4 && strncmp(p + o - 4, "etc.", 4) == 0) break;
            if (p[o - 1] == '.' && o >= 2 && p[o - 2] == '.') break;
            o--;
        }
        if (o == before) break;
    }
    p[o] = '\0';
    return p;
}

int imp_strlist_take(import_strlist_t *l, char *s)
{
    if (!s) return -1;
    char **items = realloc(l->items, (l->n + 1) * sizeof *items);
    if (!items) {
        free(s);
        return -1;
    }
    l->items = items;
    l->items[l->n++] = s;
    return 0;
}

int imp_strlist_add(import_strlist_t *l, const char *s, size_t n)
{
    return imp_strlist_take(l, imp_strndup(s, n));
}

void imp_strlist_free(import_strlist_t *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

int imp_ieq(const char *a, size_t an, const char *b)
{
    return strlen(b) == an && strncasecmp(a, b, an) == 0;
}

const char *imp_ifind(const char *h, size_t hn, const char *needle, size_t nn)
{
    if (nn == 0 || nn > hn) return NULL;
    for (size_t i = 0; i + nn <= hn; i++)
        if (strncasecmp(h + i, needle, nn) == 0) return h + i;
    return NULL;
}

int imp_is_word_byte(unsigned char c) { return isalnum(c) || c == '_'; }

/* ---- patterns ---- */

/* Month names are matched caselessly; "May" needs a day or year beside it. */
#define MON "(?i:(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|" \
            "Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\b\\.?)"
#define ORD "(?i:st|nd|rd|th)?"
#define WDAY "(?:(?i:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\\s+)?"
#define DFULL "(?:\\b\\d{1,2}" ORD "\\s+(?:of\\s+)?" MON ",?\\s+\\d{4}\\b|\\b" MON "\\s+\\d{1,2}" ORD \
              ",?\\s+\\d{4}\\b|\\b\\d{1,2}/\\d{1,2}/\\d{4}\\b|\\b\\d{4}-\\d{2}-\\d{2}\\b)"
#define DMY "(?:\\b" MON "\\s+\\d{4}\\b)"
#define DANY "(?:" DFULL "|" DMY ")"
/* A capitalised name of 1..4 words, not starting with an article. */
#define CAPW "\\p{Lu}[\\p{L}\\x{2019}'-]*"
#define NOART "(?!(?:The|A|An|This|That|Our|Its|Their|In|On|By)\\b)"

#define CI PCRE2_CASELESS

static struct { const char *src; uint32_t flags; } const re_src[RE__COUNT] = {
    [RE_KIND_REVISIT] = {"\\bcauses?\\s+of\\s+concern\\s+(?:[\\x{2013}\\x{2014}-]\\s+)?(?:revisit|progress)\\b"
                         "|\\brevisit\\s+letter\\b|\\bprogress\\s+(?:letter|against\\s+causes?\\s+of\\s+concern)\\b"
                         "|\\brevisit\\s+\\d{4}\\b|\\bclosure\\s+of\\s+(?:the\\s+)?causes?\\s+of\\s+concern\\b", CI},
    [RE_KIND_RETURN] = {
        "\\breturn(?:ed|s|ing)?\\s+(?:\\S+\\s+){0,5}?to\\s+(?:the\\s+|our\\s+|its\\s+)?"
        "(?:default|routine|usual|normal)\\s+(?:phase|stage|level)"
        "|\\breturn(?:ed|s|ing)?\\s+(?:\\S+\\s+){0,5}?to\\s+Scan\\b"
        "|\\bremov(?:e|ed|es|al|ing)\\s+(?:\\S+\\s+){0,5}?from\\s+(?:the\\s+|our\\s+)?"
        "(?:enhanced\\s+(?:monitoring|phase|level|stage)|Engage\\b)"
        "|\\bexit(?:s|ed|ing)?\\s+(?:from\\s+)?(?:the\\s+)?Engage\\b", CI},
    [RE_KIND_MOVE] = {
        "\\b(?:mov(?:e|ed|es|ing)|escalat(?:e|ed|es|ing)|plac(?:e|ed|es|ing))\\s+(?:\\S+\\s+){0,5}?"
        "(?:in)?to\\s+(?:the\\s+|our\\s+)?(?:enhanced\\s+(?:phase|monitoring|stage|level)|Engage\\b)", CI},
    [RE_DECISION] = {
        "(?:((?:Sir|Dame|Lord|Lady|Baroness|Mr|Mrs|Ms|Miss|Dr|Professor)\\s+" CAPW "(?:\\s+" CAPW "){0,3})"
        "|(H(?:is|er)\\s+Majesty[\\x{2019}']s\\s+Chief\\s+Inspector(?:\\s+of\\s+Constabulary)?"
        "(?:\\s+and\\s+Fire\\s+(?:&|and)\\s+Rescue\\s+Services)?|HMCI|the\\s+Chief\\s+Inspector)"
        "|(" NOART CAPW "(?:\\s+" CAPW "){1,3}))"
        "\\s*,?\\s+(?i:has\\s+(?:now\\s+)?(?:decided|determined|agreed)\\s+"
        "(?:to|that\\s+[^.\\n]{1,80}?\\s+(?:will|should|would|is\\s+to)(?:\\s+now)?(?:\\s+be)?))\\s+"
        "((?i:return|remove|move|escalate|place|keep|retain))(?i:ed|d)?\\b([^.\\n]{0,200})", 0},
    [RE_IMMEDIATE] = {"\\bwith\\s+immediate\\s+effect\\b", CI},
    [RE_EFFECT_FROM] = {"(?i:with\\s+effect\\s+from|effective\\s+from|takes?\\s+effect\\s+(?:on|from))\\s+(" DFULL ")", 0},
    [RE_PPOG] = {
        "(?i:Policing\\s+Performance\\s+Oversight\\s+Group(?:\\s*\\(PPOG\\))?|\\bPPOG\\b)(?i:\\s+meeting)?"
        "\\s+(?i:on|held\\s+on|of)\\s+(" WDAY "\\d{1,2}" ORD "\\s+(?:of\\s+)?" MON "(?:,?\\s+\\d{4}\\b)?"
        "|" WDAY MON "\\s+\\d{1,2}" ORD "(?:,?\\s+\\d{4}\\b)?)", 0},
    [RE_HISTORY_ON] = {
        "\\b(?i:on|in)\\s+(" DANY "),?\\s+(?i:we|HMICFRS|the\\s+inspectorate|HMCI|the\\s+Chief\\s+Inspector)\\s+"
        "(?i:(moved|placed|escalated|returned|removed|took))\\s+([^.\\n]{1,120}?)\\s+"
        "(?i:(into|to|from|in|out\\s+of))\\s+(?i:(?:the\\s+|our\\s+|its\\s+)?(enhanced|Engage|default|Scan|routine))\\b", 0},
    [RE_HISTORY_WAS] = {
        "\\b(?i:(?:was|were|has\\s+been|had\\s+been)\\s+(moved|placed|escalated|returned|removed)\\s+"
        "(into|to|from|in|out\\s+of)\\s+(?:the\\s+|our\\s+)?(enhanced|Engage|default|Scan|routine)\\b)"
        "[^.\\n]{0,60}?\\b(?i:on|in)\\s+(" DANY ")", 0},
    [RE_CLOSED_A] = {"\\b(?i:on|in)\\s+(" DANY "),?\\s+(?i:we\\s+(?:have\\s+)?closed)\\s+[^.\\n]{0,60}?(?i:causes?\\s+of\\s+concern)", 0},
    [RE_CLOSED_B] = {"(?i:we\\s+(?:have\\s+)?closed)\\s+[^.\\n]{0,60}?(?i:causes?\\s+of\\s+concern)\\s+(?i:on|in)\\s+(" DANY ")", 0},
    [RE_PLAN_A] = {"\\b(?i:in|on)\\s+(" DANY "),\\s+(?i:we)\\s+(?i:agreed|introduced|put\\s+in\\s+place)\\s+"
                   "(?i:a|an|the)\\s+(" NOART "(?:" CAPW "\\s+){1,4}Plan)\\b", 0},
    [RE_PLAN_B] = {"\\b(" NOART "(?:" CAPW "\\s+){1,4}Plan)\\s+(?:(?i:that|which)\\s+)?(?i:we)\\s+(?i:agreed|introduced)\\s+"
                   "(?:(?i:with)\\s+[^,.\\n]{1,60}?\\s+)?(?i:in|on)\\s+(" DANY ")", 0},
    [RE_PLAN_C] = {"\\b(?i:we)\\s+(?i:agreed|introduced)\\s+(?i:a|an|the)\\s+(" NOART "(?:" CAPW "\\s+){1,4}Plan)\\b"
                   "(?:\\s+(?i:with)\\s+[^,.\\n]{1,60}?)?\\s+(?i:in|on)\\s+(" DANY ")", 0},
    [RE_PLAN_NAME] = {"\\b(" NOART "(?:" CAPW "\\s+){1,3}Plan)\\s+(?i:has|had|contains|includes|sets\\s+out|details)\\b", 0},
    [RE_PLAN_ANY] = {"\\b(?i:its|the|a|an|our)\\s+[\\x{201c}\"]?((?:Milestone|Improvement|Action|Recovery)\\s+Plan)\\b", 0},
    [RE_PLAN_LINKED] = {"\\blinked\\s+to\\s+[^.\\n]{0,40}?((?:" CAPW "\\s+(?:(?:for|of|and|the|in)\\s+)?){1,6}Plan\\b"
                        "(?::?\\s*\\d{4}\\s*(?:[\\x{2013}\\x{2014}-]|to)\\s*\\d{2,4})?)", 0},
    [RE_PILLARS] = {"\\b(?:has|have|comprises|contains|consists\\s+of|is\\s+built\\s+(?:around|on))\\s+(\\w+)\\s+"
                    "(?:main\\s+|key\\s+|strategic\\s+)?pillars\\s*:", CI},
    [RE_COPIED] = {"\\bcopied\\s+this\\s+letter\\s+to\\s+(?:the\\s+)?([^,.\\n]{2,100}?),\\s+([^,.\\n]{2,100}?)\\s*(?:\\.|\\n|$)", CI},
    [RE_BODY_CAND] = {"\\b(" NOART "(?:" CAPW "\\s+(?:(?:and|of|the)\\s+)?){1,4}"
                      "(?:Police\\s+Service|Police(?!\\s+and\\s+Crime)|Constabulary|Fire\\s+and\\s+Rescue\\s+Service))\\b", 0},
    /* "identified three causes of concern", "issued the force with two
     * accelerated causes of concern", "the five causes of concern" */
    [RE_CAUSE_COUNT] = {"(?|\\b(?:identified|issued|gave|raised|found|published|reported)\\s+"
                        "(?:the\\s+force\\s+with\\s+|the\\s+force\\s+|the\\s+following\\s+|these\\s+|the\\s+|it\\s+)?"
                        "(one|two|three|four|five|six|seven|eight|nine|ten|\\d{1,2})\\s+"
                        "(?:new\\s+|accelerated\\s+|additional\\s+|further\\s+)?causes?\\s+of\\s+concern"
                        "|\\bthe\\s+(one|two|three|four|five|six|seven|eight|nine|ten|\\d{1,2})\\s+"
                        "(?:accelerated\\s+)?causes\\s+of\\s+concern)", CI},
    [RE_REC_DEADLINE] = {"\\b(?i:by|before|no\\s+later\\s+than)\\s+((?i:the\\s+end\\s+of)\\s+)?(" DANY ")", 0},
    [RE_REC_RELATIVE] = {"\\b(?:within|in\\s+the\\s+next)\\s+(?:\\w+|\\d+)\\s+(?:days?|weeks?|months?|years?)\\b", CI},
    [RE_REC_ADDRESSEE] = {"(?:^|,\\s*)([^,:;\\n]{2,80}?)\\s+(?i:should|must|needs\\s+to|is\\s+to)\\b", 0},
    [RE_PUBLISHED] = {"(?m)^[ \\t]*Published(?:\\s+on)?\\s*:?\\s+(" DFULL ")", CI},
    /* the letter's own "Published on" line, not "a report published on ..." */
    [RE_SENT] = {"\\b(?:Sent(?:\\s+on)?|Date\\s+sent|Dated)\\s*:?\\s+(" DFULL ")", CI},
    /* first person: "I have decided to return Wiltshire Police to ..." */
    [RE_DECISION_I] = {"\\bI\\s+have\\s+(?:now\\s+)?(?:decided|determined|agreed)\\s+to\\s+"
                       "(return|remove|move|escalate|place)\\b([^.\\n]{0,200})", CI},
    /* reported: "my decision to place West Midlands Police into our Engage
     * phase"; passive: "has today been moved into Engage" */
    [RE_DECISION_NOUN] = {"(?|\\b(my|HMCI[\\x{2019}']s|the\\s+Chief\\s+Inspector[\\x{2019}']s)\\s+decision\\s+to\\s+"
                          "(return|remove|move|escalate|place)\\b([^.\\n]{0,200})"
                          "|\\b(has)\\s+(?:today\\s+|now\\s+)?been\\s+(returned|removed|moved|escalated|placed)\\s+"
                          "((?:in)?to|from)\\s+(?:the\\s+|our\\s+)?(?:enhanced|Engage\\b|default|Scan\\b|routine)"
                          /* passive, the decider after the verb: "it was decided by His Majesty's Chief
                           * Inspector of Constabulary that Lincolnshire Police should be moved into Engage" */
                          "|\\bit\\s+(?:was|has\\s+been)\\s+(?:decided|determined|agreed)\\s+by\\s+"
                          "(HMCI|H(?:is|er)\\s+Majesty[\\x{2019}']s\\s+Chief\\s+Inspector|the\\s+Chief\\s+Inspector)"
                          "[^.\\n]{0,120}?\\b(?:should|will|would|is\\s+to)(?:\\s+now)?\\s+(?:be\\s+)?"
                          "(return|remove|move|escalate|place)(?:ed|d)?\\b([^.\\n]{0,200}))", CI},
    /* a meeting to be held: "the next meeting of the PPOG, which will be held on 22 January 2025" */
    [RE_PPOG_NEXT] = {"(?i:Policing\\s+Performance\\s+Oversight\\s+Group|\\bPPOG\\b)[^.\\n]{0,120}?"
                      "(?i:will\\s+be\\s+held|will\\s+take\\s+place|is\\s+to\\s+be\\s+held|will\\s+meet)\\s+(?i:on)\\s+"
                      "(" WDAY "\\d{1,2}" ORD "\\s+(?:of\\s+)?" MON "(?:,?\\s+\\d{4}\\b)?"
                      "|" WDAY MON "\\s+\\d{1,2}" ORD "(?:,?\\s+\\d{4}\\b)?)", 0},
    /* a title naming causes of concern without a revisit or a decision */
    [RE_KIND_CAUSES] = {"\\bcauses?\\s+of\\s+concern\\b", CI},
};

static pcre2_code *re_code[RE__COUNT];
static pthread_once_t re_once = PTHREAD_ONCE_INIT;
static int re_status = -1;

static void re_compile_all(void)
{
    for (int i = 0; i < RE__COUNT; i++) {
        int errcode;
        PCRE2_SIZE erroff;
        re_code[i] = pcre2_compile((PCRE2_SPTR)re_src[i].src, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | re_src[i].flags, &errcode, &erroff, NULL);
        if (!re_code[i]) {
            for (int j = 0; j < i; j++) {
                pcre2_code_free(re_code[j]);
                re_code[j] = NULL;
            }
            re_status = OV_EINTERNAL;
            return;
        }
        /* JIT where the platform has it (ten times faster on long input);
         * pcre2_match falls back to the interpreter otherwise. Not under
         * valgrind, which cannot follow JIT code and reports false errors. */
        if (!RUNNING_ON_VALGRIND) (void)pcre2_jit_compile(re_code[i], PCRE2_JIT_COMPLETE);
    }
    re_status = 0;
}

int imp_re_init(void)
{
    if (pthread_once(&re_once, re_compile_all) != 0) return OV_EINTERNAL;
    return re_status == 0 ? 0 : OV_EINTERNAL;
}

void import_shutdown(void)
{
    for (int i = 0; i < RE__COUNT; i++) {
        pcre2_code_free(re_code[i]);
        re_code[i] = NULL;
    }
    re_status = -1;
}

int imp_re_find(int id, const char *s, size_t len, size_t start, imp_m_t *m)
{
    if (id < 0 || id >= RE__COUNT || !re_code[id] || start > len) return -1;
    pcre2_match_data *md = pcre2_match_data_create(IMP_RE_MAXG, NULL);
    if (!md) return -1;
    int rc = pcre2_match(re_code[id], (PCRE2_SPTR)s, len, start, PCRE2_NO_UTF_CHECK, md, NULL);
    int found = 0;
    if (rc > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        for (int g = 0; g < IMP_RE_MAXG; g++) {
            if (g < rc && ov[2 * g] != PCRE2_UNSET) {
                m->so[g] = ov[2 * g];
                m->eo[g] = ov[2 * g + 1];
            } else {
                m->so[g] = m->eo[g] = (size_t)-1;
            }
        }
        found = 1;
    } else if (rc != PCRE2_ERROR_NOMATCH) {
        found = -1;
    }
    pcre2_match_data_free(md);
    return found;
}
