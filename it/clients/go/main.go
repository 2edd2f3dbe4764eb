// Command sarama-client drives Sarama 1.22 (Debian's golang-github-shopify-sarama-dev) against a
// Kafka-protocol broker, for the integration tests of module it (SaramaIT).
//
// Usage: sarama-client BOOTSTRAP TOPIC SCENARIO VERSION [--count N] [--codec C] [--group G]
//
// VERSION is Sarama's config.Version ("2.2.0", "2.1.0", ...): Sarama 1.22 sends no ApiVersions
// request and picks every request version from it. Each scenario prints one JSON object a line on
// stdout, each with a "kind"; the last is {"kind":"summary","scenario":SCENARIO,...}. On failure it
// prints one line to stderr and exits 1. Sarama's own log goes to stderr.
//
// Scenarios (each described at its function): admin, produce, idempotent, consume, groups, large,
// refused, wire. Build offline with Debian's packages:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE=/tmp/go-cache go build -o sarama-client *.go
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/Shopify/sarama"
)

// deadline bounds every wait of a scenario; the test gives the whole process a little more.
const deadline = 45 * time.Second

type options struct {
	bootstrap string
	topic     string
	scenario  string
	version   sarama.KafkaVersion
	count     int
	codec     string
	group     string
}

type line map[string]interface{}

var scenarios = map[string]func(options) (line, error){
	"admin":      admin,
	"produce":    produce,
	"idempotent": idempotent,
	"consume":    consume,
	"groups":     groups,
	"refused":    refused,
	"wire":       wire,
	"large":      large,
}

func main() {
	opts, err := parse(os.Args[1:])
	if err != nil {
		fail(err)
	}
	sarama.Logger = log.New(os.Stderr, "[sarama] ", log.Ltime|log.Lmicroseconds)
	run, ok := scenarios[opts.scenario]
	if !ok {
		fail(fmt.Errorf("unknown scenario %q", opts.scenario))
	}
	summary, err := run(opts)
	if err != nil {
		fail(fmt.Errorf("%s: %v", opts.scenario, err))
	}
	summary["scenario"] = opts.scenario
	summary["version"] = opts.version.String()
	emit("summary", summary)
}

func parse(args []string) (options, error) {
	if len(args) < 4 {
		return options{}, fmt.Errorf("usage: sarama-client BOOTSTRAP TOPIC SCENARIO VERSION [--count N] [--codec C] [--group G]")
	}
	version, err := sarama.ParseKafkaVersion(args[3])
	if err != nil {
		return options{}, err
	}
	opts := options{bootstrap: args[0], topic: args[1], scenario: args[2], version: version}
	flags := flag.NewFlagSet("sarama-client", flag.ContinueOnError)
	flags.IntVar(&opts.count, "count", 1000, "records to produce")
	flags.StringVar(&opts.codec, "codec", "none", "compression: none, gzip, snappy, lz4, zstd")
	flags.StringVar(&opts.group, "group", args[1]+"-group", "consumer group id")
	if err := flags.Parse(args[4:]); err != nil {
		return options{}, err
	}
	return opts, nil
}

// config is what every scenario starts from: the requested protocol version, short timeouts, and
// errors returned to the program rather than only logged.
func config(opts options) *sarama.Config {
	c := sarama.NewConfig()
	c.Version = opts.version
	c.ClientID = "weir-sarama-" + opts.scenario
	c.Net.DialTimeout = 10 * time.Second
	c.Net.ReadTimeout = 20 * time.Second
	c.Net.WriteTimeout = 10 * time.Second
	c.Metadata.Retry.Max = 10
	c.Metadata.Retry.Backoff = 200 * time.Millisecond
	c.Producer.Return.Successes = true
	c.Producer.Return.Errors = true
	c.Producer.RequiredAcks = sarama.WaitForAll
	c.Producer.Timeout = 20 * time.Second
	c.Consumer.Return.Errors = true
	c.Admin.Timeout = 20 * time.Second
	return c
}

func emit(kind string, fields line) {
	fields["kind"] = kind
	text, err := json.Marshal(fields)
	if err != nil {
		fail(err)
	}
	fmt.Println(string(text))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "sarama-client:", err)
	os.Exit(1)
}

// waitFor polls check every 50 ms until it returns true, failing after the deadline.
func waitFor(what string, check func() (bool, error)) error {
	end := time.Now().Add(deadline)
	for {
		done, err := check()
		if err != nil {
			return fmt.Errorf("%s: %v", what, err)
		}
		if done {
			return nil
		}
		if time.Now().After(end) {
			return fmt.Errorf("%s: not reached in %v", what, deadline)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
