/* SPDX-License-Identifier: GPL-2.0-or-later */
/* <linux/seq_file.h> for kdump_take.c in the model: kernel-env.h. */
#include "../kernel-env.h"
