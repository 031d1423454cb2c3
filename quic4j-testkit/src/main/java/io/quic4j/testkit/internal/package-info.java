/**
 * Internals of the simulator: the time-ordered {@link io.quic4j.testkit.internal.EventQueue}, the per-link
 * impairment {@link io.quic4j.testkit.internal.LinkPipeline} (read it with
 * {@link io.quic4j.testkit.LinkConfig}'s class comment, which gives the order of the stages), the link
 * counters, and {@link io.quic4j.testkit.internal.SeedMix}, which derives each link's random stream from
 * the master seed.
 */
package io.quic4j.testkit.internal;
