/* SPDX-License-Identifier: MIT */
/*
 * The table of fscrypt encryption modes: one row per mode number with the
 * mode's facts (as the kernel's fscrypt_modes[] defines them) and its
 * operations.  Every mode-dependent decision of the library is a field of
 * this table; nothing else looks at mode numbers.
 */
#ifndef EXTCRYPT_MODES_H
#define EXTCRYPT_MODES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXTCRYPT_IV_MAX 32

struct extcrypt_cipher;
struct extcrypt_xts_impl;

/* Flags of a mode (extcrypt_mode_info.flags). */
enum {
	/* Messages must be whole 16-byte blocks (CBC-ESSIV). */
	EXTCRYPT_MODE_F_WHOLE_BLOCKS = 1u << 0,
	/* The only contents mode the IV_INO_LBLK_* policy flags allow. */
	EXTCRYPT_MODE_F_LBLK_IVS = 1u << 1,
	/* An implementation can be chosen by name (AES-256-XTS). */
	EXTCRYPT_MODE_F_IMPLS = 1u << 2,
};

/*
 * A mode's operations on a struct extcrypt_cipher.
 *
 * prepare(): sets up `c` (zeroed, locked memory) from `key` (the mode's
 * key size; may be `c->key` itself): key schedules, derived subkeys and
 * prepared OpenSSL contexts, once per key object.  `impl` is the XTS
 * implementation (NULL: default), ignored by the other modes.  On failure
 * wipe() must still be called.
 *
 * crypt(): encrypts (`enc`) or decrypts one message of `len` bytes with
 * the IV `iv` (the mode's IV size; the rest zero).  Lengths are checked by
 * the caller.  Safe to call from several threads at once.
 *
 * units(): `nunits` units of `unit_len` bytes with consecutive IVs (see
 * extcrypt_cipher_units), or NULL: one crypt() per unit.
 *
 * wipe(): frees and wipes what prepare() set up (not `c` itself).
 */
struct extcrypt_mode_ops {
	int (*prepare)(struct extcrypt_cipher *c, const uint8_t *key,
		       const struct extcrypt_xts_impl *impl);
	int (*crypt)(const struct extcrypt_cipher *c, bool enc,
		     const uint8_t iv[EXTCRYPT_IV_MAX], const uint8_t *src,
		     uint8_t *dst, size_t len);
	int (*units)(const struct extcrypt_cipher *c, bool enc,
		     const uint8_t iv[EXTCRYPT_IV_MAX], const uint8_t *src,
		     uint8_t *dst, size_t unit_len, size_t nunits);
	void (*wipe)(struct extcrypt_cipher *c);
};

struct extcrypt_mode_info {
	uint8_t number;     /* FSCRYPT_MODE_* */
	const char *name;   /* kernel / fscrypt-crypt-util spelling */
	uint8_t key_size;   /* bytes */
	uint8_t strength;   /* security strength: minimum v2 master key size */
	uint8_t iv_size;    /* bytes */
	bool contents;      /* usable for file contents */
	bool filenames;     /* usable for filenames */
	uint8_t flags;      /* EXTCRYPT_MODE_F_* */
	const struct extcrypt_mode_ops *ops; /* NULL: not implemented */
};

/* The mode's row, or NULL for an unknown mode number. */
const struct extcrypt_mode_info *extcrypt_mode_lookup(int mode);

/* The rows of the implemented modes (src/cipher/mode_*.c). */
extern const struct extcrypt_mode_ops extcrypt_mode_xts_ops;
extern const struct extcrypt_mode_ops extcrypt_mode_cts_ops;
extern const struct extcrypt_mode_ops extcrypt_mode_essiv_ops;
extern const struct extcrypt_mode_ops extcrypt_mode_hctr2_ops;
extern const struct extcrypt_mode_ops extcrypt_mode_adiantum_ops;
extern const struct extcrypt_mode_ops extcrypt_mode_sm4_xts_ops;
extern const struct extcrypt_mode_ops extcrypt_mode_sm4_cts_ops;

#endif /* EXTCRYPT_MODES_H */
