// Drives a Weir node with kafkajs 2.2.4: creates a topic with the admin client, produces keyed
// messages uncompressed, GZIP-compressed and from an idempotent producer, fetches the topic's offsets
// (latest and by time), describes a topic config, grows the topic to 4 partitions, and prints one
// JSON summary line on stdout. Usage: node kafkajs-smoke.js <host:port> <topic> <messagesPerBatch>
'use strict';

const { Kafka, CompressionTypes, ConfigResourceTypes, logLevel } = require('kafkajs');

async function main() {
  const [broker, topic, perBatchText] = process.argv.slice(2);
  const perBatch = Number(perBatchText);
  const kafka = new Kafka({
    clientId: 'weir-kafkajs-smoke',
    brokers: [broker],
    logLevel: logLevel.ERROR,
    retry: { retries: 5 },
  });
  const admin = kafka.admin();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const idempotent = kafka.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
  await admin.connect();
  await producer.connect();
  await idempotent.connect();
  try {
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    const listed = (await admin.listTopics()).includes(topic);
    const plain = await send(producer, topic, 'plain', perBatch, CompressionTypes.None);
    const gzip = await send(producer, topic, 'gzip', perBatch, CompressionTypes.GZIP);
    const exactlyOnce = await send(idempotent, topic, 'idempotent', perBatch, CompressionTypes.None);
    const offsets = (await admin.fetchTopicOffsets(topic))
      .map(({ partition, low, high }) => ({ partition, low: Number(low), high: Number(high) }))
      .sort((a, b) => a.partition - b.partition);
    const byTime = (await admin.fetchTopicOffsetsByTimestamp(topic, Date.now() - 60000))
      .map(({ partition, offset }) => ({ partition, offset: Number(offset) }))
      .sort((a, b) => a.partition - b.partition);
    const described = await admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
      includeSynonyms: false,
    });
    const retentionMs = described.resources[0].configEntries[0].configValue;
    await admin.createPartitions({ topicPartitions: [{ topic, count: 4 }] });
    const grown = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions.length;
    console.log(JSON.stringify({
      created, listed, produced: plain.concat(gzip, exactlyOnce), offsets, byTime, retentionMs, grown,
    }));
  } finally {
    await idempotent.disconnect();
    await producer.disconnect();
    await admin.disconnect();
  }
}

// One send call: keys key-0..key-9, values "<label>-<i>"; returns each partition's base offset.
async function send(producer, topic, label, count, compression) {
  const messages = [];
  for (let i = 0; i < count; i++) {
    messages.push({ key: `key-${i % 10}`, value: `${label}-${i}`, headers: { source: 'kafkajs' } });
  }
  const results = await producer.send({ topic, acks: -1, compression, messages });
  return results.map((r) => ({ label, partition: r.partition, errorCode: r.errorCode, baseOffset: Number(r.baseOffset) }));
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : error);
  process.exit(1);
});
