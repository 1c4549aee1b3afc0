/* SPDX-License-Identifier: MIT */
/*
 * export.h - symbol visibility for libextcrypt's public API.
 *
 * The library is built with -fvisibility=hidden; only declarations marked
 * EXTCRYPT_API are exported, and the linker version script
 * (src/libextcrypt.map) then puts each under its version node.
 */
#ifndef EXTCRYPT_EXPORT_H
#define EXTCRYPT_EXPORT_H

#if defined(EXTCRYPT_BUILDING_LIBRARY) && defined(__GNUC__)
#define EXTCRYPT_API __attribute__((visibility("default")))
#else
#define EXTCRYPT_API
#endif

#if defined(__GNUC__)
#define EXTCRYPT_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define EXTCRYPT_WARN_UNUSED
#endif

#endif /* EXTCRYPT_EXPORT_H */
