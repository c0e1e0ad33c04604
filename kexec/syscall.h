/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * syscall.h - kexec_load(2) for a crash image.
 */
#ifndef VTD_KEXEC_SYSCALL_H
#define VTD_KEXEC_SYSCALL_H

#include "kexec.h"

/* Returns 0 or the negated errno. */
int kx_kexec_load(const struct kx_plan *p);
int kx_kexec_unload(void);
const char *kx_kexec_strerror(int err);

#endif /* VTD_KEXEC_SYSCALL_H */
