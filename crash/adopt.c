// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * adopt.c - adopt the translation of a unit the gate accepted:
 * translation stays on and RTADDR stays; new context tables filled from
 * the note replace the old ones under the old root table; the old domain
 * ids and IRTE indices are reserved.  A device gets its fresh domain
 * later, at its driver's first map (swap.c).
 */
#include <kexec-vtd/vtd-hw.h>

#include "vtd-crash.h"

static void bit_set_(uint8_t *map, uint32_t i)
{
	map[i / 8] |= (uint8_t)(1u << (i % 8));
}

/* A failed adoption leaves nothing behind: its pages go back. */
static void free_tables_(const struct vtd_crash_plat *p, void *ctx,
			 struct vtd_adopted *a)
{
	unsigned int bus;

	for (bus = 0; bus < VTD_ROOT_ENTRIES; bus++) {
		if (a->ctx_tables[bus] && p->free_page)
			p->free_page(ctx, a->ctx_tables[bus]);
		a->ctx_tables[bus] = 0;
	}
}

/*
 * New context tables, one per present root entry, filled from the note's
 * entries (not from old memory, which may have changed since), then
 * swapped in under the old root table one 64-bit store each (a root
 * entry's upper half is reserved in legacy mode, VT-d spec 9.1, so the
 * lower half is the whole entry).  Every page is allocated before the
 * first root entry changes.  Linear in the note's entries.
 */
static int copy_contexts_(const struct vtd_crash_plat *p, void *ctx,
			  const struct vtd_note *n, int unit_off,
			  struct vtd_adopted *a)
{
	uint64_t *tables = a->ctx_tables;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	unsigned int bus;

	vtd_note_cursor_init(n, unit_off, &c);
	while (vtd_note_next_entry(n, &c, &e)) {
		if (e.type == VTD_SEC_ROOT && e.bus < VTD_ROOT_ENTRIES &&
		    !tables[e.bus]) {
			tables[e.bus] = p->alloc_page(ctx);
			if (!tables[e.bus]) {
				free_tables_(p, ctx, a);
				return -VTD_ERR_NOSPACE;
			}
		} else if (e.type == VTD_SEC_CTX && e.bus < VTD_ROOT_ENTRIES &&
			   tables[e.bus]) {
			uint64_t at = tables[e.bus] +
				      (uint64_t)e.devfn * VTD_CTX_ENTRY_SIZE;

			/* Not yet reachable by the unit: any order will do. */
			p->write64(ctx, at + 8, e.val[1]);
			p->write64(ctx, at, e.val[0]);
			bit_set_(a->did_used,
				 (uint32_t)VTD_FIELD_GET(VTD_CTX_HI_DID,
							 e.val[1]));
			a->contexts++;
		}
	}
	for (bus = 0; bus < VTD_ROOT_ENTRIES; bus++) {
		uint64_t re = a->root + (uint64_t)bus * VTD_ROOT_ENTRY_SIZE;

		if (!tables[bus])
			continue;
		/* The table reaches memory before the pointer to it. */
		p->flush(ctx, tables[bus], VTD_PAGE_SIZE_4K);
		p->write64(ctx, re, tables[bus] | VTD_ROOT_LO_P);
		p->flush(ctx, re, VTD_ROOT_ENTRY_SIZE);
	}
	return 0;
}

int vtd_crash_plan_unit(const struct vtd_note *n, uint64_t reg_base,
			struct vtd_adopted *a)
{
	struct vtd_note_unit_info u;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	int off;

	vtd_memset(a, 0, sizeof(*a));
	a->reg_base = reg_base;
	off = vtd_note_find_unit(n, reg_base, &u);
	if (off < 0)
		return off;
	a->root = u.rtaddr & VTD_RTADDR_RTA;
	if (u.gsts & VTD_GSTS_IRES) {
		a->irt = u.irta & VTD_IRTA_IRTA;
		a->irt_entries = vtd_irta_entries(u.irta);
	}
	a->ecap = u.ecap;
	a->ndoms = vtd_cap_ndoms(u.cap);
	a->tes = !!(u.gsts & VTD_GSTS_TES);
	a->unit_off = off;
	bit_set_(a->did_used, 0); /* never handed out, as Linux does */

	vtd_note_cursor_init(n, off, &c);
	while (vtd_note_next_entry(n, &c, &e)) {
		if (e.type == VTD_SEC_IRTE && e.index < VTD_CRASH_MAX_IRTES) {
			bit_set_(a->irte_used, e.index);
			a->irtes++;
		}
	}
	return 0;
}

int vtd_crash_adopt_unit(const struct vtd_crash_plat *p, void *ctx,
			 const struct vtd_note *n, uint64_t reg_base,
			 struct vtd_adopted *a)
{
	int ret = vtd_crash_plan_unit(n, reg_base, a);

	if (ret < 0 || !a->tes)
		return ret;
	return copy_contexts_(p, ctx, n, a->unit_off, a);
}
