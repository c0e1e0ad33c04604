// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * opts.c - kexec-tools' command line, as Debian's kdump-config and
 * Fedora's kdumpctl use it, plus our own --vtd-* and test options.
 *
 * Only what the crash load with --vtd-handover needs is interpreted; any
 * other use (no --vtd-handover, -l, -e, -f, unknown options) is handed to
 * kexec-tools unchanged.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kexec.h"
#include "report.h"

enum {
	OPT_APPEND = 256,
	OPT_INITRD,
	OPT_REUSE_CMDLINE,
	OPT_ARGS_LINUX,
	OPT_ELF64,
	OPT_CONSOLE_SERIAL,
	OPT_CONSOLE_VGA,
	OPT_VTD_HANDOVER,
	OPT_VTD_TRACE,
	OPT_DRY_RUN,
	OPT_PRINT_SEGMENTS,
	OPT_DUMP_DIR,
	OPT_MACHINE_ROOT,
};

static const struct option long_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'v' },
	{ "debug", no_argument, NULL, 'd' },
	{ "load-panic", no_argument, NULL, 'p' },
	{ "unload", no_argument, NULL, 'u' },
	{ "status", no_argument, NULL, 'S' },
	{ "kexec-file-syscall", no_argument, NULL, 's' },
	{ "kexec-syscall", no_argument, NULL, 'c' },
	{ "kexec-syscall-auto", no_argument, NULL, 'a' },
	{ "command-line", required_argument, NULL, OPT_APPEND },
	{ "append", required_argument, NULL, OPT_APPEND },
	{ "initrd", required_argument, NULL, OPT_INITRD },
	{ "ramdisk", required_argument, NULL, OPT_INITRD },
	{ "reuse-cmdline", no_argument, NULL, OPT_REUSE_CMDLINE },
	{ "args-linux", no_argument, NULL, OPT_ARGS_LINUX },
	{ "elf64-core-headers", no_argument, NULL, OPT_ELF64 },
	{ "console-serial", no_argument, NULL, OPT_CONSOLE_SERIAL },
	{ "console-vga", no_argument, NULL, OPT_CONSOLE_VGA },
	{ "vtd-handover", optional_argument, NULL, OPT_VTD_HANDOVER },
	{ "vtd-trace", no_argument, NULL, OPT_VTD_TRACE },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "print-segments", no_argument, NULL, OPT_PRINT_SEGMENTS },
	{ "dump-dir", required_argument, NULL, OPT_DUMP_DIR },
	{ "machine-root", required_argument, NULL, OPT_MACHINE_ROOT },
	{ NULL, 0, NULL, 0 },
};

/*
 * --vtd-handover[=SIZE|required|required,SIZE].  A value that makes no
 * sense costs the handover, not the crash kernel: it becomes why_not.
 */
static void parse_handover(struct kx_opts *o, const char *arg)
{
	const char *p = arg;
	char *end;
	unsigned long long n;

	o->handover = true;
	if (!arg)
		return;
	if (!strncmp(p, "required", 8)) {
		o->handover_required = true;
		p += 8;
		if (!*p)
			return;
		if (*p++ != ',')
			goto bad;
	}
	n = strtoull(p, &end, 0);
	if (end == p)
		goto bad;
	if (*end == 'K' || *end == 'k')
		n <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		n <<= 20, end++;
	if (*end || n < X86_PAGE_SIZE || n > VTD_NOTE_AREA_MAX)
		goto bad;
	o->snapshot_size = (size_t)n;
	return;
bad:
	snprintf(o->why_not, sizeof(o->why_not),
		 "--vtd-handover=%s: expected 'required', a size from 4K to "
		 "2M, or 'required,SIZE'",
		 arg);
}

void kx_usage(FILE *f)
{
	fprintf(f,
		"Usage: %s -p [OPTIONS] KERNEL --vtd-handover[=SIZE|required]\n"
		"Load a crash kernel that adopts the Intel VT-d state of this one.\n"
		"\n"
		"  -p, --load-panic         load the kernel for use on panic\n"
		"  -u, --unload             unload it; -S, --status: is one loaded\n"
		"      --command-line=STR   (--append) the crash kernel's command line\n"
		"      --reuse-cmdline      start from this kernel's command line\n"
		"      --initrd=FILE        (--ramdisk) the crash kernel's initramfs\n"
		"  -c, -a                   use kexec_load (the handover needs it)\n"
		"  -s                       kexec_file_load: the handover only when\n"
		"                           the running kernel takes the snapshot\n"
		"                           itself (/sys/kernel/crash_device_note)\n"
		"      --console-serial     purgatory may print on ttyS0 (%#x)\n"
		"      --vtd-handover[=SIZE|required|required,SIZE]\n"
		"                           snapshot VT-d into a SIZE note (default\n"
		"                           1M); 'required': fail instead of falling\n"
		"                           back to a stock load\n"
		"      --vtd-trace          purgatory prints one line per unit\n"
		"      --dry-run            do everything but the system call\n"
		"      --print-segments     list the segments\n"
		"      --dump-dir=DIR       save each segment and its layout in DIR\n"
		"      --machine-root=DIR   read /proc and /sys below DIR\n"
		"  -d, --debug              say more\n"
		"Everything else goes to kexec-tools unchanged; its own options:\n"
		"\n",
		kx_prog, X86_COM1_PORT);
}

int kx_parse_opts(int argc, char **argv, struct kx_opts *o)
{
	int c, i;

	memset(o, 0, sizeof(*o));
	o->syscall = 'a';
	o->snapshot_size = VTD_NOTE_AREA_DEFAULT;
	/* Anything but a crash load with our flag is not ours to do. */
	for (i = 1; i < argc; i++)
		if (!strncmp(argv[i], "--vtd-handover", 14))
			break;
	if (i == argc) {
		o->passthrough = true;
		return 0;
	}
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hvdpuSsca", long_opts, NULL)) !=
	       -1) {
		switch (c) {
		case 'h':
			kx_usage(stdout);
			fflush(stdout);
			exit(kx_passthrough(argv));
		case 'v':
			printf("%s (kexec-vtd) %s\n", kx_prog, PACKAGE_VERSION);
			exit(0);
		case 'd':
			kx_report_set_debug(true);
			break;
		case 'p':
			o->action = KX_ACT_LOAD_PANIC;
			break;
		case 'u':
			o->action = KX_ACT_UNLOAD;
			break;
		case 'S':
			o->action = KX_ACT_STATUS;
			break;
		case 's':
		case 'c':
		case 'a':
			o->syscall = c;
			break;
		case OPT_APPEND:
			o->append = optarg;
			break;
		case OPT_INITRD:
			o->initrd = optarg;
			break;
		case OPT_REUSE_CMDLINE:
			o->reuse_cmdline = true;
			break;
		case OPT_ARGS_LINUX:
		case OPT_ELF64:
		case OPT_CONSOLE_VGA:
			break; /* our defaults already */
		case OPT_CONSOLE_SERIAL:
			o->serial_port = X86_COM1_PORT;
			break;
		case OPT_VTD_HANDOVER:
			parse_handover(o, optarg);
			break;
		case OPT_VTD_TRACE:
			o->trace = true;
			break;
		case OPT_DRY_RUN:
			o->dry_run = true;
			break;
		case OPT_PRINT_SEGMENTS:
			o->print_segments = true;
			break;
		case OPT_DUMP_DIR:
			o->dump_dir = optarg;
			break;
		case OPT_MACHINE_ROOT:
			o->machine_root = optarg;
			break;
		default:
			/* -l, -e, -f and the rest: kexec-tools' business. */
			o->passthrough = true;
			return 0;
		}
	}
	if (o->action == KX_ACT_LOAD_PANIC) {
		if (optind != argc - 1 && !o->why_not[0])
			snprintf(o->why_not, sizeof(o->why_not),
				 "-p needs exactly one KERNEL, %d given",
				 argc - optind);
		o->kernel = optind < argc ? argv[optind] : NULL;
	} else if (o->action == KX_ACT_NONE) {
		o->passthrough = true;
	}
	return 0;
}
