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

    @Test
    void burstsAverageToTheRealSpeed() {
        SpeedWindow window = new SpeedWindow();
        long bytes = 0;
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        for (int tick = 0; tick <= 200; tick++) {
            long now = 1_000_000_000L + tick * 100_000_000L;
            if (tick > 0 && tick % 10 == 0) {
                bytes += 4 * MIB; // a second's worth at once
            }
            window.sample(now, bytes, 0);
            if (tick >= 40) {
                lowest = Math.min(lowest, window.bytesPerSecond());
                highest = Math.max(highest, window.bytesPerSecond());
            }
        }
        assertTrue(lowest > 3 * MIB && highest < 5.5 * MIB,
                "between " + lowest / MIB + " and " + highest / MIB + " MiB/s for a steady 4 MiB/s");
    }

    /**
     * A server that throttles in two-second beats (a double second's worth, then nothing for a
     * second, as pyftpdlib's throttle does) reads as one steady speed: it jumped between 0.75 and
     * 1.25 times the real one every second, and the time left with it.
     */
    @Test
    void twoSecondBeatsReadAsOneSteadySpeed() {
        SpeedWindow window = new SpeedWindow();
        long bytes = 0;
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        for (int tick = 0; tick <= 400; tick++) {
            long now = 1_000_000_000L + tick * 100_000_000L;
            if (tick > 0 && tick % 20 == 0) {
                bytes += 2 * MIB; // two seconds' worth at 1 MiB/s, then a second with nothing
            }
            window.sample(now, bytes, 0);
            if (tick >= 200) {
                lowest = Math.min(lowest, window.bytesPerSecond());
                highest = Math.max(highest, window.bytesPerSecond());
            }
        }
        assertTrue(lowest > 0.85 * MIB && highest < 1.15 * MIB,
                "between " + lowest / MIB + " and " + highest / MIB + " MiB/s for a steady 1 MiB/s");
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
