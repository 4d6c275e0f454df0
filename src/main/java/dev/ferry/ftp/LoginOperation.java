package dev.ferry.ftp;

import dev.ferry.message.Message;
import dev.ferry.message.Messages;
import dev.ferry.tls.CertificateRejectedException;
import dev.ferry.tls.ClientIdentity;
import dev.ferry.tls.ClientIdentityException;
import dev.ferry.tls.TlsConnection;
import dev.ferry.tls.TlsConnector;
import dev.ferry.tls.TlsHandshakeException;
import dev.ferry.tls.TlsPolicy;
import dev.ferry.tls.TlsVersion;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Connecting and logging in, one step at a time: the TCP connection, TLS (implicit, or AUTH TLS
 * after the greeting), USER/PASS/ACCT, then what the session needs to know (FEAT, the charset,
 * data protection, the starting directory). The cancel token is checked between steps and
 * interrupts the step in progress, so even a server that never answers can be walked away from.
 */
final class LoginOperation {

    /**
     * Servers known to mishandle a command sent before the previous one was answered (the list
     * lftp's configuration ships for its ftp:auto-sync-mode): they get one command at a time from
     * the start instead of costing the first pipelined transfer its wait and a reconnection.
     */
    private static final Pattern SEQUENTIAL_SERVERS = Pattern.compile("Microsoft FTP Service|MadGoat|MikroTik");

    enum Step { CONNECTING, SECURING_IMPLICIT, GREETING, AUTH, SECURING, USER, PASS, ACCT, FEATURES, PROTECTION,
        DIRECTORY, READY }

    private final SessionContext ctx;
    private final CancelToken token;
    private Step step = Step.CONNECTING;
    private boolean learnedCeilingApplied;

    LoginOperation(SessionContext ctx, CancelToken token) {
        this.ctx = ctx;
        this.token = token;
    }

    Step step() {
        return step;
    }

    void run() throws FtpException {
        try {
            attempt();
        } catch (FtpTlsException e) {
            // A ceiling this session set itself (a transfer just lowered it to get a data connection
            // resumed) is not an old hint to forget: its failure is the answer that transfer needs.
            if (!learnedCeilingApplied || ctx.sessionTlsCeiling != null || e.certificateReview() != null
                    || e.reason() == FtpText.TLS_NOT_OFFERED || e.reason() == FtpText.TLS_NOT_OFFERED_IF_AVAILABLE
                    || token.isCancelled()) {
                throw e;
            }
            // A learned TLS ceiling that now breaks the handshake (the server moved to TLS 1.3
            // only, say) is wrong: forget it and try once as configured.
            ctx.log.warning(FtpText.TLS_LEARNED_MAX_EXPIRED, ctx.settings.address());
            ctx.capabilities.learnTlsCeiling(null);
            ctx.sessionTlsCeiling = null;
            attempt();
        }
    }

    private void attempt() throws FtpException {
        ctx.resetConnection();
        ConnectionSettings settings = ctx.settings;
        try {
            step = Step.CONNECTING;
            Socket socket = openControlSocket();
            ctx.control = new ControlConnection(socket, ctx.log, StandardCharsets.UTF_8, settings.replyTimeout());
            ctx.commands = new CommandChannel(ctx.control);
            try (CancelToken.Registration interrupt = token.whileBlocked(ctx.control::interrupt)) {
                login(settings);
            } catch (FtpConnectionException lost) {
                Message certificateProblem = ctx.tls == null ? null : ctx.tls.clientCertificateProblem();
                if (certificateProblem != null) {
                    // TLS 1.3: the server refuses a client certificate (or its absence) only after our handshake ended.
                    // Its alert is lost with the connection's reset, so a server that asks without needing one
                    // (vsftpd by default) and was stopped or restarted just then reads the same: tried again,
                    // not failed for good, while a server that needs one fails its retries with these words.
                    // Its alert read before the reset is its refusal: retries would only repeat it.
                    throw new FtpTlsException(certificateProblem, null, lost, !ctx.tls.controlAlertReceived());
                }
                throw lost;
            }
            token.throwIfCancelled();
            step = Step.READY;
            if (ctx.control.tls() != null) {
                ctx.log.status(ctx.dataProtected ? FtpText.LOGGED_IN_TLS : FtpText.LOGGED_IN_TLS_DATA_CLEAR);
            } else {
                ctx.log.status(ctx.fellBackToPlain ? FtpText.LOGGED_IN_PLAIN_FALLBACK : FtpText.LOGGED_IN);
            }
        } catch (FtpException e) {
            ctx.resetConnection();
            if (token.isCancelled() && !(e instanceof FtpCancelledException)) {
                throw new FtpCancelledException();
            }
            throw e;
        } catch (IOException e) {
            ctx.resetConnection();
            if (token.isCancelled()) {
                throw new FtpCancelledException();
            }
            throw new FtpConnectionException(Message.of(FtpText.CONNECT_FAILED, settings.address(),
                    ControlConnection.describe(e)), e);
        }
    }

    private void login(ConnectionSettings settings) throws IOException {
        ClientIdentity identity = null;
        if (settings.tlsMode() != TlsMode.NONE && settings.clientIdentity() != null) {
            try {
                identity = settings.clientIdentity().load();
            } catch (ClientIdentityException e) {
                throw new FtpTlsException(e.explanation(), null, e);
            }
        }
        ctx.tls = settings.tlsMode() == TlsMode.NONE ? null : new TlsConnector(settings.host(), settings.port(),
                tlsPolicy(), settings.certificateTrust(), identity, new TlsConnector.Events() {
                    @Override
                    public void tls(Message message) {
                        ctx.log.tls(message);
                    }

                    @Override
                    public void warning(Message message) {
                        ctx.log.warning(message);
                    }
                });
        if (settings.tlsMode() == TlsMode.IMPLICIT) {
            step = Step.SECURING_IMPLICIT;
            secure(Message.of(FtpText.TLS_IMPLICIT_STALLED, settings.port(), settings.tlsHandshakeTimeout().toSeconds()));
        }
        token.throwIfCancelled();
        step = Step.GREETING;
        FtpReply greeting = ctx.commands.finalReply(ctx.commands.awaitGreeting());
        if (!greeting.isPositive()) {
            if (greeting.code() == 421) {
                throw new FtpLoginException(greeting);
            }
            throw new FtpReplyException("the connection", greeting,
                    Message.of(FtpText.GREETING_REFUSED, greeting.code(), greeting.firstLineText()));
        }
        ctx.greetedBySequentialServer = SEQUENTIAL_SERVERS.matcher(greeting.text()).find();
        if (settings.tlsMode() == TlsMode.EXPLICIT || settings.tlsMode() == TlsMode.EXPLICIT_IF_AVAILABLE) {
            negotiateExplicitTls(settings);
        }
        token.throwIfCancelled();
        step = Step.USER;
        FtpReply reply = ctx.commands.command("USER " + settings.user());
        if (reply.code() == 331) {
            token.throwIfCancelled();
            step = Step.PASS;
            reply = ctx.commands.command("PASS " + settings.password());
        }
        if (reply.code() == 332) {
            step = Step.ACCT;
            if (settings.account() == null || settings.account().isEmpty()) {
                throw new FtpReplyException("login", reply,
                        Message.of(FtpText.ACCOUNT_NEEDED, reply.code(), reply.firstLineText()));
            }
            reply = ctx.commands.command("ACCT " + settings.account());
        }
        if (reply.code() != 230 && reply.code() != 202) {
            throw new FtpLoginException(reply);
        }
        afterLogin(settings);
    }

    private TlsPolicy tlsPolicy() {
        ConnectionSettings settings = ctx.settings;
        TlsPolicy policy = settings.tlsPolicy();
        learnedCeilingApplied = false;
        ServerCapabilities.TlsCeiling learned = ctx.capabilities.tlsCeiling();
        if (learned != null && !settings.tlsMaxExplicit() && learned.version().compareTo(policy.maxVersion()) < 0) {
            ctx.log.tls(Message.of(FtpText.TLS_USING_LEARNED_MAX, learned.version().number(), settings.address(),
                    String.valueOf(learned.learnedAt())));
            policy = policy.withMaxVersion(learned.version());
            learnedCeilingApplied = true;
        }
        TlsVersion ceiling = ctx.sessionTlsCeiling;
        if (ceiling != null && ceiling.compareTo(policy.maxVersion()) < 0) {
            policy = policy.withMaxVersion(ceiling);
        }
        return policy;
    }

    private Socket openControlSocket() throws FtpException {
        ConnectionSettings settings = ctx.settings;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(settings.host());
        } catch (UnknownHostException e) {
            throw new FtpConnectionException(Message.of(FtpText.CONNECT_UNKNOWN_HOST, settings.host()), false, e);
        }
        IOException last = null;
        for (InetAddress address : addresses) {
            token.throwIfCancelled();
            InetSocketAddress target = new InetSocketAddress(address, settings.port());
            ctx.log.status(FtpText.CONNECTING, format(target));
            Socket socket = new Socket();
            try (CancelToken.Registration interrupt = token.whileBlocked(() -> Sockets.closeQuietly(socket))) {
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
                socket.connect(target, ControlConnection.toMillis(settings.connectTimeout()));
                ctx.log.status(FtpText.CONNECTED, format(target));
                return socket;
            } catch (IOException e) {
                Sockets.closeQuietly(socket);
                token.throwIfCancelled();
                last = e;
                ctx.log.status(FtpText.CONNECT_ATTEMPT_FAILED, format(target), ControlConnection.describe(e));
            }
        }
        if (last instanceof SocketTimeoutException) {
            throw new FtpTimeoutException(Message.of(FtpText.CONNECT_TIMED_OUT, settings.address(),
                    settings.connectTimeout().toSeconds()), last);
        }
        if (last instanceof ConnectException) {
            throw new FtpConnectionException(Message.of(FtpText.CONNECT_REFUSED, settings.address()), last);
        }
        if (last instanceof NoRouteToHostException) {
            throw new FtpConnectionException(Message.of(FtpText.CONNECT_NO_ROUTE, settings.address()), last);
        }
        throw new FtpConnectionException(Message.of(FtpText.CONNECT_FAILED, settings.address(),
                last == null ? "" : ControlConnection.describe(last)), last);
    }

    private void negotiateExplicitTls(ConnectionSettings settings) throws IOException {
        step = Step.AUTH;
        FtpReply reply = ctx.commands.command("AUTH TLS");
        if (reply.code() != 234) {
            FtpReply legacy = ctx.commands.command("AUTH SSL");
            if (legacy.code() == 234 || legacy.code() == 334) {
                reply = legacy;
            }
        }
        if (reply.code() == 234 || reply.code() == 334) {
            token.throwIfCancelled();
            step = Step.SECURING;
            secure(Message.of(settings.tlsMode() == TlsMode.EXPLICIT_IF_AVAILABLE
                    ? FtpText.TLS_AUTH_STALLED_IF_AVAILABLE : FtpText.TLS_AUTH_STALLED,
                    settings.tlsHandshakeTimeout().toSeconds()));
            return;
        }
        if (settings.tlsMode() == TlsMode.EXPLICIT || !settings.plainWhenTlsNotOffered()) {
            throw new FtpTlsException(Message.of(settings.tlsMode() == TlsMode.EXPLICIT ? FtpText.TLS_NOT_OFFERED
                    : FtpText.TLS_NOT_OFFERED_IF_AVAILABLE, reply.code(), reply.firstLineText()), null, null);
        }
        ctx.fellBackToPlain = true;
        ctx.log.warning(FtpText.TLS_FELL_BACK_TO_PLAIN);
    }

    private void secure(Message stalled) throws IOException {
        try {
            TlsConnection connection = ctx.tls.connectControl(ctx.control.socket(), ctx.settings.tlsHandshakeTimeout(),
                    ctx.capabilities.keyShareGroup());
            ctx.capabilities.learnKeyShareGroup(ctx.tls.controlKeyShareGroup());
            ctx.control.useTls(connection);
        } catch (CertificateRejectedException e) {
            throw new FtpTlsException(e.explanation(), e.review(), e);
        } catch (TlsHandshakeException e) {
            if (token.isCancelled()) {
                throw new FtpCancelledException();
            }
            if (e.timedOut()) {
                throw new FtpTlsException(stalled, null, e);
            }
            if (e.kind() == TlsHandshakeException.Kind.NOT_TLS && ctx.settings.tlsMode() == TlsMode.IMPLICIT) {
                throw new FtpTlsException(Message.of(FtpText.TLS_IMPLICIT_PLAIN_ANSWER, ctx.settings.port(),
                        e.explanation()), null, e);
            }
            if (e.kind() == TlsHandshakeException.Kind.CLIENT_CERTIFICATE_REQUIRED
                    || e.kind() == TlsHandshakeException.Kind.CLIENT_CERTIFICATE_REFUSED) {
                throw new FtpTlsException(e.explanation(), null, e);
            }
            throw new FtpTlsException(Message.of(ctx.settings.tlsMode() == TlsMode.EXPLICIT_IF_AVAILABLE
                    ? FtpText.TLS_BROKEN_IF_AVAILABLE : FtpText.TLS_FAILED, e.explanation()), null, e);
        } catch (FtpException e) {
            throw e;
        } catch (IOException e) {
            if (token.isCancelled()) {
                throw new FtpCancelledException();
            }
            throw new FtpTlsException(Message.of(FtpText.TLS_FAILED,
                    Message.of(Messages.GeneralText.TEXT, ControlConnection.describe(e))), null, e);
        }
    }

    private void afterLogin(ConnectionSettings settings) throws FtpException {
        token.throwIfCancelled();
        step = Step.FEATURES;
        ctx.features = FtpFeatures.parse(ctx.commands.command("FEAT"));
        Charset charset = settings.charset();
        if (charset == null) {
            if (ctx.features.supportsUtf8()) {
                ctx.commands.command("OPTS UTF8 ON");
            }
            charset = StandardCharsets.UTF_8;
            String guessed = ctx.capabilities.guessedCharset();
            if (guessed != null && Charset.isSupported(guessed)) {
                charset = Charset.forName(guessed);
                ctx.log.status(FtpText.CHARSET_USING_GUESS, guessed);
            }
        }
        ctx.control.setCharset(charset);
        if (ctx.control.tls() != null) {
            step = Step.PROTECTION;
            ctx.commands.command("PBSZ 0");
            FtpReply prot = ctx.commands.command("PROT " + settings.protectionLevel().code());
            if (prot.isPositive()) {
                ctx.dataProtected = settings.protectionLevel() == ProtectionLevel.PRIVATE;
            } else if (settings.protectionLevel() == ProtectionLevel.PRIVATE) {
                throw new FtpReplyException("PROT", prot, Message.of(FtpText.PROT_REFUSED, prot.code(), prot.firstLineText()));
            }
        }
        token.throwIfCancelled();
        step = Step.DIRECTORY;
        FtpReply pwd = ctx.commands.command("PWD");
        ctx.initialDirectory = pwd.code() == 257 ? SessionContext.parseQuotedPath(pwd) : null;
        ctx.workingDirectory = ctx.initialDirectory;
        // What the user chose for this connection wins; what was learned stands in only for a default.
        DataConnectionMode learned = ctx.capabilities.dataModeLearnedWith(settings.dataConnectionSetup());
        ctx.dataMode = settings.dataModeExplicit() || learned == null ? settings.dataConnectionMode() : learned;
        if (ctx.dataMode != settings.dataConnectionMode()) {
            ctx.log.status(FtpText.DATA_MODE_LEARNED, FtpText.modeWord(ctx.dataMode), FtpText.modeWord(settings.dataConnectionMode()),
                    ctx.capabilities.snapshot().dataModeLearnedAt());
        }
    }

    static String format(InetSocketAddress address) {
        String host = address.getAddress() instanceof Inet6Address ? "[" + address.getAddress().getHostAddress() + "]"
                : address.getAddress().getHostAddress();
        return host + ":" + address.getPort();
    }
}
