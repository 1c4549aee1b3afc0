/* SPDX-License-Identifier: MIT */
/*
 * Locked memory for key material.
 *
 * Every object that holds a secret (master keys, inode and extent keys,
 * prepared ciphers) is allocated here.  The memory comes from libsodium's
 * sodium_malloc (mlock'ed, guard pages, never swapped) and is wiped with
 * sodium_memzero when freed.
 */
#ifndef EXTCRYPT_SECURE_MEM_H
#define EXTCRYPT_SECURE_MEM_H

#include <stddef.h>

/*
 * Objects up to this size come from a pool of fixed-size slots carved out
 * of large sodium_malloc regions; larger ones get their own sodium_malloc.
 */
#define EXTCRYPT_SECURE_SLOT_SIZE 4096

/* Returns zeroed, 64-byte aligned locked memory, or NULL. */
void *extcrypt_secure_alloc(size_t size);

/* Wipes and releases memory from extcrypt_secure_alloc; NULL is a no-op.
 * `size` must be the size passed to extcrypt_secure_alloc. */
void extcrypt_secure_free(void *p, size_t size);

/* Wipes a temporary secret (stack copy); the compiler cannot elide it. */
void extcrypt_secure_wipe(void *p, size_t len);

#endif /* EXTCRYPT_SECURE_MEM_H */
