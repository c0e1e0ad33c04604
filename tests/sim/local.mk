# SPDX-License-Identifier: GPL-2.0-or-later
# tests/sim: the tests of the VT-d model (sim/) itself, and of the
# snapshot run on it through the model's adapter.
SIM_TESTS = tests/sim/test_sim_model tests/sim/test_sim_baseline \
	tests/sim/test_snapshot
check_PROGRAMS += $(SIM_TESTS)
TESTS += $(SIM_TESTS)
tests_sim_test_sim_model_SOURCES = tests/sim/test_sim_model.c
tests_sim_test_sim_model_CPPFLAGS = $(SIM_CPPFLAGS)
tests_sim_test_sim_model_CFLAGS = $(TEST_CFLAGS)
tests_sim_test_sim_model_LDADD = sim/libsim.a $(CMOCKA_LIBS)
tests_sim_test_sim_baseline_SOURCES = tests/sim/test_sim_baseline.c
tests_sim_test_sim_baseline_CPPFLAGS = $(SIM_CPPFLAGS)
tests_sim_test_sim_baseline_CFLAGS = $(TEST_CFLAGS)
tests_sim_test_sim_baseline_LDADD = sim/libsim.a $(CMOCKA_LIBS)
tests_sim_test_snapshot_SOURCES = tests/sim/test_snapshot.c \
	$(SIM_ADAPTER_SOURCES) $(KDUMP_SOURCES)
tests_sim_test_snapshot_CPPFLAGS = $(SIM_CPPFLAGS) $(KDUMP_CPPFLAGS)
tests_sim_test_snapshot_CFLAGS = $(TEST_CFLAGS)
tests_sim_test_snapshot_LDADD = sim/libsim.a lib/libvtd.a $(CMOCKA_LIBS)
