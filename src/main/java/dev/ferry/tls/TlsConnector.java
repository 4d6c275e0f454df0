package dev.ferry.tls;

import dev.ferry.message.Message;
import dev.ferry.net.Watchdog;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.SessionParameters;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;

import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * TLS for one FTP control connection and all its data connections (RFC 4217). The control
 * handshake verifies the server certificate through {@link CertificateTrust}; each data handshake
 * offers to resume the control session, so servers that require session reuse (vsftpd's
 * {@code require_ssl_reuse}, ProFTPD, FileZilla Server) accept it: a TLS 1.2 session by its
 * session ID, a TLS 1.3 session by the newest session ticket the server sent (RFC 8446 §4.6.1).
 * A data connection that is not resumed must present the very certificate the control
 * connection did.
 */
public final class TlsConnector {

    /** Where TLS events go: the session's dialogue log. */
    public interface Events {
        void tls(Message message);

        void warning(Message message);
    }

    private final String host;
    private final int port;
    private final CertificateTrust trust;
    private final Events events;
    private final ClientIdentity identity;
    private volatile TlsPolicy policy;
    /**
     * A private copy of the control session. Bouncy Castle destroys the master secret of a session
     * whose resumption the server declines; each data connection therefore gets its own copy of
     * this one, and one refusal cannot spoil every later data connection.
     */
    private TlsSession resumptionTemplate;
    /** Data connections of one session come one after another: each reuses the last one's buffers. */
    private final java.util.concurrent.atomic.AtomicReference<RecordPump.Buffers> spareBuffers =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** TLS 1.3 tickets of the current control connection; they arrive while its replies are read. */
    private volatile TicketPool tickets = new TicketPool();
    private volatile FerryTlsClient controlClient;
    private String controlFingerprint;
    private TlsConnectionInfo controlInfo;
    /** The key exchange group of the control handshake, which data connections offer first; -1 when none. */
    private int controlKeyShareGroup = -1;

    public TlsConnector(String host, int port, TlsPolicy policy, CertificateTrust trust, Events events) {
        this(host, port, policy, trust, null, events);
    }

    /** @param identity the client certificate to present when the server asks for one; null for none */
    public TlsConnector(String host, int port, TlsPolicy policy, CertificateTrust trust, ClientIdentity identity,
                        Events events) {
        this.host = host;
        this.port = port;
        this.policy = policy;
        this.trust = trust;
        this.identity = identity;
        this.events = events;
    }

    public TlsPolicy policy() {
        return policy;
    }

    public void setPolicy(TlsPolicy policy) {
        this.policy = policy;
    }

    public CertificateTrust trust() {
        return trust;
    }

    public TlsConnectionInfo controlInfo() {
        return controlInfo;
    }

    /**
     * Whether data connections can offer a session to resume now: a TLS 1.2 session with a
     * session ID, or on TLS 1.3 a session ticket the server sent that has not expired.
     */
    public boolean canResume() {
        return resumptionTemplate != null || tickets.newestUsable(System.nanoTime()) != null;
    }

    /**
     * True when the server asked for a client certificate on the control connection and got none:
     * with TLS 1.3 the server refuses only after the client's handshake ended, so a failure soon
     * after is explained by this.
     */
    public boolean clientCertificateWasRequested() {
        FerryTlsClient client = controlClient;
        return client != null && client.clientCertificateRequested();
    }

    /** Whether the server sent a fatal alert on the control connection: its own word, not a lost connection. */
    public boolean controlAlertReceived() {
        FerryTlsClient client = controlClient;
        return client != null && client.alertReceived() >= 0;
    }

    /**
     * What explains a control connection lost right after a TLS 1.3 handshake in which the server
     * asked for a client certificate: none was given, or the one given was not accepted. Null when
     * the server asked for none.
     */
    public Message clientCertificateProblem() {
        FerryTlsClient client = controlClient;
        if (client == null || !client.clientCertificateRequested()) {
            return null;
        }
        Message which = Message.of(TlsText.WHICH_CONTROL);
        if (client.clientCertificateSent()) {
            return Message.of(TlsText.CLIENT_CERTIFICATE_REFUSED_AFTER_HANDSHAKE, which);
        }
        return Message.of(client.hasIdentity() ? TlsText.CLIENT_CERTIFICATE_NO_SIGNATURE
                : TlsText.CLIENT_CERTIFICATE_REQUIRED, which);
    }

    /**
     * Why a data connection offered no session to resume, in words for the log and for error
     * messages; null when it can offer one (see {@link #canResume()}).
     */
    public Message resumptionUnavailableReason() {
        if (canResume()) {
            return null;
        }
        if (controlInfo == null) {
            return Message.of(TlsText.NO_CONTROL_SESSION);
        }
        if (controlInfo.version() != TlsVersion.TLS_1_3) {
            return Message.of(TlsText.NO_SESSION_ID, controlInfo.version().number());
        }
        if (!TicketCollectingProtocol.available()) {
            return Message.of(TlsText.DATA_CANNOT_RESUME_13_BUILD);
        }
        if (tickets.refused()) {
            return Message.of(TlsText.TICKET_OFFER_REFUSED);
        }
        return Message.of(tickets.everReceived() ? TlsText.TICKETS_EXPIRED : TlsText.NO_TICKETS);
    }

    public TlsConnection connectControl(Socket socket, Duration timeout) throws IOException {
        return connectControl(socket, timeout, -1);
    }

    /**
     * @param keyShareGroup the TLS 1.3 key exchange group to offer first (the one this server chose
     *                      before, see {@link #controlKeyShareGroup()}), or -1 for the default
     */
    public TlsConnection connectControl(Socket socket, Duration timeout, int keyShareGroup) throws IOException {
        resumptionTemplate = null;
        controlFingerprint = null;
        controlInfo = null;
        controlKeyShareGroup = -1;
        TicketPool controlTickets = new TicketPool();
        tickets = controlTickets;
        FerryTlsClient client = new FerryTlsClient(policy, host, null, null, keyShareGroup, identity,
                chain -> trust.verify(host, port, chain, events::tls, events::warning));
        TlsConnection connection = handshake(socket, client, timeout, "control", RecordPump.Buffers.fresh(), b -> { },
                controlTickets::add);
        controlClient = client;
        X509Certificate leaf = client.peerLeaf();
        controlFingerprint = leaf == null ? null : CertificateInfo.fingerprint(leaf);
        controlInfo = connection.info();
        controlKeyShareGroup = client.securityParameters().getNegotiatedGroup();
        events.tls(Message.of(TlsText.CONTROL_HANDSHAKE, controlInfo.version().number(), controlInfo.cipherSuite(),
                controlInfo.session()));
        reportClientCertificate(client, TlsText.WHICH_CONTROL);
        TlsSession session = client.session();
        if (controlInfo.version() != TlsVersion.TLS_1_3
                && session != null && session.isResumable() && session.getSessionID().length > 0) {
            resumptionTemplate = copy(session);
        } else if (controlInfo.version() == TlsVersion.TLS_1_3 && !TicketCollectingProtocol.available()) {
            events.tls(Message.of(TlsText.DATA_CANNOT_RESUME_13_BUILD));
        }
        return connection;
    }

    /** The key exchange group the control connection's handshake settled on, or -1. */
    public int controlKeyShareGroup() {
        return controlKeyShareGroup;
    }

    public TlsConnection connectData(Socket socket, Duration timeout) throws IOException {
        TlsSession offered = resumptionTemplate == null ? null : copy(resumptionTemplate);
        TicketPool pool = tickets;
        Tls13Ticket ticket = offered == null ? pool.newestUsable(System.nanoTime()) : null;
        Message unavailable = offered == null && ticket == null ? resumptionUnavailableReason() : null;
        FerryTlsClient client = new FerryTlsClient(policy, host, offered, ticket, controlKeyShareGroup, identity,
                this::checkDataCertificate);
        RecordPump.Buffers buffers = spareBuffers.getAndSet(null);
        TlsConnection connection;
        try {
            connection = handshake(socket, client, timeout, "data",
                    buffers != null ? buffers : RecordPump.Buffers.fresh(), spareBuffers::set, pool::add);
        } catch (IOException e) {
            if (ticket != null) {
                pool.discard(ticket);
                if (refusedByAlert(e)) {
                    // A server that cannot take Ferry's resumption offer should not fail every data connection.
                    pool.refuse();
                    events.warning(Message.of(TlsText.TICKET_OFFER_REFUSED_WARNING));
                }
            }
            throw e;
        }
        reportClientCertificate(client, TlsText.WHICH_DATA);
        TlsConnectionInfo info = connection.info();
        if (info.resumed()) {
            events.tls(Message.of(TlsText.DATA_HANDSHAKE, info.version().number(), info.cipherSuite(), info.session()));
        } else {
            if (ticket != null) {
                pool.discard(ticket);
            }
            events.tls(Message.of(TlsText.DATA_NOT_RESUMED, info.version().number(), info.cipherSuite(),
                    offered != null || ticket != null ? Message.of(TlsText.SERVER_DECLINED_RESUME) : unavailable));
        }
        return connection;
    }

    /**
     * For a server that refused a data connection because it did not resume the control
     * session, and that Ferry cannot satisfy by other means (e.g. it accepts TLS 1.3 only): what
     * it demands, why Ferry could not comply, and what its administrator can change.
     */
    public Message sessionReuseRefusalAdvice() {
        Message reason = resumptionUnavailableReason();
        Message why = reason != null ? reason : Message.of(TlsText.SERVER_DECLINED_RESUME);
        Message fix = Message.of(controlInfo != null && controlInfo.version() == TlsVersion.TLS_1_3
                ? TlsText.FIX_SEND_TICKETS : TlsText.FIX_KEEP_SESSIONS);
        return Message.of(TlsText.REUSE_REFUSAL_ADVICE, why, fix);
    }

    private void reportClientCertificate(FerryTlsClient client, TlsText which) {
        if (client.clientCertificateSent()) {
            events.tls(Message.of(TlsText.CLIENT_CERTIFICATE_SENT, Message.of(which),
                    identity.certificate().getSubjectX500Principal().getName()));
        }
    }

    private static boolean refusedByAlert(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TlsFatalAlertReceived) {
                return true;
            }
        }
        return false;
    }

    private void checkDataCertificate(java.util.List<X509Certificate> chain) throws CertificateRejectedException {
        String fingerprint = CertificateInfo.fingerprint(chain.getFirst());
        if (controlFingerprint == null || !controlFingerprint.equals(fingerprint)) {
            throw new CertificateRejectedException(null, Message.of(TlsText.DATA_CERTIFICATE_DIFFERENT, fingerprint));
        }
    }

    private TlsConnection handshake(Socket socket, FerryTlsClient client, Duration timeout, String which,
                                    RecordPump.Buffers buffers, java.util.function.Consumer<RecordPump.Buffers> release,
                                    java.util.function.Consumer<Tls13Ticket> ticketSink)
            throws IOException {
        int previousTimeout = socket.getSoTimeout();
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
        socket.setTcpNoDelay(true);
        RecordPump pump = new RecordPump(socket, buffers, ticketSink);
        Watchdog.Guard guard = Watchdog.deadline(socket, timeout);
        try {
            pump.handshake(client);
        } catch (IOException | RuntimeException e) {
            guard.close();
            closeQuietly(socket);
            IOException failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            throw translate(failure, client, guard.expired(), which, timeout);
        } finally {
            guard.close();
        }
        socket.setSoTimeout(previousTimeout);
        SecurityParameters parameters = client.securityParameters();
        X509Certificate leaf = client.peerLeaf();
        TlsConnectionInfo info = new TlsConnectionInfo(
                TlsSupport.tlsVersion(parameters.getNegotiatedVersion()),
                TlsSupport.cipherSuiteName(parameters.getCipherSuite()),
                parameters.isResumedSession() || client.resumedByTicket(),
                leaf != null ? CertificateInfo.of(leaf) : controlInfo != null ? controlInfo.peerCertificate() : null,
                client.keyShareRetried());
        return new TlsConnection(socket, pump, info, release);
    }

    private static IOException translate(IOException failure, FerryTlsClient client, boolean deadlinePassed,
                                         String which, Duration timeout) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertificateRejectedException rejected) {
                return rejected;
            }
        }
        Message connection = Message.of(which.equals("control") ? TlsText.WHICH_CONTROL : TlsText.WHICH_DATA);
        if (failure instanceof RecordPump.NotTls plain) {
            return new TlsHandshakeException(Message.of(TlsText.HANDSHAKE_PLAIN_ANSWER, connection, plain.received()),
                    TlsHandshakeException.Kind.NOT_TLS, failure);
        }
        if (deadlinePassed || failure instanceof SocketTimeoutException) {
            return new TlsHandshakeException(Message.of(TlsText.HANDSHAKE_TIMED_OUT, connection, timeout.toSeconds()),
                    TlsHandshakeException.Kind.TIMED_OUT, failure);
        }
        short alert = failure instanceof TlsFatalAlertReceived received ? received.getAlertDescription()
                : client.alertReceived();
        if (client.clientCertificateSent() && alert >= 0) {
            return new TlsHandshakeException(Message.of(TlsText.CLIENT_CERTIFICATE_REFUSED, connection,
                    AlertDescription.getText(alert)), TlsHandshakeException.Kind.CLIENT_CERTIFICATE_REFUSED, failure);
        }
        if (alert == AlertDescription.certificate_required
                || alert >= 0 && client.clientCertificateRequested()) {
            return new TlsHandshakeException(Message.of(client.hasIdentity() ? TlsText.CLIENT_CERTIFICATE_NO_SIGNATURE
                    : TlsText.CLIENT_CERTIFICATE_REQUIRED, connection),
                    TlsHandshakeException.Kind.CLIENT_CERTIFICATE_REQUIRED, failure);
        }
        if (alert >= 0) {
            return new TlsHandshakeException(Message.of(TlsText.HANDSHAKE_REFUSED, connection,
                    AlertDescription.getText(alert)), TlsHandshakeException.Kind.ALERT_RECEIVED, failure);
        }
        if (failure instanceof RecordPump.ClosedDuringHandshake || failure instanceof EOFException
                || failure instanceof SocketException) {
            if (client.clientCertificateSent()) {
                return new TlsHandshakeException(Message.of(TlsText.CLIENT_CERTIFICATE_REFUSED_AFTER_HANDSHAKE,
                        connection), TlsHandshakeException.Kind.CLIENT_CERTIFICATE_REFUSED, failure);
            }
            return new TlsHandshakeException(Message.of(client.clientCertificateRequested()
                    ? client.hasIdentity() ? TlsText.CLIENT_CERTIFICATE_NO_SIGNATURE : TlsText.CLIENT_CERTIFICATE_REQUIRED
                    : TlsText.HANDSHAKE_CLOSED, connection),
                    client.clientCertificateRequested() ? TlsHandshakeException.Kind.CLIENT_CERTIFICATE_REQUIRED
                            : TlsHandshakeException.Kind.CLOSED, failure);
        }
        if (failure instanceof TlsFatalAlert fatal) {
            return new TlsHandshakeException(Message.of(TlsText.HANDSHAKE_FAILED_ALERT, connection,
                    AlertDescription.getText(fatal.getAlertDescription())), TlsHandshakeException.Kind.ALERT_SENT, failure);
        }
        return new TlsHandshakeException(Message.of(TlsText.HANDSHAKE_FAILED, connection,
                String.valueOf(failure.getMessage())), TlsHandshakeException.Kind.OTHER, failure);
    }

    /** A deep copy, master secret included, so that BC can destroy the copy without harming ours. */
    private static TlsSession copy(TlsSession session) throws IOException {
        TlsCrypto crypto = TlsSupport.crypto();
        SessionParameters shared = session.exportSessionParameters();
        SessionParameters copied = new SessionParameters.Builder()
                .setCipherSuite(shared.getCipherSuite())
                .setExtendedMasterSecret(shared.isExtendedMasterSecret())
                .setLocalCertificate(shared.getLocalCertificate())
                .setMasterSecret(crypto.adoptSecret(shared.getMasterSecret()))
                .setNegotiatedVersion(shared.getNegotiatedVersion())
                .setPeerCertificate(shared.getPeerCertificate())
                .setPSKIdentity(shared.getPSKIdentity())
                .setSRPIdentity(shared.getSRPIdentity())
                .setServerExtensions(shared.readServerExtensions())
                .build();
        return TlsUtils.importSession(session.getSessionID(), copied);
    }


    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already failing; nothing more to report.
        }
    }
}
