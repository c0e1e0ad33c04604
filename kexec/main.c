// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - kexec (kexec-vtd): `kexec -p KERNEL ... --vtd-handover` loads
 * a crash kernel that adopts the VT-d state; everything else, and the
 * stock load when the handover cannot be had, goes to kexec-tools.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "load.h"
#include "syscall.h"

const char *kx_prog = "kexec";
bool kx_debug;

void kx_err(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", kx_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void kx_info(const char *fmt, ...)
{
	va_list ap;

	if (!kx_debug)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* One line saying why, then the stock load, unless the user forbade it. */
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

/* A reason kexec_load would be refused, read before trying it. */
static const char *kexec_load_refused(const struct kx_machine *m)
{
	char path[4200], buf[128] = "";
	FILE *f;

	snprintf(path, sizeof(path), "%s/proc/sys/kernel/kexec_load_disabled",
		 m->root);
	f = fopen(path, "r");
	if (f) {
		if (fgets(buf, sizeof(buf), f) && buf[0] == '1') {
			fclose(f);
			return "kexec_load is disabled (kernel.kexec_load_disabled=1)";
		}
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/sys/kernel/security/lockdown",
		 m->root);
	f = fopen(path, "r");
	if (f) {
		if (fgets(buf, sizeof(buf), f) && !strstr(buf, "[none]")) {
			fclose(f);
			return "the kernel is locked down, which refuses kexec_load";
		}
		fclose(f);
	}
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
	int i;

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
				return -1;
		}
	}
	if (o->print_segments)
		printf("entry        0x%llx (purgatory_start)\n",
		       (unsigned long long)p->entry);
	if (layout && fclose(layout))
		return -1;
	return 0;
}

static int load_panic(const struct kx_opts *o, char **argv)
{
	struct kx_machine *m = calloc(1, sizeof(*m));
	struct kx_load ld = { .opts = o };
	const char *why;
	int ret = KX_EXIT_FAILURE, err;

	if (!m)
		return KX_EXIT_FAILURE;
	if (o->syscall == 's') {
		ret = fall_back(o, argv,
				"-s asks for kexec_file_load, which builds its "
				"own elfcorehdr");
		goto out;
	}
	if (kx_read_machine(m, o->machine_root) < 0)
		goto out;
	ld.m = m;
	err = kx_dmar_units(m, ld.units, &ld.nr_units);
	if (err == -VTD_ERR_NOTFOUND || (!err && !ld.nr_units)) {
		ret = fall_back(o, argv,
				"no DMAR table: this machine has no "
				"VT-d remapping units");
		goto out;
	}
	if (err < 0)
		goto out;
	why = o->dry_run ? NULL : kexec_load_refused(m);
	if (why) {
		ret = fall_back(o, argv, why);
		goto out;
	}
	if (kx_load_build(&ld) < 0 || report(&ld) < 0)
		goto out_free;
	if (o->dry_run) {
		ret = 0;
		goto out_free;
	}
	err = kx_kexec_load(&ld.plan);
	if (err == -EPERM) {
		ret = fall_back(o, argv, kx_kexec_strerror(EPERM));
		goto out_free;
	}
	if (err < 0) {
		kx_err("kexec_load failed: %s", kx_kexec_strerror(-err));
		goto out_free;
	}
	ret = 0;
out_free:
	kx_load_free(&ld);
out:
	kx_free_machine(m);
	free(m);
	return ret;
}

int main(int argc, char **argv)
{
	struct kx_opts o;
	int ret = kx_parse_opts(argc, argv, &o);

	if (ret)
		return ret;
	if (o.passthrough || o.action == KX_ACT_UNLOAD ||
	    o.action == KX_ACT_STATUS)
		return kx_passthrough(argv);
	return load_panic(&o, argv);
}
