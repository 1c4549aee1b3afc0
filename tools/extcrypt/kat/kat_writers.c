// SPDX-License-Identifier: MIT
/*
 * kat_writers.c - the three output formats of `extcrypt kat`: the line
 * format of fscrypt-v2.txt (extended), the same cases as JSON, and the C
 * header for the kernel patch's self-tests.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kat.h"

/* The description of the format, written at the top of the text file and
 * into the JSON "comment" array. */
static const char *const format_doc[] = {
	"FORMAT (line based, version 1; the format of tests/vectors/fscrypt-v2.txt,",
	"extended with new kinds and fields)",
	"  * '#' lines are comments; blank lines separate cases.",
	"  * A case is a run of \"field=value\" lines starting with \"case=\".  No",
	"    spaces around '='.  Hex is lowercase, no prefix; integers are unsigned",
	"    decimal.  Readers must ignore unknown fields.",
	"",
	"PSEUDO-RANDOM INPUTS",
	"  Keys, nonces, UUIDs, inode numbers, plaintexts and names come from",
	"    prg(label, n) = first n bytes of B(0) || B(1) || ...,",
	"    B(j) = SHA-512(seed || 0x00 || label || 0x00 || be32(j)),",
	"  seed and label as ASCII without terminator.  Labels are \"<case>/<field>\"",
	"  (fields master_key, nonce, fs_uuid, extent_nonce, key_identifier,",
	"  key_descriptor, input; inode_number = be32 of prg(\"<case>/inode_number\",",
	"  4) with bit 0 set), \"<group>/<field>\" for values that several cases",
	"  share, \"plaintext/du<size>/units<n>\" for contents and \"name/len<n>\"",
	"  for filenames (each byte b becomes the character [A-Za-z0-9-_][b mod",
	"  64]); a directory's keys use the label prefix of",
	"  its cases without \"-len<n>\".  Cases labelled \"docs/spec.md ...\" use the",
	"  fixed inputs of docs/spec.md Appendix A instead (master key 01..40,",
	"  nonce 00112233445566778899aabbccddeeff, UUID",
	"  0123456789abcdeffedcba9876543210, all-zero plaintext).",
	"",
	"KINDS",
	"  key_identifier   HKDF-SHA512(master_key, info \"fscrypt\\0\" 01, 16 bytes)",
	"  file_key         per-file key: HKDF context 2, info = nonce",
	"  mode_key         DIRECT_KEY (context 3, info = mode number) and",
	"                   IV_INO_LBLK_64/32 keys (4/6, info = mode || fs_uuid)",
	"  inode_hash       context 7 key and hashed_ino (IV_INO_LBLK_32)",
	"  dirhash          context 5 key (info = directory nonce) and the SipHash-2-4",
	"                   of name",
	"  extent_key       per-extent key of a profile: context hkdf_context, info =",
	"                   extent_nonce, L = key size of mode",
	"  contents         file contents, scope=file (data unit index from the file",
	"                   start) or scope=extent (index from the extent start)",
	"  filename         a directory entry name",
	"  policy_encoding  a valid fscrypt_policy_v1/v2 and its fields",
	"  inode_context    the fscrypt_context_v2 of a new inode",
	"  extent_context   the extent context a profile writes",
	"  rejected_input   an input the library must refuse, with expected_status",
	"  accepted_input   an input that looks wrong but that the rule accepts",
	"  key_descriptor   v1: SHA-512(SHA-512(master_key)), first 8 bytes",
	"  v1_contents      file contents of a v1 inode (28-byte inode_context)",
	"  v1_filename      a directory entry name of a v1 directory",
	"  symlink          an encrypted symlink target: disk = le16(n) || n bytes",
	"  nokey_name       the name the kernel lists for ciphertext without the key",
	"",
	"FIELDS",
	"  case, kind, label  id, kind, optional free text",
	"  master_key       raw master key (16..64 bytes)",
	"  key_identifier   its identifier (context 1), or a policy's identifier",
	"  policy           contents, filename: NONE | DIRECT_KEY | IV_INO_LBLK_64 |",
	"                   IV_INO_LBLK_32; policy_encoding, inode_context,",
	"                   key_strength inputs: the policy bytes",
	"  mode, mode_num   fscrypt mode name and number of the derived key",
	"  nonce            the inode's (contents) or directory's (filename) nonce",
	"  inode_number, fs_uuid  (IV_INO_LBLK_*) inode number, filesystem UUID",
	"  ino_hash_key, hashed_ino  (IV_INO_LBLK_32) HKDF context 7 key; low 32",
	"                   bits of SipHash-2-4(ino_hash_key, le64(inode_number))",
	"  inode_context    the 40-byte context of the inode (contents: the file;",
	"                   filename: the directory; extent: the writing inode),",
	"                   log2_data_unit_size 0, filesystem block = data_unit_size",
	"                   (filename, inputs: block_size)",
	"  scope, profile   contents: file | extent; extent profile name",
	"  extent_nonce, extent_context  the extent's nonce and its context bytes",
	"  hkdf_context     the context byte after \"fscrypt\\0\"",
	"  hkdf_info        full HKDF info: \"fscrypt\\0\" || hkdf_context || info",
	"  derived_key      HKDF-SHA512(IKM master_key, salt none, hkdf_info, L =",
	"                   key size of mode) - the key given to mode; v1 cases:",
	"                   AES-128-ECB(key nonce, master_key[0..L)), DIRECT_KEY:",
	"                   master_key[0..L)",
	"  policy_version   symlink: 1 (inode_context is a v1 context) or 2",
	"  max_disk_len     symlink: the filesystem's limit; n <= max_disk_len - 3",
	"  target, disk     symlink: the target; le16(n) || ciphertext of the",
	"                   target NUL-padded like a filename, capped at",
	"                   max_disk_len - 3",
	"  form             nokey_name: short (ciphertext <= 149 bytes) or long",
	"  hash, minor_hash nokey_name: the dirhash words (little-endian in the name)",
	"  nokey_name       base64url, no padding, of le32(hash) || le32(minor_hash)",
	"                   || ciphertext (short) or || its first 149 bytes ||",
	"                   SHA-256 of the rest (long)",
	"  data_unit_size   contents: bytes per data unit; filename: 255 (NAME_MAX)",
	"  data_unit_index  index of the first data unit; unit j uses index + j",
	"                   (mod 2^32 inside the IV of IV_INO_LBLK_32)",
	"  padding          filename padding, 4 << (flags & 3)",
	"  iv               IV of the first unit (filename: of the name): 16 bytes",
	"                   for XTS/CBC/CTS, 32 for Adiantum/HCTR2; scope=extent and",
	"                   NONE: le64(index) || 0; DIRECT_KEY: le64(index) || nonce",
	"                   || 0; IV_INO_LBLK_64: le32(index) || le32(inode_number)",
	"                   || 0; IV_INO_LBLK_32: le32(hashed_ino + index) || 0.",
	"                   AES-128-CBC-ESSIV: the IV before ESSIV",
	"  plaintext        contents: whole data units; filename: the name, unpadded",
	"  ciphertext       contents: each unit encrypted on its own; filename: the",
	"                   name NUL-padded to min(roundup(max(len, 16), padding),",
	"                   255) bytes, encrypted as one message",
	"  name, dirhash    dirhash: the name, and SipHash-2-4 as 16 hex digits",
	"                   (the 64-bit value, most significant digit first)",
	"  version, contents_mode, filenames_mode, flags, flag_names,",
	"  log2_data_unit_size, key_descriptor  policy_encoding: the fields",
	"  extent_check     policy_encoding: the status extcrypt_policy_check_extent",
	"                   gives the policy",
	"  context_size     extent_context: bytes in extent_context",
	"  input_type       what input is, and how it is checked:",
	"                     policy          extcrypt_policy_decode(input)",
	"                     extent_policy   extcrypt_policy_check_extent on the",
	"                                     (valid) policy input",
	"                     inode_context   extcrypt_inode_load(master_key, input,",
	"                                     block_size)",
	"                     extent_context  extcrypt_extent_load(inode of",
	"                                     inode_context, profile, input)",
	"                     master_key      extcrypt_master_key_new(input)",
	"                     key_strength    extcrypt_inode_new_with_nonce(key of",
	"                                     input, policy, nonce, block_size)",
	"                     name            extcrypt_inode_encrypt_name(directory",
	"                                     of inode_context, input, max 255)",
	"                     encrypted_name  extcrypt_inode_decrypt_name(same, input)",
	"                     contents        extcrypt_inode_encrypt(inode of",
	"                                     inode_context with inode_number and",
	"                                     fs_uuid if given, data_unit_index, input)",
	"                     extent_contents extcrypt_extent_encrypt(extent of that",
	"                                     inode, profile, extent_nonce, ...)",
	"                     symlink         extcrypt_inode_decrypt_symlink(inode of",
	"                                     inode_context, input)",
	"                     nokey_name      extcrypt_nokey_name_match(input, 16",
	"                                     zero bytes, 0, 0)",
	"  input            the input bytes",
	"  expected_status  EXTCRYPT_OK or the EXTCRYPT_E_* status",
	"  rule             the docs/spec.md rule it tests",
};

static void write_doc(FILE *f, const char *prefix)
{
	for (size_t i = 0; i < CLI_ARRAY_SIZE(format_doc); i++) {
		fputs(prefix, f);
		if (format_doc[i][0] != '\0')
			fprintf(f, " %s", format_doc[i]);
		fputc('\n', f);
	}
}

static size_t count_kind(const struct kat *k, const char *kind)
{
	size_t n = 0;

	for (size_t i = 0; i < k->ncases; i++)
		if (strcmp(k->cases[i].fields[1].value, kind) == 0)
			n++;
	return n;
}

static const char *const kinds[] = {
	"key_identifier", "file_key", "mode_key", "inode_hash", "dirhash",
	"extent_key", "contents", "filename", "policy_encoding",
	"inode_context", "extent_context", "rejected_input", "accepted_input",
	"key_descriptor", "v1_contents", "v1_filename", "symlink", "nokey_name",
};

static int finish(FILE *f)
{
	if (fflush(f) != 0 || ferror(f))
		return cli_error("write error");
	return CLI_OK;
}

int kat_write_text(const struct kat *k, FILE *f)
{
	fputs("# libextcrypt known-answer vectors: fscrypt v2 and per-extent encryption\n", f);
	fprintf(f, "# Generated by: extcrypt kat --format=text --seed=\"%s\" (libextcrypt %s).\n",
		k->seed, extcrypt_version_string());
	fputs("# Do not edit; regenerate.  License: MIT.\n", f);
	fprintf(f, "# %zu cases:", k->ncases);
	for (size_t i = 0; i < CLI_ARRAY_SIZE(kinds); i++)
		fprintf(f, "%s %zu %s", i ? "," : "", count_kind(k, kinds[i]), kinds[i]);
	fputs(".\n#\n", f);
	write_doc(f, "#");
	for (size_t i = 0; i < k->ncases; i++) {
		const struct kat_case *c = &k->cases[i];

		fputc('\n', f);
		for (size_t j = 0; j < c->nfields; j++)
			fprintf(f, "%s=%s\n", c->fields[j].name, c->fields[j].value);
	}
	return finish(f);
}

int kat_write_json(const struct kat *k, FILE *f)
{
	char gen[256];

	snprintf(gen, sizeof(gen),
		 "extcrypt kat --format=json --seed=\"%s\" (libextcrypt %s)",
		 k->seed, extcrypt_version_string());
	fputs("{\n  \"format\": \"extcrypt-kat\",\n  \"format_version\": 1,\n", f);
	fputs("  \"generator\": ", f);
	cli_json_string(f, gen);
	fputs(",\n  \"seed\": ", f);
	cli_json_string(f, k->seed);
	fputs(",\n  \"comment\": [\n", f);
	fputs("    \"The cases of extcrypt-kat.txt; every value is a string holding exactly\",\n", f);
	fputs("    \"the text format's value.  The format description follows.\",\n", f);
	for (size_t i = 0; i < CLI_ARRAY_SIZE(format_doc); i++) {
		fputs("    ", f);
		cli_json_string(f, format_doc[i]);
		fputs(i + 1 < CLI_ARRAY_SIZE(format_doc) ? ",\n" : "\n", f);
	}
	fputs("  ],\n  \"cases\": [", f);
	for (size_t i = 0; i < k->ncases; i++) {
		const struct kat_case *c = &k->cases[i];

		fputs(i ? ",\n    {" : "\n    {", f);
		for (size_t j = 0; j < c->nfields; j++) {
			fputs(j ? ",\n      " : "\n      ", f);
			cli_json_string(f, c->fields[j].name);
			fputs(": ", f);
			cli_json_string(f, c->fields[j].value);
		}
		fputs("\n    }", f);
	}
	fputs("\n  ]\n}\n", f);
	return finish(f);
}

/* ---- the kernel header ------------------------------------------------------ */

/* Byte arrays are emitted once each; identical strings share a name. */
struct arrays {
	const struct kat_buf **bufs;
	size_t n, cap;
	size_t *slots; /* open addressing: index + 1, or 0 */
	size_t nslots;
};

static uint64_t hash_buf(const struct kat_buf *b)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (size_t i = 0; i < b->n; i++)
		h = (h ^ b->p[i]) * UINT64_C(0x100000001b3);
	return h ^ b->n;
}

/* Returns the array number of `b`, adding it (and writing it) if new. */
static size_t array_id(struct arrays *a, const struct kat_buf *b, FILE *f)
{
	size_t s = (size_t)(hash_buf(b) % a->nslots);

	while (a->slots[s] != 0) {
		const struct kat_buf *o = a->bufs[a->slots[s] - 1];

		if (o->n == b->n && memcmp(o->p, b->p, b->n) == 0)
			return a->slots[s] - 1;
		s = (s + 1) % a->nslots;
	}
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 256;
		a->bufs = cli_realloc(a->bufs, a->cap * sizeof(*a->bufs));
	}
	a->bufs[a->n] = b;
	a->slots[s] = ++a->n;
	fprintf(f, "static const u8 extcrypt_tv_%zu[] = {", a->n - 1);
	for (size_t i = 0; i < b->n; i++)
		fprintf(f, "%s0x%02x,", i % 12 == 0 ? "\n\t" : " ", b->p[i]);
	fputs("\n};\n", f);
	return a->n - 1;
}

static void c_string(FILE *f, const char *s)
{
	/* Case ids are [A-Za-z0-9._^-]; JSON escaping is valid C here. */
	cli_json_string(f, s);
}

int kat_write_kernel_header(const struct kat *k, FILE *f)
{
	struct arrays a = { 0 };
	size_t *ids = cli_malloc(k->ntvs * 3 * sizeof(*ids));
	/* Table names, and the struct each table's entries are. */
	static const char *const tables[] = { "hkdf", "xts", "cts", "sm4_xts",
					      "sm4_cts" };
	static const char *const types[] = { "hkdf", "xts", "cts", "xts", "cts" };

	a.nslots = 4 * k->ntvs * 3 + 1;
	a.slots = calloc(a.nslots, sizeof(*a.slots));
	if (a.slots == NULL)
		return cli_error("out of memory");
	fputs("/* SPDX-License-Identifier: GPL-2.0-or-later OR MIT */\n/*\n"
	      " * Known-answer vectors for fscrypt v2 and per-extent encryption.\n", f);
	fprintf(f, " * This file was generated by: extcrypt kat --format=kernel-header --seed=\"%s\"\n",
		k->seed);
	fprintf(f, " * (libextcrypt %s).  Do not edit; regenerate.\n", extcrypt_version_string());
	fputs(" *\n"
	      " * Each vector is named after the case of tests/vectors/extcrypt-kat.txt it\n"
	      " * comes from.  HKDF: every distinct derivation of the cases.  XTS: the\n"
	      " * AES-256-XTS contents cases with default IVs (per-file policy NONE, and\n"
	      " * every extent case) of at most 8192 bytes.  CTS: the AES-CBC-CTS filename\n"
	      " * cases of policy NONE with name lengths 1, 15, 16, 17, 31, 32, 33, 47,\n"
	      " * 48, 49, 100, 254, 255 (the text and JSON files carry every case).\n"
	      " * SM4_XTS and SM4_CTS: the same selection for SM4-XTS (xts(sm4), 32-byte\n"
	      " * keys) and SM4-CTS-CBC (cts(cbc(sm4)), 16-byte keys), in the XTS and CTS\n"
	      " * structs.\n"
	      " */\n"
	      "#ifndef _EXTCRYPT_TESTVECS_H\n#define _EXTCRYPT_TESTVECS_H\n\n"
	      "/* HKDF-SHA512, salt = none (64 zero bytes), as fscrypt uses it. */\n"
	      "struct extcrypt_hkdf_testvec {\n"
	      "\tconst char *name;\n"
	      "\tconst u8 *ikm;  size_t ikm_len;   /* the raw master key */\n"
	      "\tconst u8 *info; size_t info_len;  /* the full info: \"fscrypt\\0\" || context byte || context info */\n"
	      "\tconst u8 *okm;  size_t okm_len;   /* expected output */\n"
	      "};\n\n"
	      "/* AES-256-XTS (or SM4-XTS) over whole data units, fscrypt default IVs:\n"
	      " * unit j uses IV = le64(first_index + j) || 8 zero bytes. */\n"
	      "struct extcrypt_xts_testvec {\n"
	      "\tconst char *name;\n"
	      "\tconst u8 *key;                    /* data key || tweak key: 64 bytes (SM4: 32) */\n"
	      "\tu64 first_index;\n"
	      "\tu32 data_unit_size;\n"
	      "\tconst u8 *ptext; const u8 *ctext; size_t len;  /* len is a multiple of data_unit_size */\n"
	      "};\n\n"
	      "/* AES-CBC-CTS (or SM4), CS3 (\"always swap\", the kernel's cts(cbc(aes))), all-zero IV:\n"
	      " * fscrypt filename encryption of an already NUL-padded name. */\n"
	      "struct extcrypt_cts_testvec {\n"
	      "\tconst char *name;\n"
	      "\tconst u8 *key; size_t key_len;    /* 16 or 32 */\n"
	      "\tconst u8 *ptext; const u8 *ctext; size_t len;  /* len >= 16 */\n"
	      "};\n\n", f);
	for (size_t i = 0; i < k->ntvs; i++) {
		ids[3 * i] = array_id(&a, &k->tvs[i].a, f);
		ids[3 * i + 1] = array_id(&a, &k->tvs[i].b, f);
		ids[3 * i + 2] = array_id(&a, &k->tvs[i].c, f);
	}
	for (int t = KAT_TV_HKDF; t <= KAT_TV_SM4_CTS; t++) {
		fprintf(f, "\nstatic const struct extcrypt_%s_testvec extcrypt_%s_testvecs[] = {\n",
			types[t], tables[t]);
		for (size_t i = 0; i < k->ntvs; i++) {
			const struct kat_tv *tv = &k->tvs[i];
			const size_t *id = &ids[3 * i];

			if ((int)tv->kind != t)
				continue;
			fputs("\t{\n\t\t.name = ", f);
			c_string(f, tv->name);
			fputs(",\n", f);
			if (t == KAT_TV_HKDF) {
				fprintf(f, "\t\t.ikm = extcrypt_tv_%zu, .ikm_len = %zu,\n"
					   "\t\t.info = extcrypt_tv_%zu, .info_len = %zu,\n"
					   "\t\t.okm = extcrypt_tv_%zu, .okm_len = %zu,\n",
					id[0], tv->a.n, id[1], tv->b.n, id[2], tv->c.n);
			} else if (t == KAT_TV_XTS || t == KAT_TV_SM4_XTS) {
				fprintf(f, "\t\t.key = extcrypt_tv_%zu,\n"
					   "\t\t.first_index = 0x%016" PRIx64 "ULL,\n"
					   "\t\t.data_unit_size = %" PRIu32 ",\n"
					   "\t\t.ptext = extcrypt_tv_%zu, .ctext = extcrypt_tv_%zu, .len = %zu,\n",
					id[0], tv->first_index, tv->du_size, id[1], id[2],
					tv->b.n);
			} else {
				fprintf(f, "\t\t.key = extcrypt_tv_%zu, .key_len = %zu,\n"
					   "\t\t.ptext = extcrypt_tv_%zu, .ctext = extcrypt_tv_%zu, .len = %zu,\n",
					id[0], tv->a.n, id[1], id[2], tv->b.n);
			}
			fputs("\t},\n", f);
		}
		fputs("};\n", f);
	}
	fputs("\n#endif /* _EXTCRYPT_TESTVECS_H */\n", f);
	free(a.slots);
	free(a.bufs);
	free(ids);
	return finish(f);
}
