// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * note_wr.c - write the VT-d snapshot note into a caller's buffer.
 *
 * Runs in purgatory at crash time: no allocation, no libc, bounded work,
 * and never a byte past the buffer.  When the buffer fills, what was
 * written stays a valid note that says it is truncated.
 */
#include <kexec-vtd/note.h>

static_assert(sizeof(struct vtd_note_root) % 8 == 0, "8-aligned entries");
static_assert(sizeof(struct vtd_note_ctx) % 8 == 0, "8-aligned entries");
static_assert(sizeof(struct vtd_note_sm_ctx) % 8 == 0, "8-aligned entries");
static_assert(sizeof(struct vtd_note_pasid) % 8 == 0, "8-aligned entries");
static_assert(sizeof(struct vtd_note_rec128) % 8 == 0, "8-aligned entries");
static_assert(sizeof(struct vtd_note_unit) % 8 == 0, "8-aligned units");
static_assert(sizeof(struct vtd_note_hdr) % 8 == 0, "8-aligned header");

static u8 *desc_(struct vtd_note_writer *w)
{
	return w->buf + VTD_NOTE_DESC_OFFSET;
}

/* Bytes left for entries, keeping the terminator and reserved units. */
static size_t room_(const struct vtd_note_writer *w)
{
	size_t used = w->pos + VTD_NOTE_TERM_SIZE + w->reserve;

	return used < w->size ? w->size - used : 0;
}

static void mark_full_(struct vtd_note_writer *w)
{
	u8 *u = w->buf + w->unit_off;

	w->full = true;
	w->flags |= VTD_NOTE_F_TRUNCATED;
	if (w->unit_off)
		VTD_ST(u, struct vtd_note_unit, flags,
		       VTD_LD(u, struct vtd_note_unit, flags) |
			       VTD_UNIT_F_TRUNCATED);
}

static void close_unit_(struct vtd_note_writer *w)
{
	if (w->unit_off)
		VTD_ST(w->buf + w->unit_off, struct vtd_note_unit, size,
		       w->pos - w->unit_off);
	w->unit_off = 0;
	w->sec_off = 0;
}

int vtd_note_init(struct vtd_note_writer *w, void *buf, size_t size,
		  u64 tsc_start)
{
	u8 *d;

	if (!w || !buf || size > VTD_NOTE_AREA_MAX)
		return -VTD_ERR_BADPARAM;
	if (size < VTD_NOTE_MIN_AREA)
		return -VTD_ERR_NOSPACE;

	vtd_memset(w, 0, sizeof(*w));
	w->buf = buf;
	w->size = size;
	w->pos = VTD_NOTE_DESC_OFFSET + sizeof(struct vtd_note_hdr);

	/* An empty note header: "no note" until vtd_note_finish(). */
	vtd_memset(buf, 0, w->pos);
	d = desc_(w);
	VTD_ST(d, struct vtd_note_hdr, magic, VTD_NOTE_MAGIC);
	VTD_ST(d, struct vtd_note_hdr, major, VTD_NOTE_MAJOR);
	VTD_ST(d, struct vtd_note_hdr, minor, VTD_NOTE_MINOR);
	VTD_ST(d, struct vtd_note_hdr, hdr_size, sizeof(struct vtd_note_hdr));
	VTD_ST(d, struct vtd_note_hdr, tsc_start, tsc_start);
	return 0;
}

int vtd_note_reserve_units(struct vtd_note_writer *w, u32 nr)
{
	size_t want = (size_t)nr * sizeof(struct vtd_note_unit);

	if (!w || !w->buf || w->finished)
		return -VTD_ERR_BADPARAM;
	if (want > w->size || w->size - want < w->pos + VTD_NOTE_TERM_SIZE)
		return -VTD_ERR_NOSPACE;
	w->reserve = want;
	return 0;
}

int vtd_note_add_unit(struct vtd_note_writer *w,
		      const struct vtd_note_unit_info *u)
{
	const size_t need = sizeof(struct vtd_note_unit);
	bool reserved;
	u8 *p;

	if (!w || !w->buf || !u || w->finished)
		return -VTD_ERR_BADPARAM;
	close_unit_(w);
	/*
	 * A reserved unit header fits even after entries filled the buffer:
	 * that is what the reservation is for.
	 */
	reserved = w->reserve >= need;
	if (reserved)
		w->reserve -= need;
	else
		w->reserve = 0;
	if ((w->full && !reserved) || room_(w) < need) {
		mark_full_(w);
		return -VTD_ERR_NOSPACE;
	}

	p = w->buf + w->pos;
	vtd_memset(p, 0, need);
	VTD_ST(p, struct vtd_note_unit, hdr_size, need);
	VTD_ST(p, struct vtd_note_unit, segment, u->segment);
	VTD_ST(p, struct vtd_note_unit, reg_base, u->reg_base);
	VTD_ST(p, struct vtd_note_unit, flags, u->flags);
	VTD_ST(p, struct vtd_note_unit, ver, u->ver);
	VTD_ST(p, struct vtd_note_unit, cap, u->cap);
	VTD_ST(p, struct vtd_note_unit, ecap, u->ecap);
	VTD_ST(p, struct vtd_note_unit, gsts, u->gsts);
	VTD_ST(p, struct vtd_note_unit, fsts, u->fsts);
	VTD_ST(p, struct vtd_note_unit, rtaddr, u->rtaddr);
	VTD_ST(p, struct vtd_note_unit, irta, u->irta);
	VTD_ST(p, struct vtd_note_unit, mode, u->mode);
	if (u->flags & VTD_UNIT_F_FAILED_MASK)
		w->flags |= VTD_NOTE_F_UNIT_FAILED;
	if (u->flags & VTD_UNIT_F_TRUNCATED)
		w->flags |= VTD_NOTE_F_TRUNCATED;

	w->unit_off = w->pos;
	w->pos += need;
	w->nr_units++;
	return 0;
}

int vtd_note_set_unit_flags(struct vtd_note_writer *w, u32 flags)
{
	u8 *u;

	if (!w || !w->buf || !w->unit_off || w->finished)
		return -VTD_ERR_BADPARAM;
	u = w->buf + w->unit_off;
	VTD_ST(u, struct vtd_note_unit, flags,
	       VTD_LD(u, struct vtd_note_unit, flags) | flags);
	if (flags & VTD_UNIT_F_FAILED_MASK)
		w->flags |= VTD_NOTE_F_UNIT_FAILED;
	if (flags & VTD_UNIT_F_TRUNCATED)
		w->flags |= VTD_NOTE_F_TRUNCATED;
	return 0;
}

/*
 * Room for one entry of @type in the open unit: opens a section when the
 * type changes.  Returns the entry or NULL with *err set.  Every entry
 * type keeps its reserved bytes in its first eight, which each adder
 * zeroes with one store (a zeroing loop here becomes a memset call per
 * entry, a fifth of the crash-time snapshot's cost).
 */
static u8 *add_entry_(struct vtd_note_writer *w, u16 type, size_t size,
		      int *err)
{
	bool new_sec;
	u8 *sec, *e;

	*err = -VTD_ERR_BADPARAM;
	if (!w || !w->buf || w->finished)
		return NULL;
	if (!w->unit_off) {
		if (w->full)
			*err = -VTD_ERR_NOSPACE;
		return NULL;
	}
	new_sec = !w->sec_off || w->sec_type != type;
	if (w->full ||
	    room_(w) < size + (new_sec ? sizeof(struct vtd_note_sec) : 0)) {
		mark_full_(w);
		*err = -VTD_ERR_NOSPACE;
		return NULL;
	}
	if (new_sec) {
		sec = w->buf + w->pos;
		VTD_ST(sec, struct vtd_note_sec, type, type);
		VTD_ST(sec, struct vtd_note_sec, entry_size, size);
		VTD_ST(sec, struct vtd_note_sec, nr_entries, 0);
		w->sec_off = w->pos;
		w->sec_type = type;
		w->pos += sizeof(struct vtd_note_sec);
	}
	sec = w->buf + w->sec_off;
	VTD_ST(sec, struct vtd_note_sec, nr_entries,
	       VTD_LD(sec, struct vtd_note_sec, nr_entries) + 1);
	e = w->buf + w->pos;
	w->pos += size;
	*err = 0;
	return e;
}

int vtd_note_add_root(struct vtd_note_writer *w, u16 bus, u64 lo, u64 hi)
{
	int err;
	u8 *e = add_entry_(w, VTD_SEC_ROOT, sizeof(struct vtd_note_root), &err);

	if (!e)
		return err;
	vtd_st_le64(e, 0);
	VTD_ST(e, struct vtd_note_root, bus, bus);
	VTD_ST(e, struct vtd_note_root, lo, lo);
	VTD_ST(e, struct vtd_note_root, hi, hi);
	return 0;
}

int vtd_note_add_ctx(struct vtd_note_writer *w, u16 bus, u8 devfn, u64 table,
		     u64 lo, u64 hi)
{
	int err;
	u8 *e = add_entry_(w, VTD_SEC_CTX, sizeof(struct vtd_note_ctx), &err);

	if (!e)
		return err;
	vtd_st_le64(e, 0);
	VTD_ST(e, struct vtd_note_ctx, bus, bus);
	VTD_ST(e, struct vtd_note_ctx, devfn, devfn);
	VTD_ST(e, struct vtd_note_ctx, table, table);
	VTD_ST(e, struct vtd_note_ctx, lo, lo);
	VTD_ST(e, struct vtd_note_ctx, hi, hi);
	return 0;
}

int vtd_note_add_sm_ctx(struct vtd_note_writer *w, u16 bus, u8 devfn, u64 table,
			const u64 val[4])
{
	const size_t val_off = offsetof(struct vtd_note_sm_ctx, val);
	int err, i;
	u8 *e;

	if (!val)
		return -VTD_ERR_BADPARAM;
	e = add_entry_(w, VTD_SEC_SM_CTX, sizeof(struct vtd_note_sm_ctx), &err);
	if (!e)
		return err;
	vtd_st_le64(e, 0);
	VTD_ST(e, struct vtd_note_sm_ctx, bus, bus);
	VTD_ST(e, struct vtd_note_sm_ctx, devfn, devfn);
	VTD_ST(e, struct vtd_note_sm_ctx, table, table);
	for (i = 0; i < 4; i++)
		vtd_st_le64(e + val_off + 8 * i, val[i]);
	return 0;
}

int vtd_note_add_pasid(struct vtd_note_writer *w, u16 bus, u8 devfn, u32 pasid,
		       u64 dir, u64 table, const u64 val[8])
{
	const size_t val_off = offsetof(struct vtd_note_pasid, val);
	int err, i;
	u8 *e;

	if (!val)
		return -VTD_ERR_BADPARAM;
	e = add_entry_(w, VTD_SEC_PASID, sizeof(struct vtd_note_pasid), &err);
	if (!e)
		return err;
	vtd_st_le64(e, 0);
	VTD_ST(e, struct vtd_note_pasid, bus, bus);
	VTD_ST(e, struct vtd_note_pasid, devfn, devfn);
	VTD_ST(e, struct vtd_note_pasid, pasid, pasid);
	VTD_ST(e, struct vtd_note_pasid, dir, dir);
	VTD_ST(e, struct vtd_note_pasid, table, table);
	for (i = 0; i < 8; i++)
		vtd_st_le64(e + val_off + 8 * i, val[i]);
	return 0;
}

static int add_rec128_(struct vtd_note_writer *w, u16 type, u32 index, u64 lo,
		       u64 hi)
{
	int err;
	u8 *e = add_entry_(w, type, sizeof(struct vtd_note_rec128), &err);

	if (!e)
		return err;
	vtd_st_le64(e, 0);
	VTD_ST(e, struct vtd_note_rec128, index, index);
	VTD_ST(e, struct vtd_note_rec128, lo, lo);
	VTD_ST(e, struct vtd_note_rec128, hi, hi);
	return 0;
}

int vtd_note_add_irte(struct vtd_note_writer *w, u32 index, u64 lo, u64 hi)
{
	return add_rec128_(w, VTD_SEC_IRTE, index, lo, hi);
}

int vtd_note_add_fault(struct vtd_note_writer *w, u32 index, u64 lo, u64 hi)
{
	return add_rec128_(w, VTD_SEC_FAULT, index, lo, hi);
}

int vtd_note_add_entry(struct vtd_note_writer *w,
		       const struct vtd_note_entry *e)
{
	if (!e)
		return -VTD_ERR_BADPARAM;
	switch (e->type) {
	case VTD_SEC_ROOT:
		return vtd_note_add_root(w, e->bus, e->val[0], e->val[1]);
	case VTD_SEC_CTX:
		return vtd_note_add_ctx(w, e->bus, e->devfn, e->table,
					e->val[0], e->val[1]);
	case VTD_SEC_SM_CTX:
		return vtd_note_add_sm_ctx(w, e->bus, e->devfn, e->table,
					   e->val);
	case VTD_SEC_PASID:
		return vtd_note_add_pasid(w, e->bus, e->devfn, e->index, e->dir,
					  e->table, e->val);
	case VTD_SEC_IRTE:
		return vtd_note_add_irte(w, e->index, e->val[0], e->val[1]);
	case VTD_SEC_FAULT:
		return vtd_note_add_fault(w, e->index, e->val[0], e->val[1]);
	default:
		return -VTD_ERR_BADPARAM;
	}
}

int vtd_note_finish(struct vtd_note_writer *w, u64 tsc_end)
{
	struct vtd_elf_nhdr *nh;
	u8 *d;
	size_t desc_len;

	if (!w || !w->buf || w->finished)
		return -VTD_ERR_BADPARAM;
	close_unit_(w);
	d = desc_(w);
	desc_len = w->pos - VTD_NOTE_DESC_OFFSET;
	if (!(w->flags & (VTD_NOTE_F_TRUNCATED | VTD_NOTE_F_UNIT_FAILED)))
		w->flags |= VTD_NOTE_F_COMPLETE;

	VTD_ST(d, struct vtd_note_hdr, payload_size,
	       desc_len - sizeof(struct vtd_note_hdr));
	VTD_ST(d, struct vtd_note_hdr, flags, w->flags);
	VTD_ST(d, struct vtd_note_hdr, nr_units, w->nr_units);
	VTD_ST(d, struct vtd_note_hdr, tsc_end, tsc_end);
	VTD_ST(d, struct vtd_note_hdr, checksum, 0);
	VTD_ST(d, struct vtd_note_hdr, checksum,
	       vtd_note_checksum(d, desc_len));
	vtd_memset(w->buf + w->pos, 0, VTD_NOTE_TERM_SIZE);

	/* The note header goes last: until then readers see no note. */
	vtd_memcpy(w->buf + sizeof(*nh), VTD_NOTE_NAME "\0\0",
		   VTD_NOTE_NAME_FIELD);
	nh = (struct vtd_elf_nhdr *)w->buf;
	VTD_ST(nh, struct vtd_elf_nhdr, n_descsz, desc_len);
	VTD_ST(nh, struct vtd_elf_nhdr, n_type, VTD_NOTE_TYPE);
	VTD_ST(nh, struct vtd_elf_nhdr, n_namesz, VTD_NOTE_NAMESZ);
	w->finished = true;
	return (int)(w->pos + VTD_NOTE_TERM_SIZE);
}
