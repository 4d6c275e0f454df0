package dev.ferry.interop;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.sync.ChecksumMethod;
import dev.ferry.sync.Comparison;
import dev.ferry.sync.PlannedAction;
import dev.ferry.sync.SyncAction;
import dev.ferry.sync.SyncHistory;
import dev.ferry.sync.SyncOptions;
import dev.ferry.sync.SyncPlan;
import dev.ferry.sync.SyncText;
import dev.ferry.sync.Synchronizer;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.Interop;
import dev.ferry.testing.Proftpd;
import dev.ferry.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Comparing by checksum against a real server that offers them: ProFTPD with mod_digest (HASH
 * with SHA-256 among others, and the older XSHA256, XSHA1, XMD5, XCRC). Files of equal size whose
 * times differ are the same when the server's checksum equals ours, and not otherwise.
 */
class SyncChecksumInteropTest {

    @TempDir
    Path directory;

    @Test
    void equalSizesWithDifferentTimesAreSettledByTheServersChecksum() throws Exception {
        try (Proftpd server = Proftpd.start(directory.resolve("server"), Proftpd.Tls.NONE,
                List.of("LoadModule mod_digest.c", "DigestEngine on"))) {
            Path site = server.root().resolve("site");
            Instant old = Instant.parse("2020-03-04T05:06:07Z");
            Files.setLastModifiedTime(TestFiles.random(site.resolve("same.bin"), 300_000, 1), FileTime.from(old));
            Files.setLastModifiedTime(TestFiles.random(site.resolve("differs.bin"), 300_000, 2), FileTime.from(old));
            Interop.chownToUser(site);
            Path local = directory.resolve("local");
            TestFiles.random(local.resolve("same.bin"), 300_000, 1);
            TestFiles.random(local.resolve("differs.bin"), 300_000, 3);

            ConnectionSettings settings = ServerSmoke.settings(server, DataConnectionMode.PASSIVE).build();
            CollectingLog log = new CollectingLog();
            try (FtpSession session = new FtpSession(settings, "checksums")) {
                session.addListener(log);
                session.connect();
                String remote = RemotePaths.join(session.initialDirectory(), "site");
                Comparison comparison = Synchronizer.compare(session, remote, local, SyncOptions.download(),
                        new CancelToken());
                assertEquals(new ChecksumMethod("SHA-256", "HASH"), comparison.checksum().orElseThrow(),
                        "the strongest offered: " + session.features());
                Comparison.Entry same = comparison.entry("same.bin").orElseThrow();
                assertEquals(Comparison.Difference.SAME, same.difference(), same + "\n" + log.text() + server.log());
                assertEquals(Comparison.Basis.CHECKSUM, same.basis());
                Comparison.Entry differs = comparison.entry("differs.bin").orElseThrow();
                assertEquals(Comparison.Difference.LOCAL_NEWER, differs.difference(), differs.toString());
                assertEquals(Comparison.Basis.CHECKSUM, differs.basis());

                SyncPlan plan = Synchronizer.plan(comparison, SyncOptions.download(), SyncHistory.inMemory());
                PlannedAction sameRow = row(plan, "same.bin");
                assertEquals(SyncAction.SAME, sameRow.action());
                assertEquals(SyncText.SAME_CHECKSUM, sameRow.reason().key());
                assertEquals(SyncAction.CONFLICT, row(plan, "differs.bin").action(),
                        "the copy here is newer and differs: downloading would overwrite it");

                // Times alone would call the first one changed.
                Comparison byTime = Synchronizer.compare(session, remote, local,
                        SyncOptions.download().withChecksums(SyncOptions.Checksums.NEVER), new CancelToken());
                assertEquals(Comparison.Difference.LOCAL_NEWER, byTime.entry("same.bin").orElseThrow().difference());
                session.quit();
            }
            assertTrue(log.text().contains("HASH"), log.text());
        }
    }

    private static PlannedAction row(SyncPlan plan, String path) {
        return plan.actions().stream().filter(a -> a.path().equals(path)).findFirst().orElseThrow();
    }
}
