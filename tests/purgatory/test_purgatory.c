// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_purgatory.c - purgatory.c itself, built for the host against a
 * machine made here (host/arch.h): the kernel's identity map in 4- or
 * 5-level form, CR4.LA57 as the CPU would report it, remapping units
 * whose registers can only be read through a present, uncached mapping
 * in the page tables CR3 points at (anything else is the page fault that
 * would reset a real machine), tables and the note area in host memory.
 *
 * The first rule of the handover is that it never costs the dump: each
 * test breaks one thing purgatory may meet at a crash (a register page it
 * cannot map, its page-table pool running out, a table outside RAM, a
 * unit that does not answer, a note area too small) and checks that the
 * note says what was skipped, the other units are captured in full, and
 * purgatory_main returns, after which entry64.S jumps to the crash
 * kernel.  Only a digest mismatch halts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/note.h>
#include <kexec-vtd/purgatory-contract.h>
#include <kexec-vtd/sha256.h>
#include <kexec-vtd/vtd-hw.h>
#include <kexec-vtd/x86.h>

#include "cpu-walk.h"
#include "host/arch.h"

void purgatory_main(void);
extern struct vtd_purgatory_args vtd_purgatory_args;

#define PORT X86_COM1_PORT
#define AREA_SIZE (64 * 1024)
#define REG_BASE 0xfed90000ull
#define FRO 0x200 /* fault recording registers, in the register page */

struct unit {
	uint64_t base;
	uint8_t regs[VTD_REG_SPACE_SIZE];
};

/* The machine purgatory runs on. */
static struct {
	unsigned int levels;
	uint64_t cr3, kernel_cr3;
	int cr3_writes, invlpgs;
	jmp_buf halt;
	bool faulted;
	uint64_t fault_addr;
	char console[16384];
	size_t con_len;
	struct unit unit[VTD_PURGATORY_MAX_UNITS];
	unsigned int nr_units;
	uint64_t *kernel_tables[2];
} m;

uint64_t arch_rdtsc(void)
{
	static uint64_t t;

	return t += 1000;
}

uint64_t arch_read_cr3(void)
{
	return m.cr3;
}

void arch_write_cr3(uint64_t v)
{
	m.cr3 = v;
	m.cr3_writes++;
}

uint64_t arch_read_cr4(void)
{
	return m.levels == X86_PT_LEVELS_5 ? X86_CR4_LA57 : 0;
}

void arch_invlpg(uint64_t va)
{
	m.invlpgs++;
}

void arch_outb(uint16_t port, uint8_t v)
{
	if (port == PORT + UART_THR && v != '\r' &&
	    m.con_len + 1 < sizeof(m.console))
		m.console[m.con_len++] = (char)v;
}

uint8_t arch_inb(uint16_t port)
{
	return UART_LSR_THRE;
}

_Noreturn void arch_halt_forever(void)
{
	longjmp(m.halt, 1);
}

/* A register read: a page fault unless CR3 maps the page uncached. */
static const uint8_t *mmio(uint64_t addr, unsigned int size)
{
	struct cpu_walk w = cpu_walk(m.cr3, m.levels, addr);
	unsigned int i;

	if (!w.present || w.pa != addr || !(w.leaf & X86_PTE_PCD)) {
		m.faulted = true;
		m.fault_addr = addr;
		longjmp(m.halt, 2);
	}
	for (i = 0; i < m.nr_units; i++)
		if (addr >= m.unit[i].base &&
		    addr + size <= m.unit[i].base + VTD_REG_SPACE_SIZE)
			return m.unit[i].regs + (addr - m.unit[i].base);
	return NULL;
}

uint32_t arch_mmio_read32(uint64_t addr)
{
	const uint8_t *p = mmio(addr, 4);

	return p ? vtd_ld_le32(p) : UINT32_MAX;
}

uint64_t arch_mmio_read64(uint64_t addr)
{
	const uint8_t *p = mmio(addr, 8);

	return p ? vtd_ld_le64(p) : UINT64_MAX;
}

/* --- the world: tables, note area, crash kernel bytes --- */

static uint64_t pa(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static struct {
	uint8_t *root, *ctx, *irte, *area, *kernel;
} w;

static void *page(size_t size)
{
	void *p = aligned_alloc(4096, size);

	assert_non_null(p);
	memset(p, 0, size);
	return p;
}

/* Bus 0 with devices 00:02.0 and 00:10.0 (devfn 0x80); IRTEs 0 and 5. */
static void make_tables(void)
{
	w.root = page(4096);
	w.ctx = page(4096);
	w.irte = page(4096);
	vtd_st_le64(w.root, pa(w.ctx) | VTD_ROOT_LO_P);
	vtd_st_le64(w.ctx + 0x10 * 16, 0x123000 | VTD_CTX_LO_P);
	vtd_st_le64(w.ctx + 0x10 * 16 + 8, 0x0102);
	vtd_st_le64(w.ctx + 0x80 * 16, 0x456000 | VTD_CTX_LO_P);
	vtd_st_le64(w.ctx + 0x80 * 16 + 8, 0x0302);
	vtd_st_le64(w.irte, VTD_IRTE_LO_P | 0x2100);
	vtd_st_le64(w.irte + 5 * 16, VTD_IRTE_LO_P | 0x3100);
}

static void add_unit(uint64_t base, uint64_t rtaddr, uint64_t irta)
{
	struct unit *u = &m.unit[m.nr_units];
	struct vtd_purgatory_unit *a = &vtd_purgatory_args.units[m.nr_units];

	u->base = base;
	vtd_st_le32(u->regs + VTD_REG_VER, 0x10);
	vtd_st_le64(u->regs + VTD_REG_CAP,
		    VTD_FIELD_PREP(VTD_CAP_FRO, FRO >> VTD_REG_UNIT_SHIFT));
	vtd_st_le32(u->regs + VTD_REG_GSTS, VTD_GSTS_TES | VTD_GSTS_IRES);
	vtd_st_le64(u->regs + VTD_REG_RTADDR, rtaddr);
	vtd_st_le64(u->regs + VTD_REG_IRTA, irta);
	/* One pending fault record. */
	vtd_st_le64(u->regs + FRO, 0xdead000);
	vtd_st_le64(u->regs + FRO + 8, VTD_FRCD_HI_F | 0x10);
	a->reg_base = base;
	a->reg_size = VTD_REG_SPACE_SIZE;
	a->segment = 0;
	m.nr_units++;
	vtd_purgatory_args.nr_units = m.nr_units;
}

static void add_ram(uint64_t start, uint64_t len)
{
	struct vtd_purgatory_args *a = &vtd_purgatory_args;

	a->ram[a->nr_ram].start = start;
	a->ram[a->nr_ram].len = len;
	a->nr_ram++;
}

/* The kernel's identity map: an empty top table (and PML4 with 5). */
static void make_machine(unsigned int levels)
{
	struct vtd_purgatory_args *a = &vtd_purgatory_args;
	struct vtd_sha256 s;

	memset(&m, 0, sizeof(m));
	memset(a, 0, sizeof(*a));
	m.levels = levels;
	m.kernel_tables[0] = page(4096);
	if (levels == X86_PT_LEVELS_5) {
		m.kernel_tables[1] = page(4096);
		m.kernel_tables[0][0] = pa(m.kernel_tables[1]) | X86_PTE_P |
					X86_PTE_RW;
	}
	m.kernel_cr3 = m.cr3 = pa(m.kernel_tables[0]) | 0x3;
	make_tables();
	w.area = page(AREA_SIZE);
	w.kernel = page(4096);
	memset(w.kernel, 0x5a, 4096);

	a->magic = VTD_PURGATORY_MAGIC;
	a->version = VTD_PURGATORY_VERSION;
	a->flags = VTD_PURGATORY_F_SNAPSHOT | VTD_PURGATORY_F_TRACE;
	a->serial_port = PORT;
	a->snapshot_addr = pa(w.area);
	a->snapshot_size = AREA_SIZE;
	add_ram(pa(w.root), 4096);
	add_ram(pa(w.ctx), 4096);
	add_ram(pa(w.irte), 4096);
	add_ram(pa(w.area), AREA_SIZE);
	a->digest_regions[0].start = pa(w.kernel);
	a->digest_regions[0].len = 4096;
	vtd_sha256_init(&s);
	vtd_sha256_update(&s, w.kernel, 4096);
	vtd_sha256_final(&s, a->digest);
}

static void free_machine(void)
{
	free(m.kernel_tables[0]);
	free(m.kernel_tables[1]);
	free(w.root);
	free(w.ctx);
	free(w.irte);
	free(w.area);
	free(w.kernel);
}

enum outcome { RETURNED, HALTED, FAULTED };

static enum outcome run(void)
{
	int r = setjmp(m.halt);

	if (r == 0) {
		purgatory_main();
		return RETURNED;
	}
	return r == 1 ? HALTED : FAULTED;
}

static uint64_t irta_one_page(void)
{
	/* 2^(7+1) = 256 entries of 16 bytes: one page. */
	return pa(w.irte) | 7;
}

/* What the note says of unit @i. */
struct seen {
	uint32_t flags;
	uint64_t rtaddr;
	unsigned int roots, ctxs, irtes, faults;
};

static struct vtd_note_info open_note(struct vtd_note *n)
{
	struct vtd_note_info info;
	const void *desc;
	size_t len, bad;

	assert_int_equal(vtd_note_find(w.area, AREA_SIZE, &desc, &len, &bad),
			 0);
	assert_int_equal(vtd_note_open(n, desc, len, &bad), 0);
	vtd_note_get_info(n, &info);
	return info;
}

static struct seen unit_seen(unsigned int i)
{
	struct vtd_note n;
	struct vtd_note_unit_info u;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	struct seen s = { 0 };
	unsigned int k = 0;
	int off;

	open_note(&n);
	for (off = vtd_note_first_unit(&n); off >= 0;
	     off = vtd_note_next_unit(&n, off))
		if (k++ == i)
			break;
	assert_true(off >= 0);
	vtd_note_get_unit(&n, off, &u);
	assert_int_equal(u.reg_base, m.unit[i].base);
	s.flags = u.flags;
	s.rtaddr = u.rtaddr;
	vtd_note_cursor_init(&n, off, &c);
	while (vtd_note_next_entry(&n, &c, &e)) {
		s.roots += e.type == VTD_SEC_ROOT;
		s.ctxs += e.type == VTD_SEC_CTX;
		s.irtes += e.type == VTD_SEC_IRTE;
		s.faults += e.type == VTD_SEC_FAULT;
	}
	return s;
}

static void assert_captured_in_full(unsigned int i)
{
	struct seen s = unit_seen(i);

	assert_int_equal(s.flags, 0);
	assert_int_equal(s.rtaddr, pa(w.root));
	assert_int_equal(s.roots, 1);
	assert_int_equal(s.ctxs, 2);
	assert_int_equal(s.irtes, 2);
	assert_int_equal(s.faults, 1);
}

/* Purgatory left the kernel's CR3 as it found it. */
static void assert_back_on_kernel_map(void)
{
	assert_int_equal(m.cr3, m.kernel_cr3);
	assert_false(m.faulted);
}

static void captures_in_mode(unsigned int levels)
{
	struct vtd_note n;

	make_machine(levels);
	add_unit(REG_BASE, pa(w.root), irta_one_page());
	add_unit(REG_BASE + 0x1000, pa(w.root), irta_one_page());
	assert_int_equal(run(), RETURNED);
	assert_back_on_kernel_map();
	assert_int_equal(m.cr3_writes, 2);	/* ours, then the kernel's */
	assert_int_equal(m.invlpgs, 2);
	assert_int_equal(open_note(&n).flags, VTD_NOTE_F_COMPLETE);
	assert_captured_in_full(0);
	assert_captured_in_full(1);
	assert_non_null(strstr(m.console, "kexec-vtd: unit 0xfed91000 gsts "
					  "0x82000000: 1 roots, 2 contexts, "
					  "2 irtes, 1 faults, flags 0x0\n"));
	free_machine();
}

static void test_purgatory_4level(void **state)
{
	captures_in_mode(X86_PT_LEVELS_4);
}

/* Walked as 4 levels, a 5-level map sends the register read nowhere. */
static void test_purgatory_5level(void **state)
{
	captures_in_mode(X86_PT_LEVELS_5);
}

/* With 4 levels a unit at 2^47 cannot be identity-mapped: skipped. */
static void test_purgatory_unmappable_unit_is_skipped(void **state)
{
	struct vtd_note n;
	struct seen s;

	make_machine(X86_PT_LEVELS_4);
	add_unit(REG_BASE, pa(w.root), irta_one_page());
	add_unit(1ull << 47, pa(w.root), irta_one_page());
	add_unit(REG_BASE + 0x1000, pa(w.root), irta_one_page());
	assert_int_equal(run(), RETURNED);
	assert_back_on_kernel_map();
	assert_int_equal(open_note(&n).flags, VTD_NOTE_F_UNIT_FAILED);
	assert_captured_in_full(0);
	s = unit_seen(1);
	assert_int_equal(s.flags, VTD_UNIT_F_UNMAPPED);
	assert_int_equal(s.rtaddr, 0);
	assert_int_equal(s.ctxs + s.irtes + s.roots + s.faults, 0);
	assert_captured_in_full(2);
	assert_non_null(strstr(m.console, "flags 0x40\n"));
	free_machine();
}

/*
 * 32 units, each in a 512 GiB region of its own: three tables each, so
 * the 64-page pool maps the first 21 and the rest are skipped.
 */
static void test_purgatory_pool_exhaustion_skips_units(void **state)
{
	unsigned int i, mapped = 0, skipped = 0;
	struct vtd_note n;

	make_machine(X86_PT_LEVELS_4);
	for (i = 0; i < VTD_PURGATORY_MAX_UNITS; i++)
		add_unit(((uint64_t)(i + 1) << 39) + REG_BASE, pa(w.root),
			 irta_one_page());
	assert_int_equal(run(), RETURNED);
	assert_back_on_kernel_map();
	assert_int_equal(open_note(&n).flags, VTD_NOTE_F_UNIT_FAILED);
	for (i = 0; i < VTD_PURGATORY_MAX_UNITS; i++) {
		struct seen s = unit_seen(i);

		if (s.flags == VTD_UNIT_F_UNMAPPED) {
			skipped++;
			assert_int_equal(s.ctxs + s.irtes, 0);
		} else {
			assert_captured_in_full(i);
			assert_int_equal(skipped, 0); /* first come, mapped */
			mapped++;
		}
	}
	assert_int_equal(mapped, 21);
	assert_int_equal(skipped, 11);
	free_machine();
}

/* Root, context and IRTE tables outside the RAM the loader passed. */
static void test_purgatory_tables_outside_ram_are_skipped(void **state)
{
	struct seen s;

	make_machine(X86_PT_LEVELS_5);
	add_unit(REG_BASE, 0x80000000, irta_one_page());	/* no RAM */
	add_unit(REG_BASE + 0x1000, pa(w.root), 0x90000000 | 7);
	add_unit(REG_BASE + 0x2000, pa(w.root), irta_one_page());
	/* The context table is not in the RAM list. */
	vtd_purgatory_args.ram[1].len = 0;
	assert_int_equal(run(), RETURNED);
	assert_back_on_kernel_map();
	s = unit_seen(0);
	assert_int_equal(s.flags, VTD_UNIT_F_RTADDR_BAD);
	assert_int_equal(s.ctxs, 0);
	assert_int_equal(s.irtes, 2);
	s = unit_seen(1);
	assert_int_equal(s.flags,
			 VTD_UNIT_F_IRTA_BAD | VTD_UNIT_F_CTX_TABLE_BAD);
	assert_int_equal(s.roots, 1);
	assert_int_equal(s.irtes, 0);
	s = unit_seen(2);
	assert_int_equal(s.flags, VTD_UNIT_F_CTX_TABLE_BAD);
	assert_int_equal(s.irtes, 2);
	free_machine();
}

/* A unit whose registers read as all ones (no device answers). */
static void test_purgatory_dead_unit_is_skipped(void **state)
{
	make_machine(X86_PT_LEVELS_4);
	add_unit(REG_BASE, pa(w.root), irta_one_page());
	add_unit(REG_BASE + 0x1000, pa(w.root), irta_one_page());
	memset(m.unit[0].regs, 0xff, sizeof(m.unit[0].regs));
	assert_int_equal(run(), RETURNED);
	assert_back_on_kernel_map();
	assert_int_equal(unit_seen(0).flags, VTD_UNIT_F_UNREADABLE);
	assert_captured_in_full(1);
	free_machine();
}

/* A note area too small for the note: no note, one line, the jump. */
static void test_purgatory_area_too_small_still_jumps(void **state)
{
	const void *desc;
	size_t len, bad;

	make_machine(X86_PT_LEVELS_4);
	add_unit(REG_BASE, pa(w.root), irta_one_page());
	vtd_purgatory_args.snapshot_size = 16;
	assert_int_equal(run(), RETURNED);
	assert_back_on_kernel_map();
	assert_non_null(strstr(m.console, "snapshot failed; no note"));
	assert_true(vtd_note_find(w.area, AREA_SIZE, &desc, &len, &bad) < 0);
	free_machine();
}

/* Without the snapshot flag nothing is mapped or read. */
static void test_purgatory_no_snapshot_asked(void **state)
{
	make_machine(X86_PT_LEVELS_5);
	add_unit(REG_BASE, pa(w.root), irta_one_page());
	vtd_purgatory_args.flags = 0;
	assert_int_equal(run(), RETURNED);
	assert_int_equal(m.cr3_writes, 0);
	assert_int_equal(w.area[0], 0);
	free_machine();
}

/* The one thing that stops the boot: a crash kernel that changed. */
static void test_purgatory_digest_mismatch_halts(void **state)
{
	make_machine(X86_PT_LEVELS_4);
	add_unit(REG_BASE, pa(w.root), irta_one_page());
	w.kernel[100] ^= 1;
	assert_int_equal(run(), HALTED);
	assert_non_null(strstr(m.console, "digest mismatch"));
	free_machine();
}

/* The backup region is copied after the snapshot, before the jump. */
static void test_purgatory_copies_backup(void **state)
{
	uint8_t *src = page(8192), *dst = page(8192);

	make_machine(X86_PT_LEVELS_4);
	memset(src, 0xa5, 8192);
	vtd_purgatory_args.backup_src = pa(src);
	vtd_purgatory_args.backup_dest = pa(dst);
	vtd_purgatory_args.backup_size = 8192;
	assert_int_equal(run(), RETURNED);
	assert_memory_equal(dst, src, 8192);
	free(src);
	free(dst);
	free_machine();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_purgatory_4level),
		cmocka_unit_test(test_purgatory_5level),
		cmocka_unit_test(test_purgatory_unmappable_unit_is_skipped),
		cmocka_unit_test(test_purgatory_pool_exhaustion_skips_units),
		cmocka_unit_test(test_purgatory_tables_outside_ram_are_skipped),
		cmocka_unit_test(test_purgatory_dead_unit_is_skipped),
		cmocka_unit_test(test_purgatory_area_too_small_still_jumps),
		cmocka_unit_test(test_purgatory_no_snapshot_asked),
		cmocka_unit_test(test_purgatory_digest_mismatch_halts),
		cmocka_unit_test(test_purgatory_copies_backup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
