package io.tributary.model.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The operators of {@code where} on one value: how each is checked and what it compiles to. Equality, lists and
 * order compare values by kind ({@link Scalar}): numbers by exact value, points in time and times of day on the
 * time line, other strings by code point; values of different kinds are neither equal nor ordered, so
 * {@code $eq $in $gt $gte $lt $lte} are false for them and {@code $ne $nin}, their negations, true.
 */
final class ValueOperators {

    private ValueOperators() {
    }

    /** Why the operand cannot be used with the operator, or {@code null} when it can. */
    static String check(String operator, JsonNode operand) {
        switch (operator) {
            case "$eq", "$ne", "$contains":
                return null;
            case "$in", "$nin":
                if (!operand.isArray()) {
                    return operator + " takes an array of values";
                }
                return operand.size() > WhereCompiler.MAX_LIST_SIZE
                        ? operator + " may list at most " + WhereCompiler.MAX_LIST_SIZE + " values" : null;
            case "$exists":
                return operand.isBoolean() ? null : "$exists takes true or false";
            case "$gt", "$gte", "$lt", "$lte":
                return operand.isNumber() || operand.isTextual() ? null : operator + " takes a number or a string";
            case "$prefix", "$suffix":
                return operand.isTextual() ? null : operator + " takes a string";
            case "$regex":
                if (!operand.isTextual()) {
                    return "$regex takes a string";
                }
                if (operand.textValue().length() > WhereCompiler.MAX_REGEX_LENGTH) {
                    return "$regex may be at most " + WhereCompiler.MAX_REGEX_LENGTH + " characters";
                }
                try {
                    Pattern.compile(operand.textValue());
                    return null;
                } catch (PatternSyntaxException e) {
                    return "invalid regular expression: " + e.getDescription();
                }
            default:
                return "unknown operator '" + operator + "': use $eq $ne $in $nin $exists $gt $gte $lt $lte"
                        + " $prefix $suffix $contains $regex $not";
        }
    }

    /** The test of a checked operator; {@code null} passed to it means the path is missing. */
    static Predicate<JsonNode> of(String operator, JsonNode operand) {
        return switch (operator) {
            case "$eq" -> equalTo(operand);
            case "$ne" -> equalTo(operand).negate();
            case "$in" -> in(operand);
            case "$nin" -> in(operand).negate();
            case "$exists" -> operand.booleanValue() ? value -> value != null : value -> value == null;
            case "$gt" -> order(operand, c -> c > 0);
            case "$gte" -> order(operand, c -> c >= 0);
            case "$lt" -> order(operand, c -> c < 0);
            case "$lte" -> order(operand, c -> c <= 0);
            case "$prefix" -> value -> value != null && value.isTextual()
                    && value.textValue().startsWith(operand.textValue());
            case "$suffix" -> value -> value != null && value.isTextual()
                    && value.textValue().endsWith(operand.textValue());
            case "$contains" -> contains(operand);
            case "$regex" -> regex(operand.textValue());
            default -> throw new IllegalArgumentException("unchecked operator " + operator);
        };
    }

    /**
     * Equality of an event's value with an operand: scalars of the same kind that compare as zero
     * ({@link Scalar}), arrays element by element in order, objects with the same keys and equal values.
     */
    static Predicate<JsonNode> equalTo(JsonNode operand) {
        if (operand.isArray()) {
            @SuppressWarnings("unchecked")
            Predicate<JsonNode>[] elements = new Predicate[operand.size()];
            for (int i = 0; i < elements.length; i++) {
                elements[i] = equalTo(operand.get(i));
            }
            return value -> {
                if (value == null || !value.isArray() || value.size() != elements.length) {
                    return false;
                }
                for (int i = 0; i < elements.length; i++) {
                    if (!elements[i].test(value.get(i))) {
                        return false;
                    }
                }
                return true;
            };
        }
        if (operand.isObject()) {
            Map<String, Predicate<JsonNode>> fields = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = operand.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                fields.put(field.getKey(), equalTo(field.getValue()));
            }
            return value -> {
                if (value == null || !value.isObject() || value.size() != fields.size()) {
                    return false;
                }
                for (Map.Entry<String, Predicate<JsonNode>> field : fields.entrySet()) {
                    if (!field.getValue().test(value.get(field.getKey()))) {
                        return false;
                    }
                }
                return true;
            };
        }
        Scalar scalar = Scalar.of(operand);
        return scalar::equalTo;
    }

    static Predicate<JsonNode> allOf(List<Predicate<JsonNode>> tests) {
        if (tests.size() == 1) {
            return tests.get(0);
        }
        @SuppressWarnings("unchecked")
        Predicate<JsonNode>[] all = tests.toArray(new Predicate[0]);
        return value -> {
            for (Predicate<JsonNode> test : all) {
                if (!test.test(value)) {
                    return false;
                }
            }
            return true;
        };
    }

    /** {@code $in}: the value equals one of the operands; a scalar value is classified once for all of them. */
    private static Predicate<JsonNode> in(JsonNode operands) {
        List<Scalar> scalars = new ArrayList<>();
        List<Predicate<JsonNode>> containers = new ArrayList<>();
        for (JsonNode operand : operands) {
            if (operand.isContainerNode()) {
                containers.add(equalTo(operand));
            } else {
                scalars.add(Scalar.of(operand));
            }
        }
        Scalar[] candidates = scalars.toArray(new Scalar[0]);
        @SuppressWarnings("unchecked")
        Predicate<JsonNode>[] containerCandidates = containers.toArray(new Predicate[0]);
        return value -> {
            if (value == null) {
                return false;
            }
            if (value.isContainerNode()) {
                for (Predicate<JsonNode> candidate : containerCandidates) {
                    if (candidate.test(value)) {
                        return true;
                    }
                }
                return false;
            }
            Scalar classified = candidates.length == 1 ? null : Scalar.of(value);
            for (Scalar candidate : candidates) {
                if (classified == null ? candidate.equalTo(value) : candidate.compareFrom(classified) == 0) {
                    return true;
                }
            }
            return false;
        };
    }

    private interface Comparison {
        boolean holds(int comparison);
    }

    /**
     * {@code $gt $gte $lt $lte}: the operand is classified here, once; the event's value compares with it only
     * when it is of the same kind, so a value of another kind (or a missing one) never holds.
     */
    private static Predicate<JsonNode> order(JsonNode operand, Comparison comparison) {
        Scalar bound = Scalar.of(operand);
        return value -> {
            int compared = bound.compareFrom(value);
            return compared != Scalar.INCOMPARABLE && comparison.holds(compared);
        };
    }

    private static Predicate<JsonNode> contains(JsonNode operand) {
        Filter containment = FilterCompiler.containment(operand);
        boolean substring = operand.isTextual();
        return value -> {
            if (value == null) {
                return false;
            }
            if (value.isTextual()) {
                return substring && value.textValue().contains(operand.textValue());
            }
            return value.isContainerNode() && containment.test(value);
        };
    }

    private static Predicate<JsonNode> regex(String pattern) {
        Pattern compiled = Pattern.compile(pattern);
        return value -> value != null && value.isTextual() && compiled.matcher(value.textValue()).find();
    }
}
