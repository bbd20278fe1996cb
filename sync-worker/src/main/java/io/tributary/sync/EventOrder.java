package io.tributary.sync;

import io.tributary.model.EventEnvelope;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether an event is newer than the one synced last for the same record, so a replayed, duplicate or late
 * delivery never overwrites a later state. Row changes compare their WAL positions (their ids begin with
 * {@code X/Y:}); other events compare their times; the same id is never newer.
 */
final class EventOrder {

    private static final Pattern LSN = Pattern.compile("^([0-9A-F]{1,8})/([0-9A-F]{1,8}):");

    private EventOrder() {
    }

    static boolean isNewer(EventEnvelope event, String lastEventId, Instant lastEventTime) {
        if (lastEventId == null) {
            return true;
        }
        if (event.id().equals(lastEventId)) {
            return false;
        }
        Long position = lsn(event.id());
        Long lastPosition = lsn(lastEventId);
        if (position != null && lastPosition != null) {
            return position > lastPosition;
        }
        if (event.time() != null && lastEventTime != null) {
            return !Instant.parse(event.time()).isBefore(lastEventTime);
        }
        return true;
    }

    static Long lsn(String id) {
        Matcher matcher = LSN.matcher(id);
        if (!matcher.find()) {
            return null;
        }
        return Long.parseLong(matcher.group(1), 16) << 32 | Long.parseLong(matcher.group(2), 16);
    }
}
