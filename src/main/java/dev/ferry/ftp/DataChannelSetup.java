package dev.ferry.ftp;

import dev.ferry.message.Message;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Prepares the data connection of one transfer, passive (EPSV, else PASV; we connect) or active
 * (EPRT, else PORT; the server connects back). Failures that another mode might not have (the
 * server refuses the mode, the connection cannot be made) come out as {@link ModeFailed}, so the
 * transfer can switch modes; what the server refuses once (EPSV, EPRT) is remembered for it.
 */
final class DataChannelSetup {

    /** A data connection being prepared: connected (passive) or listening (active). */
    interface Pending extends AutoCloseable {
        SocketChannel open(CancelToken token) throws IOException;

        @Override
        void close();
    }

    /** This mode did not work here; the other one might. */
    static final class ModeFailed extends Exception {
        final FtpException failure;

        ModeFailed(FtpException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }

    /** The server did something that leaves this connection unusable for the transfer; a new one may work. */
    static final class ConnectionDropped extends Exception {
        final FtpException failure;
        /** While probing, the command behind EPSV went unanswered: the repeat goes one command at a time. */
        final boolean lostBehindEpsv;

        ConnectionDropped(FtpException failure, boolean lostBehindEpsv) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
            this.lostBehindEpsv = lostBehindEpsv;
        }
    }

    private static final Duration PIPELINING_PROBE = Duration.ofSeconds(5);

    private final SessionContext ctx;
    private final CancelToken token;

    DataChannelSetup(SessionContext ctx, CancelToken token) {
        this.ctx = ctx;
        this.token = token;
    }

    Pending prepare(DataConnectionMode mode) throws IOException, ModeFailed {
        return mode == DataConnectionMode.PASSIVE ? passive() : active();
    }

    /** A passive data connection, and the transfer command sent in the same write as its EPSV. */
    record Pipelined(Pending pending, CommandChannel.Sent command) {
    }

    /**
     * EPSV and the transfer command in one write, on a connection whose EPSV has worked: the server
     * reads the command while we connect, one round trip per file less. Once both are on the wire
     * every failure drops the control connection (the server would wait for a data connection that
     * is not coming) as {@link ConnectionDropped}, for the caller to reconnect. Until such a command
     * was answered in this process, silence or a lost connection means the server, or a firewall
     * that inspects FTP on the way, may not take them: that is learned once the repeat, one command
     * at a time, is answered; an EPSV refused then is learned at once. Later, a refusal is taken
     * for a passing one.
     */
    Pipelined passiveWith(String commandLine) throws IOException, ModeFailed, ConnectionDropped {
        List<CommandChannel.Sent> sent = ctx.commands.sendAll(List.of("EPSV", commandLine));
        String verb = sent.getLast().verb;
        boolean probing = probingPipelining();
        boolean handedOver = false;
        try {
            FtpReply reply;
            try {
                reply = probing ? ctx.commands.finalReply(sent.getFirst(), pipeliningProbe())
                        : ctx.commands.finalReply(sent.getFirst());
            } catch (FtpTimeoutException | FtpConnectionException e) {
                if (!probing) {
                    throw e;
                }
                throw pipeliningLost(verb, e);
            }
            if (reply.code() != 229) {
                if (reply.code() != 421 && probing) {
                    ctx.log.warning(FtpText.PIPELINING_REFUSED, verb, reply.firstLineText());
                    ctx.capabilities.learnPipeliningRefused();
                }
                throw new ConnectionDropped(new FtpReplyException("EPSV", reply, Message.of(FtpText.PASSIVE_REFUSED)), false);
            }
            Pipelined pipelined = new Pipelined(connect(epsvTarget(reply)), sent.getLast());
            handedOver = true;
            return pipelined;
        } finally {
            if (!handedOver) {
                // Not resetConnection(): the reconnection goes back to the working directory.
                ctx.control.close();
            }
        }
    }

    /** True until a command sent behind EPSV to this server was answered in this process. */
    boolean probingPipelining() {
        return !ctx.capabilities.pipeliningConfirmed();
    }

    /**
     * How long a reply to EPSV and its command may take while probing: servers that take them
     * answer in milliseconds (the data connection is already there when the command's turn
     * comes); a slower one is only taken for one that does not, and gets one command at a time.
     */
    Duration pipeliningProbe() {
        return ctx.settings.replyTimeoutAtMost(PIPELINING_PROBE);
    }

    /**
     * While probing, a reply behind EPSV did not come: the connection is dropped for a new one that
     * gets one command at a time, and what the server does then decides what is learned.
     */
    ConnectionDropped pipeliningLost(String verb, FtpException failure) {
        ctx.log.warning(FtpText.PIPELINING_LOST, verb, pipeliningProbe().toSeconds());
        ctx.control.close();
        return new ConnectionDropped(failure, true);
    }

    private Pending passive() throws IOException, ModeFailed {
        ConnectionSettings settings = ctx.settings;
        InetAddress controlPeer = ctx.control.socket().getInetAddress();
        InetSocketAddress target = null;
        if (!ctx.capabilities.epsvRefused()) {
            FtpReply reply = ctx.commands.command("EPSV");
            if (reply.code() == 229) {
                target = epsvTarget(reply);
                ctx.epsvAnswered = true;
            } else if (reply.code() >= 500) {
                ctx.capabilities.learnEpsvRefused();
            } else {
                throw new ModeFailed(new FtpReplyException("EPSV", reply, Message.of(FtpText.PASSIVE_REFUSED)));
            }
        }
        if (target == null) {
            if (controlPeer instanceof Inet6Address) {
                throw new ModeFailed(new FtpProtocolException(Message.of(FtpText.EPSV_REFUSED_IPV6)));
            }
            FtpReply reply = ctx.commands.command("PASV");
            if (reply.code() != 227) {
                throw new ModeFailed(new FtpReplyException("PASV", reply, Message.of(FtpText.PASSIVE_REFUSED_TRY_ACTIVE)));
            }
            DataAddresses.PassiveAddress announced = DataAddresses.parsePasv(reply);
            InetAddress address = controlPeer;
            if (settings.trustPassiveAddress() && !announced.address().isAnyLocalAddress()) {
                address = announced.address();
            } else if (!announced.address().equals(controlPeer)) {
                ctx.log.status(FtpText.PASV_ADDRESS_REPLACED, announced.address().getHostAddress(),
                        controlPeer.getHostAddress());
                // Only where trusting the announced address would use it: not 0.0.0.0, not with trust on.
                if (!settings.trustPassiveAddress() && !announced.address().isAnyLocalAddress()) {
                    return connectInsteadOf(announced.address(), new InetSocketAddress(address, announced.port()));
                }
            }
            target = new InetSocketAddress(address, announced.port());
        }
        return connect(target);
    }

    /**
     * Where the control address takes no data connection, the failure names the address the
     * server gave and the setting that uses it: a firewall alone was the wrong lead for a server
     * whose data connections are on another address (a NAT's other side, a second interface).
     */
    private Pending connectInsteadOf(InetAddress announced, InetSocketAddress target) throws IOException, ModeFailed {
        try {
            return connect(target);
        } catch (ModeFailed failed) {
            ctx.log.warning(FtpText.PASV_ADDRESS_IGNORED_UNREACHED, announced.getHostAddress(),
                    target.getAddress().getHostAddress());
            throw failed;
        }
    }

    /** EPSV names only a port: the data connection goes to the control connection's peer. */
    private InetSocketAddress epsvTarget(FtpReply reply) throws FtpProtocolException {
        return new InetSocketAddress(ctx.control.socket().getInetAddress(), DataAddresses.parseEpsv(reply));
    }

    private Pending connect(InetSocketAddress target) throws IOException, ModeFailed {
        ConnectionSettings settings = ctx.settings;
        token.throwIfCancelled();
        SocketChannel channel = SocketChannel.open();
        try (CancelToken.Registration interrupt = token.whileBlocked(() -> Sockets.closeQuietly(channel))) {
            channel.socket().setTcpNoDelay(true);
            channel.socket().connect(target, ControlConnection.toMillis(settings.connectTimeout()));
        } catch (SocketTimeoutException e) {
            Sockets.closeQuietly(channel);
            abandonControlAfterPassiveFailure();
            throw new ModeFailed(new FtpTimeoutException(Message.of(FtpText.DATA_CONNECT_TIMED_OUT,
                    LoginOperation.format(target), settings.connectTimeout().toSeconds()), e));
        } catch (IOException e) {
            Sockets.closeQuietly(channel);
            token.throwIfCancelled();
            abandonControlAfterPassiveFailure();
            throw new ModeFailed(new FtpConnectionException(Message.of(FtpText.DATA_CONNECT_FAILED,
                    LoginOperation.format(target), ControlConnection.describe(e)), e));
        }
        return new Pending() {
            @Override
            public SocketChannel open(CancelToken token) {
                return channel;
            }

            @Override
            public void close() {
                Sockets.closeQuietly(channel);
            }
        };
    }

    /**
     * The server still waits for the data connection it announced, and will say so on this control
     * connection when it stops waiting, at a moment of its own (pyftpdlib: "421 Passive data channel
     * timed out." once its timeout passes, about when ours does), where the reply to the next command
     * is expected: read as the answer to EPRT, it failed the fallback to active mode. No reply code
     * tells such a late answer from a real one (421 and 425 are what EPRT may get too), and servers
     * differ in when and whether they send it; a new control connection cannot carry it. Closed here,
     * the fallback reconnects (back to the working directory) before it sends EPRT.
     */
    private void abandonControlAfterPassiveFailure() {
        ctx.control.close();
    }

    private Pending active() throws IOException, ModeFailed {
        ConnectionSettings settings = ctx.settings;
        Socket controlSocket = ctx.control.socket();
        InetAddress local = controlSocket.getLocalAddress();
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            bindInRange(listener, local);
        } catch (IOException e) {
            Sockets.closeQuietly(listener);
            throw new FtpConnectionException(Message.of(FtpText.DATA_LISTEN_FAILED, ControlConnection.describe(e)),
                    false, e);
        }
        int port = listener.socket().getLocalPort();
        InetAddress announced = local;
        String external = settings.activeExternalAddress();
        if (external != null && !external.isBlank()) {
            try {
                announced = InetAddress.getByName(external.trim());
            } catch (UnknownHostException e) {
                Sockets.closeQuietly(listener);
                throw new FtpConnectionException(Message.of(FtpText.DATA_EXTERNAL_ADDRESS_UNKNOWN, external), false, e);
            }
        }
        try {
            announce(announced, port);
        } catch (IOException | ModeFailed | RuntimeException e) {
            Sockets.closeQuietly(listener);
            throw e;
        }
        InetAddress expectedPeer = controlSocket.getInetAddress();
        return new Pending() {
            @Override
            public SocketChannel open(CancelToken token) throws IOException {
                try (CancelToken.Registration interrupt = token.whileBlocked(() -> Sockets.closeQuietly(listener))) {
                    listener.socket().setSoTimeout(ControlConnection.toMillis(settings.dataTimeout()));
                    Socket accepted = listener.socket().accept();
                    SocketChannel channel = accepted.getChannel();
                    if (!settings.trustPassiveAddress() && !accepted.getInetAddress().equals(expectedPeer)) {
                        ctx.log.warning(FtpText.DATA_FOREIGN_PEER_REFUSED, accepted.getInetAddress().getHostAddress(),
                                expectedPeer.getHostAddress());
                        Sockets.closeQuietly(channel);
                        throw new FtpConnectionException(Message.of(FtpText.DATA_FOREIGN_PEER), false, null);
                    }
                    accepted.setTcpNoDelay(true);
                    return channel;
                } catch (SocketTimeoutException e) {
                    throw new FtpTimeoutException(Message.of(FtpText.DATA_NO_CONNECT_BACK,
                            settings.dataTimeout().toSeconds()), e);
                } finally {
                    Sockets.closeQuietly(listener);
                }
            }

            @Override
            public void close() {
                Sockets.closeQuietly(listener);
            }
        };
    }

    private void announce(InetAddress announced, int port) throws IOException, ModeFailed {
        if (!ctx.capabilities.eprtRefused()) {
            FtpReply reply = activeCommand("EPRT " + DataAddresses.eprtArgument(announced, port));
            if (reply.isPositive()) {
                return;
            }
            if (reply.code() == 500 || reply.code() == 502) {
                // EPRT is not known here: PORT is. Any other refusal is about our address.
                ctx.capabilities.learnEprtRefused();
            } else {
                throw new ModeFailed(new FtpReplyException("EPRT", reply, Message.of(FtpText.ACTIVE_REFUSED)));
            }
        }
        if (!(announced instanceof Inet4Address ipv4)) {
            throw new ModeFailed(new FtpProtocolException(Message.of(FtpText.EPRT_REFUSED_IPV6)));
        }
        FtpReply reply = activeCommand("PORT " + DataAddresses.portArgument(ipv4, port));
        if (!reply.isPositive()) {
            throw new ModeFailed(new FtpReplyException("PORT", reply, Message.of(FtpText.ACTIVE_REFUSED)));
        }
    }

    /**
     * Some servers (pyftpdlib) connect back before they answer EPRT or PORT, and say nothing until
     * their own connect gives up: an unanswered one is this mode failing, for passive to be tried
     * (the timeout closed the control connection, so the fallback reconnects).
     */
    private FtpReply activeCommand(String line) throws FtpException, ModeFailed {
        try {
            return ctx.commands.command(line);
        } catch (FtpTimeoutException e) {
            throw new ModeFailed(e);
        }
    }

    private void bindInRange(ServerSocketChannel listener, InetAddress local) throws IOException {
        int min = ctx.settings.activePortMin();
        int max = ctx.settings.activePortMax();
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
}
