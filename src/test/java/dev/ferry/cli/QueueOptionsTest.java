package dev.ferry.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QueueOptionsTest {

    @Test
    void ratesAreReadWithTheirUnit() {
        assertEquals(500 * 1024, QueueOptions.parseRate("500k"));
        assertEquals(2 * 1024 * 1024, QueueOptions.parseRate("2M"));
        assertEquals(1536, QueueOptions.parseRate("1.5k"));
    }

    /** A negative rate was taken as given (and NaN as 0, no limit), with no word. */
    @Test
    void aRateThatIsNoSpeedIsRefused() {
        for (String wrong : new String[] {"-5", "-1k", "NaN", "Infinity", "k"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> QueueOptions.parseRate(wrong), wrong);
            assertEquals("--limit-rate wants a number of bytes per second like 500k or 2M", refused.getMessage());
        }
    }
}
