/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vtd-hw.h - every Intel VT-d hardware fact kexec-vtd uses, and nothing else.
 *
 * Source: Intel Virtualization Technology for Directed I/O, Architecture
 * Specification (rev. 4.x), chapters 9 (translation structure formats),
 * 10 (register descriptions) and 7 (fault reasons, appendix A).  Section
 * numbers below refer to that document.
 *
 * Fields are masks with the spec's bit positions, read and written only
 * through VTD_FIELD_GET/VTD_FIELD_PREP.  Names avoid Linux's iommu.h
 * (DMAR_*_REG, DMA_GCMD_*, VTD_PAGE_*) so both headers compile together.
 * 128-bit and 256-bit entries are described as arrays of 64-bit words;
 * the word a field lives in is part of its name (_LO = bits 63:0,
 * _HI = bits 127:64, _W2/_W3 for 256-bit entries).
 */
#ifndef KEXEC_VTD_VTD_HW_H
#define KEXEC_VTD_VTD_HW_H

#include "env.h"

#define VTD_BIT(n) (UINT64_C(1) << (n))
#define VTD_GENMASK(h, l) ((~UINT64_C(0) >> (63 - (h))) & (~UINT64_C(0) << (l)))
#define VTD_FIELD_GET(mask, reg) \
	(((u64)(reg) & (mask)) >> __builtin_ctzll(mask))
#define VTD_FIELD_PREP(mask, val) \
	(((u64)(val) << __builtin_ctzll(mask)) & (mask))
/*
 * How many values the field @mask holds, 2^width: an integer constant
 * expression (GCC and clang fold the builtin), so limits derived from a
 * field's width can size arrays.  For fields narrower than 64 bits.
 */
#define VTD_FIELD_NR_VALUES(mask) (VTD_FIELD_GET(mask, ~UINT64_C(0)) + 1)

#define VTD_PAGE_SHIFT_4K 12
#define VTD_PAGE_SIZE_4K (UINT64_C(1) << VTD_PAGE_SHIFT_4K)

/* --- Register offsets from a unit's register base (10.4) --- */
#define VTD_REG_VER 0x000      /* 32: version */
#define VTD_REG_CAP 0x008      /* 64: capability */
#define VTD_REG_ECAP 0x010     /* 64: extended capability */
#define VTD_REG_GCMD 0x018     /* 32: global command */
#define VTD_REG_GSTS 0x01c     /* 32: global status */
#define VTD_REG_RTADDR 0x020   /* 64: root table address */
#define VTD_REG_CCMD 0x028     /* 64: context command */
#define VTD_REG_FSTS 0x034     /* 32: fault status */
#define VTD_REG_FECTL 0x038    /* 32: fault event control */
#define VTD_REG_FEDATA 0x03c   /* 32: fault event data */
#define VTD_REG_FEADDR 0x040   /* 32: fault event address */
#define VTD_REG_FEUADDR 0x044  /* 32: fault event upper address */
#define VTD_REG_AFLOG 0x058    /* 64: advanced fault log */
#define VTD_REG_PMEN 0x064     /* 32: protected memory enable */
#define VTD_REG_PLMBASE 0x068  /* 32: protected low memory base */
#define VTD_REG_PLMLIMIT 0x06c /* 32: protected low memory limit */
#define VTD_REG_PHMBASE 0x070  /* 64: protected high memory base */
#define VTD_REG_PHMLIMIT 0x078 /* 64: protected high memory limit */
#define VTD_REG_IQH 0x080      /* 64: invalidation queue head */
#define VTD_REG_IQT 0x088      /* 64: invalidation queue tail */
#define VTD_REG_IQA 0x090      /* 64: invalidation queue address */
#define VTD_REG_ICS 0x09c      /* 32: invalidation completion status */
#define VTD_REG_IECTL 0x0a0    /* 32: invalidation event control */
#define VTD_REG_IEDATA 0x0a4   /* 32: invalidation event data */
#define VTD_REG_IEADDR 0x0a8   /* 32: invalidation event address */
#define VTD_REG_IEUADDR 0x0ac  /* 32: invalidation event upper address */
#define VTD_REG_IQERCD 0x0b0   /* 64: invalidation queue error record */
#define VTD_IQERCD_ITESID VTD_GENMASK(47, 32) /* the time-out's source-id */
#define VTD_REG_IRTA 0x0b8     /* 64: interrupt remapping table address */

/*
 * The IOTLB registers and the fault recording registers float: CAP.FRO and
 * ECAP.IRO give their offsets in 16-byte units (10.4.2, 10.4.3).
 */
#define VTD_REG_UNIT_SHIFT 4
#define VTD_REG_IOTLB_FROM_IVA 0x8	    /* IOTLB register is IVA + 8 */
#define VTD_FRCD_SIZE 16		    /* one fault recording register */
#define VTD_REG_SPACE_SIZE VTD_PAGE_SIZE_4K /* at least one page */

/* --- VER (10.4.1) --- */
#define VTD_VER_MIN VTD_GENMASK(3, 0)
#define VTD_VER_MAX VTD_GENMASK(7, 4)

/* --- CAP (10.4.2) --- */
#define VTD_CAP_ND VTD_GENMASK(2, 0)
#define VTD_CAP_AFL VTD_BIT(3)
#define VTD_CAP_RWBF VTD_BIT(4)
#define VTD_CAP_PLMR VTD_BIT(5)
#define VTD_CAP_PHMR VTD_BIT(6)
#define VTD_CAP_CM VTD_BIT(7)
#define VTD_CAP_SAGAW VTD_GENMASK(12, 8)
#define VTD_CAP_MGAW VTD_GENMASK(21, 16)
#define VTD_CAP_ZLR VTD_BIT(22)
#define VTD_CAP_FRO VTD_GENMASK(33, 24)
#define VTD_CAP_SLLPS VTD_GENMASK(37, 34)
#define VTD_CAP_PSI VTD_BIT(39)
#define VTD_CAP_NFR VTD_GENMASK(47, 40)
#define VTD_CAP_MAMV VTD_GENMASK(53, 48)
#define VTD_CAP_DWD VTD_BIT(54)
#define VTD_CAP_DRD VTD_BIT(55)
#define VTD_CAP_FL1GP VTD_BIT(56)
#define VTD_CAP_PI VTD_BIT(59)
#define VTD_CAP_FL5LP VTD_BIT(60)
#define VTD_CAP_ESIRTPS VTD_BIT(62)
#define VTD_CAP_ESRTPS VTD_BIT(63)

/* SAGAW bits: which second-level table depths the unit walks. */
#define VTD_SAGAW_39BIT_3LEVEL VTD_BIT(1)
#define VTD_SAGAW_48BIT_4LEVEL VTD_BIT(2)
#define VTD_SAGAW_57BIT_5LEVEL VTD_BIT(3)

/* --- ECAP (10.4.3) --- */
#define VTD_ECAP_C VTD_BIT(0)
#define VTD_ECAP_QI VTD_BIT(1)
#define VTD_ECAP_DT VTD_BIT(2)
#define VTD_ECAP_IR VTD_BIT(3)
#define VTD_ECAP_EIM VTD_BIT(4)
#define VTD_ECAP_PT VTD_BIT(6)
#define VTD_ECAP_SC VTD_BIT(7)
#define VTD_ECAP_IRO VTD_GENMASK(17, 8)
#define VTD_ECAP_MHMV VTD_GENMASK(23, 20)
#define VTD_ECAP_NEST VTD_BIT(26)
#define VTD_ECAP_PRS VTD_BIT(29)
#define VTD_ECAP_SRS VTD_BIT(31)
#define VTD_ECAP_NWFS VTD_BIT(33)
#define VTD_ECAP_EAFS VTD_BIT(34)
#define VTD_ECAP_PSS VTD_GENMASK(39, 35)
#define VTD_ECAP_PASID VTD_BIT(40)
#define VTD_ECAP_DIT VTD_BIT(41)
#define VTD_ECAP_PDS VTD_BIT(42)
#define VTD_ECAP_SMTS VTD_BIT(43)
#define VTD_ECAP_VCS VTD_BIT(44)
#define VTD_ECAP_SLADS VTD_BIT(45)
#define VTD_ECAP_SLTS VTD_BIT(46)
#define VTD_ECAP_FLTS VTD_BIT(47)
#define VTD_ECAP_SMPWCS VTD_BIT(48)
#define VTD_ECAP_RPS VTD_BIT(49)

/* --- GCMD and GSTS (10.4.4, 10.4.5): a status bit mirrors its command --- */
#define VTD_GCMD_CFI VTD_BIT(23)   /* compatibility format interrupts */
#define VTD_GCMD_SIRTP VTD_BIT(24) /* set interrupt remap table pointer */
#define VTD_GCMD_IRE VTD_BIT(25)   /* interrupt remapping enable */
#define VTD_GCMD_QIE VTD_BIT(26)   /* queued invalidation enable */
#define VTD_GCMD_WBF VTD_BIT(27)   /* write buffer flush */
#define VTD_GCMD_EAFL VTD_BIT(28)  /* enable advanced fault logging */
#define VTD_GCMD_SFL VTD_BIT(29)   /* set fault log */
#define VTD_GCMD_SRTP VTD_BIT(30)  /* set root table pointer */
#define VTD_GCMD_TE VTD_BIT(31)	   /* translation enable */

#define VTD_GSTS_CFIS VTD_GCMD_CFI
#define VTD_GSTS_IRTPS VTD_GCMD_SIRTP
#define VTD_GSTS_IRES VTD_GCMD_IRE
#define VTD_GSTS_QIES VTD_GCMD_QIE
#define VTD_GSTS_WBFS VTD_GCMD_WBF
#define VTD_GSTS_AFLS VTD_GCMD_EAFL
#define VTD_GSTS_FLS VTD_GCMD_SFL
#define VTD_GSTS_RTPS VTD_GCMD_SRTP
#define VTD_GSTS_TES VTD_GCMD_TE

/* --- RTADDR (10.4.6) --- */
#define VTD_RTADDR_TTM VTD_GENMASK(11, 10)
#define VTD_RTADDR_RTA VTD_GENMASK(63, 12)
#define VTD_TTM_LEGACY 0
#define VTD_TTM_SCALABLE 1
#define VTD_TTM_ABORT_DMA 3

/* --- CCMD (10.4.7) --- */
#define VTD_CCMD_DID VTD_GENMASK(15, 0)
#define VTD_CCMD_SID VTD_GENMASK(31, 16)
#define VTD_CCMD_FM VTD_GENMASK(33, 32)
#define VTD_CCMD_CAIG VTD_GENMASK(60, 59)
#define VTD_CCMD_CIRG VTD_GENMASK(62, 61)
#define VTD_CCMD_ICC VTD_BIT(63)

/* --- IOTLB invalidate register (10.4.8.1) --- */
#define VTD_IOTLB_DID VTD_GENMASK(47, 32)
#define VTD_IOTLB_DW VTD_BIT(48)
#define VTD_IOTLB_DR VTD_BIT(49)
#define VTD_IOTLB_IAIG VTD_GENMASK(58, 57)
#define VTD_IOTLB_IIRG VTD_GENMASK(61, 60)
#define VTD_IOTLB_IVT VTD_BIT(63)

/* --- FSTS (10.4.9) --- */
#define VTD_FSTS_PFO VTD_BIT(0)
#define VTD_FSTS_PPF VTD_BIT(1)
#define VTD_FSTS_AFO VTD_BIT(2)
#define VTD_FSTS_APF VTD_BIT(3)
#define VTD_FSTS_IQE VTD_BIT(4)
#define VTD_FSTS_ICE VTD_BIT(5)
#define VTD_FSTS_ITE VTD_BIT(6)
#define VTD_FSTS_FRI VTD_GENMASK(15, 8)

/* --- FECTL (10.4.10) --- */
#define VTD_FECTL_IP VTD_BIT(30)
#define VTD_FECTL_IM VTD_BIT(31)

/* --- Fault recording register, 128 bits (10.4.14) --- */
#define VTD_FRCD_LO_FI VTD_GENMASK(63, 12)	 /* faulting address / index */
#define VTD_FRCD_LO_IR_INDEX VTD_GENMASK(63, 48) /* interrupt faults */
#define VTD_FRCD_HI_SID VTD_GENMASK(15, 0)	 /* bits 79:64 */
#define VTD_FRCD_HI_T2 VTD_BIT(28)		 /* bit 92 */
#define VTD_FRCD_HI_PRIV VTD_BIT(29)		 /* bit 93 */
#define VTD_FRCD_HI_EXE VTD_BIT(30)		 /* bit 94 */
#define VTD_FRCD_HI_PP VTD_BIT(31)		 /* bit 95 */
#define VTD_FRCD_HI_FR VTD_GENMASK(39, 32)	 /* bits 103:96 */
#define VTD_FRCD_HI_PV VTD_GENMASK(59, 40)	 /* bits 123:104 */
#define VTD_FRCD_HI_AT VTD_GENMASK(61, 60)	 /* bits 125:124 */
#define VTD_FRCD_HI_T1 VTD_BIT(62)		 /* bit 126: 1 = read */
#define VTD_FRCD_HI_F VTD_BIT(63)		 /* bit 127: fault */

/* --- IQA, IQH, IQT (10.4.23-25) --- */
#define VTD_IQA_QS VTD_GENMASK(2, 0) /* 2^QS pages of descriptors */
#define VTD_IQA_DW VTD_BIT(11)	     /* 256-bit descriptors */
#define VTD_IQA_IQA VTD_GENMASK(63, 12)
#define VTD_IQ_QH VTD_GENMASK(18, 4) /* head/tail as 128-bit index */
#define VTD_ICS_IWC VTD_BIT(0)

/* --- IVA register, at the IOTLB block's start (10.4.8.2) --- */
#define VTD_IVA_AM VTD_GENMASK(5, 0) /* 2^AM pages */
#define VTD_IVA_IH VTD_BIT(6)
#define VTD_IVA_ADDR VTD_GENMASK(63, 12)

/* Invalidation granularities, as CCMD.CIRG/CAIG and IOTLB.IIRG/IAIG
 * encode them (10.4.7, 10.4.8.1) and as the queued descriptors do (6.5.2).
 */
#define VTD_INV_GLOBAL 1
#define VTD_INV_DOMAIN 2
#define VTD_INV_DEVICE 3 /* context cache: one source-id */
#define VTD_INV_PAGE 3	 /* IOTLB: pages of one domain */

/* --- Queued invalidation descriptors, 128 bits (6.5.2) --- */
#define VTD_QI_DESC_SIZE 16
#define VTD_QI_TYPE VTD_GENMASK(3, 0)
#define VTD_QI_TYPE_CC 1 /* context-cache invalidate */
#define VTD_QI_TYPE_IOTLB 2
#define VTD_QI_TYPE_DEV_TLB 3
#define VTD_QI_TYPE_IEC 4 /* interrupt entry cache invalidate */
#define VTD_QI_TYPE_WAIT 5
#define VTD_QI_CC_G VTD_GENMASK(5, 4)
#define VTD_QI_CC_DID VTD_GENMASK(31, 16)
#define VTD_QI_CC_SID VTD_GENMASK(47, 32)
#define VTD_QI_CC_FM VTD_GENMASK(49, 48)
#define VTD_QI_IOTLB_G VTD_GENMASK(5, 4)
#define VTD_QI_IOTLB_DW VTD_BIT(6)
#define VTD_QI_IOTLB_DR VTD_BIT(7)
#define VTD_QI_IOTLB_DID VTD_GENMASK(31, 16)
#define VTD_QI_IOTLB_HI_AM VTD_GENMASK(5, 0)
#define VTD_QI_IOTLB_HI_IH VTD_BIT(6)
#define VTD_QI_IOTLB_HI_ADDR VTD_GENMASK(63, 12)
#define VTD_QI_DEVTLB_PFSID_LO VTD_GENMASK(15, 12)
#define VTD_QI_DEVTLB_MIP VTD_GENMASK(20, 16) /* max invalidations pending */
#define VTD_QI_DEVTLB_SID VTD_GENMASK(47, 32)
#define VTD_QI_DEVTLB_PFSID_HI VTD_GENMASK(63, 52)
#define VTD_QI_DEVTLB_HI_S VTD_BIT(0) /* size: ADDR's low ones say how much */
#define VTD_QI_DEVTLB_HI_ADDR VTD_GENMASK(63, 12)
/* Reserved: 31:21 and 51:48 low (11:9 are the type's high bits), 11:1 high. */
#define VTD_QI_DEVTLB_RSVD_LO (VTD_GENMASK(31, 21) | VTD_GENMASK(51, 48))
#define VTD_QI_DEVTLB_RSVD_HI VTD_GENMASK(11, 1)
#define VTD_QI_IEC_G VTD_BIT(4)		  /* 0 global, 1 index-selective */
#define VTD_QI_IEC_IM VTD_GENMASK(31, 27) /* 2^IM entries */
#define VTD_QI_IEC_IIDX VTD_GENMASK(47, 32)
#define VTD_QI_WAIT_IF VTD_BIT(4)
#define VTD_QI_WAIT_SW VTD_BIT(5) /* write status data */
#define VTD_QI_WAIT_FN VTD_BIT(6)
#define VTD_QI_WAIT_SDATA VTD_GENMASK(63, 32)
#define VTD_QI_WAIT_HI_SADDR VTD_GENMASK(63, 2)
/*
 * With IQA.DW a descriptor is 256 bits (6.5.2): the 128-bit forms above
 * in its low half, IQH and IQT still counted in 128-bit units (so bit 4
 * of IQT must be clear).  Scalable-mode units take two more types:
 * PASID-based IOTLB invalidation (6.5.2.4), for first-stage and
 * pass-through translations, which carry the PASID in their tag, and
 * PASID-cache invalidation (6.5.2.2).
 */
#define VTD_QI_DESC256_SIZE 32
#define VTD_QI_TYPE_HI VTD_GENMASK(11, 9) /* type bits 6:4 */
#define VTD_QI_TYPE_PIOTLB 6
#define VTD_QI_TYPE_PC 7
#define VTD_QI_PIOTLB_G VTD_GENMASK(5, 4)
#define VTD_QI_PIOTLB_DID VTD_GENMASK(31, 16)
#define VTD_QI_PIOTLB_PASID VTD_GENMASK(51, 32)
#define VTD_QI_PIOTLB_HI_AM VTD_GENMASK(5, 0)
#define VTD_QI_PIOTLB_HI_IH VTD_BIT(6)
#define VTD_QI_PIOTLB_HI_ADDR VTD_GENMASK(63, 12)
#define VTD_QI_PIOTLB_PASID_SEL 2 /* every page of one PASID of a domain */
#define VTD_QI_PIOTLB_PAGE 3	  /* pages of one PASID of a domain */
#define VTD_QI_PC_G VTD_GENMASK(5, 4)
#define VTD_QI_PC_DID VTD_GENMASK(31, 16)
#define VTD_QI_PC_PASID VTD_GENMASK(51, 32)
#define VTD_QI_PC_DOMAIN 0    /* every PASID of a domain */
#define VTD_QI_PC_PASID_SEL 1 /* one PASID of a domain */
#define VTD_QI_PC_GLOBAL 3
/* PASID-based device-TLB invalidation (6.5.2.6): SID in 31:16 here. */
#define VTD_QI_TYPE_PDEV_TLB 8
#define VTD_QI_PDEVTLB_SID VTD_GENMASK(31, 16)
#define VTD_QI_PDEVTLB_PASID VTD_GENMASK(51, 32)

/* --- IRTA (10.4.29) --- */
#define VTD_IRTA_S VTD_GENMASK(3, 0) /* 2^(S+1) entries */
#define VTD_IRTA_EIME VTD_BIT(11)
#define VTD_IRTA_IRTA VTD_GENMASK(63, 12)
#define VTD_IRTA_S_MAX (VTD_FIELD_NR_VALUES(VTD_IRTA_S) - 1)

/* --- Root entry, 128 bits (9.1 legacy, 9.2 scalable) --- */
#define VTD_ROOT_ENTRY_SIZE 16
#define VTD_ROOT_ENTRIES 256		     /* one per bus */
#define VTD_ROOT_LO_P VTD_BIT(0)	     /* legacy present; scalable LP */
#define VTD_ROOT_LO_CTP VTD_GENMASK(63, 12)  /* legacy CTP; scalable LCTP */
#define VTD_ROOT_HI_UP VTD_BIT(0)	     /* scalable: upper present */
#define VTD_ROOT_HI_UCTP VTD_GENMASK(63, 12) /* scalable: upper CTP */
#define VTD_ROOT_LO_RSVD VTD_GENMASK(11, 1)  /* legacy; the high half too */
#define VTD_ROOT_HI_RSVD VTD_GENMASK(11, 1)  /* scalable: bits 75:65 */

/* --- Legacy context entry, 128 bits (9.3) --- */
#define VTD_CTX_ENTRY_SIZE 16
#define VTD_CTX_ENTRIES 256 /* one per devfn */
#define VTD_CTX_LO_P VTD_BIT(0)
#define VTD_CTX_LO_FPD VTD_BIT(1)
#define VTD_CTX_LO_TT VTD_GENMASK(3, 2)
#define VTD_CTX_LO_SLPTPTR VTD_GENMASK(63, 12)
#define VTD_CTX_HI_AW VTD_GENMASK(2, 0)
#define VTD_CTX_HI_AVAIL VTD_GENMASK(6, 3)
#define VTD_CTX_HI_DID VTD_GENMASK(23, 8)
#define VTD_CTX_LO_RSVD VTD_GENMASK(11, 4)
#define VTD_CTX_HI_RSVD (VTD_BIT(7) | VTD_GENMASK(63, 24))
#define VTD_TT_UNTRANSLATED 0 /* untranslated requests only */
#define VTD_TT_ALL 1	      /* untranslated, translated and ATS */
#define VTD_TT_PASSTHROUGH 2

/* Address width encodings in AW and SAGAW bit numbers. */
#define VTD_AW_39BIT 1
#define VTD_AW_48BIT 2
#define VTD_AW_57BIT 3

/*
 * --- Scalable-mode context entry, 256 bits (9.4) ---
 * A scalable context table holds 128 entries; the root entry's lower half
 * serves devfn 0-127, the upper half devfn 128-255.
 */
#define VTD_SM_CTX_ENTRY_SIZE 32
#define VTD_SM_CTX_ENTRIES 128
#define VTD_SM_CTX_LO_P VTD_BIT(0)
#define VTD_SM_CTX_LO_FPD VTD_BIT(1)
#define VTD_SM_CTX_LO_DTE VTD_BIT(2)
#define VTD_SM_CTX_LO_PASIDE VTD_BIT(3)
#define VTD_SM_CTX_LO_PRE VTD_BIT(4)
#define VTD_SM_CTX_LO_PDTS VTD_GENMASK(11, 9)
#define VTD_SM_CTX_LO_RSVD VTD_GENMASK(8, 5)
#define VTD_SM_CTX_LO_PASIDDIRPTR VTD_GENMASK(63, 12)
#define VTD_SM_CTX_HI_RID_PASID VTD_GENMASK(19, 0)
#define VTD_SM_CTX_HI_RID_PRIV VTD_BIT(20)
#define VTD_SM_CTX_HI_RSVD VTD_GENMASK(63, 21)
#define VTD_SM_CTX_WORDS 4 /* bits 255:128 (_W2, _W3) are reserved */

/*
 * --- PASID directory entry, 64 bits (9.5) ---
 * PASID bits 19:6 index the directory (2^(PDTS + 7) entries, from the
 * scalable context entry), bits 5:0 the 64-entry PASID table it points to.
 */
#define VTD_PASID_BITS 20
#define VTD_PASID_DIR_SHIFT 6 /* PASID bits below it index a PASID table */
#define VTD_PDE_SIZE 8
#define VTD_PDE_P VTD_BIT(0)
#define VTD_PDE_FPD VTD_BIT(1)
#define VTD_PDE_RSVD VTD_GENMASK(11, 2)
#define VTD_PDE_PTPTR VTD_GENMASK(63, 12) /* scalable-mode PASID table */

/*
 * --- Scalable-mode PASID table entry, 512 bits (9.6) ---
 * Words _LO (63:0), _HI (127:64), _W2 (191:128); _W3 to _W7 reserved.
 * PGTT picks the translation: first-stage (FSPTPTR, 4 or 5 levels by
 * FSPM), second-stage (SSPTPTR, AW levels), nested, or pass-through.
 */
#define VTD_PASID_ENTRY_SIZE 64
#define VTD_PASID_ENTRY_WORDS 8
#define VTD_PASID_TABLE_ENTRIES ((u32)VTD_BIT(VTD_PASID_DIR_SHIFT))
static_assert(VTD_PASID_TABLE_ENTRIES * VTD_PASID_ENTRY_SIZE ==
		      VTD_PAGE_SIZE_4K,
	      "a PASID table is one 4 KiB page");
#define VTD_PASID_LO_P VTD_BIT(0)
#define VTD_PASID_LO_FPD VTD_BIT(1)
#define VTD_PASID_LO_AW VTD_GENMASK(4, 2)
#define VTD_PASID_LO_SSEE VTD_BIT(5)
#define VTD_PASID_LO_PGTT VTD_GENMASK(8, 6)
#define VTD_PASID_LO_SSADE VTD_BIT(9)
#define VTD_PASID_LO_RSVD VTD_GENMASK(11, 10)
#define VTD_PASID_LO_SSPTPTR VTD_GENMASK(63, 12)
#define VTD_PASID_HI_DID VTD_GENMASK(15, 0)
#define VTD_PASID_HI_RSVD VTD_GENMASK(22, 16)
#define VTD_PASID_HI_PWSNP VTD_BIT(23) /* page-walk snoop */
#define VTD_PASID_HI_PGSNP VTD_BIT(24) /* page snoop */
#define VTD_PASID_HI_CD VTD_BIT(25)
#define VTD_PASID_HI_EMTE VTD_BIT(26)
#define VTD_PASID_HI_EMT VTD_GENMASK(29, 27)
#define VTD_PASID_HI_PWT VTD_BIT(30)
#define VTD_PASID_HI_PCD VTD_BIT(31)
#define VTD_PASID_HI_PAT VTD_GENMASK(63, 32)
#define VTD_PASID_W2_SRE VTD_BIT(0) /* supervisor requests */
#define VTD_PASID_W2_FSPM VTD_GENMASK(3, 2)
#define VTD_PASID_W2_WPE VTD_BIT(4)
#define VTD_PASID_W2_NXE VTD_BIT(5)
#define VTD_PASID_W2_SMEP VTD_BIT(6)
#define VTD_PASID_W2_EAFE VTD_BIT(7)
#define VTD_PASID_W2_RSVD (VTD_BIT(1) | VTD_GENMASK(11, 8))
#define VTD_PASID_W2_FSPTPTR VTD_GENMASK(63, 12)
#define VTD_PGTT_FS 1	  /* first-stage only */
#define VTD_PGTT_SS 2	  /* second-stage only */
#define VTD_PGTT_NESTED 3 /* first-stage on second-stage */
#define VTD_PGTT_PT 4	  /* pass-through */
#define VTD_FSPM_4LEVEL 0 /* 48-bit canonical input */
#define VTD_FSPM_5LEVEL 1 /* 57-bit, with CAP.FL5LP */

/* --- Interrupt remapping table entry, 128 bits (9.10) --- */
#define VTD_IRTE_SIZE 16
#define VTD_IRTE_LO_P VTD_BIT(0)
#define VTD_IRTE_LO_FPD VTD_BIT(1)
#define VTD_IRTE_LO_DM VTD_BIT(2) /* destination mode: logical */
#define VTD_IRTE_LO_RH VTD_BIT(3) /* redirection hint */
#define VTD_IRTE_LO_TM VTD_BIT(4) /* trigger mode: level */
#define VTD_IRTE_LO_DLM VTD_GENMASK(7, 5)
#define VTD_IRTE_LO_AVAIL VTD_GENMASK(11, 8)
#define VTD_IRTE_LO_IM VTD_BIT(15)		  /* 1 = posted format */
#define VTD_IRTE_LO_V VTD_GENMASK(23, 16)	  /* vector */
#define VTD_IRTE_LO_DST VTD_GENMASK(63, 32)	  /* destination id */
#define VTD_IRTE_LO_DST_XAPIC VTD_GENMASK(47, 40) /* xAPIC mode: 8 bits */
#define VTD_IRTE_HI_SID VTD_GENMASK(15, 0)
#define VTD_IRTE_HI_SQ VTD_GENMASK(17, 16)
#define VTD_IRTE_HI_SVT VTD_GENMASK(19, 18)
#define VTD_SVT_NONE 0
#define VTD_SVT_SID 1 /* verify SID with SQ mask */
#define VTD_SVT_BUS 2 /* verify bus range in SID */

/* --- Second-level paging entry (9.8) --- */
#define VTD_SLPTE_R VTD_BIT(0)
#define VTD_SLPTE_W VTD_BIT(1)
#define VTD_SLPTE_X VTD_BIT(2)
#define VTD_SLPTE_PS VTD_BIT(7) /* superpage (2 MiB, 1 GiB) */
#define VTD_SLPTE_SNP VTD_BIT(11)
#define VTD_SLPTE_ADDR VTD_GENMASK(51, 12)
#define VTD_SLPT_ENTRIES 512
#define VTD_SLPT_LEVEL_STRIDE 9

/*
 * --- First-stage paging entry (9.7): the x86 IA-32e format ---
 * A request without PASID is a user-mode request (RID_PRIV 0): every
 * level must allow user access (U/S) and, for a write, writes (R/W).
 */
#define VTD_FSPTE_P VTD_BIT(0)
#define VTD_FSPTE_RW VTD_BIT(1)
#define VTD_FSPTE_US VTD_BIT(2)
#define VTD_FSPTE_PWT VTD_BIT(3)
#define VTD_FSPTE_PCD VTD_BIT(4)
#define VTD_FSPTE_A VTD_BIT(5)
#define VTD_FSPTE_D VTD_BIT(6)
#define VTD_FSPTE_PS VTD_BIT(7) /* 2 MiB at level 2, 1 GiB at level 3 */
#define VTD_FSPTE_EA VTD_BIT(10)
#define VTD_FSPTE_ADDR VTD_GENMASK(51, 12)
#define VTD_FSPTE_XD VTD_BIT(63)
/* A large page's address bits below its size are reserved, PAT aside. */
#define VTD_FSPTE_1G_RSVD VTD_GENMASK(29, 13)
#define VTD_FSPTE_2M_RSVD VTD_GENMASK(20, 13)

/* --- Remappable interrupt request (5.1.2.2) --- */
#define VTD_MSI_ADDR_BASE 0xfee00000u
#define VTD_MSI_ADDR_RANGE_SIZE 0x100000u /* 0xfeexxxxx: interrupts (3.14) */
#define VTD_MSI_ADDR_IF VTD_BIT(4)  /* interrupt format: remappable */
#define VTD_MSI_ADDR_SHV VTD_BIT(3) /* subhandle valid */
#define VTD_MSI_ADDR_HANDLE_LO VTD_GENMASK(19, 5)
#define VTD_MSI_ADDR_HANDLE_15 VTD_BIT(2)
#define VTD_MSI_ADDR_HANDLE_LO_BITS 15 /* handle[14:0] in bits 19:5 */
#define VTD_MSI_DATA_SUBHANDLE VTD_GENMASK(15, 0)
/* Compatibility format (IF = 0): destination and vector as in xAPIC. */
#define VTD_MSI_ADDR_COMPAT_DEST VTD_GENMASK(19, 12)
#define VTD_MSI_DATA_COMPAT_VECTOR VTD_GENMASK(7, 0)

/* --- Fault reasons (appendix A) --- */
enum vtd_fault_reason {
	VTD_FR_ROOT_ENTRY_P = 0x01,  /* root entry not present */
	VTD_FR_CTX_ENTRY_P = 0x02,   /* context entry not present */
	VTD_FR_CTX_ENTRY_INV = 0x03, /* invalid context entry */
	VTD_FR_ADDR_BEYOND_MGAW = 0x04,
	VTD_FR_WRITE = 0x05,		/* PTE write access not set */
	VTD_FR_READ = 0x06,		/* PTE read access not set */
	VTD_FR_PAGING_ENTRY_INV = 0x07, /* next page table pointer invalid */
	VTD_FR_ROOT_TABLE_INV = 0x08,	/* root table address invalid */
	VTD_FR_CTX_TABLE_INV = 0x09,	/* context table pointer invalid */
	VTD_FR_ROOT_ENTRY_RSVD = 0x0a,
	VTD_FR_CTX_ENTRY_RSVD = 0x0b,
	VTD_FR_PAGING_ENTRY_RSVD = 0x0c,
	VTD_FR_CTX_ENTRY_TT = 0x0d,  /* blocked by translation type */
	VTD_FR_IR_REQ_RSVD = 0x20,   /* reserved fields in the request */
	VTD_FR_IR_INDEX_OVER = 0x21, /* index beyond the IRTA size */
	VTD_FR_IR_ENTRY_P = 0x22,    /* IRTE not present */
	VTD_FR_IR_ROOT_INVAL = 0x23, /* error reading the IRT at IRTA */
	VTD_FR_IR_IRTE_RSVD = 0x24,  /* reserved fields in the IRTE */
	VTD_FR_IR_REQ_COMPAT = 0x25, /* compatibility format blocked */
	VTD_FR_IR_SID_ERR = 0x26,    /* source-id verification failed */
	/*
	 * Scalable mode (chapter 7's table of scalable-mode conditions):
	 * the reasons come in blocks by structure, root (38h), context
	 * (40h), PASID directory (50h), PASID table (58h), first-stage
	 * (70h) and second-stage (78h) entries, then those of any stage
	 * (80h).  The first of each block, an error reading the structure
	 * from memory, cannot happen in the model.
	 */
	VTD_FR_SM_RTADDR_INV = 0x30, /* RTADDR.TTM unusable */
	VTD_FR_SM_ROOT_ACCESS = 0x38,
	VTD_FR_SM_ROOT_ENTRY_P = 0x39, /* LP or UP, for the devfn */
	VTD_FR_SM_ROOT_ENTRY_RSVD = 0x3a,
	VTD_FR_SM_CTX_ACCESS = 0x40,
	VTD_FR_SM_CTX_ENTRY_P = 0x41,
	VTD_FR_SM_CTX_ENTRY_RSVD = 0x42,
	VTD_FR_SM_CTX_ENTRY_INV = 0x43,
	VTD_FR_SM_CTX_DTE = 0x44,	/* ATS request, DTE clear */
	VTD_FR_SM_CTX_PASIDE = 0x45,	/* PASID request, PASIDE clear */
	VTD_FR_SM_CTX_PDTS = 0x46,	/* PASID past the directory */
	VTD_FR_SM_CTX_PRE = 0x47,	/* page request, PRE clear */
	VTD_FR_SM_CTX_RID_PASID = 0x48, /* RID_PASID unusable */
	VTD_FR_SM_PDE_ACCESS = 0x50,
	VTD_FR_SM_PDE_P = 0x51,
	VTD_FR_SM_PDE_RSVD = 0x52,
	VTD_FR_SM_PASID_ACCESS = 0x58,
	VTD_FR_SM_PASID_ENTRY_P = 0x59,
	VTD_FR_SM_PASID_ENTRY_RSVD = 0x5a,
	VTD_FR_SM_PASID_ENTRY_INV = 0x5b, /* PGTT, AW, DID or FSPM */
	VTD_FR_SM_FS_ACCESS = 0x70,
	VTD_FR_SM_FS_ENTRY_P = 0x71,
	VTD_FR_SM_FS_ENTRY_RSVD = 0x72,
	/* Nested: a first-stage table's address through the second stage. */
	VTD_FR_SM_NESTED_FS_BEYOND_AW = 0x74,
	VTD_FR_SM_NESTED_TOP_FS_SS = 0x75, /* FSPTPTR's table unreadable */
	VTD_FR_SM_NESTED_FS_SS = 0x76,	   /* a lower table's unreadable */
	VTD_FR_SM_SS_ACCESS = 0x78,
	VTD_FR_SM_SS_ENTRY_P = 0x79, /* R and W both clear */
	VTD_FR_SM_SS_ENTRY_RSVD = 0x7a,
	VTD_FR_SM_NON_CANONICAL = 0x80,	 /* first-stage input address */
	VTD_FR_SM_US = 0x81,		 /* user request, U/S clear */
	VTD_FR_SM_ADDR_BEYOND_AW = 0x83, /* second-stage input address */
	VTD_FR_SM_WRITE = 0x85,
	VTD_FR_SM_READ = 0x86,
	VTD_FR_SM_INTERRUPT_ADDR = 0x87, /* output in 0xfeexxxxx */
};

/* Interrupt-remapping faults take 20h-2Fh; every other reason is DMA. */
static inline bool vtd_fault_is_irq(unsigned int reason)
{
	return reason >= VTD_FR_IR_REQ_RSVD && reason < VTD_FR_SM_RTADDR_INV;
}

/* --- Spec arithmetic, each encoded once --- */

/* CAP.MGAW is the maximum guest address width minus one (10.4.2). */
static inline unsigned int vtd_cap_mgaw(u64 cap)
{
	return (unsigned int)VTD_FIELD_GET(VTD_CAP_MGAW, cap) + 1;
}

/* CAP.NFR is the number of fault recording registers minus one. */
static inline unsigned int vtd_cap_num_fault_regs(u64 cap)
{
	return (unsigned int)VTD_FIELD_GET(VTD_CAP_NFR, cap) + 1;
}

/* CAP.FRO: offset of the first fault recording register, in bytes. */
static inline u64 vtd_cap_fault_reg_offset(u64 cap)
{
	return VTD_FIELD_GET(VTD_CAP_FRO, cap) << VTD_REG_UNIT_SHIFT;
}

/* CAP.ND: number of domain ids is 2^(4 + 2 * ND). */
static inline u32 vtd_cap_ndoms(u64 cap)
{
	return UINT32_C(1) << (4 + 2 * VTD_FIELD_GET(VTD_CAP_ND, cap));
}

/* ECAP.IRO: offset of the IOTLB register block (IVA register), in bytes. */
static inline u64 vtd_ecap_iotlb_offset(u64 ecap)
{
	return VTD_FIELD_GET(VTD_ECAP_IRO, ecap) << VTD_REG_UNIT_SHIFT;
}

/*
 * Domain ids are 16 bits wherever they are held (context and PASID-table
 * entries, CCMD, the invalidation descriptors); CAP.ND's largest value
 * gives as many.
 */
#define VTD_NR_DIDS_MAX ((u32)VTD_FIELD_NR_VALUES(VTD_CTX_HI_DID))
static_assert(VTD_FIELD_NR_VALUES(VTD_PASID_HI_DID) == VTD_NR_DIDS_MAX,
	      "domain id fields are of one width");
static_assert(VTD_FIELD_NR_VALUES(VTD_CCMD_DID) == VTD_NR_DIDS_MAX,
	      "domain id fields are of one width");

/* IRTA.S: the table holds 2^(S+1) entries (10.4.29). */
static inline u32 vtd_irta_entries(u64 irta)
{
	return UINT32_C(2) << VTD_FIELD_GET(VTD_IRTA_S, irta);
}

/*
 * The largest IRTE table, IRTA.S at its largest: as many entries as the
 * 16-bit interrupt index of a remappable request (5.1.2.2) and of an
 * interrupt fault record (10.4.14) can name.
 */
#define VTD_NR_IRTES_MAX ((u32)(UINT32_C(2) << VTD_IRTA_S_MAX))
static_assert(VTD_FIELD_NR_VALUES(VTD_FRCD_LO_IR_INDEX) == VTD_NR_IRTES_MAX,
	      "an interrupt index names every IRTE");

/* Context AW: 30 + 9 * AW address bits, AW levels + 2 (9.3). */
static inline unsigned int vtd_aw_bits(unsigned int aw)
{
	return 30 + 9 * aw;
}

static inline unsigned int vtd_aw_levels(unsigned int aw)
{
	return aw + 2;
}

/* PDTS: the PASID directory holds 2^(PDTS + 7) entries (9.4). */
static inline u32 vtd_sm_ctx_pasid_dir_entries(u64 lo)
{
	return UINT32_C(1) << (VTD_FIELD_GET(VTD_SM_CTX_LO_PDTS, lo) + 7);
}

/*
 * Where a scalable-mode devfn's context entry is (9.2, 9.4): behind the
 * root entry's upper half, 8 bytes in, for devfn 128-255 (else the
 * lower), at entry devfn % 128 of the table that half names.
 */
static inline bool vtd_sm_devfn_upper(unsigned int devfn)
{
	return devfn >= VTD_SM_CTX_ENTRIES;
}

static inline u64 vtd_sm_root_half_offset(unsigned int devfn)
{
	return vtd_sm_devfn_upper(devfn) ? sizeof(u64) : 0;
}

static inline u64 vtd_sm_ctx_offset(unsigned int devfn)
{
	return (u64)(devfn % VTD_SM_CTX_ENTRIES) * VTD_SM_CTX_ENTRY_SIZE;
}

/* FSPM: first-stage tables of 4 or 5 levels (9.6). */
static inline unsigned int vtd_fspm_levels(unsigned int fspm)
{
	return fspm == VTD_FSPM_5LEVEL ? 5 : 4;
}

/*
 * PASID @pasid's directory entry is number pasid >> 6 of the directory,
 * its PASID-table entry number pasid & 63 of the table that one names
 * (9.5); their byte offsets in each.
 */
static inline u32 vtd_pasid_dir_index(u32 pasid)
{
	return pasid >> VTD_PASID_DIR_SHIFT;
}

static inline u32 vtd_pasid_table_index(u32 pasid)
{
	return pasid & (VTD_PASID_TABLE_ENTRIES - 1);
}

static inline u64 vtd_pasid_dir_offset(u32 pasid)
{
	return (u64)vtd_pasid_dir_index(pasid) * VTD_PDE_SIZE;
}

static inline u64 vtd_pasid_table_offset(u32 pasid)
{
	return (u64)vtd_pasid_table_index(pasid) * VTD_PASID_ENTRY_SIZE;
}

/*
 * A requester's source-id (PCI requester id): bus in bits 15:8, device
 * 7:3, function 2:0 (3.4.1).  Root tables are indexed by the bus,
 * context tables by the devfn.
 */
#define VTD_SID_BUS VTD_GENMASK(15, 8)
#define VTD_SID_DEVFN VTD_GENMASK(7, 0)

static inline u16 vtd_sid(unsigned int bus, unsigned int devfn)
{
	return (u16)(VTD_FIELD_PREP(VTD_SID_BUS, bus) |
		     VTD_FIELD_PREP(VTD_SID_DEVFN, devfn));
}

static inline u8 vtd_sid_bus(u16 sid)
{
	return (u8)VTD_FIELD_GET(VTD_SID_BUS, sid);
}

static inline u8 vtd_sid_devfn(u16 sid)
{
	return (u8)VTD_FIELD_GET(VTD_SID_DEVFN, sid);
}

#define VTD_DEVFN(dev, fn) (((0x1f & (dev)) << 3) | (0x7 & (fn)))
#define VTD_DEVFN_DEV(devfn) (((devfn) >> 3) & 0x1f)
#define VTD_DEVFN_FN(devfn) (0x7 & (devfn))

#endif /* KEXEC_VTD_VTD_HW_H */
