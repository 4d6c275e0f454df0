package dev.ferry.ftp.listing;

import java.time.Instant;

/**
 * The FTP servers of two Windows 3.1 TCP/IP suites, SuperTCP and NetManage Chameleon (NEWT):
 * <pre>
 * INSTALL         &lt;DIR&gt;           11-16-94        17:17
 * WPKIT1.EXE          960338      06-21-95        17:01
 *
 * INSTALL         &lt;DIR&gt;      Nov 16 1994 17:17
 * WPKIT1.EXE     960338      Jun 21 1995 17:01   R
 * </pre>
 * A DOS (8.3) name first, then {@code <DIR>} or the size in bytes, then the date: SuperTCP
 * month first with "-" or "/" and a two-digit year (three digits past 1999), Chameleon a month
 * name, day and year; then the time, and for Chameleon the DOS attribute letters (R, H, S, A).
 */
public final class Win16ListParser implements ListingParser {

    private final ListingDates dates;
    private String problem;

    Win16ListParser(ListingDates dates) {
        this.dates = dates;
    }

    @Override
    public String formatName() {
        return "SuperTCP/Chameleon";
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
        if (n < 4 || n > 7 || t.length(0) > 12 || t.first(0) == '-' || !(t.is(1, "<DIR>") || t.isDigits(1))) {
            return null;
        }
        int date;
        int timeAt;
        if (n == 4 && (t.length(2) == 8 || t.length(2) == 9) && ListingDates.dateShaped(t, 2)
                && t.line.charAt(t.start(2) + 2) != '.') {
            date = dates.date(t, 2, ListingConfig.DateOrder.MDY);
            timeAt = 3;
        } else if ((n == 6 || (n == 7 && isAttributes(t, 6))) && t.length(4) == 4 && t.isDigits(4)
                && t.length(3) <= 2 && t.isDigits(3) && dates.monthName(t, 2) > 0) {
            int month = dates.monthName(t, 2);
            int year = (int) t.number(4);
            int day = (int) t.number(3);
            date = ListingDates.valid(year, month, day) ? year * 10000 + month * 100 + day : -1;
            timeAt = 5;
        } else {
            return null;
        }
        int time = dates.time(t, timeAt);
        if (date < 10000 || time < 0 || (time & ListingDates.WITH_SECONDS) != 0) {
            problem = "an impossible date or time";
            return null;
        }
        Instant modified = dates.instant(date, time);
        if (modified == null) {
            problem = "an impossible date";
            return null;
        }
        boolean directory = t.is(1, "<DIR>");
        return new RemoteEntry(t.text(0), directory ? RemoteEntry.Type.DIRECTORY : RemoteEntry.Type.FILE,
                directory ? -1 : t.number(1), modified, RemoteEntry.TimePrecision.MINUTES, null, null, null, null, line);
    }

    /** DOS attribute letters: "A", "R", "RHA". */
    private static boolean isAttributes(Tokens t, int k) {
        if (t.length(k) > 4) {
            return false;
        }
        for (int p = t.start(k); p < t.end(k); p++) {
            if ("RHSA".indexOf(t.line.charAt(p)) < 0) {
                return false;
            }
        }
        return true;
    }
}
