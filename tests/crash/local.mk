# SPDX-License-Identifier: GPL-2.0-or-later
# tests/crash: the crash kernel's adoption core
# (kernel/drivers/iommu/intel/kdump_*.c) run on the VT-d model (sim/), one
# test program for each of its steps (gate, adopt, swap).  The scene they
# share (world.c), the model's adapter and the core itself are built once,
# into tests/crash/libworld.a.
check_LIBRARIES += tests/crash/libworld.a
tests_crash_libworld_a_SOURCES = tests/crash/world.h tests/crash/world.c \
	$(SIM_ADAPTER_SOURCES) $(KDUMP_SOURCES)
tests_crash_libworld_a_CPPFLAGS = $(SIM_CPPFLAGS) $(KDUMP_CPPFLAGS)
tests_crash_libworld_a_CFLAGS = $(TEST_CFLAGS)

CRASH_TESTS = tests/crash/test_gate tests/crash/test_adopt \
	tests/crash/test_swap
check_PROGRAMS += $(CRASH_TESTS)
TESTS += $(CRASH_TESTS)
CRASH_TEST_LDADD = tests/crash/libworld.a sim/libsim.a lib/libvtd.a \
	$(CMOCKA_LIBS)
tests_crash_test_gate_SOURCES = tests/crash/test_gate.c
tests_crash_test_gate_CPPFLAGS = $(SIM_CPPFLAGS) $(KDUMP_CPPFLAGS)
tests_crash_test_gate_CFLAGS = $(TEST_CFLAGS)
tests_crash_test_gate_LDADD = $(CRASH_TEST_LDADD)
tests_crash_test_adopt_SOURCES = tests/crash/test_adopt.c
tests_crash_test_adopt_CPPFLAGS = $(SIM_CPPFLAGS) $(KDUMP_CPPFLAGS)
tests_crash_test_adopt_CFLAGS = $(TEST_CFLAGS)
tests_crash_test_adopt_LDADD = $(CRASH_TEST_LDADD)
tests_crash_test_swap_SOURCES = tests/crash/test_swap.c
tests_crash_test_swap_CPPFLAGS = $(SIM_CPPFLAGS) $(KDUMP_CPPFLAGS)
tests_crash_test_swap_CFLAGS = $(TEST_CFLAGS)
tests_crash_test_swap_LDADD = $(CRASH_TEST_LDADD)
