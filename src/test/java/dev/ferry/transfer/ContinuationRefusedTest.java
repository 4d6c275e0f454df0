package dev.ferry.transfer;

import dev.ferry.ftp.FtpReply;
import dev.ferry.ftp.FtpReplyException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which refusals of a continued upload say that the server does not continue uploads, so that the
 * file is sent whole, and the server's later uploads too.
 */
class ContinuationRefusedTest {

    private static boolean refused(int code, String text, String remote) {
        return ItemRunner.continuationRefused(new FtpReplyException("STOR", FtpReply.of(code, text)), remote);
    }

    @Test
    void theServersWordsForNoContinuationCount() {
        assertTrue(refused(451, "/tree/cut.bin: Append/Restart not permitted, try again", "/tree/cut.bin"));
        assertTrue(refused(502, "Command not implemented", "/tree/cut.bin"));
        assertTrue(refused(550, "Resume not allowed", "/tree/cut.bin"));
    }

    /** ProFTPD names the file in every refusal: a file called resume.pdf or appendix.txt refused for another reason. */
    @Test
    void theFilesOwnNameIsNotTakenForThem() {
        assertFalse(refused(550, "/up/resume.pdf: Permission denied", "/up/resume.pdf"));
        assertFalse(refused(451, "/docs/appendix.txt: No space left on device", "/docs/appendix.txt"));
        assertFalse(refused(553, "restart-notes.txt: Operation not permitted", "/in/restart-notes.txt"));
    }
}
