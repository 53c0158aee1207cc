package io.atpsync.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension handing a {@link KafkaBroker} to test constructors, lifecycle methods and tests. The broker is
 * started once per test JVM (see {@link KafkaBroker#get()}), never per test.
 *
 * <pre>{@code
 * @ExtendWith(KafkaBrokerExtension.class)
 * class RoundTripIT {
 *     @Test void shouldRoundTrip(KafkaBroker kafka) { String topic = kafka.createTopic("rt", 3); ... }
 * }
 * }</pre>
 */
public final class KafkaBrokerExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // Kept in the root store: JUnit closes it once, after the last test of the run, before the JVM exits.
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(KafkaBroker.class, k -> KafkaBroker.get(), KafkaBroker.class);
    }

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaBrokerExtension.class);
}
