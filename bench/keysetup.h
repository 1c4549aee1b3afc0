/* SPDX-License-Identifier: MIT */
/*
 * keysetup.h - per-extent key setup: libextcrypt's extent load against
 * OpenSSL's HKDF + AES-256-XTS key setup, on the same master key and the
 * same nonces.
 */
#ifndef EXTCRYPT_BENCH_KEYSETUP_H
#define EXTCRYPT_BENCH_KEYSETUP_H

#include <stdint.h>

struct keysetup;

/* What each workload does, for the output. */
extern const char keysetup_ours_method[];
extern const char keysetup_openssl_method[];
extern const char keyderive_ours_method[];
extern const char keybatch_ours_method[];

/* The largest batch a workload below uses. */
#define KEYSETUP_MAX_BATCH 64
extern const char keyderive_openssl_method[];

/*
 * keysetup_new makes a random master key, a v2 AES-256-XTS inode with
 * 4 KiB data units, and `n` extent contexts of the default profile (each
 * with its own nonce), and fetches OpenSSL's HKDF once.  Returns NULL with
 * a message on stderr on failure.
 */
struct keysetup *keysetup_new(unsigned n);

/*
 * keysetup_verify checks that both sides compute the same thing: OpenSSL's
 * HKDF output equals extcrypt_master_key_derive's, and a unit encrypted by
 * an extent loaded from a context equals OpenSSL XTS under that derived
 * key, and a batch load gives the same keys as single loads.  Returns 0,
 * or -1 after printing what differed.
 */
int keysetup_verify(struct keysetup *ks);

void keysetup_free(struct keysetup *ks);

/* Workloads for bench_measure (arg: struct keysetup *); each call uses
 * the next context's nonce. */
void keysetup_ours(void *arg, uint64_t n);
void keysetup_openssl(void *arg, uint64_t n);
void keyderive_ours(void *arg, uint64_t n);
void keyderive_openssl(void *arg, uint64_t n);
/* Each "call" is one key, loaded in batches of 8 or 64 by
 * extcrypt_extent_load_batch. */
void keysetup_batch8(void *arg, uint64_t n);
void keysetup_batch64(void *arg, uint64_t n);

#endif /* EXTCRYPT_BENCH_KEYSETUP_H */
