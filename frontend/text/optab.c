/* frontend/text/optab.c: instruction names to opcodes.  The rows are
 * ir/opcodes.def's (the one table of instructions); a hash table built
 * per parse finds a name in constant time.
 */
#include "text.h"

#include <string.h>

#include "../../ir/module.h"

static uint64_t hash(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)p[i]) * 1099511628211ull;
	return h;
}

/* The first row of a name wins: "select" is 0x1b, the parser turns it
 * into 0x1c when a result type follows. */
static void insert(TxOpTable *t, const TxOp *op)
{
	size_t n = strlen(op->name), mask = t->cap - 1;
	for (size_t i = hash(op->name, n) & mask;; i = (i + 1) & mask) {
		if (!t->slots[i]) {
			t->slots[i] = op;
			return;
		}
		if (!strcmp(t->slots[i]->name, op->name))
			return;
	}
}

bool tx_optab_init(TxOpTable *t, Arena *a)
{
	t->cap = 1024;
	while (t->cap < 2 * IR_OP_COUNT)
		t->cap *= 2;
	t->slots = arena_array(a, t->cap, sizeof *t->slots);
	TxOp *rows = arena_array(a, IR_OP_COUNT, sizeof *rows);
	if (!t->slots || !rows)
		return false;
	for (size_t i = 0; i < IR_OP_COUNT; i++) {
		const IrOpInfo *o = &ir_op_info[i];
		rows[i] = (TxOp){ o->name, o->prefix, o->imm, o->extra, o->code };
		if (o->name)
			insert(t, &rows[i]);
	}
	t->rows = rows;
	return true;
}

const TxOp *tx_optab_find(const TxOpTable *t, const char *name, size_t len)
{
	size_t mask = t->cap - 1;
	for (size_t i = hash(name, len) & mask;; i = (i + 1) & mask) {
		const TxOp *op = t->slots[i];
		if (!op)
			return NULL;
		if (strlen(op->name) == len && !memcmp(op->name, name, len))
			return op;
	}
}
