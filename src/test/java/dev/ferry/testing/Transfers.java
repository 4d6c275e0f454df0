package dev.ferry.testing;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.TransferListener;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** Short ways to move bytes with a session in tests. */
public final class Transfers {

    private Transfers() {
    }

    /** The remote file from {@code offset} on, in memory. */
    public static byte[] download(FtpSession session, String path, long offset) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        retrieve(session, path, offset, Channels.newChannel(out), TransferListener.NONE);
        return out.toByteArray();
    }

    public static long retrieve(FtpSession session, String path, long offset, WritableByteChannel sink,
                                TransferListener listener) throws IOException {
        return session.retrieve(path, offset, -1, at -> sink, listener, new CancelToken());
    }

    /** Downloads into a local file (created or replaced). */
    public static long retrieve(FtpSession session, String path, Path local, TransferListener listener)
            throws IOException {
        return session.retrieve(path, 0, -1, at -> {
            FileChannel channel = FileChannel.open(local, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.truncate(at);
            return channel.position(at);
        }, listener, new CancelToken());
    }

    /** Uploads a local file from {@code offset}. */
    public static long store(FtpSession session, String path, Path local, FtpSession.StoreMode mode, long offset,
                             TransferListener listener) throws IOException {
        return session.store(path, at -> FileChannel.open(local, StandardOpenOption.READ).position(at), mode, offset,
                listener, new CancelToken());
    }

    /** Uploads bytes from memory; a resumed or appended upload sends them from {@code offset}. */
    public static long store(FtpSession session, String path, byte[] content, FtpSession.StoreMode mode, long offset,
                             TransferListener listener) throws IOException {
        return session.store(path, at -> Channels.newChannel(new ByteArrayInputStream(
                Arrays.copyOfRange(content, (int) at, content.length))), mode, offset, listener, new CancelToken());
    }
}
