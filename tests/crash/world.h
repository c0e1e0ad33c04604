/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * world.h - the scene every crash/ test plays in: a first kernel on the
 * VT-d model (sim/) with devices in flight, purgatory's snapshot in an
 * area of the model's memory, the loader's elfcorehdr pointing at it, and
 * the crash core reading it all through the model's adapter.  Shared by
 * test_gate.c, test_adopt.c, test_swap.c and test_fence.c, one file for
 * each file of crash/.
 */
#ifndef VTD_TEST_CRASH_WORLD_H
#define VTD_TEST_CRASH_WORLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adapter.h"
#include "platform.h"

/* Where the model's first kernel keeps its RAM, the area and the header. */
#define RAM 0x1000000ull
#define AREA 0x30000000ull
#define CORE_HDR 0x30400000ull
/*
 * The crash kernel's region, [AREA, CRASH_REGION_END): the elfcorehdr
 * leaves it out of the first kernel's RAM, and the fence (#22, 1) keeps
 * every DMA out of it.
 */
#define CRASH_REGION_END (CORE_HDR + 0x100000)
#define BASE0 SIM_BASE
#define BASE1 (SIM_BASE + 0x1000)

/* The crash core reads through the one model adapter (adapter.h). */
#define crash_ops sim_adapter_rd

struct world {
	struct sim *sim;
	int nr_units, nr_devs;
	uint64_t bases[3];
	struct vtd_snap_unit units[3];
	struct sim_dev *devs;
	struct sim_traffic traffic;
	struct sim_adapter env;
	struct vtd_elfcorehdr_ram ram;
	unsigned int nr_notes; /* good notes find_note() saw */
	bool mode_followed;    /* the crash kernel took the note's mode */
	uint8_t *buf;
	size_t area_size;
};

/*
 * The world settings: a test may change any of them for the worlds it
 * makes; world_setup puts every one back to its default before each test.
 */
/* Cache eviction in the worlds made from here on (see sim.h). */
extern unsigned int world_evict_per_1024;
/*
 * Devices at source-ids drawn from the seed, any bus and any devfn
 * (functions 1-7, devfn 0x80-0xff, the last entry of a 16-entry scan
 * block), instead of function 0 of slots on buses 1 onwards.
 */
extern bool world_random_sids;
/*
 * A unit with 5-level tables (MGAW 57: SAGAW 4 and 5 levels; a legacy
 * first kernel's domains use them), caches
 * that fetch entries in halves (sim_config.tear_per_1024), every n-th
 * device with ATS (TT 01b, a device-TLB; the unit then has ECAP.DT).
 */
extern unsigned int world_mgaw;
extern unsigned int world_tear_per_1024;
extern int world_ats_every;
/* ECAP bits every unit gets besides (e.g. VTD_ECAP_DIT). */
extern uint64_t world_ecap_or;
/*
 * The first kernel's other set-ups (platform.h, enum sim_dev_kind): every
 * fifth device shares the previous one's domain, every seventh is
 * pass-through, every eleventh sits behind a bridge (a DMA alias).
 */
extern bool world_kinds;
/*
 * Scalable mode, as Linux 6.12 runs a unit with ECAP.SMTS (#13): PASID
 * directory and table per device, first-stage domains (second-stage with
 * world_second_stage), pass-through with domain id 1, x2APIC IRTEs.
 */
extern bool world_scalable;
extern bool world_second_stage;
/*
 * The crash kernel's new domains nested (first stage on second stage, as
 * an iommufd user would set them; needs ECAP.NEST in world_ecap_or).
 */
extern bool world_crash_nested;
/* IRTE tables of 2^(S+1) entries (0: the first kernel's default). */
extern unsigned int world_irta_s;
/*
 * The crash kernel's own choice of mode (#22, 3): 1 scalable, 0 legacy,
 * -1 the first kernel's.  Whatever it is, the crash kernel runs the
 * units in the mode the note records (vtd_gate_mode_choice()), or the
 * adoption fails the test.  A legacy world on units with ECAP.SMTS
 * (world_ecap_or) is a first kernel booted intel_iommu=sm_off.
 */
extern int world_crash_sm;

/*
 * cmocka's setup for each crash/ test program.  Every world allocates
 * and frees megabytes of the model's memory; left to glibc's own
 * threshold, the heap shrinks after one world and grows again for the
 * next, thousands of times, and the tests spend more time in the kernel's
 * page faults than in the model.  How far that goes depends on what the
 * program happened to allocate first, so it is set here, once.
 */
int world_group_setup(void **state);

/*
 * cmocka's setup for every crash/ test: the world_* settings back to
 * their defaults, so a test that fails half-way through its own settings
 * does not run the tests after it in a world they did not ask for.
 */
int world_setup(void **state);

/*
 * A first kernel on @nr_units units (segments 0, 1, 1) with @nr_devs
 * devices in flight, then purgatory's snapshot into the area and the
 * loader's elfcorehdr pointing at it.  Everything follows from @seed.
 */
void world_up_sized(struct world *w, size_t area_size, int nr_units,
		    int nr_devs, uint64_t seed);
/* Two units, eight devices, from VTD_TEST_SEED (default 71). */
void world_up(struct world *w, size_t area_size);
void world_down(struct world *w);
/*
 * Purgatory's snapshot taken again into the world's area, after a test
 * changed the first kernel's tables (the elfcorehdr is unchanged).
 */
void world_snapshot_again(struct world *w);
/* The first kernel's live context entry of @d (legacy or scalable). */
uint64_t world_live_ctx(struct world *w, const struct sim_dev *d);
/*
 * A PASID besides RID_PASID in use by @d (scalable worlds): PASID 1
 * present in its PASID table with RID_PASID's translation.
 */
void world_add_pasid1(struct world *w, const struct sim_dev *d);
/*
 * The first kernel's own snapshot of the same machine, as a kernel that
 * takes it at panic leaves it: a note naming @taker in a buffer at @pa,
 * and the elfcorehdr naming it beside the loader's area.
 */
#define KERNEL_NOTE (AREA - 0x400000) /* in the first kernel's RAM */
void world_add_kernel_note(struct world *w, uint64_t pa, uint32_t taker);
/*
 * The kernel's own area (@size bytes at @pa, as the crashed kernel left
 * it), named by the elfcorehdr as kexec_file_load names it: beside no
 * note of purgatory's.
 */
void world_put_kernel_area(struct world *w, uint64_t pa, const void *area,
			   size_t size);
/* The crash core's search for the note, from the elfcorehdr. */
int find_note(struct world *w, struct vtd_note *n);
/* Torn fetches (halves of one entry from two moments) on every unit. */
uint64_t world_torn(const struct world *w);
/* Scalable mode on, units of MGAW @mgaw, for the worlds made from here. */
void scalable_on(unsigned int mgaw);

/*
 * @n adoptions, each with its ids (struct vtd_adopted_ids), in one block
 * that free() gives back.
 */
struct vtd_adopted *adopted_new(int n);

/* Find, judge and adopt every unit, devices running between all steps. */
void crash_kernel_adopts(struct world *w, struct vtd_adopted *a);
/* The same with the crash kernel's memory fenced by @fence (#22, 1). */
void crash_kernel_adopts_fenced(struct world *w, struct vtd_adopted *a,
				const struct vtd_fence *fence);
/*
 * The crash kernel's driver maps the device's rings again in a new
 * domain of width @aw and type @tt (its first map), and the entry is
 * swapped while the device runs: until the swap returns either page is
 * right for an IOVA, after it only the new one.
 */
int move_device(struct world *w, struct vtd_adopted *a, struct sim_dev *d,
		unsigned int aw, unsigned int tt);

#endif
