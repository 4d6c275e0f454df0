package dev.ferry.ftp.listing;

import java.time.Instant;

/**
 * The wfFtp server of Nortel (Bay Networks) routers:
 * <pre>
 * config                     1014196  06/03/04  Thur.   10:20:03
 * </pre>
 * The name (one word: the router's flash file system has no blanks in names), the size in bytes,
 * a month-first date with a two-digit year, the abbreviated weekday with its full stop, and the
 * time with seconds. There are no folders.
 */
public final class WfFtpListParser implements ListingParser {

    private final ListingDates dates;
    private String problem;

    WfFtpListParser(ListingDates dates) {
        this.dates = dates;
    }

    @Override
    public String formatName() {
        return "wfFtp";
    }

    @Override
    public String lastProblem() {
        return problem;
    }

    @Override
    public RemoteEntry parse(String line) {
        problem = null;
        Tokens t = new Tokens(line);
        if (t.count() != 5 || !t.isDigits(1) || !isWeekday(t, 3) || t.line.indexOf('/', t.start(2)) != t.start(2) + 2) {
            return null;
        }
        int date = dates.date(t, 2, ListingConfig.DateOrder.MDY);
        int time = dates.time(t, 4);
        if (date < 10000 || time < 0) {
            problem = "an impossible date or time";
            return null;
        }
        Instant modified = dates.instant(date, time);
        if (modified == null) {
            problem = "an impossible date";
            return null;
        }
        return new RemoteEntry(t.text(0), RemoteEntry.Type.FILE, t.number(1), modified, ListingDates.precisionOf(time),
                null, null, null, null, line);
    }

    /** "Thur.", "Mon.", "Tues.": two to five letters and a full stop. */
    private static boolean isWeekday(Tokens t, int k) {
        int length = t.length(k);
        if (length < 3 || length > 6 || t.last(k) != '.') {
            return false;
        }
        for (int p = t.start(k); p < t.end(k) - 1; p++) {
            char c = t.line.charAt(p);
            if (!(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }
}
