package dev.ferry.tls;

/**
 * The outcome of one handshake: for the log and the padlock. {@code peerCertificate} is the
 * certificate the server presented, or on a resumed session the one of the session resumed.
 */
public record TlsConnectionInfo(TlsVersion version, String cipherSuite, boolean resumed,
                                CertificateInfo peerCertificate) {

    public String summary() {
        return version + ", " + cipherSuite + (resumed ? ", session resumed" : ", new session");
    }
}
