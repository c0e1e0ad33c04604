// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_report.c - the loader's error reporting (kexec/report.c): one
 * line per error, "kexec: " first; while held, the first error is kept
 * for the fallback line and the rest are shown with -d only; an
 * allocation that fails says what it was for.  stderr is captured in a
 * temporary file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"

static FILE *captured;
static int saved_stderr;

/* Point stderr at a fresh temporary file. */
static int capture(void **state)
{
	fflush(stderr);
	saved_stderr = dup(STDERR_FILENO);
	captured = tmpfile();
	if (saved_stderr < 0 || !captured ||
	    dup2(fileno(captured), STDERR_FILENO) < 0)
		return -1;
	kx_report_set_debug(false);
	return 0;
}

static int restore(void **state)
{
	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	fclose(captured);
	kx_report_release();
	return 0;
}

/* What went to stderr since capture(). */
static const char *stderr_text(void)
{
	static char text[2048];
	size_t n;

	fflush(stderr);
	rewind(captured);
	n = fread(text, 1, sizeof(text) - 1, captured);
	text[n] = '\0';
	return text;
}

static void test_report_err_is_one_line_named_kexec(void **state)
{
	kx_err("%s: cannot parse '%s'", "/proc/iomem:15", "x");
	assert_string_equal(stderr_text(),
			    "kexec: /proc/iomem:15: cannot parse 'x'\n");
}

static void test_report_hold_keeps_the_first_error(void **state)
{
	kx_report_hold();
	kx_err("DMAR table: impossible length at offset 0x%x", 0x32);
	kx_err("building the crash segments failed");
	assert_string_equal(stderr_text(), "");
	assert_string_equal(kx_report_release(),
			    "DMAR table: impossible length at offset 0x32");
	kx_err("after release");
	assert_string_equal(stderr_text(), "kexec: after release\n");
}

static void test_report_hold_with_debug_shows_the_rest(void **state)
{
	kx_report_set_debug(true);
	kx_report_hold();
	kx_err("first");
	kx_err("second");
	assert_string_equal(kx_report_release(), "first");
	assert_string_equal(stderr_text(), "kexec: second\n");
}

static void test_report_release_without_error_is_empty(void **state)
{
	kx_report_hold();
	assert_string_equal(kx_report_release(), "");
	kx_report_hold();
	kx_err("one");
	kx_report_release();
	kx_report_hold();
	assert_string_equal(kx_report_release(), "");
}

static void test_report_info_only_with_debug(void **state)
{
	kx_info("quiet %d", 1);
	assert_string_equal(stderr_text(), "");
	kx_report_set_debug(true);
	kx_info("said %d", 2);
	assert_string_equal(stderr_text(), "said 2\n");
}

static void test_report_zalloc_says_what_for(void **state)
{
	uint8_t *p = kx_zalloc(64, "a test");
	size_t i;

	assert_non_null(p);
	for (i = 0; i < 64; i++)
		assert_int_equal(p[i], 0);
	free(p);
	assert_null(kx_zalloc(SIZE_MAX - 4096, "the impossible"));
	assert_non_null(strstr(stderr_text(), "kexec: out of memory ("));
	assert_non_null(strstr(stderr_text(), " bytes for the impossible)\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_report_err_is_one_line_named_kexec, capture,
			restore),
		cmocka_unit_test_setup_teardown(
			test_report_hold_keeps_the_first_error, capture,
			restore),
		cmocka_unit_test_setup_teardown(
			test_report_hold_with_debug_shows_the_rest, capture,
			restore),
		cmocka_unit_test_setup_teardown(
			test_report_release_without_error_is_empty, capture,
			restore),
		cmocka_unit_test_setup_teardown(
			test_report_info_only_with_debug, capture, restore),
		cmocka_unit_test_setup_teardown(
			test_report_zalloc_says_what_for, capture, restore),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
