/* tests/wasi/programs/args_env.c: args_sizes_get/args_get and
 * environ_sizes_get/environ_get.  run-wasi passes the arguments
 *   MODE "two words" "" "quo\"te" "tab\there"
 * and, for MODE "granted", builds with --env GREETING=hello world,
 * --env EMPTY= and --env PASSED (pass-through; the run sets PASSED=from-host,
 * and also SECRET=no and no UNSET_AT_RUN, which is granted but absent).
 * For MODE "none" it grants nothing: the environment must be empty.
 */
#include <stdlib.h>

#include "check.h"

static const char *const want_args[] = { "two words", "", "quo\"te", "tab\there" };
static const char *const want_env[] = { "GREETING=hello world", "EMPTY=", "PASSED=from-host" };

static void check_args(void)
{
	__wasi_size_t argc = 0, size = 0;
	expect_ok("args_sizes_get", __wasi_args_sizes_get(&argc, &size));
	expect_u64("argc is argv[0], MODE and 4 arguments", argc, 6);
	if (argc != 6)
		return;
	char **argv = calloc(argc + 1, sizeof *argv);
	char *buf = malloc(size + 1);
	buf[size] = 'X';
	expect_ok("args_get", __wasi_args_get((uint8_t **)argv, (uint8_t *)buf));
	expect_true("args_get writes no more than args_sizes_get said", buf[size] == 'X');
	size_t total = 0;
	int inside = 1;
	for (__wasi_size_t i = 0; i < argc; i++) {
		inside &= argv[i] >= buf && argv[i] < buf + size;
		total += strlen(argv[i]) + 1;
	}
	expect_true("every argv pointer lies in the buffer", inside);
	expect_u64("argument sizes add up to args_sizes_get's size", total, size);
	expect_true("argv[0] is not empty", argv[0][0] != 0);
	for (int i = 0; i < 4; i++) {
		char what[64];
		snprintf(what, sizeof what, "argv[%d]", i + 2);
		expect_str(what, argv[i + 2], strlen(argv[i + 2]), want_args[i]);
	}
}

static int has(char **env, size_t n, const char *var)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(env[i], var) == 0)
			return 1;
	return 0;
}

static int has_name(char **env, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strncmp(env[i], name, strlen(name)) == 0 && env[i][strlen(name)] == '=')
			return 1;
	return 0;
}

static void check_env(int granted)
{
	__wasi_size_t n = 99, size = 99;
	expect_ok("environ_sizes_get", __wasi_environ_sizes_get(&n, &size));
	expect_u64("number of environment variables", n, granted ? 3 : 0);
	char **env = calloc(n + 1, sizeof *env);
	char *buf = malloc(size + 1);
	buf[size] = 'X';
	expect_ok("environ_get", __wasi_environ_get((uint8_t **)env, (uint8_t *)buf));
	expect_true("environ_get writes no more than environ_sizes_get said", buf[size] == 'X');
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += strlen(env[i]) + 1;
	expect_u64("variable sizes add up to environ_sizes_get's size", total, size);
	if (!granted)
		return;
	for (int i = 0; i < 3; i++) {
		char what[80];
		snprintf(what, sizeof what, "environment has %s", want_env[i]);
		expect_true(what, has(env, n, want_env[i]));
	}
	expect_true("SECRET (not granted) is not passed", !has_name(env, n, "SECRET"));
	expect_true("UNSET_AT_RUN (granted, unset when run) is absent", !has_name(env, n, "UNSET_AT_RUN"));
	expect_true("getenv(\"GREETING\") through wasi-libc", getenv("GREETING") && !strcmp(getenv("GREETING"), "hello world"));
}

int main(int argc, char **argv)
{
	int granted = argc > 1 && strcmp(argv[1], "granted") == 0;
	check_args();
	check_env(granted);
	return finish();
}
