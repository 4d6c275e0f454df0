package dev.ferry.sync;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.ServerCapabilities;
import dev.ferry.testing.FakeFtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How the listing's clock is read against MDTM, with what was measured of MDTM's own clock before. */
class ClockProbeTest {

    @TempDir
    Path directory;

    private static final DateTimeFormatter LISTED = DateTimeFormatter.ofPattern("MMM dd HH:mm", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MDTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** Three files under /site, listed (LIST) {@code listingAhead} and answered by MDTM {@code mdtmAhead} of UTC. */
    private static FakeFtpServer server(Duration listingAhead, Duration mdtmAhead) throws Exception {
        FakeFtpServer server = new FakeFtpServer().useMlsd(false);
        List<String> lines = new ArrayList<>();
        Instant written = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.MINUTES);
        for (String name : List.of("a.txt", "b.txt", "c.txt")) {
            lines.add("-rw-r--r--    1 ftp      ftp             5 " + LISTED.format(written.plus(listingAhead)) + " " + name);
            server.file("/site/" + name, "12345".getBytes()).mdtm("/site/" + name,
                    MDTM.format(written.plusSeconds(17).plus(mdtmAhead)));
            written = written.minus(Duration.ofHours(1));
        }
        return server.listing("/site", lines);
    }

    private ListingClock measure(FakeFtpServer server, Duration mdtmMeasuredBefore, ServerCapabilities[] seen)
            throws Exception {
        return measure(server, mdtmMeasuredBefore, null, seen);
    }

    /** {@code listingLearnedBefore}: a listing offset measured earlier (a probe months ago), or null. */
    private ListingClock measure(FakeFtpServer server, Duration mdtmMeasuredBefore, Duration listingLearnedBefore,
                                 ServerCapabilities[] seen) throws Exception {
        ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u").password("p")
                .build();
        try (FtpSession session = new FtpSession(settings, "clock")) {
            session.connect();
            if (mdtmMeasuredBefore != null) {
                session.capabilities().learnMdtmOffset(mdtmMeasuredBefore);
            }
            if (listingLearnedBefore != null) {
                session.capabilities().learnListingOffset(listingLearnedBefore);
            }
            seen[0] = session.capabilities();
            return Synchronizer.compare(session, "/site", Files.createDirectories(directory.resolve("local")),
                    SyncOptions.download().withClockProbe(false), new CancelToken()).clock();
        }
    }

    /**
     * A server listing in UTC whose MDTM answers two hours ahead, as an upload measured: the listing was taken
     * for two hours behind UTC, and the MDTM clock the upload measured was set back to UTC.
     */
    @Test
    void anMdtmClockMeasuredByAnUploadIsKeptAndReadsTheListing() throws Exception {
        try (FakeFtpServer server = server(Duration.ZERO, Duration.ofHours(2))) {
            ServerCapabilities[] capabilities = new ServerCapabilities[1];
            ListingClock clock = measure(server, Duration.ofHours(2), capabilities);
            assertEquals(Duration.ZERO, clock.offset(), clock.toString());
            assertEquals(120, capabilities[0].mdtmOffset().minutes(), "the MDTM clock the upload measured");
        }
    }

    /**
     * Listing and MDTM both in local time, two hours ahead (summer), MDTM's clock just measured by an upload,
     * and a listing offset of one hour learned in winter: the listing was read with the winter's hour, and the
     * upload's measurement was overwritten with it, stamped as new.
     */
    @Test
    void anMdtmClockMeasuredByAnUploadReadsAListingThatAgreesWithIt() throws Exception {
        try (FakeFtpServer server = server(Duration.ofHours(2), Duration.ofHours(2))) {
            ServerCapabilities[] capabilities = new ServerCapabilities[1];
            ListingClock clock = measure(server, Duration.ofHours(2), Duration.ofHours(1), capabilities);
            assertEquals(Duration.ofHours(2), clock.offset(), clock.toString());
            assertEquals(ListingClock.Source.MDTM, clock.source(), clock.toString());
            assertEquals(120, capabilities[0].mdtmOffset().minutes(), "the MDTM clock the upload measured");
        }
    }

    /** MDTM in UTC, the listing in local time, nothing known before: the listing's zone is read from MDTM. */
    @Test
    void mdtmInUtcReadsAListingInLocalTime() throws Exception {
        try (FakeFtpServer server = server(Duration.ofHours(9), Duration.ZERO)) {
            ServerCapabilities[] capabilities = new ServerCapabilities[1];
            ListingClock clock = measure(server, null, capabilities);
            assertEquals(Duration.ofHours(9), clock.offset(), clock.toString());
            assertEquals(ListingClock.Source.MDTM, clock.source(), clock.toString());
            assertEquals(null, capabilities[0].mdtmOffset(),
                    "MDTM's clock not taken for measured: an upload still measures it");
        }
    }
}
