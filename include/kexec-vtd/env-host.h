/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * env-host.h - what env.h takes from the compiler outside the kernel
 * (userspace, purgatory, the model).  The kernel has its own spelling of
 * each, so this file is not part of the kernel series.
 */
#ifndef KEXEC_VTD_ENV_HOST_H
#define KEXEC_VTD_ENV_HOST_H

/* Freestanding headers: the compiler provides them, no libc needed. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The kernel's names for the fixed-width types, which the code the kernel
 * also builds (lib/'s note codec, these headers) is written in.
 */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

/* C11's spelling, as the kernel's <linux/build_bug.h> gives it. */
#ifndef static_assert
#define static_assert _Static_assert
#endif

/* The size of a struct member, as the kernel's <linux/stddef.h> has it. */
#ifndef sizeof_field
#define sizeof_field(TYPE, MEMBER) sizeof((((TYPE *)0)->MEMBER))
#endif

/* Wire structs are only described, never dereferenced; see vtd_ld_field. */
#define VTD_PACKED __attribute__((packed))
#define VTD_ALWAYS_INLINE inline __attribute__((__always_inline__))

#endif /* KEXEC_VTD_ENV_HOST_H */
