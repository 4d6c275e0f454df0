package dev.ferry.ftp;

import dev.ferry.message.Message;
import dev.ferry.tls.TlsConnection;
import jdk.net.ExtendedSocketOptions;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.time.Duration;
import java.util.List;

/**
 * The control connection's bytes: command lines out, replies in, switching to TLS in place.
 * Every failure of the connection itself is reported as an {@link FtpException}; after one, the
 * connection is closed and cannot be used. Which reply answers which command is
 * {@link CommandChannel}'s business.
 */
final class ControlConnection implements AutoCloseable {

    private final Socket socket;
    private final DialogueLog log;
    private final ReplyReader replies;
    private OutputStream out;
    private TlsConnection tls;
    private Charset charset;
    private final Duration replyTimeout;
    private volatile boolean closed;
    private final boolean quickAck;

    ControlConnection(Socket socket, DialogueLog log, Charset charset, Duration replyTimeout) throws IOException {
        this.quickAck = socket.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
        this.socket = socket;
        this.log = log;
        this.charset = charset;
        this.replyTimeout = replyTimeout;
        this.replies = new ReplyReader(socket.getInputStream(), charset);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1024);
        socket.setSoTimeout(toMillis(replyTimeout));
    }

    Socket socket() {
        return socket;
    }

    TlsConnection tls() {
        return tls;
    }

    boolean isClosed() {
        return closed || socket.isClosed();
    }

    void setCharset(Charset charset) {
        this.charset = charset;
        replies.setCharset(charset);
    }

    Charset charset() {
        return charset;
    }

    /** From now on commands and replies go through this TLS connection on the same socket. */
    void useTls(TlsConnection connection) throws FtpProtocolException {
        if (replies.hasBufferedInput()) {
            throw new FtpProtocolException(Message.of(FtpText.PLAIN_DATA_BEFORE_TLS));
        }
        this.tls = connection;
        this.replies.setInput(connection.input());
        this.out = connection.output();
    }

    /** Sends command lines in one write (one line usually; several when pipelining). */
    void send(List<String> lines) throws FtpException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\r' || c == '\n' || c == '\0') {
                    throw new UnsafeNameException(Message.of(FtpText.UNSAFE_NAME,
                            DialogueLog.maskSecrets(line.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0"))));
                }
            }
            text.append(line).append("\r\n");
        }
        byte[] bytes = encode(text.toString());
        for (String line : lines) {
            log.command(line);
        }
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            close();
            throw new FtpConnectionException(Message.of(FtpText.CONTROL_LOST_SENDING, describe(e)), e);
        }
    }

    private byte[] encode(String text) throws FtpException {
        CharsetEncoder encoder = charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer encoded = encoder.encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new FtpException(Message.of(FtpText.NAME_NOT_ENCODABLE, charset.name()), false, e);
        }
    }

    /** Reads the next complete reply, preliminary (1xx) ones included. */
    FtpReply read(String waitingFor) throws FtpException {
        return read(waitingFor, replyTimeout);
    }

    FtpReply read(String waitingFor, Duration timeout) throws FtpException {
        try {
            if (!timeout.equals(replyTimeout)) {
                socket.setSoTimeout(toMillis(timeout));
            }
            if (quickAck) {
                // Servers without TCP_NODELAY hold a reply back until we acknowledge the previous
                // one; Linux delays that ACK ~40 ms when we have nothing to send. Every transfer
                // (150 ... 226) paid it. The kernel clears the flag, so it is set before each read.
                socket.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
            }
            try {
                return replies.read(log::reply);
            } finally {
                if (!timeout.equals(replyTimeout) && !socket.isClosed()) {
                    socket.setSoTimeout(toMillis(replyTimeout));
                }
            }
        } catch (FtpProtocolException e) {
            close();
            throw e;
        } catch (SocketTimeoutException e) {
            close();
            throw new FtpTimeoutException(Message.of(FtpText.REPLY_TIMED_OUT, waitingFor, timeout.toSeconds()), e);
        } catch (IOException e) {
            boolean wasClosed = closed;
            close();
            if (wasClosed) {
                throw new FtpConnectionException(Message.of(FtpText.CONTROL_CLOSED_WAITING, waitingFor), e);
            }
            if (e instanceof EOFException) {
                throw new FtpConnectionException(Message.of(FtpText.CONTROL_SERVER_CLOSED, waitingFor), e);
            }
            throw new FtpConnectionException(Message.of(FtpText.CONTROL_LOST_WAITING, waitingFor, describe(e)), e);
        }
    }

    /** What an idle control connection has to say: nothing, something (a reply nobody asked for), or its end. */
    enum IdleNews { NOTHING, SPOKE, ENDED }

    /**
     * Looks, without waiting and without sending anything, whether the server spoke or hung up
     * while no command was pending: vsftpd says "421 Timeout." and closes after its idle timeout,
     * a stopped server just closes. Whatever came stays buffered for {@link #read}.
     */
    IdleNews idleNews() throws IOException {
        if (replies.hasBufferedInput()) {
            return IdleNews.SPOKE;
        }
        socket.setSoTimeout(1);
        try {
            return replies.readAhead() ? IdleNews.SPOKE : IdleNews.ENDED;
        } catch (SocketTimeoutException quiet) {
            return IdleNews.NOTHING;
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(toMillis(replyTimeout));
            }
        }
    }

    /** The operating system's words for a socket failure, as a parameter for a message (never to classify by). */
    static String describe(IOException e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    static int toMillis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    /** Sends close_notify when on TLS, then closes the socket. Only the owning thread calls this. */
    void closeGracefully() {
        if (tls != null && !closed) {
            try {
                tls.closeGracefully();
            } catch (IOException e) {
                // The server may have closed first; the socket is closed below anyway.
            }
        }
        close();
    }

    /**
     * Stops whatever the owning thread is blocked on, from another thread: the socket is shut down,
     * not closed, so no TLS record is written and the owner finds the failure and closes it.
     */
    void interrupt() {
        closed = true;
        Sockets.shutdown(socket);
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a broken socket can fail; it is closed as far as we are concerned.
        }
    }
}
