/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * load.h - the dispatcher (load.c) beyond vn_load_note(): opening one
 * dump so that a stream keeps just what the headers of its format say.
 */
#ifndef VN_LOAD_H
#define VN_LOAD_H

#include "dump.h"

/* vn_dump_open() with the readers' meta_end for the format found. */
int vn_load_open(struct vn_dump *d, const char *path);

#endif /* VN_LOAD_H */
