package main

import (
	"fmt"
	"time"

	"github.com/Shopify/sarama"
)

// consume reads every partition of TOPIC from OffsetOldest up to the newest offset seen at the
// start with sarama.Consumer, printing each record; then commits each partition's newest offset
// with an OffsetManager for GROUP, and reads the commits back with a second one.
func consume(opts options) (line, error) {
	conf := config(opts)
	// Sarama commits with OffsetCommit v1 unless a retention is set (then v2, which Kafka 4 needs).
	conf.Consumer.Offsets.Retention = 24 * time.Hour
	client, err := sarama.NewClient([]string{opts.bootstrap}, conf)
	if err != nil {
		return nil, err
	}
	defer client.Close()
	partitions, err := client.Partitions(opts.topic)
	if err != nil {
		return nil, err
	}
	ends := map[int32]int64{}
	for _, p := range partitions {
		if ends[p], err = client.GetOffset(opts.topic, p, sarama.OffsetNewest); err != nil {
			return nil, err
		}
	}
	read, err := readPartitions(client, opts.topic, ends)
	if err != nil {
		return nil, err
	}
	byTime, err := offsetsByTime(client, opts.topic, partitions)
	if err != nil {
		return nil, err
	}
	if err := commit(client, opts.group, opts.topic, ends); err != nil {
		return nil, err
	}
	committed, err := fetchCommitted(client, opts.group, opts.topic, partitions)
	if err != nil {
		return nil, err
	}
	return line{"read": read, "endOffsets": byName(ends), "committed": committed, "byTime": byTime}, nil
}

// offsetsByTime looks up each partition's first offset with a timestamp at or after an hour ago
// (the first record, as they were all produced since) and an hour ahead (none: -1).
func offsetsByTime(client sarama.Client, topic string, partitions []int32) (line, error) {
	nowMs := time.Now().UnixNano() / int64(time.Millisecond)
	hourMs := int64(time.Hour / time.Millisecond)
	hourAgo, hourAhead := map[string]int64{}, map[string]int64{}
	for _, p := range partitions {
		offset, err := client.GetOffset(topic, p, nowMs-hourMs)
		if err != nil {
			return nil, err
		}
		hourAgo[fmt.Sprint(p)] = offset
		if offset, err = client.GetOffset(topic, p, nowMs+hourMs); err != nil {
			return nil, err
		}
		hourAhead[fmt.Sprint(p)] = offset
	}
	return line{"hourAgo": hourAgo, "hourAhead": hourAhead}, nil
}

func readPartitions(client sarama.Client, topic string, ends map[int32]int64) (int, error) {
	consumer, err := sarama.NewConsumerFromClient(client)
	if err != nil {
		return 0, err
	}
	defer consumer.Close()
	read := 0
	for p, end := range ends {
		if end == 0 {
			continue
		}
		pc, err := consumer.ConsumePartition(topic, p, sarama.OffsetOldest)
		if err != nil {
			return read, fmt.Errorf("partition %d: %v", p, err)
		}
		n, err := readPartition(pc, p, end)
		read += n
		pc.Close()
		if err != nil {
			return read, err
		}
	}
	return read, nil
}

func readPartition(pc sarama.PartitionConsumer, partition int32, end int64) (int, error) {
	read := 0
	timeout := time.After(deadline)
	for {
		select {
		case msg := <-pc.Messages():
			emit("record", line{"key": string(msg.Key), "value": string(msg.Value),
				"partition": msg.Partition, "offset": msg.Offset})
			read++
			if msg.Offset+1 >= end {
				return read, nil
			}
		case cerr := <-pc.Errors():
			return read, fmt.Errorf("partition %d: %v", partition, cerr)
		case <-timeout:
			return read, fmt.Errorf("partition %d: read %d records, not up to offset %d, in %v", partition, read, end, deadline)
		}
	}
}

// commit marks each partition's end offset and closes the manager, which flushes the commits.
func commit(client sarama.Client, group, topic string, ends map[int32]int64) error {
	om, err := sarama.NewOffsetManagerFromClient(group, client)
	if err != nil {
		return err
	}
	var poms []sarama.PartitionOffsetManager
	for p, end := range ends {
		pom, err := om.ManagePartition(topic, p)
		if err != nil {
			return fmt.Errorf("manage partition %d: %v", p, err)
		}
		pom.MarkOffset(end, fmt.Sprintf("end-%d", p))
		poms = append(poms, pom)
	}
	for _, pom := range poms {
		pom.AsyncClose()
	}
	// Close flushes the marks (retrying Consumer.Offsets.Retry.Max times) and then closes every
	// partition manager's error channel, so the drain below ends.
	om.Close()
	var failures []error
	for _, pom := range poms {
		for cerr := range pom.Errors() {
			failures = append(failures, cerr)
		}
	}
	if len(failures) > 0 {
		return fmt.Errorf("commit: %v", failures[0])
	}
	return nil
}

// fetchCommitted reads the group's offsets back through a new OffsetManager (OffsetFetch v1).
func fetchCommitted(client sarama.Client, group, topic string, partitions []int32) (map[string]interface{}, error) {
	om, err := sarama.NewOffsetManagerFromClient(group, client)
	if err != nil {
		return nil, err
	}
	defer om.Close()
	committed := map[string]interface{}{}
	for _, p := range partitions {
		pom, err := om.ManagePartition(topic, p)
		if err != nil {
			return nil, fmt.Errorf("manage partition %d: %v", p, err)
		}
		offset, metadata := pom.NextOffset()
		committed[fmt.Sprint(p)] = line{"offset": offset, "metadata": metadata}
		pom.AsyncClose()
	}
	return committed, nil
}

func byName(offsets map[int32]int64) map[string]int64 {
	named := map[string]int64{}
	for p, offset := range offsets {
		named[fmt.Sprint(p)] = offset
	}
	return named
}
