// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_sim_baseline.c - the failure kexec-vtd exists to fix, reproduced in
 * the model.  A first kernel programs the units as Linux does and its
 * devices run cleanly; then a crash kernel that resets the IOMMU (as
 * kernels before 4.2 did) runs with the same devices still doing DMA and
 * raising interrupts between every one of its steps.  The model must show
 * misdirected writes while translation is off, then DMA faults of reason
 * 1 and interrupt faults of reason 34 from exactly the devices in flight.
 *
 * These counts are the baseline the adoption issue drives to zero.
 * Every scenario comes from a seed; a failure prints it for replay.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/vtd-hw.h>

#include "platform.h"

#define RAM 0x1000000ull
#define NR_SEEDS 24

/* Which (unit, source-id) pairs saw which fault reasons. */
struct seen {
	uint8_t *reasons; /* [unit][sid] -> bit 0 reason 1, bit 1 reason 34 */
	uint64_t other;	  /* faults of any other reason */
	char first_dma[256];
	char first_irq[256];
};

static void on_event(void *ctx, const struct sim_event *ev)
{
	struct seen *s = ctx;
	uint8_t *r = &s->reasons[ev->unit * 65536 + ev->sid];

	if (ev->type != SIM_EV_DMA_FAULT && ev->type != SIM_EV_IRQ_FAULT)
		return;
	if (ev->reason == VTD_FR_ROOT_ENTRY_P) {
		*r |= 1;
		if (!s->first_dma[0])
			sim_fault_str(ev, s->first_dma, sizeof(s->first_dma));
	} else if (ev->reason == VTD_FR_IR_ENTRY_P) {
		*r |= 2;
		if (!s->first_irq[0])
			sim_fault_str(ev, s->first_irq, sizeof(s->first_irq));
	} else {
		s->other++;
	}
}

/* Units at 0xfed90000 + 0x1000 * i; segments as given. */
static struct sim *make_platform(int nr_units, const uint16_t *segments)
{
	struct sim_config cfg;

	sim_config_default(&cfg, nr_units, segments);
	return sim_new(&cfg);
}

/* Spread devices over units and buses: unit = i % units, bus by index. */
static struct sim_dev *make_devices(int nr, int nr_units)
{
	struct sim_dev *devs = calloc((size_t)nr, sizeof(*devs));
	int i;

	assert_non_null(devs);
	for (i = 0; i < nr; i++) {
		devs[i].unit = i % nr_units;
		devs[i].sid = (uint16_t)(((i / nr_units) / 32 + 1) << 8 |
					 VTD_DEVFN((i / nr_units) % 32, 0));
	}
	return devs;
}

static const struct fk_config linux_like = FK_CONFIG_LINUX(4, 2, 15);

static void assert_clean(struct sim *sim, struct sim_dev *devs, int nr)
{
	struct sim_dev_counts sum;
	int u;

	sim_dev_counts_sum(devs, nr, &sum);
	assert_int_equal(sum.dma_faults, 0);
	assert_int_equal(sum.dma_misdirected, 0);
	assert_int_equal(sum.irq_faults, 0);
	assert_int_equal(sum.irq_misdirected, 0);
	assert_true(sum.dma_ok > 0 && sum.irq_ok > 0);
	for (u = 0; u < sim_nr_units(sim); u++)
		assert_int_equal(sim_unit_stats(sim, u)->misprogrammed, 0);
}

/* The first kernel's state is right: its devices run without a fault. */
static void test_sim_first_kernel_runs_clean(void **state)
{
	const uint16_t seg[] = { 0 };
	struct sim *sim = make_platform(1, seg);
	struct sim_dev *devs = make_devices(8, 1);
	struct sim_traffic t = { .sim = sim, .devs = devs, .nr_devs = 8 };

	sim_rng_init(&t.rng, sim_rng_seed_from_env(1));
	fk_boot(sim, &linux_like, devs, 8);
	sim_traffic_burst(&t, 50);
	assert_clean(sim, devs, 8);
	free(devs);
	sim_free(sim);
}

/* Hundreds of devices over several units and two PCI segments. */
static void test_sim_large_platform_runs_clean(void **state)
{
	const uint16_t seg[] = { 0, 0, 1, 1 };
	const int nr = 400;
	struct sim *sim = make_platform(4, seg);
	struct sim_dev *devs = make_devices(nr, 4);
	struct sim_traffic t = { .sim = sim, .devs = devs, .nr_devs = nr };

	sim_rng_init(&t.rng, sim_rng_seed_from_env(2));
	fk_boot(sim, &linux_like, devs, nr);
	sim_traffic_burst(&t, 10);
	assert_clean(sim, devs, nr);
	free(devs);
	sim_free(sim);
}

/*
 * The seed's failure, for one seed: every device in flight across the
 * naive crash kernel.  Returns the device counts after it, for reporting.
 */
static void run_naive(uint64_t seed, int nr_units, int nr_devs,
		      struct sim_dev_counts *sum, uint64_t *reason1,
		      uint64_t *reason34)
{
	const uint16_t seg[] = { 0, 0, 1 };
	struct sim *sim = make_platform(nr_units, seg);
	struct sim_dev *devs = make_devices(nr_devs, nr_units);
	struct sim_traffic t = { .sim = sim,
				 .devs = devs,
				 .nr_devs = nr_devs,
				 .min_ops = 2,
				 .max_ops = 6 };
	struct seen seen = { .reasons = calloc((size_t)nr_units, 65536) };
	int i, u;

	sim_rng_init(&t.rng, seed);
	fk_boot(sim, &linux_like, devs, nr_devs);
	sim_traffic_burst(&t, 5);
	assert_clean(sim, devs, nr_devs);

	sim_set_trace(sim, on_event, &seen);
	sim_set_step_hook(sim, sim_traffic_step, &t);
	naive_crash_kernel(sim);
	sim_set_step_hook(sim, NULL, NULL);
	/* Every device is still in flight after the crash kernel is done. */
	sim_traffic_burst(&t, 3);

	sim_dev_counts_sum(devs, nr_devs, sum);
	if (sum->writes_misdirected == 0)
		fail_msg("seed 0x%llx: no misdirected write while translation "
			 "was off",
			 (unsigned long long)seed);
	for (i = 0; i < nr_devs; i++) {
		uint8_t r = seen.reasons[devs[i].unit * 65536 + devs[i].sid];

		if (r != 3)
			fail_msg("seed 0x%llx: device %04x on unit %d saw "
				 "reasons mask %u, expected reason 1 and 34",
				 (unsigned long long)seed, devs[i].sid,
				 devs[i].unit, r);
	}
	/* ...and nobody else did: the faults are exactly those devices. */
	for (u = 0; u < nr_units; u++) {
		for (i = 0; i < 65536; i++) {
			int d;
			bool known = false;

			if (!seen.reasons[u * 65536 + i])
				continue;
			for (d = 0; d < nr_devs; d++)
				known |= devs[d].unit == u && devs[d].sid == i;
			if (!known)
				fail_msg("seed 0x%llx: fault from %04x on unit "
					 "%d, which is no device",
					 (unsigned long long)seed, i, u);
		}
	}
	assert_int_equal(seen.other, 0);
	assert_string_equal(
		strstr(seen.first_dma, "[fault reason 01] "),
		"[fault reason 01] Present bit in root entry is clear");
	assert_string_equal(
		strstr(seen.first_irq, "[fault reason 34] "),
		"[fault reason 34] Present field in the IRTE entry is clear");
	*reason1 = *reason34 = 0;
	for (u = 0; u < nr_units; u++) {
		*reason1 += sim_unit_stats(sim, u)
				    ->fault_reasons[VTD_FR_ROOT_ENTRY_P];
		*reason34 += sim_unit_stats(sim, u)
				     ->fault_reasons[VTD_FR_IR_ENTRY_P];
	}
	free(seen.reasons);
	free(devs);
	sim_free(sim);
}

static void test_sim_naive_crash_kernel_reproduces_faults(void **state)
{
	uint64_t base = sim_rng_seed_from_env(0xbad5eed), r1 = 0, r34 = 0;
	uint64_t t1 = 0, t34 = 0, tmis = 0;
	struct sim_dev_counts sum;
	int i;

	for (i = 0; i < NR_SEEDS; i++) {
		int units = 1 + i % 3;

		run_naive(base + (uint64_t)i, units, 6 + 5 * i, &sum, &r1,
			  &r34);
		t1 += r1;
		t34 += r34;
		tmis += sum.writes_misdirected;
	}
	printf("# baseline over %d seeds: %llu DMA faults of reason 1, %llu "
	       "interrupt faults of reason 34, %llu misdirected writes\n",
	       NR_SEEDS, (unsigned long long)t1, (unsigned long long)t34,
	       (unsigned long long)tmis);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sim_first_kernel_runs_clean),
		cmocka_unit_test(test_sim_large_platform_runs_clean),
		cmocka_unit_test(test_sim_naive_crash_kernel_reproduces_faults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
