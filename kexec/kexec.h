/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kexec.h - the crash loader's shared types.
 *
 * The loader reads the machine (from / or from a recorded directory),
 * plans the crash segments, builds each of them and hands them to
 * kexec_load(2), or in --dry-run prints and saves them.  Errors follow
 * report.h's convention; only main() decides the exit status.
 */
#ifndef VTD_KEXEC_H
#define VTD_KEXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <kexec-vtd/note-format.h>
#include <kexec-vtd/purgatory-contract.h>
#include <kexec-vtd/x86.h>

/* kexec-tools' exit statuses: 0 success, 1 failure. */
#define KX_EXIT_FAILURE 1
#define KX_MAX_SEGMENTS 16 /* KEXEC_SEGMENT_MAX */
#define KX_MAX_RANGES 256
#define KX_MAX_CRASH_RANGES 8
#define KX_MAX_CPUS 1024
#define KX_BACKUP_SIZE (640u << 10) /* the first 640 KiB */

/* --- command line (opts.c) --- */

enum kx_action {
	KX_ACT_NONE,
	KX_ACT_LOAD_PANIC,
	KX_ACT_UNLOAD,
	KX_ACT_STATUS,
};

struct kx_opts {
	enum kx_action action;
	const char *kernel;
	const char *initrd;
	const char *append;
	bool reuse_cmdline;
	bool handover; /* --vtd-handover */
	bool handover_required;
	size_t snapshot_size;
	bool trace; /* --vtd-trace */
	bool dry_run;
	bool print_segments;
	const char *dump_dir;
	const char *machine_root; /* --machine-root */
	int syscall;		  /* 's' file, 'c' kexec_load, 'a' either */
	bool passthrough;	  /* hand everything to kexec-tools */
	uint16_t serial_port;
	char why_not[200]; /* a crash load we cannot do: load the stock way */
};

/*
 * Parse @argv (reordering it, as getopt does) into @o; returns 0.  A
 * crash load this loader cannot do as asked (a bad --vtd-handover value,
 * not one KERNEL) is no error here: it sets why_not, and the stock load
 * follows.
 */
int kx_parse_opts(int argc, char **argv, struct kx_opts *o);
/* Our options, for --help, which then shows kexec-tools' own. */
void kx_usage(FILE *f);
/*
 * exec kexec-tools with @argv as given, less our own options (--vtd-*,
 * --dry-run, --print-segments, --dump-dir, --machine-root); returns
 * only on failure.
 */
int kx_passthrough(char **argv);
/*
 * The same as kexec_file_load: -s added unless @argv names a system call
 * (-s, -c, -a) already.
 */
int kx_passthrough_file(char **argv);

/* --- the machine (machine.c, iomem.c) --- */

/*
 * Everything the loader reads of the running system is read by machine.c
 * into struct kx_machine, from / or from the directory --machine-root
 * names; the other modules only use what it holds.
 */

#define KX_MAX_EFI_REGIONS 512

/* One entry of /sys/firmware/efi/runtime-map. */
struct kx_efi_region {
	uint32_t type;
	uint64_t phys, virt, pages, attr;
};

/* The firmware of an EFI-booted machine, as the first kernel uses it. */
struct kx_efi {
	bool present; /* booted by EFI, a runtime map exported */
	uint8_t efi_info[X86_EFI_INFO_SIZE]; /* as the first kernel got it */
	uint64_t fw_vendor, runtime, tables, smbios;
	int nr_map;
	struct kx_efi_region *map;
};

enum kx_mem_type {
	KX_MEM_RAM = 1, /* also the e820 types */
	KX_MEM_RESERVED = 2,
	KX_MEM_ACPI = 3,
	KX_MEM_NVS = 4,
};

struct kx_range {
	uint64_t start;
	uint64_t end; /* inclusive, as /proc/iomem prints it */
	int type;
};

struct kx_machine {
	char root[4096];		    /* "" for the live system */
	struct kx_range mem[KX_MAX_RANGES]; /* RAM, ACPI, NVS, reserved */
	int nr_mem;
	/*
	 * The "Crash kernel" ranges, ascending.  crashkernel=SIZE,high makes
	 * two: the high one (the kernel's crashk_res, the only range
	 * kexec_load takes segments in) and a low one below 4 GiB
	 * (crashk_low_res), which the crash kernel gets as RAM for its
	 * DMA32 zone and swiotlb.
	 */
	struct kx_range crash[KX_MAX_CRASH_RANGES];
	int nr_crash;
	uint64_t kernel_code_start; /* "Kernel code" */
	uint8_t *dmar;		    /* NULL: no DMAR table */
	size_t dmar_len;
	uint64_t vmcoreinfo_addr, vmcoreinfo_size;
	uint64_t crash_notes[KX_MAX_CPUS]; /* per possible CPU */
	int nr_cpus;
	uint64_t crash_notes_size;
	/* The kernel text mapping, from /proc/kcore's program headers. */
	uint64_t ktext_vaddr, ktext_paddr, ktext_size;
	uint64_t page_offset; /* the direct map's virtual base */
	char cmdline[4096];   /* /proc/cmdline */
	uint64_t acpi_rsdp;   /* 0: unknown */
	struct kx_efi efi;
	/* What makes the kernel refuse kexec_load. */
	bool kexec_load_disabled; /* kernel.kexec_load_disabled */
	char lockdown[32];	  /* the lockdown LSM's mode, "" when absent */
};

int kx_read_machine(struct kx_machine *m, const char *root);
/*
 * Does the running kernel take the VT-d snapshot itself at panic (a
 * kernel with the series names its area in
 * /sys/kernel/crash_device_note)?  Then @where says "ADDR SIZE".
 */
bool kx_kernel_takes_snapshot(const char *root, char *where, size_t len);
void kx_free_machine(struct kx_machine *m);
/* Parse the text of /proc/iomem; @what names it in messages. */
int kx_parse_iomem(struct kx_machine *m, const char *text, const char *what);

/*
 * Where the segments go: the highest crash range, as kexec-tools'
 * get_crash_kernel_load_range() has it (the kernel refuses the low one).
 */
static inline const struct kx_range *
kx_crash_load_range(const struct kx_machine *m)
{
	return &m->crash[m->nr_crash - 1];
}

/* --- segments (segments.c) --- */

struct kx_segment {
	const char *name;
	void *buf; /* owned; NULL with bufsz 0 for zero fill */
	size_t bufsz;
	uint64_t mem; /* page-aligned physical address */
	size_t memsz; /* page-aligned */
	bool in_digest;
};

struct kx_plan {
	struct kx_segment seg[KX_MAX_SEGMENTS];
	int nr_seg;
	uint64_t next;	/* lowest free address in the crash range */
	uint64_t limit; /* end of the crash range, exclusive */
	uint64_t entry; /* purgatory_start, physical */
};

/* Reserve @memsz bytes aligned to @align at the bottom of what is free. */
int kx_plan_alloc(struct kx_plan *p, uint64_t memsz, uint64_t align,
		  uint64_t *addr);
int kx_plan_add(struct kx_plan *p, const char *name, void *buf, size_t bufsz,
		uint64_t mem, size_t memsz, bool in_digest);
void kx_plan_free(struct kx_plan *p);
/* Check placement: page-aligned, inside the load range, no overlap. */
int kx_plan_check(const struct kx_plan *p, const struct kx_machine *m);

#endif /* VTD_KEXEC_H */
