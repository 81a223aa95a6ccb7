/* frontend/proposal.c: what a byte the 2.0 decoder rejects means in a
 * later proposal, so that "illegal opcode: 0x06" can say "exception
 * handling is not supported yet".  The diagnostic code stays
 * the spec's (tests and the spec suite compare codes); the proposal goes
 * into its detail. */
#include "frontend.h"

/* Single-byte opcodes of post-2.0 proposals, by range, each with the
 * words its message starts with. */
static const struct {
	uint8_t first, last;
	const char *proposal;
} single[] = {
	/* try, catch, rethrow, delegate, catch_all: the legacy exception
	 * instructions, which 3.0 replaced by try_table, throw and throw_ref */
	{ 0x06, 0x07, "legacy exception handling (not Wasm 3.0: use try_table) is" },
	{ 0x09, 0x09, "legacy exception handling (not Wasm 3.0: use throw_ref) is" },
	{ 0x18, 0x19, "legacy exception handling (not Wasm 3.0: use try_table) is" },
	{ 0xfe, 0xfe, "threads (atomics) are" },      /* the atomics prefix */
};

const char *fe_proposal_opcode(uint8_t b)
{
	for (size_t i = 0; i < sizeof single / sizeof *single; i++)
		if (b >= single[i].first && b <= single[i].last)
			return single[i].proposal;
	return NULL;
}

/* Limits flags (3.0 spec 5.3.7 has 0, 1, 4 and 5): bit 1 shares the
 * memory (threads). */
const char *fe_proposal_limits(uint8_t flag)
{
	if ((flag & 0x02) && flag < 8)
		return "threads (shared memory) are";
	return NULL;
}
