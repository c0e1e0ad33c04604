// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * passthru.c - hand the command line to the distribution's kexec-tools,
 * for everything this loader does not do itself, and for the stock crash
 * load when the handover cannot be had.
 *
 * Where kexec-tools lives depends on how we were installed: configure's
 * --with-kexec-tools gives a list of paths to try in order (a package
 * that diverts kexec-tools' binary names each place the divert may have
 * put it), and VTD_KEXEC_TOOLS replaces that list at run time.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "kexec.h"
#include "report.h"

/* The configured list; VTD_KEXEC_TOOLS overrides it. */
static const char *kexec_tools_list(void)
{
	const char *p = getenv("VTD_KEXEC_TOOLS");

	return p && *p ? p : KEXEC_TOOLS_PATH;
}

/*
 * Is @path this very program (a diverted name that points back at us, a
 * VTD_KEXEC_TOOLS set to our own link)?  Running it would exec us again,
 * for ever, with kdump-config waiting.
 */
static bool is_self(const char *path)
{
	struct stat self, st;

	return !stat("/proc/self/exe", &self) && !stat(path, &st) &&
	       self.st_dev == st.st_dev && self.st_ino == st.st_ino;
}

/*
 * The first executable entry of the colon-separated @list, copied into
 * @out; -1 after saying what each entry was, when none will do.
 */
static int find_kexec_tools(const char *list, char *out, size_t len)
{
	char tried[1024] = "";
	const char *p = list;
	size_t n, used = 0;

	for (; *p; p += n + (p[n] == ':')) {
		const char *why;

		n = strcspn(p, ":");
		if (!n || n >= len)
			continue;
		memcpy(out, p, n);
		out[n] = '\0';
		if (is_self(out))
			why = "this loader itself";
		else if (!access(out, X_OK))
			return 0;
		else
			why = strerror(errno);
		used += (size_t)snprintf(tried + used, sizeof(tried) - used,
					 "%s%s: %s", used ? "; " : "", out,
					 why);
		if (used >= sizeof(tried))
			used = sizeof(tried) - 1;
	}
	kx_err("cannot run kexec-tools (%s); set VTD_KEXEC_TOOLS to its "
	       "path",
	       tried[0] ? tried : "no path given");
	return -1;
}

/*
 * Is @a one of our options, which mean nothing to kexec-tools?  Then
 * *@takes_next says whether its value is the next argument.
 */
static bool ours(const char *a, bool *takes_next)
{
	static const char *const with_value[] = { "--dump-dir",
						  "--machine-root" };
	size_t i, n;

	*takes_next = false;
	if (!strncmp(a, "--vtd-", 6) || !strcmp(a, "--dry-run") ||
	    !strcmp(a, "--print-segments"))
		return true;
	for (i = 0; i < sizeof(with_value) / sizeof(with_value[0]); i++) {
		n = strlen(with_value[i]);
		if (!strncmp(a, with_value[i], n) && (!a[n] || a[n] == '=')) {
			*takes_next = !a[n];
			return true;
		}
	}
	return false;
}

int kx_passthrough_file(char **argv)
{
	char dash_s[] = "-s";
	char **args;
	int n = 0, i, ret;

	while (argv[n])
		n++;
	for (i = 1; i < n && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "-s") || !strcmp(argv[i], "-c") ||
		    !strcmp(argv[i], "-a") ||
		    !strcmp(argv[i], "--kexec-file-syscall") ||
		    !strcmp(argv[i], "--kexec-syscall") ||
		    !strcmp(argv[i], "--kexec-syscall-auto"))
			return kx_passthrough(argv);
	args = kx_zalloc(((size_t)n + 2) * sizeof(*args), "the arguments");
	if (!args)
		return KX_EXIT_FAILURE;
	args[0] = argv[0];
	args[1] = dash_s;
	memcpy(args + 2, argv + 1, ((size_t)n - 1) * sizeof(*args));
	ret = kx_passthrough(args);
	free(args);
	return ret;
}

int kx_passthrough(char **argv)
{
	char path[4096];
	bool takes_next;
	int n = 0, i, j;
	char **args;

	if (find_kexec_tools(kexec_tools_list(), path, sizeof(path)) < 0)
		return KX_EXIT_FAILURE;
	while (argv[n])
		n++;
	args = kx_zalloc(((size_t)n + 1) * sizeof(*args), "the arguments");
	if (!args)
		return KX_EXIT_FAILURE;
	for (i = 1, j = 1; i < n; i++) {
		if (!strcmp(argv[i], "--")) {
			while (i < n)
				args[j++] = argv[i++];
			break;
		}
		if (ours(argv[i], &takes_next)) {
			i += takes_next;
			continue;
		}
		args[j++] = argv[i];
	}
	args[0] = path;
	execv(path, args);
	kx_err("cannot run kexec-tools as %s: %s (set VTD_KEXEC_TOOLS)", path,
	       strerror(errno));
	free(args);
	return KX_EXIT_FAILURE;
}
