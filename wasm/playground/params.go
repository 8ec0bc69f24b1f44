package playground

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"mirror/engine/train"
)

// PageParam is a URL parameter of the page itself, beside the trainer's
// settings (train.Fields): together the two tables are the whole state of a
// shareable link.
type PageParam struct {
	Name    string
	Help    string
	Default string
	Check   func(string) error
}

// Controls an embed can show (the controls page parameter).
var embedControls = []string{"play", "step", "reset", "seed", "data", "algo", "preset", "speed"}

// PageParams is the page's own table, in URL order.
var PageParams = []PageParam{
	{"speed", "training steps per frame, or auto (train for a fixed time each frame)", "auto", checkSpeed},
	{"autoplay", "start training when the page opens", "true", checkBool},
	{"controls", "embed: controls shown: all, none, or a comma list of " + strings.Join(embedControls, ","), "play,step,reset,seed", checkControls},
}

func pageParamNames() []string {
	names := make([]string, len(PageParams))
	for i, p := range PageParams {
		names[i] = p.Name
	}
	return names
}

func pageParam(name string) (PageParam, bool) {
	for _, p := range PageParams {
		if p.Name == name {
			return p, true
		}
	}
	return PageParam{}, false
}

// ParseSpeed reads the speed parameter: 0 for auto, or steps per frame.
func ParseSpeed(s string) (int, error) {
	if s == "auto" || s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 1000 {
		return 0, fmt.Errorf("speed %q: want auto or a whole number in 1..1000", s)
	}
	return n, nil
}

func checkSpeed(s string) error { _, err := ParseSpeed(s); return err }

func checkBool(s string) error {
	if _, err := strconv.ParseBool(s); err != nil {
		return fmt.Errorf("%q: want true or false", s)
	}
	return nil
}

func checkControls(s string) error {
	if s == "all" || s == "none" || s == "" {
		return nil
	}
	for _, c := range strings.Split(s, ",") {
		if !contains(embedControls, c) {
			return fmt.Errorf("%q: want all, none, or a comma list of %s", c, strings.Join(embedControls, ","))
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// ParseQuery reads a link: the trainer's settings through train.FromQuery
// and the page's own parameters. A bad value is named in errs and left at its
// default; nothing else is lost.
func ParseQuery(q url.Values) (cfg train.Config, page map[string]string, errs []error) {
	cfg, errs = train.FromQuery(q, pageParamNames()...)
	page = map[string]string{}
	for _, p := range PageParams {
		vs := q[p.Name]
		if len(vs) == 0 {
			continue
		}
		v := vs[len(vs)-1]
		if err := p.Check(v); err != nil {
			errs = append(errs, fmt.Errorf("%s %v", p.Name, trimName(err, p.Name)))
			continue
		}
		if v != p.Default {
			page[p.Name] = v
		}
	}
	return cfg, page, errs
}

// trimName avoids "speed speed ...": checkSpeed names the parameter itself.
func trimName(err error, name string) string {
	return strings.TrimPrefix(err.Error(), name+" ")
}

// EncodeQuery writes the link's query: the trainer's settings in table order
// (seed always), then the page's parameters that differ from their defaults.
func EncodeQuery(cfg train.Config, page map[string]string) string {
	s := cfg.Encode()
	for _, p := range PageParams {
		if v, ok := page[p.Name]; ok && v != p.Default {
			s += "&" + url.QueryEscape(p.Name) + "=" + url.QueryEscape(v)
		}
	}
	return s
}
