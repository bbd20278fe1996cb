package io.tributary.model.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.model.EventEnvelope;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A dotted path into an event, as {@code where} uses them. The first segment names where to start:
 * <ul>
 *   <li>{@code new}, {@code old}, {@code changed}, {@code table}, {@code schema}, {@code operation},
 *       {@code recordId}: the fields of a row change's {@code data};</li>
 *   <li>{@code data}: the event's data;</li>
 *   <li>{@code id}, {@code source}, {@code type}, {@code time}, {@code subject}, {@code tenant},
 *       {@code correlationid}, {@code causationid}, {@code depth}, {@code datacontenttype}: the envelope's
 *       attributes; any other lower-case name: a CloudEvents extension attribute.</li>
 * </ul>
 * Later segments name object fields, or array positions when they are whole numbers ({@code new.items.0.sku}).
 * Immutable and thread-safe.
 */
public final class EventPath {

    static final int MAX_SEGMENTS = 32;

    private static final Set<String> DATA_FIELDS =
            Set.of("new", "old", "changed", "table", "schema", "operation", "recordId");
    private static final List<String> ATTRIBUTES = List.of("id", "source", "type", "time", "subject", "tenant",
            "correlationid", "causationid", "depth", "datacontenttype", "specversion");

    private enum Root { DATA_FIELD, DATA, ATTRIBUTE, EXTENSION }

    private final String text;
    private final Root root;
    private final String rootName;
    private final String[] rest;
    private final int[] indexes;

    private EventPath(String text, Root root, String rootName, String[] rest) {
        this.text = text;
        this.root = root;
        this.rootName = rootName;
        this.rest = rest;
        this.indexes = new int[rest.length];
        for (int i = 0; i < rest.length; i++) {
            indexes[i] = isIndex(rest[i]) ? Integer.parseInt(rest[i]) : -1;
        }
    }

    /** Parses a path, or returns {@code null} with the reason added to {@code reason[0]}. */
    static EventPath parse(String text, String[] reason) {
        if (text.isEmpty()) {
            reason[0] = "a path must not be empty";
            return null;
        }
        String[] segments = text.split("\\.", -1);
        if (segments.length > MAX_SEGMENTS) {
            reason[0] = "a path may have at most " + MAX_SEGMENTS + " segments";
            return null;
        }
        for (String segment : segments) {
            if (segment.isEmpty()) {
                reason[0] = "path '" + text + "' has an empty segment";
                return null;
            }
        }
        String first = segments[0];
        String[] rest = Arrays.copyOfRange(segments, 1, segments.length);
        if (DATA_FIELDS.contains(first)) {
            return new EventPath(text, Root.DATA_FIELD, first, rest);
        }
        if (first.equals("data")) {
            return new EventPath(text, Root.DATA, first, rest);
        }
        if (ATTRIBUTES.contains(first) || first.matches("[a-z0-9]{1,20}")) {
            if (rest.length > 0) {
                reason[0] = "envelope attribute '" + first + "' has no fields";
                return null;
            }
            return new EventPath(text, ATTRIBUTES.contains(first) ? Root.ATTRIBUTE : Root.EXTENSION, first, rest);
        }
        reason[0] = "unknown path '" + text + "': start with new., old., data., changed or an envelope attribute"
                + " (tenant, type, source, ...)";
        return null;
    }

    /** A path, or an {@link IllegalArgumentException} saying why it is not one. */
    public static EventPath of(String text) {
        String[] reason = new String[1];
        EventPath path = parse(text, reason);
        if (path == null) {
            throw new IllegalArgumentException(reason[0]);
        }
        return path;
    }

    /** The value at this path in the event, or {@code null} when there is none; JSON null is returned as such. */
    public JsonNode resolve(EventEnvelope event) {
        JsonNode node = switch (root) {
            case DATA_FIELD -> event.data() == null ? null : event.data().get(rootName);
            case DATA -> event.data();
            case ATTRIBUTE -> attribute(event, rootName);
            case EXTENSION -> event.extensions().get(rootName);
        };
        for (int i = 0; i < rest.length && node != null; i++) {
            if (node.isObject()) {
                node = node.get(rest[i]);
            } else if (node.isArray() && indexes[i] >= 0) {
                node = node.get(indexes[i]);
            } else {
                return null;
            }
        }
        return node;
    }

    private static JsonNode attribute(EventEnvelope event, String name) {
        if (name.equals("depth")) {
            return IntNode.valueOf(event.depth());
        }
        String value = switch (name) {
            case "id" -> event.id();
            case "source" -> event.source();
            case "type" -> event.type();
            case "time" -> event.time();
            case "subject" -> event.subject();
            case "tenant" -> event.tenant();
            case "correlationid" -> event.correlationid();
            case "causationid" -> event.causationid();
            case "datacontenttype" -> event.datacontenttype();
            default -> EventEnvelope.SPEC_VERSION;
        };
        return value == null ? null : TextNode.valueOf(value);
    }

    private static boolean isIndex(String segment) {
        if (segment.isEmpty() || segment.length() > 9) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            if (segment.charAt(i) < '0' || segment.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
