/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * read.h - the format readers (read-*.c): each finds our note in one kind
 * of dump, given the dump's bytes (dump.h), and knows nothing of the
 * others or of the dispatcher (load.c) that chose it.  Each returns 0,
 * -VTD_ERR_NOTFOUND (nothing printed) or another negative code after
 * printing what is wrong.
 */
#ifndef VN_READ_H
#define VN_READ_H

#include <stddef.h>
#include <stdint.h>

#include "vtd-note.h"
#include "dump.h"

/* Where a dump keeps ELF notes: one PT_NOTE, or where a sub-header says. */
struct vn_notes_at {
	uint64_t off, size;
	size_t phdr; /* the PT_NOTE's index (ELF) */
};

/* read-notes.c: what every reader shares. */

/* Find our note in the notes at @at; prints what is wrong. */
int vn_find_in_notes(struct vn_dump *d, const struct vn_notes_at *at,
		     const char *what, const char *container,
		     struct vn_loaded_note *ln);
/* Keep a copy of @len bytes of descriptor at dump offset @file_off. */
int vn_keep_desc(struct vn_loaded_note *ln, const void *desc, size_t len,
		 uint64_t file_off, const char *container);

/* read-elf.c: an ELF dump. */
int vn_find_in_elf(struct vn_dump *d, struct vn_loaded_note *ln);

/* read-makedumpfile.c: a kdump-compressed dump, or the parts of a split one. */
int vn_find_in_mdf(struct vn_dump *d, struct vn_loaded_note *ln);
int vn_find_in_split(char *const *paths, int n, struct vn_loaded_note *ln);

/* read-bytes.c: a snapshot area or a bare descriptor. */
int vn_find_in_bytes(struct vn_dump *d, struct vn_loaded_note *ln);

/*
 * How much of the dump's start holds its headers and notes, for a stream
 * to keep no more (the meta_end of vn_dump_open()): judged from what the
 * stream brought so far, 0 while that cannot be told yet.  Quiet.
 */
uint64_t vn_elf_meta_end(struct vn_dump *d);
uint64_t vn_mdf_meta_end(struct vn_dump *d);

#endif /* VN_READ_H */
