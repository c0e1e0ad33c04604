/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vtd-crash.h - the seam of the crash extension: vtd.c is built against
 * crash's defs.h and knows crash, vtd-run.c against kexec-vtd's headers
 * and knows the tables; the two headers' types would clash, so the seam
 * carries only standard C types.
 */
#ifndef VTD_CRASH_H
#define VTD_CRASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A remapping unit as the crashed kernel's own structures describe it. */
struct vtd_crash_unit {
	uint64_t reg_base;
	uint16_t segment;
	bool scalable;	  /* the kernel ran it in scalable mode */
	bool translating; /* GCMD.TE as the kernel last set it */
	bool remapping;	  /* GCMD.IRE */
	uint64_t cap, ecap;
	uint64_t root_pa; /* 0: no root table */
	uint64_t irta;	  /* the IRT's address, size and EIME */
};

/* vtd-run.c: the command, ARGV[0] being "vtd". */
int vtd_crash_run(int argc, char **argv, FILE *out, const char *dumpfile);

/* vtd.c: crash's services. */
/* @len bytes of the dump's physical memory at @pa: 0, or -1 when absent. */
int vtd_crash_read_phys(uint64_t pa, void *buf, size_t len);
/*
 * Up to @max units from the kernel's list of DMAR units: how many, or -1
 * (with a line on @out saying why) when the kernel's structures cannot be
 * read.
 */
int vtd_crash_kernel_units(struct vtd_crash_unit *u, int max, FILE *out);

#endif /* VTD_CRASH_H */
