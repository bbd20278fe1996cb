package io.tributary.model.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates JSON documents and containment filters as text, for the differential test against PostgreSQL.
 * Text, not a tree, so that number spellings ({@code 1}, {@code 1.0}, {@code 1e0}), string escapes and duplicate
 * keys reach both sides exactly as written. Half of the filters are cut from their document (a subset of keys and
 * elements, numbers respelled), so that both answers occur often; the rest are random.
 */
final class JsonCaseGenerator {

    /** Numbers in groups of equal value but different spelling, and near misses. */
    private static final String[][] NUMBERS = {
        {"0", "-0", "0.0", "0e5", "-0.000"},
        {"1", "1.0", "1e0", "10e-1", "0.1e1", "1.000000000000000000000"},
        {"100", "1e2", "1E+2", "100.00"},
        {"-7", "-7.0", "-70e-1"},
        {"0.1", "1e-1", "0.10"},
        {"0.10000000000000001"},
        {"12345678901234567890", "1.234567890123456789e19"},
        {"12345678901234567891"},
        {"1.5", "15e-1", "1.50"},
        {"3.141592653589793238462643383279"},
        {"-99999999999999999999999.5"},
    };
    /** Strings in groups of equal value but different escapes, with near misses (case, accents) between groups. */
    private static final String[][] STRINGS = {
        {"\"\""}, {"\"a\"", "\"\\u0061\""}, {"\"A\""}, {"\"b\""}, {"\"confirmed\""}, {"\"Confirmed\""},
        {"\"1\""}, {"\"1.0\""}, {"\"true\""}, {"\"null\""},
        {"\"é\"", "\"\\u00e9\""}, {"\"É\""}, {"\"e\\u0301\""}, {"\"😀\"", "\"\\ud83d\\ude00\""}, {"\"ключ\""},
        {"\"中文\""}, {"\"tab\\there\"", "\"tab\\u0009here\""}, {"\"quote\\\"d\""}, {"\"back\\\\slash\""},
        {"\"line\\nbreak\""}, {"\" \""}, {"\"a \""},
    };
    private static final String[] KEYS = {
        "a", "b", "c", "status", "id", "", "A", "é", "\\u00e9", "ключ", "😀", "with space", "1", "null",
    };

    private final Random random;

    JsonCaseGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** A document and a filter, as JSON text. */
    String[] nextCase() {
        Value document = value(0, random.nextInt(4) == 0);
        Value filter = random.nextBoolean() ? cut(document, 0) : value(0, random.nextInt(4) == 0);
        return new String[] {document.text(), filter.text()};
    }

    private sealed interface Value permits Scalar, Obj, Arr {
        String text();
    }

    private record Scalar(String text, int group) implements Value {
    }

    private record Obj(List<String> keys, List<Value> values) implements Value {
        public String text() {
            StringBuilder out = new StringBuilder("{");
            for (int i = 0; i < keys.size(); i++) {
                out.append(i == 0 ? "" : ", ").append('"').append(keys.get(i)).append("\": ")
                        .append(values.get(i).text());
            }
            return out.append('}').toString();
        }
    }

    private record Arr(List<Value> elements) implements Value {
        public String text() {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < elements.size(); i++) {
                out.append(i == 0 ? "" : ", ").append(elements.get(i).text());
            }
            return out.append(']').toString();
        }
    }

    private Value value(int depth, boolean topLevelScalarOrArray) {
        if (depth == 0) {
            if (topLevelScalarOrArray) {
                return random.nextBoolean() ? scalar() : array(depth);
            }
            return object(depth);
        }
        int choice = random.nextInt(depth >= 4 ? 1 : 10);
        if (choice < 6) {
            return scalar();
        }
        return choice < 8 ? object(depth) : array(depth);
    }

    private Obj object(int depth) {
        int size = random.nextInt(depth == 0 ? 6 : 4);
        List<String> keys = new ArrayList<>();
        List<Value> values = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            // Now and then a duplicate key: both PostgreSQL and Tributary keep the last value.
            String key = !keys.isEmpty() && random.nextInt(20) == 0 ? keys.get(0) : KEYS[random.nextInt(KEYS.length)];
            keys.add(key);
            values.add(value(depth + 1, false));
        }
        return new Obj(keys, values);
    }

    private Arr array(int depth) {
        int size = random.nextInt(5);
        List<Value> elements = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            elements.add(value(depth + 1, false));
        }
        return new Arr(elements);
    }

    private Scalar scalar() {
        int kind = random.nextInt(10);
        if (kind < 5) {
            int group = random.nextInt(NUMBERS.length);
            return new Scalar(pick(NUMBERS[group]), group);
        }
        if (kind < 8) {
            int group = random.nextInt(STRINGS.length);
            return new Scalar(pick(STRINGS[group]), NUMBERS.length + group);
        }
        return new Scalar(new String[] {"true", "false", "null"}[random.nextInt(3)], -1);
    }

    /** A filter likely contained in the value: some keys and elements kept, numbers respelled, at times altered. */
    private Value cut(Value value, int depth) {
        if (random.nextInt(12) == 0) {
            return value(Math.max(depth, 1), false);
        }
        if (value instanceof Scalar scalar) {
            if (random.nextInt(5) == 0) {
                return scalar(); // a near miss: another number, string or literal from the same small pools
            }
            return scalar.group() >= 0 ? new Scalar(pick(group(scalar.group())), scalar.group()) : scalar;
        }
        if (value instanceof Obj obj) {
            List<String> keys = new ArrayList<>();
            List<Value> values = new ArrayList<>();
            for (int i = 0; i < obj.keys().size(); i++) {
                if (random.nextInt(3) > 0) {
                    keys.add(obj.keys().get(i));
                    values.add(cut(obj.values().get(i), depth + 1));
                }
            }
            return new Obj(keys, values);
        }
        Arr arr = (Arr) value;
        if (depth == 0 && !arr.elements().isEmpty() && random.nextInt(4) == 0) {
            // A bare scalar against a top-level array.
            Value element = arr.elements().get(random.nextInt(arr.elements().size()));
            return element instanceof Scalar ? cut(element, depth + 1) : scalar();
        }
        List<Value> elements = new ArrayList<>();
        for (Value element : arr.elements()) {
            if (random.nextInt(3) > 0) {
                elements.add(0, cut(element, depth + 1));
                if (random.nextInt(6) == 0) {
                    elements.add(cut(element, depth + 1));
                }
            }
        }
        return new Arr(elements);
    }

    private static String[] group(int group) {
        return group < NUMBERS.length ? NUMBERS[group] : STRINGS[group - NUMBERS.length];
    }

    private String pick(String[] choices) {
        return choices[random.nextInt(choices.length)];
    }
}
