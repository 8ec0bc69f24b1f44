// Package metrics measures what a GAN has learnt: Mirror's mode-collapse meter
// for digits and its validity summary for mazes.
//
// # Digits
//
// The meter is built on a small MNIST classifier trained by Mirror's own
// engine (tools/classifier) on the full 60,000 training images, whose weights
// are bundled into the binary (classifier.bin, see DecodeClassifier for the
// format). On a batch of samples, Digits.Measure reports
//
//   - Histogram: the share of samples the classifier assigns to each digit;
//   - Covered: how many digits hold at least CoverShare (2%) of the samples;
//   - Entropy: of the histogram, in nats (0 for one digit, ln 10 ≈ 2.303 when
//     uniform);
//   - Confidence: the mean over samples of the top softmax probability, low
//     when samples look like no digit in particular;
//   - Frechet: the Fréchet distance between Gaussians fitted to the
//     classifier's 64 hidden features of the samples and of held-out real
//     digits (the bundled subset's 1,000 test-file images), an FID in
//     miniature: ‖μ₁−μ₂‖² + Tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^½).
//
// A collapsed generator shows few covered digits and a low entropy; a blurry
// one shows low confidence; both show a large distance. Like FID, the distance
// is biased upwards for small batches (a batch of 64 real digits scores well
// above 0), so compare values measured on batches of the same size.
//
// # Mazes
//
// Mazes summarises the maze validator (mirror/engine/data/maze) over a batch
// of generated maze images: the share that are valid mazes, their mean
// connectivity, the wall error rate, and how many valid ones are distinct.
//
// It leaves out: Inception features and the real FID (too big for a browser
// tab), precision/recall-style metrics, and any metric needing labels for the
// samples.
package metrics
