#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Keep a guest NIC receiving: send a small UDP datagram every INTERVAL
seconds to a QEMU user-network hostfwd port until killed.  The guest need
not listen: the NIC writes every frame into its receive ring (DMA), which
is the traffic in flight at the crash and during the crash kernel's boot.

  udp-flood.py PORT [INTERVAL]
"""
import socket
import sys
import time

port = int(sys.argv[1])
interval = float(sys.argv[2]) if len(sys.argv) > 2 else 0.002
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
payload = b'kexec-vtd e2e' * 4
while True:
    try:
        s.sendto(payload, ('127.0.0.1', port))
    except OSError:
        pass  # QEMU not listening yet, or gone
    time.sleep(interval)
