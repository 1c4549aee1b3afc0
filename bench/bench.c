// SPDX-License-Identifier: MIT
/*
 * extcrypt-bench - libextcrypt's AES-256-XTS and per-extent key setup,
 * side by side with OpenSSL, in one process on the same buffers.
 *
 * Every libextcrypt implementation usable on this CPU is first checked
 * against OpenSSL.  Then, for each row shape (unit size, units per call,
 * threads, direction), OpenSSL EVP and every implementation are measured
 * as one group with interleaved repetitions (timing.h), and the group is
 * printed with each row's ratio to OpenSSL.  See --help for the rows and
 * the columns.
 */
#define EXTCRYPT_EXPERIMENTAL
#include <extcrypt/extcrypt.h>

#include <errno.h>
#include <getopt.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csum.h"
#include "engines.h"
#include "keysetup.h"
#include "timing.h"

#define MAX_ENGINES BENCH_MAX_WORK /* OpenSSL + ours, measured together */
#define BUF_BYTES ((size_t)1 << 20)   /* the 256-unit rows' working set */
#define SMALL_SET ((size_t)64 << 10)  /* the other rows' working set */
#define KEY_CONTEXTS 4096             /* distinct extents cycled through */

/* Run lengths.  --quick is the default table of the README: it must stay
 * well under 20 s on a 2-core machine with every row. */
static const struct bench_params quick_params = { 0.05, 0.010, 7 };
static const struct bench_params full_params = { 0.25, 0.030, 11 };

/* The data-path rows: unit size, units per call, threads. */
struct shape {
	unsigned unit, per_call, threads;
};

static const struct shape shapes[] = {
	{ 4096, 1, 1 },   /* the disk pattern: one call per 4 KiB unit */
	{ 4096, 16, 1 },  /* 64 KiB per call */
	{ 4096, 256, 1 }, /* 1 MiB per call */
	{ 512, 1, 1 },    /* small units: the per-call cost dominates */
	{ 4096, 1, 2 },
	{ 4096, 256, 2 },
};

struct row {
	const char *op, *impl, *method;
	unsigned unit, per_call, threads;
	double bytes_per_call; /* per thread; 0 for key rows */
	struct bench_stats st;
	double ratio; /* OpenSSL ns / ours; < 0 if there is no reference */
};

static struct {
	bool quick, json;
	const char *engines[MAX_ENGINES]; /* OpenSSL first */
	size_t n_engines;
	uint8_t key[64];
	int cpu_single, cpu_pair[2];
	size_t n_cpus;
	bool have_pair;
	uint8_t *src[2], *dst[2];
	struct row *rows;
	size_t n_rows, cap_rows, n_noisy;
	const struct bench_params *params;
} g;

static void die(const char *msg)
{
	fprintf(stderr, "extcrypt-bench: %s\n", msg);
	exit(1);
}

/* ---- command line --------------------------------------------------- */

static void list_impls(FILE *f)
{
	fprintf(f, "Implementations in this build:");
	for (size_t i = 0; i < extcrypt_xts_impl_count(); i++) {
		const char *n = extcrypt_xts_impl_name_at(i);

		fprintf(f, " %s%s", n,
			extcrypt_xts_impl_usable(n) ? "" : " (not on this CPU)");
	}
	fprintf(f, "\n");
}

/* A command-line error: exit status 2, as usual for usage errors. */
static void bad_usage(const char *msg, const char *arg)
{
	if (msg != NULL)
		fprintf(stderr, "extcrypt-bench: %s%s%s%s\n", msg,
			arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
	fprintf(stderr, "Try 'extcrypt-bench --help'.\n");
	exit(2);
}

static void usage(void)
{
	printf(
"Usage: extcrypt-bench [--quick] [--json] [--impl NAME[,NAME...]]\n"
"\n"
"Times libextcrypt's AES-256-XTS implementations and OpenSSL EVP in one\n"
"process on the same buffers, after checking every implementation's output\n"
"against OpenSSL (a mismatch exits with status 1).\n"
"\n"
"Rows (encrypt and decrypt each):\n"
"  4096-byte units, 1 unit per call   64 KiB working set, 1 and 2 threads\n"
"  4096-byte units, 16 per call       64 KiB per call\n"
"  4096-byte units, 256 per call      1 MiB per call, 1 and 2 threads\n"
"  512-byte units, 1 unit per call    64 KiB working set\n"
"OpenSSL has no multi-unit call: its row for N units per call is its\n"
"per-unit loop (EVP_CipherInit_ex with the IV, EVP_CipherUpdate) over the\n"
"same N units.  Then per-extent key setup (key_setup; key_batch8 and\n"
"key_batch64: extcrypt_extent_load_batch of 8 or 64 contexts, timed per\n"
"key) and the key derivation alone (key_derive), against OpenSSL EVP_KDF\n"
"HKDF.  Then the btrfs checksums of ciphertext (csum.h): each type alone\n"
"over 4 KiB sectors, and extent encryption / decryption with a crc32c per\n"
"sector, their ratios against the first row of their group (not OpenSSL).\n"
"\n"
"Columns: GB/s = 1e9 bytes/s, summed over threads; TSC c/B = TSC ticks per\n"
"byte on one core (x86 only); ns/call = wall time of one call; vs OpenSSL =\n"
"OpenSSL's time / ours for the same op, unit, units per call and threads\n"
"(above 1: faster than OpenSSL); cpu%% = CPU time the bench got / wall\n"
"time, flagged '!' below 90%% (preempted by other load in this OS; load on\n"
"the host is invisible to it).  Each figure is the median of the\n"
"repetitions after a warm-up, with [min - max]; the repetitions of OpenSSL\n"
"and of each implementation alternate, so load that comes and goes hits\n"
"them alike.  One thread runs pinned to CPU 1 (if there are two), two\n"
"threads on CPUs 0 and 1, each with its own buffers and cipher object.\n"
"\n"
"Options:\n"
"  --quick       short repetitions (about 10 s in all); default is ~1 min\n"
"  --json        print a JSON array of rows instead of the table\n"
"  --impl LIST   time only these libextcrypt implementations (comma-\n"
"                separated); OpenSSL is always timed as the reference, and\n"
"                \"--impl openssl\" times OpenSSL alone.  If LIST names one\n"
"                implementation and EXTCRYPT_IMPL is unset, it becomes the\n"
"                default (EXTCRYPT_IMPL), which the key rows run on; key rows\n"
"                are timed when the default implementation is selected.\n"
"  --help        this text\n"
"\n");
	list_impls(stdout);
}

/* The library's (static) string for implementation `name`, or NULL.  An
 * older name that stands for a variant on this CPU ("vaes-avx512") gives
 * the variant's name, which is what the rows then show. */
static const char *impl_name(const char *name)
{
	static const uint8_t key[64] = { 1 }; /* halves differ */
	extcrypt_cipher *c;
	const char *real = NULL;

	for (size_t i = 0; i < extcrypt_xts_impl_count(); i++)
		if (strcmp(extcrypt_xts_impl_name_at(i), name) == 0)
			return extcrypt_xts_impl_name_at(i);
	if (extcrypt_xts_impl_usable(name) &&
	    extcrypt_cipher_new_impl(EXTCRYPT_MODE_AES_256_XTS, key, 64, name, &c) == 0) {
		real = impl_name(extcrypt_cipher_impl_name(c));
		extcrypt_cipher_free(c);
	}
	return real;
}

static bool selected(const char *list, const char *name)
{
	size_t n = strlen(name);

	if (list == NULL)
		return true;
	for (const char *p = list; *p != '\0';) {
		size_t len = strcspn(p, ",");
		char entry[64];

		if (len == n && strncmp(p, name, n) == 0)
			return true;
		/* An older name selects the variant it stands for. */
		if (len < sizeof(entry)) {
			const char *real;

			memcpy(entry, p, len);
			entry[len] = '\0';
			real = impl_name(entry);
			if (real != NULL && strcmp(real, name) == 0)
				return true;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}

/* Checks --impl (exits on a bad name); returns how many libextcrypt
 * implementations it names, the last of them in *last. */
static size_t check_impl_list(const char *list, const char **last)
{
	size_t ours = 0;
	char name[64];

	for (const char *p = list; *p != '\0';) {
		size_t len = strcspn(p, ",");

		if (len == 0 || len >= sizeof(name))
			bad_usage("bad --impl list", list);
		memcpy(name, p, len);
		name[len] = '\0';
		if (strcmp(name, ENGINE_OPENSSL) != 0) {
			if (impl_name(name) == NULL) {
				fprintf(stderr, "extcrypt-bench: unknown implementation '%s'\n", name);
				list_impls(stderr);
				exit(2);
			}
			if (!extcrypt_xts_impl_usable(name)) {
				fprintf(stderr, "extcrypt-bench: implementation '%s' cannot run on this CPU\n", name);
				list_impls(stderr);
				exit(2);
			}
			*last = impl_name(name);
			ours++;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return ours;
}

/* ---- machine description ---------------------------------------------- */

static void cpu_model(char *out, size_t cap)
{
	/* x86 says "model name"; arm64 kernels may only give "Hardware" or
	 * nothing useful. */
	static const char *const keys[] = { "model name", "Hardware",
					    "Processor", "cpu model" };
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512];

	snprintf(out, cap, "unknown");
	if (f == NULL)
		return;
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		rewind(f);
		while (fgets(line, sizeof(line), f) != NULL) {
			char *colon = strchr(line, ':');

			if (strncmp(line, keys[k], strlen(keys[k])) != 0 ||
			    colon == NULL)
				continue;
			colon++;
			colon += strspn(colon, " \t");
			colon[strcspn(colon, "\n")] = '\0';
			snprintf(out, cap, "%s", colon);
			fclose(f);
			return;
		}
	}
	fclose(f);
}

static void print_header(double tsc_mhz, int n_verified)
{
	char model[256], load[64] = "?";
	FILE *f = fopen("/proc/loadavg", "r");
	const char *forced = getenv("EXTCRYPT_IMPL");

	if (f != NULL) {
		if (fgets(load, sizeof(load), f) != NULL) {
			/* keep the three averages only */
			char *p = load;

			for (int i = 0; i < 3 && p != NULL; i++)
				p = strchr(p + 1, ' ');
			if (p != NULL)
				*p = '\0';
		}
		fclose(f);
	}
	cpu_model(model, sizeof(model));
	printf("extcrypt-bench: AES-256-XTS, libextcrypt and OpenSSL EVP in one process\n");
	printf("  cpu          %s, %ld online, %zu usable", model,
	       sysconf(_SC_NPROCESSORS_ONLN), g.n_cpus);
	if (tsc_mhz > 0)
		printf("; TSC %.1f MHz", tsc_mhz);
	printf("\n  openssl      %s\n", OpenSSL_version(OPENSSL_VERSION));
	printf("  libextcrypt  %s, default implementation %s%s%s%s\n",
	       extcrypt_version_string(), extcrypt_xts_impl_name(),
	       forced ? " (EXTCRYPT_IMPL=" : "", forced ? forced : "",
	       forced ? ")" : "");
	printf("  timed        ");
	for (size_t i = 0; i < g.n_engines; i++)
		printf("%s%s", i ? ", " : "", g.engines[i]);
	if (n_verified > 0)
		printf("; output checked against OpenSSL (%d cases each)",
		       n_verified);
	printf("\n  method       %s: %.0f ms warm-up, %u x %.0f ms, median "
	       "[min - max]; 1 thread on CPU %d",
	       g.quick ? "quick" : "full", g.params->warmup_s * 1e3,
	       g.params->reps, g.params->rep_s * 1e3, g.cpu_single);
	if (g.have_pair)
		printf(", 2 threads on CPUs %d,%d", g.cpu_pair[0], g.cpu_pair[1]);
	printf("\n  load average %s (other work on the machine adds noise)\n\n",
	       load);
}

/* ---- rows --------------------------------------------------------------- */

static struct row *add_row(void)
{
	if (g.n_rows == g.cap_rows) {
		size_t cap = g.cap_rows ? 2 * g.cap_rows : 64;
		struct row *r = realloc(g.rows, cap * sizeof(*r));

		if (r == NULL)
			die("out of memory");
		g.rows = r;
		g.cap_rows = cap;
	}
	memset(&g.rows[g.n_rows], 0, sizeof(g.rows[0]));
	return &g.rows[g.n_rows++];
}

static bool is_key_row(const struct row *r)
{
	return r->bytes_per_call == 0;
}

static double gbps(const struct row *r, double ns)
{
	return r->threads * r->bytes_per_call / ns;
}

static void print_table_head(bool keys)
{
	if (keys)
		printf("%-11s %-12s %10s  %-19s %10s %10s %10s %5s\n", "op",
		       "impl", "ns/call", "[min - max]", "TSC/call", "calls/s",
		       "vs OpenSSL", "cpu%");
	else
		printf("%-8s %-18s %5s %5s %3s %7s  %-15s %7s %9s %10s %5s\n",
		       "op", "impl", "unit", "units", "thr", "GB/s",
		       "[min - max]", "TSC c/B", "ns/call", "vs OpenSSL",
		       "cpu%");
}

static void print_row(const struct row *r)
{
	char ratio[16] = "-", tsc[16] = "n/a", cpu[16];
	const struct bench_stats *s = &r->st;

	if (r->ratio > 0)
		snprintf(ratio, sizeof(ratio), "%.2fx", r->ratio);
	/* '!': preempted for much of the run, so the figures are not the
	 * code's; see the note under the table. */
	snprintf(cpu, sizeof(cpu), "%3.0f%s", 100 * s->cpu_share,
		 s->cpu_share < BENCH_CPU_SHARE_OK ? "!" : " ");
	if (s->cpu_share < BENCH_CPU_SHARE_OK)
		g.n_noisy++;
	if (is_key_row(r)) {
		if (s->tsc_med >= 0)
			snprintf(tsc, sizeof(tsc), "%.0f", s->tsc_med);
		printf("%-11s %-12s %10.1f  [%7.1f - %7.1f] %10s %10.0f %10s %5s\n",
		       r->op, r->impl, s->ns_med, s->ns_min, s->ns_max, tsc,
		       1e9 / s->ns_med, ratio, cpu);
		return;
	}
	if (s->tsc_med >= 0)
		snprintf(tsc, sizeof(tsc), "%.3f", s->tsc_med / r->bytes_per_call);
	printf("%-8s %-18s %5u %5u %3u %7.2f  [%5.2f - %5.2f] %7s %9.1f %10s %5s\n",
	       r->op, r->impl, r->unit, r->per_call, r->threads,
	       gbps(r, s->ns_med), gbps(r, s->ns_max), gbps(r, s->ns_min), tsc,
	       s->ns_med, ratio, cpu);
}

/*
 * Measures rows rows[first .. first + n) together (see bench_measure), with
 * args[k * threads + t] for row k's thread t, sets their ratios against
 * the first row (OpenSSL) and prints them.
 */
static void measure_group(size_t first, size_t n, const bench_fn *fns,
			  void *const *args)
{
	struct bench_stats st[BENCH_MAX_WORK];
	unsigned threads = g.rows[first].threads;

	if (bench_measure(g.params, (unsigned)n, fns, args,
			  threads > 1 ? g.cpu_pair : NULL, threads, st) != 0 &&
	    threads > 1)
		fprintf(stderr, "extcrypt-bench: warning: could not pin the "
				"threads of a %u-thread row\n", threads);
	for (size_t k = 0; k < n; k++) {
		struct row *r = &g.rows[first + k];

		r->st = st[k];
		r->ratio = st[k].ns_med > 0 ? st[0].ns_med / st[k].ns_med : -1;
		if (!g.json)
			print_row(r);
	}
}

/* ---- the XTS rows ----------------------------------------------------- */

struct xts_job {
	struct engine *e;
	int enc;
	size_t unit, per_call;
	const uint8_t *src;
	uint8_t *dst;
	size_t span, pos; /* working set in bytes, position in it */
};

/*
 * Walks the working set one call at a time, wrapping around, so every call
 * reads and writes fresh lines of a set that stays in L1/L2 as sized.
 * Unit indices are the units' positions, as a file's would be.
 */
static void xts_work(void *arg, uint64_t n)
{
	struct xts_job *j = arg;
	const size_t step = j->unit * j->per_call;

	for (uint64_t i = 0; i < n; i++) {
		if (engine_crypt(j->e, j->enc, 1000 + j->pos / j->unit, j->unit,
				 j->per_call, j->src + j->pos, j->dst + j->pos))
			exit(1);
		j->pos += step;
		if (j->pos >= j->span)
			j->pos = 0;
	}
}

/* One row per engine, OpenSSL first, for one shape and direction. */
static void run_xts_group(const struct shape *sh, int enc)
{
	struct xts_job job[MAX_ENGINES][2];
	void *args[MAX_ENGINES * 2];
	bench_fn fns[MAX_ENGINES];
	size_t first = g.n_rows, span = (size_t)sh->unit * sh->per_call;

	if (span < SMALL_SET)
		span = SMALL_SET;
	for (size_t k = 0; k < g.n_engines; k++) {
		struct row *r = add_row();

		*r = (struct row){ .op = enc ? "encrypt" : "decrypt",
				   .impl = g.engines[k], .unit = sh->unit,
				   .per_call = sh->per_call,
				   .threads = sh->threads,
				   .bytes_per_call =
					   (double)sh->unit * sh->per_call };
		fns[k] = xts_work;
		/* Each thread its own cipher object and its own buffers;
		 * the engines of a row share the buffers, which stay warm. */
		for (unsigned t = 0; t < sh->threads; t++) {
			struct xts_job *j = &job[k][t];

			*j = (struct xts_job){
				.e = engine_new(g.engines[k], g.key),
				.enc = enc, .unit = sh->unit,
				.per_call = sh->per_call, .src = g.src[t],
				.dst = g.dst[t], .span = span };
			if (j->e == NULL)
				exit(1);
			args[k * sh->threads + t] = j;
		}
	}
	measure_group(first, g.n_engines, fns, args);
	for (size_t k = 0; k < g.n_engines; k++)
		for (unsigned t = 0; t < sh->threads; t++)
			engine_free(job[k][t].e);
}

static void run_xts_rows(void)
{
	const struct shape *prev = NULL;

	for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++) {
		const struct shape *sh = &shapes[s];

		if (sh->threads > 1 && !g.have_pair)
			continue;
		if (!g.json && prev != NULL)
			printf("\n");
		prev = sh;
		run_xts_group(sh, 1);
		run_xts_group(sh, 0);
	}
}

/* ---- the key rows --------------------------------------------------- */

struct key_row {
	const char *op, *impl, *method;
	bench_fn fn;
};

/* OpenSSL's row (the first) and, if `ours`, libextcrypt's, measured
 * together. */
static void run_key_group(const struct key_row *rows, size_t n, bool ours,
			  struct keysetup *ks)
{
	bench_fn fns[BENCH_MAX_WORK];
	void *args[BENCH_MAX_WORK];
	size_t first = g.n_rows;

	if (!ours)
		n = 1;
	for (size_t k = 0; k < n; k++) {
		*add_row() = (struct row){ .op = rows[k].op,
					   .impl = rows[k].impl,
					   .method = rows[k].method,
					   .threads = 1 };
		fns[k] = rows[k].fn;
		args[k] = ks;
	}
	measure_group(first, n, fns, args);
}

static void run_key_rows(bool ours)
{
	struct keysetup *ks = keysetup_new(KEY_CONTEXTS);

	if (ks == NULL)
		exit(1);
	if (keysetup_verify(ks) != 0)
		exit(1);
	if (!g.json) {
		printf("\nper-extent key setup, 1 thread, %s profile, a different "
		       "nonce each call:\n",
		       extcrypt_extent_profile_name(EXTCRYPT_EXTENT_DEFAULT));
		printf("  key_setup  openssl: %s\n", keysetup_openssl_method);
		if (ours)
			printf("  key_setup  %s: %s\n"
			       "  key_batch8, key_batch64 %s: %s\n",
			       extcrypt_xts_impl_name(), keysetup_ours_method,
			       extcrypt_xts_impl_name(), keybatch_ours_method);
		printf("  key_derive openssl: %s\n", keyderive_openssl_method);
		if (ours)
			printf("  key_derive extcrypt: %s\n",
			       keyderive_ours_method);
		printf("\n");
		print_table_head(true);
	}
	const struct key_row setup_rows[] = {
		{ "key_setup", ENGINE_OPENSSL, keysetup_openssl_method,
		  keysetup_openssl },
		{ "key_setup", extcrypt_xts_impl_name(), keysetup_ours_method,
		  keysetup_ours },
		{ "key_batch8", extcrypt_xts_impl_name(), keybatch_ours_method,
		  keysetup_batch8 },
		{ "key_batch64", extcrypt_xts_impl_name(), keybatch_ours_method,
		  keysetup_batch64 },
	};
	const struct key_row derive_rows[] = {
		{ "key_derive", ENGINE_OPENSSL, keyderive_openssl_method,
		  keyderive_openssl },
		{ "key_derive", "extcrypt", keyderive_ours_method,
		  keyderive_ours },
	};

	run_key_group(setup_rows, 4, ours, ks);
	run_key_group(derive_rows, 2, ours, ks);
	keysetup_free(ks);
}

/* ---- the checksum rows (csum.c) ------------------------------------- */

static void run_csum_rows(void)
{
	struct csum_group groups[8];
	size_t n;
	struct csum_bench *cb = csum_bench_new(groups, 8, &n);

	if (cb == NULL)
		exit(1);
	for (size_t i = 0; i < n; i++) {
		const struct csum_group *cg = &groups[i];
		bench_fn fns[CSUM_GROUP_MAX];
		void *args[CSUM_GROUP_MAX];
		size_t first = g.n_rows;

		if (!g.json) {
			printf("\n%s, 1 thread:\n", cg->title);
			for (size_t k = 0; k < cg->n; k++)
				printf("  %-8s %-9s %s\n", cg->rows[k].op,
				       cg->rows[k].impl, cg->rows[k].method);
			print_table_head(false);
		}
		for (size_t k = 0; k < cg->n; k++) {
			const struct csum_row *cr = &cg->rows[k];

			*add_row() = (struct row){
				.op = cr->op, .impl = cr->impl,
				.method = cr->method, .unit = cr->unit,
				.per_call = cr->per_call, .threads = 1,
				.bytes_per_call = (double)cr->unit * cr->per_call };
			fns[k] = cr->fn;
			args[k] = cr->arg;
		}
		measure_group(first, cg->n, fns, args);
	}
	csum_bench_free(cb);
}

static void print_footer(void)
{
	printf("\nGB/s = 1e9 B/s summed over threads; TSC c/B and TSC/call per "
	       "core; vs OpenSSL = OpenSSL time / ours (>1: faster);\n"
	       "cpu%% = CPU time the bench got / wall time, median over the "
	       "repetitions.\n");
	if (g.n_noisy > 0)
		printf("%zu row(s) marked '!' ran with under %.0f%% of a CPU: "
		       "other load preempted the bench, so their figures are "
		       "not the code's.\nRerun on an idle machine.\n",
		       g.n_noisy, 100 * BENCH_CPU_SHARE_OK);
}

/* ---- JSON ------------------------------------------------------------- */

static void json_str(const char *s)
{
	putchar('"');
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* A number, or null for "not applicable" (NaN never reaches the output). */
static void json_num(const char *name, double v, bool valid)
{
	printf(", \"%s\": ", name);
	if (valid)
		printf("%.6g", v);
	else
		printf("null");
}

static void print_json(void)
{
	printf("[");
	for (size_t i = 0; i < g.n_rows; i++) {
		const struct row *r = &g.rows[i];
		const struct bench_stats *s = &r->st;
		bool data = !is_key_row(r), tsc = s->tsc_med >= 0;

		printf("%s\n  {\"op\": ", i ? "," : "");
		json_str(r->op);
		printf(", \"impl\": ");
		json_str(r->impl);
		printf(", \"unit_bytes\": %u, \"units_per_call\": %u, "
		       "\"threads\": %u",
		       r->unit, r->per_call, r->threads);
		json_num("bytes_per_call", r->bytes_per_call, data);
		json_num("gbps", data ? gbps(r, s->ns_med) : 0, data);
		json_num("gbps_min", data ? gbps(r, s->ns_max) : 0, data);
		json_num("gbps_max", data ? gbps(r, s->ns_min) : 0, data);
		json_num("ns_per_op", s->ns_med, true);
		json_num("ns_per_op_min", s->ns_min, true);
		json_num("ns_per_op_max", s->ns_max, true);
		json_num("tsc_cpb", data ? s->tsc_med / r->bytes_per_call : 0,
			 data && tsc);
		json_num("tsc_cpb_min", data ? s->tsc_min / r->bytes_per_call : 0,
			 data && tsc);
		json_num("tsc_cpb_max", data ? s->tsc_max / r->bytes_per_call : 0,
			 data && tsc);
		json_num("tsc_per_op", s->tsc_med, tsc);
		json_num("ratio_vs_openssl", r->ratio, r->ratio > 0);
		json_num("cpu_share", s->cpu_share, true);
		printf(", \"reps\": %u, \"calls_per_rep\": %llu", s->reps,
		       (unsigned long long)s->calls_per_rep);
		if (r->method != NULL) {
			printf(", \"method\": ");
			json_str(r->method);
		}
		printf("}");
	}
	printf("\n]\n");
}

/* ---- setup ------------------------------------------------------------ */

static uint8_t *page_buffer(void)
{
	void *p = NULL;

	if (posix_memalign(&p, 4096, BUF_BYTES) != 0)
		die("out of memory");
	return p;
}

static void setup_cpus(void)
{
	int cpus[64];
	size_t n = bench_allowed_cpus(cpus, 64);

	if (n == 0) {
		cpus[0] = 0;
		n = 1;
	}
	/* CPU 0 takes most interrupts and housekeeping: keep the
	 * single-thread rows off it when there is a choice. */
	g.n_cpus = n;
	g.cpu_single = n >= 2 ? cpus[1] : cpus[0];
	g.have_pair = n >= 2;
	g.cpu_pair[0] = cpus[0];
	g.cpu_pair[1] = n >= 2 ? cpus[1] : cpus[0];
	if (bench_pin_self(g.cpu_single) != 0)
		fprintf(stderr, "extcrypt-bench: warning: cannot pin to CPU %d: %s\n",
			g.cpu_single, strerror(errno));
}

static void setup_buffers(void)
{
	uint64_t x = 0x2545f4914f6cdd1du;

	for (int t = 0; t < 2; t++) {
		g.src[t] = page_buffer();
		g.dst[t] = page_buffer();
		/* Write every page now, so no page fault or zero-page
		 * mapping is timed. */
		for (size_t i = 0; i < BUF_BYTES; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			g.src[t][i] = (uint8_t)x;
		}
		memset(g.dst[t], 0x5a, BUF_BYTES);
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quick", no_argument, NULL, 'q' },
		{ "json", no_argument, NULL, 'j' },
		{ "impl", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *list = NULL, *only = NULL;
	int c, verified = 0;
	bool ours_keys;

	while ((c = getopt_long(argc, argv, "qji:h", opts, NULL)) != -1) {
		switch (c) {
		case 'q': g.quick = true; break;
		case 'j': g.json = true; break;
		case 'i': list = optarg; break;
		case 'h': usage(); return 0;
		default: bad_usage(NULL, NULL);
		}
	}
	if (optind != argc)
		bad_usage("unexpected argument", argv[optind]);
	g.params = g.quick ? &quick_params : &full_params;
	/* Before anything asks for the default implementation (it is chosen
	 * once): with one implementation named, the extent rows use it. */
	if (list != NULL && check_impl_list(list, &only) == 1 &&
	    getenv("EXTCRYPT_IMPL") == NULL)
		setenv("EXTCRYPT_IMPL", only, 1);

	/* OpenSSL first: every other row's ratio refers to it. */
	g.engines[g.n_engines++] = ENGINE_OPENSSL;
	for (size_t i = 0; i < extcrypt_xts_impl_count() && g.n_engines < MAX_ENGINES; i++) {
		const char *n = extcrypt_xts_impl_name_at(i);

		if (extcrypt_xts_impl_usable(n) && selected(list, n))
			g.engines[g.n_engines++] = n;
	}
	/* The extent objects run on the default implementation. */
	ours_keys = selected(list, extcrypt_xts_impl_name());

	/* XTS rejects a key whose halves are equal (OpenSSL and the kernel). */
	do {
		if (RAND_bytes(g.key, sizeof(g.key)) != 1)
			die("RAND_bytes failed");
	} while (memcmp(g.key, g.key + 32, 32) == 0);

	for (size_t i = 1; i < g.n_engines; i++) {
		verified = engine_verify(g.engines[i], g.key);
		if (verified < 0) {
			fprintf(stderr, "extcrypt-bench: %s is wrong; nothing timed\n",
				g.engines[i]);
			return 1;
		}
	}

	setup_cpus();
	setup_buffers();
	/* The calibration busy-waits, which also brings the core out of any
	 * idle state before the first row. */
	double mhz = bench_tsc_mhz(g.quick ? 0.05 : 0.2);

	if (!g.json) {
		print_header(mhz, verified);
		print_table_head(false);
	}
	run_xts_rows();
	if (ours_keys || g.n_engines == 1)
		run_key_rows(ours_keys);
	if (ours_keys)
		run_csum_rows();
	if (g.json)
		print_json();
	else
		print_footer();
	for (int t = 0; t < 2; t++) {
		free(g.src[t]);
		free(g.dst[t]);
	}
	free(g.rows);
	return 0;
}
