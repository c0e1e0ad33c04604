// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_note.c - libFuzzer target for the note reader: the input is taken
 * both as a note area (as in a PT_NOTE) and as a bare descriptor; whatever
 * is accepted is read in full.  A note accepted once must re-encode to a
 * note that is accepted again with the same units and entries.  Random
 * bytes rarely carry a good checksum, so the input is also tried with its
 * checksum fixed up: that takes the fuzzer past the checksum into the
 * structural checks.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <kexec-vtd/note.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t out[VTD_NOTE_AREA_MAX];
static uint8_t sealed[VTD_NOTE_AREA_MAX];

/* Read everything; re-encode it; returns the number of entries seen. */
static unsigned int read_all(const struct vtd_note *n, bool reencode)
{
	struct vtd_note_unit_info u;
	struct vtd_note_writer w;
	struct vtd_note_info info;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	unsigned int entries = 0;
	int off;

	vtd_note_get_info(n, &info);
	if (reencode && vtd_note_init(&w, out, sizeof(out), info.tsc_start))
		__builtin_trap();
	for (off = vtd_note_first_unit(n); off >= 0;
	     off = vtd_note_next_unit(n, off)) {
		vtd_note_get_unit(n, off, &u);
		if (reencode && vtd_note_add_unit(&w, &u))
			__builtin_trap();
		vtd_note_cursor_init(n, off, &c);
		while (vtd_note_next_entry(n, &c, &e)) {
			entries++;
			if (reencode && vtd_note_add_entry(&w, &e))
				__builtin_trap();
		}
	}
	if (reencode) {
		const void *desc;
		size_t desc_len;
		struct vtd_note again;
		int used = vtd_note_finish(&w, info.tsc_end);

		if (used <= 0 ||
		    vtd_note_find(out, (size_t)used, &desc, &desc_len, NULL) ||
		    vtd_note_open(&again, desc, desc_len, NULL) ||
		    read_all(&again, false) != entries)
			__builtin_trap();
	}
	return entries;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const void *desc;
	size_t desc_len;
	struct vtd_note n;

	if (vtd_note_find(data, size, &desc, &desc_len, NULL) == 0 &&
	    vtd_note_open(&n, desc, desc_len, NULL) == 0)
		read_all(&n, true);
	if (vtd_note_open(&n, data, size, NULL) == 0)
		read_all(&n, true);
	if (size >= sizeof(struct vtd_note_hdr) && size <= sizeof(sealed)) {
		memcpy(sealed, data, size);
		vtd_st_le32(sealed + offsetof(struct vtd_note_hdr, checksum),
			    vtd_note_checksum(sealed, size));
		if (vtd_note_open(&n, sealed, size, NULL) == 0)
			read_all(&n, true);
	}
	return 0;
}
