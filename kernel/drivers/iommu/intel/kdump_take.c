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
 *
 * The area is sized at boot with room to spare, and moved to a bigger one
 * when a PCI function added later leaves less than a quarter of it
 * spare; the crash core then rewrites a loaded crash kernel's elfcorehdr
 * to name the new one.  A note that outgrows its area all the same is
 * sealed truncated, and the crash kernel does not adopt what it lost.
 * With CONFIG_INTEL_IOMMU_DEBUGFS, iommu/intel_kdump_snapshot in debugfs
 * shows the area and moves it to one of the size written (the crash
 * core's rewrite of a loaded elfcorehdr, put to the test).
 */

#define pr_fmt(fmt)	"DMAR: kexec-vtd: " fmt

#include <linux/bitmap.h>
#include <linux/crash_core.h>
#include <linux/crash_dump.h>
#include <linux/debugfs.h>
#include <linux/dmar.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/kstrtox.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/pci.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>
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

/*
 * One area and the units to record in it, named to the crash core by
 * @note.  Replaced whole when the area moves, so that the panic path sees
 * the old one or the new one, never half of each.
 */
struct kd_take {
	struct crash_device_note note;
	void *area;
	void __iomem **regs;
	unsigned int nr;
	struct vtd_snap_unit units[];
};

/* The one the crash core names; changed under kd_take_lock. */
static struct kd_take *kd_take;
static DEFINE_MUTEX(kd_take_lock);

/* What the snapshot at panic returned, for whoever reads the dump. */
static int kd_take_result;

/* A register of a unit, through this kernel's own mapping of it. */
static void __iomem *kd_take_reg(const struct kd_take *t, u64 addr,
				 unsigned int width)
{
	unsigned int i;

	for (i = 0; i < t->nr; i++) {
		const struct vtd_snap_unit *u = &t->units[i];

		if (addr >= u->reg_base &&
		    addr + width <= u->reg_base + u->reg_size)
			return t->regs[i] + (addr - u->reg_base);
	}
	return NULL;
}

static u32 kd_take_read32(void *ctx, u64 addr)
{
	void __iomem *r = kd_take_reg(ctx, addr, 4);

	return r ? readl(r) : ~0U;
}

static u64 kd_take_read64(void *ctx, u64 addr)
{
	void __iomem *r = kd_take_reg(ctx, addr, 8);

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
static void kd_take_snapshot(const struct crash_device_note *note)
{
	struct kd_take *t = container_of(note, struct kd_take, note);

	kd_take_result = vtd_snapshot(&kd_take_ops, t, t->units, t->nr,
				      t->area, note->size);
}

/* The units with their registers mapped, used for remapping or not. */
static unsigned int kd_take_count_units(void)
{
	struct dmar_drhd_unit *drhd;
	struct intel_iommu *iommu;
	unsigned int nr = 0;

	for_each_iommu(iommu, drhd)
		if (iommu->reg)
			nr++;
	return nr;
}

/*
 * What the note would need now: the PCI functions, every unit's records,
 * every IRTE in use and every fault record.  Drivers loaded later
 * allocate IRTEs of their own: the area holds twice this.
 */
static size_t kd_take_need(void)
{
	struct pci_dev *pdev = NULL;
	struct dmar_drhd_unit *drhd;
	struct intel_iommu *iommu;
	size_t need = VTD_NOTE_MIN_AREA;

	for_each_pci_dev(pdev)
		need += KD_TAKE_DEV_BYTES;
	for_each_iommu(iommu, drhd) {
		if (!iommu->reg)
			continue;
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
	return need;
}

static void kd_take_free(struct kd_take *t)
{
	if (!t)
		return;
	if (t->area)
		free_pages_exact(t->area, t->note.size);
	kfree(t->regs);
	kfree(t);
}

/*
 * An area of @size bytes (0: what the note needs now, twice over, never
 * less than the area the loader reserves by default), and every unit.
 * Called with dmar_global_lock held for reading.
 */
static struct kd_take *kd_take_alloc(size_t size)
{
	unsigned int nr = kd_take_count_units();
	struct dmar_drhd_unit *drhd;
	struct intel_iommu *iommu;
	struct kd_take *t;

	if (!nr)
		return NULL;
	if (size)
		size = clamp_t(size_t, PAGE_ALIGN(size), PAGE_SIZE,
			       VTD_NOTE_AREA_MAX);
	else
		size = clamp_t(size_t, PAGE_ALIGN(2 * kd_take_need()),
			       VTD_NOTE_AREA_DEFAULT, VTD_NOTE_AREA_MAX);
	t = kzalloc(struct_size(t, units, nr), GFP_KERNEL);
	if (!t)
		return NULL;
	t->note.size = size;	/* what kd_take_free() gives back */
	t->regs = kcalloc(nr, sizeof(*t->regs), GFP_KERNEL);
	t->area = alloc_pages_exact(size, GFP_KERNEL | __GFP_ZERO);
	if (!t->regs || !t->area) {
		kd_take_free(t);
		return NULL;
	}
	for_each_iommu(iommu, drhd) {
		if (!iommu->reg || t->nr == nr)
			continue;
		t->units[t->nr] = (struct vtd_snap_unit){
			.reg_base = iommu->reg_phys,
			.reg_size = iommu->reg_size,
			.segment = iommu->segment,
		};
		t->regs[t->nr++] = iommu->reg;
	}
	t->note.addr = virt_to_phys(t->area);
	t->note.take = kd_take_snapshot;
	return t;
}

/*
 * The note into a new area of @size bytes (0: what it needs now), named
 * to the crash core, the old one given back.  Under kd_take_lock.
 */
static int kd_take_move(size_t size)
{
	struct kd_take *t;
	int ret;

	down_read(&dmar_global_lock);
	t = kd_take_alloc(size);
	up_read(&dmar_global_lock);
	if (!t)
		return -ENOMEM;
	ret = crash_set_device_note(&kd_take->note, &t->note);
	if (ret) {
		kd_take_free(t);
		return ret;
	}
	kd_take_free(kd_take);
	kd_take = t;
	pr_info("the crash kernel will find this kernel's snapshot at %pa now (%zu KiB)\n",
		&t->note.addr, t->note.size / 1024);
	return 0;
}

/*
 * After a PCI function is added: a bigger area when less than a quarter
 * of this one would be spare, or the units changed.  A crash kernel being
 * loaded right now holds the crash core: try again in a second.
 */
static void kd_take_refresh(struct work_struct *work);
static DECLARE_DELAYED_WORK(kd_take_work, kd_take_refresh);

static void kd_take_refresh(struct work_struct *work)
{
	bool grow;
	int ret;

	mutex_lock(&kd_take_lock);
	down_read(&dmar_global_lock);
	grow = kd_take_need() > kd_take->note.size / 4 * 3 ||
	       kd_take_count_units() != kd_take->nr;
	up_read(&dmar_global_lock);
	ret = grow ? kd_take_move(0) : 0;
	if (ret == -EAGAIN)
		schedule_delayed_work(&kd_take_work, HZ);
	else if (ret)
		pr_warn("note area not moved (%pe); the crash kernel may find this kernel's snapshot truncated\n",
			ERR_PTR(ret));
	mutex_unlock(&kd_take_lock);
}

static int kd_take_pci_notify(struct notifier_block *nb, unsigned long action,
			      void *data)
{
	if (action == BUS_NOTIFY_ADD_DEVICE)
		schedule_delayed_work(&kd_take_work, 0);
	return NOTIFY_DONE;
}

static struct notifier_block kd_take_pci_nb = {
	.notifier_call = kd_take_pci_notify,
};

#ifdef CONFIG_INTEL_IOMMU_DEBUGFS
static int kd_take_debug_show(struct seq_file *m, void *unused)
{
	mutex_lock(&kd_take_lock);
	seq_printf(m, "%pa %zx\n", &kd_take->note.addr, kd_take->note.size);
	mutex_unlock(&kd_take_lock);
	return 0;
}

static int kd_take_debug_open(struct inode *inode, struct file *file)
{
	return single_open(file, kd_take_debug_show, NULL);
}

static ssize_t kd_take_debug_write(struct file *file, const char __user *buf,
				   size_t len, loff_t *pos)
{
	unsigned long size;
	int ret;

	ret = kstrtoul_from_user(buf, len, 0, &size);
	if (ret)
		return ret;
	if (!size)
		return -EINVAL;
	mutex_lock(&kd_take_lock);
	ret = kd_take_move(size);
	mutex_unlock(&kd_take_lock);
	return ret ? ret : len;
}

static const struct file_operations kd_take_debug_fops = {
	.open = kd_take_debug_open,
	.read = seq_read,
	.write = kd_take_debug_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static void kd_take_debugfs_init(void)
{
	debugfs_create_file("intel_kdump_snapshot", 0600, iommu_debugfs_dir,
			    NULL, &kd_take_debug_fops);
}
#else
static void kd_take_debugfs_init(void)
{
}
#endif

/*
 * Once the units are up and the boot's devices found: every unit, and an
 * area for them.  A kdump kernel takes none: its own crash has no crash
 * kernel to go to.
 */
static int __init kd_take_init(void)
{
	struct kd_take *t;
	int ret;

	if (!kd_take_on || is_kdump_kernel() || !intel_iommu_enabled)
		return 0;
	down_read(&dmar_global_lock);
	t = kd_take_alloc(0);
	up_read(&dmar_global_lock);
	if (!t) {
		pr_warn("no memory for the note area; the crash kernel does without this kernel's snapshot\n");
		return 0;
	}
	ret = crash_set_device_note(NULL, &t->note);
	if (ret) {
		pr_warn("the crash core keeps another device note (%pe); the crash kernel does without this kernel's snapshot\n",
			ERR_PTR(ret));
		kd_take_free(t);
		return 0;
	}
	kd_take = t;
	bus_register_notifier(&pci_bus_type, &kd_take_pci_nb);
	kd_take_debugfs_init();
	pr_info("the crash kernel will find this kernel's snapshot of %u unit%s at %pa (%zu KiB)\n",
		t->nr, t->nr == 1 ? "" : "s", &t->note.addr,
		t->note.size / 1024);
	return 0;
}
late_initcall_sync(kd_take_init);
