// SPDX-License-Identifier: MIT
/*
 * Locked slots between guard pages, for key objects.
 *
 * Why a pool: sodium_malloc costs several system calls (mmap, two
 * mprotect for the guard pages, mlock) - microseconds - while a per-extent
 * key must be ready in well under half a microsecond.  So the pool maps
 * chunks of SLOTS_PER_CHUNK slots at a time, laid out as
 *
 *     header | guard | slot | guard | slot | ... | slot | guard
 *
 * where every guard is a PROT_NONE page and every slot is page aligned,
 * read-write and mlock'ed (sodium_mlock: also kept out of core dumps), and
 * hands out one slot per object.  An object starts at its slot's first
 * byte, so running off either end of a slot faults; a 16-byte canary right
 * after the object catches what stays inside the slot, and is checked on
 * free (a mismatch calls sodium_misuse(), which aborts, as sodium_free
 * does).  Slots are wiped when freed and reused; chunks are kept while any
 * of their slots may be in use.
 *
 * Objects that do not fit a slot get their own sodium_malloc region (its
 * own guard pages and canary).
 */
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common/internal.h"
#include "common/secure_mem.h"

#define SLOTS_PER_CHUNK 32
#define CANARY_SIZE 16
/* The largest object a slot takes: the canary goes after it. */
#define SLOT_OBJECT_MAX (EXTCRYPT_SECURE_SLOT_SIZE - CANARY_SIZE)

struct free_slot {
	struct free_slot *next;
};

/* The header page of a chunk (no secrets): the chunks are kept in a list
 * so the library can unmap them when it is unloaded.  It lives in the
 * mapping itself, so a chunk left mapped after an unload (see
 * library_unload) leaks no heap memory. */
struct chunk {
	struct chunk *next;
	size_t len;
};

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
/* Under pool_lock: */
static struct free_slot *free_list;
static struct chunk *chunks;
static size_t total_slots, free_slots;

/* Set once (pool_once) before the first slot exists. */
static pthread_once_t pool_once = PTHREAD_ONCE_INIT;
static size_t page_size, slot_span; /* slot_span: the slot, page-rounded */
static uint8_t canary[CANARY_SIZE];
static int sodium_status;

static size_t round_to_page(size_t n)
{
	return (n + page_size - 1) / page_size * page_size;
}

static void pool_init(void)
{
	long ps = sysconf(_SC_PAGESIZE);

	/* sodium_malloc needs sodium_init (idempotent); a failure would
	 * show as sodium_malloc returning NULL. */
	sodium_status = sodium_init();
	page_size = ps > 0 ? (size_t)ps : 4096;
	slot_span = round_to_page(EXTCRYPT_SECURE_SLOT_SIZE);
	randombytes_buf(canary, sizeof(canary));
}

/*
 * A few free slots per thread, so that a thread creating and dropping
 * extent keys in a loop takes no lock at all.  When the thread exits, a
 * pthread key destructor gives its slots back to the shared list; when
 * the library is unloaded, library_unload() deletes that key.
 */
#define THREAD_CACHE_SLOTS 8

struct thread_cache {
	struct free_slot *head;
	unsigned count;
};

static _Thread_local struct thread_cache tcache;
static pthread_key_t tcache_key;
static pthread_once_t tcache_once = PTHREAD_ONCE_INIT;
static atomic_bool tcache_key_ok;

/* Moves a thread's cached slots to the shared list.  pool_lock held. */
static void tcache_drain(struct thread_cache *tc)
{
	while (tc->head != NULL) {
		struct free_slot *s = tc->head;

		tc->head = s->next;
		s->next = free_list;
		free_list = s;
		free_slots++;
	}
	tc->count = 0;
}

static void tcache_release(void *arg)
{
	pthread_mutex_lock(&pool_lock);
	tcache_drain(arg);
	pthread_mutex_unlock(&pool_lock);
}

static void tcache_key_create(void)
{
	atomic_store_explicit(&tcache_key_ok,
			      pthread_key_create(&tcache_key, tcache_release) == 0,
			      memory_order_relaxed);
}

/* Keeps a freed slot in this thread's cache; false if the cache is full
 * (or cannot be registered for release at thread exit). */
static bool tcache_put(struct free_slot *s)
{
	if (tcache.count >= THREAD_CACHE_SLOTS)
		return false;
	if (tcache.count == 0) {
		pthread_once(&tcache_once, tcache_key_create);
		if (!atomic_load_explicit(&tcache_key_ok, memory_order_relaxed) ||
		    pthread_setspecific(tcache_key, &tcache) != 0)
			return false;
	}
	s->next = tcache.head;
	tcache.head = s;
	tcache.count++;
	return true;
}

/* Maps one chunk and adds its slots to the free list.  pool_lock held. */
static uint8_t *chunk_slot(struct chunk *c, size_t i)
{
	return (uint8_t *)c + 2 * page_size + i * (slot_span + page_size);
}

static int pool_grow(void)
{
	size_t len;
	struct chunk *c;

	pthread_once(&pool_once, pool_init);
	len = 2 * page_size + SLOTS_PER_CHUNK * (slot_span + page_size);
	c = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (c == MAP_FAILED)
		return -1;
	if (mprotect(c, page_size, PROT_READ | PROT_WRITE) != 0) {
		munmap(c, len);
		return -1;
	}
	c->len = len;
	for (size_t i = 0; i < SLOTS_PER_CHUNK; i++) {
		uint8_t *slot = chunk_slot(c, i);

		if (mprotect(slot, slot_span, PROT_READ | PROT_WRITE) != 0) {
			munmap(c, len);
			return -1;
		}
		/* As in sodium_malloc, a lock refused by RLIMIT_MEMLOCK is
		 * not an error: the memory is still guarded and wiped. */
		(void)sodium_mlock(slot, slot_span);
	}
	for (size_t i = 0; i < SLOTS_PER_CHUNK; i++) {
		struct free_slot *s = (struct free_slot *)(void *)chunk_slot(c, i);

		s->next = free_list; /* fresh pages are zero */
		free_list = s;
	}
	c->next = chunks;
	chunks = c;
	total_slots += SLOTS_PER_CHUNK;
	free_slots += SLOTS_PER_CHUNK;
	return 0;
}

static void *big_alloc(size_t size)
{
	void *p;

	pthread_once(&pool_once, pool_init);
	/* A whole number of pages: sodium_malloc puts the region's end
	 * against its guard page, so the start is page aligned (64-byte
	 * alignment) and one byte past the end faults. */
	p = sodium_malloc(round_to_page(size));
	if (p != NULL)
		sodium_memzero(p, size);
	return p;
}

void *extcrypt_secure_alloc(size_t size)
{
	struct free_slot *s;

	if (size > SLOT_OBJECT_MAX)
		return big_alloc(size);
	if (tcache.head != NULL) {
		s = tcache.head;
		tcache.head = s->next;
		tcache.count--;
	} else {
		pthread_mutex_lock(&pool_lock);
		if (free_list == NULL && pool_grow() != 0) {
			pthread_mutex_unlock(&pool_lock);
			return NULL;
		}
		s = free_list;
		free_list = s->next;
		free_slots--;
		pthread_mutex_unlock(&pool_lock);
	}
	s->next = NULL; /* the rest of the slot is already zero */
	memcpy((uint8_t *)s + size, canary, CANARY_SIZE);
	return s;
}

/* Constant time, inline: this is on the per-extent hot path, where
 * sodium_memcmp's byte loop through volatile pointers shows. */
static bool canary_intact(const uint8_t *at)
{
	uint64_t a[2], b[2];

	_Static_assert(CANARY_SIZE == sizeof(a), "two 64-bit words");
	memcpy(a, at, sizeof(a));
	memcpy(b, canary, sizeof(b));
	return ((a[0] ^ b[0]) | (a[1] ^ b[1])) == 0;
}

void extcrypt_secure_free(void *p, size_t size)
{
	struct free_slot *s = p;

	if (p == NULL)
		return;
	if (size > SLOT_OBJECT_MAX) {
		sodium_free(p); /* checks its canary, wipes, unmaps */
		return;
	}
	/* An overwritten canary means memory next to key material was
	 * corrupted (or `size` is wrong): nothing here can be trusted. */
	if (!canary_intact((const uint8_t *)p + size))
		sodium_misuse();
	/* Objects write only inside their own size, and every slot starts
	 * all-zero, so wiping the object and its canary restores an
	 * all-zero slot. */
	sodium_memzero(p, size + CANARY_SIZE);
	if (tcache_put(s))
		return;
	pthread_mutex_lock(&pool_lock);
	s->next = free_list;
	free_list = s;
	free_slots++;
	pthread_mutex_unlock(&pool_lock);
}

void extcrypt_secure_wipe(void *p, size_t len)
{
	sodium_memzero(p, len);
}

/*
 * Runs when the library is unloaded (dlclose) or the process exits.
 * The thread-exit hook must go: a thread exiting after dlclose would call
 * tcache_release, which is no longer mapped.  Then, if every slot is free
 * and wiped (no object alive, no other thread holding cached slots), the
 * chunks are unmapped too; otherwise they stay mapped (they hold no
 * secrets once freed, and something may still point into them).
 */
__attribute__((destructor)) static void library_unload(void)
{
	struct chunk *c;

	if (atomic_exchange(&tcache_key_ok, false))
		pthread_key_delete(tcache_key);
	pthread_mutex_lock(&pool_lock);
	tcache_drain(&tcache);
	if (free_slots == total_slots) {
		while ((c = chunks) != NULL) {
			chunks = c->next;
			munmap(c, c->len); /* also unlocks */
		}
		free_list = NULL;
		total_slots = free_slots = 0;
	}
	pthread_mutex_unlock(&pool_lock);
}
