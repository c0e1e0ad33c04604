# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by tests/e2e/run.sh and scripts/demo: the NIC busy across the
# handover, and proof that it works in the crash kernel.
#   nic_traffic_start E2EDIR OUTDIR  exports VTD_E2E_NETDEV for run-vm.sh
#   nic_traffic_stop
# UDP frames go from the host into the first NIC (a hostfwd port), every
# 100 ms: slow enough that the receive ring the crashed kernel left is
# not full before the crash kernel sets up its IOMMU (~10 s under TCG).
# They stop once the crash kernel has used the NIC: e1000e's own shutdown
# under a flood can fault at power-off (82574 keeps receiving while its
# buffers are unmapped), which is not the handover.  OUTDIR/tftp holds a
# file the crash kernel fetches over the NIC from QEMU's TFTP server.
nic_traffic_start()
{
	nic_port=$(python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	rm -f "$2/serial.log"	# the stop word must come from this run
	python3 "$1/udp-flood.py" "$nic_port" 0.1 "$2/serial.log" \
		'E2E: crash-nic rx' &
	nic_flood=$!
	mkdir -p "$2/tftp"
	head -c 65536 /dev/urandom > "$2/tftp/nic-probe"
	VTD_E2E_NETDEV=",hostfwd=udp:127.0.0.1:$nic_port-10.0.2.15:9,tftp=$2/tftp"
	export VTD_E2E_NETDEV
}

nic_traffic_stop()
{
	kill "$nic_flood" 2>/dev/null || true
	unset VTD_E2E_NETDEV
}

# The ATS machine's virtio-net NIC (tests/e2e/run.sh, ats-*): UDP frames
# into it from the host as into the first NIC, its own TFTP directory.
#   vnic_traffic_start E2EDIR OUTDIR  sets vnic_netdev for its -netdev
#   vnic_traffic_stop
vnic_traffic_start()
{
	vnic_port=$(python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	python3 "$1/udp-flood.py" "$vnic_port" 0.1 "$2/serial.log" \
		'E2E: crash-vnic ' &
	vnic_flood=$!
	vnic_netdev=",hostfwd=udp:127.0.0.1:$vnic_port-10.0.4.15:9,tftp=$2/tftp"
}

vnic_traffic_stop()
{
	[ -z "${vnic_flood:-}" ] || kill "$vnic_flood" 2>/dev/null || true
	vnic_flood=
}
