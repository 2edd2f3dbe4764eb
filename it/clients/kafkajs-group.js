// A kafkajs 2.2.4 consumer group member: joins <group>, reads <topic> from the earliest offset
// until it has seen <count> messages, commits, leaves, and prints one JSON line on stdout with
// what it read. Usage: node kafkajs-group.js <host:port> <topic> <group> <count>
'use strict';

const { Kafka, logLevel } = require('kafkajs');

async function main() {
  const [broker, topic, groupId, countText] = process.argv.slice(2);
  const wanted = Number(countText);
  const kafka = new Kafka({ clientId: 'weir-kafkajs-group', brokers: [broker], logLevel: logLevel.ERROR });
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 1000 });
  const seen = [];
  const partitions = new Set();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let finish;
  const done = new Promise((resolve) => { finish = resolve; });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      partitions.add(partition);
      seen.push(message.value.toString());
      if (seen.length >= wanted) {
        finish();
      }
    },
  });
  const timer = setTimeout(finish, 60000);
  await done;
  clearTimeout(timer);
  await consumer.disconnect();
  console.log(JSON.stringify({ count: seen.length, distinct: new Set(seen).size, partitions: [...partitions].sort() }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
