/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * syscall.h - kexec_load(2) for a crash image.
 */
#ifndef VTD_KEXEC_SYSCALL_H
#define VTD_KEXEC_SYSCALL_H

#include "kexec.h"

/*
 * Load the plan as the crash kernel: 0, or -1 after saying what the
 * kernel's refusal means ("kexec_load: busy: ...").
 */
int kx_kexec_load(const struct kx_plan *p);

#endif /* VTD_KEXEC_SYSCALL_H */
