package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/Shopify/sarama"
)

const largeBytes = 1536 * 1024

// large creates TOPIC (1 partition, max.message.bytes 3 MB), produces COUNT records of 1.5 MB
// each (CODEC), and reads them back with a consumer whose first fetch size (1 MB, Sarama's default)
// is smaller than one record.
func large(opts options) (line, error) {
	conf, err := producerConfig(opts)
	if err != nil {
		return nil, err
	}
	conf.Producer.MaxMessageBytes = 3000000
	ca, err := sarama.NewClusterAdmin([]string{opts.bootstrap}, conf)
	if err != nil {
		return nil, err
	}
	maxBytes := "3000000"
	detail := &sarama.TopicDetail{NumPartitions: 1, ReplicationFactor: 1,
		ConfigEntries: map[string]*string{"max.message.bytes": &maxBytes}}
	err = ca.CreateTopic(opts.topic, detail, false)
	ca.Close()
	if err != nil {
		return nil, fmt.Errorf("create: %v", err)
	}
	producer, err := sarama.NewSyncProducer([]string{opts.bootstrap}, conf)
	if err != nil {
		return nil, err
	}
	for i := 0; i < opts.count; i++ {
		value := fmt.Sprintf("large-%d-", i) + strings.Repeat(string(rune('a'+i%26)), largeBytes)
		if _, _, err := producer.SendMessage(&sarama.ProducerMessage{Topic: opts.topic, Partition: 0,
			Value: sarama.StringEncoder(value)}); err != nil {
			producer.Close()
			return nil, fmt.Errorf("produce %d: %v", i, err)
		}
	}
	producer.Close()
	sizes, err := readLarge(opts, conf)
	return line{"sizes": sizes}, err
}

func readLarge(opts options, conf *sarama.Config) ([]int, error) {
	consumer, err := sarama.NewConsumer([]string{opts.bootstrap}, conf)
	if err != nil {
		return nil, err
	}
	defer consumer.Close()
	pc, err := consumer.ConsumePartition(opts.topic, 0, sarama.OffsetOldest)
	if err != nil {
		return nil, err
	}
	defer pc.Close()
	sizes := []int{}
	timeout := time.After(deadline)
	for len(sizes) < opts.count {
		select {
		case msg := <-pc.Messages():
			sizes = append(sizes, len(msg.Value))
			emit("record", line{"offset": msg.Offset, "bytes": len(msg.Value), "prefix": string(msg.Value[:8])})
		case cerr := <-pc.Errors():
			return sizes, cerr
		case <-timeout:
			return sizes, fmt.Errorf("read %d of %d large records in %v", len(sizes), opts.count, deadline)
		}
	}
	return sizes, nil
}
