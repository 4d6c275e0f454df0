package dev.ferry.store;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DiagnosticLogTest {

    /** Keeps what it is given, whatever its level: what reaches a handler costs, logged or not. */
    private static final class Given extends Handler {
        final List<String> messages = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            messages.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void theDialogueGoesToTheFileAloneAndWarningsStillReachTheRootsHandlers() {
        Given file = new Given();
        Given root = new Given();
        Logger rootLogger = Logger.getLogger("");
        Logger ferry = Logger.getLogger("dev.ferry");
        Logger dialogue = Logger.getLogger(DiagnosticLog.DIALOGUE);
        Level ferryLevel = ferry.getLevel();
        rootLogger.addHandler(root);
        try {
            DiagnosticLog.routeTo(file);
            System.getLogger(DiagnosticLog.DIALOGUE).log(System.Logger.Level.DEBUG, "[worker 1] COMMAND RETR /a.bin");
            System.getLogger("dev.ferry.transfer.Test").log(System.Logger.Level.WARNING, "a warning");
            assertEquals(List.of("[worker 1] COMMAND RETR /a.bin", "a warning"), file.messages);
            assertEquals(List.of("a warning"), root.messages, "the dialogue never goes up to the console");
        } finally {
            rootLogger.removeHandler(root);
            ferry.removeHandler(file);
            dialogue.removeHandler(file);
            dialogue.setUseParentHandlers(true);
            ferry.setLevel(ferryLevel);
        }
    }
}
