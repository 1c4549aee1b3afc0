// SPDX-License-Identifier: MIT
#include <string.h>

#include "common/feature_list.h"

uint32_t extcrypt_parse_feature_list(const char *list,
				     const struct extcrypt_feature_name *names,
				     size_t n)
{
	uint32_t bits = 0;

	while (*list) {
		size_t len = strcspn(list, ",");

		for (size_t i = 0; i < n; i++)
			if (strlen(names[i].name) == len &&
			    strncmp(names[i].name, list, len) == 0)
				bits |= names[i].bits;
		list += len;
		if (*list == ',')
			list++;
	}
	return bits;
}
