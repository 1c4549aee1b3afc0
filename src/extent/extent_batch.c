// SPDX-License-Identifier: MIT
/*
 * Loading many extents at once: every context is checked and given its
 * object as extcrypt_extent_load would, then the keys of a window of
 * extents are derived together through the multi-buffer SHA-512
 * (docs/design.md section 3).
 */
#include <stdio.h>

#include "common/internal.h"
#include "extent/extent.h"

/* Extents whose keys are derived in one multi-buffer call. */
#define WINDOW 64

/* The first failure's message, kept while later entries overwrite the
 * per-thread one. */
struct first_failure {
	size_t index;
	int status;
	char msg[200];
};

static void note_failure(struct first_failure *ff, size_t i, int status)
{
	if (ff->status != EXTCRYPT_OK)
		return;
	ff->index = i;
	ff->status = status;
	snprintf(ff->msg, sizeof(ff->msg), "%s", extcrypt_last_error());
}

/* Checks entries base..base+m-1 and allocates an object for each good
 * one; returns how many were allocated, their indexes in idx[]. */
static size_t open_window(const struct extcrypt_inode *inode,
			  const struct extcrypt_profile *prof,
			  const uint8_t *const ctxs[], const size_t ctx_lens[],
			  size_t base, size_t m, extcrypt_extent *out[],
			  int statuses[], size_t idx[], struct first_failure *ff)
{
	size_t k = 0;

	for (size_t i = base; i < base + m; i++) {
		int err = extcrypt_extent_validate_context(inode, prof, ctxs[i],
							   ctx_lens[i]);

		if (!err) {
			out[i] = extcrypt_extent_alloc(inode, prof,
						       ctxs[i] + prof->size - 16);
			if (out[i] == NULL)
				err = extcrypt_fail(EXTCRYPT_E_NOMEM,
						    "locked memory");
		}
		statuses[i] = err;
		if (err)
			note_failure(ff, i, err);
		else
			idx[k++] = i;
	}
	return k;
}

static void derive_window(const struct extcrypt_inode *inode,
			  const struct extcrypt_profile *prof,
			  extcrypt_extent *out[], int statuses[],
			  const size_t idx[], size_t k,
			  struct first_failure *ff)
{
	const uint8_t *nonces[WINDOW];
	uint8_t *keys[WINDOW];

	for (size_t j = 0; j < k; j++) {
		nonces[j] = out[idx[j]]->nonce;
		keys[j] = out[idx[j]]->cipher.key;
	}
	/* From the inode's master key, straight into the locked key
	 * buffers, as for a single load. */
	extcrypt_fscrypt_hkdf_mb(inode->key, prof->hkdf_ctx, nonces, 16, keys,
				 inode->contents.info->key_size, k);
	for (size_t j = 0; j < k; j++) {
		size_t i = idx[j];
		int err = extcrypt_extent_key_setup(out[i], inode);

		if (err) {
			out[i] = NULL; /* freed by key_setup */
			statuses[i] = err;
			note_failure(ff, i, err);
		}
	}
}

EXTCRYPT_API int extcrypt_extent_load_batch(const extcrypt_inode *inode,
					    int profile,
					    const uint8_t *const ctxs[],
					    const size_t ctx_lens[], size_t n,
					    extcrypt_extent *out[],
					    int statuses[])
{
	const struct extcrypt_profile *prof = NULL;
	struct first_failure ff; /* msg written only on the first failure */
	int err;

	ff.status = EXTCRYPT_OK;
	if (n == 0)
		return EXTCRYPT_OK;
	if (out == NULL || statuses == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "out or statuses is NULL");
	for (size_t i = 0; i < n; i++)
		out[i] = NULL;
	err = extcrypt_extent_check_inode(inode, profile, &prof);
	if (!err && (ctxs == NULL || ctx_lens == NULL))
		err = extcrypt_fail(EXTCRYPT_E_INVALID,
				    "ctxs or ctx_lens is NULL");
	if (err) {
		for (size_t i = 0; i < n; i++)
			statuses[i] = err;
		return err;
	}
	for (size_t base = 0; base < n; base += WINDOW) {
		size_t m = n - base < WINDOW ? n - base : WINDOW;
		size_t idx[WINDOW];
		size_t k = open_window(inode, prof, ctxs, ctx_lens, base, m,
				       out, statuses, idx, &ff);

		derive_window(inode, prof, out, statuses, idx, k, &ff);
	}
	if (ff.status != EXTCRYPT_OK)
		return extcrypt_fail(ff.status, "entry %zu: %s", ff.index,
				     ff.msg);
	return EXTCRYPT_OK;
}
