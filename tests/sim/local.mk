# SPDX-License-Identifier: GPL-2.0-or-later
# tests/sim: the VT-d hardware model, its own tests, and crash/ and the
# snapshot run against it through the one adapter.
SIM_SOURCES = tests/sim/sim.h tests/sim/sim-internal.h tests/sim/platform.h \
	tests/sim/sim.c tests/sim/mem.c tests/sim/regs.c tests/sim/xlate.c \
	tests/sim/smxlate.c tests/sim/intr.c tests/sim/fault.c \
	tests/sim/dev.c tests/sim/fk.c tests/sim/naive.c
SIM_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/lib -I$(top_srcdir)/tests/sim
SIM_ADAPTER_SOURCES = tests/sim/adapter.h tests/sim/adapter.c
check_LIBRARIES += tests/sim/libsim.a
tests_sim_libsim_a_SOURCES = $(SIM_SOURCES)
tests_sim_libsim_a_CPPFLAGS = $(SIM_CPPFLAGS)

SIM_TESTS = tests/sim/test_sim_model tests/sim/test_sim_baseline \
	tests/sim/test_snapshot tests/sim/test_adopt
check_PROGRAMS += $(SIM_TESTS)
TESTS += $(SIM_TESTS)
tests_sim_test_sim_model_SOURCES = tests/sim/test_sim_model.c
tests_sim_test_sim_model_CPPFLAGS = $(SIM_CPPFLAGS)
tests_sim_test_sim_model_CFLAGS = $(TEST_CFLAGS)
tests_sim_test_sim_model_LDADD = tests/sim/libsim.a $(CMOCKA_LIBS)
tests_sim_test_sim_baseline_SOURCES = tests/sim/test_sim_baseline.c
tests_sim_test_sim_baseline_CPPFLAGS = $(SIM_CPPFLAGS)
tests_sim_test_sim_baseline_CFLAGS = $(TEST_CFLAGS)
tests_sim_test_sim_baseline_LDADD = tests/sim/libsim.a $(CMOCKA_LIBS)
tests_sim_test_snapshot_SOURCES = tests/sim/test_snapshot.c \
	$(SIM_ADAPTER_SOURCES) $(CRASH_SOURCES)
tests_sim_test_snapshot_CPPFLAGS = $(SIM_CPPFLAGS) $(CRASH_CPPFLAGS)
tests_sim_test_snapshot_CFLAGS = $(TEST_CFLAGS)
tests_sim_test_snapshot_LDADD = tests/sim/libsim.a lib/libvtd.a $(CMOCKA_LIBS)
tests_sim_test_adopt_SOURCES = tests/sim/test_adopt.c \
	$(SIM_ADAPTER_SOURCES) $(CRASH_SOURCES)
tests_sim_test_adopt_CPPFLAGS = $(SIM_CPPFLAGS) $(CRASH_CPPFLAGS)
tests_sim_test_adopt_CFLAGS = $(TEST_CFLAGS)
tests_sim_test_adopt_LDADD = tests/sim/libsim.a lib/libvtd.a $(CMOCKA_LIBS)
