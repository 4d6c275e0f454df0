package dev.ferry.ftp;

import dev.ferry.tls.TlsConnectionInfo;

/**
 * How a session is protected, for the padlock: whether TLS covers the control and data
 * connections, whether an "explicit if available" session fell back to plain FTP, and the
 * details of the latest handshakes.
 */
public record SecurityStatus(TlsMode requested, boolean controlEncrypted, boolean dataEncrypted,
                             boolean fellBackToPlain, TlsConnectionInfo control, TlsConnectionInfo lastData) {

    public static final SecurityStatus DISCONNECTED = new SecurityStatus(TlsMode.NONE, false, false, false, null, null);

    /** True when both control and data connections are encrypted. */
    public boolean fullyEncrypted() {
        return controlEncrypted && dataEncrypted;
    }
}
