/* SPDX-License-Identifier: MIT */
/*
 * kat.h - the known-answer vector set that `extcrypt kat` builds and writes.
 *
 * A set is a list of cases, each an ordered list of field=value strings
 * (exactly what the text format prints), plus the primitive vectors that
 * the kernel header carries (HKDF, AES-256-XTS and SM4-XTS over data
 * units, AES-CBC-CTS and SM4-CBC-CTS filenames), collected while the cases
 * are built.
 */
#ifndef EXTCRYPT_CLI_KAT_H
#define EXTCRYPT_CLI_KAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <extcrypt/extcrypt.h>

#include "cli.h"

/* The seed used when --seed is not given. */
#define KAT_DEFAULT_SEED "libextcrypt-kat-v1"

struct kat_field {
	const char *name; /* static */
	char *value;
};

struct kat_case {
	struct kat_field *fields;
	size_t nfields, cap;
};

enum kat_tv_kind {
	KAT_TV_HKDF, KAT_TV_XTS, KAT_TV_CTS, KAT_TV_SM4_XTS, KAT_TV_SM4_CTS
};

struct kat_buf {
	uint8_t *p;
	size_t n;
};

/* One vector of the kernel header. */
struct kat_tv {
	enum kat_tv_kind kind;
	char *name;
	struct kat_buf a, b, c; /* HKDF: ikm, info, okm; XTS/CTS: key, ptext, ctext */
	uint64_t first_index;   /* XTS, SM4-XTS */
	uint32_t du_size;       /* XTS, SM4-XTS */
};

struct kat {
	const char *seed;
	struct kat_case *cases;
	size_t ncases, case_cap;
	struct kat_tv *tvs;
	size_t ntvs, tv_cap;
};

/* ---- kat_core.c ----------------------------------------------------------- */

/*
 * The PRG every pseudo-random input comes from: the first `n` bytes of
 * B(0) || B(1) || ..., B(j) = SHA-512(seed || 0x00 || label || 0x00 ||
 * be32(j)).
 */
void kat_prg(const struct kat *k, const char *label, uint8_t *out, size_t n);

/* kat_prg with a printf-style label. */
void kat_prgf(const struct kat *k, uint8_t *out, size_t n, const char *fmt,
	      ...) CLI_PRINTF(4, 5);

/* A filename of `n` bytes from the PRG: characters of [A-Za-z0-9_-]. */
void kat_prg_name(const struct kat *k, const char *label, uint8_t *out,
		  size_t n);

/* Starts a case "case=<id>", "kind=<kind>"; ids must be unique. */
struct kat_case *kat_case(struct kat *k, const char *kind, const char *fmt,
			  ...) CLI_PRINTF(3, 4);

/* The case's id (its first field). */
const char *kat_case_id(const struct kat_case *c);

void kat_set(struct kat_case *c, const char *name, const char *fmt, ...)
	CLI_PRINTF(3, 4);
void kat_set_hex(struct kat_case *c, const char *name, const uint8_t *b,
		 size_t n);
void kat_set_u64(struct kat_case *c, const char *name, uint64_t v);

/* Header vectors; identical HKDF vectors are kept once. */
void kat_tv_hkdf(struct kat *k, const char *name, const uint8_t *ikm,
		 size_t ikm_len, const uint8_t *info, size_t info_len,
		 const uint8_t *okm, size_t okm_len);
void kat_tv_xts(struct kat *k, const char *name, const uint8_t key[64],
		uint64_t first_index, uint32_t du_size, const uint8_t *pt,
		const uint8_t *ct, size_t len);
void kat_tv_cts(struct kat *k, const char *name, const uint8_t *key,
		size_t key_len, const uint8_t *pt, const uint8_t *ct,
		size_t len);
/* Any cipher vector: XTS kinds carry first_index and du_size (CTS: 0).
 * The SM4 kinds: SM4-XTS data units (32-byte key), SM4-CTS names (16). */
void kat_tv_cipher(struct kat *k, enum kat_tv_kind kind, const char *name,
		   const uint8_t *key, size_t key_len, uint64_t first_index,
		   uint32_t du_size, const uint8_t *pt, const uint8_t *ct,
		   size_t len);

/* Frees everything the set holds. */
void kat_free(struct kat *k);

/* Stops the program with an error if `err` is not EXTCRYPT_OK. */
void kat_try(int err, const char *what);

/* Stops the program with an error message. */
void kat_die(const char *fmt, ...) CLI_PRINTF(1, 2) __attribute__((noreturn));

/* "fscrypt\0" || ctx || info, into `out` (room for 9 + info_len). */
size_t kat_full_info(uint8_t ctx, const uint8_t *info, size_t info_len,
		     uint8_t *out);

/* HKDF through the library: a master key object of `mk` and
 * extcrypt_master_key_derive.  Also records the HKDF header vector. */
void kat_hkdf(struct kat *k, const char *name, const uint8_t *mk,
	      size_t mk_len, uint8_t ctx, const uint8_t *info,
	      size_t info_len, uint8_t *out, size_t out_len);

/* kat_hkdf, then the case fields hkdf_context, hkdf_info, derived_key. */
void kat_derive_fields(struct kat *k, struct kat_case *c, const uint8_t *mk,
		       size_t mk_len, uint8_t ctx, const uint8_t *info,
		       size_t info_len, uint8_t *out, size_t out_len);

/* A v2 policy object for (mk, modes, flags, log2); the caller frees it. */
extcrypt_policy *kat_policy(const uint8_t *mk, size_t mk_len, int contents,
			    int filenames, uint8_t flags, uint8_t log2);

/* An inode of that policy with `nonce`, block size `block`; for
 * IV_INO_LBLK policies `ino` and `uuid` are set.  Its 40-byte context
 * goes to `ctx` if not NULL. */
extcrypt_inode *kat_inode(const uint8_t *mk, size_t mk_len, int contents,
			  int filenames, uint8_t flags, uint8_t log2,
			  const uint8_t nonce[16], uint32_t block, uint64_t ino,
			  const uint8_t *uuid, uint8_t ctx[40]);

/* low 32 bits of SipHash-2-4(HKDF(7), le64(ino)), with its key. */
uint32_t kat_hashed_ino(struct kat *k, const char *name, const uint8_t *mk,
			size_t mk_len, uint64_t ino, uint8_t key[16]);

/* The fields every case derived from a master key starts with. */
void kat_set_master_key(struct kat_case *c, const uint8_t *mk, size_t mk_len);

/* Mode helpers. */
const char *kat_mode_name(int mode);
size_t kat_mode_iv_size(int mode);
/* The filenames mode paired with a contents mode (and vice versa). */
int kat_pair_filenames(int contents_mode);
int kat_pair_contents(int filenames_mode);
/* "NONE", "DIRECT_KEY", "IV_INO_LBLK_64", "IV_INO_LBLK_32". */
const char *kat_policy_name(uint8_t flags);

/* The xfstests test key 01 02 .. 40, the nonce and UUID of docs/spec.md
 * Appendix A. */
extern const uint8_t kat_spec_mk[64];
extern const uint8_t kat_spec_nonce[16];
extern const uint8_t kat_spec_uuid[16];

/* The first indices every contents set covers. */
extern const uint64_t kat_indices[5];
#define KAT_NUM_DU_SIZES 8 /* 512 .. 65536 */

/* A rejected_input (or accepted_input, `expected` OK) case of input_type
 * `type`; stops the program if the library's status `got` is not
 * `expected`.  kat_finish_case adds input, expected_status and rule. */
struct kat_case *kat_input_case(struct kat *k, const char *id,
				const char *type, int expected, int got,
				const char *rule);
void kat_finish_case(struct kat_case *c, const uint8_t *input, size_t len,
		     int expected, const char *rule);

/* ---- generators ----------------------------------------------------------- */

void kat_gen_keys(struct kat *k);      /* kat_gen_keys.c */
void kat_gen_contents(struct kat *k);  /* kat_gen_data.c */
void kat_gen_filenames(struct kat *k); /* kat_gen_data.c */
void kat_gen_encodings(struct kat *k); /* kat_gen_enc.c */
void kat_gen_rejected(struct kat *k);  /* kat_gen_enc.c */
void kat_gen_ext4core(struct kat *k);  /* kat_gen_ext4core.c: v1, symlinks,
					* no-key names */

/* ---- kat_writers.c -------------------------------------------------------- */

int kat_write_text(const struct kat *k, FILE *f);
int kat_write_json(const struct kat *k, FILE *f);
int kat_write_kernel_header(const struct kat *k, FILE *f);

#endif /* EXTCRYPT_CLI_KAT_H */
