// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * passthru.c - hand the command line to the distribution's kexec-tools,
 * for everything this loader does not do itself, and for the stock crash
 * load when the handover cannot be had.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "kexec.h"

/* The path set at configure time; VTD_KEXEC_TOOLS overrides it. */
static const char *kexec_tools_path(void)
{
	const char *p = getenv("VTD_KEXEC_TOOLS");

	return p && *p ? p : KEXEC_TOOLS_PATH;
}

int kx_passthrough(char **argv)
{
	const char *path = kexec_tools_path();
	int n = 0, i, j;
	char **args;

	while (argv[n])
		n++;
	args = calloc((size_t)n + 1, sizeof(*args));
	if (!args)
		return KX_EXIT_FAILURE;
	/* Our own options mean nothing to kexec-tools: leave them out. */
	for (i = 0, j = 0; i < n; i++) {
		if (i > 0 && (!strncmp(argv[i], "--vtd-", 6) ||
			      !strcmp(argv[i], "--dry-run") ||
			      !strcmp(argv[i], "--print-segments") ||
			      !strncmp(argv[i], "--dump-dir", 10) ||
			      !strncmp(argv[i], "--machine-root", 14)))
			continue;
		args[j++] = argv[i];
	}
	args[0] = (char *)path;
	execv(path, args);
	kx_err("cannot run kexec-tools as %s: %s (set VTD_KEXEC_TOOLS)", path,
	       strerror(errno));
	free(args);
	return KX_EXIT_FAILURE;
}
