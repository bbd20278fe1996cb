package io.tributary.console.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.CompactedTopic;
import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import io.tributary.model.SubscriptionValidator;
import io.tributary.model.WebhookConfig;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A tenant's webhook subscriptions, on the subscriptions topic (the one truth the router follows), under the rules
 * of the router's admin API: the tenant is always the caller's, a subscription of another tenant does not exist for
 * it, every change is validated by the model's {@link SubscriptionValidator}, and a name is unique within the
 * tenant. Secrets are generated here ({@code whsec_} and 32 random bytes) and returned only by the call that made
 * them. Thread-safe: reads and writes are serialized.
 */
final class PortalSubscriptions implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A subscription as it was written, and the signing secret made for it (only on create and rotate). */
    record Saved(Subscription subscription, String newSecret) {
    }

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final CompactedTopic topic;
    /** The topic as read so far, and the consumer that reads on from where it stopped; guarded by {@code this}. */
    private final Map<String, String> values = new HashMap<>();
    private KafkaConsumer<String, String> reader;
    private boolean created;

    PortalSubscriptions(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = new CompactedTopic(bootstrapServers, topic);
    }

    /**
     * The topic as it is now: read on from where the last read stopped up to the current end (the first read and a
     * new partition from the beginning), so that each page costs one round trip, not a new consumer.
     */
    private synchronized Map<String, String> current() {
        if (reader == null) {
            reader = new KafkaConsumer<>(CompactedTopic.readerProperties(bootstrapServers), new StringDeserializer(),
                    new StringDeserializer());
        }
        List<TopicPartition> partitions = reader.partitionsFor(topic.name(), READ_TIMEOUT).stream()
                .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
        if (partitions.isEmpty()) {
            return Map.of();
        }
        if (!reader.assignment().containsAll(partitions)) {
            List<TopicPartition> added = partitions.stream().filter(p -> !reader.assignment().contains(p)).toList();
            reader.assign(partitions);
            reader.seekToBeginning(added);
        }
        Map<TopicPartition, Long> end = reader.endOffsets(partitions, READ_TIMEOUT);
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (partitions.stream().anyMatch(p -> reader.position(p) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + topic.name() + " to its end within "
                        + READ_TIMEOUT.toSeconds() + " s");
            }
            for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(100))) {
                if (record.value() == null) {
                    values.remove(record.key());
                } else {
                    values.put(record.key(), record.value());
                }
            }
        }
        return new HashMap<>(values);
    }

    /** The tenant's webhook subscriptions, by name. */
    List<Subscription> list(String tenant) {
        List<Subscription> mine = new ArrayList<>();
        for (Map.Entry<String, String> entry : current().entrySet()) {
            Subscription s = parse(entry.getValue());
            if (s != null && tenant.equals(s.tenant()) && "WEBHOOK".equals(s.type())) {
                mine.add(s);
            }
        }
        mine.sort(Comparator.comparing(Subscription::name).thenComparing(Subscription::id));
        return mine;
    }

    /** The tenant's webhook subscription {@code id}; empty when there is none or it is another tenant's. */
    Optional<Subscription> get(String tenant, String id) {
        if (id == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(current().get(id)).map(PortalSubscriptions::parse)
                .filter(s -> tenant.equals(s.tenant()) && "WEBHOOK".equals(s.type()));
    }

    /**
     * Creates ({@code id == null}) or changes the tenant's webhook subscription from the portal's form.
     *
     * @throws InvalidInputException with every problem, each on its field ({@code name}, {@code config.url},
     *                               {@code eventType}, {@code table}, {@code filter})
     * @throws java.util.NoSuchElementException when {@code id} is not one of the tenant's subscriptions
     */
    synchronized Saved save(String tenant, String id, Form form) {
        ObjectNode json;
        String secret = null;
        if (id == null) {
            json = Json.mapper().createObjectNode();
            json.put("id", "sub_" + HexFormat.of().formatHex(bytes(10)));
            json.put("type", "WEBHOOK");
            secret = newSecret();
            json.putObject("config").put("secret", secret);
        } else {
            Subscription current = get(tenant, id).orElseThrow();
            json = current.toJson();
            json.remove(List.of("table", "eventType", "operations", "filter"));
            json.set("config", current.config().deepCopy());
        }
        json.put("tenant", tenant);
        List<FieldError> errors = new ArrayList<>();
        json.put("name", form.name() == null ? "" : form.name().strip());
        ((ObjectNode) json.get("config")).put("url", form.url() == null ? "" : form.url().strip());
        if (!blank(form.eventType())) {
            json.put("eventType", form.eventType().strip());
        }
        if (!blank(form.table())) {
            json.put("table", form.table().strip());
        }
        if (!blank(form.filter())) {
            try {
                json.set("filter", Json.mapper().readTree(form.filter()));
            } catch (Exception e) {
                errors.add(new FieldError("filter", "is not JSON: " + e.getMessage().split("\n")[0]));
            }
        }
        errors.addAll(SubscriptionValidator.validate(json, true));
        String name = json.get("name").asText();
        String ownId = json.get("id").asText();
        if (errors.stream().noneMatch(e -> e.path().equals("name")) && list(tenant).stream()
                .anyMatch(other -> !other.id().equals(ownId) && other.name().equals(name))) {
            errors.add(new FieldError("name", "another of your endpoints is named " + name));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("invalid endpoint", errors);
        }
        return new Saved(write(Subscription.fromJson(json)), secret);
    }

    /** Pauses or resumes the tenant's subscription; empty when it is not the tenant's. */
    synchronized Optional<Subscription> setActive(String tenant, String id, boolean active) {
        return get(tenant, id).map(s -> write(s.withActive(active)));
    }

    /**
     * Rotates the signing secret as Standard Webhooks does: a new secret is added beside the current one, so the
     * receiver can accept both while it switches; secrets older than the current one are retired. Empty when the
     * subscription is not the tenant's.
     */
    synchronized Optional<Saved> rotate(String tenant, String id) {
        Optional<Subscription> found = get(tenant, id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Subscription current = found.get();
        List<String> secrets = WebhookConfig.of(current.config()).secrets();
        String secret = newSecret();
        ObjectNode json = current.toJson();
        ObjectNode config = current.config().deepCopy();
        ArrayNode list = config.putArray("secret");
        if (!secrets.isEmpty()) {
            list.add(secrets.get(secrets.size() - 1));
        }
        list.add(secret);
        json.set("config", config);
        return Optional.of(new Saved(write(Subscription.fromJson(json)), secret));
    }

    /** The subscription's secrets as the portal shows them: masked, newest last. */
    static List<String> maskedSecrets(Subscription subscription) {
        JsonNode secret = subscription.toRedactedJson().path("config").path("secret");
        List<String> masked = new ArrayList<>();
        if (secret.isArray()) {
            secret.forEach(s -> masked.add(s.asText()));
        } else if (secret.isTextual()) {
            masked.add(secret.asText());
        }
        return masked;
    }

    private Subscription write(Subscription subscription) {
        if (!created) {
            topic.createIfMissing();
            created = true;
        }
        topic.put(subscription.id(), Json.write(subscription.toJson()));
        return subscription;
    }

    private static Subscription parse(String value) {
        try {
            return Subscription.fromJson(Json.parse(value));
        } catch (RuntimeException unusable) {
            return null;
        }
    }

    static String newSecret() {
        return "whsec_" + Base64.getEncoder().encodeToString(bytes(32));
    }

    private static byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /** What the portal's endpoint form sends. */
    record Form(String name, String url, String eventType, String table, String filter) {

        static Form of(Subscription s) {
            return new Form(s.name(), s.config().path("url").asText(""), Objects.toString(s.eventType(), ""),
                    Objects.toString(s.table(), ""), s.filter() == null ? "" : Json.write(s.filter()));
        }
    }

    @Override
    public synchronized void close() {
        if (reader != null) {
            reader.close(Duration.ofSeconds(5));
        }
        topic.close();
    }
}
