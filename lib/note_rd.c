// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * note_rd.c - find and check the VT-d snapshot note, then read it.
 *
 * The note comes from a crashed machine: every length and count is checked
 * against the bytes that remain before anything is read through it.
 * vtd_note_open() judges the whole descriptor once; the iterators keep
 * their own bounds checks so a bad offset can never make them overrun.
 */
#include <kexec-vtd/note.h>

#include "internal.h"

int vtd_note_find(const void *area, size_t len, const void **desc,
		  size_t *desc_len, size_t *bad_off)
{
	struct vtd_elfnote rec;
	const u8 *found = NULL;
	size_t found_len = 0;
	int ret;

	if (!area || !desc || !desc_len)
		return -VTD_ERR_BADPARAM;
	/* Every record is checked, also those after ours. */
	for (rec.end = 0;
	     (ret = vtd_elfnote_next(area, len, rec.end, &rec, bad_off)) > 0;) {
		if (found || !vtd_elfnote_is(&rec, VTD_NOTE_NAME,
					     VTD_NOTE_NAMESZ, VTD_NOTE_TYPE))
			continue;
		if (!vtd_elfnote_name_padded(&rec) || rec.descsz % 8) {
			vtd_set_bad_off_(bad_off, rec.off);
			return -VTD_ERR_BADLAYOUT;
		}
		found = rec.desc;
		found_len = rec.descsz;
	}
	if (ret < 0)
		return ret;
	if (!found)
		return -VTD_ERR_NOTFOUND;
	*desc = found;
	*desc_len = found_len;
	return 0;
}

/* Minimum entry size of each section type this reader knows. */
static size_t sec_entry_min_(u16 type)
{
	switch (type) {
	case VTD_SEC_ROOT:
		return sizeof(struct vtd_note_root);
	case VTD_SEC_CTX:
		return sizeof(struct vtd_note_ctx);
	case VTD_SEC_SM_CTX:
		return sizeof(struct vtd_note_sm_ctx);
	case VTD_SEC_PASID:
		return sizeof(struct vtd_note_pasid);
	case VTD_SEC_IRTE:
	case VTD_SEC_FAULT:
		return sizeof(struct vtd_note_rec128);
	default:
		return 0; /* unknown: skipped by size */
	}
}

/* Check the sections filling [off, end) of one unit. */
static int check_sections_(const u8 *d, size_t off, size_t end, size_t *bad_off)
{
	const size_t sh = sizeof(struct vtd_note_sec);

	while (off < end) {
		const struct vtd_note_sec *sec = (const void *)(d + off);
		u16 type, esize;
		u64 data;

		if (end - off < sh) {
			vtd_set_bad_off_(bad_off, off);
			return -VTD_ERR_TRUNCATED;
		}
		type = (u16)vtd_ld_field(&sec->type);
		esize = (u16)vtd_ld_field(&sec->entry_size);
		data = (u64)esize * vtd_ld_field(&sec->nr_entries);
		if (esize < 8 || esize % 8 || esize < sec_entry_min_(type)) {
			vtd_set_bad_off_(bad_off,
					 off + offsetof(struct vtd_note_sec,
							entry_size));
			return -VTD_ERR_BADLEN;
		}
		if (data > end - off - sh) {
			vtd_set_bad_off_(bad_off,
					 off + offsetof(struct vtd_note_sec,
							nr_entries));
			return -VTD_ERR_TRUNCATED;
		}
		off += sh + (size_t)data;
	}
	return 0;
}

/* Check one unit record at @off; on success *size is its size. */
static int check_unit_(const u8 *d, size_t off, size_t len, size_t *size,
		       size_t *bad_off)
{
	const size_t min = sizeof(struct vtd_note_unit);
	const struct vtd_note_unit *unit = (const void *)(d + off);
	size_t usize, uhdr;

	if (len - off < offsetof(struct vtd_note_unit, reg_base)) {
		vtd_set_bad_off_(bad_off, off);
		return -VTD_ERR_TRUNCATED;
	}
	usize = vtd_ld_field(&unit->size);
	uhdr = vtd_ld_field(&unit->hdr_size);
	if (usize < min || usize % 8) {
		vtd_set_bad_off_(bad_off, off);
		return -VTD_ERR_BADLEN;
	}
	if (usize > len - off) {
		vtd_set_bad_off_(bad_off, off);
		return -VTD_ERR_TRUNCATED;
	}
	if (uhdr < min || uhdr % 8 || uhdr > usize) {
		vtd_set_bad_off_(bad_off, off + offsetof(struct vtd_note_unit,
							 hdr_size));
		return -VTD_ERR_BADLEN;
	}
	*size = usize;
	return check_sections_(d, off + uhdr, off + usize, bad_off);
}

/* Check the fixed header; on success *hdr_size is its size. */
static int check_hdr_(const u8 *d, size_t len, size_t *hdr_size,
		      size_t *bad_off)
{
	const size_t min = sizeof(struct vtd_note_hdr);
	const struct vtd_note_hdr *hdr = (const void *)d;
	size_t hsize, payload;

	if (len < min) {
		vtd_set_bad_off_(bad_off, len);
		return -VTD_ERR_TRUNCATED;
	}
	if (vtd_ld_field(&hdr->magic) != VTD_NOTE_MAGIC) {
		vtd_set_bad_off_(bad_off, offsetof(struct vtd_note_hdr, magic));
		return -VTD_ERR_BADMAGIC;
	}
	if (vtd_ld_field(&hdr->major) != VTD_NOTE_MAJOR) {
		vtd_set_bad_off_(bad_off, offsetof(struct vtd_note_hdr, major));
		return -VTD_ERR_BADVERSION;
	}
	hsize = vtd_ld_field(&hdr->hdr_size);
	if (hsize < min || hsize % 8 || hsize > len) {
		vtd_set_bad_off_(bad_off,
				 offsetof(struct vtd_note_hdr, hdr_size));
		return -VTD_ERR_BADLEN;
	}
	payload = vtd_ld_field(&hdr->payload_size);
	if (payload != len - hsize || len > VTD_NOTE_AREA_MAX) {
		vtd_set_bad_off_(bad_off,
				 offsetof(struct vtd_note_hdr, payload_size));
		return payload > len - hsize ? -VTD_ERR_TRUNCATED
					     : -VTD_ERR_BADLEN;
	}
	*hdr_size = hsize;
	return 0;
}

int vtd_note_open(struct vtd_note *n, const void *desc, size_t len,
		  size_t *bad_off)
{
	const struct vtd_note_hdr *hdr = desc;
	const u8 *d = desc;
	size_t off, usize = 0, hsize = 0;
	u32 i, nr_units;
	int ret;

	if (!n || !desc)
		return -VTD_ERR_BADPARAM;
	vtd_memset(n, 0, sizeof(*n));

	ret = check_hdr_(d, len, &hsize, bad_off);
	if (ret < 0)
		return ret;
	if (vtd_note_checksum(d, len) != vtd_ld_field(&hdr->checksum)) {
		vtd_set_bad_off_(bad_off,
				 offsetof(struct vtd_note_hdr, checksum));
		return -VTD_ERR_BADCSUM;
	}

	nr_units = (u32)vtd_ld_field(&hdr->nr_units);
	off = hsize;
	for (i = 0; i < nr_units; i++) {
		ret = check_unit_(d, off, len, &usize, bad_off);
		if (ret < 0)
			return ret;
		off += usize;
	}
	if (off != len) {
		vtd_set_bad_off_(bad_off, off);
		return -VTD_ERR_BADLAYOUT;
	}

	n->desc = d;
	n->len = len;
	n->hdr_size = (u32)hsize;
	return 0;
}

void vtd_note_get_info(const struct vtd_note *n, struct vtd_note_info *info)
{
	const struct vtd_note_hdr *hdr = (const void *)n->desc;

	info->major = (u16)vtd_ld_field(&hdr->major);
	info->minor = (u16)vtd_ld_field(&hdr->minor);
	info->hdr_size = (u32)vtd_ld_field(&hdr->hdr_size);
	info->payload_size = (u32)vtd_ld_field(&hdr->payload_size);
	info->flags = (u32)vtd_ld_field(&hdr->flags);
	info->nr_units = (u32)vtd_ld_field(&hdr->nr_units);
	info->tsc_start = vtd_ld_field(&hdr->tsc_start);
	info->tsc_end = vtd_ld_field(&hdr->tsc_end);
	info->checksum = (u32)vtd_ld_field(&hdr->checksum);
	info->taker = (u32)vtd_ld_field(&hdr->taker);
}

/* Size of the unit record at @off, or 0 when none fits there. */
static size_t unit_at_(const struct vtd_note *n, size_t off)
{
	const struct vtd_note_unit *unit = (const void *)(n->desc + off);
	size_t usize;

	if (off < n->hdr_size || off > n->len ||
	    n->len - off < sizeof(struct vtd_note_unit))
		return 0;
	usize = vtd_ld_field(&unit->size);
	if (usize < sizeof(struct vtd_note_unit) || usize > n->len - off)
		return 0;
	return usize;
}

int vtd_note_first_unit(const struct vtd_note *n)
{
	if (!unit_at_(n, n->hdr_size))
		return -VTD_ERR_NOTFOUND;
	return (int)n->hdr_size;
}

int vtd_note_next_unit(const struct vtd_note *n, int off)
{
	size_t usize;

	if (off < 0)
		return -VTD_ERR_NOTFOUND;
	usize = unit_at_(n, (size_t)off);
	if (!usize || !unit_at_(n, (size_t)off + usize))
		return -VTD_ERR_NOTFOUND;
	return off + (int)usize;
}

void vtd_note_get_unit(const struct vtd_note *n, int off,
		       struct vtd_note_unit_info *u)
{
	const struct vtd_note_unit *unit;

	vtd_memset(u, 0, sizeof(*u));
	if (off < 0 || !unit_at_(n, (size_t)off))
		return;
	unit = (const void *)(n->desc + off);
	u->reg_base = vtd_ld_field(&unit->reg_base);
	u->segment = (u16)vtd_ld_field(&unit->segment);
	u->mode = (u8)vtd_ld_field(&unit->mode);
	u->flags = (u32)vtd_ld_field(&unit->flags);
	u->ver = (u32)vtd_ld_field(&unit->ver);
	u->gsts = (u32)vtd_ld_field(&unit->gsts);
	u->fsts = (u32)vtd_ld_field(&unit->fsts);
	u->cap = vtd_ld_field(&unit->cap);
	u->ecap = vtd_ld_field(&unit->ecap);
	u->rtaddr = vtd_ld_field(&unit->rtaddr);
	u->irta = vtd_ld_field(&unit->irta);
}

int vtd_note_find_unit(const struct vtd_note *n, u64 reg_base,
		       struct vtd_note_unit_info *u)
{
	int off;

	for (off = vtd_note_first_unit(n); off >= 0;
	     off = vtd_note_next_unit(n, off)) {
		vtd_note_get_unit(n, off, u);
		if (u->reg_base == reg_base)
			return off;
	}
	vtd_memset(u, 0, sizeof(*u));
	return -VTD_ERR_NOTFOUND;
}

void vtd_note_cursor_init(const struct vtd_note *n, int unit_off,
			  struct vtd_note_cursor *c)
{
	size_t usize = unit_off < 0 ? 0 : unit_at_(n, (size_t)unit_off);
	const struct vtd_note_unit *unit;

	c->sec = 0;
	c->end = 0;
	c->i = 0;
	c->esize = 0;
	if (!usize)
		return;
	unit = (const void *)(n->desc + unit_off);
	c->sec = (size_t)unit_off + vtd_ld_field(&unit->hdr_size);
	c->end = (size_t)unit_off + usize;
}

/* The words of @e->val from @from on (past what the record fills), 0. */
static VTD_ALWAYS_INLINE void zero_words_(struct vtd_note_entry *e,
					  size_t from)
{
	vtd_memset(e->val + from, 0,
		   (VTD_NOTE_ENTRY_WORDS - from) * sizeof(e->val[0]));
}

/*
 * Every field of @e, each stored once (an entry is decoded on every
 * pass, #21 10): what the type carries from the record, zero the rest.
 */
static void decode_entry_(const u8 *p, u16 type, struct vtd_note_entry *e)
{
	const struct vtd_note_root *root = (const void *)p;
	const struct vtd_note_ctx *ctx = (const void *)p;
	const struct vtd_note_sm_ctx *sm = (const void *)p;
	const struct vtd_note_pasid *pasid = (const void *)p;
	const struct vtd_note_rec128 *rec = (const void *)p;

	e->type = type;
	switch (type) {
	case VTD_SEC_ROOT:
		e->bus = (u16)vtd_ld_field(&root->bus);
		e->devfn = 0;
		e->index = 0;
		e->table = 0;
		e->dir = 0;
		e->val[0] = vtd_ld_field(&root->lo);
		e->val[1] = vtd_ld_field(&root->hi);
		zero_words_(e, 2);
		break;
	case VTD_SEC_CTX:
		e->bus = (u16)vtd_ld_field(&ctx->bus);
		e->devfn = (u8)vtd_ld_field(&ctx->devfn);
		e->index = 0;
		e->table = vtd_ld_field(&ctx->table);
		e->dir = 0;
		e->val[0] = vtd_ld_field(&ctx->lo);
		e->val[1] = vtd_ld_field(&ctx->hi);
		zero_words_(e, 2);
		break;
	case VTD_SEC_SM_CTX:
		e->bus = (u16)vtd_ld_field(&sm->bus);
		e->devfn = (u8)vtd_ld_field(&sm->devfn);
		e->index = 0;
		e->table = vtd_ld_field(&sm->table);
		e->dir = 0;
		vtd_ld_le64_words(e->val, sm->val, VTD_ARRAY_SIZE(sm->val));
		zero_words_(e, VTD_ARRAY_SIZE(sm->val));
		break;
	case VTD_SEC_PASID:
		e->bus = (u16)vtd_ld_field(&pasid->bus);
		e->devfn = (u8)vtd_ld_field(&pasid->devfn);
		e->index = (u32)vtd_ld_field(&pasid->pasid);
		e->table = vtd_ld_field(&pasid->table);
		e->dir = vtd_ld_field(&pasid->dir);
		vtd_ld_le64_words(e->val, pasid->val,
				  VTD_ARRAY_SIZE(pasid->val));
		break;
	default: /* VTD_SEC_IRTE, VTD_SEC_FAULT */
		e->bus = 0;
		e->devfn = 0;
		e->index = (u32)vtd_ld_field(&rec->index);
		e->table = 0;
		e->dir = 0;
		e->val[0] = vtd_ld_field(&rec->lo);
		e->val[1] = vtd_ld_field(&rec->hi);
		zero_words_(e, 2);
		break;
	}
}

bool vtd_note_next_entry(const struct vtd_note *n, struct vtd_note_cursor *c,
			 struct vtd_note_entry *e)
{
	return vtd_note_next_of(n, c, ~0u, e);
}

bool vtd_note_next_of(const struct vtd_note *n, struct vtd_note_cursor *c,
		      u32 types, struct vtd_note_entry *e)
{
	const size_t sh = sizeof(struct vtd_note_sec);

	for (;;) {
		/* A section's header is read once, when the cursor enters it. */
		if (!c->esize) {
			const struct vtd_note_sec *sec;
			size_t min;

			if (c->sec >= c->end || c->end - c->sec < sh)
				break;
			sec = (const void *)(n->desc + c->sec);
			c->type = (u16)vtd_ld_field(&sec->type);
			c->esize = (u32)vtd_ld_field(&sec->entry_size);
			c->nr = vtd_ld_field(&sec->nr_entries);
			if (!c->esize ||
			    c->nr > (c->end - c->sec - sh) / c->esize)
				break; /* open() rejects this; stay in bounds */
			min = sec_entry_min_(c->type);
			c->known = c->type < 32 && min && c->esize >= min;
		}
		if (c->i < c->nr && c->known && (types & (1u << c->type))) {
			decode_entry_(n->desc + c->sec + sh +
					      (size_t)c->i * c->esize,
				      c->type, e);
			c->i++;
			return true;
		}
		c->sec += sh + (size_t)c->nr * c->esize;
		c->i = 0;
		c->esize = 0;
	}
	c->sec = c->end;
	c->esize = 0;
	return false;
}
