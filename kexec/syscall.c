// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * syscall.c - kexec_load(2), and what its errors mean in words.
 */
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "report.h"
#include "syscall.h"

#define KEXEC_ON_CRASH 0x00000001
#define KEXEC_ARCH_X86_64 (62 << 16)

struct kexec_segment_abi {
	const void *buf;
	size_t bufsz;
	const void *mem;
	size_t memsz;
};

static const char *kexec_strerror(int err)
{
	switch (err) {
	case EPERM:
		return "not permitted: not root, kexec_load_disabled is set, "
		       "or the kernel is locked down (lockdown refuses "
		       "kexec_load)";
	case EBUSY:
		return "busy: a crash kernel is loaded or being loaded";
	case ENOMEM:
		return "out of memory in the kernel";
	case EINVAL:
		return "invalid: overlapping segments, a buffer larger than "
		       "its segment, too many segments or too much memory";
	case EADDRNOTAVAIL:
		return "a segment outside the kernel's crash range, or not "
		       "page-aligned";
	case ENOSYS:
		return "this kernel was built without CONFIG_KEXEC";
	default:
		return strerror(err);
	}
}

int kx_kexec_load(const struct kx_plan *p)
{
	struct kexec_segment_abi seg[KX_MAX_SEGMENTS];
	int i;

	for (i = 0; i < p->nr_seg; i++) {
		seg[i].buf = p->seg[i].buf;
		seg[i].bufsz = p->seg[i].bufsz;
		seg[i].mem = (const void *)(uintptr_t)p->seg[i].mem;
		seg[i].memsz = p->seg[i].memsz;
	}
	if (syscall(SYS_kexec_load, (unsigned long)p->entry,
		    (unsigned long)p->nr_seg, seg,
		    (unsigned long)(KEXEC_ON_CRASH | KEXEC_ARCH_X86_64)) < 0) {
		kx_err("kexec_load: %s", kexec_strerror(errno));
		return -1;
	}
	return 0;
}
