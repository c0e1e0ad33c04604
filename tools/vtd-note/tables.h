/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tables.h - an analyst's answers from a crashed machine's VT-d state: the
 * units and the faults pending at the crash, each device's entries and
 * what the crash kernel left of them, one IOVA's translation level by
 * level, every device and IOVA that maps a physical address, and the
 * IRTEs.  The state is the note's where the dump has one and the
 * kernel's own structures' where it has not (the caller fills the units
 * in); the page tables are read from the dump's memory (lib/walk.c).
 *
 * Shared by `vtd-note tables` and the crash extension's `vtd` command,
 * which give the same answers in the same layout.  Device rows and IRTE
 * rows begin with the columns of Linux's debugfs files
 * dmar_translation_struct and ir_translation_struct, so a live capture
 * and a dump can be compared with cut -f1-4 and diff; the decoded fields
 * follow after a tab.
 */
#ifndef VN_TABLES_H
#define VN_TABLES_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <kexec-vtd/note.h>
#include <kexec-vtd/walk.h>

/* One remapping unit, from the note or from the kernel's structures. */
struct vn_unit_view {
	uint64_t reg_base;
	uint16_t segment;
	uint8_t mode; /* VTD_NOTE_MODE_* (RTADDR.TTM) */
	uint32_t gsts, fsts;
	uint64_t cap, ecap, rtaddr, irta;
	int note_off; /* its record in the note, or -1 */
};

struct vn_tables {
	FILE *out;		     /* the answers */
	FILE *err;		     /* what could not be read, one line each */
	const char *who;	     /* prefixes those lines */
	const struct vtd_note *note; /* NULL: the dump has none */
	struct vtd_mem mem;
	struct vn_unit_view *units;
	int nr_units;
	struct vtd_walk_scratch *scratch;
	unsigned long problems; /* lines written to err */
};

/*
 * Fill @t's units from @n (malloc'd; vn_tables_free() frees them).
 * Returns 0 or -VTD_ERR_INTERNAL (out of memory).
 */
int vn_tables_from_note(struct vn_tables *t, const struct vtd_note *n);
/* Make room for @nr units the caller fills in, note_off -1. */
int vn_tables_alloc_units(struct vn_tables *t, int nr);
void vn_tables_free(struct vn_tables *t);

/* A PCI function as a user names it; segment -1 when not named. */
struct vn_bdf {
	int segment;
	uint16_t bus;
	uint8_t devfn;
};

/*
 * "SSSS:BB:DD.F", "BB:DD.F" or "DD.F" (bus 0) into @b; false if not one.
 * Without a segment, any unit's function of that number answers.
 */
bool vn_parse_bdf(const char *s, struct vn_bdf *b);

/* Each prints its answer; returns 0, or 1 when there was none. */
int vn_tables_units(struct vn_tables *t);
/* Every device's row, or @only's (each unit's of that number). */
int vn_tables_devices(struct vn_tables *t, const struct vn_bdf *only);
/*
 * @iova through @b's tables.  A function named without a segment that
 * units of two segments hold is refused, naming them: 1.
 */
int vn_tables_translate(struct vn_tables *t, const struct vn_bdf *b,
			uint64_t iova);
int vn_tables_reverse(struct vn_tables *t, uint64_t pa);
int vn_tables_irtes(struct vn_tables *t);

/*
 * The command line both front ends take, ARGV[0] being the command's
 * name: no option (units), -d [BDF], -t BDF IOVA, -r PADDR or -i.
 * Returns 0 (answered), 1 (no answer: none said so) or 2 (usage,
 * printed to t->err).
 */
int vn_tables_run(struct vn_tables *t, int argc, char **argv);
extern const char vn_tables_usage[];

#endif /* VN_TABLES_H */
