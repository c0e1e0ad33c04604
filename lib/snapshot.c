// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * snapshot.c - the crash-time capture of every remapping unit: registers,
 * pending fault records, present root and context entries (legacy or
 * scalable mode, with the PASID-table entry each scalable context entry
 * uses for requests without PASID), present IRTEs, into the note through
 * the note writer.
 *
 * Reads only.  Sections come in one order per unit (faults, roots,
 * contexts, IRTEs) so each is one section.  When the buffer fills the
 * walk of that unit stops: nothing more would fit, and the later units
 * still get their registers because their records were reserved.
 */
#include <kexec-vtd/snapshot.h>
#include <kexec-vtd/crc32.h>
#include <kexec-vtd/vtd-hw.h>

struct snap {
	const struct vtd_snap_ops *ops;
	void *ctx;
	struct vtd_note_writer w;
	struct vtd_snap_result r;
	bool full;
};

/* Note the outcome of an add; false once the buffer is full. */
static bool added_(struct snap *s, int ret, u32 *count)
{
	if (ret == 0) {
		(*count)++;
		return true;
	}
	s->full = true;
	return false;
}

static void flag_(struct snap *s, u32 flag)
{
	s->r.flags |= flag;
	vtd_note_set_unit_flags(&s->w, flag);
}

/*
 * The next entry at or after @i of the @n 16-byte entries at @t whose
 * first word has @present set, or @n.  Tables are mostly empty, so
 * sixteen entries are tested at a time (one OR per entry straight from
 * memory, no vector registers in purgatory): this loop is the
 * snapshot's cost.
 */
#define SCAN_BLOCK 16

/* Spelled out: compilers at -O2 or -Os keep a 16-step loop rolled. */
static bool any_present_(const u8 *p, u64 present)
{
#define W(k) vtd_ld_le64(p + 16 * (k))
	return (W(0) | W(1) | W(2) | W(3) | W(4) | W(5) | W(6) | W(7) |
		W(8) | W(9) | W(10) | W(11) | W(12) | W(13) | W(14) | W(15)) &
	       present;
#undef W
}

/*
 * Entries come in runs (IRTEs are handed out from 0 up, a device's
 * functions sit side by side), so the entry at @i is tried first.
 *
 * At a block that holds an entry the scan's branch goes the other way
 * and the loads the core had started past it are dropped: with cold
 * caches the next lines would each wait for memory, behind the writing
 * of the entries.  So such a block asks for the lines of the next two
 * (prefetcht0: a hint, never a fault, no vector register), none past
 * the table.
 */
static unsigned int next_present_(const u8 *t, unsigned int i, unsigned int n,
				  u64 present)
{
	const u8 *p = t + (size_t)i * 16, *end = t + (size_t)n * 16;
	const u8 *a;

	if (i < n && (vtd_ld_le64(p) & present))
		return i;
	for (; i + SCAN_BLOCK <= n; i += SCAN_BLOCK, p += 16 * SCAN_BLOCK) {
		if (!any_present_(p, present))
			continue;
		for (a = p + 16 * SCAN_BLOCK;
		     a < p + 3 * 16 * SCAN_BLOCK && a < end; a += 64)
			__builtin_prefetch(a);
		break;
	}
	for (; i < n; i++, p += 16)
		if (vtd_ld_le64(p) & present)
			return i;
	return n;
}

static void read_regs_(struct snap *s, const struct vtd_snap_unit *unit,
		       struct vtd_note_unit_info *u)
{
	const struct vtd_snap_ops *o = s->ops;
	u64 base = unit->reg_base;

	vtd_memset(u, 0, sizeof(*u));
	u->reg_base = base;
	u->segment = unit->segment;
	u->flags = unit->flags & VTD_UNIT_F_FAILED_MASK;
	if (u->flags & VTD_UNIT_F_UNMAPPED)
		return; /* a read would fault: registers stay zero */
	u->ver = o->read32(s->ctx, base + VTD_REG_VER);
	u->cap = o->read64(s->ctx, base + VTD_REG_CAP);
	u->ecap = o->read64(s->ctx, base + VTD_REG_ECAP);
	u->gsts = o->read32(s->ctx, base + VTD_REG_GSTS);
	u->fsts = o->read32(s->ctx, base + VTD_REG_FSTS);
	u->rtaddr = o->read64(s->ctx, base + VTD_REG_RTADDR);
	u->irta = o->read64(s->ctx, base + VTD_REG_IRTA);
	u->mode = (u8)VTD_FIELD_GET(VTD_RTADDR_TTM, u->rtaddr);
	/* A unit that is not there (or is dead) reads as all ones. */
	if (u->ver == UINT32_MAX && u->gsts == UINT32_MAX &&
	    u->cap == UINT64_MAX)
		u->flags |= VTD_UNIT_F_UNREADABLE;
}

static void capture_faults_(struct snap *s, const struct vtd_snap_unit *unit,
			    u64 cap)
{
	u64 fro = vtd_cap_fault_reg_offset(cap);
	unsigned int i, nfr = vtd_cap_num_fault_regs(cap);

	if (fro + (u64)nfr * VTD_FRCD_SIZE > unit->reg_size) {
		flag_(s, VTD_UNIT_F_LIMIT);
		return;
	}
	for (i = 0; i < nfr && !s->full; i++) {
		u64 rec = unit->reg_base + fro + (u64)i * VTD_FRCD_SIZE;
		u64 hi = s->ops->read64(s->ctx, rec + 8);

		if (hi & VTD_FRCD_HI_F)
			added_(s,
			       vtd_note_add_fault(&s->w, i,
						  s->ops->read64(s->ctx, rec),
						  hi),
			       &s->r.faults);
	}
}

static void capture_roots_(struct snap *s, const u8 *root, bool sm)
{
	unsigned int bus;

	for (bus = sm ? 0
		      : next_present_(root, 0, VTD_ROOT_ENTRIES, VTD_ROOT_LO_P);
	     bus < VTD_ROOT_ENTRIES && !s->full;
	     bus = sm ? bus + 1
		      : next_present_(root, bus + 1, VTD_ROOT_ENTRIES,
				      VTD_ROOT_LO_P)) {
		u64 lo = vtd_ld_le64(root + bus * VTD_ROOT_ENTRY_SIZE);
		u64 hi = vtd_ld_le64(root + bus * VTD_ROOT_ENTRY_SIZE + 8);

		if ((lo & VTD_ROOT_LO_P) || (sm && (hi & VTD_ROOT_HI_UP)))
			added_(s, vtd_note_add_root(&s->w, (u16)bus, lo, hi),
			       &s->r.roots);
	}
}

static const u8 *map_table_(struct snap *s, u64 pa)
{
	const u8 *t = s->ops->map_page(s->ctx, pa);

	if (!t)
		flag_(s, VTD_UNIT_F_CTX_TABLE_BAD);
	return t;
}

static void capture_legacy_table_(struct snap *s, unsigned int bus, u64 table)
{
	const u8 *t = map_table_(s, table);
	unsigned int devfn;

	if (!t)
		return;
	for (devfn = next_present_(t, 0, VTD_CTX_ENTRIES, VTD_CTX_LO_P);
	     devfn < VTD_CTX_ENTRIES && !s->full;
	     devfn = next_present_(t, devfn + 1, VTD_CTX_ENTRIES,
				   VTD_CTX_LO_P)) {
		const u8 *e = t + devfn * VTD_CTX_ENTRY_SIZE;

		added_(s,
		       vtd_note_add_ctx(&s->w, (u16)bus, (u8)devfn, table,
					vtd_ld_le64(e), vtd_ld_le64(e + 8)),
		       &s->r.contexts);
	}
}

/*
 * The PASID-table entry that requests without PASID from @bus/@devfn use
 * (VT-d 9.4-9.6): RID_PASID's directory entry, then its table entry.  A
 * directory or table page outside the memory map is skipped and flagged;
 * nothing is recorded when the directory entry is not present or
 * RID_PASID lies past the directory.
 */
static void capture_rid_pasid_(struct snap *s, unsigned int bus,
			       unsigned int devfn, u64 lo, u64 hi)
{
	u32 pasid = (u32)VTD_FIELD_GET(VTD_SM_CTX_HI_RID_PASID, hi);
	u64 pde_pa =
		(lo & VTD_SM_CTX_LO_PASIDDIRPTR) + vtd_pasid_dir_offset(pasid);
	const u8 *p, *e;
	u64 pde, table, v[VTD_PASID_ENTRY_WORDS];
	unsigned int j;

	if (vtd_pasid_dir_index(pasid) >= vtd_sm_ctx_pasid_dir_entries(lo))
		return;
	p = s->ops->map_page(s->ctx, pde_pa & ~(VTD_PAGE_SIZE_4K - 1));
	if (!p) {
		flag_(s, VTD_UNIT_F_PASID_TABLE_BAD);
		return;
	}
	pde = vtd_ld_le64(p + (pde_pa & (VTD_PAGE_SIZE_4K - 1)));
	if (!(pde & VTD_PDE_P))
		return;
	table = pde & VTD_PDE_PTPTR;
	p = s->ops->map_page(s->ctx, table);
	if (!p) {
		flag_(s, VTD_UNIT_F_PASID_TABLE_BAD);
		return;
	}
	e = p + vtd_pasid_table_offset(pasid);
	for (j = 0; j < VTD_PASID_ENTRY_WORDS; j++)
		v[j] = vtd_ld_le64(e + 8 * j);
	added_(s,
	       vtd_note_add_pasid(&s->w, (u16)bus, (u8)devfn, pasid, pde, table,
				  v),
	       &s->r.pasids);
}

/*
 * One half of a scalable-mode root entry: devfn @first .. @first + 127.
 * The table's context entries form one section, the PASID-table entries
 * they lead to the next, in the same order.
 */
static void capture_sm_table_(struct snap *s, unsigned int bus,
			      unsigned int first, u64 table)
{
	const u8 *t = map_table_(s, table);
	unsigned int i, j;

	for (i = 0; t && i < VTD_SM_CTX_ENTRIES && !s->full; i++) {
		const u8 *e = t + i * VTD_SM_CTX_ENTRY_SIZE;
		u64 v[VTD_SM_CTX_WORDS];

		for (j = 0; j < VTD_SM_CTX_WORDS; j++)
			v[j] = vtd_ld_le64(e + 8 * j);
		if (v[0] & VTD_SM_CTX_LO_P)
			added_(s,
			       vtd_note_add_sm_ctx(&s->w, (u16)bus,
						   (u8)(first + i), table, v),
			       &s->r.contexts);
	}
	for (i = 0; t && i < VTD_SM_CTX_ENTRIES && !s->full; i++) {
		const u8 *e = t + i * VTD_SM_CTX_ENTRY_SIZE;
		u64 lo = vtd_ld_le64(e);

		if (lo & VTD_SM_CTX_LO_P)
			capture_rid_pasid_(s, bus, first + i, lo,
					   vtd_ld_le64(e + 8));
	}
}

static void capture_contexts_(struct snap *s, const u8 *root, bool sm)
{
	unsigned int bus;

	for (bus = 0; bus < VTD_ROOT_ENTRIES && !s->full; bus++) {
		u64 lo, hi;

		if (!sm) {
			bus = next_present_(root, bus, VTD_ROOT_ENTRIES,
					    VTD_ROOT_LO_P);
			if (bus == VTD_ROOT_ENTRIES)
				break;
		}
		lo = vtd_ld_le64(root + bus * VTD_ROOT_ENTRY_SIZE);
		hi = vtd_ld_le64(root + bus * VTD_ROOT_ENTRY_SIZE + 8);
		if (!sm) {
			capture_legacy_table_(s, bus, lo & VTD_ROOT_LO_CTP);
			continue;
		}
		if (lo & VTD_ROOT_LO_P)
			capture_sm_table_(s, bus, 0, lo & VTD_ROOT_LO_CTP);
		if (hi & VTD_ROOT_HI_UP)
			capture_sm_table_(s, bus, VTD_SM_CTX_ENTRIES,
					  hi & VTD_ROOT_HI_UCTP);
	}
}

static void capture_translation_(struct snap *s,
				 const struct vtd_note_unit_info *u)
{
	bool sm = u->mode == VTD_NOTE_MODE_SCALABLE;
	const u8 *root;

	if (u->mode != VTD_NOTE_MODE_LEGACY &&
	    !(sm && (u->ecap & VTD_ECAP_SMTS)))
		return; /* abort-DMA or reserved: no tables to walk */
	root = s->ops->map_page(s->ctx, u->rtaddr & VTD_RTADDR_RTA);
	if (!root) {
		flag_(s, VTD_UNIT_F_RTADDR_BAD);
		return;
	}
	capture_roots_(s, root, sm);
	capture_contexts_(s, root, sm);
}

static void capture_irtes_(struct snap *s, u64 irta)
{
	const u32 per_page = VTD_PAGE_SIZE_4K / VTD_IRTE_SIZE;
	u32 n = vtd_irta_entries(irta), first, i;

	for (first = 0; first < n && !s->full; first += per_page) {
		u32 cnt = n - first < per_page ? n - first : per_page;
		u64 pa = (irta & VTD_IRTA_IRTA) + (u64)first * VTD_IRTE_SIZE;
		const u8 *t = s->ops->map_page(s->ctx, pa);

		if (!t) {
			flag_(s, VTD_UNIT_F_IRTA_BAD);
			return;
		}
		for (i = next_present_(t, 0, cnt, VTD_IRTE_LO_P);
		     i < cnt && !s->full;
		     i = next_present_(t, i + 1, cnt, VTD_IRTE_LO_P)) {
			const u8 *e = t + i * VTD_IRTE_SIZE;

			added_(s,
			       vtd_note_add_irte(&s->w, first + i,
						 vtd_ld_le64(e),
						 vtd_ld_le64(e + 8)),
			       &s->r.irtes);
		}
	}
}

static void capture_unit_(struct snap *s, const struct vtd_snap_unit *unit)
{
	struct vtd_note_unit_info u;

	read_regs_(s, unit, &u);
	vtd_memset(&s->r, 0, sizeof(s->r));
	s->r.unit = unit;
	s->r.gsts = u.gsts;
	s->r.flags = u.flags;
	s->full = vtd_note_add_unit(&s->w, &u) < 0;
	if (!s->full &&
	    !(u.flags & (VTD_UNIT_F_UNREADABLE | VTD_UNIT_F_UNMAPPED))) {
		capture_faults_(s, unit, u.cap);
		if (u.gsts & VTD_GSTS_TES)
			capture_translation_(s, &u);
		if (u.gsts & VTD_GSTS_IRES)
			capture_irtes_(s, u.irta);
	}
	if (s->full)
		s->r.flags |= VTD_UNIT_F_TRUNCATED;
	if (s->ops->unit_done)
		s->ops->unit_done(s->ctx, &s->r);
}

int vtd_snapshot(const struct vtd_snap_ops *ops, void *ctx,
		 const struct vtd_snap_unit *units, unsigned int nr_units,
		 void *buf, size_t size)
{
	struct snap s;
	unsigned int i;
	int ret;

	if (!ops || !ops->read32 || !ops->read64 || !ops->map_page ||
	    !ops->tsc || (nr_units && !units))
		return -VTD_ERR_BADPARAM;
	for (i = 0; i < nr_units; i++)
		if (units[i].reg_size < VTD_REG_IRTA + 8)
			return -VTD_ERR_BADPARAM;
	/*
	 * The note is sealed with a CRC-32 over tables nothing has read
	 * since the loader ran: asked for now, they arrive while the
	 * entries are captured.
	 */
	vtd_crc32_prefetch();
	vtd_memset(&s, 0, sizeof(s));
	s.ops = ops;
	s.ctx = ctx;
	ret = vtd_note_init(&s.w, buf, size, ops->tsc(ctx));
	if (ret < 0)
		return ret;
	vtd_note_set_taker(&s.w, ops->taker);
	ret = vtd_note_reserve_units(&s.w, nr_units);
	if (ret < 0)
		return ret;
	for (i = 0; i < nr_units; i++)
		capture_unit_(&s, &units[i]);
	return vtd_note_finish(&s.w, ops->tsc(ctx));
}
