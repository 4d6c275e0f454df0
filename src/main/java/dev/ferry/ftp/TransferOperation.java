package dev.ferry.ftp;

import dev.ferry.message.Message;
import dev.ferry.tls.CertificateRejectedException;
import dev.ferry.tls.TlsConnectionInfo;
import dev.ferry.tls.TlsHandshakeException;
import dev.ferry.tls.TlsTruncatedException;
import dev.ferry.tls.TlsVersion;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * One command that moves data over a data connection (RETR, STOR, APPE, LIST, MLSD), as a small
 * state machine: prepare the data connection, send the command, open (and secure) the data
 * connection, move the bytes, read the final reply. Once EPSV has worked on the connection, the
 * command goes out in the same write as the next EPSV (a round trip per file less; a server found
 * to lose it is talked to one command at a time). Each attempt starts from a fresh
 * {@link Mover}, so when an attempt must be repeated it restarts from the offset it needs:
 * <ul>
 * <li>the server refused a data connection right after a TLS 1.3 data handshake that did not
 * resume the control session (whatever its words: vsftpd's 522, ProFTPD's 425, a closed
 * connection): the session reconnects with TLS 1.2 and the server's ceiling is learned;</li>
 * <li>the data connection mode does not work from here (the server refuses PORT, cannot connect
 * back, or a passive connection cannot be made): the other mode is used and learned;</li>
 * <li>a command sent behind EPSV went unanswered, was hung up on, or that EPSV was refused: the
 * session reconnects; if no such command was answered in this process yet, it sends one command
 * at a time to this server from then on.</li>
 * </ul>
 * Cancelling (the {@link CancelToken}) interrupts the data socket; this thread then aborts the
 * transfer (ABOR) and the session stays usable. A cancel before the server answered the transfer
 * command shuts the control connection instead (the session reconnects before its next use).
 */
final class TransferOperation<T> {

    private static final System.Logger LOG = System.getLogger(TransferOperation.class.getName());

    enum Step { PREPARING, SETTING_UP_DATA, SENDING, OPENING_DATA, SECURING_DATA, MOVING, FINISHING, ABORTING, DONE }

    /** Moves the bytes of one attempt over an open data connection. */
    interface Mover<T> {
        T move(DataConnection data, TransferListener listener) throws IOException;

        /** True when the mover stopped before the server finished sending (a segment): the transfer is aborted. */
        default boolean stoppedEarly() {
            return false;
        }

        /** Lets go of what the mover opened when the attempt ends without moving (closing twice is harmless). */
        default void discard() {
        }
    }

    /** Makes the mover of one attempt, opening its file afresh. */
    @FunctionalInterface
    interface MoverFactory<T> {
        Mover<T> newAttempt() throws IOException;
    }

    /** Connects the session again (same directory), for a repeat that needs a new connection. */
    @FunctionalInterface
    interface Reconnect {
        void reconnect() throws FtpException;
    }

    private static final Duration SHORT_WAIT = Duration.ofSeconds(10);
    private static final Set<String> PIPELINED_VERBS = Set.of("RETR", "STOR", "LIST", "MLSD", "NLST");
    private static final int MAX_REPEATS = 2;

    private final SessionContext ctx;
    private final CancelToken token;
    private final String verb;
    private final String argument;
    private final long restOffset;
    private final TransferType type;
    private final MoverFactory<T> movers;
    private final T nothingToMove;
    private final TransferListener listener;
    private final Reconnect reconnect;
    private long expectedBytes = -1;
    private boolean opensLocalFileFirst;
    private Step step = Step.PREPARING;

    TransferOperation(SessionContext ctx, CancelToken token, String verb, String argument, long restOffset,
                      TransferType type, MoverFactory<T> movers, T nothingToMove, TransferListener listener,
                      Reconnect reconnect) {
        this.ctx = ctx;
        this.token = token;
        this.verb = verb;
        this.argument = argument;
        this.restOffset = restOffset;
        this.type = type;
        this.movers = movers;
        this.nothingToMove = nothingToMove;
        this.listener = listener == null ? TransferListener.NONE : listener;
        this.reconnect = reconnect;
    }

    /** For a download whose size is known: if the final reply never comes although every byte did, it succeeded. */
    TransferOperation<T> expecting(long bytes) {
        this.expectedBytes = bytes;
        return this;
    }

    /**
     * For an upload: the local file is opened before the command is sent. STOR of a file that then
     * cannot be read would have replaced the server's copy with nothing.
     */
    TransferOperation<T> openingLocalFileFirst() {
        this.opensLocalFileFirst = true;
        return this;
    }

    Step step() {
        return step;
    }

    /** Why an attempt is repeated, and what changes before the repeat. */
    private static final class Repeat extends Exception {
        final IOException failure;
        final Adjustment adjustment;

        Repeat(IOException failure, Adjustment adjustment) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
            this.adjustment = adjustment;
        }
    }

    private enum Adjustment { TLS_1_2, OTHER_DATA_MODE, RECONNECT, RECONNECT_ONE_COMMAND_AT_A_TIME }

    /**
     * A command sent behind EPSV went unanswered: the repeat goes one command at a time, and only
     * its success is learned as the server's refusal of such commands. A server that fell silent
     * altogether (no greeting on the new connection either) refused nothing.
     */
    private boolean oneCommandAtATime;

    T run() throws IOException {
        DataConnectionMode switchedFrom = null;
        IOException firstModeFailure = null;
        ServerCapabilities.Snapshot before = ctx.capabilities.snapshot();
        for (int repeats = 0; ; repeats++) {
            Counting counting = new Counting(listener);
            try {
                T result = attempt(counting);
                if (oneCommandAtATime) {
                    // Answered one command at a time where a command behind EPSV was not: learned.
                    ctx.capabilities.learnPipeliningRefused();
                }
                return result;
            } catch (Repeat repeat) {
                oneCommandAtATime |= repeat.adjustment == Adjustment.RECONNECT_ONE_COMMAND_AT_A_TIME;
                boolean modeAgain = repeat.adjustment == Adjustment.OTHER_DATA_MODE && switchedFrom != null;
                if (modeAgain) {
                    // Neither mode works: not a reason to learn anything. Back to how it was, and the
                    // failure of the mode the user chose is the one to explain.
                    // Said before the chosen mode's failure is: that alone read as if the other was never tried.
                    ctx.log.warning(FtpText.OTHER_MODE_FAILED_TOO, FtpText.modeWord(ctx.dataMode), words(repeat.failure),
                            FtpText.modeWord(switchedFrom));
                    ctx.dataMode = switchedFrom;
                    ctx.capabilities.restoreDataMode(before);
                    firstModeFailure.addSuppressed(repeat.failure);
                    if (!ctx.connected()) {
                        // A failed passive connection gives up its control connection (DataChannelSetup):
                        // the session stays usable for what comes next, as after any other failed transfer.
                        try {
                            reconnect.reconnect();
                            ctx.dataMode = switchedFrom;
                        } catch (FtpException e) {
                            firstModeFailure.addSuppressed(e);
                        }
                    }
                    throw firstModeFailure;
                }
                if (token.isCancelled()) {
                    // The cancel may have shut the control connection while the attempt was failing.
                    if (!ctx.connected()) {
                        ctx.resetConnection();
                    }
                    throw new FtpCancelledException();
                }
                if (repeats >= MAX_REPEATS) {
                    throw repeat.failure;
                }
                listener.discarded(counting.moved);
                if (repeat.adjustment == Adjustment.OTHER_DATA_MODE) {
                    switchedFrom = ctx.dataMode;
                    firstModeFailure = repeat.failure;
                }
                adjust(repeat);
            }
        }
    }

    /** A failure as a message to nest in another: its explanation, else its own words. */
    private static Message words(IOException failure) {
        return failure instanceof dev.ferry.message.Explained explained && explained.explanation() != null
                ? explained.explanation() : Message.of(dev.ferry.message.Messages.GeneralText.TEXT,
                ControlConnection.describe(failure));
    }

    private void adjust(Repeat repeat) throws IOException {
        switch (repeat.adjustment) {
            case TLS_1_2 -> {
                ctx.log.warning(FtpText.TLS_RELEARN_REUSE, TlsVersion.TLS_1_2.number(), ctx.settings.address());
                ctx.sessionTlsCeiling = TlsVersion.TLS_1_2;
                if (!ctx.settings.tlsMaxExplicit()) {
                    ctx.capabilities.learnTlsCeiling(TlsVersion.TLS_1_2);
                }
                try {
                    reconnect.reconnect();
                } catch (FtpTlsException e) {
                    if (e.certificateReview() != null) {
                        throw e;
                    }
                    // TLS 1.2 is refused too: the server offers TLS 1.3 only and demands reuse.
                    ctx.capabilities.learnTlsCeiling(null);
                    ctx.sessionTlsCeiling = null;
                    FtpTlsException explained = new FtpTlsException(Message.of(FtpText.TLS_REUSE_REQUIRED_13_ONLY,
                            ctx.settings.address()), null, e);
                    explained.addSuppressed(repeat.failure);
                    throw explained;
                }
            }
            case RECONNECT, RECONNECT_ONE_COMMAND_AT_A_TIME -> {
                try {
                    reconnect.reconnect();
                } catch (FtpException e) {
                    e.addSuppressed(repeat.failure);
                    throw e;
                }
            }
            case OTHER_DATA_MODE -> {
                DataConnectionMode from = ctx.dataMode;
                DataConnectionMode to = from == DataConnectionMode.PASSIVE ? DataConnectionMode.ACTIVE
                        : DataConnectionMode.PASSIVE;
                ctx.log.warning(FtpText.DATA_MODE_SWITCHED, FtpText.modeWord(from), FtpText.modeWord(to));
                ctx.dataMode = to;
                ServerCapabilities.Snapshot before = ctx.capabilities.snapshot();
                ctx.capabilities.learnDataMode(to, ctx.settings.dataConnectionSetup());
                if (!ctx.connected()) {
                    try {
                        reconnect.reconnect();
                    } catch (FtpException e) {
                        // The other mode was never tried: a server gone (or stalled, at EPRT) teaches nothing of it.
                        ctx.capabilities.restoreDataMode(before);
                        ctx.dataMode = from;
                        e.addSuppressed(repeat.failure);
                        throw e;
                    }
                    ctx.dataMode = to;
                }
            }
        }
    }

    /**
     * A data handshake that failed where TLS 1.2 might work (a server that demands session reuse and
     * cannot resume TLS 1.3). Not a rejected certificate, a plain-text answer or a client certificate
     * refused: TLS 1.2 was tried for them and learned as the server's ceiling, for good.
     */
    private static boolean mayBeAboutTlsVersions(IOException failure) {
        if (failure instanceof CertificateRejectedException) {
            return false;
        }
        return !(failure instanceof TlsHandshakeException handshake)
                || switch (handshake.kind()) {
                    case NOT_TLS, CLIENT_CERTIFICATE_REQUIRED, CLIENT_CERTIFICATE_REFUSED -> false;
                    default -> true;
                };
    }

    private T attempt(Counting counting) throws IOException, Repeat {
        token.throwIfCancelled();
        if (!opensLocalFileFirst) {
            return attempt(counting, null);
        }
        Mover<T> opened = movers.newAttempt();
        try {
            return attempt(counting, opened);
        } finally {
            opened.discard();
        }
    }

    private T attempt(Counting counting, Mover<T> openedBefore) throws IOException, Repeat {
        step = Step.PREPARING;
        if (type != null) {
            ctx.ensureType(type);
        }
        step = Step.SETTING_UP_DATA;
        DataChannelSetup setup = new DataChannelSetup(ctx, token);
        DataChannelSetup.Pending pending;
        CommandChannel.Sent sent = null;
        try {
            if (pipelines()) {
                DataChannelSetup.Pipelined pipelined = setup.passiveWith(CommandChannel.line(verb, argument));
                pending = pipelined.pending();
                sent = pipelined.command();
            } else {
                pending = setup.prepare(ctx.dataMode);
            }
        } catch (DataChannelSetup.ModeFailed failed) {
            throw new Repeat(failed.failure, Adjustment.OTHER_DATA_MODE);
        } catch (DataChannelSetup.ConnectionDropped dropped) {
            throw new Repeat(dropped.failure, dropped.lostBehindEpsv ? Adjustment.RECONNECT_ONE_COMMAND_AT_A_TIME
                    : Adjustment.RECONNECT);
        }
        // A server may take its time to answer (a file being fetched from tape, a busy disk): a cancel
        // meanwhile costs the control connection, not a wait for the reply timeout.
        try (CancelToken.Registration interrupt = token.whileBlocked(ctx.control::interrupt)) {
            FtpReply first;
            if (sent != null) {
                step = Step.SENDING;
                first = firstReplyBehindEpsv(sent, pending, setup);
            } else {
                if (restOffset > 0) {
                    FtpReply rest = ctx.commands.command("REST " + restOffset);
                    if (rest.code() != 350) {
                        throw new FtpReplyException("REST", rest, Message.of(FtpText.REST_UNSUPPORTED));
                    }
                }
                token.throwIfCancelled();
                step = Step.SENDING;
                sent = ctx.commands.send(verb, argument);
                first = ctx.commands.firstReply(sent);
            }
            if (first.isPositive()) {
                pending.close();
                step = Step.DONE;
                return nothingToMove;
            }
            if (!first.isPreliminary()) {
                pending.close();
                if (first.code() == 425 && ctx.dataMode == DataConnectionMode.ACTIVE) {
                    throw new Repeat(refusal(first), Adjustment.OTHER_DATA_MODE);
                }
                throw refusal(first);
            }
        } catch (IOException e) {
            pending.close();
            if (token.isCancelled()) {
                ctx.resetConnection();
                throw new FtpCancelledException();
            }
            throw e;
        }
        // From here on the server owes a final reply: every way out reads it or aborts.
        Mover<T> mover = openedBefore != null ? openedBefore : movers.newAttempt();
        DataConnection data = null;
        boolean unresumedTls13 = false;
        try {
            step = Step.OPENING_DATA;
            data = new DataConnection(pending.open(token));
            token.throwIfCancelled();
            if (ctx.dataProtected) {
                step = Step.SECURING_DATA;
                unresumedTls13 = controlOnTls13();
                DataConnection opened = data;
                try (CancelToken.Registration interrupt = token.whileBlocked(() -> Sockets.shutdown(opened.socket()))) {
                    data.secure(ctx.tls.connectData(data.socket(), ctx.settings.tlsHandshakeTimeout()));
                }
                TlsConnectionInfo info = data.tls().info();
                ctx.lastDataTls = info;
                unresumedTls13 = info.version() == TlsVersion.TLS_1_3 && !info.resumed();
            }
        } catch (IOException e) {
            if (data != null) {
                data.close();
            }
            pending.close();
            if (token.isCancelled()) {
                abort();
                throw new FtpCancelledException();
            }
            FtpReply reply = replyAfterFailure(sent);
            IOException failure = step == Step.SECURING_DATA ? dataTlsFailure(e) : e;
            if (step == Step.SECURING_DATA && unresumedTls13 && mayBeAboutTlsVersions(e)) {
                throw new Repeat(dataFailure(failure, reply), Adjustment.TLS_1_2);
            }
            if (step == Step.OPENING_DATA && ctx.dataMode == DataConnectionMode.ACTIVE) {
                throw new Repeat(dataFailure(failure, reply), Adjustment.OTHER_DATA_MODE);
            }
            throw dataFailure(failure, reply);
        }
        step = Step.MOVING;
        T result;
        DataConnection open = data;
        boolean movedToTheEnd = false;
        // A cancel resets the connection: shutting it down would send a FIN, which tells an upload's
        // server that the file is complete.
        try (CancelToken.Registration interrupt = token.whileBlocked(open::abandon)) {
            result = mover.move(data, counting);
            movedToTheEnd = !mover.stoppedEarly() && !token.isCancelled();
        } catch (LocalFileException e) {
            data.abandon();
            abort();
            throw e;
        } catch (IOException e) {
            data.abandon();
            if (token.isCancelled()) {
                abort();
                throw new FtpCancelledException();
            }
            FtpReply reply = replyAfterFailure(sent);
            if (unresumedTls13 && (verb.equals("STOR") || verb.equals("APPE") || counting.moved == 0)
                    && (reply == null || !reply.isPositive())) {
                throw new Repeat(dataFailure(e, reply), Adjustment.TLS_1_2);
            }
            throw dataFailure(e, reply);
        } finally {
            if (movedToTheEnd) {
                data.close();
            } else {
                data.abandon();
            }
        }
        if (token.isCancelled()) {
            // A cancel that came as the last bytes moved: the transfer may look complete, but the user said stop.
            abort();
            throw new FtpCancelledException();
        }
        if (mover.stoppedEarly()) {
            abort();
            step = Step.DONE;
            return result;
        }
        step = Step.FINISHING;
        FtpReply done;
        try {
            done = ctx.commands.finalReply(sent);
        } catch (FtpTimeoutException e) {
            if (expectedBytes >= 0 && counting.moved + restOffset == expectedBytes) {
                // Every byte arrived; a NAT router probably dropped the idle control connection.
                ctx.log.warning(FtpText.FINAL_REPLY_MISSING_DATA_COMPLETE, verb);
                ctx.resetConnection();
                step = Step.DONE;
                return result;
            }
            throw e;
        }
        if (ctx.commands.keepAliveRefused()) {
            ctx.capabilities.learnKeepAliveDuringTransferRefused();
        }
        if (!done.isPositive()) {
            if (unresumedTls13 && (verb.equals("STOR") || verb.equals("APPE") || counting.moved == 0)) {
                throw new Repeat(refusal(done), Adjustment.TLS_1_2);
            }
            throw refusal(done);
        }
        step = Step.DONE;
        return result;
    }

    /**
     * Sends the command behind EPSV when nothing is lost by it: a passive transfer from the start
     * of the file (REST would be a third command whose refusal must stop the transfer), on a
     * connection whose EPSV has worked, to a server not known (learned, or by its greeting) to lose
     * such commands.
     */
    private boolean pipelines() {
        return restOffset == 0 && ctx.dataMode == DataConnectionMode.PASSIVE && ctx.epsvAnswered
                && PIPELINED_VERBS.contains(verb) && !ctx.capabilities.epsvRefused()
                && !ctx.capabilities.pipeliningRefused() && !oneCommandAtATime && !ctx.greetedBySequentialServer;
    }

    /**
     * The first reply to a command sent behind EPSV; while probing (see {@link DataChannelSetup}),
     * silence or a lost connection is learned and the transfer repeated on a new connection.
     */
    private FtpReply firstReplyBehindEpsv(CommandChannel.Sent sent, DataChannelSetup.Pending pending,
                                          DataChannelSetup setup) throws FtpException, Repeat {
        if (!setup.probingPipelining()) {
            return ctx.commands.firstReply(sent);
        }
        FtpReply first;
        try {
            first = ctx.commands.firstReply(sent, setup.pipeliningProbe());
        } catch (FtpTimeoutException | FtpConnectionException e) {
            pending.close();
            if (token.isCancelled()) {
                throw e;
            }
            throw new Repeat(setup.pipeliningLost(verb, e).failure, Adjustment.RECONNECT_ONE_COMMAND_AT_A_TIME);
        }
        ctx.capabilities.confirmPipelining();
        return first;
    }

    private boolean controlOnTls13() {
        TlsConnectionInfo control = ctx.tls == null ? null : ctx.tls.controlInfo();
        return control != null && control.version() == TlsVersion.TLS_1_3;
    }

    /** After a failure on the data side: the server's final reply, briefly, or null when it never came. */
    private FtpReply replyAfterFailure(CommandChannel.Sent sent) {
        if (!ctx.connected()) {
            return null;
        }
        try {
            return ctx.commands.finalReply(sent, ctx.settings.replyTimeoutAtMost(SHORT_WAIT));
        } catch (FtpException e) {
            // The data side's failure is what gets reported; this one only goes to the log.
            LOG.log(System.Logger.Level.DEBUG, "no final reply after a failed data connection: " + e.getMessage());
            return null;
        }
    }

    /**
     * The server's words win over the socket's: a refusal reply explains more than "connection reset".
     * Not when Ferry ended the data connection itself (a stall, a certificate it refused): the
     * server's 426 then only answers that reset, and read as the server's abort it blamed the server.
     */
    private IOException dataFailure(IOException failure, FtpReply reply) {
        if (reply != null && !reply.isPositive() && endedByUs(failure, reply)) {
            failure.addSuppressed(refusal(reply));
            return failure;
        }
        if (reply != null && !reply.isPositive()) {
            FtpReplyException refused = refusal(reply);
            refused.addSuppressed(failure);
            return refused;
        }
        if (failure instanceof FtpException fe) {
            return fe;
        }
        if (failure instanceof TlsTruncatedException) {
            return new FtpConnectionException(Message.of(FtpText.DATA_TRUNCATED_TLS, verb), failure);
        }
        return new FtpConnectionException(Message.of(FtpText.DATA_FAILED, verb, ControlConnection.describe(failure)),
                failure);
    }

    /**
     * A stall Ferry gave up on, answered by the 426 that a reset data connection brings; or a
     * certificate Ferry refused, whatever the server then says about the connection it lost.
     */
    private static boolean endedByUs(IOException failure, FtpReply reply) {
        return failure instanceof FtpTimeoutException && reply.code() == 426
                || failure instanceof FtpTlsException tls && tls.certificateReview() != null;
    }

    private static IOException dataTlsFailure(IOException e) {
        if (e instanceof CertificateRejectedException rejected) {
            return new FtpTlsException(rejected.explanation(), rejected.review(), rejected);
        }
        Message reason = e instanceof dev.ferry.message.Explained explained && explained.explanation() != null
                ? explained.explanation() : Message.of(dev.ferry.message.Messages.GeneralText.TEXT, e.getMessage());
        return new FtpConnectionException(Message.of(FtpText.DATA_TLS_FAILED, reason), e);
    }

    FtpReplyException refusal(FtpReply reply) {
        FtpText explanation = switch (reply.code()) {
            case 425 -> ctx.dataMode == DataConnectionMode.ACTIVE ? FtpText.DATA_SERVER_COULD_NOT_CONNECT_BACK
                    : FtpText.DATA_SERVER_COULD_NOT_OPEN;
            case 522 -> reply.text().toLowerCase(java.util.Locale.ROOT).contains("reus")
                    ? FtpText.DATA_REUSE_REQUIRED : FtpText.DATA_TLS_REFUSED;
            case 426, 450, 451 -> FtpReplyException.isUpload(verb) && reply.saysNoRoom(argument) ? FtpText.SERVER_DISK_FULL
                    : reply.code() == 426 ? FtpText.TRANSFER_ABORTED_BY_SERVER : FtpText.SERVER_BUSY;
            case 452, 552 -> FtpText.SERVER_DISK_FULL;
            // pyftpdlib's "501 No such directory" for a listing of a missing folder (or of a file, for MLSD).
            case 501 -> switch (verb) {
                case "MLSD", "LIST", "NLST" -> FtpText.DIRECTORY_NOT_LISTABLE;
                default -> null;
            };
            case 550 -> switch (verb) {
                // busybox ftpd without Unicode lists every non-ASCII byte as "?": a name that no
                // command can reach, which is neither missing nor unreadable.
                case "RETR" -> argument != null && argument.substring(argument.lastIndexOf('/') + 1).indexOf('?') >= 0
                        ? FtpText.NAME_MASKED_IN_LISTING : FtpText.FILE_MISSING_OR_UNREADABLE;
                case "STOR", "APPE" -> FtpText.FILE_NOT_WRITABLE;
                default -> FtpText.DIRECTORY_NOT_LISTABLE;
            };
            // RFC 959 says "file name not allowed", but servers answer 553 for any file they could
            // not create: vsftpd and busybox for a missing or unwritable folder, or a folder of that name.
            case 553 -> switch (verb) {
                case "STOR", "APPE", "STOU" -> FtpText.FILE_NOT_CREATED;
                default -> FtpText.NAME_NOT_ALLOWED;
            };
            default -> null;
        };
        return new FtpReplyException(verb, argument, reply, explanation == null ? null
                : explanation == FtpText.SERVER_BUSY ? Message.of(explanation, verb) : Message.of(explanation));
    }

    /** ABOR and resynchronise; a server that does not settle costs the connection, not the session. */
    private void abort() {
        step = Step.ABORTING;
        if (!ctx.connected()) {
            return;
        }
        if (!ctx.commands.abortAndResynchronise(ctx.settings.replyTimeoutAtMost(SHORT_WAIT))) {
            ctx.log.warning(FtpText.ABORT_UNSETTLED);
            ctx.resetConnection();
        }
    }

    /**
     * Counts what moved in this attempt, passes progress on, and keeps the idle control connection
     * alive during a long transfer: NAT routers forget a connection quiet for minutes, and then the
     * final reply is lost. The NOOPs' replies are matched by the command channel whenever they come.
     */
    private final class Counting implements TransferListener {
        private final TransferListener next;
        private final long keepAliveNanos;
        private long lastControlActivity = System.nanoTime();
        long moved;

        Counting(TransferListener next) {
            this.next = next;
            Duration interval = ctx.settings.controlKeepAlive();
            this.keepAliveNanos = interval.isZero() || ctx.capabilities.keepAliveDuringTransferRefused()
                    ? 0 : interval.toNanos();
        }

        @Override
        public void transferred(long bytes) {
            moved += bytes;
            next.transferred(bytes);
            if (keepAliveNanos > 0 && System.nanoTime() - lastControlActivity > keepAliveNanos) {
                lastControlActivity = System.nanoTime();
                try {
                    ctx.commands.send("NOOP");
                } catch (FtpException e) {
                    // The control connection is gone; the final reply will say so.
                }
            }
        }

        @Override
        public void discarded(long bytes) {
            next.discarded(bytes);
        }

        @Override
        public int preferredChunk() {
            return next.preferredChunk();
        }
    }
}
