package train

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"net/url"

	"mirror/engine/nn"
	"mirror/engine/rng"
)

// A checkpoint is the whole training state in a small binary file, little-endian:
//
//	magic    [8]byte  "MIRRORCK"
//	version  uint32   checkpointVersion
//	length   uint32   byte length of the body
//	body              (below)
//	crc      uint32   CRC-32 (IEEE) of the body
//
// body:
//
//	config   string   the resolved Config as URL parameters (Encode)
//	steps    int64    generator steps done
//	batches  int64    real batches drawn
//	rng      4×uint64 + float64 + uint8   the training RNG (rng.State)
//	arrays   []float32 each with a uint32 length: G params, G buffers,
//	                   D params, D buffers, then each optimizer's state
//	                   (Adam: the step count as a uint64, then m and v;
//	                   RMSprop: the step count, then the square average)
//
// where string is a uint32 length and bytes. Loading checks the magic, the
// version, the checksum, the configuration and every array length against
// the networks that configuration builds, so a corrupt or mismatched file is
// rejected with a message before any state is touched.
const (
	checkpointMagic   = "MIRRORCK"
	checkpointVersion = 1
	maxCheckpoint     = 1 << 30
)

// Save writes the whole training state as a checkpoint. A checkpoint holds
// whole steps: in the middle of one (see Advance) Save finishes it first.
func (t *Trainer) Save(w io.Writer) error {
	for t.phase != phaseStart {
		if _, _, err := t.Advance(); err != nil {
			return err
		}
	}
	var body bytes.Buffer
	put := func(v any) { _ = binary.Write(&body, binary.LittleEndian, v) }
	putFloats := func(x []float32) {
		put(uint32(len(x)))
		put(x)
	}
	cfg := t.cfg.Encode()
	put(uint32(len(cfg)))
	body.WriteString(cfg)
	put(t.steps)
	put(t.batches)
	s := t.rng.State()
	put(s.S)
	put(s.Spare)
	put(s.HasSpare)
	for _, x := range [][]float32{t.gen.Params, t.gen.Buffers, t.disc.Params, t.disc.Buffers} {
		putFloats(x)
	}
	for _, o := range []nn.Optimizer{t.optG, t.optD} {
		switch o := o.(type) {
		case *nn.Adam:
			put(uint64(o.T))
			putFloats(o.M)
			putFloats(o.V)
		case *nn.RMSprop:
			put(uint64(o.T))
			putFloats(o.SquareAvg)
		}
	}
	var head bytes.Buffer
	head.WriteString(checkpointMagic)
	_ = binary.Write(&head, binary.LittleEndian, uint32(checkpointVersion))
	_ = binary.Write(&head, binary.LittleEndian, uint32(body.Len()))
	if _, err := w.Write(head.Bytes()); err != nil {
		return err
	}
	if _, err := w.Write(body.Bytes()); err != nil {
		return err
	}
	return binary.Write(w, binary.LittleEndian, crc32.ChecksumIEEE(body.Bytes()))
}

// Load reads a checkpoint written by Save into a new Trainer. Any problem
// (not a checkpoint, another version, truncated, corrupt, a configuration
// this build cannot make, arrays of the wrong size) is an error that says
// what was wrong; no existing Trainer is involved, so the caller's current
// session stays as it was.
func Load(r io.Reader) (*Trainer, error) {
	var head [16]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return nil, fmt.Errorf("checkpoint: too short for a header (%v)", err)
	}
	if string(head[:8]) != checkpointMagic {
		return nil, errors.New("checkpoint: not a Mirror checkpoint (bad magic)")
	}
	if v := binary.LittleEndian.Uint32(head[8:]); v != checkpointVersion {
		return nil, fmt.Errorf("checkpoint: version %d, this build reads version %d", v, checkpointVersion)
	}
	n := binary.LittleEndian.Uint32(head[12:])
	if n > maxCheckpoint {
		return nil, fmt.Errorf("checkpoint: body of %d bytes, want at most %d", n, maxCheckpoint)
	}
	body := make([]byte, int(n)+4)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, fmt.Errorf("checkpoint: truncated: want %d bytes after the header (%v)", n+4, err)
	}
	sum := binary.LittleEndian.Uint32(body[n:])
	body = body[:n]
	if got := crc32.ChecksumIEEE(body); got != sum {
		return nil, fmt.Errorf("checkpoint: checksum %08x, file says %08x: the file is corrupt", got, sum)
	}
	return decodeBody(bytes.NewReader(body))
}

func decodeBody(br *bytes.Reader) (*Trainer, error) {
	var err error
	get := func(v any) {
		if err == nil {
			if e := binary.Read(br, binary.LittleEndian, v); e != nil {
				err = fmt.Errorf("checkpoint: body ends early (%v)", e)
			}
		}
	}
	var cfgLen uint32
	get(&cfgLen)
	if err != nil || int(cfgLen) > br.Len() {
		return nil, errors.New("checkpoint: configuration record is cut short")
	}
	cfgText := make([]byte, cfgLen)
	_, _ = io.ReadFull(br, cfgText)
	q, perr := url.ParseQuery(string(cfgText))
	if perr != nil {
		return nil, fmt.Errorf("checkpoint: configuration %q: %v", cfgText, perr)
	}
	cfg, errs := FromQuery(q)
	if len(errs) > 0 {
		return nil, fmt.Errorf("checkpoint: configuration: %v", errors.Join(errs...))
	}
	t, nerr := New(cfg)
	if nerr != nil {
		return nil, fmt.Errorf("checkpoint: configuration: %v", nerr)
	}
	get(&t.steps)
	get(&t.batches)
	var s rng.State
	get(&s.S)
	get(&s.Spare)
	get(&s.HasSpare)
	getFloats := func(name string, dst []float32) {
		var m uint32
		get(&m)
		if err == nil && int(m) != len(dst) {
			err = fmt.Errorf("checkpoint: %s has %d values, the configuration needs %d", name, m, len(dst))
		}
		get(dst)
	}
	getFloats("generator parameters", t.gen.Params)
	getFloats("generator buffers", t.gen.Buffers)
	getFloats("discriminator parameters", t.disc.Params)
	getFloats("discriminator buffers", t.disc.Buffers)
	for _, o := range []nn.Optimizer{t.optG, t.optD} {
		switch o := o.(type) {
		case *nn.Adam:
			var step uint64
			get(&step)
			o.T = int(step)
			getFloats("Adam first moments", o.M)
			getFloats("Adam second moments", o.V)
		case *nn.RMSprop:
			var step uint64
			get(&step)
			o.T = int(step)
			getFloats("RMSprop averages", o.SquareAvg)
		}
	}
	if err != nil {
		return nil, err
	}
	if br.Len() != 0 {
		return nil, fmt.Errorf("checkpoint: %d unexpected bytes after the state", br.Len())
	}
	if t.steps < 0 || t.batches < 0 || math.IsNaN(s.Spare) {
		return nil, errors.New("checkpoint: negative step count or invalid RNG state")
	}
	t.rng.SetState(s)
	return t, nil
}
