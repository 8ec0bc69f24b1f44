package mnist

import "math/bits"

// The subset's payload coder: labels and pixels through the adaptive range
// coder (rangecoder.go), each bit in a context of what came before it. A
// pixel is coded as "is it 0?" and, if not, its level − 1 as a binary tree
// of bits, most significant first, both in the context of its six nearest
// already-coded neighbours. On the bundled digits this takes 809 kB where
// DEFLATE took 1.26 MB and brotli or xz of the raw levels about 1.07 MB, and
// the decoder is a few hundred bytes of code. Decoding is slower than
// DEFLATE's: 120 ms for the 11,000 images natively and 260 ms in
// WebAssembly under Node (DEFLATE: 27 and 140 ms), once per page load.

// The context of a pixel is its neighbours' levels, each reduced to a few
// bins (0 … bins−1 over 0 … max level), those nearest to it in the most:
//
//	      NN              neighbour  bins
//	  NW  N   NE          W, N       16
//	WW  W   ·             NW, NE     4
//	                      NN, WW     2
//
// Neighbours outside the image count as 0.
const (
	nearBins      = 16
	diagonalBins  = 4
	farBins       = 2
	pixelContexts = nearBins * nearBins * diagonalBins * diagonalBins * farBins * farBins
)

// padding around each image in the coder's copy, so that every neighbour
// of a pixel is inside the copy: two columns left, one right, two rows above.
const (
	padLeft, padRight, padTop = 2, 1, 2
)

// pixelModel is the adaptive state of the pixel coder, shared by encoder
// and decoder; both must see the images in the same order.
type pixelModel struct {
	side, stride int
	maxLevel     int
	levelBits    int // bits of level − 1, for levels 1 … max level

	// A neighbour's share of the context by its level: its bin times the
	// bin counts of the neighbours after it in the context's order.
	west, north, northWest, northEast, northNorth, westWest [256]int32

	zero   []probability // [pixelContexts] P(the pixel is 0)
	level  []probability // [pixelContexts × 2^levelBits] bit trees of level − 1, node 1 the root
	labels []probability // [16] bit tree of a label's 4 bits
	padded []uint8       // [(padTop + side) × stride] the current image with zero padding
}

func newPixelModel(side, maxLevel int) *pixelModel {
	m := &pixelModel{
		side:      side,
		stride:    padLeft + side + padRight,
		levelBits: bits.Len(uint(maxLevel - 1)),
		maxLevel:  maxLevel,
		labels:    newProbabilities(16),
	}
	for v := range maxLevel + 1 {
		near := int32(v * nearBins / (maxLevel + 1))
		diag := int32(v * diagonalBins / (maxLevel + 1))
		far := int32(v * farBins / (maxLevel + 1))
		m.west[v] = near * nearBins * diagonalBins * diagonalBins * farBins * farBins
		m.north[v] = near * diagonalBins * diagonalBins * farBins * farBins
		m.northWest[v] = diag * diagonalBins * farBins * farBins
		m.northEast[v] = diag * farBins * farBins
		m.northNorth[v] = far * farBins
		m.westWest[v] = far
	}
	m.zero = newProbabilities(pixelContexts)
	m.level = newProbabilities(pixelContexts << m.levelBits)
	m.padded = make([]uint8, (padTop+side)*m.stride)
	return m
}

// context returns the context of the pixel at index i of m.padded.
func (m *pixelModel) context(i int) int {
	p, s := m.padded, m.stride
	return int(m.west[p[i-1]] + m.north[p[i-s]] + m.northWest[p[i-s-1]] +
		m.northEast[p[i-s+1]] + m.northNorth[p[i-2*s]] + m.westWest[p[i-2]])
}

// encodeImage codes one image's levels [side × side].
func (m *pixelModel) encodeImage(e *rangeEncoder, image []uint8) {
	for y := range m.side {
		row := m.padded[(padTop+y)*m.stride+padLeft:]
		copy(row[:m.side], image[y*m.side:(y+1)*m.side])
	}
	for y := range m.side {
		for x := range m.side {
			i := (padTop+y)*m.stride + padLeft + x
			c := m.context(i)
			v := int(m.padded[i])
			if v == 0 {
				e.encode(&m.zero[c], 0)
				continue
			}
			e.encode(&m.zero[c], 1)
			tree := m.level[c<<m.levelBits : (c+1)<<m.levelBits]
			node := 1
			for k := m.levelBits - 1; k >= 0; k-- {
				bit := (v - 1) >> k & 1
				e.encode(&tree[node], bit)
				node = node<<1 | bit
			}
		}
	}
}

// decodeImage decodes one image's levels into image [side × side]. It
// returns false if a level comes out above the max level, which only a
// corrupt stream gives.
func (m *pixelModel) decodeImage(d *rangeDecoder, image []uint8) bool {
	maxLevel := m.maxLevel
	for y := range m.side {
		for x := range m.side {
			i := (padTop+y)*m.stride + padLeft + x
			c := m.context(i)
			v := 0
			if d.decode(&m.zero[c]) == 1 {
				tree := m.level[c<<m.levelBits : (c+1)<<m.levelBits]
				node := 1
				for range m.levelBits {
					node = node<<1 | d.decode(&tree[node])
				}
				if v = node - 1<<m.levelBits + 1; v > maxLevel {
					return false
				}
			}
			image[y*m.side+x] = uint8(v)
			m.padded[i] = uint8(v)
		}
	}
	return true
}

// encodeLabel codes a label 0 … 15 as 4 bits.
func (m *pixelModel) encodeLabel(e *rangeEncoder, label int) {
	node := 1
	for k := 3; k >= 0; k-- {
		bit := label >> k & 1
		e.encode(&m.labels[node], bit)
		node = node<<1 | bit
	}
}

func (m *pixelModel) decodeLabel(d *rangeDecoder) int {
	node := 1
	for range 4 {
		node = node<<1 | d.decode(&m.labels[node])
	}
	return node - 16
}
