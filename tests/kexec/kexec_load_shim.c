// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexec_load_shim.c - preloaded (LD_PRELOAD) into the loader by
 * loader.py, so that a load without --dry-run runs to its end and
 * kexec_load(2) never reaches the kernel.
 *
 * The call is written to $VTD_SHIM_LOG (one line: entry, number of
 * segments, flags, then mem+memsz of each segment) and returns what
 * $VTD_SHIM_ERRNO says: unset or 0 succeeds, a number fails with that
 * errno.  Loading the shim adds a line "shim" to the log (kexec-tools,
 * run with the same environment, adds one too), so a test can see that
 * it is in place before it runs anything without --dry-run.
 * Every other syscall() goes to libc.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>

struct shim_segment {
	const void *buf;
	size_t bufsz;
	const void *mem;
	size_t memsz;
};

static FILE *open_log(const char *mode)
{
	const char *path = getenv("VTD_SHIM_LOG");

	return path && *path ? fopen(path, mode) : NULL;
}

__attribute__((constructor)) static void shim_loaded(void)
{
	FILE *f = open_log("a");

	if (f) {
		fputs("shim\n", f);
		fclose(f);
	}
}

static long fake_kexec_load(unsigned long entry, unsigned long nr,
			    const struct shim_segment *seg, unsigned long flags)
{
	const char *e = getenv("VTD_SHIM_ERRNO");
	FILE *f = open_log("a");
	unsigned long i;
	int err = e ? atoi(e) : 0;

	if (f) {
		fprintf(f, "kexec_load entry=0x%lx nr=%lu flags=0x%lx", entry,
			nr, flags);
		for (i = 0; i < nr && seg; i++)
			fprintf(f, " %p+0x%zx", seg[i].mem, seg[i].memsz);
		fputc('\n', f);
		fclose(f);
	}
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

long syscall(long nr, ...)
{
	long (*next)(long, ...);
	long a[6];
	va_list ap;
	int i;

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == SYS_kexec_load)
		return fake_kexec_load((unsigned long)a[0], (unsigned long)a[1],
				       (const struct shim_segment *)a[2],
				       (unsigned long)a[3]);
	next = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	if (!next) {
		errno = ENOSYS;
		return -1;
	}
	return next(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}
