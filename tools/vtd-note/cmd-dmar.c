// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd-dmar.c - `vtd-note dmar`: decode an ACPI DMAR table.
 */
#include <getopt.h>
#include <inttypes.h>
#include <string.h>

#include <kexec-vtd/dmar.h>

#include "vtd-note.h"

#define DMAR_DEFAULT_PATH "/sys/firmware/acpi/tables/DMAR"
#define DMAR_MAX_SIZE (1u << 20)

static const char *struct_type_name(uint16_t type)
{
	static const char *const names[] = {
		[VTD_DMAR_DRHD] = "drhd", [VTD_DMAR_RMRR] = "rmrr",
		[VTD_DMAR_ATSR] = "atsr", [VTD_DMAR_RHSA] = "rhsa",
		[VTD_DMAR_ANDD] = "andd", [VTD_DMAR_SATC] = "satc",
	};

	return type < VTD_ARRAY_SIZE(names) ? names[type] : "unknown";
}

static const char *scope_type_name(uint8_t type)
{
	static const char *const names[] = {
		[VTD_SCOPE_PCI_ENDPOINT] = "pci",
		[VTD_SCOPE_PCI_BRIDGE] = "bridge",
		[VTD_SCOPE_IOAPIC] = "ioapic",
		[VTD_SCOPE_HPET] = "hpet",
		[VTD_SCOPE_ACPI_NAMESPACE] = "acpi",
	};

	if (type < VTD_ARRAY_SIZE(names) && names[type])
		return names[type];
	return "unknown";
}

static json_object *scope_to_json(const struct vtd_dmar_scope *sc)
{
	json_object *o = json_object_new_object();
	json_object *path = json_object_new_array();
	unsigned int i;

	json_object_object_add(o, "type", json_object_new_int(sc->type));
	json_object_object_add(o, "enumeration_id",
			       json_object_new_int(sc->enumeration_id));
	json_object_object_add(o, "bus", json_object_new_int(sc->start_bus));
	for (i = 0; i < sc->nr_hops; i++) {
		json_object *hop = json_object_new_array();

		json_object_array_add(hop,
				      json_object_new_int(sc->path[2 * i]));
		json_object_array_add(hop,
				      json_object_new_int(sc->path[2 * i + 1]));
		json_object_array_add(path, hop);
	}
	json_object_object_add(o, "path", path);
	return o;
}

static json_object *scopes_to_json(const struct vtd_dmar *d, int st)
{
	json_object *a = json_object_new_array();
	struct vtd_dmar_scope sc;
	int off;

	vtd_dmar_for_each_scope(d, st, off)
		if (vtd_dmar_get_scope(d, off, &sc) == 0)
			json_object_array_add(a, scope_to_json(&sc));
	return a;
}

static json_object *struct_to_json(const struct vtd_dmar *d, int off,
				   const struct vtd_dmar_struct *s)
{
	json_object *o = json_object_new_object();

	json_object_object_add(
		o, "type", json_object_new_string(struct_type_name(s->type)));
	json_object_object_add(o, "type_id", json_object_new_int(s->type));
	json_object_object_add(o, "length", json_object_new_int(s->length));
	switch (s->type) {
	case VTD_DMAR_DRHD:
		json_object_object_add(o, "flags",
				       json_object_new_int(s->flags));
		json_object_object_add(o, "segment",
				       json_object_new_int(s->segment));
		json_object_object_add(o, "register_base",
				       vn_json_hex(s->address));
		break;
	case VTD_DMAR_RMRR:
		json_object_object_add(o, "segment",
				       json_object_new_int(s->segment));
		json_object_object_add(o, "base", vn_json_hex(s->address));
		json_object_object_add(o, "limit", vn_json_hex(s->limit));
		break;
	case VTD_DMAR_ATSR:
	case VTD_DMAR_SATC:
		json_object_object_add(o, "flags",
				       json_object_new_int(s->flags));
		json_object_object_add(o, "segment",
				       json_object_new_int(s->segment));
		break;
	case VTD_DMAR_RHSA:
		json_object_object_add(o, "register_base",
				       vn_json_hex(s->address));
		json_object_object_add(
			o, "proximity_domain",
			json_object_new_int64(s->proximity_domain));
		break;
	case VTD_DMAR_ANDD:
		json_object_object_add(o, "device_number",
				       json_object_new_int(s->device_number));
		json_object_object_add(
			o, "name",
			json_object_new_string_len((const char *)s->name,
						   (int)s->name_len));
		break;
	default:
		break;
	}
	if (s->has_scopes)
		json_object_object_add(o, "scopes", scopes_to_json(d, off));
	return o;
}

static void print_json(const struct vtd_dmar *d)
{
	json_object *root = json_object_new_object();
	json_object *structs = json_object_new_array();
	struct vtd_dmar_struct s;
	int off;

	json_object_object_add(root, "revision",
			       json_object_new_int(vtd_dmar_revision(d)));
	json_object_object_add(
		root, "host_address_width",
		json_object_new_int((int)vtd_dmar_host_address_width(d)));
	json_object_object_add(root, "flags",
			       json_object_new_int(vtd_dmar_flags(d)));
	json_object_object_add(
		root, "checksum_ok",
		json_object_new_boolean(vtd_dmar_checksum_ok(d)));
	vtd_dmar_for_each_struct(d, off)
		if (vtd_dmar_get_struct(d, off, &s) == 0)
			json_object_array_add(structs,
					      struct_to_json(d, off, &s));
	json_object_object_add(root, "structures", structs);
	puts(json_object_to_json_string_ext(
		root, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
}

/* "00:1f.0", with one "/dd.f" per further hop. */
static void print_scope_text(const struct vtd_dmar_scope *sc)
{
	unsigned int i;

	printf(" %s", scope_type_name(sc->type));
	if (sc->type == VTD_SCOPE_IOAPIC || sc->type == VTD_SCOPE_HPET ||
	    sc->type == VTD_SCOPE_ACPI_NAMESPACE)
		printf("[%u]", sc->enumeration_id);
	printf(" %02x:", sc->start_bus);
	for (i = 0; i < sc->nr_hops; i++)
		printf("%s%02x.%x", i ? "/" : "", sc->path[2 * i],
		       sc->path[2 * i + 1]);
}

static void print_struct_text(const struct vtd_dmar *d, int off,
			      const struct vtd_dmar_struct *s)
{
	struct vtd_dmar_scope sc;
	int so;

	printf("%-5s", struct_type_name(s->type));
	switch (s->type) {
	case VTD_DMAR_DRHD:
		printf(" unit 0x%" PRIx64 " segment %u%s:", s->address,
		       s->segment,
		       s->flags & VTD_DRHD_F_INCLUDE_PCI_ALL
			       ? " include-pci-all"
			       : "");
		break;
	case VTD_DMAR_RMRR:
		printf(" 0x%" PRIx64 "-0x%" PRIx64 " segment %u:", s->address,
		       s->limit, s->segment);
		break;
	case VTD_DMAR_ATSR:
	case VTD_DMAR_SATC:
		printf(" segment %u flags 0x%x:", s->segment, s->flags);
		break;
	case VTD_DMAR_RHSA:
		printf(" unit 0x%" PRIx64 " proximity domain %u", s->address,
		       s->proximity_domain);
		break;
	case VTD_DMAR_ANDD:
		printf(" acpi[%u] %.*s", s->device_number, (int)s->name_len,
		       (const char *)s->name);
		break;
	default:
		printf(" type %u, %u bytes", s->type, s->length);
		break;
	}
	if (s->has_scopes)
		vtd_dmar_for_each_scope(d, off, so)
			if (vtd_dmar_get_scope(d, so, &sc) == 0)
				print_scope_text(&sc);
	putchar('\n');
}

static void print_text(const char *path, const struct vtd_dmar *d)
{
	struct vtd_dmar_struct s;
	uint8_t flags = vtd_dmar_flags(d);
	int off;

	printf("%s: DMAR revision %u, host address width %u, flags 0x%x%s%s\n",
	       path, vtd_dmar_revision(d), vtd_dmar_host_address_width(d),
	       flags, flags & VTD_DMAR_F_INTR_REMAP ? " intr-remap" : "",
	       flags & VTD_DMAR_F_X2APIC_OPT_OUT ? " x2apic-opt-out" : "");
	vtd_dmar_for_each_struct(d, off)
		if (vtd_dmar_get_struct(d, off, &s) == 0)
			print_struct_text(d, off, &s);
}

int vn_cmd_dmar(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = DMAR_DEFAULT_PATH;
	bool json = false;
	struct vtd_dmar d;
	struct vn_buf b;
	size_t bad_off = 0;
	int c, ret;

	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			printf("Usage: %s dmar [--json] [FILE]\n", vn_prog);
			return 0;
		default:
			return VN_EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		vn_err("dmar: one FILE at most");
		return VN_EXIT_USAGE;
	}
	if (optind < argc)
		path = argv[optind];

	if (vn_read_file(path, DMAR_MAX_SIZE, &b) < 0)
		return VN_EXIT_MALFORMED;
	ret = vtd_dmar_init(&d, b.data, b.len, &bad_off);
	if (ret < 0) {
		vn_err("%s: DMAR table: %s at offset 0x%zx", path,
		       vtd_strerror(ret), bad_off);
		vn_buf_free(&b);
		return VN_EXIT_MALFORMED;
	}
	if (b.len > d.len)
		vn_err("%s: warning: %zu bytes after the table's end ignored",
		       path, b.len - d.len);
	if (!vtd_dmar_checksum_ok(&d))
		vn_err("%s: warning: DMAR checksum mismatch (decoded anyway)",
		       path);
	if (json)
		print_json(&d);
	else
		print_text(path, &d);
	vn_buf_free(&b);
	return 0;
}
