// SPDX-License-Identifier: MIT
/*
 * hwkdf.c - the key derivation that inline-encryption hardware applies to
 * a hardware-wrapped key, done in software for testing (as xfstests'
 * fscrypt-crypt-util --enable-hw-kdf does).
 *
 * It is NIST SP 800-108 "KDF in counter mode" with AES-256-CMAC as the PRF:
 *
 *   K(i) = CMAC(key, be32(i) || label || 0x00 || context || be32(L))
 *
 * for i = 1, 2, ..., where L is the output length in bits.  The label and
 * the two contexts are fixed byte strings of the Qualcomm-compatible
 * hardware that the kernel's hardware-wrapped key support was modelled on
 * (Linux 6.16, "fscrypt: add support for hardware-wrapped keys"), in
 * their final form (byte 27 of the inline-key context and byte 19 of the
 * software-secret context are 0x02; an earlier prototype used 0x03).
 * OpenSSL 3's KBKDF implements exactly this construction; we only supply
 * the constants.  Checked against cases pub-096..pub-100 of
 * tests/vectors/fscrypt-v2.txt.
 */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "cli.h"

/* SP 800-108 "label": 11 bytes. */
static const uint8_t hw_label[11] = {
	0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20,
};

/* Context of the 64-byte inline encryption key: the ASCII text
 * "inline encryption key" followed by 15 fixed bytes (36 bytes). */
static const uint8_t inline_key_context[36] = {
	'i', 'n', 'l', 'i', 'n', 'e', ' ', 'e', 'n', 'c', 'r', 'y',
	'p', 't', 'i', 'o', 'n', ' ', 'k', 'e', 'y', 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x02, 0x43, 0x00, 0x82, 0x50, 0x00, 0x00, 0x00, 0x00,
};

/* Context of the 32-byte software secret: "raw secret" followed by 18
 * fixed bytes (28 bytes). */
static const uint8_t sw_secret_context[28] = {
	'r', 'a', 'w', ' ', 's', 'e', 'c', 'r', 'e', 't', 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x17, 0x00, 0x80, 0x50,
	0x00, 0x00, 0x00, 0x00,
};

int cli_hw_kdf(const uint8_t key[CLI_HW_KEY_SIZE], bool inline_key,
	       uint8_t *out, size_t out_len)
{
	const uint8_t *ctx = inline_key ? inline_key_context : sw_secret_context;
	size_t ctx_len = inline_key ? sizeof(inline_key_context)
				    : sizeof(sw_secret_context);
	OSSL_PARAM params[7];
	EVP_KDF *kdf;
	EVP_KDF_CTX *kctx = NULL;
	int ok = 0;

	kdf = EVP_KDF_fetch(NULL, "KBKDF", NULL);
	if (kdf != NULL)
		kctx = EVP_KDF_CTX_new(kdf);
	if (kctx != NULL) {
		params[0] = OSSL_PARAM_construct_utf8_string(
			OSSL_KDF_PARAM_MODE, (char *)"counter", 0);
		params[1] = OSSL_PARAM_construct_utf8_string(
			OSSL_KDF_PARAM_MAC, (char *)"CMAC", 0);
		params[2] = OSSL_PARAM_construct_utf8_string(
			OSSL_KDF_PARAM_CIPHER, (char *)"AES-256-CBC", 0);
		params[3] = OSSL_PARAM_construct_octet_string(
			OSSL_KDF_PARAM_KEY, (void *)key, CLI_HW_KEY_SIZE);
		params[4] = OSSL_PARAM_construct_octet_string(
			OSSL_KDF_PARAM_SALT, (void *)hw_label, sizeof(hw_label));
		params[5] = OSSL_PARAM_construct_octet_string(
			OSSL_KDF_PARAM_INFO, (void *)ctx, ctx_len);
		params[6] = OSSL_PARAM_construct_end();
		ok = EVP_KDF_derive(kctx, out, out_len, params) == 1;
	}
	EVP_KDF_CTX_free(kctx);
	EVP_KDF_free(kdf);
	if (!ok) {
		const char *why = ERR_reason_error_string(ERR_get_error());

		memset(out, 0, out_len);
		cli_error("OpenSSL KBKDF (SP 800-108, AES-256-CMAC) failed: %s",
			  why != NULL ? why : "unknown reason");
		return -1;
	}
	return 0;
}
