// SPDX-License-Identifier: MIT
/*
 * Fuzz target: master keys and the HKDF-SHA512 hierarchy.
 * extcrypt_master_key_new with fuzzed raw keys of fuzzed length, then
 * extcrypt_master_key_derive with fuzzed context byte, info and output
 * length, compared with key.h's rules and with OpenSSL's own HKDF as the
 * oracle: identifier = HKDF-SHA512(IKM = raw, no salt,
 * info = "fscrypt\0" || 0x01, L = 16); derive = the same with
 * info = "fscrypt\0" || context || info.  The library's HKDF is its own
 * code (resumable SHA-512 states, a two-compression fast path whose limit
 * is one padded block), so lengths around 128-byte block boundaries
 * matter.  Failures leave the output untouched.
 *
 * Input: raw length selector, raw key, context, info length selector,
 * output length selector, info bytes.
 */
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "fuzz_common.h"

#define MAX_OUT (255 * 64)

/* OpenSSL's HKDF-SHA512 (extract and expand, no salt). */
static void oracle(const uint8_t *ikm, size_t ikm_len, const uint8_t *info,
		   size_t info_len, uint8_t *out, size_t out_len)
{
	static EVP_KDF *kdf;
	EVP_KDF_CTX *ctx;
	OSSL_PARAM params[4], *p = params;

	if (kdf == NULL)
		kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
	FZ_ASSERT(kdf != NULL, "OpenSSL has no HKDF");
	ctx = EVP_KDF_CTX_new(kdf);
	FZ_ASSERT(ctx != NULL, "EVP_KDF_CTX_new");
	*p++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
						(char *)"SHA512", 0);
	*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
						 (void *)ikm, ikm_len);
	*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
						 (void *)info, info_len);
	*p = OSSL_PARAM_construct_end();
	FZ_ASSERT(EVP_KDF_derive(ctx, out, out_len, params) == 1,
		  "OpenSSL HKDF failed (%zu bytes)", out_len);
	EVP_KDF_CTX_free(ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	uint8_t rsel = fz_u8(&f), raw[80], context, info[300 + 9];
	size_t raw_len = (rsel & 0x80) ? rsel % sizeof(raw) : (size_t)16 + rsel % 49;
	extcrypt_master_key *key = (extcrypt_master_key *)&f;
	size_t info_len, out_len, full_len;
	uint8_t sel, id[16], want_id[16], *out, *want;
	uint32_t errs = 0;
	int s;

	fz_bytes(&f, raw, raw_len);
	s = FZ_CALL(extcrypt_master_key_new(raw, raw_len, &key));
	FZ_EXPECT(s, raw_len < 16 || raw_len > 64 ? EXTCRYPT_E_KEY_SIZE
						  : EXTCRYPT_OK,
		  "master_key_new");
	if (s != EXTCRYPT_OK) {
		FZ_ASSERT(key == NULL, "failed master_key_new left *out set");
		return 0;
	}
	FZ_ASSERT(extcrypt_master_key_size(key) == raw_len, "master key size");
	extcrypt_master_key_identifier(key, id);
	memcpy(info, "fscrypt\0\001", 9);
	oracle(raw, raw_len, info, 9, want_id, 16);
	FZ_ASSERT(fz_eq(id, want_id, 16), "key identifier differs from HKDF");

	context = fz_u8(&f);
	sel = fz_u8(&f);
	switch (sel & 3) {
	case 0: /* around the one-block limit of the fast path */
		info_len = 95 + fz_u8(&f) % 16;
		break;
	case 1:
		info_len = fz_u8(&f);
		break;
	default:
		info_len = fz_u16(&f) % 300;
		break;
	}
	switch ((sel >> 2) & 3) {
	case 0:
		out_len = fz_u8(&f) % 130;
		break;
	case 1:
		out_len = 16 * (1 + fz_u8(&f) % 8);
		break;
	case 2:
		out_len = fz_u16(&f) % (MAX_OUT + 2);
		break;
	default:
		out_len = MAX_OUT - 1 + fz_u8(&f) % 3;
		break;
	}
	memcpy(info, "fscrypt\0", 8);
	info[8] = context;
	fz_fill(&f, info + 9, info_len, 300);

	if (info_len > 256)
		errs |= FZ_ERR(EXTCRYPT_E_LENGTH);
	if (out_len == 0 || out_len > MAX_OUT)
		errs |= FZ_ERR(EXTCRYPT_E_LENGTH);
	full_len = out_len != 0 ? out_len : 1;
	out = fz_alloc(full_len);
	fz_pattern(out, full_len, 0x2e);
	s = FZ_CALL(extcrypt_master_key_derive(key, context,
					       (sel & 0x10) && info_len == 0 ? NULL
									   : info + 9,
					       info_len, out, out_len));
	FZ_EXPECT_SET(s, errs, "master_key_derive");
	if (s != EXTCRYPT_OK) {
		FZ_ASSERT(fz_is_pattern(out, full_len, 0x2e),
			  "failed derive wrote its output");
	} else {
		want = fz_alloc(out_len);
		oracle(raw, raw_len, info, 9 + info_len, want, out_len);
		FZ_ASSERT(fz_eq(out, want, out_len),
			  "derive (context %u, info %zu bytes, %zu bytes out) differs from HKDF",
			  context, info_len, out_len);
		free(want);
	}
	s = FZ_CALL(extcrypt_master_key_derive(key, context, NULL, 1, out, 16));
	FZ_EXPECT(s, EXTCRYPT_E_INVALID, "derive with NULL info");
	free(out);
	extcrypt_master_key_free(key);
	return 0;
}
