package io.quic4j.tls.cert;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * HTTPS endpoint identification (RFC 9110 §4.3.4, RFC 6125 §6): the server name must match a
 * subjectAltName of the end-entity certificate, a dNSName for a host name (with a wildcard allowed
 * only as the whole left-most label) or an iPAddress for an address literal. The subject CN is not
 * consulted, as current browsers do.
 */
public final class HostnameMatcher {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private HostnameMatcher() {
    }

    /**
     * @param host the name the client connected to (a DNS name or an IP literal)
     * @return whether it is an IP address literal, which is not sent as server_name (RFC 6066 §3)
     */
    public static boolean isIpLiteral(String host) {
        return IPV4.matcher(host).matches() || host.indexOf(':') >= 0;
    }

    /**
     * @param cert the end-entity certificate
     * @param host the expected host
     * @return whether the certificate is valid for the host
     */
    public static boolean matches(X509Certificate cert, String host) {
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (sans == null) {
            return false;
        }
        if (isIpLiteral(host)) {
            InetAddress expected = literal(host);
            for (List<?> san : sans) {
                if (((Integer) san.get(0)) == SAN_IP && expected != null
                        && expected.equals(literal((String) san.get(1)))) {
                    return true;
                }
            }
            return false;
        }
        String name = normalize(host);
        for (List<?> san : sans) {
            if (((Integer) san.get(0)) == SAN_DNS && dnsMatch(normalize((String) san.get(1)), name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean dnsMatch(String pattern, String name) {
        if (!pattern.startsWith("*.")) {
            return pattern.equals(name);
        }
        String suffix = pattern.substring(1); // ".example.com"
        // RFC 6125 §6.4.3: the wildcard matches exactly one whole label; refuse "*.com"-style patterns
        if (suffix.indexOf('.', 1) < 0 || !name.endsWith(suffix)) {
            return false;
        }
        String label = name.substring(0, name.length() - suffix.length());
        return !label.isEmpty() && label.indexOf('.') < 0;
    }

    private static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static InetAddress literal(String s) {
        String t = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (!isIpLiteral(t)) {
            return null;
        }
        try {
            return InetAddress.getByName(t); // a literal: no name service lookup happens
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
