package dev.ferry.ftp;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;

/**
 * What an upload sends. Each attempt opens it afresh at the offset the server needs, so a
 * repeated attempt never starts where a failed one stopped reading; the engine closes it.
 */
@FunctionalInterface
public interface UploadSource {

    /** A channel positioned at {@code offset}. */
    ReadableByteChannel openAt(long offset) throws IOException;

    /** The file read, for the words of a failure to read it (the engine sees a channel); null when none. */
    default Path file() {
        return null;
    }

    /** A source that reads {@code file}, opened by {@code opener}: a failure to read it names it in the log too. */
    static UploadSource fromFile(Path file, UploadSource opener) {
        return new UploadSource() {
            @Override
            public ReadableByteChannel openAt(long offset) throws IOException {
                return opener.openAt(offset);
            }

            @Override
            public Path file() {
                return file;
            }
        };
    }
}
