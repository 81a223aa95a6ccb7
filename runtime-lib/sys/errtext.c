/* runtime-lib/sys/errtext.c: words for the Linux errno values a start-up
 * error may carry ("no such file or directory", not "errno 2"): the
 * freestanding runtime has no strerror, so a small table of the ones
 * opening a granted directory or reserving memory can meet. */
#include "sys.h"

static const struct {
	int code;
	const char *text;
} texts[] = {
	{ 1, "operation not permitted" }, { 2, "no such file or directory" }, { 5, "input/output error" },
	{ 12, "out of memory" }, { 13, "permission denied" }, { 20, "not a directory" },
	{ 23, "too many open files in system" }, { 24, "too many open files" }, { 36, "file name too long" },
	{ 40, "too many levels of symbolic links" }, { 75, "value too large" },
};

const char *rt_sys_errno_text(int code)
{
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		if (texts[i].code == code)
			return texts[i].text;
	return "system error";
}
