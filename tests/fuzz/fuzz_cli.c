// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the extcrypt command's argument and standard-input parsing,
 * in process.  The CLI sources are compiled with -Dmain=extcrypt_cli_main
 * (scripts/fuzz.sh, tests/fuzz/CMakeLists.txt), so one input is one run of
 * `extcrypt ARG...` with its standard input and output in memory.
 *
 * Input: the arguments after "extcrypt", each ended by a NUL byte, up to
 * an empty argument (two NULs in a row) or at most MAX_ARGS of them; the
 * rest is standard input.  Rules checked: the command returns one of its
 * documented exit statuses (0, 1, 2) and does not crash; the sanitizers
 * do the rest.  `kat` is left out (it writes files and takes seconds),
 * and so is any input with a '/' in an argument: no file path can be
 * named (a key file such as /dev/zero would never end), only "-" and
 * names relative to the working folder.
 */
#include <getopt.h>

#include "fuzz_common.h"

#define MAX_ARGS 12
#define MAX_ARG_LEN 4096

int extcrypt_cli_main(int argc, char **argv);

static FILE *devnull;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 2];
	int argc = 0, status;
	size_t pos = 0;
	FILE *in, *saved_in = stdin, *saved_out = stdout, *saved_err = stderr;
	static const char empty[1];

	argv[argc++] = strdup("extcrypt");
	while (argc <= MAX_ARGS && pos < size) {
		const uint8_t *end = memchr(data + pos, 0, size - pos);
		size_t len = end ? (size_t)(end - (data + pos)) : size - pos;

		if (len == 0 || len > MAX_ARG_LEN) {
			pos += len + 1;
			break;
		}
		argv[argc] = malloc(len + 1);
		memcpy(argv[argc], data + pos, len);
		argv[argc][len] = '\0';
		argc++;
		pos += len + 1;
	}
	argv[argc] = NULL;
	if (pos > size)
		pos = size;

	bool run = argc < 2 || strcmp(argv[1], "kat") != 0;
	for (int i = 1; i < argc; i++)
		run = run && strchr(argv[i], '/') == NULL;
	if (run) {
		if (devnull == NULL)
			devnull = fopen("/dev/null", "w");
		/* fmemopen refuses a zero-sized buffer on older C libraries. */
		in = size > pos ? fmemopen((void *)(data + pos), size - pos, "r")
				: fmemopen((void *)empty, 1, "r");
		if (size <= pos && in != NULL)
			(void)fgetc(in); /* now at EOF */
		FZ_ASSERT(in != NULL && devnull != NULL, "fmemopen/fopen failed");
		stdin = in;
		stdout = devnull;
		stderr = devnull;
		optind = 0; /* glibc: start getopt afresh */
		status = extcrypt_cli_main(argc, argv);
		stdin = saved_in;
		stdout = saved_out;
		stderr = saved_err;
		fclose(in);
		FZ_ASSERT(status == 0 || status == 1 || status == 2,
			  "exit status %d", status);
	}
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	return 0;
}
