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
	struct vtd_note_unit *unit = (void *)(w->buf + w->unit_off);

	w->full = true;
	w->flags |= VTD_NOTE_F_TRUNCATED;
	if (w->unit_off)
		vtd_st_field(&unit->flags,
			     vtd_ld_field(&unit->flags) | VTD_UNIT_F_TRUNCATED);
}

static void close_unit_(struct vtd_note_writer *w)
{
	struct vtd_note_unit *unit = (void *)(w->buf + w->unit_off);

	if (w->unit_off)
		vtd_st_field(&unit->size, w->pos - w->unit_off);
	w->unit_off = 0;
	w->sec_off = 0;
}

int vtd_note_init(struct vtd_note_writer *w, void *buf, size_t size,
		  u64 tsc_start)
{
	struct vtd_note_hdr *hdr;

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
	hdr = (void *)desc_(w);
	vtd_st_field(&hdr->magic, VTD_NOTE_MAGIC);
	vtd_st_field(&hdr->major, VTD_NOTE_MAJOR);
	vtd_st_field(&hdr->minor, VTD_NOTE_MINOR);
	vtd_st_field(&hdr->hdr_size, sizeof(struct vtd_note_hdr));
	vtd_st_field(&hdr->tsc_start, tsc_start);
	return 0;
}

int vtd_note_set_taker(struct vtd_note_writer *w, u32 taker)
{
	struct vtd_note_hdr *hdr;

	if (!w || !w->buf || w->finished)
		return -VTD_ERR_BADPARAM;
	hdr = (void *)desc_(w);
	vtd_st_field(&hdr->taker, taker);
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
	struct vtd_note_unit *unit;
	bool reserved;

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

	unit = (void *)(w->buf + w->pos);
	vtd_memset(unit, 0, need);
	vtd_st_field(&unit->hdr_size, need);
	vtd_st_field(&unit->segment, u->segment);
	vtd_st_field(&unit->reg_base, u->reg_base);
	vtd_st_field(&unit->flags, u->flags);
	vtd_st_field(&unit->ver, u->ver);
	vtd_st_field(&unit->cap, u->cap);
	vtd_st_field(&unit->ecap, u->ecap);
	vtd_st_field(&unit->gsts, u->gsts);
	vtd_st_field(&unit->fsts, u->fsts);
	vtd_st_field(&unit->rtaddr, u->rtaddr);
	vtd_st_field(&unit->irta, u->irta);
	vtd_st_field(&unit->mode, u->mode);
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
	struct vtd_note_unit *unit;

	if (!w || !w->buf || !w->unit_off || w->finished)
		return -VTD_ERR_BADPARAM;
	unit = (void *)(w->buf + w->unit_off);
	vtd_st_field(&unit->flags, vtd_ld_field(&unit->flags) | flags);
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
static void *add_entry_(struct vtd_note_writer *w, u16 type, size_t size,
			int *err)
{
	struct vtd_note_sec *sec;
	bool new_sec;
	u8 *e;

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
		sec = (void *)(w->buf + w->pos);
		vtd_st_field(&sec->type, type);
		vtd_st_field(&sec->entry_size, size);
		vtd_st_field(&sec->nr_entries, 0);
		w->sec_off = w->pos;
		w->sec_type = type;
		w->pos += sizeof(struct vtd_note_sec);
	}
	sec = (void *)(w->buf + w->sec_off);
	vtd_st_field(&sec->nr_entries, vtd_ld_field(&sec->nr_entries) + 1);
	e = w->buf + w->pos;
	w->pos += size;
	*err = 0;
	return e;
}

int vtd_note_add_root(struct vtd_note_writer *w, u16 bus, u64 lo, u64 hi)
{
	struct vtd_note_root *root;
	int err;

	root = add_entry_(w, VTD_SEC_ROOT, sizeof(*root), &err);
	if (!root)
		return err;
	vtd_st_le64(root, 0);
	vtd_st_field(&root->bus, bus);
	vtd_st_field(&root->lo, lo);
	vtd_st_field(&root->hi, hi);
	return 0;
}

int vtd_note_add_ctx(struct vtd_note_writer *w, u16 bus, u8 devfn, u64 table,
		     u64 lo, u64 hi)
{
	struct vtd_note_ctx *ctx;
	int err;

	ctx = add_entry_(w, VTD_SEC_CTX, sizeof(*ctx), &err);
	if (!ctx)
		return err;
	vtd_st_le64(ctx, 0);
	vtd_st_field(&ctx->bus, bus);
	vtd_st_field(&ctx->devfn, devfn);
	vtd_st_field(&ctx->table, table);
	vtd_st_field(&ctx->lo, lo);
	vtd_st_field(&ctx->hi, hi);
	return 0;
}

int vtd_note_add_sm_ctx(struct vtd_note_writer *w, u16 bus, u8 devfn, u64 table,
			const u64 val[4])
{
	struct vtd_note_sm_ctx *sm;
	int err, i;

	if (!val)
		return -VTD_ERR_BADPARAM;
	sm = add_entry_(w, VTD_SEC_SM_CTX, sizeof(*sm), &err);
	if (!sm)
		return err;
	vtd_st_le64(sm, 0);
	vtd_st_field(&sm->bus, bus);
	vtd_st_field(&sm->devfn, devfn);
	vtd_st_field(&sm->table, table);
	for (i = 0; i < 4; i++)
		vtd_st_field(&sm->val[i], val[i]);
	return 0;
}

int vtd_note_add_pasid(struct vtd_note_writer *w, u16 bus, u8 devfn, u32 pasid,
		       u64 dir, u64 table, const u64 val[8])
{
	struct vtd_note_pasid *pe;
	int err, i;

	if (!val)
		return -VTD_ERR_BADPARAM;
	pe = add_entry_(w, VTD_SEC_PASID, sizeof(*pe), &err);
	if (!pe)
		return err;
	vtd_st_le64(pe, 0);
	vtd_st_field(&pe->bus, bus);
	vtd_st_field(&pe->devfn, devfn);
	vtd_st_field(&pe->pasid, pasid);
	vtd_st_field(&pe->dir, dir);
	vtd_st_field(&pe->table, table);
	for (i = 0; i < 8; i++)
		vtd_st_field(&pe->val[i], val[i]);
	return 0;
}

static int add_rec128_(struct vtd_note_writer *w, u16 type, u32 index, u64 lo,
		       u64 hi)
{
	struct vtd_note_rec128 *rec;
	int err;

	rec = add_entry_(w, type, sizeof(*rec), &err);
	if (!rec)
		return err;
	vtd_st_le64(rec, 0);
	vtd_st_field(&rec->index, index);
	vtd_st_field(&rec->lo, lo);
	vtd_st_field(&rec->hi, hi);
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
	struct vtd_note_hdr *hdr;
	u8 *d;
	size_t desc_len;

	if (!w || !w->buf || w->finished)
		return -VTD_ERR_BADPARAM;
	close_unit_(w);
	d = desc_(w);
	hdr = (void *)d;
	desc_len = w->pos - VTD_NOTE_DESC_OFFSET;
	if (!(w->flags & (VTD_NOTE_F_TRUNCATED | VTD_NOTE_F_UNIT_FAILED)))
		w->flags |= VTD_NOTE_F_COMPLETE;

	vtd_st_field(&hdr->payload_size,
		     desc_len - sizeof(struct vtd_note_hdr));
	vtd_st_field(&hdr->flags, w->flags);
	vtd_st_field(&hdr->nr_units, w->nr_units);
	vtd_st_field(&hdr->tsc_end, tsc_end);
	vtd_st_field(&hdr->checksum, 0);
	vtd_st_field(&hdr->checksum, vtd_note_checksum(d, desc_len));
	vtd_memset(w->buf + w->pos, 0, VTD_NOTE_TERM_SIZE);

	/* The note header goes last: until then readers see no note. */
	vtd_memcpy(w->buf + sizeof(*nh), VTD_NOTE_NAME "\0\0",
		   VTD_NOTE_NAME_FIELD);
	nh = (struct vtd_elf_nhdr *)w->buf;
	vtd_st_field(&nh->n_descsz, desc_len);
	vtd_st_field(&nh->n_type, VTD_NOTE_TYPE);
	vtd_st_field(&nh->n_namesz, VTD_NOTE_NAMESZ);
	w->finished = true;
	return (int)(w->pos + VTD_NOTE_TERM_SIZE);
}
