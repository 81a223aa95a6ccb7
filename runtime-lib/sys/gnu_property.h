/* runtime-lib/sys/gnu_property.h: for <arch>/entry.S, the
 * .note.gnu.property the C objects carry when built with CFI, so that the
 * linker can mark the executable as using it (ld.lld drops the property
 * when any one input lacks it).  `gnu_property TYPE, BITS` emits one
 * NT_GNU_PROPERTY_TYPE_0 note holding one 4-byte property TYPE (a
 * FEATURE_1_AND) with BITS, padded to 8 bytes as ELF64 wants.
 */
#ifndef NACRE_RT_SYS_GNU_PROPERTY_H
#define NACRE_RT_SYS_GNU_PROPERTY_H

.macro gnu_property type, bits
	.pushsection .note.gnu.property, "a"
	.p2align 3
	.long 4                 /* name size */
	.long 16                /* descriptor size */
	.long 5                 /* NT_GNU_PROPERTY_TYPE_0 */
	.asciz "GNU"
	.long \type
	.long 4                 /* property size */
	.long \bits
	.long 0                 /* padding */
	.popsection
.endm

#endif
