// SPDX-License-Identifier: MIT
/*
 * Unloading the library while threads that used it live on (issue 11,
 * item 2): plugin hosts (PAM, NSS, language bindings) dlclose() libraries.
 *
 * The library is dlopen()ed (path in argv[1]), several threads create and
 * free keys so that each has slots in its per-thread cache, the library is
 * dlclose()d, and only then do the threads exit.  A thread-exit hook left
 * behind by the library would run code that is no longer mapped: the
 * process would die with SIGSEGV instead of exiting 0.  Then the same is
 * done again, with the threads exiting before the unload, and once more
 * after a second dlopen, so load/unload cycles work too.  Each round also
 * uses an OpenSSL-backed mode (AES-256-CTS), and CTest runs the program a
 * second time with EXTCRYPT_IMPL=portable (OpenSSL's XTS): what the
 * library fetched from OpenSSL is freed at each unload and fetched again
 * after the next load.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NTHREADS 4
#define KEYS_PER_THREAD 40

typedef int (*cipher_new_fn)(int mode, const uint8_t *key, size_t key_len,
			     void **out);
typedef void (*cipher_free_fn)(void *c);

static cipher_new_fn cipher_new;
static cipher_free_fn cipher_free;

static pthread_barrier_t used, unloaded;
static int exit_after_unload;

static void die(const char *what)
{
	fprintf(stderr, "dlclose_threads: %s\n", what);
	exit(1);
}

static void *worker(void *arg)
{
	uint8_t key[64];
	void *c[KEYS_PER_THREAD], *cts;

	for (int i = 0; i < 64; i++)
		key[i] = (uint8_t)(i * 7 + (int)(intptr_t)arg);
	/* Create all, then free all: more frees than the cache holds, so
	 * the cache ends full and the shared list gets the rest. */
	for (int i = 0; i < KEYS_PER_THREAD; i++)
		if (cipher_new(1 /* AES-256-XTS */, key, 64, &c[i]) != 0)
			die("extcrypt_cipher_new failed");
	for (int i = 0; i < KEYS_PER_THREAD; i++)
		cipher_free(c[i]);
	if (cipher_new(4 /* AES-256-CTS */, key, 32, &cts) != 0)
		die("extcrypt_cipher_new (AES-256-CTS) failed");
	cipher_free(cts);
	pthread_barrier_wait(&used);
	if (exit_after_unload)
		pthread_barrier_wait(&unloaded);
	return NULL;
}

static void *load(const char *path)
{
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);

	if (h == NULL)
		die(dlerror());
	cipher_new = (cipher_new_fn)(uintptr_t)dlsym(h, "extcrypt_cipher_new");
	cipher_free = (cipher_free_fn)(uintptr_t)dlsym(h, "extcrypt_cipher_free");
	if (cipher_new == NULL || cipher_free == NULL)
		die("missing symbols");
	return h;
}

static void round_trip(const char *path, int after_unload)
{
	pthread_t t[NTHREADS];
	void *h = load(path);

	exit_after_unload = after_unload;
	pthread_barrier_init(&used, NULL, NTHREADS + 1);
	pthread_barrier_init(&unloaded, NULL, NTHREADS + 1);
	for (intptr_t i = 0; i < NTHREADS; i++)
		if (pthread_create(&t[i], NULL, worker, (void *)i) != 0)
			die("pthread_create");
	pthread_barrier_wait(&used);
	if (!after_unload)
		for (int i = 0; i < NTHREADS; i++)
			pthread_join(t[i], NULL);
	if (dlclose(h) != 0)
		die(dlerror());
	cipher_new = NULL, cipher_free = NULL;
	if (after_unload) {
		pthread_barrier_wait(&unloaded); /* now the threads exit */
		for (int i = 0; i < NTHREADS; i++)
			pthread_join(t[i], NULL);
	}
	pthread_barrier_destroy(&used);
	pthread_barrier_destroy(&unloaded);
}

int main(int argc, char **argv)
{
	if (argc != 2)
		die("usage: dlclose_threads PATH/libextcrypt.so.1");
	round_trip(argv[1], 1);
	round_trip(argv[1], 0);
	round_trip(argv[1], 1);
	printf("dlclose_threads: 3 load/use/unload rounds, threads exited cleanly\n");
	return 0;
}
