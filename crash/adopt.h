/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * adopt.h - the crash kernel's side of the contract: find the KEXEC-VTD
 * note through the elfcorehdr and decide, unit by unit, whether the live
 * hardware is still the one the note describes.  Anything that does not
 * match falls back to what the kernel does without us, with one reason.
 *
 * Freestanding like lib/: the kernel glue, the VT-d model and tools pass
 * their own way of reading physical memory and registers.  The adoption
 * itself (new context tables, the first dma_map) is still to come.
 */
#ifndef VTD_CRASH_ADOPT_H
#define VTD_CRASH_ADOPT_H

#include <kexec-vtd/env.h>
#include <kexec-vtd/err.h>
#include <kexec-vtd/note.h>

struct vtd_crash_ops {
	/* Copy @len bytes of old memory at @pa; 0 or -VTD_ERR_ACCESS. */
	int (*read_phys)(void *ctx, uint64_t pa, void *buf, size_t len);
	uint32_t (*read32)(void *ctx, uint64_t addr);
	uint64_t (*read64)(void *ctx, uint64_t addr);
};

/**
 * vtd_crash_find_note - find and check the note the elfcorehdr points at
 * @elfcorehdr: physical address (the kernel's elfcorehdr_addr)
 * @buf, @size: room for one snapshot area (VTD_NOTE_AREA_MAX)
 * @n: the opened note, its descriptor inside @buf
 *
 * Walks the ELF64 core header's PT_NOTE segments (bounded by their count
 * and by @size) and opens the first KEXEC-VTD note.  Returns 0,
 * -VTD_ERR_NOTFOUND (no note: the capture never ran or was lost),
 * -VTD_ERR_ACCESS, or the reader's code for a bad header or note.
 */
int vtd_crash_find_note(const struct vtd_crash_ops *ops, void *ctx,
			uint64_t elfcorehdr, void *buf, size_t size,
			struct vtd_note *n);

enum vtd_verdict {
	VTD_ADOPT = 0,
	VTD_FALLBACK_NOT_IN_NOTE,    /* the note has no record of it */
	VTD_FALLBACK_CAPTURE_FAILED, /* the unit or the note is flagged */
	VTD_FALLBACK_REGISTERS,	     /* CAP, ECAP or VER differ */
	VTD_FALLBACK_STATE,	     /* TES or IRES differ */
	VTD_FALLBACK_TABLES,	     /* RTADDR or IRTA differ */
	VTD_FALLBACK_SCALABLE,	     /* scalable mode: not adopted (yet) */
	VTD_VERDICT_MAX,
};

/*
 * Compare the unit at @reg_base with its record in @n.  The verdict says
 * whether to adopt; vtd_verdict_str() is the one log line's reason.
 */
enum vtd_verdict vtd_crash_check_unit(const struct vtd_note *n,
				      const struct vtd_crash_ops *ops,
				      void *ctx, uint64_t reg_base);
const char *vtd_verdict_str(enum vtd_verdict v);

#endif /* VTD_CRASH_ADOPT_H */
