package main

import (
	"fmt"
	"time"

	"github.com/Shopify/sarama"
)

const keys = 20

var codecs = map[string]sarama.CompressionCodec{
	"none":   sarama.CompressionNone,
	"gzip":   sarama.CompressionGZIP,
	"snappy": sarama.CompressionSnappy,
	"lz4":    sarama.CompressionLZ4,
	"zstd":   sarama.CompressionZSTD,
}

// produce sends COUNT keyed records ("key-i%20" = "sync-i") through a SyncProducer, then COUNT more
// ("key-i%20" = "async-i") through an AsyncProducer, both compressed with CODEC and acks=all, and
// prints every delivery.
func produce(opts options) (line, error) {
	conf, err := producerConfig(opts)
	if err != nil {
		return nil, err
	}
	synced, err := produceSync(opts, conf, "sync")
	if err != nil {
		return nil, err
	}
	asynced, err := produceAsync(opts, conf)
	if err != nil {
		return nil, err
	}
	return line{"codec": opts.codec, "sync": synced, "async": asynced}, nil
}

// idempotent sends COUNT keyed records ("key-i%20" = "idempotent-i") through a SyncProducer with
// Producer.Idempotent (InitProducerId first, then sequence numbers on every batch).
func idempotent(opts options) (line, error) {
	conf, err := producerConfig(opts)
	if err != nil {
		return nil, err
	}
	conf.Producer.Idempotent = true
	conf.Net.MaxOpenRequests = 1
	conf.Producer.Retry.Max = 5
	delivered, err := produceSync(opts, conf, "idempotent")
	if err != nil {
		return nil, err
	}
	return line{"codec": opts.codec, "idempotent": delivered}, nil
}

func producerConfig(opts options) (*sarama.Config, error) {
	codec, ok := codecs[opts.codec]
	if !ok {
		return nil, fmt.Errorf("unknown codec %q", opts.codec)
	}
	conf := config(opts)
	conf.Producer.Compression = codec
	conf.Producer.Flush.Frequency = 5 * time.Millisecond
	return conf, conf.Validate()
}

func message(topic, label string, i int) *sarama.ProducerMessage {
	return &sarama.ProducerMessage{
		Topic: topic,
		Key:   sarama.StringEncoder(fmt.Sprintf("key-%d", i%keys)),
		Value: sarama.StringEncoder(fmt.Sprintf("%s-%d", label, i)),
	}
}

func delivered(msg *sarama.ProducerMessage, label string) {
	key, _ := msg.Key.Encode()
	value, _ := msg.Value.Encode()
	emit("delivery", line{"producer": label, "key": string(key), "value": string(value),
		"partition": msg.Partition, "offset": msg.Offset})
}

// produceSync sends the records in slices of 100 (SendMessages batches them per partition).
func produceSync(opts options, conf *sarama.Config, label string) (int, error) {
	producer, err := sarama.NewSyncProducer([]string{opts.bootstrap}, conf)
	if err != nil {
		return 0, err
	}
	count := 0
	for start := 0; start < opts.count; start += 100 {
		var msgs []*sarama.ProducerMessage
		for i := start; i < start+100 && i < opts.count; i++ {
			msgs = append(msgs, message(opts.topic, label, i))
		}
		if err := producer.SendMessages(msgs); err != nil {
			producer.Close()
			return count, fmt.Errorf("%s producer: %v", label, describeErrors(err))
		}
		for _, msg := range msgs {
			delivered(msg, label)
			count++
		}
	}
	return count, producer.Close()
}

func produceAsync(opts options, conf *sarama.Config) (int, error) {
	producer, err := sarama.NewAsyncProducer([]string{opts.bootstrap}, conf)
	if err != nil {
		return 0, err
	}
	go func() {
		for i := 0; i < opts.count; i++ {
			producer.Input() <- message(opts.topic, "async", i)
		}
	}()
	count := 0
	timeout := time.After(deadline)
	for count < opts.count {
		select {
		case msg := <-producer.Successes():
			delivered(msg, "async")
			count++
		case perr := <-producer.Errors():
			producer.AsyncClose()
			return count, fmt.Errorf("async producer: %v", perr)
		case <-timeout:
			producer.AsyncClose()
			return count, fmt.Errorf("async producer: %d of %d delivered in %v", count, opts.count, deadline)
		}
	}
	return count, producer.Close()
}

func describeErrors(err error) error {
	if errs, ok := err.(sarama.ProducerErrors); ok && len(errs) > 0 {
		return fmt.Errorf("%d failed, first: %v", len(errs), errs[0].Err)
	}
	return err
}
