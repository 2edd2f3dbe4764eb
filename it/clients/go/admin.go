package main

import (
	"fmt"
	"sort"

	"github.com/Shopify/sarama"
)

// admin creates TOPIC (3 partitions) and TOPIC-doomed (1), describes TOPIC, grows it to 4
// partitions, deletes TOPIC-doomed, and reads partitions, leaders and offsets through the client.
func admin(opts options) (line, error) {
	conf := config(opts)
	ca, err := sarama.NewClusterAdmin([]string{opts.bootstrap}, conf)
	if err != nil {
		return nil, err
	}
	defer ca.Close()
	doomed := opts.topic + "-doomed"
	summary := line{}
	created := map[string]int{opts.topic: 3, doomed: 1}
	for _, name := range []string{opts.topic, doomed} {
		detail := &sarama.TopicDetail{NumPartitions: int32(created[name]), ReplicationFactor: 1}
		if err := ca.CreateTopic(name, detail, false); err != nil {
			return nil, fmt.Errorf("create %s: %v", name, err)
		}
	}
	summary["created"] = created
	if err := describe(ca, opts.topic, 3, summary, "partitions"); err != nil {
		return nil, err
	}
	if err := ca.CreatePartitions(opts.topic, 4, nil, false); err != nil {
		return nil, fmt.Errorf("create partitions: %v", err)
	}
	if err := describe(ca, opts.topic, 4, summary, "partitionsAfterGrowth"); err != nil {
		return nil, err
	}
	if err := ca.DeleteTopic(doomed); err != nil {
		return nil, fmt.Errorf("delete %s: %v", doomed, err)
	}
	summary["deleted"] = doomed
	if err := clientView(opts, conf, doomed, summary); err != nil {
		return nil, err
	}
	return summary, nil
}

// describe waits until the topic's metadata lists `want` partitions, each with a leader.
func describe(ca sarama.ClusterAdmin, topic string, want int, summary line, key string) error {
	var partitions []int
	err := waitFor("describe "+topic, func() (bool, error) {
		metadata, err := ca.DescribeTopics([]string{topic})
		if err != nil {
			return false, err
		}
		partitions = nil
		for _, t := range metadata {
			if t.Name != topic || t.Err != sarama.ErrNoError {
				continue
			}
			for _, p := range t.Partitions {
				if p.Err == sarama.ErrNoError && p.Leader >= 0 {
					partitions = append(partitions, int(p.ID))
				}
			}
		}
		return len(partitions) == want, nil
	})
	sort.Ints(partitions)
	summary[key] = partitions
	return err
}

// clientView reads the topic through sarama.Client: partitions, leaders, oldest and newest offsets,
// and the topic list, which must no longer name the deleted topic.
func clientView(opts options, conf *sarama.Config, deleted string, summary line) error {
	client, err := sarama.NewClient([]string{opts.bootstrap}, conf)
	if err != nil {
		return err
	}
	defer client.Close()
	if err := client.RefreshMetadata(opts.topic); err != nil {
		return err
	}
	partitions, err := client.Partitions(opts.topic)
	if err != nil {
		return err
	}
	leaders := map[string]int32{}
	offsets := map[string][]int64{}
	for _, p := range partitions {
		leader, err := client.Leader(opts.topic, p)
		if err != nil {
			return fmt.Errorf("leader of %d: %v", p, err)
		}
		leaders[fmt.Sprint(p)] = leader.ID()
		oldest, newest, err := oldestAndNewest(client, opts.topic, p)
		if err != nil {
			return err
		}
		offsets[fmt.Sprint(p)] = []int64{oldest, newest}
	}
	summary["clientPartitions"] = partitions
	summary["leaders"] = leaders
	summary["offsets"] = offsets
	return waitFor("topic list without "+deleted, func() (bool, error) {
		if err := client.RefreshMetadata(); err != nil {
			return false, err
		}
		topics, err := client.Topics()
		if err != nil {
			return false, err
		}
		sort.Strings(topics)
		summary["topics"] = topics
		for _, t := range topics {
			if t == deleted {
				return false, nil
			}
		}
		return true, nil
	})
}

func oldestAndNewest(client sarama.Client, topic string, partition int32) (int64, int64, error) {
	oldest, err := client.GetOffset(topic, partition, sarama.OffsetOldest)
	if err != nil {
		return 0, 0, fmt.Errorf("oldest offset of %d: %v", partition, err)
	}
	newest, err := client.GetOffset(topic, partition, sarama.OffsetNewest)
	if err != nil {
		return 0, 0, fmt.Errorf("newest offset of %d: %v", partition, err)
	}
	return oldest, newest, nil
}
