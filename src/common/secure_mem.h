/* SPDX-License-Identifier: MIT */
/*
 * Locked memory for key material.
 *
 * Every object that holds a secret (master keys, inode and extent keys,
 * prepared ciphers) is allocated here.  Every object gets memory that is
 * mlock'ed (where RLIMIT_MEMLOCK allows, as with sodium_malloc) and left
 * out of core dumps, starts on a page boundary right after a PROT_NONE
 * guard page, ends before another guard page with at most a slot's slack
 * in between, and is followed by a canary checked on free; it is wiped
 * with sodium_memzero when freed.  See secure_mem.c for the layout.
 */
#ifndef EXTCRYPT_SECURE_MEM_H
#define EXTCRYPT_SECURE_MEM_H

#include <stddef.h>

/*
 * Objects up to this size less 16 (the canary) come from a pool of
 * page-aligned slots separated by guard pages; larger ones get their own
 * sodium_malloc region.
 */
#define EXTCRYPT_SECURE_SLOT_SIZE 4096

/* Returns zeroed, 64-byte aligned locked memory, or NULL. */
void *extcrypt_secure_alloc(size_t size);

/* Wipes and releases memory from extcrypt_secure_alloc; NULL is a no-op.
 * `size` must be the size passed to extcrypt_secure_alloc.  If the canary
 * after the object was overwritten, calls sodium_misuse() (which aborts
 * unless the application set a handler with sodium_set_misuse_handler). */
void extcrypt_secure_free(void *p, size_t size);

/* Wipes a temporary secret (stack copy); the compiler cannot elide it. */
void extcrypt_secure_wipe(void *p, size_t len);

#endif /* EXTCRYPT_SECURE_MEM_H */
