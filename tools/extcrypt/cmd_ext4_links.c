// SPDX-License-Identifier: MIT
/*
 * cmd_ext4_links.c - the inodes with several names that `extcrypt ext4
 * extract` has already written, so that their other names become hard
 * links to the first one instead of copies.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_ext4.h"

/* Linear probing in a power-of-two table kept at most half full. */
static size_t slot_of(const struct ext4cli_links *l, uint64_t ino)
{
	size_t mask = l->cap - 1, i = (size_t)(ino * 0x9E3779B97F4A7C15ull) & mask;

	while (l->slot[i].path && l->slot[i].ino != ino)
		i = (i + 1) & mask;
	return i;
}

const char *ext4cli_links_find(const struct ext4cli_links *l, uint64_t ino)
{
	return l->cap ? l->slot[slot_of(l, ino)].path : NULL;
}

void ext4cli_links_add(struct ext4cli_links *l, uint64_t ino, const char *path)
{
	if (2 * (l->n + 1) > l->cap) {
		struct ext4cli_links grown = { NULL, l->cap ? 2 * l->cap : 64, l->n };

		grown.slot = cli_malloc(grown.cap * sizeof(*grown.slot));
		memset(grown.slot, 0, grown.cap * sizeof(*grown.slot));
		for (size_t i = 0; i < l->cap; i++)
			if (l->slot[i].path)
				grown.slot[slot_of(&grown, l->slot[i].ino)] = l->slot[i];
		free(l->slot);
		*l = grown;
	}
	size_t i = slot_of(l, ino);

	if (l->slot[i].path)
		return; /* the first name stays the one linked to */
	l->slot[i].ino = ino;
	l->slot[i].path = cli_strdup(path);
	l->n++;
}

void ext4cli_links_free(struct ext4cli_links *l)
{
	for (size_t i = 0; i < l->cap; i++)
		free(l->slot[i].path);
	free(l->slot);
	memset(l, 0, sizeof(*l));
}
