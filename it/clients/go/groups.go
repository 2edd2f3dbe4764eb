package main

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/Shopify/sarama"
)

// groups runs sarama.ConsumerGroup members of GROUP on TOPIC (6 partitions, empty): member a
// joins alone and reads the first COUNT/2 records, member b joins and the two split the partitions
// and read the next COUNT/2, b leaves and a gets every partition; the ClusterAdmin lists and
// describes the group and its offsets; then a leaves, 6 more records arrive, and member c of the
// same group reads only those, resuming after the commits.
func groups(opts options) (line, error) {
	half := opts.count / 2
	summary := line{}
	if err := produceValues(opts, "group", 0, half); err != nil {
		return nil, err
	}
	a, err := startMember(opts, "a")
	if err != nil {
		return nil, err
	}
	if err := waitFor("a reads the first half", func() (bool, error) { return a.readCount() >= half, nil }); err != nil {
		return nil, err
	}
	b, err := startMember(opts, "b")
	if err != nil {
		return nil, err
	}
	if err := waitForSplit(a, b); err != nil {
		return nil, err
	}
	if err := produceValues(opts, "group", half, opts.count); err != nil {
		return nil, err
	}
	if err := waitFor("a and b read every record", func() (bool, error) {
		return a.readCount()+b.readCount() >= opts.count, nil
	}); err != nil {
		return nil, err
	}
	b.close()
	if err := waitFor("a owns every partition", func() (bool, error) { return len(a.currentClaims()) == 6, nil }); err != nil {
		return nil, err
	}
	emit("alone", line{"a": a.currentClaims()})
	if err := describeGroup(opts, summary); err != nil {
		return nil, err
	}
	a.close()
	summary["read"] = line{"a": a.readCount(), "b": b.readCount()}
	return summary, resume(opts, summary)
}

// resume produces 6 records after the group's members left and reads them with a new member.
func resume(opts options, summary line) error {
	if err := produceValues(opts, "after", 0, 6); err != nil {
		return err
	}
	c, err := startMember(opts, "c")
	if err != nil {
		return err
	}
	err = waitFor("c reads the 6 new records", func() (bool, error) { return c.readCount() >= 6, nil })
	c.close()
	summary["resumedRead"] = c.readCount()
	return err
}

func waitForSplit(a, b *member) error {
	return waitFor("a and b split the partitions", func() (bool, error) {
		ga, ca := a.claimsAndGeneration()
		gb, cb := b.claimsAndGeneration()
		if ga != gb || len(ca) == 0 || len(cb) == 0 || len(ca)+len(cb) != 6 {
			return false, nil
		}
		emit("split", line{"a": ca, "b": cb, "generation": ga})
		return true, nil
	})
}

// produceValues sends records "key-i" = "LABEL-i" for i in [from, to), unkeyed partitioning by hash.
func produceValues(opts options, label string, from, to int) error {
	conf := config(opts)
	producer, err := sarama.NewSyncProducer([]string{opts.bootstrap}, conf)
	if err != nil {
		return err
	}
	defer producer.Close()
	var msgs []*sarama.ProducerMessage
	for i := from; i < to; i++ {
		msgs = append(msgs, &sarama.ProducerMessage{Topic: opts.topic,
			Key: sarama.StringEncoder(fmt.Sprintf("key-%d", i)), Value: sarama.StringEncoder(fmt.Sprintf("%s-%d", label, i))})
	}
	if err := producer.SendMessages(msgs); err != nil {
		return fmt.Errorf("produce %s: %v", label, describeErrors(err))
	}
	return nil
}

// member is one sarama.ConsumerGroup in its own client, consuming until closed.
type member struct {
	name   string
	topic  string
	group  sarama.ConsumerGroup
	cancel context.CancelFunc
	done   chan struct{}

	lock       sync.Mutex
	claims     []int32
	generation int32
	read       int
}

func startMember(opts options, name string) (*member, error) {
	conf := config(opts)
	conf.ClientID = "weir-sarama-groups-" + name
	conf.Consumer.Offsets.Initial = sarama.OffsetOldest
	// Sarama commits with OffsetCommit v1 unless a retention is set (then v2, which Kafka 4 needs).
	conf.Consumer.Offsets.Retention = 24 * time.Hour
	conf.Consumer.Offsets.CommitInterval = 200 * time.Millisecond
	conf.Consumer.Group.Session.Timeout = 6 * time.Second
	conf.Consumer.Group.Heartbeat.Interval = 300 * time.Millisecond
	conf.Consumer.Group.Rebalance.Timeout = 10 * time.Second
	conf.Consumer.Group.Rebalance.Retry.Backoff = 200 * time.Millisecond
	group, err := sarama.NewConsumerGroup([]string{opts.bootstrap}, opts.group, conf)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	m := &member{name: name, topic: opts.topic, group: group, cancel: cancel, done: make(chan struct{})}
	go m.reportErrors()
	go m.consume(ctx)
	return m, nil
}

func (m *member) consume(ctx context.Context) {
	defer close(m.done)
	for ctx.Err() == nil {
		if err := m.group.Consume(ctx, []string{m.topic}, m); err != nil {
			emit("memberError", line{"member": m.name, "error": err.Error()})
			if err == sarama.ErrClosedConsumerGroup {
				return
			}
		}
	}
}

func (m *member) reportErrors() {
	for err := range m.group.Errors() {
		emit("memberError", line{"member": m.name, "error": err.Error()})
	}
}

func (m *member) close() {
	m.cancel()
	<-m.done
	if err := m.group.Close(); err != nil {
		emit("memberError", line{"member": m.name, "error": err.Error()})
	}
}

// Setup implements sarama.ConsumerGroupHandler.
func (m *member) Setup(session sarama.ConsumerGroupSession) error {
	claims := append([]int32(nil), session.Claims()[m.topic]...)
	m.lock.Lock()
	defer m.lock.Unlock()
	m.claims = claims
	m.generation = session.GenerationID()
	emit("assigned", line{"member": m.name, "partitions": claims, "generation": m.generation})
	return nil
}

// Cleanup implements sarama.ConsumerGroupHandler.
func (m *member) Cleanup(session sarama.ConsumerGroupSession) error {
	m.lock.Lock()
	defer m.lock.Unlock()
	m.claims = nil
	return nil
}

// ConsumeClaim implements sarama.ConsumerGroupHandler: prints and marks each record.
func (m *member) ConsumeClaim(session sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		emit("record", line{"member": m.name, "key": string(msg.Key), "value": string(msg.Value),
			"partition": msg.Partition, "offset": msg.Offset, "generation": session.GenerationID()})
		session.MarkMessage(msg, "")
		m.lock.Lock()
		m.read++
		m.lock.Unlock()
	}
	return nil
}

func (m *member) readCount() int {
	m.lock.Lock()
	defer m.lock.Unlock()
	return m.read
}

func (m *member) currentClaims() []int32 {
	_, claims := m.claimsAndGeneration()
	return claims
}

func (m *member) claimsAndGeneration() (int32, []int32) {
	m.lock.Lock()
	defer m.lock.Unlock()
	claims := append([]int32(nil), m.claims...)
	sort.Slice(claims, func(i, j int) bool { return claims[i] < claims[j] })
	return m.generation, claims
}

// describeGroup lists, describes, and reads the offsets of the group with a ClusterAdmin, waiting
// until the committed offsets reach the partitions' ends.
func describeGroup(opts options, summary line) error {
	conf := config(opts)
	ca, err := sarama.NewClusterAdmin([]string{opts.bootstrap}, conf)
	if err != nil {
		return err
	}
	defer ca.Close()
	listed, err := ca.ListConsumerGroups()
	if err != nil {
		return fmt.Errorf("list groups: %v", err)
	}
	summary["listed"] = listed
	described, err := ca.DescribeConsumerGroups([]string{opts.group})
	if err != nil {
		return fmt.Errorf("describe group: %v", err)
	}
	descriptions := []line{}
	for _, g := range described {
		descriptions = append(descriptions, describedGroup(g, opts.topic))
	}
	summary["described"] = descriptions
	return committedOffsets(opts, ca, summary)
}

func describedGroup(g *sarama.GroupDescription, topic string) line {
	members := []line{}
	for id, m := range g.Members {
		assigned := []int32{}
		if assignment, err := m.GetMemberAssignment(); err == nil && assignment != nil {
			assigned = append(assigned, assignment.Topics[topic]...)
		}
		sort.Slice(assigned, func(i, j int) bool { return assigned[i] < assigned[j] })
		members = append(members, line{"memberId": id, "clientId": m.ClientId, "assigned": assigned})
	}
	return line{"group": g.GroupId, "error": int(g.Err), "state": g.State, "protocolType": g.ProtocolType,
		"protocol": g.Protocol, "members": members}
}

func committedOffsets(opts options, ca sarama.ClusterAdmin, summary line) error {
	client, err := sarama.NewClient([]string{opts.bootstrap}, config(opts))
	if err != nil {
		return err
	}
	defer client.Close()
	ends := map[int32]int64{}
	partitions := []int32{0, 1, 2, 3, 4, 5}
	for _, p := range partitions {
		if ends[p], err = client.GetOffset(opts.topic, p, sarama.OffsetNewest); err != nil {
			return err
		}
	}
	summary["endOffsets"] = byName(ends)
	return waitFor("committed offsets at the ends", func() (bool, error) {
		resp, err := ca.ListConsumerGroupOffsets(opts.group, map[string][]int32{opts.topic: partitions})
		if err != nil {
			return false, err
		}
		committed := map[int32]int64{}
		for p, block := range resp.Blocks[opts.topic] {
			committed[p] = block.Offset
		}
		summary["committed"] = byName(committed)
		for p, end := range ends {
			if committed[p] != end {
				return false, nil
			}
		}
		return true, nil
	})
}
