/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * report.h - the loader's one way to say what went wrong.
 *
 * The convention, for every function in kexec/ that can fail: it returns
 * 0 (or a count) on success; on failure it says once, through kx_err(),
 * what failed and where (the file, the structure, the offset), and
 * returns -1.  "Not there" is not a failure where the load can do
 * without it (no DMAR table, no EFI): such functions return 0 with an
 * empty result.  Predicates return bool.  Only main() turns a failure
 * into the fallback line or an exit status.
 */
#ifndef VTD_KEXEC_REPORT_H
#define VTD_KEXEC_REPORT_H

#include <stdbool.h>
#include <stddef.h>

/* The name messages start with, as kexec-tools' do: "kexec: ...". */
extern const char *const kx_prog;

/* One line on stderr, "kexec: " and the message, unless held. */
void kx_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* One line on stderr with -d (kx_report_set_debug), else nothing. */
void kx_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kx_report_set_debug(bool on);

/*
 * While the handover is being prepared a failure is not the end: from
 * kx_report_hold() on, the first error is kept (it becomes the reason in
 * the fallback line) and later ones, usually the same failure seen from
 * further out, are shown with -d only.  kx_report_release() stops
 * holding and returns the kept message, "" when there was none.
 */
void kx_report_hold(void);
const char *kx_report_release(void);

/* calloc(1, @size), saying what for when there is no memory. */
void *kx_zalloc(size_t size, const char *what);

#endif /* VTD_KEXEC_REPORT_H */
