# SPDX-License-Identifier: GPL-2.0-or-later
# bench/: figures, never pass/fail (make bench).
EXTRA_PROGRAMS += bench/bench_sim bench/bench_snapshot bench/bench_adopt \
	bench/bench_fence
bench_bench_fence_SOURCES = bench/bench_fence.c $(SIM_ADAPTER_SOURCES) \
	$(KDUMP_SOURCES)
bench_bench_fence_CPPFLAGS = $(SIM_CPPFLAGS) $(KDUMP_CPPFLAGS)
bench_bench_fence_CFLAGS = $(AM_CFLAGS) -O2
bench_bench_fence_LDADD = sim/libsim.a lib/libvtd.a
bench_bench_adopt_SOURCES = bench/bench_adopt.c $(SIM_ADAPTER_SOURCES) \
	$(KDUMP_SOURCES)
bench_bench_adopt_CPPFLAGS = $(SIM_CPPFLAGS) $(KDUMP_CPPFLAGS)
bench_bench_adopt_CFLAGS = $(AM_CFLAGS) -O2
bench_bench_adopt_LDADD = sim/libsim.a lib/libvtd.a
bench_bench_sim_SOURCES = bench/bench_sim.c
bench_bench_sim_CPPFLAGS = $(SIM_CPPFLAGS)
bench_bench_sim_CFLAGS = $(AM_CFLAGS) -O2
bench_bench_sim_LDADD = sim/libsim.a

# The snapshot and the plain read it is measured against, built with
# purgatory's own flags (purgatory/local.mk) so the comparison is like
# for like, and linked as purgatory is placed: -mcmodel=large, no PIE.
EXTRA_LIBRARIES += bench/libpurgbench.a
bench_libpurgbench_a_SOURCES = lib/snapshot.c lib/note_wr.c lib/note.c \
	lib/crc32.c bench/bench_read.c bench/bench_read.h
bench_libpurgbench_a_CPPFLAGS = $(PURGATORY_CPPFLAGS)
bench_libpurgbench_a_CFLAGS = $(PURGATORY_CFLAGS)
$(bench_libpurgbench_a_OBJECTS): CPPFLAGS =
$(bench_libpurgbench_a_OBJECTS): CFLAGS =
bench_bench_snapshot_SOURCES = bench/bench_snapshot.c bench/bench_read.h
bench_bench_snapshot_CPPFLAGS = $(SIM_CPPFLAGS)
bench_bench_snapshot_CFLAGS = $(AM_CFLAGS) -O2
bench_bench_snapshot_LDADD = bench/libpurgbench.a bench/kernsnap.o sim/libsim.a

# The same snapshot as the first kernel builds it (#20): -O2 and the
# kernel's x86-64 code model flags (no vector registers, no red zone),
# with plain indirect calls, as a kernel runs them on CPUs with eIBRS.
# Its global symbols take a kern_ prefix, so one bench runs both takers
# side by side.
KERNSNAP_SRCS = lib/snapshot.c lib/note_wr.c lib/note.c lib/crc32.c
KERNSNAP_CFLAGS = -std=gnu11 -O2 -fno-strict-aliasing -fno-common \
	-fno-PIE -fno-stack-protector -march=x86-64 -mno-sse -mno-mmx \
	-mno-avx -mno-red-zone -fno-asynchronous-unwind-tables \
	-I$(top_srcdir)/include
bench/kernsnap.o: $(KERNSNAP_SRCS:%=$(top_srcdir)/%) $(top_srcdir)/include/kexec-vtd/*.h
	$(AM_V_GEN)rm -f bench/kernsnap-*.o && \
	for s in $(KERNSNAP_SRCS); do \
		$(CC) $(KERNSNAP_CFLAGS) -c $(top_srcdir)/$$s \
			-o bench/kernsnap-$$(basename $$s .c).o || exit 1; \
	done && \
	$(LD) -r -o bench/kernsnap-all.o bench/kernsnap-*.o && \
	$(NM) --defined-only -g bench/kernsnap-all.o | \
		awk '{ print $$3, "kern_" $$3 }' > bench/kernsnap.syms && \
	$(OBJCOPY) --redefine-syms=bench/kernsnap.syms \
		bench/kernsnap-all.o $@ && \
	rm -f bench/kernsnap-*.o bench/kernsnap.syms
CLEANFILES += bench/kernsnap.o
bench_bench_snapshot_LDFLAGS = -no-pie
# Purgatory has its own byte-loop mem* functions, the bench would get
# glibc's: say so if these objects ever call one.
EXTRA_bench_bench_snapshot_DEPENDENCIES = bench/purg-memcheck
bench/purg-memcheck: bench/libpurgbench.a
	@! $(NM) -u bench/libpurgbench.a | grep -w -e memcpy -e memset \
		-e memmove -e memcmp || \
		echo "bench: warning: the snapshot calls glibc's mem*, not purgatory's" >&2
	@touch $@
CLEANFILES += $(EXTRA_PROGRAMS) $(EXTRA_LIBRARIES) bench/purg-memcheck
EXTRA_DIST += bench/run.sh bench/e2e-faults.sh
bench: $(EXTRA_PROGRAMS)
	$(SHELL) $(top_srcdir)/bench/run.sh $(top_builddir)
.PHONY: bench
