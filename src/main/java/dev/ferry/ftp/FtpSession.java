package dev.ferry.ftp;

import dev.ferry.ftp.listing.Listing;
import dev.ferry.message.Message;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One FTP session: a control connection and the data connections it opens. This class is the
 * library's front door; the work is done by one small state machine per operation
 * ({@link LoginOperation}, {@link TransferOperation}, {@link ListOperation}, {@link FileCommands})
 * over a {@link CommandChannel} that matches replies to the commands sent.
 * <p>
 * A session has one owning thread at a time: an operation started while another runs is a bug
 * and fails at once. Work is cancelled through the {@link CancelToken} the caller passes (a
 * token may span several operations, so a cancel between two of them is not lost); only
 * {@link #close()} may be called from any thread. Nothing here writes a file or speaks a human
 * language: failures are {@link FtpException}s carrying {@link Message}s, and what the session
 * learns about the server goes to {@link ConnectionSettings#capabilities()}.
 */
public final class FtpSession implements AutoCloseable {

    /** Where the session is; operations are only started from READY. */
    public enum State { DISCONNECTED, CONNECTING, READY, BUSY, CLOSED }

    /** How {@link #store} writes: replace the file, continue it at an offset (REST+STOR), or append (APPE). */
    public enum StoreMode { REPLACE, RESUME, APPEND }

    private static final Duration QUIT_WAIT = Duration.ofSeconds(5);

    private final SessionContext ctx;
    private final FileCommands files;
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    private volatile State state = State.DISCONNECTED;
    private volatile CancelToken running;
    private volatile ControlConnection interruptible;
    private volatile boolean closing;

    public FtpSession(ConnectionSettings settings, String name) {
        this.ctx = new SessionContext(settings, new DialogueLog(name));
        this.files = new FileCommands(ctx);
    }

    public ConnectionSettings settings() {
        return ctx.settings;
    }

    public DialogueLog log() {
        return ctx.log;
    }

    public void addListener(DialogueListener listener) {
        ctx.log.addListener(listener);
    }

    public State state() {
        return state;
    }

    public boolean isConnected() {
        State s = state;
        ControlConnection c = interruptible;
        return (s == State.READY || s == State.BUSY) && c != null && !c.isClosed();
    }

    public FtpFeatures features() {
        return ctx.features;
    }

    /** What sessions to this server learned (shared through the settings). */
    public ServerCapabilities capabilities() {
        return ctx.capabilities;
    }

    /** The directory the server put us in at login, or null if it would not say. */
    public String initialDirectory() {
        return ctx.initialDirectory;
    }

    public SecurityStatus security() {
        ControlConnection c = interruptible;
        if (c == null || c.isClosed()) {
            return SecurityStatus.DISCONNECTED;
        }
        boolean controlEncrypted = c.tls() != null;
        return new SecurityStatus(ctx.settings.tlsMode(), controlEncrypted, controlEncrypted && ctx.dataProtected,
                ctx.fellBackToPlain, ctx.tls == null ? null : ctx.tls.controlInfo(), ctx.lastDataTls);
    }

    // ---------------------------------------------------------------- connecting

    /** Connects, secures and logs in; does nothing when already connected. */
    public void connect() throws FtpException {
        connect(new CancelToken());
    }

    public void connect(CancelToken token) throws FtpException {
        enter(token);
        try {
            if (state == State.CLOSED) {
                throw new FtpException(Message.of(FtpText.SESSION_CLOSED), false);
            }
            if (!ctx.connected()) {
                login(token);
            }
        } catch (FtpException e) {
            ctx.log.error(e.explanation());
            throw e;
        } finally {
            leave();
        }
    }

    /** Drops the current connection, if any, and connects again, back to the same directory. */
    public void reconnect() throws FtpException {
        reconnect(new CancelToken());
    }

    public void reconnect(CancelToken token) throws FtpException {
        enter(token);
        try {
            reconnectKeepingDirectory(token);
        } catch (FtpException e) {
            ctx.log.error(e.explanation());
            throw e;
        } finally {
            leave();
        }
    }

    private void login(CancelToken token) throws FtpException {
        state = State.CONNECTING;
        try {
            new LoginOperation(ctx, token).run();
            interruptible = ctx.control;
            state = State.READY;
        } catch (FtpException e) {
            throw e.connecting();
        } finally {
            if (state == State.CONNECTING) {
                state = State.DISCONNECTED;
            }
        }
    }

    private void reconnectKeepingDirectory(CancelToken token) throws FtpException {
        String directory = ctx.workingDirectory;
        DataConnectionMode mode = ctx.dataMode;
        login(token);
        if (mode != null) {
            ctx.dataMode = mode;
        }
        state = State.BUSY;
        if (directory != null && !directory.equals(ctx.workingDirectory)) {
            ctx.changeDirectory(directory);
        }
    }

    // ---------------------------------------------------------------- commands

    /** The working directory as the server reports it. */
    public String pwd() throws FtpException {
        return simple(files::pwd);
    }

    public void cwd(String path) throws FtpException {
        simple(names(path), () -> {
            ctx.changeDirectory(ctx.resolve(path));
            return null;
        });
    }

    /**
     * Whether {@code path} is a folder: the server lets us into it (SIZE cannot tell a folder from a
     * missing file). The working directory changes, which no command depends on: relative paths
     * are resolved from the login directory. A permanent refusal means no, and is no error in the
     * log; a transient one, or a lost connection, is thrown.
     */
    public boolean isFolder(String path, CancelToken token) throws FtpException {
        FtpReply refused = simple(token, names(path), () -> ctx.enterDirectory(ctx.resolve(path)));
        if (refused != null && refused.isTransientNegative()) {
            throw new FtpReplyException("CWD", refused, null);
        }
        return refused == null;
    }

    public boolean isFolder(String path) throws FtpException {
        return isFolder(path, new CancelToken());
    }

    public void cdup() throws FtpException {
        simple(() -> {
            files.cdup();
            return null;
        });
    }

    /** Creates a directory; returns its path as the server reports it. */
    public String mkd(String path) throws FtpException {
        return simple(names(path), () -> files.mkd(path));
    }

    /**
     * Makes each of {@code folders} in order, each inside the one before. Only the last one's refusal counts: the
     * others may be there already, and a server says so in words of its own, in the same 550 as any other
     * refusal. Where one of them could not be made, the last one's refusal says so too.
     */
    public void mkdChain(List<String> folders) throws FtpException {
        for (int i = 0; i < folders.size() - 1; i++) {
            try {
                mkd(folders.get(i));
            } catch (FtpReplyException thereAlready) {
                if (thereAlready.isTransient()) {
                    throw thereAlready;
                }
            }
        }
        mkd(folders.getLast());
    }

    public void rmd(String path) throws FtpException {
        simple(names(path), () -> {
            files.rmd(path);
            return null;
        });
    }

    public void delete(String path) throws FtpException {
        simple(names(path), () -> {
            files.delete(path);
            return null;
        });
    }

    public void rename(String from, String to) throws FtpException {
        simple(names(from, to), () -> {
            files.rename(from, to);
            return null;
        });
    }

    /** The size of a file in bytes, or empty when the server cannot tell (no SIZE, a directory, missing). */
    public OptionalLong size(String path) throws FtpException {
        return size(path, new CancelToken());
    }

    public OptionalLong size(String path, CancelToken token) throws FtpException {
        return simple(token, names(path), () -> files.size(path));
    }

    /** Whether the server answers SIZE that no file is there (550); false when it cannot tell. */
    public boolean isAbsent(String path, CancelToken token) throws FtpException {
        return simple(token, names(path), () -> files.absent(path));
    }

    /** Whether the server named a checksum command for one of {@code algorithms} (known since login; nothing is sent). */
    public boolean offersChecksum(List<String> algorithms) {
        return files.offersChecksum(algorithms);
    }

    /**
     * The modification time (MDTM) in UTC, or empty when the server cannot tell. A server measured to
     * answer in its local time ({@link ServerCapabilities#mdtmOffset()}) has its answer moved to UTC.
     */
    public Optional<Instant> modificationTime(String path) throws FtpException {
        return modificationTime(path, new CancelToken());
    }

    public Optional<Instant> modificationTime(String path, CancelToken token) throws FtpException {
        return simple(token, names(path), () -> files.modificationTime(path, false));
    }

    /** MDTM's answer read as UTC without any learned correction: for whoever measures the server's clock. */
    public Optional<Instant> modificationTimeAsAnswered(String path, CancelToken token) throws FtpException {
        return simple(token, names(path), () -> files.modificationTime(path, true));
    }

    /**
     * Sets the modification time with MFMT, or without it where "MDTM time path" is found to set it
     * (vsftpd); false when the server offers neither.
     */
    public boolean setModificationTime(String path, Instant time) throws FtpException {
        return simple(new CancelToken(), names(path), () -> files.setModificationTime(path, time));
    }

    /** SITE CHMOD with an octal mode such as 0644. */
    public void chmod(String path, int mode) throws FtpException {
        simple(new CancelToken(), names(path), () -> {
            files.chmod(path, mode);
            return null;
        });
    }

    /** NOOP: keeps an idle session alive and checks that it still is. */
    public void noop() throws FtpException {
        simple(() -> {
            files.noop();
            return null;
        });
    }

    /**
     * Whether an idle session is still connected, found without sending anything: when the server
     * said goodbye (a 421 after its idle timeout) or simply hung up, the session is disconnected
     * now, not at the next command, so that a window can say so. A late reply to an earlier
     * command (a NOOP answered after its transfer) is matched to it here. Call it only between
     * operations; a session in use elsewhere is left alone (true).
     */
    public boolean checkIdleConnection() {
        if (!owner.compareAndSet(null, Thread.currentThread())) {
            return true;
        }
        try {
            if (closing || state != State.READY || !ctx.connected()) {
                return isConnected();
            }
            if (!serverHungUpWhileIdle()) {
                return true;
            }
            if (!closing) {
                ctx.log.warning(FtpText.SERVER_CLOSED_IDLE);
            }
            ctx.resetConnection();
            interruptible = null;
            if (state != State.CLOSED) {
                state = State.DISCONNECTED;
            }
            return false;
        } finally {
            if (closing) {
                // close() from another thread found the probe owning the session: it only shut the socket.
                ctx.resetConnection();
                interruptible = null;
            }
            owner.set(null);
        }
    }

    /** The rest of a reply that began to arrive while idle comes at once, or the connection is not worth keeping. */
    private static final Duration UNASKED_REPLY_WAIT = Duration.ofSeconds(5);

    private boolean serverHungUpWhileIdle() {
        try {
            return switch (ctx.control.idleNews()) {
                case NOTHING -> false;
                case ENDED -> true;
                case SPOKE -> {
                    ctx.commands.readUnasked(ctx.settings.replyTimeoutAtMost(UNASKED_REPLY_WAIT));
                    yield !ctx.connected();
                }
            };
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * A checksum of a remote file computed by the server, hex in lower case, or empty when the
     * server offers none of the given algorithms. Algorithms: "SHA-256", "SHA-1", "MD5", "CRC32".
     */
    public Optional<String[]> checksum(String path, List<String> algorithms) throws FtpException {
        return checksum(path, algorithms, new CancelToken());
    }

    public Optional<String[]> checksum(String path, List<String> algorithms, CancelToken token) throws FtpException {
        return simple(token, names(path), () -> files.checksum(path, algorithms));
    }

    // ---------------------------------------------------------------- listings and transfers

    /** Lists a directory: MLSD when offered, LIST otherwise. {@code path} may be empty for the current one. */
    public Listing list(String path) throws FtpException {
        return list(path, new CancelToken());
    }

    /** The listing of {@code path}, or null when the server refuses it for good (none there, not readable); a transient refusal is thrown. */
    public Listing listIfThere(String path, CancelToken token) throws FtpException {
        try {
            return list(path, token);
        } catch (FtpReplyException refused) {
            if (refused.isTransient()) {
                throw refused;
            }
            return null;
        }
    }

    public Listing list(String path, CancelToken token) throws FtpException {
        try {
            return operation(token, names(path), () -> new ListOperation(ctx, token, () -> reconnectKeepingDirectory(token)).list(path));
        } catch (FtpException e) {
            throw e;
        } catch (IOException e) {
            throw new FtpException(Message.of(FtpText.DATA_FAILED, "LIST", ControlConnection.describe(e)), false, e);
        }
    }

    /**
     * Downloads {@code path} from {@code offset} (REST) to its end into the sink, opened at that
     * offset. Returns the bytes received; the caller checks them against the size it expects: a
     * server may end a data connection early and still report success. {@code expectedSize} (or
     * -1) lets a transfer whose every byte arrived succeed when the final reply is lost.
     */
    public long retrieve(String path, long offset, long expectedSize, DownloadSink sink, TransferListener listener,
                         CancelToken token) throws IOException {
        return operation(token, names(path), () -> new TransferOperation<>(ctx, token, "RETR", ctx.resolve(path), offset,
                TransferType.BINARY, () -> FileMovers.download(ctx, sink, offset, -1), 0L, listener,
                () -> reconnectKeepingDirectory(token)).expecting(expectedSize).run());
    }

    /**
     * Downloads {@code length} bytes of {@code path} from {@code offset} (a segment of a larger
     * download) and aborts the rest of the server's transfer; the session stays usable.
     */
    public long retrieveRange(String path, long offset, long length, DownloadSink sink, TransferListener listener,
                              CancelToken token) throws IOException {
        return operation(token, names(path), () -> new TransferOperation<>(ctx, token, "RETR", ctx.resolve(path), offset,
                TransferType.BINARY, () -> FileMovers.download(ctx, sink, offset, length), 0L, listener,
                () -> reconnectKeepingDirectory(token)).run());
    }

    /**
     * Uploads {@code source} from {@code offset}: with {@link StoreMode#RESUME} the server file is
     * continued there (REST+STOR), with {@link StoreMode#APPEND} appended to (APPE). Returns the
     * bytes sent.
     */
    public long store(String path, UploadSource source, StoreMode mode, long offset, TransferListener listener,
                      CancelToken token) throws IOException {
        String verb = mode == StoreMode.APPEND ? "APPE" : "STOR";
        long sourceOffset = mode == StoreMode.REPLACE ? 0 : offset;
        return operation(token, names(path), () -> new TransferOperation<>(ctx, token, verb, ctx.resolve(path),
                mode == StoreMode.RESUME ? offset : 0, TransferType.BINARY, () -> FileMovers.upload(ctx, source, sourceOffset), 0L,
                listener, () -> reconnectKeepingDirectory(token)).openingLocalFileFirst().run());
    }

    // ---------------------------------------------------------------- closing

    /** Says goodbye (QUIT) and closes. Never throws: a dead connection is simply closed. */
    public void quit() {
        if (!owner.compareAndSet(null, Thread.currentThread())) {
            close();
            return;
        }
        try {
            if (ctx.connected()) {
                try {
                    ctx.commands.reset();
                    ctx.commands.control().send(List.of("QUIT"));
                    ctx.commands.control().read("QUIT", ctx.settings.replyTimeoutAtMost(QUIT_WAIT));
                } catch (FtpException e) {
                    // Leaving anyway.
                }
                ctx.control.closeGracefully();
            }
            ctx.resetConnection();
            if (state != State.CLOSED) {
                state = State.DISCONNECTED;
            }
        } finally {
            owner.set(null);
        }
    }

    /**
     * Cancels the operation running now, if any, from any thread (it ends with
     * {@link FtpCancelledException}; the session stays connected when the server cooperates and had
     * answered the command already). For
     * work made of several operations, pass one {@link CancelToken} to all of them instead: a cancel
     * that falls between two operations is then not lost.
     */
    public void cancelRunning() {
        CancelToken token = running;
        if (token != null) {
            token.cancel();
        }
    }

    /**
     * Closes the session; may be called from any thread. When another thread is running an
     * operation, its token is cancelled and its control socket shut down: that thread ends the
     * operation and releases the connection.
     */
    @Override
    public void close() {
        closing = true;
        state = State.CLOSED;
        if (owner.compareAndSet(null, Thread.currentThread())) {
            try {
                ctx.resetConnection();
            } finally {
                owner.set(null);
            }
            return;
        }
        CancelToken token = running;
        if (token != null) {
            token.cancel();
        }
        ControlConnection control = interruptible;
        if (control != null) {
            control.interrupt();
        }
    }

    // ---------------------------------------------------------------- plumbing

    @FunctionalInterface
    private interface Work<T> {
        T call() throws IOException;
    }

    private <T> T simple(Work<T> work) throws FtpException {
        return simple(new CancelToken(), work);
    }

    private <T> T simple(List<String> names, Work<T> work) throws FtpException {
        return simple(new CancelToken(), names, work);
    }

    private <T> T simple(CancelToken token, Work<T> work) throws FtpException {
        return simple(token, List.of(), work);
    }

    /** {@link #operation(CancelToken, List, Work)} whose socket failures are a lost control connection. */
    private <T> T simple(CancelToken token, List<String> names, Work<T> work) throws FtpException {
        try {
            return operation(token, names, work);
        } catch (FtpException e) {
            throw e;
        } catch (IOException e) {
            throw new FtpConnectionException(Message.of(FtpText.CONTROL_LOST_WAITING, "", ControlConnection.describe(e)), e);
        }
    }

    /** The paths an operation sends, for {@link #operation(CancelToken, List, Work)}: an empty one is the working directory. */
    private static List<String> names(String... paths) {
        return java.util.Arrays.stream(paths).filter(path -> path != null && !path.isEmpty()).toList();
    }

    /**
     * Runs one operation on the owning thread; failures come out as FtpExceptions or LocalFileExceptions.
     * {@code names} are the paths its commands will send: before the first command, the charset they go out in
     * is settled ({@link NameCharset}), which for a name beyond ASCII may list a folder first.
     */
    private <T> T operation(CancelToken token, List<String> names, Work<T> work) throws IOException {
        enter(token);
        try {
            if (state == State.CLOSED) {
                throw new FtpException(Message.of(FtpText.SESSION_CLOSED), false);
            }
            if (!ctx.connected()) {
                state = State.DISCONNECTED;
                throw new FtpConnectionException(Message.of(FtpText.NOT_CONNECTED, ctx.settings.address()), null);
            }
            token.throwIfCancelled();
            state = State.BUSY;
            if (!names.isEmpty()) {
                NameCharset.settle(ctx, token, () -> reconnectKeepingDirectory(token), names);
            }
            return work.call();
        } catch (FtpCancelledException e) {
            throw e;
        } catch (FtpException e) {
            ctx.log.error(e.explanation());
            throw e;
        } catch (LocalFileException e) {
            ctx.log.error(e.explanation());
            throw e;
        } catch (IOException e) {
            ctx.resetConnection();
            FtpConnectionException failure = new FtpConnectionException(Message.of(FtpText.CONTROL_LOST_WAITING, "",
                    ControlConnection.describe(e)), e);
            ctx.log.error(failure.explanation());
            throw failure;
        } finally {
            leave();
        }
    }

    private void enter(CancelToken token) {
        Thread me = Thread.currentThread();
        if (!owner.compareAndSet(null, me)) {
            throw new IllegalStateException("FtpSession " + ctx.log.session() + " is in use by " + owner.get()
                    + "; a session has one owning thread at a time");
        }
        running = token;
        if (closing) {
            token.cancel();
        }
    }

    private void leave() {
        if (state != State.CLOSED) {
            state = ctx.connected() ? State.READY : State.DISCONNECTED;
        }
        running = null;
        interruptible = ctx.control;
        if (closing) {
            ctx.resetConnection();
            interruptible = null;
        }
        owner.set(null);
    }
}
