// SPDX-License-Identifier: MIT
/*
 * A slot pool over sodium_malloc.
 *
 * Why a pool: sodium_malloc costs several system calls (mmap, two
 * mprotect for the guard pages, mlock) - microseconds - while a per-extent
 * key must be ready in well under half a microsecond.  So locked memory is
 * taken from libsodium in chunks of EXTCRYPT_SECURE_SLOTS_PER_CHUNK slots
 * and handed out one slot per object.  Chunks are kept for the life of the
 * process (they hold no secrets once their slots are freed: every slot is
 * wiped on release).
 */
#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/secure_mem.h"

#define EXTCRYPT_SECURE_SLOTS_PER_CHUNK 32

struct free_slot {
	struct free_slot *next;
};

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static struct free_slot *free_list;

/*
 * A few free slots per thread, so that a thread creating and dropping
 * extent keys in a loop takes no lock at all.  When the thread exits, a
 * pthread key destructor gives its slots back to the shared list.
 */
#define THREAD_CACHE_SLOTS 8

struct thread_cache {
	struct free_slot *head;
	unsigned count;
};

static _Thread_local struct thread_cache tcache;
static pthread_key_t tcache_key;
static pthread_once_t tcache_once = PTHREAD_ONCE_INIT;
static int tcache_key_ok;

static void tcache_release(void *arg)
{
	struct thread_cache *tc = arg;

	pthread_mutex_lock(&pool_lock);
	while (tc->head != NULL) {
		struct free_slot *s = tc->head;

		tc->head = s->next;
		s->next = free_list;
		free_list = s;
	}
	tc->count = 0;
	pthread_mutex_unlock(&pool_lock);
}

static void tcache_key_create(void)
{
	tcache_key_ok = pthread_key_create(&tcache_key, tcache_release) == 0;
}

/* Keeps a freed slot in this thread's cache; false if the cache is full
 * (or cannot be registered for release at thread exit). */
static bool tcache_put(struct free_slot *s)
{
	if (tcache.count >= THREAD_CACHE_SLOTS)
		return false;
	if (tcache.count == 0) {
		pthread_once(&tcache_once, tcache_key_create);
		if (!tcache_key_ok || pthread_setspecific(tcache_key, &tcache) != 0)
			return false;
	}
	s->next = tcache.head;
	tcache.head = s;
	tcache.count++;
	return true;
}

/* Adds one chunk's slots to the free list.  Called with pool_lock held. */
static int pool_grow(void)
{
	size_t chunk = (size_t)EXTCRYPT_SECURE_SLOT_SIZE *
		       EXTCRYPT_SECURE_SLOTS_PER_CHUNK;
	uint8_t *base = sodium_malloc(chunk);

	if (base == NULL)
		return -1;
	/* sodium_malloc aligns the end of the region to the guard page;
	 * with a chunk that is a multiple of the page size the start is
	 * page aligned too, so every 4 KiB slot is 64-byte aligned. */
	sodium_memzero(base, chunk);
	for (size_t i = 0; i < EXTCRYPT_SECURE_SLOTS_PER_CHUNK; i++) {
		struct free_slot *s = (struct free_slot *)(void *)
			(base + i * EXTCRYPT_SECURE_SLOT_SIZE);
		s->next = free_list;
		free_list = s;
	}
	return 0;
}

void *extcrypt_secure_alloc(size_t size)
{
	struct free_slot *s;

	if (size > EXTCRYPT_SECURE_SLOT_SIZE) {
		/* Round up so the region starts on a page boundary (see
		 * pool_grow) and is therefore 64-byte aligned. */
		size_t page = 4096;
		void *p = sodium_malloc((size + page - 1) & ~(page - 1));

		if (p != NULL)
			sodium_memzero(p, size);
		return p;
	}
	if (tcache.head != NULL) {
		s = tcache.head;
		tcache.head = s->next;
		tcache.count--;
		s->next = NULL;
		return s;
	}
	pthread_mutex_lock(&pool_lock);
	if (free_list == NULL && pool_grow() != 0) {
		pthread_mutex_unlock(&pool_lock);
		return NULL;
	}
	s = free_list;
	free_list = s->next;
	pthread_mutex_unlock(&pool_lock);
	s->next = NULL; /* the rest of the slot is already zero */
	return s;
}

void extcrypt_secure_free(void *p, size_t size)
{
	struct free_slot *s = p;

	if (p == NULL)
		return;
	if (size > EXTCRYPT_SECURE_SLOT_SIZE) {
		sodium_free(p); /* wipes before unmapping */
		return;
	}
	/* Objects write only inside their own size, and every slot starts
	 * all-zero, so wiping `size` bytes restores an all-zero slot. */
	sodium_memzero(p, size);
	if (tcache_put(s))
		return;
	pthread_mutex_lock(&pool_lock);
	s->next = free_list;
	free_list = s;
	pthread_mutex_unlock(&pool_lock);
}

void extcrypt_secure_wipe(void *p, size_t len)
{
	sodium_memzero(p, len);
}
