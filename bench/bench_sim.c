// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench_sim.c - what a translation costs in the VT-d model, for the
 * property tests that run thousands of scenarios through it.
 *
 * Usage: bench_sim [N]   (N translations of cached IOVAs, default 2000000)
 * Prints nanoseconds per translation (wall clock, noisy on shared
 * machines) and the IOTLB hit count; bench/run.sh also runs it under
 * callgrind at two sizes and prints instructions per translation, which
 * does not depend on the machine's load.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <kexec-vtd/vtd-hw.h>

#include "platform.h"

#define NR_PAGES 64

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 2000000;
	struct sim_config cfg = { .nr_units = 1,
				  .ram_base = 0x1000000,
				  .ram_size = 64 << 20 };
	struct fk_config fk = FK_CONFIG_LINUX(8, 1, 7);
	struct sim_dev dev = { .unit = 0, .sid = 0x0100 };
	struct sim *sim;
	double t0, t1;
	uint64_t sink = 0;
	uint8_t buf[8];
	long i;

	sim_config_default(&cfg, 1, NULL);
	sim = sim_new(&cfg);
	if (!sim)
		return 1;
	fk_boot(sim, &fk, &dev, 1);
	for (i = 0; i < dev.nr_maps; i++) /* warm the IOTLB */
		sim_dma(sim, 0, dev.sid, dev.map[i].iova, false, buf, 8);

	t0 = now_ns();
	for (i = 0; i < n; i++) {
		struct sim_dma_result r =
			sim_dma(sim, 0, dev.sid,
				dev.map[i % dev.nr_maps].iova + (i & 0x1f8),
				i & 1, buf, sizeof(buf));
		sink += r.pa;
	}
	t1 = now_ns();
	printf("bench_sim: %ld cached translations, %.1f ns each, %llu IOTLB "
	       "hits (checksum %llx)\n",
	       n, n ? (t1 - t0) / (double)n : 0.0,
	       (unsigned long long)sim_unit_stats(sim, 0)->iotlb_hits,
	       (unsigned long long)sink);
	sim_free(sim);
	return 0;
}
