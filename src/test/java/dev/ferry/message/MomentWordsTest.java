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
        // The date as this machine's time zone has it (in UTC+13 it is already the 6th, R9).
        String day = java.time.format.DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.ENGLISH)
                .format(Instant.parse("2026-12-05T12:15:30.123Z").atZone(java.time.ZoneId.systemDefault()));
        assertTrue(english.contains(day), english);
        assertFalse(english.contains("T12:15") || english.contains("Z "), english);
        String chinese = Messages.render(learned, Locale.SIMPLIFIED_CHINESE);
        String chineseDay = java.time.format.DateTimeFormatter.ofPattern("yyyy年M月d日", Locale.SIMPLIFIED_CHINESE)
                .format(Instant.parse("2026-12-05T12:15:30.123Z").atZone(java.time.ZoneId.systemDefault()));
        assertTrue(chinese.contains(chineseDay), chinese);
    }
}
