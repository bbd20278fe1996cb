package io.tributary.model.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.FieldError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Parses one {@code where} into conditions, collecting every problem with its path. Not thread-safe: one per use. */
final class WhereParser {

    private final List<FieldError> errors = new ArrayList<>();
    private int conditions;
    private boolean tooMany;

    List<FieldError> errors() {
        return errors;
    }

    Where parse(JsonNode where, String path) {
        if (where == null || where.isNull()) {
            return Where.ALWAYS;
        }
        return expression(where, path, 1);
    }

    private Where expression(JsonNode node, String path, int depth) {
        if (!node.isObject()) {
            error(path, "must be an object of conditions such as {\"new.amount\": {\"$gt\": 1000}}");
            return Where.ALWAYS;
        }
        if (depth > WhereCompiler.MAX_DEPTH) {
            error(path, "nests $and, $or and $not deeper than " + WhereCompiler.MAX_DEPTH + " levels");
            return Where.ALWAYS;
        }
        List<Where> all = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            String entryPath = path + "." + key;
            if (!count(entryPath)) {
                break;
            }
            switch (key) {
                case "$and", "$or" -> all.add(combination(key, entry.getValue(), entryPath, depth));
                case "$not" -> {
                    Where inner = expression(entry.getValue(), entryPath, depth + 1);
                    all.add(event -> !inner.test(event));
                }
                case "$changed" -> all.add(changed(entry.getValue(), entryPath));
                default -> {
                    if (key.startsWith("$")) {
                        error(entryPath, "unknown operator '" + key + "' here: use $and, $or, $not, $changed or a path");
                    } else {
                        all.add(pathCondition(key, entry.getValue(), entryPath));
                    }
                }
            }
        }
        return WhereCompiler.allOf(all);
    }

    private Where combination(String operator, JsonNode operands, String path, int depth) {
        if (!operands.isArray() || operands.isEmpty()) {
            error(path, operator + " takes a non-empty array of conditions");
            return Where.ALWAYS;
        }
        List<Where> parts = new ArrayList<>();
        for (int i = 0; i < operands.size(); i++) {
            parts.add(expression(operands.get(i), path + "[" + i + "]", depth + 1));
        }
        return operator.equals("$and") ? WhereCompiler.allOf(parts) : WhereCompiler.anyOf(parts);
    }

    private Where changed(JsonNode columns, String path) {
        List<String> names = new ArrayList<>();
        if (columns.isTextual() && !columns.textValue().isEmpty()) {
            names.add(columns.textValue());
        } else if (columns.isArray() && !columns.isEmpty()) {
            for (int i = 0; i < columns.size(); i++) {
                JsonNode column = columns.get(i);
                if (column.isTextual() && !column.textValue().isEmpty()) {
                    names.add(column.textValue());
                } else {
                    error(path + "[" + i + "]", "must be a column name");
                }
            }
        } else {
            error(path, "$changed takes a column name or a non-empty array of column names");
        }
        return WhereCompiler.changedAny(names.toArray(new String[0]));
    }

    private Where pathCondition(String pathText, JsonNode spec, String path) {
        String[] reason = new String[1];
        EventPath eventPath = EventPath.parse(pathText, reason);
        if (eventPath == null) {
            error(path, reason[0]);
            return Where.ALWAYS;
        }
        Predicate<JsonNode> test = valueCondition(spec, path, 1);
        return event -> test.test(eventPath.resolve(event));
    }

    /** The condition on one value: a literal ({@code $eq}) or an object of operators. */
    private Predicate<JsonNode> valueCondition(JsonNode spec, String path, int depth) {
        if (!isOperatorObject(spec)) {
            if (spec.isObject() && hasOperatorKey(spec)) {
                error(path, "mixes operators and field names; put fields under $eq or use separate paths");
            }
            return ValueOperators.equalTo(spec);
        }
        if (depth > WhereCompiler.MAX_DEPTH) {
            error(path, "nests $not deeper than " + WhereCompiler.MAX_DEPTH + " levels");
            return value -> true;
        }
        List<Predicate<JsonNode>> all = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String operator = entry.getKey();
            String operatorPath = path + "." + operator;
            if (!count(operatorPath)) {
                break;
            }
            if (operator.equals("$not")) {
                if (!isOperatorObject(entry.getValue())) {
                    error(operatorPath, "$not on a path takes an object of operators such as {\"$gt\": 5}");
                    continue;
                }
                Predicate<JsonNode> inner = valueCondition(entry.getValue(), operatorPath, depth + 1);
                all.add(inner.negate());
                continue;
            }
            String problem = ValueOperators.check(operator, entry.getValue());
            if (problem != null) {
                error(operatorPath, problem);
            } else {
                all.add(ValueOperators.of(operator, entry.getValue()));
            }
        }
        return ValueOperators.allOf(all);
    }

    private static boolean isOperatorObject(JsonNode spec) {
        if (!spec.isObject() || spec.isEmpty()) {
            return false;
        }
        for (String name : WhereCompiler.fieldNames(spec)) {
            if (!name.startsWith("$")) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasOperatorKey(JsonNode spec) {
        return WhereCompiler.fieldNames(spec).stream().anyMatch(name -> name.startsWith("$"));
    }

    private boolean count(String path) {
        if (++conditions > WhereCompiler.MAX_CONDITIONS) {
            if (!tooMany) {
                error(path, "a where may hold at most " + WhereCompiler.MAX_CONDITIONS + " conditions");
                tooMany = true;
            }
            return false;
        }
        return true;
    }

    private void error(String path, String reason) {
        errors.add(new FieldError(path, reason));
    }
}
