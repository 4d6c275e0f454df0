package dev.ferry.ftp;

import dev.ferry.ftp.listing.Listing;
import dev.ferry.ftp.listing.ListingParsers;
import dev.ferry.tls.CertificateRejectedException;
import dev.ferry.tls.TlsConnection;
import dev.ferry.tls.TlsConnectionInfo;
import dev.ferry.tls.TlsConnector;
import dev.ferry.tls.TlsHandshakeException;
import dev.ferry.tls.TlsPolicy;
import dev.ferry.tls.TlsVersion;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One FTP session: a control connection and the data connections it opens, as one explicit state
 * machine. {@link #connect()} walks CONNECTING → (SECURING) → LOGGING_IN → READY; each operation
 * runs from READY (data operations through TRANSFERRING) back to READY; any failure of the
 * control connection ends in DISCONNECTED, from which {@link #connect()} starts again.
 * <p>
 * Operations are serialised: call them from one thread at a time (others wait). {@link #cancel()}
 * may be called from any thread: it closes the data connection in use, and the operation's thread
 * then sends ABOR and brings the session back to READY.
 * <p>
 * Every setting is read from {@link ConnectionSettings}; every timeout is one of its four.
 */
public final class FtpSession implements AutoCloseable {

    public enum State { DISCONNECTED, CONNECTING, SECURING, LOGGING_IN, READY, TRANSFERRING, CLOSED }

    /** How {@link #store} writes: replace the file, continue it at an offset (REST+STOR), or append (APPE). */
    public enum StoreMode { REPLACE, RESUME, APPEND }

    static final long MAX_LISTING_BYTES = 256L * 1024 * 1024;
    private static final Duration ABORT_SYNC_TIMEOUT = Duration.ofSeconds(10);
    private static final DateTimeFormatter MDTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

    private final ConnectionSettings settings;
    private final DialogueLog log;
    private final ReentrantLock lock = new ReentrantLock();

    private volatile State state = State.DISCONNECTED;
    private ControlConnection control;
    private TlsConnector tls;
    private TlsVersion sessionMaxTls;
    private FtpFeatures features = FtpFeatures.NONE;
    private String system;
    private TransferType type;
    private boolean dataProtected;
    private boolean fellBackToPlain;
    private boolean epsvRefused;
    private boolean eprtRefused;
    private boolean mlsdRefused;
    private String workingDirectory;
    private String initialDirectory;
    private TlsConnectionInfo lastDataTls;
    private ByteBuffer transferBuffer;

    private volatile boolean cancelRequested;
    private volatile Closeable cancellable;

    public FtpSession(ConnectionSettings settings, String name) {
        this.settings = settings;
        this.log = new DialogueLog(name);
    }

    public ConnectionSettings settings() {
        return settings;
    }

    public DialogueLog log() {
        return log;
    }

    public void addListener(DialogueListener listener) {
        log.addListener(listener);
    }

    public State state() {
        return state;
    }

    public boolean isConnected() {
        ControlConnection c = control;
        return c != null && !c.isClosed() && (state == State.READY || state == State.TRANSFERRING);
    }

    public FtpFeatures features() {
        return features;
    }

    /** The directory the server put us in at login, or null if it would not say. */
    public String initialDirectory() {
        return initialDirectory;
    }

    public SecurityStatus security() {
        ControlConnection c = control;
        if (c == null) {
            return SecurityStatus.DISCONNECTED;
        }
        boolean controlEncrypted = c.tls() != null;
        return new SecurityStatus(settings.tlsMode(), controlEncrypted, controlEncrypted && dataProtected,
                fellBackToPlain, tls == null ? null : tls.controlInfo(), lastDataTls);
    }

    // ---------------------------------------------------------------- connecting

    /** Connects, secures and logs in; does nothing when already connected. */
    public void connect() throws FtpException {
        lock.lock();
        try {
            if (isConnected()) {
                return;
            }
            connectFresh();
        } finally {
            lock.unlock();
        }
    }

    /** Drops the current connection, if any, and connects again, back to the same directory. */
    public void reconnect() throws FtpException {
        lock.lock();
        try {
            String directory = workingDirectory;
            closeControl();
            connectFresh();
            if (directory != null && !directory.equals(workingDirectory)) {
                changeDirectory(directory);
            }
        } finally {
            lock.unlock();
        }
    }

    private void connectFresh() throws FtpException {
        closeControl();
        features = FtpFeatures.NONE;
        system = null;
        type = null;
        dataProtected = false;
        fellBackToPlain = false;
        lastDataTls = null;
        workingDirectory = null;
        try {
            state = State.CONNECTING;
            Socket socket = openControlSocket();
            control = new ControlConnection(socket, log, StandardCharsets.UTF_8, settings.replyTimeout());
            tls = settings.tlsMode() == TlsMode.NONE ? null : new TlsConnector(settings.host(), settings.port(),
                    effectiveTlsPolicy(), settings.certificateTrust(), new TlsConnector.Events() {
                        @Override
                        public void tls(String text) {
                            log.tls(text);
                        }

                        @Override
                        public void warning(String text) {
                            log.warning(text);
                        }
                    });
            if (settings.tlsMode() == TlsMode.IMPLICIT) {
                secureControl("The server did not complete the TLS handshake; it may not offer implicit TLS on port "
                        + settings.port() + " (try explicit TLS on port 21)");
            }
            FtpReply greeting = control.read("the greeting");
            while (greeting.isPreliminary()) {
                greeting = control.read("the greeting");
            }
            if (!greeting.isPositive()) {
                throw greeting.code() == 421 ? new FtpLoginException("the connection", greeting)
                        : new FtpReplyException("the connection", greeting, "The server refused the connection");
            }
            if (settings.tlsMode() == TlsMode.EXPLICIT || settings.tlsMode() == TlsMode.EXPLICIT_IF_AVAILABLE) {
                negotiateExplicitTls();
            }
            state = State.LOGGING_IN;
            login();
            afterLogin();
            state = State.READY;
            log.status("Logged in" + (control.tls() != null ? (dataProtected ? " (TLS: control and data encrypted)"
                    : " (TLS: control encrypted, data in clear)") : fellBackToPlain ? " WITHOUT ENCRYPTION" : ""));
        } catch (FtpException e) {
            log.error(e.getMessage());
            closeControl();
            throw e;
        } catch (IOException e) {
            FtpConnectionException failure = new FtpConnectionException("Could not set up the connection: "
                    + ControlConnection.describe(e), e);
            log.error(failure.getMessage());
            closeControl();
            throw failure;
        }
    }

    private TlsPolicy effectiveTlsPolicy() {
        TlsPolicy policy = settings.tlsPolicy();
        Optional<TlsVersion> learned = settings.certificateTrust().knownHosts()
                .learnedMaxVersion(settings.host(), settings.port());
        if (learned.isPresent() && learned.get().compareTo(policy.maxVersion()) < 0) {
            log.tls("using TLS " + learned.get().number() + " at most: this server needs data connections to resume"
                    + " the control session (learned earlier)");
            policy = policy.withMaxVersion(learned.get());
        }
        if (sessionMaxTls != null && sessionMaxTls.compareTo(policy.maxVersion()) < 0) {
            policy = policy.withMaxVersion(sessionMaxTls);
        }
        return policy;
    }

    private Socket openControlSocket() throws FtpException {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(settings.host());
        } catch (UnknownHostException e) {
            throw new FtpConnectionException("Unknown host \"" + settings.host() + "\": check the name", false, e);
        }
        IOException last = null;
        for (InetAddress address : addresses) {
            InetSocketAddress target = new InetSocketAddress(address, settings.port());
            log.status("Connecting to " + format(target) + " ...");
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
                socket.connect(target, ControlConnection.toMillis(settings.connectTimeout()));
                log.status("Connected to " + format(target));
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
                last = e;
                log.status("Could not connect to " + format(target) + ": " + ControlConnection.describe(e));
            }
        }
        if (last instanceof SocketTimeoutException) {
            throw new FtpTimeoutException("Could not connect to " + settings.address() + " within "
                    + settings.connectTimeout().toSeconds() + " s", last);
        }
        throw new FtpConnectionException("Could not connect to " + settings.address() + ": "
                + (last == null ? "no address" : ControlConnection.describe(last)), last);
    }

    private void negotiateExplicitTls() throws FtpException {
        FtpReply reply = command("AUTH TLS");
        if (reply.code() != 234) {
            FtpReply legacy = command("AUTH SSL");
            if (legacy.code() == 234 || legacy.code() == 334) {
                reply = legacy;
            }
        }
        if (reply.code() == 234 || reply.code() == 334) {
            secureControl("The server accepted AUTH TLS but never completed the TLS handshake; it may not support TLS"
                    + " properly: try plain FTP if you trust the network");
            return;
        }
        if (settings.tlsMode() == TlsMode.EXPLICIT) {
            throw new FtpTlsException("The server does not offer TLS (it answered AUTH TLS with \"" + reply.code() + " "
                    + reply.firstLineText() + "\"). This site requires TLS, so your user name and password were not sent.",
                    null, null);
        }
        fellBackToPlain = true;
        log.warning("THE SERVER DOES NOT SUPPORT TLS: continuing WITHOUT ENCRYPTION. Your password and your files"
                + " travel in clear text.");
    }

    private void secureControl(String stallAdvice) throws FtpException {
        state = State.SECURING;
        try {
            TlsConnection connection = tls.connectControl(control.socket(), settings.tlsHandshakeTimeout());
            control.useTls(connection);
        } catch (CertificateRejectedException e) {
            throw new FtpTlsException(e.getMessage(), e.review(), e);
        } catch (TlsHandshakeException e) {
            if (e.timedOut()) {
                throw new FtpTlsException(stallAdvice + " (no answer within " + settings.tlsHandshakeTimeout().toSeconds()
                        + " s)", null, e);
            }
            throw new FtpTlsException("TLS could not be set up: " + e.getMessage(), null, e);
        } catch (FtpException e) {
            throw e;
        } catch (IOException e) {
            throw new FtpTlsException("TLS could not be set up: " + ControlConnection.describe(e), null, e);
        }
    }

    private void login() throws FtpException {
        FtpReply reply = command("USER " + settings.user());
        if (reply.code() == 331) {
            reply = command("PASS " + settings.password());
        }
        if (reply.code() == 332) {
            if (settings.account() == null || settings.account().isEmpty()) {
                throw new FtpReplyException("login", reply, "The server asks for an account (ACCT); set one for this site");
            }
            reply = command("ACCT " + settings.account());
        }
        if (reply.code() != 230 && reply.code() != 202) {
            throw new FtpLoginException("login", reply);
        }
    }

    private void afterLogin() throws FtpException {
        FtpReply feat = command("FEAT");
        features = FtpFeatures.parse(feat);
        Charset charset = settings.charset();
        if (charset == null) {
            if (features.supportsUtf8()) {
                command("OPTS UTF8 ON");
            }
            charset = StandardCharsets.UTF_8;
        }
        control.setCharset(charset);
        if (control.tls() != null) {
            command("PBSZ 0");
            FtpReply prot = command("PROT " + settings.protectionLevel().code());
            if (prot.isPositive()) {
                dataProtected = settings.protectionLevel() == ProtectionLevel.PRIVATE;
            } else if (settings.protectionLevel() == ProtectionLevel.PRIVATE) {
                throw new FtpReplyException("PROT", prot, "The server refuses to encrypt data connections (PROT P)");
            }
        }
        FtpReply pwd = command("PWD");
        initialDirectory = pwd.code() == 257 ? parseQuotedPath(pwd) : null;
        workingDirectory = initialDirectory;
    }

    // ---------------------------------------------------------------- commands

    /** The working directory as the server reports it. */
    public String pwd() throws FtpException {
        return operation(() -> {
            FtpReply reply = command("PWD");
            if (reply.code() != 257) {
                throw new FtpReplyException("PWD", reply);
            }
            workingDirectory = parseQuotedPath(reply);
            return workingDirectory;
        });
    }

    public void cwd(String path) throws FtpException {
        operation(() -> {
            changeDirectory(resolve(path));
            return null;
        });
    }

    public void cdup() throws FtpException {
        operation(() -> {
            expectPositive("CDUP", command("CDUP"));
            workingDirectory = workingDirectory == null ? null : RemotePaths.parent(workingDirectory);
            return null;
        });
    }

    /** Creates a directory; returns its path as the server reports it. */
    public String mkd(String path) throws FtpException {
        return operation(() -> {
            FtpReply reply = command("MKD", resolve(path));
            expectPositive("MKD", reply);
            String created = parseQuotedPath(reply);
            return created != null ? created : path;
        });
    }

    public void rmd(String path) throws FtpException {
        operation(() -> {
            expectPositive("RMD", command("RMD", resolve(path)));
            return null;
        });
    }

    public void delete(String path) throws FtpException {
        operation(() -> {
            expectPositive("DELE", command("DELE", resolve(path)));
            return null;
        });
    }

    public void rename(String from, String to) throws FtpException {
        operation(() -> {
            FtpReply reply = command("RNFR", resolve(from));
            if (reply.code() != 350) {
                throw new FtpReplyException("RNFR", reply);
            }
            expectPositive("RNTO", command("RNTO", resolve(to)));
            return null;
        });
    }

    /** The size of a file in bytes, or empty when the server cannot tell (no SIZE, a directory, missing). */
    public OptionalLong size(String path) throws FtpException {
        return operation(() -> {
            ensureType(TransferType.BINARY);
            FtpReply reply = command("SIZE", resolve(path));
            if (reply.code() == 213) {
                try {
                    return OptionalLong.of(Long.parseLong(reply.firstLineText().trim()));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
            return OptionalLong.empty();
        });
    }

    /** The modification time (MDTM, UTC), or empty when the server cannot tell. */
    public Optional<Instant> modificationTime(String path) throws FtpException {
        return operation(() -> {
            FtpReply reply = command("MDTM", resolve(path));
            if (reply.code() != 213) {
                return Optional.empty();
            }
            return parseMdtm(reply.firstLineText().trim());
        });
    }

    /** Sets the modification time with MFMT; false when the server does not offer it. */
    public boolean setModificationTime(String path, Instant time) throws FtpException {
        return operation(() -> {
            if (!features.has("MFMT")) {
                return false;
            }
            String stamp = MDTM.format(LocalDateTime.ofInstant(time, ZoneOffset.UTC));
            FtpReply reply = command("MFMT " + stamp, resolve(path));
            return reply.isPositive();
        });
    }

    /** SITE CHMOD with an octal mode such as 0644. */
    public void chmod(String path, int mode) throws FtpException {
        operation(() -> {
            expectPositive("SITE CHMOD", command("SITE CHMOD " + Integer.toOctalString(mode), resolve(path)));
            return null;
        });
    }

    /** NOOP: keeps an idle session alive and checks that it still is. */
    public void noop() throws FtpException {
        operation(() -> {
            expectPositive("NOOP", command("NOOP"));
            return null;
        });
    }

    /**
     * A checksum of a remote file computed by the server, hex in lower case, or empty when the
     * server offers none of the given algorithms. Algorithms: "SHA-256", "SHA-1", "MD5", "CRC32".
     */
    public Optional<String[]> checksum(String path, List<String> algorithms) throws FtpException {
        return operation(() -> {
            for (String algorithm : algorithms) {
                Optional<String> value = checksumWith(resolve(path), algorithm);
                if (value.isPresent()) {
                    return Optional.of(new String[]{algorithm, value.get()});
                }
            }
            return Optional.empty();
        });
    }

    private Optional<String> checksumWith(String path, String algorithm) throws FtpException {
        String hashParameters = features.parameters("HASH").toUpperCase(Locale.ROOT);
        if (features.has("HASH") && hashParameters.contains(algorithm)) {
            FtpReply select = command("OPTS HASH " + algorithm);
            if (select.isPositive()) {
                FtpReply reply = command("HASH", path);
                if (reply.code() == 213) {
                    // "213 SHA-256 0-1234 <hex> <name>"
                    String[] words = reply.firstLineText().trim().split(" ");
                    if (words.length >= 3 && isHex(words[2])) {
                        return Optional.of(words[2].toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        String verb = switch (algorithm) {
            case "SHA-256" -> "XSHA256";
            case "SHA-1" -> "XSHA1";
            case "MD5" -> "XMD5";
            case "CRC32" -> "XCRC";
            default -> null;
        };
        if (verb != null && !features.has(verb) && algorithm.equals("MD5") && features.has("MD5")) {
            verb = "MD5"; // draft-twine-ftpmd5: "251 <path> <md5>"
        }
        if (verb != null && features.has(verb)) {
            FtpReply reply = command(verb, path);
            if (reply.isPositive()) {
                // The checksum is the last hex word: some servers echo the path first.
                String[] words = reply.firstLineText().trim().split(" ");
                for (int i = words.length - 1; i >= 0; i--) {
                    if (isHex(words[i]) && words[i].length() >= 8) {
                        return Optional.of(words[i].toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isHex(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    // ---------------------------------------------------------------- listings

    /** Lists a directory: MLSD when offered, LIST otherwise. {@code path} may be empty for the current one. */
    public Listing list(String path) throws FtpException {
        return operation(() -> withTlsReuseLearning(() -> {
            String folder = resolve(path);
            ListingParsers parsers = new ListingParsers(settings.listingZone());
            if (features.supportsMlsd() && !mlsdRefused) {
                try {
                    byte[] bytes = readListing("MLSD", folder);
                    return parsers.parseMlsd(path, lines(bytes));
                } catch (FtpReplyException e) {
                    if (e.code() != 500 && e.code() != 502) {
                        throw e;
                    }
                    mlsdRefused = true;
                }
            }
            if (folder != null && !folder.isEmpty()) {
                changeDirectory(folder);
            }
            byte[] bytes = readListing("LIST", listOptions());
            return parsers.parseList(path, lines(bytes));
        }, null));
    }

    /** Unix servers hide dot files from a bare LIST; "-a" shows them (web masters need .htaccess). */
    private String listOptions() throws FtpException {
        if (system == null) {
            FtpReply reply = command("SYST");
            system = reply.isPositive() ? reply.firstLineText() : "";
        }
        return system.toUpperCase(Locale.ROOT).contains("UNIX") ? "-a" : null;
    }

    private byte[] readListing(String verb, String argument) throws IOException {
        DataConnection data = openData(verb, argument, 0);
        if (data == null) {
            return new byte[0];
        }
        return finishTransfer(verb, data, () -> data.readAll(MAX_LISTING_BYTES, settings.dataTimeout()));
    }

    private List<String> lines(byte[] bytes) {
        String text = new String(bytes, control.charset());
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            lines.add(text.substring(start, stop));
            start = end + 1;
        }
        return lines;
    }

    // ---------------------------------------------------------------- transfers

    /**
     * Downloads {@code path} into {@code sink}, starting at {@code offset} (REST). Returns the
     * number of bytes received. The caller checks the count against the expected size: a server
     * may end a data connection early and still report success. {@code listener} may be null.
     */
    public long retrieve(String path, long offset, WritableByteChannel sink, TransferListener listener)
            throws IOException {
        return run(() -> {
            long[] moved = {0};
            TransferListener counting = counting(listener, moved);
            return withTlsReuseLearning(() -> {
                ensureType(TransferType.BINARY);
                DataConnection data = openData("RETR", resolve(path), offset);
                if (data == null) {
                    return 0L;
                }
                return finishTransfer("RETR", data, () -> data.download(sink, counting, settings.dataTimeout(), buffer()));
            }, () -> moved[0] == 0);
        });
    }

    /**
     * Uploads what {@code source} holds from its current position. With {@link StoreMode#RESUME}
     * the server file is continued at {@code offset} (the source must be positioned there).
     */
    public long store(String path, ReadableByteChannel source, StoreMode mode, long offset, TransferListener listener)
            throws IOException {
        return run(() -> {
            long start = source instanceof SeekableByteChannel seekable ? seekable.position() : -1;
            long[] moved = {0};
            TransferListener counting = counting(listener, moved);
            return withTlsReuseLearning(() -> {
                ensureType(TransferType.BINARY);
                String verb = mode == StoreMode.APPEND ? "APPE" : "STOR";
                DataConnection data = openData(verb, resolve(path), mode == StoreMode.RESUME ? offset : 0);
                if (data == null) {
                    return 0L;
                }
                return finishTransfer(verb, data, () -> data.upload(source, counting, settings.dataTimeout(), buffer()));
            }, () -> {
                if (moved[0] == 0) {
                    return true;
                }
                if (start >= 0) {
                    try {
                        ((SeekableByteChannel) source).position(start);
                        moved[0] = 0;
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                }
                return false;
            });
        });
    }

    /** Counts what moved in this attempt and passes everything else through. */
    private static TransferListener counting(TransferListener given, long[] moved) {
        TransferListener listener = given == null ? TransferListener.NONE : given;
        return new TransferListener() {
            @Override
            public void transferred(long bytes) {
                moved[0] += bytes;
                listener.transferred(bytes);
            }

            @Override
            public int preferredChunk() {
                return listener.preferredChunk();
            }
        };
    }

    private ByteBuffer buffer() {
        if (transferBuffer == null) {
            transferBuffer = ByteBuffer.allocateDirect(DataConnection.BUFFER_SIZE);
        }
        return transferBuffer;
    }

    @FunctionalInterface
    private interface IoCall<T> {
        T call() throws IOException;
    }

    @FunctionalInterface
    private interface RetryCheck {
        boolean canRepeat();
    }

    /**
     * Runs a data operation; when the server refuses a data connection for lack of TLS session
     * reuse while the control connection runs TLS 1.3 (which Bouncy Castle cannot resume),
     * reconnects with TLS 1.2, remembers that for this server, and runs the operation once more.
     */
    private <T> T withTlsReuseLearning(IoCall<T> call, RetryCheck canRepeat) throws IOException {
        try {
            return call.call();
        } catch (FtpReplyException e) {
            TlsConnectionInfo controlTls = tls == null ? null : tls.controlInfo();
            boolean onTls13 = control != null && control.tls() != null && controlTls != null
                    && controlTls.version() == TlsVersion.TLS_1_3;
            if (!onTls13 || !isSessionReuseRefusal(e.reply()) || (canRepeat != null && !canRepeat.canRepeat())) {
                throw e;
            }
            log.warning("The server requires each data connection to resume the control connection's TLS session, "
                    + "which works with TLS 1.2 only. Reconnecting with TLS 1.2; remembered for " + settings.address() + ".");
            try {
                settings.certificateTrust().knownHosts().learnMaxVersion(settings.host(), settings.port(), TlsVersion.TLS_1_2);
            } catch (IOException saveFailure) {
                log.warning("Could not save that for next time: " + saveFailure.getMessage());
            }
            sessionMaxTls = TlsVersion.TLS_1_2;
            String directory = workingDirectory;
            connectFresh();
            if (directory != null && !directory.equals(workingDirectory)) {
                changeDirectory(directory);
            }
            return call.call();
        }
    }

    static boolean isSessionReuseRefusal(FtpReply reply) {
        String text = reply.text().toLowerCase(Locale.ROOT);
        return reply.code() == 522 || ((reply.code() == 425 || reply.code() == 450 || reply.code() == 534)
                && (text.contains("reuse") || text.contains("resum")));
    }

    /**
     * Opens a data connection and sends the command that uses it. Returns null when the server
     * answered the command with a final positive reply and no data connection (an empty listing).
     */
    private DataConnection openData(String verb, String argument, long restOffset) throws IOException {
        checkCancelled();
        PendingData pending = settings.dataConnectionMode() == DataConnectionMode.PASSIVE ? passive() : active();
        FtpReply reply;
        try {
            if (restOffset > 0) {
                FtpReply rest = command("REST " + restOffset);
                if (rest.code() != 350) {
                    throw new FtpReplyException("REST", rest, "The server cannot resume transfers at an offset");
                }
            }
            reply = command(verb, argument);
        } catch (IOException e) {
            pending.close();
            throw e;
        }
        if (reply.isPositive()) {
            pending.close();
            return null;
        }
        if (!reply.isPreliminary()) {
            pending.close();
            throw dataCommandRefused(verb, reply);
        }
        // From here on the server owes a final reply: every failure must read it (or drop the connection).
        state = State.TRANSFERRING;
        DataConnection data = null;
        boolean handshaking = false;
        try {
            data = new DataConnection(pending.open());
            cancellable = data;
            checkCancelled();
            if (dataProtected) {
                handshaking = true;
                data.secure(tls.connectData(data.socket(), settings.tlsHandshakeTimeout()));
                lastDataTls = data.tls().info();
            }
            return data;
        } catch (IOException e) {
            if (data != null) {
                data.close();
            }
            pending.close();
            if (cancelRequested) {
                abortTransfer();
                throw new FtpCancelledException("Cancelled");
            }
            throw dataFailure(verb, handshaking ? tlsDataFailure(e) : e);
        }
    }

    private static IOException tlsDataFailure(IOException e) {
        if (e instanceof CertificateRejectedException rejected) {
            return new FtpTlsException(rejected.getMessage(), rejected.review(), rejected);
        }
        return new FtpConnectionException("TLS on the data connection failed: " + e.getMessage(), e);
    }

    /** Moves the data, reads the final reply and turns every failure into words. */
    private <T> T finishTransfer(String verb, DataConnection data, IoCall<T> move) throws IOException {
        T result;
        try {
            result = move.call();
        } catch (LocalFileException e) {
            data.close();
            abortTransfer();
            throw e;
        } catch (IOException e) {
            data.close();
            if (cancelRequested) {
                abortTransfer();
                throw new FtpCancelledException("Cancelled");
            }
            throw dataFailure(verb, e);
        } finally {
            data.close();
            cancellable = null;
        }
        FtpReply done = finalReply(verb);
        state = State.READY;
        if (!done.isPositive()) {
            throw dataCommandRefused(verb, done);
        }
        return result;
    }

    private FtpReply finalReply(String verb) throws FtpException {
        FtpReply reply = control.read(verb);
        while (reply.isPreliminary()) {
            reply = control.read(verb);
        }
        return reply;
    }

    /**
     * A data connection failed. The server's reply usually says why (a refused TLS session,
     * a full disk on its side), so it is read first, briefly; its words win over the socket's.
     */
    private IOException dataFailure(String verb, IOException failure) {
        if (failure instanceof FtpCancelledException || control == null || control.isClosed()) {
            return failure;
        }
        if (cancelRequested) {
            abortTransfer();
            return new FtpCancelledException("Cancelled");
        }
        try {
            FtpReply reply = control.read(verb, shorter(settings.replyTimeout(), ABORT_SYNC_TIMEOUT));
            while (reply.isPreliminary()) {
                reply = control.read(verb, shorter(settings.replyTimeout(), ABORT_SYNC_TIMEOUT));
            }
            state = State.READY;
            if (!reply.isPositive()) {
                FtpReplyException refused = dataCommandRefused(verb, reply);
                refused.addSuppressed(failure);
                return refused;
            }
        } catch (FtpException replyFailure) {
            failure.addSuppressed(replyFailure);
        }
        if (failure instanceof FtpException fe) {
            return fe;
        }
        String reason = ControlConnection.describe(failure);
        if (failure.getClass().getSimpleName().equals("TlsNoCloseNotifyException")) {
            reason = "it ended without TLS close_notify, so the data may be truncated";
        }
        return new FtpConnectionException("The data connection failed during " + verb + ": " + reason, failure);
    }

    private FtpReplyException dataCommandRefused(String verb, FtpReply reply) {
        String explanation = switch (reply.code()) {
            case 425 -> settings.dataConnectionMode() == DataConnectionMode.ACTIVE
                    ? "The server could not connect back to us; passive mode usually works behind NAT"
                    : "The server could not open the data connection";
            case 522 -> isSessionReuseRefusal(reply)
                    ? "The server requires data connections to resume the control connection's TLS session"
                    : "The server refused TLS on the data connection";
            case 426 -> "The transfer was aborted on the server's side";
            case 450, 451 -> "The server could not complete " + verb + " now";
            case 452, 552 -> "The server has no room for the file (disk full or quota exceeded)";
            case 550 -> switch (verb) {
                case "RETR" -> "The file does not exist or may not be read";
                case "STOR", "APPE" -> "The server does not allow writing this file";
                default -> "The directory does not exist or may not be listed";
            };
            case 553 -> "The server does not allow this file name";
            default -> null;
        };
        return new FtpReplyException(verb, reply, explanation);
    }

    /**
     * After a cancelled or locally failed transfer: ABOR, then a PWD whose 257 marks the end of
     * whatever the server still had to say about the transfer (servers send one or two replies).
     */
    private void abortTransfer() {
        if (control == null || control.isClosed()) {
            return;
        }
        try {
            control.send("ABOR");
            control.send("PWD");
            Duration wait = shorter(settings.replyTimeout(), ABORT_SYNC_TIMEOUT);
            for (int replies = 0; replies < 6; replies++) {
                FtpReply reply = control.read("ABOR", wait);
                if (reply.code() == 257) {
                    state = State.READY;
                    return;
                }
            }
            log.warning("The server did not settle after ABOR; reconnecting is needed");
            closeControl();
        } catch (FtpException e) {
            closeControl();
        }
    }

    // ---------------------------------------------------------------- data connection set-up

    /** A data connection being prepared: connected (passive) or listening (active). */
    private interface PendingData extends Closeable {
        SocketChannel open() throws IOException;

        @Override
        void close();
    }

    private PendingData passive() throws IOException {
        InetAddress controlPeer = control.socket().getInetAddress();
        InetSocketAddress target = null;
        if (!epsvRefused) {
            FtpReply reply = command("EPSV");
            if (reply.code() == 229) {
                target = new InetSocketAddress(controlPeer, DataAddresses.parseEpsv(reply));
            } else if (reply.code() >= 500) {
                epsvRefused = true;
            } else {
                throw new FtpReplyException("EPSV", reply, "The server refused passive mode");
            }
        }
        if (target == null) {
            if (controlPeer instanceof Inet6Address) {
                throw new FtpProtocolException("The server refuses EPSV, and PASV cannot work over IPv6");
            }
            FtpReply reply = command("PASV");
            if (reply.code() != 227) {
                throw new FtpReplyException("PASV", reply, "The server refused passive mode; try active mode");
            }
            DataAddresses.PassiveAddress announced = DataAddresses.parsePasv(reply);
            InetAddress address = controlPeer;
            if (settings.trustPassiveAddress() && !announced.address().isAnyLocalAddress()) {
                address = announced.address();
            } else if (!announced.address().equals(controlPeer)) {
                log.status("The server announced " + announced.address().getHostAddress()
                        + " for the data connection; using its control address " + controlPeer.getHostAddress() + " instead");
            }
            target = new InetSocketAddress(address, announced.port());
        }
        SocketChannel channel = SocketChannel.open();
        cancellable = channel;
        try {
            channel.socket().setTcpNoDelay(true);
            channel.socket().connect(target, ControlConnection.toMillis(settings.connectTimeout()));
        } catch (SocketTimeoutException e) {
            closeQuietly(channel);
            throw new FtpTimeoutException("Could not open the data connection to " + format(target) + " within "
                    + settings.connectTimeout().toSeconds() + " s; a firewall may block it: try active mode", e);
        } catch (IOException e) {
            closeQuietly(channel);
            if (cancelRequested) {
                throw new FtpCancelledException("Cancelled");
            }
            throw new FtpConnectionException("Could not open the data connection to " + format(target) + ": "
                    + ControlConnection.describe(e) + "; a firewall may block it: try active mode", e);
        }
        return new PendingData() {
            @Override
            public SocketChannel open() {
                return channel;
            }

            @Override
            public void close() {
                closeQuietly(channel);
            }
        };
    }

    private PendingData active() throws IOException {
        Socket controlSocket = control.socket();
        InetAddress local = controlSocket.getLocalAddress();
        ServerSocketChannel listener = ServerSocketChannel.open();
        cancellable = listener;
        try {
            bindInRange(listener, local);
        } catch (IOException e) {
            closeQuietly(listener);
            throw new FtpConnectionException("Could not listen for the server's data connection: "
                    + ControlConnection.describe(e), false, e);
        }
        int port = listener.socket().getLocalPort();
        InetAddress announced = local;
        if (settings.activeExternalAddress() != null && !settings.activeExternalAddress().isBlank()) {
            try {
                announced = InetAddress.getByName(settings.activeExternalAddress().trim());
            } catch (UnknownHostException e) {
                closeQuietly(listener);
                throw new FtpConnectionException("The external address \"" + settings.activeExternalAddress()
                        + "\" for active mode is unknown", false, e);
            }
        }
        try {
            boolean sent = false;
            if (!eprtRefused) {
                FtpReply reply = command("EPRT " + DataAddresses.eprtArgument(announced, port));
                if (reply.isPositive()) {
                    sent = true;
                } else if (reply.code() >= 500 && reply.code() != 522) {
                    eprtRefused = true;
                } else {
                    throw new FtpReplyException("EPRT", reply, "The server refused active mode; try passive mode");
                }
            }
            if (!sent) {
                if (!(announced instanceof Inet4Address ipv4)) {
                    throw new FtpProtocolException("The server refuses EPRT, and PORT cannot announce an IPv6 address");
                }
                FtpReply reply = command("PORT " + DataAddresses.portArgument(ipv4, port));
                if (!reply.isPositive()) {
                    throw new FtpReplyException("PORT", reply, "The server refused active mode; try passive mode");
                }
            }
        } catch (IOException e) {
            closeQuietly(listener);
            throw e;
        }
        InetAddress expectedPeer = controlSocket.getInetAddress();
        return new PendingData() {
            @Override
            public SocketChannel open() throws IOException {
                try {
                    listener.socket().setSoTimeout(ControlConnection.toMillis(settings.dataTimeout()));
                    Socket accepted = listener.socket().accept();
                    SocketChannel channel = accepted.getChannel();
                    if (!settings.trustPassiveAddress() && !accepted.getInetAddress().equals(expectedPeer)) {
                        log.warning("Refused a data connection from " + accepted.getInetAddress().getHostAddress()
                                + ", which is not the server (" + expectedPeer.getHostAddress() + ")");
                        closeQuietly(channel);
                        throw new FtpConnectionException("A data connection came from another host than the server;"
                                + " refused", false, null);
                    }
                    accepted.setTcpNoDelay(true);
                    return channel;
                } catch (SocketTimeoutException e) {
                    throw new FtpTimeoutException("The server did not connect back within "
                            + settings.dataTimeout().toSeconds() + " s; passive mode usually works behind NAT", e);
                } finally {
                    closeQuietly(listener);
                }
            }

            @Override
            public void close() {
                closeQuietly(listener);
            }
        };
    }

    private void bindInRange(ServerSocketChannel listener, InetAddress local) throws IOException {
        int min = settings.activePortMin();
        int max = settings.activePortMax();
        if (min == 0 && max == 0) {
            listener.bind(new InetSocketAddress(local, 0), 1);
            return;
        }
        int count = max - min + 1;
        int first = ThreadLocalRandom.current().nextInt(count);
        IOException last = null;
        for (int i = 0; i < count; i++) {
            int port = min + (first + i) % count;
            try {
                listener.bind(new InetSocketAddress(local, port), 1);
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IOException("no free port in " + min + "-" + max + (last == null ? "" : " (" + last.getMessage() + ")"));
    }

    // ---------------------------------------------------------------- cancelling and closing

    /**
     * Cancels the running transfer from any thread. The operation fails with
     * {@link FtpCancelledException}; the session stays connected when the server cooperates.
     */
    public void cancel() {
        cancelRequested = true;
        Closeable resource = cancellable;
        if (resource != null) {
            closeQuietly(resource);
        }
    }

    /** Says goodbye (QUIT) and closes. Never throws: a dead connection is simply closed. */
    public void quit() {
        lock.lock();
        try {
            if (control != null && !control.isClosed()) {
                try {
                    control.send("QUIT");
                    control.read("QUIT", shorter(settings.replyTimeout(), Duration.ofSeconds(5)));
                } catch (FtpException e) {
                    // Leaving anyway.
                }
                control.closeGracefully();
            }
            closeControl();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        cancel();
        lock.lock();
        try {
            closeControl();
            state = State.CLOSED;
        } finally {
            lock.unlock();
        }
    }

    private void closeControl() {
        if (control != null) {
            control.close();
            control = null;
        }
        if (state != State.CLOSED) {
            state = State.DISCONNECTED;
        }
    }

    // ---------------------------------------------------------------- plumbing

    /** Runs a command that touches no local file. */
    private <T> T operation(IoCall<T> call) throws FtpException {
        try {
            return run(call);
        } catch (FtpException e) {
            throw e;
        } catch (IOException e) {
            throw new FtpException(e.getMessage(), false, e);
        }
    }

    /**
     * Runs one operation under the session lock. Failures come out as {@link FtpException}s, or
     * as {@link LocalFileException}s when the local side of a transfer failed.
     */
    private <T> T run(IoCall<T> call) throws IOException {
        lock.lock();
        try {
            if (state == State.CLOSED) {
                throw new FtpException("The session is closed", false);
            }
            if (control == null || control.isClosed()) {
                state = State.DISCONNECTED;
                throw new FtpConnectionException("Not connected to " + settings.address(), null);
            }
            cancelRequested = false;
            try {
                return call.call();
            } catch (FtpException e) {
                if (control == null || control.isClosed()) {
                    closeControl();
                } else if (state == State.TRANSFERRING) {
                    state = State.READY;
                }
                if (!(e instanceof FtpCancelledException)) {
                    log.error(e.getMessage());
                }
                throw e;
            } catch (LocalFileException e) {
                log.error(e.getMessage());
                throw e;
            } catch (IOException e) {
                closeControl();
                FtpConnectionException failure = new FtpConnectionException(ControlConnection.describe(e), e);
                log.error(failure.getMessage());
                throw failure;
            }
        } finally {
            cancelRequested = false;
            cancellable = null;
            lock.unlock();
        }
    }

    private void checkCancelled() throws FtpCancelledException {
        if (cancelRequested) {
            throw new FtpCancelledException("Cancelled");
        }
    }

    /**
     * Relative paths mean "relative to the directory the server logged us into", for the whole
     * session: listings change the working directory (CWD before LIST), so a relative path sent
     * as it is would drift. Absolute and empty paths are kept.
     */
    private String resolve(String path) {
        if (path == null || path.isEmpty() || RemotePaths.isAbsolute(path) || initialDirectory == null
                || !RemotePaths.isAbsolute(initialDirectory)) {
            return path;
        }
        return RemotePaths.join(initialDirectory, path);
    }

    private void changeDirectory(String path) throws FtpException {
        if (path.equals(workingDirectory)) {
            return;
        }
        FtpReply reply = command("CWD", path);
        if (!reply.isPositive()) {
            throw new FtpReplyException("CWD", reply, reply.code() == 550
                    ? "The directory " + path + " does not exist or may not be opened" : null);
        }
        workingDirectory = RemotePaths.isAbsolute(path) ? RemotePaths.normalize(path) : null;
    }

    private void ensureType(TransferType wanted) throws FtpException {
        if (type == wanted) {
            return;
        }
        expectPositive("TYPE", command("TYPE " + wanted.code()));
        type = wanted;
    }

    /** Sends a verb with an argument that may be a path: refused if it could inject a command. */
    private FtpReply command(String verb, String argument) throws FtpException {
        if (argument == null || argument.isEmpty()) {
            return command(verb);
        }
        for (int i = 0; i < argument.length(); i++) {
            char c = argument.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new UnsafeNameException("Refusing to send " + verb + " for a name with a line break or NUL ("
                        + dev.ferry.ftp.listing.NameSafety.printable(argument) + ")");
            }
        }
        return command(verb + " " + argument);
    }

    private FtpReply command(String line) throws FtpException {
        control.send(line);
        String verb = line.indexOf(' ') < 0 ? line : line.substring(0, line.indexOf(' '));
        FtpReply reply = control.read(verb);
        while (reply.isPreliminary() && !isTransferVerb(verb)) {
            reply = control.read(verb);
        }
        return reply;
    }

    private static boolean isTransferVerb(String verb) {
        return switch (verb) {
            case "RETR", "STOR", "APPE", "LIST", "MLSD", "NLST" -> true;
            default -> false;
        };
    }

    private static void expectPositive(String verb, FtpReply reply) throws FtpReplyException {
        if (!reply.isPositive()) {
            throw new FtpReplyException(verb, reply);
        }
    }

    /** The path in a 257 reply: {@code 257 "/a ""quoted"" dir" created} → {@code /a "quoted" dir}. */
    static String parseQuotedPath(FtpReply reply) {
        String text = reply.firstLineText();
        int start = text.indexOf('"');
        if (start < 0) {
            return null;
        }
        StringBuilder path = new StringBuilder();
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    path.append('"');
                    i++;
                } else {
                    return path.toString();
                }
            } else {
                path.append(c);
            }
        }
        return null;
    }

    static Optional<Instant> parseMdtm(String text) {
        if (text.length() < 14) {
            return Optional.empty();
        }
        try {
            Instant time = LocalDateTime.parse(text.substring(0, 14), MDTM).toInstant(ZoneOffset.UTC);
            return Optional.of(time);
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String format(InetSocketAddress address) {
        String host = address.getAddress() instanceof Inet6Address ? "[" + address.getAddress().getHostAddress() + "]"
                : address.getAddress().getHostAddress();
        return host + ":" + address.getPort();
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Closing is best effort here.
        }
    }

}
