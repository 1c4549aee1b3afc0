/* SPDX-License-Identifier: MIT */
/*
 * cli.h - shared declarations of the extcrypt command.
 *
 * The command only uses libextcrypt's public API, plus OpenSSL and
 * libsodium for what the library deliberately leaves out (the v1 KDF,
 * the hardware-wrapped-key KDF, a seeded PRG for test vectors).
 */
#ifndef EXTCRYPT_CLI_H
#define EXTCRYPT_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit statuses of every subcommand. */
#define CLI_OK 0
#define CLI_ERR 1
#define CLI_USAGE 2

#if defined(__GNUC__)
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CLI_PRINTF(f, a)
#endif

#define CLI_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- util.c --------------------------------------------------------------- */

/* Prints "extcrypt: error: <message>" on stderr.  Returns CLI_ERR. */
int cli_error(const char *fmt, ...) CLI_PRINTF(1, 2);

/* Prints "extcrypt: error: <message>" and a hint to `extcrypt CMD --help`
 * on stderr.  Returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) CLI_PRINTF(2, 3);

/*
 * Reports a failing library call: `what` plus extcrypt_last_error().
 * EXTCRYPT_E_UNSUPPORTED is reported as "... not supported yet ...".
 * Returns CLI_ERR.
 */
int cli_lib_error(int status, const char *what);


/* malloc/calloc/realloc that exit(CLI_ERR) on failure. */
void *cli_malloc(size_t n);
void *cli_realloc(void *p, size_t n);
char *cli_strdup(const char *s);

/*
 * Decodes the hex string `hex` (upper or lower case, even length, nothing
 * else) into `out` (room for `cap` bytes).  Returns 0 and the length in
 * `*len`, or -1.
 */
int cli_hex_decode(const char *hex, uint8_t *out, size_t cap, size_t *len);

/* Lowercase hex of `buf`; the result is malloc'd, NUL-terminated. */
char *cli_hex(const uint8_t *buf, size_t len);

/* Writes lowercase hex of `buf` to `f`. */
void cli_hex_print(FILE *f, const uint8_t *buf, size_t len);

/* Parses an unsigned decimal integer (digits only, no sign, no blanks,
 * no overflow).  Returns 0 or -1. */
int cli_parse_u64(const char *s, uint64_t *out);

/* Reads all of `f` into a malloc'd buffer.  Returns 0 or -1. */
int cli_read_all(FILE *f, uint8_t **buf, size_t *len);

/*
 * Gets the bytes of a HEX|- argument: `arg` itself as hex, or if it is
 * "-", standard input: hex text (blanks and newlines ignored) or, with
 * `binary`, the raw bytes.  On success returns 0 with a malloc'd buffer.
 * On failure prints an error naming `what` and returns CLI_ERR.
 */
int cli_get_bytes(const char *arg, bool binary, const char *what,
		  uint8_t **buf, size_t *len);

/*
 * --key-file: a master key as raw bytes in a file, or standard input for
 * "-", so that it never appears on a command line (/proc/PID/cmdline).
 * Reads it with read(2) straight into `key` (the caller's locked buffer,
 * see cli_locked_alloc) and checks its length, 16 to 64 bytes.  Returns 0
 * and the length in `*len`, or CLI_ERR (error printed, `key` wiped).
 */
#define CLI_KEY_FILE_MIN 16
#define CLI_KEY_FILE_MAX 64
int cli_read_key_file(const char *path, uint8_t key[CLI_KEY_FILE_MAX],
		      size_t *len);

/* `n` zeroed bytes of sodium_malloc memory (locked, guarded); exits with
 * CLI_ERR if there is none.  Free with sodium_free, which wipes. */
void *cli_locked_alloc(size_t n);

/* Writes `len` bytes to stdout; returns 0 or -1 (error printed). */
int cli_write_all(FILE *f, const void *buf, size_t len);

/* The v1 KDF: AES-128-ECB (OpenSSL) of the master key's first `len` bytes,
 * keyed by the 16-byte file nonce.  Returns 0, or an error printed. */
int cli_v1_kdf(const uint8_t nonce[16], const uint8_t *mk, uint8_t *out,
	       size_t len);

/* Little-endian stores. */
void cli_put_le32(uint8_t *p, uint32_t v);
void cli_put_le64(uint8_t *p, uint64_t v);
uint64_t cli_get_le64(const uint8_t *p);

/*
 * Prints the identifier of a master key (hex and a newline): HKDF context 1
 * over `secret`, or with `hw` context 8 (a hardware-wrapped key's software
 * secret).  Returns CLI_OK or CLI_ERR (error printed).
 */
int cli_print_key_identifier(const uint8_t *secret, size_t len, bool hw);

/* Every extent profile, oldest first. */
#define CLI_NUM_PROFILES 5
extern const int cli_profiles[CLI_NUM_PROFILES];

/* Names of the policy flags, e.g. "PAD_16|DIRECT_KEY" (static buffer). */
const char *cli_flag_names(uint8_t flags);

/* ---- json.c --------------------------------------------------------------- */

/* Writes `s` as a JSON string literal (quotes included). */
void cli_json_string(FILE *f, const char *s);

/* ---- hwkdf.c -------------------------------------------------------------- */

#define CLI_HW_KEY_SIZE 32
#define CLI_SW_SECRET_SIZE 32
#define CLI_INLINECRYPT_KEY_SIZE 64

/*
 * The key derivation of hardware-wrapped keys, replicated in software:
 * NIST SP 800-108 KDF in counter mode with AES-256-CMAC, keyed by the
 * 32-byte raw hardware key.  `inline_key` selects the 64-byte inline
 * encryption key; otherwise the 32-byte software secret.  Returns 0 or -1
 * (OpenSSL failure, error printed).
 */
int cli_hw_kdf(const uint8_t key[CLI_HW_KEY_SIZE], bool inline_key,
	       uint8_t *out, size_t out_len);

/* ---- subcommands ---------------------------------------------------------- */

int cmd_crypt(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_keyid(int argc, char **argv);
int cmd_context(int argc, char **argv);
int cmd_kat(int argc, char **argv);
#ifdef EXTCRYPT_HAVE_EXT4
int cmd_ext4(int argc, char **argv); /* cmd_ext4*.c */
#endif

#endif /* EXTCRYPT_CLI_H */
