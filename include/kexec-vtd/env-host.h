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

/* Wire structs are only described, never dereferenced; see VTD_LD. */
#define VTD_PACKED __attribute__((packed))
#define VTD_ALWAYS_INLINE inline __attribute__((__always_inline__))

#endif /* KEXEC_VTD_ENV_HOST_H */
