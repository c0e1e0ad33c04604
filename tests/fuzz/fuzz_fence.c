// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_fence.c - libFuzzer target for the fence (#22): the walk of a
 * device's old page tables and the fenced identity domain's builder.
 *
 * The input is a header (the walk's root, levels, format and budget, the
 * fence's ranges, more old RAM, CAP.SLLPS) and then old memory, up to
 * 16 pages from address 0.  The walk is run against a reference walk
 * written here from the spec's formats (VT-d 9.7 and 9.8: depth first,
 * the same order), which must agree on the verdict, the address that
 * decided it, the pages read and the entries seen; a second walk of the
 * same root must give the cached verdict and read nothing; every page
 * mapped is unmapped.  Then the identity domain is built for the old
 * RAM and the fence from pages of a pool, writing nowhere else, and the
 * walk, run over it, must find no reach into the fence; each range's
 * first and last pages translate to themselves unless fenced.
 */
#include <stdbool.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "kdump_core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HDR 96
#define MEM_PAGES 16
#define POOL_BASE (UINT64_C(1) << 45)
#define POOL_PAGES 64

#include "pool-harness.h"

static uint8_t mem[MEM_PAGES][4096];
static size_t mem_pages;
static int mapped; /* pages mapped and not yet unmapped */

static uint8_t *at(uint64_t pa, size_t len)
{
	if (pa >= POOL_BASE)
		return pool_at(pa, len);
	if (pa / 4096 >= mem_pages || pa % 4096 + len > 4096)
		return NULL;
	return &mem[pa / 4096][pa % 4096];
}

static int read_phys(void *ctx, uint64_t pa, void *buf, size_t len)
{
	const uint8_t *p = at(pa, len);

	if (!p)
		return -EIO;
	memcpy(buf, p, len);
	return 0;
}

static const void *map_page(void *ctx, uint64_t pa)
{
	const void *p = pa % 4096 ? NULL : at(pa, 4096);

	mapped += p != NULL;
	return p;
}

static void unmap_page(void *ctx, const void *page)
{
	if (!page || --mapped < 0)
		__builtin_trap();
}

static uint32_t read32(void *ctx, uint64_t addr)
{
	return ~UINT32_C(0);
}

static uint64_t read64(void *ctx, uint64_t addr)
{
	return ~UINT64_C(0);
}

static const struct vtd_crash_ops ops = {
	.read_phys = read_phys,
	.map_page = map_page,
	.unmap_page = unmap_page,
	.read32 = read32,
	.read64 = read64,
};

/* The builder writes its own tables only: the pool's pages. */
static int write64(void *ctx, uint64_t pa, uint64_t v)
{
	uint8_t *p = at(pa, 8);

	if (pa < POOL_BASE || !p || pa % 8)
		__builtin_trap();
	vtd_st_le64(p, v);
	return 0;
}

static void flush(void *ctx, uint64_t pa, size_t len)
{
	if (pa < POOL_BASE)
		__builtin_trap();
}

static const struct vtd_crash_plat plat = {
	.rd = &ops,
	.write64 = write64,
	.alloc_table_page = alloc_page,
	.free_table_page = free_page,
	.flush = flush,
};

/* --- the reference walk: recursive, from the formats alone --- */

struct ref {
	const struct vtd_fence *fence;
	const struct vtd_elfcorehdr_ram *ram;
	uint64_t present, mask;
	uint32_t budget, pages;
	uint64_t entries, hit;
};

static bool overlaps(const struct vtd_fence *f, uint64_t pa, uint64_t len)
{
	uint32_t i;

	for (i = 0; i < f->nr; i++)
		if (pa < f->range[i].end && pa + len > f->range[i].start)
			return true;
	return false;
}

static bool in_ram(const struct vtd_elfcorehdr_ram *ram, uint64_t pa)
{
	uint32_t i;

	for (i = 0; i < ram->nr; i++)
		if (pa >= ram->range[i].start &&
		    pa + 4096 <= ram->range[i].end)
			return true;
	return false;
}

static int ref_table(struct ref *r, uint64_t pa, unsigned int level)
{
	uint64_t e[512], pte, out, size;
	unsigned int i;
	int ret;

	if (overlaps(r->fence, pa, 4096)) {
		r->hit = pa;
		return VTD_FENCE_HIT;
	}
	if (!in_ram(r->ram, pa)) {
		r->hit = pa;
		return -EIO;
	}
	if (!r->budget)
		return -E2BIG;
	r->budget--;
	r->pages++;
	if (pa % 4096 || !at(pa, 4096)) {
		r->hit = pa;
		return -EIO;
	}
	for (i = 0; i < 512; i++)
		e[i] = vtd_ld_le64(at(pa + 8 * i, 8));
	for (i = 0; i < 512; i++) {
		pte = e[i];
		if (!(pte & r->present))
			continue;
		r->entries++;
		out = pte & r->mask;
		if (level > 1 && !(pte & VTD_SLPTE_PS)) {
			ret = ref_table(r, out, level - 1);
			if (ret)
				return ret;
			continue;
		}
		if (level > 3)
			continue; /* PS where the formats reserve it */
		size = UINT64_C(1) << (12 + 9 * (level - 1));
		out &= ~(size - 1);
		if (overlaps(r->fence, out, size)) {
			r->hit = out;
			return VTD_FENCE_HIT;
		}
	}
	return 0;
}

/* --- the identity domain, read back --- */

static uint64_t translate(uint64_t root, unsigned int levels, uint64_t iova)
{
	uint64_t table = root, pte = 0;
	unsigned int l;
	const uint8_t *p;

	for (l = levels; l >= 1; l--) {
		unsigned int shift = 12 + 9 * (l - 1);

		p = at(table + ((iova >> shift) & 511) * 8, 8);
		if (!p)
			__builtin_trap(); /* a table outside the pool */
		pte = vtd_ld_le64(p);
		if (!(pte & (VTD_SLPTE_R | VTD_SLPTE_W)))
			return UINT64_MAX;
		if (l == 1 || (pte & VTD_SLPTE_PS))
			return (pte & VTD_SLPTE_ADDR & ~((UINT64_C(1) << shift) - 1)) |
			       (iova & ((UINT64_C(1) << shift) - 1));
		table = pte & VTD_SLPTE_ADDR;
	}
	return UINT64_MAX;
}

static struct vtd_elfcorehdr_ram ram, pool_ram;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vtd_fence_walk w = { 0 };
	struct vtd_fence_identity id = { 0 };
	struct vtd_fence f = { 0 };
	struct ref r = { 0 };
	unsigned int levels, i;
	uint64_t root, hit = 0, hit2 = 0, pages, start, len;
	bool fs;
	int ret, ret2, want;

	if (size < HDR)
		return 0;
	mem_pages = (size - HDR) / 4096 + ((size - HDR) % 4096 != 0);
	if (mem_pages > MEM_PAGES)
		return 0;
	memset(mem, 0, sizeof(mem));
	memcpy(mem, data + HDR, size - HDR);
	pool_used = 0;
	mapped = 0;
	/* Header: walk, then 4 fence and 4 more RAM ranges (page, pages). */
	levels = data[0] % 6;	 /* 0 and 1 are refused */
	fs = data[1] & 1;
	root = (uint64_t)(data[2] % (MEM_PAGES + 2)) * 4096;
	w.budget = 1 + data[3] % 40;
	for (i = 0; i < 4; i++) {
		start = (uint64_t)vtd_ld_le32(data + 8 + 8 * i) << 12;
		len = (uint64_t)vtd_ld_le16(data + 12 + 8 * i) << 12;
		vtd_fence_add(&f, start, start + len);
	}
	memset(&ram, 0, sizeof(ram));
	ram.range[ram.nr].start = 0;
	ram.range[ram.nr++].end = 4096 * (uint64_t)mem_pages;
	for (i = 0; i < 4; i++) {
		start = (uint64_t)vtd_ld_le32(data + 40 + 8 * i) << 12;
		len = (uint64_t)vtd_ld_le32(data + 44 + 8 * i) & 0xfffff;
		if (len) {
			ram.range[ram.nr].start = start;
			ram.range[ram.nr++].end = start + (len << 12);
		}
	}
	w.fence = &f;
	w.ram = &ram;

	/* The walk against the reference. */
	r.fence = &f;
	r.ram = &ram;
	r.present = fs ? VTD_FSPTE_P : VTD_SLPTE_R | VTD_SLPTE_W;
	r.mask = fs ? VTD_FSPTE_ADDR : VTD_SLPTE_ADDR;
	r.budget = w.budget;
	want = levels < 1 || levels > 5 ? -EINVAL : ref_table(&r, root, levels);
	ret = vtd_fence_walk(&ops, NULL, &w, root, levels, fs, &hit);
	if (ret != want || mapped)
		__builtin_trap();
	if (ret != -EINVAL &&
	    (w.pages != r.pages || w.entries != r.entries ||
	     ((ret == VTD_FENCE_HIT || ret == -EIO) && hit != r.hit)))
		__builtin_trap();
	/* The same root again: the verdict kept, nothing read. */
	pages = w.pages;
	ret2 = vtd_fence_walk(&ops, NULL, &w, root, levels, fs, &hit2);
	if (ret2 != ret || hit2 != hit || w.pages != pages || w.walks != 2)
		__builtin_trap();

	/* The fenced identity domain of that RAM, within 512 GiB. */
	for (i = 0; i < ram.nr; i++)
		if (ram.range[i].end > UINT64_C(1) << 39 ||
		    ram.range[i].end - ram.range[i].start > UINT64_C(1) << 32)
			return 0;
	id.levels = 4;
	id.budget = POOL_PAGES - 1;
	ret = vtd_fence_identity(&plat, NULL, &ram, &f,
				 (uint64_t)(data[4] & 3) << 34, &id);
	if (ret || mapped) {
		vtd_fence_identity_free(&plat, NULL, &id);
		if (mapped)
			__builtin_trap();
		return 0;
	}
	if (id.nr_tables != pool_used)
		__builtin_trap();
	/* Walked as old RAM of its own, it reaches no fenced byte. */
	memset(&w, 0, sizeof(w));
	memset(&pool_ram, 0, sizeof(pool_ram));
	pool_ram.nr = 1;
	pool_ram.range[0].start = POOL_BASE;
	pool_ram.range[0].end = POOL_BASE + 4096 * (uint64_t)POOL_PAGES;
	w.fence = &f;
	w.ram = &pool_ram;
	w.budget = POOL_PAGES;
	if (vtd_fence_walk(&ops, NULL, &w, id.root, 4, false, &hit) != 0)
		__builtin_trap();
	for (i = 0; i < ram.nr; i++) {
		uint64_t ends[2] = { ram.range[i].start & ~UINT64_C(0xfff),
				     (ram.range[i].end - 1) & ~UINT64_C(0xfff) };
		unsigned int k;

		for (k = 0; k < 2; k++)
			if (ram.range[i].end > ram.range[i].start &&
			    !overlaps(&f, ends[k], 4096) &&
			    translate(id.root, 4, ends[k]) != ends[k])
				__builtin_trap();
	}
	vtd_fence_identity_free(&plat, NULL, &id);
	return 0;
}
