// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_segments.c - the loader's segment plan: allocation bottom-up with
 * alignment, the 16-segment limit, and the placement check (in the
 * highest of the crash ranges).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kexec.h"
#include "report.h"

/* kexec/report.c's kx_err, keeping the message for the test to read. */
static char last_err[256];

void kx_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_err, sizeof(last_err), fmt, ap);
	va_end(ap);
}

static void machine(struct kx_machine *m)
{
	memset(m, 0, sizeof(*m));
	m->crash[0] = (struct kx_range){ 0x2b000000, 0x2bffffff, KX_MEM_RAM };
	m->nr_crash = 1; /* 16 MiB */
}

static void test_segments_alloc_aligns_and_fills(void **state)
{
	struct kx_plan p = { .next = 0x2b000000, .limit = 0x2c000000 };
	uint64_t a, b;

	assert_int_equal(kx_plan_alloc(&p, 100, 4096, &a), 0);
	assert_int_equal(a, 0x2b000000);
	assert_int_equal(kx_plan_alloc(&p, 4096, 0x200000, &b), 0);
	assert_int_equal(b, 0x2b200000);
	assert_int_equal(kx_plan_alloc(&p, 0x1000000, 4096, &b), -1);
	assert_non_null(strstr(last_err, "crash kernel range too small"));
}

static void test_segments_at_most_sixteen(void **state)
{
	struct kx_plan p = { .next = 0x2b000000, .limit = 0x2c000000 };
	int i;

	for (i = 0; i < KX_MAX_SEGMENTS; i++)
		assert_int_equal(kx_plan_add(&p, "s", NULL, 0,
					     0x2b000000 + 0x1000ull * i, 4096,
					     false),
				 0);
	assert_int_equal(kx_plan_add(&p, "one too many", malloc(8), 8,
				     0x2b100000, 4096, false),
			 -1);
	assert_non_null(strstr(last_err, "more than 16 segments"));
	kx_plan_free(&p);
}

static void test_segments_check_catches_misplacement(void **state)
{
	struct kx_machine m;
	struct kx_plan p = { 0 };

	machine(&m);
	assert_int_equal(kx_plan_add(&p, "a", NULL, 0, 0x2b000000, 8192, false),
			 0);
	assert_int_equal(kx_plan_check(&p, &m), 0);
	assert_int_equal(kx_plan_add(&p, "b", NULL, 0, 0x2b001000, 4096, false),
			 0);
	assert_int_equal(kx_plan_check(&p, &m), -1);
	assert_non_null(strstr(last_err, "overlap"));
	p.nr_seg = 1;
	assert_int_equal(
		kx_plan_add(&p, "outside", NULL, 0, 0x2c000000, 4096, false),
		0);
	assert_int_equal(kx_plan_check(&p, &m), -1);
	assert_non_null(strstr(last_err, "misplaced"));
	p.nr_seg = 1;
	assert_int_equal(
		kx_plan_add(&p, "unaligned", NULL, 0, 0x2b100800, 4096, false),
		0);
	assert_int_equal(kx_plan_check(&p, &m), -1);
	kx_plan_free(&p);
}

/* crashkernel=,high: segments go in the high range, never the low one. */
static void test_segments_check_takes_the_highest_range(void **state)
{
	struct kx_machine m;
	struct kx_plan p = { 0 };

	memset(&m, 0, sizeof(m));
	m.crash[0] = (struct kx_range){ 0x6f000000, 0x7effffff, KX_MEM_RAM };
	m.crash[1] = (struct kx_range){ 0x1f0000000, 0x1ffffffff, KX_MEM_RAM };
	m.nr_crash = 2;
	assert_int_equal(
		kx_plan_add(&p, "high", NULL, 0, 0x1f0000000, 4096, false), 0);
	assert_int_equal(kx_plan_check(&p, &m), 0);
	assert_int_equal(
		kx_plan_add(&p, "low", NULL, 0, 0x6f000000, 4096, false), 0);
	assert_int_equal(kx_plan_check(&p, &m), -1);
	assert_non_null(strstr(last_err, "segment low at 0x6f000000"));
	kx_plan_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_segments_alloc_aligns_and_fills),
		cmocka_unit_test(test_segments_at_most_sixteen),
		cmocka_unit_test(test_segments_check_catches_misplacement),
		cmocka_unit_test(test_segments_check_takes_the_highest_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
