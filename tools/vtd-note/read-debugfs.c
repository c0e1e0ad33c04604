// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * read-debugfs.c - a running system's VT-d state as a note (#23, 3), for
 * `vtd-note diff` of a crash against the live tables: Linux's debugfs
 * directory iommu/intel (CONFIG_INTEL_IOMMU_DEBUGFS), or a copy of its
 * three files: iommu_regset (each unit's registers), dmar_translation_struct
 * (root, context and PASID entries) and ir_translation_struct (IRTEs).
 *
 * The files give less than a note: 128 bits of a scalable context entry,
 * 192 of a PASID entry, no fault records, no PASID directory; the note
 * made from them holds what they give, the rest zero, which is what the
 * shape of a note (diff --shape) compares.  A line that is not what the
 * file's format says is an error naming the file and the line.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/vtd-hw.h>

#include "vtd-note.h"

#define MAX_UNITS 64
#define AREA_SIZE (1u << 20)

struct dfs_unit {
	struct vtd_note_unit_info info;
	bool seen; /* named in iommu_regset */
	struct vtd_note_entry *e;
	size_t nr, cap;
};

struct dfs {
	const char *what; /* the directory, in messages */
	struct dfs_unit u[MAX_UNITS];
};

static int add_entry(struct dfs_unit *u, const struct vtd_note_entry *e)
{
	void *p;

	if (u->nr == u->cap) {
		u->cap = u->cap ? 2 * u->cap : 64;
		p = realloc(u->e, u->cap * sizeof(*u->e));
		if (!p)
			return -VTD_ERR_INTERNAL;
		u->e = p;
	}
	u->e[u->nr++] = *e;
	return 0;
}

/* "dmarN" in @line after @prefix: N, or -1. */
static int unit_index(const char *line, const char *prefix)
{
	const char *p = strstr(line, prefix);
	int n;

	if (!p || sscanf(p + strlen(prefix), "dmar%d", &n) != 1 || n < 0 ||
	    n >= MAX_UNITS)
		return -1;
	return n;
}

static int bad_line(const char *path, unsigned int nr, const char *line)
{
	vn_err("%s: line %u: not the file's format: %.80s", path, nr, line);
	return -VTD_ERR_BADLAYOUT;
}

/* iommu_regset: "IOMMU: dmarN Register Base Address: HEX", then rows. */
static int read_regset(struct dfs *s, FILE *f, const char *path)
{
	char line[512], name[32];
	struct dfs_unit *u = NULL;
	unsigned int nr = 0, off;
	uint64_t v, base;
	int n, ret = 0;

	while (fgets(line, sizeof(line), f)) {
		nr++;
		if (!strncmp(line, "IOMMU: ", 7)) {
			n = unit_index(line, "IOMMU: ");
			if (n < 0 || !strstr(line, "Register Base Address: ") ||
			    sscanf(strstr(line, "Address: ") + 9, "%" SCNx64,
				   &base) != 1) {
				ret = bad_line(path, nr, line);
				break;
			}
			u = &s->u[n];
			u->seen = true;
			u->info.reg_base = base;
			continue;
		}
		if (sscanf(line, "%31s 0x%x 0x%" SCNx64, name, &off, &v) != 3)
			continue; /* the header, blank lines */
		if (!u) {
			ret = bad_line(path, nr, line);
			break;
		}
		if (!strcmp(name, "VER"))
			u->info.ver = (uint32_t)v;
		else if (!strcmp(name, "GSTS"))
			u->info.gsts = (uint32_t)v;
		else if (!strcmp(name, "FSTS"))
			u->info.fsts = (uint32_t)v;
		else if (!strcmp(name, "CAP"))
			u->info.cap = v;
		else if (!strcmp(name, "ECAP"))
			u->info.ecap = v;
		else if (!strcmp(name, "RTADDR"))
			u->info.rtaddr = v;
		else if (!strcmp(name, "IRTA"))
			u->info.irta = v;
	}
	return ret;
}

/* The root entry of @bus already taken for this unit? */
static bool have_root(const struct dfs_unit *u, unsigned int bus)
{
	size_t i;

	for (i = 0; i < u->nr; i++)
		if (u->e[i].type == VTD_SEC_ROOT && u->e[i].bus == bus)
			return true;
	return false;
}

/*
 * dmar_translation_struct: "IOMMU dmarN: Root Table Address: 0x...",
 * then one row a present context entry (scalable: a present PASID entry):
 * B.D.F, root hi:lo, context hi:lo, PASID (-1 legacy), PASID entry
 * 191:128:127:64:63:0.
 */
static int read_translation(struct dfs *s, FILE *f, const char *path)
{
	char line[512];
	struct dfs_unit *u = NULL;
	unsigned int nr = 0, bus, dev, fn;
	uint64_t rh, rl, ch, cl, p2, p1, p0;
	int n, pasid, ret = 0;

	while (fgets(line, sizeof(line), f) && !ret) {
		struct vtd_note_entry e = { 0 };
		bool sm;

		nr++;
		if (!strncmp(line, "IOMMU ", 6)) {
			n = unit_index(line, "IOMMU ");
			if (n < 0 || !s->u[n].seen) {
				ret = bad_line(path, nr, line);
				break;
			}
			u = &s->u[n];
			continue;
		}
		if (sscanf(line,
			   "%x:%x.%x 0x%" SCNx64 ":0x%" SCNx64 " 0x%" SCNx64
			   ":0x%" SCNx64 " %d 0x%" SCNx64 ":0x%" SCNx64
			   ":0x%" SCNx64,
			   &bus, &dev, &fn, &rh, &rl, &ch, &cl, &pasid, &p2,
			   &p1, &p0) != 11)
			continue; /* headers, "DMA Remapping is not enabled" */
		if (!u || bus > 0xff || dev > 0x1f || fn > 7) {
			ret = bad_line(path, nr, line);
			break;
		}
		sm = VTD_FIELD_GET(VTD_RTADDR_TTM, u->info.rtaddr) ==
		     VTD_TTM_SCALABLE;
		e.bus = (uint16_t)bus;
		e.devfn = (uint8_t)VTD_DEVFN(dev, fn);
		if (!have_root(u, bus)) {
			e.type = VTD_SEC_ROOT;
			e.val[0] = rl;
			e.val[1] = rh;
			ret = add_entry(u, &e);
		}
		e.type = sm ? VTD_SEC_SM_CTX : VTD_SEC_CTX;
		e.table = (sm && vtd_sm_devfn_upper(e.devfn) ? rh : rl) &
			  VTD_ROOT_LO_CTP;
		e.val[0] = cl;
		e.val[1] = ch;
		/* One row a PASID: the context entry once, the first time. */
		if (!ret &&
		    (!sm || !u->nr || u->e[u->nr - 1].type != VTD_SEC_PASID ||
		     u->e[u->nr - 1].bus != e.bus ||
		     u->e[u->nr - 1].devfn != e.devfn))
			ret = add_entry(u, &e);
		if (!ret && sm && pasid >= 0) {
			memset(e.val, 0, sizeof(e.val));
			e.type = VTD_SEC_PASID;
			e.index = (uint32_t)pasid;
			e.table = 0;
			e.val[0] = p0;
			e.val[1] = p1;
			e.val[2] = p2;
			ret = add_entry(u, &e);
		}
	}
	return ret;
}

/*
 * ir_translation_struct: per unit "Remapped Interrupt supported on IOMMU:
 * dmarN", rows " INDEX BB:DD.F DEST VEC  HIGH\tLOW"; then "****" and the
 * posted entries, " INDEX BB:DD.F PDA_HI PDA_LO VEC  HIGH\tLOW".
 */
static int read_irtes(struct dfs *s, FILE *f, const char *path)
{
	char line[512], bdf[16];
	struct dfs_unit *u = NULL;
	unsigned int nr = 0, idx, dest, pda_hi, pda_lo, vec;
	bool posted = false;
	uint64_t hi, lo;
	int n, ret = 0;

	while (fgets(line, sizeof(line), f) && !ret) {
		struct vtd_note_entry e = { .type = VTD_SEC_IRTE };
		int got;

		nr++;
		if (strstr(line, "Interrupt supported on IOMMU: ")) {
			n = unit_index(line, "IOMMU: ");
			if (n < 0 || !s->u[n].seen) {
				ret = bad_line(path, nr, line);
				break;
			}
			u = &s->u[n];
			posted = !strncmp(line, "Posted", 6);
			continue;
		}
		if (posted)
			got = sscanf(line,
				     " %u %15s %x %x %x %" SCNx64 " %" SCNx64,
				     &idx, bdf, &pda_hi, &pda_lo, &vec, &hi,
				     &lo) == 7;
		else
			got = sscanf(line,
				     " %u %15s %x %x %" SCNx64 " %" SCNx64,
				     &idx, bdf, &dest, &vec, &hi, &lo) == 6;
		if (!got)
			continue; /* headers, table addresses, "****" */
		if (!u) {
			ret = bad_line(path, nr, line);
			break;
		}
		e.index = idx;
		e.val[0] = lo;
		e.val[1] = hi;
		ret = add_entry(u, &e);
	}
	return ret;
}

/*
 * A note names each unit by its register base and each entry by its bus,
 * function, PASID or index once (what vtd-note diff matches them by):
 * files that say one twice are not one kernel's.  Sorts the entries.
 */
static int check_unique(struct dfs *s)
{
	int n, m;
	size_t i;

	for (n = 0; n < MAX_UNITS; n++) {
		struct dfs_unit *u = &s->u[n];

		if (!u->seen)
			continue;
		for (m = 0; m < n; m++)
			if (s->u[m].seen &&
			    s->u[m].info.reg_base == u->info.reg_base) {
				vn_err("%s/iommu_regset: dmar%d and dmar%d have "
				       "one register base, 0x%" PRIx64,
				       s->what, m, n, u->info.reg_base);
				return -VTD_ERR_BADLAYOUT;
			}
		if (u->nr) /* qsort() takes no NULL, even for nothing */
			qsort(u->e, u->nr, sizeof(*u->e), vn_entry_key_cmp);
		for (i = 1; i < u->nr; i++)
			if (!vn_entry_key_cmp(&u->e[i - 1], &u->e[i])) {
				const struct vtd_note_entry *e = &u->e[i];

				if (e->type == VTD_SEC_IRTE)
					vn_err("%s: dmar%d: IRTE %u twice",
					       s->what, n, e->index);
				else
					vn_err("%s: dmar%d: %02x:%02x.%x%s twice",
					       s->what, n, e->bus,
					       VTD_DEVFN_DEV(e->devfn),
					       VTD_DEVFN_FN(e->devfn),
					       e->type == VTD_SEC_PASID
						       ? " (a PASID)"
						       : "");
				return -VTD_ERR_BADLAYOUT;
			}
	}
	return 0;
}

static int write_note(struct dfs *s, struct vn_loaded_note *ln)
{
	struct vtd_note_writer w;
	const void *desc;
	size_t desc_len, i;
	uint8_t *area;
	int n, nr = 0, ret;

	area = malloc(AREA_SIZE);
	if (!area)
		return -VTD_ERR_INTERNAL;
	for (n = 0; n < MAX_UNITS; n++)
		nr += s->u[n].seen;
	ret = vtd_note_init(&w, area, AREA_SIZE, 0);
	/* The running kernel's own tables, as its debugfs shows them. */
	if (!ret)
		ret = vtd_note_set_taker(&w, VTD_NOTE_TAKER_KERNEL);
	if (!ret)
		ret = vtd_note_reserve_units(&w, (uint32_t)nr);
	for (n = 0; n < MAX_UNITS && !ret; n++) {
		struct dfs_unit *u = &s->u[n];

		if (!u->seen)
			continue;
		u->info.mode =
			(uint8_t)VTD_FIELD_GET(VTD_RTADDR_TTM, u->info.rtaddr);
		ret = vtd_note_add_unit(&w, &u->info);
		for (i = 0; i < u->nr && !ret; i++)
			ret = vtd_note_add_entry(&w, &u->e[i]);
	}
	if (!ret)
		ret = vtd_note_finish(&w, 0);
	if (ret >= 0)
		ret = vtd_note_find(area, (size_t)ret, &desc, &desc_len, NULL);
	if (ret >= 0) {
		ln->desc = malloc(desc_len);
		if (ln->desc) {
			memcpy(ln->desc, desc, desc_len);
			ln->desc_len = desc_len;
			snprintf(ln->container, sizeof(ln->container),
				 "debugfs of a running kernel");
		} else {
			ret = -VTD_ERR_INTERNAL;
		}
	}
	if (ret < 0)
		vn_err("%s: the note made from it: %s", s->what,
		       vtd_strerror(ret));
	free(area);
	return ret < 0 ? ret : 0;
}

int vn_note_from_debugfs_files(FILE *const f[3], const char *const path[3],
			       const char *what, struct vn_loaded_note *ln)
{
	struct dfs *s = calloc(1, sizeof(*s));
	int n, ret;

	if (!s)
		return -VTD_ERR_INTERNAL;
	s->what = what;
	ret = read_regset(s, f[0], path[0]);
	if (!ret)
		ret = read_translation(s, f[1], path[1]);
	if (!ret)
		ret = read_irtes(s, f[2], path[2]);
	if (!ret)
		ret = check_unique(s);
	if (!ret)
		ret = write_note(s, ln);
	for (n = 0; n < MAX_UNITS; n++)
		free(s->u[n].e);
	free(s);
	return ret;
}

int vn_note_from_debugfs(const char *dir, struct vn_loaded_note *ln)
{
	static const char *const names[3] = {
		"iommu_regset",
		"dmar_translation_struct",
		"ir_translation_struct",
	};
	char buf[3][4096];
	const char *path[3];
	FILE *f[3] = { NULL };
	int i, ret = 0;

	for (i = 0; i < 3 && !ret; i++) {
		snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, names[i]);
		path[i] = buf[i];
		f[i] = fopen(path[i], "r");
		if (!f[i]) {
			vn_err("%s: cannot open: %s", path[i], strerror(errno));
			ret = -VTD_ERR_ACCESS;
		}
	}
	if (!ret)
		ret = vn_note_from_debugfs_files(f, path, dir, ln);
	for (i = 0; i < 3; i++)
		if (f[i])
			fclose(f[i]);
	return ret;
}
