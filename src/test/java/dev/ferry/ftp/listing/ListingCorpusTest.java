package dev.ferry.ftp.listing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every listing family against a corpus of real-shaped lines in {@code src/test/resources/listings/corpus-*.txt}.
 * Each file holds options ({@code @system}, {@code @dateOrder}, {@code @mode MLSD}, {@code @format},
 * {@code @mixed} for a listing that holds lines of several formats on purpose),
 * the input lines, then every expected entry (name, type, size, time, precision, owner, group,
 * permissions, link target; "-" for none; a size that is not an exact byte count, such as blocks
 * or a rounded "33.5k", is written "~34304") and every line expected to stay unparsed.
 */
class ListingCorpusTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);

    record Corpus(String file, Map<String, String> options, List<String> input, List<String> entries,
                  List<String> unparsed) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Corpus> corpora() throws IOException, URISyntaxException {
        Path folder = Path.of(ListingCorpusTest.class.getResource("/listings").toURI());
        List<Corpus> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("corpus-")).sorted().toList()) {
                all.add(read(file));
            }
        }
        assertTrue(all.size() >= 15, "the corpora are found: " + all);
        return all.stream();
    }

    private static Corpus read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int input = lines.indexOf("--- input");
        int entries = lines.indexOf("--- entries");
        int unparsed = lines.indexOf("--- unparsed");
        assertTrue(input >= 0 && entries > input && unparsed > entries, "sections of " + file);
        Map<String, String> options = new HashMap<>();
        for (String line : lines.subList(0, input)) {
            if (line.startsWith("@")) {
                String[] pair = line.substring(1).split(" ", 2);
                options.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
        }
        return new Corpus(file.getFileName().toString(), options, lines.subList(input + 1, entries),
                lines.subList(entries + 1, unparsed), lines.subList(unparsed + 1, lines.size()));
    }

    private static ListingParsers parsersFor(Corpus corpus) {
        ListingConfig config = ListingConfig.of(ZoneId.of(corpus.options().getOrDefault("zone", "UTC")));
        if (corpus.options().containsKey("dateOrder")) {
            config = config.withDateOrder(ListingConfig.DateOrder.parse(corpus.options().get("dateOrder")));
        }
        return new ListingParsers(config, NOW);
    }

    private static Listing parse(Corpus corpus, String system) {
        ListingParsers parsers = parsersFor(corpus);
        return "MLSD".equals(corpus.options().get("mode")) ? parsers.parseMlsd("/", corpus.input())
                : parsers.parseList("/", corpus.input(), system);
    }

    private static String describe(RemoteEntry e) {
        String size = e.size() < 0 ? "-" : (e.sizeApproximate() ? "~" : "") + e.size();
        return String.join("\t", escape(e.name()), e.type().toString(), size,
                e.modified() == null ? "-" : e.modified().toString(), e.precision().toString(), orDash(e.owner()),
                orDash(e.group()), orDash(e.permissions()), orDash(e.linkTarget()));
    }

    private static String orDash(String text) {
        return text == null ? "-" : escape(text);
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpora")
    void everyFieldOfEveryEntry(Corpus corpus) {
        Listing listing = parse(corpus, corpus.options().get("system"));
        assertEquals(corpus.options().get("format"), listing.format(), "format");
        List<String> actual = listing.entries().stream().map(ListingCorpusTest::describe).toList();
        for (int i = 0; i < Math.max(actual.size(), corpus.entries().size()); i++) {
            String expected = i < corpus.entries().size() ? corpus.entries().get(i) : "(none)";
            String got = i < actual.size() ? actual.get(i) : "(none)";
            assertEquals(expected, got, corpus.file() + ", entry " + (i + 1));
        }
        assertEquals(corpus.unparsed(), listing.unparsedLines(), "unparsed lines");
        for (Listing.SkippedLine skipped : listing.skipped()) {
            assertFalse(skipped.reason().isBlank(), "a reason for " + skipped.line());
        }
        assertEquals(corpus.unparsed().size(), listing.skipped().stream().filter(Listing.SkippedLine::unparsed).count());
        for (RemoteEntry entry : listing.entries()) {
            assertFalse(entry.name().isBlank(), "no entry without a name: " + entry.rawLine());
        }
    }

    /** Detection from the lines alone: the SYST reply only breaks ties, so every corpus reads the same without it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpora")
    void theLinesAloneChooseTheFormat(Corpus corpus) {
        Listing withSystem = parse(corpus, corpus.options().get("system"));
        Listing without = parse(corpus, null);
        assertEquals(withSystem.format(), without.format());
        assertEquals(withSystem.entries(), without.entries());
        assertEquals(withSystem.unparsedLines(), without.unparsedLines());
    }

    /**
     * The formats of rare servers (wfFtp, OS-9, SuperTCP/Chameleon, dls) are tried on every
     * listing, so they must read only their own lines: no line of another corpus is theirs.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpora")
    void rareFormatsClaimNoLineOfAnotherFormat(Corpus corpus) {
        for (String name : List.of("WFFTP", "OS9", "WIN16", "DLS")) {
            ListingParser parser = ListingParsers.Format.valueOf(name)
                    .create(new ListingDates(ListingConfig.of(ZoneOffset.UTC), NOW), false);
            if (parser.formatName().equals(corpus.options().get("format")) || corpus.options().containsKey("mixed")) {
                continue;
            }
            for (String line : corpus.input()) {
                assertNull(parser.parse(line), parser.formatName() + " claims a line of " + corpus.file() + ": " + line);
            }
        }
    }

    /**
     * Past the detection sample a line the chosen format does not know is offered to every other
     * format: the corpus three times over must read as three times the corpus, the lines no format
     * knows still unparsed (VMS keeps one version of a name, so its corpora are left out).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpora")
    void linesPastTheSampleReadAsInIt(Corpus corpus) {
        if ("VMS".equals(corpus.options().get("format")) || "MLSD".equals(corpus.options().get("mode"))) {
            return;
        }
        List<String> thrice = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            thrice.addAll(corpus.input());
        }
        Listing once = parse(corpus, corpus.options().get("system"));
        Listing listing = parsersFor(corpus).parseList("/", thrice, corpus.options().get("system"));
        List<String> expected = new ArrayList<>();
        List<String> unparsed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            once.entries().forEach(e -> expected.add(describe(e)));
            unparsed.addAll(once.unparsedLines());
        }
        assertEquals(expected, listing.entries().stream().map(ListingCorpusTest::describe).toList(), corpus.file());
        assertEquals(unparsed, listing.unparsedLines(), corpus.file());
    }

    @Test
    void rareFormatsClaimNoLineOfTheOtherListings() throws IOException, URISyntaxException {
        Path folder = Path.of(ListingCorpusTest.class.getResource("/listings").toURI());
        List<Path> others;
        try (Stream<Path> files = Files.list(folder)) {
            others = files.filter(f -> !f.getFileName().toString().startsWith("corpus-")).sorted().toList();
        }
        assertFalse(others.isEmpty());
        for (Path file : others) {
            for (String name : List.of("WFFTP", "OS9", "WIN16", "DLS")) {
                ListingParser parser = ListingParsers.Format.valueOf(name)
                        .create(new ListingDates(ListingConfig.of(ZoneOffset.UTC), NOW), false);
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    assertNull(parser.parse(line), parser.formatName() + " claims a line of " + file.getFileName() + ": " + line);
                }
            }
        }
    }

    @Test
    void aDatasetWithoutADateIsNotAnOs400Object() {
        String line = "NRP004 3390   **NONE**    1   15  NONE     0     0  PO  62-MVS-NONEDATE.DATASET";
        Listing listing = new ListingParsers(ZoneOffset.UTC, NOW).parseList("/", List.of(line));
        assertEquals("MVS", listing.format());
        assertEquals("62-MVS-NONEDATE.DATASET", listing.entries().getFirst().name());
        assertTrue(listing.entries().getFirst().isDirectory());
    }

    /** Every line of the new formats, alone, is read as in its listing: one line is enough to choose them. */
    @Test
    void oneLineOfARareFormatIsEnough() {
        Map<String, String> lines = Map.of(
                "48-nortel-wfftp-file       1014196  06/03/04  Thur.   10:20:03", "wfFtp",
                "20.20 07/03/29 1026 d-ewrewr 2650 85920 51-OS-9 dir", "OS-9",
                "WPKIT1.EXE          960338      06-21-95        17:01", "SuperTCP/Chameleon",
                "WPKIT1.EXE     960338      Jun 21 1995 17:01   R", "SuperTCP/Chameleon",
                "README              763  Jul 11 21:05  Information about this server", "dls",
                "MAIL     PROFILE   A2 F      80     1      1       10/14/92  16:12:27", "z/VM");
        lines.forEach((line, format) -> {
            Listing listing = new ListingParsers(ZoneOffset.UTC, NOW).parseList("/", List.of(line));
            assertEquals(format, listing.format(), line);
            assertEquals(1, listing.entries().size(), line);
        });
    }

    @Test
    void systRepliesNameTheirFamily() {
        Map<String, ListingParsers.Format> replies = Map.of(
                "UNIX Type: L8", ListingParsers.Format.UNIX,
                "215 UNIX Type: L8 Version: BSD-199506", ListingParsers.Format.UNIX,
                "Windows_NT", ListingParsers.Format.DOS,
                "VMS OpenVMS V7.3", ListingParsers.Format.VMS,
                "MVS is the operating system of this server. FTP Server is running on z/OS.", ListingParsers.Format.MVS,
                "OS/400 is the remote operating system. The TCP/IP version is \"V7R3M0\".", ListingParsers.Format.OS400,
                "NetWare system type.", ListingParsers.Format.NETWARE,
                "OS/2", ListingParsers.Format.OS2,
                "VM is the operating system of this server.", ListingParsers.Format.ZVM,
                "NONSTOP KERNEL", ListingParsers.Format.TANDEM);
        replies.forEach((reply, family) -> assertEquals(family, ListingParsers.familyOf(reply), reply));
        assertNull(ListingParsers.familyOf(null));
        assertNull(ListingParsers.familyOf("UNKNOWN"));
    }

    @Test
    void pdsMembersWithoutStatisticsNeedTheSystemOrAHeading() {
        List<String> names = List.of("MEMBER1", "MEMBER2", "$$README");
        ListingParsers parsers = new ListingParsers(ZoneOffset.UTC, NOW);
        Listing guessed = parsers.parseList("'USER.PDS'", names);
        assertEquals(List.of(), guessed.entries(), "a one-word line is not an entry of any format by itself");
        assertEquals(names, guessed.unparsedLines());
        Listing told = parsers.withSystem("MVS is the operating system of this server.").parseList("'USER.PDS'", names);
        assertEquals("MVS", told.format());
        assertEquals(names, told.entries().stream().map(RemoteEntry::name).toList());
        assertTrue(told.entries().stream().allMatch(RemoteEntry::isFile));
    }

    @Test
    void aSiteDateOrderDecidesAmbiguousNumericDates() {
        List<String> lines = List.of("04-06-00  03:47PM                  589 report.txt");
        Instant monthFirst = new ListingParsers(ZoneOffset.UTC, NOW).parseList("/", lines).entries().getFirst().modified();
        assertEquals(Instant.parse("2000-04-06T15:47:00Z"), monthFirst);
        Instant dayFirst = new ListingParsers(ListingConfig.of(ZoneOffset.UTC).withDateOrder(ListingConfig.DateOrder.DMY),
                NOW).parseList("/", lines).entries().getFirst().modified();
        assertEquals(Instant.parse("2000-06-04T15:47:00Z"), dayFirst);
    }

    @Test
    void aSiteMonthLanguageAddsMonthNamesFerryDoesNotKnow() {
        List<String> lines = List.of("-rw-r--r--   1 ftp      ftp         1234 Οκτ 12  2019 greek.txt");
        Listing unknown = new ListingParsers(ZoneOffset.UTC, NOW).parseList("/", lines);
        assertEquals(lines, unknown.unparsedLines());
        Listing greek = new ListingParsers(ListingConfig.of(ZoneOffset.UTC).withMonthLanguage(Locale.forLanguageTag("el")),
                NOW).parseList("/", lines);
        assertEquals(Instant.parse("2019-10-12T00:00:00Z"), greek.entries().getFirst().modified());
        assertEquals("greek.txt", greek.entries().getFirst().name());
    }

    @Test
    void theListingTimeZoneAppliesToEveryFormatThatHasNone() {
        ListingParsers tokyo = new ListingParsers(ZoneId.of("Asia/Tokyo"), NOW);
        assertEquals(Instant.parse("2024-01-02T06:04:00Z"),
                tokyo.parseList("/", List.of("01-02-24  03:04PM             5 a.txt")).entries().getFirst().modified());
        assertEquals(Instant.parse("2026-11-21T01:00:00Z"),
                tokyo.parseList("/", List.of("-rw-r--r-- 1 u g 5 Nov 21 10:00 a.txt")).entries().getFirst().modified());
        assertEquals(Instant.parse("2024-01-02T03:04:05Z"), tokyo.parseMlsd("/",
                List.of("type=file;modify=20240102030405; a.txt")).entries().getFirst().modified(), "MLSD is UTC");
    }

    @Test
    void aParserThatFailsOnALineCostsOnlyThatLine() {
        ListingParser brittle = new ListingParser() {
            @Override
            public RemoteEntry parse(String line) {
                if (line.contains("poison")) {
                    throw new IllegalStateException("cannot read " + line);
                }
                return new RemoteEntry(line, RemoteEntry.Type.FILE, 1, null, RemoteEntry.TimePrecision.UNKNOWN,
                        null, null, null, null, line);
            }

            @Override
            public String formatName() {
                return "Brittle";
            }
        };
        Listing listing = ListingParsers.apply("/", List.of("a", "poison", "b"), brittle);
        assertEquals(List.of("a", "b"), listing.entries().stream().map(RemoteEntry::name).toList());
        assertEquals(List.of("poison"), listing.unparsedLines());
        assertTrue(listing.skipped().getFirst().reason().contains("cannot read poison"), listing.skipped().toString());
    }

    /**
     * Random lines, and real lines cut, stretched and scrambled, must never make a listing fail:
     * whatever a server sends, parseList and parseMlsd return, every entry has a name, and every
     * line that gave no entry is accounted for.
     */
    @Test
    void noInputMakesParsingThrow() throws IOException, URISyntaxException {
        // Fixed seeds, so that a run of the suite says something about the change under test and not
        // about what a new seed happened to find: finding is the work of a long fuzzing run, whose
        // seeds are given with -Dferry.listingFuzzSeeds=1,2,3 (each failure names its seed).
        String given = System.getProperty("ferry.listingFuzzSeeds");
        List<Long> fuzzSeeds = given == null ? List.of(1L, 30098336449950L, 20261206L)
                : java.util.Arrays.stream(given.split(",")).map(String::trim).map(Long::parseLong).toList();
        for (long seed : fuzzSeeds) {
            fuzz(seed);
        }
    }

    private static void fuzz(long seed) throws IOException, URISyntaxException {
        List<String> seeds = new ArrayList<>();
        corpora().forEach(corpus -> seeds.addAll(corpus.input()));
        String alphabet = " \t-rwxdlbcps0123456789:/.,;=+[]()<>*@JanFebDec月日年년월일AMPM?\u00a0\u2028\ufffd\r\n\0\\\"'";
        Random random = new Random(seed);
        List<String> systems = new ArrayList<>(List.of("", "UNIX", "Windows_NT", "VMS", "MVS", "OS/400", "NetWare",
                "OS/2", "VM", "NONSTOP"));
        ListingParsers parsers = new ListingParsers(ZoneId.of("Europe/Berlin"), NOW);
        for (int round = 0; round < 400; round++) {
            List<String> lines = new ArrayList<>();
            int count = 1 + random.nextInt(40);
            for (int i = 0; i < count; i++) {
                lines.add(randomLine(random, seeds, alphabet));
            }
            String system = systems.get(random.nextInt(systems.size()));
            for (Listing listing : List.of(parsers.parseList("/", lines, system), parsers.parseMlsd("/", lines))) {
                assertNotNull(listing, "seed " + seed);
                for (RemoteEntry entry : listing.entries()) {
                    assertFalse(entry.name().isBlank(), "seed " + seed + ": an entry without a name from " + lines);
                }
                assertTrue(lines.containsAll(listing.unparsedLines()), "seed " + seed);
                for (Listing.SkippedLine skipped : listing.skipped()) {
                    // The driver would survive a parser that throws; the parsers themselves must not.
                    assertFalse(skipped.reason().contains("parser failed"), "seed " + seed + ": " + skipped);
                }
                long accounted = listing.entries().size() + listing.skipped().size()
                        + lines.stream().filter(String::isBlank).count();
                // A VMS entry may take two lines, hence the second bound.
                assertTrue(accounted <= lines.size() && accounted + listing.entries().size() >= lines.size(),
                        "seed " + seed + ": every line gives an entry or a reason: " + lines + " -> " + listing);
            }
        }
    }

    private static String randomLine(Random random, List<String> seeds, String alphabet) {
        String base = seeds.get(random.nextInt(seeds.size()));
        StringBuilder line = new StringBuilder(base);
        switch (random.nextInt(6)) {
            case 0 -> {
                line.setLength(0);
                for (int i = random.nextInt(120); i > 0; i--) {
                    line.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            case 1 -> line.setLength(random.nextInt(line.length() + 1));
            case 2 -> {
                for (int i = 1 + random.nextInt(5); i > 0; i--) {
                    line.insert(random.nextInt(line.length() + 1), alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            case 3 -> {
                for (int i = 1 + random.nextInt(5); i > 0 && !line.isEmpty(); i--) {
                    line.setCharAt(random.nextInt(line.length()), alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            case 4 -> line.insert(random.nextInt(line.length() + 1), "9".repeat(1 + random.nextInt(40)));
            default -> {
                String other = seeds.get(random.nextInt(seeds.size()));
                line.insert(random.nextInt(line.length() + 1), other.substring(random.nextInt(other.length() + 1)));
            }
        }
        return line.toString();
    }
}
