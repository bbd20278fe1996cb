package io.tributary.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a real Kafka broker: the shared {@link KafkaCluster} of this JVM, started on first use, resolved
 * as a parameter of test methods, constructors and lifecycle methods.
 */
public final class KafkaExtension implements BeforeAllCallback, ParameterResolver {

    /** The shared instance, for code that cannot take a parameter (a Spring {@code @DynamicPropertySource}). */
    public static KafkaCluster cluster() {
        return TestInfrastructure.kafka();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        TestInfrastructure.kafka();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return TestInfrastructure.kafka();
    }
}
