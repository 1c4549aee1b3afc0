/* SPDX-License-Identifier: MIT */
/*
 * Test-only vector readers; see json_vectors.h.
 *
 * The JSON reader is a small recursive-descent parser that accepts any
 * well-formed JSON; it only keeps the string members the cipher tests
 * need, wherever they appear inside each top-level array element.
 */
#include "json_vectors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 32

static char *dup_range(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d != NULL) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* Whole file, NUL-terminated; *len excludes the terminator. */
static char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	long sz;

	if (fp == NULL) {
		fprintf(stderr, "cannot open %s\n", path);
		return NULL;
	}
	if (fseek(fp, 0, SEEK_END) != 0 || (sz = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0)
		goto fail;
	buf = malloc((size_t)sz + 1);
	if (buf == NULL || fread(buf, 1, (size_t)sz, fp) != (size_t)sz)
		goto fail;
	buf[sz] = '\0';
	*len = (size_t)sz;
	fclose(fp);
	return buf;
fail:
	fprintf(stderr, "cannot read %s\n", path);
	free(buf);
	fclose(fp);
	return NULL;
}

char *extcrypt_tv_path(const char *dir, const char *rel)
{
	size_t dl = strlen(dir), rl = strlen(rel);
	char *p = malloc(dl + rl + 2);

	if (p == NULL)
		return NULL;
	memcpy(p, dir, dl);
	p[dl] = '/';
	memcpy(p + dl + 1, rel, rl + 1);
	return p;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

uint8_t *extcrypt_tv_hex_decode(const char *hex, size_t hex_len,
				size_t *out_len)
{
	uint8_t *out;

	if (hex_len % 2 != 0)
		return NULL;
	out = malloc(hex_len / 2 + 1);
	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < hex_len / 2; i++) {
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			free(out);
			return NULL;
		}
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*out_len = hex_len / 2;
	return out;
}

/* ---- JSON ---------------------------------------------------------- */

struct json {
	const char *start;
	const char *p;
	const char *end;
	const char *path;
	int error;
};

static void json_fail(struct json *js, const char *what)
{
	if (!js->error)
		fprintf(stderr, "%s: JSON error at offset %ld: %s\n", js->path,
			(long)(js->p - js->start), what);
	js->error = 1;
}

static void skip_ws(struct json *js)
{
	while (js->p < js->end && (*js->p == ' ' || *js->p == '\t' ||
				   *js->p == '\n' || *js->p == '\r'))
		js->p++;
}

/*
 * Parse a string; return it decoded and malloc'ed (only simple escapes
 * are decoded, \uXXXX becomes '?': the vector files use neither).
 */
static char *parse_string(struct json *js)
{
	size_t cap = 64, n = 0;
	char *s;

	if (js->p >= js->end || *js->p != '"') {
		json_fail(js, "string expected");
		return NULL;
	}
	js->p++;
	s = malloc(cap);
	if (s == NULL) {
		json_fail(js, "out of memory");
		return NULL;
	}
	while (js->p < js->end && *js->p != '"') {
		char c = *js->p++;

		if (c == '\\') {
			if (js->p >= js->end)
				break;
			c = *js->p++;
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'u':
				if (js->end - js->p < 4) {
					js->p = js->end;
					continue;
				}
				js->p += 4;
				c = '?';
				break;
			default: break; /* \" \\ \/ */
			}
		}
		if (n + 1 >= cap) {
			char *t = realloc(s, cap * 2);

			if (t == NULL) {
				free(s);
				json_fail(js, "out of memory");
				return NULL;
			}
			s = t;
			cap *= 2;
		}
		s[n++] = c;
	}
	if (js->p >= js->end) {
		free(s);
		json_fail(js, "unterminated string");
		return NULL;
	}
	js->p++; /* closing quote */
	s[n] = '\0';
	return s;
}

/* Keep the fields of interest; tv may be NULL outside array elements. */
static void store_member(struct json *js, struct extcrypt_tv *tv,
			 const char *name, char *value)
{
	uint8_t **buf = NULL;
	size_t *len = NULL;

	if (tv == NULL)
		goto drop;
	if (strcmp(name, "description") == 0 && tv->description == NULL) {
		tv->description = value;
		return;
	}
	if (strcmp(name, "key_hex") == 0) {
		buf = &tv->key;
		len = &tv->key_len;
	} else if (strcmp(name, "tweak_hex") == 0) {
		buf = &tv->tweak;
		len = &tv->tweak_len;
	} else if (strcmp(name, "plaintext_hex") == 0) {
		buf = &tv->plaintext;
		len = &tv->plaintext_len;
	} else if (strcmp(name, "ciphertext_hex") == 0) {
		buf = &tv->ciphertext;
		len = &tv->ciphertext_len;
	}
	if (buf != NULL) {
		if (*buf != NULL) {
			json_fail(js, "duplicate field");
		} else {
			*buf = extcrypt_tv_hex_decode(value, strlen(value), len);
			if (*buf == NULL)
				json_fail(js, "bad hex");
		}
	}
drop:
	free(value);
}

static void parse_value(struct json *js, struct extcrypt_tv *tv, int depth);

static void parse_object(struct json *js, struct extcrypt_tv *tv, int depth)
{
	js->p++; /* '{' */
	skip_ws(js);
	if (js->p < js->end && *js->p == '}') {
		js->p++;
		return;
	}
	while (!js->error) {
		char *name;

		skip_ws(js);
		name = parse_string(js);
		if (name == NULL)
			return;
		skip_ws(js);
		if (js->p >= js->end || *js->p != ':') {
			free(name);
			json_fail(js, "':' expected");
			return;
		}
		js->p++;
		skip_ws(js);
		if (js->p < js->end && *js->p == '"') {
			char *value = parse_string(js);

			if (value != NULL)
				store_member(js, tv, name, value);
		} else {
			parse_value(js, tv, depth + 1);
		}
		free(name);
		skip_ws(js);
		if (js->p < js->end && *js->p == ',') {
			js->p++;
			continue;
		}
		if (js->p < js->end && *js->p == '}') {
			js->p++;
			return;
		}
		json_fail(js, "',' or '}' expected");
	}
}

static void parse_array(struct json *js, struct extcrypt_tv *tv, int depth)
{
	js->p++; /* '[' */
	skip_ws(js);
	if (js->p < js->end && *js->p == ']') {
		js->p++;
		return;
	}
	while (!js->error) {
		parse_value(js, tv, depth + 1);
		skip_ws(js);
		if (js->p < js->end && *js->p == ',') {
			js->p++;
			continue;
		}
		if (js->p < js->end && *js->p == ']') {
			js->p++;
			return;
		}
		json_fail(js, "',' or ']' expected");
	}
}

static void parse_value(struct json *js, struct extcrypt_tv *tv, int depth)
{
	skip_ws(js);
	if (depth > JSON_MAX_DEPTH) {
		json_fail(js, "nested too deeply");
		return;
	}
	if (js->p >= js->end) {
		json_fail(js, "value expected");
		return;
	}
	switch (*js->p) {
	case '{':
		parse_object(js, tv, depth);
		return;
	case '[':
		parse_array(js, tv, depth);
		return;
	case '"':
		free(parse_string(js));
		return;
	default:
		break;
	}
	if (js->end - js->p >= 4 && (memcmp(js->p, "true", 4) == 0 ||
				     memcmp(js->p, "null", 4) == 0)) {
		js->p += 4;
		return;
	}
	if (js->end - js->p >= 5 && memcmp(js->p, "false", 5) == 0) {
		js->p += 5;
		return;
	}
	if (strchr("-0123456789", *js->p) != NULL) {
		while (js->p < js->end && strchr("+-0123456789.eE", *js->p) != NULL)
			js->p++;
		return;
	}
	json_fail(js, "unexpected character");
}

static void tv_clear(struct extcrypt_tv *tv)
{
	free(tv->description);
	free(tv->key);
	free(tv->tweak);
	free(tv->plaintext);
	free(tv->ciphertext);
	memset(tv, 0, sizeof(*tv));
}

int extcrypt_tv_load_json(const char *path, struct extcrypt_tv_set *out)
{
	struct json js;
	size_t len = 0, cap = 0;
	char *text = read_file(path, &len);

	out->v = NULL;
	out->n = 0;
	if (text == NULL)
		return -1;
	js.start = text;
	js.p = text;
	js.end = text + len;
	js.path = path;
	js.error = 0;

	skip_ws(&js);
	if (js.p >= js.end || *js.p != '[') {
		json_fail(&js, "top-level array expected");
		goto done;
	}
	js.p++;
	skip_ws(&js);
	if (js.p < js.end && *js.p == ']') {
		js.p++;
		goto done;
	}
	while (!js.error) {
		struct extcrypt_tv *tv;

		if (out->n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct extcrypt_tv *t = realloc(out->v, ncap * sizeof(*t));

			if (t == NULL) {
				json_fail(&js, "out of memory");
				break;
			}
			out->v = t;
			cap = ncap;
		}
		tv = &out->v[out->n++];
		memset(tv, 0, sizeof(*tv));
		skip_ws(&js);
		if (js.p >= js.end || *js.p != '{') {
			json_fail(&js, "object expected in top-level array");
			break;
		}
		parse_value(&js, tv, 1);
		if (js.error)
			break;
		if (tv->key == NULL || tv->tweak == NULL ||
		    tv->plaintext == NULL || tv->ciphertext == NULL ||
		    tv->plaintext_len != tv->ciphertext_len) {
			json_fail(&js, "vector lacks a field or has unequal lengths");
			break;
		}
		skip_ws(&js);
		if (js.p < js.end && *js.p == ',') {
			js.p++;
			continue;
		}
		if (js.p < js.end && *js.p == ']') {
			js.p++;
			break;
		}
		json_fail(&js, "',' or ']' expected");
	}
done:
	skip_ws(&js);
	if (!js.error && js.p != js.end)
		json_fail(&js, "trailing data");
	free(text);
	if (js.error) {
		extcrypt_tv_free(out);
		return -1;
	}
	return 0;
}

void extcrypt_tv_free(struct extcrypt_tv_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		tv_clear(&set->v[i]);
	free(set->v);
	set->v = NULL;
	set->n = 0;
}

/* ---- fscrypt line format ------------------------------------------- */

static int fscase_add_field(struct extcrypt_fscase *c, const char *line,
			    size_t len)
{
	const char *eq = memchr(line, '=', len);
	struct extcrypt_fscase_field *t;

	if (eq == NULL)
		return -1;
	t = realloc(c->f, (c->n + 1) * sizeof(*t));
	if (t == NULL)
		return -1;
	c->f = t;
	c->f[c->n].name = dup_range(line, (size_t)(eq - line));
	c->f[c->n].value = dup_range(eq + 1, len - (size_t)(eq - line) - 1);
	c->n++;
	if (c->f[c->n - 1].name == NULL || c->f[c->n - 1].value == NULL)
		return -1;
	return 0;
}

int extcrypt_fscase_load(const char *path, struct extcrypt_fscase_set *out)
{
	size_t len = 0;
	char *text = read_file(path, &len);
	const char *p, *end;
	int in_case = 0, ret = 0;

	out->c = NULL;
	out->n = 0;
	if (text == NULL)
		return -1;
	p = text;
	end = text + len;
	while (p < end && ret == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl != NULL ? nl : end;
		size_t ll = (size_t)(le - p);

		if (ll > 0 && p[ll - 1] == '\r')
			ll--;
		if (ll == 0) {
			in_case = 0;
		} else if (p[0] != '#') {
			if (ll > 5 && memcmp(p, "case=", 5) == 0) {
				struct extcrypt_fscase *t =
					realloc(out->c, (out->n + 1) * sizeof(*t));

				if (t == NULL) {
					ret = -1;
					break;
				}
				out->c = t;
				memset(&out->c[out->n], 0, sizeof(out->c[0]));
				out->n++;
				in_case = 1;
			} else if (!in_case) {
				fprintf(stderr, "%s: field outside a case\n", path);
				ret = -1;
				break;
			}
			if (fscase_add_field(&out->c[out->n - 1], p, ll) != 0) {
				fprintf(stderr, "%s: bad line\n", path);
				ret = -1;
			}
		}
		p = nl != NULL ? nl + 1 : end;
	}
	free(text);
	if (ret != 0)
		extcrypt_fscase_free(out);
	return ret;
}

void extcrypt_fscase_free(struct extcrypt_fscase_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		for (size_t j = 0; j < set->c[i].n; j++) {
			free(set->c[i].f[j].name);
			free(set->c[i].f[j].value);
		}
		free(set->c[i].f);
	}
	free(set->c);
	set->c = NULL;
	set->n = 0;
}

const char *extcrypt_fscase_get(const struct extcrypt_fscase *c,
				const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->f[i].name != NULL && strcmp(c->f[i].name, name) == 0)
			return c->f[i].value;
	return NULL;
}

uint8_t *extcrypt_fscase_hex(const struct extcrypt_fscase *c, const char *name,
			     size_t *len)
{
	const char *v = extcrypt_fscase_get(c, name);

	if (v == NULL)
		return NULL;
	return extcrypt_tv_hex_decode(v, strlen(v), len);
}

/* ---- fscrypt wide-block mode cases ---------------------------------- */

static void store_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* 32-byte IV of data unit `index` for the NONE and DIRECT_KEY policies. */
static int wide_iv(const struct extcrypt_fscase *c, uint64_t index,
		   uint8_t iv[32])
{
	const char *policy = extcrypt_fscase_get(c, "policy");

	memset(iv, 0, 32);
	store_le64(iv, index);
	if (policy != NULL && strcmp(policy, "NONE") == 0)
		return 0;
	if (policy != NULL && strcmp(policy, "DIRECT_KEY") == 0) {
		size_t nlen = 0;
		uint8_t *nonce = extcrypt_fscase_hex(c, "nonce", &nlen);

		if (nonce == NULL || nlen != 16) {
			free(nonce);
			return -1;
		}
		memcpy(iv + 8, nonce, 16);
		free(nonce);
		return 0;
	}
	return -1;
}

/* Encrypt and decrypt one message, out of place and in place. */
static int check_one(const char *id, const uint8_t key[32],
		     const uint8_t iv[32], const uint8_t *pt,
		     const uint8_t *ct, size_t len, extcrypt_wide_fn enc,
		     extcrypt_wide_fn dec)
{
	uint8_t *buf = malloc(len), *buf2 = malloc(len);
	int ok = buf != NULL && buf2 != NULL;

	if (ok) {
		ok = enc(key, iv, pt, buf, len) == 0 &&
		     memcmp(buf, ct, len) == 0;
		memcpy(buf2, pt, len);
		ok = ok && enc(key, iv, buf2, buf2, len) == 0 &&
		     memcmp(buf2, ct, len) == 0;
		ok = ok && dec(key, iv, ct, buf, len) == 0 &&
		     memcmp(buf, pt, len) == 0;
		memcpy(buf2, ct, len);
		ok = ok && dec(key, iv, buf2, buf2, len) == 0 &&
		     memcmp(buf2, pt, len) == 0;
	}
	if (!ok)
		fprintf(stderr, "%s: mismatch (len %zu)\n", id, len);
	free(buf);
	free(buf2);
	return ok ? 0 : -1;
}

int extcrypt_fscase_check_wide(const struct extcrypt_fscase *c,
			       extcrypt_wide_fn enc, extcrypt_wide_fn dec)
{
	const char *id = extcrypt_fscase_get(c, "case");
	const char *kind = extcrypt_fscase_get(c, "kind");
	uint8_t *key = NULL, *iv = NULL, *pt = NULL, *ct = NULL, *padded = NULL;
	size_t key_len = 0, iv_len = 0, pt_len = 0, ct_len = 0;
	uint8_t want_iv[32];
	int ret = -1;

	if (id == NULL)
		id = "(unnamed case)";
	key = extcrypt_fscase_hex(c, "derived_key", &key_len);
	iv = extcrypt_fscase_hex(c, "iv", &iv_len);
	pt = extcrypt_fscase_hex(c, "plaintext", &pt_len);
	ct = extcrypt_fscase_hex(c, "ciphertext", &ct_len);
	if (kind == NULL || key == NULL || key_len != 32 || iv == NULL ||
	    iv_len != 32 || pt == NULL || ct == NULL) {
		fprintf(stderr, "%s: missing or malformed field\n", id);
		goto out;
	}

	if (strcmp(kind, "filename") == 0) {
		const char *pad_s = extcrypt_fscase_get(c, "padding");
		unsigned long pad = pad_s != NULL ? strtoul(pad_s, NULL, 10) : 0;
		size_t plen = pt_len < 16 ? 16 : pt_len;

		if (pad == 0 || pt_len == 0 || pt_len > 255) {
			fprintf(stderr, "%s: bad padding or name length\n", id);
			goto out;
		}
		/* min(roundup(max(len, 16), padding), NAME_MAX) */
		plen = (plen + pad - 1) / pad * pad;
		if (plen > 255)
			plen = 255;
		if (ct_len != plen || wide_iv(c, 0, want_iv) != 0 ||
		    memcmp(want_iv, iv, 32) != 0) {
			fprintf(stderr, "%s: IV or padded length disagrees\n", id);
			goto out;
		}
		padded = calloc(1, plen);
		if (padded == NULL)
			goto out;
		memcpy(padded, pt, pt_len);
		ret = check_one(id, key, iv, padded, ct, plen, enc, dec);
	} else if (strcmp(kind, "contents") == 0) {
		const char *du_s = extcrypt_fscase_get(c, "data_unit_size");
		const char *idx_s = extcrypt_fscase_get(c, "data_unit_index");
		unsigned long du = du_s != NULL ? strtoul(du_s, NULL, 10) : 0;
		unsigned long long idx =
			idx_s != NULL ? strtoull(idx_s, NULL, 10) : 0;

		if (du < 16 || pt_len == 0 || pt_len % du != 0 ||
		    ct_len != pt_len || idx_s == NULL) {
			fprintf(stderr, "%s: bad data unit layout\n", id);
			goto out;
		}
		ret = 0;
		for (size_t j = 0; j < pt_len / du && ret == 0; j++) {
			if (wide_iv(c, (uint64_t)idx + j, want_iv) != 0 ||
			    (j == 0 && memcmp(want_iv, iv, 32) != 0)) {
				fprintf(stderr, "%s: IV disagrees\n", id);
				ret = -1;
				break;
			}
			ret = check_one(id, key, want_iv, pt + j * du,
					ct + j * du, du, enc, dec);
		}
	} else {
		fprintf(stderr, "%s: unsupported kind %s\n", id, kind);
	}
out:
	free(key);
	free(iv);
	free(pt);
	free(ct);
	free(padded);
	return ret;
}
