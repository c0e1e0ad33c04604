// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - kexec (kexec-vtd): `kexec -p KERNEL ... --vtd-handover` loads
 * a crash kernel that adopts the VT-d state; everything else, and the
 * stock load when the handover cannot be had, goes to kexec-tools.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "load.h"
#include "report.h"
#include "syscall.h"

/*
 * One line saying why, then the stock load with the user's arguments,
 * unless the user forbade it; --dry-run says the line and stops there.
 */
static int fall_back(const struct kx_opts *o, char **argv, const char *why)
{
	if (o->handover_required) {
		kx_err("VT-d handover required but unavailable: %s", why);
		return KX_EXIT_FAILURE;
	}
	fprintf(stderr,
		"%s: VT-d handover unavailable (%s); loading the crash kernel "
		"without it\n",
		kx_prog, why);
	if (o->dry_run)
		return 0;
	return kx_passthrough(argv);
}

/*
 * The running kernel takes the snapshot itself (a kernel with the
 * series): a load it builds the elfcorehdr for carries the note, so
 * kexec_file_load is the handover.  True after the load (or the dry
 * run's line); false when the kernel does not.
 */
static bool kernel_takes_it(const struct kx_opts *o, char **argv, int *ret)
{
	char where[64];

	if (!kx_kernel_takes_snapshot(o->machine_root, where, sizeof(where)))
		return false;
	fprintf(stderr,
		"%s: the running kernel takes the VT-d snapshot itself (its "
		"area: %s); loading the crash kernel with kexec_file_load\n",
		kx_prog, where);
	*ret = o->dry_run ? 0 : kx_passthrough_file(argv);
	return true;
}

/* The held message as the reason, or @what when nothing said more. */
static void held_reason(char *why, size_t len, const char *what)
{
	const char *held = kx_report_release();

	snprintf(why, len, "%s", held[0] ? held : what);
}

/* A reason the kernel would refuse kexec_load, known before trying it. */
static const char *kexec_load_refused(const struct kx_machine *m)
{
	if (m->kexec_load_disabled)
		return "kexec_load is disabled (kernel.kexec_load_disabled=1)";
	if (m->lockdown[0] && strcmp(m->lockdown, "none"))
		return "the kernel is locked down, which refuses kexec_load";
	return NULL;
}

static int write_blob(const char *dir, const char *name, const void *buf,
		      size_t len)
{
	char path[4200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.bin", dir, name);
	f = fopen(path, "wb");
	if (!f || (len && fwrite(buf, 1, len, f) != len) || fclose(f)) {
		kx_err("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int report(const struct kx_load *ld)
{
	const struct kx_opts *o = ld->opts;
	const struct kx_plan *p = &ld->plan;
	FILE *layout = NULL;
	char path[4200];
	int i, ret = -1;

	if (o->dump_dir) {
		mkdir(o->dump_dir, 0755);
		snprintf(path, sizeof(path), "%s/segments.txt", o->dump_dir);
		layout = fopen(path, "w");
		if (!layout) {
			kx_err("%s: %s", path, strerror(errno));
			return -1;
		}
		fprintf(layout, "entry 0x%llx\n", (unsigned long long)p->entry);
	}
	for (i = 0; i < p->nr_seg; i++) {
		const struct kx_segment *s = &p->seg[i];
		char line[256];

		snprintf(line, sizeof(line),
			 "%-12s mem 0x%09llx-0x%09llx memsz 0x%08zx bufsz "
			 "0x%08zx%s",
			 s->name, (unsigned long long)s->mem,
			 (unsigned long long)(s->mem + s->memsz - 1), s->memsz,
			 s->bufsz, s->in_digest ? " digest" : "");
		if (o->print_segments)
			printf("%s\n", line);
		if (layout) {
			fprintf(layout, "%s\n", line);
			if (write_blob(o->dump_dir, s->name, s->buf, s->bufsz))
				goto out_close;
		}
	}
	if (o->print_segments)
		printf("entry        0x%llx (purgatory_start)\n",
		       (unsigned long long)p->entry);
	ret = 0;
out_close:
	if (layout && fclose(layout) && !ret) {
		kx_err("%s: %s", path, strerror(errno));
		ret = -1;
	}
	return ret;
}

/*
 * The crash load with the handover.  Whatever stops it (the machine, the
 * DMAR table, the kernel, the crash range, the dump directory, the system
 * call) ends in fall_back(): the handover is an extra, never the reason a
 * crash kernel stock kexec-tools would load is not loaded.
 */
static int load_panic(const struct kx_opts *o, char **argv)
{
	struct kx_load ld = { .opts = o };
	struct kx_machine *m;
	char why[640] = "";
	const char *refused;
	int ret;

	if (o->why_not[0])
		return fall_back(o, argv, o->why_not);
	if (o->syscall == 's') {
		if (kernel_takes_it(o, argv, &ret))
			return ret;
		return fall_back(o, argv,
				 "-s asks for kexec_file_load, which builds "
				 "its own elfcorehdr");
	}
	kx_report_hold();
	m = kx_zalloc(sizeof(*m), "the machine");
	if (!m || kx_read_machine(m, o->machine_root) < 0) {
		held_reason(why, sizeof(why), "cannot read the machine");
		goto out;
	}
	ld.m = m;
	if (kx_dmar_units(m, ld.units, &ld.nr_units) < 0) {
		held_reason(why, sizeof(why), "DMAR table unusable");
		goto out;
	}
	if (!ld.nr_units) {
		snprintf(why, sizeof(why),
			 "no DMAR table: this machine has no VT-d remapping "
			 "units");
		goto out;
	}
	refused = o->dry_run ? NULL : kexec_load_refused(m);
	/* Locked down: kexec_file_load is the way, with the kernel's note. */
	if (refused && !m->kexec_load_disabled &&
	    kernel_takes_it(o, argv, &ret)) {
		kx_report_release();
		kx_free_machine(m);
		free(m);
		return ret;
	}
	if (refused) {
		snprintf(why, sizeof(why), "%s", refused);
		goto out;
	}
	if (kx_load_build(&ld) < 0) {
		held_reason(why, sizeof(why),
			    "building the crash segments failed");
		goto out_free;
	}
	if (report(&ld) < 0) {
		held_reason(why, sizeof(why), "cannot save the segments");
		goto out_free;
	}
	if (!o->dry_run && kx_kexec_load(&ld.plan) < 0)
		held_reason(why, sizeof(why), "kexec_load failed");
out_free:
	kx_load_free(&ld);
out:
	kx_report_release();
	if (m)
		kx_free_machine(m);
	free(m);
	return why[0] ? fall_back(o, argv, why) : 0;
}

static bool asks_for_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	/* getopt reorders argv; kexec-tools gets the order the user gave. */
	char **given =
		kx_zalloc(((size_t)argc + 1) * sizeof(*given), "the arguments");
	struct kx_opts o;
	int ret;

	if (!given)
		return KX_EXIT_FAILURE;
	memcpy(given, argv, (size_t)argc * sizeof(*given));
	ret = kx_parse_opts(argc, argv, &o);
	if (ret)
		goto out;
	if (o.passthrough && asks_for_help(argc, given)) {
		/* Ours first: a user never learns of them otherwise. */
		kx_usage(stdout);
		fflush(stdout);
		ret = kx_passthrough(given);
	} else if (o.passthrough || o.action == KX_ACT_UNLOAD ||
		   o.action == KX_ACT_STATUS)
		ret = kx_passthrough(given);
	else
		ret = load_panic(&o, given);
out:
	free(given);
	return ret;
}
