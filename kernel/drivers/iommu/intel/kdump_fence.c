// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fence of the adoption (#22, 1): no DMA through an adopted entry
 * reaches the crash kernel's own memory, its RAM, the elfcorehdr or the
 * note.
 *
 * Upstream keeps the crashed kernel's page tables until each device's
 * first map and never looks inside them.  A leaf the crash corrupted, a
 * ring left pointing at memory that was the crashed kernel's hole and is
 * now the crash kernel's, and the device writes into the running kdump
 * kernel.  The gate walks each adopted device's old tables once (one
 * walk for all devices of a domain) before they are live again, within a
 * budget; a device whose tables reach the fence, or cannot be checked,
 * is blocked alone: its context entry is not adopted, and its DMA faults
 * until its driver maps.  A pass-through entry, which reaches every
 * byte, gets a fenced identity domain instead: the crashed kernel's RAM
 * mapped one to one, the fence left out.
 */
#include <linux/array_size.h>
#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/string.h>

#include "iommu.h"
#include "kdump_core.h"

int vtd_fence_add(struct vtd_fence *f, u64 start, u64 end)
{
	if (end <= start)
		return 0;
	if (f->nr >= ARRAY_SIZE(f->range))
		return -ENOSPC;
	f->range[f->nr].start = start;
	f->range[f->nr].end = end;
	f->nr++;
	if (f->nr == 1 || start < f->lo)
		f->lo = start;
	if (f->nr == 1 || end > f->hi)
		f->hi = end;
	return 0;
}

bool vtd_fence_reaches(const struct vtd_fence *f, u64 pa, u64 len)
{
	u64 end = pa + len;
	u32 i;

	if (!len)
		return false;
	if (end < pa) /* wraps: reaches the top of the address space */
		return f->nr;
	/* Most leaves miss the fence's span: one comparison pair each. */
	if (end <= f->lo || pa >= f->hi)
		return false;
	for (i = 0; i < f->nr; i++)
		if (pa < f->range[i].end && end > f->range[i].start)
			return true;
	return false;
}

/*
 * One level of the walk: a table page of old memory, mapped, and the
 * next entry to look at.
 */
struct fence_level {
	const u64 *e;
	u32 i;
};

static void unmap_levels(const struct vtd_crash_ops *ops, void *ctx,
			 struct fence_level *lv, int depth)
{
	for (; depth >= 0; depth--)
		ops->unmap_page(ctx, lv[depth].e);
}

/*
 * A table page the walk is about to read: in the fence it would have the
 * unit read the crash kernel's memory as page-table entries (a reach of
 * its own); outside old RAM it is not the crashed kernel's and is not
 * read.  Counted against the budget.
 */
static int enter_table(const struct vtd_crash_ops *ops, void *ctx,
		       struct vtd_fence_walk *w, u64 pa, const u64 **e,
		       u64 *hit)
{
	if (vtd_fence_reaches(w->fence, pa, VTD_PAGE_SIZE)) {
		*hit = pa;
		return VTD_FENCE_HIT;
	}
	if (!vtd_elfcorehdr_is_old_ram(w->ram, pa, VTD_PAGE_SIZE)) {
		*hit = pa;
		return -EIO;
	}
	if (!w->budget)
		return -E2BIG;
	w->budget--;
	w->pages++;
	*e = ops->map_page(ctx, pa);
	if (!*e) {
		*hit = pa;
		return -EIO;
	}
	return 0;
}

/*
 * A last-level table: 512 leaves of 4 KiB, the walk's bulk, in a loop of
 * its own (a handful of instructions a leaf; bench/bench_fence.c).
 */
static bool leaves_reach(struct vtd_fence_walk *w, const u64 *e, u64 present,
			 u64 addr_mask, u64 *hit)
{
	const struct vtd_fence *f = w->fence;
	u32 i, n = 0;
	u64 pa;

	for (i = 0; i < VTD_SLPT_ENTRIES; i++) {
		if (!(e[i] & present))
			continue;
		n++;
		pa = e[i] & addr_mask;
		if (pa + VTD_PAGE_SIZE > f->lo && pa < f->hi &&
		    vtd_fence_reaches(f, pa, VTD_PAGE_SIZE)) {
			*hit = pa;
			w->entries += n;
			return true;
		}
	}
	w->entries += n;
	return false;
}

/*
 * The walk itself, depth first, a page per level mapped at a time (at
 * most five).  An entry is present with R or W (second stage, 9.8) or P
 * (first stage, 9.7); a leaf at level 1, or with PS at levels 2 and 3.
 * PS above level 3 is reserved: the unit faults on it and reads nothing
 * through it, and nor does the walk.  A table that points back at one
 * above it is walked again, no deeper than @levels, and the budget ends
 * a table shared many times over.
 */
static int walk_tables(const struct vtd_crash_ops *ops, void *ctx,
		       struct vtd_fence_walk *w, u64 root, unsigned int levels,
		       bool fs, u64 *hit)
{
	const u64 present = fs ? VTD_FSPTE_P : VTD_SLPTE_R | VTD_SLPTE_W;
	const u64 addr_mask = fs ? VTD_FSPTE_ADDR : VTD_SLPTE_ADDR;
	struct fence_level lv[VTD_FENCE_MAX_LEVELS];
	int depth = 0, ret;

	if (!levels || levels > ARRAY_SIZE(lv))
		return -EINVAL;
	ret = enter_table(ops, ctx, w, root, &lv[0].e, hit);
	if (ret)
		return ret;
	lv[0].i = 0;
	while (depth >= 0) {
		unsigned int level = levels - depth;
		struct fence_level *l = &lv[depth];
		u64 pte, size, pa;

		if (l->i == VTD_SLPT_ENTRIES) {
			ops->unmap_page(ctx, l->e);
			depth--;
			continue;
		}
		pte = l->e[l->i++];
		if (!(pte & present))
			continue;
		w->entries++;
		pa = pte & addr_mask;
		if (level > 1 && !(pte & VTD_SLPTE_PS)) {
			ret = enter_table(ops, ctx, w, pa, &lv[depth + 1].e,
					  hit);
			if (!ret && level == 2) {
				/* Its leaves at once: no level pushed. */
				if (leaves_reach(w, lv[depth + 1].e, present,
						 addr_mask, hit))
					ret = VTD_FENCE_HIT;
				ops->unmap_page(ctx, lv[depth + 1].e);
				if (!ret)
					continue;
			}
			if (ret) {
				unmap_levels(ops, ctx, lv, depth);
				return ret;
			}
			lv[++depth].i = 0;
			continue;
		}
		if (level > 3)
			continue;
		size = 1ull << (VTD_PAGE_SHIFT + VTD_SLPT_LEVEL_STRIDE *
						 (level - 1));
		pa &= ~(size - 1);
		if (vtd_fence_reaches(w->fence, pa, size)) {
			*hit = pa;
			unmap_levels(ops, ctx, lv, depth);
			return VTD_FENCE_HIT;
		}
	}
	return 0;
}

int vtd_fence_walk(const struct vtd_crash_ops *ops, void *ctx,
		   struct vtd_fence_walk *w, u64 root, unsigned int levels,
		   bool fs, u64 *hit)
{
	struct vtd_fence_seen *s;
	u32 i;
	int ret;

	w->walks++;
	/* The devices of one domain share its tables: walked once. */
	for (i = 0; i < w->nr_seen && i < ARRAY_SIZE(w->seen); i++) {
		s = &w->seen[i];
		if (s->root == root && s->levels == levels && s->fs == fs) {
			*hit = s->hit;
			return s->ret;
		}
	}
	*hit = 0;
	ret = walk_tables(ops, ctx, w, root, levels, fs, hit);
	s = &w->seen[w->nr_seen++ % ARRAY_SIZE(w->seen)];
	s->root = root;
	s->levels = levels;
	s->fs = fs;
	s->ret = ret;
	s->hit = *hit;
	return ret;
}

/* --- the fenced identity domain (#22, 2) --- */

/* identity_slot(): a larger page above maps @iova already. */
#define IDENTITY_COVERED 1

/*
 * The entry for @iova at @level of the identity table at @root, the
 * tables above it made as needed: its address; IDENTITY_COVERED; or 0
 * (no page, or the page budget spent).  The elfcorehdr's ranges may
 * overlap (x86's kernel-text PT_LOAD lies inside a RAM one), so a range
 * may meet the pages of another: a leaf above is never taken for a
 * table.
 */
static u64 identity_slot(const struct vtd_crash_plat *p, void *ctx,
			 struct vtd_fence_identity *id, u64 iova,
			 unsigned int level)
{
	u64 table = id->root, pte, slot;
	unsigned int l;

	for (l = id->levels; l > level; l--) {
		slot = table + ((iova >> (VTD_PAGE_SHIFT +
					  VTD_SLPT_LEVEL_STRIDE * (l - 1))) &
				(VTD_SLPT_ENTRIES - 1)) * sizeof(u64);
		if (p->rd->read_phys(ctx, slot, &pte, sizeof(pte)))
			return 0;
		if ((pte & (VTD_SLPTE_R | VTD_SLPTE_W)) &&
		    (pte & VTD_SLPTE_PS))
			return IDENTITY_COVERED;
		if (!(pte & (VTD_SLPTE_R | VTD_SLPTE_W))) {
			if (!id->budget)
				return 0;
			pte = p->alloc_table_page(ctx);
			if (!pte)
				return 0;
			id->budget--;
			id->nr_tables++;
			if (p->write64(ctx, slot, pte | VTD_SLPTE_R | VTD_SLPTE_W))
				return 0;
		}
		table = pte & VTD_SLPTE_ADDR;
	}
	return table + ((iova >> (VTD_PAGE_SHIFT +
				  VTD_SLPT_LEVEL_STRIDE * (level - 1))) &
			(VTD_SLPT_ENTRIES - 1)) * sizeof(u64);
}

/* The largest page the unit has that fits at @pa below @end, unfenced. */
static unsigned int identity_level(const struct vtd_fence *f, u64 sllps,
				   u64 pa, u64 end)
{
	unsigned int level;

	for (level = 3; level > 1; level--) {
		u64 size = 1ull << (VTD_PAGE_SHIFT +
				    VTD_SLPT_LEVEL_STRIDE * (level - 1));

		/* SLLPS bit 0: 2 MiB pages, bit 1: 1 GiB (VT-d spec 10.4.2). */
		if (!(sllps & BIT(level - 2)) || (pa & (size - 1)) ||
		    end - pa < size || vtd_fence_reaches(f, pa, size))
			continue;
		return level;
	}
	return 1;
}

/*
 * Every table page of the identity domain, the leaves' tables first:
 * flushed (a unit that does not snoop reads them from memory, VT-d spec
 * 6.1: before anything points at them) or given back.
 */
static void identity_tables(const struct vtd_crash_plat *p, void *ctx,
			    u64 table, unsigned int level, bool free)
{
	const u64 *e = level > 1 ? p->rd->map_page(ctx, table) : NULL;
	u32 i;

	/* At most five levels deep, one page mapped at each. */
	for (i = 0; e && i < VTD_SLPT_ENTRIES; i++)
		if ((e[i] & (VTD_SLPTE_R | VTD_SLPTE_W)) &&
		    !(e[i] & VTD_SLPTE_PS))
			identity_tables(p, ctx, e[i] & VTD_SLPTE_ADDR,
					level - 1, free);
	if (e)
		p->rd->unmap_page(ctx, e);
	if (free)
		p->free_table_page(ctx, table);
	else
		p->flush(ctx, table, VTD_PAGE_SIZE);
}

void vtd_fence_identity_free(const struct vtd_crash_plat *p, void *ctx,
			     struct vtd_fence_identity *id)
{
	if (id->root && p->free_table_page)
		identity_tables(p, ctx, id->root, id->levels, true);
	id->root = 0;
	id->nr_tables = 0;
	id->mapped = 0;
}

/*
 * Map @pa one to one with a page of *@level, or of a smaller one where
 * an overlapping range left a table there (*@level says which); the
 * fence's own 4 KiB pages are left out, a fault if reached.  0 or
 * -ENOMEM.
 */
static int identity_map(const struct vtd_crash_plat *p, void *ctx,
			struct vtd_fence_identity *id,
			const struct vtd_fence *f, u64 pa, unsigned int *level)
{
	const u64 present = VTD_SLPTE_R | VTD_SLPTE_W;
	u64 slot, old;

	for (;; --*level) {
		if (*level == 1 && vtd_fence_reaches(f, pa, VTD_PAGE_SIZE))
			return 0;
		slot = identity_slot(p, ctx, id, pa, *level);
		if (slot == IDENTITY_COVERED)
			return 0;
		if (!slot || p->rd->read_phys(ctx, slot, &old, sizeof(old)))
			return -ENOMEM;
		if (*level > 1 && (old & present) && !(old & VTD_SLPTE_PS))
			continue;
		if (old & present)
			return 0; /* the same page, from another range */
		if (p->write64(ctx, slot, pa | present |
				      (*level > 1 ? VTD_SLPTE_PS : 0)))
			return -ENOMEM;
		id->mapped += 1ull << (VTD_PAGE_SHIFT +
				       VTD_SLPT_LEVEL_STRIDE * (*level - 1));
		return 0;
	}
}

int vtd_fence_identity(const struct vtd_crash_plat *p, void *ctx,
		       const struct vtd_elfcorehdr_ram *ram,
		       const struct vtd_fence *f, u64 cap,
		       struct vtd_fence_identity *id)
{
	u64 sllps = FIELD_GET(VTD_CAP_SLLPS, cap), pa, end, size;
	unsigned int level;
	int ret;
	u32 i;

	if (ram->overflow || !id->levels || id->levels > VTD_FENCE_MAX_LEVELS)
		return -EINVAL;
	id->root = p->alloc_table_page(ctx);
	if (!id->root)
		return -ENOMEM;
	id->nr_tables = 1;
	for (i = 0; i < ram->nr; i++) {
		pa = ram->range[i].start & VTD_PAGE_MASK;
		end = ram->range[i].end & VTD_PAGE_MASK;
		if (end > 1ull << (VTD_PAGE_SHIFT + VTD_SLPT_LEVEL_STRIDE *
						     id->levels))
			return -ERANGE;
		for (; pa < end; pa += size) {
			level = identity_level(f, sllps, pa, end);
			ret = identity_map(p, ctx, id, f, pa, &level);
			if (ret)
				return ret;
			size = 1ull << (VTD_PAGE_SHIFT +
					VTD_SLPT_LEVEL_STRIDE * (level - 1));
		}
	}
	identity_tables(p, ctx, id->root, id->levels, false);
	return 0;
}
