/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * walk.h - the crashed machine's DMA-remapping tables read back out of its
 * memory, for the dump readers (vtd-note, the crash extension): which
 * tables a device's requests without PASID went through, what one IOVA
 * translated to, level by level, and every mapping of a device, so that
 * "which device could write this page" has an answer.
 *
 * The memory is a dump's: untrusted, possibly missing pages (makedumpfile
 * -d 31 or a truncated file).  Nothing here trusts an entry further than
 * its format: a page that cannot be read, an entry the format forbids, a
 * table that points back at one above it, a pointer beyond the machine's
 * memory each stop that path with a reason and the entry or page that
 * gave it (struct vtd_walk_stop), and an enumeration goes on with the
 * rest.  Every walk is bounded: at most five levels a translation, and a
 * budget of table pages an enumeration.
 *
 * Freestanding like the rest of lib/: no allocation (the enumeration's
 * table pages live in a caller's struct vtd_walk_scratch), no printing.
 */
#ifndef KEXEC_VTD_WALK_H
#define KEXEC_VTD_WALK_H

#include "env.h"

#define VTD_WALK_MAX_LEVELS 5
#define VTD_WALK_TABLE_ENTRIES 512
/* An enumeration reads at most this many table pages unless told. */
#define VTD_WALK_DEFAULT_BUDGET 65536u

/* The crashed machine's physical memory. */
struct vtd_mem {
	/* Copy @len bytes at @pa into @buf: 0, or negative when absent. */
	int (*read)(void *ctx, u64 pa, void *buf, size_t len);
	void *ctx;
	/* The end of its physical address space; 0 for 2^52. */
	u64 limit;
};

/* Why a path through the tables ends short of a page. */
enum vtd_walk_why {
	VTD_WALK_OK = 0,
	VTD_WALK_UNREADABLE,   /* a table page not in the dump */
	VTD_WALK_NOT_PRESENT,  /* an entry not present (the request faults) */
	VTD_WALK_BAD_ENTRY,    /* reserved bits or a value the format forbids */
	VTD_WALK_OUT_OF_RANGE, /* a pointer past the machine's memory */
	VTD_WALK_LOOP,	       /* a table pointing at one above it */
	VTD_WALK_BEYOND_AW,    /* an IOVA the address width does not reach */
	VTD_WALK_BUDGET,       /* the enumeration's budget of pages ran out */
	VTD_WALK_NESTED,       /* nested translation: not walked here */
	VTD_WALK_WHY_MAX
};

/* Where: what was being read, at what physical address and level. */
enum vtd_walk_what {
	VTD_WALK_AT_NONE = 0,	/* nothing stopped it */
	VTD_WALK_AT_ROOT,	/* a root entry */
	VTD_WALK_AT_CTX,	/* a context entry */
	VTD_WALK_AT_PASID_DIR,	/* a PASID-directory entry */
	VTD_WALK_AT_PASID,	/* a PASID-table entry */
	VTD_WALK_AT_PAGE_TABLE, /* a paging entry at stop.level */
	VTD_WALK_AT_IOVA,	/* the address itself */
};

struct vtd_walk_stop {
	u8 why;	   /* enum vtd_walk_why */
	u8 what;   /* enum vtd_walk_what */
	u8 level;  /* of a paging entry: 1 is the last */
	u64 at;	   /* the entry's physical address (the IOVA for _AT_IOVA) */
	u64 entry; /* its low 64 bits, when read */
};

/* What a device's requests without PASID went through. */
enum vtd_dev_type {
	VTD_DEV_BLOCKED = 0, /* no usable entry: every request faults */
	VTD_DEV_SECOND_STAGE,
	VTD_DEV_FIRST_STAGE,
	VTD_DEV_NESTED,
	VTD_DEV_PASS_THROUGH,
};

struct vtd_dev {
	u16 bus;
	u8 devfn;
	bool sm; /* scalable mode */
	u8 type; /* enum vtd_dev_type */
	/* Legacy TT (9.3), or the scalable PASID entry's PGTT (9.6). */
	u8 tt;
	u8 levels; /* of the table walked: 3, 4 or 5 */
	u8 aw;	   /* its input address width in bits: 39, 48 or 57 */
	bool fpd;
	u16 did;
	u64 table;    /* the table walked (second stage when nested) */
	u64 fs_table; /* nested: the first-stage table */
	u32 rid_pasid;
	/* The entries, as read or given, and where they were read. */
	u64 root_pa, root[2];
	u64 ctx_pa, ctx[4]; /* ctx[2..3] scalable only */
	u64 pde_pa, pde;
	u64 pasid_pa, pasid[8];
	struct vtd_walk_stop stop; /* why type is BLOCKED, when it is */
};

/**
 * vtd_dev_resolve - read a device's entries from memory and decode them
 * @m: the memory
 * @rtaddr: the unit's RTADDR register (TTM says legacy or scalable)
 * @bus: @devfn: the device
 * @d: filled in
 *
 * Return: 0 (@d->type says what the device went through; BLOCKED with
 * @d->stop saying why), or -VTD_ERR_BADPARAM.
 */
int vtd_dev_resolve(const struct vtd_mem *m, u64 rtaddr, u16 bus, u8 devfn,
		    struct vtd_dev *d);

/**
 * vtd_dev_from_ctx - decode a legacy context entry (9.3)
 * @d: filled in; bus and devfn kept
 * @lo: @hi: the entry
 */
void vtd_dev_from_ctx(struct vtd_dev *d, u64 lo, u64 hi);

/**
 * vtd_dev_from_sm - decode a scalable context entry and its PASID entry
 * @m: the memory, to read the PASID directory and table; NULL when
 *     @pasid is given
 * @d: filled in; bus and devfn kept
 * @ctx: the scalable context entry (9.4)
 * @pasid: the RID_PASID's PASID-table entry (9.6), or NULL to read it
 */
void vtd_dev_from_sm(const struct vtd_mem *m, struct vtd_dev *d,
		     const u64 ctx[4], const u64 *pasid);

/* One level of a translation. */
struct vtd_walk_step {
	u8 level;
	u64 table;    /* the table page */
	u64 entry_pa; /* the entry's address in it */
	u64 entry;
};

struct vtd_xlate {
	u64 iova;
	u64 pa;	  /* valid when stop.why is VTD_WALK_OK */
	u64 size; /* of the page: 4 KiB, 2 MiB, 1 GiB; 0 for pass-through */
	bool read, write;
	u8 nr_steps;
	struct vtd_walk_step step[VTD_WALK_MAX_LEVELS];
	struct vtd_walk_stop stop;
};

/**
 * vtd_translate - translate one IOVA of a device as its unit would have
 * @m: the memory
 * @d: the device, from vtd_dev_resolve() or the vtd_dev_from_*()
 * @iova: the address
 * @x: filled in: each level read, and the page or why there is none
 *
 * Return: 0 when @iova translated, else -VTD_ERR_NOTFOUND (@x->stop says
 * why).
 */
int vtd_translate(const struct vtd_mem *m, const struct vtd_dev *d, u64 iova,
		  struct vtd_xlate *x);

/* A run of mappings: contiguous in IOVA and in memory, one permission. */
struct vtd_map_run {
	u64 iova, pa, size;
	bool read, write;
	bool every_address; /* pass-through: IOVA = PA, all of them */
};

struct vtd_walk_ops {
	/* Each run, in IOVA order; a nonzero return ends the walk. */
	int (*run)(void *arg, const struct vtd_map_run *r);
	/* Each path that ended short (@iova: the first address it covers). */
	void (*stop)(void *arg, u64 iova, const struct vtd_walk_stop *s);
	void *arg;
	u32 budget; /* table pages; 0 for VTD_WALK_DEFAULT_BUDGET */
};

/* The enumeration's table pages, one per level: the caller's memory. */
struct vtd_walk_scratch {
	u64 e[VTD_WALK_MAX_LEVELS][VTD_WALK_TABLE_ENTRIES];
};

struct vtd_walk_stats {
	u32 pages;   /* table pages read */
	u64 leaves;  /* leaf entries */
	u32 stopped; /* paths reported through ops->stop */
};

/**
 * vtd_walk_maps - every mapping of a device, depth first
 * @m: the memory
 * @d: the device
 * @ops: where the runs and the stops go
 * @s: scratch for the table pages
 * @st: optional; what the walk read
 *
 * A blocked device has no run; a pass-through one a single run with
 * every_address set.
 *
 * Return: 0, the nonzero value ops->run returned, or -VTD_ERR_NOSPACE
 * when the budget ran out (reported through ops->stop too).
 */
int vtd_walk_maps(const struct vtd_mem *m, const struct vtd_dev *d,
		  const struct vtd_walk_ops *ops, struct vtd_walk_scratch *s,
		  struct vtd_walk_stats *st);

/* Names, for printing: constant strings, never NULL. */
const char *vtd_walk_why_str(unsigned int why);
const char *vtd_walk_what_str(unsigned int what);
const char *vtd_dev_type_str(unsigned int type);

#endif /* KEXEC_VTD_WALK_H */
