// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/test_util.h"

uint8_t *tu_hex(const char *hex, size_t *len)
{
	size_t n;
	uint8_t *p = extcrypt_tv_hex_decode(hex, strlen(hex), &n);

	ck_assert_msg(p != NULL, "bad hex literal '%s'", hex);
	if (len != NULL)
		*len = n;
	return p;
}

void tu_assert_hex(const uint8_t *buf, size_t len, const char *hex)
{
	size_t n;
	uint8_t *want = tu_hex(hex, &n);
	char got[2 * 64 + 1] = "";

	for (size_t i = 0; i < len && i < 64; i++)
		snprintf(got + 2 * i, 3, "%02x", buf[i]);
	ck_assert_msg(n == len && memcmp(buf, want, n) == 0,
		      "got %s%s, want %s", got, len > 64 ? "..." : "", hex);
	free(want);
}

uint64_t tu_rand_u64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void tu_rand(uint64_t *state, void *buf, size_t len)
{
	uint8_t *p = buf;

	for (size_t i = 0; i < len; i += 8) {
		uint64_t v = tu_rand_u64(state);
		size_t n = len - i < 8 ? len - i : 8;

		memcpy(p + i, &v, n);
	}
}

char *tu_read_vector_file(const char *rel, size_t *len)
{
	char *path = extcrypt_tv_path(EXTCRYPT_TEST_VECTOR_DIR, rel);
	FILE *f = path != NULL ? fopen(path, "rb") : NULL;
	char *buf = NULL;
	long n;

	ck_assert_msg(f != NULL, "cannot open %s", path != NULL ? path : rel);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	ck_assert(buf != NULL);
	ck_assert(fread(buf, 1, (size_t)n, f) == (size_t)n);
	buf[n] = '\0';
	fclose(f);
	free(path);
	if (len != NULL)
		*len = (size_t)n;
	return buf;
}

size_t tu_wycheproof_foreach(const char *json,
			     int (*fn)(void *arg, const char *obj, size_t len),
			     void *arg)
{
	size_t count = 0;
	const char *p = json;

	/* Test objects are flat: their text runs from the '{' before
	 * "tcId" to the next '}'. */
	while ((p = strstr(p, "\"tcId\"")) != NULL) {
		const char *start = p, *end = strchr(p, '}');

		while (start > json && *start != '{')
			start--;
		ck_assert(end != NULL);
		count++;
		if (fn(arg, start, (size_t)(end - start + 1)) != 0)
			break;
		p = end;
	}
	return count;
}

/* Finds `"name"` followed by ':' inside the object; returns the value. */
static const char *json_value(const char *obj, size_t len, const char *name)
{
	char key[64];
	const char *p = obj, *end = obj + len;

	snprintf(key, sizeof(key), "\"%s\"", name);
	while ((p = strstr(p, key)) != NULL && p < end) {
		p += strlen(key);
		while (p < end && (*p == ' ' || *p == '\n'))
			p++;
		if (p < end && *p == ':') {
			p++;
			while (p < end && (*p == ' ' || *p == '\n'))
				p++;
			return p < end ? p : NULL;
		}
	}
	return NULL;
}

char *tu_json_string(const char *obj, size_t len, const char *name)
{
	const char *v = json_value(obj, len, name), *q;
	char *s;

	if (v == NULL || *v != '"')
		return NULL;
	q = strchr(v + 1, '"');
	if (q == NULL)
		return NULL;
	s = strndup(v + 1, (size_t)(q - v - 1));
	ck_assert(s != NULL);
	return s;
}

long tu_json_int(const char *obj, size_t len, const char *name)
{
	const char *v = json_value(obj, len, name);

	return v != NULL ? strtol(v, NULL, 10) : -1;
}

int tu_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
