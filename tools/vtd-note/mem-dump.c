// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mem-dump.c - a dump's memory, whichever of the two formats it is
 * (mem-dump.h).
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <kexec-vtd/makedumpfile.h>

#include "mem-dump.h"
#include "vtd-note.h"

/* makedumpfile -F's stream begins so (its flat_header's signature). */
static const char flat_magic[] = "makedumpfile";

int vn_dump_mem_open(struct vn_dump_mem *dm, const char *path,
		     struct vtd_mem *mem)
{
	char head[sizeof(flat_magic)] = "";
	int fd, ret;

	memset(dm, 0, sizeof(*dm));
	dm->em.fd = dm->km.fd = -1;
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		vn_err("%s: cannot open: %m", path);
		return -VTD_ERR_ACCESS;
	}
	if (pread(fd, head, sizeof(head), 0) < 0)
		head[0] = 0;
	close(fd);
	if (!memcmp(head, flat_magic, sizeof(head))) {
		vn_err("%s: a flattened stream (makedumpfile -F, kdump-tools' "
		       "default): its memory is read once makedumpfile -R has "
		       "rearranged it into a kdump-compressed file",
		       path);
		return -VTD_ERR_BADMAGIC;
	}
	if (!memcmp(head, VTD_MDF_SIGNATURE, VTD_MDF_SIG_LEN)) {
		ret = vn_kdump_mem_open(&dm->km, path);
		*mem = (struct vtd_mem){ .read = vn_kdump_mem_read,
					 .ctx = &dm->km };
		return ret;
	}
	/* The ELF reader names what is neither. */
	dm->elf = true;
	ret = vn_elf_mem_open(&dm->em, path);
	*mem = (struct vtd_mem){ .read = vn_elf_mem_read, .ctx = &dm->em };
	return ret;
}

void vn_dump_mem_close(struct vn_dump_mem *dm)
{
	if (dm->elf)
		vn_elf_mem_close(&dm->em);
	else
		vn_kdump_mem_close(&dm->km);
}
