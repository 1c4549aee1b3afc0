// SPDX-License-Identifier: MIT
/*
 * Casefolding of names exactly as Linux computes it.
 *
 * ext4 hashes a name in a casefolded directory after utf8_casefold
 * (fs/unicode: canonical decomposition, NFD, then Unicode full case
 * folding, with the Unicode 12.1.0 tables the superblock's encoding
 * "utf8-12.1" names).  In a casefold + encrypt directory that folded
 * name is what the SipHash stored in every entry covers, so an offline
 * writer needs the folded bytes themselves, not only a comparison.
 *
 * libext2fs carries the same tables and the same algorithm (e2fsprogs
 * adapted them from the kernel so that e2fsck computes the same hashes),
 * but exports only ext2fs_load_nls_table, ext2fs_check_encoded_name and
 * ext2fs_casefold_cmp: the fold itself is the first op of the private
 * struct ext2fs_nls_ops (lib/ext2fs/ext2fsP.h).  We call that op through
 * a local mirror of the two private structures, and only when
 *
 *  - the libext2fs we were compiled against (pkg-config ext2fs) and the
 *    one we run with are both versions whose layout we checked: { int
 *    version; const ops *ops; } with the fold first, unchanged from 1.45.1
 *    (when the structures became private) to 1.47.4; we take 1.46.0 on,
 *    the first release that also exports the helpers called here;
 *  - the table is the one libext2fs itself returns for utf8-12.1 and its
 *    version field reads 12.1.0;
 *  - the op's address lies in the same object as ext2fs_casefold_cmp
 *    (dladdr), so a changed layout cannot send us through a stray pointer;
 *  - a self-check folds known names to their known forms (facts of
 *    Unicode 12.1: CaseFolding.txt and the canonical decompositions) and
 *    ext2fs_casefold_cmp, the exported comparison, agrees.
 *
 * Otherwise non-ASCII names are refused cleanly.  Why not another library:
 * ICU (Debian 12: ICU 72, Unicode 15) and libunistring implement newer
 * Unicode versions and their own normalisation entry points; Unicode's
 * stability policies keep NFD and case folding of characters assigned in
 * 12.1 unchanged, but the kernel's fold is its own composition of the two
 * (decompose, fold, decompose again, reorder marks), so any difference in
 * that composition would give a different hash, silently.  libext2fs is
 * the code e2fsck checks our images with: the same bytes, by construction.
 * ASCII names fold to their ASCII lower case and need none of this.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* dladdr */
#endif
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "ext4/casefold.h"
#include "ext4/ext4_internal.h"

/* Unicode 12.1.0 as libext2fs and the kernel encode a version. */
#define UNICODE_12_1_0 ((12u << 16) | (1u << 8) | 0u)

/* libext2fs versions whose private nls layout was checked. */
#define LAYOUT_MIN 14600 /* 1.46.0: the first with the exported helpers too */
#define LAYOUT_MAX 14799 /* 1.47.x */

#ifndef EXTCRYPT_EXT2FS_VERSION
#define EXTCRYPT_EXT2FS_VERSION 0 /* unknown at build time: never used */
#endif

/* Mirror of the private structures (lib/ext2fs/ext2fsP.h, 1.46.0-1.47.4):
 * only the first op is declared, nothing after it is touched. */
typedef int (*fold_fn)(const struct ext2fs_nls_table *table,
		       const unsigned char *str, size_t len,
		       unsigned char *dest, size_t dlen);
struct nls_ops_mirror {
	fold_fn casefold;
};
struct nls_table_mirror {
	int version;
	const struct nls_ops_mirror *ops;
};

/* Known folds: input, its fold. */
static const struct {
	const char *in, *out;
} known[] = {
	{ "MiXeD.Case", "mixed.case" },
	/* U+00DC etc.: decomposed, then the base letter folded. */
	{ "\xc3\x9cn\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9", "u\xcc\x88ni\xcc\x88" "co\xcc\x88" "de\xcc\x81" },
	/* U+00DF folds to "ss" (full folding: the name gets longer). */
	{ "stra\xc3\x9f" "e", "strasse" },
	/* U+03A3 U+038A: sigma, iota with tonos (decomposed). */
	{ "\xce\xa3\xce\x8a", "\xcf\x83\xce\xb9\xcc\x81" },
	/* U+D55C: a Hangul syllable decomposes algorithmically into jamo. */
	{ "\xed\x95\x9c", "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab" },
	/* U+212A KELVIN SIGN: singleton decomposition to K, folded. */
	{ "\xe2\x84\xaa", "k" },
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static fold_fn fold;
static const struct ext2fs_nls_table *utf8_table;
static char why_not[160];

static int parse_version(const char *s)
{
	int a = 0, b = 0, c = 0;

	if (!s || sscanf(s, "%d.%d.%d", &a, &b, &c) < 2)
		return 0;
	return a * 10000 + b * 100 + c;
}

static int same_object(const void *p, const void *q)
{
	Dl_info a, b;

	if (!dladdr(p, &a) || !dladdr(q, &b) || !a.dli_fbase)
		return 0;
	return a.dli_fbase == b.dli_fbase;
}

int extcrypt_ext4r_casefold_layout_known(int built, const char *runtime)
{
	int run = parse_version(runtime);

	return built >= LAYOUT_MIN && built <= LAYOUT_MAX && run >= LAYOUT_MIN &&
	       run <= LAYOUT_MAX;
}

static void check_layout(void)
{
	const struct nls_table_mirror *t;
	const char *ver = NULL, *date = NULL;
	fold_fn f;

	ext2fs_get_library_version(&ver, &date);
	if (!extcrypt_ext4r_casefold_layout_known(EXTCRYPT_EXT2FS_VERSION, ver)) {
		snprintf(why_not, sizeof(why_not),
			 "libext2fs %s (built against %d): its private casefolding layout is known for 1.46.0 to 1.47.x only",
			 ver ? ver : "?", EXTCRYPT_EXT2FS_VERSION);
		return;
	}
	utf8_table = ext2fs_load_nls_table(EXT4_ENC_UTF8_12_1);
	t = (const struct nls_table_mirror *)(const void *)utf8_table;
	if (!t || t->version != (int)UNICODE_12_1_0 || !t->ops ||
	    !same_object((const void *)(uintptr_t)t->ops->casefold,
			 (const void *)(uintptr_t)&ext2fs_casefold_cmp)) {
		snprintf(why_not, sizeof(why_not),
			 "libext2fs %s: its utf8-12.1 table does not have the expected layout", ver);
		return;
	}
	f = t->ops->casefold;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		unsigned char buf[64];
		size_t ilen = strlen(known[i].in), olen = strlen(known[i].out);
		int n = f(utf8_table, (const unsigned char *)known[i].in, ilen, buf,
			  sizeof(buf));

		if (n < 0 || (size_t)n != olen || memcmp(buf, known[i].out, olen) != 0 ||
		    ext2fs_casefold_cmp(utf8_table, buf, (size_t)n,
					(const unsigned char *)known[i].in, ilen) != 0) {
			snprintf(why_not, sizeof(why_not),
				 "libext2fs %s: its casefolding failed the self-check (known name %zu)",
				 ver, i);
			return;
		}
	}
	fold = f;
}

void extcrypt_ext4r_siphash_pair(uint64_t h, uint32_t *hash, uint32_t *minor)
{
	*hash = (uint32_t)(h >> 32) & ~1u;
	if (*hash == 0xFFFFFFFEu)
		*hash = 0xFFFFFFFCu;
	*minor = (uint32_t)h;
}

int extcrypt_ext4r_casefold_usable(const char **why)
{
	pthread_once(&once, check_layout);
	if (why)
		*why = fold ? NULL : why_not;
	return fold != NULL;
}

int extcrypt_ext4r_casefold(const struct ext2fs_nls_table *table,
			    const char *name, size_t len, uint8_t *out,
			    size_t cap, size_t *out_len)
{
	char copy[EXTCRYPT_NAME_MAX + 1], *pos = NULL;
	const char *why;
	size_t i;
	int n;

	for (i = 0; i < len && (unsigned char)name[i] < 0x80; i++)
		;
	if (i == len) { /* ASCII: NFD and case folding give the lower case */
		if (cap < len)
			return extcrypt_ext4r_fail(EXTCRYPT_E_OUTPUT_SPACE,
						   "casefolded name longer than %zu bytes", cap);
		for (i = 0; i < len; i++) {
			unsigned char c = (unsigned char)name[i];

			out[i] = (uint8_t)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		*out_len = len;
		return EXTCRYPT_OK;
	}
	if (!extcrypt_ext4r_casefold_usable(&why))
		return extcrypt_ext4r_fail(EXTCRYPT_E_UNSUPPORTED,
					   "non-ASCII name in a casefolded directory: %s", why);
	if (!table || table != utf8_table)
		return extcrypt_ext4r_fail(EXTCRYPT_E_UNSUPPORTED,
					   "non-ASCII name in a casefolded directory: the image's encoding is not utf8-12.1");
	if (len > EXTCRYPT_NAME_MAX)
		return extcrypt_ext4r_fail(EXTCRYPT_E_NAME_TOO_LONG,
					   "name of %zu bytes (ext4 allows 255)", len);
	memcpy(copy, name, len);
	copy[len] = '\0';
	if (ext2fs_check_encoded_name(table, copy, len, &pos) != 0)
		return extcrypt_ext4r_fail(EXTCRYPT_E_BAD_NAME,
					   "name not valid in a casefolded directory: byte %td is not valid UTF-8 (ext4's strict encoding rules)",
					   pos ? pos - copy : (ptrdiff_t)0);
	n = fold(table, (const unsigned char *)name, len, out, cap);
	if (n < 0)
		return extcrypt_ext4r_fail(n == -ENAMETOOLONG ? EXTCRYPT_E_OUTPUT_SPACE
							      : EXTCRYPT_E_BAD_NAME,
					   "name cannot be casefolded (libext2fs error %d)", n);
	*out_len = (size_t)n;
	return EXTCRYPT_OK;
}
