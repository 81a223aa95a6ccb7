/* tests/embed/mini-criterion/criterion/criterion.h: the part of
 * Criterion's interface the embedding tests use (Test, cr_assert*,
 * cr_expect*), for targets whose Criterion is not installed: the cross
 * lanes build test_header.c and test_swizzle.c against it, unchanged, and
 * run them under qemu-user.  runner.c runs each test in a child process,
 * as Criterion does; a failed cr_assert ends that test, a failed
 * cr_expect marks it failed and goes on; TestSuite's .init and .fini
 * run around each test of the suite, in the child.  The runtime's
 * canonical ABI tests (tests/unit/runtime/test_canon_*.c) run on it too.
 * Plain C11, like the headers the tests check.
 */
#ifndef MINI_CRITERION_H
#define MINI_CRITERION_H

#include <stddef.h>

typedef struct MiniTest {
	const char *suite;
	const char *name;
	void (*fn)(void);
	struct MiniTest *next;
} MiniTest;

typedef struct MiniSuite {
	const char *name;
	void (*init)(void);
	void (*fini)(void);
	struct MiniSuite *next;
} MiniSuite;

/* runner.c */
void mini_test_register(MiniTest *t);
void mini_suite_register(MiniSuite *s);
void mini_check(int fatal, const char *file, int line, const char *expr, int ok, const char *fmt, ...);

#define Test(suite, name)                                                              \
	static void mini_test_##suite##_##name(void);                                     \
	__attribute__((constructor)) static void mini_register_##suite##_##name(void)     \
	{                                                                                 \
		static MiniTest t = { #suite, #name, mini_test_##suite##_##name, NULL };     \
		mini_test_register(&t);                                                   \
	}                                                                                 \
	static void mini_test_##suite##_##name(void)

/* TestSuite(name, .init = f, .fini = g) */
#define TestSuite(suite, ...)                                                          \
	__attribute__((constructor)) static void mini_register_suite_##suite(void)        \
	{                                                                                 \
		static MiniSuite s = { .name = #suite, __VA_ARGS__ };                       \
		mini_suite_register(&s);                                                  \
	}

/* The message (a format and its arguments) is optional: a "" after the
 * caller's arguments gives an empty one, or is an unused extra argument. */
#define MINI_TRUE_(fatal, cond, ...) \
	mini_check(fatal, __FILE__, __LINE__, #cond, (cond) != 0, __VA_ARGS__)
#define MINI_CMP_(fatal, op, a, b, ...) \
	mini_check(fatal, __FILE__, __LINE__, #a " " #op " " #b, (a) op (b), __VA_ARGS__)
#define MINI_NULL_(fatal, p, ...) \
	mini_check(fatal, __FILE__, __LINE__, #p " == NULL", (p) == NULL, __VA_ARGS__)

#define MINI_NOT_NULL_(fatal, p, ...) \
	mini_check(fatal, __FILE__, __LINE__, #p " != NULL", (p) != NULL, __VA_ARGS__)
#define MINI_STR_(fatal, a, b, ...) \
	mini_check(fatal, __FILE__, __LINE__, #a " equals " #b, mini_str_eq((a), (b)), __VA_ARGS__)
int mini_str_eq(const char *a, const char *b);

#define cr_assert(...) MINI_TRUE_(1, __VA_ARGS__, "")
#define cr_expect(...) MINI_TRUE_(0, __VA_ARGS__, "")
#define cr_assert_eq(...) MINI_CMP_(1, ==, __VA_ARGS__, "")
#define cr_expect_eq(...) MINI_CMP_(0, ==, __VA_ARGS__, "")
#define cr_assert_neq(...) MINI_CMP_(1, !=, __VA_ARGS__, "")
#define cr_expect_neq(...) MINI_CMP_(0, !=, __VA_ARGS__, "")
#define cr_assert_leq(...) MINI_CMP_(1, <=, __VA_ARGS__, "")
#define cr_expect_leq(...) MINI_CMP_(0, <=, __VA_ARGS__, "")
#define cr_assert_lt(...) MINI_CMP_(1, <, __VA_ARGS__, "")
#define cr_expect_lt(...) MINI_CMP_(0, <, __VA_ARGS__, "")
#define cr_assert_geq(...) MINI_CMP_(1, >=, __VA_ARGS__, "")
#define cr_expect_geq(...) MINI_CMP_(0, >=, __VA_ARGS__, "")
#define cr_assert_null(...) MINI_NULL_(1, __VA_ARGS__, "")
#define cr_expect_null(...) MINI_NULL_(0, __VA_ARGS__, "")
#define cr_assert_not_null(...) MINI_NOT_NULL_(1, __VA_ARGS__, "")
#define cr_expect_not_null(...) MINI_NOT_NULL_(0, __VA_ARGS__, "")
#define cr_assert_str_eq(...) MINI_STR_(1, __VA_ARGS__, "")
#define cr_expect_str_eq(...) MINI_STR_(0, __VA_ARGS__, "")

#endif
