// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gate.c - find the note through the elfcorehdr and judge each unit
 * against the live hardware (the safety gate of the adoption).
 *
 * The elfcorehdr is the loader's, but it sits in memory the crashed
 * kernel could have scribbled on: every count and size is bounded before
 * use, and the note itself passes vtd_note_open() (sizes and checksum).
 */
#include <kexec-vtd/vtd-hw.h>

#include "vtd-crash.h"

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
#define ELF_PH_PADDR 24
#define ELF_PH_FILESZ 32
#define ELF_PH_MEMSZ 40
#define ELF_PT_LOAD 1
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

bool vtd_crash_old_ram(const struct vtd_crash_ram *ram, uint64_t pa,
		       uint64_t len)
{
	uint32_t i;

	if (!ram || ram->overflow || !len || pa + len < pa)
		return false;
	for (i = 0; i < ram->nr; i++)
		if (pa >= ram->range[i].start && pa + len <= ram->range[i].end)
			return true;
	return false;
}

static void add_ram_(struct vtd_crash_ram *ram, const uint8_t *ph)
{
	uint64_t start = vtd_ld_le64(ph + ELF_PH_PADDR);
	uint64_t len = vtd_ld_le64(ph + ELF_PH_MEMSZ);

	if (!len || start + len < start)
		return;
	if (ram->nr == VTD_CRASH_MAX_RAM_RANGES) {
		ram->overflow = true;
		return;
	}
	ram->range[ram->nr].start = start;
	ram->range[ram->nr].end = start + len;
	ram->nr++;
}

int vtd_crash_find_note(const struct vtd_crash_ops *ops, void *ctx,
			uint64_t elfcorehdr, void *buf, size_t size,
			struct vtd_note *n, struct vtd_crash_ram *ram)
{
	uint64_t phoff, off, len;
	uint32_t i, phnum;
	uint8_t ph[ELF_PHDR_SIZE];
	const void *desc;
	size_t desc_len;
	int ret;

	if (!ops || !ops->read_phys || !buf || !n)
		return -VTD_ERR_BADPARAM;
	if (ram) {
		ram->nr = 0;
		ram->overflow = false;
	}
	ret = read_ehdr_(ops, ctx, elfcorehdr, &phoff, &phnum);
	if (ret < 0)
		return ret;
	/*
	 * The RAM list first, all of it: a platform may refuse to read
	 * what is neither the crashed kernel's RAM nor memory the loader
	 * reserved, before the note is read.
	 */
	for (i = 0; ram && i < phnum; i++) {
		if (ops->read_phys(ctx, elfcorehdr + phoff + i * ELF_PHDR_SIZE,
				   ph, sizeof(ph)) < 0)
			return -VTD_ERR_ACCESS;
		if (vtd_ld_le32(ph + ELF_PH_TYPE) == ELF_PT_LOAD)
			add_ram_(ram, ph);
	}
	for (i = 0; i < phnum; i++) {
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
		/*
		 * The area is the crash kernel's reservation, kept out of
		 * both kernels' RAM: a note inside the crashed kernel's RAM
		 * is not one the loader placed.
		 */
		if (ram && (vtd_crash_old_ram(ram, off, 1) ||
			    vtd_crash_old_ram(ram, off + len - 1, 1)))
			return -VTD_ERR_BADLAYOUT;
		return vtd_note_open(n, desc, desc_len, NULL);
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

/*
 * Every root and context entry of the unit's record, checked as the unit
 * would check it; and every table it names that hardware may go on
 * walking (the context tables until the swap, the page tables until the
 * device's first map) must be the crashed kernel's RAM, not memory the
 * crash kernel is about to hand out.
 */
static enum vtd_verdict entries_usable_(const struct vtd_note *n, int off,
					const struct vtd_note_unit_info *u,
					const struct vtd_crash_ram *ram)
{
	struct vtd_note_cursor c;
	struct vtd_note_entry e;

	vtd_note_cursor_init(n, off, &c);
	while (vtd_note_next_entry(n, &c, &e)) {
		if (e.type == VTD_SEC_ROOT &&
		    ((e.val[0] & VTD_ROOT_LO_RSVD) || e.val[1]))
			return VTD_FALLBACK_BAD_ENTRY;
		if (e.type == VTD_SEC_ROOT &&
		    !vtd_crash_old_ram(ram, e.val[0] & VTD_ROOT_LO_CTP,
				       VTD_PAGE_SIZE_4K))
			return VTD_FALLBACK_NOT_OLD_RAM;
		if (e.type != VTD_SEC_CTX)
			continue;
		if (!ctx_entry_usable_(u, e.val[0], e.val[1]))
			return VTD_FALLBACK_BAD_ENTRY;
		if (VTD_FIELD_GET(VTD_CTX_LO_TT, e.val[0]) !=
			    VTD_TT_PASSTHROUGH &&
		    !vtd_crash_old_ram(ram, e.val[0] & VTD_CTX_LO_SLPTPTR,
				       VTD_PAGE_SIZE_4K))
			return VTD_FALLBACK_NOT_OLD_RAM;
	}
	return VTD_ADOPT;
}

/*
 * Present entries in the root or context table at @pa: both have 256
 * entries of 16 bytes with P in bit 0 (VT-d spec 9.1, 9.3).
 */
#define CHUNK_ENTRIES 16 /* 256 bytes a read: small for a kernel stack */

static int count_present_(const struct vtd_crash_ops *ops, void *ctx,
			  uint64_t pa, uint32_t *count)
{
	uint64_t chunk[CHUNK_ENTRIES * VTD_CTX_ENTRY_SIZE / 8];
	unsigned int i, j;

	*count = 0;
	for (i = 0; i < VTD_CTX_ENTRIES; i += CHUNK_ENTRIES) {
		if (ops->read_phys(ctx, pa + (uint64_t)i * VTD_CTX_ENTRY_SIZE,
				   chunk, sizeof(chunk)) < 0)
			return -VTD_ERR_ACCESS;
		for (j = 0; j < CHUNK_ENTRIES; j++)
			*count += chunk[j * VTD_CTX_ENTRY_SIZE / 8] &
				  VTD_CTX_LO_P;
	}
	return 0;
}

/*
 * Every present entry of the live root table, and of each context table
 * it points at, is the one the note recorded, and every recorded one is
 * present: the crash kernel repoints exactly the noted root entries, so
 * one it does not know of would stay a pointer into old memory, and a
 * context entry changed since the crash (pass-through now, translating
 * then, say) would be replaced by a stale copy.  The note lists each
 * kind in ascending order (so no entry twice); each noted entry is
 * compared with the live one, and the present ones counted, so equal
 * counts mean equal sets.
 */
static enum vtd_verdict tables_match_(const struct vtd_note *n, int off,
				      const struct vtd_note_unit_info *u,
				      const struct vtd_crash_ops *ops,
				      void *ctx)
{
	uint64_t root = u->rtaddr & VTD_RTADDR_RTA, live[2];
	uint32_t roots = 0, ctxs = 0, live_ctxs = 0, count, next_root = 0;
	uint32_t next_ctx = 0, key;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;

	vtd_note_cursor_init(n, off, &c);
	while (vtd_note_next_entry(n, &c, &e)) {
		if (e.type == VTD_SEC_ROOT) {
			if (e.bus >= VTD_ROOT_ENTRIES || e.bus < next_root ||
			    ops->read_phys(ctx,
					   root + e.bus * VTD_ROOT_ENTRY_SIZE,
					   live, sizeof(live)) < 0 ||
			    live[0] != e.val[0] ||
			    count_present_(ops, ctx, e.val[0] & VTD_ROOT_LO_CTP,
					   &count) < 0)
				return VTD_FALLBACK_TABLES;
			next_root = e.bus + 1u;
			roots++;
			live_ctxs += count;
		} else if (e.type == VTD_SEC_CTX) {
			key = (uint32_t)e.bus << 8 | e.devfn;
			if (e.bus >= VTD_ROOT_ENTRIES || key < next_ctx ||
			    ops->read_phys(ctx,
					   root + e.bus * VTD_ROOT_ENTRY_SIZE,
					   live, sizeof(live)) < 0 ||
			    !(live[0] & VTD_ROOT_LO_P) ||
			    (live[0] & VTD_ROOT_LO_CTP) != e.table ||
			    ops->read_phys(ctx,
					   e.table + e.devfn * VTD_CTX_ENTRY_SIZE,
					   live, sizeof(live)) < 0 ||
			    live[0] != e.val[0] || live[1] != e.val[1])
				return VTD_FALLBACK_TABLES;
			next_ctx = key + 1;
			ctxs++;
		}
	}
	if (count_present_(ops, ctx, root, &count) < 0 || count != roots ||
	    ctxs != live_ctxs)
		return VTD_FALLBACK_TABLES;
	return VTD_ADOPT;
}

enum vtd_verdict vtd_crash_check(const struct vtd_note *n,
				 const struct vtd_crash_ram *ram,
				 const struct vtd_crash_ops *ops, void *ctx,
				 uint64_t reg_base, unsigned int parts)
{
	bool dma = parts & VTD_PART_DMA, ir = parts & VTD_PART_IR;
	struct vtd_note_unit_info u;
	struct vtd_note_info info;
	enum vtd_verdict v;
	uint32_t gsts;
	int off = vtd_note_find_unit(n, reg_base, &u);

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
	/* The IRTE table is mapped and written by the crash kernel. */
	if (ir && (u.gsts & VTD_GSTS_IRES) &&
	    !vtd_crash_old_ram(ram, u.irta & VTD_IRTA_IRTA,
			       (uint64_t)vtd_irta_entries(u.irta) *
				       VTD_IRTE_SIZE))
		return VTD_FALLBACK_NOT_OLD_RAM;
	if (!dma || !(u.gsts & VTD_GSTS_TES))
		return VTD_ADOPT;
	/* The IRTE format is the same in either translation mode. */
	if (u.mode != VTD_NOTE_MODE_LEGACY)
		return VTD_FALLBACK_SCALABLE;
	/* So is the root table, before anything is read from it. */
	if (!vtd_crash_old_ram(ram, u.rtaddr & VTD_RTADDR_RTA,
			       VTD_PAGE_SIZE_4K))
		return VTD_FALLBACK_NOT_OLD_RAM;
	v = entries_usable_(n, off, &u, ram);
	if (v != VTD_ADOPT)
		return v;
	return tables_match_(n, off, &u, ops, ctx);
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
		[VTD_FALLBACK_NOT_OLD_RAM] =
			"a table the note names is not the crashed kernel's RAM",
		[VTD_FALLBACK_TABLES] =
			"the live root or context tables differ from the note",
	};

	return (unsigned int)v < VTD_VERDICT_MAX ? s[v] : "unknown";
}
