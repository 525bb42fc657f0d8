/* test_authz.c: the store's write authoriser (store/entity.h
 * store_authz_t) for every entity of the descriptor table, on SQLite (or
 * PostgreSQL under OVERSIGHT_TEST_PG). With an authoriser that allows only
 * Kent, no update of a Kent row may point one of its references at a Met
 * row or set its body to the Met (the body recomputed after the UPDATE,
 * before COMMIT), no insert may make a Met row or a Kent row that refers to
 * a Met row, and a Met row may not be changed at all (nor taken into
 * Kent's record: the row as it was is asked too): each refused with
 * OV_EFORBIDDEN, the row and the audit chain unchanged. The system
 * authoriser allows what the other rules allow; a missing one nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "store/store.h"
#include "store/entity.h"
#include "store/reference.h"
#include "support/support.h"

static struct {
    t_site_t site;       /* a temp dir and a fresh database (site.db) */
    store_t *s;
    json_t *ids;   /* body code -> entity name -> id */
} FX;

static long long id_of(const char *body, const char *entity)
{
    return json_integer_value(json_object_get(json_object_get(FX.ids, body), entity));
}

/* An authoriser for one body: ctx is its code. */
static int only_body(const void *ctx, const entity_def_t *e, const char *body)
{
    (void)e;
    return strcmp(ctx, body) == 0;
}

/* A new row of e for body: every field that is required, or a reference
 * (F_MANAGED ones too), with a plain value; references to rows of that
 * body. NULL when a reference has no row yet. */
static json_t *row_for(const entity_def_t *e, const char *body)
{
    json_t *in = json_object();
    for (const field_def_t *f = e->fields; f->name; f++) {
        json_t *v = NULL;
        if (f->kind == FK_REF) {
            long long id = id_of(body, f->ref);
            if (!id && (f->flags & F_REQUIRED)) {
                json_decref(in);
                return NULL;
            }
            if (id) v = json_integer(id);
        } else if (f->kind == FK_BODY) {
            v = json_string(body);
        } else if (f->flags & F_REQUIRED) {
            switch (f->kind) {
            case FK_DATE: case FK_DAY: v = json_string("2025-01-01"); break;
            case FK_INT: v = json_integer(1); break;
            case FK_REAL: v = json_real(1.5); break;
            case FK_BOOL: v = json_false(); break;
            case FK_ENUM: v = json_string(f->values[0]); break;
            case FK_URL: v = json_string("https://example.org/"); break;
            default: v = json_string("scope"); break;
            }
        }
        if (v) json_object_set_new(in, f->name, v);
    }
    return in;
}

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&FX.site, "authz.db", T_SITE_EMPTY) != 0) return -1;
    ov_error_t err = {0};
    if (store_open(FX.site.db, STORE_OPEN_CREATE, &FX.s, &err) != 0) return -1;
    if (store_reference_load_bodies(FX.s, &err) != 0) { fprintf(stderr, "%s\n", err.message); return -1; }
    store_set_actor(FX.s, "tester");
    /* one row of every entity that is changed in place, for kent and met */
    const char *bodies[] = {"kent", "met"};
    FX.ids = json_pack("{s:{}, s:{}}", "kent", "met");
    for (int round = 0; round < 6; round++)
        for (int b = 0; b < 2; b++)
            for (const entity_def_t *e = store_entities; e->name; e++) {
                if ((e->flags & E_APPEND_ONLY) || id_of(bodies[b], e->name)) continue;
                json_t *in = row_for(e, bodies[b]);
                if (!in) continue;
                long long id = 0;
                int rc = store_entity_insert(FX.s, e, in, &store_authz_system, &id, &err);
                json_decref(in);
                if (rc) { fprintf(stderr, "%s for %s: %s\n", e->name, bodies[b], err.message); return -1; }
                json_object_set_new(json_object_get(FX.ids, bodies[b]), e->name, json_integer(id));
            }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    json_decref(FX.ids);
    store_close(FX.s);
    t_site_stop(&FX.site);
    return 0;
}

static long long audit_count(void)
{
    json_t *row = NULL;
    ov_error_t err = {0};
    assert_int_equal(store_query_one(FX.s, &row, &err, "", "SELECT COUNT(*) AS n FROM audit_log", NULL), 0);
    long long n = json_integer_value(json_object_get(row, "n"));
    json_decref(row);
    return n;
}

static json_t *raw_row(const entity_def_t *e, long long id)
{
    json_t *row = NULL;
    ov_error_t err = {0};
    assert_int_equal(store_entity_get(FX.s, e, id, 0, &row, &err), 0);
    return row;
}

/* Every reference to rows of a body, and every body field, of every entity:
 * moving Kent's row into the Met's record is refused. */
static void update_never_moves_a_row_to_another_body(void **state)
{
    (void)state;
    const store_authz_t kent = {only_body, "kent"};
    long long audit = audit_count();
    int tried = 0, entities = 0;
    for (const entity_def_t *e = store_entities; e->name; e++) {
        int scoped = 0;
        for (const field_def_t *f = e->fields; f->name; f++) scoped |= f->kind == FK_REF || f->kind == FK_BODY;
        if (!scoped) continue;
        entities++;
        ov_error_t err = {0};
        json_t *set = json_pack("{s:s}", "body", "met");
        if (e->flags & E_APPEND_ONLY) {
            /* never changed at all, for anyone */
            assert_int_equal(store_entity_update(FX.s, e, 1, -1, set, &store_authz_system, &err), OV_ECONFLICT);
            json_decref(set);
            continue;
        }
        json_decref(set);
        long long own = id_of("kent", e->name);
        assert_true(own > 0);
        for (const field_def_t *f = e->fields; f->name; f++) {
            const entity_def_t *re = f->kind == FK_REF ? entity_find(f->ref) : NULL;
            if (f->kind != FK_BODY && !(re && re->body_sql && !(re->flags & E_APPEND_ONLY))) continue;
            set = f->kind == FK_BODY ? json_pack("{s:s}", f->name, "met")
                                     : json_pack("{s:I}", f->name, (json_int_t)id_of("met", re->name));
            json_t *before = raw_row(e, own);
            int rc = store_entity_update(FX.s, e, own, -1, set, &kent, &err);
            if (rc != OV_EFORBIDDEN) fail_msg("%s.%s to met's: %d %s", e->name, f->name, rc, err.message);
            json_t *after = raw_row(e, own);
            if (!json_equal(before, after)) fail_msg("%s.%s: the refused update changed the row", e->name, f->name);
            json_decref(before);
            json_decref(after);
            json_decref(set);
            /* nor take the Met's row into Kent's record: the row as it was
             * is asked too */
            long long theirs = id_of("met", e->name);
            set = f->kind == FK_BODY ? json_pack("{s:s}", f->name, "kent")
                                     : json_pack("{s:I}", f->name, (json_int_t)id_of("kent", re->name));
            before = raw_row(e, theirs);
            rc = store_entity_update(FX.s, e, theirs, -1, set, &kent, &err);
            if (rc != OV_EFORBIDDEN) fail_msg("met's %s.%s to kent's: %d %s", e->name, f->name, rc, err.message);
            after = raw_row(e, theirs);
            if (!json_equal(before, after)) fail_msg("%s.%s: the refused take changed the row", e->name, f->name);
            json_decref(before);
            json_decref(after);
            json_decref(set);
            tried++;
        }
        /* the row as it was: a Met row is not Kent's to change */
        set = json_object();
        long long theirs = id_of("met", e->name);
        const field_def_t *text = NULL;
        for (const field_def_t *f = e->fields; f->name && !text; f++)
            if ((f->kind == FK_TEXT || f->kind == FK_LONGTEXT) && !(f->flags & F_MANAGED)) text = f;
        if (text && e->body_sql) {
            json_object_set_new(set, text->name, json_string("kent was here"));
            assert_int_equal(store_entity_update(FX.s, e, theirs, -1, set, &kent, &err), OV_EFORBIDDEN);
            /* and the same change by the system is fine */
            assert_int_equal(store_entity_update(FX.s, e, own, -1, set, &store_authz_system, &err), 0);
            audit++;
        }
        json_decref(set);
    }
    assert_true(entities >= 15);
    assert_true(tried >= 25);
    assert_int_equal(audit_count(), audit);
}

/* Inserts: no Met row, and no Kent row naming a Met parent, for Kent. */
static void insert_stays_in_the_authorised_body(void **state)
{
    (void)state;
    const store_authz_t kent = {only_body, "kent"}, none = {NULL, NULL};
    long long audit = audit_count();
    ov_error_t err = {0};
    long long id = 0;
    /* a Met inspection */
    json_t *in = json_pack("{s:s, s:s, s:s}", "body", "met", "kind", "peel", "title", "x");
    assert_int_equal(store_entity_insert(FX.s, entity_find("inspections"), in, &kent, &id, &err), OV_EFORBIDDEN);
    /* nor anything without an authoriser */
    assert_int_equal(store_entity_insert(FX.s, entity_find("inspections"), in, NULL, &id, &err), OV_EINTERNAL);
    assert_int_equal(store_entity_insert(FX.s, entity_find("inspections"), in, &none, &id, &err), OV_EFORBIDDEN);
    json_decref(in);
    /* a grade (its body is its inspection's) of the Met's inspection */
    in = json_pack("{s:I, s:s, s:s}", "inspection_id", (json_int_t)id_of("met", "inspections"), "area", "a", "grade",
                   "good");
    assert_int_equal(store_entity_insert(FX.s, entity_find("grades"), in, &kent, &id, &err), OV_EFORBIDDEN);
    assert_string_equal(err.field, "inspection_id");
    json_decref(in);
    /* a Kent progress update about the Met's recommendation */
    in = json_pack("{s:s, s:I, s:s, s:s, s:s}", "body", "kent", "recommendation_id",
                   (json_int_t)id_of("met", "recommendations"), "submitted_on", "2025-01-01", "author", "a", "text", "t");
    assert_int_equal(store_entity_insert(FX.s, entity_find("progress-updates"), in, &kent, &id, &err), OV_EFORBIDDEN);
    assert_string_equal(err.field, "recommendation_id");
    /* about its own: fine */
    json_object_set_new(in, "recommendation_id", json_integer(id_of("kent", "recommendations")));
    assert_int_equal(store_entity_insert(FX.s, entity_find("progress-updates"), in, &kent, &id, &err), 0);
    json_decref(in);
    assert_int_equal(audit_count(), audit + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(update_never_moves_a_row_to_another_body),
        cmocka_unit_test(insert_stays_in_the_authorised_body),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
