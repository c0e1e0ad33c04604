/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vtd-note.h - shared declarations of the vtd-note tool.
 *
 * Only main() and the vn_cmd_* functions print to stdout; helpers print
 * one error line to stderr naming the file, the thing and the offset, and
 * return a negative value.  The tool's own names start with vn_ / VN_,
 * so that vtd_ / VTD_ always means lib/.
 */
#ifndef VN_VTD_NOTE_H
#define VN_VTD_NOTE_H

#include <stdio.h>
#include <json-c/json.h>
#include <kexec-vtd/note.h>

#define VN_EXIT_MALFORMED 1 /* input is bad; the message says why */
#define VN_EXIT_USAGE 2	    /* command line is bad */

extern const char *vn_prog;

void vn_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A whole file in memory. */
struct vn_buf {
	uint8_t *data;
	size_t len;
};

int vn_read_file(const char *path, size_t max, struct vn_buf *out);
void vn_buf_free(struct vn_buf *b);

/* Our note as found in a dump, an area or a bare descriptor. */
struct vn_loaded_note {
	uint8_t *desc; /* malloc'd copy of the descriptor */
	size_t desc_len;
	uint64_t file_off; /* where the descriptor starts in the dump */
	char container[64]; /* "ELF dump", "flattened kdump-compressed dump,
			     * zlib", "note area"... */
};

/*
 * Find our note in @paths: one file ("-" is standard input), or the @n
 * parts of a split dump, which must agree.  Returns 0, or
 * -VTD_ERR_NOTFOUND (nothing printed: the caller says it), or another
 * negative code after printing what is wrong.
 */
int vn_load_note(char *const *paths, int n, struct vn_loaded_note *ln);
void vn_loaded_note_free(struct vn_loaded_note *ln);
/*
 * vn_load_note() and vtd_note_open(): the note in @paths, checked whole
 * into @n.  Returns 0 or a negative code after printing why (no note: a
 * line saying so, -VTD_ERR_NOTFOUND).
 */
int vn_open_note(char *const *paths, int n_paths, struct vn_loaded_note *ln,
		 struct vtd_note *n);
/*
 * read-debugfs.c: the note a running kernel's debugfs directory
 * iommu/intel (or a copy of its iommu_regset, dmar_translation_struct
 * and ir_translation_struct) makes; vn_load_note() takes a directory so.
 */
int vn_note_from_debugfs(const char *dir, struct vn_loaded_note *ln);
/* The same from the three files, open (@path names each in messages). */
int vn_note_from_debugfs_files(FILE *const f[3], const char *const path[3],
			       const char *what, struct vn_loaded_note *ln);

/* Print an error from vtd_note_open() with file and descriptor offsets. */
void vn_report_note_error(const char *path, const struct vn_loaded_note *ln,
			  int err, size_t bad_off);

json_object *vn_note_to_json(const struct vtd_note *n);
int vn_note_from_json(json_object *root, void *buf, size_t size,
		      const char *what);
void vn_note_print_text(FILE *f, const struct vtd_note *n);
/*
 * One unit as show prints it: its registers, then its entries of the
 * section types in @types (VTD_NOTE_TYPE_BIT()s; ~0 for all).
 */
void vn_note_print_unit(FILE *f, const struct vtd_note *n, int off, int idx,
			uint32_t types);
/* One entry as show prints it: two spaces, the entry, a newline. */
void vn_note_print_entry(FILE *f, const struct vtd_note_entry *e, bool eime);
/* The note as a Graphviz digraph: units, functions, domains, tables. */
void vn_note_print_dot(FILE *f, const struct vtd_note *n);
/* What differs between @a and @b, one line each; how many lines. */
unsigned long vn_note_print_diff(FILE *f, const struct vtd_note *a,
				 const struct vtd_note *b);
/*
 * The same, of the notes' shape only: what two boots of one machine
 * share when nothing changed (units' capabilities and modes, which buses
 * and functions have entries and how they translate, how many IRTEs each
 * source has, the faults), not where the tables happen to lie, domain
 * numbers or vectors.
 */
unsigned long vn_note_print_shape_diff(FILE *f, const struct vtd_note *a,
				       const struct vtd_note *b);

/*
 * What names a note's entry within its unit, as qsort() compares: type
 * (the note's section order), bus, function, then PASID or index.  diff
 * matches entries by it; a note names each once.
 */
static inline int vn_entry_key_cmp(const void *pa, const void *pb)
{
	const struct vtd_note_entry *a = pa, *b = pb;

	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->bus != b->bus)
		return a->bus < b->bus ? -1 : 1;
	if (a->devfn != b->devfn)
		return a->devfn < b->devfn ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* Small formatting helpers shared by the printers. */
/* A legacy context entry's TT, a PASID entry's PGTT, in show's words. */
const char *vn_ctx_tt_name(uint64_t lo);
const char *vn_pasid_pgtt_name(uint64_t lo);
json_object *vn_json_hex(uint64_t v);
const char *vn_note_mode_name(uint8_t mode);
/* "purgatory", "kernel" or "unknown" (a later minor's taker). */
const char *vn_note_taker_name(uint32_t taker);
void vn_note_flag_names(uint32_t flags, char *buf, size_t len);
void vn_unit_flag_names(uint32_t flags, char *buf, size_t len);

int vn_cmd_dmar(int argc, char **argv);
int vn_cmd_show(int argc, char **argv);
int vn_cmd_dot(int argc, char **argv);
int vn_cmd_diff(int argc, char **argv);
int vn_cmd_tables(int argc, char **argv);
int vn_cmd_verify(int argc, char **argv);
int vn_cmd_make(int argc, char **argv);

#endif /* VN_VTD_NOTE_H */
