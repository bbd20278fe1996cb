package io.tributary.model.serde;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.InvalidInputException;
import io.tributary.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde for one of the JSON contracts. Deserializing {@code null} gives {@code null} (a tombstone);
 * bytes that are not JSON, or JSON that is not a valid contract, throw {@link SerializationException} whose message
 * names the field and the reason, so the caller can dead-letter the record. Thread-safe.
 */
final class ContractSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final String what;
    private final Function<T, JsonNode> toJson;
    private final Function<JsonNode, T> fromJson;

    ContractSerde(String what, Function<T, JsonNode> toJson, Function<JsonNode, T> fromJson) {
        this.what = what;
        this.toJson = toJson;
        this.fromJson = fromJson;
    }

    @Override
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        try {
            return Json.mapper().writeValueAsBytes(toJson.apply(value));
        } catch (IOException e) {
            throw new SerializationException("cannot write " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(data);
        } catch (IOException e) {
            throw new SerializationException("not a JSON " + what + " (" + preview(data) + "): " + e.getMessage(), e);
        }
        try {
            return fromJson.apply(json);
        } catch (InvalidInputException e) {
            throw new SerializationException(e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // Nothing to configure: the contracts have one JSON form.
    }

    @Override
    public void close() {
    }

    private static String preview(byte[] data) {
        String text = new String(data, 0, Math.min(data.length, 40), StandardCharsets.UTF_8);
        return data.length > 40 ? text + "..." : text;
    }
}
