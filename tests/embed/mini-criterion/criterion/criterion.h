/* tests/embed/mini-criterion/criterion/criterion.h: the part of
 * Criterion's interface the embedding tests use (Test, cr_assert*,
 * cr_expect*), for targets whose Criterion is not installed: the cross
 * lanes build test_header.c and test_swizzle.c against it, unchanged, and
 * run them under qemu-user.  runner.c runs each test in a child process,
 * as Criterion does; a failed cr_assert ends that test, a failed
 * cr_expect marks it failed and goes on.  Plain C11, like the headers
 * the tests check.
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

/* runner.c */
void mini_test_register(MiniTest *t);
void mini_check(int fatal, const char *file, int line, const char *expr, int ok, const char *fmt, ...);

#define Test(suite, name)                                                              \
	static void mini_test_##suite##_##name(void);                                     \
	__attribute__((constructor)) static void mini_register_##suite##_##name(void)     \
	{                                                                                 \
		static MiniTest t = { #suite, #name, mini_test_##suite##_##name, NULL };     \
		mini_test_register(&t);                                                   \
	}                                                                                 \
	static void mini_test_##suite##_##name(void)

/* The message (a format and its arguments) is optional: a "" after the
 * caller's arguments gives an empty one, or is an unused extra argument. */
#define MINI_TRUE_(fatal, cond, ...) \
	mini_check(fatal, __FILE__, __LINE__, #cond, (cond) != 0, __VA_ARGS__)
#define MINI_CMP_(fatal, op, a, b, ...) \
	mini_check(fatal, __FILE__, __LINE__, #a " " #op " " #b, (a) op (b), __VA_ARGS__)
#define MINI_NULL_(fatal, p, ...) \
	mini_check(fatal, __FILE__, __LINE__, #p " == NULL", (p) == NULL, __VA_ARGS__)

#define cr_assert(...) MINI_TRUE_(1, __VA_ARGS__, "")
#define cr_expect(...) MINI_TRUE_(0, __VA_ARGS__, "")
#define cr_assert_eq(...) MINI_CMP_(1, ==, __VA_ARGS__, "")
#define cr_expect_eq(...) MINI_CMP_(0, ==, __VA_ARGS__, "")
#define cr_assert_neq(...) MINI_CMP_(1, !=, __VA_ARGS__, "")
#define cr_expect_neq(...) MINI_CMP_(0, !=, __VA_ARGS__, "")
#define cr_assert_leq(...) MINI_CMP_(1, <=, __VA_ARGS__, "")
#define cr_expect_leq(...) MINI_CMP_(0, <=, __VA_ARGS__, "")
#define cr_assert_null(...) MINI_NULL_(1, __VA_ARGS__, "")
#define cr_expect_null(...) MINI_NULL_(0, __VA_ARGS__, "")

#endif
