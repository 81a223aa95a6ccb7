/* examples/plugin-host/report.c: a WASI plugin in C, built with
 * wasi-libc and compiled by `nacre build --emit=so`.  It counts the lines
 * and words of /data/notes.txt, in the directory its host granted,
 * prints them on stdout (which the host captures) and writes them to
 * /data/report.txt.  It sees nothing of the host but what it was given.
 */
#include <ctype.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	FILE *in = fopen("/data/notes.txt", "r");
	if (!in) {
		fprintf(stderr, "report: cannot open /data/notes.txt\n");
		return 1;
	}
	unsigned lines = 0, words = 0;
	int c, in_word = 0;
	while ((c = fgetc(in)) != EOF) {
		lines += c == '\n';
		if (isspace(c))
			in_word = 0;
		else if (!in_word)
			in_word = 1, words++;
	}
	fclose(in);
	printf("%s: %u lines, %u words\n", argc > 1 ? argv[1] : "notes", lines, words);
	FILE *out = fopen("/data/report.txt", "w");
	if (!out || fprintf(out, "lines %u\nwords %u\n", lines, words) < 0 || fclose(out) != 0) {
		fprintf(stderr, "report: cannot write /data/report.txt\n");
		return 1;
	}
	printf("wrote /data/report.txt\n");
	return 0;
}
