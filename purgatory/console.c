// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * console.c - polled output to an 8250 UART.  The wait for the transmit
 * register is bounded: a missing UART costs time, never a hang.
 */
#include <kexec-vtd/x86.h>

#include "arch.h"
#include "console.h"

#define CON_SPIN_LIMIT 100000

static uint16_t con_port;

void con_set_port(uint16_t port)
{
	con_port = port;
}

static void con_putc(char c)
{
	int i;

	for (i = 0; i < CON_SPIN_LIMIT; i++)
		if (arch_inb(con_port + UART_LSR) & UART_LSR_THRE)
			break;
	arch_outb(con_port + UART_THR, (uint8_t)c);
}

void con_puts(const char *s)
{
	if (!con_port)
		return;
	for (; *s; s++) {
		if (*s == '\n')
			con_putc('\r');
		con_putc(*s);
	}
}

void con_put_hex(uint64_t v)
{
	char buf[19];
	int i = 18;

	buf[i] = '\0';
	do {
		buf[--i] = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while (v);
	buf[--i] = 'x';
	buf[--i] = '0';
	con_puts(buf + i);
}

void con_put_dec(uint64_t v)
{
	char buf[21];
	int i = 20;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	con_puts(buf + i);
}
