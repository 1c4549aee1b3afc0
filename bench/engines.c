// SPDX-License-Identifier: MIT
/*
 * The AES-256-XTS engines: libextcrypt implementations (forced by name
 * through the experimental API) and OpenSSL EVP used the way a disk or
 * file encryption program uses it, one IV reset per data unit.
 */
#define EXTCRYPT_EXPERIMENTAL
#include <extcrypt/extcrypt.h>

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engines.h"

struct engine {
	extcrypt_cipher *cipher;     /* libextcrypt, or NULL for OpenSSL */
	EVP_CIPHER_CTX *evp[2];      /* [0] decrypt, [1] encrypt */
};

static void store_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

struct engine *engine_new(const char *name, const uint8_t key[64])
{
	struct engine *e = calloc(1, sizeof(*e));

	if (e == NULL)
		return NULL;
	if (strcmp(name, ENGINE_OPENSSL) != 0) {
		int err = extcrypt_cipher_new_impl(EXTCRYPT_MODE_AES_256_XTS,
						   key, 64, name, &e->cipher);

		if (err) {
			fprintf(stderr, "extcrypt-bench: %s: %s (%s)\n", name,
				extcrypt_strerror(err), extcrypt_last_error());
			free(e);
			return NULL;
		}
		/* A forced implementation must be the one we get, or every
		 * row of it would silently measure another path. */
		if (strcmp(extcrypt_cipher_impl_name(e->cipher), name) != 0) {
			fprintf(stderr,
				"extcrypt-bench: asked for %s, got %s\n", name,
				extcrypt_cipher_impl_name(e->cipher));
			engine_free(e);
			return NULL;
		}
		return e;
	}
	/* Keyed once per direction, as an application keeps its key set up;
	 * only the IV changes per data unit. */
	for (int enc = 0; enc < 2; enc++) {
		e->evp[enc] = EVP_CIPHER_CTX_new();
		if (e->evp[enc] == NULL ||
		    !EVP_CipherInit_ex(e->evp[enc], EVP_aes_256_xts(), NULL,
				       key, NULL, enc)) {
			fprintf(stderr, "extcrypt-bench: OpenSSL AES-256-XTS key setup failed\n");
			engine_free(e);
			return NULL;
		}
	}
	return e;
}

int engine_crypt(struct engine *e, int enc, uint64_t first_index,
		 size_t unit_len, size_t units, const uint8_t *src,
		 uint8_t *dst)
{
	if (e->cipher != NULL) {
		int err = enc ? extcrypt_cipher_encrypt_units(e->cipher,
							      first_index,
							      unit_len, src,
							      dst,
							      unit_len * units)
			      : extcrypt_cipher_decrypt_units(e->cipher,
							      first_index,
							      unit_len, src,
							      dst,
							      unit_len * units);
		if (err) {
			fprintf(stderr, "extcrypt-bench: %s: %s (%s)\n",
				extcrypt_cipher_impl_name(e->cipher),
				extcrypt_strerror(err), extcrypt_last_error());
			return -1;
		}
		return 0;
	}

	EVP_CIPHER_CTX *ctx = e->evp[enc ? 1 : 0];
	uint8_t iv[16] = { 0 };

	for (size_t u = 0; u < units; u++) {
		int outl = 0;

		store_le64(iv, first_index + u);
		if (!EVP_CipherInit_ex(ctx, NULL, NULL, NULL, iv, -1) ||
		    !EVP_CipherUpdate(ctx, dst, &outl, src, (int)unit_len) ||
		    outl != (int)unit_len) {
			fprintf(stderr, "extcrypt-bench: OpenSSL EVP_CipherUpdate failed\n");
			return -1;
		}
		src += unit_len;
		dst += unit_len;
	}
	return 0;
}

void engine_free(struct engine *e)
{
	if (e == NULL)
		return;
	extcrypt_cipher_free(e->cipher);
	EVP_CIPHER_CTX_free(e->evp[0]);
	EVP_CIPHER_CTX_free(e->evp[1]);
	free(e);
}

/* ---- verification against OpenSSL -------------------------------------- */

struct vcase {
	size_t unit_len, units, per_call;
	uint64_t first_index;
};

/*
 * The shapes the bench times, then edge cases: odd unit counts (partial
 * SIMD batches), the smallest and largest units, and indices whose IV
 * crosses 2^32 or ends at 2^64 - 1.
 */
static const struct vcase vcases[] = {
	{ 4096, 16, 1, 1000 },
	{ 4096, 16, 16, 0xfffffff8u },
	{ 4096, 256, 256, (uint64_t)1 << 40 },
	{ 512, 128, 1, 7 },
	{ 512, 128, 128, UINT64_MAX - 127 },
	{ 4096, 5, 5, 3 },
	{ 512, 7, 7, 0 },
	{ 16, 64, 64, 12345 },
	{ 48, 9, 9, 1 },
	{ 65536, 4, 4, 99 },
};

#define VERIFY_MAX_BYTES ((size_t)1 << 20)

static int check_case(struct engine *ours, struct engine *ref, const char *name,
		      const struct vcase *vc, const uint8_t *pt, uint8_t *ct_ref,
		      uint8_t *ct, uint8_t *back)
{
	size_t len = vc->unit_len * vc->units;

	if (engine_crypt(ref, 1, vc->first_index, vc->unit_len, vc->units, pt,
			 ct_ref))
		return -1;
	memset(ct, 0, len);
	memset(back, 0, len);
	for (size_t u = 0; u < vc->units; u += vc->per_call) {
		size_t off = u * vc->unit_len;

		if (engine_crypt(ours, 1, vc->first_index + u, vc->unit_len,
				 vc->per_call, pt + off, ct + off) ||
		    engine_crypt(ours, 0, vc->first_index + u, vc->unit_len,
				 vc->per_call, ct_ref + off, back + off))
			return -1;
	}
	for (int pass = 0; pass < 2; pass++) {
		const uint8_t *got = pass ? back : ct;
		const uint8_t *want = pass ? pt : ct_ref;

		if (memcmp(got, want, len) == 0)
			continue;
		size_t i = 0;

		while (got[i] == want[i])
			i++;
		fprintf(stderr,
			"extcrypt-bench: MISMATCH: %s %s differs from OpenSSL "
			"(unit %zu B, %zu units, %zu per call, first index %llu): "
			"first difference in unit %zu, byte %zu\n",
			name, pass ? "decrypt" : "encrypt", vc->unit_len,
			vc->units, vc->per_call,
			(unsigned long long)vc->first_index, i / vc->unit_len,
			i % vc->unit_len);
		return -1;
	}
	return 0;
}

int engine_verify(const char *name, const uint8_t key[64])
{
	struct engine *ours = engine_new(name, key);
	struct engine *ref = engine_new(ENGINE_OPENSSL, key);
	uint8_t *buf = malloc(4 * VERIFY_MAX_BYTES);
	int n = -1;

	if (ours == NULL || ref == NULL || buf == NULL)
		goto out;
	uint8_t *pt = buf, *ct_ref = buf + VERIFY_MAX_BYTES;
	uint8_t *ct = ct_ref + VERIFY_MAX_BYTES, *back = ct + VERIFY_MAX_BYTES;

	/* Any non-constant plaintext will do: a cheap generator, so no
	 * entropy is spent on it. */
	uint64_t x = 0x9e3779b97f4a7c15u;

	for (size_t i = 0; i < VERIFY_MAX_BYTES; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		pt[i] = (uint8_t)x;
	}
	n = 0;
	for (size_t i = 0; i < sizeof(vcases) / sizeof(vcases[0]); i++) {
		if (check_case(ours, ref, name, &vcases[i], pt, ct_ref, ct,
			       back)) {
			n = -1;
			break;
		}
		n++;
	}
out:
	free(buf);
	engine_free(ours);
	engine_free(ref);
	return n;
}
