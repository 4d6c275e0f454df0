package dev.ferry.message;

import dev.ferry.transfer.QueueText;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outage notice of a first-hour trial read "(1 waiting items keep their retries)". */
class OutageNoticeWordsTest {

    @Test
    void oneWaitingItemIsSaidInTheSingular() {
        String one = Messages.render(Message.of(QueueText.SERVER_UNREACHABLE_RETRYING, "me@host:21", "refused", 1L, 1),
                Locale.ENGLISH);
        assertTrue(one.endsWith("(1 waiting item keeps its retries)"), one);
        String many = Messages.render(Message.of(QueueText.SERVER_UNREACHABLE_RETRYING, "me@host:21", "refused", 5L, 1200),
                Locale.ENGLISH);
        assertTrue(many.endsWith("(1,200 waiting items keep their retries)"), many);
    }
}
