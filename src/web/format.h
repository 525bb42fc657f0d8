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

#endif
