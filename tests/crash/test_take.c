// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_take.c - the first kernel's own snapshot (kdump_take.c of patch 4,
 * #20) in the model: the very file, built on kernel-env.h, boots on a
 * first kernel with devices in flight, sizes and names its area, follows
 * PCI functions added later, and takes the snapshot at panic; the crash
 * kernel's core then finds the note from an elfcorehdr as
 * kexec_file_load builds it and judges every unit.  Each way the taking
 * can go wrong (a dead unit, a page it must not touch, an area grown too
 * small, a unit added, a move the crash core refuses, a note the crash
 * scribbled on) must end in a note that says so and a crash kernel that
 * does without what it lost, never in a fault.
 */
#include <stdarg.h>
#include <errno.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/snapshot.h>
#include <kexec-vtd/vtd-hw.h>

#include "world.h"
#include "kernel-env.h"

#include "kdump_take.c"

/* --- the kernel around it --- */

struct take_env take_env;
struct rw_semaphore dmar_global_lock;
struct bus_type pci_bus_type = { .name = "pci" };
bool intel_iommu_enabled;

/* The driver's mapping of a unit's registers: any kernel address. */
#define IO_BASE 0xffffc90000000000ull
/* Where the first kernel's allocator puts the note areas (its RAM). */
#define AREA_PA 0x2e000000ull

void take_env_log(const char *fmt, ...)
{
	if (take_env.nr_log < 16)
		snprintf(take_env.log[take_env.nr_log++],
			 sizeof(take_env.log[0]), "%s", fmt);
}

static bool logged(const char *what)
{
	int i;

	for (i = 0; i < take_env.nr_log; i++)
		if (strstr(take_env.log[i], what))
			return true;
	return false;
}

static bool alloc_fails(void)
{
	if (take_env.fail_allocs_after < 0)
		return false;
	return take_env.fail_allocs_after-- == 0;
}

void *take_env_alloc(size_t size)
{
	void *p = alloc_fails() ? NULL : calloc(1, size);

	take_env.allocs += p != NULL;
	return p;
}

void take_env_free(void *p)
{
	take_env.frees += p != NULL;
	free(p);
}

void *alloc_pages_exact(size_t size, unsigned int gfp)
{
	void *va;
	int i = take_env.nr_areas;

	assert_true(gfp & __GFP_ZERO);
	assert_true(PAGE_ALIGNED(size));
	assert_true(i < TAKE_MAX_ALLOCS);
	if (alloc_fails())
		return NULL;
	va = aligned_alloc(PAGE_SIZE, size);
	assert_non_null(va);
	memset(va, 0, size);
	take_env.area[i].va = va;
	take_env.area[i].pa = take_env.next_area_pa;
	take_env.area[i].size = size;
	take_env.next_area_pa += PAGE_ALIGN(size) + PAGE_SIZE;
	take_env.nr_areas++;
	take_env.allocs++;
	return va;
}

static int area_of_va(const void *va)
{
	int i;

	for (i = 0; i < take_env.nr_areas; i++)
		if (take_env.area[i].va &&
		    (const char *)va >= (const char *)take_env.area[i].va &&
		    (const char *)va < (const char *)take_env.area[i].va +
						 take_env.area[i].size)
			return i;
	return -1;
}

static int area_of_pa(u64 pa)
{
	int i;

	for (i = 0; i < take_env.nr_areas; i++)
		if (take_env.area[i].va && pa >= take_env.area[i].pa &&
		    pa < take_env.area[i].pa + take_env.area[i].size)
			return i;
	return -1;
}

void free_pages_exact(void *va, size_t size)
{
	int i = area_of_va(va);

	assert_true(i >= 0);
	assert_ptr_equal(take_env.area[i].va, va);
	assert_int_equal(take_env.area[i].size, size);
	free(va);
	take_env.area[i].va = NULL;
	take_env.frees++;
}

phys_addr_t virt_to_phys(const void *va)
{
	int i = area_of_va(va);

	assert_true(i >= 0);
	return take_env.area[i].pa +
	       (u64)((const char *)va - (const char *)take_env.area[i].va);
}

void *phys_to_virt(phys_addr_t pa)
{
	int i = area_of_pa(pa);

	if (i >= 0)
		return (char *)take_env.area[i].va + (pa - take_env.area[i].pa);
	take_env.last_virt_pa = pa;
	return (void *)(take_env.quiet ? sim_mem_map_page(take_env.sim, pa) :
					 sim_cut_mem_map_page(take_env.sim, pa));
}

bool pfn_valid(unsigned long pfn)
{
	u64 pa = (u64)pfn << PAGE_SHIFT;

	if (take_env.hole_pfn && pfn == take_env.hole_pfn)
		return false;
	return (pa >= take_env.ram_lo && pa < take_env.ram_hi) ||
	       area_of_pa(pa) >= 0;
}

int take_env_nofault(void *dst, const void *src, size_t size)
{
	if (take_env.fault_pfn &&
	    PHYS_PFN(take_env.last_virt_pa) == take_env.fault_pfn)
		return -EFAULT;
	memcpy(dst, src, size);
	return 0;
}

static u64 reg_pa(const void __iomem *addr)
{
	return (u64)(uintptr_t)addr - IO_BASE;
}

static bool dead(u64 pa)
{
	return take_env.dead_reg_base && pa >= take_env.dead_reg_base &&
	       pa < take_env.dead_reg_base + 4096;
}

u32 readl(const void __iomem *addr)
{
	u64 pa = reg_pa(addr);

	if (dead(pa))
		return ~0U;
	return take_env.quiet ? sim_mmio_read32(take_env.sim, pa) :
				sim_cut_mmio_read32(take_env.sim, pa);
}

u64 dmar_readq(const void __iomem *addr)
{
	u64 pa = reg_pa(addr);

	if (dead(pa))
		return ~0ULL;
	return take_env.quiet ? sim_mmio_read64(take_env.sim, pa) :
				sim_cut_mmio_read64(take_env.sim, pa);
}

void down_read(struct rw_semaphore *sem)
{
	sem->readers++;
}

void up_read(struct rw_semaphore *sem)
{
	assert_true(sem->readers > 0);
	sem->readers--;
}

void mutex_lock(struct mutex *m)
{
	assert_int_equal(m->locked, 0);
	m->locked = 1;
}

void mutex_unlock(struct mutex *m)
{
	assert_int_equal(m->locked, 1);
	m->locked = 0;
}

bool take_env_next_iommu(struct dmar_drhd_unit **drhd,
			 struct intel_iommu **iommu)
{
	int i = *drhd ? (int)(*drhd - take_env.drhd) + 1 : 0;

	/* The driver walks its units under dmar_global_lock. */
	assert_true(dmar_global_lock.readers > 0);
	if (i >= take_env.nr_units)
		return false;
	*drhd = &take_env.drhd[i];
	*iommu = take_env.drhd[i].iommu;
	return true;
}

struct pci_dev *take_env_next_pci(struct pci_dev *from)
{
	int i = from ? from->index + 1 : 0;

	return i < take_env.nr_pci ? &take_env.pci[i] : NULL;
}

int bus_register_notifier(struct bus_type *bus, struct notifier_block *nb)
{
	assert_ptr_equal(bus, &pci_bus_type);
	take_env.pci_nb = nb;
	return 0;
}

bool schedule_delayed_work(struct delayed_work *dw, unsigned long delay)
{
	if (dw->pending)
		return false;
	dw->pending = true;
	dw->delay = delay;
	take_env.scheduled = dw;
	return true;
}

/* Patch 3's crash core (kernel/crash_core.c), as its comment says. */
int crash_set_device_note(const struct crash_device_note *old,
			  const struct crash_device_note *note)
{
	take_env.set_calls++;
	if (take_env.kexec_busy)
		return -EAGAIN;
	if (take_env.note != old)
		return -EBUSY;
	if (take_env.image == TAKE_IMAGE_OWN_HDR)
		return -EBUSY;
	take_env.note = note;
	if (take_env.image == TAKE_IMAGE_FILE) {
		/* The elfcorehdr rewritten, as on a hotplug event. */
		take_env.hdr_addr = note->addr;
		take_env.hdr_size = note->size;
	}
	return 0;
}

/* --- the scenes --- */

/*
 * The kernel of world @w at boot: the first @nr_units units found, their
 * IRTEs in use in the driver's bitmaps, one PCI function per device.
 */
static void kernel_up(struct world *w, int nr_units)
{
	int u, i;

	memset(&take_env, 0, sizeof(take_env));
	memset(&dmar_global_lock, 0, sizeof(dmar_global_lock));
	memset(&kd_take_lock, 0, sizeof(kd_take_lock));
	memset(&kd_take_work, 0, sizeof(kd_take_work));
	kd_take_work.fn = kd_take_refresh;
	kd_take = NULL;
	kd_take_on = true;
	kd_take_result = 0;
	take_env.sim = w->sim;
	take_env.iommu_enabled = intel_iommu_enabled = true;
	take_env.fail_allocs_after = -1;
	take_env.ram_lo = RAM;
	take_env.ram_hi = AREA;
	take_env.next_area_pa = AREA_PA;
	for (u = 0; u < w->nr_units; u++) {
		u64 irta = sim_mmio_read64(w->sim, w->bases[u] + VTD_REG_IRTA);
		u32 n = vtd_irta_entries(irta);

		take_env.iommu[u] = (struct intel_iommu){
			.reg = (void __iomem *)(uintptr_t)(IO_BASE + w->bases[u]),
			.reg_phys = w->bases[u],
			.reg_size = 4096,
			.segment = w->units[u].segment,
			.cap = sim_mmio_read64(w->sim, w->bases[u] + VTD_REG_CAP),
			.ir_table = &take_env.ir[u],
		};
		take_env.ir[u].bitmap = take_env.ir_bits[u];
		for (i = 0; i < (int)n; i++)
			if (sim_mem_read64(w->sim, (irta & VTD_IRTA_IRTA) +
						   (u64)i * VTD_IRTE_SIZE) &
			    VTD_IRTE_LO_P)
				__set_bit((unsigned long)i, take_env.ir_bits[u]);
		take_env.drhd[u].iommu = &take_env.iommu[u];
	}
	/* The units the driver has found so far: the first @nr_units. */
	take_env.nr_units = nr_units;
	take_env.nr_pci = w->nr_devs;
	for (i = 0; i < (int)(sizeof(take_env.pci) / sizeof(take_env.pci[0]));
	     i++)
		take_env.pci[i].index = i;
}

/* A crash kernel loaded: its elfcorehdr names the area named now. */
static void load(enum take_image how)
{
	take_env.image = how;
	assert_non_null(take_env.note);
	take_env.hdr_addr = take_env.note->addr;
	take_env.hdr_size = take_env.note->size;
}

/* Boot with the first @nr_units units found, then a crash kernel loaded. */
static void boot_and_load(struct world *w, int nr_units, enum take_image how)
{
	kernel_up(w, nr_units);
	assert_int_equal(take_initcall(), 0);
	load(how);
}

/* A PCI function added, and the work it schedules run. */
static void pci_add(void)
{
	take_env.nr_pci++;
	assert_non_null(take_env.pci_nb);
	take_env.pci_nb->notifier_call(take_env.pci_nb, BUS_NOTIFY_ADD_DEVICE,
				       &take_env.pci[take_env.nr_pci - 1]);
}

static void run_work(void)
{
	struct delayed_work *dw = take_env.scheduled;

	assert_non_null(dw);
	assert_true(dw->pending);
	dw->pending = false;
	take_env.scheduled = NULL;
	dw->fn(&dw->work);
	assert_int_equal(dmar_global_lock.readers, 0);
	assert_int_equal(kd_take_lock.locked, 0);
}

/*
 * The panic: the crash core calls the note's take() (devices running),
 * and the crash kernel finds the note where the loaded elfcorehdr says.
 */
static int panic_and_find(struct world *w, struct vtd_note *n)
{
	int i = area_of_pa(take_env.hdr_addr);

	assert_non_null(take_env.note);
	take_env.note->take(take_env.note);
	/* The elfcorehdr never names an area the kernel freed. */
	assert_true(i >= 0);
	assert_int_equal(take_env.area[i].pa, take_env.hdr_addr);
	world_put_kernel_area(w, take_env.hdr_addr, take_env.area[i].va,
			      take_env.hdr_size);
	return find_note(w, n);
}

static u32 unit_flags(const struct vtd_note *n, u64 base)
{
	struct vtd_note_unit_info u;

	assert_true(vtd_note_find_unit(n, base, &u) >= 0);
	return u.flags;
}

static enum vtd_gate_verdict verdict(struct world *w, const struct vtd_note *n,
				int unit)
{
	return vtd_gate_check_unit(n, &w->ram, &crash_ops, &w->env,
				   w->bases[unit]);
}

static void kernel_down(void)
{
	int i;

	kd_take_free(kd_take);
	kd_take = NULL;
	for (i = 0; i < take_env.nr_areas; i++)
		assert_null(take_env.area[i].va);
	assert_int_equal(take_env.allocs, take_env.frees);
}

/* The present IRTEs of @unit made @n, as drivers loaded later leave them. */
static void irtes_in_use(struct world *w, int unit, u32 n)
{
	u64 irta = sim_mmio_read64(w->sim, w->bases[unit] + VTD_REG_IRTA);
	u64 table = irta & VTD_IRTA_IRTA, lo, hi;
	u32 i, used = 0;

	assert_true(vtd_irta_entries(irta) >= n);
	/* A copy of an IRTE the first kernel wrote, its vector moved on. */
	for (i = 0; !used && i < vtd_irta_entries(irta); i++)
		if (sim_mem_read64(w->sim, table + i * VTD_IRTE_SIZE) &
		    VTD_IRTE_LO_P)
			used = i + 1;
	assert_true(used);
	lo = sim_mem_read64(w->sim, table + (used - 1) * VTD_IRTE_SIZE);
	hi = sim_mem_read64(w->sim, table + (used - 1) * VTD_IRTE_SIZE + 8);
	for (i = 0; i < n; i++) {
		if (test_bit(i, take_env.ir_bits[unit]))
			continue;
		sim_mem_write64(w->sim, table + i * VTD_IRTE_SIZE + 8, hi);
		sim_mem_write64(w->sim, table + i * VTD_IRTE_SIZE,
				lo ^ ((u64)(i & 0xff) << 16));
		__set_bit(i, take_env.ir_bits[unit]);
	}
}

/* --- the tests --- */

/*
 * Boot names an area of at least the loader's default size for every
 * unit; at panic it holds the kernel's note, which the crash kernel finds
 * through the elfcorehdr and adopts every unit from.
 */
static void test_take_boot_then_panic(void **state)
{
	struct world w;
	struct vtd_note n;
	struct vtd_note_info info;

	world_up(&w, 64 << 10);
	kernel_up(&w, 2);
	assert_int_equal(take_initcall(), 0);
	assert_non_null(take_env.note);
	assert_int_equal(take_env.note->size, VTD_NOTE_AREA_DEFAULT);
	assert_true(logged("will find this kernel's snapshot of %u unit"));
	assert_non_null(take_env.pci_nb);
	assert_int_equal(dmar_global_lock.readers, 0);
	load(TAKE_IMAGE_FILE);
	assert_int_equal(panic_and_find(&w, &n), 0);
	assert_true(kd_take_result > 0);
	vtd_note_get_info(&n, &info);
	assert_int_equal(info.taker, VTD_NOTE_TAKER_KERNEL);
	assert_int_equal(info.nr_units, 2);
	assert_int_equal(w.nr_notes, 1);
	assert_int_equal(verdict(&w, &n, 0), VTD_ADOPT);
	assert_int_equal(verdict(&w, &n, 1), VTD_ADOPT);
	kernel_down();
	world_down(&w);
}

/* Off by the parameter, in a kdump kernel, without remapping, or memory. */
static void test_take_when_it_takes_none(void **state)
{
	struct world w;
	char zero[] = "0", word[] = "maybe";

	world_up(&w, 64 << 10);
	kernel_up(&w, 2);
	assert_int_equal(take_setup(zero), 1);
	assert_int_equal(take_initcall(), 0);
	assert_null(take_env.note);
	assert_null(take_env.pci_nb);

	kernel_up(&w, 2);
	assert_int_equal(take_setup(word), 1);
	assert_true(logged("not a boolean; left on"));
	assert_int_equal(take_initcall(), 0);
	assert_non_null(take_env.note);
	kernel_down();

	kernel_up(&w, 2);
	take_env.kdump_kernel = true;
	assert_int_equal(take_initcall(), 0);
	assert_null(take_env.note);

	kernel_up(&w, 2);
	intel_iommu_enabled = false;
	assert_int_equal(take_initcall(), 0);
	assert_null(take_env.note);

	/* Each allocation failing in turn: no note, nothing leaked. */
	for (int k = 0; k < 3; k++) {
		kernel_up(&w, 2);
		take_env.fail_allocs_after = k;
		assert_int_equal(take_initcall(), 0);
		assert_null(take_env.note);
		assert_true(logged("no memory for the note area"));
		assert_int_equal(take_env.allocs, take_env.frees);
	}

	/* Another driver's note named first: this one gives its area back. */
	kernel_up(&w, 2);
	take_env.note = &(struct crash_device_note){ .addr = 0x1000 };
	assert_int_equal(take_initcall(), 0);
	assert_true(logged("keeps another device note"));
	take_env.note = NULL;
	kernel_down();
	world_down(&w);
}

/*
 * A unit whose registers read all ones at panic is flagged unreadable and
 * not adopted; the other unit, whose record is whole, is.
 */
static void test_take_unreadable_unit(void **state)
{
	struct world w;
	struct vtd_note n;

	world_up(&w, 64 << 10);
	boot_and_load(&w, 2, TAKE_IMAGE_FILE);
	take_env.dead_reg_base = w.bases[1];
	assert_int_equal(panic_and_find(&w, &n), 0);
	assert_true(unit_flags(&n, w.bases[1]) & VTD_UNIT_F_UNREADABLE);
	assert_int_equal(unit_flags(&n, w.bases[0]), 0);
	assert_int_equal(verdict(&w, &n, 1), VTD_FALLBACK_CAPTURE_FAILED);
	/* Whole: one unit's failure costs that unit only (#21, 8). */
	assert_int_equal(verdict(&w, &n, 0), VTD_ADOPT);
	kernel_down();
	world_down(&w);
}

/*
 * A root table the kernel must not read (a hole in its memory map, a
 * reserved page, a page whose mapping faults: a scribbled RTADDR) is
 * skipped and the unit flagged, without a fault.
 */
static void test_take_pages_it_must_not_touch(void **state)
{
	static const char *const how[] = { "hole", "reserved", "fault" };
	unsigned int k;

	for (k = 0; k < 3; k++) {
		struct world w;
		struct vtd_note n;
		unsigned long pfn;

		world_up(&w, 64 << 10);
		pfn = PHYS_PFN(sim_mmio_read64(w.sim, w.bases[1] +
						       VTD_REG_RTADDR) &
			       VTD_RTADDR_RTA);
		boot_and_load(&w, 2, TAKE_IMAGE_FILE);
		if (k == 0)
			take_env.hole_pfn = pfn;
		else if (k == 1)
			take_env.reserved_pfn = pfn;
		else
			take_env.fault_pfn = pfn;
		assert_int_equal(panic_and_find(&w, &n), 0);
		if (!(unit_flags(&n, w.bases[1]) & VTD_UNIT_F_RTADDR_BAD))
			fail_msg("root table in a %s: not flagged", how[k]);
		assert_int_equal(unit_flags(&n, w.bases[0]), 0);
		assert_int_equal(verdict(&w, &n, 1),
				 VTD_FALLBACK_CAPTURE_FAILED);
		assert_int_equal(verdict(&w, &n, 0), VTD_ADOPT);
		kernel_down();
		world_down(&w);
	}
}

/*
 * Drivers loaded after the load allocate IRTEs by the thousand and no PCI
 * function is added: the note outgrows the area.  It is sealed truncated
 * and the crash kernel adopts nothing from it (fail closed).
 */
static void test_take_area_too_small(void **state)
{
	struct world w;
	struct vtd_note n;

	world_irta_s = 15; /* 65,536 IRTEs */
	world_up(&w, 64 << 10);
	kernel_up(&w, 2);
	assert_int_equal(take_initcall(), 0);
	assert_int_equal(take_env.note->size, VTD_NOTE_AREA_DEFAULT);
	load(TAKE_IMAGE_FILE);
	irtes_in_use(&w, 0, 65536);
	assert_int_equal(panic_and_find(&w, &n), 0);
	assert_true(unit_flags(&n, w.bases[0]) & VTD_UNIT_F_TRUNCATED);
	assert_int_not_equal(verdict(&w, &n, 0), VTD_ADOPT);
	assert_int_not_equal(verdict(&w, &n, 1), VTD_ADOPT);
	kernel_down();
	world_down(&w);
}

/*
 * The same, then a PCI function is added: the work sizes a new area for
 * what the note needs now, the crash core rewrites the loaded
 * elfcorehdr to name it, the old area is given back, and at panic the
 * whole note fits and every unit is adopted.
 */
static void test_take_area_moves_when_a_device_is_added(void **state)
{
	struct world w;
	struct vtd_note n;
	phys_addr_t before;

	world_irta_s = 15;
	world_up(&w, 64 << 10);
	boot_and_load(&w, 2, TAKE_IMAGE_FILE);
	before = take_env.note->addr;
	irtes_in_use(&w, 0, 65536);
	pci_add();
	assert_int_equal(take_env.scheduled->delay, 0);
	run_work();
	assert_true(logged("snapshot at %pa now"));
	assert_int_not_equal(take_env.note->addr, before);
	assert_int_equal(take_env.note->size, VTD_NOTE_AREA_MAX);
	assert_int_equal(take_env.hdr_addr, take_env.note->addr);
	assert_true(area_of_pa(before) < 0); /* given back */
	assert_int_equal(panic_and_find(&w, &n), 0);
	assert_int_equal(unit_flags(&n, w.bases[0]), 0);
	assert_int_equal(verdict(&w, &n, 0), VTD_ADOPT);
	assert_int_equal(verdict(&w, &n, 1), VTD_ADOPT);
	kernel_down();
	world_down(&w);
}

/*
 * A PCI function added with room to spare moves nothing; one added while
 * a load holds the kexec lock is retried a second later.
 */
static void test_take_area_stays_or_retries(void **state)
{
	struct world w;
	struct vtd_note n;
	const struct crash_device_note *first;

	world_irta_s = 15;
	world_up(&w, 64 << 10);
	boot_and_load(&w, 2, TAKE_IMAGE_FILE);
	first = take_env.note;
	pci_add();
	run_work();
	assert_ptr_equal(take_env.note, first);
	assert_int_equal(take_env.set_calls, 1);

	irtes_in_use(&w, 0, 65536);
	take_env.kexec_busy = true;
	pci_add();
	run_work();
	assert_ptr_equal(take_env.note, first);
	assert_non_null(take_env.scheduled);
	assert_int_equal(take_env.scheduled->delay, HZ);
	take_env.kexec_busy = false;
	run_work();
	assert_ptr_not_equal(take_env.note, first);
	assert_int_equal(take_env.hdr_addr, take_env.note->addr);
	assert_int_equal(panic_and_find(&w, &n), 0);
	assert_int_equal(verdict(&w, &n, 0), VTD_ADOPT);
	kernel_down();
	world_down(&w);
}

/*
 * A crash kernel whose loader built the elfcorehdr (kexec_load) may name
 * the area where it was: the crash core refuses the move, the old area
 * stays named and intact, and the note in it is sealed truncated (the
 * crash kernel does without).  No memory for the new one: the same.
 */
static void test_take_area_move_refused(void **state)
{
	unsigned int k;

	for (k = 0; k < 2; k++) {
		struct world w;
		struct vtd_note n;
		const struct crash_device_note *first;

		world_irta_s = 15;
		world_up(&w, 64 << 10);
		boot_and_load(&w, 2, k == 0 ? TAKE_IMAGE_OWN_HDR : TAKE_IMAGE_FILE);
		first = take_env.note;
		irtes_in_use(&w, 0, 65536);
		if (k == 1)
			take_env.fail_allocs_after = 1;
		pci_add();
		run_work();
		assert_ptr_equal(take_env.note, first);
		assert_true(logged("note area not moved"));
		assert_null(take_env.scheduled);
		assert_int_equal(take_env.hdr_addr, first->addr);
		assert_int_equal(panic_and_find(&w, &n), 0);
		assert_true(unit_flags(&n, w.bases[0]) & VTD_UNIT_F_TRUNCATED);
		assert_int_not_equal(verdict(&w, &n, 0), VTD_ADOPT);
		kernel_down();
		world_down(&w);
	}
}

/*
 * A unit the kernel found after the load is not in the note until a PCI
 * function is added (a hot-added unit brings its functions): then it is,
 * and it is adopted.
 */
static void test_take_unit_added_after_the_load(void **state)
{
	struct world w;
	struct vtd_note n;

	world_up_sized(&w, 64 << 10, 3, 9, 71);
	boot_and_load(&w, 2, TAKE_IMAGE_FILE);
	take_env.nr_units = 3; /* the third unit is up now */
	assert_int_equal(panic_and_find(&w, &n), 0);
	assert_int_equal(verdict(&w, &n, 2), VTD_FALLBACK_NOT_IN_NOTE);
	assert_int_equal(verdict(&w, &n, 0), VTD_ADOPT);
	pci_add();
	run_work();
	assert_int_equal(kd_take->nr, 3);
	assert_int_equal(panic_and_find(&w, &n), 0);
	assert_int_equal(verdict(&w, &n, 0), VTD_ADOPT);
	assert_int_equal(verdict(&w, &n, 1), VTD_ADOPT);
	assert_int_equal(verdict(&w, &n, 2), VTD_ADOPT);
	kernel_down();
	world_down(&w);
}

/*
 * Moved by hand (debugfs) into an area of 8 KiB, too small for the note,
 * and grown again at the next PCI function: each move names the new area
 * in the loaded elfcorehdr, and the note at panic is whole.
 */
static void test_take_area_moved_by_hand(void **state)
{
	struct world w;
	struct vtd_note n;
	phys_addr_t first;

	world_up(&w, 64 << 10);
	boot_and_load(&w, 2, TAKE_IMAGE_FILE);
	first = take_env.note->addr;
	mutex_lock(&kd_take_lock);
	assert_int_equal(kd_take_move(8000), 0);
	mutex_unlock(&kd_take_lock);
	assert_int_equal(take_env.note->size, 8192);
	assert_int_not_equal(take_env.note->addr, first);
	assert_int_equal(take_env.hdr_addr, take_env.note->addr);
	assert_int_equal(take_env.hdr_size, 8192);
	pci_add();
	run_work();
	assert_int_equal(take_env.note->size, VTD_NOTE_AREA_DEFAULT);
	assert_int_equal(take_env.hdr_addr, take_env.note->addr);
	assert_int_equal(panic_and_find(&w, &n), 0);
	assert_int_equal(verdict(&w, &n, 0), VTD_ADOPT);
	assert_int_equal(verdict(&w, &n, 1), VTD_ADOPT);
	kernel_down();
	world_down(&w);
}

/* The crash scribbled on the area after the snapshot: the checksum says so. */
static void test_take_note_scribbled_after(void **state)
{
	struct world w;
	struct vtd_note n;
	u8 b;

	world_up(&w, 64 << 10);
	boot_and_load(&w, 2, TAKE_IMAGE_FILE);
	assert_int_equal(panic_and_find(&w, &n), 0);
	sim_mem_read(w.sim, take_env.hdr_addr + 200, &b, 1);
	b ^= 0x04;
	sim_mem_write(w.sim, take_env.hdr_addr + 200, &b, 1);
	assert_int_equal(find_note(&w, &n), -EBADMSG);
	kernel_down();
	world_down(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_take_boot_then_panic, world_setup),
		cmocka_unit_test_setup(test_take_when_it_takes_none,
				       world_setup),
		cmocka_unit_test_setup(test_take_unreadable_unit, world_setup),
		cmocka_unit_test_setup(test_take_pages_it_must_not_touch,
				       world_setup),
		cmocka_unit_test_setup(test_take_area_too_small, world_setup),
		cmocka_unit_test_setup(
			test_take_area_moves_when_a_device_is_added,
			world_setup),
		cmocka_unit_test_setup(test_take_area_stays_or_retries,
				       world_setup),
		cmocka_unit_test_setup(test_take_area_move_refused,
				       world_setup),
		cmocka_unit_test_setup(test_take_unit_added_after_the_load,
				       world_setup),
		cmocka_unit_test_setup(test_take_area_moved_by_hand,
				       world_setup),
		cmocka_unit_test_setup(test_take_note_scribbled_after,
				       world_setup),
	};

	return cmocka_run_group_tests(tests, world_group_setup, NULL);
}
