/* SPDX-License-Identifier: MIT */
/*
 * Declassification marks for the constant-time check (scripts/checks/
 * ctgrind.sh, tests/ctgrind/).  That check marks keys and plaintexts
 * undefined for valgrind's memcheck, so every value computed from them is
 * "secret" and a branch or memory address that depends on one is an
 * error.  A few values computed from secrets are public by design (they
 * are stored on disk or returned to the caller); EXTCRYPT_DECLASSIFY marks
 * one as public where it is computed, with a comment saying why.
 *
 * Without -DEXTCRYPT_CTGRIND (every normal build) the mark is nothing.
 */
#ifndef EXTCRYPT_COMMON_CTGRIND_H
#define EXTCRYPT_COMMON_CTGRIND_H

#ifdef EXTCRYPT_CTGRIND
#include <valgrind/memcheck.h>
#define EXTCRYPT_DECLASSIFY(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))
#else
#define EXTCRYPT_DECLASSIFY(p, n) ((void)(p), (void)(n))
#endif

#endif /* EXTCRYPT_COMMON_CTGRIND_H */
