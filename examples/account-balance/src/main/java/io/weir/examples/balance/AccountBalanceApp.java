package io.weir.examples.balance;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The example's command line:
 *
 * <pre>
 * deposit  ACCOUNT AMOUNT   append a deposit to account-events
 * withdraw ACCOUNT AMOUNT   append a withdrawal (the service refuses it if the balance is short)
 * balance  [ACCOUNT]        print balances as stored in account-balances
 * serve                     run the service until Ctrl-C
 * </pre>
 *
 * The broker is {@code 127.0.0.1:9092} unless the environment variable {@value #BOOTSTRAP_ENV} says
 * otherwise.
 *
 * <p>Thread-safety: {@link #run} is meant for one thread; {@code serve} stops from a shutdown hook.
 */
public final class AccountBalanceApp {
    static final String BOOTSTRAP_ENV = "BOOTSTRAP_SERVERS";
    private static final String USAGE = "usage: deposit ACCOUNT AMOUNT | withdraw ACCOUNT AMOUNT | balance [ACCOUNT] | serve";

    private AccountBalanceApp() {}

    /** Runs one command against the broker named by {@value #BOOTSTRAP_ENV} and exits with its status. */
    public static void main(String[] args) throws Exception {
        String bootstrapServers = Optional.ofNullable(System.getenv(BOOTSTRAP_ENV)).orElse("127.0.0.1:9092");
        System.exit(run(bootstrapServers, args, System.out));
    }

    /** Runs one command; returns the exit status (0 done, 2 bad arguments). */
    static int run(String bootstrapServers, String[] args, PrintStream out) throws Exception {
        String command = args.length == 0 ? "" : args[0];
        switch (command) {
            case "deposit", "withdraw" -> {
                if (args.length != 3) {
                    break;
                }
                var event = AccountEvent.parse(args[1], command + " " + args[2]);
                if (event.isEmpty()) {
                    break;
                }
                send(bootstrapServers, event.get(), out);
                return 0;
            }
            case "balance" -> {
                Topics.ensure(bootstrapServers);
                printBalances(BalanceTopic.readAll(bootstrapServers), args.length > 1 ? args[1] : "", out);
                return 0;
            }
            case "serve" -> {
                serve(bootstrapServers, out);
                return 0;
            }
            default -> {}
        }
        out.println(USAGE);
        return 2;
    }

    private static void send(String bootstrapServers, AccountEvent event, PrintStream out) throws Exception {
        Topics.ensure(bootstrapServers);
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // acks=all and idempotence are the client's defaults: a retried send is stored once.
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            RecordMetadata stored =
                    producer.send(new ProducerRecord<>(Topics.EVENTS, event.account(), event.value())).get();
            out.println("sent " + event.value() + " for " + event.account() + " to " + stored.topic() + "-"
                    + stored.partition() + " at offset " + stored.offset());
        }
    }

    private static void printBalances(Map<String, Balance> balances, String account, PrintStream out) {
        if (!account.isEmpty()) {
            out.println(account + ": " + balances.getOrDefault(account, Balance.NONE).amount());
            return;
        }
        new TreeMap<>(balances).forEach((name, balance) -> out.println(name + ": " + balance.amount()));
    }

    private static void serve(String bootstrapServers, PrintStream out) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        try (BalanceService service = BalanceService.start(bootstrapServers)) {
            out.println("rebuilt " + service.balances().size() + " balances from " + Topics.BALANCES + "; serving");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                service.wakeup();
                awaitQuietly(stopped);
            }));
            while (true) {
                service.pollOnce(Duration.ofSeconds(1), out::println);
            }
        } catch (WakeupException e) {
            out.println("stopped");
        } finally {
            stopped.countDown();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
