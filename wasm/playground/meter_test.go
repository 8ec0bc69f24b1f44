package playground

import (
	"testing"

	"mirror/engine/train"
)

func TestMetricsMeterShapes(t *testing.T) {
	meter := NewMetricsMeter()
	blank := make([]float32, 64*28*28)
	title, values, labels := meter(train.Config{Data: "mnist"}, blank, 64, 28)
	if len(values) != 10 || len(labels) != 10 || title == "" {
		t.Fatalf("digits: %q %v %v", title, values, labels)
	}
	title, values, labels = meter(train.Config{Data: "mazes"}, blank, 64, 28)
	if len(values) != 4 || len(labels) != 4 || values[0] != 0 {
		t.Fatalf("blank mazes: %q %v %v", title, values, labels)
	}
}
