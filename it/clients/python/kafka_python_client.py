#!/usr/bin/python3
"""kafka-python 2.0.2 (Debian's python3-kafka) against a Kafka-protocol broker.

Usage: kafka_python_client.py BOOTSTRAP TOPIC SCENARIO [options]

Scenarios:
  admin    create TOPIC (3 partitions) and TOPIC-doomed, list topics, describe TOPIC's configs,
           delete TOPIC-doomed, list again
  produce  send --count keyed records (key-<i % 20>, value-<i>) with acks=all and --compression,
           flush, and print every delivery's partition and offset
  consume  read --count records as a member of --group from the earliest offset, commit, close;
           with --count 0, poll for a while and report whatever arrives (nothing, after a commit)
  seek     with assigned partitions: beginning and end offsets, offsets_for_times, seek
  groups   two members of --group split TOPIC's partitions; one closes and the other gets them
           all, reads to the end, commits; then the admin client lists, describes and reads the
           group's offsets

--partitions N makes the script create TOPIC with N partitions first.
Every result is one JSON object a line on stdout ("kind" names it); the last line is the
scenario's summary. A failure exits 1 with one line on stderr.
"""

import argparse
import threading
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, NewTopic

from script_support import DEADLINE_S, check, emit, fail, wait_until


def admin_client(args):
    return KafkaAdminClient(bootstrap_servers=args.bootstrap, client_id="weir-kafka-python-admin",
                            request_timeout_ms=30000)


def create_topics(admin, names, partitions):
    response = admin.create_topics([NewTopic(name, partitions, 1) for name in names], timeout_ms=30000)
    errors = {entry[0]: entry[1] for entry in response.topic_errors}
    check(all(code == 0 for code in errors.values()), "create_topics answered " + str(response))
    return errors


def consumer(args, group, **overrides):
    config = dict(bootstrap_servers=args.bootstrap, group_id=group, client_id="weir-kafka-python",
                  auto_offset_reset="earliest", enable_auto_commit=False,
                  key_deserializer=bytes.decode, value_deserializer=bytes.decode)
    config.update(overrides)
    return KafkaConsumer(**config)


def scenario_admin(args):
    admin = admin_client(args)
    doomed = args.topic + "-doomed"
    created = create_topics(admin, [args.topic, doomed], 3)
    wait_until(lambda: {args.topic, doomed} <= set(admin.list_topics()), "the new topics to be listed")
    described = admin.describe_topics([args.topic])
    partitions = sorted(p["partition"] for p in described[0]["partitions"])
    configs = describe_topic_configs(admin, args.topic)
    response = admin.delete_topics([doomed], timeout_ms=30000)
    delete_errors = {name: code for name, code in response.topic_error_codes}
    wait_until(lambda: doomed not in set(admin.list_topics()), "the deleted topic to leave the list")
    listed = sorted(t for t in admin.list_topics() if t.startswith(args.topic))
    admin.close()
    emit("summary", scenario="admin", created=created, partitions=partitions, configs=configs,
         deleted=delete_errors, listedAfterDelete=listed)


def describe_topic_configs(admin, topic):
    responses = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
    configs = {}
    for response in responses:
        for error_code, error_message, _type, name, entries in response.resources:
            check(error_code == 0, "describe_configs of %s: %s %s" % (name, error_code, error_message))
            for entry in entries:
                configs[entry[0]] = entry[1]
    check(configs, "describe_configs returned no config entries")
    return {key: configs.get(key) for key in ("cleanup.policy", "retention.ms", "segment.bytes",
                                               "max.message.bytes", "compression.type")}


def scenario_produce(args):
    compression = None if args.compression == "none" else args.compression
    producer = KafkaProducer(bootstrap_servers=args.bootstrap, client_id="weir-kafka-python",
                             acks="all", compression_type=compression, linger_ms=5,
                             key_serializer=str.encode, value_serializer=str.encode)
    futures = []
    for i in range(args.count):
        key, value = "key-%d" % (i % 20), "value-%d" % i
        futures.append((key, value, producer.send(args.topic, key=key, value=value)))
    producer.flush(timeout=DEADLINE_S)
    for key, value, future in futures:
        metadata = future.get(timeout=DEADLINE_S)
        emit("delivery", key=key, value=value, partition=metadata.partition, offset=metadata.offset)
    producer.close(timeout=10)
    emit("summary", scenario="produce", compression=args.compression, delivered=len(futures))


def scenario_consume(args):
    member = consumer(args, args.group)
    member.subscribe([args.topic])
    read = 0
    deadline = time.monotonic() + DEADLINE_S
    quiet_until = None
    while time.monotonic() < deadline:
        batches = member.poll(timeout_ms=200)
        for records in batches.values():
            for record in records:
                read += 1
                emit("record", partition=record.partition, offset=record.offset, key=record.key,
                     value=record.value)
        if args.count > 0 and read >= args.count:
            break
        if args.count == 0 and member.assignment():
            quiet_until = quiet_until or time.monotonic() + 3.0
            if time.monotonic() > quiet_until:
                break
    check(read >= args.count, "read %d of %d records before the deadline" % (read, args.count))
    assigned = sorted(member.assignment())
    check(assigned, "the consumer was never assigned a partition")
    member.commit()
    committed = {str(tp.partition): member.committed(tp) for tp in assigned}
    ends = {str(tp.partition): offset for tp, offset in member.end_offsets(assigned).items()}
    member.close()
    emit("summary", scenario="consume", read=read, assigned=[tp.partition for tp in assigned],
         committed=committed, endOffsets=ends)


def scenario_seek(args):
    member = consumer(args, None)
    partitions = sorted(member.partitions_for_topic(args.topic) or [])
    check(partitions, "no partitions known for " + args.topic)
    tps = [TopicPartition(args.topic, p) for p in partitions]
    member.assign(tps)
    beginning = member.beginning_offsets(tps)
    ends = member.end_offsets(tps)
    by_time = member.offsets_for_times({tp: 0 for tp in tps})
    future = member.offsets_for_times({tp: int(time.time() * 1000) + 3_600_000 for tp in tps})
    last = {}
    for tp in tps:
        if ends[tp] > 0:
            member.seek(tp, ends[tp] - 1)
        else:
            member.pause(tp)
    deadline = time.monotonic() + DEADLINE_S
    wanted = {tp for tp in tps if ends[tp] > 0}
    while set(last) < wanted and time.monotonic() < deadline:
        for tp, records in member.poll(timeout_ms=200).items():
            last.setdefault(tp, records[0])
    check(set(last) >= wanted, "seek did not read the last record of every partition")
    member.close()
    emit("summary", scenario="seek",
         beginning={str(tp.partition): beginning[tp] for tp in tps},
         end={str(tp.partition): ends[tp] for tp in tps},
         byTimeZero={str(tp.partition): by_time[tp].offset if by_time[tp] else None for tp in tps},
         byTimeFuture={str(tp.partition): future[tp].offset if future[tp] else None for tp in tps},
         lastRecord={str(tp.partition): {"offset": r.offset, "key": r.key, "value": r.value}
                     for tp, r in last.items()})


class Member(threading.Thread):
    """One group member polling on its own thread; publishes its assignment and positions."""

    def __init__(self, args, name):
        super().__init__(name=name, daemon=True)
        self.args = args
        self.lock = threading.Lock()
        self.assigned = frozenset()
        self.read = 0
        self.positions = {}
        self.closing = threading.Event()
        self.commit_requested = threading.Event()
        self.committed = threading.Event()
        self.closed = threading.Event()
        self.error = None

    def run(self):
        try:
            member = consumer(self.args, self.args.group, client_id="weir-kafka-python-" + self.name,
                              session_timeout_ms=10000, heartbeat_interval_ms=1000)
            member.subscribe([self.args.topic])
            while not self.closing.is_set():
                batches = member.poll(timeout_ms=100)
                with self.lock:
                    self.read += sum(len(records) for records in batches.values())
                    self.assigned = frozenset(tp.partition for tp in member.assignment())
                    self.positions = {tp.partition: member.position(tp) for tp in member.assignment()}
                if self.commit_requested.is_set() and not self.committed.is_set():
                    member.commit()
                    self.committed.set()
            member.commit()
            member.close()
        except Exception as error:  # reported by the main thread
            self.error = repr(error)
        finally:
            self.closed.set()

    def snapshot(self):
        check(self.error is None, "member %s failed: %s" % (self.name, self.error))
        with self.lock:
            return self.assigned, dict(self.positions)


def scenario_groups(args):
    admin = admin_client(args)
    partitions = sorted(admin.describe_topics([args.topic])[0]["partitions"], key=lambda p: p["partition"])
    everything = frozenset(p["partition"] for p in partitions)
    check(everything, "no partitions known for " + args.topic)
    members = [Member(args, "a"), Member(args, "b")]
    for member in members:
        member.start()

    def split():
        a, b = members[0].snapshot()[0], members[1].snapshot()[0]
        return a and b and not (a & b) and (a | b) == everything

    wait_until(split, "the two members to split the partitions")
    emit("split", a=sorted(members[0].snapshot()[0]), b=sorted(members[1].snapshot()[0]))
    members[1].closing.set()
    wait_until(members[1].closed.is_set, "member b to close")
    wait_until(lambda: members[0].snapshot()[0] == everything, "member a to get every partition")
    ends = end_offsets(args, everything)
    wait_until(lambda: members[0].snapshot()[1] == ends, "member a to read to the end")
    members[0].commit_requested.set()
    wait_until(members[0].committed.is_set, "member a to commit")
    emit("alone", a=sorted(members[0].snapshot()[0]), positions=stringify(members[0].snapshot()[1]))
    describe_group(admin, args.group, ends)
    members[0].closing.set()
    wait_until(members[0].closed.is_set, "member a to close")
    admin.close()
    check(all(m.error is None for m in members), "a member failed: %s" % [m.error for m in members])


def end_offsets(args, partitions):
    reader = consumer(args, None)
    tps = [TopicPartition(args.topic, p) for p in sorted(partitions)]
    ends = {tp.partition: offset for tp, offset in reader.end_offsets(tps).items()}
    reader.close()
    return ends


def describe_group(admin, group, ends):
    listed = sorted([name, protocol_type] for name, protocol_type in admin.list_consumer_groups())
    description = admin.describe_consumer_groups([group])[0]
    members = [{"clientId": m.client_id,
                "assigned": sorted(tp.partition for tp in m.member_assignment.partitions())}
               for m in description.members]
    offsets = admin.list_consumer_group_offsets(group)
    emit("summary", scenario="groups", listed=listed, state=description.state,
         protocolType=description.protocol_type, protocol=description.protocol, members=members,
         committed={str(tp.partition): meta.offset for tp, meta in sorted(offsets.items())},
         endOffsets=stringify(ends))


def stringify(offsets):
    return {str(partition): offset for partition, offset in sorted(offsets.items())}


SCENARIOS = {"admin": scenario_admin, "produce": scenario_produce, "consume": scenario_consume,
             "seek": scenario_seek, "groups": scenario_groups}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bootstrap")
    parser.add_argument("topic")
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--compression", default="none", choices=["none", "gzip", "snappy", "lz4", "zstd"])
    parser.add_argument("--group", default="weir-kafka-python")
    parser.add_argument("--partitions", type=int, default=0)
    args = parser.parse_args()
    try:
        if args.partitions > 0:
            admin = admin_client(args)
            create_topics(admin, [args.topic], args.partitions)
            admin.close()
        SCENARIOS[args.scenario](args)
    except SystemExit:
        raise
    except Exception as error:
        fail("%s %s: %s" % (args.scenario, type(error).__name__, " ".join(str(error).split())))


if __name__ == "__main__":
    main()
