package dev.ferry.ftp;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;

/**
 * What an upload sends. Each attempt opens it afresh at the offset the server needs, so a
 * repeated attempt never starts where a failed one stopped reading; the engine closes it.
 */
@FunctionalInterface
public interface UploadSource {

    /** A channel positioned at {@code offset}. */
    ReadableByteChannel openAt(long offset) throws IOException;
}
