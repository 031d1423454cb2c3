package io.quic4j.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test run once per seed of {@link Seeds#list} (each seed shown as its own test, "seed 17"). The seed is
 * passed to the method's {@code long} parameter. A failing seed fails with a {@link SeedFailure} whose
 * message holds the command that replays exactly that seed.
 *
 * <pre>{@code
 * @SeededTest(seeds = 100)
 * void handshakeCompletesUnderLoss(long seed) {
 *     Simulator sim = new Simulator(seed);
 *     ...
 * }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(SeedExtension.class)
public @interface SeededTest {

    /**
     * How many seeds to run when {@value Seeds#COUNT_PROPERTY} is not set.
     *
     * @return the default count
     */
    int seeds() default 20;
}
