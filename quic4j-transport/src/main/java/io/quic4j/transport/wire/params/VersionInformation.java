package io.quic4j.transport.wire.params;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.Role;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The version_information transport parameter (id 0x11, RFC 9368 §3), used by compatible version
 * negotiation between QUIC v1 and v2 (RFC 9369): the version of the packets that carried the handshake,
 * and the versions the sender is willing to use.
 *
 * <pre>
 * Version Information {
 *   Chosen Version (32),
 *   Available Versions (32) ...,
 * }
 * </pre>
 *
 * <p>A client lists its compatible versions in order of preference, including the chosen one; a server
 * lists the versions it supports, possibly none. Version numbers are raw 32-bit values (see
 * {@link io.quic4j.transport.wire.QuicVersion#wire()}), since the peer may list versions quic4j does not
 * speak, greased ones included.
 *
 * @param chosenVersion the version of the packets carrying this handshake, not 0
 * @param availableVersions the versions offered, none of them 0; copied
 */
public record VersionInformation(int chosenVersion, List<Integer> availableVersions) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if a version is 0
     */
    public VersionInformation {
        // RFC 9368 §4: "If an endpoint receives a Chosen Version equal to zero, or any Available Version
        // equal to zero, it MUST treat it as a parsing failure."
        if (chosenVersion == 0) {
            throw new IllegalArgumentException("chosenVersion must not be 0 (it is reserved for Version Negotiation)");
        }
        availableVersions = List.copyOf(availableVersions);
        if (availableVersions.contains(0)) {
            throw new IllegalArgumentException("availableVersions must not contain 0, was " + availableVersions);
        }
    }

    /**
     * @param chosenVersion the version of the packets carrying this handshake
     * @param availableVersions the versions offered
     * @return the version information
     */
    public static VersionInformation of(int chosenVersion, int... availableVersions) {
        List<Integer> list = new ArrayList<>(availableVersions.length);
        for (int v : availableVersions) {
            list.add(v);
        }
        return new VersionInformation(chosenVersion, list);
    }

    /** @return the length of the encoded value in bytes */
    int encodedLength() {
        return 4 * (1 + availableVersions.size());
    }

    /**
     * Writes the value (without parameter id and length).
     *
     * @param out advanced by {@link #encodedLength()}
     */
    void writeTo(ByteBuffer out) {
        out.putInt(chosenVersion);
        for (int v : availableVersions) {
            out.putInt(v);
        }
    }

    /**
     * Reads the value of a version_information parameter, which must fill {@code value} exactly.
     *
     * @param value the parameter value
     * @param sender who sent it
     * @return the version information
     * @throws QuicTransportException TRANSPORT_PARAMETER_ERROR if malformed (RFC 9368 §4: a parsing
     *         failure in a QUIC v1 connection; v2 keeps the v1 error codes, RFC 9369)
     */
    static VersionInformation read(ByteBuffer value, Role sender) {
        int length = value.remaining();
        if (length < 4 || length % 4 != 0) {
            throw malformed("version_information is " + length + " bytes, must be a positive multiple of 4");
        }
        int chosen = value.getInt();
        if (chosen == 0) {
            throw malformed("version_information has chosen version 0");
        }
        List<Integer> available = new ArrayList<>(length / 4 - 1);
        boolean listsChosen = false;
        while (value.hasRemaining()) {
            int v = value.getInt();
            if (v == 0) {
                throw malformed("version_information lists available version 0");
            }
            listsChosen |= v == chosen;
            available.add(v);
        }
        // RFC 9368 §4: "If a server receives Version Information where the Chosen Version is not included
        // in Available Versions, it MUST treat it as a parsing failure."
        if (sender == Role.CLIENT && !listsChosen) {
            throw malformed("client version_information does not list its chosen version "
                    + Integer.toHexString(chosen) + " among its available versions");
        }
        return new VersionInformation(chosen, available);
    }

    /**
     * Checks that this value may be sent by the given role.
     *
     * @param sender who is about to send it
     * @throws IllegalArgumentException if a client's available versions omit its chosen version
     */
    void requireSendableBy(Role sender) {
        Objects.requireNonNull(sender, "sender");
        if (sender == Role.CLIENT && !availableVersions.contains(chosenVersion)) {
            throw new IllegalArgumentException("a client must list its chosen version " + Integer.toHexString(
                    chosenVersion) + " in availableVersions (RFC 9368 §4), was " + availableVersions);
        }
    }

    private static QuicTransportException malformed(String message) {
        return QuicTransportException.of(TransportError.TRANSPORT_PARAMETER_ERROR, message);
    }
}
