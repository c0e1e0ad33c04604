// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rdtsc.c - print the CPU's time-stamp counter, for the e2e guest's
 * init: read in the first kernel just before the crash and in the crash
 * kernel's init, it gives the time between them across the kexec (the
 * TSC is not reset), in QEMU's virtual time under -icount.
 */
#include <stdio.h>
#include <x86intrin.h>

int main(void)
{
	printf("%llu\n", (unsigned long long)__rdtsc());
	return 0;
}
