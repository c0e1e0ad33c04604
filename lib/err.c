// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * err.c - names of the error codes, for messages.
 */
#include <kexec-vtd/err.h>

static const char *const vtd_err_names[VTD_ERR_MAX] = {
	[VTD_OK] = "success",
	[VTD_ERR_TRUNCATED] = "truncated",
	[VTD_ERR_BADMAGIC] = "bad magic or signature",
	[VTD_ERR_BADVERSION] = "unsupported version",
	[VTD_ERR_BADCSUM] = "checksum mismatch",
	[VTD_ERR_BADLEN] = "impossible length",
	[VTD_ERR_BADLAYOUT] = "inconsistent sizes or counts",
	[VTD_ERR_NOTFOUND] = "not found",
	[VTD_ERR_BADPARAM] = "bad parameter",
	[VTD_ERR_NOSPACE] = "no space left in buffer",
	[VTD_ERR_ACCESS] = "memory or register access failed",
	[VTD_ERR_INTERNAL] = "internal error",
};

const char *vtd_strerror(int err)
{
	if (err < 0 && err > -VTD_ERR_MAX)
		err = -err;
	if (err < 0 || err >= VTD_ERR_MAX || !vtd_err_names[err])
		return "unknown error";
	return vtd_err_names[err];
}
