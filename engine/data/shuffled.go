package data

// Shuffled is a Dataset over an in-memory image set, reshuffled every epoch
// (see Order). Labels come from the set, −1 where it has none.
type Shuffled struct {
	name   string
	images *Images
	order  *Order
}

// NewShuffled returns a dataset named name drawing from images with the given seed.
// images must pass Check and hold at least one image.
func NewShuffled(name string, images *Images, seed uint64) *Shuffled {
	return &Shuffled{name: name, images: images, order: NewOrder(images.Len(), seed)}
}

// Name returns the name given to NewShuffled.
func (d *Shuffled) Name() string { return d.name }

// Side returns the image side.
func (d *Shuffled) Side() int { return d.images.Side }

// Images returns the set the dataset draws from.
func (d *Shuffled) Images() *Images { return d.images }

// Batch fills images [batch × Side²] and labels [batch] (labels may be nil)
// with samples index·batch … index·batch + batch − 1 of the stream.
func (d *Shuffled) Batch(images []float32, labels []int, batch int, index int64) {
	side := d.images.Side
	CheckBatch(d.name, side, images, labels, batch, index)
	area := side * side
	first := index * int64(batch)
	for i := 0; i < batch; i++ {
		item := d.order.Item(first + int64(i))
		d.images.Image(images[i*area:(i+1)*area], item)
		if labels != nil {
			labels[i] = d.images.Labels[item]
		}
	}
}
