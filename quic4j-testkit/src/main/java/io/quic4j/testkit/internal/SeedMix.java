package io.quic4j.testkit.internal;

import java.nio.charset.StandardCharsets;

/**
 * Derives independent random seeds from the master seed and a stable name, so that each link has its own
 * stream and adding a link does not change the others' streams.
 */
public final class SeedMix {
    private SeedMix() {
    }

    /**
     * The seed for the stream named {@code name} under {@code master}.
     *
     * @param master the simulation's seed
     * @param name a name stable across runs, such as a link's {@code "client->server"}
     * @return a well-mixed seed
     */
    public static long derive(long master, String name) {
        long h = mix(master);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xff));
        }
        return h;
    }

    // The finalizer of SplitMix64 (Steele, Lea, Flood: "Fast splittable pseudorandom number generators").
    private static long mix(long z) {
        z += 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
