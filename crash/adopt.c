// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * adopt.c - find the note through the elfcorehdr and judge each unit
 * against the live hardware (the safety gate of the adoption).
 *
 * The elfcorehdr is the loader's, but it sits in memory the crashed
 * kernel could have scribbled on: every count and size is bounded before
 * use, and the note itself passes vtd_note_open() (sizes and checksum).
 */
#include <kexec-vtd/vtd-hw.h>

#include "adopt.h"

/* ELF64 (System V gABI): the few fields the walk needs. */
#define ELF_MAGIC "\177ELF"
#define ELF_CLASS64 2
#define ELF_DATA_LSB 1
#define ELF_EHDR_SIZE 64
#define ELF_OFF_CLASS 4
#define ELF_OFF_DATA 5
#define ELF_OFF_PHOFF 0x20
#define ELF_OFF_PHENTSIZE 0x36
#define ELF_OFF_PHNUM 0x38
#define ELF_PHDR_SIZE 56
#define ELF_PH_TYPE 0
#define ELF_PH_OFFSET 8
#define ELF_PH_FILESZ 32
#define ELF_PT_NOTE 4
#define VTD_CRASH_MAX_PHDRS 4096 /* CPUs plus RAM ranges, generously */

static int read_ehdr_(const struct vtd_crash_ops *ops, void *ctx, uint64_t hdr,
		      uint64_t *phoff, uint32_t *phnum)
{
	uint8_t e[ELF_EHDR_SIZE];

	if (ops->read_phys(ctx, hdr, e, sizeof(e)) < 0)
		return -VTD_ERR_ACCESS;
	if (vtd_memcmp(e, ELF_MAGIC, 4) || e[ELF_OFF_CLASS] != ELF_CLASS64 ||
	    e[ELF_OFF_DATA] != ELF_DATA_LSB)
		return -VTD_ERR_BADMAGIC;
	if (vtd_ld_le16(e + ELF_OFF_PHENTSIZE) != ELF_PHDR_SIZE)
		return -VTD_ERR_BADLEN;
	*phoff = vtd_ld_le64(e + ELF_OFF_PHOFF);
	*phnum = vtd_ld_le16(e + ELF_OFF_PHNUM);
	if (*phnum > VTD_CRASH_MAX_PHDRS || *phoff > UINT32_MAX)
		return -VTD_ERR_BADLAYOUT;
	return 0;
}

int vtd_crash_find_note(const struct vtd_crash_ops *ops, void *ctx,
			uint64_t elfcorehdr, void *buf, size_t size,
			struct vtd_note *n)
{
	uint64_t phoff;
	uint32_t i, phnum;
	int ret;

	if (!ops || !ops->read_phys || !buf || !n)
		return -VTD_ERR_BADPARAM;
	ret = read_ehdr_(ops, ctx, elfcorehdr, &phoff, &phnum);
	if (ret < 0)
		return ret;
	for (i = 0; i < phnum; i++) {
		uint8_t ph[ELF_PHDR_SIZE];
		const void *desc;
		size_t desc_len;
		uint64_t off, len;

		if (ops->read_phys(ctx, elfcorehdr + phoff + i * ELF_PHDR_SIZE,
				   ph, sizeof(ph)) < 0)
			return -VTD_ERR_ACCESS;
		if (vtd_ld_le32(ph + ELF_PH_TYPE) != ELF_PT_NOTE)
			continue;
		off = vtd_ld_le64(ph + ELF_PH_OFFSET);
		len = vtd_ld_le64(ph + ELF_PH_FILESZ);
		/* CPU and VMCOREINFO notes are small; ours is one area. */
		if (!len || len > size || len > VTD_NOTE_AREA_MAX)
			continue;
		if (ops->read_phys(ctx, off, buf, (size_t)len) < 0)
			return -VTD_ERR_ACCESS;
		ret = vtd_note_find(buf, (size_t)len, &desc, &desc_len, NULL);
		if (ret == -VTD_ERR_NOTFOUND || ret == -VTD_ERR_TRUNCATED)
			continue; /* someone else's notes */
		if (ret < 0)
			return ret;
		return vtd_note_open(n, desc, desc_len, NULL);
	}
	return -VTD_ERR_NOTFOUND;
}

static int unit_record_(const struct vtd_note *n, uint64_t reg_base,
			struct vtd_note_unit_info *u)
{
	int off;

	vtd_note_for_each_unit(n, off) {
		vtd_note_get_unit(n, off, u);
		if (u->reg_base == reg_base)
			return off;
	}
	return -VTD_ERR_NOTFOUND;
}

/*
 * Would this unit accept the legacy context entry (VT-d spec 9.3)?  The
 * note's entries become live state under the old root table, so one the
 * crashed kernel could not have left there (reserved bits set, a
 * translation type or address width the unit does not support, a domain
 * id past CAP.ND: a scribbled note that still passed its checksum, or a
 * bug) must not.
 */
static bool ctx_entry_usable_(const struct vtd_note_unit_info *u, uint64_t lo,
			      uint64_t hi)
{
	unsigned int tt = (unsigned int)VTD_FIELD_GET(VTD_CTX_LO_TT, lo);
	unsigned int aw = (unsigned int)VTD_FIELD_GET(VTD_CTX_HI_AW, hi);

	if ((lo & VTD_CTX_LO_RSVD) || (hi & VTD_CTX_HI_RSVD))
		return false;
	switch (tt) {
	case VTD_TT_UNTRANSLATED:
		break;
	case VTD_TT_ALL:
		if (!(u->ecap & VTD_ECAP_DT))
			return false;
		break;
	case VTD_TT_PASSTHROUGH:
		if (!(u->ecap & VTD_ECAP_PT))
			return false;
		break;
	default:
		return false;
	}
	if (tt != VTD_TT_PASSTHROUGH &&
	    !(VTD_FIELD_GET(VTD_CAP_SAGAW, u->cap) & (1u << aw)))
		return false;
	return VTD_FIELD_GET(VTD_CTX_HI_DID, hi) < vtd_cap_ndoms(u->cap);
}

/* Every root and context entry of the unit's record, checked. */
static bool entries_usable_(const struct vtd_note *n, int off,
			    const struct vtd_note_unit_info *u)
{
	struct vtd_note_cursor c;
	struct vtd_note_entry e;

	vtd_note_cursor_init(n, off, &c);
	while (vtd_note_next_entry(n, &c, &e)) {
		if (e.type == VTD_SEC_ROOT &&
		    ((e.val[0] & VTD_ROOT_LO_RSVD) || e.val[1]))
			return false;
		if (e.type == VTD_SEC_CTX &&
		    !ctx_entry_usable_(u, e.val[0], e.val[1]))
			return false;
	}
	return true;
}

enum vtd_verdict vtd_crash_check(const struct vtd_note *n,
				 const struct vtd_crash_ops *ops, void *ctx,
				 uint64_t reg_base, unsigned int parts)
{
	bool dma = parts & VTD_PART_DMA, ir = parts & VTD_PART_IR;
	struct vtd_note_unit_info u;
	struct vtd_note_info info;
	uint32_t gsts;
	int off = unit_record_(n, reg_base, &u);

	if (off < 0)
		return VTD_FALLBACK_NOT_IN_NOTE;
	vtd_note_get_info(n, &info);
	/*
	 * Fail closed: any unit flag, known or from a later minor version,
	 * and any note flag but COMPLETE mean the capture is not one to
	 * build on (docs/note-format.md, Versioning).
	 */
	if (u.flags || info.flags != VTD_NOTE_F_COMPLETE)
		return VTD_FALLBACK_CAPTURE_FAILED;
	if (ops->read32(ctx, reg_base + VTD_REG_VER) != u.ver ||
	    ops->read64(ctx, reg_base + VTD_REG_CAP) != u.cap ||
	    ops->read64(ctx, reg_base + VTD_REG_ECAP) != u.ecap)
		return VTD_FALLBACK_REGISTERS;
	gsts = ops->read32(ctx, reg_base + VTD_REG_GSTS);
	if (dma && (gsts ^ u.gsts) & VTD_GSTS_TES)
		return VTD_FALLBACK_TES;
	if (ir && (gsts ^ u.gsts) & VTD_GSTS_IRES)
		return VTD_FALLBACK_IRES;
	if (dma && ops->read64(ctx, reg_base + VTD_REG_RTADDR) != u.rtaddr)
		return VTD_FALLBACK_RTADDR;
	if (ir && ops->read64(ctx, reg_base + VTD_REG_IRTA) != u.irta)
		return VTD_FALLBACK_IRTA;
	/* The IRTE format is the same in either translation mode. */
	if (dma && u.mode != VTD_NOTE_MODE_LEGACY)
		return VTD_FALLBACK_SCALABLE;
	if (dma && !entries_usable_(n, off, &u))
		return VTD_FALLBACK_BAD_ENTRY;
	return VTD_ADOPT;
}

const char *vtd_verdict_str(enum vtd_verdict v)
{
	static const char *const s[VTD_VERDICT_MAX] = {
		[VTD_ADOPT] = "adopting the crash-time state",
		[VTD_FALLBACK_NOT_IN_NOTE] =
			"no record of this unit in the note",
		[VTD_FALLBACK_CAPTURE_FAILED] =
			"the snapshot of this unit is incomplete",
		[VTD_FALLBACK_REGISTERS] =
			"VER, CAP or ECAP differ from the note",
		[VTD_FALLBACK_TES] =
			"translation is not on or off as at the crash",
		[VTD_FALLBACK_IRES] =
			"interrupt remapping is not on or off as at the crash",
		[VTD_FALLBACK_RTADDR] = "RTADDR differs from the note",
		[VTD_FALLBACK_IRTA] = "IRTA differs from the note",
		[VTD_FALLBACK_SCALABLE] = "scalable mode is not adopted",
		[VTD_FALLBACK_BAD_ENTRY] =
			"a noted root or context entry is invalid for this unit",
	};

	return (unsigned int)v < VTD_VERDICT_MAX ? s[v] : "unknown";
}
