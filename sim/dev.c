// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dev.c - devices at work: DMA to their rings and MSIs, judged against
 * what their kernel meant, so a write that lands elsewhere is counted as
 * misdirected even when the IOMMU raised no fault.
 */
#include <kexec-vtd/env.h>

#include "platform.h"

/* A translated request from the device-TLB, asking the unit on a miss. */
static struct sim_dma_result dev_dma_ats(struct sim *sim, struct sim_dev *d,
					 int m, uint64_t off, bool write,
					 uint8_t *buf)
{
	uint32_t gen = sim_devtlb_gen(sim, d->unit, sim_dev_rid(d));

	if (!d->dtlb[m].valid || d->dtlb[m].gen != gen) {
		struct sim_dma_result t = sim_ats_translate(
			sim, d->unit, sim_dev_rid(d), d->map[m].iova, write);

		if (t.result != SIM_OK)
			return t;
		d->dtlb[m].valid = true;
		d->dtlb[m].gen = gen;
		d->dtlb[m].pa = t.pa;
	}
	return sim_dma_translated(sim, d->unit, sim_dev_rid(d),
				  d->dtlb[m].pa + off, write, buf, 8);
}

void sim_dev_dma(struct sim *sim, struct sim_dev *d, struct sim_rng *rng)
{
	int m = (int)sim_rng_below(rng, (uint64_t)d->nr_maps);
	uint64_t off = sim_rng_below(rng, 4096 / 8) * 8;
	bool write = sim_rng_next(rng) & 1;
	uint64_t val = (uint64_t)d->id << 32 | d->seq++;
	struct sim_dma_result r;
	uint8_t buf[8];

	if (!d->nr_maps)
		return;
	vtd_st_le64(buf, val);
	if (d->ats)
		r = dev_dma_ats(sim, d, m, off, write, buf);
	else
		r = sim_dma(sim, d->unit, sim_dev_rid(d), d->map[m].iova + off,
			    write, buf, sizeof(buf));
	if (r.result != SIM_OK) {
		d->n.dma_faults++;
	} else if (r.pa == d->map[m].pa + off ||
		   (d->map[m].pa_next && r.pa == d->map[m].pa_next + off)) {
		d->n.dma_ok++;
	} else {
		d->n.dma_misdirected++;
		if (write)
			d->n.writes_misdirected++;
	}
}

void sim_dev_irq(struct sim *sim, struct sim_dev *d, struct sim_rng *rng)
{
	int i = (int)sim_rng_below(rng, (uint64_t)d->nr_irqs);
	struct sim_irq_result r;

	if (!d->nr_irqs)
		return;
	r = sim_msi(sim, d->unit, sim_dev_rid(d), d->irq[i].addr,
		    d->irq[i].data);
	if (r.result != SIM_OK)
		d->n.irq_faults++;
	else if (r.vector == d->irq[i].vector && r.dest == d->irq[i].dest)
		d->n.irq_ok++;
	else
		d->n.irq_misdirected++;
}

static void random_op(struct sim_traffic *t)
{
	struct sim_dev *d =
		&t->devs[sim_rng_below(&t->rng, (uint64_t)t->nr_devs)];

	if (sim_rng_below(&t->rng, 4))
		sim_dev_dma(t->sim, d, &t->rng);
	else
		sim_dev_irq(t->sim, d, &t->rng);
}

void sim_traffic_step(void *traffic)
{
	struct sim_traffic *t = traffic;
	uint64_t n =
		t->min_ops +
		sim_rng_below(&t->rng, (uint64_t)(t->max_ops - t->min_ops) + 1);

	t->steps++;
	while (n--)
		random_op(t);
}

void sim_traffic_burst(struct sim_traffic *t, int rounds)
{
	int r, i;

	for (r = 0; r < rounds; r++) {
		for (i = 0; i < t->nr_devs; i++) {
			sim_dev_dma(t->sim, &t->devs[i], &t->rng);
			sim_dev_irq(t->sim, &t->devs[i], &t->rng);
		}
	}
}

void sim_dev_counts_sum(const struct sim_dev *devs, int nr,
			struct sim_dev_counts *sum)
{
	int i;

	*sum = (struct sim_dev_counts){ 0 };
	for (i = 0; i < nr; i++) {
		sum->dma_ok += devs[i].n.dma_ok;
		sum->dma_faults += devs[i].n.dma_faults;
		sum->dma_misdirected += devs[i].n.dma_misdirected;
		sum->writes_misdirected += devs[i].n.writes_misdirected;
		sum->irq_ok += devs[i].n.irq_ok;
		sum->irq_faults += devs[i].n.irq_faults;
		sum->irq_misdirected += devs[i].n.irq_misdirected;
	}
}
