package dev.ferry.diagnose;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpReply;
import dev.ferry.ftp.TlsMode;
import dev.ferry.message.Message;
import dev.ferry.tls.CertificateInfo;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.KnownHosts;
import dev.ferry.tls.TlsConnection;
import dev.ferry.tls.TlsConnectionInfo;
import dev.ferry.tls.TlsConnector;
import dev.ferry.tls.TlsHandshakeException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps the engine has no operation for, on raw sockets: the TCP connection, the greeting,
 * AUTH TLS and the control handshake without logging in (so a handshake that stalls is seen as
 * such, within one step's time), the certificate as this computer judges it, and the other TLS
 * ports (implicit TLS, explicit TLS on 21). No user name or password is ever sent here.
 */
final class ControlProbe {

    /** How long an implicit-TLS probe waits to see whether the port greets in plain text first. */
    private static final Duration PLAIN_GREETING_WAIT = Duration.ofMillis(1000);

    private static final TlsConnector.Events QUIET = new TlsConnector.Events() {
        @Override
        public void tls(Message message) {
        }

        @Override
        public void warning(Message message) {
        }
    };

    private final ConnectionSettings settings;
    private final Duration timeout;
    private final Recorder rec;
    private final Closer closer;
    private final Facts facts;
    private final Runnable tlsReady;

    /** {@code tlsReady} returns once this JVM's TLS is warm (see {@link TlsWarmUp}): handshakes are timed after it. */
    ControlProbe(ConnectionSettings settings, Duration timeout, Recorder rec, Closer closer, Facts facts,
                 Runnable tlsReady) {
        this.settings = settings;
        this.timeout = timeout;
        this.rec = rec;
        this.closer = closer;
        this.facts = facts;
        this.tlsReady = tlsReady;
    }

    // ------------------------------------------------------------------ the configured port

    /** TCP, greeting, AUTH TLS, handshake, certificate on the configured port, as its TLS mode has them. */
    void run() {
        Socket socket = tcp();
        if (socket == null) {
            rec.skipAfter(Step.TCP, List.of(Step.GREETING, Step.AUTH_TLS, Step.TLS_HANDSHAKE, Step.CERTIFICATE));
            return;
        }
        try {
            socket.setSoTimeout(millis(timeout));
            if (settings.tlsMode() == TlsMode.IMPLICIT) {
                implicitPath(socket);
            } else {
                explicitPath(socket);
            }
        } catch (IOException e) {
            // Setting a timeout on a socket the deadline closed: nothing more to learn.
        } finally {
            closer.release(socket);
            Closer.closeQuietly(socket);
        }
    }

    private Socket tcp() {
        rec.start(Step.TCP);
        List<Message> details = new ArrayList<>();
        IOException last = null;
        InetSocketAddress lastTarget = null;
        for (InetAddress address : facts.addresses) {
            InetSocketAddress target = new InetSocketAddress(address, settings.port());
            Socket socket = closer.register(new Socket());
            long start = System.nanoTime();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(target, millis(timeout));
                rec.finish(Step.TCP, Outcome.OK, Message.of(DiagnoseText.TCP_OK, format(target),
                        String.valueOf((System.nanoTime() - start) / 1_000_000)), details);
                return socket;
            } catch (IOException e) {
                closer.release(socket);
                Closer.closeQuietly(socket);
                last = e;
                lastTarget = target;
                details.add(Message.of(DiagnoseText.TCP_ATTEMPT_FAILED, format(target), describe(e)));
            }
        }
        Message why = lastTarget == null ? Message.of(DiagnoseText.DNS_NO_ADDRESS, settings.host())
                : connectFailure(last, format(lastTarget));
        rec.finish(Step.TCP, Outcome.FAILED, why, details.size() > 1 ? details : List.of());
        return null;
    }

    private Message connectFailure(IOException e, String address) {
        if (e instanceof SocketTimeoutException) {
            return Message.of(DiagnoseText.TCP_TIMED_OUT, address, seconds());
        }
        if (e instanceof ConnectException) {
            return Message.of(DiagnoseText.TCP_REFUSED, address);
        }
        if (e instanceof NoRouteToHostException) {
            return Message.of(DiagnoseText.TCP_NO_ROUTE, address);
        }
        return Message.of(DiagnoseText.TCP_FAILED, address, describe(e));
    }

    private void explicitPath(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        if (!greeting(in, false)) {
            rec.skipAfter(Step.GREETING, List.of(Step.AUTH_TLS, Step.TLS_HANDSHAKE, Step.CERTIFICATE));
            return;
        }
        rec.start(Step.AUTH_TLS);
        FtpReply reply;
        try {
            RawReplies.send(out, "AUTH TLS");
            reply = finalReply(in);
            if (reply.code() != 234) {
                // What the engine tries next; a server that only knows the old name still gets TLS.
                RawReplies.send(out, "AUTH SSL");
                FtpReply legacy = finalReply(in);
                if (legacy.code() == 234 || legacy.code() == 334) {
                    rec.finish(Step.AUTH_TLS, Outcome.WARNING, Message.of(DiagnoseText.AUTH_SSL_ONLY,
                            String.valueOf(legacy.code()), legacy.firstLineText()), replyLines(reply, legacy));
                    handshake(socket, false);
                    return;
                }
                rec.finish(Step.AUTH_TLS, settings.tlsMode() == TlsMode.EXPLICIT ? Outcome.FAILED : Outcome.NOT_OFFERED,
                        Message.of(DiagnoseText.AUTH_TLS_REFUSED, String.valueOf(reply.code()), reply.firstLineText()),
                        replyLines(reply, legacy));
                rec.skipAfter(Step.AUTH_TLS, List.of(Step.TLS_HANDSHAKE, Step.CERTIFICATE));
                quit(in, out);
                return;
            }
        } catch (IOException e) {
            rec.finish(Step.AUTH_TLS, Outcome.FAILED, replyFailure(e, DiagnoseText.AUTH_TLS_NO_ANSWER));
            rec.skipAfter(Step.AUTH_TLS, List.of(Step.TLS_HANDSHAKE, Step.CERTIFICATE));
            return;
        }
        rec.finish(Step.AUTH_TLS, Outcome.OK, Message.of(DiagnoseText.AUTH_TLS_OK, String.valueOf(reply.code()),
                reply.firstLineText()), replyLines(reply));
        handshake(socket, false);
    }

    private void implicitPath(Socket socket) {
        Handshake done = handshake(socket, true);
        if (done == null) {
            rec.skipAfter(Step.TLS_HANDSHAKE, List.of(Step.GREETING));
            return;
        }
        try (TlsConnection tls = done.connection()) {
            if (greeting(tls.input(), true)) {
                afterHandshake(tls, done.connector());
            }
        } catch (IOException e) {
            // Closing after the greeting: nothing to report.
        }
    }

    /** Reads the greeting; true when it welcomes us. */
    private boolean greeting(InputStream in, boolean encrypted) {
        rec.start(Step.GREETING);
        FtpReply greeting;
        try {
            greeting = finalReply(in);
        } catch (RawReplies.NotFtp e) {
            rec.finish(Step.GREETING, Outcome.FAILED, e.text.startsWith("SSH-")
                    ? Message.of(DiagnoseText.GREETING_SSH, e.text) : Message.of(DiagnoseText.GREETING_NOT_FTP, e.text));
            return false;
        } catch (SocketTimeoutException e) {
            rec.finish(Step.GREETING, Outcome.FAILED, Message.of(encrypted ? DiagnoseText.GREETING_TIMED_OUT_TLS
                    : DiagnoseText.GREETING_TIMED_OUT, seconds()));
            return false;
        } catch (EOFException e) {
            rec.finish(Step.GREETING, Outcome.FAILED, Message.of(DiagnoseText.GREETING_CLOSED));
            return false;
        } catch (IOException e) {
            rec.finish(Step.GREETING, Outcome.FAILED, Message.of(DiagnoseText.GREETING_FAILED, describe(e)));
            return false;
        }
        List<Message> details = new ArrayList<>(replyLines(greeting));
        String software = ServerSoftware.named(greeting.text()).orElse(null);
        if (!greeting.isPositive()) {
            rec.finish(Step.GREETING, Outcome.FAILED, Message.of(DiagnoseText.GREETING_REFUSED,
                    String.valueOf(greeting.code()), greeting.firstLineText()), details);
            return false;
        }
        rec.finish(Step.GREETING, Outcome.OK, software == null
                ? Message.of(DiagnoseText.GREETING_OK_ANONYMOUS, greeting.firstLineText())
                : Message.of(DiagnoseText.GREETING_OK, greeting.firstLineText(), software), details);
        return true;
    }

    /** The certificate to present, if the settings name one that loads; a probe goes on without it otherwise. */
    private dev.ferry.tls.ClientIdentity clientIdentity() {
        try {
            return settings.clientIdentity() == null ? null : settings.clientIdentity().load();
        } catch (dev.ferry.tls.ClientIdentityException e) {
            return null;
        }
    }

    private record Handshake(TlsConnection connection, TlsConnector connector) {
    }

    /** The control handshake with this computer's judgement of the certificate; null when it failed. */
    private Handshake handshake(Socket socket, boolean implicit) {
        tlsReady.run();
        rec.start(Step.TLS_HANDSHAKE);
        CertificateRecorder certificates = new CertificateRecorder();
        TlsConnector connector = new TlsConnector(settings.host(), settings.port(), settings.tlsPolicy(),
                certificates.trust(), clientIdentity(), QUIET);
        TlsConnection tls;
        try {
            tls = connector.connectControl(socket, timeout);
        } catch (TlsHandshakeException e) {
            if (e.timedOut()) {
                facts.tlsStalled = true;
                rec.finish(Step.TLS_HANDSHAKE, Outcome.FAILED, implicit
                        ? Message.of(DiagnoseText.TLS_IMPLICIT_STALLED, String.valueOf(settings.port()), seconds())
                        : Message.of(DiagnoseText.TLS_STALLED, seconds()));
            } else {
                facts.tlsFailure = e.explanation();
                rec.finish(Step.TLS_HANDSHAKE, Outcome.FAILED, Message.of(DiagnoseText.TLS_FAILED, e.explanation()));
            }
            rec.skipAfter(Step.TLS_HANDSHAKE, List.of(Step.CERTIFICATE));
            return null;
        } catch (IOException e) {
            facts.tlsFailure = Detail.text(describe(e));
            rec.finish(Step.TLS_HANDSHAKE, Outcome.FAILED, Message.of(DiagnoseText.TLS_FAILED, facts.tlsFailure));
            rec.skipAfter(Step.TLS_HANDSHAKE, List.of(Step.CERTIFICATE));
            return null;
        }
        TlsConnectionInfo info = tls.info();
        facts.tls = info;
        rec.finish(Step.TLS_HANDSHAKE, Outcome.OK, Message.of(DiagnoseText.TLS_OK, info.version().number(),
                info.cipherSuite()));
        certificate(certificates.review(), info.peerCertificate());
        if (!implicit) {
            try (tls) {
                afterHandshake(tls, connector);
            } catch (IOException e) {
                // Closing after the probe: nothing to report.
            }
        }
        return new Handshake(tls, connector);
    }

    /**
     * One exchange after the handshake (and the greeting, for implicit TLS): a TLS 1.3 server's
     * session tickets come with it, and then the connector knows whether data connections could
     * resume this session.
     */
    private void afterHandshake(TlsConnection tls, TlsConnector connector) {
        try {
            RawReplies.send(tls.output(), "NOOP");
            finalReply(tls.input());
            quit(tls.input(), tls.output());
        } catch (IOException e) {
            // Tickets are a detail; the handshake's result stands.
        }
        facts.resumptionUnavailable = connector.resumptionUnavailableReason();
    }

    private void certificate(CertificateTrust.Review review, CertificateInfo leaf) {
        rec.start(Step.CERTIFICATE);
        CertificateInfo certificate = review != null ? review.certificate() : leaf;
        facts.review = review;
        if (certificate == null) {
            rec.finish(Step.CERTIFICATE, Outcome.WARNING, Message.of(DiagnoseText.CERT_NONE));
            return;
        }
        List<Message> details = CertificateFindings.details(certificate, review);
        if (review == null) {
            rec.finish(Step.CERTIFICATE, Outcome.OK, Message.of(DiagnoseText.CERT_TRUSTED, settings.host(),
                    CertificateFindings.commonName(certificate.issuer())), details);
        } else {
            rec.finish(Step.CERTIFICATE, Outcome.WARNING, Message.of(DiagnoseText.CERT_NOT_TRUSTED,
                    CertificateFindings.problems(review.problems(), settings.host())), details);
        }
    }

    // ------------------------------------------------------------------ other TLS ports

    /** Implicit TLS on {@code port}: a handshake right after connecting, then an FTP greeting inside. */
    void implicitTls(Step step, int port) {
        rec.start(step);
        Socket socket = connectQuietly(step, port);
        if (socket == null) {
            return;
        }
        try {
            PushbackInputStream in = new PushbackInputStream(socket.getInputStream(), 1);
            socket.setSoTimeout(millis(PLAIN_GREETING_WAIT.compareTo(timeout) < 0 ? PLAIN_GREETING_WAIT : timeout));
            int first;
            try {
                first = in.read();
            } catch (SocketTimeoutException quiet) {
                first = -2;
            }
            socket.setSoTimeout(millis(timeout));
            if (first == -1) {
                rec.finish(step, Outcome.NOT_OFFERED, Message.of(DiagnoseText.ALT_CLOSED, String.valueOf(port)));
                return;
            }
            if (first >= 0) {
                // An implicit-TLS server waits for our handshake; this one spoke first.
                in.unread(first);
                String said;
                try {
                    said = RawReplies.read(in).lines().getFirst();
                } catch (RawReplies.NotFtp e) {
                    said = e.text;
                } catch (IOException e) {
                    said = "";
                }
                rec.finish(step, Outcome.NOT_OFFERED, Message.of(DiagnoseText.IMPLICIT_PLAIN, String.valueOf(port), said));
                return;
            }
            TlsConnector connector = new TlsConnector(settings.host(), port, settings.tlsPolicy(), acceptForProbe(),
                    clientIdentity(), QUIET);
            TlsConnection tls;
            tlsReady.run();
            try {
                tls = connector.connectControl(socket, timeout);
            } catch (TlsHandshakeException e) {
                rec.finish(step, Outcome.NOT_OFFERED, e.timedOut()
                        ? Message.of(DiagnoseText.IMPLICIT_NO_HANDSHAKE, String.valueOf(port), seconds())
                        : Message.of(DiagnoseText.IMPLICIT_NO_TLS, String.valueOf(port), e.explanation()));
                return;
            }
            try (tls) {
                FtpReply greeting = finalReply(tls.input());
                if (greeting.isPositive()) {
                    rec.finish(step, Outcome.OK, Message.of(DiagnoseText.IMPLICIT_OK, String.valueOf(port),
                            tls.info().version().number()), replyLines(greeting));
                } else {
                    rec.finish(step, Outcome.NOT_OFFERED, Message.of(DiagnoseText.ALT_REFUSED, String.valueOf(port),
                            String.valueOf(greeting.code()), greeting.firstLineText()), replyLines(greeting));
                }
            } catch (IOException e) {
                rec.finish(step, Outcome.NOT_OFFERED, Message.of(DiagnoseText.IMPLICIT_TLS_NOT_FTP, String.valueOf(port),
                        tls.info().version().number()));
            }
        } catch (IOException e) {
            rec.finish(step, Outcome.NOT_OFFERED, Message.of(DiagnoseText.ALT_FAILED, String.valueOf(port), describe(e)));
        } finally {
            closer.release(socket);
            Closer.closeQuietly(socket);
        }
    }

    /** Explicit TLS on {@code port}: greeting, AUTH TLS, handshake (for a site set to implicit TLS). */
    void explicitTls(Step step, int port) {
        rec.start(step);
        Socket socket = connectQuietly(step, port);
        if (socket == null) {
            return;
        }
        try {
            socket.setSoTimeout(millis(timeout));
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            FtpReply greeting;
            try {
                greeting = finalReply(in);
            } catch (IOException e) {
                rec.finish(step, Outcome.NOT_OFFERED, Message.of(DiagnoseText.EXPLICIT_NO_GREETING, String.valueOf(port)));
                return;
            }
            if (!greeting.isPositive()) {
                rec.finish(step, Outcome.NOT_OFFERED, Message.of(DiagnoseText.ALT_REFUSED, String.valueOf(port),
                        String.valueOf(greeting.code()), greeting.firstLineText()), replyLines(greeting));
                return;
            }
            RawReplies.send(out, "AUTH TLS");
            FtpReply auth = finalReply(in);
            if (auth.code() != 234) {
                rec.finish(step, Outcome.NOT_OFFERED, Message.of(DiagnoseText.EXPLICIT_AUTH_REFUSED, String.valueOf(port),
                        String.valueOf(auth.code()), auth.firstLineText()), replyLines(greeting, auth));
                return;
            }
            TlsConnector connector = new TlsConnector(settings.host(), port, settings.tlsPolicy(), acceptForProbe(),
                    clientIdentity(), QUIET);
            tlsReady.run();
            try (TlsConnection tls = connector.connectControl(socket, timeout)) {
                rec.finish(step, Outcome.OK, Message.of(DiagnoseText.EXPLICIT_OK, String.valueOf(port),
                        tls.info().version().number()), replyLines(greeting, auth));
            } catch (TlsHandshakeException e) {
                rec.finish(step, Outcome.NOT_OFFERED, e.timedOut()
                        ? Message.of(DiagnoseText.EXPLICIT_STALLED, String.valueOf(port), seconds())
                        : Message.of(DiagnoseText.EXPLICIT_NO_TLS, String.valueOf(port), e.explanation()));
            }
        } catch (IOException e) {
            rec.finish(step, Outcome.NOT_OFFERED, Message.of(DiagnoseText.ALT_FAILED, String.valueOf(port), describe(e)));
        } finally {
            closer.release(socket);
            Closer.closeQuietly(socket);
        }
    }

    /** A connection to {@code port} for an alternative; null (and the step finished) when there is none. */
    private Socket connectQuietly(Step step, int port) {
        IOException last = null;
        for (InetAddress address : facts.addresses) {
            Socket socket = closer.register(new Socket());
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(address, port), millis(timeout));
                return socket;
            } catch (IOException e) {
                closer.release(socket);
                Closer.closeQuietly(socket);
                last = e;
            }
        }
        String p = String.valueOf(port);
        Message why = last instanceof ConnectException ? Message.of(DiagnoseText.ALT_NOTHING_LISTENS, p)
                : last instanceof SocketTimeoutException ? Message.of(DiagnoseText.ALT_NO_ANSWER, p, seconds())
                : Message.of(DiagnoseText.ALT_FAILED, p, last == null ? "" : describe(last));
        rec.finish(step, Outcome.NOT_OFFERED, why);
        return null;
    }

    /** No credentials go over a probe's connection, so any certificate will do for seeing whether TLS works. */
    private static CertificateTrust acceptForProbe() {
        return CertificateTrust.interactive(KnownHosts.inMemory(), review -> CertificateTrust.Decision.TRUST_ONCE);
    }

    /** Records what this computer thinks of the certificate, and lets the handshake go on (nothing secret follows). */
    private static final class CertificateRecorder {
        private volatile CertificateTrust.Review review;
        private final CertificateTrust trust = CertificateTrust.interactive(KnownHosts.inMemory(), r -> {
            review = r;
            return CertificateTrust.Decision.TRUST_ONCE;
        });

        CertificateTrust trust() {
            return trust;
        }

        CertificateTrust.Review review() {
            return review;
        }
    }

    // ------------------------------------------------------------------ plumbing

    /** A reply that is not preliminary (a 1xx is followed by the real one). */
    private static FtpReply finalReply(InputStream in) throws IOException {
        FtpReply reply = RawReplies.read(in);
        for (int i = 0; i < 5 && reply.isPreliminary(); i++) {
            reply = RawReplies.read(in);
        }
        return reply;
    }

    private static void quit(InputStream in, OutputStream out) {
        try {
            RawReplies.send(out, "QUIT");
            RawReplies.read(in);
        } catch (IOException e) {
            // Leaving anyway.
        }
    }

    private Message replyFailure(IOException e, DiagnoseText noAnswer) {
        if (e instanceof SocketTimeoutException) {
            return Message.of(noAnswer, seconds());
        }
        if (e instanceof EOFException) {
            return Message.of(DiagnoseText.CONTROL_CLOSED);
        }
        if (e instanceof RawReplies.NotFtp notFtp) {
            return Message.of(DiagnoseText.NOT_A_REPLY, notFtp.text);
        }
        return Message.of(DiagnoseText.CONTROL_FAILED, describe(e));
    }

    static List<Message> replyLines(FtpReply... replies) {
        List<Message> lines = new ArrayList<>();
        for (FtpReply reply : replies) {
            reply.lines().forEach(line -> lines.add(Detail.text("< " + line)));
        }
        return lines;
    }

    private String seconds() {
        return String.valueOf(Math.max(1, timeout.toSeconds()));
    }

    static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    static String describe(IOException e) {
        String text = e.getMessage();
        return text == null || text.isBlank() ? e.getClass().getSimpleName() : text;
    }

    static String format(InetSocketAddress address) {
        InetAddress a = address.getAddress();
        String host = a == null ? address.getHostString() : a.getHostAddress();
        return (a instanceof Inet6Address ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
