// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * purgatory.c - what runs between the panicked kernel and the crash
 * kernel, in order: map the DMAR registers, snapshot every remapping unit
 * into the note, check the segments' digest, save the backup region, and
 * return to entry64.S, which jumps to the crash kernel.
 *
 * One CPU, interrupts off, devices still doing DMA.  Nothing here writes
 * to the IOMMU or to the old kernel's tables.
 */
#include <kexec-vtd/purgatory-contract.h>
#include <kexec-vtd/snapshot.h>
#include <kexec-vtd/x86.h>

#include "arch.h"
#include "console.h"
#include "digest.h"
#include "pgtable.h"

/*
 * Page tables for the register pages: the top-level copy, then at most
 * three tables per unit (a unit in a new 512 GiB region needs a PDPT, a
 * PD and a PT); units past what the pool holds are skipped and flagged.
 */
#define PT_POOL_PAGES 64

void purgatory_main(void);

/* Filled by the loader through its symbol; never in .bss. */
struct vtd_purgatory_args vtd_purgatory_args
	__attribute__((section(".data"), aligned(16)));

static uint8_t pt_pool[PT_POOL_PAGES * X86_PAGE_SIZE]
	__attribute__((aligned(X86_PAGE_SIZE)));

/* The units as the snapshot sees them; UNMAPPED ones are never read. */
static struct vtd_snap_unit snap_units[VTD_PURGATORY_MAX_UNITS];
static uint32_t nr_snap_units;

static const struct vtd_snap_unit *unit_of(uint64_t addr)
{
	uint32_t i;

	for (i = 0; i < nr_snap_units; i++)
		if (!(snap_units[i].flags & VTD_UNIT_F_UNMAPPED) &&
		    addr >= snap_units[i].reg_base &&
		    addr - snap_units[i].reg_base < snap_units[i].reg_size)
			return &snap_units[i];
	return NULL;
}

static uint32_t snap_read32(void *ctx, uint64_t addr)
{
	return unit_of(addr) ? arch_mmio_read32(addr) : UINT32_MAX;
}

static uint64_t snap_read64(void *ctx, uint64_t addr)
{
	return unit_of(addr) ? arch_mmio_read64(addr) : UINT64_MAX;
}

/* Tables are read in place, but only inside RAM the loader reported. */
static const void *snap_map_page(void *ctx, uint64_t pa)
{
	const struct vtd_purgatory_args *a = ctx;
	uint32_t i;

	for (i = 0; i < a->nr_ram && i < VTD_PURGATORY_MAX_RAM; i++)
		if (pa >= a->ram[i].start &&
		    pa - a->ram[i].start + X86_PAGE_SIZE <= a->ram[i].len)
			return (const void *)(uintptr_t)pa;
	return NULL;
}

static uint64_t snap_tsc(void *ctx)
{
	return arch_rdtsc();
}

static void snap_trace(void *ctx, const struct vtd_snap_result *r)
{
	con_puts("kexec-vtd: unit ");
	con_put_hex(r->unit->reg_base);
	con_puts(" gsts ");
	con_put_hex(r->gsts);
	con_puts(": ");
	con_put_dec(r->roots);
	con_puts(" roots, ");
	con_put_dec(r->contexts);
	con_puts(" contexts, ");
	con_put_dec(r->irtes);
	con_puts(" irtes, ");
	con_put_dec(r->faults);
	con_puts(" faults, flags ");
	con_put_hex(r->flags);
	con_puts("\n");
}

/*
 * Map each unit's register pages uncached on top of the kernel's map; a
 * unit whose pages cannot all be mapped is flagged and never read.  With
 * no page tables of our own (@pt NULL) every unit is.
 */
static void map_registers(struct pt *pt)
{
	uint32_t i, off;

	for (i = 0; i < nr_snap_units; i++) {
		struct vtd_snap_unit *u = &snap_units[i];

		for (off = 0; off < u->reg_size; off += X86_PAGE_SIZE)
			if (!pt || pt_map_page(pt, u->reg_base + off,
					       X86_PTE_PCD | X86_PTE_PWT) < 0) {
				u->flags |= VTD_UNIT_F_UNMAPPED;
				break;
			}
	}
}

/*
 * No stale translation may serve a register page: the kernel's map could
 * have covered it with a cacheable large page (SDM vol. 3, 4.10.4.1:
 * after a change of a paging entry, INVLPG the page).
 */
static void flush_registers(void)
{
	uint32_t i, off;

	for (i = 0; i < nr_snap_units; i++)
		for (off = 0; !(snap_units[i].flags & VTD_UNIT_F_UNMAPPED) &&
			      off < snap_units[i].reg_size;
		     off += X86_PAGE_SIZE)
			arch_invlpg(snap_units[i].reg_base + off);
}

static void take_snapshot(struct vtd_purgatory_args *a)
{
	struct vtd_snap_ops ops = {
		.read32 = snap_read32,
		.read64 = snap_read64,
		.map_page = snap_map_page,
		.tsc = snap_tsc,
		.unit_done =
			(a->flags & VTD_PURGATORY_F_TRACE) ? snap_trace : NULL,
	};
	uint64_t old_cr3 = arch_read_cr3();
	/* The paging mode the kernel left us in (SDM vol. 3, 4.1.1). */
	unsigned int levels = (arch_read_cr4() & X86_CR4_LA57) ?
				      X86_PT_LEVELS_5 :
				      X86_PT_LEVELS_4;
	bool own_map;
	struct pt pt;
	uint32_t i;
	int used;

	nr_snap_units = a->nr_units < VTD_PURGATORY_MAX_UNITS
				? a->nr_units
				: VTD_PURGATORY_MAX_UNITS;
	for (i = 0; i < nr_snap_units; i++)
		snap_units[i] = (struct vtd_snap_unit){
			.reg_base = a->units[i].reg_base,
			.reg_size = a->units[i].reg_size,
			.segment = a->units[i].segment,
		};
	own_map = pt_init(&pt, pt_pool, PT_POOL_PAGES, old_cr3, levels) == 0;
	map_registers(own_map ? &pt : NULL);
	if (own_map) {
		arch_write_cr3(pt_cr3(&pt));
		flush_registers();
	}
	used = vtd_snapshot(&ops, a, snap_units, nr_snap_units,
			    (void *)(uintptr_t)a->snapshot_addr,
			    (size_t)a->snapshot_size);
	if (own_map)
		arch_write_cr3(old_cr3);
	if (used < 0)
		con_puts("kexec-vtd: snapshot failed; no note\n");
}

void purgatory_main(void)
{
	struct vtd_purgatory_args *a = &vtd_purgatory_args;

	con_set_port(a->serial_port);
	if (a->magic != VTD_PURGATORY_MAGIC ||
	    a->version != VTD_PURGATORY_VERSION) {
		con_puts("kexec-vtd purgatory: arguments not set by the loader\n");
		arch_halt_forever();
	}
	if (a->flags & VTD_PURGATORY_F_SNAPSHOT)
		take_snapshot(a);
	if (digest_verify(a->digest_regions, VTD_PURGATORY_MAX_REGIONS,
			  a->digest) < 0) {
		con_puts("kexec-vtd purgatory: SHA-256 digest mismatch, "
			 "not booting a corrupted crash kernel\n");
		arch_halt_forever();
	}
	if (a->backup_size)
		vtd_memcpy((void *)(uintptr_t)a->backup_dest,
			   (const void *)(uintptr_t)a->backup_src,
			   (size_t)a->backup_size);
}
