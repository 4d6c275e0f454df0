package dev.ferry.ftp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The words real servers send when their disk or a quota has no room, and words that do not say so. */
class ServerNoRoomWordsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "451 | Failure writing to local file.                        | true",
            "451 | Error during write to file                            | true",
            "452 | Transfer aborted. No space left on device             | true",
            "452 | Error writing file: No space left on device.          | true",
            "552 | Transfer aborted. Disk quota exceeded                 | true",
            "552 | Quota exceeded: [big.bin] won't be saved              | true",
            "452 | Insufficient storage space in system.                 | true",
            "451 | Error                                                 | false",
            "451 | Transfer aborted. Input/output error                  | false",
            "426 | None; transfer aborted.                               | false",
            "451 | Requested action aborted: local error in processing.  | false",
            "552 | Transfer aborted. File exceeds the size limit         | false",
    })
    void serversWordsForNoRoom(int code, String text, boolean noRoom) {
        assertEquals(noRoom, FtpReply.of(code, text).saysNoRoom("/upload/a.bin"), code + " " + text);
    }

    /** R33: replies that echo the file's name (ProFTPD "451 %s: Too many transfers") say nothing of room. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "451 | /reports/sales-quota.xlsx: Too many transfers                     | /reports/sales-quota.xlsx",
            "450 | /logs/write error.log: Resource temporarily unavailable           | /logs/write error.log",
            "451 | disk full on db1.txt: Append/Restart not permitted, try again     | /alerts/disk full on db1.txt",
    })
    void theFilesNameInTheReplySaysNothing(int code, String text, String path) {
        assertEquals(false, FtpReply.of(code, text).saysNoRoom(path), code + " " + text);
    }
}
