// SPDX-License-Identifier: MIT
/*
 * Runs a libFuzzer target's LLVMFuzzerTestOneInput over files, so the
 * fuzz targets double as regression tests without libFuzzer (any
 * compiler; tests/fuzz/CMakeLists.txt links one per target).
 *
 *   replay_<target> PATH...
 *
 * A PATH that is a directory stands for its regular files (not recursive),
 * in name order.  Each input is copied to a buffer of exactly its size, as
 * libFuzzer does, so a sanitizer sees any read past it.  A target signals
 * a finding by crashing or abort()ing; replay then names the input it was
 * running.  Exit status 0 if every input ran, 1 if a PATH could not be
 * read or holds no input at all.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *current;

static void on_signal(int sig)
{
	/* Best effort: name the input, then die of the same signal. */
	if (current != NULL) {
		static const char head[] = "\nreplay: crashed on input ";

		(void)!write(2, head, sizeof(head) - 1);
		(void)!write(2, current, strlen(current));
		(void)!write(2, "\n", 1);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		if (f != NULL)
			fclose(f);
		return -1;
	}
	buf = malloc(n != 0 ? (size_t)n : 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	current = path;
	fprintf(stderr, "replay: %s (%ld bytes)\n", path, n);
	(void)LLVMFuzzerTestOneInput(buf, (size_t)n);
	current = NULL;
	free(buf);
	return 0;
}

static int run_path(const char *path, size_t *count)
{
	struct dirent **names;
	struct stat st;
	int n, err = 0;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (run_file(path) != 0)
			return -1;
		(*count)++;
		return 0;
	}
	n = scandir(path, &names, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		size_t len = strlen(path) + strlen(names[i]->d_name) + 2;
		char *file = malloc(len);

		if (file == NULL) {
			err = -1;
		} else {
			snprintf(file, len, "%s/%s", path, names[i]->d_name);
			if (names[i]->d_name[0] != '.' && stat(file, &st) == 0 &&
			    S_ISREG(st.st_mode)) {
				if (run_file(file) != 0)
					err = -1;
				else
					(*count)++;
			}
			free(file);
		}
		free(names[i]);
	}
	free(names);
	return err;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	int err = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
		return 2;
	}
	signal(SIGABRT, on_signal);
	signal(SIGSEGV, on_signal);
	signal(SIGBUS, on_signal);
	signal(SIGFPE, on_signal);
	signal(SIGILL, on_signal);
	for (int i = 1; i < argc; i++)
		if (run_path(argv[i], &count) != 0)
			err = 1;
	fprintf(stderr, "replay: %zu inputs ran\n", count);
	if (count == 0) {
		fprintf(stderr, "replay: no inputs found\n");
		return 1;
	}
	return err;
}
