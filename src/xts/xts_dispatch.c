// SPDX-License-Identifier: MIT
/*
 * Choosing an AES-256-XTS implementation.
 *
 * The choice is made once per process (first use) and then bound into each
 * key at setup, so the data path reads no global state and a key keeps the
 * implementation it was prepared for.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "extcrypt/experimental.h"

#include "common/internal.h"
#include "xts/xts_impl.h"

#if defined(EXTCRYPT_ARCH_none)
/* No SIMD code for this architecture: the portable implementation only. */
const struct extcrypt_xts_impl *const extcrypt_arch_xts_impls[] = { NULL };
#endif

#if !defined(EXTCRYPT_ARCH_x86)
/* Only x86 has a per-CPU rule and old names; elsewhere the first usable
 * implementation of the list is the default. */
const struct extcrypt_xts_impl *extcrypt_arch_xts_preferred(void)
{
	return NULL;
}

const struct extcrypt_xts_impl *extcrypt_arch_xts_alias(const char *name)
{
	(void)name;
	return NULL;
}
#endif

static pthread_once_t choose_once = PTHREAD_ONCE_INIT;
static const struct extcrypt_xts_impl *chosen;

static size_t arch_count(void)
{
	size_t n = 0;

	while (extcrypt_arch_xts_impls[n] != NULL)
		n++;
	return n;
}

const struct extcrypt_xts_impl *extcrypt_xts_impl_by_name(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; extcrypt_arch_xts_impls[i] != NULL; i++)
		if (strcmp(extcrypt_arch_xts_impls[i]->name, name) == 0)
			return extcrypt_arch_xts_impls[i];
	if (strcmp(name, extcrypt_xts_portable.name) == 0)
		return &extcrypt_xts_portable;
	return extcrypt_arch_xts_alias(name);
}

static void choose(void)
{
	const char *forced = secure_getenv("EXTCRYPT_IMPL");

	if (forced != NULL && forced[0] != '\0') {
		const struct extcrypt_xts_impl *impl =
			extcrypt_xts_impl_by_name(forced);

		/* An unusable forced choice falls back to portable rather
		 * than to the fastest, so a test that forces a path never
		 * silently measures another SIMD path. */
		chosen = (impl != NULL && impl->usable()) ? impl
							  : &extcrypt_xts_portable;
		return;
	}
	chosen = extcrypt_arch_xts_preferred();
	if (chosen != NULL && chosen->usable())
		return;
	chosen = &extcrypt_xts_portable;
	for (size_t i = 0; extcrypt_arch_xts_impls[i] != NULL; i++) {
		if (extcrypt_arch_xts_impls[i]->usable()) {
			chosen = extcrypt_arch_xts_impls[i];
			break;
		}
	}
}

const struct extcrypt_xts_impl *extcrypt_xts_impl_default(void)
{
	pthread_once(&choose_once, choose);
	return chosen;
}

EXTCRYPT_API const char *extcrypt_xts_impl_name(void)
{
	return extcrypt_xts_impl_default()->name;
}

EXTCRYPT_API size_t extcrypt_xts_impl_count(void)
{
	return arch_count() + 1;
}

EXTCRYPT_API const char *extcrypt_xts_impl_name_at(size_t i)
{
	size_t n = arch_count();

	if (i < n)
		return extcrypt_arch_xts_impls[i]->name;
	if (i == n)
		return extcrypt_xts_portable.name;
	return NULL;
}

EXTCRYPT_API int extcrypt_xts_impl_usable(const char *name)
{
	const struct extcrypt_xts_impl *impl = extcrypt_xts_impl_by_name(name);

	return impl != NULL && impl->usable();
}
