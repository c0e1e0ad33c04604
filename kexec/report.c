// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * report.c - errors and debug lines of the loader, and holding errors
 * back while the handover is tried (report.h says the convention).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "report.h"

const char *const kx_prog = "kexec";

static struct {
	bool debug;
	bool holding;
	char first[512];
} report;

void kx_report_set_debug(bool on)
{
	report.debug = on;
}

void kx_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (report.holding && !report.first[0]) {
		vsnprintf(report.first, sizeof(report.first), fmt, ap);
	} else if (!report.holding || report.debug) {
		fprintf(stderr, "%s: ", kx_prog);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}

void kx_info(const char *fmt, ...)
{
	va_list ap;

	if (!report.debug)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void kx_report_hold(void)
{
	report.holding = true;
	report.first[0] = '\0';
}

const char *kx_report_release(void)
{
	report.holding = false;
	return report.first;
}

void *kx_zalloc(size_t size, const char *what)
{
	void *p = calloc(1, size ? size : 1);

	if (!p)
		kx_err("out of memory (%zu bytes for %s)", size, what);
	return p;
}
