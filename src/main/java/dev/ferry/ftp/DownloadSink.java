package dev.ferry.ftp;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * Where a download goes. Each attempt opens it afresh at the offset it really needs (a repeated
 * attempt must never append to what a failed one wrote); the engine closes what it opened.
 */
@FunctionalInterface
public interface DownloadSink {

    /** A channel that writes from {@code offset} on, with anything beyond it discarded. */
    WritableByteChannel openAt(long offset) throws IOException;

    /** The file written, for the words of a failure to write it (the engine sees a channel); null when none. */
    default Path file() {
        return null;
    }

    /** A sink that writes {@code file}, opened by {@code opener}: a failure to write it names it in the log too. */
    static DownloadSink toFile(Path file, DownloadSink opener) {
        return new DownloadSink() {
            @Override
            public WritableByteChannel openAt(long offset) throws IOException {
                return opener.openAt(offset);
            }

            @Override
            public Path file() {
                return file;
            }
        };
    }
}
