package io.quic4j.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.opentest4j.TestAbortedException;

/**
 * The JUnit 5 extension behind {@link SeededTest}: one invocation per seed, the seed resolved into the
 * method's {@code long} parameter, and a failure rethrown as a {@link SeedFailure} carrying the replay
 * command.
 */
public final class SeedExtension implements TestTemplateInvocationContextProvider {

    /** Created by JUnit. */
    public SeedExtension() {
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(SeededTest.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        int count = context.getRequiredTestMethod().getAnnotation(SeededTest.class).seeds();
        return Arrays.stream(Seeds.list(count)).mapToObj(SeedInvocation::new);
    }

    private record SeedInvocation(long seed) implements TestTemplateInvocationContext {
        @Override
        public String getDisplayName(int invocationIndex) {
            return "seed " + seed;
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new SeedParameter(seed), new SeedFailureReporter(seed));
        }
    }

    private record SeedParameter(long seed) implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
            Class<?> type = p.getParameter().getType();
            return type == long.class || type == Long.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext e) {
            return seed;
        }
    }

    private record SeedFailureReporter(long seed) implements TestExecutionExceptionHandler {
        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
            if (failure instanceof TestAbortedException || failure instanceof SeedFailure) {
                throw failure;
            }
            String command = ReplayCommand.of(context.getRequiredTestClass(), context.getRequiredTestMethod().getName(),
                    seed);
            throw new SeedFailure(seed, command, "", failure);
        }
    }
}
