#!/usr/bin/python3
"""confluent-kafka-python 1.7.0 on librdkafka (Debian's python3-confluent-kafka) against a
Kafka-protocol broker.

Usage: confluent_kafka_client.py BOOTSTRAP TOPIC SCENARIO [options]

Scenarios:
  admin         create TOPIC (3 partitions) and TOPIC-doomed, list topics, describe TOPIC's
                configs (with synonyms), delete TOPIC-doomed, list again; ask for TOPIC-auto's
                metadata (which auto-creates it) and wait for it
  produce       send --count keyed records (key-<i % 20>, value-<i>) with acks=all and
                --compression (--idempotent: enable.idempotence=true), flush, and print every
                delivery's partition and offset
  consume       read --count records as a member of --group from the earliest offset, commit,
                close; with --count 0, poll for a while and report whatever arrives
  seek          with assigned partitions: watermark offsets, offsets_for_times, seek
  groups        two members of --group split TOPIC's partitions; one closes and the other gets
                them all, reads to the end, commits; then the admin client lists the groups
  transactions  a transactional producer commits --count records, aborts as many, commits
                --count more; read_committed and read_uncommitted consumers read TOPIC to its end

--partitions N makes the script create TOPIC with N partitions first.
Every result is one JSON object a line on stdout ("kind" names it); the last line is the
scenario's summary. A failure exits 1 with one line on stderr.
"""

import argparse
import time

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, ConfigSource, NewTopic

from script_support import DEADLINE_S, check, emit, fail, wait_until


def admin_client(args):
    return AdminClient({"bootstrap.servers": args.bootstrap, "client.id": "weir-confluent-admin"})


def create_topics(admin, names, partitions):
    futures = admin.create_topics([NewTopic(name, num_partitions=partitions, replication_factor=1)
                                   for name in names], operation_timeout=30)
    for future in futures.values():
        future.result(timeout=DEADLINE_S)
    return {name: 0 for name in names}


def topic_names(admin):
    return set(admin.list_topics(timeout=DEADLINE_S).topics)


def consumer(args, group, **overrides):
    config = {"bootstrap.servers": args.bootstrap, "group.id": group, "client.id": "weir-confluent",
              "auto.offset.reset": "earliest", "enable.auto.commit": False}
    config.update(overrides)
    return Consumer(config)


def decode(data):
    return data.decode() if data is not None else None


def scenario_admin(args):
    admin = admin_client(args)
    doomed = args.topic + "-doomed"
    created = create_topics(admin, [args.topic, doomed], 3)
    wait_until(lambda: {args.topic, doomed} <= topic_names(admin), "the new topics to be listed")
    metadata = admin.list_topics(topic=args.topic, timeout=DEADLINE_S).topics[args.topic]
    check(metadata.error is None, "metadata of %s: %s" % (args.topic, metadata.error))
    resource = ConfigResource("topic", args.topic)
    entries = admin.describe_configs([resource])[resource].result(timeout=DEADLINE_S)
    configs = {key: entries[key].value if key in entries else None
               for key in ("cleanup.policy", "retention.ms", "segment.bytes", "max.message.bytes",
                           "compression.type")}
    synonyms = {key: [[s.name, s.value, ConfigSource(s.source).name]
                      for s in entries[key].synonyms.values()]
                for key in ("cleanup.policy", "retention.ms") if key in entries}
    deleted = {}
    for name, future in admin.delete_topics([doomed], operation_timeout=30).items():
        future.result(timeout=DEADLINE_S)
        deleted[name] = 0
    wait_until(lambda: doomed not in topic_names(admin), "the deleted topic to leave the list")
    listed = sorted(t for t in topic_names(admin) if t.startswith(args.topic))
    auto = auto_create(admin, args.topic + "-auto")
    emit("summary", scenario="admin", created=created, partitions=sorted(metadata.partitions),
         configs=configs, synonyms=synonyms, deleted=deleted, listedAfterDelete=listed, autoCreated=auto)


def auto_create(admin, topic):
    """Asks for a missing topic's metadata, which lets the broker create it; then waits for it."""
    first = admin.list_topics(topic=topic, timeout=DEADLINE_S).topics[topic]
    answer = first.error.name() if first.error is not None else "NO_ERROR"

    def created():
        metadata = admin.list_topics(topic=topic, timeout=DEADLINE_S).topics[topic]
        return metadata.error is None and len(metadata.partitions) > 0

    wait_until(created, "the auto-created topic")
    partitions = len(admin.list_topics(topic=topic, timeout=DEADLINE_S).topics[topic].partitions)
    return {"firstAnswer": answer, "partitions": partitions}


def scenario_produce(args):
    config = {"bootstrap.servers": args.bootstrap, "client.id": "weir-confluent", "acks": "all",
              "compression.type": args.compression, "linger.ms": 5,
              "enable.idempotence": args.idempotent, "message.timeout.ms": 30000}
    producer = Producer(config)
    deliveries = []
    errors = []

    def delivered(error, message):
        if error is not None:
            errors.append(str(error))
        else:
            deliveries.append(message)

    for i in range(args.count):
        producer.produce(args.topic, key="key-%d" % (i % 20), value="value-%d" % i, on_delivery=delivered)
        producer.poll(0)
    remaining = producer.flush(DEADLINE_S)
    check(remaining == 0 and not errors, "%d undelivered, errors %s" % (remaining, errors[:3]))
    for message in deliveries:
        emit("delivery", key=decode(message.key()), value=decode(message.value()),
             partition=message.partition(), offset=message.offset())
    emit("summary", scenario="produce", compression=args.compression, idempotent=args.idempotent,
         delivered=len(deliveries))


def scenario_consume(args):
    member = consumer(args, args.group)
    member.subscribe([args.topic])
    read = 0
    deadline = time.monotonic() + DEADLINE_S
    quiet_until = None
    while time.monotonic() < deadline:
        message = member.poll(0.2)
        if message is not None:
            check(message.error() is None, "poll: %s" % message.error())
            read += 1
            emit("record", partition=message.partition(), offset=message.offset(),
                 key=decode(message.key()), value=decode(message.value()))
        if args.count > 0 and read >= args.count:
            break
        if args.count == 0 and member.assignment():
            quiet_until = quiet_until or time.monotonic() + 3.0
            if time.monotonic() > quiet_until:
                break
    check(read >= args.count, "read %d of %d records before the deadline" % (read, args.count))
    assigned = sorted(member.assignment(), key=lambda tp: tp.partition)
    check(assigned, "the consumer was never assigned a partition")
    if read > 0:
        member.commit(asynchronous=False)
    committed = {str(tp.partition): tp.offset for tp in member.committed(assigned, timeout=DEADLINE_S)}
    ends = {str(tp.partition): member.get_watermark_offsets(tp, timeout=DEADLINE_S)[1] for tp in assigned}
    member.close()
    emit("summary", scenario="consume", read=read, assigned=[tp.partition for tp in assigned],
         committed=committed, endOffsets=ends)


def partitions_of(client, topic):
    metadata = client.list_topics(topic=topic, timeout=DEADLINE_S).topics[topic]
    check(metadata.error is None, "metadata of %s: %s" % (topic, metadata.error))
    return sorted(metadata.partitions)


def scenario_seek(args):
    member = consumer(args, "weir-confluent-seek")
    tps = [TopicPartition(args.topic, p) for p in partitions_of(member, args.topic)]
    watermarks = {tp.partition: member.get_watermark_offsets(tp, timeout=DEADLINE_S) for tp in tps}
    by_time = member.offsets_for_times([TopicPartition(args.topic, tp.partition, 0) for tp in tps],
                                       timeout=DEADLINE_S)
    later_ms = int(time.time() * 1000) + 3_600_000
    future = member.offsets_for_times([TopicPartition(args.topic, tp.partition, later_ms) for tp in tps],
                                      timeout=DEADLINE_S)
    wanted = [tp.partition for tp in tps if watermarks[tp.partition][1] > 0]
    member.assign([TopicPartition(args.topic, p, watermarks[p][0]) for p in wanted])
    for p in wanted:
        wait_until(lambda: seek_to(member, args.topic, p, watermarks[p][1] - 1), "seek in partition %d" % p)
    last = {}
    deadline = time.monotonic() + DEADLINE_S
    while set(last) < set(wanted) and time.monotonic() < deadline:
        message = member.poll(0.2)
        if message is not None and message.error() is None:
            last.setdefault(message.partition(), message)
    check(set(last) >= set(wanted), "seek did not read the last record of every partition")
    member.close()
    emit("summary", scenario="seek",
         beginning={str(p): low for p, (low, high) in watermarks.items()},
         end={str(p): high for p, (low, high) in watermarks.items()},
         byTimeZero={str(tp.partition): tp.offset for tp in by_time},
         byTimeFuture={str(tp.partition): tp.offset for tp in future},
         lastRecord={str(p): {"offset": m.offset(), "key": decode(m.key()), "value": decode(m.value())}
                     for p, m in last.items()})


def seek_to(member, topic, partition, offset):
    """Seeks once the partition is assigned and fetching (librdkafka refuses a seek before)."""
    member.poll(0.05)
    try:
        member.seek(TopicPartition(topic, partition, offset))
        return True
    except KafkaException:
        return False


def end_offsets(args, partitions):
    reader = consumer(args, "weir-confluent-ends")
    ends = {p: reader.get_watermark_offsets(TopicPartition(args.topic, p), timeout=DEADLINE_S)[1]
            for p in partitions}
    reader.close()
    return ends


class Members:
    """Group members polled in turn on this thread; librdkafka runs each group in the background."""

    def __init__(self, args, names):
        self.members = {name: consumer(args, args.group, **{"client.id": "weir-confluent-" + name,
                                                            "session.timeout.ms": 10000,
                                                            "heartbeat.interval.ms": 1000})
                        for name in names}
        self.positions = {name: {} for name in names}
        for member in self.members.values():
            member.subscribe([args.topic])

    def poll(self):
        for name, member in self.members.items():
            message = member.poll(0.05)
            if message is not None:
                check(message.error() is None, "member %s: %s" % (name, message.error()))
                self.positions[name][message.partition()] = message.offset() + 1

    def assigned(self, name):
        return frozenset(tp.partition for tp in self.members[name].assignment())

    def close(self, name, commit):
        member = self.members.pop(name)
        if commit and self.positions[name]:
            member.commit(asynchronous=False)
        member.close()


def scenario_groups(args):
    admin = admin_client(args)
    everything = frozenset(partitions_of(admin, args.topic))
    ends = end_offsets(args, everything)
    members = Members(args, ["a", "b"])

    def polled(condition):
        members.poll()
        return condition()

    def split():
        a, b = members.assigned("a"), members.assigned("b")
        return a and b and not (a & b) and (a | b) == everything

    wait_until(lambda: polled(split), "the two members to split the partitions")
    emit("split", a=sorted(members.assigned("a")), b=sorted(members.assigned("b")))
    members.close("b", commit=True)
    wait_until(lambda: polled(lambda: members.assigned("a") == everything), "member a to get every partition")

    def read_to_end():
        current = members.positions["a"]
        return all(current.get(p, 0) >= ends[p] for p in everything)

    wait_until(lambda: polled(read_to_end), "member a to read to the end")
    a = members.members["a"]
    a.commit(asynchronous=False)
    committed = {str(tp.partition): tp.offset
                 for tp in a.committed([TopicPartition(args.topic, p) for p in sorted(everything)], timeout=DEADLINE_S)}
    emit("alone", a=sorted(members.assigned("a")))
    groups = [g for g in admin.list_groups(timeout=DEADLINE_S) if g.id == args.group]
    check(len(groups) == 1, "list_groups did not name %s once: %s" % (args.group, groups))
    group = groups[0]
    listed_members = [{"clientId": m.client_id} for m in group.members]
    members.close("a", commit=False)
    emit("summary", scenario="groups", state=group.state, protocolType=group.protocol_type,
         protocol=group.protocol, members=listed_members, committed=committed,
         endOffsets={str(p): ends[p] for p in sorted(everything)})


def scenario_transactions(args):
    producer = Producer({"bootstrap.servers": args.bootstrap, "client.id": "weir-confluent-txn",
                         "transactional.id": "weir-confluent-" + args.topic, "message.timeout.ms": 30000})
    producer.init_transactions(DEADLINE_S)
    for label, commit in (("committed-a", True), ("aborted", False), ("committed-b", True)):
        producer.begin_transaction()
        for i in range(args.count):
            producer.produce(args.topic, key="key-%d" % (i % 20), value="%s-%d" % (label, i))
        if commit:
            producer.commit_transaction(DEADLINE_S)
        else:
            producer.flush(DEADLINE_S)
            producer.abort_transaction(DEADLINE_S)
        emit("transaction", label=label, committed=commit)
    read = {}
    for isolation in ("read_committed", "read_uncommitted"):
        read[isolation] = read_to_end(args, isolation)
    emit("summary", scenario="transactions", readCommitted=read["read_committed"],
         readUncommitted=read["read_uncommitted"])


def read_to_end(args, isolation):
    """Values of every record a consumer with this isolation level reads before each partition's end."""
    member = consumer(args, "weir-confluent-" + isolation, **{"isolation.level": isolation,
                                                             "enable.partition.eof": True})
    partitions = partitions_of(member, args.topic)
    member.assign([TopicPartition(args.topic, p, 0) for p in partitions])
    values = []
    at_end = set()
    deadline = time.monotonic() + DEADLINE_S
    while at_end != set(partitions) and time.monotonic() < deadline:
        message = member.poll(0.2)
        if message is None:
            continue
        if message.error() is not None:
            check(message.error().code() == -191, "poll: %s" % message.error())  # _PARTITION_EOF
            at_end.add(message.partition())
        else:
            at_end.discard(message.partition())
            values.append(decode(message.value()))
    check(at_end == set(partitions), "%s did not reach the end of every partition" % isolation)
    member.close()
    return values


SCENARIOS = {"admin": scenario_admin, "produce": scenario_produce, "consume": scenario_consume,
             "seek": scenario_seek, "groups": scenario_groups, "transactions": scenario_transactions}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bootstrap")
    parser.add_argument("topic")
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--compression", default="none", choices=["none", "gzip", "snappy", "lz4", "zstd"])
    parser.add_argument("--idempotent", action="store_true")
    parser.add_argument("--group", default="weir-confluent")
    parser.add_argument("--partitions", type=int, default=0)
    args = parser.parse_args()
    try:
        if args.partitions > 0:
            create_topics(admin_client(args), [args.topic], args.partitions)
        SCENARIOS[args.scenario](args)
    except SystemExit:
        raise
    except Exception as error:
        fail("%s %s: %s" % (args.scenario, type(error).__name__, " ".join(str(error).split())))


if __name__ == "__main__":
    main()
