package dev.ferry.transfer;

/**
 * One transfer's speed, from the byte counts sampled while it runs (ten times a second). Bytes
 * arrive in bursts: a throttling server sends a second's worth and then nothing, an upload counts
 * what the socket took at once. Rates of 100 ms samples jumped between nothing and several times
 * the real speed, and the time left with them; the rate of each whole second, smoothed over a few
 * seconds, reads as the transfer feels. A few numbers per item: a queue may hold 100,000 of them.
 */
final class SpeedWindow {

    private static final long SECOND_NANOS = 1_000_000_000L;
    /**
     * How much the newest second counts: little, so that a server throttling in beats of two
     * seconds (a double second's worth, then nothing) reads within 15 % of its speed; 0.4 made it
     * jump by a quarter either way every second.
     */
    private static final double NEWEST_SECOND_WEIGHT = 0.25;
    /** From the second empty second in a row it is a stop, not a beat: the speed falls fast. */
    private static final double STOPPED_SECOND_WEIGHT = 0.5;

    private long secondStartedAt;
    private long secondStartBytes;
    private double speed;
    private boolean measured;
    private int emptySecondsInARow;

    /** Starts over: a new run of the item, whose earlier bytes are not speed. */
    void restart() {
        secondStartedAt = 0;
        speed = 0;
        measured = false;
        emptySecondsInARow = 0;
    }

    /** Adds a sample: {@code bytes} done at {@code now} (nanoseconds); {@code floor} bytes were there when the run began. */
    void sample(long now, long bytes, long floor) {
        if (secondStartedAt == 0) {
            secondStartedAt = now;
            secondStartBytes = Math.max(bytes, floor);
            return;
        }
        long elapsed = now - secondStartedAt;
        if (elapsed < SECOND_NANOS) {
            return;
        }
        double rate = Math.max(0, bytes - secondStartBytes) * 1e9 / elapsed;
        emptySecondsInARow = rate > 0 ? 0 : emptySecondsInARow + 1;
        double weight = emptySecondsInARow >= 2 ? STOPPED_SECOND_WEIGHT : NEWEST_SECOND_WEIGHT;
        speed = measured ? speed * (1 - weight) + rate * weight : rate;
        measured = true;
        secondStartedAt = now;
        secondStartBytes = bytes;
    }

    double bytesPerSecond() {
        return speed;
    }
}
