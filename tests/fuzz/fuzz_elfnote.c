// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_elfnote.c - libFuzzer target for lib/elfnote.c, the one ELF note
 * walker: every record returned lies inside the area, after the one
 * before, and the walk ends; vtd_note_find() agrees with a walk.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <kexec-vtd/elfnote.h>
#include <kexec-vtd/note.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Read every byte, so ASan checks the bounds. */
static uint8_t touch(const uint8_t *p, size_t n)
{
	volatile uint8_t x = 0;

	while (n--)
		x ^= *p++;
	return x;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vtd_elfnote rec;
	const uint8_t *ours = NULL;
	const void *desc;
	size_t desc_len, bad = SIZE_MAX, prev_end = 0, n = 0;
	int ret, found;

	for (rec.end = 0;
	     (ret = vtd_elfnote_next(data, size, rec.end, &rec, &bad)) > 0;) {
		if (rec.off != prev_end || rec.end <= rec.off ||
		    rec.end > size || rec.desc_off + rec.descsz > rec.end ||
		    rec.name != data + rec.off + 12 ||
		    rec.desc != data + rec.desc_off || rec.end % 4 ||
		    ++n > size / 12)
			__builtin_trap();
		touch(rec.name, rec.namesz);
		touch(rec.desc, rec.descsz);
		if (!ours && vtd_elfnote_is(&rec, VTD_NOTE_NAME,
					    VTD_NOTE_NAMESZ, VTD_NOTE_TYPE))
			ours = rec.desc;
		prev_end = rec.end;
	}
	if (ret < 0 && (ret != -VTD_ERR_TRUNCATED || bad >= size))
		__builtin_trap();
	found = vtd_note_find(data, size, &desc, &desc_len, NULL);
	/* Found only where the walk ended well and met our record. */
	if (found == 0 && (ret < 0 || desc != ours))
		__builtin_trap();
	if (found == -VTD_ERR_NOTFOUND && (ret < 0 || ours))
		__builtin_trap();
	return 0;
}
