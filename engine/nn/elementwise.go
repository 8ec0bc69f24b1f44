package nn

import (
	"fmt"

	"mirror/engine/rng"
)

// elementwise is the shared part of the parameter-free layers that map
// [batch × width] to [batch × width] value by value (activations, Flatten).
type elementwise struct{ width int }

func newElementwise(kind string, width int) elementwise {
	if width < 1 {
		panic(fmt.Sprintf("nn: %s width %d: want ≥ 1", kind, width))
	}
	return elementwise{width: width}
}

func (e elementwise) In() int                { return e.width }
func (e elementwise) Out() int               { return e.width }
func (e elementwise) NumParams() int         { return 0 }
func (e elementwise) NumBuffers() int        { return 0 }
func (e elementwise) Tensors() []TensorSpec  { return nil }
func (e elementwise) Bind(_, _, _ []float32) {}
func (e elementwise) Init(*rng.RNG)          {}
func (e elementwise) Reserve(int)            {}
