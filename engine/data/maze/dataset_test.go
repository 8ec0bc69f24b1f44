package maze

import (
	"slices"
	"testing"

	"mirror/engine/data"
)

func TestDefaultDatasetIsThePosts(t *testing.T) {
	d, err := NewDataset(Config{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Name() != "mazes-dfs" || d.Side() != 28 {
		t.Fatalf("zero config: %s of side %d: want mazes-dfs of side 28", d.Name(), d.Side())
	}
	pool := d.(*data.Shuffled).Images()
	if pool.Len() != DefaultPool {
		t.Fatalf("zero config: pool of %d: want %d", pool.Len(), DefaultPool)
	}
	s, _ := Summarize(pool.Float32(), 28)
	if s.Valid != 1 || s.Distinct != DefaultPool {
		t.Fatalf("pool summary %+v: want every maze valid and distinct", s)
	}
}

// TestFreshMatchesPool checks the seeding contract: sample s of a fresh
// stream is maze s of the pool with the same seed, whatever the batching.
func TestFreshMatchesPool(t *testing.T) {
	c := Config{Algorithm: Prim, Side: 16, Pool: 40, Seed: 7}
	pool, err := NewPool(c)
	if err != nil {
		t.Fatal(err)
	}
	c.Fresh = true
	d, err := NewDataset(c)
	if err != nil {
		t.Fatal(err)
	}
	const batch = 8
	images := make([]float32, batch*16*16)
	labels := make([]int, batch)
	want := make([]float32, 16*16)
	for _, index := range []int64{4, 0, 2} {
		d.Batch(images, labels, batch, index)
		for i := range batch {
			pool.Image(want, int(index)*batch+i)
			if !slices.Equal(images[i*256:(i+1)*256], want) || labels[i] != -1 {
				t.Fatalf("fresh batch %d sample %d differs from pool maze %d (or label %d ≠ −1)", index, i, int(index)*batch+i, labels[i])
			}
		}
	}
	if allocs := testing.AllocsPerRun(20, func() { d.Batch(images, labels, batch, 9) }); allocs != 0 {
		t.Fatalf("fresh Batch allocates %v times: want 0", allocs)
	}
}

func TestDatasetConfigErrors(t *testing.T) {
	for _, c := range []Config{{Side: 27}, {Pool: -1}, {Algorithm: 7}, {Side: 1000, Fresh: true}} {
		if _, err := NewDataset(c); err == nil {
			t.Errorf("config %+v accepted", c)
		}
	}
}
