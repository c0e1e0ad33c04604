/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * internal.h - helpers shared by the parsers of lib/, not part of the API.
 */
#ifndef KEXEC_VTD_LIB_INTERNAL_H
#define KEXEC_VTD_LIB_INTERNAL_H

#include <kexec-vtd/env.h>

/* Report where a check failed, when the caller asked. */
static inline void vtd_set_bad_off_(size_t *bad_off, size_t off)
{
	if (bad_off)
		*bad_off = off;
}

static inline bool vtd_bytes_zero_(const u8 *p, size_t len)
{
	while (len--)
		if (*p++)
			return false;
	return true;
}

#endif /* KEXEC_VTD_LIB_INTERNAL_H */
