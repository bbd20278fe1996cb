package io.tributary.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's "Five minutes with Tributary" as a script: its shell commands (each {@code $ } line of a
 * {@code console} block, with the lines that continue it: an open quote's, a here-document's) and the output the
 * README shows after each, until the next command or the end of the block.
 *
 * <p>The output shown is compared with what runs, line by line, after {@link #normalize} has replaced what differs
 * from run to run in both: a line {@code ...} stands for any lines (none included); times ({@code [07:49:27]},
 * ISO-8601 instants), log positions (LSNs: {@code 0/196A1C8}) and Kafka positions ({@code 2:0},
 * {@code tributary.handler.webhook/2/2}) are placeholders; runs of spaces are one (column widths follow the
 * values' lengths); and a test's own ports are the defaults the README shows.
 */
record ReadmeTutorial(List<Step> steps) {

    static final String SECTION = "## Five minutes with Tributary";

    /** A command as written and the output the README shows for it (empty when it shows none). */
    record Step(String command, List<String> output) {
    }

    static ReadmeTutorial read(Path readme) throws IOException {
        return parse(Files.readString(readme));
    }

    static ReadmeTutorial parse(String readme) {
        int start = readme.indexOf(SECTION);
        if (start < 0) {
            throw new IllegalArgumentException("README.md has no section '" + SECTION + "'");
        }
        int end = readme.indexOf("\n## ", start + 1);
        List<String> lines = readme.substring(start, end < 0 ? readme.length() : end).lines().toList();
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String fence = lines.get(i);
            if (!fence.strip().equals("```console")) {
                continue;
            }
            int indent = fence.indexOf('`');
            List<String> block = new ArrayList<>();
            for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                String line = lines.get(i);
                block.add(line.length() >= indent && line.substring(0, indent).isBlank() ? line.substring(indent)
                        : line.strip());
            }
            steps.addAll(steps(block));
        }
        return new ReadmeTutorial(List.copyOf(steps));
    }

    private static final Pattern HERE_DOCUMENT = Pattern.compile("<<-?\\s*'?\"?(\\w+)'?\"?");

    private static List<Step> steps(List<String> block) {
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < block.size()) {
            String line = block.get(i);
            if (!line.startsWith("$ ")) {
                throw new IllegalArgumentException("README tutorial: output before any command: " + line);
            }
            StringBuilder command = new StringBuilder(line.substring(2));
            i++;
            Matcher here = HERE_DOCUMENT.matcher(command);
            if (here.find()) {
                String delimiter = here.group(1);
                while (i < block.size()) {
                    String body = block.get(i++);
                    command.append('\n').append(body);
                    if (body.equals(delimiter)) {
                        break;
                    }
                }
            } else {
                while (i < block.size() && (openQuote(command) || command.toString().endsWith("\\"))) {
                    command.append('\n').append(block.get(i++));
                }
            }
            List<String> output = new ArrayList<>();
            while (i < block.size() && !block.get(i).startsWith("$ ")) {
                output.add(block.get(i++));
            }
            steps.add(new Step(command.toString(), List.copyOf(output)));
        }
        return steps;
    }

    /** Whether a command has a quote still open (so its next line continues it). */
    static boolean openQuote(CharSequence command) {
        char open = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (open == 0 && (c == '"' || c == '\'')) {
                open = c;
            } else if (open == '"' && c == '\\') {
                i++;
            } else if (c == open) {
                open = 0;
            }
        }
        return open != 0;
    }

    private static final List<Map.Entry<Pattern, String>> VARIABLE = List.of(
            Map.entry(Pattern.compile("\\[\\d\\d:\\d\\d:\\d\\d]"), "[hh:mm:ss]"),
            Map.entry(Pattern.compile("\\b\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"), "<time>"),
            Map.entry(Pattern.compile("\\b[0-9A-F]+/[0-9A-F]+(?=:)"), "<lsn>"),
            Map.entry(Pattern.compile("(tributary\\.[a-z.-]+)/\\d+/\\d+\\b"), "$1/<partition>/<offset>"),
            Map.entry(Pattern.compile("(?<=^|[\\s(])\\d+:\\d+(?=$|[\\s)])"), "<partition>:<offset>"));

    private static final Pattern PORT = Pattern.compile("(?<=:)\\d{2,5}\\b");

    /**
     * A line with what differs between runs replaced: the test's ports by the README's ({@code ports} maps one to
     * the other), times and positions by placeholders, runs of spaces by one.
     */
    static String normalize(String line, Map<Integer, Integer> ports) {
        String normalized = line;
        for (Map.Entry<Pattern, String> variable : VARIABLE) {
            normalized = variable.getKey().matcher(normalized).replaceAll(variable.getValue());
        }
        Matcher port = PORT.matcher(normalized);
        StringBuilder text = new StringBuilder();
        while (port.find()) {
            int number = Integer.parseInt(port.group());
            port.appendReplacement(text, Integer.toString(ports.getOrDefault(number, number)));
        }
        port.appendTail(text);
        return text.toString().replaceAll("\\s+", " ").strip();
    }

    /**
     * Whether the output shown (normalized; {@code ...} for any lines) is what ran (normalized), the lines that
     * {@code anyOrder} accepts compared regardless of their order.
     */
    static boolean matches(List<String> shown, List<String> ran, Predicate<String> anyOrder) {
        return matches(sorted(shown, anyOrder), 0, sorted(ran, anyOrder), 0);
    }

    private static boolean matches(List<String> shown, int s, List<String> ran, int r) {
        if (s == shown.size()) {
            return r == ran.size();
        }
        if (shown.get(s).equals("...")) {
            for (int skip = r; skip <= ran.size(); skip++) {
                if (matches(shown, s + 1, ran, skip)) {
                    return true;
                }
            }
            return false;
        }
        return r < ran.size() && shown.get(s).equals(ran.get(r)) && matches(shown, s + 1, ran, r + 1);
    }

    /** The lines {@code anyOrder} accepts sorted among themselves, each other line where it was. */
    private static List<String> sorted(List<String> lines, Predicate<String> anyOrder) {
        List<String> chosen = new ArrayList<>(lines.stream().filter(anyOrder).toList());
        Collections.sort(chosen);
        List<String> result = new ArrayList<>(lines);
        int next = 0;
        for (int i = 0; i < result.size(); i++) {
            if (anyOrder.test(result.get(i))) {
                result.set(i, chosen.get(next++));
            }
        }
        return result;
    }
}
