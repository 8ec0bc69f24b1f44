package train

import (
	"fmt"

	"mirror/engine/data"
	"mirror/engine/data/maze"
	"mirror/engine/data/mnist"
)

// newDataset builds the dataset a configuration names, seeded by its seed.
func newDataset(cfg Config) (data.Dataset, error) {
	switch cfg.Data {
	case "mnist":
		sub, err := mnist.Bundled()
		if err != nil {
			return nil, fmt.Errorf("bundled MNIST subset: %v", err)
		}
		return mnist.NewDataset(sub.Train, cfg.Seed), nil
	case "mazes":
		return newMazes(cfg)
	}
	return nil, fmt.Errorf("data %q: want mnist or mazes", cfg.Data)
}

func newMazes(cfg Config) (data.Dataset, error) {
	algo, err := maze.ParseAlgorithm(cfg.MazeAlgo)
	if err != nil {
		return nil, err
	}
	return maze.NewDataset(maze.Config{Algorithm: algo, Side: cfg.MazeSize, Pool: cfg.MazePool, Fresh: cfg.MazeFresh, Seed: cfg.Seed})
}
