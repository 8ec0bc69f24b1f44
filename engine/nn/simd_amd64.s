//go:build amd64 && !purego

#include "textflag.h"

// func adamAVX(params, grads, m, v *float32, n int, c *adamConstants)
//
// Per value, as adamReference:
//	m ← m + w1·(g − m)
//	v ← b2·v + (w2·g)·g
//	p ← p − (stepSize·m) / (√v / bc2Sqrt + eps)
TEXT ·adamAVX(SB), NOSPLIT, $0-48
	MOVQ params+0(FP), DI
	MOVQ grads+8(FP), SI
	MOVQ m+16(FP), R8
	MOVQ v+24(FP), R9
	MOVQ n+32(FP), CX
	MOVQ c+40(FP), AX
	VBROADCASTSS 0(AX), Y8   // w1
	VBROADCASTSS 4(AX), Y9   // b2
	VBROADCASTSS 8(AX), Y10  // w2
	VBROADCASTSS 12(AX), Y11 // bc2Sqrt
	VBROADCASTSS 16(AX), Y12 // eps
	VBROADCASTSS 20(AX), Y13 // stepSize
	XORQ BX, BX
loop:
	CMPQ BX, CX
	JGE  done
	VMOVUPS (SI)(BX*4), Y0   // g
	VMOVUPS (R8)(BX*4), Y1   // m
	VSUBPS  Y1, Y0, Y2       // g − m
	VMULPS  Y2, Y8, Y2       // w1·(g − m)
	VADDPS  Y2, Y1, Y1       // m + w1·(g − m)
	VMOVUPS Y1, (R8)(BX*4)
	VMOVUPS (R9)(BX*4), Y3   // v
	VMULPS  Y3, Y9, Y3       // b2·v
	VMULPS  Y0, Y10, Y4      // w2·g
	VMULPS  Y0, Y4, Y4       // (w2·g)·g
	VADDPS  Y4, Y3, Y3       // b2·v + w2·g·g
	VMOVUPS Y3, (R9)(BX*4)
	VSQRTPS Y3, Y5           // √v
	VDIVPS  Y11, Y5, Y5      // √v / bc2Sqrt
	VADDPS  Y12, Y5, Y5      // + eps
	VMULPS  Y1, Y13, Y6      // stepSize·m
	VDIVPS  Y5, Y6, Y6       // / denom
	VMOVUPS (DI)(BX*4), Y7   // p
	VSUBPS  Y6, Y7, Y7
	VMOVUPS Y7, (DI)(BX*4)
	ADDQ $8, BX
	JMP  loop
done:
	VZEROUPPER
	RET

// func sumSquaresAVX(x *float32, n int) float64
TEXT ·sumSquaresAVX(SB), NOSPLIT, $0-24
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	XORQ BX, BX
sqloop:
	CMPQ BX, CX
	JGE  sqdone
	VCVTPS2PD 0(SI)(BX*4), Y4
	VCVTPS2PD 16(SI)(BX*4), Y5
	VCVTPS2PD 32(SI)(BX*4), Y6
	VCVTPS2PD 48(SI)(BX*4), Y7
	VMULPD Y4, Y4, Y4
	VMULPD Y5, Y5, Y5
	VMULPD Y6, Y6, Y6
	VMULPD Y7, Y7, Y7
	VADDPD Y4, Y0, Y0
	VADDPD Y5, Y1, Y1
	VADDPD Y6, Y2, Y2
	VADDPD Y7, Y3, Y3
	ADDQ $16, BX
	JMP  sqloop
sqdone:
	VADDPD Y1, Y0, Y0
	VADDPD Y3, Y2, Y2
	VADDPD Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0
	VHADDPD X0, X0, X0
	VZEROUPPER
	MOVSD X0, ret+16(FP)
	RET

// func rmspropAVX(params, grads, sq *float32, n int, c *rmspropConstants)
//
// Per value, as rmspropReference:
//	sq ← a·sq + (w·g)·g
//	p  ← p − (lr·g) / (√sq + eps)
TEXT ·rmspropAVX(SB), NOSPLIT, $0-40
	MOVQ params+0(FP), DI
	MOVQ grads+8(FP), SI
	MOVQ sq+16(FP), R8
	MOVQ n+24(FP), CX
	MOVQ c+32(FP), AX
	VBROADCASTSS 0(AX), Y8   // a
	VBROADCASTSS 4(AX), Y9   // w
	VBROADCASTSS 8(AX), Y10  // lr
	VBROADCASTSS 12(AX), Y11 // eps
	XORQ BX, BX
rmsloop:
	CMPQ BX, CX
	JGE  rmsdone
	VMOVUPS (SI)(BX*4), Y0   // g
	VMOVUPS (R8)(BX*4), Y1   // sq
	VMULPS  Y1, Y8, Y1       // a·sq
	VMULPS  Y0, Y9, Y2       // w·g
	VMULPS  Y0, Y2, Y2       // (w·g)·g
	VADDPS  Y2, Y1, Y1       // a·sq + w·g·g
	VMOVUPS Y1, (R8)(BX*4)
	VSQRTPS Y1, Y3           // √sq
	VADDPS  Y11, Y3, Y3      // + eps
	VMULPS  Y0, Y10, Y4      // lr·g
	VDIVPS  Y3, Y4, Y4       // / (√sq + eps)
	VMOVUPS (DI)(BX*4), Y5   // p
	VSUBPS  Y4, Y5, Y5
	VMOVUPS Y5, (DI)(BX*4)
	ADDQ $8, BX
	JMP  rmsloop
rmsdone:
	VZEROUPPER
	RET

// func clipAVX(params *float32, n int, c float32) int
//
// p ← min(c, max(−c, p)), with p as the operand that MAXPS/MINPS return
// when it is NaN, so NaN stays NaN; counts p ≥ c or p ≤ −c.
TEXT ·clipAVX(SB), NOSPLIT, $0-32
	MOVQ params+0(FP), DI
	MOVQ n+8(FP), CX
	VBROADCASTSS c+16(FP), Y8    // c
	VXORPS Y9, Y9, Y9
	VSUBPS Y8, Y9, Y9            // −c
	XORQ AX, AX                  // count
	XORQ BX, BX
cliploop:
	CMPQ BX, CX
	JGE  clipdone
	VMOVUPS (DI)(BX*4), Y0
	VCMPPS $0x1d, Y8, Y0, Y1     // p ≥ c
	VCMPPS $0x12, Y9, Y0, Y2     // p ≤ −c
	VORPS  Y2, Y1, Y1
	VMOVMSKPS Y1, DX
	POPCNTL DX, DX
	ADDQ DX, AX
	VMAXPS Y0, Y9, Y0            // max(−c, p): p if NaN
	VMINPS Y0, Y8, Y0            // min(c, ·): · if NaN
	VMOVUPS Y0, (DI)(BX*4)
	ADDQ $8, BX
	JMP  cliploop
clipdone:
	VZEROUPPER
	MOVQ AX, ret+24(FP)
	RET
