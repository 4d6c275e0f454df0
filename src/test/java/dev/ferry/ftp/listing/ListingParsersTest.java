package dev.ferry.ftp.listing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each parser against real lines from real servers (src/test/resources/listings). */
class ListingParsersTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);
    private final ListingParsers parsers = new ListingParsers(ZoneOffset.UTC, NOW);

    private static List<String> corpus(String name) throws IOException {
        try (InputStream in = ListingParsersTest.class.getResourceAsStream("/listings/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().toList();
        }
    }

    private static Map<String, RemoteEntry> byName(Listing listing) {
        return listing.entries().stream().collect(Collectors.toMap(RemoteEntry::name, Function.identity()));
    }

    /** Found by ListingCorpusTest's random lines (seed 30098336449950): a "mode" too long for an int threw. */
    @Test
    void aNumericListingWithAnOverlongModeIsSkippedWithoutTheParserFailing() {
        Listing listing = parsers.parseList("/", java.util.List.of(
                "0100641606304   500  101   12345    123456789       numeric unix file"));
        for (Listing.SkippedLine skipped : listing.skipped()) {
            org.junit.jupiter.api.Assertions.assertFalse(skipped.reason().contains("parser failed"), skipped.toString());
        }
    }

    /** Found by fuzzing the parsers: a link line's arrow with nothing on one side of it. */
    @Test
    void aLinksArrowWithoutANameOrWithoutATargetIsReadAsMissingNotAsText() {
        UnixListParser unix = new UnixListParser(ZoneOffset.UTC, NOW);
        RemoteEntry noTarget = unix.parse("lrwxrwxrwx    1 0        0               5 Nov 20 10:00 dangling -> ");
        assertEquals("dangling", noTarget.name());
        assertNull(noTarget.linkTarget(), "an empty target is no target");
        RemoteEntry cutArrow = unix.parse("lrwxrwxrwx    1 0        0               5 Nov 20 10:00 cut ->");
        assertEquals("cut", cutArrow.name());
        assertNull(cutArrow.linkTarget());
        assertNull(unix.parse("lrwxrwxrwx    1 0        0               5 Nov 20 10:00 -> target"),
                "a link line without a name is not a file called \"-> target\"");
        assertNull(unix.parse("lrwxrwxrwx    1 0        0               5 Nov 20 10:00  -> target"), "an arrow one blank further (R7)");
        assertNull(unix.parse("lrwxrwxrwx    1 0        0               5 Nov 20 10:00 ->"), "a bare arrow (R7)");
        RemoteEntry oddName = unix.parse("lrwxrwxrwx    1 0        0               5 Nov 20 10:00 -> odd -> target");
        assertEquals("-> odd", oddName.name(), "ls writes a link called \"-> odd\" this way");
        assertEquals("target", oddName.linkTarget());

        DosListParser dos = new DosListParser(ZoneOffset.UTC);
        RemoteEntry dosNoTarget = dos.parse("11-20-26  10:00AM    <SYMLINK>      dangling -> ");
        assertEquals("dangling", dosNoTarget.name());
        assertNull(dosNoTarget.linkTarget());
        assertNull(dos.parse("11-20-26  10:00AM    <SYMLINK>      -> C:\\target"));
    }

    @Test
    void vsftpd() throws IOException {
        Listing listing = parsers.parseList("/", corpus("unix-vsftpd.txt"));
        assertEquals("Unix", listing.format());
        assertEquals(List.of(), listing.unparsedLines());
        Map<String, RemoteEntry> e = byName(listing);
        assertEquals(7, e.size());
        assertTrue(e.get("docs").isDirectory());
        assertEquals(Instant.parse("2026-11-21T10:15:00Z"), e.get("docs").modified());
        assertEquals(RemoteEntry.TimePrecision.MINUTES, e.get("docs").precision());
        assertEquals(1048576, e.get("archive.tar.gz").size());
        assertEquals(Instant.parse("2023-01-03T00:00:00Z"), e.get("archive.tar.gz").modified());
        assertEquals(RemoteEntry.TimePrecision.DAYS, e.get("archive.tar.gz").precision());
        assertEquals(42, e.get("name with  two spaces.txt").size(), "inner spaces survive");
        RemoteEntry link = e.get("latest");
        assertEquals(RemoteEntry.Type.SYMLINK, link.type());
        assertEquals("archive.tar.gz", link.linkTarget());
        assertEquals(Instant.parse("2024-02-29T00:00:00Z"), e.get("leap.txt").modified());
        assertEquals("rw-------", e.get(".htaccess").permissions());
        assertEquals("1000", e.get(".htaccess").owner());
        assertTrue(e.containsKey(" leading space.txt"), "a leading space is part of the name");
    }

    @Test
    void recentDatesInTheFutureBelongToLastYear() {
        RemoteEntry entry = new UnixListParser(ZoneOffset.UTC, NOW)
                .parse("-rw-r--r--    1 0        0               5 Dec 24 20:40 xmas.txt");
        assertEquals(Instant.parse("2025-12-24T20:40:00Z"), entry.modified());
    }

    @Test
    void listingTimeZoneIsApplied() {
        RemoteEntry entry = new UnixListParser(ZoneId.of("Asia/Shanghai"), NOW)
                .parse("-rw-r--r--    1 0        0               5 Nov 21 20:00 local.txt");
        assertEquals(Instant.parse("2026-11-21T12:00:00Z"), entry.modified());
    }

    /**
     * {@code ls -l --full-time} (GNU ls, as some servers pass it on): seconds with a fraction and
     * the time's own UTC offset, which is not part of the name and decides the instant.
     */
    @Test
    void fullTimeWithItsOwnOffset() {
        UnixListParser parser = new UnixListParser(ZoneId.of("Asia/Shanghai"), NOW);
        RemoteEntry entry = parser.parse("-rw-r--r-- 1 user group 5 2021-12-01 10:00:05.123456789 +0100 full time.txt");
        assertEquals("full time.txt", entry.name());
        assertEquals(Instant.parse("2021-12-01T09:00:05Z"), entry.modified());
        assertEquals(RemoteEntry.TimePrecision.SECONDS, entry.precision());
        RemoteEntry west = parser.parse("drwxr-xr-x 2 user group 4096 2024-02-29 23:30:00.000000000 -0500 dir");
        assertEquals("dir", west.name());
        assertEquals(Instant.parse("2024-03-01T04:30:00Z"), west.modified());
        RemoteEntry named = parser.parse("-rw-r--r-- 1 user group 5 2021-12-01 10:00:05.000000000 +0100");
        assertEquals("+0100", named.name(), "without anything after it, the token is the name");
        assertEquals(Instant.parse("2021-12-01T02:00:05Z"), named.modified());
        RemoteEntry longIso = parser.parse("-rw-r--r-- 1 user group 5 2021-12-01 10:00 +0100 report.txt");
        assertEquals("+0100 report.txt", longIso.name(), "long-iso prints no offset: the token starts the name");
        assertEquals(Instant.parse("2021-12-01T02:00:00Z"), longIso.modified());
    }

    /**
     * Found reading LsDate while writing a fuzz driver for the listing parsers: "+1830" has the
     * shape of an offset, but no zone is more than 18 hours from UTC, and building the offset
     * threw (DateTimeException).
     */
    @Test
    void anOffsetBeyondEighteenHoursIsPartOfTheName() {
        UnixListParser parser = new UnixListParser(ZoneId.of("Asia/Shanghai"), NOW);
        RemoteEntry entry = parser.parse("-rw-r--r-- 1 user group 5 2021-12-01 10:00:05.123456789 +1830 name");
        assertEquals("+1830 name", entry.name());
        assertEquals(Instant.parse("2021-12-01T02:00:05Z"), entry.modified());
        RemoteEntry farthest = parser.parse("-rw-r--r-- 1 user group 5 2021-12-01 10:00:05.123456789 -1800 name");
        assertEquals("name", farthest.name());
        assertEquals(Instant.parse("2021-12-02T04:00:05Z"), farthest.modified());
    }

    @Test
    void proftpd() throws IOException {
        Listing listing = parsers.parseList("/", corpus("unix-proftpd.txt"));
        assertEquals(List.of(), listing.unparsedLines());
        Map<String, RemoteEntry> e = byName(listing);
        assertTrue(e.get("public_html").isDirectory());
        assertEquals("ftp", e.get("index.html").owner());
        assertEquals("ftp", e.get("index.html").group());
        assertEquals(2048, e.get("日本語ファイル.txt").size());
        assertEquals(100, e.get("acl.txt").size(), "an ACL marker after the permissions is tolerated");
        assertEquals("rwsr-xr-x", e.get("setuid-tool").permissions());
        assertEquals("rwxrwxrwt", e.get("sticky").permissions());
    }

    @Test
    void pureFtpdDropsDotEntriesAndKeepsHugeSizes() throws IOException {
        Listing listing = parsers.parseList("/", corpus("unix-pureftpd.txt"));
        Map<String, RemoteEntry> e = byName(listing);
        assertEquals(2, e.size(), "'.' and '..' directories are ls -a noise");
        assertEquals(10737418240L, e.get("big.img").size());
    }

    @Test
    void busyboxWithDeviceFilesAndNumericOwners() throws IOException {
        Listing listing = parsers.parseList("/", corpus("unix-busybox.txt"));
        assertEquals(List.of(), listing.unparsedLines());
        Map<String, RemoteEntry> e = byName(listing);
        assertEquals(5, e.get("a.txt").size());
        assertTrue(e.get("sub dir").isDirectory());
        assertEquals(RemoteEntry.Type.OTHER, e.get("null").type());
        assertEquals(-1, e.get("null").size(), "a device has major/minor numbers, not a size");
        assertEquals("6", e.get("sda").group());
        assertEquals(RemoteEntry.Type.OTHER, e.get("fifo").type());
        assertEquals(RemoteEntry.Type.OTHER, e.get("socket").type());
    }

    @Test
    void oddUnixVariantsAndAnUnparseableLineThatIsReportedNotDropped() throws IOException {
        Listing listing = parsers.parseList("/", corpus("unix-odd.txt"));
        Map<String, RemoteEntry> e = byName(listing);
        assertEquals(12345, e.get("nogroup.txt").size());
        assertEquals("owner", e.get("nogroup.txt").owner());
        assertNull(e.get("nogroup.txt").group());
        assertEquals(Instant.parse("2024-01-15T12:34:00Z"), e.get("iso.txt").modified());
        assertEquals(Instant.parse("2026-01-15T12:34:00Z"), e.get("中文.txt").modified());
        assertEquals(Instant.parse("2026-01-15T12:34:00Z"), e.get("european.txt").modified());
        assertEquals(List.of("this line is not a listing entry at all"), listing.unparsedLines());
    }

    @Test
    void dosAndIis() throws IOException {
        Listing listing = parsers.parseList("/", corpus("dos-iis.txt"));
        assertEquals("DOS", listing.format());
        assertEquals(List.of(), listing.unparsedLines());
        Map<String, RemoteEntry> e = byName(listing);
        assertTrue(e.get("website").isDirectory());
        assertEquals(Instant.parse("2024-01-02T15:04:00Z"), e.get("website").modified());
        assertEquals(1234567, e.get("report 2024.pdf").size());
        assertEquals(Instant.parse("2024-01-15T11:30:00Z"), e.get("report 2024.pdf").modified());
        assertEquals(Instant.parse("1999-12-31T00:00:00Z"), e.get("y2k.txt").modified(), "12:00AM is midnight");
        assertTrue(e.get("iso dir").isDirectory());
        assertEquals(Instant.parse("2023-07-04T09:15:00Z"), e.get("four-digit year.bin").modified());
    }

    @Test
    void mlsd() throws IOException {
        Listing listing = parsers.parseMlsd("/", corpus("mlsd-mixed.txt"));
        assertEquals(List.of(), listing.unparsedLines());
        Map<String, RemoteEntry> e = byName(listing);
        assertFalse(e.containsKey("."), "cdir is noise");
        RemoteEntry report = e.get("report.pdf");
        assertEquals(1234, report.size());
        assertEquals(Instant.parse("2024-01-02T03:04:05.123Z"), report.modified());
        assertEquals(RemoteEntry.TimePrecision.SECONDS, report.precision());
        assertEquals("rw-r--r--", report.permissions());
        assertEquals("1000", report.owner());
        assertTrue(e.get("my folder").isDirectory());
        assertEquals(RemoteEntry.Type.SYMLINK, e.get("link").type());
        assertEquals(5, e.get("UPPER.TXT").size(), "fact names are case-insensitive");
        assertTrue(e.get("UPPER.TXT").isFile());
        assertEquals(10, e.get("name;with;semicolons").size());
        assertTrue(e.containsKey(" leading space"));
        assertFalse(e.get("..").isSafe(), "a file called .. is kept but flagged");
    }

    @Test
    void unsafeNamesAreFlagged() {
        for (String bad : List.of(".", "..", "a/b", "../../etc/x", "a\\b", "x\r\nDELE y", "nul\0byte", "")) {
            assertTrue(NameSafety.problem(bad).isPresent(), bad);
        }
        for (String good : List.of("a", "...", "..a", "name with spaces", "中文", ".htaccess")) {
            assertTrue(NameSafety.problem(good).isEmpty(), good);
        }
        assertEquals("x\\r\\nDELE y", NameSafety.printable("x\r\nDELE y"));
    }

    @Test
    void unixModesConvertBothWays() {
        assertEquals("rwxr-xr-x", UnixModes.toSymbolic("0755"));
        assertEquals("rwsr-sr-t", UnixModes.toSymbolic("7755"));
        assertEquals(0755, UnixModes.toOctal("rwxr-xr-x"));
        assertEquals(0644, UnixModes.toOctal("-rw-r--r--"));
        assertEquals(04755, UnixModes.toOctal("rwsr-xr-x"));
        assertEquals(-1, UnixModes.toOctal("garbage"));
    }

    /**
     * Found by fuzzing the listing parsers: an Arabic-Indic digit is a digit to Java but not to
     * Double.parseDouble, so "\u0663K" passed for a size with a unit and reading it threw.
     */
    @Test
    void aSizeWithDigitsOfAnotherScriptIsNoSize() {
        UnixListParser parser = new UnixListParser(ZoneOffset.UTC, NOW);
        for (String size : List.of("\u0663K", "1.\u0663K", "\u06631.5M")) {
            String line = "-rw-r--r-- 1 user group " + size + " Jan 1 2020 name";
            assertNull(parser.parse(line), line);
            Listing listing = parsers.parseList("/", List.of(line));
            assertEquals(List.of(line), listing.unparsedLines());
            assertFalse(listing.skipped().getFirst().reason().contains("parser failed"), listing.skipped().toString());
        }
    }

    /**
     * Found by fuzzing the listing parsers: trying each token of a line as a time or a device size
     * searched the rest of the line for a colon or a comma, so a line of many short tokens took
     * time growing with the square of its length (a listing may be 256 MB: a hostile server could
     * hold the client for hours).
     */
    @Test
    void aLineOfMillionsOfCharactersIsReadInTimeProportionalToItsLength() {
        List<String> lines = List.of("-rw-r--r-- 1 user group " + "1 ".repeat(1_000_000) + "name",
                "-rw-r--r-- 1 user group " + "x ".repeat(1_000_000) + "name");
        Listing listing = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> parsers.parseList("/", lines));
        assertEquals(lines.size(), listing.entries().size() + listing.unparsedLines().size(), listing.format());
    }

    @Test
    void sizesInBlocksOrRoundedUnitsAreMarkedApproximate() {
        RemoteEntry vms = parsers.parseList("/", List.of(
                "README.TXT;1         2/4        5-MAR-2024 12:34:56  [GROUP,OWNER]  (RWED,RWED,RE,)")).entries().getFirst();
        assertEquals(1024, vms.size());
        assertTrue(vms.sizeApproximate(), "VMS counts 512-byte blocks");
        assertEquals(-1, vms.exactSize());
        RemoteEntry rounded = parsers.parseList("/", List.of("-rw-r--r--   1 root     other  33.5k Oct 5 21:22 named size"))
                .entries().getFirst();
        assertTrue(rounded.sizeApproximate(), "33.5k is rounded");
        RemoteEntry bytes = parsers.parseList("/", List.of("-rw-r--r--   1 root     other  123B Oct 5 21:22 named bytes"))
                .entries().getFirst();
        assertEquals(123, bytes.exactSize(), "123B is a byte count");
        RemoteEntry unix = parsers.parseList("/", List.of("-rw-r--r--   1 u g 1000 Oct 5 21:22 plain")).entries().getFirst();
        assertEquals(1000, unix.exactSize());
        RemoteEntry dos = parsers.parseList("/", List.of("12-05-26  15:14   1000 dos.txt")).entries().getFirst();
        assertEquals(1000, dos.exactSize());
    }

    /** The type fact is optional: an entry without it was a "special file" that no download would take. */
    @Test
    void anMlsdEntryWithoutATypeIsAFile() {
        Listing listing = parsers.parseMlsd("/", java.util.List.of("size=5;modify=20200105000000; notype.txt",
                "sizd=4096;modify=20200105000000; folderish", "type=OS.unix=chr-1/3; nulldev"));
        assertEquals(RemoteEntry.Type.FILE, listing.entries().get(0).type(), listing.toString());
        assertEquals(5, listing.entries().get(0).size());
        assertEquals(RemoteEntry.Type.DIRECTORY, listing.entries().get(1).type(), listing.toString());
        assertEquals(RemoteEntry.Type.OTHER, listing.entries().get(2).type(), listing.toString());
    }
    /**
     * Past the sample, a line the chosen format does not know is offered to every other format: a
     * damaged Unix line must still stay unparsed there, or a sync would take the folder's listing for
     * whole and delete the file that line was.
     */
    @Test
    void aDamagedLineLateInALongDosListingStaysUnparsedAndSwallowsNoGoodLine() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add("01-05-20  02:30PM                 " + (1000 + i) + " file" + i + ".txt");
        }
        for (String line : java.util.List.of("FOO.TXT;1", "0  1-05-20  02:30PM  12345 report final.txt")) {
            java.util.List<String> listing = new java.util.ArrayList<>(lines);
            listing.add(60 + 10, line);
            Listing parsed = parsers.parseList("/dos", listing);
            assertEquals(100, parsed.entries().size(), line + " -> " + parsed.entries().stream()
                    .filter(e -> !e.name().startsWith("file")).toList());
            assertEquals(java.util.List.of(line), parsed.unparsedLines(), "said as unread: the listing is not whole");
        }
    }

    @Test
    void aDamagedLineLateInALongUnixListingStaysUnparsed() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add("-rw-r--r--   1 user     group        " + (1000 + i) + " Jan  5  2020 file" + i + ".txt");
        }
        java.util.List<String> damaged = java.util.List.of(
                "-rw-r--r--   1 user     group        4096 Jan  5 1",
                "-rw-r--r--   1 user     group",
                "-rw-r--r--   1 user     group        12 Jan",
                "rw-r--r--   1 user     group        12 Jan  5  2020 x",
                "\u0000\u0001 binary junk 12 34",
                "total 1234 5 6");
        for (String line : damaged) {
            java.util.List<String> listing = new java.util.ArrayList<>(lines);
            listing.add(line);
            Listing parsed = parsers.parseList("/big", listing);
            assertEquals(100, parsed.entries().size(), line + " -> " + parsed.entries().stream()
                    .filter(e -> !e.name().startsWith("file")).toList());
        }
    }
}
