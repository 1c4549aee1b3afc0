// SPDX-License-Identifier: MIT
/*
 * kat_core.c - the vector set's data model, its PRG, and helpers shared by
 * the generators.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "kat.h"

const uint8_t kat_spec_mk[64] = {
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c,
	0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
	0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24,
	0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30,
	0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c,
	0x3d, 0x3e, 0x3f, 0x40,
};
const uint8_t kat_spec_nonce[16] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
	0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
};
const uint8_t kat_spec_uuid[16] = {
	0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
	0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10,
};
const uint64_t kat_indices[5] = {
	0, 1, UINT64_C(0xffffffff), UINT64_C(0x100000000), UINT64_MAX,
};

void kat_die(const char *fmt, ...)
{
	va_list ap;

	fputs("extcrypt: error: kat: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(CLI_ERR);
}

void kat_try(int err, const char *what)
{
	if (err != EXTCRYPT_OK) {
		cli_lib_error(err, what);
		exit(CLI_ERR);
	}
}

void kat_prg(const struct kat *k, const char *label, uint8_t *out, size_t n)
{
	static const uint8_t zero = 0;
	uint8_t block[crypto_hash_sha512_BYTES], ctr[4];
	uint32_t j = 0;

	while (n > 0) {
		crypto_hash_sha512_state st;
		size_t take = n < sizeof(block) ? n : sizeof(block);

		ctr[0] = (uint8_t)(j >> 24);
		ctr[1] = (uint8_t)(j >> 16);
		ctr[2] = (uint8_t)(j >> 8);
		ctr[3] = (uint8_t)j;
		crypto_hash_sha512_init(&st);
		crypto_hash_sha512_update(&st, (const uint8_t *)k->seed,
					  strlen(k->seed));
		crypto_hash_sha512_update(&st, &zero, 1);
		crypto_hash_sha512_update(&st, (const uint8_t *)label,
					  strlen(label));
		crypto_hash_sha512_update(&st, &zero, 1);
		crypto_hash_sha512_update(&st, ctr, sizeof(ctr));
		crypto_hash_sha512_final(&st, block);
		memcpy(out, block, take);
		out += take;
		n -= take;
		j++;
	}
}

void kat_prgf(const struct kat *k, uint8_t *out, size_t n, const char *fmt,
	      ...)
{
	char label[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(label, sizeof(label), fmt, ap);
	va_end(ap);
	kat_prg(k, label, out, n);
}

void kat_prg_name(const struct kat *k, const char *label, uint8_t *out,
		  size_t n)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	kat_prg(k, label, out, n);
	for (size_t i = 0; i < n; i++)
		out[i] = (uint8_t)alphabet[out[i] & 63];
}

static void add_field(struct kat_case *c, const char *name, char *value)
{
	for (size_t i = 0; i < c->nfields; i++)
		if (strcmp(c->fields[i].name, name) == 0)
			kat_die("case %s: field %s set twice", c->fields[0].value,
				name);
	if (c->nfields == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->fields = cli_realloc(c->fields, c->cap * sizeof(*c->fields));
	}
	c->fields[c->nfields].name = name;
	c->fields[c->nfields].value = value;
	c->nfields++;
}

/* The format attribute lets gcc and clang check vformat()'s callers instead
 * of rejecting the non-literal format below (-Wformat-nonliteral). */
__attribute__((format(printf, 1, 0)))
static char *vformat(const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *s;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		kat_die("formatting failed");
	s = cli_malloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

struct kat_case *kat_case(struct kat *k, const char *kind, const char *fmt,
			  ...)
{
	struct kat_case *c;
	va_list ap;
	char *id;

	va_start(ap, fmt);
	id = vformat(fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < k->ncases; i++)
		if (strcmp(k->cases[i].fields[0].value, id) == 0)
			kat_die("duplicate case id %s", id);
	if (k->ncases == k->case_cap) {
		k->case_cap = k->case_cap ? 2 * k->case_cap : 256;
		k->cases = cli_realloc(k->cases, k->case_cap * sizeof(*k->cases));
	}
	c = &k->cases[k->ncases++];
	memset(c, 0, sizeof(*c));
	add_field(c, "case", id);
	add_field(c, "kind", cli_strdup(kind));
	return c;
}

const char *kat_case_id(const struct kat_case *c)
{
	return c->fields[0].value;
}

void kat_set(struct kat_case *c, const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_field(c, name, vformat(fmt, ap));
	va_end(ap);
}

void kat_set_hex(struct kat_case *c, const char *name, const uint8_t *b,
		 size_t n)
{
	add_field(c, name, cli_hex(b, n));
}

void kat_set_u64(struct kat_case *c, const char *name, uint64_t v)
{
	kat_set(c, name, "%llu", (unsigned long long)v);
}

static struct kat_buf dup_buf(const uint8_t *p, size_t n)
{
	struct kat_buf b = { cli_malloc(n), n };

	if (n != 0)
		memcpy(b.p, p, n);
	return b;
}

static bool buf_eq(const struct kat_buf *b, const uint8_t *p, size_t n)
{
	return b->n == n && memcmp(b->p, p, n) == 0;
}

static struct kat_tv *new_tv(struct kat *k, enum kat_tv_kind kind,
			     const char *name)
{
	struct kat_tv *tv;

	if (k->ntvs == k->tv_cap) {
		k->tv_cap = k->tv_cap ? 2 * k->tv_cap : 256;
		k->tvs = cli_realloc(k->tvs, k->tv_cap * sizeof(*k->tvs));
	}
	tv = &k->tvs[k->ntvs++];
	memset(tv, 0, sizeof(*tv));
	tv->kind = kind;
	tv->name = cli_strdup(name);
	return tv;
}

void kat_tv_hkdf(struct kat *k, const char *name, const uint8_t *ikm,
		 size_t ikm_len, const uint8_t *info, size_t info_len,
		 const uint8_t *okm, size_t okm_len)
{
	struct kat_tv *tv;

	for (size_t i = 0; i < k->ntvs; i++) {
		tv = &k->tvs[i];
		if (tv->kind == KAT_TV_HKDF && buf_eq(&tv->a, ikm, ikm_len) &&
		    buf_eq(&tv->b, info, info_len) && buf_eq(&tv->c, okm, okm_len))
			return;
	}
	tv = new_tv(k, KAT_TV_HKDF, name);
	tv->a = dup_buf(ikm, ikm_len);
	tv->b = dup_buf(info, info_len);
	tv->c = dup_buf(okm, okm_len);
}

void kat_tv_cipher(struct kat *k, enum kat_tv_kind kind, const char *name,
		   const uint8_t *key, size_t key_len, uint64_t first_index,
		   uint32_t du_size, const uint8_t *pt, const uint8_t *ct,
		   size_t len)
{
	struct kat_tv *tv = new_tv(k, kind, name);

	tv->a = dup_buf(key, key_len);
	tv->b = dup_buf(pt, len);
	tv->c = dup_buf(ct, len);
	tv->first_index = first_index;
	tv->du_size = du_size;
}

void kat_tv_xts(struct kat *k, const char *name, const uint8_t key[64],
		uint64_t first_index, uint32_t du_size, const uint8_t *pt,
		const uint8_t *ct, size_t len)
{
	kat_tv_cipher(k, KAT_TV_XTS, name, key, 64, first_index, du_size, pt,
		      ct, len);
}

void kat_tv_cts(struct kat *k, const char *name, const uint8_t *key,
		size_t key_len, const uint8_t *pt, const uint8_t *ct,
		size_t len)
{
	kat_tv_cipher(k, KAT_TV_CTS, name, key, key_len, 0, 0, pt, ct, len);
}

size_t kat_full_info(uint8_t ctx, const uint8_t *info, size_t info_len,
		     uint8_t *out)
{
	memcpy(out, "fscrypt", 8); /* the 8 bytes include the NUL */
	out[8] = ctx;
	if (info_len != 0)
		memcpy(out + 9, info, info_len);
	return 9 + info_len;
}

void kat_hkdf(struct kat *k, const char *name, const uint8_t *mk,
	      size_t mk_len, uint8_t ctx, const uint8_t *info,
	      size_t info_len, uint8_t *out, size_t out_len)
{
	extcrypt_master_key *key;
	uint8_t full[9 + 32];

	kat_try(extcrypt_master_key_new(mk, mk_len, &key), "master key");
	kat_try(extcrypt_master_key_derive(key, ctx, info, info_len, out,
					   out_len),
		"HKDF");
	extcrypt_master_key_free(key);
	if (info_len > 32)
		kat_die("HKDF info too long");
	kat_tv_hkdf(k, name, mk, mk_len, full,
		    kat_full_info(ctx, info, info_len, full), out, out_len);
}

void kat_set_master_key(struct kat_case *c, const uint8_t *mk, size_t mk_len)
{
	extcrypt_master_key *key;
	uint8_t id[16];

	kat_try(extcrypt_master_key_new(mk, mk_len, &key), "master key");
	extcrypt_master_key_identifier(key, id);
	extcrypt_master_key_free(key);
	kat_set_hex(c, "master_key", mk, mk_len);
	kat_set_hex(c, "key_identifier", id, sizeof(id));
}

const char *kat_mode_name(int mode)
{
	const char *name = extcrypt_mode_name(mode);

	if (name == NULL)
		kat_die("unknown mode %d", mode);
	return name;
}

size_t kat_mode_iv_size(int mode)
{
	return mode == EXTCRYPT_MODE_ADIANTUM ||
			       mode == EXTCRYPT_MODE_AES_256_HCTR2
		       ? 32
		       : 16;
}

int kat_pair_filenames(int contents_mode)
{
	switch (contents_mode) {
	case EXTCRYPT_MODE_AES_256_XTS:
		return EXTCRYPT_MODE_AES_256_CTS;
	case EXTCRYPT_MODE_AES_128_CBC:
		return EXTCRYPT_MODE_AES_128_CTS;
	case EXTCRYPT_MODE_ADIANTUM:
		return EXTCRYPT_MODE_ADIANTUM;
	case EXTCRYPT_MODE_SM4_XTS:
		return EXTCRYPT_MODE_SM4_CTS;
	default:
		kat_die("no filenames mode for contents mode %d", contents_mode);
	}
}

int kat_pair_contents(int filenames_mode)
{
	switch (filenames_mode) {
	case EXTCRYPT_MODE_AES_256_CTS:
	case EXTCRYPT_MODE_AES_256_HCTR2:
		return EXTCRYPT_MODE_AES_256_XTS;
	case EXTCRYPT_MODE_AES_128_CTS:
		return EXTCRYPT_MODE_AES_128_CBC;
	case EXTCRYPT_MODE_ADIANTUM:
		return EXTCRYPT_MODE_ADIANTUM;
	case EXTCRYPT_MODE_SM4_CTS:
		return EXTCRYPT_MODE_SM4_XTS;
	default:
		kat_die("no contents mode for filenames mode %d", filenames_mode);
	}
}

const char *kat_policy_name(uint8_t flags)
{
	if (flags & EXTCRYPT_POLICY_FLAG_DIRECT_KEY)
		return "DIRECT_KEY";
	if (flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64)
		return "IV_INO_LBLK_64";
	if (flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32)
		return "IV_INO_LBLK_32";
	return "NONE";
}

void kat_derive_fields(struct kat *k, struct kat_case *c, const uint8_t *mk,
		       size_t mk_len, uint8_t ctx, const uint8_t *info,
		       size_t info_len, uint8_t *out, size_t out_len)
{
	uint8_t full[9 + 32];

	kat_hkdf(k, kat_case_id(c), mk, mk_len, ctx, info, info_len, out,
		 out_len);
	kat_set_u64(c, "hkdf_context", ctx);
	kat_set_hex(c, "hkdf_info", full, kat_full_info(ctx, info, info_len, full));
	kat_set_hex(c, "derived_key", out, out_len);
}

extcrypt_policy *kat_policy(const uint8_t *mk, size_t mk_len, int contents,
			    int filenames, uint8_t flags, uint8_t log2)
{
	extcrypt_master_key *key;
	extcrypt_policy *p;
	uint8_t id[16];

	kat_try(extcrypt_master_key_new(mk, mk_len, &key), "master key");
	extcrypt_master_key_identifier(key, id);
	extcrypt_master_key_free(key);
	kat_try(extcrypt_policy_new((uint8_t)contents, (uint8_t)filenames, flags,
				    log2, id, &p),
		"policy");
	return p;
}

extcrypt_inode *kat_inode(const uint8_t *mk, size_t mk_len, int contents,
			  int filenames, uint8_t flags, uint8_t log2,
			  const uint8_t nonce[16], uint32_t block, uint64_t ino,
			  const uint8_t *uuid, uint8_t ctx[40])
{
	extcrypt_policy *p = kat_policy(mk, mk_len, contents, filenames, flags,
					log2);
	extcrypt_master_key *key;
	extcrypt_inode *inode;
	size_t ctx_len;

	kat_try(extcrypt_master_key_new(mk, mk_len, &key), "master key");
	kat_try(extcrypt_inode_new_with_nonce(key, p, nonce, block, &inode),
		"inode");
	extcrypt_master_key_free(key);
	extcrypt_policy_free(p);
	if (flags & (EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64 |
		     EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32))
		kat_try(extcrypt_inode_set_ino(inode, ino, uuid), "inode number");
	if (ctx != NULL)
		kat_try(extcrypt_inode_context(inode, ctx, EXTCRYPT_CONTEXT_V2_SIZE,
					       &ctx_len),
			"inode context");
	return inode;
}

uint32_t kat_hashed_ino(struct kat *k, const char *name, const uint8_t *mk,
			size_t mk_len, uint64_t ino, uint8_t key[16])
{
	uint8_t msg[8], h[crypto_shorthash_siphash24_BYTES];

	kat_hkdf(k, name, mk, mk_len, EXTCRYPT_HKDF_CONTEXT_INODE_HASH_KEY, NULL,
		 0, key, 16);
	cli_put_le64(msg, ino);
	crypto_shorthash_siphash24(h, msg, sizeof(msg), key);
	return (uint32_t)cli_get_le64(h);
}

void kat_free(struct kat *k)
{
	for (size_t i = 0; i < k->ncases; i++) {
		for (size_t j = 0; j < k->cases[i].nfields; j++)
			free(k->cases[i].fields[j].value);
		free(k->cases[i].fields);
	}
	for (size_t i = 0; i < k->ntvs; i++) {
		free(k->tvs[i].name);
		free(k->tvs[i].a.p);
		free(k->tvs[i].b.p);
		free(k->tvs[i].c.p);
	}
	free(k->cases);
	free(k->tvs);
	memset(k, 0, sizeof(*k));
}
