/**
 * The {@code quic4j} command line, built with picocli: {@link io.quic4j.server.cli.Main} dispatches to its
 * subcommands; {@link io.quic4j.server.cli.ServeCommand} ({@code quic4j serve}) serves a directory or the demo site
 * over HTTP/3 and maps SIGTERM/SIGINT to a graceful shutdown (DESIGN.md §4);
 * {@link io.quic4j.server.cli.GetCommand} ({@code quic4j get}) fetches a URL over HTTP/3 with curl's option names
 * and exit codes. {@code bin/quic4j} runs it.
 */
package io.quic4j.server.cli;
