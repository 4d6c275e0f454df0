package dev.ferry.tls;

/**
 * The outcome of one handshake: for the log and the padlock. {@code peerCertificate} is the
 * certificate the server presented, or on a resumed session the one of the session resumed.
 */
public record TlsConnectionInfo(TlsVersion version, String cipherSuite, boolean resumed,
                                CertificateInfo peerCertificate) {

    /** "TLS 1.3, TLS_AES_128_GCM_SHA256, session resumed", as a message for the log. */
    public dev.ferry.message.Message session() {
        return dev.ferry.message.Message.of(resumed ? TlsText.SESSION_RESUMED : TlsText.SESSION_NEW);
    }
}
