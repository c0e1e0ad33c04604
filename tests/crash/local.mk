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
	tests/crash/test_swap tests/crash/test_take tests/crash/test_fence
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
tests_crash_test_fence_SOURCES = tests/crash/test_fence.c
tests_crash_test_fence_CPPFLAGS = $(SIM_CPPFLAGS) $(KDUMP_CPPFLAGS)
tests_crash_test_fence_CFLAGS = $(TEST_CFLAGS)
tests_crash_test_fence_LDADD = $(CRASH_TEST_LDADD)
# The first kernel's taker (kdump_take.c), the very file, on the kernel
# that tests/crash/take/ makes of the model (test_take.c includes it).
TAKE_ENV_FILES = tests/crash/take/kernel-env.h \
	tests/crash/take/asm/msr.h tests/crash/take/linux/crash_core.h \
	tests/crash/take/linux/crash_dump.h tests/crash/take/linux/debugfs.h \
	tests/crash/take/linux/seq_file.h tests/crash/take/linux/dmar.h \
	tests/crash/take/linux/gfp.h tests/crash/take/linux/init.h \
	tests/crash/take/linux/io.h tests/crash/take/linux/kstrtox.h \
	tests/crash/take/linux/mm.h tests/crash/take/linux/mutex.h \
	tests/crash/take/linux/notifier.h tests/crash/take/linux/pci.h \
	tests/crash/take/linux/slab.h tests/crash/take/linux/uaccess.h \
	tests/crash/take/linux/workqueue.h
tests_crash_test_take_SOURCES = tests/crash/test_take.c $(TAKE_ENV_FILES)
EXTRA_tests_crash_test_take_DEPENDENCIES = \
	$(top_srcdir)/$(KDUMP_DIR)/kdump_take.c
tests_crash_test_take_CPPFLAGS = -I$(top_srcdir)/tests/crash/take \
	-I$(top_srcdir)/tests/crash $(SIM_CPPFLAGS) $(KDUMP_CPPFLAGS)
tests_crash_test_take_CFLAGS = $(TEST_CFLAGS) -Wno-pointer-arith
tests_crash_test_take_LDADD = $(CRASH_TEST_LDADD)

# The series' first patch (kernel/did-fix.diff) changes a function of the
# driver in place: its new function, taken out of the diff as it is, runs
# on the model (test_did_fix.c includes it).
check_PROGRAMS += tests/crash/test_did_fix
TESTS += tests/crash/test_did_fix
BUILT_SOURCES += tests/crash/did-fix-fn.h
CLEANFILES += tests/crash/did-fix-fn.h
tests/crash/did-fix-fn.h: $(top_srcdir)/kernel/did-fix.diff \
		$(top_srcdir)/tests/kernel/added-function.sh
	$(AM_V_GEN)mkdir -p tests/crash && \
	sh $(top_srcdir)/tests/kernel/added-function.sh \
		$(top_srcdir)/kernel/did-fix.diff copied_pasid_dids_reserve \
		> $@.tmp && mv $@.tmp $@
tests_crash_test_did_fix_SOURCES = tests/crash/test_did_fix.c
tests/crash/test_did_fix-test_did_fix.$(OBJEXT): tests/crash/did-fix-fn.h
tests_crash_test_did_fix_CPPFLAGS = -I$(builddir)/tests/crash $(SIM_CPPFLAGS) \
	$(KDUMP_CPPFLAGS)
tests_crash_test_did_fix_CFLAGS = $(TEST_CFLAGS)
tests_crash_test_did_fix_LDADD = $(CRASH_TEST_LDADD)
