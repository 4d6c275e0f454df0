package dev.ferry.ftp;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/**
 * Where a download goes. Each attempt opens it afresh at the offset it really needs (a repeated
 * attempt must never append to what a failed one wrote); the engine closes what it opened.
 */
@FunctionalInterface
public interface DownloadSink {

    /** A channel that writes from {@code offset} on, with anything beyond it discarded. */
    WritableByteChannel openAt(long offset) throws IOException;
}
