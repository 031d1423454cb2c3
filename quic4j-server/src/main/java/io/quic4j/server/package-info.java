/**
 * The quic4j web server. So far its building blocks live in internal packages: {@code files} (static
 * files: path safety, validators, conditional and range requests) and {@code tls} (self-signed
 * certificates); the runnable server and its CLI arrive with issue 7.
 */
package io.quic4j.server;
