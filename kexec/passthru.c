// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * passthru.c - hand the command line to the distribution's kexec-tools,
 * for everything this loader does not do itself, and for the stock crash
 * load when the handover cannot be had.
 */
#include <errno.h>
#include <stdbool.h>
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

int kx_passthrough(char **argv)
{
	const char *path = kexec_tools_path();
	bool takes_next;
	int n = 0, i, j;
	char **args;

	while (argv[n])
		n++;
	args = calloc((size_t)n + 1, sizeof(*args));
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
	args[0] = (char *)path;
	execv(path, args);
	kx_err("cannot run kexec-tools as %s: %s (set VTD_KEXEC_TOOLS)", path,
	       strerror(errno));
	free(args);
	return KX_EXIT_FAILURE;
}
