package dev.ferry.transfer;

import dev.ferry.ftp.TransferListener;

import java.util.concurrent.locks.LockSupport;

/** Counts an item's bytes and holds the transfer back to the speed limit of its direction. */
final class ProgressListener implements TransferListener {

    private final TransferItem item;
    private final RateLimiter limiter;

    ProgressListener(TransferItem item, RateLimiter limiter) {
        this.item = item;
        this.limiter = limiter;
    }

    @Override
    public void transferred(long bytes) {
        item.bytesDone.addAndGet(bytes);
        long waitNanos = limiter.reserve(bytes);
        if (waitNanos > 0 && item.stop == TransferItem.StopRequest.NONE) {
            LockSupport.parkNanos(waitNanos);
        }
    }

    @Override
    public int preferredChunk() {
        return limiter.preferredChunk();
    }
}
