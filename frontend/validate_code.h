/* frontend/validate_code.h: the function-body validator's state, shared
 * by validate_code.c (which owns it) and validate_gc.c (garbage
 * collection's instructions), and the helpers the latter uses. */
#ifndef NACRE_VALIDATE_CODE_H
#define NACRE_VALIDATE_CODE_H

#include "frontend.h"

enum { UNKNOWN = 0 }; /* the bottom type of unreachable code */

typedef struct Frame {
	uint16_t op;              /* IR_OP_BLOCK/LOOP/IF/ELSE, or END for the function */
	bool unreachable;
	uint32_t height;          /* operand stack height at entry */
	uint32_t inits;           /* local-initialisation stack height at entry */
	uint32_t nparams, nresults;
	const IrValType *params, *results;
} Frame;

struct CodeValidator {
	IrValType *vals;
	size_t nvals, vals_cap;
	Frame *ctrls;
	size_t nctrls, ctrls_cap;
	IrValType *locals;
	size_t nlocals, locals_cap;
	/* non-defaultable locals (3.0): set[x] once local.set/tee has run in
	 * an enclosing block; inits lists those set, so that a block's end
	 * forgets what was set inside it */
	uint8_t *set;
	size_t set_cap;
	uint32_t *inits;
	size_t ninits, inits_cap;
	/* per call */
	const IrModule *m;
	const uint8_t *refs;
	DiagSink *diags;
	uint32_t func;
	const IrInstr *in;
	bool failed;
};

bool fe_code_fail(CodeValidator *v, DiagCode code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *fe_code_tname(IrValType t);
bool fe_code_push(CodeValidator *v, IrValType t);
bool fe_code_push_all(CodeValidator *v, uint32_t n, const IrValType *ts);
bool fe_code_pop(CodeValidator *v, IrValType *out);       /* UNKNOWN in unreachable code */
bool fe_code_pop_expect(CodeValidator *v, IrValType want);
bool fe_code_pop_all(CodeValidator *v, uint32_t n, const IrValType *ts);
bool fe_code_pop_ref(CodeValidator *v, IrValType *t);
bool fe_code_known(CodeValidator *v, IrValType t);          /* its type index exists */
bool fe_code_label(CodeValidator *v, uint32_t depth, uint32_t *n, const IrValType **ts);
bool fe_code_elem_type(CodeValidator *v, uint32_t e, IrValType *out);
bool fe_code_check_data(CodeValidator *v, uint32_t d);

/* validate_gc.c: one 0xFB-prefixed instruction, or ref.eq. */
bool fe_validate_gc(CodeValidator *v, const IrInstr *in);

#endif
