// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * walk.c - the crashed machine's DMA-remapping tables read back out of a
 * dump (walk.h): a device's entries, one IOVA's translation, and every
 * mapping of a device.
 *
 * The formats are the VT-d specification's: root entries (9.1 legacy,
 * 9.2 scalable), context entries (9.3, 9.4), the PASID directory and
 * table (9.5, 9.6), first-stage (9.7) and second-stage (9.8) paging
 * entries.  Only what decides where a request goes is checked: an entry
 * with reserved bits the hardware would have refused is read as it is,
 * since the reader's question is what the tables said.
 */
#include <kexec-vtd/err.h>
#include <kexec-vtd/vtd-hw.h>
#include <kexec-vtd/walk.h>

#define PAGE_BITS VTD_PAGE_SHIFT_4K
#define PAGE VTD_PAGE_SIZE_4K
#define PA_LIMIT_DEFAULT (UINT64_C(1) << 52) /* the entries' 51:12 */

static u64 mem_limit(const struct vtd_mem *m)
{
	return m->limit ? m->limit : PA_LIMIT_DEFAULT;
}

static void set_stop(struct vtd_walk_stop *s, unsigned int why,
		     unsigned int what, unsigned int level, u64 at, u64 entry)
{
	s->why = (u8)why;
	s->what = (u8)what;
	s->level = (u8)level;
	s->at = at;
	s->entry = entry;
}

/*
 * Read @len bytes of a table at @pa whose page must lie in memory: 0, or
 * the reason it cannot be read.
 */
static unsigned int read_table(const struct vtd_mem *m, u64 pa, void *buf,
			       size_t len)
{
	if (pa >= mem_limit(m) || len > mem_limit(m) - pa)
		return VTD_WALK_OUT_OF_RANGE;
	if (m->read(m->ctx, pa, buf, len) < 0)
		return VTD_WALK_UNREADABLE;
	return VTD_WALK_OK;
}

static void block(struct vtd_dev *d, unsigned int why, unsigned int what,
		  u64 at, u64 entry)
{
	d->type = VTD_DEV_BLOCKED;
	set_stop(&d->stop, why, what, 0, at, entry);
}

/* AW (9.3, 9.6) to levels: 1, 2, 3 are 3, 4 and 5 levels; the rest none. */
static bool aw_levels(unsigned int aw, struct vtd_dev *d)
{
	if (aw < VTD_AW_39BIT || aw > VTD_AW_57BIT)
		return false;
	d->levels = (u8)vtd_aw_levels(aw);
	d->aw = (u8)vtd_aw_bits(aw);
	return true;
}

void vtd_dev_from_ctx(struct vtd_dev *d, u64 lo, u64 hi)
{
	d->sm = false;
	d->ctx[0] = lo;
	d->ctx[1] = hi;
	d->fpd = lo & VTD_CTX_LO_FPD;
	d->did = (u16)VTD_FIELD_GET(VTD_CTX_HI_DID, hi);
	d->tt = (u8)VTD_FIELD_GET(VTD_CTX_LO_TT, lo);
	d->stop.why = VTD_WALK_OK;
	if (!(lo & VTD_CTX_LO_P))
		return block(d, VTD_WALK_NOT_PRESENT, VTD_WALK_AT_CTX,
			     d->ctx_pa, lo);
	switch (d->tt) {
	case VTD_TT_PASSTHROUGH:
		d->type = VTD_DEV_PASS_THROUGH;
		return;
	case VTD_TT_UNTRANSLATED:
	case VTD_TT_ALL:
		break;
	default:
		return block(d, VTD_WALK_BAD_ENTRY, VTD_WALK_AT_CTX, d->ctx_pa,
			     lo);
	}
	if (!aw_levels((unsigned int)VTD_FIELD_GET(VTD_CTX_HI_AW, hi), d))
		return block(d, VTD_WALK_BAD_ENTRY, VTD_WALK_AT_CTX, d->ctx_pa,
			     lo);
	d->type = VTD_DEV_SECOND_STAGE;
	d->table = lo & VTD_CTX_LO_SLPTPTR;
}

/* The PASID-table entry of the RID_PASID, decoded (9.6). */
static void from_pasid_entry(struct vtd_dev *d, const u64 *pe)
{
	unsigned int fspm;

	vtd_memcpy(d->pasid, pe, sizeof(d->pasid));
	if (!(pe[0] & VTD_PASID_LO_P))
		return block(d, VTD_WALK_NOT_PRESENT, VTD_WALK_AT_PASID,
			     d->pasid_pa, pe[0]);
	d->fpd = pe[0] & VTD_PASID_LO_FPD;
	d->did = (u16)VTD_FIELD_GET(VTD_PASID_HI_DID, pe[1]);
	d->tt = (u8)VTD_FIELD_GET(VTD_PASID_LO_PGTT, pe[0]);
	switch (d->tt) {
	case VTD_PGTT_PT:
		d->type = VTD_DEV_PASS_THROUGH;
		return;
	case VTD_PGTT_FS:
		fspm = (unsigned int)VTD_FIELD_GET(VTD_PASID_W2_FSPM, pe[2]);
		if (fspm > VTD_FSPM_5LEVEL)
			return block(d, VTD_WALK_BAD_ENTRY, VTD_WALK_AT_PASID,
				     d->pasid_pa, pe[0]);
		d->type = VTD_DEV_FIRST_STAGE;
		d->levels = (u8)vtd_fspm_levels(fspm);
		d->aw = (u8)(PAGE_BITS + VTD_SLPT_LEVEL_STRIDE * d->levels);
		d->table = pe[2] & VTD_PASID_W2_FSPTPTR;
		return;
	case VTD_PGTT_SS:
	case VTD_PGTT_NESTED:
		if (!aw_levels(
			    (unsigned int)VTD_FIELD_GET(VTD_PASID_LO_AW, pe[0]),
			    d))
			return block(d, VTD_WALK_BAD_ENTRY, VTD_WALK_AT_PASID,
				     d->pasid_pa, pe[0]);
		d->table = pe[0] & VTD_PASID_LO_SSPTPTR;
		if (d->tt == VTD_PGTT_SS) {
			d->type = VTD_DEV_SECOND_STAGE;
			return;
		}
		d->type = VTD_DEV_NESTED;
		d->fs_table = pe[2] & VTD_PASID_W2_FSPTPTR;
		return;
	default:
		return block(d, VTD_WALK_BAD_ENTRY, VTD_WALK_AT_PASID,
			     d->pasid_pa, pe[0]);
	}
}

void vtd_dev_from_sm(const struct vtd_mem *m, struct vtd_dev *d,
		     const u64 ctx[4], const u64 *pasid)
{
	u64 dir, pde_pa, table, pe[VTD_PASID_ENTRY_WORDS];
	u32 dir_entries;
	unsigned int why;

	d->sm = true;
	vtd_memcpy(d->ctx, ctx, sizeof(d->ctx));
	d->stop.why = VTD_WALK_OK;
	d->rid_pasid = (u32)VTD_FIELD_GET(VTD_SM_CTX_HI_RID_PASID, ctx[1]);
	d->fpd = ctx[0] & VTD_SM_CTX_LO_FPD;
	if (!(ctx[0] & VTD_SM_CTX_LO_P))
		return block(d, VTD_WALK_NOT_PRESENT, VTD_WALK_AT_CTX,
			     d->ctx_pa, ctx[0]);
	if (pasid)
		return from_pasid_entry(d, pasid);

	dir = ctx[0] & VTD_SM_CTX_LO_PASIDDIRPTR;
	dir_entries = vtd_sm_ctx_pasid_dir_entries(ctx[0]);
	if (vtd_pasid_dir_index(d->rid_pasid) >= dir_entries)
		return block(d, VTD_WALK_BAD_ENTRY, VTD_WALK_AT_CTX, d->ctx_pa,
			     ctx[0]);
	pde_pa = dir + vtd_pasid_dir_offset(d->rid_pasid);
	d->pde_pa = pde_pa;
	why = read_table(m, pde_pa, &d->pde, sizeof(d->pde));
	if (why)
		return block(d, why, VTD_WALK_AT_PASID_DIR, pde_pa, 0);
	if (!(d->pde & VTD_PDE_P))
		return block(d, VTD_WALK_NOT_PRESENT, VTD_WALK_AT_PASID_DIR,
			     pde_pa, d->pde);
	table = d->pde & VTD_PDE_PTPTR;
	d->pasid_pa = table + vtd_pasid_table_offset(d->rid_pasid);
	why = read_table(m, d->pasid_pa, pe, sizeof(pe));
	if (why)
		return block(d, why, VTD_WALK_AT_PASID, d->pasid_pa, 0);
	from_pasid_entry(d, pe);
}

int vtd_dev_resolve(const struct vtd_mem *m, u64 rtaddr, u16 bus, u8 devfn,
		    struct vtd_dev *d)
{
	unsigned int ttm = (unsigned int)VTD_FIELD_GET(VTD_RTADDR_TTM, rtaddr);
	u64 ctp, ctx[VTD_SM_CTX_WORDS] = { 0 };
	unsigned int why;
	bool upper;

	if (!m || !m->read || !d || bus >= VTD_ROOT_ENTRIES)
		return -VTD_ERR_BADPARAM;
	vtd_memset(d, 0, sizeof(*d));
	d->bus = bus;
	d->devfn = devfn;
	d->root_pa = (rtaddr & VTD_RTADDR_RTA) + (u64)bus * VTD_ROOT_ENTRY_SIZE;
	if (ttm != VTD_TTM_LEGACY && ttm != VTD_TTM_SCALABLE) {
		/* Abort-DMA mode or a reserved TTM: nothing goes through. */
		block(d, VTD_WALK_BAD_ENTRY, VTD_WALK_AT_ROOT, d->root_pa, 0);
		return 0;
	}
	d->sm = ttm == VTD_TTM_SCALABLE;
	why = read_table(m, d->root_pa, d->root, sizeof(d->root));
	if (why) {
		block(d, why, VTD_WALK_AT_ROOT, d->root_pa, 0);
		return 0;
	}
	/* Scalable: the lower half serves devfn 0-127, the upper the rest. */
	upper = d->sm && vtd_sm_devfn_upper(devfn);
	if (!(d->root[upper] & VTD_ROOT_LO_P)) {
		block(d, VTD_WALK_NOT_PRESENT, VTD_WALK_AT_ROOT, d->root_pa,
		      d->root[upper]);
		return 0;
	}
	ctp = d->root[upper] & VTD_ROOT_LO_CTP;
	if (d->sm) {
		d->ctx_pa = ctp + vtd_sm_ctx_offset(devfn);
		why = read_table(m, d->ctx_pa, ctx, VTD_SM_CTX_ENTRY_SIZE);
	} else {
		d->ctx_pa = ctp + (u64)devfn * VTD_CTX_ENTRY_SIZE;
		why = read_table(m, d->ctx_pa, ctx, VTD_CTX_ENTRY_SIZE);
	}
	if (why) {
		block(d, why, VTD_WALK_AT_CTX, d->ctx_pa, 0);
		return 0;
	}
	if (d->sm)
		vtd_dev_from_sm(m, d, ctx, NULL);
	else
		vtd_dev_from_ctx(d, ctx[0], ctx[1]);
	return 0;
}

/* --- the paging structures (9.7, 9.8) --- */

static bool first_stage(const struct vtd_dev *d)
{
	return d->type == VTD_DEV_FIRST_STAGE;
}

static unsigned int level_shift(unsigned int level)
{
	return PAGE_BITS + VTD_SLPT_LEVEL_STRIDE * (level - 1);
}

/* A second-stage entry with R and W clear is not present (9.8). */
static bool pte_present(const struct vtd_dev *d, u64 e)
{
	if (first_stage(d))
		return e & VTD_FSPTE_P;
	return e & (VTD_SLPTE_R | VTD_SLPTE_W);
}

static bool pte_writable(const struct vtd_dev *d, u64 e)
{
	return first_stage(d) ? e & VTD_FSPTE_RW : e & VTD_SLPTE_W;
}

static bool pte_readable(const struct vtd_dev *d, u64 e)
{
	/* A present first-stage entry allows reads (9.7). */
	return first_stage(d) ? true : e & VTD_SLPTE_R;
}

/*
 * Is @e, present at @level, a leaf?  1: yes; 0: a table; -1: a page size
 * the format has no room for (PS above the 1 GiB level).  PS sits at bit
 * 7 in both formats.
 */
static int pte_leaf(u64 e, unsigned int level)
{
	if (level == 1)
		return 1;
	if (!(e & VTD_SLPTE_PS))
		return 0;
	return level <= 3 ? 1 : -1;
}

/*
 * The input address range: second stage, below 2^AW; first stage,
 * canonical for its 48 or 57 bits (9.7: bits 63:N copies of bit N-1).
 */
static bool iova_ok(const struct vtd_dev *d, u64 iova)
{
	u64 top = iova >> (d->aw - 1);

	if (!first_stage(d))
		return !(iova >> d->aw);
	return top == 0 || top == (~UINT64_C(0) >> (d->aw - 1));
}

static bool on_path(const u64 *tables, unsigned int n, u64 table)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (tables[i] == table)
			return true;
	return false;
}

int vtd_translate(const struct vtd_mem *m, const struct vtd_dev *d, u64 iova,
		  struct vtd_xlate *x)
{
	u64 tables[VTD_WALK_MAX_LEVELS], table;
	unsigned int level, why;
	bool r = true, w = true;

	if (!m || !m->read || !d || !x)
		return -VTD_ERR_BADPARAM;
	vtd_memset(x, 0, sizeof(*x));
	x->iova = iova;
	switch (d->type) {
	case VTD_DEV_BLOCKED:
		x->stop = d->stop;
		return -VTD_ERR_NOTFOUND;
	case VTD_DEV_PASS_THROUGH:
		x->pa = iova;
		x->read = x->write = true;
		return 0;
	case VTD_DEV_NESTED:
		set_stop(&x->stop, VTD_WALK_NESTED, VTD_WALK_AT_PASID, 0,
			 d->pasid_pa, d->pasid[0]);
		return -VTD_ERR_NOTFOUND;
	}
	if (d->levels < 3 || d->levels > VTD_WALK_MAX_LEVELS ||
	    !iova_ok(d, iova)) {
		set_stop(&x->stop, VTD_WALK_BEYOND_AW, VTD_WALK_AT_IOVA, 0,
			 iova, 0);
		return -VTD_ERR_NOTFOUND;
	}
	table = d->table;
	for (level = d->levels; level >= 1; level--) {
		struct vtd_walk_step *s = &x->step[x->nr_steps];
		unsigned int idx = (unsigned int)(iova >> level_shift(level)) &
				   (VTD_WALK_TABLE_ENTRIES - 1);
		int leaf;

		s->level = (u8)level;
		s->table = table;
		s->entry_pa = table + (u64)idx * sizeof(u64);
		if (on_path(tables, x->nr_steps, table)) {
			set_stop(&x->stop, VTD_WALK_LOOP,
				 VTD_WALK_AT_PAGE_TABLE, level, s->entry_pa, 0);
			return -VTD_ERR_NOTFOUND;
		}
		tables[x->nr_steps] = table;
		why = read_table(m, s->entry_pa, &s->entry, sizeof(s->entry));
		if (why) {
			set_stop(&x->stop, why, VTD_WALK_AT_PAGE_TABLE, level,
				 s->entry_pa, 0);
			return -VTD_ERR_NOTFOUND;
		}
		x->nr_steps++;
		if (!pte_present(d, s->entry)) {
			set_stop(&x->stop, VTD_WALK_NOT_PRESENT,
				 VTD_WALK_AT_PAGE_TABLE, level, s->entry_pa,
				 s->entry);
			return -VTD_ERR_NOTFOUND;
		}
		r = r && pte_readable(d, s->entry);
		w = w && pte_writable(d, s->entry);
		leaf = pte_leaf(s->entry, level);
		if (leaf < 0) {
			set_stop(&x->stop, VTD_WALK_BAD_ENTRY,
				 VTD_WALK_AT_PAGE_TABLE, level, s->entry_pa,
				 s->entry);
			return -VTD_ERR_NOTFOUND;
		}
		if (leaf) {
			x->size = UINT64_C(1) << level_shift(level);
			x->pa = (s->entry & VTD_SLPTE_ADDR & ~(x->size - 1)) |
				(iova & (x->size - 1));
			x->read = r;
			x->write = w;
			return 0;
		}
		table = s->entry & VTD_SLPTE_ADDR;
	}
	return -VTD_ERR_INTERNAL; /* level 1 is always a leaf */
}

/* --- the enumeration --- */

struct enum_walk {
	const struct vtd_mem *m;
	const struct vtd_dev *d;
	const struct vtd_walk_ops *ops;
	struct vtd_walk_scratch *s;
	struct vtd_walk_stats st;
	u32 budget;
	u64 tables[VTD_WALK_MAX_LEVELS];
	struct vtd_map_run pend;
	bool have_pend;
	int ret; /* nonzero: stop */
};

static void flush(struct enum_walk *ew)
{
	if (!ew->have_pend || ew->ret)
		return;
	ew->have_pend = false;
	if (ew->ops->run)
		ew->ret = ew->ops->run(ew->ops->arg, &ew->pend);
}

static void leaf_run(struct enum_walk *ew, u64 iova, u64 pa, u64 size, bool r,
		     bool w)
{
	struct vtd_map_run *p = &ew->pend;

	ew->st.leaves++;
	if (ew->have_pend && p->iova + p->size == iova &&
	    p->pa + p->size == pa && p->read == r && p->write == w) {
		p->size += size;
		return;
	}
	flush(ew);
	p->iova = iova;
	p->pa = pa;
	p->size = size;
	p->read = r;
	p->write = w;
	p->every_address = false;
	ew->have_pend = true;
}

static void report(struct enum_walk *ew, u64 iova, unsigned int why,
		   unsigned int level, u64 at, u64 entry)
{
	struct vtd_walk_stop s;

	flush(ew);
	ew->st.stopped++;
	set_stop(&s, why, VTD_WALK_AT_PAGE_TABLE, level, at, entry);
	if (ew->ops->stop)
		ew->ops->stop(ew->ops->arg, iova, &s);
}

/* The first-stage top table's upper half maps the negative addresses. */
static u64 sign_extend(const struct enum_walk *ew, u64 iova)
{
	if (first_stage(ew->d) && (iova >> (ew->d->aw - 1)))
		iova |= ~UINT64_C(0) << ew->d->aw;
	return iova;
}

static void walk_table(struct enum_walk *ew, u64 table, unsigned int level,
		       u64 base, bool r, bool w)
{
	unsigned int depth = ew->d->levels - level, idx, why;
	u64 *e = ew->s->e[depth];

	if (on_path(ew->tables, depth, table))
		return report(ew, base, VTD_WALK_LOOP, level, table, 0);
	if (ew->st.pages >= ew->budget) {
		report(ew, base, VTD_WALK_BUDGET, level, table, 0);
		ew->ret = -VTD_ERR_NOSPACE;
		return;
	}
	ew->st.pages++;
	why = read_table(ew->m, table, e, PAGE);
	if (why)
		return report(ew, base, why, level, table, 0);
	ew->tables[depth] = table;
	for (idx = 0; idx < VTD_WALK_TABLE_ENTRIES && !ew->ret; idx++) {
		u64 iova = sign_extend(ew,
				       base + ((u64)idx << level_shift(level)));
		u64 entry_pa = table + (u64)idx * sizeof(u64);
		u64 x = e[idx];
		bool er, ew_;
		int leaf;

		if (!pte_present(ew->d, x))
			continue;
		er = r && pte_readable(ew->d, x);
		ew_ = w && pte_writable(ew->d, x);
		leaf = pte_leaf(x, level);
		if (leaf < 0) {
			report(ew, iova, VTD_WALK_BAD_ENTRY, level, entry_pa,
			       x);
		} else if (leaf) {
			u64 size = UINT64_C(1) << level_shift(level);

			leaf_run(ew, iova, x & VTD_SLPTE_ADDR & ~(size - 1),
				 size, er, ew_);
		} else {
			walk_table(ew, x & VTD_SLPTE_ADDR, level - 1, iova, er,
				   ew_);
		}
	}
}

int vtd_walk_maps(const struct vtd_mem *m, const struct vtd_dev *d,
		  const struct vtd_walk_ops *ops, struct vtd_walk_scratch *s,
		  struct vtd_walk_stats *st)
{
	struct enum_walk ew = {
		.m = m,
		.d = d,
		.ops = ops,
		.s = s,
	};

	if (!m || !m->read || !d || !ops || !s)
		return -VTD_ERR_BADPARAM;
	ew.budget = ops->budget ? ops->budget : VTD_WALK_DEFAULT_BUDGET;
	switch (d->type) {
	case VTD_DEV_PASS_THROUGH:
		ew.pend.read = ew.pend.write = true;
		ew.pend.every_address = true;
		ew.have_pend = true;
		flush(&ew);
		break;
	case VTD_DEV_NESTED:
		ew.st.stopped++;
		if (ops->stop) {
			struct vtd_walk_stop stop;

			set_stop(&stop, VTD_WALK_NESTED, VTD_WALK_AT_PASID, 0,
				 d->pasid_pa, d->pasid[0]);
			ops->stop(ops->arg, 0, &stop);
		}
		break;
	case VTD_DEV_SECOND_STAGE:
	case VTD_DEV_FIRST_STAGE:
		if (d->levels < 3 || d->levels > VTD_WALK_MAX_LEVELS)
			return -VTD_ERR_BADPARAM;
		walk_table(&ew, d->table, d->levels, 0, true, true);
		flush(&ew);
		break;
	}
	if (st)
		*st = ew.st;
	return ew.ret;
}

const char *vtd_walk_why_str(unsigned int why)
{
	static const char *const names[VTD_WALK_WHY_MAX] = {
		[VTD_WALK_OK] = "mapped",
		[VTD_WALK_UNREADABLE] = "not in the dump",
		[VTD_WALK_NOT_PRESENT] = "not present",
		[VTD_WALK_BAD_ENTRY] = "an entry the format forbids",
		[VTD_WALK_OUT_OF_RANGE] = "a pointer past the machine's memory",
		[VTD_WALK_LOOP] = "a loop: a table points at one above it",
		[VTD_WALK_BEYOND_AW] = "beyond the address width",
		[VTD_WALK_BUDGET] = "the walk's budget of table pages ran out",
		[VTD_WALK_NESTED] = "nested translation, not walked",
	};

	return why < VTD_WALK_WHY_MAX ? names[why] : "unknown";
}

const char *vtd_walk_what_str(unsigned int what)
{
	static const char *const names[] = {
		[VTD_WALK_AT_NONE] = "nothing",
		[VTD_WALK_AT_ROOT] = "root entry",
		[VTD_WALK_AT_CTX] = "context entry",
		[VTD_WALK_AT_PASID_DIR] = "PASID-directory entry",
		[VTD_WALK_AT_PASID] = "PASID-table entry",
		[VTD_WALK_AT_PAGE_TABLE] = "paging entry",
		[VTD_WALK_AT_IOVA] = "IOVA",
	};

	return what < sizeof(names) / sizeof(names[0]) ? names[what]
						       : "unknown";
}

const char *vtd_dev_type_str(unsigned int type)
{
	static const char *const names[] = {
		[VTD_DEV_BLOCKED] = "blocked",
		[VTD_DEV_SECOND_STAGE] = "second-stage",
		[VTD_DEV_FIRST_STAGE] = "first-stage",
		[VTD_DEV_NESTED] = "nested",
		[VTD_DEV_PASS_THROUGH] = "pass-through",
	};

	return type < sizeof(names) / sizeof(names[0]) ? names[type]
						       : "unknown";
}
