/*
 * fuzz_import.c: libFuzzer target for the importer of published letters
 * (src/docs/import.h): import_extract, then the draft as JSON, then free.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <jansson.h>
#include "docs/import.h"

static const import_body_ref_t BODIES[] = {
    {"met", "Metropolitan Police Service"},
    {"city-of-london", "City of London Police"},
    {"kent", "Kent Police"},
    {"essex", "Essex Police"},
    {"gmp", "Greater Manchester Police"},
    {"cumbria", "Cumbria Constabulary"},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    import_result_t *r = NULL;
    ov_error_t err = {0};
    int rc = import_extract((const char *)data, size, BODIES, sizeof BODIES / sizeof BODIES[0], &r, &err);
    if (rc != 0) {
        if (r) __builtin_trap();
        return 0;
    }
    /* NULL only on ENOMEM: every string the importer keeps must be valid
     * UTF-8, or jansson refuses it. */
    json_t *j = import_result_to_json(r);
    if (!j) __builtin_trap();
    char *s = json_dumps(j, JSON_COMPACT);
    if (!s) __builtin_trap();
    free(s);
    json_decref(j);
    import_result_free(r);
    return 0;
}
