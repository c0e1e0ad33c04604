// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Adopt the crashed kernel's VT-d state from the kexec-vtd note.
 *
 * A kdump kernel loaded with kexec-vtd finds, through the elfcorehdr, a
 * note its purgatory wrote at crash time: every remapping unit's root
 * table address, context entries and IRTEs, checksummed.  When a unit
 * still matches its record, the crash kernel keeps translation and
 * interrupt remapping on, keeps the old root table and interrupt
 * remapping table (RTADDR and IRTA are not rewritten), and fills new
 * context tables from the note rather than from old memory.  Anything
 * that does not match falls back to the kernel's own copy, with one
 * line that says why.
 *
 * The decisions and the table work are the core's (kdump_core.h), the
 * same sources the project's VT-d model tests; this file gives the core
 * this kernel's way of reading and writing memory and of invalidating
 * through the unit's queue.
 */

#define pr_fmt(fmt)	"DMAR: kexec-vtd: " fmt

#include <linux/bitmap.h>
#include <linux/crash_dump.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/pci-ats.h>
#include <linux/slab.h>
#include <asm/e820/api.h>

#include "../iommu-pages.h"
#include "iommu.h"
#include "kdump.h"
#include "kdump_core.h"

static struct {
	bool tried;
	void *buf;
	struct vtd_note note;
	struct vtd_elfcorehdr_ram ram;
	int err;
	struct vtd_fence fence;
	int fence_err;
} kd_note;

/* The unit being adopted or the device being swapped, for the ops below. */
struct kd_unit {
	struct intel_iommu *iommu;
	u64 root_pa;
	u64 *root;		/* the old root table, mapped */
	struct device_domain_info *info; /* the swap's device, or NULL */
};

/*
 * Old memory is mapped only where the crashed kernel had RAM (the
 * elfcorehdr's PT_LOADs, once read), in the elfcorehdr itself (where
 * elfcorehdr= says; a kernel that built it for kexec_file_load leaves it
 * out of this kernel's e820), or where a loader reserved room for us
 * (its note area: reserved in this kernel's e820), and never in this
 * kernel's own RAM nor in MMIO.
 */
#define KD_ELFCOREHDR_MAX (sizeof(struct elf64_hdr) + \
			   VTD_ELFCOREHDR_MAX_PHDRS * sizeof(struct elf64_phdr))

static bool kd_may_map(u64 pa, size_t len)
{
	if (!len || pa + len < pa)
		return false;
	if (vtd_elfcorehdr_is_old_ram(&kd_note.ram, pa, len))
		return true;
	if (region_intersects(pa, len, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT)
		return false;
	if (pa >= elfcorehdr_addr &&
	    pa + len <= elfcorehdr_addr + KD_ELFCOREHDR_MAX)
		return true;
	return e820__mapped_any(pa, pa + 1, E820_TYPE_RESERVED) &&
	       e820__mapped_any(pa + len - 1, pa + len, E820_TYPE_RESERVED);
}

static int kd_read_phys(void *ctx, u64 pa, void *buf, size_t len)
{
	struct kd_unit *u = ctx;
	void *p;

	/*
	 * During an adoption only the old root table and this kernel's own
	 * context tables are read, possibly under iommu->lock: no mapping.
	 */
	if (u && u->root && pa >= u->root_pa &&
	    pa + len <= u->root_pa + VTD_PAGE_SIZE) {
		memcpy(buf, (u8 *)u->root + (pa - u->root_pa), len);
		return 0;
	}
	if (u && u->root) {
		if (!pfn_valid(PHYS_PFN(pa)))
			return -EIO;
		memcpy(buf, phys_to_virt(pa), len);
		return 0;
	}
	if (!kd_may_map(pa, len))
		return -EIO;
	p = memremap(pa, len, MEMREMAP_WB);
	if (!p)
		return -EIO;
	memcpy(buf, p, len);
	memunmap(p);
	return 0;
}

/*
 * A page of a table for the gate to scan whole: mapped once, not a
 * chunk at a time.  During an adoption, as for kd_read_phys(), only the
 * old root table (already mapped) and this kernel's own pages.
 */
static const void *kd_map_page(void *ctx, u64 pa)
{
	struct kd_unit *u = ctx;

	if (!IS_ALIGNED(pa, VTD_PAGE_SIZE))
		return NULL;
	if (u && u->root)
		return pa == u->root_pa ? u->root :
		       pfn_valid(PHYS_PFN(pa)) ? phys_to_virt(pa) : NULL;
	if (!kd_may_map(pa, VTD_PAGE_SIZE))
		return NULL;
	return memremap(pa, VTD_PAGE_SIZE, MEMREMAP_WB);
}

static void kd_unmap_page(void *ctx, const void *page)
{
	struct kd_unit *u = ctx;

	if (!(u && u->root))
		memunmap((void *)page);
}

static void __iomem *kd_reg(void *ctx, u64 addr, unsigned int width)
{
	struct intel_iommu *iommu = ((struct kd_unit *)ctx)->iommu;

	if (addr < iommu->reg_phys ||
	    addr + width > iommu->reg_phys + iommu->reg_size)
		return NULL;
	return iommu->reg + (addr - iommu->reg_phys);
}

static u32 kd_read32(void *ctx, u64 addr)
{
	void __iomem *r = kd_reg(ctx, addr, 4);

	return r ? readl(r) : ~0U;
}

static u64 kd_read64(void *ctx, u64 addr)
{
	void __iomem *r = kd_reg(ctx, addr, 8);

	return r ? dmar_readq(r) : ~0ULL;
}

static const struct vtd_crash_ops kd_rd = {
	.read_phys = kd_read_phys,
	.map_page = kd_map_page,
	.unmap_page = kd_unmap_page,
	.read32 = kd_read32,
	.read64 = kd_read64,
};

/* The old root table, or a page this kernel allocated for the adoption. */
static void *kd_virt(struct kd_unit *u, u64 pa)
{
	if (pa >= u->root_pa && pa < u->root_pa + VTD_PAGE_SIZE)
		return (u8 *)u->root + (pa - u->root_pa);
	if (WARN_ON_ONCE(!pfn_valid(PHYS_PFN(pa))))
		return NULL;
	return phys_to_virt(pa);
}

static int kd_write64(void *ctx, u64 pa, u64 v)
{
	u64 *p = kd_virt(ctx, pa);

	if (!p)
		return -EIO;
	WRITE_ONCE(*p, v);
	return 0;
}

static u64 kd_alloc_page(void *ctx)
{
	struct intel_iommu *iommu = ((struct kd_unit *)ctx)->iommu;
	void *p = iommu_alloc_page_node(iommu->node, GFP_KERNEL);

	return p ? virt_to_phys(p) : 0;
}

static void kd_free_page(void *ctx, u64 pa)
{
	iommu_free_page(phys_to_virt(pa));
}

static void kd_flush(void *ctx, u64 pa, size_t len)
{
	struct kd_unit *u = ctx;
	void *p = kd_virt(u, pa);

	if (p && !ecap_coherent(u->iommu->ecap))
		clflush_cache_range(p, len);
}

/*
 * The core's descriptors go through the driver's own queue, and what it
 * reports is the core's: a refused descriptor (-EINVAL) or a device that
 * is gone (-ETIMEDOUT) makes the swap fail, and the hook falls back.
 */
static int kd_qi_submit(void *ctx, const struct qi_desc *desc)
{
	struct intel_iommu *iommu = ((struct kd_unit *)ctx)->iommu;
	struct qi_desc d = *desc;

	if (!iommu->qi)
		return -EOPNOTSUPP;
	return qi_submit_sync(iommu, &d, 1, 0);
}

/*
 * The function's ATS as it is now, not as this kernel set it up: its
 * driver has not enabled ATS yet at the first attach, but the crashed
 * kernel may have, and a Function Level Reset since may have cleared
 * it.  Only the device being swapped is asked, never a DMA alias, and
 * the PCI bus is not walked under iommu->lock.
 */
static int kd_ats_state(void *ctx, u16 sid, struct vtd_crash_ats *ats)
{
	struct device_domain_info *info = ((struct kd_unit *)ctx)->info;
	struct pci_dev *pdev;
	u16 ctrl;

	ats->enabled = false;
	if (!info || !dev_is_pci(info->dev) ||
	    PCI_DEVID(info->bus, info->devfn) != sid)
		return 0;
	pdev = to_pci_dev(info->dev);
	if (!pdev->ats_cap)
		return 0;
	if (!pci_device_is_present(pdev) ||
	    pci_read_config_word(pdev, pdev->ats_cap + PCI_ATS_CTRL, &ctrl) ||
	    PCI_POSSIBLE_ERROR(ctrl))
		return -ENODEV;
	ats->enabled = ctrl & PCI_ATS_CTRL_ENABLE;
	ats->pfsid = pci_dev_id(pci_physfn(pdev));
	ats->qdep = max(pci_ats_queue_depth(pdev), 0);
	return 0;
}

static const struct vtd_crash_plat kd_plat = {
	.rd = &kd_rd,
	.write64 = kd_write64,
	.alloc_table_page = kd_alloc_page,
	.free_table_page = kd_free_page,
	.flush = kd_flush,
	.qi_submit = kd_qi_submit,
	.ats_state = kd_ats_state,
};

/* The note, read once; interrupt remapping asks first, early in boot. */
static int kd_fence_ram(struct resource *res, void *f)
{
	return vtd_fence_add(f, res->start, res->end + 1);
}

/*
 * The fence (#22, 1): this kernel's System RAM, the elfcorehdr and the
 * note area, which no device may reach through an adopted entry.  A
 * purgatory's area lies outside the crashed kernel's RAM (the gate found
 * it so); a kernel's own note lies inside it and is no longer needed.
 */
static int kd_fence_init(struct vtd_fence *f,
			 const struct vtd_elfcorehdr_ram *ram)
{
	int ret;

	memset(f, 0, sizeof(*f));
	ret = walk_system_ram_res(0, U64_MAX, f, kd_fence_ram);
	if (ret)
		return ret;
	if (!f->nr)
		return -ENOENT;
	ret = vtd_fence_add(f, elfcorehdr_addr,
			    elfcorehdr_addr + elfcorehdr_size);
	if (!ret && !vtd_elfcorehdr_is_old_ram(ram, ram->note_start, 1))
		ret = vtd_fence_add(f, ram->note_start, ram->note_end);
	return ret;
}

static const struct vtd_note *kd_get_note(void)
{
	struct vtd_note_info info;
	unsigned int nr;

	if (kd_note.tried)
		return kd_note.err ? NULL : &kd_note.note;
	kd_note.tried = true;
	kd_note.err = -ENOENT;
	if (!is_kdump_kernel())
		return NULL;
	kd_note.buf = kvmalloc(VTD_NOTE_AREA_MAX, GFP_KERNEL);
	if (!kd_note.buf) {
		pr_info("no memory for the note; doing without it\n");
		return NULL;
	}
	kd_note.err = vtd_elfcorehdr_find_note(&kd_rd, NULL, elfcorehdr_addr,
					       kd_note.buf, VTD_NOTE_AREA_MAX,
					       &kd_note.note, &kd_note.ram, &nr);
	if (kd_note.err) {
		pr_info("no usable note at elfcorehdr %#llx (%pe); doing without it\n",
			elfcorehdr_addr, ERR_PTR(kd_note.err));
		kvfree(kd_note.buf);
		kd_note.buf = NULL;
		return NULL;
	}
	kd_note.fence_err = kd_fence_init(&kd_note.fence, &kd_note.ram);
	if (kd_note.fence_err)
		pr_info("this kernel's memory could not be listed (%pe): no unit's translation is adopted\n",
			ERR_PTR(kd_note.fence_err));
	vtd_note_get_info(&kd_note.note, &info);
	pr_info("note taken by %s%s\n",
		info.taker == VTD_NOTE_TAKER_KERNEL ? "the crashed kernel" :
						      "purgatory",
		nr > 1 && info.taker == VTD_NOTE_TAKER_PURGATORY ?
			" (the crashed kernel took one too: not used)" : "");
	return &kd_note.note;
}

/* The note is only needed until DMA remapping is up. */
static int __init kd_release_note(void)
{
	kvfree(kd_note.buf);
	kd_note.buf = NULL;
	kd_note.err = -ENOENT;
	return 0;
}
late_initcall(kd_release_note);

/*
 * Translation and interrupt remapping are judged each on its own; for
 * translation, a device's own problem sets it aside (@aside, one line
 * each) instead of costing the unit.
 */
static bool kd_unit_matches(struct intel_iommu *iommu, unsigned int part,
			    const char *what, struct vtd_gate_aside *aside)
{
	const struct vtd_note *n = kd_get_note();
	enum vtd_gate_verdict v;
	u16 sid;
	u32 i;

	if (!n || (part == VTD_PART_DMA && kd_note.fence_err))
		return false;
	/* Translation only: the fence is about what DMA may reach. */
	v = vtd_gate_check_fenced(n, &kd_note.ram,
				  part == VTD_PART_DMA ? &kd_note.fence : NULL,
				  &kd_rd, &(struct kd_unit){ .iommu = iommu },
				  iommu->reg_phys, part, aside);
	if (v != VTD_ADOPT)
		pr_info("%s: %s not adopted: %s\n", iommu->name, what,
			vtd_gate_verdict_str(v));
	if (v == VTD_ADOPT && aside && part == VTD_PART_DMA)
		pr_info("%s: the old page tables of %u devices walked (%llu table pages): those that reach this kernel's memory are blocked\n",
			iommu->name, aside->fenced, aside->fence_pages);
	for (i = 0; v == VTD_ADOPT && aside && i < aside->nr; i++) {
		sid = aside->dev[i].sid;
		if (vtd_gate_blocks(aside, sid))
			pr_info("%s: %02x:%02x.%d: blocked until its driver maps: %s (%#llx)\n",
				iommu->name, PCI_BUS_NUM(sid), PCI_SLOT(sid),
				PCI_FUNC(sid),
				vtd_gate_verdict_str(aside->dev[i].verdict),
				aside->dev[i].pa);
		else
			pr_info("%s: %02x:%02x.%d: left to upstream's teardown at its first attach: %s\n",
				iommu->name, PCI_BUS_NUM(sid), PCI_SLOT(sid),
				PCI_FUNC(sid),
				vtd_gate_verdict_str(aside->dev[i].verdict));
	}
	return v == VTD_ADOPT;
}

#ifdef CONFIG_IRQ_REMAP
bool intel_kdump_adopt_irte(struct intel_iommu *iommu, u64 irta_mode)
{
	struct vtd_adopted *a;
	struct irte *base;
	u64 irta;
	u32 i;

	if (!kd_unit_matches(iommu, VTD_PART_IR, "interrupt remapping", NULL))
		return false;
	irta = dmar_readq(iommu->reg + DMAR_IRTA_REG);
	if ((irta & ~VTD_PAGE_MASK) != irta_mode) {
		pr_info("%s: interrupt remapping not adopted: IRTA mode %#llx, this kernel uses %#llx\n",
			iommu->name, irta & ~VTD_PAGE_MASK, irta_mode);
		return false;
	}
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (a)
		a->ids = kvmalloc(sizeof(*a->ids), GFP_KERNEL);
	/* The gate found the whole table in the crashed kernel's RAM. */
	base = a && a->ids ? memremap(irta & VTD_PAGE_MASK,
			    INTR_REMAP_TABLE_ENTRIES * sizeof(struct irte),
			    MEMREMAP_WB) :
		   NULL;
	if (!base || vtd_crash_plan_unit(kd_get_note(), iommu->reg_phys, a)) {
		pr_info("%s: interrupt remapping not adopted: IRTE table %#llx not taken over (memory)\n",
			iommu->name, irta & VTD_PAGE_MASK);
		if (base)
			memunmap(base);
		if (a)
			kvfree(a->ids);
		kfree(a);
		return false;
	}
	/* In use means present at the crash, whatever old memory says now. */
	for (i = 0; i < INTR_REMAP_TABLE_ENTRIES; i++)
		if (vtd_adopted_irte(a, i))
			set_bit(i, iommu->ir_table->bitmap);
	iommu->ir_table->base = base;
	iommu->ir_table->adopted = true;
	iommu->ir_table->adopted_pa = irta & VTD_PAGE_MASK;
	pr_info("%s: interrupt remapping adopted: IRTE table %#llx kept, %u entries in use\n",
		iommu->name, irta & VTD_PAGE_MASK, a->irtes);
	kvfree(a->ids);
	kfree(a);
	return true;
}
#endif

/* Tell the driver what the adoption did: copied entries, reserved ids. */
static void kd_take_over(struct intel_iommu *iommu, const struct vtd_note *n,
			 const struct vtd_adopted *a, struct kd_unit *u)
{
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	u32 d, doms = 0;

	vtd_note_cursor_init(n, a->unit_off, &c);
	/* A blocked device's entry is not present: not a copy (#22, 1). */
	while (vtd_note_next_of(n, &c, VTD_SECS_CTX | VTD_SECS_SM_CTX, &e))
		if ((e.type == VTD_SEC_CTX || e.type == VTD_SEC_SM_CTX) &&
		    e.bus < VTD_ROOT_ENTRIES &&
		    !vtd_gate_blocks(&a->aside, vtd_sid(e.bus, e.devfn)))
			set_context_copied(iommu, e.bus, e.devfn);
	for (d = 1; d < cap_ndoms(iommu->cap); d++) {
		if (!vtd_adopted_did(a, d))
			continue;
		set_bit(d, iommu->domain_ids);
		doms += d != a->swap_did;
	}
	if (a->pt_fenced)
		pr_info("%s: %u pass-through entries fenced: identity domain %u maps %llu MiB of the crashed kernel's RAM one to one in %u table pages, this kernel's memory left out\n",
			iommu->name, a->pt_fenced, a->identity_did,
			a->identity.mapped >> 20, a->identity.nr_tables);
	iommu->root_entry = (struct root_entry *)u->root;
	iommu->root_adopted = true;
	iommu->root_adopted_pa = u->root_pa;
	if (a->swap_did)
		pr_info("%s: translation adopted: root table %#llx kept (%s mode), %u context entries in new tables, %u domain ids reserved, and domain %u for the swaps\n",
			iommu->name, u->root_pa,
			a->scalable ? "scalable" : "legacy", a->contexts,
			doms, a->swap_did);
	else
		pr_info("%s: translation adopted: root table %#llx kept (%s mode), %u context entries in new tables, %u domain ids reserved\n",
			iommu->name, u->root_pa,
			a->scalable ? "scalable" : "legacy", a->contexts,
			doms);
}

/*
 * Run the units in the mode the crashed kernel ran them (#22, 3), before
 * any is set up: the same kernel with another intel_iommu= option, or
 * another kernel, would otherwise find every root table in the other
 * mode and adopt nothing.  The PASID width the unit was registered with
 * (alloc_iommu()) follows the mode.
 */
void intel_kdump_follow_mode(void)
{
	const struct vtd_note *n = kd_get_note();
	struct vtd_mode_vote v = {};
	struct dmar_drhd_unit *drhd;
	struct intel_iommu *iommu;
	bool own = intel_iommu_sm;

	if (!n)
		return;
	for_each_iommu(iommu, drhd) {
		struct kd_unit u = { .iommu = iommu };

		if (!drhd->ignored)
			vtd_gate_mode_vote(&v, n, &kd_rd, &u, iommu->reg_phys);
	}
	switch (vtd_gate_mode_choice(&v, own)) {
	case VTD_MODE_OWN:
		return;
	case VTD_MODE_SPLIT:
		pr_info("the crashed kernel ran %u units in scalable mode and %u in legacy mode: this kernel keeps its own choice, %s mode\n",
			v.scalable, v.legacy, own ? "scalable" : "legacy");
		return;
	case VTD_MODE_FOLLOW:
		break;
	}
	intel_iommu_sm = !own;
	pr_info("the crashed kernel ran the units in %s mode (%u of them): so does this kernel, whose own choice was %s mode\n",
		own ? "legacy" : "scalable", own ? v.legacy : v.scalable,
		own ? "scalable" : "legacy");
	for_each_iommu(iommu, drhd)
		iommu->iommu.max_pasids = pasid_supported(iommu) ?
						  2UL << ecap_pss(iommu->ecap) :
						  0;
}

int intel_kdump_adopt_dmar(struct intel_iommu *iommu)
{
	struct kd_unit u = { .iommu = iommu };
	struct vtd_gate_aside aside;
	const struct vtd_note *n;
	struct vtd_adopted *a;
	int ret;

	if (!kd_unit_matches(iommu, VTD_PART_DMA, "translation", &aside))
		return -ENOENT;
	/* The gate found RTADDR (its TTM too) equal to the note's. */
	if (!!(dmar_readq(iommu->reg + DMAR_RTADDR_REG) & DMA_RTADDR_SMT) !=
	    sm_supported(iommu)) {
		pr_info("%s: translation not adopted: the crashed kernel ran the unit in %s mode, this one would run it in %s mode\n",
			iommu->name, sm_supported(iommu) ? "legacy" : "scalable",
			sm_supported(iommu) ? "scalable" : "legacy");
		return -EINVAL;
	}
	n = kd_get_note();
	/* The adoption clears both; the ids go once the driver has them. */
	a = kmalloc(sizeof(*a), GFP_KERNEL);
	if (a)
		a->ids = kvmalloc(sizeof(*a->ids), GFP_KERNEL);
	iommu->copied_tables = bitmap_zalloc(BIT_ULL(16), GFP_KERNEL);
	/* The gate found RTADDR equal to the note's, in old RAM. */
	u.root_pa = dmar_readq(iommu->reg + DMAR_RTADDR_REG) & VTD_PAGE_MASK;
	u.root = a && a->ids && iommu->copied_tables ?
			 memremap(u.root_pa, VTD_PAGE_SIZE, MEMREMAP_WB) :
			 NULL;
	if (!u.root) {
		pr_info("%s: translation not adopted: no memory\n",
			iommu->name);
		ret = -ENOMEM;
		goto out;
	}
	ret = vtd_crash_adopt_fenced(&kd_plat, &u, n, iommu->reg_phys, &aside,
				     &kd_note.ram, &kd_note.fence, a);
	if (ret) {
		pr_info("%s: translation not adopted: %pe\n", iommu->name,
			ERR_PTR(ret));
		memunmap(u.root);
		ret = -EIO;
		goto out;
	}
	kd_take_over(iommu, n, a, &u);
	kvfree(a->ids);
	a->ids = NULL;
	iommu->kdump_adopted = a;
	return 0;
out:
	bitmap_free(iommu->copied_tables);
	iommu->copied_tables = NULL;
	if (a)
		kvfree(a->ids);
	kfree(a);
	return ret;
}

/* Does the unit still use the adopted root table, translation on? */
bool intel_kdump_root_live(struct intel_iommu *iommu)
{
	return iommu->root_adopted &&
	       (readl(iommu->reg + DMAR_GSTS_REG) & DMA_GSTS_TES) &&
	       (dmar_readq(iommu->reg + DMAR_RTADDR_REG) & VTD_PAGE_MASK) ==
		       iommu->root_adopted_pa;
}

#ifdef CONFIG_IRQ_REMAP
/* Does the unit still use the adopted IRTE table, remapping on? */
bool intel_kdump_irt_live(struct intel_iommu *iommu)
{
	return iommu->ir_table && iommu->ir_table->adopted &&
	       (readl(iommu->reg + DMAR_GSTS_REG) & DMA_GSTS_IRES) &&
	       (dmar_readq(iommu->reg + DMAR_IRTA_REG) & VTD_PAGE_MASK) ==
		       iommu->ir_table->adopted_pa;
}
#endif

/* The unit goes away (hot removal, a failed init): so does its record. */
void intel_kdump_release_unit(struct intel_iommu *iommu)
{
	struct kd_unit u = { .iommu = iommu };

	if (!iommu->kdump_adopted)
		return;
	vtd_adopted_release(&kd_plat, &u, iommu->kdump_adopted);
	kfree(iommu->kdump_adopted);
	iommu->kdump_adopted = NULL;
}

int intel_kdump_swap_context(struct intel_iommu *iommu,
			     struct device_domain_info *info,
			     struct context_entry *live,
			     const struct context_entry *ce, u8 bus, u8 devfn)
{
	struct vtd_adopted *a = iommu->kdump_adopted;
	struct kd_unit u = {
		.iommu = iommu,
		.root = (u64 *)iommu->root_entry,
		.info = info,
	};
	u16 sid = PCI_DEVID(bus, devfn);
	struct context_entry old = {
		.lo = READ_ONCE(live->lo),
		.hi = READ_ONCE(live->hi),
	}, new = *ce;
	struct vtd_sm_old sm = {};
	int ret;

	if (WARN_ON_ONCE(!a))
		return -EINVAL;
	u.root_pa = a->root;
	if (a->scalable) /* for the log line; none: domain 0 */
		vtd_adopted_sm_old(&kd_plat, &u, a, sid, &sm);
	/* The invalidations it needs go through the queue alone. */
	if (!iommu->qi)
		ret = -EOPNOTSUPP;
	else if (a->scalable)
		ret = vtd_crash_swap_sm_context(&kd_plat, &u, a, sid, ce->lo,
						ce->hi);
	else
		ret = vtd_crash_swap_context(&kd_plat, &u, a, sid, ce->lo,
					     ce->hi);
	if (ret == -EPERM) /* set aside by the gate, which said why */
		return -EIO;
	if (ret) {
		pr_warn("%s: %02x:%02x.%d: context entry not swapped (%pe); replaced as upstream does\n",
			iommu->name, bus, PCI_SLOT(devfn), PCI_FUNC(devfn),
			ERR_PTR(ret));
		return -EIO;
	}
	clear_context_copied(iommu, bus, devfn);
	if (a->scalable)
		pr_info("%s: %02x:%02x.%d: context entry swapped while present, in one 64-bit store, PASID directory %#llx (domain %u) to %#llx\n",
			iommu->name, bus, PCI_SLOT(devfn), PCI_FUNC(devfn),
			old.lo & VTD_PAGE_MASK, sm.did,
			ce->lo & VTD_PAGE_MASK);
	else
		pr_info("%s: %02x:%02x.%d: context entry swapped while present, domain %u to %u\n",
			iommu->name, bus, PCI_SLOT(devfn), PCI_FUNC(devfn),
			context_domain_id(&old), context_domain_id(&new));
	return 0;
}
