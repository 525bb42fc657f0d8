/*
 * jget.h: reading a string member of a JSON object (a store row, a request
 * body, a letter's model) in the three ways the layers above want it. Each
 * returns a string borrowed from o (valid while o lives) and takes any o:
 * NULL, not an object, or a member that is not a string all count as absent.
 */
#ifndef OV_CORE_JGET_H
#define OV_CORE_JGET_H
#include <jansson.h>

/* o[key] if it is a string, else NULL. */
const char *jget_str(const json_t *o, const char *key);

/* o[key] if it is a string, else "" (for text that is printed as is). */
const char *jget_text(const json_t *o, const char *key);

/* o[key] if it is a string other than "", else NULL (for optional values). */
const char *jget_nonempty(const json_t *o, const char *key);

#endif
