/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vn-quiet.h - what vtd-note's main.c gives its readers, for the fuzz
 * targets that build them without it: the program's name, and vn_err()
 * formatting every message (so a bad format still shows) and dropping it.
 */
#ifndef VTD_FUZZ_VN_QUIET_H
#define VTD_FUZZ_VN_QUIET_H

#include <stdarg.h>
#include <stdio.h>

const char *vn_prog = "vtd-note";

void vn_err(const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
}

#endif /* VTD_FUZZ_VN_QUIET_H */
