package dev.ferry.ftp;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The local end of a transfer: the caller's sink or source opened at the transfer's offset, and
 * the loop that moves bytes between it and the data connection. A local file that cannot be
 * opened is a {@link LocalFileException}, never taken for a network failure.
 */
final class FileMovers {

    private FileMovers() {
    }

    static TransferOperation.Mover<Long> download(SessionContext ctx, DownloadSink sink, long offset, long length) throws IOException {
        WritableByteChannel channel = named(sink.file(), () -> openSink(sink, offset));
        return new TransferOperation.Mover<>() {
            private boolean stoppedEarly;

            @Override
            public Long move(DataConnection data, TransferListener listener) throws IOException {
                try (channel) {
                    long moved = named(sink.file(), () -> data.download(channel, listener, ctx.settings.dataTimeout(),
                            ctx.transferBuffer(), length));
                    stoppedEarly = length >= 0 && moved >= length;
                    return moved;
                }
            }

            @Override
            public boolean stoppedEarly() {
                return stoppedEarly;
            }
        };
    }

    static TransferOperation.Mover<Long> upload(SessionContext ctx, UploadSource source, long offset) throws IOException {
        ReadableByteChannel channel = named(source.file(), () -> openSource(source, offset));
        return new TransferOperation.Mover<>() {
            @Override
            public Long move(DataConnection data, TransferListener listener) throws IOException {
                try (channel) {
                    return named(source.file(), () -> data.upload(channel, listener, ctx.settings.dataTimeout(),
                            ctx.transferBuffer()));
                }
            }

            @Override
            public void discard() {
                try {
                    channel.close();
                } catch (IOException e) {
                    // Only read from: nothing of ours is lost.
                }
            }
        };
    }

    private interface LocalWork<T> {
        T call() throws IOException;
    }

    /** Runs {@code work}; a local failure that does not name its file yet names {@code file}, when known. */
    private static <T> T named(java.nio.file.Path file, LocalWork<T> work) throws IOException {
        try {
            return work.call();
        } catch (LocalFileException e) {
            throw e.path() == null && file != null ? e.at(file) : e;
        }
    }

    private static WritableByteChannel openSink(DownloadSink sink, long offset) throws LocalFileException {
        try {
            return sink.openAt(offset);
        } catch (LocalFileException e) {
            throw e;
        } catch (IOException e) {
            throw LocalFileException.of(FtpText.LOCAL_WRITE, null, e);
        }
    }

    private static ReadableByteChannel openSource(UploadSource source, long offset) throws LocalFileException {
        try {
            ReadableByteChannel channel = source.openAt(offset);
            if (channel instanceof FileChannel file && file.position() != offset) {
                file.position(offset);
            }
            return channel;
        } catch (LocalFileException e) {
            throw e;
        } catch (IOException e) {
            throw LocalFileException.of(FtpText.LOCAL_READ, null, e);
        }
    }
}
