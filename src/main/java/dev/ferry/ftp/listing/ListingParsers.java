package dev.ferry.ftp.listing;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the parser for a listing and applies it, line by line. MLSD output has one format; for
 * LIST output the format is detected from the lines themselves: each known format reads the first
 * lines and the one that makes most entries of them wins. On a tie the family named by the
 * server's SYST reply wins, then the order of {@link Format} (Unix first, as it is by far the most
 * common). Headers, footers and blank lines count for nobody.
 * <p>
 * Some servers mix formats in one listing (a Unix-imitating server that passes through the lines
 * of a Windows share). A line the chosen parser does not know at all is offered to the other
 * formats that read, in the sample, lines the chosen one could not, and past the sample to every
 * other format (a VMS entry on two lines included); a line the chosen parser knows but finds
 * impossible (a 13th month) stays unparsed.
 * <p>
 * No line can cost the listing: a parser that fails on a line (it should not, but formats are
 * many and servers inventive) only loses that line, which is reported in
 * {@link Listing#unparsedLines()} with the reason in {@link Listing#skipped()}.
 */
public final class ListingParsers {

    private static final int DETECTION_SAMPLE = 60;

    /** The LIST formats, in the order detection prefers them when they read a sample equally well. */
    enum Format {
        UNIX, DOS, EPLF, VMS, NETWARE, OS2, OS400, MVS, ZVM, TANDEM, WFFTP, OS9, WIN16, DLS, MLSD;

        ListingParser create(ListingDates dates, boolean namedBySystem) {
            return switch (this) {
                case UNIX -> new UnixListParser(dates);
                case DOS -> new DosListParser(dates);
                case EPLF -> new EplfParser();
                case VMS -> new VmsListParser(dates);
                case NETWARE -> new NetwareListParser(dates);
                case OS2 -> new Os2ListParser(dates);
                case OS400 -> new Os400ListParser(dates);
                case MVS -> new MvsListParser(dates, namedBySystem);
                case ZVM -> new ZvmListParser(dates);
                case TANDEM -> new TandemListParser(dates);
                case WFFTP -> new WfFtpListParser(dates);
                case OS9 -> new Os9ListParser(dates);
                case WIN16 -> new Win16ListParser(dates);
                case DLS -> new DlsListParser(dates);
                case MLSD -> new MlsdParser(true);
            };
        }
    }

    private final ListingConfig config;
    private final Clock clock;
    private final String system;

    public ListingParsers(ZoneId zone, Clock clock) {
        this(ListingConfig.of(zone), clock, null);
    }

    public ListingParsers(ZoneId zone) {
        this(zone, Clock.systemUTC());
    }

    public ListingParsers(ListingConfig config) {
        this(config, Clock.systemUTC(), null);
    }

    public ListingParsers(ListingConfig config, Clock clock) {
        this(config, clock, null);
    }

    private ListingParsers(ListingConfig config, Clock clock, String system) {
        this.config = config;
        this.clock = clock;
        this.system = system;
    }

    /**
     * The same parsers, told the server's SYST reply ("UNIX Type: L8", "215 Windows_NT", "VMS",
     * "MVS is the operating system of this server…"), which breaks ties in detection and enables
     * what only that system sends (bare PDS member names on MVS). Null or blank: unknown.
     */
    public ListingParsers withSystem(String systReply) {
        return new ListingParsers(config, clock, systReply);
    }

    public Listing parseMlsd(String path, List<String> lines) {
        return apply(path, lines, new MlsdParser());
    }

    public Listing parseList(String path, List<String> lines) {
        return parseList(path, lines, system);
    }

    /** A LIST reply from a server whose SYST reply was {@code systReply} (null when unknown). */
    public Listing parseList(String path, List<String> lines, String systReply) {
        Format named = familyOf(systReply);
        List<Format> order = preferenceOrder(named);
        List<String> sample = lines.size() > DETECTION_SAMPLE ? lines.subList(0, DETECTION_SAMPLE) : lines;
        List<boolean[]> readBy = new ArrayList<>(order.size());
        int best = 0;
        int bestScore = -1;
        for (int f = 0; f < order.size(); f++) {
            boolean[] read = new boolean[sample.size()];
            int score = run(sample, order.get(f).create(dates(), order.get(f) == named), null, null, null, List.of(), read);
            readBy.add(read);
            if (score > bestScore) {
                best = f;
                bestScore = score;
            }
        }
        // Only the formats that read, in the sample, lines the chosen one could not: offered to every
        // format, a damaged line late in a long listing was read as a bogus entry (OS/2 reads much of a
        // DOS line with a space too many; a VMS name joined the next, good line), the listing looked
        // whole, and a sync --delete took the swallowed file for one the server does not have.
        List<ListingParser> others = new ArrayList<>();
        for (int f = 0; f < order.size(); f++) {
            if (f != best && readsWhatTheOtherCannot(readBy.get(f), readBy.get(best))) {
                others.add(order.get(f).create(dates(), order.get(f) == named));
            }
        }
        return apply(path, lines, order.get(best).create(dates(), order.get(best) == named), others);
    }

    private static List<Format> preferenceOrder(Format named) {
        List<Format> order = new ArrayList<>(List.of(Format.values()));
        if (named != null) {
            order.remove(named);
            order.addFirst(named);
        }
        return order;
    }

    private static boolean readsWhatTheOtherCannot(boolean[] read, boolean[] other) {
        for (int i = 0; i < read.length; i++) {
            if (read[i] && !other[i]) {
                return true;
            }
        }
        return false;
    }

    private ListingDates dates() {
        return new ListingDates(config, clock);
    }

    /** The family a SYST reply names, or null. */
    static Format familyOf(String systReply) {
        if (systReply == null || systReply.isBlank()) {
            return null;
        }
        String s = systReply.toUpperCase(Locale.ROOT);
        if (s.contains("VMS")) {
            return Format.VMS;
        }
        if (s.contains("MVS") || s.contains("Z/OS") || s.contains("OS/390")) {
            return Format.MVS;
        }
        if (s.contains("OS/400") || s.contains("OS400") || s.contains("IBM I ")) {
            return Format.OS400;
        }
        if (s.contains("NETWARE")) {
            return Format.NETWARE;
        }
        if (s.contains("OS/2")) {
            return Format.OS2;
        }
        if (s.contains("NONSTOP") || s.contains("TANDEM") || s.contains("GUARDIAN")) {
            return Format.TANDEM;
        }
        if (s.contains("Z/VM") || s.contains("VM/ESA") || s.contains("VM/CMS") || hasWord(s, "VM")) {
            return Format.ZVM;
        }
        if (s.contains("WINDOWS") || s.contains("WIN32") || s.contains("WINNT")) {
            return Format.DOS;
        }
        if (s.contains("UNIX") || s.contains("LINUX") || s.contains("BSD") || s.contains("MACOS")) {
            return Format.UNIX;
        }
        return null;
    }

    private static boolean hasWord(String text, String word) {
        int at = text.indexOf(word);
        while (at >= 0) {
            boolean startsWord = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
            int end = at + word.length();
            boolean endsWord = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
            if (startsWord && endsWord) {
                return true;
            }
            at = text.indexOf(word, at + 1);
        }
        return false;
    }

    static Listing apply(String path, List<String> lines, ListingParser parser) {
        return apply(path, lines, parser, List.of());
    }

    /** @param others parsers offered the lines {@code parser} does not know at all, in this order */
    static Listing apply(String path, List<String> lines, ListingParser parser, List<ListingParser> others) {
        List<RemoteEntry> entries = new ArrayList<>(lines.size());
        List<String> unparsed = new ArrayList<>();
        List<Listing.SkippedLine> skipped = new ArrayList<>();
        run(lines, parser, entries, unparsed, skipped, others, null);
        List<RemoteEntry> finished;
        try {
            finished = parser.finish(entries);
        } catch (RuntimeException e) {
            finished = entries;
        }
        if (finished.size() != entries.size()) {
            java.util.Set<RemoteEntry> kept = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            kept.addAll(finished);
            for (RemoteEntry entry : entries) {
                if (!kept.contains(entry)) {
                    skipped.add(new Listing.SkippedLine(entry.rawLine(), parser.droppedReason(), false));
                }
            }
        }
        return new Listing(path, finished, unparsed, parser.formatName(), skipped);
    }

    /** A line read by another format than the chosen one, and whether its entry took the next line too. */
    private record Borrowed(RemoteEntry entry, boolean tookNextLine) {
    }

    private static Borrowed readByAnother(List<String> lines, int i, List<ListingParser> others) {
        String line = lines.get(i);
        for (ListingParser other : others) {
            try {
                if (other.noiseReason(line) == null) {
                    RemoteEntry entry = other.parse(line);
                    if (entry != null) {
                        return new Borrowed(entry, false);
                    }
                    // A VMS name too long for its column, its entry on the next line, amid another format.
                    if (i + 1 < lines.size() && lines.get(i + 1) != null && other.continuesOnNextLine(line)) {
                        RemoteEntry joined = other.parse(line + " " + lines.get(i + 1).stripLeading());
                        if (joined != null) {
                            return new Borrowed(joined, true);
                        }
                    }
                }
            } catch (RuntimeException | StackOverflowError e) {
                // That format cannot read it either; the line stays unparsed under the chosen format's name.
            }
        }
        return null;
    }

    /**
     * Feeds every line to the parser, each in its own try: whatever one line does to a parser,
     * the others are still read. Returns the number of entries made; the lists may be null (detection),
     * and so may {@code readAt}, which marks the lines that made an entry.
     */
    private static int run(List<String> lines, ListingParser parser, List<RemoteEntry> entries,
                           List<String> unparsed, List<Listing.SkippedLine> skipped, List<ListingParser> others,
                           boolean[] readAt) {
        int made = 0;
        int size = lines.size();
        for (int i = 0; i < size; i++) {
            String line = lines.get(i);
            if (line == null) {
                continue;
            }
            RemoteEntry entry = null;
            String reason = null;
            try {
                String noise = parser.noiseReason(line);
                if (noise != null) {
                    if (skipped != null && !line.isBlank()) {
                        skipped.add(new Listing.SkippedLine(line, noise, false));
                    }
                    continue;
                }
                entry = parser.parse(line);
                if (entry == null && i + 1 < size && lines.get(i + 1) != null && parser.continuesOnNextLine(line)) {
                    RemoteEntry joined = parser.parse(line + " " + lines.get(i + 1).stripLeading());
                    if (joined != null) {
                        entry = joined;
                        i++;
                    }
                }
                if (entry == null) {
                    reason = parser.lastProblem();
                }
                if (entry == null && reason == null) {
                    Borrowed borrowed = readByAnother(lines, i, others);
                    if (borrowed != null) {
                        entry = borrowed.entry();
                        if (borrowed.tookNextLine()) {
                            i++;
                        }
                    }
                }
            } catch (RuntimeException | StackOverflowError e) {
                entry = null;
                reason = "the " + parser.formatName() + " parser failed on it: " + e;
            }
            if (entry != null && (entry.name() == null || entry.name().isBlank())) {
                entry = null;
                reason = "no name";
            }
            if (entry == null) {
                if (unparsed != null) {
                    unparsed.add(line);
                    skipped.add(new Listing.SkippedLine(line, reason != null ? reason
                            : "not a line of a " + parser.formatName() + " listing", true));
                }
                continue;
            }
            if (entry.isDirectory() && (entry.name().equals(".") || entry.name().equals(".."))) {
                // "." and ".." as directories are ls -a noise; as anything else they stay, flagged unsafe.
                if (skipped != null) {
                    skipped.add(new Listing.SkippedLine(line, "the folder itself or its parent", false));
                }
                continue;
            }
            made++;
            if (readAt != null) {
                readAt[i] = true;
            }
            if (entries != null) {
                entries.add(entry);
            }
        }
        return made;
    }
}
