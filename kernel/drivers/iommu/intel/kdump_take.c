// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Take the kexec-vtd snapshot in the crashing kernel itself.
 *
 * A crash kernel loaded with kexec_file_load (the default of Fedora's,
 * RHEL's and Ubuntu's kdump, and the only way under Secure Boot's
 * lockdown) is started by the kernel's own purgatory, which records
 * nothing of the remapping units.  This kernel therefore keeps a note
 * area of its own, sized from its tables, names it to the crash core
 * (a PT_NOTE of the elfcorehdr it builds, /sys/kernel/crash_device_note
 * for loaders that build theirs), and at panic, once the other CPUs
 * have been stopped, fills it with the same snapshot core and note
 * writer the loader's purgatory runs.  The crash kernel adopts from that
 * note as from purgatory's (kdump.c).
 *
 * The snapshot only reads registers and this kernel's tables, and reads
 * no page it has not probed: a unit or table it cannot read is flagged
 * in the note, and nothing here can stop the crash kernel from being
 * started.
 */

#define pr_fmt(fmt)	"DMAR: kexec-vtd: " fmt

#include <linux/bitmap.h>
#include <linux/crash_core.h>
#include <linux/crash_dump.h>
#include <linux/dmar.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/kstrtox.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/msr.h>

#include <kexec-vtd/snapshot.h>

#include "iommu.h"

/*
 * What the note holds per unit and per PCI function at most (the record
 * sizes of the note's format, kexec-vtd/include/kexec-vtd/note-format.h):
 * a unit record, its root entries, and in scalable mode two sections for
 * each half of each root entry; a scalable context entry and its PASID
 * entry per function.
 */
#define KD_TAKE_UNIT_BYTES	(sizeof(struct vtd_note_unit) + \
				 VTD_ROOT_ENTRIES * (sizeof(struct vtd_note_root) + \
				 4 * sizeof(struct vtd_note_sec)))
#define KD_TAKE_DEV_BYTES	(sizeof(struct vtd_note_sm_ctx) + \
				 sizeof(struct vtd_note_pasid))

static bool kd_take_on __initdata = true;

static int __init kd_take_setup(char *str)
{
	if (kstrtobool(str, &kd_take_on))
		pr_warn("intel_iommu_kdump_snapshot=%s: not a boolean; left on\n",
			str);
	return 1;
}
__setup("intel_iommu_kdump_snapshot=", kd_take_setup);

static struct {
	struct vtd_snap_unit *units;
	void __iomem **regs;
	unsigned int nr;
	void *area;
	struct crash_device_note note;
} kd_take __ro_after_init;

/* What the snapshot at panic returned, for whoever reads the dump. */
static int kd_take_result;

/* A register of a unit, through this kernel's own mapping of it. */
static void __iomem *kd_take_reg(u64 addr, unsigned int width)
{
	unsigned int i;

	for (i = 0; i < kd_take.nr; i++) {
		const struct vtd_snap_unit *u = &kd_take.units[i];

		if (addr >= u->reg_base &&
		    addr + width <= u->reg_base + u->reg_size)
			return kd_take.regs[i] + (addr - u->reg_base);
	}
	return NULL;
}

static u32 kd_take_read32(void *ctx, u64 addr)
{
	void __iomem *r = kd_take_reg(addr, 4);

	return r ? readl(r) : ~0U;
}

static u64 kd_take_read64(void *ctx, u64 addr)
{
	void __iomem *r = kd_take_reg(addr, 8);

	return r ? dmar_readq(r) : ~0ULL;
}

/*
 * The tables are this kernel's pages, in its direct map.  Anything else a
 * register or an entry names (a scribbled pointer: a hole, firmware's
 * memory, a page unmapped by DEBUG_PAGEALLOC or KFENCE) is skipped and
 * the unit flagged: a page is used only when it has a struct page that is
 * not reserved and its first byte reads without a fault (the direct map
 * maps a page whole).  Nothing that takes a lock is asked, for a stopped
 * CPU may hold it.
 */
static const void *kd_take_map_page(void *ctx, u64 pa)
{
	unsigned long pfn = PHYS_PFN(pa);
	const u8 *va;
	u8 probe;

	if (!PAGE_ALIGNED(pa) || !pfn_valid(pfn) ||
	    PageReserved(pfn_to_page(pfn)))
		return NULL;
	va = phys_to_virt(pa);
	if (get_kernel_nofault(probe, va))
		return NULL;
	return va;
}

static u64 kd_take_tsc(void *ctx)
{
	return rdtsc();
}

static const struct vtd_snap_ops kd_take_ops = {
	.read32 = kd_take_read32,
	.read64 = kd_take_read64,
	.map_page = kd_take_map_page,
	.tsc = kd_take_tsc,
	.taker = VTD_NOTE_TAKER_KERNEL,
};

/* At panic, the other CPUs stopped. */
static void kd_take_snapshot(void)
{
	kd_take_result = vtd_snapshot(&kd_take_ops, NULL, kd_take.units,
				      kd_take.nr, kd_take.area,
				      kd_take.note.size);
}

/*
 * What the note would need now, twice over, and never less than the area
 * the loader reserves by default: the boot's PCI functions, every IRTE
 * in use and every fault record.  Drivers loaded later allocate IRTEs of
 * their own; a note that outgrows the area is sealed truncated, and the
 * crash kernel does not adopt from it.
 */
static size_t kd_take_area_size(void)
{
	struct pci_dev *pdev = NULL;
	struct dmar_drhd_unit *drhd;
	struct intel_iommu *iommu;
	size_t need = VTD_NOTE_MIN_AREA;

	for_each_pci_dev(pdev)
		need += KD_TAKE_DEV_BYTES;
	down_read(&dmar_global_lock);
	for_each_iommu(iommu, drhd) {
		need += KD_TAKE_UNIT_BYTES;
		need += cap_num_fault_regs(iommu->cap) *
			sizeof(struct vtd_note_rec128);
#ifdef CONFIG_IRQ_REMAP
		if (iommu->ir_table)
			need += bitmap_weight(iommu->ir_table->bitmap,
					      INTR_REMAP_TABLE_ENTRIES) *
				sizeof(struct vtd_note_rec128);
#endif
	}
	up_read(&dmar_global_lock);
	return clamp_t(size_t, PAGE_ALIGN(2 * need), VTD_NOTE_AREA_DEFAULT,
		       VTD_NOTE_AREA_MAX);
}

/* Every unit with its registers mapped, used for remapping or not. */
static int __init kd_take_find_units(void)
{
	struct dmar_drhd_unit *drhd;
	struct intel_iommu *iommu;
	unsigned int nr = 0;

	down_read(&dmar_global_lock);
	for_each_iommu(iommu, drhd)
		nr++;
	kd_take.units = kcalloc(nr, sizeof(*kd_take.units), GFP_KERNEL);
	kd_take.regs = kcalloc(nr, sizeof(*kd_take.regs), GFP_KERNEL);
	if (kd_take.units && kd_take.regs) {
		for_each_iommu(iommu, drhd) {
			if (!iommu->reg || kd_take.nr == nr)
				continue;
			kd_take.units[kd_take.nr] = (struct vtd_snap_unit){
				.reg_base = iommu->reg_phys,
				.reg_size = iommu->reg_size,
				.segment = iommu->segment,
			};
			kd_take.regs[kd_take.nr++] = iommu->reg;
		}
	}
	up_read(&dmar_global_lock);
	return kd_take.nr ? 0 : -ENOMEM;
}

/*
 * Once the units are up and the boot's devices found: every unit, and an
 * area for them.  A kdump kernel takes none: its own crash has no crash
 * kernel to go to.
 */
static int __init kd_take_init(void)
{
	size_t size;
	int ret;

	if (!kd_take_on || is_kdump_kernel() || !intel_iommu_enabled)
		return 0;
	if (kd_take_find_units())
		goto nomem;
	size = kd_take_area_size();
	kd_take.area = alloc_pages_exact(size, GFP_KERNEL | __GFP_ZERO);
	if (!kd_take.area)
		goto nomem;
	kd_take.note = (struct crash_device_note){
		.addr = virt_to_phys(kd_take.area),
		.size = size,
		.take = kd_take_snapshot,
	};
	ret = crash_set_device_note(&kd_take.note);
	if (ret) {
		pr_warn("the crash core keeps another device note (%pe); the crash kernel does without this kernel's snapshot\n",
			ERR_PTR(ret));
		free_pages_exact(kd_take.area, size);
		return 0;
	}
	pr_info("the crash kernel will find this kernel's snapshot of %u unit%s at %pa (%zu KiB)\n",
		kd_take.nr, kd_take.nr == 1 ? "" : "s", &kd_take.note.addr,
		size / 1024);
	return 0;
nomem:
	pr_warn("no memory for the note area; the crash kernel does without this kernel's snapshot\n");
	kfree(kd_take.units);
	kfree(kd_take.regs);
	return 0;
}
late_initcall_sync(kd_take_init);
