package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The README's configuration reference cannot drift from the code: every property of every service's
 * {@code @ConfigurationProperties} record is named in the README.
 */
class ConfigurationReferenceTest {

    private static final List<Class<?>> PROPERTIES = List.of(
            io.tributary.capture.config.CaptureProperties.class,
            io.tributary.capture.ingest.IngestProperties.class,
            io.tributary.model.auth.ApiKeyProperties.class,
            io.tributary.router.config.RouterProperties.class,
            io.tributary.webhook.config.WebhookProperties.class,
            io.tributary.sync.config.SyncProperties.class,
            io.tributary.console.config.ConsoleProperties.class,
            io.tributary.console.retention.RetentionProperties.class,
            io.tributary.console.portal.PortalProperties.class);

    @Test
    void shouldDocumentEveryPropertyOfEveryService() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
        List<String> properties = new ArrayList<>();
        for (Class<?> type : PROPERTIES) {
            String prefix = type.getAnnotation(ConfigurationProperties.class).value();
            collect(prefix, type, properties);
        }
        assertThat(properties).hasSizeGreaterThan(30);
        List<String> missing = properties.stream().filter(p -> !documented(p, readme)).toList();
        assertThat(missing).as("properties the README does not name").isEmpty();
    }

    /** Named in full, or as {@code .leaf} on a line that names its parent (a table row listing siblings). */
    private static boolean documented(String property, List<String> readme) {
        int dot = property.lastIndexOf('.');
        String parent = property.substring(0, dot + 1);
        String leaf = property.substring(dot);
        return readme.stream().anyMatch(line -> line.contains("`" + property)
                || line.contains("`" + parent) && line.contains("`" + leaf + "`"));
    }

    private static void collect(String prefix, Class<?> type, List<String> into) {
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + kebab(component.getName());
            Class<?> valueType = component.getType();
            Type generic = component.getGenericType();
            if (List.class.isAssignableFrom(valueType) && generic instanceof ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> element && element.isRecord()) {
                collect(name + "[i]", element, into);
            } else if (valueType.isRecord()) {
                collect(name, valueType, into);
            } else if (Map.class.isAssignableFrom(valueType) && generic instanceof ParameterizedType map
                    && map.getActualTypeArguments()[1] instanceof Class<?> value && value.isRecord()) {
                collect(name + ".<name>", value, into);
            } else if (Map.class.isAssignableFrom(valueType)) {
                into.add(name);
            } else {
                into.add(name);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
