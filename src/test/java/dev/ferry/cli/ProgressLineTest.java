package dev.ferry.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's progress line: speed counts what this run moved, sizes as the window writes them. */
class ProgressLineTest {

    @Test
    void aResumedTransferIsNotFastBecauseOfItsEarlierPart() {
        Terminal terminal = new Terminal(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()), true);
        // 900 MiB were there from an earlier run; this run moves 1 MiB.
        ProgressLine line = new ProgressLine(terminal, "big.iso", 1000L << 20, 900L << 20);
        line.transferred(1L << 20);
        double seconds = (System.nanoTime() - line.startNanos()) / 1e9;
        double speed = line.speed(System.nanoTime());
        assertTrue(speed <= (1L << 20) / Math.max(seconds, 1e-3) + 1,
                "speed " + speed + " B/s counts the resumed 900 MiB");
    }

    @Test
    void sizesUseTheSameUnitsAsTheWindow() {
        assertEquals(dev.ferry.ui.Formats.size(1536), Terminal.bytes(1536));
        assertEquals(dev.ferry.ui.Formats.size(5L << 20), Terminal.bytes(5L << 20));
        assertEquals(dev.ferry.ui.Formats.size(3L << 30), Terminal.bytes(3L << 30));
    }
}
