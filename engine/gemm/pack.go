package gemm

import (
	"slices"
	"unsafe"
)

// packContiguous packs a kc×width block whose rows are contiguous (row p at
// src[p*ld:]) into panels of r columns: dst[q][p][j] = src[p*ld + q*r + j],
// shape [ceil(width/r)][kc][r], zero-padding the last panel.
// It packs op(B) without transB and op(A) with transA.
func packContiguous(dst, src []float32, ld, kc, width, r int) {
	for q := 0; q < width; q += r {
		cols := min(r, width-q)
		panel := dst[q*kc : q*kc+kc*r]
		if cols == r && panelCopier != nil {
			s := src[q : (kc-1)*ld+q+r]
			if panelCopier(unsafe.SliceData(panel), unsafe.SliceData(s), ld, kc, r) {
				continue
			}
		}
		for p := 0; p < kc; p++ {
			d := panel[p*r : p*r+r]
			s := src[p*ld+q : p*ld+q+cols]
			if r >= 16 { // rows long enough to pay for memmove's call
				copy(d, s)
				clear(d[cols:])
				continue
			}
			j := 0
			for ; j+4 <= cols; j += 4 {
				d4, s4 := d[j:j+4:j+4], s[j:j+4:j+4]
				d4[0], d4[1], d4[2], d4[3] = s4[0], s4[1], s4[2], s4[3]
			}
			for ; j < cols; j++ {
				d[j] = s[j]
			}
			for ; j < r; j++ {
				d[j] = 0
			}
		}
	}
}

// packStrided packs a width×kc block, transposing it: its rows are the
// panel's columns (row j at src[j*ld:], kc long), dst[q][p][j] =
// src[(q*r+j)*ld + p], shape [ceil(width/r)][kc][r], zero-padding the last
// panel. It packs op(B) with transB and op(A) without transA.
func packStrided(dst, src []float32, ld, width, kc, r int) {
	for q := 0; q < width; q += r {
		cols := min(r, width-q)
		panel := dst[q*kc : q*kc+kc*r]
		j := 0
		for _, t := range transposers {
			if (t.rows-1)*ld >= 1<<29 { // keep its byte offsets far from overflow
				continue
			}
			for ; j+t.rows <= cols; j += t.rows {
				s := src[(q+j)*ld : (q+j+t.rows-1)*ld+kc]
				d := panel[j : (kc-1)*r+j+t.rows]
				t.transpose(unsafe.SliceData(d), unsafe.SliceData(s), ld, kc, r)
			}
		}
		for ; j+4 <= cols; j += 4 { // four source rows at a time: one bounds check per p
			s0 := src[(q+j)*ld : (q+j)*ld+kc]
			s1 := src[(q+j+1)*ld : (q+j+1)*ld+kc]
			s2 := src[(q+j+2)*ld : (q+j+2)*ld+kc]
			s3 := src[(q+j+3)*ld : (q+j+3)*ld+kc]
			for p := range s0 {
				d := panel[p*r+j : p*r+j+4 : p*r+j+4]
				d[0], d[1], d[2], d[3] = s0[p], s1[p], s2[p], s3[p]
			}
		}
		for ; j < cols; j++ {
			s := src[(q+j)*ld : (q+j)*ld+kc]
			for p, v := range s {
				panel[p*r+j] = v
			}
		}
		for ; j < r; j++ {
			for p := 0; p < kc; p++ {
				panel[p*r+j] = 0
			}
		}
	}
}

// A transposer packs a fixed number of rows of a strided block at a time,
// typically with vector loads and shuffles:
//
//	dst[p*stride+i] = src[i*ld+p]   for p < kc, i < rows
//
// given pointers to dst[0] and src[0], both checked by the caller to hold
// that much, and (rows-1)·ld < 2²⁹. Packing only copies, so a transposer
// never changes results, only speed.
type transposer struct {
	rows      int
	transpose func(dst, src *float32, ld, kc, stride int)
}

// transposers lists the transposers architecture files registered, widest
// first; packStrided tries each in turn, then copies the remaining rows itself.
var transposers []transposer

// registerTransposer adds a transposer of the given width; for init functions only.
func registerTransposer(rows int, f func(dst, src *float32, ld, kc, stride int)) {
	transposers = append(transposers, transposer{rows, f})
	slices.SortStableFunc(transposers, func(x, y transposer) int { return y.rows - x.rows })
}

// A panelCopier packs one full panel of a contiguous block for packContiguous:
//
//	dst[p*r+j] = src[p*ld+j]   for p < kc, j < r
//
// given pointers to dst[0] and src[0], both checked by the caller to hold
// that much. It reports false, having written nothing, for a width r it does
// not handle, and packContiguous copies the panel itself.
var panelCopier func(dst, src *float32, ld, kc, r int) bool

// registerPanelCopier sets the panel copier; for init functions only.
func registerPanelCopier(f func(dst, src *float32, ld, kc, r int) bool) { panelCopier = f }
