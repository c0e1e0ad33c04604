// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tables.c - an analyst's answers from a crashed machine's VT-d state
 * (tables.h): the note's units and entries, or the tables in the dump's
 * memory where there is no note, walked with lib/walk.c.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/vtd-hw.h>

#include "tables.h"
#include "vtd-note.h"

/* --- units --- */

int vn_tables_alloc_units(struct vn_tables *t, int nr)
{
	int i;

	t->units = calloc(nr ? (size_t)nr : 1, sizeof(*t->units));
	t->scratch = malloc(sizeof(*t->scratch));
	if (!t->units || !t->scratch) {
		vn_tables_free(t);
		return -VTD_ERR_INTERNAL;
	}
	for (i = 0; i < nr; i++)
		t->units[i].note_off = -1;
	t->nr_units = nr;
	return 0;
}

int vn_tables_from_note(struct vn_tables *t, const struct vtd_note *n)
{
	int off, nr = 0, i = 0;

	t->note = n;
	for (off = vtd_note_first_unit(n); off >= 0;
	     off = vtd_note_next_unit(n, off))
		nr++;
	if (vn_tables_alloc_units(t, nr) < 0)
		return -VTD_ERR_INTERNAL;
	for (off = vtd_note_first_unit(n); off >= 0;
	     off = vtd_note_next_unit(n, off), i++) {
		struct vtd_note_unit_info u;
		struct vn_unit_view *v = &t->units[i];

		vtd_note_get_unit(n, off, &u);
		v->reg_base = u.reg_base;
		v->segment = u.segment;
		v->mode = u.mode;
		v->gsts = u.gsts;
		v->fsts = u.fsts;
		v->cap = u.cap;
		v->ecap = u.ecap;
		v->rtaddr = u.rtaddr;
		v->irta = u.irta;
		v->note_off = off;
	}
	return 0;
}

void vn_tables_free(struct vn_tables *t)
{
	free(t->units);
	free(t->scratch);
	t->units = NULL;
	t->scratch = NULL;
	t->nr_units = 0;
}

/* One to four hex digits at *@s, nothing else (no sign, space or 0x). */
static bool hex_part(const char **s, unsigned int *v)
{
	const char *p = *s;
	unsigned int n = 0;

	*v = 0;
	for (; n < 5 && isxdigit((unsigned char)*p); n++, p++) {
		int c = tolower((unsigned char)*p);

		*v = *v << 4 | (unsigned int)(isdigit(c) ? c - '0' : c - 'a' + 10);
	}
	*s = p;
	return n >= 1 && n <= 4;
}

bool vn_parse_bdf(const char *s, struct vn_bdf *bdf)
{
	unsigned int part[3], d, f;
	int n = 0;

	for (;;) {
		if (n == 3 || !hex_part(&s, &part[n++]))
			return false;
		if (*s != ':')
			break;
		s++;
	}
	if (*s++ != '.' || !hex_part(&s, &f) || *s)
		return false;
	d = part[n - 1];
	bdf->segment = n == 3 ? (int)part[0] : -1;
	bdf->bus = n >= 2 ? (uint16_t)part[n - 2] : 0;
	bdf->devfn = (uint8_t)VTD_DEVFN(d, f);
	return bdf->bus <= 0xff && d <= 0x1f && f <= 7;
}

static void problem(struct vn_tables *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void problem(struct vn_tables *t, const char *fmt, ...)
{
	va_list ap;

	t->problems++;
	fprintf(t->err, "%s: ", t->who);
	va_start(ap, fmt);
	vfprintf(t->err, fmt, ap);
	va_end(ap);
	fputc('\n', t->err);
}

/* The unit's RTADDR as its walk needs it: the table and the mode. */
static uint64_t unit_rtaddr(const struct vn_unit_view *u)
{
	return (u->rtaddr & VTD_RTADDR_RTA) |
	       VTD_FIELD_PREP(VTD_RTADDR_TTM, u->mode);
}

int vn_tables_units(struct vn_tables *t)
{
	int i;

	if (!t->nr_units) {
		fprintf(t->out, "no remapping unit\n");
		return 1;
	}
	for (i = 0; i < t->nr_units; i++) {
		const struct vn_unit_view *u = &t->units[i];

		if (u->note_off >= 0) {
			/* Registers and the faults pending at the crash. */
			vn_note_print_unit(t->out, t->note, u->note_off, i,
					   VTD_NOTE_TYPE_BIT(VTD_SEC_FAULT));
			continue;
		}
		fprintf(t->out,
			"unit %d: registers 0x%" PRIx64 ", segment %u, %s "
			"mode (the kernel's structures: no note)\n",
			i, u->reg_base, u->segment, vn_note_mode_name(u->mode));
		fprintf(t->out,
			"  cap 0x%016" PRIx64 " ecap 0x%016" PRIx64 "\n"
			"  rtaddr 0x%016" PRIx64 " irta 0x%016" PRIx64 "\n",
			u->cap, u->ecap, u->rtaddr, u->irta);
	}
	return 0;
}

/* --- devices --- */

/* A device as the crash left it: from the note, or read from memory. */
struct dev_rec {
	int unit;
	uint16_t bus;
	uint8_t devfn;
	bool sm, have_pasid;
	uint64_t root[2], ctx[4], pasid[8];
	uint64_t ctx_pa;
	uint32_t pasid_nr;
};

/* Whether @r is the function @b names. */
static bool is_bdf(const struct vn_tables *t, const struct dev_rec *r,
		   const struct vn_bdf *b)
{
	return r->bus == b->bus && r->devfn == b->devfn &&
	       (b->segment < 0 || t->units[r->unit].segment == b->segment);
}

typedef int (*dev_fn)(struct vn_tables *t, const struct dev_rec *r, void *arg);

/* The note's root entry for @bus, into @root; false if it has none. */
static bool note_root(const struct vn_tables *t, int off, uint16_t bus,
		      uint64_t root[2])
{
	struct vtd_note_cursor c;
	struct vtd_note_entry e;

	vtd_note_cursor_init(t->note, off, &c);
	while (vtd_note_next_of(t->note, &c, VTD_NOTE_TYPE_BIT(VTD_SEC_ROOT),
				&e))
		if (e.bus == bus) {
			root[0] = e.val[0];
			root[1] = e.val[1];
			return true;
		}
	return false;
}

/* The note's PASID-table entry of @r's RID_PASID, if it has one. */
static void note_pasid(const struct vn_tables *t, int off, struct dev_rec *r)
{
	uint32_t rid_pasid =
		(uint32_t)VTD_FIELD_GET(VTD_SM_CTX_HI_RID_PASID, r->ctx[1]);
	struct vtd_note_cursor c;
	struct vtd_note_entry e;

	vtd_note_cursor_init(t->note, off, &c);
	while (vtd_note_next_of(t->note, &c, VTD_NOTE_TYPE_BIT(VTD_SEC_PASID),
				&e))
		if (e.bus == r->bus && e.devfn == r->devfn &&
		    e.index == rid_pasid) {
			memcpy(r->pasid, e.val, sizeof(r->pasid));
			r->pasid_nr = e.index;
			r->have_pasid = true;
			return;
		}
}

static int note_devices(struct vn_tables *t, int unit, dev_fn fn, void *arg)
{
	int off = t->units[unit].note_off, ret;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;

	vtd_note_cursor_init(t->note, off, &c);
	while (vtd_note_next_of(t->note, &c,
				VTD_NOTE_TYPE_BIT(VTD_SEC_CTX) |
					VTD_NOTE_TYPE_BIT(VTD_SEC_SM_CTX),
				&e)) {
		struct dev_rec r = {
			.unit = unit,
			.bus = e.bus,
			.devfn = e.devfn,
			.sm = e.type == VTD_SEC_SM_CTX,
		};

		memcpy(r.ctx, e.val, sizeof(r.ctx));
		if (!r.sm)
			r.ctx[2] = r.ctx[3] = 0;
		r.ctx_pa = e.table +
			   (r.sm ? vtd_sm_ctx_offset(e.devfn)
				 : (uint64_t)e.devfn * VTD_CTX_ENTRY_SIZE);
		note_root(t, off, e.bus, r.root);
		if (r.sm)
			note_pasid(t, off, &r);
		ret = fn(t, &r, arg);
		if (ret)
			return ret;
	}
	return 0;
}

/* No note: the present entries of the root and context tables in memory. */
static int memory_devices(struct vn_tables *t, int unit, dev_fn fn, void *arg)
{
	const struct vn_unit_view *u = &t->units[unit];
	unsigned int bus, devfn;
	int ret;

	for (bus = 0; bus < VTD_ROOT_ENTRIES; bus++) {
		for (devfn = 0; devfn < 256; devfn++) {
			struct dev_rec r = {
				.unit = unit,
				.bus = (uint16_t)bus,
				.devfn = (uint8_t)devfn,
			};
			struct vtd_dev d;

			vtd_dev_resolve(&t->mem, unit_rtaddr(u), (uint16_t)bus,
					(uint8_t)devfn, &d);
			if (d.type == VTD_DEV_BLOCKED &&
			    d.stop.what == VTD_WALK_AT_ROOT) {
				if (d.stop.why != VTD_WALK_NOT_PRESENT)
					problem(t,
						"unit %d: root entry of bus %02x "
						"at 0x%" PRIx64 ": %s",
						unit, bus, d.root_pa,
						vtd_walk_why_str(d.stop.why));
				break; /* the whole bus */
			}
			if (d.type == VTD_DEV_BLOCKED &&
			    d.stop.what == VTD_WALK_AT_CTX &&
			    d.stop.why == VTD_WALK_NOT_PRESENT)
				continue;
			r.sm = d.sm;
			memcpy(r.root, d.root, sizeof(r.root));
			memcpy(r.ctx, d.ctx, sizeof(r.ctx));
			r.ctx_pa = d.ctx_pa;
			if (d.sm && d.pasid_pa) {
				memcpy(r.pasid, d.pasid, sizeof(r.pasid));
				r.pasid_nr = d.rid_pasid;
				r.have_pasid = true;
			}
			ret = fn(t, &r, arg);
			if (ret)
				return ret;
		}
	}
	return 0;
}

static int each_device(struct vn_tables *t, int unit, dev_fn fn, void *arg)
{
	if (t->units[unit].note_off >= 0)
		return note_devices(t, unit, fn, arg);
	return memory_devices(t, unit, fn, arg);
}

/* The walker's view of @r: the crash-time entries, PASID from memory
 * when the note has none. */
static void rec_dev(struct vn_tables *t, const struct dev_rec *r,
		    struct vtd_dev *d)
{
	memset(d, 0, sizeof(*d));
	d->bus = r->bus;
	d->devfn = r->devfn;
	d->ctx_pa = r->ctx_pa;
	d->root[0] = r->root[0];
	d->root[1] = r->root[1];
	if (r->sm)
		vtd_dev_from_sm(&t->mem, d, r->ctx,
				r->have_pasid ? r->pasid : NULL);
	else
		vtd_dev_from_ctx(d, r->ctx[0], r->ctx[1]);
}

static void print_bdf(FILE *f, uint16_t bus, uint8_t devfn)
{
	fprintf(f, "%02x:%02x.%x", bus, VTD_DEVFN_DEV(devfn),
		VTD_DEVFN_FN(devfn));
}

/* A function as the user named it: with its segment when one was. */
static void print_name(FILE *f, const struct vn_bdf *b)
{
	if (b->segment >= 0)
		fprintf(f, "%04x:", (unsigned int)b->segment);
	print_bdf(f, b->bus, b->devfn);
}

static void print_stop(FILE *f, const struct vtd_walk_stop *s)
{
	fprintf(f, "%s", vtd_walk_why_str(s->why));
	if (s->what == VTD_WALK_AT_IOVA)
		return;
	fprintf(f, ": %s", vtd_walk_what_str(s->what));
	if (s->what == VTD_WALK_AT_PAGE_TABLE)
		fprintf(f, " (level %u)", s->level);
	fprintf(f, " at 0x%" PRIx64, s->at);
	if (s->entry)
		fprintf(f, " = 0x%016" PRIx64, s->entry);
}

/*
 * What the dump's memory holds where the crash-time entry was: the same
 * entry (the crash kernel left the table as it was, adopted or copied
 * elsewhere), another (it wrote a new one: the device was replaced), or
 * nothing readable.
 */
static void print_in_memory(struct vn_tables *t, const struct dev_rec *r)
{
	const struct vn_unit_view *u = &t->units[r->unit];
	struct vtd_dev now;
	unsigned int words = r->sm ? 4 : 2;

	if (u->note_off < 0) {
		fputs("read from memory", t->out);
		return;
	}
	vtd_dev_resolve(&t->mem, unit_rtaddr(u), r->bus, r->devfn, &now);
	if (now.stop.why == VTD_WALK_UNREADABLE ||
	    now.stop.why == VTD_WALK_OUT_OF_RANGE) {
		fputs("unreadable: ", t->out);
		print_stop(t->out, &now.stop);
		return;
	}
	if (memcmp(now.ctx, r->ctx, words * sizeof(uint64_t)) ||
	    now.ctx_pa != r->ctx_pa ||
	    (r->have_pasid && (now.pasid_pa == 0 ||
			       memcmp(now.pasid, r->pasid, sizeof(r->pasid)))))
		fputs("changed since the crash", t->out);
	else
		fputs("same as at the crash", t->out);
}

struct dev_filter {
	const struct vn_bdf *only;
	int found;
	int last_unit;
};

static int print_device(struct vn_tables *t, const struct dev_rec *r, void *arg)
{
	struct dev_filter *df = arg;
	struct vtd_dev d;
	FILE *f = t->out;

	if (df->only && !is_bdf(t, r, df->only))
		return 0;
	if (df->last_unit != r->unit) {
		/* debugfs' header, and three columns of ours after it. */
		fprintf(f,
			"IOMMU dmar%d: Root Table Address: 0x%" PRIx64 "\n"
			"B.D.F\tRoot_entry\t\t\t\tContext_entry\t\t\t\t"
			"PASID\tPASID_table_entry\tDomain\tTranslation\t"
			"In the dump\n",
			r->unit, t->units[r->unit].rtaddr & VTD_RTADDR_RTA);
		df->last_unit = r->unit;
	}
	df->found++;
	rec_dev(t, r, &d);
	print_bdf(f, r->bus, r->devfn);
	fprintf(f,
		"\t0x%016" PRIx64 ":0x%016" PRIx64 "\t0x%016" PRIx64
		":0x%016" PRIx64 "\t",
		r->root[1], r->root[0], r->ctx[1], r->ctx[0]);
	if (r->sm && r->have_pasid)
		fprintf(f,
			"%-6u\t0x%016" PRIx64 ":0x%016" PRIx64 ":0x%016" PRIx64,
			r->pasid_nr, r->pasid[2], r->pasid[1], r->pasid[0]);
	else
		fprintf(f,
			"%-6d\t0x%016" PRIx64 ":0x%016" PRIx64 ":0x%016" PRIx64,
			-1, (uint64_t)0, (uint64_t)0, (uint64_t)0);
	fprintf(f, "\tdomain %u\t%s", d.did, vtd_dev_type_str(d.type));
	switch (d.type) {
	case VTD_DEV_BLOCKED:
		fputs(" (", f);
		print_stop(f, &d.stop);
		fputc(')', f);
		break;
	case VTD_DEV_SECOND_STAGE:
	case VTD_DEV_FIRST_STAGE:
	case VTD_DEV_NESTED:
		fprintf(f, ", %u-level %u-bit table 0x%" PRIx64, d.levels, d.aw,
			d.table);
		break;
	}
	fputc('\t', f);
	print_in_memory(t, r);
	fputc('\n', f);
	return 0;
}

int vn_tables_devices(struct vn_tables *t, const struct vn_bdf *only)
{
	struct dev_filter df = {
		.only = only,
		.last_unit = -1,
	};
	int i;

	for (i = 0; i < t->nr_units; i++)
		each_device(t, i, print_device, &df);
	if (!df.found) {
		if (only) {
			fputs("no entry for ", t->out);
			print_name(t->out, only);
			fputs(" in any unit\n", t->out);
		} else {
			fputs("no device has a present context entry\n",
			      t->out);
		}
		return 1;
	}
	return 0;
}

/* --- one IOVA --- */

struct find_dev {
	const struct vn_bdf *b;
	struct dev_rec rec;
	int found;
	int other_segment; /* a second unit's segment that holds it, or -1 */
};

/* The first unit's entry for the function, and whether another
 * segment's unit has one too (which a name without segment leaves
 * open). */
static int match_device(struct vn_tables *t, const struct dev_rec *r, void *arg)
{
	struct find_dev *fd = arg;

	if (!is_bdf(t, r, fd->b))
		return 0;
	if (!fd->found++)
		fd->rec = *r;
	else if (t->units[r->unit].segment != t->units[fd->rec.unit].segment &&
		 fd->other_segment < 0)
		fd->other_segment = t->units[r->unit].segment;
	return 1;
}

static const char *perm_str(bool r, bool w)
{
	return r && w ? "read/write"
	       : r    ? "read-only"
	       : w    ? "write-only"
		      : "no access";
}

int vn_tables_translate(struct vn_tables *t, const struct vn_bdf *b,
			uint64_t iova)
{
	struct find_dev fd = { .b = b, .other_segment = -1 };
	struct vtd_xlate x;
	struct vtd_dev d;
	FILE *f = t->out;
	unsigned int i;
	int ret;

	for (i = 0; i < (unsigned int)t->nr_units; i++)
		each_device(t, (int)i, match_device, &fd);
	print_name(f, b);
	if (!fd.found) {
		fputs(": no entry in any unit\n", f);
		return 1;
	}
	if (fd.other_segment >= 0) {
		struct vn_bdf named = *b;

		named.segment = t->units[fd.rec.unit].segment;
		fprintf(f, ": units of segments %d and %d hold it: name one, as ",
			named.segment, fd.other_segment);
		print_name(f, &named);
		fputc('\n', f);
		return 1;
	}
	rec_dev(t, &fd.rec, &d);
	fprintf(f, " IOVA 0x%" PRIx64 ": unit %d, domain %u, %s", iova,
		fd.rec.unit, d.did, vtd_dev_type_str(d.type));
	if (d.type == VTD_DEV_SECOND_STAGE || d.type == VTD_DEV_FIRST_STAGE)
		fprintf(f, ", %u-level %u-bit table 0x%" PRIx64, d.levels, d.aw,
			d.table);
	fputc('\n', f);
	ret = vtd_translate(&t->mem, &d, iova, &x);
	for (i = 0; i < x.nr_steps; i++) {
		const struct vtd_walk_step *s = &x.step[i];

		fprintf(f,
			"  level %u: table 0x%" PRIx64
			" entry %3u at 0x%" PRIx64 " = 0x%016" PRIx64 "\n",
			s->level, s->table,
			(unsigned int)((s->entry_pa - s->table) / 8),
			s->entry_pa, s->entry);
	}
	if (ret < 0) {
		fputs("  no translation: ", f);
		print_stop(f, &x.stop);
		fputc('\n', f);
		return 1;
	}
	if (d.type == VTD_DEV_PASS_THROUGH)
		fprintf(f, "  -> 0x%" PRIx64 " (pass-through: IOVA = PA)\n",
			x.pa);
	else
		fprintf(f, "  -> 0x%" PRIx64 " (%" PRIu64 " KiB page, %s)\n",
			x.pa, x.size >> 10, perm_str(x.read, x.write));
	return 0;
}

/* --- who maps an address --- */

struct reverse {
	struct vn_tables *t;
	const struct dev_rec *r;
	struct vtd_dev d; /* r's */
	uint64_t pa;
	unsigned long hits;
};

static int reverse_run(void *arg, const struct vtd_map_run *run)
{
	struct reverse *rv = arg;
	FILE *f = rv->t->out;

	if (!run->every_address &&
	    (rv->pa < run->pa || rv->pa - run->pa >= run->size))
		return 0;
	rv->hits++;
	print_bdf(f, rv->r->bus, rv->r->devfn);
	fprintf(f, "\tunit %d\tdomain %u\t", rv->r->unit, rv->d.did);
	if (run->every_address) {
		fprintf(f,
			"IOVA 0x%" PRIx64 "\tread/write\tpass-through, "
			"every address\n",
			rv->pa);
		return 0;
	}
	fprintf(f,
		"IOVA 0x%" PRIx64 "\t%s\tin IOVA 0x%" PRIx64 "-0x%" PRIx64
		" -> 0x%" PRIx64 "\n",
		run->iova + (rv->pa - run->pa), perm_str(run->read, run->write),
		run->iova, run->iova + run->size - 1, run->pa);
	return 0;
}

static void reverse_stop(void *arg, uint64_t iova,
			 const struct vtd_walk_stop *s)
{
	struct reverse *rv = arg;
	char bdf[16];

	/* An absent entry is no news: only what hides mappings is said. */
	if (s->why == VTD_WALK_NOT_PRESENT)
		return;
	snprintf(bdf, sizeof(bdf), "%02x:%02x.%x", rv->r->bus,
		 VTD_DEVFN_DEV(rv->r->devfn), VTD_DEVFN_FN(rv->r->devfn));
	problem(rv->t,
		"%s: the mappings from IOVA 0x%" PRIx64 " not walked: %s: %s "
		"(level %u) at 0x%" PRIx64,
		bdf, iova, vtd_walk_why_str(s->why), vtd_walk_what_str(s->what),
		s->level, s->at);
}

static int reverse_device(struct vn_tables *t, const struct dev_rec *r,
			  void *arg)
{
	struct reverse *rv = arg;
	struct vtd_walk_ops ops = {
		.run = reverse_run,
		.stop = reverse_stop,
		.arg = rv,
	};

	rec_dev(t, r, &rv->d);
	rv->r = r;
	if (rv->d.type == VTD_DEV_BLOCKED)
		return 0;
	vtd_walk_maps(&t->mem, &rv->d, &ops, t->scratch, NULL);
	return 0;
}

int vn_tables_reverse(struct vn_tables *t, uint64_t pa)
{
	struct reverse rv = { .t = t, .pa = pa };
	int i;

	fprintf(t->out, "0x%" PRIx64 " is mapped by:\n", pa);
	for (i = 0; i < t->nr_units; i++)
		each_device(t, i, reverse_device, &rv);
	if (!rv.hits) {
		fputs("  no device\n", t->out);
		return 1;
	}
	return 0;
}

/* --- IRTEs --- */

static const char *dlm_name(uint64_t lo)
{
	static const char *const names[8] = {
		"fixed", "lowest-priority", "SMI",    "reserved(3)", "NMI",
		"INIT",	 "reserved(6)",	    "ExtINT",
	};

	return names[VTD_FIELD_GET(VTD_IRTE_LO_DLM, lo)];
}

/* One row in debugfs' columns, then the decoded fields. */
static void print_irte(FILE *f, uint32_t idx, uint64_t lo, uint64_t hi,
		       bool posted)
{
	uint16_t sid = (uint16_t)VTD_FIELD_GET(VTD_IRTE_HI_SID, hi);

	fprintf(f, " %-5u %02x:%02x.%01x ", idx, vtd_sid_bus(sid),
		VTD_DEVFN_DEV(sid), VTD_DEVFN_FN(sid));
	if (posted)
		/* The posted-interrupt descriptor: 63:38 of lo, 127:96. */
		fprintf(f, "%08x %08x ", (uint32_t)(hi >> 32),
			(uint32_t)(lo >> 32) & ~0x3fu);
	else
		fprintf(f, "%08x ",
			(uint32_t)VTD_FIELD_GET(VTD_IRTE_LO_DST, lo));
	fprintf(f, "%02x  %016" PRIx64 "\t%016" PRIx64,
		(unsigned int)VTD_FIELD_GET(VTD_IRTE_LO_V, lo), hi, lo);
	if (posted) {
		fputs("\tposted\n", f);
		return;
	}
	fprintf(f, "\tremapped, %s, %s, %s, svt %u sq %u%s\n", dlm_name(lo),
		lo & VTD_IRTE_LO_DM ? "logical" : "physical",
		lo & VTD_IRTE_LO_TM ? "level" : "edge",
		(unsigned int)VTD_FIELD_GET(VTD_IRTE_HI_SVT, hi),
		(unsigned int)VTD_FIELD_GET(VTD_IRTE_HI_SQ, hi),
		lo & VTD_IRTE_LO_FPD ? ", fpd" : "");
}

/* The IRTEs of one unit, remapped then posted: the note's or memory's. */
static unsigned long unit_irtes(struct vn_tables *t, int unit, bool posted)
{
	const struct vn_unit_view *u = &t->units[unit];
	uint64_t base = u->irta & VTD_IRTA_IRTA;
	unsigned long n = 0;
	uint32_t i;

	if (u->note_off >= 0) {
		struct vtd_note_cursor c;
		struct vtd_note_entry e;

		vtd_note_cursor_init(t->note, u->note_off, &c);
		while (vtd_note_next_of(t->note, &c,
					VTD_NOTE_TYPE_BIT(VTD_SEC_IRTE), &e)) {
			if (!(e.val[0] & VTD_IRTE_LO_P) ||
			    !(e.val[0] & VTD_IRTE_LO_IM) != !posted)
				continue;
			print_irte(t->out, e.index, e.val[0], e.val[1], posted);
			n++;
		}
		return n;
	}
	for (i = 0; i < vtd_irta_entries(u->irta); i++) {
		uint64_t v[2];

		if (t->mem.read(t->mem.ctx, base + (uint64_t)i * VTD_IRTE_SIZE,
				v, sizeof(v)) < 0) {
			if (!posted)
				problem(t,
					"unit %d: IRTE %u at 0x%" PRIx64
					": not in the dump; the rest of the "
					"table not read",
					unit, i,
					base + (uint64_t)i * VTD_IRTE_SIZE);
			break;
		}
		if (!(v[0] & VTD_IRTE_LO_P) ||
		    !(v[0] & VTD_IRTE_LO_IM) != !posted)
			continue;
		print_irte(t->out, i, v[0], v[1], posted);
		n++;
	}
	return n;
}

int vn_tables_irtes(struct vn_tables *t)
{
	unsigned long n = 0;
	int i;

	for (i = 0; i < t->nr_units; i++) {
		const struct vn_unit_view *u = &t->units[i];

		if (!(u->ecap & VTD_ECAP_IR))
			continue;
		fprintf(t->out,
			"Remapped Interrupt supported on IOMMU: dmar%d\n", i);
		if (!(u->gsts & VTD_GSTS_IRES) && u->note_off >= 0) {
			fputs("Interrupt Remapping is not enabled\n\n", t->out);
			continue;
		}
		fprintf(t->out, " IR table address:%" PRIx64 "\n",
			u->irta & VTD_IRTA_IRTA);
		fputs(" Entry SrcID   DstID    Vct IRTE_high\t\tIRTE_low\n",
		      t->out);
		n += unit_irtes(t, i, false);
		fputc('\n', t->out);
	}
	fputs("****\n\n", t->out);
	for (i = 0; i < t->nr_units; i++) {
		const struct vn_unit_view *u = &t->units[i];

		if (!(u->cap & VTD_CAP_PI))
			continue;
		fprintf(t->out, "Posted Interrupt supported on IOMMU: dmar%d\n",
			i);
		fprintf(t->out, " IR table address:%" PRIx64 "\n",
			u->irta & VTD_IRTA_IRTA);
		fputs(" Entry SrcID   PDA_high PDA_low  Vct IRTE_high\t\t"
		      "IRTE_low\n",
		      t->out);
		n += unit_irtes(t, i, true);
		fputc('\n', t->out);
	}
	return n ? 0 : 1;
}

/* --- the command both front ends run --- */

const char vn_tables_usage[] =
	"  (no option)      the units at the crash and their pending faults\n"
	"  -d [BDF]         devices: entries, domain, translation, and what\n"
	"                   the dump's memory holds there now\n"
	"  -t BDF IOVA      translate IOVA as BDF's unit would have\n"
	"  -r PADDR         every device and IOVA that maps PADDR\n"
	"  -i               the interrupt remapping table entries\n";

static bool parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!*s || *s == '-')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return !errno && !*end;
}

/* A device argument into @bdf, or false after saying it is none. */
static bool bdf_arg(struct vn_tables *t, const char *s, struct vn_bdf *bdf)
{
	if (vn_parse_bdf(s, bdf))
		return true;
	fprintf(t->err, "%s: %s: not a device ([SSSS:]BB:DD.F)\n", t->who, s);
	return false;
}

int vn_tables_run(struct vn_tables *t, int argc, char **argv)
{
	int opt, mode = 0, left;
	uint64_t addr = 0;
	struct vn_bdf bdf;

	optind = 0; /* glibc: start over, as each command is a new parse */
	while ((opt = getopt(argc, argv, "+dtr:i")) != -1) {
		if (mode || opt == '?')
			goto usage;
		mode = opt;
		if (opt == 'r' && !parse_u64(optarg, &addr)) {
			fprintf(t->err, "%s: -r %s: not an address\n", t->who,
				optarg);
			return 2;
		}
	}
	left = argc - optind;
	switch (mode) {
	case 0:
		if (left)
			goto usage;
		return vn_tables_units(t);
	case 'd':
		if (left > 1)
			goto usage;
		if (left && !bdf_arg(t, argv[optind], &bdf))
			return 2;
		return vn_tables_devices(t, left ? &bdf : NULL);
	case 't':
		if (left != 2)
			goto usage;
		if (!bdf_arg(t, argv[optind], &bdf))
			return 2;
		if (!parse_u64(argv[optind + 1], &addr)) {
			fprintf(t->err, "%s: %s: not an address\n", t->who,
				argv[optind + 1]);
			return 2;
		}
		return vn_tables_translate(t, &bdf, addr);
	case 'r':
		if (left)
			goto usage;
		return vn_tables_reverse(t, addr);
	case 'i':
		if (left)
			goto usage;
		return vn_tables_irtes(t);
	}
usage:
	fprintf(t->err, "%s: one of these at a time:\n%s", t->who,
		vn_tables_usage);
	return 2;
}
