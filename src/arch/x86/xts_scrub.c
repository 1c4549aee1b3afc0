/* SPDX-License-Identifier: MIT */
/*
 * Wiping what the AES-NI XTS bodies leave in dead stack.  Baseline ISA,
 * valgrind-clean (it writes only its own frame).
 *
 * Optimised, those bodies spill nothing secret (xts_template.h, struct
 * round_keys); unoptimised (-O0, as in the ASan test build) every
 * temporary, round keys included, goes through the stack.  There, their
 * entry points call their body (never inlined), then this function at the same
 * stack depth: this frame lies where the body's was, and a buffer reaching
 * as deep as the body went (measured by the body itself, see
 * XTS_DEFINE_ENTRY_POINTS) overwrites every slot it used, including the
 * 128-byte red zone below its stack pointer.
 */
#include <alloca.h>
#include <stddef.h>
#include <string.h>

#include "arch/x86/xts_x86.h"

/* Red zone, and what this function's own frame (return address, saved
 * registers, alignment) keeps from reaching as deep as the body. */
#define SCRUB_SLACK (128 + 128)

__attribute__((noinline)) void extcrypt_x86_xts_scrub_stack(size_t depth)
{
	size_t n = depth + SCRUB_SLACK;
	unsigned char *p;

	/* A body's frame is a few hundred bytes; a larger value would be a
	 * bug in the caller's measurement, not a reason to grow the stack. */
	if (n > 4096)
		n = 4096;
	p = alloca(n);
	memset(p, 0, n);
	/* The buffer escapes, so the stores are not dead. */
	__asm__ volatile("" : : "r"(p) : "memory");
}
