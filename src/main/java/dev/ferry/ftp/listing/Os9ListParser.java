package dev.ferry.ftp.listing;

import java.time.Instant;

/**
 * Microware OS-9, whose FTP server lists as {@code dir -e} does:
 * <pre>
 * 20.20 07/03/29 1026 d-ewrewr 2650 85920 CMDS
 *   0.0 93/04/06 1410 -----ewr   1e2   1c0 startup
 * </pre>
 * Owner (group.user), the date year first ({@code yy/mm/dd}), the time as {@code hhmm}, the
 * attributes ({@code dsewrewr}: folder, non-shared, then public and owner execute/write/read),
 * the first sector, the byte count, the name.
 * <p>
 * OS-9's own {@code dir -e} writes the sector and the byte count in hexadecimal, while the one
 * FTP client that reads these listings (FileZilla) reads the byte count as decimal. A count with
 * a hexadecimal letter can only be hexadecimal and is exact; one of two or more decimal digits is
 * read as decimal but marked approximate, as its base is in doubt.
 */
public final class Os9ListParser implements ListingParser {

    private final ListingDates dates;
    private String problem;

    Os9ListParser(ListingDates dates) {
        this.dates = dates;
    }

    @Override
    public String formatName() {
        return "OS-9";
    }

    @Override
    public String lastProblem() {
        return problem;
    }

    @Override
    public RemoteEntry parse(String line) {
        problem = null;
        Tokens t = new Tokens(line);
        if (t.count() < 7 || !isOwner(t, 0) || !isAttributes(t, 3) || !isHex(t, 4) || !isHex(t, 5)
                || t.length(1) != 8 || t.line.charAt(t.start(1) + 2) != '/' || t.line.charAt(t.start(1) + 5) != '/'
                || t.length(2) != 4 || !t.isDigits(2)) {
            return null;
        }
        long yy = t.number(t.start(1), t.start(1) + 2);
        long mm = t.number(t.start(1) + 3, t.start(1) + 5);
        long dd = t.number(t.start(1) + 6, t.start(1) + 8);
        long hh = t.number(t.start(2), t.start(2) + 2);
        long mi = t.number(t.start(2) + 2, t.start(2) + 4);
        if (yy < 0 || mm < 0 || dd < 0 || hh > 23 || mi > 59) {
            problem = "an impossible date or time";
            return null;
        }
        Instant modified = dates.instant(ListingDates.fullYear((int) yy, 2), (int) mm, (int) dd,
                (int) (hh * 3600 + mi * 60));
        if (modified == null) {
            problem = "an impossible date";
            return null;
        }
        boolean decimal = t.isDigits(5);
        long size = decimal ? t.number(5) : hex(t, 5);
        boolean directory = t.first(3) == 'd';
        String name = t.restFrom(6);
        RemoteEntry entry = new RemoteEntry(name, directory ? RemoteEntry.Type.DIRECTORY : RemoteEntry.Type.FILE, size,
                modified, RemoteEntry.TimePrecision.MINUTES, t.text(3), t.text(0), null, null, line);
        // One digit reads the same in both bases.
        return decimal && t.length(5) > 1 && size >= 0 ? entry.withApproximateSize() : entry;
    }

    /** "0.0", "20.20", "1.125": group and user numbers. */
    private static boolean isOwner(Tokens t, int k) {
        int dot = t.line.indexOf('.', t.start(k));
        return dot > t.start(k) && dot < t.end(k) - 1 && t.digitsIn(t.start(k), dot) && t.digitsIn(dot + 1, t.end(k));
    }

    /** Eight letters of "dsewrewr", each in its place or "-". */
    private static boolean isAttributes(Tokens t, int k) {
        String letters = "dsewrewr";
        if (t.length(k) != letters.length()) {
            return false;
        }
        for (int i = 0; i < letters.length(); i++) {
            char c = t.line.charAt(t.start(k) + i);
            if (c != '-' && c != letters.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(Tokens t, int k) {
        if (t.length(k) > 15) {
            return false;
        }
        for (int p = t.start(k); p < t.end(k); p++) {
            char c = t.line.charAt(p);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    private static long hex(Tokens t, int k) {
        return Long.parseLong(t.line, t.start(k), t.end(k), 16);
    }
}
