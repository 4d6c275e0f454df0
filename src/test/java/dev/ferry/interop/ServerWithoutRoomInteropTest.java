package dev.ferry.interop;

import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.testing.BusyboxFtpd;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.English;
import dev.ferry.testing.Interop;
import dev.ferry.testing.Proftpd;
import dev.ferry.testing.PureFtpd;
import dev.ferry.testing.TestFiles;
import dev.ferry.testing.TinyDisk;
import dev.ferry.testing.Vsftpd;
import dev.ferry.transfer.ConflictAction;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.TransferQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Uploads to a server whose disk fills. Real servers say it each their own way, after they took the data
 * (surveyed: vsftpd "451 Failure writing to local file.", Pure-FTPd "451 Error during write to file",
 * ProFTPD "452 Transfer aborted. No space left on device" or, as often, "451 Transfer aborted. Input/output
 * error"), and most reset the data connection first. The queue must not send every file after the first, each
 * tried again, and must finish them all once there is room. (busybox says only "451 Error": there a second file
 * refused the same way holds the rest.)
 */
class ServerWithoutRoomInteropTest {

    @TempDir
    Path directory;

    @Test
    void vsftpd() throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.NONE, List.of())) {
            uploadOntoAFullDisk(server.port(), server.root(), server.root().toString(), server::log);
        }
    }

    @Test
    void proftpd() throws Exception {
        try (Proftpd server = Proftpd.start(directory.resolve("server"), Proftpd.Tls.NONE, List.of())) {
            uploadOntoAFullDisk(server.port(), server.root(), server.root().toString(), server::log);
        }
    }

    @Test
    void pureFtpd() throws Exception {
        try (PureFtpd server = PureFtpd.start(directory.resolve("server"), PureFtpd.Tls.NONE, List.of())) {
            uploadOntoAFullDisk(server.port(), server.root(), "", server::log);
        }
    }

    /** busybox says only "451 Error": a second file refused so holds the rest. */
    @Test
    void busybox() throws Exception {
        try (BusyboxFtpd server = BusyboxFtpd.start(directory.resolve("server"))) {
            uploadOntoAFullDisk(server.port(), server.root(), "", () -> "");
        }
    }

    /** {@code remoteRoot}: the server's name for {@code root} ("" for a server that chroots into it). */
    private void uploadOntoAFullDisk(int port, Path root, String remoteRoot, java.util.function.Supplier<String> serverLog)
            throws Exception {
        Path folder = root.resolve("upload");
        try (TinyDisk disk = TinyDisk.mount(folder, "1m")) {
            Interop.chownToUser(folder);
            List<String> names = List.of("a.bin", "b.bin", "c.bin", "d.bin");
            CollectingLog log = new CollectingLog();
            QueueSettings settings = QueueSettings.DEFAULT.withConnections(1).withConflictDefault(ConflictAction.OVERWRITE)
                    .withRetries(3, Duration.ofMillis(100), Duration.ofMillis(200));
            try (TransferQueue queue = new TransferQueue(settings, null, null)) {
                queue.addDialogueListener(log);
                for (int i = 0; i < names.size(); i++) {
                    Path local = TestFiles.random(directory.resolve("local/" + names.get(i)), 700_000, 40 + i);
                    queue.addUpload(ServerSmoke.settings(port, DataConnectionMode.PASSIVE).build(), null, local,
                            remoteRoot + "/upload/" + names.get(i), false);
                }
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofMinutes(2)), queue.snapshot() + log.text());
                List<ItemSnapshot> items = queue.snapshot();
                System.out.println("server without room: " + items.stream().map(item -> item.state() + " "
                        + item.attempts() + " " + (item.lastError() == null ? "" : English.of(item.lastError()))).toList());
                assertEquals(ItemState.DONE, items.getFirst().state(), items::toString);
                List<ItemSnapshot> failed = items.stream().filter(item -> item.state() == ItemState.FAILED).toList();
                assertEquals(1, failed.size(), "one failure says why: " + items + "\n" + log.text() + serverLog.get());
                String why = English.of(failed.getFirst().lastError()) + "\n" + items.stream().filter(ItemSnapshot::waitsForRoom)
                        .map(item -> English.of(item.lastError())).findFirst().orElse("");
                assertTrue(why.contains("has no room") || why.contains("refused two uploads in a row"), why);
                assertTrue(items.stream().skip(1).allMatch(item -> item.state() == ItemState.FAILED || item.waitsForRoom()),
                        items::toString);
                // The first file, the one that found the disk full, and one more (ProFTPD's first refusal may say
                // only "451 Transfer aborted. Input/output error": it is tried again, and its next words tell).
                long sent = log.text().lines().filter(line -> line.contains("> STOR ")).count();
                assertTrue(sent <= 3, "STOR sent after the disk was found full:\n" + log.text());

                disk.resize("8m");
                items.stream().filter(ItemSnapshot::waitsForRoom).forEach(item -> queue.resume(item.id()));
                assertTrue(queue.awaitIdle(Duration.ofMinutes(2)), queue.snapshot() + log.text());
                for (ItemSnapshot item : queue.snapshot()) {
                    assertEquals(ItemState.DONE, item.state(), item::toString);
                    assertEquals(TestFiles.sha256(item.localPath()), TestFiles.sha256(folder.resolve(item.localPath().getFileName())),
                            item.remotePath());
                }
            }
        }
    }
}
