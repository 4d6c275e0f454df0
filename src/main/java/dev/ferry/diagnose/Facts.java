package dev.ferry.diagnose;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpFeatures;
import dev.ferry.message.Message;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.TlsConnectionInfo;

import java.net.InetAddress;
import java.util.List;

/**
 * What the probes learned, beyond each step's outcome: what the verdict is made of. Written by
 * the probe threads (each field by one probe), read once they are done.
 */
final class Facts {

    volatile List<InetAddress> addresses = List.of();
    volatile TlsConnectionInfo tls;
    /** The server accepted AUTH TLS (or the implicit connection) and then never completed the handshake. */
    volatile boolean tlsStalled;
    /** Why the control handshake failed, as the TLS layer says it. */
    volatile Message tlsFailure;
    /** Why this computer does not trust the certificate; null when it does (or no handshake happened). */
    volatile CertificateTrust.Review review;
    /**
     * After the control handshake and one reply, why data connections could not resume its
     * session, as the TLS layer says it (no TLS 1.3 ticket came, say); null when they could.
     */
    volatile Message resumptionUnavailable;

    /** The settings the login was tried with (the given ones, or another TLS mode/port that works). */
    volatile ConnectionSettings loginSettings;
    volatile boolean fellBackToPlain;
    volatile boolean protRefused;
    /** The user's trust rejected the certificate: its fingerprint. */
    volatile String rejectedFingerprint;
    volatile FtpFeatures features;

    volatile InetAddress pasvAnnounced;
    /** PASV announced an address we cannot reach, and the control address works. */
    volatile boolean pasvNeedsControlAddress;
    /** PASV works only to the announced address, not to the control one. */
    volatile boolean pasvNeedsAnnouncedAddress;

    /** The server refused TLS 1.3 data connections that did not resume; TLS 1.2 works. */
    volatile boolean needsTls12;
    /** Reuse required, TLS 1.3 only, and no data connection could resume. */
    volatile boolean reuse13Only;
    /** Reuse required and the server declined the session Ferry offered (TLS 1.2). */
    volatile boolean reuseDeclined;

    volatile String undecodableName;
    /** The charset the engine recognised the names in, when they are not UTF-8. */
    volatile String guessedCharset;
}
