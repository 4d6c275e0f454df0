package dev.ferry.tls;

/**
 * The outcome of one handshake: for the log and the padlock. {@code peerCertificate} is the
 * certificate the server presented, or on a resumed session the one of the session resumed.
 * {@code keyShareRetried}: the server wanted another TLS 1.3 key exchange group than the one
 * offered, and asked again for it (HelloRetryRequest), which costs a round trip and a key pair.
 */
public record TlsConnectionInfo(TlsVersion version, String cipherSuite, boolean resumed,
                                CertificateInfo peerCertificate, boolean keyShareRetried) {

    /** "TLS 1.3, TLS_AES_128_GCM_SHA256, session resumed", as a message for the log. */
    public dev.ferry.message.Message session() {
        return dev.ferry.message.Message.of(resumed ? TlsText.SESSION_RESUMED : TlsText.SESSION_NEW);
    }
}
