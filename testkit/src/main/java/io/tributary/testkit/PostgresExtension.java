package io.tributary.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a real PostgreSQL with {@code wal_level=logical}: the shared {@link PostgresDatabase} of this JVM,
 * started on first use, resolved as a parameter of test methods, constructors and lifecycle methods.
 */
public final class PostgresExtension implements BeforeAllCallback, ParameterResolver {

    /** The shared instance, for code that cannot take a parameter (a Spring {@code @DynamicPropertySource}). */
    public static PostgresDatabase database() {
        return TestInfrastructure.postgres();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        TestInfrastructure.postgres();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PostgresDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return TestInfrastructure.postgres();
    }
}
