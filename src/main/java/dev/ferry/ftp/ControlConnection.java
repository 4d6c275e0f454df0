package dev.ferry.ftp;

import dev.ferry.tls.TlsConnection;
import jdk.net.ExtendedSocketOptions;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.time.Duration;

/**
 * The control connection of one session: sending command lines, reading replies, switching to
 * TLS in place. Every failure of the connection itself is reported as an {@link FtpException}
 * whose words say what happened; after one, the connection is closed and cannot be used.
 */
final class ControlConnection implements AutoCloseable {

    private final Socket socket;
    private final DialogueLog log;
    private final ReplyReader replies;
    private OutputStream out;
    private TlsConnection tls;
    private Charset charset;
    private Duration replyTimeout;
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
            throw new FtpProtocolException("The server sent data before the TLS handshake; refusing to continue");
        }
        this.tls = connection;
        this.replies.setInput(connection.input());
        this.out = connection.output();
    }

    /** Sends one command line. Arguments were checked by the caller; the line is checked again here. */
    void send(String line) throws FtpException {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new UnsafeNameException("Refusing to send a command that contains a line break or NUL: "
                        + DialogueLog.maskSecrets(line.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0")));
            }
        }
        byte[] bytes = encode(line + "\r\n");
        log.command(line);
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            close();
            throw new FtpConnectionException("The connection to the server was lost while sending a command ("
                    + describe(e) + ")", e);
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
            throw new FtpException("The name cannot be written in the server's character set " + charset.name()
                    + "; choose another charset for this site", false, e);
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
            log.error(e.getMessage());
            close();
            throw e;
        } catch (SocketTimeoutException e) {
            close();
            throw new FtpTimeoutException("The server did not answer " + waitingFor + " within "
                    + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            boolean wasClosed = closed;
            close();
            if (wasClosed) {
                throw new FtpConnectionException("The connection was closed while waiting for the reply to "
                        + waitingFor, e);
            }
            if (e instanceof EOFException) {
                throw new FtpConnectionException("The server closed the connection while we waited for the reply to "
                        + waitingFor, e);
            }
            throw new FtpConnectionException("The connection to the server was lost while waiting for the reply to "
                    + waitingFor + " (" + describe(e) + ")", e);
        }
    }

    static String describe(IOException e) {
        if (e instanceof SocketException && e.getMessage() != null) {
            return e.getMessage();
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    static int toMillis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    /** Sends close_notify when on TLS, then closes the socket. */
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
