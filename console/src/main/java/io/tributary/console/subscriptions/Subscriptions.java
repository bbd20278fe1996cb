package io.tributary.console.subscriptions;

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
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The subscriptions on the compacted subscriptions topic (the one truth the router follows), read and written under
 * the rules of the router's admin API ({@code /v1/subscriptions}, which a script calls for the same changes): every
 * change is validated by the model's {@link SubscriptionValidator}, a name is unique within its tenant, a new
 * subscription gets a {@code sub_} id, and a new webhook a signing secret ({@code whsec_} and 32 random bytes) that
 * only the call that made it returns. The tenant portal uses the tenant-scoped methods ({@link #webhooks},
 * {@link #webhook}, {@link #saveWebhook}, {@link #setActive(String, String, boolean)}, {@link #rotate}), for which a
 * subscription of another tenant, or one that is not a webhook, does not exist; the operator console uses the
 * all-tenant ones ({@link #all}, {@link #get}, {@link #create}, {@link #update}, {@link #setActive(String, boolean)}).
 * Thread-safe: reads and writes are serialized.
 */
public final class Subscriptions implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long a page waits for the subscriptions topic before it says the topic cannot be read. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /** A subscription as it was written, and the signing secret made for it (only on create and rotate). */
    public record Saved(Subscription subscription, String newSecret) {
    }

    private final String bootstrapServers;
    private final CompactedTopic topic;
    /** The topic as read so far, and the consumer that reads on from where it stopped; guarded by {@code this}. */
    private final Map<String, String> values = new HashMap<>();
    private KafkaConsumer<String, String> reader;
    private boolean created;

    public Subscriptions(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = new CompactedTopic(bootstrapServers, topic);
    }

    /**
     * The topic as it is now: read on from where the last read stopped up to the current end (the first read and a
     * new partition from the beginning), so that each page costs one round trip, not a new consumer.
     */
    /** The subscriptions topic could not be read or written: Kafka is unreachable or too slow. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private synchronized Map<String, String> current() {
        try {
            return readOn();
        } catch (org.apache.kafka.common.KafkaException | IllegalStateException e) {
            // A reader in an unknown state is replaced on the next read.
            if (reader != null) {
                reader.close(Duration.ZERO);
                reader = null;
            }
            values.clear();
            throw new Unavailable("the subscriptions topic " + topic.name() + " could not be read: " + e.getMessage(),
                    e);
        }
    }

    private Map<String, String> readOn() {
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

    // --- Every tenant's (the operator console) ----------------------------------------------------------------

    /** Every usable subscription, of every tenant and handler type, by tenant (global first), name and id. */
    public List<Subscription> all() {
        List<Subscription> all = new ArrayList<>();
        for (String value : current().values()) {
            Subscription s = parse(value);
            if (s != null) {
                all.add(s);
            }
        }
        all.sort(Comparator.comparing((Subscription s) -> Objects.toString(s.tenant(), ""))
                .thenComparing(Subscription::name).thenComparing(Subscription::id));
        return all;
    }

    /** The subscription {@code id}, of any tenant; empty when there is none (or its record is unusable). */
    public Optional<Subscription> get(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(current().get(id)).map(Subscriptions::parse);
    }

    /**
     * Creates a subscription from its JSON (without {@code id}: one is made). A webhook without {@code config.secret}
     * gets a new secret, returned in {@link Saved#newSecret()}.
     *
     * @param problems what the caller found already (a field that is not JSON), reported with the validator's
     * @throws InvalidInputException with every problem, each on its path
     */
    public synchronized Saved create(ObjectNode json, List<FieldError> problems) {
        json.put("id", "sub_" + HexFormat.of().formatHex(bytes(10)));
        String secret = null;
        if ("WEBHOOK".equals(json.path("type").asText()) && json.path("config").isObject()
                && !json.path("config").has("secret")) {
            secret = newSecret();
            ((ObjectNode) json.get("config")).put("secret", secret);
        }
        checked(json, problems, "another subscription of this tenant is named ");
        return new Saved(write(Subscription.fromJson(json)), secret);
    }

    /**
     * Replaces the subscription {@code id} with its JSON (the id in it is set to {@code id}).
     *
     * @throws NoSuchElementException when there is no subscription {@code id}
     * @throws InvalidInputException  with every problem, each on its path
     */
    public synchronized Subscription update(String id, ObjectNode json, List<FieldError> problems) {
        get(id).orElseThrow(() -> new NoSuchElementException("no subscription " + id));
        json.put("id", id);
        checked(json, problems, "another subscription of this tenant is named ");
        return write(Subscription.fromJson(json));
    }

    /** Pauses or resumes the subscription {@code id}; empty when there is none. */
    public synchronized Optional<Subscription> setActive(String id, boolean active) {
        return get(id).map(s -> write(s.withActive(active)));
    }

    // --- A tenant's webhooks (the tenant portal) --------------------------------------------------------------

    /** The tenant's webhook subscriptions, by name. */
    public List<Subscription> webhooks(String tenant) {
        List<Subscription> mine = new ArrayList<>();
        for (String value : current().values()) {
            Subscription s = parse(value);
            if (s != null && tenant.equals(s.tenant()) && "WEBHOOK".equals(s.type())) {
                mine.add(s);
            }
        }
        mine.sort(Comparator.comparing(Subscription::name).thenComparing(Subscription::id));
        return mine;
    }

    /** The tenant's webhook subscription {@code id}; empty when there is none or it is another tenant's. */
    public Optional<Subscription> webhook(String tenant, String id) {
        return get(id).filter(s -> tenant.equals(s.tenant()) && "WEBHOOK".equals(s.type()));
    }

    /**
     * Creates ({@code id == null}) or changes the tenant's webhook subscription from the portal's endpoint form.
     *
     * @throws InvalidInputException with every problem, each on its field ({@code name}, {@code config.url},
     *                               {@code eventType}, {@code table}, {@code filter})
     * @throws NoSuchElementException when {@code id} is not one of the tenant's webhook subscriptions
     */
    public synchronized Saved saveWebhook(String tenant, String id, WebhookForm form) {
        ObjectNode json;
        String secret = null;
        if (id == null) {
            json = Json.mapper().createObjectNode();
            json.put("id", "sub_" + HexFormat.of().formatHex(bytes(10)));
            json.put("type", "WEBHOOK");
            secret = newSecret();
            json.putObject("config").put("secret", secret);
        } else {
            Subscription current = webhook(tenant, id).orElseThrow();
            json = current.toJson();
            json.remove(List.of("table", "eventType", "operations", "filter"));
            json.set("config", current.config().deepCopy());
        }
        json.put("tenant", tenant);
        List<FieldError> problems = new ArrayList<>();
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
                json.set("filter", Json.parse(form.filter()));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldError("filter", "is " + e.getMessage()));
            }
        }
        checked(json, problems, "another of your endpoints is named ");
        return new Saved(write(Subscription.fromJson(json)), secret);
    }

    /** Pauses or resumes the tenant's webhook subscription; empty when it is not the tenant's. */
    public synchronized Optional<Subscription> setActive(String tenant, String id, boolean active) {
        return webhook(tenant, id).map(s -> write(s.withActive(active)));
    }

    /**
     * Rotates the signing secret as Standard Webhooks does: a new secret is added beside the current one, so the
     * receiver can accept both while it switches; secrets older than the current one are retired. Empty when the
     * subscription is not the tenant's.
     */
    public synchronized Optional<Saved> rotate(String tenant, String id) {
        Optional<Subscription> found = webhook(tenant, id);
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

    // --- Shared -----------------------------------------------------------------------------------------------

    /** The subscription's signing secrets as pages show them: masked, newest last. */
    public static List<String> maskedSecrets(Subscription subscription) {
        JsonNode secret = subscription.toRedactedJson().path("config").path("secret");
        List<String> masked = new ArrayList<>();
        if (secret.isArray()) {
            secret.forEach(s -> masked.add(s.asText()));
        } else if (secret.isTextual()) {
            masked.add(secret.asText());
        }
        return masked;
    }

    /** A new Standard Webhooks signing secret: {@code whsec_} and 32 random bytes in base64. */
    public static String newSecret() {
        return "whsec_" + Base64.getEncoder().encodeToString(bytes(32));
    }

    /** Validates as the router's admin API does, and checks that the name is unique within the tenant. */
    private void checked(ObjectNode json, List<FieldError> problems, String duplicateName) {
        List<FieldError> errors = new ArrayList<>(problems);
        errors.addAll(SubscriptionValidator.validate(json, true));
        String name = json.path("name").asText();
        String ownId = json.path("id").asText();
        String tenant = json.path("tenant").isTextual() ? json.get("tenant").asText() : null;
        if (errors.stream().noneMatch(e -> e.path().equals("name")) && all().stream().anyMatch(other ->
                !other.id().equals(ownId) && other.name().equals(name) && Objects.equals(other.tenant(), tenant))) {
            errors.add(new FieldError("name", duplicateName + name));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("invalid subscription", errors);
        }
    }

    private Subscription write(Subscription subscription) {
        try {
            if (!created) {
                topic.createIfMissing();
                created = true;
            }
            topic.put(subscription.id(), Json.write(subscription.toJson()));
        } catch (org.apache.kafka.common.KafkaException | IllegalStateException e) {
            throw new Unavailable("nothing was saved: " + e.getMessage(), e);
        }
        return subscription;
    }

    private static Subscription parse(String value) {
        try {
            return Subscription.fromJson(Json.parse(value));
        } catch (RuntimeException unusable) {
            return null;
        }
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
    public record WebhookForm(String name, String url, String eventType, String table, String filter) {

        public static WebhookForm of(Subscription s) {
            return new WebhookForm(s.name(), s.config().path("url").asText(""), Objects.toString(s.eventType(), ""),
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
