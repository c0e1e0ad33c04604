// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_crash.c - libFuzzer target for the crash kernel's core: the input
 * is physical memory from address 0, where the elfcorehdr sits.  The
 * walk to the note (ELF header, program headers, PT_NOTE areas) must
 * never read outside it, and whatever note it accepts is judged and
 * adopted unit by unit against that memory, writing into a copy of it
 * and into pages of a small pool.  As in fuzz_note, the checksum of a
 * note found through a PT_NOTE is fixed up, so that mutations reach the
 * structural checks and the adoption.
 *
 * A store anywhere but where the adoption may write (pages it took from
 * the pool, the kept root table's page) stops the run: old memory
 * elsewhere belongs to the dump, whatever the input.  So does a page
 * given back that the pool never handed out.
 */
#include <stdbool.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <kexec-vtd/note.h>

#include "kdump_core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MEM_MAX 65536
#define POOL_BASE (UINT64_C(1) << 40)
#define POOL_PAGES 300 /* one per bus, and a few more */

#include "pool-harness.h"

static uint8_t mem[MEM_MAX];
static size_t mem_size;
static uint8_t area[VTD_NOTE_AREA_MAX];
static struct vtd_adopted adopted;
static struct vtd_adopted_ids adopted_ids;
static struct vtd_elfcorehdr_ram ram;

static uint8_t *at(uint64_t pa, size_t len)
{
	if (pa >= POOL_BASE)
		return pool_at(pa, len);
	if (pa > mem_size || len > mem_size - pa)
		return NULL;
	return mem + pa;
}

static int read_phys(void *ctx, uint64_t pa, void *buf, size_t len)
{
	const uint8_t *p = at(pa, len);

	if (!p)
		return -EIO;
	memcpy(buf, p, len);
	return 0;
}

/* Registers read as the memory at their address, or all ones. */
static uint32_t read32(void *ctx, uint64_t addr)
{
	const uint8_t *p = at(addr, 4);

	return p ? vtd_ld_le32(p) : ~UINT32_C(0);
}

static uint64_t read64(void *ctx, uint64_t addr)
{
	const uint8_t *p = at(addr, 8);

	return p ? vtd_ld_le64(p) : ~UINT64_C(0);
}

static bool inside(uint64_t pa, size_t len, uint64_t start, uint64_t size)
{
	return pa >= start && len <= size && pa - start <= size - len;
}

/* Where the adoption of the unit in hand may store. */
static bool may_write(uint64_t pa, size_t len)
{
	return inside(pa, len, POOL_BASE, 4096 * (uint64_t)pool_used) ||
	       inside(pa, len, adopted.root, 4096);
}

static int write64(void *ctx, uint64_t pa, uint64_t v)
{
	uint8_t *p = at(pa, 8);

	if (!may_write(pa, 8))
		__builtin_trap();
	if (!p)
		return -EIO;
	vtd_st_le64(p, v);
	return 0;
}

static void flush(void *ctx, uint64_t pa, size_t len)
{
}

static int qi_submit(void *ctx, const struct qi_desc *desc)
{
	return 0;
}

static int ats_state(void *ctx, uint16_t sid, struct vtd_crash_ats *ats)
{
	ats->enabled = true;
	ats->pfsid = sid;
	return 0;
}

static const void *map_page(void *ctx, uint64_t pa)
{
	return pa % 4096 ? NULL : at(pa, 4096);
}

static void unmap_page(void *ctx, const void *page)
{
}

static const struct vtd_crash_ops ops = {
	.read_phys = read_phys,
	.map_page = map_page,
	.unmap_page = unmap_page,
	.read32 = read32,
	.read64 = read64,
};
static const struct vtd_crash_plat plat = {
	.rd = &ops,
	.write64 = write64,
	.alloc_table_page = alloc_page,
	.free_table_page = free_page,
	.flush = flush,
	.qi_submit = qi_submit,
	.ats_state = ats_state,
};

/* Give every KEXEC-VTD note a PT_NOTE points at its right checksum. */
static void seal_notes(void)
{
	uint64_t phoff;
	uint32_t i, phnum;

	if (mem_size < 64 || memcmp(mem, "\177ELF", 4))
		return;
	phoff = vtd_ld_le64(mem + 0x20);
	phnum = vtd_ld_le16(mem + 0x38);
	for (i = 0; i < phnum && i < 64; i++) {
		const uint8_t *ph = at(phoff + 56 * (uint64_t)i, 56);
		uint64_t off, len;
		const void *desc;
		size_t desc_len;
		uint8_t *p;

		if (!ph || vtd_ld_le32(ph) != 4)
			continue;
		off = vtd_ld_le64(ph + 8);
		len = vtd_ld_le64(ph + 32);
		p = at(off, len);
		if (p && vtd_note_find(p, len, &desc, &desc_len, NULL) == 0)
			vtd_st_le32((uint8_t *)desc +
					    offsetof(struct vtd_note_hdr,
						     checksum),
				    vtd_note_checksum(desc, desc_len));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vtd_note_unit_info u;
	struct vtd_gate_aside aside;
	enum vtd_gate_verdict v;
	struct vtd_note n;
	uint64_t lo, hi;
	int off;

	if (size > MEM_MAX)
		return 0;
	memcpy(mem, data, size);
	mem_size = size;
	pool_used = 0;
	seal_notes();
	if (vtd_elfcorehdr_find_note(&ops, NULL, 0, area, sizeof(area), &n, &ram,
				     NULL))
		return 0;
	for (off = vtd_note_first_unit(&n); off >= 0;
	     off = vtd_note_next_unit(&n, off)) {
		vtd_note_get_unit(&n, off, &u);
		if ((unsigned int)vtd_gate_check_unit(&n, &ram, &ops, NULL,
						       u.reg_base) >=
		    VTD_GATE_VERDICT_MAX)
			__builtin_trap();
		/* Per-device verdicts: bounded, and only on an adopted unit. */
		v = vtd_gate_check_aside(&n, &ram, &ops, NULL, u.reg_base,
					 VTD_PART_BOTH, &aside);
		if ((unsigned int)v >= VTD_GATE_VERDICT_MAX ||
		    aside.nr > VTD_GATE_MAX_ASIDE ||
		    (v != VTD_ADOPT && aside.nr))
			__builtin_trap();
		adopted.ids = &adopted_ids;
		if (vtd_crash_plan_unit(&n, u.reg_base, &adopted))
			__builtin_trap(); /* the unit is in the note */
		if (vtd_crash_adopt_unit(&plat, NULL, &n, u.reg_base,
					 &adopted) < 0)
			continue;
		adopted.aside = aside;
		lo = size ? data[0] : 0;
		hi = size > 1 ? data[1] : 0;
		if (adopted.scalable)
			vtd_crash_swap_sm_context(&plat, NULL, &adopted,
						  (uint16_t)(lo << 8 | hi),
						  lo | 1, hi);
		else
			vtd_crash_swap_context(&plat, NULL, &adopted,
					       (uint16_t)(lo << 8 | hi), lo | 1,
					       hi);
	}
	return 0;
}
