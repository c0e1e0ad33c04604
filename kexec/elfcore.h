/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * elfcore.h - the elfcorehdr segment.
 */
#ifndef VTD_KEXEC_ELFCORE_H
#define VTD_KEXEC_ELFCORE_H

#include <gelf.h>

#include "kexec.h"

#define KX_MAX_PHDRS (KX_MAX_CPUS + KX_MAX_RANGES + 8)

struct kx_phdrs {
	int nr;
	GElf_Phdr p[KX_MAX_PHDRS];
};

/* The program headers for machine @m, the snapshot area and the backup. */
int kx_elfcore_phdrs(struct kx_phdrs *ph, const struct kx_machine *m,
		     uint64_t snapshot_addr, uint64_t snapshot_size,
		     uint64_t backup_dest);
/* Write them as an ELF64 core header into a new buffer (malloc). */
int kx_elfcore_build(const struct kx_phdrs *ph, void **buf, size_t *len);

#endif /* VTD_KEXEC_ELFCORE_H */
