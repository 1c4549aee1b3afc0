// SPDX-License-Identifier: MIT
/*
 * Library setup, done lazily so callers need no init function: the first
 * object constructor runs it.
 */
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>

#include "common/internal.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_status = EXTCRYPT_E_CRYPTO;

static void init_once_fn(void)
{
	/* sodium_init() returns 1 if already initialised by the application. */
	init_status = sodium_init() >= 0 ? EXTCRYPT_OK : EXTCRYPT_E_CRYPTO;
}

void extcrypt_at_unload(void (*fn)(void))
{
	/* atexit() in a shared library is tied to it (__cxa_atexit with the
	 * library's handle): the handler also runs at dlclose, before the
	 * code is unmapped.  If registering fails, the objects stay allocated
	 * until exit, as they did before. */
	(void)atexit(fn);
}

int extcrypt_lib_init(void)
{
	pthread_once(&init_once, init_once_fn);
	if (init_status != EXTCRYPT_OK)
		return extcrypt_fail(init_status, "sodium_init() failed");
	return EXTCRYPT_OK;
}
