// SPDX-License-Identifier: MIT
/*
 * Locked memory for key objects (src/common/secure_mem.c; issue 11,
 * item 5): every object sits between guard pages, and the canary after it
 * is checked when it is freed.  Each misuse runs in a child process that
 * must die with the expected signal: SIGSEGV for a guard page, SIGABRT for
 * a canary.
 */
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/secure_mem.h"
#include "util/test_util.h"

static size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

/* Runs fn(arg) in a child; returns the signal that killed it, or 0. */
static int child_signal(void (*fn)(size_t), size_t arg)
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* The default action, even under a sanitizer's handler. */
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		signal(SIGABRT, SIG_DFL);
		fn(arg);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

static void touch(volatile uint8_t *p)
{
	*p = 0x5a;
}

/* Writes one byte just past the object's slot (or region). */
static void write_past_slot(size_t size)
{
	uint8_t *p = extcrypt_secure_alloc(size);
	size_t span = (size + page_size() - 1) / page_size() * page_size();

	if (size <= EXTCRYPT_SECURE_SLOT_SIZE)
		span = (EXTCRYPT_SECURE_SLOT_SIZE + page_size() - 1) /
		       page_size() * page_size();
	touch(p + span);
}

static void write_before_slot(size_t size)
{
	uint8_t *p = extcrypt_secure_alloc(size);

	touch(p - 1);
}

/* Overwrites the byte right after the object, then frees it. */
static void overwrite_canary(size_t size)
{
	uint8_t *p = extcrypt_secure_alloc(size);

	p[size] ^= 0x01;
	extcrypt_secure_free(p, size);
}

START_TEST(test_guard_page_after_every_object)
{
	static const size_t sizes[] = { 1, 64, 1000, 3000,
					EXTCRYPT_SECURE_SLOT_SIZE };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		ck_assert_msg(child_signal(write_past_slot, sizes[i]) == SIGSEGV,
			      "no fault one byte past a %zu-byte object's slot",
			      sizes[i]);
	ck_assert_int_eq(child_signal(write_past_slot, 3 * 4096 + 5), SIGSEGV);
}
END_TEST

START_TEST(test_guard_page_before_every_object)
{
	ck_assert_int_eq(child_signal(write_before_slot, 64), SIGSEGV);
	ck_assert_int_eq(child_signal(write_before_slot, 1000), SIGSEGV);
}
END_TEST

START_TEST(test_canary_checked_on_free)
{
	static const size_t sizes[] = { 1, 15, 16, 700, 2048 };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		ck_assert_msg(child_signal(overwrite_canary, sizes[i]) == SIGABRT,
			      "canary after a %zu-byte object not checked",
			      sizes[i]);
}
END_TEST

/* Normal use: zeroed, aligned, reused after free, many at once. */
START_TEST(test_alloc_free_cycles)
{
	enum { N = 200 };
	uint8_t *p[N];

	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < N; i++) {
			size_t size = 1 + (i * 37) % 2000;

			p[i] = extcrypt_secure_alloc(size);
			ck_assert_ptr_nonnull(p[i]);
			ck_assert_uint_eq((uintptr_t)p[i] % 64, 0);
			for (size_t j = 0; j < size; j++)
				ck_assert_uint_eq(p[i][j], 0);
			memset(p[i], 0xa5, size);
		}
		for (size_t i = 0; i < N; i++)
			extcrypt_secure_free(p[i], 1 + (i * 37) % 2000);
	}
	extcrypt_secure_free(NULL, 10);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("secure_mem");
	TCase *tc = tcase_create("secure_mem");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_guard_page_after_every_object);
	tcase_add_test(tc, test_guard_page_before_every_object);
	tcase_add_test(tc, test_canary_checked_on_free);
	tcase_add_test(tc, test_alloc_free_cycles);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
