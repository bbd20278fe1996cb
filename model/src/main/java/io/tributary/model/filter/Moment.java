package io.tributary.model.filter;

/**
 * A point on the time line as the {@code where} operators compare it: seconds and nanoseconds since
 * 1970-01-01T00:00:00 UTC, or PostgreSQL's {@code -infinity} (before every other point) or {@code infinity}
 * (after every other point). Dates are their midnight; a date or timestamp without an offset is read as UTC.
 * Made by {@link TemporalSpelling#moment}. Immutable.
 *
 * @param rank -1 for {@code -infinity}, 0 for a finite point, 1 for {@code infinity}
 * @param seconds seconds since the epoch, 0 for the infinities
 * @param nanos nanoseconds within the second, 0 to 999,999,999
 */
record Moment(int rank, long seconds, int nanos) implements Comparable<Moment> {

    static final Moment NEGATIVE_INFINITY = new Moment(-1, 0, 0);
    static final Moment POSITIVE_INFINITY = new Moment(1, 0, 0);

    @Override
    public int compareTo(Moment other) {
        if (rank != other.rank) {
            return Integer.compare(rank, other.rank);
        }
        if (seconds != other.seconds) {
            return Long.compare(seconds, other.seconds);
        }
        return Integer.compare(nanos, other.nanos);
    }
}
