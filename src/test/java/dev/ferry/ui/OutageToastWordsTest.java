package dev.ferry.ui;

import dev.ferry.message.Message;
import dev.ferry.transfer.QueueText;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window's notification of an outage is shown once, at the first try, and stays while the
 * pauses between tries grow: U3 read "trying the server again in 1 s" long after that second.
 */
class OutageToastWordsTest {

    @Test
    void theNotificationSaysTheServerIsTriedAgainWithoutACountdown() {
        Message notice = Message.of(QueueText.SERVER_UNREACHABLE_RETRYING, "me@host:21",
                Message.of(dev.ferry.message.Messages.GeneralText.TEXT, "Connection refused"), 1L, 3);
        String words = Notices.outage(notice);
        assertTrue(words.contains("me@host:21") && words.contains("Connection refused"), words);
        assertTrue(words.contains("3 transfers wait for it"), words);
        assertFalse(words.matches("(?s).*\\b1 s\\b.*"), "a countdown that goes stale on screen: " + words);
        // A segment's outage can have nothing else waiting: "1 waiting item" was said of none (R8).
        String none = Notices.outage(Message.of(QueueText.SERVER_UNREACHABLE_RETRYING, "me@host:21", "refused", 1L, 0));
        assertFalse(none.contains("1 transfer"), none);
    }
}
