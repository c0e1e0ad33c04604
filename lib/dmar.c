// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dmar.c - ACPI DMAR table parser.
 *
 * vtd_dmar_init() is the one place that judges a table; the iterators
 * re-check their own bounds so that a caller who skipped init, or passed
 * an offset of its own, still cannot make them read past the table.
 */
#include <kexec-vtd/dmar.h>

#include "internal.h"

#define VTD_DMAR_SIGNATURE "DMAR"
#define VTD_DMAR_MAX_LEN 0x7fffffff /* offsets are ints */

/* Size of the fixed part of a structure type; what precedes its scopes. */
static size_t struct_fixed_size_(u16 type)
{
	switch (type) {
	case VTD_DMAR_DRHD:
		return sizeof(struct vtd_dmar_drhd);
	case VTD_DMAR_RMRR:
		return sizeof(struct vtd_dmar_rmrr);
	case VTD_DMAR_ATSR:
	case VTD_DMAR_SATC:
		return sizeof(struct vtd_dmar_atsr);
	case VTD_DMAR_RHSA:
		return sizeof(struct vtd_dmar_rhsa);
	case VTD_DMAR_ANDD:
		return sizeof(struct vtd_dmar_andd);
	default:
		return sizeof(struct vtd_dmar_struct_hdr);
	}
}

static bool struct_has_scopes_(u16 type)
{
	return type == VTD_DMAR_DRHD || type == VTD_DMAR_RMRR ||
	       type == VTD_DMAR_ATSR || type == VTD_DMAR_SATC;
}

static u16 struct_type_(const u8 *tbl, size_t off)
{
	const struct vtd_dmar_struct_hdr *sh = (const void *)(tbl + off);

	return (u16)vtd_ld_field(&sh->type);
}

static u16 struct_len_(const u8 *tbl, size_t off)
{
	const struct vtd_dmar_struct_hdr *sh = (const void *)(tbl + off);

	return (u16)vtd_ld_field(&sh->length);
}

/* Check the device scopes that fill [off, end) of one structure. */
static int check_scopes_(const u8 *tbl, size_t off, size_t end, size_t *bad_off)
{
	const size_t hdr = sizeof(struct vtd_dmar_scope_hdr);

	while (off < end) {
		size_t len_off =
			off + offsetof(struct vtd_dmar_scope_hdr, length);
		size_t slen;

		if (end - off <= offsetof(struct vtd_dmar_scope_hdr, length)) {
			vtd_set_bad_off_(bad_off, off);
			return -VTD_ERR_TRUNCATED;
		}
		slen = tbl[len_off];
		if (slen < hdr || (slen - hdr) % VTD_SCOPE_HOP_SIZE) {
			vtd_set_bad_off_(bad_off, len_off);
			return -VTD_ERR_BADLEN;
		}
		if (slen > end - off) {
			vtd_set_bad_off_(bad_off, len_off);
			return -VTD_ERR_TRUNCATED;
		}
		off += slen;
	}
	return 0;
}

/* Check the remapping structures that fill [off, end) of the table. */
static int check_structs_(const u8 *tbl, size_t off, size_t end,
			  size_t *bad_off)
{
	while (off < end) {
		size_t len_off =
			off + offsetof(struct vtd_dmar_struct_hdr, length);
		size_t fixed, slen;
		u16 type;
		int ret;

		if (end - off < sizeof(struct vtd_dmar_struct_hdr)) {
			vtd_set_bad_off_(bad_off, off);
			return -VTD_ERR_TRUNCATED;
		}
		type = struct_type_(tbl, off);
		slen = struct_len_(tbl, off);
		fixed = struct_fixed_size_(type);
		if (slen < fixed) {
			vtd_set_bad_off_(bad_off, len_off);
			return -VTD_ERR_BADLEN;
		}
		if (slen > end - off) {
			vtd_set_bad_off_(bad_off, len_off);
			return -VTD_ERR_TRUNCATED;
		}
		if (struct_has_scopes_(type)) {
			ret = check_scopes_(tbl, off + fixed, off + slen,
					    bad_off);
			if (ret < 0)
				return ret;
		}
		off += slen;
	}
	return 0;
}

int vtd_dmar_init(struct vtd_dmar *d, const void *buf, size_t len,
		  size_t *bad_off)
{
	const u8 *tbl = buf;
	size_t tlen;
	int ret;

	if (!d || !buf)
		return -VTD_ERR_BADPARAM;
	d->tbl = NULL;
	d->len = 0;

	if (len < sizeof(((struct vtd_acpi_hdr *)0)->signature)) {
		vtd_set_bad_off_(bad_off, len);
		return -VTD_ERR_TRUNCATED;
	}
	if (vtd_memcmp(tbl, VTD_DMAR_SIGNATURE, 4) != 0) {
		vtd_set_bad_off_(bad_off, 0);
		return -VTD_ERR_BADMAGIC;
	}
	if (len < sizeof(struct vtd_dmar_hdr)) {
		vtd_set_bad_off_(bad_off, len);
		return -VTD_ERR_TRUNCATED;
	}
	tlen = vtd_ld_field(&((const struct vtd_acpi_hdr *)buf)->length);
	if (tlen < sizeof(struct vtd_dmar_hdr) || tlen > VTD_DMAR_MAX_LEN) {
		vtd_set_bad_off_(bad_off,
				 offsetof(struct vtd_acpi_hdr, length));
		return -VTD_ERR_BADLEN;
	}
	if (tlen > len) {
		vtd_set_bad_off_(bad_off,
				 offsetof(struct vtd_acpi_hdr, length));
		return -VTD_ERR_TRUNCATED;
	}
	ret = check_structs_(tbl, sizeof(struct vtd_dmar_hdr), tlen, bad_off);
	if (ret < 0)
		return ret;
	d->tbl = tbl;
	d->len = tlen;
	return 0;
}

bool vtd_dmar_checksum_ok(const struct vtd_dmar *d)
{
	u8 sum = 0;
	size_t i;

	for (i = 0; i < d->len; i++)
		sum = (u8)(sum + d->tbl[i]);
	return sum == 0;
}

unsigned int vtd_dmar_host_address_width(const struct vtd_dmar *d)
{
	const size_t off = offsetof(struct vtd_dmar_hdr, host_addr_width);

	return d->tbl[off] + 1u;
}

u8 vtd_dmar_flags(const struct vtd_dmar *d)
{
	return d->tbl[offsetof(struct vtd_dmar_hdr, flags)];
}

u8 vtd_dmar_revision(const struct vtd_dmar *d)
{
	return d->tbl[offsetof(struct vtd_acpi_hdr, revision)];
}

/* Is there a whole structure at @off?  Returns its length or 0. */
static size_t struct_at_(const struct vtd_dmar *d, size_t off)
{
	size_t slen;

	if (off < sizeof(struct vtd_dmar_hdr) || off > d->len ||
	    d->len - off < sizeof(struct vtd_dmar_struct_hdr))
		return 0;
	slen = struct_len_(d->tbl, off);
	if (slen < sizeof(struct vtd_dmar_struct_hdr) || slen > d->len - off)
		return 0;
	return slen;
}

int vtd_dmar_first_struct(const struct vtd_dmar *d)
{
	if (!struct_at_(d, sizeof(struct vtd_dmar_hdr)))
		return -VTD_ERR_NOTFOUND;
	return (int)sizeof(struct vtd_dmar_hdr);
}

int vtd_dmar_next_struct(const struct vtd_dmar *d, int off)
{
	size_t slen;

	if (off < 0)
		return -VTD_ERR_NOTFOUND;
	slen = struct_at_(d, (size_t)off);
	if (!slen || !struct_at_(d, (size_t)off + slen))
		return -VTD_ERR_NOTFOUND;
	return off + (int)slen;
}

int vtd_dmar_get_struct(const struct vtd_dmar *d, int off,
			struct vtd_dmar_struct *s)
{
	const struct vtd_dmar_drhd *drhd;
	const struct vtd_dmar_rmrr *rmrr;
	const struct vtd_dmar_atsr *atsr;
	const struct vtd_dmar_rhsa *rhsa;
	const struct vtd_dmar_andd *andd;
	const u8 *p;
	size_t slen;

	if (off < 0 || !s)
		return -VTD_ERR_BADPARAM;
	slen = struct_at_(d, (size_t)off);
	if (!slen)
		return -VTD_ERR_BADPARAM;
	p = d->tbl + off;
	drhd = (const void *)p;
	rmrr = (const void *)p;
	atsr = (const void *)p;
	rhsa = (const void *)p;
	andd = (const void *)p;
	vtd_memset(s, 0, sizeof(*s));
	s->type = struct_type_(d->tbl, (size_t)off);
	s->length = (u16)slen;
	if (slen < struct_fixed_size_(s->type))
		return -VTD_ERR_BADPARAM;
	s->has_scopes = struct_has_scopes_(s->type);

	switch (s->type) {
	case VTD_DMAR_DRHD:
		s->flags = (u8)vtd_ld_field(&drhd->flags);
		s->size = (u8)vtd_ld_field(&drhd->size);
		s->segment = (u16)vtd_ld_field(&drhd->segment);
		s->address = vtd_ld_field(&drhd->register_base);
		break;
	case VTD_DMAR_RMRR:
		s->segment = (u16)vtd_ld_field(&rmrr->segment);
		s->address = vtd_ld_field(&rmrr->base);
		s->limit = vtd_ld_field(&rmrr->limit);
		break;
	case VTD_DMAR_ATSR:
	case VTD_DMAR_SATC:
		s->flags = (u8)vtd_ld_field(&atsr->flags);
		s->segment = (u16)vtd_ld_field(&atsr->segment);
		break;
	case VTD_DMAR_RHSA:
		s->address = vtd_ld_field(&rhsa->register_base);
		s->proximity_domain =
			(u32)vtd_ld_field(&rhsa->proximity_domain);
		break;
	case VTD_DMAR_ANDD:
		s->device_number = (u8)vtd_ld_field(&andd->device_number);
		s->name = p + sizeof(struct vtd_dmar_andd);
		s->name_len = slen - sizeof(struct vtd_dmar_andd);
		/* The name is NUL-terminated when firmware is kind. */
		for (size_t i = 0; i < s->name_len; i++) {
			if (!s->name[i]) {
				s->name_len = i;
				break;
			}
		}
		break;
	default:
		break;
	}
	return 0;
}

/* The scope area [*start, *end) of the structure at @st, if it has one. */
static bool scope_area_(const struct vtd_dmar *d, int st, size_t *start,
			size_t *end)
{
	size_t slen;
	u16 type;

	if (st < 0)
		return false;
	slen = struct_at_(d, (size_t)st);
	if (!slen)
		return false;
	type = struct_type_(d->tbl, (size_t)st);
	if (!struct_has_scopes_(type) || slen < struct_fixed_size_(type))
		return false;
	*start = (size_t)st + struct_fixed_size_(type);
	*end = (size_t)st + slen;
	return true;
}

/* Is there a whole scope at @off below @end?  Returns its length or 0. */
static size_t scope_at_(const struct vtd_dmar *d, size_t off, size_t end)
{
	size_t slen;

	if (off > end || end - off < sizeof(struct vtd_dmar_scope_hdr))
		return 0;
	slen = d->tbl[off + offsetof(struct vtd_dmar_scope_hdr, length)];
	if (slen < sizeof(struct vtd_dmar_scope_hdr) || slen > end - off)
		return 0;
	return slen;
}

int vtd_dmar_first_scope(const struct vtd_dmar *d, int st)
{
	size_t start, end;

	if (!scope_area_(d, st, &start, &end) || !scope_at_(d, start, end))
		return -VTD_ERR_NOTFOUND;
	return (int)start;
}

int vtd_dmar_next_scope(const struct vtd_dmar *d, int st, int off)
{
	size_t start, end, slen;

	if (off < 0 || !scope_area_(d, st, &start, &end) || (size_t)off < start)
		return -VTD_ERR_NOTFOUND;
	slen = scope_at_(d, (size_t)off, end);
	if (!slen || !scope_at_(d, (size_t)off + slen, end))
		return -VTD_ERR_NOTFOUND;
	return off + (int)slen;
}

int vtd_dmar_get_scope(const struct vtd_dmar *d, int off,
		       struct vtd_dmar_scope *sc)
{
	const u8 *p;
	size_t slen;

	if (off < 0 || !sc)
		return -VTD_ERR_BADPARAM;
	slen = scope_at_(d, (size_t)off, d->len);
	if (!slen)
		return -VTD_ERR_BADPARAM;
	p = d->tbl + off;
	sc->type = p[offsetof(struct vtd_dmar_scope_hdr, type)];
	sc->length = (u8)slen;
	sc->flags = p[offsetof(struct vtd_dmar_scope_hdr, flags)];
	sc->enumeration_id =
		p[offsetof(struct vtd_dmar_scope_hdr, enumeration_id)];
	sc->start_bus = p[offsetof(struct vtd_dmar_scope_hdr, start_bus)];
	sc->path = p + sizeof(struct vtd_dmar_scope_hdr);
	sc->nr_hops = (unsigned int)(slen - sizeof(struct vtd_dmar_scope_hdr)) /
		      VTD_SCOPE_HOP_SIZE;
	return 0;
}
