/* SPDX-License-Identifier: MIT */
/*
 * The extent-format profiles: one row per version of the btrfs per-extent
 * encryption proposal (docs/spec.md, "Extent profiles").
 */
#ifndef EXTCRYPT_PROFILES_H
#define EXTCRYPT_PROFILES_H

#include <stdbool.h>
#include <stdint.h>

struct extcrypt_profile {
	int id;            /* enum extcrypt_extent_profile */
	const char *name;
	uint8_t size;      /* context bytes */
	uint8_t hkdf_ctx;  /* HKDF context byte of the extent key */
	bool has_key_id;   /* 34-byte layout with the master key identifier */
	bool checks_version; /* the reader refuses a version other than 1 */
	bool uses_mode;    /* the writer fills the mode byte, the reader checks it */
};

/* The profile's row, or NULL if unknown. */
const struct extcrypt_profile *extcrypt_profile_lookup(int id);

/* The version byte every proposal writes (FSCRYPT_EXTENT_CONTEXT_V1). */
#define EXTCRYPT_EXTENT_CONTEXT_VERSION 1

#endif /* EXTCRYPT_PROFILES_H */
