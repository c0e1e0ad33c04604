/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * load.h - one crash load with the VT-d handover.
 */
#ifndef VTD_KEXEC_LOAD_H
#define VTD_KEXEC_LOAD_H

#include "bzimage.h"
#include "kexec.h"
#include "purgload.h"

struct kx_load {
	const struct kx_opts *opts;
	const struct kx_machine *m;
	struct vtd_purgatory_unit units[VTD_PURGATORY_MAX_UNITS];
	uint32_t nr_units;
	struct kx_bzimage bz;
	struct kx_purgatory purg;
	struct vtd_purgatory_args args;
	struct kx_plan plan;
};

/*
 * The DRHD units of the machine's DMAR table: 0 with *@nr 0 when there is
 * no table, -1 for one that cannot be used.
 */
int kx_dmar_units(const struct kx_machine *m, struct vtd_purgatory_unit *units,
		  uint32_t *nr);
/* Build every segment; ld->opts, ld->m and the units must be set. */
int kx_load_build(struct kx_load *ld);
void kx_load_free(struct kx_load *ld);

#endif /* VTD_KEXEC_LOAD_H */
