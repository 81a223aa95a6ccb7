/* tests/unit/text/test_spec_wat.c: the parser over the 2.0 spec testsuite
 * (../shared/conformance/spec), against wast2json (wabt) on the same
 * scripts.  Every text module must convert to a binary equal to
 * wast2json's, byte for byte, or, where the encodings may legitimately
 * differ, to one our decoder reads into the same module (the same
 * ir_module_dump text); every (module binary ...) to wast2json's bytes;
 * every assert_invalid module must convert and then fail validation;
 * every text assert_malformed (module quote ...) must be refused, in the
 * spec's words.  NACRE_WAT_KEEP=DIR keeps differing binaries,
 * NACRE_WAT_WORDS=1 lists the messages that differ.
 * wast2json runs into a temporary directory per script.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "frontend/frontend.h"
#include "frontend/text/text.h"

#if !defined NACRE_CONFORMANCE_DIR
#error "text.cmake defines NACRE_CONFORMANCE_DIR"
#endif

typedef struct Stats {
	unsigned files, clean_files;
	unsigned modules, bytes_equal, canon_equal, ir_equal, differ, failed;
	unsigned binaries, binaries_equal;
	unsigned malformed, malformed_refused, malformed_words;
	unsigned invalid, invalid_refused;
} Stats;

static uint8_t *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct stat st;
	fstat(fileno(f), &st);
	uint8_t *buf = malloc((size_t)st.st_size + 1);
	*size = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	return buf;
}

/* The module's IR as text, or NULL when it does not decode. */
static char *dump(const uint8_t *bin, size_t n)
{
	DiagSink d = { 0 };
	IrModule *m = fe_decode(bin, n, &d);
	if (!m)
		return NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	ir_module_dump(m, f);
	fclose(f);
	ir_module_free(m);
	return text;
}

static bool same_module(const uint8_t *a, size_t na, const uint8_t *b, size_t nb)
{
	char *da = dump(a, na), *db = dump(b, nb);
	bool same = da && db && !strcmp(da, db);
	free(da);
	free(db);
	return same;
}

/* The 2.0 suite's modules are judged as 2.0 defines them. */
static bool validates(const uint8_t *bin, size_t n)
{
	DiagSink d = { 0 };
	IrModule *m = fe_module_load_features(bin, n, FE_FEATURES_2_0, &d);
	ir_module_free(m);
	return m != NULL;
}

static bool kw(const TxNode *n, const char *word);

/* The next top-level form holding a module, (module ...) or an assertion
 * about one: wast2json writes a file for each, in order. */
static const TxNode *next_form(const TxNode **at)
{
	for (const TxNode *n = *at; n; n = n->next) {
		const TxNode *m = n->first ? n->first->next : NULL;
		if (kw(n->first, "module") || (m && m->kind == TX_NODE_LIST && kw(m->first, "module"))) {
			*at = n->next;
			return n;
		}
	}
	*at = NULL;
	return NULL;
}

static bool kw(const TxNode *n, const char *word)
{
	return n && n->kind == TX_NODE_ATOM && n->tok.kind == TX_KEYWORD && n->tok.len == strlen(word) &&
	       !memcmp(n->tok.text, word, n->tok.len);
}

typedef struct Script {
	const char *name, *dir;
	const uint8_t *src;
	size_t len;
	const TxNode *root, *at;
	bool clean;
} Script;

static uint8_t *encode(const Script *s, const TxNode *module, size_t *n, DiagSink *d)
{
	*d = (DiagSink){ 0 };
	return tx_module_encode(module, s->src, s->len, d, n);
}

/* NACRE_WAT_KEEP=DIR keeps both binaries of a difference for a look. */
static void keep(const Script *s, unsigned line, const uint8_t *a, size_t na, const uint8_t *b, size_t nb)
{
	const char *dir = getenv("NACRE_WAT_KEEP");
	char path[4096];
	for (int i = 0; dir && i < 2; i++) {
		snprintf(path, sizeof path, "%s/%s.%u.%s.wasm", dir, s->name, line, i ? "ref" : "ours");
		FILE *f = fopen(path, "wb");
		if (f && (i ? b : a))
			fwrite(i ? b : a, 1, i ? nb : na, f);
		if (f)
			fclose(f);
	}
}

/* An unsigned LEB128 at p[*i], advancing *i; false past the end. */
static bool leb(const uint8_t *p, size_t n, size_t *i, uint64_t *v)
{
	*v = 0;
	for (unsigned shift = 0; *i < n && shift < 64; shift += 7) {
		uint8_t b = p[(*i)++];
		*v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return true;
	}
	return false;
}

static void put_leb(uint8_t *out, size_t *o, uint64_t v)
{
	do {
		uint8_t b = v & 0x7f;
		v >>= 7;
		out[(*o)++] = b | (v ? 0x80 : 0);
	} while (v);
}

/* The reference interpreter pads section and function body sizes to five
 * bytes; written minimal, its binaries compare with ours byte for byte.
 * Returns the new size (at most n).  It reads from a copy: written in
 * place, a binary that was not padded would be overwritten ahead of the
 * reading (wabt's, whose elem segments then did not compare). */
static size_t unpad_from(const uint8_t *src, uint8_t *p, size_t n);
static size_t unpad(uint8_t *p, size_t n)
{
	uint8_t *src = malloc(n), *out = malloc(n + 16);
	cr_assert(src && out);
	memcpy(src, p, n);
	memcpy(out, p, n < 8 ? n : 8);
	size_t m = unpad_from(src, out, n);
	if (m <= n)
		memcpy(p, out, m);
	free(src);
	free(out);
	return m <= n ? m : n;
}

static size_t unpad_from(const uint8_t *src, uint8_t *p, size_t n)
{
	size_t i = 8, o = 8;
	uint64_t size, count, body;
	while (i < n) {
		uint8_t id = src[i++];
		if (!leb(src, n, &i, &size) || size > n - i)
			return SIZE_MAX;
		size_t end = i + size, start = o;
		p[o++] = id;
		size_t size_at = o;
		o += 5; /* room; moved down below */
		if (id == 10 && leb(src, end, &i, &count)) {
			put_leb(p, &o, count);
			for (uint64_t k = 0; k < count && leb(src, end, &i, &body) && body <= end - i; k++) {
				put_leb(p, &o, body);
				memcpy(p + o, src + i, body);
				o += body, i += body;
			}
		}
		memcpy(p + o, src + i, end - i);
		o += end - i, i = end;
		size_t content = o - size_at - 5, hdr = size_at;
		put_leb(p, &hdr, content);
		memmove(p + hdr, p + size_at + 5, content);
		o = hdr + content;
		(void)start;
	}
	return o;
}

/* The end of a constant expression at p[i] (one past its 0x0b), or 0. */
static size_t const_end(const uint8_t *p, size_t n, size_t i)
{
	uint64_t v;
	while (i < n) {
		uint8_t op = p[i++];
		if (op == 0x0b)
			return i;
		if (op == 0x41 || op == 0x42 || op == 0x23 || op == 0xd2 || op == 0xd0) {
			if (!leb(p, n, &i, &v))
				return 0;
		} else if (op != 0x6a && op != 0x6b && op != 0x6c && op != 0x7c && op != 0x7d && op != 0x7e) {
			return 0; /* not one this normaliser knows */
		}
	}
	return 0;
}

/* A reference type at p[*i]: (ref null func) and funcref are the same. */
static void reftype(const uint8_t *p, size_t n, size_t *i, uint8_t *out, size_t *o)
{
	uint64_t v;
	uint8_t b = p[(*i)++];
	if (b == 0x63 && *i < n && (p[*i] == 0x70 || p[*i] == 0x6f)) {
		out[(*o)++] = p[(*i)++];
	} else if (b == 0x63 || b == 0x64) {
		size_t start = *i;
		out[(*o)++] = b;
		leb(p, n, i, &v);
		memcpy(out + *o, p + start, *i - start);
		*o += *i - start;
	} else {
		out[(*o)++] = b;
	}
}

/* Element segments in one form whichever the writer chose: expressions,
 * the table index explicit, (ref null func) as funcref.  Writes the
 * section's new content to out; false when it is not understood. */
static bool elem_canonical(const uint8_t *p, size_t n, uint8_t *out, size_t *o)
{
	size_t i = 0;
	uint64_t count, flags, table, items, idx;
	if (!leb(p, n, &i, &count))
		return false;
	put_leb(out, o, count);
	for (uint64_t k = 0; k < count; k++) {
		if (!leb(p, n, &i, &flags) || flags > 7)
			return false;
		bool active = !(flags & 1), exprs = flags & 4;
		table = 0;
		if (active && (flags & 2) && !leb(p, n, &i, &table))
			return false;
		out[(*o)++] = (uint8_t)(active ? 6 : flags & 3 ? (flags | 4) : 5);
		if (active) {
			put_leb(out, o, table);
			size_t end = const_end(p, n, i);
			if (!end)
				return false;
			memcpy(out + *o, p + i, end - i);
			*o += end - i, i = end;
		}
		if (flags & 3) {
			if (exprs)
				reftype(p, n, &i, out, o);
			else if (i++ < n)
				out[(*o)++] = 0x70;
		} else {
			out[(*o)++] = 0x70;
		}
		if (!leb(p, n, &i, &items))
			return false;
		put_leb(out, o, items);
		for (uint64_t j = 0; j < items; j++) {
			if (exprs) {
				size_t end = const_end(p, n, i);
				if (!end)
					return false;
				memcpy(out + *o, p + i, end - i);
				*o += end - i, i = end;
			} else {
				if (!leb(p, n, &i, &idx))
					return false;
				out[(*o)++] = 0xd2;
				put_leb(out, o, idx);
				out[(*o)++] = 0x0b;
			}
		}
	}
	return i == n;
}

/* A copy of a binary with its element section in elem_canonical's form
 * (malloc'd, size in *m), or NULL. */
static uint8_t *canonical(const uint8_t *p, size_t n, size_t *m)
{
	uint8_t *out = malloc(4 * n + 64); /* an index becomes at most 7 bytes from 1 */
	size_t i = 8, o = 8;
	uint64_t size;
	memcpy(out, p, 8);
	while (i < n) {
		uint8_t id = p[i++];
		if (!leb(p, n, &i, &size) || size > n - i)
			break;
		out[o++] = id;
		if (id == 9) {
			uint8_t *tmp = malloc(8 * size + 16);
			size_t t = 0;
			bool ok = elem_canonical(p + i, size, tmp, &t);
			if (ok) {
				put_leb(out, &o, t);
				memcpy(out + o, tmp, t);
				o += t;
			}
			free(tmp);
			if (!ok)
				break;
		} else {
			put_leb(out, &o, size);
			memcpy(out + o, p + i, size);
			o += size;
		}
		i += size;
	}
	if (i != n) {
		free(out);
		return NULL;
	}
	*m = o;
	return out;
}

static bool same_canonical(const uint8_t *a, size_t na, const uint8_t *b, size_t nb)
{
	size_t ma = 0, mb = 0;
	uint8_t *ca = canonical(a, na, &ma), *cb = canonical(b, nb, &mb);
	bool same = ca && cb && ma == mb && !memcmp(ca, cb, ma);
	free(ca);
	free(cb);
	return same;
}

static void text_module(Script *s, Stats *st, const TxNode *module, const char *file, unsigned line)
{
	char path[4096];
	size_t ref_n, n;
	DiagSink d;
	snprintf(path, sizeof path, "%s/%s", s->dir, file);
	uint8_t *ref = slurp(path, &ref_n), *bin = encode(s, module, &n, &d);
	bool binary = kw(module->first->next, "binary") ||
	              (module->first->next && kw(module->first->next->next, "binary"));
	st->modules++;
	st->binaries += binary;
	if (!bin) {
		st->failed++;
		s->clean = false;
		fprintf(stderr, "%s:%u: does not convert: %s: %s\n", s->name, line, diag_text(d.items[0].code),
		        d.items[0].detail);
	} else if (ref && n == ref_n && !memcmp(bin, ref, n)) {
		st->bytes_equal++;
		st->binaries_equal += binary;
	} else if (ref && (ref_n = unpad(ref, ref_n)) == n && !memcmp(bin, ref, n)) {
		st->bytes_equal++;
		st->binaries_equal += binary;
	} else if (ref && !binary && same_canonical(bin, n, ref, ref_n)) {
		st->canon_equal++;
	} else if (ref && !binary && same_module(bin, n, ref, ref_n)) {
		st->ir_equal++;
	} else {
		st->differ++;
		s->clean = false;
		keep(s, line, bin, n, ref, ref_n);
		fprintf(stderr, "%s:%u: differs from wast2json's %s\n", s->name, line, file);
	}
	free(ref);
	free(bin);
}

static void invalid_module(Script *s, Stats *st, const TxNode *module, unsigned line)
{
	size_t n;
	DiagSink d;
	uint8_t *bin = encode(s, module, &n, &d);
	st->invalid++;
	if (bin && !validates(bin, n)) {
		st->invalid_refused++;
	} else {
		s->clean = false;
		fprintf(stderr, "%s:%u: assert_invalid module %s\n", s->name, line,
		        !bin ? "does not convert" : "validates");
	}
	free(bin);
}

static void malformed_module(Script *s, Stats *st, const TxNode *module, const char *text, unsigned line)
{
	size_t n;
	DiagSink d;
	uint8_t *bin = encode(s, module, &n, &d);
	st->malformed++;
	if (!bin) {
		st->malformed_refused++;
		const char *ours = diag_text(d.items[0].code);
		bool same = !strncmp(ours, text, strlen(text));
		st->malformed_words += same;
		if (!same && getenv("NACRE_WAT_WORDS"))
			fprintf(stderr, "%s:%u: words: expected \"%s\", got \"%s: %s\"\n", s->name, line, text, ours,
			        d.items[0].detail);
	} else {
		s->clean = false;
		fprintf(stderr, "%s:%u: assert_malformed text module (\"%s\") converts\n", s->name, line, text);
	}
	free(bin);
}

static void command(Script *s, Stats *st, const json_t *cmd)
{
	const char *type = json_string_value(json_object_get(cmd, "type"));
	const char *file = json_string_value(json_object_get(cmd, "filename"));
	const char *mtype = json_string_value(json_object_get(cmd, "module_type"));
	const char *text = json_string_value(json_object_get(cmd, "text"));
	unsigned line = (unsigned)json_integer_value(json_object_get(cmd, "line"));
	if (!type || !file)
		return;
	/* a script that is one module's bare fields (inline-module.wast) */
	bool bare = s->at == s->root->first && s->at && !kw(s->at->first, "module") &&
	            s->at->first && s->at->first->tok.len > 0 && memcmp(s->at->first->tok.text, "assert_", 7);
	const TxNode *form = bare ? s->root : next_form(&s->at);
	if (bare)
		s->at = NULL;
	cr_assert(form, "%s:%u: no module form for %s", s->name, line, file);
	line = form->tok.loc.line;
	cr_assert_eq(!strcmp(type, "module"), bare || kw(form->first, "module"), "%s:%u: %s", s->name, line, type);
	if (!strcmp(type, "module")) {
		text_module(s, st, form, file, line);
		return;
	}
	const TxNode *module = form->first->next;
	bool quote = module && (kw(module->first->next, "quote") ||
	                        (module->first->next && kw(module->first->next->next, "quote")));
	if (!strcmp(type, "assert_malformed") && mtype && !strcmp(mtype, "text") && quote)
		malformed_module(s, st, module, text ? text : "", line);
	else if (!strcmp(type, "assert_invalid") && !quote)
		invalid_module(s, st, module, line);
	else if ((!strcmp(type, "assert_unlinkable") || !strcmp(type, "assert_uninstantiable")) && !quote)
		text_module(s, st, module, file, line);
}

static void script(const char *dir, const char *name, Stats *st)
{
	char path[4096], tmp[] = "/tmp/nacre-spec-wat-XXXXXX", cmd[8192];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	cr_assert(mkdtemp(tmp));
	snprintf(cmd, sizeof cmd, "wast2json '%s' -o '%s/out.json'", path, tmp);
	cr_assert_eq(system(cmd), 0, "wast2json %s", name);
	size_t len;
	uint8_t *src = slurp(path, &len);
	Arena *arena = arena_new();
	DiagSink d = { 0 };
	Script s = { .name = name, .dir = tmp, .src = src, .len = len, .clean = true };
	s.root = tx_sexpr_read(src, len, TX_SEXPR_MAX_DEPTH, arena, &d);
	cr_assert(s.root, "%s does not read", name);
	s.at = s.root->first;
	snprintf(path, sizeof path, "%s/out.json", tmp);
	json_error_t err;
	json_t *root = json_load_file(path, JSON_ALLOW_NUL, &err);
	cr_assert(root, "%s: %s", path, err.text);
	json_t *cmds = json_object_get(root, "commands");
	for (size_t i = 0; i < json_array_size(cmds); i++)
		command(&s, st, json_array_get(cmds, i));
	st->files++;
	st->clean_files += s.clean;
	if (!s.clean)
		fprintf(stderr, "%s: not clean\n", name);
	json_decref(root);
	arena_free(arena);
	free(src);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	cr_assert_eq(system(cmd), 0);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_wast(const struct dirent *e)
{
	size_t n = strlen(e->d_name);
	return n > 5 && !strcmp(e->d_name + n - 5, ".wast");
}

Test(spec_wat, the_2_0_suite_converts_like_wast2json)
{
	const char *dir = NACRE_CONFORMANCE_DIR "/spec";
	struct dirent **names;
	int n = scandir(dir, &names, is_wast, by_name);
	cr_assert_gt(n, 100, "the staged 2.0 suite at %s", dir);
	Stats st = { 0 };
	for (int i = 0; i < n; i++) {
		script(dir, names[i]->d_name, &st);
		free(names[i]);
	}
	free(names);
	fprintf(stderr,
	        "spec_wat: %u/%u scripts clean; %u modules: %u byte-equal (%u of %u binary), %u equal with elem "
	        "segments in one form, %u IR-equal, "
	        "%u differ, %u fail; assert_invalid %u/%u refused by the validator; assert_malformed "
	        "(text) %u/%u refused, %u in the same words\n",
	        st.clean_files, st.files, st.modules, st.bytes_equal, st.binaries_equal, st.binaries,
	        st.canon_equal, st.ir_equal, st.differ, st.failed, st.invalid_refused, st.invalid, st.malformed_refused,
	        st.malformed, st.malformed_words);
	cr_expect_eq(st.failed, 0, "every text module converts");
	cr_expect_eq(st.differ, 0, "every module is wast2json's, in bytes or in IR");
	cr_expect_eq(st.binaries_equal, st.binaries, "(module binary ...) is its bytes");
	cr_expect_eq(st.invalid_refused, st.invalid, "assert_invalid modules convert and fail validation");
	cr_expect_eq(st.malformed_refused, st.malformed, "text assert_malformed modules are refused");
	cr_expect_eq(st.clean_files, st.files);
	/* The words too, but for simd_lane.wast's five scripts whose
	 * unbalanced parentheses the tree refuses before the lane index the
	 * reference interpreter, reading as it goes, sees first. */
	cr_expect_geq(st.malformed_words + 5, st.malformed, "assert_malformed in the spec's words");
}

/* ---- the 3.0 suite: its JSON (../shared/conformance/spec3/json) was made
 * by the reference interpreter; a command's line is its form's line ---- */

static void script3(const char *wast_dir, const char *json_dir, const char *name, Stats *st)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", wast_dir, name);
	size_t len;
	uint8_t *src = slurp(path, &len);
	Arena *arena = arena_new();
	DiagSink d = { 0 };
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", json_dir);
	Script s = { .name = name, .dir = dir, .src = src, .len = len, .clean = true };
	s.root = tx_sexpr_read(src, len, TX_SEXPR_MAX_DEPTH, arena, &d);
	cr_assert(s.root, "%s does not read", name);
	snprintf(path, sizeof path, "%s/%.*s.json", json_dir, (int)(strlen(name) - 5), name);
	json_error_t err;
	json_t *root = json_load_file(path, JSON_ALLOW_NUL, &err);
	cr_assert(root, "%s: %s", path, err.text);
	json_t *cmds = json_object_get(root, "commands");
	for (size_t i = 0; i < json_array_size(cmds); i++) {
		const json_t *cmd = json_array_get(cmds, i);
		const char *type = json_string_value(json_object_get(cmd, "type"));
		const char *file = json_string_value(json_object_get(cmd, "filename"));
		unsigned line = (unsigned)json_integer_value(json_object_get(cmd, "line"));
		if (!file || !type || (strcmp(type, "module_definition") && strcmp(type, "assert_invalid")))
			continue;
		const TxNode *form = NULL;
		for (const TxNode *n = s.root->first; n && !form; n = n->next)
			if (n->tok.loc.line == line)
				form = n;
		if (!form)
			continue; /* annotations.wast and the like: no line to go by */
		const TxNode *module = kw(form->first, "module") ? form : form->first->next;
		if (!module || module->kind != TX_NODE_LIST || !kw(module->first, "module") ||
		    kw(module->first->next, "definition") || kw(module->first->next, "instance") ||
		    kw(module->first->next, "quote"))
			continue;
		/* (module binary ...) is its bytes: the interpreter wrote them anew */
		const TxNode *b = tx_is_id(module->first->next) ? module->first->next->next : module->first->next;
		if (kw(b, "binary"))
			continue;
		if (!strcmp(type, "assert_invalid")) {
			size_t n;
			uint8_t *bin = encode(&s, module, &n, &d);
			st->invalid++;
			st->invalid_refused += bin != NULL; /* converts; validating it is 3.0's */
			if (!bin) {
				s.clean = false;
				fprintf(stderr, "%s:%u: assert_invalid module does not convert: %s: %s\n", name, line,
				        diag_text(d.items[0].code), d.items[0].detail);
			}
			free(bin);
			continue;
		}
		text_module(&s, st, module, file, line);
	}
	st->files++;
	st->clean_files += s.clean;
	if (!s.clean)
		fprintf(stderr, "%s: not clean\n", name);
	json_decref(root);
	arena_free(arena);
	free(src);
}

/* Scripts of the 3.0 suite not expected to convert cleanly yet, each
 * with its reason. */
static const char *const pending3[] = {
	/* 2.0 and 3.0 disagree: an offset or a limit beyond u32 on an i32
	 * memory is malformed text in 2.0 (the 2.0 suite's assert_malformed
	 * "i32 constant") and invalid in 3.0; the text reader still follows
	 * 2.0 whatever --features says (the validator has feature levels) */
	"align.wast", "memory.wast",
	/* equivalent encodings where wabt (whose choice the 2.0 test holds
	 * byte for byte) and the reference interpreter differ: (block (type
	 * x)) of [] -> [t?] written short, implicit types of call_indirect
	 * in order of appearance, (ref null func) for funcref in a table type */
	"block.wast", "if.wast", "loop.wast", "call_indirect.wast",
	"return_call_indirect.wast", "stack.wast",
	NULL,
};

static bool is_pending(const char *name)
{
	for (size_t i = 0; pending3[i]; i++)
		if (!strcmp(pending3[i], name))
			return true;
	return false;
}

Test(spec_wat, the_3_0_suite_converts_like_the_reference_interpreter)
{
	static const char *const folders[] = { "", "memory64", "multi-memory", "exceptions", "relaxed-simd", "simd", "bulk-memory" };
	Stats st = { 0 };
	unsigned unexpected = 0, pending_clean = 0;
	for (size_t f = 0; f < sizeof folders / sizeof folders[0]; f++) {
		char wast_dir[4096], json_dir[4096];
		snprintf(wast_dir, sizeof wast_dir, "%s/spec3/wast/%s", NACRE_CONFORMANCE_DIR, folders[f]);
		snprintf(json_dir, sizeof json_dir, "%s/spec3/json/%s", NACRE_CONFORMANCE_DIR, folders[f]);
		struct dirent **names;
		int n = scandir(wast_dir, &names, is_wast, by_name);
		cr_assert_geq(n, 0, "%s", wast_dir);
		for (int i = 0; i < n; i++) {
			char rel[512];
			snprintf(rel, sizeof rel, "%s%s%s", folders[f], *folders[f] ? "/" : "", names[i]->d_name);
			unsigned before = st.clean_files;
			script3(wast_dir, json_dir, names[i]->d_name, &st);
			bool clean = st.clean_files > before;
			if (!clean && !is_pending(rel)) {
				unexpected++;
				fprintf(stderr, "spec_wat: 3.0 %s does not convert cleanly\n", rel);
			}
			pending_clean += clean && is_pending(rel);
			free(names[i]);
		}
		free(names);
	}
	fprintf(stderr,
	        "spec_wat 3.0: %u/%u scripts clean; %u modules: %u byte-equal, %u equal with elem segments in one "
	        "form, %u IR-equal, %u differ, %u fail; "
	        "assert_invalid %u/%u convert\n",
	        st.clean_files, st.files, st.modules, st.bytes_equal, st.canon_equal, st.ir_equal, st.differ,
	        st.failed, st.invalid_refused, st.invalid);
	cr_expect_eq(unexpected, 0, "every 3.0 script not listed as pending converts cleanly");
	cr_expect_eq(pending_clean, 0, "a pending script that converts cleanly leaves the list");
}
