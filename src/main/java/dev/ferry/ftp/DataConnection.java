package dev.ferry.ftp;

import dev.ferry.message.Message;
import dev.ferry.net.Watchdog;
import dev.ferry.tls.TlsConnection;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;

/**
 * One open data connection and the loops that move bytes over it. Plain connections move data
 * between the socket and the file through a direct buffer (downloads) or with the kernel's
 * sendfile (uploads from a file): no copy through the Java heap. TLS connections go through
 * Bouncy Castle's streams. Failures of the local side are {@link LocalFileException}s, so the
 * caller can tell a full disk from a lost connection.
 */
final class DataConnection implements Closeable {

    static final int BUFFER_SIZE = 1024 * 1024;
    private static final long SENDFILE_CHUNK = 8L * 1024 * 1024;
    private static final int TLS_CHUNK = 256 * 1024;
    private static final long WRITABLE_WAIT_MILLIS = 200;

    private final SocketChannel channel;
    private TlsConnection tls;

    DataConnection(SocketChannel channel) {
        this.channel = channel;
    }

    Socket socket() {
        return channel.socket();
    }

    void secure(TlsConnection connection) {
        this.tls = connection;
    }

    TlsConnection tls() {
        return tls;
    }

    /**
     * Copies what the server sends into {@code sink}, all of it or the first {@code limit} bytes
     * (a segment of a file; -1: no limit); returns the byte count.
     */
    long download(WritableByteChannel sink, TransferListener listener, Duration idle, ByteBuffer buffer, long limit)
            throws IOException {
        return tls != null ? downloadTls(sink, listener, idle, heapBuffer(), limit)
                : downloadPlain(sink, listener, idle, buffer, limit);
    }

    private byte[] heapBuffer() {
        return HEAP_BUFFER.get();
    }

    /** TLS data arrives as byte arrays; one buffer per thread serves every transfer it runs. */
    private static final ThreadLocal<byte[]> HEAP_BUFFER = ThreadLocal.withInitial(() -> new byte[TLS_CHUNK]);

    private long downloadPlain(WritableByteChannel sink, TransferListener listener, Duration idle, ByteBuffer buffer,
                               long limit) throws IOException {
        long total = 0;
        InputStream waiting = channel.socket().getInputStream();
        try (Watchdog.Guard guard = Watchdog.idle(channel, idle)) {
            while (true) {
                if (limit >= 0 && total >= limit) {
                    return total;
                }
                buffer.clear();
                buffer.limit((int) Math.min(Math.min(buffer.capacity(), listener.preferredChunk()),
                        limit < 0 ? Long.MAX_VALUE : limit - total));
                int read;
                try {
                    read = channel.read(buffer);
                } catch (IOException e) {
                    throw guard.expired() ? idleTimeout(idle, e) : e;
                }
                if (read < 0) {
                    return total;
                }
                guard.touch();
                // Fill more while data is already waiting: fewer, larger writes to the disk.
                while (buffer.remaining() > buffer.capacity() / 2 && read > 0 && waiting.available() > 0) {
                    read = channel.read(buffer);
                }
                buffer.flip();
                int chunk = buffer.remaining();
                writeFully(sink, buffer);
                total += chunk;
                listener.transferred(chunk);
                guard.touch();
                if (read < 0) {
                    return total;
                }
            }
        }
    }

    private long downloadTls(WritableByteChannel sink, TransferListener listener, Duration idle, byte[] bytes,
                             long limit) throws IOException {
        socket().setSoTimeout(ControlConnection.toMillis(idle));
        InputStream in = tls.input();
        long total = 0;
        while (true) {
            if (limit >= 0 && total >= limit) {
                return total;
            }
            int filled = 0;
            int read;
            int wanted = (int) Math.min(Math.min(bytes.length, listener.preferredChunk()),
                    limit < 0 ? Long.MAX_VALUE : limit - total);
            try {
                // One read yields one TLS record (16 KiB); gather several before touching the disk.
                do {
                    read = in.read(bytes, filled, wanted - filled);
                    if (read > 0) {
                        filled += read;
                    }
                } while (read > 0 && filled < wanted - 16 * 1024 && in.available() > 0 && filled < wanted);
            } catch (SocketTimeoutException e) {
                throw idleTimeout(idle, e);
            }
            if (filled > 0) {
                writeFully(sink, ByteBuffer.wrap(bytes, 0, filled));
                total += filled;
                listener.transferred(filled);
            }
            if (read < 0) {
                return total;
            }
        }
    }

    /** Sends everything {@code source} holds; returns the byte count. The connection is then finished. */
    long upload(ReadableByteChannel source, TransferListener listener, Duration idle, ByteBuffer buffer)
            throws IOException {
        long total = tls != null ? uploadTls(source, listener, idle) : uploadPlain(source, listener, idle, buffer);
        finishUpload(idle);
        return total;
    }

    private long uploadPlain(ReadableByteChannel source, TransferListener listener, Duration idle, ByteBuffer buffer)
            throws IOException {
        long total = 0;
        try (Watchdog.Guard guard = Watchdog.idle(channel, idle)) {
            try {
                if (source instanceof FileChannel file) {
                    return sendFile(file, listener, guard);
                }
                while (true) {
                    buffer.clear();
                    buffer.limit(Math.min(buffer.capacity(), listener.preferredChunk()));
                    int read = readSource(source, buffer);
                    if (read < 0) {
                        return total;
                    }
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                        guard.touch();
                    }
                    total += read;
                    listener.transferred(read);
                }
            } catch (LocalFileException e) {
                throw e;
            } catch (IOException e) {
                throw guard.expired() ? idleTimeout(idle, e) : e;
            }
        }
    }

    /**
     * Sends the rest of {@code file} with sendfile on a non-blocking socket: each call hands over
     * what the socket takes now, and every byte it takes counts as progress. A blocking sendfile
     * returns only when its whole chunk is out: 8 MiB on a 200 KiB/s uplink is 40 s without a sign
     * of progress, and the idle watchdog cut every such upload as stalled.
     */
    private long sendFile(FileChannel file, TransferListener listener, Watchdog.Guard guard) throws IOException {
        long position = file.position();
        long size = size(file);
        long total = 0;
        Selector writable = null;
        channel.configureBlocking(false);
        try {
            while (position < size) {
                long chunk = Math.min(SENDFILE_CHUNK, listener.preferredChunk());
                long sent = file.transferTo(position, Math.min(chunk, size - position), channel);
                if (sent == 0) {
                    if (writable == null) {
                        writable = Selector.open();
                        channel.register(writable, SelectionKey.OP_WRITE);
                    }
                    // Woken often: the watchdog closes the channel when the link stalls, and a closed
                    // channel only shows in the next transferTo.
                    writable.select(WRITABLE_WAIT_MILLIS);
                    writable.selectedKeys().clear();
                    if (!channel.isOpen()) {
                        throw new java.nio.channels.ClosedChannelException();
                    }
                    continue;
                }
                if (sent < 0) {
                    break;
                }
                position += sent;
                total += sent;
                guard.touch();
                listener.transferred(sent);
            }
            file.position(position);
            return total;
        } finally {
            if (writable != null) {
                // Closing the selector deregisters the channel, which may then block again.
                writable.close();
            }
            if (channel.isOpen()) {
                channel.configureBlocking(true);
            }
        }
    }

    private long uploadTls(ReadableByteChannel source, TransferListener listener, Duration idle) throws IOException {
        socket().setSoTimeout(ControlConnection.toMillis(idle));
        OutputStream out = tls.output();
        ByteBuffer buffer = ByteBuffer.wrap(heapBuffer());
        long total = 0;
        try (Watchdog.Guard guard = Watchdog.idle(socket(), idle)) {
            try {
                while (true) {
                    buffer.clear();
                    buffer.limit(Math.min(buffer.capacity(), listener.preferredChunk()));
                    int read = readSource(source, buffer);
                    if (read < 0) {
                        out.flush();
                        return total;
                    }
                    out.write(buffer.array(), 0, read);
                    guard.touch();
                    total += read;
                    listener.transferred(read);
                }
            } catch (LocalFileException e) {
                throw e;
            } catch (IOException e) {
                throw guard.expired() ? idleTimeout(idle, e) : e;
            }
        }
    }

    /**
     * Ends an upload so the server knows the file is complete: TLS close_notify first (FileZilla
     * Server and vsftpd with strict_ssl_read_eof count an upload without it as failed), then a
     * half-close, then waiting for the server to close its side.
     */
    private void finishUpload(Duration idle) throws IOException {
        if (tls != null) {
            tls.closeGracefully();
        }
        Socket socket = socket();
        socket.shutdownOutput();
        socket.setSoTimeout(ControlConnection.toMillis(idle));
        InputStream raw = socket.getInputStream();
        byte[] discard = new byte[4096];
        try {
            while (raw.read(discard) >= 0) {
                // The server's close_notify, if it sends one; nothing else is expected.
            }
        } catch (IOException e) {
            // The server may reset instead of closing; the upload's outcome is in its reply.
        }
    }

    /** Reads a whole listing into memory, refusing more than {@code limit} bytes. */
    byte[] readAll(long limit, Duration idle) throws IOException {
        ByteArrayOutputStream collected = new ByteArrayOutputStream(64 * 1024);
        WritableByteChannel sink = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer source) throws FtpProtocolException {
                int length = source.remaining();
                if (collected.size() + (long) length > limit) {
                    throw new FtpProtocolException(Message.of(FtpText.LISTING_TOO_LARGE, limit >> 20));
                }
                if (source.hasArray()) {
                    collected.write(source.array(), source.arrayOffset() + source.position(), length);
                    source.position(source.limit());
                } else {
                    byte[] copy = new byte[length];
                    source.get(copy);
                    collected.write(copy, 0, length);
                }
                return length;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        try {
            download(sink, TransferListener.NONE, idle, ByteBuffer.allocate(64 * 1024), -1);
        } catch (LocalFileException e) {
            if (e.getCause() instanceof FtpProtocolException tooLarge) {
                throw tooLarge;
            }
            throw e;
        }
        return collected.toByteArray();
    }

    private static void writeFully(WritableByteChannel sink, ByteBuffer buffer) throws LocalFileException {
        try {
            while (buffer.hasRemaining()) {
                sink.write(buffer);
            }
        } catch (IOException e) {
            throw LocalFileException.of(FtpText.LOCAL_WRITE, null, e);
        }
    }

    private static int readSource(ReadableByteChannel source, ByteBuffer buffer) throws LocalFileException {
        try {
            int total = 0;
            while (buffer.hasRemaining()) {
                int read = source.read(buffer);
                if (read < 0) {
                    return total == 0 ? -1 : total;
                }
                total += read;
            }
            return total;
        } catch (IOException e) {
            throw LocalFileException.of(FtpText.LOCAL_READ, null, e);
        }
    }

    private static long size(FileChannel file) throws LocalFileException {
        try {
            return file.size();
        } catch (IOException e) {
            throw LocalFileException.of(FtpText.LOCAL_READ, null, e);
        }
    }

    private static FtpTimeoutException idleTimeout(Duration idle, IOException cause) {
        return new FtpTimeoutException(Message.of(FtpText.DATA_STALLED, idle.toSeconds()), cause);
    }

    /**
     * Ends the connection with a reset instead of an orderly close: for a transfer given up before
     * its end. An orderly close tells an upload's server that the file is complete; after a
     * download's, the reset the server's next write draws comes as "broken pipe", which some TLS
     * servers (ProFTPD) take for a fatal error and hang up the whole session, where a reset alone
     * only aborts the transfer.
     */
    void abandon() {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException e) {
            // Already closed: nothing left to end.
        }
        Sockets.closeQuietly(channel);
    }

    @Override
    public void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            if (tls != null) {
                tls.close();
            }
        } catch (IOException e) {
            // The socket is closed below regardless.
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing left to do with a data socket that fails to close.
        }
    }
}
