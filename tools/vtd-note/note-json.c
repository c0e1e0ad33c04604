// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * note-json.c - the note as JSON, both ways.
 *
 * `show --json` prints this form and `make` reads it back, so a note can
 * be described, written, decoded and compared without a crash.  64-bit
 * values are "0x..." strings: JSON numbers lose bits above 2^53 in most
 * readers.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/vtd-hw.h>

#include "vtd-note.h"

json_object *vn_json_hex(uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	return json_object_new_string(buf);
}

const char *vn_note_mode_name(uint8_t mode)
{
	switch (mode) {
	case VTD_NOTE_MODE_LEGACY:
		return "legacy";
	case VTD_NOTE_MODE_SCALABLE:
		return "scalable";
	case VTD_NOTE_MODE_ABORT_DMA:
		return "abort-dma";
	default:
		return "reserved";
	}
}

const char *vn_note_taker_name(uint32_t taker)
{
	switch (taker) {
	case VTD_NOTE_TAKER_PURGATORY:
		return "purgatory";
	case VTD_NOTE_TAKER_KERNEL:
		return "kernel";
	default:
		return "unknown";
	}
}

static const struct flag_name {
	uint32_t bit;
	const char *name;
} note_flags[] = {
	{ VTD_NOTE_F_COMPLETE, "complete" },
	{ VTD_NOTE_F_TRUNCATED, "truncated" },
	{ VTD_NOTE_F_UNIT_FAILED, "unit-failed" },
}, unit_flags[] = {
	{ VTD_UNIT_F_TRUNCATED, "truncated" },
	{ VTD_UNIT_F_UNREADABLE, "unreadable" },
	{ VTD_UNIT_F_RTADDR_BAD, "rtaddr-bad" },
	{ VTD_UNIT_F_CTX_TABLE_BAD, "ctx-table-bad" },
	{ VTD_UNIT_F_IRTA_BAD, "irta-bad" },
	{ VTD_UNIT_F_LIMIT, "limit" },
	{ VTD_UNIT_F_UNMAPPED, "unmapped" },
	{ VTD_UNIT_F_PASID_TABLE_BAD, "pasid-table-bad" },
};

static void flag_names(const struct flag_name *tab, size_t n, uint32_t flags,
		       char *buf, size_t len)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (!(flags & tab[i].bit))
			continue;
		used += (size_t)snprintf(buf + used,
					 used < len ? len - used : 0, "%s%s",
					 used ? "," : "", tab[i].name);
		flags &= ~tab[i].bit;
	}
	if (flags)
		snprintf(buf + used, used < len ? len - used : 0, "%s0x%x",
			 used ? "," : "", flags);
	else if (!used)
		snprintf(buf, len, "none");
}

void vn_note_flag_names(uint32_t flags, char *buf, size_t len)
{
	flag_names(note_flags, VTD_ARRAY_SIZE(note_flags), flags, buf, len);
}

void vn_unit_flag_names(uint32_t flags, char *buf, size_t len)
{
	flag_names(unit_flags, VTD_ARRAY_SIZE(unit_flags), flags, buf, len);
}

static void add_hex(json_object *o, const char *key, uint64_t v)
{
	json_object_object_add(o, key, vn_json_hex(v));
}

static void add_int(json_object *o, const char *key, int64_t v)
{
	json_object_object_add(o, key, json_object_new_int64(v));
}

/* Words of the entry kept as a "val" array, or 0 for "lo" and "hi". */
static int val_words(int type)
{
	switch (type) {
	case VTD_SEC_SM_CTX:
		return VTD_SM_CTX_WORDS;
	case VTD_SEC_PASID:
		return VTD_PASID_ENTRY_WORDS;
	default:
		return 0;
	}
}

static json_object *entry_to_json(const struct vtd_note_entry *e)
{
	json_object *o = json_object_new_object();
	json_object *vals;
	int i, n = val_words(e->type);

	switch (e->type) {
	case VTD_SEC_ROOT:
		add_int(o, "bus", e->bus);
		break;
	case VTD_SEC_CTX:
	case VTD_SEC_SM_CTX:
		add_int(o, "bus", e->bus);
		add_int(o, "devfn", e->devfn);
		add_hex(o, "table", e->table);
		break;
	case VTD_SEC_PASID:
		add_int(o, "bus", e->bus);
		add_int(o, "devfn", e->devfn);
		add_int(o, "pasid", e->index);
		add_hex(o, "dir", e->dir);
		add_hex(o, "table", e->table);
		break;
	default:
		add_int(o, "index", e->index);
		break;
	}
	if (n) {
		vals = json_object_new_array();
		for (i = 0; i < n; i++)
			json_object_array_add(vals, vn_json_hex(e->val[i]));
		json_object_object_add(o, "val", vals);
	} else {
		add_hex(o, "lo", e->val[0]);
		add_hex(o, "hi", e->val[1]);
	}
	return o;
}

static const char *const sec_keys[] = {
	[VTD_SEC_ROOT] = "roots",	  [VTD_SEC_CTX] = "contexts",
	[VTD_SEC_SM_CTX] = "sm_contexts", [VTD_SEC_IRTE] = "irtes",
	[VTD_SEC_FAULT] = "faults",	  [VTD_SEC_PASID] = "pasids",
};

static json_object *unit_to_json(const struct vtd_note *n, int off)
{
	json_object *o = json_object_new_object();
	json_object *arrays[VTD_ARRAY_SIZE(sec_keys)] = { NULL };
	struct vtd_note_unit_info u;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	char names[128];
	size_t t;

	vtd_note_get_unit(n, off, &u);
	add_hex(o, "register_base", u.reg_base);
	add_int(o, "segment", u.segment);
	json_object_object_add(
		o, "mode", json_object_new_string(vn_note_mode_name(u.mode)));
	add_int(o, "flags", u.flags);
	vn_unit_flag_names(u.flags, names, sizeof(names));
	json_object_object_add(o, "flag_names", json_object_new_string(names));
	add_hex(o, "ver", u.ver);
	add_hex(o, "cap", u.cap);
	add_hex(o, "ecap", u.ecap);
	add_hex(o, "gsts", u.gsts);
	add_hex(o, "fsts", u.fsts);
	add_hex(o, "rtaddr", u.rtaddr);
	add_hex(o, "irta", u.irta);
	for (t = 1; t < VTD_ARRAY_SIZE(sec_keys); t++)
		arrays[t] = json_object_new_array();
	vtd_note_cursor_init(n, off, &c);
	while (vtd_note_next_entry(n, &c, &e))
		if (e.type < VTD_ARRAY_SIZE(sec_keys) && arrays[e.type])
			json_object_array_add(arrays[e.type],
					      entry_to_json(&e));
	for (t = 1; t < VTD_ARRAY_SIZE(sec_keys); t++)
		json_object_object_add(o, sec_keys[t], arrays[t]);
	return o;
}

json_object *vn_note_to_json(const struct vtd_note *n)
{
	json_object *root = json_object_new_object();
	json_object *units = json_object_new_array();
	struct vtd_note_info info;
	char names[64];
	int off;

	vtd_note_get_info(n, &info);
	add_int(root, "major", info.major);
	add_int(root, "minor", info.minor);
	add_int(root, "flags", info.flags);
	vn_note_flag_names(info.flags, names, sizeof(names));
	json_object_object_add(root, "flag_names",
			       json_object_new_string(names));
	add_hex(root, "tsc_start", info.tsc_start);
	add_hex(root, "tsc_end", info.tsc_end);
	add_int(root, "capture_cycles",
		info.tsc_end >= info.tsc_start
			? (int64_t)(info.tsc_end - info.tsc_start)
			: -1);
	add_hex(root, "checksum", info.checksum);
	add_int(root, "taker", info.taker);
	json_object_object_add(
		root, "taker_name",
		json_object_new_string(vn_note_taker_name(info.taker)));
	add_int(root, "size", (int64_t)n->len);
	for (off = vtd_note_first_unit(n); off >= 0;
	     off = vtd_note_next_unit(n, off))
		json_object_array_add(units, unit_to_json(n, off));
	json_object_object_add(root, "units", units);
	return root;
}

/* --- reading a description back --- */

struct desc_ctx {
	const char *what; /* file name, for messages */
	char where[96];	  /* JSON path of the object being read */
};

/* Read @f as an unsigned number: a JSON integer or a "0x..." string. */
static int parse_u64(struct desc_ctx *dc, json_object *f, const char *label,
		     uint64_t max, uint64_t *v)
{
	const char *s;
	char *end;

	*v = 0;
	if (json_object_is_type(f, json_type_int)) {
		int64_t i = json_object_get_int64(f);

		if (i < 0)
			goto bad;
		*v = (uint64_t)i;
	} else if (json_object_is_type(f, json_type_string)) {
		s = json_object_get_string(f);
		errno = 0;
		*v = strtoull(s, &end, 0);
		if (errno || end == s || *end || *s == '-')
			goto bad;
	} else {
		goto bad;
	}
	if (*v > max)
		goto bad;
	return 0;
bad:
	vn_err("%s: %s: \"%s\" is not a number from 0 to 0x%" PRIx64, dc->what,
	       dc->where, label, max);
	return -1;
}

static int get_u64(struct desc_ctx *dc, json_object *o, const char *key,
		   bool required, uint64_t max, uint64_t *v)
{
	json_object *f;

	*v = 0;
	if (json_object_object_get_ex(o, key, &f))
		return parse_u64(dc, f, key, max, v);
	if (!required)
		return 0;
	vn_err("%s: %s: missing \"%s\"", dc->what, dc->where, key);
	return -1;
}

static int mode_from_json(struct desc_ctx *dc, json_object *u, uint8_t *mode)
{
	static const uint8_t modes[] = { VTD_NOTE_MODE_LEGACY,
					 VTD_NOTE_MODE_SCALABLE,
					 VTD_NOTE_MODE_ABORT_DMA };
	json_object *f;
	size_t i;

	*mode = VTD_NOTE_MODE_LEGACY;
	if (!json_object_object_get_ex(u, "mode", &f))
		return 0;
	for (i = 0; i < VTD_ARRAY_SIZE(modes); i++) {
		if (!strcmp(json_object_get_string(f),
			    vn_note_mode_name(modes[i]))) {
			*mode = modes[i];
			return 0;
		}
	}
	vn_err("%s: %s: unknown mode \"%s\"", dc->what, dc->where,
	       json_object_get_string(f));
	return -1;
}

static int unit_info_from_json(struct desc_ctx *dc, json_object *u,
			       struct vtd_note_unit_info *ui)
{
	uint64_t v[10];

	memset(ui, 0, sizeof(*ui));
	if (get_u64(dc, u, "register_base", true, UINT64_MAX, &v[0]) ||
	    get_u64(dc, u, "segment", false, UINT16_MAX, &v[1]) ||
	    get_u64(dc, u, "flags", false, UINT32_MAX, &v[2]) ||
	    get_u64(dc, u, "ver", false, UINT32_MAX, &v[3]) ||
	    get_u64(dc, u, "cap", false, UINT64_MAX, &v[4]) ||
	    get_u64(dc, u, "ecap", false, UINT64_MAX, &v[5]) ||
	    get_u64(dc, u, "gsts", false, UINT32_MAX, &v[6]) ||
	    get_u64(dc, u, "fsts", false, UINT32_MAX, &v[7]) ||
	    get_u64(dc, u, "rtaddr", false, UINT64_MAX, &v[8]) ||
	    get_u64(dc, u, "irta", false, UINT64_MAX, &v[9]) ||
	    mode_from_json(dc, u, &ui->mode))
		return -1;
	ui->reg_base = v[0];
	ui->segment = (uint16_t)v[1];
	ui->flags = (uint32_t)v[2];
	ui->ver = (uint32_t)v[3];
	ui->cap = v[4];
	ui->ecap = v[5];
	ui->gsts = (uint32_t)v[6];
	ui->fsts = (uint32_t)v[7];
	ui->rtaddr = v[8];
	ui->irta = v[9];
	return 0;
}

static int entry_from_json(struct desc_ctx *dc, json_object *o, int type,
			   struct vtd_note_entry *e)
{
	uint64_t bus = 0, devfn = 0, index = 0, table = 0;
	json_object *vals;
	int i, n = val_words(type);

	memset(e, 0, sizeof(*e));
	e->type = (uint16_t)type;
	if (type == VTD_SEC_IRTE || type == VTD_SEC_FAULT) {
		if (get_u64(dc, o, "index", true, UINT32_MAX, &index))
			return -1;
	} else if (get_u64(dc, o, "bus", true, UINT8_MAX, &bus)) {
		return -1;
	}
	if ((type == VTD_SEC_CTX || type == VTD_SEC_SM_CTX ||
	     type == VTD_SEC_PASID) &&
	    (get_u64(dc, o, "devfn", true, UINT8_MAX, &devfn) ||
	     get_u64(dc, o, "table", false, UINT64_MAX, &table)))
		return -1;
	if (type == VTD_SEC_PASID &&
	    (get_u64(dc, o, "pasid", true, (1u << VTD_PASID_BITS) - 1,
		     &index) ||
	     get_u64(dc, o, "dir", false, UINT64_MAX, &e->dir)))
		return -1;
	e->bus = (uint16_t)bus;
	e->devfn = (uint8_t)devfn;
	e->index = (uint32_t)index;
	e->table = table;
	if (!n) {
		if (get_u64(dc, o, "lo", true, UINT64_MAX, &e->val[0]) ||
		    get_u64(dc, o, "hi", false, UINT64_MAX, &e->val[1]))
			return -1;
		return 0;
	}
	if (!json_object_object_get_ex(o, "val", &vals) ||
	    !json_object_is_type(vals, json_type_array) ||
	    json_object_array_length(vals) != (size_t)n) {
		vn_err("%s: %s: \"val\" must be an array of %d values",
		       dc->what, dc->where, n);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (parse_u64(dc, json_object_array_get_idx(vals, (size_t)i),
			      "val", UINT64_MAX, &e->val[i]))
			return -1;
	return 0;
}

/* Entries of one unit, section by section; NOSPACE is not an error. */
static int unit_entries_from_json(struct desc_ctx *dc, json_object *u,
				  size_t ui, struct vtd_note_writer *w)
{
	struct vtd_note_entry e;
	json_object *arr;
	size_t t, i;

	for (t = 1; t < VTD_ARRAY_SIZE(sec_keys); t++) {
		if (!json_object_object_get_ex(u, sec_keys[t], &arr))
			continue;
		if (!json_object_is_type(arr, json_type_array)) {
			vn_err("%s: units[%zu].%s: not an array", dc->what, ui,
			       sec_keys[t]);
			return -1;
		}
		for (i = 0; i < json_object_array_length(arr); i++) {
			snprintf(dc->where, sizeof(dc->where),
				 "units[%zu].%s[%zu]", ui, sec_keys[t], i);
			if (entry_from_json(dc,
					    json_object_array_get_idx(arr, i),
					    (int)t, &e))
				return -1;
			if (vtd_note_add_entry(w, &e) == -VTD_ERR_NOSPACE)
				return 0;
		}
	}
	return 0;
}

/*
 * Write the note that @root describes into @buf.  Returns the bytes of the
 * area in use, or -1 after printing what is wrong with the description.
 */
int vn_note_from_json(json_object *root, void *buf, size_t size,
		      const char *what)
{
	struct desc_ctx dc = { .what = what, .where = "top level" };
	struct vtd_note_unit_info ui;
	struct vtd_note_writer w;
	uint64_t tsc_start, tsc_end, taker = VTD_NOTE_TAKER_PURGATORY;
	json_object *units;
	size_t i, nr;
	int ret;

	if (!json_object_is_type(root, json_type_object) ||
	    !json_object_object_get_ex(root, "units", &units) ||
	    !json_object_is_type(units, json_type_array)) {
		vn_err("%s: expected an object with a \"units\" array", what);
		return -1;
	}
	if (get_u64(&dc, root, "tsc_start", false, UINT64_MAX, &tsc_start) ||
	    get_u64(&dc, root, "tsc_end", false, UINT64_MAX, &tsc_end) ||
	    get_u64(&dc, root, "taker", false, UINT32_MAX, &taker))
		return -1;
	ret = vtd_note_init(&w, buf, size, tsc_start);
	if (ret < 0) {
		vn_err("%s: buffer of %zu bytes: %s", what, size,
		       vtd_strerror(ret));
		return -1;
	}
	vtd_note_set_taker(&w, (uint32_t)taker);
	nr = json_object_array_length(units);
	if (vtd_note_reserve_units(&w, (uint32_t)nr) < 0)
		vtd_note_reserve_units(&w, 0);
	for (i = 0; i < nr; i++) {
		json_object *u = json_object_array_get_idx(units, i);

		snprintf(dc.where, sizeof(dc.where), "units[%zu]", i);
		if (!json_object_is_type(u, json_type_object)) {
			vn_err("%s: %s: not an object", what, dc.where);
			return -1;
		}
		if (unit_info_from_json(&dc, u, &ui))
			return -1;
		if (vtd_note_add_unit(&w, &ui) == -VTD_ERR_NOSPACE)
			continue;
		if (unit_entries_from_json(&dc, u, i, &w))
			return -1;
	}
	return vtd_note_finish(&w, tsc_end);
}
