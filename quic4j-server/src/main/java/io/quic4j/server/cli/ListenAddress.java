package io.quic4j.server.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --listen HOST:PORT}: an IPv4 address or host name, or an IPv6 address in brackets ({@code [::1]:4433},
 * {@code [::]:4433}), then a port from 0 (any free port) to 65535.
 */
final class ListenAddress implements ITypeConverter<InetSocketAddress> {
    ListenAddress() {
    }

    @Override
    public InetSocketAddress convert(String value) {
        return parse(value);
    }

    static InetSocketAddress parse(String value) {
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new TypeConversionException("'" + value + "' is not HOST:PORT (for example 127.0.0.1:4433)");
        }
        String host = value.substring(0, colon);
        String portText = value.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new TypeConversionException("'" + value + "': put an IPv6 address in brackets, as in [::1]:4433");
        }
        if (host.isEmpty()) {
            throw new TypeConversionException("'" + value + "' has no host: use 0.0.0.0:PORT for every interface");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + portText + "' in '" + value + "' is not a port number");
        }
        if (port < 0 || port > 65535) {
            throw new TypeConversionException("port " + port + " is not in 0..65535");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new TypeConversionException("cannot resolve host '" + host + "'");
        }
    }
}
