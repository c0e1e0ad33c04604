/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * console.h - purgatory's serial console: a few lines, polled, on the
 * 8250 UART the first kernel already set up.  Port 0 means silence.
 */
#ifndef VTD_PURGATORY_CONSOLE_H
#define VTD_PURGATORY_CONSOLE_H

#include <kexec-vtd/env.h>

void con_set_port(uint16_t port);
void con_puts(const char *s);
void con_put_hex(uint64_t v);
void con_put_dec(uint64_t v);

#endif /* VTD_PURGATORY_CONSOLE_H */
