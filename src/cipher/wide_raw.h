/* SPDX-License-Identifier: MIT */
/*
 * The raw-key forms of the wide-block modes (AES-256-HCTR2, Adiantum): a
 * 32-byte key prepared for one message, in locked memory, then wiped.
 * The library's objects prepare keys once; these are for the tests, which
 * check the reference vectors (tweaks of any length) and the fscrypt
 * cases with a bare key.
 *
 * Statuses as src/hctr2/hctr2.h and src/adiantum/adiantum.h list them,
 * plus EXTCRYPT_E_NOMEM (locked memory); on any failure after the
 * arguments were checked, dst is zeroed.
 */
#ifndef EXTCRYPT_CIPHER_WIDE_RAW_H
#define EXTCRYPT_CIPHER_WIDE_RAW_H

#include <stddef.h>
#include <stdint.h>

/* fscrypt form: 32-byte key, 32-byte tweak (the fscrypt IV). */
int extcrypt_hctr2_encrypt(const uint8_t key[32], const uint8_t tweak[32],
			   const uint8_t *src, uint8_t *dst, size_t len);
int extcrypt_hctr2_decrypt(const uint8_t key[32], const uint8_t tweak[32],
			   const uint8_t *src, uint8_t *dst, size_t len);
int extcrypt_adiantum_encrypt(const uint8_t key[32], const uint8_t tweak[32],
			      const uint8_t *src, uint8_t *dst, size_t len);
int extcrypt_adiantum_decrypt(const uint8_t key[32], const uint8_t tweak[32],
			      const uint8_t *src, uint8_t *dst, size_t len);

/*
 * General form, a tweak of any length (NULL when tweak_len is 0): both
 * modes define one; fscrypt and the kernel only use 32 bytes, the
 * reference vectors also 0, 1, 16, 17 and 47.
 */
int extcrypt_hctr2_encrypt_tweak(const uint8_t key[32], const uint8_t *tweak,
				 size_t tweak_len, const uint8_t *src,
				 uint8_t *dst, size_t len);
int extcrypt_hctr2_decrypt_tweak(const uint8_t key[32], const uint8_t *tweak,
				 size_t tweak_len, const uint8_t *src,
				 uint8_t *dst, size_t len);
int extcrypt_adiantum_encrypt_tweak(const uint8_t key[32], const uint8_t *tweak,
				    size_t tweak_len, const uint8_t *src,
				    uint8_t *dst, size_t len);
int extcrypt_adiantum_decrypt_tweak(const uint8_t key[32], const uint8_t *tweak,
				    size_t tweak_len, const uint8_t *src,
				    uint8_t *dst, size_t len);

#endif /* EXTCRYPT_CIPHER_WIDE_RAW_H */
