// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * load.c - plan and build the crash segments for the handover.
 *
 * Bottom-up in the crash kernel range: the backup of the first 640 KiB,
 * the snapshot area, the elfcorehdr (its PT_NOTE points at the area),
 * purgatory, boot_params with the command line, the kernel, the initrd.
 * The backup, the area and the elfcorehdr are reserved in the crash
 * kernel's e820 so it never uses them; the area and purgatory are left
 * out of the digest (the area changes at crash time, purgatory holds the
 * digest).  The kernel decompresses itself into init_size bytes from its
 * load address: that room is kept free of other segments, but it is not
 * part of the kernel segment, so neither the loader nor purgatory hashes
 * tens of megabytes of zeros.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/dmar.h>
#include <kexec-vtd/sha256.h>
#include <kexec-vtd/vtd-hw.h>
#include <kexec-vtd/x86.h>

#include "bzimage.h"
#include "efi.h"
#include "elfcore.h"
#include "load.h"
#include "purgload.h"
#include "report.h"

#define KX_CMDLINE_MAX 4096
#define KX_4G (1ull << 32)
#define KX_MAX_REG_PAGES_SHIFT 4 /* DRHD size field: at most 64 KiB */

int kx_dmar_units(const struct kx_machine *m, struct vtd_purgatory_unit *units,
		  uint32_t *nr)
{
	struct vtd_dmar_struct s;
	struct vtd_dmar d;
	size_t bad_off = 0;
	int off, ret;

	*nr = 0;
	if (!m->dmar)
		return 0;
	ret = vtd_dmar_init(&d, m->dmar, m->dmar_len, &bad_off);
	if (ret < 0) {
		kx_err("DMAR table: %s at offset 0x%zx", vtd_strerror(ret),
		       bad_off);
		return -1;
	}
	vtd_dmar_for_each_struct(&d, off) {
		if (vtd_dmar_get_struct(&d, off, &s) < 0 ||
		    s.type != VTD_DMAR_DRHD)
			continue;
		if (*nr == VTD_PURGATORY_MAX_UNITS) {
			kx_err("DMAR table: more than %d remapping units",
			       VTD_PURGATORY_MAX_UNITS);
			return -1;
		}
		units[*nr].reg_base = s.address;
		units[*nr].reg_size = (uint32_t)VTD_REG_SPACE_SIZE
				      << (s.size < KX_MAX_REG_PAGES_SHIFT
						  ? s.size
						  : KX_MAX_REG_PAGES_SHIFT);
		units[*nr].segment = s.segment;
		units[*nr].reserved = 0;
		(*nr)++;
	}
	return 0;
}

/*
 * This kernel's command line without what must not reach the crash
 * kernel: crashkernel= (it would reserve memory inside the crash range)
 * and BOOT_IMAGE= (the boot loader's, not the kernel's).
 */
static void reusable_cmdline(const char *in, char *out, size_t len)
{
	size_t n = 0;

	out[0] = '\0';
	while (*in) {
		size_t w = strcspn(in, " ");

		if (w && strncmp(in, "crashkernel=", 12) &&
		    strncmp(in, "BOOT_IMAGE=", 11) && n + w + 2 < len) {
			n += (size_t)snprintf(out + n, len - n, "%s%.*s",
					      n ? " " : "", (int)w, in);
		}
		in += w;
		in += strspn(in, " ");
	}
}

static char *build_cmdline(const struct kx_opts *o, const struct kx_machine *m,
			   uint64_t elfcorehdr, size_t max, uint16_t version)
{
	char *c = kx_zalloc(KX_CMDLINE_MAX, "the command line");
	char reused[sizeof(m->cmdline)];
	size_t n;

	if (!c)
		return NULL;
	reusable_cmdline(o->reuse_cmdline ? m->cmdline : "", reused,
			 sizeof(reused));
	n = (size_t)snprintf(c, KX_CMDLINE_MAX, "%s%s%s elfcorehdr=%lluK",
			     reused, o->reuse_cmdline && o->append ? " " : "",
			     o->append ? o->append : "",
			     (unsigned long long)(elfcorehdr >> 10));
	/* Kernels before boot protocol 2.14 only take it on the command line. */
	if (m->acpi_rsdp && version < X86_BOOT_ACPI_RSDP_VERSION &&
	    n < KX_CMDLINE_MAX)
		n += (size_t)snprintf(c + n, KX_CMDLINE_MAX - n,
				      " acpi_rsdp=0x%llx",
				      (unsigned long long)m->acpi_rsdp);
	if (n >= KX_CMDLINE_MAX || n >= max) {
		kx_err("command line of %zu bytes; the kernel takes %zu", n,
		       max - 1);
		free(c);
		return NULL;
	}
	return c;
}

static int read_file(const char *path, void **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		kx_err("%s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	*buf = kx_zalloc((size_t)n, path);
	if (!*buf || fread(*buf, 1, (size_t)n, f) != (size_t)n) {
		if (*buf)
			kx_err("%s: read failed", path);
		free(*buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	*len = (size_t)n;
	return 0;
}

/* SHA-256 of the digested segments, zero fill included, as purgatory
 * will compute it over memory.
 */
static void digest_segments(const struct kx_plan *p,
			    struct vtd_purgatory_args *a)
{
	static const uint8_t zero[X86_PAGE_SIZE];
	struct vtd_sha256 s;
	int i, r = 0;

	vtd_sha256_init(&s);
	for (i = 0; i < p->nr_seg; i++) {
		const struct kx_segment *seg = &p->seg[i];
		size_t left;

		if (!seg->in_digest)
			continue;
		a->digest_regions[r].start = seg->mem;
		a->digest_regions[r].len = seg->memsz;
		r++;
		vtd_sha256_update(&s, seg->buf, seg->bufsz);
		for (left = seg->memsz - seg->bufsz; left;) {
			size_t n = left < sizeof(zero) ? left : sizeof(zero);

			vtd_sha256_update(&s, zero, n);
			left -= n;
		}
	}
	vtd_sha256_final(&s, a->digest);
}

static void fill_ram(const struct kx_machine *m, struct vtd_purgatory_args *a)
{
	int i;

	for (i = 0; i < m->nr_mem && a->nr_ram < VTD_PURGATORY_MAX_RAM; i++) {
		if (m->mem[i].type != KX_MEM_RAM)
			continue;
		a->ram[a->nr_ram].start = m->mem[i].start;
		a->ram[a->nr_ram].len = m->mem[i].end - m->mem[i].start + 1;
		a->nr_ram++;
	}
}

struct placed {
	uint64_t backup, area, core, purg, bp, kernel, initrd;
	size_t core_len, cmdline_len, initrd_len, efi_off, bp_len;
	void *core_buf, *initrd_buf;
	char *cmdline;
};

static int place_segments(struct kx_load *ld, struct placed *pl)
{
	const struct kx_opts *o = ld->opts;
	struct kx_plan *p = &ld->plan;
	struct kx_phdrs *ph = kx_zalloc(sizeof(*ph), "the elfcorehdr");
	const uint8_t *obj;
	size_t obj_len, purg_size;
	uint64_t purg_align;
	int ret = -1;

	if (!ph)
		return -1;
	p->next = kx_crash_load_range(ld->m)->start;
	p->limit = kx_crash_load_range(ld->m)->end + 1;
	kx_purgatory_blob(&obj, &obj_len);
	if (kx_plan_alloc(p, KX_BACKUP_SIZE, X86_PAGE_SIZE, &pl->backup) ||
	    kx_plan_alloc(p, o->snapshot_size, X86_PAGE_SIZE, &pl->area) ||
	    kx_elfcore_phdrs(ph, ld->m, pl->area, o->snapshot_size,
			     pl->backup) ||
	    kx_elfcore_build(ph, &pl->core_buf, &pl->core_len) ||
	    kx_plan_alloc(p, pl->core_len, X86_PAGE_SIZE, &pl->core) ||
	    kx_purgatory_measure(obj, obj_len, &purg_size, &purg_align) ||
	    kx_plan_alloc(p, purg_size, purg_align, &pl->purg) ||
	    kx_purgatory_relocate(obj, obj_len, pl->purg, &ld->purg))
		goto out;
	pl->cmdline = build_cmdline(o, ld->m, pl->core, ld->bz.cmdline_size,
				    ld->bz.version);
	if (!pl->cmdline)
		goto out;
	pl->cmdline_len = strlen(pl->cmdline) + 1;
	pl->efi_off = vtd_align_up(X86_BP_SIZE + pl->cmdline_len, (size_t)16);
	pl->bp_len = pl->efi_off + kx_efi_setup_size(&ld->m->efi);
	if (kx_plan_alloc(p, pl->bp_len, X86_PAGE_SIZE, &pl->bp) ||
	    kx_plan_alloc(p,
			  ld->bz.init_size > ld->bz.len - ld->bz.setup_size
				  ? ld->bz.init_size
				  : ld->bz.len - ld->bz.setup_size,
			  ld->bz.kernel_alignment, &pl->kernel))
		goto out;
	if (o->initrd &&
	    (read_file(o->initrd, &pl->initrd_buf, &pl->initrd_len) ||
	     kx_plan_alloc(p, pl->initrd_len, X86_PAGE_SIZE, &pl->initrd)))
		goto out;
	/* Kernel, boot_params, command line and initrd above 4 GiB: 2.12. */
	if (p->next > KX_4G &&
	    !(ld->bz.xloadflags & X86_XLF_CAN_BE_LOADED_ABOVE_4G)) {
		kx_err("%s: cannot be loaded above 4 GiB (xloadflags 0x%x at "
		       "offset 0x%x), where the crash range is",
		       o->kernel, ld->bz.xloadflags, X86_BOOT_XLOADFLAGS);
		goto out;
	}
	ret = 0;
out:
	free(ph);
	return ret;
}

/* boot_params and the command line right after it, in one segment. */
static int add_boot_params(struct kx_load *ld, struct placed *pl)
{
	/* The elfcorehdr's whole page: the rest of it is no use as RAM. */
	uint64_t core_end =
		pl->core + vtd_align_up(pl->core_len, X86_PAGE_SIZE) - 1;
	const struct kx_range reserved[] = {
		{ pl->backup, pl->backup + KX_BACKUP_SIZE - 1, 0 },
		{ pl->area, pl->area + ld->opts->snapshot_size - 1, 0 },
		{ pl->core, core_end, 0 },
	};
	struct kx_e820 map;
	uint8_t *bp;

	if (kx_crash_e820(&map, ld->m, reserved, 3) < 0)
		return -1;
	bp = kx_zalloc(pl->bp_len, "boot_params");
	if (!bp)
		return -1;
	kx_boot_params(bp, &ld->bz, &map, pl->bp + X86_BP_SIZE, pl->initrd,
		       pl->initrd_len, ld->m->acpi_rsdp);
	memcpy(bp + X86_BP_SIZE, pl->cmdline, pl->cmdline_len);
	kx_efi_fill(&ld->m->efi, bp, bp + pl->efi_off, pl->bp + pl->efi_off);
	return kx_plan_add(&ld->plan, "bootparams", bp, pl->bp_len, pl->bp,
			   pl->bp_len, true);
}

static int add_segments(struct kx_load *ld, struct placed *pl)
{
	struct kx_plan *p = &ld->plan;
	size_t klen = ld->bz.len - ld->bz.setup_size;
	uint8_t *kernel = kx_zalloc(klen, "the kernel segment");

	if (!kernel)
		return -1;
	memcpy(kernel, ld->bz.file + ld->bz.setup_size, klen);
	if (kx_plan_add(p, "backup", NULL, 0, pl->backup, KX_BACKUP_SIZE,
			false) ||
	    kx_plan_add(p, "vtd-snapshot", NULL, 0, pl->area,
			ld->opts->snapshot_size, false) ||
	    kx_plan_add(p, "elfcorehdr", pl->core_buf, pl->core_len, pl->core,
			pl->core_len, true)) {
		free(kernel);
		return -1;
	}
	pl->core_buf = NULL;
	if (add_boot_params(ld, pl) ||
	    kx_plan_add(p, "kernel", kernel, klen, pl->kernel, klen, true))
		return -1;
	if (pl->initrd_buf) {
		if (kx_plan_add(p, "initrd", pl->initrd_buf, pl->initrd_len,
				pl->initrd, pl->initrd_len, true))
			return -1;
		pl->initrd_buf = NULL;
	}
	return 0;
}

static int finish_purgatory(struct kx_load *ld, struct placed *pl)
{
	struct vtd_purgatory_args *a = &ld->args;
	uint8_t *img;

	memset(a, 0, sizeof(*a));
	a->magic = VTD_PURGATORY_MAGIC;
	a->version = VTD_PURGATORY_VERSION;
	a->flags = VTD_PURGATORY_F_SNAPSHOT |
		   (ld->opts->trace ? VTD_PURGATORY_F_TRACE : 0);
	a->serial_port = ld->opts->serial_port ? ld->opts->serial_port
			 : ld->opts->trace     ? X86_COM1_PORT
					       : 0;
	a->snapshot_addr = pl->area;
	a->snapshot_size = ld->opts->snapshot_size;
	a->nr_units = ld->nr_units;
	memcpy(a->units, ld->units, sizeof(a->units));
	fill_ram(ld->m, a);
	digest_segments(&ld->plan, a);
	a->backup_src = 0;
	a->backup_dest = pl->backup;
	a->backup_size = KX_BACKUP_SIZE;
	a->entry_rip = pl->kernel + X86_ENTRY64_OFFSET;
	a->entry_rsi = pl->bp;
	kx_purgatory_set_args(&ld->purg, a);
	img = ld->purg.image;
	ld->purg.image = NULL;
	ld->plan.entry = ld->purg.entry;
	return kx_plan_add(&ld->plan, "purgatory", img, ld->purg.size, pl->purg,
			   ld->purg.size, false);
}

int kx_load_build(struct kx_load *ld)
{
	struct placed pl = { 0 };
	int ret = -1;

	if (kx_bzimage_load(ld->opts->kernel, &ld->bz) < 0)
		return -1;
	if (place_segments(ld, &pl) || add_segments(ld, &pl) ||
	    finish_purgatory(ld, &pl) || kx_plan_check(&ld->plan, ld->m))
		goto out;
	ret = 0;
out:
	free(pl.core_buf);
	free(pl.initrd_buf);
	free(pl.cmdline);
	return ret;
}

void kx_load_free(struct kx_load *ld)
{
	kx_plan_free(&ld->plan);
	kx_purgatory_free(&ld->purg);
	kx_bzimage_free(&ld->bz);
}
