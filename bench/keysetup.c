// SPDX-License-Identifier: MIT
/*
 * Per-extent key setup, ours against what an application would write with
 * OpenSSL alone.
 *
 * Ours: extcrypt_extent_load() decodes and checks a stored extent context,
 * runs HKDF-Expand from the PRK the master key object cached, and prepares
 * the XTS key schedules; extcrypt_extent_free() wipes it.  OpenSSL: the
 * HKDF-SHA512 of the raw master key with info "fscrypt\0" || context byte
 * || nonce (extract and expand, as there is no PRK cache in that API
 * pattern), through EVP_KDF with the KDF fetched once and a new
 * EVP_KDF_CTX per call, as applications typically do; then
 * EVP_CipherInit_ex with the derived key on a cipher context kept across
 * calls (the cheapest way; ours allocates and frees its object).
 *
 * Every call takes the next of `n` prepared contexts, so no two
 * consecutive calls derive the same key.
 */
#define EXTCRYPT_EXPERIMENTAL
#include <extcrypt/extcrypt.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engines.h"
#include "keysetup.h"

#define PROFILE EXTCRYPT_EXTENT_DEFAULT
#define INFO_LEN (8 + 1 + 16) /* "fscrypt\0" || context || nonce */

const char keysetup_ours_method[] =
	"extcrypt_extent_load (HKDF-Expand from the cached PRK + XTS key "
	"schedules) + extcrypt_extent_free";
const char keysetup_openssl_method[] =
	"EVP_KDF HKDF-SHA512 extract+expand (KDF fetched once, new "
	"EVP_KDF_CTX per call) + EVP_CipherInit_ex(aes-256-xts, encrypt) on a "
	"reused EVP_CIPHER_CTX";
const char keybatch_ours_method[] =
	"extcrypt_extent_load_batch of 8 or 64 contexts (checks, locked "
	"slots, HKDF-Expands 8 at a time through the multi-buffer SHA-512, "
	"XTS key schedules) + extcrypt_extent_free of each; time per key";
const char keyderive_ours_method[] =
	"extcrypt_master_key_derive (HKDF-Expand from the cached PRK)";
const char keyderive_openssl_method[] =
	"EVP_KDF HKDF-SHA512 extract+expand (KDF fetched once, new "
	"EVP_KDF_CTX per call)";

struct keysetup {
	uint8_t raw[64]; /* raw master key: OpenSSL's HKDF input */
	extcrypt_master_key *mk;
	extcrypt_inode *inode;
	int hkdf_ctx;
	unsigned n, next;
	uint8_t (*ctx)[EXTCRYPT_EXTENT_CONTEXT_MAX_SIZE];
	size_t ctx_len;
	const uint8_t **ctx_ptr; /* the same contexts, for the batch call */
	size_t *ctx_lens;
	unsigned next_batch;
	uint8_t (*nonce)[16];
	uint8_t (*info)[INFO_LEN];
	EVP_KDF *kdf;
	EVP_CIPHER_CTX *cctx;
};

static struct keysetup *fail(struct keysetup *ks, const char *what, int err)
{
	fprintf(stderr, "extcrypt-bench: key setup: %s: %s (%s)\n", what,
		extcrypt_strerror(err), extcrypt_last_error());
	keysetup_free(ks);
	return NULL;
}

struct keysetup *keysetup_new(unsigned n)
{
	struct keysetup *ks = calloc(1, sizeof(*ks));
	extcrypt_policy *pol = NULL;
	uint8_t key_id[16];
	int err;

	if (ks == NULL)
		return NULL;
	ks->n = n;
	ks->ctx = calloc(n, sizeof(*ks->ctx));
	ks->nonce = calloc(n, sizeof(*ks->nonce));
	ks->info = calloc(n, sizeof(*ks->info));
	ks->ctx_ptr = calloc(n, sizeof(*ks->ctx_ptr));
	ks->ctx_lens = calloc(n, sizeof(*ks->ctx_lens));
	if (ks->ctx == NULL || ks->nonce == NULL || ks->info == NULL ||
	    ks->ctx_ptr == NULL || ks->ctx_lens == NULL)
		return fail(ks, "allocation", EXTCRYPT_E_NOMEM);
	if (RAND_bytes(ks->raw, sizeof(ks->raw)) != 1)
		return fail(ks, "RAND_bytes", EXTCRYPT_E_CRYPTO);

	err = extcrypt_master_key_new(ks->raw, sizeof(ks->raw), &ks->mk);
	if (err)
		return fail(ks, "extcrypt_master_key_new", err);
	extcrypt_master_key_identifier(ks->mk, key_id);
	err = extcrypt_policy_new(EXTCRYPT_MODE_AES_256_XTS,
				  EXTCRYPT_MODE_AES_256_CTS,
				  EXTCRYPT_POLICY_FLAGS_PAD_32, 0, key_id, &pol);
	if (err)
		return fail(ks, "extcrypt_policy_new", err);
	err = extcrypt_inode_new(ks->mk, pol, 4096, &ks->inode);
	extcrypt_policy_free(pol);
	if (err)
		return fail(ks, "extcrypt_inode_new", err);

	ks->hkdf_ctx = extcrypt_extent_hkdf_context(PROFILE);
	for (unsigned i = 0; i < n; i++) {
		extcrypt_extent *e;

		err = extcrypt_extent_new(ks->inode, PROFILE, &e);
		if (err)
			return fail(ks, "extcrypt_extent_new", err);
		err = extcrypt_extent_context(e, ks->ctx[i], sizeof(ks->ctx[i]),
					      &ks->ctx_len);
		extcrypt_extent_nonce(e, ks->nonce[i]);
		extcrypt_extent_free(e);
		if (err)
			return fail(ks, "extcrypt_extent_context", err);
		ks->ctx_ptr[i] = ks->ctx[i];
		ks->ctx_lens[i] = ks->ctx_len;
		memcpy(ks->info[i], "fscrypt\0", 8);
		ks->info[i][8] = (uint8_t)ks->hkdf_ctx;
		memcpy(ks->info[i] + 9, ks->nonce[i], 16);
	}

	ks->kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
	ks->cctx = EVP_CIPHER_CTX_new();
	if (ks->kdf == NULL || ks->cctx == NULL)
		return fail(ks, "OpenSSL HKDF or cipher context", EXTCRYPT_E_CRYPTO);
	return ks;
}

void keysetup_free(struct keysetup *ks)
{
	if (ks == NULL)
		return;
	extcrypt_inode_free(ks->inode);
	extcrypt_master_key_free(ks->mk);
	EVP_KDF_free(ks->kdf);
	EVP_CIPHER_CTX_free(ks->cctx);
	OPENSSL_cleanse(ks->raw, sizeof(ks->raw));
	free(ks->ctx);
	free(ks->nonce);
	free(ks->info);
	free(ks->ctx_ptr);
	free(ks->ctx_lens);
	free(ks);
}

/* One HKDF-SHA512 the way an application writes it with OpenSSL 3. */
static int openssl_hkdf(struct keysetup *ks, const uint8_t *info,
			uint8_t out[64])
{
	int mode = EVP_KDF_HKDF_MODE_EXTRACT_AND_EXPAND;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
						 (char *)"SHA512", 0),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, ks->raw,
						  sizeof(ks->raw)),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
						  (void *)info, INFO_LEN),
		OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
		OSSL_PARAM_construct_end(),
	};
	EVP_KDF_CTX *kctx = EVP_KDF_CTX_new(ks->kdf);
	int ok = kctx != NULL && EVP_KDF_derive(kctx, out, 64, params) == 1;

	EVP_KDF_CTX_free(kctx);
	return ok ? 0 : -1;
}

static void fatal(const char *what)
{
	fprintf(stderr, "extcrypt-bench: %s failed during timing (%s)\n", what,
		extcrypt_last_error());
	exit(1);
}

static unsigned next_index(struct keysetup *ks)
{
	unsigned i = ks->next;

	ks->next = (i + 1 == ks->n) ? 0 : i + 1;
	return i;
}

void keysetup_ours(void *arg, uint64_t n)
{
	struct keysetup *ks = arg;

	for (uint64_t k = 0; k < n; k++) {
		extcrypt_extent *e;

		if (extcrypt_extent_load(ks->inode, PROFILE,
					 ks->ctx[next_index(ks)], ks->ctx_len,
					 &e))
			fatal("extcrypt_extent_load");
		extcrypt_extent_free(e);
	}
}

/* n keys in batches of `batch` (the last one smaller if n is not a
 * multiple), taking the next contexts in turn. */
static void keysetup_batch(struct keysetup *ks, uint64_t n, unsigned batch)
{
	extcrypt_extent *out[KEYSETUP_MAX_BATCH];
	int status[KEYSETUP_MAX_BATCH];

	while (n > 0) {
		unsigned m = n < batch ? (unsigned)n : batch;
		unsigned i = ks->next_batch + m <= ks->n ? ks->next_batch : 0;

		if (extcrypt_extent_load_batch(ks->inode, PROFILE,
					       ks->ctx_ptr + i, ks->ctx_lens + i,
					       m, out, status))
			fatal("extcrypt_extent_load_batch");
		for (unsigned j = 0; j < m; j++)
			extcrypt_extent_free(out[j]);
		ks->next_batch = i + m;
		n -= m;
	}
}

void keysetup_batch8(void *arg, uint64_t n)
{
	keysetup_batch(arg, n, 8);
}

void keysetup_batch64(void *arg, uint64_t n)
{
	keysetup_batch(arg, n, 64);
}

void keysetup_openssl(void *arg, uint64_t n)
{
	struct keysetup *ks = arg;
	uint8_t key[64];

	for (uint64_t k = 0; k < n; k++) {
		if (openssl_hkdf(ks, ks->info[next_index(ks)], key) ||
		    !EVP_CipherInit_ex(ks->cctx, EVP_aes_256_xts(), NULL, key,
				       NULL, 1))
			fatal("OpenSSL HKDF + EVP_CipherInit_ex");
		/* ours wipes its copy of the derived key too */
		OPENSSL_cleanse(key, sizeof(key));
	}
}

void keyderive_ours(void *arg, uint64_t n)
{
	struct keysetup *ks = arg;
	uint8_t key[64];

	for (uint64_t k = 0; k < n; k++)
		if (extcrypt_master_key_derive(ks->mk, (uint8_t)ks->hkdf_ctx,
					       ks->nonce[next_index(ks)], 16,
					       key, sizeof(key)))
			fatal("extcrypt_master_key_derive");
	OPENSSL_cleanse(key, sizeof(key));
}

void keyderive_openssl(void *arg, uint64_t n)
{
	struct keysetup *ks = arg;
	uint8_t key[64];

	for (uint64_t k = 0; k < n; k++)
		if (openssl_hkdf(ks, ks->info[next_index(ks)], key))
			fatal("OpenSSL HKDF");
	OPENSSL_cleanse(key, sizeof(key));
}

/* The batch call gives each context the key a single load gives it. */
static int verify_batch(struct keysetup *ks)
{
	enum { N = 11 }; /* a whole pass of 8 and a partial one */
	extcrypt_extent *out[N], *single = NULL;
	int status[N], ret = 0;
	uint8_t pt[4096], ct_batch[4096], ct_single[4096];

	memset(pt, 0x5a, sizeof(pt));
	if (ks->n < N || extcrypt_extent_load_batch(ks->inode, PROFILE,
						    ks->ctx_ptr, ks->ctx_lens,
						    N, out, status)) {
		fprintf(stderr, "extcrypt-bench: batch load failed: %s\n",
			extcrypt_last_error());
		return -1;
	}
	for (unsigned i = 0; i < N; i++) {
		if (ret == 0 &&
		    (extcrypt_extent_load(ks->inode, PROFILE, ks->ctx[i],
					  ks->ctx_len, &single) ||
		     extcrypt_extent_encrypt(single, 1, pt, ct_single,
					     sizeof(pt), NULL, NULL) ||
		     extcrypt_extent_encrypt(out[i], 1, pt, ct_batch,
					     sizeof(pt), NULL, NULL) ||
		     memcmp(ct_single, ct_batch, sizeof(pt)) != 0)) {
			fprintf(stderr, "extcrypt-bench: MISMATCH: extent %u "
					"of a batch load differs from a single "
					"load\n", i);
			ret = -1;
		}
		extcrypt_extent_free(single);
		single = NULL;
		extcrypt_extent_free(out[i]);
	}
	return ret;
}

int keysetup_verify(struct keysetup *ks)
{
	uint8_t ours[64], theirs[64];
	uint8_t pt[4096], ct_ours[4096], ct_ref[4096];
	extcrypt_extent *e = NULL;
	struct engine *ref = NULL;
	unsigned checked = ks->n < 4 ? ks->n : 4; /* n >= 1 */
	int ret = -1;

	for (unsigned i = 0; i < checked; i++) {
		if (extcrypt_master_key_derive(ks->mk, (uint8_t)ks->hkdf_ctx,
					       ks->nonce[i], 16, ours,
					       sizeof(ours)) ||
		    openssl_hkdf(ks, ks->info[i], theirs)) {
			fprintf(stderr, "extcrypt-bench: key derivation failed\n");
			goto out;
		}
		if (memcmp(ours, theirs, sizeof(ours)) != 0) {
			fprintf(stderr, "extcrypt-bench: MISMATCH: extent key "
					"from extcrypt_master_key_derive differs from "
					"OpenSSL HKDF-SHA512\n");
			goto out;
		}
	}
	/* An extent loaded from the last context checked must encrypt with
	 * exactly the key both sides derived for it. */
	for (size_t j = 0; j < sizeof(pt); j++)
		pt[j] = (uint8_t)(j * 131 + 7);
	if (extcrypt_extent_load(ks->inode, PROFILE, ks->ctx[checked - 1],
				 ks->ctx_len, &e) ||
	    extcrypt_extent_encrypt(e, 5, pt, ct_ours, sizeof(pt), NULL, NULL)) {
		fprintf(stderr, "extcrypt-bench: extent load/encrypt failed: %s\n",
			extcrypt_last_error());
		goto out;
	}
	ref = engine_new(ENGINE_OPENSSL, ours);
	if (ref == NULL || engine_crypt(ref, 1, 5, sizeof(pt), 1, pt, ct_ref))
		goto out;
	if (memcmp(ct_ours, ct_ref, sizeof(pt)) != 0) {
		fprintf(stderr, "extcrypt-bench: MISMATCH: extent encryption "
				"differs from OpenSSL XTS with the HKDF key\n");
		goto out;
	}
	if (verify_batch(ks) != 0)
		goto out;
	ret = 0;
out:
	engine_free(ref);
	extcrypt_extent_free(e);
	OPENSSL_cleanse(ours, sizeof(ours));
	OPENSSL_cleanse(theirs, sizeof(theirs));
	return ret;
}
