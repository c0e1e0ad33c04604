#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Keep a guest NIC receiving: send a small UDP datagram every INTERVAL
seconds to a QEMU user-network hostfwd port until killed, or until the
file LOG contains STOP.  The guest need not listen: the NIC writes every
frame into its receive ring (DMA), which is the traffic in flight at the
crash and during the crash kernel's boot.

  udp-flood.py PORT [INTERVAL [LOG STOP]]
"""
import socket
import sys
import time

port = int(sys.argv[1])
interval = float(sys.argv[2]) if len(sys.argv) > 2 else 0.002
log, stop = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else (None, None)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
payload = b'kexec-vtd e2e' * 4
sent = 0
while True:
    try:
        s.sendto(payload, ('127.0.0.1', port))
    except OSError:
        pass  # QEMU not listening yet, or gone
    sent += 1
    if log and sent % 10 == 0:
        try:
            with open(log, 'rb') as f:
                if stop.encode() in f.read():
                    break
        except OSError:
            pass
    time.sleep(interval)
