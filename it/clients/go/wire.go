package main

import (
	"fmt"
	"time"

	"github.com/Shopify/sarama"
)

// wire sends Sarama's requests one by one through sarama.Broker, at the versions Sarama picks for
// VERSION, and prints every response decoded (kind "wire"), including the error answers of
// requests that should fail. It produces 10 records ("k-i" = "wire-i") to partition 0 of TOPIC
// (created with 2 partitions) first. Printed to compare two brokers' answers field by field.
func wire(opts options) (line, error) {
	conf := config(opts)
	conf.Producer.Partitioner = sarama.NewManualPartitioner
	client, err := sarama.NewClient([]string{opts.bootstrap}, conf)
	if err != nil {
		return nil, err
	}
	defer client.Close()
	controller, err := client.Controller()
	if err != nil {
		return nil, err
	}
	create := &sarama.CreateTopicsRequest{Version: 2, Timeout: 20 * time.Second,
		TopicDetails: map[string]*sarama.TopicDetail{opts.topic: {NumPartitions: 2, ReplicationFactor: 1}}}
	probe("createTopics")(controller.CreateTopics(create))
	if err := waitFor("leaders of "+opts.topic, func() (bool, error) {
		return client.RefreshMetadata(opts.topic) == nil, nil
	}); err != nil {
		return nil, err
	}
	if err := produceToPartitionZero(opts, conf); err != nil {
		return nil, err
	}
	leader, err := client.Leader(opts.topic, 0)
	if err != nil {
		return nil, err
	}
	wireMetadata(leader, opts.topic)
	wireFetch(leader, opts.topic)
	wireOffsets(leader, opts.topic)
	wireGroups(client, opts.topic, opts.group)
	wireAdmin(controller, opts.topic)
	return line{}, nil
}

// probe returns the printer of one response: probe("name")(response, err).
func probe(name string) func(interface{}, error) {
	return func(response interface{}, err error) {
		fields := line{"probe": name, "response": response}
		if err != nil {
			fields["error"] = err.Error()
		}
		emit("wire", fields)
	}
}

func produceToPartitionZero(opts options, conf *sarama.Config) error {
	producer, err := sarama.NewSyncProducer([]string{opts.bootstrap}, conf)
	if err != nil {
		return err
	}
	defer producer.Close()
	var msgs []*sarama.ProducerMessage
	for i := 0; i < 10; i++ {
		msgs = append(msgs, &sarama.ProducerMessage{Topic: opts.topic, Partition: 0,
			Key: sarama.StringEncoder(fmt.Sprintf("k-%d", i)), Value: sarama.StringEncoder(fmt.Sprintf("wire-%d", i))})
	}
	return describeErrors(producer.SendMessages(msgs))
}

func wireMetadata(b *sarama.Broker, topic string) {
	for _, version := range []int16{0, 1, 5} {
		// A topic never asked for before: v0 and v1 requests create it, v5 ones (as Sarama sends them) do not.
		unknown := fmt.Sprintf("%s-auto-v%d", topic, version)
		resp, err := b.GetMetadata(&sarama.MetadataRequest{Version: version, Topics: []string{topic, unknown}})
		probe(fmt.Sprintf("metadata-v%d", version))(metadataView(resp), err)
	}
}

func metadataView(resp *sarama.MetadataResponse) interface{} {
	if resp == nil {
		return nil
	}
	brokers := []line{}
	for _, b := range resp.Brokers {
		brokers = append(brokers, line{"id": b.ID(), "addr": b.Addr(), "rack": b.Rack()})
	}
	return line{"brokers": brokers, "controllerId": resp.ControllerID, "clusterIdSet": resp.ClusterID != nil,
		"topics": resp.Topics}
}

func wireFetch(b *sarama.Broker, topic string) {
	for _, at := range []struct {
		partition int32
		offset    int64
	}{{0, 0}, {0, 7}, {0, 10}, {0, 11}, {1, 0}, {9, 0}} {
		req := &sarama.FetchRequest{Version: 4, MaxWaitTime: 10, MinBytes: 1, MaxBytes: sarama.MaxResponseSize}
		req.AddBlock(topic, at.partition, at.offset, 1<<20)
		resp, err := b.Fetch(req)
		probe(fmt.Sprintf("fetch-v4-p%d-at%d", at.partition, at.offset))(fetchView(resp, topic, at.partition), err)
	}
}

func fetchView(resp *sarama.FetchResponse, topic string, partition int32) interface{} {
	if resp == nil {
		return nil
	}
	block := resp.GetBlock(topic, partition)
	if block == nil {
		return "no block"
	}
	offsets := []int64{}
	values := []string{}
	timestampsOk := true
	for _, records := range block.RecordsSet {
		batch := records.RecordBatch
		if batch == nil {
			continue
		}
		for _, r := range batch.Records {
			offsets = append(offsets, batch.FirstOffset+r.OffsetDelta)
			values = append(values, string(r.Value))
			at := batch.FirstTimestamp.Add(r.TimestampDelta)
			timestampsOk = timestampsOk && !at.After(batch.MaxTimestamp) && !at.Before(batch.FirstTimestamp)
		}
	}
	return line{"error": block.Err, "highWatermark": block.HighWaterMarkOffset, "lastStable": block.LastStableOffset,
		"aborted": block.AbortedTransactions, "offsets": offsets, "values": values, "partial": block.Partial,
		"recordTimestampsWithinBatchBounds": timestampsOk}
}

func wireOffsets(b *sarama.Broker, topic string) {
	future := time.Now().Add(time.Hour).UnixNano() / int64(time.Millisecond)
	for _, at := range []struct {
		partition int32
		time      int64
	}{{0, sarama.OffsetNewest}, {0, sarama.OffsetOldest}, {0, 0}, {0, future}, {1, sarama.OffsetNewest},
		{1, 0}, {9, sarama.OffsetNewest}} {
		req := &sarama.OffsetRequest{Version: 1}
		req.AddBlock(topic, at.partition, at.time, 1)
		resp, err := b.GetAvailableOffsets(req)
		var view interface{}
		if resp != nil {
			block := resp.GetBlock(topic, at.partition)
			if block != nil {
				view = line{"error": block.Err, "offset": block.Offset, "timestampSet": block.Timestamp > 0}
			}
		}
		name := fmt.Sprintf("listOffsets-v1-p%d-%d", at.partition, at.time)
		if at.time == future {
			name = fmt.Sprintf("listOffsets-v1-p%d-future", at.partition)
		}
		probe(name)(view, err)
	}
}
