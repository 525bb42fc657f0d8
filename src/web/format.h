/*
 * format.h: words for values shown on pages (dates, kinds). Pure.
 */
#ifndef OV_WEB_FORMAT_H
#define OV_WEB_FORMAT_H
#include <stddef.h>

#define WEB_DATE_TEXT_MAX 32

/* Writes a date at its own precision in words into out: "2022-06-28" ->
 * "28 June 2022", "2023-10" -> "October 2023", "2022" -> "2022". Text that
 * is not such a date is copied as given (truncated to fit); NULL gives "".
 * Returns out. */
char *web_format_date(const char *iso, char out[WEB_DATE_TEXT_MAX]);

/* "police" -> "Police force", "fire" -> "Fire and rescue service"; other
 * kinds are returned unchanged (never NULL). */
const char *web_kind_name(const char *kind);

/* Status words for enum values: "in_progress" -> "In progress",
 * "requires_improvement" -> "Requires improvement", into out (n bytes).
 * Returns out. */
char *web_format_enum(const char *value, char *out, size_t n);

/* GOV.UK Frontend's tag colour for a status, phase or RAG value:
 * "red", "green", "yellow" or "grey" (govuk-tag--COLOUR). The words on
 * the tag always say the value; the colour only helps. Never NULL. */
const char *web_tag_colour(const char *value);

/* Date inputs (day, month and year fields, GOV.UK Frontend's date input)
 * and the record's dates at their precision. */
#define WEB_DATE_PART_MAX 16
/* The record's text of three fields as typed: "YYYY-MM-DD"; "YYYY-MM"
 * without a day; "YYYY" without day and month; "" when all are blank. A
 * one-digit day or month gets its leading 0. Parts are joined as typed
 * (a missing year gives "-MM-DD"), so the record's checks refuse a bad one
 * and web_date_split gives back what was typed. */
void web_date_join(const char *day, const char *month, const char *year, char *out, size_t n);
/* The reverse: "2025-03-07" -> day "07", month "03", year "2025". */
void web_date_split(const char *value, char day[WEB_DATE_PART_MAX], char month[WEB_DATE_PART_MAX],
                    char year[WEB_DATE_PART_MAX]);
/* What is wrong with such a text, as words to follow the field's label
 * ("must include a month"), and in *part the field at fault ("day",
 * "month" or "year"); NULL when its parts are well formed (then the
 * record's own checks speak, and *part is "day"): which precision a date
 * may have is the record's rule, not the form's. */
const char *web_date_problem(const char *value, const char **part);

#endif
