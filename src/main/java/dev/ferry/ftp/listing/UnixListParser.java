package dev.ferry.ftp.listing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * {@code ls -l} style listings, by far the most common, as vsftpd, ProFTPD, Pure-FTPd, busybox,
 * Windows servers imitating Unix, NetPresenz/WebSTAR on old Macs and many embedded servers send them:
 * <pre>
 * drwxr-xr-x    2 user     group        4096 Jan 15 12:34 dir
 * -rw-r--r--+   1 owner    Domain Users 12345 Mar  3  2021 name with spaces
 * lrwxrwxrwx    1 root     root           7 Jan  1 00:00 link -&gt; target
 * crw-rw-rw-    1 root     root        1,   3 Jan  1  2020 null
 * -rw-r--r--    1 root     root         531 6月 3日 2003年 file
 * </pre>
 * The line is read as tokens: a mode, then (scanning from the left) the first place where a
 * size is followed by a date; what lies between is link count, owner and group. Dates come in
 * many shapes: "Mon dd hh:mm" (the year is inferred), "Mon dd yyyy", "Mon dd hh:mm:ss yyyy" (BSD
 * {@code ls -lT}), "dd Mon", "Mon dd, yyyy
 * hh:mm", month names in many languages, Asian "6月 3日 2003年", numeric "2005-06-07 21:22",
 * "1999/10/12", "24-04-2003", "2004.07.15", or no date at all.
 * <p>
 * The name starts one blank after a time, so a name's own leading spaces survive; after a year
 * that a server aligned to the left ("Mar  3 2021  name") the padding blank is not part of the
 * name; after other date shapes, whose padding is unknown, all blanks are skipped.
 */
public final class UnixListParser implements ListingParser {

    /** ls's type letters; f and F (a plain file on some servers) and a (Plan 9's append-only file) are files too. */
    private static final String TYPES = "-dlbcpsDnw?fFa";
    private static final String ACL_MARKERS = "+@.";

    private final ListingDates dates;
    private final LsDate date;
    private String problem;

    // The size found by the last call to size().
    private long size;
    private boolean sizeRounded;
    private int middleEnd;
    private String gluedGroup;

    /**
     * @param zone  the time zone the server prints its times in (a site setting; UTC by default)
     * @param clock "now", to infer the year of recent entries
     */
    public UnixListParser(ZoneId zone, Clock clock) {
        this(new ListingDates(ListingConfig.of(zone), clock));
    }

    UnixListParser(ListingDates dates) {
        this.dates = dates;
        this.date = new LsDate(dates);
    }

    @Override
    public String formatName() {
        return "Unix";
    }

    @Override
    public String noiseReason(String line) {
        if (line.isBlank()) {
            return "a blank line";
        }
        if (line.length() > 40) {
            return null;
        }
        if (isTotal(line)) {
            return "the ls total line";
        }
        Tokens t = new Tokens(line);
        if (t.count() == 1 && t.last(0) == ':' && t.length(0) > 1) {
            return "a folder heading of a recursive listing";
        }
        return null;
    }

    /** "total 12", "insgesamt 12", "合計 12": a word and a number. */
    static boolean isTotal(String line) {
        if (line.length() > 40) {
            return false;
        }
        Tokens t = new Tokens(line);
        return t.count() == 2 && Character.isLetter(t.first(0)) && t.isDigits(1);
    }

    @Override
    public String lastProblem() {
        return problem;
    }

    @Override
    public RemoteEntry parse(String line) {
        problem = null;
        Tokens t = new Tokens(line);
        int n = t.count();
        if (n < 3) {
            return null;
        }
        if (t.isDigits(0)) {
            return n >= 5 && t.length(0) >= 6 && t.isDigits(1) ? numeric(t) : vshell(t);
        }
        int modeEnd = modeEnd(t);
        if (modeEnd < 0) {
            return null;
        }
        int gluedLinks = t.end(0) > modeEnd && Character.isDigit(line.charAt(modeEnd)) ? modeEnd : -1;
        for (int i = 2; i < n; i++) {
            if (!size(t, i - 1)) {
                continue;
            }
            int found = date.read(t, i);
            if (found == LsDate.BAD) {
                problem = "an impossible date or time";
                return null;
            }
            if (found == LsDate.FOUND) {
                Instant modified = date.instant();
                if (modified == null) {
                    problem = "an impossible date";
                    return null;
                }
                return entry(t, gluedLinks, date.nameStart(t), modified, date.precision());
            }
        }
        return dateless(t, gluedLinks);
    }

    /** Where the mode token's letters end (an ACL marker and a glued link count may follow), or -1. */
    private static int modeEnd(Tokens t) {
        String s = t.line;
        int from = t.start(0);
        int to = t.end(0);
        if (TYPES.indexOf(s.charAt(from)) < 0) {
            return -1;
        }
        int p = from + 1;
        while (p < to && p - from - 1 < 9 && isPermission(s.charAt(p))) {
            p++;
        }
        // Hylafax sends six permission letters ("drwxr-x"); anything shorter is not a mode.
        if (p - from - 1 < 6) {
            return -1;
        }
        // A small letter is in its place: "r" first and "w" second of each triplet ("dxrwr-xr-x" is no mode).
        for (int q = from + 1; q < p; q++) {
            char c = s.charAt(q);
            int slot = (q - from - 1) % 3;
            if (c >= 'a' && c <= 'z' && ((slot == 0 && c != 'r') || (slot == 1 && c != 'w'))) {
                return -1;
            }
        }
        int end = p;
        if (p < to && ACL_MARKERS.indexOf(s.charAt(p)) >= 0) {
            p++;
        }
        while (p < to && Character.isDigit(s.charAt(p))) {
            p++;
        }
        if (p < to) {
            // Enterprise Unix on mainframes: "-C--E-----FTP".
            for (int q = p; q < to; q++) {
                if (s.charAt(q) < 'A' || s.charAt(q) > 'Z') {
                    return -1;
                }
            }
        }
        return end < to && ACL_MARKERS.indexOf(s.charAt(end)) >= 0 ? end + 1 : end;
    }

    private static boolean isPermission(char c) {
        return c == '-' || c == 'r' || c == 'w' || c == 'x' || c == 's' || c == 't' || c == 'l' || c == '?'
                || (c >= 'A' && c <= 'Z');
    }

    /** Whether token k is a size (or a device's major/minor pair); sets size, middleEnd, gluedGroup. */
    private boolean size(Tokens t, int k) {
        gluedGroup = null;
        middleEnd = k;
        sizeRounded = false;
        if (t.isDigits(k)) {
            size = t.number(k);
            // "4, 64": a device's major number, a comma, then its minor number.
            if (k >= 2 && t.last(k - 1) == ',' && t.length(k - 1) > 1 && t.digitsIn(t.start(k - 1), t.end(k - 1) - 1)) {
                size = -1;
                middleEnd = k - 1;
            }
            return true;
        }
        String s = t.line;
        int from = t.start(k);
        int to = t.end(k);
        if (to - from > 1 && s.charAt(from) == '-' && t.digitsIn(from + 1, to) && k >= 2) {
            // A size past 2 GiB printed as a signed 32-bit number by old servers: unknown, not the owner.
            size = -1;
            return true;
        }
        int comma = t.indexOf(',', k);
        if (comma > from && comma < to - 1 && t.digitsIn(from, comma) && t.digitsIn(comma + 1, to)) {
            size = -1;
            return true;
        }
        long named = namedSize(s, from, to);
        if (named >= 0) {
            size = named;
            // "33.5k" is the size rounded to a tenth of a unit; only "123B" is a byte count.
            sizeRounded = Character.toUpperCase(s.charAt(to - 1)) != 'B' || Character.isLetter(s.charAt(to - 2));
            return true;
        }
        // Group and size run together when the group fills its column: "longgroup123456".
        int digits = to;
        while (digits > from && Character.isDigit(s.charAt(digits - 1))) {
            digits--;
        }
        if (digits < to && digits > from && Character.isLetter(s.charAt(from)) && k >= 2) {
            size = t.number(digits, to);
            if (size < 0) {
                return false;
            }
            gluedGroup = s.substring(from, digits);
            return true;
        }
        return false;
    }

    /** "33.5k", "2KB", "1.2M", "17G": a size with a unit (powers of 1024); -1 when it is not one. */
    static long namedSize(String s, int from, int to) {
        int p = from;
        // ASCII digits only: Double.parseDouble refuses the digits of other scripts that Character.isDigit accepts.
        while (p < to && isAsciiDigit(s.charAt(p))) {
            p++;
        }
        if (p == from) {
            return -1;
        }
        int wholeEnd = p;
        int fractionStart = p;
        if (p < to && s.charAt(p) == '.') {
            fractionStart = ++p;
            while (p < to && isAsciiDigit(s.charAt(p))) {
                p++;
            }
            if (p == fractionStart) {
                return -1;
            }
        }
        int unitStart = p;
        if (unitStart == to) {
            return -1;
        }
        int power = switch (Character.toUpperCase(s.charAt(p))) {
            case 'B' -> 0;
            case 'K' -> 1;
            case 'M' -> 2;
            case 'G' -> 3;
            case 'T' -> 4;
            default -> -1;
        };
        if (power < 0) {
            return -1;
        }
        p++;
        if (p < to && power > 0 && Character.toUpperCase(s.charAt(p)) == 'B') {
            p++;
        }
        if (p != to) {
            return -1;
        }
        double value = Double.parseDouble(s.substring(from, unitStart));
        if (wholeEnd - from > 15) {
            return -1;
        }
        return (long) (value * Math.pow(1024, power));
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    // ------------------------------------------------------------------ the entry

    private RemoteEntry entry(Tokens t, int gluedLinks, int nameStart, Instant modified,
                              RemoteEntry.TimePrecision precision) {
        String s = t.line;
        if (nameStart >= s.length() || s.substring(nameStart).isBlank()) {
            problem = "no name";
            return null;
        }
        String name = s.substring(nameStart);
        char typeLetter = t.first(0);
        RemoteEntry.Type type = switch (typeLetter) {
            case '-', 'f', 'F', 'a' -> RemoteEntry.Type.FILE;
            case 'd' -> RemoteEntry.Type.DIRECTORY;
            case 'l' -> RemoteEntry.Type.SYMLINK;
            default -> RemoteEntry.Type.OTHER;
        };
        String linkTarget = null;
        if (type == RemoteEntry.Type.SYMLINK) {
            LinkArrow link = LinkArrow.split(name);
            if (link.name().isBlank()) {
                problem = "no name";
                return null;
            }
            name = link.name();
            linkTarget = link.target();
        }
        int permissionsEnd = t.start(0) + 1;
        while (permissionsEnd < t.end(0) && isPermission(s.charAt(permissionsEnd))
                && permissionsEnd - t.start(0) <= 9) {
            permissionsEnd++;
        }
        String permissions = s.substring(t.start(0) + 1, permissionsEnd);
        int firstOwner = 1;
        if (gluedLinks < 0 && middleEnd - 1 >= 2 && t.isDigits(1)) {
            firstOwner = 2;
        } else if (middleEnd - 1 >= 3 && Character.isUpperCase(t.last(0))) {
            // Enterprise Unix ("-C--E-----FTP B QUA1I1  18128"): a one-letter field comes before owner and group.
            firstOwner = 2;
        }
        String owner = null;
        String group = gluedGroup;
        int last = middleEnd - 1;
        int count = last - firstOwner + 1;
        if (count == 1 && firstOwner == 1 && t.is(1, "folder")) {
            // NetPresenz and other classic Mac OS servers: "folder" stands where owner and group would.
            count = 0;
        } else if (gluedLinks < 0 && middleEnd == 3 && t.isDigits(1) && t.isDigits(2)
                && t.number(1) + t.number(2) == size) {
            // They give a file's resource and data fork sizes there, which add up to its size.
            count = 0;
        }
        if (count == 1) {
            owner = t.text(firstOwner);
        } else if (count >= 2) {
            if (gluedGroup != null) {
                owner = t.span(firstOwner, last);
            } else {
                int split = widestGap(t, firstOwner, last);
                owner = t.span(firstOwner, split - 1);
                group = t.span(split, last);
            }
        }
        RemoteEntry entry = new RemoteEntry(name, type, size, modified, precision, permissions, owner, group,
                linkTarget, s);
        return sizeRounded ? entry.withApproximateSize() : entry;
    }

    /**
     * Where owner ends and group begins when there are more than two words: at the widest run of
     * blanks (columns are padded), or after the first word when all are single-spaced
     * ("maxm Domain Users").
     */
    private static int widestGap(Tokens t, int first, int last) {
        int best = first + 1;
        int widest = t.gapBefore(best);
        for (int k = first + 2; k <= last; k++) {
            if (t.gapBefore(k) > widest) {
                widest = t.gapBefore(k);
                best = k;
            }
        }
        return best;
    }

    /** "drwxr-xr-x 3 slopri devlab 512 71-unix-dateless": a server that prints no date at all. */
    private RemoteEntry dateless(Tokens t, int gluedLinks) {
        int n = t.count();
        boolean links = gluedLinks < 0 && t.isDigits(1);
        int first = links ? 2 : 1;
        for (int k = first + 2; k >= first + 1; k--) {
            if (k + 1 < n && t.isDigits(k) && !t.isDigits(k + 1) && dates.monthName(t, k + 1) == 0
                    && dates.date(t, k + 1, ListingConfig.DateOrder.MDY) < 0 && !ListingDates.dateShaped(t, k + 1)
                    && !t.isDigits(k - 1) && !looksLikeUnknownMonth(t, k + 1)) {
                size = t.number(k);
                sizeRounded = false;
                middleEnd = k;
                gluedGroup = null;
                return entry(t, gluedLinks, t.start(k + 1), null, RemoteEntry.TimePrecision.UNKNOWN);
            }
        }
        return null;
    }

    /** "Οκτ 12  2019": a word followed by a day and a year or time is a date in a language Ferry does not know. */
    private static boolean looksLikeUnknownMonth(Tokens t, int k) {
        return k + 2 < t.count() && ListingDates.day(t, k + 1) > 0
                && (ListingDates.year(t, k + 2) > 0 || ListingDates.timeShaped(t, k + 2));
    }

    /** "0100644   500  101   12345    123456789       name": octal mode, uid, gid, size, Unix time. */
    private RemoteEntry numeric(Tokens t) {
        if (!t.isDigits(2) || !t.isDigits(3) || !t.isDigits(4) || t.count() < 6) {
            return null;
        }
        String octal = t.text(0);
        // A st_mode is 16 bits: "0100644" at most; longer digits are no mode (and overflow an int).
        if (octal.length() > 7) {
            return null;
        }
        for (int p = 0; p < octal.length(); p++) {
            if (octal.charAt(p) > '7') {
                return null;
            }
        }
        int mode = Integer.parseInt(octal, 8);
        RemoteEntry.Type type = switch (mode >> 12) {
            case 004 -> RemoteEntry.Type.DIRECTORY;
            case 010 -> RemoteEntry.Type.FILE;
            case 012 -> RemoteEntry.Type.SYMLINK;
            default -> RemoteEntry.Type.OTHER;
        };
        long seconds = t.number(4);
        if (seconds < 0 || seconds > 253_402_300_799L) {
            problem = "an impossible time";
            return null;
        }
        String name = t.restFrom(5);
        return new RemoteEntry(name, type, t.number(3), Instant.ofEpochSecond(seconds),
                RemoteEntry.TimePrecision.SECONDS, UnixModes.toSymbolic(Integer.toOctalString(mode & 07777)),
                t.text(1), t.text(2), null, t.line);
    }

    /** VShell: "206876  Apr 04, 2000 21:06 name", a folder's name ending in "/". */
    private RemoteEntry vshell(Tokens t) {
        if (t.count() < 6) {
            return null;
        }
        int m = dates.monthName(t, 1);
        int d = ListingDates.day(t, 2);
        int y = ListingDates.year(t, 3);
        if (m == 0 || d < 0 || y < 0 || t.last(2) != ',' || !ListingDates.timeShaped(t, 4)) {
            return null;
        }
        int tm = dates.time(t, 4);
        Instant modified = tm < 0 ? null : dates.instant(y, m, d, tm);
        if (modified == null) {
            problem = "an impossible date or time";
            return null;
        }
        String name = t.restFrom(5);
        boolean directory = name.endsWith("/");
        if (directory) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isBlank()) {
            problem = "no name";
            return null;
        }
        return new RemoteEntry(name, directory ? RemoteEntry.Type.DIRECTORY : RemoteEntry.Type.FILE, t.number(0),
                modified, ListingDates.precisionOf(tm), null, null, null, null, t.line);
    }
}
