package main

import (
	"github.com/Shopify/sarama"
)

// refused tries the ClusterAdmin calls that Sarama 1.22 sends in a request version Kafka 4 no
// longer serves, ListTopics and DescribeConfig (DescribeConfigs v0), and prints each outcome
// (Kafka 4.4 closes the connection: "EOF"). The wire scenario sends the other such request
// Sarama uses, OffsetCommit v1.
func refused(opts options) (line, error) {
	conf := config(opts)
	ca, err := sarama.NewClusterAdmin([]string{opts.bootstrap}, conf)
	if err != nil {
		return nil, err
	}
	defer ca.Close()
	outcomes := line{}
	_, err = ca.ListTopics()
	outcomes["listTopics"] = outcome(err)
	_, err = ca.DescribeConfig(sarama.ConfigResource{Type: sarama.TopicResource, Name: opts.topic})
	outcomes["describeConfig"] = outcome(err)
	return line{"outcomes": outcomes}, nil
}

func outcome(err error) string {
	if err == nil {
		return "ok"
	}
	return err.Error()
}
