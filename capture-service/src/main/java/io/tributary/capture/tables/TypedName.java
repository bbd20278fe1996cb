package io.tributary.capture.tables;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A table or column name as a user types it ({@code public.salesOrder}, {@code public."salesOrder"},
 * {@code salesOrder}, {@code "companyId"}), and how it is matched against the names PostgreSQL has. A part in double
 * quotes is taken exactly, as PostgreSQL does ({@code ""} is a quote inside it). A part without quotes is the name
 * written that way if it exists, else PostgreSQL's reading of it (folded to lower case), else the one name that
 * differs from it only in case; when two names fit, the user is asked to quote. Immutable.
 *
 * @param parts the dot-separated parts, each with whether it was quoted
 */
record TypedName(List<Part> parts) {

    /** What a captured name may hold: PostgreSQL identifiers of letters, digits and {@code _}. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /** One part of a name, and whether the user quoted it. */
    record Part(String text, boolean quoted) {

        /** The part as PostgreSQL shows a name that needs no quotes, or quoted. */
        @Override
        public String toString() {
            return quoted ? TableCatalog.quoteIdentifier(text) : text;
        }
    }

    /**
     * Reads a typed name of one to {@code maxParts} parts.
     *
     * @throws IllegalArgumentException with the reason, for an empty part, an unclosed quote, too many parts or a
     *                                  character other than letters, digits and {@code _}
     */
    static TypedName parse(String typed, int maxParts) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (true) {
            StringBuilder text = new StringBuilder();
            boolean quoted = i < typed.length() && typed.charAt(i) == '"';
            if (quoted) {
                i++;
                while (true) {
                    if (i >= typed.length()) {
                        throw new IllegalArgumentException("has a quote that is not closed");
                    }
                    char c = typed.charAt(i++);
                    if (c == '"') {
                        if (i < typed.length() && typed.charAt(i) == '"') {
                            text.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        text.append(c);
                    }
                }
            } else {
                while (i < typed.length() && typed.charAt(i) != '.') {
                    if (typed.charAt(i) == '"') {
                        throw new IllegalArgumentException("has a quote inside a name; quote a whole part, such as"
                                + " public.\"salesOrder\"");
                    }
                    text.append(typed.charAt(i++));
                }
            }
            String part = text.toString();
            if (!PLAIN.matcher(part).matches()) {
                throw new IllegalArgumentException(part.isEmpty() ? "has an empty part"
                        : shown(part) + " is not a name of letters, digits and _ (at most 63, not starting with a"
                        + " digit), which is what Tributary captures");
            }
            parts.add(new Part(part, quoted));
            if (i >= typed.length()) {
                break;
            }
            if (typed.charAt(i) != '.') {
                throw new IllegalArgumentException("has a character after a closing quote other than '.'");
            }
            i++;
        }
        if (parts.size() > maxParts) {
            throw new IllegalArgumentException("has " + parts.size() + " parts; at most " + maxParts);
        }
        return new TypedName(List.copyOf(parts));
    }

    /**
     * The name among {@code existing} that a typed part means, or empty when none does.
     *
     * @throws IllegalArgumentException when two names fit an unquoted part equally
     */
    static Optional<String> choose(Part part, Collection<String> existing) {
        if (part.quoted()) {
            return existing.contains(part.text()) ? Optional.of(part.text()) : Optional.empty();
        }
        String folded = part.text().toLowerCase(Locale.ROOT);
        boolean exact = existing.contains(part.text());
        boolean asFolded = existing.contains(folded);
        if (exact && asFolded && !folded.equals(part.text())) {
            throw ambiguous(List.of(part.text(), folded));
        }
        if (exact) {
            return Optional.of(part.text());
        }
        if (asFolded) {
            return Optional.of(folded);
        }
        List<String> anyCase = existing.stream().filter(name -> name.equalsIgnoreCase(part.text())).sorted().toList();
        if (anyCase.size() > 1) {
            throw ambiguous(anyCase);
        }
        return anyCase.stream().findFirst();
    }

    private static IllegalArgumentException ambiguous(List<String> names) {
        return new IllegalArgumentException("fits " + String.join(" and ",
                names.stream().map(TableCatalog::quoteIdentifier).toList()) + "; quote the one you mean");
    }

    @Override
    public String toString() {
        return String.join(".", parts.stream().map(Part::toString).toList());
    }

    /** A name as typed, quoted and cut to 64 characters, for error messages that must stay small. */
    static String shown(String typed) {
        return typed.length() <= 64 ? "'" + typed + "'" : "'" + typed.substring(0, 64) + "...' (" + typed.length()
                + " characters)";
    }
}
