/* SPDX-License-Identifier: MIT */
/*
 * engines.h - the AES-256-XTS data paths under test, behind one interface:
 * each libextcrypt implementation by name, and OpenSSL EVP ("openssl").
 */
#ifndef EXTCRYPT_BENCH_ENGINES_H
#define EXTCRYPT_BENCH_ENGINES_H

#include <stddef.h>
#include <stdint.h>

/* The name of the OpenSSL EVP engine (the reference of every ratio). */
#define ENGINE_OPENSSL "openssl"

struct engine;

/*
 * engine_new prepares the 64-byte XTS key (data key || tweak key) for
 * `name`: a libextcrypt implementation, or ENGINE_OPENSSL.  OpenSSL gets
 * one EVP_CIPHER_CTX per direction, keyed once.  Returns NULL with a
 * message on stderr on failure.
 */
struct engine *engine_new(const char *name, const uint8_t key[64]);

/*
 * engine_crypt en- or decrypts `units` consecutive data units of
 * `unit_len` bytes in ONE call for libextcrypt (extcrypt_cipher_*_units),
 * and with OpenSSL as an application must: per unit, set the IV
 * le64(index) || 0 with EVP_CipherInit_ex(..., iv, -1), then
 * EVP_CipherUpdate.  Returns 0, or -1 with a message on stderr.
 */
int engine_crypt(struct engine *e, int enc, uint64_t first_index,
		 size_t unit_len, size_t units, const uint8_t *src,
		 uint8_t *dst);

void engine_free(struct engine *e);

/*
 * engine_verify checks libextcrypt implementation `name` against OpenSSL
 * EVP with `key`: for every unit size and units-per-call the bench times
 * (and a few edge cases: 16-byte and 64 KiB units, indices across 2^32 and
 * up to 2^64 - 1) its ciphertext must equal OpenSSL's and decrypt back to
 * the plaintext.  Returns the number of cases checked, or -1 after
 * printing what differed.
 */
int engine_verify(const char *name, const uint8_t key[64]);

#endif /* EXTCRYPT_BENCH_ENGINES_H */
