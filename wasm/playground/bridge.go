//go:build js && wasm

package playground

import (
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"syscall/js"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"mirror/engine/gemm"
	"mirror/engine/train"
)

// bridge is window.mirror: the JS API for the page's glue, for pages that
// embed the playground, and for tests. Every call takes the world's lock;
// JS is only called with the lock released, so the glue may call back.
type bridge struct {
	mu        sync.Mutex
	world     *World
	glue      js.Value // window.mirrorGlue (static/mirror.js)
	lastQuery string
	lastPub   time.Time
}

// Run starts the playground in the page and never returns.
func Run(meter Meter) {
	b := &bridge{glue: js.Global().Get("mirrorGlue")}
	defer func() {
		if r := recover(); r != nil {
			b.fail(fmt.Sprintf("the playground crashed: %v", r))
			select {}
		}
	}()
	doc := js.Global().Get("document")
	compact := doc.Get("body").Get("dataset").Get("mode").String() == "embed"
	query := js.Global().Get("location").Get("search").String()
	b.world = NewWorld(RealEngine, meter, query, compact, time.Now)
	b.lastQuery = "?" + query // force the first write, which normalises the link
	b.expose()

	perf := js.Global().Get("performance")
	game := NewGame(b.world, &b.mu, gemm.KernelName(), func() {
		if !b.world.drawnFirst {
			b.world.Drawn(perf.Call("now").Float())
		}
	})
	game.afterUpdate = b.publish
	ebiten.SetTPS(ebiten.SyncWithFPS)        // one Update per drawn frame: the budget is per frame
	ebiten.SetRunnableOnUnfocused(true)      // an embed never has the focus; visibility pauses instead
	ebiten.SetScreenClearedEveryFrame(false) // Draw fills the whole screen
	if err := ebiten.RunGame(game); err != nil {
		b.fail("the canvas could not start (WebGL unavailable?): " + err.Error())
	}
	select {} // keep window.mirror answering
}

// fail reports an error that stops the playground.
func (b *bridge) fail(msg string) {
	if b.world != nil {
		b.mu.Lock()
		b.world.Fail(msg)
		b.mu.Unlock()
	}
	if b.glue.Truthy() {
		b.glue.Call("fatal", msg)
	}
	js.Global().Get("console").Call("error", "mirror: "+msg)
}

// publish runs after every frame's Update: it writes the link into the URL
// when it changed and hands the status to the glue (which updates the page
// and tells a parent page) on changes and four times a second.
func (b *bridge) publish() {
	b.mu.Lock()
	changed := b.world.TakeChanged()
	now := time.Now()
	if !changed && now.Sub(b.lastPub) < 250*time.Millisecond {
		b.mu.Unlock()
		return
	}
	b.lastPub = now
	query := b.world.Query()
	status := b.statusJSON()
	b.mu.Unlock()
	if query != b.lastQuery {
		b.lastQuery = query
		js.Global().Get("history").Call("replaceState", nil, "", "?"+query)
	}
	if b.glue.Truthy() {
		b.glue.Call("onStatus", js.Global().Get("JSON").Call("parse", status), changed)
	}
}

func (b *bridge) statusJSON() string {
	s, _ := json.Marshal(b.world.Status(gemm.KernelName()))
	return string(s)
}

// locked wraps a world call as a JS function holding the lock.
func (b *bridge) locked(f func(args []js.Value) any) js.Func {
	return js.FuncOf(func(this js.Value, args []js.Value) (result any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		defer func() {
			if r := recover(); r != nil {
				b.world.Fail(fmt.Sprintf("panic: %v", r))
				result = fmt.Sprint("panic: ", r)
			}
		}()
		return f(args)
	})
}

func (b *bridge) expose() {
	w := b.world
	api := js.Global().Get("Object").New()
	set := func(name string, f func(args []js.Value) any) { api.Set(name, b.locked(f)) }
	set("status", func([]js.Value) any { return js.Global().Get("JSON").Call("parse", b.statusJSON()) })
	set("play", func([]js.Value) any { w.Play(); return nil })
	set("pause", func([]js.Value) any { w.Pause(); return nil })
	set("toggle", func([]js.Value) any { w.Toggle(); return nil })
	set("reset", func([]js.Value) any { return w.Reset() })
	set("newSeed", func([]js.Value) any { return w.NewSeed() })
	set("step", func(args []js.Value) any {
		n := 1
		if len(args) > 0 && args[0].Type() == js.TypeNumber {
			n = args[0].Int()
		}
		return w.StepN(n)
	})
	set("set", func(args []js.Value) any {
		if len(args) == 0 || args[0].Type() != js.TypeObject {
			return "set wants an object of settings, such as {algo: \"wgan\"}"
		}
		values := map[string]string{}
		keys := js.Global().Get("Object").Call("keys", args[0])
		for i := 0; i < keys.Length(); i++ {
			k := keys.Index(i).String()
			v := args[0].Get(k)
			switch v.Type() {
			case js.TypeString:
				values[k] = v.String()
			case js.TypeBoolean:
				values[k] = strconv.FormatBool(v.Bool())
			default:
				values[k] = js.Global().Call("String", v).String()
			}
		}
		return w.Set(values)
	})
	set("samples", func([]js.Value) any {
		o := js.Global().Get("Object").New()
		o.Set("n", train.SampleCount)
		o.Set("width", w.Side)
		o.Set("height", w.Side)
		px := js.Global().Get("Uint8Array").New(len(w.Gray))
		js.CopyBytesToJS(px, w.Gray)
		o.Set("pixels", px)
		return o
	})
	set("fields", func([]js.Value) any { return fieldsJSON() })
	set("exportPNG", func([]js.Value) any { return bytesOrError(w.SamplesPNG()) })
	set("exportCSV", func([]js.Value) any { return string(w.History.CSV()) })
	set("exportCheckpoint", func([]js.Value) any { return bytesOrError(w.Checkpoint()) })
	set("loadCheckpoint", func(args []js.Value) any {
		if len(args) == 0 || !args[0].InstanceOf(js.Global().Get("Uint8Array")) {
			return "loadCheckpoint wants a Uint8Array"
		}
		buf := make([]byte, args[0].Length())
		js.CopyBytesToGo(buf, args[0])
		return w.LoadCheckpoint(buf)
	})
	set("setHidden", func(args []js.Value) any {
		w.SetHidden(len(args) > 0 && args[0].Truthy())
		return nil
	})
	js.Global().Set("mirror", api)
	if b.glue.Truthy() {
		b.glue.Call("onReady", api)
	}
}

// bytesOrError returns a Uint8Array, or the error's message as a string.
func bytesOrError(data []byte, err error) any {
	if err != nil {
		return err.Error()
	}
	a := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(a, data)
	return a
}

// fieldsJSON describes both settings tables for the glue, which builds the
// controls from it: there is no second list of settings in JS.
func fieldsJSON() any {
	type field struct {
		Name    string   `json:"name"`
		Help    string   `json:"help"`
		Kind    string   `json:"kind"` // enum, bool, number, text
		Choices []string `json:"choices,omitempty"`
		Min     float64  `json:"min"`
		Max     float64  `json:"max"`
		Live    bool     `json:"live"`
		Page    bool     `json:"page"`
		Default string   `json:"default,omitempty"`
	}
	var out []field
	var zero train.Config
	for _, f := range train.Fields {
		kind := "number"
		switch {
		case len(f.Choices) > 0:
			kind = "enum"
		case f.Get(&zero) == "false":
			kind = "bool"
		}
		out = append(out, field{Name: f.Name, Help: f.Help, Kind: kind, Choices: f.Choices, Min: f.Min, Max: min(f.Max, 1e15), Live: f.Live})
	}
	for _, p := range PageParams {
		kind := "text"
		if p.Default == "true" || p.Default == "false" {
			kind = "bool"
		}
		out = append(out, field{Name: p.Name, Help: p.Help, Kind: kind, Live: true, Page: true, Default: p.Default})
	}
	b, _ := json.Marshal(out)
	return js.Global().Get("JSON").Call("parse", string(b))
}
