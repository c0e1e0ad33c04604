/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * err.h - error codes of lib/.
 *
 * Functions return 0 or a non-negative result on success and the negated
 * code on failure, so callers write "if (ret < 0)".  Decoders also report
 * the offset of the first byte they could not accept through an optional
 * out-parameter, so tools can say what is wrong and where.
 */
#ifndef KEXEC_VTD_ERR_H
#define KEXEC_VTD_ERR_H

enum vtd_err {
	VTD_OK = 0,

	/* Bad input: the bytes we were handed are not what they claim. */
	VTD_ERR_TRUNCATED = 1,	/* a structure runs past the end of the data */
	VTD_ERR_BADMAGIC = 2,	/* signature or magic does not match */
	VTD_ERR_BADVERSION = 3, /* a major version this code cannot read */
	VTD_ERR_BADCSUM = 4,	/* checksum mismatch */
	VTD_ERR_BADLEN = 5, /* a length field is impossible (too small, odd) */
	VTD_ERR_BADLAYOUT = 6, /* sizes or counts disagree with each other */
	VTD_ERR_NOTFOUND = 7,  /* the thing looked for is not there */

	/* Bad parameter: the caller's mistake, not the data's. */
	VTD_ERR_BADPARAM = 8,

	/* Resource: the caller's buffer is full; what fits was kept. */
	VTD_ERR_NOSPACE = 9,

	/* An ops callback (memory or register read) failed. */
	VTD_ERR_ACCESS = 10,

	/* A bug in lib/ itself. */
	VTD_ERR_INTERNAL = 11,

	VTD_ERR_MAX
};

/**
 * vtd_strerror - name an error code
 * @err: a code, positive or negated
 *
 * Return: a constant string; never fails (unknown codes have a name too).
 */
const char *vtd_strerror(int err);

#endif /* KEXEC_VTD_ERR_H */
