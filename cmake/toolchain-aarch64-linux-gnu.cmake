# SPDX-License-Identifier: MIT
#
# Cross build for 64-bit Arm Linux with Debian's cross compiler, run under
# qemu user-mode emulation:
#
#   apt-get install gcc-aarch64-linux-gnu qemu-user \
#       libssl-dev:arm64 libsodium-dev:arm64 check:arm64
#   cmake -S . -B build/arm64 \
#       -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-aarch64-linux-gnu.cmake
#
# scripts/test-arm64.sh does all of this and runs the test suite.

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(EXTCRYPT_CROSS_TRIPLE aarch64-linux-gnu)
set(CMAKE_C_COMPILER ${EXTCRYPT_CROSS_TRIPLE}-gcc)
# Without these, CMake may pick the host's ar/ranlib/nm for static archives.
find_program(CMAKE_AR ${EXTCRYPT_CROSS_TRIPLE}-ar)
find_program(CMAKE_RANLIB ${EXTCRYPT_CROSS_TRIPLE}-ranlib)
find_program(CMAKE_NM ${EXTCRYPT_CROSS_TRIPLE}-nm)
find_program(CMAKE_STRIP ${EXTCRYPT_CROSS_TRIPLE}-strip)

# Debian's multiarch layout: the arm64 libraries and their .pc files sit in
# /usr/lib/aarch64-linux-gnu of the host's root, the C library in
# /usr/aarch64-linux-gnu.  Look for target libraries and headers there,
# never for programs (those must run on the build host).
set(CMAKE_LIBRARY_ARCHITECTURE ${EXTCRYPT_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH /usr/${EXTCRYPT_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

# pkg-config must see only the arm64 .pc files (plus the architecture-
# independent ones), not the host's x86-64 ones.  PKG_CONFIG_LIBDIR replaces
# the default search path instead of adding to it.
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/${EXTCRYPT_CROSS_TRIPLE}/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# CTest (and try_run) start every target program through qemu.  "-cpu max"
# enables every optional extension qemu implements, AES and PMULL included.
# No -L: the arm64 dynamic loader and libc come from libc6:arm64 (pulled in
# by libssl-dev:arm64), installed at the standard multiarch paths, which is
# where the programs' run-time dependencies are too.
set(CMAKE_CROSSCOMPILING_EMULATOR "qemu-aarch64;-cpu;max")
