/* SPDX-License-Identifier: MIT */
/*
 * The seam between the generic AES-256-XTS code (src/xts/) and the
 * architecture-specific implementations (src/arch/<arch>/).
 *
 * Every implementation is described by one `struct extcrypt_xts_impl`.
 * The generic side picks one at key setup time and stores the pointer in
 * the key, so the data path never looks at global state.
 *
 * Nothing here is exported from the shared library.
 */
#ifndef EXTCRYPT_XTS_IMPL_H
#define EXTCRYPT_XTS_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXTCRYPT_AES256_ROUNDS 14
#define EXTCRYPT_AES_BLOCK 16

struct extcrypt_xts_impl;

/*
 * A prepared AES-256-XTS key.  Lives in locked memory (see secure_pool.h);
 * wiped on free by the generic code, not by the implementation.
 *
 * The round-key layout is the one AES-NI and the ARMv8 Crypto Extensions
 * both consume directly: 15 round keys of 16 bytes, in the byte order of
 * FIPS-197's key expansion (w[4i..4i+3] as bytes).
 *
 *  - enc:       data key (first 32 bytes of the XTS key), encryption schedule
 *  - dec:       data key, decryption schedule for the Equivalent Inverse
 *               Cipher: dec[0] = enc[14], dec[i] = InvMixColumns(enc[14-i])
 *               for 1 <= i <= 13, dec[14] = enc[0]  (AESIMC on x86,
 *               AESIMC on arm64; arm64 implementations may instead keep
 *               the order their AESD/AESIMC sequence needs, as long as
 *               setkey and crypt agree)
 *  - tweak_enc: tweak key (last 32 bytes), encryption schedule
 *
 * `portable` is only used by the OpenSSL fallback (src/xts/xts_portable.c).
 */
struct extcrypt_xts_key {
	_Alignas(64) uint8_t enc[EXTCRYPT_AES256_ROUNDS + 1][16];
	_Alignas(64) uint8_t dec[EXTCRYPT_AES256_ROUNDS + 1][16];
	_Alignas(64) uint8_t tweak_enc[EXTCRYPT_AES256_ROUNDS + 1][16];
	const struct extcrypt_xts_impl *impl;
	void *portable; /* the portable implementation's OpenSSL state */
};

/*
 * One AES-256-XTS implementation.
 *
 * setkey(): expands the 64-byte XTS key (data key || tweak key, IEEE 1619
 * order) into `k`.  Returns 0, or a negative EXTCRYPT_E_* status (only the
 * portable implementation can fail, on allocation).  Must be cheap: it is
 * on the per-extent hot path (target: a few tens of ns).
 *
 * encrypt() / decrypt(): process `nunits` consecutive data units of
 * `unit_len` bytes each.  `unit_len` is a multiple of 16 and >= 16.
 * Unit i (0-based) uses the 16-byte tweak input `iv + i`, where `iv` is read
 * as a 128-bit little-endian integer and the addition carries across all 16
 * bytes.  For fscrypt's default IV, iv = le64(first data-unit index) || 0^64.
 * The tweak of each unit is AES-256-Encrypt(tweak key, tweak input); then
 * IEEE 1619 XTS over the unit (multiplication by x in GF(2^128), little-endian
 * bit order, reduction 0x87).  No ciphertext stealing: callers never pass a
 * partial block.
 *
 * `src` and `dst` may be equal (in place) but must not otherwise overlap.
 * Neither needs any particular alignment.  Return 0, or a negative
 * EXTCRYPT_E_* status (portable implementation only).
 *
 * Implementations must be constant time with respect to keys and data: no
 * table lookups or branches on secret values.
 */
struct extcrypt_xts_impl {
	const char *name;     /* "portable", "aesni", "aesni-avx", "vaes-avx2-alignr", ..., "arm64-ce" */
	bool (*usable)(void); /* CPU (and OS) support this implementation */
	int (*setkey)(struct extcrypt_xts_key *k, const uint8_t key[64]);
	void (*cleanup)(struct extcrypt_xts_key *k); /* may be NULL */
	int (*encrypt)(const struct extcrypt_xts_key *k, const uint8_t iv[16],
		       const uint8_t *src, uint8_t *dst, size_t unit_len,
		       size_t nunits);
	int (*decrypt)(const struct extcrypt_xts_key *k, const uint8_t iv[16],
		       const uint8_t *src, uint8_t *dst, size_t unit_len,
		       size_t nunits);
};

/* The OpenSSL EVP implementation (src/xts/xts_portable.c); always usable. */
extern const struct extcrypt_xts_impl extcrypt_xts_portable;

/*
 * The architecture's implementations, fastest first, NULL-terminated.
 * Defined in src/arch/<arch>/xts_impls.c; on other architectures the
 * generic code supplies an empty list.  Whether each one can run here is
 * asked through its usable() hook.
 */
extern const struct extcrypt_xts_impl *const extcrypt_arch_xts_impls[];

/*
 * The architecture's default for this CPU (x86: the rule of
 * src/arch/x86/xts_rule.c), or NULL where the first usable entry of
 * extcrypt_arch_xts_impls is the default.
 */
const struct extcrypt_xts_impl *extcrypt_arch_xts_preferred(void);

/*
 * An older name that now stands for one of the architecture's
 * implementations, chosen for this CPU (x86: "vaes-avx512" and "vaes-avx2"
 * name the tweak variant the CPU's vendor prefers), or NULL.
 */
const struct extcrypt_xts_impl *extcrypt_arch_xts_alias(const char *name);

/*
 * Looks up an implementation by name among the portable one and the
 * architecture's, then among the aliases.  Returns NULL if the name is
 * unknown.
 */
const struct extcrypt_xts_impl *extcrypt_xts_impl_by_name(const char *name);

/*
 * The implementation used for new keys: the architecture's preferred one
 * (else the first usable one), or the one named by the EXTCRYPT_IMPL
 * environment variable (read once; an alias gives what it stands for).  If that
 * names an unknown or unusable implementation, the portable one is used, so
 * a test that forces a path can check extcrypt_xts_impl_name() to see whether
 * it got it.
 */
const struct extcrypt_xts_impl *extcrypt_xts_impl_default(void);

#endif /* EXTCRYPT_XTS_IMPL_H */
