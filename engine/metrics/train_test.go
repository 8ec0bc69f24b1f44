package metrics

import (
	"slices"
	"testing"

	"mirror/engine/data"
	"mirror/engine/data/mnist"
)

// firstImages returns the first n images of set (sharing its storage).
func firstImages(set *data.Images, n int) *data.Images {
	area := set.Side * set.Side
	return &data.Images{Side: set.Side, MaxLevel: set.MaxLevel, Pixels: set.Pixels[:n*area], Labels: set.Labels[:n]}
}

// A few hundred steps on part of the bundled subset already classify the
// held-out digits well; the bundled weights come from the same function on
// the full set (tools/classifier).
func TestTrainClassifierLearns(t *testing.T) {
	s, err := mnist.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	var reports []EpochReport
	c, err := TrainClassifier(firstImages(s.Train, 3000), TrainConfig{Seed: 1, Epochs: 2, Batch: 50},
		func(r EpochReport) { reports = append(reports, r) })
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) != 2 || reports[1].Epoch != 2 || reports[1].Loss >= reports[0].Loss {
		t.Errorf("progress %+v: want 2 epochs with a falling loss", reports)
	}
	acc, err := c.Accuracy(s.Test)
	if err != nil {
		t.Fatal(err)
	}
	if acc < 0.85 {
		t.Errorf("held-out accuracy %.1f%% after 2 epochs on 3,000 images: want ≥ 85%%", 100*acc)
	}
}

func TestTrainClassifierDeterministic(t *testing.T) {
	s, err := mnist.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	set := firstImages(s.Train, 500)
	train := func(seed uint64) []float32 {
		c, err := TrainClassifier(set, TrainConfig{Seed: seed, Epochs: 1, Batch: 50}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return slices.Concat(c.Body.Params, c.Head.Params)
	}
	a, b, other := train(7), train(7), train(8)
	if !slices.Equal(a, b) {
		t.Error("two runs with seed 7 trained different parameters")
	}
	if slices.Equal(a, other) {
		t.Error("seeds 7 and 8 trained the same parameters")
	}
}

func TestTrainStepDoesNotAllocate(t *testing.T) {
	s, err := mnist.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	tr, err := newClassifierTrainer(firstImages(s.Train, 500), TrainConfig{Batch: 20})
	if err != nil {
		t.Fatal(err)
	}
	tr.trainStep()
	if allocs := testing.AllocsPerRun(5, func() { tr.trainStep() }); allocs != 0 {
		t.Errorf("a training step allocates %v times: want 0", allocs)
	}
}

func TestTrainConfigErrors(t *testing.T) {
	s, err := mnist.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	for _, cfg := range []TrainConfig{{Epochs: -1}, {Batch: -3}, {Batch: 5000}, {LearningRate: -1}, {Batch: 600}} {
		if _, err := TrainClassifier(firstImages(s.Train, 500), cfg, nil); err == nil {
			t.Errorf("config %+v on 500 images: want an error", cfg)
		}
	}
}
