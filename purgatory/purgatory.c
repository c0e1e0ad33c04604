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
#include <kexec-vtd/purgatory.h>
#include <kexec-vtd/snapshot.h>
#include <kexec-vtd/x86.h>

#include "arch.h"
#include "console.h"
#include "digest.h"
#include "pgtable.h"

#define PT_POOL_PAGES 64

void purgatory_main(void);

/* Filled by the loader through its symbol; never in .bss. */
struct vtd_purgatory_args vtd_purgatory_args
	__attribute__((section(".data"), aligned(16)));

static uint8_t pt_pool[PT_POOL_PAGES * X86_PAGE_SIZE]
	__attribute__((aligned(X86_PAGE_SIZE)));

/* Which register pages were mapped: reads elsewhere give all ones. */
static bool unit_mapped[VTD_PURG_MAX_UNITS];

static const struct vtd_purg_unit *unit_of(const struct vtd_purgatory_args *a,
					   uint64_t addr)
{
	uint32_t i;

	for (i = 0; i < a->nr_units && i < VTD_PURG_MAX_UNITS; i++)
		if (unit_mapped[i] && addr >= a->units[i].reg_base &&
		    addr - a->units[i].reg_base < a->units[i].reg_size)
			return &a->units[i];
	return NULL;
}

static uint32_t snap_read32(void *ctx, uint64_t addr)
{
	return unit_of(ctx, addr) ? arch_mmio_read32(addr) : UINT32_MAX;
}

static uint64_t snap_read64(void *ctx, uint64_t addr)
{
	return unit_of(ctx, addr) ? arch_mmio_read64(addr) : UINT64_MAX;
}

/* Tables are read in place, but only inside RAM the loader reported. */
static const void *snap_map_page(void *ctx, uint64_t pa)
{
	const struct vtd_purgatory_args *a = ctx;
	uint32_t i;

	for (i = 0; i < a->nr_ram && i < VTD_PURG_MAX_RAM; i++)
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

/* Map each unit's register pages uncached; a unit that fails reads dead. */
static void map_registers(struct pt *pt, const struct vtd_purgatory_args *a)
{
	uint32_t i, off;

	for (i = 0; i < a->nr_units && i < VTD_PURG_MAX_UNITS; i++) {
		unit_mapped[i] = true;
		for (off = 0; off < a->units[i].reg_size; off += X86_PAGE_SIZE)
			if (pt_map_page(pt, a->units[i].reg_base + off,
					X86_PTE_PCD | X86_PTE_PWT) < 0)
				unit_mapped[i] = false;
	}
}

static void take_snapshot(struct vtd_purgatory_args *a)
{
	struct vtd_snap_ops ops = {
		.read32 = snap_read32,
		.read64 = snap_read64,
		.map_page = snap_map_page,
		.tsc = snap_tsc,
		.unit_done = (a->flags & VTD_PURG_F_TRACE) ? snap_trace : NULL,
	};
	struct vtd_snap_unit units[VTD_PURG_MAX_UNITS];
	uint32_t i, n = a->nr_units < VTD_PURG_MAX_UNITS ? a->nr_units :
							   VTD_PURG_MAX_UNITS;
	uint64_t old_cr3 = arch_read_cr3();
	struct pt pt;
	int used;

	if (pt_init(&pt, pt_pool, PT_POOL_PAGES, old_cr3) < 0)
		return;
	map_registers(&pt, a);
	for (i = 0; i < n; i++) {
		units[i].reg_base = a->units[i].reg_base;
		units[i].reg_size = a->units[i].reg_size;
		units[i].segment = a->units[i].segment;
	}
	arch_write_cr3(pt_root(&pt));
	used = vtd_snapshot(&ops, a, units, n,
			    (void *)(uintptr_t)a->snapshot_addr,
			    (size_t)a->snapshot_size);
	arch_write_cr3(old_cr3);
	if (used < 0)
		con_puts("kexec-vtd: snapshot failed; no note\n");
}

void purgatory_main(void)
{
	struct vtd_purgatory_args *a = &vtd_purgatory_args;

	con_set_port(a->serial_port);
	if (a->magic != VTD_PURG_MAGIC || a->version != VTD_PURG_VERSION) {
		con_puts("kexec-vtd purgatory: arguments not set by the loader\n");
		arch_halt_forever();
	}
	if (a->flags & VTD_PURG_F_SNAPSHOT)
		take_snapshot(a);
	if (digest_verify(a->digest_regions, VTD_PURG_MAX_REGIONS,
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
