package io.tributary.model.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One node of a compiled containment filter. The rules are PostgreSQL's {@code JsonbDeepContains}:
 * <ul>
 *   <li>an object contains an object when each key of the filter is present and its value contains the
 *       filter's value, where a scalar must equal a scalar and a container must be contained by a container of
 *       the same kind;</li>
 *   <li>an array contains an array when each scalar of the filter equals some scalar element and each container
 *       of the filter is contained by some container element (duplicates allowed, order ignored);</li>
 *   <li>at the top level only, an array contains a bare scalar that equals one of its elements.</li>
 * </ul>
 */
abstract class ContainmentMatcher implements Filter {

    /** Matches a value found inside a container: kinds must agree exactly. */
    abstract boolean matchesNested(JsonNode value);

    static ContainmentMatcher of(JsonNode filter) {
        if (filter.isObject()) {
            return new ObjectMatcher(filter);
        }
        if (filter.isArray()) {
            return new ArrayMatcher(filter);
        }
        return new ScalarMatcher(filter);
    }

    static final class ScalarMatcher extends ContainmentMatcher {
        private final JsonNode scalar;
        private final BigDecimal number;
        private final boolean numberIsLong;
        private final long numberAsLong;

        ScalarMatcher(JsonNode scalar) {
            this.scalar = scalar;
            this.number = scalar.isNumber() ? JsonValues.decimal(scalar) : null;
            boolean isLong = false;
            long asLong = 0;
            if (number != null) {
                try {
                    asLong = number.longValueExact();
                    isLong = true;
                } catch (ArithmeticException notALong) {
                    isLong = false;
                }
            }
            this.numberIsLong = isLong;
            this.numberAsLong = asLong;
        }

        @Override
        boolean matchesNested(JsonNode value) {
            if (value == null) {
                return false;
            }
            if (number != null) {
                return value.isNumber() && JsonValues.compareNumber(value, number, numberIsLong, numberAsLong) == 0;
            }
            switch (scalar.getNodeType()) {
                case STRING:
                    return value.isTextual() && value.textValue().equals(scalar.textValue());
                case BOOLEAN:
                    return value.isBoolean() && value.booleanValue() == scalar.booleanValue();
                case NULL:
                    return value.isNull();
                default:
                    return false;
            }
        }

        @Override
        public boolean test(JsonNode document) {
            if (document == null || document.isObject()) {
                return false;
            }
            if (document.isArray()) {
                return containsScalarElement(document);
            }
            return matchesNested(document);
        }

        boolean containsScalarElement(JsonNode array) {
            for (JsonNode element : array) {
                if (matchesNested(element)) {
                    return true;
                }
            }
            return false;
        }
    }

    static final class ObjectMatcher extends ContainmentMatcher {
        private final String[] keys;
        private final ContainmentMatcher[] values;

        ObjectMatcher(JsonNode filter) {
            keys = new String[filter.size()];
            values = new ContainmentMatcher[filter.size()];
            int i = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = filter.fields(); it.hasNext(); i++) {
                Map.Entry<String, JsonNode> field = it.next();
                keys[i] = field.getKey();
                values[i] = of(field.getValue());
            }
        }

        @Override
        boolean matchesNested(JsonNode value) {
            if (value == null || !value.isObject()) {
                return false;
            }
            for (int i = 0; i < keys.length; i++) {
                if (!values[i].matchesNested(value.get(keys[i]))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean test(JsonNode document) {
            return matchesNested(document);
        }
    }

    static final class ArrayMatcher extends ContainmentMatcher {
        private final ScalarMatcher[] scalars;
        private final ContainmentMatcher[] containers;

        ArrayMatcher(JsonNode filter) {
            List<ScalarMatcher> scalarList = new ArrayList<>();
            List<ContainmentMatcher> containerList = new ArrayList<>();
            for (JsonNode element : filter) {
                if (element.isContainerNode()) {
                    containerList.add(of(element));
                } else {
                    scalarList.add(new ScalarMatcher(element));
                }
            }
            scalars = scalarList.toArray(new ScalarMatcher[0]);
            containers = containerList.toArray(new ContainmentMatcher[0]);
        }

        @Override
        boolean matchesNested(JsonNode value) {
            if (value == null || !value.isArray()) {
                return false;
            }
            for (ScalarMatcher scalar : scalars) {
                if (!scalar.containsScalarElement(value)) {
                    return false;
                }
            }
            for (ContainmentMatcher container : containers) {
                if (!anyElementContains(value, container)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean anyElementContains(JsonNode array, ContainmentMatcher container) {
            for (JsonNode element : array) {
                if (element.isContainerNode() && container.matchesNested(element)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean test(JsonNode document) {
            return matchesNested(document);
        }
    }
}
