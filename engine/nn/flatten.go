package nn

// Flatten is PyTorch's nn.Flatten(start_dim=1). On row-major data an image
// [batch × side × side] already is [batch × side²], so Forward and Backward
// are copies:
//
//	y = x,   dx = dy.
//
// It exists so that the discriminator's layer indices, and so its
// state_dict names, match the post's nn.Sequential.
type Flatten struct{ elementwise }

// NewFlatten returns a Flatten of width features per example.
func NewFlatten(width int) *Flatten { return &Flatten{newElementwise("Flatten", width)} }

func (l *Flatten) String() string { return "Flatten(start_dim=1, end_dim=-1)" }

// Forward: out [batch × width] = in.
func (l *Flatten) Forward(out, in []float32, batch int, _ bool) {
	n := batch * l.width
	copy(out[:n], in[:n])
}

// Backward: dIn = dOut.
func (l *Flatten) Backward(dIn, dOut, _, _ []float32, batch int, _ bool) {
	if dIn == nil {
		return
	}
	n := batch * l.width
	copy(dIn[:n], dOut[:n])
}
