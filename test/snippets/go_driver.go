// Runs generated Go handlers for the snippet tests.
//
// Built as the main package of a module whose <provider>client packages hold the generated
// handlers. Reads a JSON list of runs on stdin; each names a provider, the request, the replay
// server's base URL and the options to inject. Prints one JSON result a run: outcomes (value, or
// error type and exported fields under their TypeScript names), sleeps in milliseconds, refresh
// calls, log lines and durations.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"time"

	"snippetrun/kakuninclient"
	"snippetrun/kayleclient"
	"snippetrun/knoudsclient"
	"snippetrun/kynasmithclient"
	"snippetrun/overtenclient"
)

type step struct {
	Key       string  `json:"key"`
	AdvanceMs float64 `json:"advanceMs"`
}

type run struct {
	Provider     string         `json:"provider"`
	BaseURL      string         `json:"baseUrl"`
	Method       string         `json:"method"`
	Path         string         `json:"path"`
	Body         map[string]any `json:"body"`
	Refresh      bool           `json:"refresh"`
	RealTime     bool           `json:"realTime"`
	Steps        []step         `json:"steps"`
	TimeoutMs    float64        `json:"timeoutMs"`
	MaxWaitMs    float64        `json:"maxWaitMs"`
	AbortAfterMs float64        `json:"abortAfterMs"`
}

type described struct {
	Name    string         `json:"name"`
	Message string         `json:"message"`
	Fields  map[string]any `json:"fields"`
}

type outcome struct {
	OK    bool       `json:"ok"`
	Value any        `json:"value"`
	Error *described `json:"error,omitempty"`
}

type result struct {
	Outcomes     []outcome `json:"outcomes"`
	Sleeps       []float64 `json:"sleeps"`
	RefreshCalls int       `json:"refreshCalls"`
	Logs         []string  `json:"logs"`
	Durations    []float64 `json:"durations"`
}

func milliseconds(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }

// configure sets the options every provider's Options type shares, by name.
func configure(options any, r run, res *result, clock *time.Time) {
	value := reflect.ValueOf(options).Elem()
	set := func(name string, to any) {
		if field := value.FieldByName(name); field.IsValid() {
			field.Set(reflect.ValueOf(to))
		}
	}
	set("BaseURL", r.BaseURL)
	set("Rand", func() float64 { return 0.5 })
	set("Log", func(message string, fields map[string]any) {
		data, _ := json.Marshal(fields)
		res.Logs = append(res.Logs, message+" "+string(data))
	})
	if r.TimeoutMs > 0 {
		set("Timeout", milliseconds(r.TimeoutMs))
	}
	if r.MaxWaitMs > 0 {
		set("MaxWait", milliseconds(r.MaxWaitMs))
	}
	if !r.RealTime {
		// A clock that only the injected sleeps and the scenario's steps move.
		set("Sleep", func(ctx context.Context, d time.Duration) error {
			res.Sleeps = append(res.Sleeps, float64(d)/float64(time.Millisecond))
			*clock = clock.Add(d)
			return nil
		})
		set("Now", func() time.Time { return *clock })
	}
	if r.Refresh {
		set("RefreshAccessToken", func(ctx context.Context) (string, error) {
			res.RefreshCalls++
			return "fresh-token", nil
		})
	}
	// A run's own frozen keys: module-wide state must not leak between scenarios.
	if field := value.FieldByName("FrozenKeys"); field.IsValid() {
		field.Set(reflect.New(field.Type().Elem()))
	}
}

func withKey(options any, key string) {
	value := reflect.ValueOf(options).Elem()
	for _, name := range []string{"APIKey", "AccessToken"} {
		if field := value.FieldByName(name); field.IsValid() {
			field.SetString(key)
		}
	}
}

type caller func(ctx context.Context, key string) (any, error)

func callerFor(r run, res *result, clock *time.Time) caller {
	switch r.Provider {
	case "kynasmith":
		var o kynasmithclient.KynasmithOptions
		configure(&o, r, res, clock)
		return func(ctx context.Context, key string) (any, error) {
			withKey(&o, key)
			return kynasmithclient.CallKynasmith(ctx, kynasmithclient.KynasmithRequest{Method: r.Method, Path: r.Path, Body: r.Body}, o)
		}
	case "kayle":
		var o kayleclient.KayleOptions
		configure(&o, r, res, clock)
		return func(ctx context.Context, key string) (any, error) {
			withKey(&o, key)
			return kayleclient.CallKayle(ctx, kayleclient.KayleRequest{Method: r.Method, Path: r.Path, Body: r.Body}, o)
		}
	case "overten":
		var o overtenclient.OvertenOptions
		configure(&o, r, res, clock)
		return func(ctx context.Context, key string) (any, error) {
			withKey(&o, key)
			return overtenclient.CallOverten(ctx, overtenclient.OvertenRequest{Method: r.Method, Path: r.Path, Body: r.Body}, o)
		}
	case "knouds":
		var o knoudsclient.KnoudsOptions
		configure(&o, r, res, clock)
		return func(ctx context.Context, key string) (any, error) {
			withKey(&o, key)
			return knoudsclient.CallKnouds(ctx, knoudsclient.KnoudsRequest{Method: r.Method, Path: r.Path, Body: r.Body}, o)
		}
	case "kakunin":
		var o kakuninclient.KakuninOptions
		configure(&o, r, res, clock)
		return func(ctx context.Context, key string) (any, error) {
			withKey(&o, key)
			return kakuninclient.CallKakunin(ctx, kakuninclient.KakuninRequest{Method: r.Method, Path: r.Path, Body: r.Body}, o)
		}
	}
	panic("unknown provider " + r.Provider)
}

// jsName: RequestID → requestId, UpgradeURL → upgradeUrl, Status → status.
func jsName(name string) string {
	name = strings.TrimSuffix(name, "ID") + map[bool]string{true: "Id"}[strings.HasSuffix(name, "ID")]
	name = strings.TrimSuffix(name, "URL") + map[bool]string{true: "Url"}[strings.HasSuffix(name, "URL")]
	return strings.ToLower(name[:1]) + name[1:]
}

// flatten copies an error's exported fields, its embedded base's included; empty text is left out.
func flatten(value reflect.Value, fields map[string]any) {
	for i := 0; i < value.NumField(); i++ {
		field, member := value.Type().Field(i), value.Field(i)
		if field.Anonymous && member.Kind() == reflect.Pointer {
			if !member.IsNil() {
				flatten(member.Elem(), fields)
			}
			continue
		}
		if !field.IsExported() || (member.Kind() == reflect.String && member.String() == "") {
			continue
		}
		if d, ok := member.Interface().(time.Duration); ok {
			fields[jsName(field.Name)] = d.Seconds()
		} else {
			fields[jsName(field.Name)] = member.Interface()
		}
	}
}

func describe(err error) *described {
	d := &described{Message: err.Error(), Fields: map[string]any{}}
	kind := reflect.TypeOf(err)
	switch {
	case kind.Kind() == reflect.Pointer && kind.Elem().Kind() == reflect.Struct && strings.HasPrefix(kind.Elem().PkgPath(), "snippetrun/"):
		d.Name = kind.Elem().Name()
		flatten(reflect.ValueOf(err).Elem(), d.Fields)
	case errors.Is(err, context.Canceled):
		d.Name = "context.Canceled"
	default:
		d.Name = kind.String()
	}
	return d
}

func main() {
	var runs []run
	if err := json.NewDecoder(os.Stdin).Decode(&runs); err != nil {
		panic(err)
	}
	results := make([]result, 0, len(runs))
	for _, r := range runs {
		res := result{Outcomes: []outcome{}, Sleeps: []float64{}, Logs: []string{}, Durations: []float64{}}
		clock := time.Unix(1_000_000, 0)
		call := callerFor(r, &res, &clock)
		for _, s := range r.Steps {
			clock = clock.Add(milliseconds(s.AdvanceMs))
			key := s.Key
			if key == "" {
				key = "test-key"
			}
			ctx, cancel := context.WithCancel(context.Background())
			if r.AbortAfterMs > 0 {
				time.AfterFunc(milliseconds(r.AbortAfterMs), cancel)
			}
			started := time.Now()
			value, err := call(ctx, key)
			res.Durations = append(res.Durations, float64(time.Since(started))/float64(time.Millisecond))
			cancel()
			if err != nil {
				res.Outcomes = append(res.Outcomes, outcome{Error: describe(err)})
			} else {
				res.Outcomes = append(res.Outcomes, outcome{OK: true, Value: value})
			}
		}
		results = append(results, res)
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		panic(err)
	}
}
