#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel/twin-check.sh, which holds the twins of the driver's headers
# (tests/kernel/include/) to the driver's own in a kernel tree.  Without a
# tree: on a stand-in made from the twins, spelled the way the driver
# spells its headers (a tab after #define, a #define continued on the
# next line, a return type on a line of its own, a prototype on two
# lines, PDE_PFN_MASK through the arch's PAGE_MASK), it passes; with one
# shift changed it fails and shows where; with one name gone it fails
# with one line naming it.  With KSRC naming a Linux tree it also runs
# on that tree (kernel/build.sh runs it on the patched one).
. "$top_srcdir/tests/lib/tap.sh"

check=$top_srcdir/kernel/twin-check.sh
twins=$top_srcdir/tests/kernel/include
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plan 4

# stand_in DIR: the twins, as a kernel tree would hold them.
stand_in()
{
	d=$1/drivers/iommu/intel
	mkdir -p "$d" "$1/arch/x86/include/asm"
	for h in iommu.h pasid.h; do
		awk '
		/^#define cap_sagaw/ { sub(/\) /, ") \\\n\t\t") }
		/^#define PDE_PFN_MASK / { $0 = "#define PDE_PFN_MASK PAGE_MASK" }
		/^static inline u16 pasid_get_domain_id/ { sub(/u16 /, "u16\n") }
		{ sub(/^#define /, "#define\t"); print }
		/^#define[ \t]TWIN_INTEL_IOMMU_H/ {
			print "static inline int twin_stand_in_decl(int a,"
			print "\t\t\t\t     int b);"
		}' "$twins/$h" > "$d/$h"
	done
	cat > "$1/arch/x86/include/asm/page_types.h" <<-'EOF'
	#define PAGE_SHIFT CONFIG_PAGE_SHIFT
	#define PAGE_SIZE (_AC(1, UL) << PAGE_SHIFT)
	#define PAGE_MASK (~(PAGE_SIZE - 1))
	EOF
}

stand_in "$tmp/same"
check "the twins' own definitions, spelled as the driver's, pass" \
	sh "$check" "$tmp/same"

# One shift changed: the check fails on the first input that shows it.
stand_in "$tmp/shift"
sed '/ecap_smts/s/>> 43)/>> 44)/' "$tmp/same/drivers/iommu/intel/iommu.h" \
	> "$tmp/shift/drivers/iommu/intel/iommu.h"
if cmp -s "$tmp/same/drivers/iommu/intel/iommu.h" \
	"$tmp/shift/drivers/iommu/intel/iommu.h"; then
	not_ok "a changed shift fails" "the stand-in's ecap_smts did not change"
elif sh "$check" "$tmp/shift" > "$tmp/shift.out" 2>&1; then
	not_ok "a changed shift fails" "twin-check.sh passed"
elif ! grep -qx -- '-ecap_smts(0x0000080000000000) = 0x1' "$tmp/shift.out"; then
	not_ok "a changed shift fails" "the difference is not shown:" \
		"$(cat "$tmp/shift.out")"
else
	ok "a changed shift fails, with the difference"
fi

# A name the twin defines and the driver does not: one line names it.
stand_in "$tmp/gone"
sed 's/^pasid_get_domain_id(/pasid_domain_id(/' \
	"$tmp/same/drivers/iommu/intel/pasid.h" \
	> "$tmp/gone/drivers/iommu/intel/pasid.h"
if sh "$check" "$tmp/gone" > "$tmp/gone.out" 2>&1; then
	not_ok "a name the driver lacks fails" "twin-check.sh passed"
elif [ "$(wc -l < "$tmp/gone.out")" -ne 1 ] ||
	! grep -q '^kernel/twin-check: pasid_get_domain_id: ' "$tmp/gone.out"
then
	not_ok "a name the driver lacks fails" "not one line naming it:" \
		"$(cat "$tmp/gone.out")"
else
	ok "a name the driver lacks fails, on one line naming it"
fi

if [ -z "${KSRC:-}" ] || [ ! -d "$KSRC" ]; then
	skip "the twins are the driver's of a kernel tree" \
		"no kernel tree (KSRC=/path/to/linux)"
else
	check "the twins are the driver's of $KSRC" sh "$check" "$KSRC"
fi
done_testing
