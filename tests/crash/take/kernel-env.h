/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kernel-env.h - the kernel kdump_take.c runs in, made of the VT-d model
 * (sim/) and a few counters, so that test_take.c can build the very file
 * the series adds (it #includes kdump_take.c, as tools/testing/vma does
 * mm/vma.c) and play boot, device hotplug, loads and panic around it.
 *
 * Every <linux/...> header kdump_take.c names is a one-line file in this
 * directory that includes this one.  What the calls do is the kernel's
 * contract, not its code:
 * - registers: readl()/dmar_readq() on a unit's mapping read the model's
 *   registers (all ones for a unit the test marks dead);
 * - memory: pfn_valid() is the first kernel's RAM and the areas it
 *   allocated, less the test's hole; PageReserved() and a faulting
 *   get_kernel_nofault() are the pages the test marks so;
 * - the crash core: crash_set_device_note() as kernel/crash_core.c of
 *   patch 4 does it, with a crash kernel loaded by kexec_file_load (its
 *   elfcorehdr rewritten on a move), by a loader that built its own
 *   elfcorehdr (no move), or none, and the kexec lock held by a load.
 */
#ifndef VTD_TEST_TAKE_KERNEL_ENV_H
#define VTD_TEST_TAKE_KERNEL_ENV_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>
#include <linux/bitmap.h>

#include "sim.h"

#define __init
#define __initdata
#define __iomem
#define CONFIG_IRQ_REMAP 1
#define HZ 100

/* kdump_take.c's boot parameter and initcall, for the test to call. */
#define __setup(str, fn) static int (*const take_setup)(char *) = (fn)
#define late_initcall_sync(fn) static int (*const take_initcall)(void) = (fn)

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define struct_size(p, member, n) \
	(sizeof(*(p)) + (size_t)(n) * sizeof((p)->member[0]))
#define clamp_t(type, v, lo, hi)                                     \
	((type)(v) < (type)(lo) ? (type)(lo) :                       \
	 (type)(v) > (type)(hi) ? (type)(hi) : (type)(v))
#define ERR_PTR(err) ((void *)(long)(err))

typedef u64 phys_addr_t;
#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_ALIGN(x) (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define PAGE_ALIGNED(x) (((x) & (PAGE_SIZE - 1)) == 0)
#define PHYS_PFN(x) ((unsigned long)((x) >> PAGE_SHIFT))

#define GFP_KERNEL 0x1u
#define __GFP_ZERO 0x100u

/* The interrupt remapping table's allocation bitmap, as the driver's. */
#define INTR_REMAP_TABLE_ENTRIES 65536
struct ir_table {
	unsigned long *bitmap;
};

struct intel_iommu {
	void __iomem *reg;
	u64 reg_phys;
	u64 reg_size;
	u16 segment;
	u64 cap;
	struct ir_table *ir_table;
};

struct dmar_drhd_unit {
	struct intel_iommu *iommu;
};

#define cap_num_fault_regs(c) ((((c) >> 40) & 0xff) + 1)

struct rw_semaphore {
	int readers;
};

struct mutex {
	int locked;
};
#define DEFINE_MUTEX(name) struct mutex name

struct pci_dev {
	int index;
};

struct notifier_block {
	int (*notifier_call)(struct notifier_block *nb, unsigned long action,
			     void *data);
};
#define NOTIFY_DONE 0
#define BUS_NOTIFY_ADD_DEVICE 1
struct bus_type {
	const char *name;
};

struct work_struct {
	int unused;
};
struct delayed_work {
	struct work_struct work;
	void (*fn)(struct work_struct *work);
	bool pending;
	unsigned long delay;
};
#define DECLARE_DELAYED_WORK(name, f) struct delayed_work name = { .fn = (f) }

struct crash_device_note {
	phys_addr_t addr;
	size_t size;
	void (*take)(const struct crash_device_note *note);
};

/* The crash kernel loaded, and how (the crash core's view of it). */
enum take_image {
	TAKE_IMAGE_NONE,
	TAKE_IMAGE_FILE,     /* kexec_file_load: the kernel's elfcorehdr */
	TAKE_IMAGE_OWN_HDR,  /* kexec_load, the loader's elfcorehdr */
};

#define TAKE_MAX_UNITS 3
#define TAKE_MAX_ALLOCS 64

/* Everything the kernel around kdump_take.c is, set by test_take.c. */
struct take_env {
	struct sim *sim;
	bool quiet;		/* no device traffic between the steps */
	/* The units the kernel has found, and their registers. */
	struct intel_iommu iommu[TAKE_MAX_UNITS];
	struct dmar_drhd_unit drhd[TAKE_MAX_UNITS];
	struct ir_table ir[TAKE_MAX_UNITS];
	DECLARE_BITMAP(ir_bits[TAKE_MAX_UNITS], INTR_REMAP_TABLE_ENTRIES);
	int nr_units;
	u64 dead_reg_base;	/* a unit whose registers read all ones */
	/* The PCI functions the kernel knows. */
	struct pci_dev pci[4096];
	int nr_pci;
	bool kdump_kernel, iommu_enabled;
	/* Memory: RAM, the pages that cannot be used, the allocations. */
	u64 ram_lo, ram_hi;
	u64 hole_pfn, reserved_pfn, fault_pfn; /* 0: none */
	u64 last_virt_pa;	/* the page phys_to_virt() gave last */
	int fail_allocs_after;	/* < 0: never */
	int allocs, frees;
	struct {
		void *va;
		u64 pa;
		size_t size;
	} area[TAKE_MAX_ALLOCS];
	int nr_areas;
	u64 next_area_pa;
	/* The crash core. */
	const struct crash_device_note *note;
	enum take_image image;
	u64 hdr_addr, hdr_size;	/* what the loaded elfcorehdr names */
	bool kexec_busy;	/* a load holds the kexec lock */
	int set_calls;
	struct notifier_block *pci_nb;
	struct delayed_work *scheduled;
	/* The other locks, and the log. */
	struct rw_semaphore *rwsem_seen;
	int lock_depth;
	u64 tsc;
	char log[16][160];
	int nr_log;
};

extern struct take_env take_env;
extern struct rw_semaphore dmar_global_lock;
extern struct bus_type pci_bus_type;
extern bool intel_iommu_enabled;

/* The kernel's log: the format strings, in order (arguments dropped). */
void take_env_log(const char *fmt, ...);
#define pr_info(fmt, ...) take_env_log(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) take_env_log(pr_fmt(fmt), ##__VA_ARGS__)

static inline int kstrtobool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'y': case 'Y': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case '0':
		*res = false;
		return 0;
	default:
		return -EINVAL;
	}
}

static inline bool is_kdump_kernel(void)
{
	return take_env.kdump_kernel;
}

void *take_env_alloc(size_t size);
void take_env_free(void *p);
#define kzalloc(size, gfp) take_env_alloc(size)
#define kcalloc(n, size, gfp) take_env_alloc((n) * (size))
#define kfree(p) take_env_free(p)
void *alloc_pages_exact(size_t size, unsigned int gfp);
void free_pages_exact(void *va, size_t size);
phys_addr_t virt_to_phys(const void *va);
void *phys_to_virt(phys_addr_t pa);

struct page;
bool pfn_valid(unsigned long pfn);
static inline struct page *pfn_to_page(unsigned long pfn)
{
	return (struct page *)(uintptr_t)((pfn + 1) << PAGE_SHIFT);
}

static inline bool PageReserved(const struct page *page)
{
	return ((uintptr_t)page >> PAGE_SHIFT) - 1 == take_env.reserved_pfn;
}

/* Whether the page phys_to_virt() gave last faults. */
int take_env_nofault(void *dst, const void *src, size_t size);
#define get_kernel_nofault(val, ptr) \
	take_env_nofault(&(val), (ptr), sizeof(val))

u32 readl(const void __iomem *addr);
u64 dmar_readq(const void __iomem *addr);

static inline u64 rdtsc(void)
{
	return take_env.tsc += 1000;
}

void down_read(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);

/* The units in the order the driver keeps them. */
bool take_env_next_iommu(struct dmar_drhd_unit **drhd,
			 struct intel_iommu **iommu);
#define for_each_iommu(i, drhd) \
	for ((drhd) = NULL; take_env_next_iommu(&(drhd), &(i));)
struct pci_dev *take_env_next_pci(struct pci_dev *from);
#define for_each_pci_dev(d) while (((d) = take_env_next_pci(d)) != NULL)

int bus_register_notifier(struct bus_type *bus, struct notifier_block *nb);
bool schedule_delayed_work(struct delayed_work *dw, unsigned long delay);

int crash_set_device_note(const struct crash_device_note *old,
			  const struct crash_device_note *note);

#endif
