/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * purgload.h - place and relocate the embedded purgatory.
 */
#ifndef VTD_KEXEC_PURGLOAD_H
#define VTD_KEXEC_PURGLOAD_H

#include "kexec.h"

struct kx_purgatory {
	uint8_t *image;	 /* sections laid out, relocated */
	size_t size;	 /* bytes, page-rounded */
	uint64_t align;	 /* largest section alignment */
	uint64_t entry;	 /* purgatory_start, physical */
	size_t args_off; /* vtd_purgatory_args within image */
};

/* The purgatory object linked into this program. */
void kx_purgatory_blob(const uint8_t **data, size_t *len);

/* Size and alignment of @obj once laid out. */
int kx_purgatory_measure(const uint8_t *obj, size_t len, size_t *size,
			 uint64_t *align);

/*
 * Lay out @obj for physical address @base and apply its relocations.
 * Fails on any relocation type outside VTD_PURGATORY_RELOCS, an undefined
 * symbol, a value that does not fit, or a missing or wrong-sized
 * argument block, naming the section and offset.
 */
int kx_purgatory_relocate(const uint8_t *obj, size_t len, uint64_t base,
			  struct kx_purgatory *p);
void kx_purgatory_free(struct kx_purgatory *p);

/* Copy @args into the relocated image. */
void kx_purgatory_set_args(struct kx_purgatory *p,
			   const struct vtd_purgatory_args *args);

#endif /* VTD_KEXEC_PURGLOAD_H */
