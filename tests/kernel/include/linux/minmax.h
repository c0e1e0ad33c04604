/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Userspace <linux/minmax.h>: min() of two values of one type. */
#ifndef TWIN_LINUX_MINMAX_H
#define TWIN_LINUX_MINMAX_H

#define min(a, b)                                                         \
	({                                                                \
		__typeof__(a) a_ = (a);                                   \
		__typeof__(b) b_ = (b);                                   \
		_Static_assert(__builtin_types_compatible_p(__typeof__(a_), \
							    __typeof__(b_)), \
			       "min() of two types");                     \
		a_ < b_ ? a_ : b_;                                        \
	})

#endif
