package io.tributary.model.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.List;
import java.util.function.Predicate;

/** The operators of {@code where} on one value: how each is checked and what it compiles to. */
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

    static Predicate<JsonNode> equalTo(JsonNode operand) {
        return value -> JsonValues.equal(value, operand);
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

    private static Predicate<JsonNode> in(JsonNode operands) {
        JsonNode[] candidates = new JsonNode[operands.size()];
        for (int i = 0; i < candidates.length; i++) {
            candidates[i] = operands.get(i);
        }
        return value -> {
            for (JsonNode candidate : candidates) {
                if (JsonValues.equal(value, candidate)) {
                    return true;
                }
            }
            return false;
        };
    }

    private interface Comparison {
        boolean holds(int comparison);
    }

    private static Predicate<JsonNode> order(JsonNode operand, Comparison comparison) {
        if (operand.isNumber()) {
            return value -> value != null && value.isNumber()
                    && comparison.holds(JsonValues.compareNumbers(value, operand));
        }
        String text = operand.textValue();
        return value -> value != null && value.isTextual()
                && comparison.holds(JsonValues.compareStrings(value.textValue(), text));
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
