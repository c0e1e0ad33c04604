// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd-note.c - `vtd-note show`, `dot`, `diff`, `verify` and `make`.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "vtd-note.h"

/*
 * Parse "[--json] FILE..."; returns how many files (at argv + optind), or
 * 0 after a usage error.  Several files are the parts of a split dump.
 */
static int parse_file_args(int argc, char **argv, const char *cmd,
			   bool allow_json, bool *json)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*json = false;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'j' || !allow_json)
			return 0;
		*json = true;
	}
	if (argc - optind < 1) {
		vn_err("%s: a FILE expected (several: the parts of a split "
		       "dump)",
		       cmd);
		return 0;
	}
	return argc - optind;
}

int vn_cmd_show(int argc, char **argv)
{
	struct vn_loaded_note ln;
	struct vtd_note n;
	int n_paths;
	bool json;

	n_paths = parse_file_args(argc, argv, "show", true, &json);
	if (!n_paths)
		return VN_EXIT_USAGE;
	if (vn_open_note(argv + optind, n_paths, &ln, &n) < 0)
		return VN_EXIT_MALFORMED;
	if (json) {
		json_object *o = vn_note_to_json(&n);

		puts(json_object_to_json_string_ext(
			o, JSON_C_TO_STRING_PLAIN |
				   JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	} else {
		vn_note_print_text(stdout, &n);
	}
	vn_loaded_note_free(&ln);
	return 0;
}

int vn_cmd_dot(int argc, char **argv)
{
	struct vn_loaded_note ln;
	struct vtd_note n;
	int n_paths;
	bool json;

	n_paths = parse_file_args(argc, argv, "dot", false, &json);
	if (!n_paths)
		return VN_EXIT_USAGE;
	if (vn_open_note(argv + optind, n_paths, &ln, &n) < 0)
		return VN_EXIT_MALFORMED;
	vn_note_print_dot(stdout, &n);
	vn_loaded_note_free(&ln);
	return 0;
}

int vn_cmd_diff(int argc, char **argv)
{
	struct vn_loaded_note la, lb;
	struct vtd_note a, b;
	bool shape = false;
	unsigned long n;

	if (argc > 1 && !strcmp(argv[1], "--shape")) {
		shape = true;
		argc--;
		argv++;
	}
	if (argc != 3) {
		vn_err("diff: two FILEs expected, A and B (after --shape)");
		return VN_EXIT_USAGE;
	}
	if (vn_open_note(argv + 1, 1, &la, &a) < 0)
		return VN_EXIT_MALFORMED;
	if (vn_open_note(argv + 2, 1, &lb, &b) < 0) {
		vn_loaded_note_free(&la);
		return VN_EXIT_MALFORMED;
	}
	n = shape ? vn_note_print_shape_diff(stdout, &a, &b) :
		    vn_note_print_diff(stdout, &a, &b);
	if (n)
		printf("%lu difference%s\n", n, n == 1 ? "" : "s");
	else
		printf("no difference\n");
	vn_loaded_note_free(&la);
	vn_loaded_note_free(&lb);
	return 0;
}

int vn_cmd_verify(int argc, char **argv)
{
	struct vn_loaded_note ln;
	struct vtd_note_info info;
	struct vtd_note n;
	const char *path;
	char names[64];
	int n_paths;
	bool json;

	n_paths = parse_file_args(argc, argv, "verify", false, &json);
	if (!n_paths)
		return VN_EXIT_USAGE;
	path = argv[optind];
	if (vn_open_note(argv + optind, n_paths, &ln, &n) < 0)
		return VN_EXIT_MALFORMED;
	vtd_note_get_info(&n, &info);
	vn_note_flag_names(info.flags, names, sizeof(names));
	if (!(info.flags & VTD_NOTE_F_COMPLETE)) {
		vn_err("%s: KEXEC-VTD note is valid but not complete "
		       "(flags %s)",
		       path, names);
		vn_loaded_note_free(&ln);
		return VN_EXIT_MALFORMED;
	}
	printf("%s%s: KEXEC-VTD note v%u.%u OK: %u unit%s, checksum 0x%08x, "
	       "flags %s (in the %s)\n",
	       path, n_paths > 1 ? " and the other parts" : "", info.major,
	       info.minor, info.nr_units, info.nr_units == 1 ? "" : "s",
	       info.checksum, names, ln.container);
	vn_loaded_note_free(&ln);
	return 0;
}

static int write_out(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f) {
		vn_err("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
		vn_err("%s: write failed: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int vn_cmd_make(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "size", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	size_t size = VTD_NOTE_AREA_DEFAULT;
	json_object *root;
	uint8_t *buf;
	char *end;
	int c, used, ret = VN_EXIT_MALFORMED;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 's')
			return VN_EXIT_USAGE;
		errno = 0;
		size = strtoul(optarg, &end, 0);
		if (errno || *end || size < VTD_NOTE_MIN_AREA ||
		    size > VTD_NOTE_AREA_MAX) {
			vn_err("make: --size must be %zu to %u bytes",
			       (size_t)VTD_NOTE_MIN_AREA, VTD_NOTE_AREA_MAX);
			return VN_EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		vn_err("make: DESC and OUT expected");
		return VN_EXIT_USAGE;
	}
	root = json_object_from_file(argv[optind]);
	if (!root) {
		vn_err("%s: %s", argv[optind], json_util_get_last_err());
		return VN_EXIT_MALFORMED;
	}
	buf = calloc(1, size);
	if (!buf) {
		vn_err("out of memory");
		goto out_put;
	}
	used = vn_note_from_json(root, buf, size, argv[optind]);
	if (used > 0 && write_out(argv[optind + 1], buf, (size_t)used) == 0)
		ret = 0;
	free(buf);
out_put:
	json_object_put(root);
	return ret;
}
