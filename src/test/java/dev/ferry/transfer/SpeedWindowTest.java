package dev.ferry.transfer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The speed a user reads stays near the real one while bytes arrive in bursts: a server that
 * throttles to 4 MiB/s sends a burst and then nothing for a while, and uploads report whole
 * chunks. Sampled every 100 ms, the speed shown jumped between 28 KiB/s and 19 MiB/s, and the time
 * left between 9 s and 1:47:19.
 */
class SpeedWindowTest {

    private static final long MIB = 1 << 20;

    /** Lowest and highest speed read from {@code from} on, when {@code burst} bytes come every {@code every} ticks of 100 ms. */
    private static double[] readings(int ticks, int every, long burst, int from) {
        SpeedWindow window = new SpeedWindow();
        long bytes = 0;
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        for (int tick = 0; tick <= ticks; tick++) {
            if (tick > 0 && tick % every == 0) {
                bytes += burst;
            }
            window.sample(1_000_000_000L + tick * 100_000_000L, bytes, 0);
            if (tick >= from) {
                lowest = Math.min(lowest, window.bytesPerSecond());
                highest = Math.max(highest, window.bytesPerSecond());
            }
        }
        return new double[] {lowest, highest};
    }

    @Test
    void burstsAverageToTheRealSpeed() {
        double[] read = readings(200, 10, 4 * MIB, 40); // a second's worth at once
        assertTrue(read[0] > 3 * MIB && read[1] < 5.5 * MIB,
                "between " + read[0] / MIB + " and " + read[1] / MIB + " MiB/s for a steady 4 MiB/s");
    }

    /**
     * A server that throttles in two-second beats (a double second's worth, then nothing for a
     * second, as pyftpdlib's throttle does) reads as one steady speed: it jumped between 0.75 and
     * 1.25 times the real one every second, and the time left with it.
     */
    @Test
    void twoSecondBeatsReadAsOneSteadySpeed() {
        // Two seconds' worth at 1 MiB/s, then a second with nothing.
        double[] read = readings(400, 20, 2 * MIB, 200);
        assertTrue(read[0] > 0.85 * MIB && read[1] < 1.15 * MIB,
                "between " + read[0] / MIB + " and " + read[1] / MIB + " MiB/s for a steady 1 MiB/s");
    }

    @Test
    void aStopShowsAsSlowingDownAndBytesFromBeforeTheRunDoNotCount() {
        SpeedWindow window = new SpeedWindow();
        long now = 1_000_000_000L;
        window.sample(now, 500 * MIB, 500 * MIB); // resumed at 500 MiB
        long bytes = 500 * MIB;
        for (int tick = 1; tick <= 50; tick++) {
            bytes += MIB / 10;
            window.sample(now + tick * 100_000_000L, bytes, 500 * MIB);
        }
        assertTrue(Math.abs(window.bytesPerSecond() - MIB) < MIB / 5, window.bytesPerSecond() / MIB + " MiB/s for 1 MiB/s");
        for (int tick = 51; tick <= 120; tick++) {
            window.sample(now + tick * 100_000_000L, bytes, 500 * MIB);
        }
        assertTrue(window.bytesPerSecond() < MIB / 10, "stopped for 7 s: " + window.bytesPerSecond());
    }
}
