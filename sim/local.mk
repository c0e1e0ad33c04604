# SPDX-License-Identifier: GPL-2.0-or-later
# sim/: the VT-d hardware model, the proof engine of the crash kernel's
# adoption core (kernel/drivers/iommu/intel/kdump_*) and of the snapshot.  Built for make check (tests/sim, tests/crash) and, on
# demand, for make bench (bench/); it includes nothing from tests/.
SIM_SOURCES = sim/sim.h sim/sim-internal.h sim/platform.h sim/rng.h \
	sim/sim.c sim/mem.c sim/regs.c sim/xlate.c sim/smxlate.c \
	sim/intr.c sim/fault.c sim/dev.c sim/fk.c sim/naive.c
SIM_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/sim
# The model as the platform of the snapshot and adoption cores: built into
# each program that runs those cores on it, with $(KDUMP_CPPFLAGS).
SIM_ADAPTER_SOURCES = sim/adapter.h sim/adapter.c
check_LIBRARIES += sim/libsim.a
sim_libsim_a_SOURCES = $(SIM_SOURCES)
sim_libsim_a_CPPFLAGS = $(SIM_CPPFLAGS)
