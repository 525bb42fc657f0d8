/*
 * jget.c: string members of JSON objects (see jget.h).
 */
#include "core/jget.h"

const char *jget_str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

const char *jget_text(const json_t *o, const char *key)
{
    const char *s = jget_str(o, key);
    return s ? s : "";
}

const char *jget_nonempty(const json_t *o, const char *key)
{
    const char *s = jget_str(o, key);
    return s && *s ? s : NULL;
}
