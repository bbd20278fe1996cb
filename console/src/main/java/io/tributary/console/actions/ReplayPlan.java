package io.tributary.console.actions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import io.tributary.model.Json;
import io.tributary.model.replay.TopicRange;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A replay before it runs: which topic, the time range it was asked for, the exact offsets per partition that range
 * resolved to (what a dry run shows and what the run then replays, record for record), and the topic it goes into.
 * Read from a request's parameters ({@code topic}, {@code from}, {@code to}, {@code into}) or from the offsets a dry
 * run showed ({@code range=<partition>:<from>-<to>}, repeatable). Immutable.
 */
public record ReplayPlan(String topic, String into, Instant from, Instant to, TopicRange range) {

    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern RANGE = Pattern.compile("(\\d{1,6}):(\\d{1,18})-(\\d{1,18})");

    /** What was asked, checked: every field that is wrong is named. */
    public record Request(String topic, String into, Instant from, Instant to, Map<Integer, long[]> offsets) {
    }

    /**
     * Reads {@code topic}, {@code into}, and either {@code from} (ISO-8601, required) and {@code to} (optional,
     * excluded; default now), or the {@code range} offsets of a dry run.
     *
     * @throws InvalidInputException naming each field that is wrong
     */
    public static Request read(Map<String, String[]> parameters) {
        List<FieldError> errors = new ArrayList<>();
        String topic = topic(parameters, "topic", errors);
        String into = topic(parameters, "into", errors);
        String[] ranges = parameters.get("range");
        Map<Integer, long[]> offsets = null;
        boolean byOffsets = ranges != null && ranges.length > 0;
        Instant from = time(parameters, "from", !byOffsets, errors);
        Instant to = time(parameters, "to", false, errors);
        if (from != null && to != null && !to.isAfter(from)) {
            errors.add(new FieldError("to", "must be after from"));
        }
        if (byOffsets) {
            offsets = new LinkedHashMap<>();
            for (String range : ranges) {
                Matcher m = RANGE.matcher(range.trim());
                if (!m.matches() || Long.parseLong(m.group(2)) > Long.parseLong(m.group(3))) {
                    errors.add(new FieldError("range", "must be <partition>:<from>-<to> with from <= to, got '"
                            + range + "'"));
                } else if (offsets.put(Integer.parseInt(m.group(1)), new long[] {Long.parseLong(m.group(2)),
                        Long.parseLong(m.group(3))}) != null) {
                    errors.add(new FieldError("range", "names partition " + m.group(1) + " twice"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("invalid replay", errors);
        }
        return new Request(topic, into, from, to, offsets);
    }

    /** The plan as JSON: the range per partition and the exact number of records. */
    public ObjectNode toJson() {
        ObjectNode json = Json.mapper().createObjectNode().put("topic", topic).put("into", into);
        json.put("from", from == null ? null : from.toString());
        json.put("to", to == null ? null : to.toString());
        json.put("records", range.count());
        ArrayNode partitions = json.putArray("partitions");
        range.partitions().forEach((partition, r) -> partitions.addObject().put("partition", partition)
                .put("from", r[0]).put("to", r[1]).put("records", r[1] - r[0]));
        return json;
    }

    /** The offsets as the {@code range} parameters that run exactly this plan. */
    public List<String> ranges() {
        List<String> ranges = new ArrayList<>();
        range.partitions().forEach((partition, r) -> ranges.add(partition + ":" + r[0] + "-" + r[1]));
        return ranges;
    }

    private static String topic(Map<String, String[]> parameters, String name, List<FieldError> errors) {
        String value = single(parameters, name);
        if (value == null) {
            errors.add(new FieldError(name, name.equals("into") ? "is required: the topic the records are"
                    + " re-published into" : "is required: the topic to replay"));
        } else if (!TOPIC.matcher(value).matches()) {
            errors.add(new FieldError(name, "must be a topic name: 1 to 249 of a-z, A-Z, 0-9, '.', '_' and '-'"));
        }
        return value;
    }

    private static Instant time(Map<String, String[]> parameters, String name, boolean required,
            List<FieldError> errors) {
        String value = single(parameters, name);
        if (value == null) {
            if (required) {
                errors.add(new FieldError(name, "is required: the first record's time, such as 2026-12-07T08:00:00Z"));
            }
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be an ISO-8601 time with its zone, such as 2026-12-07T08:00:00Z,"
                    + " got '" + value + "'"));
            return null;
        }
    }

    private static String single(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 || values[0].isBlank() ? null : values[0].trim();
    }
}
