package main

import (
	"time"

	"github.com/Shopify/sarama"
)

func wireGroups(client sarama.Client, topic, group string) {
	coordinator, err := client.Coordinator(group)
	if err != nil {
		probe("coordinator")(nil, err)
		return
	}
	if err := awaitCoordinators(coordinator, group); err != nil {
		probe("coordinator")(nil, err)
		return
	}
	resp, err := coordinator.GetConsumerMetadata(&sarama.ConsumerMetadataRequest{ConsumerGroup: group})
	if resp != nil {
		probe("findCoordinator-v0")(line{"error": resp.Err, "id": resp.CoordinatorID}, err)
	}
	fetch := &sarama.OffsetFetchRequest{Version: 1, ConsumerGroup: group}
	fetch.AddPartition(topic, 0)
	fetch.AddPartition(topic, 1)
	fetch.AddPartition("no-such-topic", 0)
	probe("offsetFetch-v1-before")(offsetFetchView(coordinator.FetchOffset(fetch)))

	commit := &sarama.OffsetCommitRequest{Version: 2, ConsumerGroup: group, ConsumerGroupGeneration: -1,
		RetentionTime: -1}
	commit.AddBlock(topic, 0, 5, 0, "meta-5")
	probe("offsetCommit-v2-simple")(offsetCommitView(coordinator.CommitOffset(commit)))
	commit = &sarama.OffsetCommitRequest{Version: 2, ConsumerGroup: group, ConsumerGroupGeneration: 7,
		ConsumerID: "ghost", RetentionTime: -1}
	commit.AddBlock(topic, 0, 6, 0, "ghost")
	probe("offsetCommit-v2-ghost-member")(offsetCommitView(coordinator.CommitOffset(commit)))
	commit = &sarama.OffsetCommitRequest{Version: 1, ConsumerGroup: group, ConsumerGroupGeneration: -1}
	commit.AddBlock(topic, 0, 6, sarama.ReceiveTime, "v1")
	probe("offsetCommit-v1")(offsetCommitView(coordinator.CommitOffset(commit)))
	reopen(client, coordinator)
	probe("offsetFetch-v1-after")(offsetFetchView(coordinator.FetchOffset(fetch)))

	wireMembership(coordinator, group+"-members")
	describe, err := coordinator.DescribeGroups(&sarama.DescribeGroupsRequest{Groups: []string{group, group + "-members", "no-such-group"}})
	if describe != nil {
		views := []line{}
		for _, g := range describe.Groups {
			views = append(views, line{"group": g.GroupId, "error": g.Err, "state": g.State,
				"protocolType": g.ProtocolType, "protocol": g.Protocol, "members": len(g.Members)})
		}
		probe("describeGroups-v0")(views, err)
	}
	list, err := coordinator.ListGroups(&sarama.ListGroupsRequest{})
	probe("listGroups-v0")(list, err)
}

// wireMembership joins, syncs, heartbeats and leaves a group by hand, with the wrong requests too.
func wireMembership(coordinator *sarama.Broker, group string) {
	join := func(sessionMs int32, memberID string) (*sarama.JoinGroupResponse, error) {
		req := &sarama.JoinGroupRequest{Version: 1, GroupId: group, SessionTimeout: sessionMs, RebalanceTimeout: 10000,
			MemberId: memberID, ProtocolType: "consumer"}
		if err := req.AddGroupProtocolMetadata("range", &sarama.ConsumerGroupMemberMetadata{Topics: []string{"t"}}); err != nil {
			return nil, err
		}
		return coordinator.JoinGroup(req)
	}
	joinView := func(r *sarama.JoinGroupResponse, err error) (interface{}, error) {
		if r == nil {
			return nil, err
		}
		return line{"error": r.Err, "generation": r.GenerationId, "protocol": r.GroupProtocol,
			"isLeader": r.LeaderId == r.MemberId && r.MemberId != "", "members": len(r.Members), "memberIdSet": r.MemberId != ""}, err
	}
	probe("joinGroup-v1-short-session")(joinView(join(1000, "")))
	probe("joinGroup-v1-unknown-member")(joinView(join(10000, "ghost")))
	joined, err := join(10000, "")
	probe("joinGroup-v1")(joinView(joined, err))
	if joined == nil || joined.Err != sarama.ErrNoError {
		return
	}
	member, generation := joined.MemberId, joined.GenerationId
	sync := &sarama.SyncGroupRequest{GroupId: group, GenerationId: generation, MemberId: member}
	_ = sync.AddGroupAssignmentMember(member, &sarama.ConsumerGroupMemberAssignment{Topics: map[string][]int32{"t": {0}}})
	synced, err := coordinator.SyncGroup(sync)
	if synced != nil {
		assignment, _ := synced.GetMemberAssignment()
		probe("syncGroup-v0")(line{"error": synced.Err, "assignment": assignment}, err)
	}
	wrongSync := &sarama.SyncGroupRequest{GroupId: group, GenerationId: generation + 1, MemberId: member}
	probe("syncGroup-v0-wrong-generation")(errorOf(coordinator.SyncGroup(wrongSync)))
	heartbeat := func(generation int32, member string) (interface{}, error) {
		resp, err := coordinator.Heartbeat(&sarama.HeartbeatRequest{GroupId: group, GenerationId: generation, MemberId: member})
		if resp == nil {
			return nil, err
		}
		return resp.Err, err
	}
	probe("heartbeat-v0")(heartbeat(generation, member))
	probe("heartbeat-v0-wrong-generation")(heartbeat(generation+1, member))
	probe("heartbeat-v0-unknown-member")(heartbeat(generation, "ghost"))
	probe("heartbeat-v0-unknown-group")(func() (interface{}, error) {
		resp, err := coordinator.Heartbeat(&sarama.HeartbeatRequest{GroupId: "no-such-group", GenerationId: 1, MemberId: "m"})
		if resp == nil {
			return nil, err
		}
		return resp.Err, err
	}())
	leave := func(member string) (interface{}, error) {
		resp, err := coordinator.LeaveGroup(&sarama.LeaveGroupRequest{GroupId: group, MemberId: member})
		if resp == nil {
			return nil, err
		}
		return resp.Err, err
	}
	probe("leaveGroup-v0")(leave(member))
	probe("leaveGroup-v0-again")(leave(member))
}

func errorOf(resp *sarama.SyncGroupResponse, err error) (interface{}, error) {
	if resp == nil {
		return nil, err
	}
	return resp.Err, err
}

func offsetFetchView(resp *sarama.OffsetFetchResponse, err error) (interface{}, error) {
	if resp == nil {
		return nil, err
	}
	return line{"error": resp.Err, "blocks": resp.Blocks}, err
}

func offsetCommitView(resp *sarama.OffsetCommitResponse, err error) (interface{}, error) {
	if resp == nil {
		return nil, err
	}
	return resp.Errors, err
}

// reopen connects the broker again after a request that the broker may have answered by closing
// the connection.
func reopen(client sarama.Client, b *sarama.Broker) {
	_ = b.Close()
	if err := b.Open(client.Config()); err != nil {
		probe("reopen")(nil, err)
	}
}

// awaitCoordinators waits until the broker's group coordinator answers an OffsetFetch for the
// group and its transaction coordinator an InitProducerId without error: on a new cluster the
// first requests create and load the internal topics.
func awaitCoordinators(coordinator *sarama.Broker, group string) error {
	return waitFor("group and transaction coordinators", func() (bool, error) {
		fetch := &sarama.OffsetFetchRequest{Version: 1, ConsumerGroup: group}
		fetch.AddPartition("no-such-topic", 0)
		resp, err := coordinator.FetchOffset(fetch)
		if err != nil {
			return false, err
		}
		if block := resp.GetBlock("no-such-topic", 0); resp.Err != sarama.ErrNoError || block == nil || block.Err != sarama.ErrNoError {
			return false, nil
		}
		producerID, err := coordinator.InitProducerID(&sarama.InitProducerIDRequest{TransactionTimeout: time.Minute})
		if err != nil {
			return false, err
		}
		return producerID.Err == sarama.ErrNoError, nil
	})
}
