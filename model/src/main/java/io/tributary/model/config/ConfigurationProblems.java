package io.tributary.model.config;

import io.tributary.model.Secrets;
import io.tributary.model.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Collects the problems of one service's settings, each naming the full key, the value and the reason
 * ({@code tributary.webhook.retry.max-attempts = 0: must be from 1 to 100}), and throws them all at once from the
 * settings record's constructor ({@link #throwIfAny}), the way Kafka's {@code ConfigDef} and Debezium's
 * {@code validateAndRecord} report a configuration: every {@code @ConfigurationProperties} record of every service
 * validates itself with it, so start-up fails once with everything to fix. A view of a nested group of settings
 * ({@link #nested}) adds to the same list. Keys are written as in a properties file (kebab case). Secrets are shown
 * masked ({@link #secret}). Not thread-safe: one instance per constructor call.
 */
public final class ConfigurationProblems {

    private static final Pattern TOPIC_PREFIX = Pattern.compile("[a-zA-Z0-9._-]{1,100}");

    private final String what;
    private final String prefix;
    private final List<String> problems;

    /**
     * @param what   the component in words, for the message: {@code webhook dispatcher}
     * @param prefix the settings' prefix: {@code tributary.webhook}
     */
    public ConfigurationProblems(String what, String prefix) {
        this(what, prefix, new ArrayList<>());
    }

    private ConfigurationProblems(String what, String prefix, List<String> problems) {
        this.what = Objects.requireNonNull(what, "what");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.problems = problems;
    }

    /** The problems of a nested group ({@code retry}, {@code targets.crm}), collected with these. */
    public ConfigurationProblems nested(String key) {
        return new ConfigurationProblems(what, key(key), problems);
    }

    /** The full key of a setting of this group: {@code tributary.webhook.retry} and {@code max-attempts}. */
    public String key(String key) {
        return prefix + "." + key;
    }

    /** Records a problem with {@code key} unless {@code ok}. */
    public ConfigurationProblems check(boolean ok, String key, Object value, String reason) {
        if (!ok) {
            problems.add(key(key) + " = " + shown(value) + ": " + reason);
        }
        return this;
    }

    /** Records a problem with a secret setting unless {@code ok}; the value is shown masked. */
    public ConfigurationProblems secret(boolean ok, String key, String value, String reason) {
        return check(ok, key, value == null ? null : new Masked(Secrets.mask(value)), reason);
    }

    /** A whole number from {@code min} to {@code max}. */
    public ConfigurationProblems range(String key, long value, long min, long max) {
        return check(value >= min && value <= max, key, value, "must be from " + min + " to " + max);
    }

    /** A number from {@code min} to {@code max}. */
    public ConfigurationProblems range(String key, double value, double min, double max) {
        return check(value >= min && value <= max, key, value, "must be from " + min + " to " + max);
    }

    /** A whole number of at least {@code min}. */
    public ConfigurationProblems atLeast(String key, long value, long min) {
        return check(value >= min, key, value, "must be at least " + min);
    }

    /** A duration above zero. */
    public ConfigurationProblems positive(String key, Duration value) {
        return check(value != null && value.compareTo(Duration.ZERO) > 0, key, value, "must be a positive duration");
    }

    /** A duration from {@code min} to {@code max}. */
    public ConfigurationProblems range(String key, Duration value, Duration min, Duration max) {
        return check(value != null && value.compareTo(min) >= 0 && value.compareTo(max) <= 0, key, value,
                "must be a duration from " + min + " to " + max);
    }

    /** A text that is set and not blank. */
    public ConfigurationProblems notBlank(String key, String value) {
        return check(value != null && !value.isBlank(), key, value, "must not be empty");
    }

    /** A text matching {@code pattern}, described in words by {@code words}. */
    public ConfigurationProblems matches(String key, String value, Pattern pattern, String words) {
        return check(value != null && pattern.matcher(value).matches(), key, value, "must be " + words);
    }

    /** A prefix of Tributary's topics ({@link Topics}). */
    public ConfigurationProblems topicPrefix(String key, String value) {
        return matches(key, value, TOPIC_PREFIX, "1 to 100 characters of a-z, A-Z, 0-9, '.', '_' and '-'");
    }

    /** The problems so far, in the order they were found. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Throws every problem found, at once; returns when there is none. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(what, problems);
        }
    }

    private static String shown(Object value) {
        if (value == null) {
            return "(unset)";
        }
        if (value instanceof Masked masked) {
            return masked.text();
        }
        return value instanceof CharSequence ? "'" + value + "'" : String.valueOf(value);
    }

    private record Masked(String text) {
    }

    /** The settings of a component are invalid: every problem, each naming its full key, value and reason. */
    public static final class InvalidConfigurationException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final transient List<String> problems;

        InvalidConfigurationException(String what, List<String> problems) {
            super("invalid " + what + " configuration: " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        /** Every problem, in the order found; never empty. */
        public List<String> problems() {
            return problems;
        }
    }
}
