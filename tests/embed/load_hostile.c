/* tests/embed/load_hostile.c: shared objects that run code as they are
 * loaded, which nacre_module_open must refuse before (test_load.c).  No C
 * library headers, so that it builds for every target.
 *  - LOAD_MARK: mark() creates the file named by $NACRE_LOAD_MARKER
 *    (getenv and creat bind to the loader's); with LOAD_CTOR it is a
 *    constructor (DT_INIT_ARRAY), else the link names it DT_INIT
 *    (ld.lld -init=mark).
 *  - LOAD_IFUNC: chosen() is an IFUNC whose resolver records that it ran
 *    (was_resolved()); hidden (LOAD_HIDDEN), the loader calls it for an
 *    IRELATIVE relocation, else for binding the IFUNC symbol itself.
 */
#ifdef LOAD_MARK
char *getenv(const char *name);
int creat(const char *path, unsigned mode);
int close(int fd);

#ifdef LOAD_CTOR
__attribute__((constructor))
#endif
void mark(void)
{
	const char *path = getenv("NACRE_LOAD_MARKER");
	int fd = path ? creat(path, 0644) : -1;
	if (fd >= 0)
		close(fd);
}
#endif

#ifdef LOAD_IFUNC
/* hidden: reached without a relocation, as the resolver runs mid-way */
__attribute__((visibility("hidden"))) int resolved;

static int impl(void)
{
	return 7;
}

static int (*resolve(void))(void)
{
	resolved = 1;
	return impl;
}

#ifdef LOAD_HIDDEN
__attribute__((visibility("hidden")))
#endif
int chosen(void) __attribute__((ifunc("resolve")));

int call_chosen(void)
{
	return chosen();
}

int was_resolved(void)
{
	return resolved;
}
#endif
