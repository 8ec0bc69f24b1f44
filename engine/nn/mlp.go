package nn

import (
	"fmt"
	"strings"

	"mirror/engine/rng"
)

// MLP is a sequence of layers (PyTorch's nn.Sequential) that owns the flat
// arrays its layers are views into, and the activations between them.
type MLP struct {
	Layers  []Layer
	Params  []float32 // [NumParams] every trained value, layer by layer, PyTorch order
	Grads   []float32 // [NumParams] ∂loss/∂Params, same layout; Backward adds, ZeroGrad clears
	Buffers []float32 // [NumBuffers] untrained state: BatchNorm1d running statistics

	paramOff, bufOff []int // where layer i's views start; len(Layers)+1 entries

	maxBatch int
	acts     [][]float32  // acts[i]: output of Layers[i], [maxBatch × Layers[i].Out()]
	dActs    [2][]float32 // ping-pong ∂loss/∂activation, [maxBatch × widest layer]
	x        []float32    // input of the last Forward, [batch × In()]; owned by the caller
	batch    int          // batch of the last Forward, 0 before the first
}

// NewMLP chains layers into a network, allocates and binds its flat arrays
// and initialises nothing (call Init). It panics if there are no layers or
// if one layer's Out differs from the next one's In.
func NewMLP(layers ...Layer) *MLP {
	if len(layers) == 0 {
		panic("nn: NewMLP with no layers: want at least 1")
	}
	m := &MLP{Layers: layers, paramOff: make([]int, len(layers)+1), bufOff: make([]int, len(layers)+1)}
	for i, l := range layers {
		if i > 0 && layers[i-1].Out() != l.In() {
			panic(fmt.Sprintf("nn: layer %d (%v) outputs %d features but layer %d (%v) takes %d",
				i-1, layers[i-1], layers[i-1].Out(), i, l, l.In()))
		}
		np, nb := 0, 0
		for _, t := range l.Tensors() {
			if t.Buffer {
				nb += t.Size()
			} else {
				np += t.Size()
			}
		}
		if np != l.NumParams() || nb != l.NumBuffers() {
			panic(fmt.Sprintf("nn: layer %d (%v) names %d params and %d buffers but claims %d and %d",
				i, l, np, nb, l.NumParams(), l.NumBuffers()))
		}
		m.paramOff[i+1] = m.paramOff[i] + np
		m.bufOff[i+1] = m.bufOff[i] + nb
	}
	m.Params = make([]float32, m.paramOff[len(layers)])
	m.Grads = make([]float32, len(m.Params))
	m.Buffers = make([]float32, m.bufOff[len(layers)])
	for i, l := range layers {
		p0, p1, b0, b1 := m.paramOff[i], m.paramOff[i+1], m.bufOff[i], m.bufOff[i+1]
		l.Bind(m.Params[p0:p1:p1], m.Grads[p0:p1:p1], m.Buffers[b0:b1:b1])
	}
	return m
}

// In is the width of the network's input, Out of its output.
func (m *MLP) In() int  { return m.Layers[0].In() }
func (m *MLP) Out() int { return m.Layers[len(m.Layers)-1].Out() }

// String prints the network as PyTorch prints an nn.Sequential.
func (m *MLP) String() string {
	var s strings.Builder
	s.WriteString("Sequential(\n")
	for i, l := range m.Layers {
		fmt.Fprintf(&s, "  (%d): %v\n", i, l)
	}
	s.WriteString(")")
	return s.String()
}

// Init initialises every layer in order from r (PyTorch's defaults) and
// resets the buffers; the same seed gives the same parameters.
func (m *MLP) Init(r *rng.RNG) {
	for _, l := range m.Layers {
		l.Init(r)
	}
}

// ZeroGrad clears Grads; call it once per step, before the Backward calls
// whose gradients the step should sum.
func (m *MLP) ZeroGrad() { clear(m.Grads) }

// Reserve allocates the activations and layer caches for batches of up to
// maxBatch rows, so that Forward and Backward allocate nothing. Forward calls
// it when a batch outgrows the reservation. It panics if maxBatch < 1.
func (m *MLP) Reserve(maxBatch int) {
	if maxBatch < 1 {
		panic(fmt.Sprintf("nn: Reserve(%d): want a batch size ≥ 1", maxBatch))
	}
	if maxBatch <= m.maxBatch {
		return
	}
	m.maxBatch = maxBatch
	m.acts = make([][]float32, len(m.Layers))
	widest := m.In()
	for i, l := range m.Layers {
		l.Reserve(maxBatch)
		m.acts[i] = make([]float32, maxBatch*l.Out())
		widest = max(widest, l.Out())
	}
	m.dActs[0] = make([]float32, maxBatch*widest)
	m.dActs[1] = make([]float32, maxBatch*widest)
}

// Forward runs x [batch × In()] through the network and returns the output
// [batch × Out()], a view valid until the next Forward. It remembers x for
// Backward, so the caller must leave x unchanged until then. train selects
// training behaviour (BatchNorm1d batch statistics and running-stat updates).
func (m *MLP) Forward(x []float32, batch int, train bool) []float32 {
	if batch < 1 {
		panic(fmt.Sprintf("nn: Forward with batch %d: want ≥ 1", batch))
	}
	if len(x) < batch*m.In() {
		panic(fmt.Sprintf("nn: Forward input has %d values: want batch %d × %d features = %d",
			len(x), batch, m.In(), batch*m.In()))
	}
	m.Reserve(batch)
	m.x, m.batch = x[:batch*m.In()], batch
	in := m.x
	for i, l := range m.Layers {
		out := m.acts[i][:batch*l.Out()]
		l.Forward(out, in, batch, train)
		in = out
	}
	return in
}

// Backward back-propagates dOut = ∂loss/∂output [batch × Out()] through the
// activations of the last Forward (whose batch it must repeat). With
// paramGrads it ADDS ∂loss/∂Params into Grads; without, it computes no
// parameter gradient at all and leaves Grads untouched (the generator step
// needs only the discriminator's input gradient). With inputGrad it returns
// ∂loss/∂x [batch × In()], a view valid until the next Backward; otherwise nil.
func (m *MLP) Backward(dOut []float32, batch int, paramGrads, inputGrad bool) []float32 {
	if m.batch == 0 || batch != m.batch {
		panic(fmt.Sprintf("nn: Backward with batch %d: want the batch of the last Forward (%d)", batch, m.batch))
	}
	if len(dOut) < batch*m.Out() {
		panic(fmt.Sprintf("nn: Backward dOut has %d values: want batch %d × %d outputs = %d",
			len(dOut), batch, m.Out(), batch*m.Out()))
	}
	if !paramGrads && !inputGrad {
		return nil
	}
	// Without inputGrad, the gradient stops at the first layer with
	// parameters: its dIn, and everything below it (a Flatten), is unused.
	first := 0
	for first < len(m.Layers)-1 && m.Layers[first].NumParams() == 0 {
		first++
	}
	dCur := dOut[:batch*m.Out()]
	last := len(m.Layers) - 1
	for i := last; i >= 0; i-- {
		if !inputGrad && i < first {
			break
		}
		l := m.Layers[i]
		var dIn []float32
		if inputGrad || i > first {
			dIn = m.dActs[(last-i)%2][:batch*l.In()]
		}
		in := m.x
		if i > 0 {
			in = m.acts[i-1][:batch*l.In()]
		}
		l.Backward(dIn, dCur, in, m.acts[i][:batch*l.Out()], batch, paramGrads)
		dCur = dIn
	}
	if !inputGrad {
		return nil
	}
	return dCur
}

// Tensor is one named view of an MLP, as in PyTorch's state_dict.
type Tensor struct {
	Name  string    // "<layer index>.<name>", e.g. "1.weight", "2.running_var"
	Shape []int     // PyTorch's shape, e.g. [out, in] for a Linear weight
	Data  []float32 // view into Params, or into Buffers for a buffer
	Grad  []float32 // view into Grads; nil for a buffer
}

// StateDict lists the network's tensors in PyTorch's state_dict order (per
// layer, parameters then buffers). The views alias Params, Grads and Buffers.
func (m *MLP) StateDict() []Tensor {
	var ts []Tensor
	for i, l := range m.Layers {
		p, b := m.paramOff[i], m.bufOff[i]
		for _, spec := range l.Tensors() {
			n := spec.Size()
			t := Tensor{Name: fmt.Sprintf("%d.%s", i, spec.Name), Shape: spec.Shape}
			if spec.Buffer {
				t.Data = m.Buffers[b : b+n : b+n]
				b += n
			} else {
				t.Data = m.Params[p : p+n : p+n]
				t.Grad = m.Grads[p : p+n : p+n]
				p += n
			}
			ts = append(ts, t)
		}
	}
	return ts
}
