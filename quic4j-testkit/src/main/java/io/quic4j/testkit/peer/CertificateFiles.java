package io.quic4j.testkit.peer;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A certificate and its private key in PEM files, as written by {@link TestCertificates#write(Path)}.
 *
 * @param certificate the X.509 certificate, PEM
 * @param privateKey the unencrypted private key, PEM (PKCS#8)
 */
public record CertificateFiles(Path certificate, Path privateKey) {

    /** Checks that both paths are given. */
    public CertificateFiles {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }
}
