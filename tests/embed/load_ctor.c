/* tests/embed/load_ctor.c: a shared object nacre_module_open must refuse
 * (test_load.c): mark() creates the file named by $NACRE_LOAD_MARKER.
 * Built with LOAD_CTOR, it is a constructor (DT_INIT_ARRAY); without, the
 * link names it as DT_INIT (ld.lld -init=mark).  No C library headers, so
 * it builds for every target; getenv and creat bind to the loader's. */
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
