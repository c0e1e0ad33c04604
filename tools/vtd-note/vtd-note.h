/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vtd-note.h - shared declarations of the vtd-note tool.
 *
 * Only main() and the cmd_* functions print to stdout; helpers print one
 * error line to stderr naming the file, the thing and the offset, and
 * return a negative value.
 */
#ifndef VTD_NOTE_TOOL_H
#define VTD_NOTE_TOOL_H

#include <stdio.h>
#include <json-c/json.h>
#include <kexec-vtd/note.h>

#define EXIT_MALFORMED 1 /* input is bad; the message says why */
#define EXIT_USAGE 2	 /* command line is bad */

extern const char *vtd_prog;

void vtd_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A whole file in memory. */
struct vtd_buf {
	uint8_t *data;
	size_t len;
};

int vtd_read_file(const char *path, size_t max, struct vtd_buf *out);
void vtd_buf_free(struct vtd_buf *b);

/* Our note as found in a dump, an area or a bare descriptor. */
struct vtd_loaded_note {
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
int vtd_load_note(char *const *paths, int n, struct vtd_loaded_note *ln);
void vtd_loaded_note_free(struct vtd_loaded_note *ln);

/* Print an error from vtd_note_open() with file and descriptor offsets. */
void vtd_report_note_error(const char *path, const struct vtd_loaded_note *ln,
			   int err, size_t bad_off);

json_object *vtd_note_to_json(const struct vtd_note *n);
int vtd_note_from_json(json_object *root, void *buf, size_t size,
		       const char *what);
void vtd_note_print_text(FILE *f, const struct vtd_note *n);

/* Small formatting helpers shared by the printers. */
json_object *vtd_json_hex(uint64_t v);
const char *vtd_note_mode_name(uint8_t mode);
void vtd_note_flag_names(uint32_t flags, char *buf, size_t len);
void vtd_unit_flag_names(uint32_t flags, char *buf, size_t len);

int cmd_dmar(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_make(int argc, char **argv);

#endif /* VTD_NOTE_TOOL_H */
