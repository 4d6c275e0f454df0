package dev.ferry.transfer;

/**
 * A token bucket shared by all transfers in one direction. Each chunk reserves its bytes and
 * the caller sleeps for whatever the bucket is short; the rate can change while transfers run.
 * A burst of at most a quarter second's worth is allowed.
 */
public final class RateLimiter {

    private long bytesPerSecond;
    private double tokens;
    private long lastRefill = System.nanoTime();

    synchronized void setRate(long bytesPerSecond) {
        this.bytesPerSecond = Math.max(0, bytesPerSecond);
        this.tokens = 0;
        this.lastRefill = System.nanoTime();
    }

    synchronized long rate() {
        return bytesPerSecond;
    }

    /** Reserves {@code bytes}; returns how many nanoseconds the caller must wait before sending more. */
    synchronized long reserve(long bytes) {
        if (bytesPerSecond <= 0) {
            return 0;
        }
        long now = System.nanoTime();
        tokens = Math.min(bytesPerSecond / 4.0, tokens + (now - lastRefill) / 1e9 * bytesPerSecond);
        lastRefill = now;
        tokens -= bytes;
        return tokens >= 0 ? 0 : (long) (-tokens / bytesPerSecond * 1e9);
    }

    /**
     * A listener that holds one transfer outside the queue (the command line's {@code get URL -}) to
     * {@code bytesPerSecond}, as the queue holds its own; 0 for none.
     */
    public static dev.ferry.ftp.TransferListener limiting(long bytesPerSecond) {
        RateLimiter limiter = new RateLimiter();
        limiter.setRate(bytesPerSecond);
        return new dev.ferry.ftp.TransferListener() {
            @Override
            public void transferred(long bytes) {
                long waitNanos = limiter.reserve(bytes);
                if (waitNanos > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(waitNanos);
                }
            }

            @Override
            public int preferredChunk() {
                return limiter.preferredChunk();
            }
        };
    }

    /** A chunk size that keeps throttled transfers smooth: about a tenth of a second's worth. */
    synchronized int preferredChunk() {
        return bytesPerSecond <= 0 ? Integer.MAX_VALUE : (int) Math.max(4096, Math.min(1 << 20, bytesPerSecond / 10));
    }
}
