package io.tributary.console.api;

import io.tributary.console.ledger.LedgerQuery;
import io.tributary.console.ledger.LedgerSearch;
import io.tributary.console.ledger.LedgerSearch.Position;
import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a redrive takes: the parameters of the dead-letter search (the whole filter), optionally narrowed to
 * a selection of {@code position} values ({@code <topic>/<partition>:<offset>}) among its results, and
 * {@code dryRun=true} for the count only. Shared by the API and the console's page, so both redrive the same.
 */
public final class Redrives {

    static final Pattern POSITION = Pattern.compile("(.+-dlt)/([0-9]{1,9}):([0-9]{1,19})");
    /** The parameters of a redrive beside the search's. */
    static final Set<String> OWN = Set.of("position", "dryRun", "async", "csrf");

    private Redrives() {
    }

    /** The dead letters to redrive, oldest first, and whether only their count is asked. */
    public record Selection(LedgerQuery query, List<Position> positions, List<String> selected, boolean dryRun) {
    }

    /** The selection of the parameters; throws with every problem (a position that is not among the results). */
    public static Selection select(Map<String, String[]> parameters, LedgerSearch search) {
        Map<String, String[]> searchParameters = new LinkedHashMap<>();
        parameters.forEach((name, values) -> {
            if (!OWN.contains(name) && (values.length != 1 || !values[0].isBlank())) {
                searchParameters.put(name, values);
            }
        });
        List<FieldError> errors = new ArrayList<>();
        Set<Position> selected = new LinkedHashSet<>();
        List<String> selectedText = new ArrayList<>();
        for (String value : parameters.getOrDefault("position", new String[0])) {
            Matcher m = POSITION.matcher(value);
            if (m.matches()) {
                selected.add(new Position(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3))));
                selectedText.add(value);
            } else {
                errors.add(new FieldError("position", "must be <dead-letter topic>/<partition>:<offset> such as"
                        + " tributary.handler.webhook-dlt/0:12, got '" + value + "'"));
            }
        }
        String[] dryRun = parameters.get("dryRun");
        if (dryRun != null && (dryRun.length != 1 || !dryRun[0].matches("true|false"))) {
            errors.add(new FieldError("dryRun", "must be true or false"));
        }
        LedgerQuery query = null;
        try {
            query = SearchParameters.read(searchParameters, SearchParameters.DEAD_LETTERS);
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("invalid redrive", errors);
        }
        List<Position> positions = search.deadLetterPositions(query);
        if (!selected.isEmpty()) {
            Set<Position> found = new LinkedHashSet<>(positions);
            for (Position p : selected) {
                if (!found.contains(p)) {
                    errors.add(new FieldError("position", p.topic() + "/" + p.partition() + ":" + p.offset()
                            + " is not a dead letter this search finds"));
                }
            }
            if (!errors.isEmpty()) {
                throw new InvalidInputException("invalid redrive", errors);
            }
            positions = positions.stream().filter(selected::contains).toList();
        }
        return new Selection(query, positions, selectedText, dryRun != null && dryRun[0].equals("true"));
    }
}
