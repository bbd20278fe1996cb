package io.tributary.console.web;

import io.tributary.console.api.SearchParameters;
import io.tributary.console.ledger.LedgerSearch;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The page side of a ledger search, shared by the console's pages and the tenant portal's: the parameters a request
 * gives, the values its form shows again, and the links to a search and to its next page. A search's state lives
 * in its URL only (so that it can be shared and reloaded), hence these build it from and back into parameters.
 * Stateless.
 */
public final class SearchForms {

    private SearchForms() {
    }

    /**
     * The request's parameters that are given, in the order received: a parameter given once and blank (an empty
     * form field) is left out, and so is every name in {@code except} (a form's token, a selection).
     */
    public static Map<String, String[]> given(HttpServletRequest request, Set<String> except) {
        Map<String, String[]> given = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (!except.contains(name) && (values.length != 1 || !values[0].isBlank())) {
                given.put(name, values);
            }
        });
        return given;
    }

    /** The value each of {@code fields} shows in the search's form: its first given value, or an empty string. */
    public static Map<String, String> form(Map<String, String[]> given, Collection<String> fields) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String field : fields) {
            String[] value = given.get(field);
            form.put(field, value == null ? "" : value[0]);
        }
        return form;
    }

    /**
     * {@code path} with {@code parameters} as its query, each value of each name in order, names and values
     * encoded as a form's ({@code application/x-www-form-urlencoded}, UTF-8); {@code path} alone when there are none.
     */
    public static String link(String path, Map<String, String[]> parameters) {
        StringBuilder link = new StringBuilder(path);
        parameters.forEach((name, values) -> {
            for (String value : values) {
                link.append(link.length() == path.length() ? '?' : '&')
                        .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return link.toString();
    }

    /**
     * The link to the page after {@code page} of the search {@code given} at {@code path}: the same parameters with
     * the page's cursor last, or {@code null} when {@code page} is the last.
     */
    public static String next(String path, Map<String, String[]> given, LedgerSearch.Page page) {
        if (page.next() == null) {
            return null;
        }
        Map<String, String[]> next = new LinkedHashMap<>(given);
        next.remove("cursor");
        next.put("cursor", new String[] {SearchParameters.cursor(page.next())});
        return link(path, next);
    }
}
