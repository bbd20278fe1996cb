package io.tributary.capture.convert;

import java.util.ArrayList;
import java.util.List;

/**
 * Parsers of PostgreSQL's text output of arrays ({@code array_out}: {@code [1:2]={a,"b c",NULL}}, nested braces
 * for more dimensions) and of composite values ({@code record_out}: {@code (1,"a ""b""",)}, an empty field is
 * NULL). Elements come back as their own text, {@code null} for NULL. Stateless and thread-safe.
 */
final class PgLiterals {

    private PgLiterals() {
    }

    /**
     * The elements of an array literal: a {@code List} per dimension, holding {@code String} elements or
     * {@code null}.
     *
     * @throws IllegalArgumentException when the text is not an array literal
     */
    static List<Object> array(String text, char delimiter) {
        if (!text.startsWith("{") && !text.startsWith("[")) {
            // int2vector and oidvector print their elements apart by spaces: "1 2 3".
            String trimmed = text.strip();
            return trimmed.isEmpty() ? new ArrayList<>() : new ArrayList<>(List.of(trimmed.split("\\s+")));
        }
        int start = 0;
        if (text.startsWith("[")) {
            // Non-default bounds: "[0:1]={...}". to_jsonb drops them, so does this.
            start = text.indexOf('=');
            if (start < 0) {
                throw new IllegalArgumentException("array literal with bounds but no '=': " + abbreviate(text));
            }
            start++;
        }
        Cursor cursor = new Cursor(text, start);
        cursor.skipSpaces();
        List<Object> array = arrayAt(cursor, delimiter);
        cursor.skipSpaces();
        if (!cursor.atEnd()) {
            throw new IllegalArgumentException("unexpected text after the array: " + abbreviate(text));
        }
        return array;
    }

    private static List<Object> arrayAt(Cursor cursor, char delimiter) {
        cursor.expect('{');
        List<Object> elements = new ArrayList<>();
        cursor.skipSpaces();
        if (cursor.peek() == '}') {
            cursor.next();
            return elements;
        }
        while (true) {
            cursor.skipSpaces();
            char c = cursor.peek();
            if (c == '{') {
                elements.add(arrayAt(cursor, delimiter));
            } else if (c == '"') {
                elements.add(quoted(cursor));
            } else {
                elements.add(unquotedElement(cursor, delimiter));
            }
            cursor.skipSpaces();
            char end = cursor.next();
            if (end == '}') {
                return elements;
            }
            if (end != delimiter) {
                throw new IllegalArgumentException("expected '" + delimiter + "' or '}' at " + (cursor.position - 1)
                        + " of " + abbreviate(cursor.text));
            }
        }
    }

    private static String unquotedElement(Cursor cursor, char delimiter) {
        StringBuilder value = new StringBuilder();
        while (true) {
            char c = cursor.peek();
            if (c == delimiter || c == '}') {
                break;
            }
            cursor.next();
            value.append(c == '\\' ? cursor.next() : c);
        }
        String element = value.toString().strip();
        return "NULL".equalsIgnoreCase(element) ? null : element;
    }

    private static String quoted(Cursor cursor) {
        cursor.expect('"');
        StringBuilder value = new StringBuilder();
        while (true) {
            char c = cursor.next();
            if (c == '\\') {
                value.append(cursor.next());
            } else if (c == '"') {
                return value.toString();
            } else {
                value.append(c);
            }
        }
    }

    /**
     * The fields of a composite literal, each its text or {@code null}.
     *
     * @throws IllegalArgumentException when the text is not a composite literal
     */
    static List<String> composite(String text) {
        Cursor cursor = new Cursor(text, 0);
        cursor.expect('(');
        List<String> fields = new ArrayList<>();
        while (true) {
            char c = cursor.peek();
            if (c == ',' || c == ')') {
                fields.add(null);
            } else {
                StringBuilder value = new StringBuilder();
                boolean quotedField = false;
                while (cursor.peek() != ',' && cursor.peek() != ')' || quotedField) {
                    char d = cursor.next();
                    if (d == '"') {
                        if (quotedField && cursor.peek() == '"') {
                            value.append(cursor.next());
                        } else {
                            quotedField = !quotedField;
                        }
                    } else if (d == '\\') {
                        value.append(cursor.next());
                    } else {
                        value.append(d);
                    }
                }
                fields.add(value.toString());
            }
            if (cursor.next() == ')') {
                break;
            }
        }
        if (!cursor.atEnd()) {
            throw new IllegalArgumentException("unexpected text after the composite value: " + abbreviate(text));
        }
        return fields;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? "'" + text + "'" : "'" + text.substring(0, 80) + "...'";
    }

    private static final class Cursor {
        private final String text;
        private int position;

        Cursor(String text, int position) {
            this.text = text;
            this.position = position;
        }

        boolean atEnd() {
            return position >= text.length();
        }

        char peek() {
            if (atEnd()) {
                throw new IllegalArgumentException("literal ends early: " + abbreviate(text));
            }
            return text.charAt(position);
        }

        char next() {
            char c = peek();
            position++;
            return c;
        }

        void expect(char expected) {
            if (next() != expected) {
                throw new IllegalArgumentException("expected '" + expected + "' at " + (position - 1) + " of "
                        + abbreviate(text));
            }
        }

        void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }
    }
}
