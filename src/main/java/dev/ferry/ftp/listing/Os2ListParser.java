package dev.ferry.ftp.listing;

import java.time.Instant;

/**
 * OS/2 (and eComStation) listings:
 * <pre>
 *      0           DIR   05-12-97   16:44  LANGUAGE
 *  33280      A          02-09-97   13:49  OS2LDR
 * 587823    RSA    DIR   01-08-97   13:58  OS2KRNL
 *  36611      A    04-23-103  10:57  report.txt
 * </pre>
 * The size, attribute letters ({@code DIR} for a folder), a month-first date (some servers write
 * the year 2003 as {@code 103}), a 24-hour time, two blanks, the name. Nortel VxWorks writes the
 * same order without attributes, and {@code <DIR>} after a folder's name.
 */
public final class Os2ListParser implements ListingParser {

    private final ListingDates dates;
    private String problem;

    Os2ListParser(ListingDates dates) {
        this.dates = dates;
    }

    @Override
    public String formatName() {
        return "OS/2";
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
        if (n < 4 || !t.isDigits(0)) {
            return null;
        }
        boolean directory = false;
        int k = 1;
        while (k < n && k <= 3 && isAttributes(t, k)) {
            directory |= t.is(k, "DIR") || t.is(k, "dir");
            k++;
        }
        if (k + 2 >= n) {
            return null;
        }
        if (!Character.isLetter(t.first(k)) && hasLetter(t, k)) {
            // A month name comes first (VxWorks "Feb-28-1998"); "2-JUL-2003" is the second line of a VMS entry.
            return null;
        }
        int date = dates.date(t, k, ListingConfig.DateOrder.MDY);
        if (date < 10000) {
            if (ListingDates.dateShaped(t, k) && ListingDates.timeShaped(t, k + 1)) {
                problem = "an impossible date";
            }
            return null;
        }
        int time = dates.time(t, k + 1);
        if (time < 0) {
            if (ListingDates.timeShaped(t, k + 1)) {
                problem = "an impossible time";
            }
            return null;
        }
        Instant modified = dates.instant(date, time);
        if (modified == null) {
            problem = "an impossible date";
            return null;
        }
        String name = t.restFrom(k + 2);
        if (k == 1 && name.length() > 6 && name.endsWith(" <DIR>")) {
            // Nortel VxWorks: the same order, and "<DIR>" after a folder's name instead of attributes.
            directory = true;
            name = name.substring(0, name.length() - 6).stripTrailing();
        }
        return new RemoteEntry(name, directory ? RemoteEntry.Type.DIRECTORY : RemoteEntry.Type.FILE, t.number(0),
                modified, ListingDates.precisionOf(time), null, null, null, null, line);
    }

    private static boolean hasLetter(Tokens t, int k) {
        for (int p = t.start(k); p < t.end(k); p++) {
            if (Character.isLetter(t.line.charAt(p))) {
                return true;
            }
        }
        return false;
    }

    /** "DIR", "A", "RSA", "HS": upper-case attribute letters (or "dir"). */
    private static boolean isAttributes(Tokens t, int k) {
        if (t.is(k, "dir")) {
            return true;
        }
        if (t.length(k) > 4) {
            return false;
        }
        for (int p = t.start(k); p < t.end(k); p++) {
            char c = t.line.charAt(p);
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return true;
    }
}
