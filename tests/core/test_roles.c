/* test_roles.c: every role × permission × (own body, other body, no body). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "core/roles.h"

/* Expected answer per role and perm: 'y' allowed for any target, 'o' only
 * for the actor's own body, '-' never. Columns follow enum ov_perm:
 * read_public read_record record close decide progress pcc_response admin */
static const struct {
    const char *role;
    const char *row;
} EXPECT[] = {
    {"admin",     "yyy---" "-y"},
    {"hmci",      "yyyyy-" "--"},
    {"inspector", "yyyy--" "--"},
    {"analyst",   "yyy---" "--"},
    {"body",      "yo---o" "--"},
    {"lpb",       "yo----" "o-"},
    {"public",    "y-----" "--"},
};

static void table(void **state)
{
    (void)state;
    assert_int_equal(sizeof EXPECT / sizeof EXPECT[0], 7);
    for (size_t i = 0; i < sizeof EXPECT / sizeof EXPECT[0]; i++) {
        const char *role = EXPECT[i].role;
        assert_int_equal((int)strlen(EXPECT[i].row), PERM__COUNT);
        assert_true(roles_valid(role));
        /* body and lpb users always have a body; other roles never do */
        const char *actor_body = (strcmp(role, "body") == 0 || strcmp(role, "lpb") == 0) ? "met" : "";
        for (int p = 0; p < PERM__COUNT; p++) {
            char e = EXPECT[i].row[p];
            int own = roles_allows(role, p, actor_body, "met");
            int other = roles_allows(role, p, actor_body, "kent");
            int none = roles_allows(role, p, actor_body, NULL);
            int empty = roles_allows(role, p, actor_body, "");
            int want_own = e != '-', want_other = e == 'y', want_none = e == 'y';
            if (own != want_own || other != want_other || none != want_none || empty != want_none)
                fail_msg("%s %s: own %d other %d none %d empty %d, expected '%c'", role, roles_perm_name(p),
                         own, other, none, empty, e);
        }
    }
}

static void scoped_roles_without_body_get_nothing_scoped(void **state)
{
    (void)state;
    assert_false(roles_allows("body", PERM_PROGRESS, NULL, "met"));
    assert_false(roles_allows("body", PERM_PROGRESS, "", "met"));
    assert_false(roles_allows("lpb", PERM_READ_RECORD, NULL, NULL));
    assert_true(roles_allows("lpb", PERM_READ_PUBLIC, NULL, NULL));
    /* codes compare exactly */
    assert_false(roles_allows("body", PERM_PROGRESS, "met", "Met"));
    assert_false(roles_allows("body", PERM_PROGRESS, "met", "metx"));
}

static void unknown_roles_and_perms(void **state)
{
    (void)state;
    assert_false(roles_valid(NULL));
    assert_false(roles_valid(""));
    assert_false(roles_valid("root"));
    assert_false(roles_valid("HMCI"));
    assert_false(roles_allows("root", PERM_READ_PUBLIC, NULL, NULL));
    assert_false(roles_allows(NULL, PERM_READ_PUBLIC, NULL, NULL));
    assert_false(roles_allows("hmci", -1, NULL, NULL));
    assert_false(roles_allows("hmci", PERM__COUNT, NULL, NULL));
    assert_string_equal(roles_perm_name(PERM__COUNT), "unknown");
    assert_string_equal(roles_perm_name(PERM_DECIDE), "decide");
}

static void all_roles_listed_and_valid(void **state)
{
    (void)state;
    int n = 0;
    for (int i = 0; roles_all[i]; i++, n++) {
        assert_true(roles_valid(roles_all[i]));
        assert_true(strlen(roles_all[i]) < ROLE_MAX);
    }
    assert_int_equal(n, 7);
    /* only hmci decides */
    for (int i = 0; roles_all[i]; i++)
        assert_int_equal(roles_allows(roles_all[i], PERM_DECIDE, NULL, "met"), strcmp(roles_all[i], "hmci") == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table), cmocka_unit_test(scoped_roles_without_body_get_nothing_scoped),
        cmocka_unit_test(unknown_roles_and_perms), cmocka_unit_test(all_roles_listed_and_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
