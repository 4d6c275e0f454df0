package dev.ferry.message;

import dev.ferry.ftp.FtpText;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A moment in a message reads as a date and time (R7: "on 2026-12-05T10:15:30.123Z passive mode did not work"). */
class MomentWordsTest {

    @Test
    void aLearnedDataModeSaysWhenInWords() {
        Message learned = Message.of(FtpText.DATA_MODE_LEARNED, "active", "passive", Instant.parse("2026-12-05T12:15:30.123Z"));
        String english = Messages.render(learned, Locale.ENGLISH);
        assertTrue(english.contains("Dec 5, 2026"), english);
        assertFalse(english.contains("T12:15") || english.contains("Z "), english);
        String chinese = Messages.render(learned, Locale.SIMPLIFIED_CHINESE);
        assertTrue(chinese.contains("2026年12月5日"), chinese);
    }
}
