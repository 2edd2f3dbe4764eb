package main

import (
	"time"

	"github.com/Shopify/sarama"
)

func wireAdmin(controller *sarama.Broker, topic string) {
	producerID, err := controller.InitProducerID(&sarama.InitProducerIDRequest{TransactionTimeout: time.Minute})
	if producerID != nil {
		probe("initProducerId-v0")(line{"error": producerID.Err, "idSet": producerID.ProducerID >= 0,
			"epoch": producerID.ProducerEpoch}, err)
	}
	creates := map[string]*sarama.TopicDetail{
		topic:            {NumPartitions: 2, ReplicationFactor: 1},
		topic + "-zero":  {NumPartitions: 0, ReplicationFactor: 1},
		topic + "-rf3":   {NumPartitions: 1, ReplicationFactor: 3},
		"bad/name":       {NumPartitions: 1, ReplicationFactor: 1},
		topic + "-badcf": {NumPartitions: 1, ReplicationFactor: 1, ConfigEntries: map[string]*string{"no.such.config": strp("1")}},
	}
	created, err := controller.CreateTopics(&sarama.CreateTopicsRequest{Version: 2, Timeout: 20 * time.Second, TopicDetails: creates})
	probe("createTopics-v2-errors")(createView(created), err)
	validated, err := controller.CreateTopics(&sarama.CreateTopicsRequest{Version: 2, Timeout: 20 * time.Second, ValidateOnly: true,
		TopicDetails: map[string]*sarama.TopicDetail{topic + "-validated": {NumPartitions: 1, ReplicationFactor: 1}}})
	probe("createTopics-v2-validate-only")(createView(validated), err)
	partitions := map[string]*sarama.TopicPartition{topic: {Count: 1}, "no-such-topic": {Count: 3}}
	probe("createPartitions-v0-errors")(controller.CreatePartitions(&sarama.CreatePartitionsRequest{
		Timeout: 20 * time.Second, TopicPartitions: partitions}))
	deleted, err := controller.DeleteTopics(&sarama.DeleteTopicsRequest{Version: 1, Timeout: 20 * time.Second,
		Topics: []string{"no-such-topic"}})
	if deleted != nil {
		probe("deleteTopics-v1-unknown")(deleted.TopicErrorCodes, err)
	}
	records, err := controller.DeleteRecords(&sarama.DeleteRecordsRequest{Timeout: 20 * time.Second,
		Topics: map[string]*sarama.DeleteRecordsRequestTopic{topic: {PartitionOffsets: map[int32]int64{0: 4, 1: 100}}}})
	probe("deleteRecords-v0")(records, err)
	wireConfigs(controller, topic)
}

func wireConfigs(controller *sarama.Broker, topic string) {
	alter := func(entries map[string]*string) (interface{}, error) {
		resp, err := controller.AlterConfigs(&sarama.AlterConfigsRequest{Resources: []*sarama.AlterConfigsResource{
			{Type: sarama.TopicResource, Name: topic, ConfigEntries: entries}}})
		if resp == nil {
			return nil, err
		}
		return resp.Resources, err
	}
	probe("alterConfigs-v0")(alter(map[string]*string{"retention.ms": strp("3600000")}))
	probe("alterConfigs-v0-unknown-name")(alter(map[string]*string{"no.such.config": strp("1")}))
	probe("alterConfigs-v0-bad-value")(alter(map[string]*string{"retention.ms": strp("abc")}))
	describe := &sarama.DescribeConfigsRequest{Version: 1, IncludeSynonyms: true, Resources: []*sarama.ConfigResource{
		{Type: sarama.TopicResource, Name: topic, ConfigNames: []string{"retention.ms", "cleanup.policy", "segment.bytes"}},
		{Type: sarama.TopicResource, Name: "no-such-topic"}}}
	resp, err := controller.DescribeConfigs(describe)
	if resp != nil {
		probe("describeConfigs-v1")(resp.Resources, err)
	} else {
		probe("describeConfigs-v1")(nil, err)
	}
}

func createView(resp *sarama.CreateTopicsResponse) interface{} {
	if resp == nil {
		return nil
	}
	return resp.TopicErrors
}

func strp(s string) *string {
	return &s
}
