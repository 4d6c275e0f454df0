package dev.ferry.ftp.listing;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The date of an {@code ls}-style line, in all the shapes servers print it, and where the name
 * after it starts. Shared by the Unix and NetWare parsers. Results are kept in fields so that
 * trying a date at every token of a line makes no objects.
 */
final class LsDate {

    static final int NONE = 0;
    static final int FOUND = 1;
    static final int BAD = -1;

    private final ListingDates dates;

    private int dateEnd;
    private int year;
    private int month;
    private int day;
    private int time;
    private boolean timeLast;
    private boolean classicYear;
    /** The time's own UTC offset ("+0100" after it, as {@code ls --full-time} prints), or NO_OFFSET. */
    private int offsetSeconds = NO_OFFSET;
    private static final int NO_OFFSET = Integer.MIN_VALUE;

    LsDate(ListingDates dates) {
        this.dates = dates;
    }

    Instant instant() {
        return offsetSeconds == NO_OFFSET ? dates.instant(year, month, day, time)
                : ListingDates.instant(year, month, day, time, ZoneOffset.ofTotalSeconds(offsetSeconds));
    }

    RemoteEntry.TimePrecision precision() {
        return time < 0 ? RemoteEntry.TimePrecision.DAYS : ListingDates.precisionOf(time);
    }

    /** The token the date ends with. */
    int end() {
        return dateEnd;
    }

    /** Reads a date starting at token i: FOUND (fields set), NONE, or BAD (shaped like a date, but impossible). */
    int read(Tokens t, int i) {
        int n = t.count();
        if (i + 1 >= n) {
            return NONE;
        }
        timeLast = false;
        classicYear = false;
        time = -1;
        char c = t.first(i);
        if (c >= '0' && c <= '9') {
            int asianMonth = dates.monthName(t, i);
            if (asianMonth != 0) {
                return monthFirst(t, i, asianMonth);
            }
            if (hasDateSeparator(t, i)) {
                return numericDate(t, i);
            }
            int d = ListingDates.day(t, i);
            if (d > 0) {
                int m = dates.monthName(t, i + 1);
                if (m != 0) {
                    return yearOrTime(t, i + 2, m, d, true);
                }
            }
            int y = ListingDates.year(t, i);
            if (y > 0 && i + 2 < n && Character.isDigit(t.first(i + 1))) {
                // Only an Asian month ("3月", "1월") may follow a year: "2005 11 21" is too likely sizes and counts.
                int m = dates.monthName(t, i + 1);
                if (m != 0) {
                    return yearFirst(t, i, y, m);
                }
            }
            int m = ListingDates.monthNumber(t, i);
            if (m != 0) {
                return monthFirst(t, i, m);
            }
            return NONE;
        }
        int m = dates.monthName(t, i);
        return m == 0 ? NONE : monthFirst(t, i, m);
    }

    private int monthFirst(Tokens t, int i, int m) {
        int n = t.count();
        if (i + 2 >= n) {
            return NONE;
        }
        int d = ListingDates.day(t, i + 1);
        if (d < 0) {
            return NONE;
        }
        // "Oct 08, 2002 09:47"
        if (t.last(i + 1) == ',' && i + 3 < n) {
            int y = ListingDates.year(t, i + 2);
            if (y > 0 && ListingDates.timeShaped(t, i + 3)) {
                int tm = dates.time(t, i + 3);
                if (tm < 0 || !ListingDates.valid(y, m, d)) {
                    return BAD;
                }
                return found(i + 3, y, m, d, tm);
            }
        }
        return yearOrTime(t, i + 2, m, d, true);
    }

    private int yearOrTime(Tokens t, int k, int m, int d, boolean classic) {
        if (k >= t.count()) {
            return NONE;
        }
        int y = ListingDates.year(t, k);
        if (y > 0) {
            if (!ListingDates.valid(y, m, d)) {
                return BAD;
            }
            classicYear = classic && t.length(k) == 4;
            return found(k, y, m, d, -1);
        }
        if (ListingDates.timeShaped(t, k)) {
            int tm = dates.time(t, k);
            if (tm < 0) {
                return BAD;
            }
            // BSD ls -lT prints the year after a time with seconds ("Jan  5 10:11:12 2020 name"); without
            // seconds, or with nothing after it, a number there is more likely the start of the name.
            if (classic && (tm & ListingDates.WITH_SECONDS) != 0 && k + 2 < t.count() && t.length(k + 1) == 4) {
                int fullYear = ListingDates.year(t, k + 1);
                if (fullYear > 0) {
                    return ListingDates.valid(fullYear, m, d) ? found(k + 1, fullYear, m, d, tm) : BAD;
                }
            }
            int y2 = dates.recentYear(m, d, tm);
            if (!ListingDates.valid(y2, m, d)) {
                return BAD;
            }
            return found(k, y2, m, d, tm);
        }
        return NONE;
    }

    /** "2003   3月 20", "2005년  1월  6일", with a time after it or not. */
    private int yearFirst(Tokens t, int i, int y, int m) {
        int d = ListingDates.day(t, i + 2);
        if (d < 0) {
            return NONE;
        }
        if (!ListingDates.valid(y, m, d)) {
            return BAD;
        }
        if (i + 3 < t.count() && ListingDates.timeShaped(t, i + 3)) {
            int tm = dates.time(t, i + 3);
            if (tm < 0) {
                return BAD;
            }
            return found(i + 3, y, m, d, tm);
        }
        return found(i + 2, y, m, d, -1);
    }

    private int numericDate(Tokens t, int i) {
        int packed = dates.date(t, i, ListingConfig.DateOrder.MDY);
        if (packed < 0) {
            return ListingDates.dateShaped(t, i) ? BAD : NONE;
        }
        int y = packed / 10000;
        int m = packed / 100 % 100;
        int d = packed % 100;
        if (y == 0) {
            return yearOrTime(t, i + 1, m, d, false);
        }
        if (i + 1 < t.count() && ListingDates.timeShaped(t, i + 1)) {
            int tm = dates.time(t, i + 1);
            if (tm < 0) {
                return BAD;
            }
            found(i + 1, y, m, d, tm);
            // Only ls --full-time prints an offset, and always after seconds with a fraction: after
            // a plain "10:00" a "+0100" is the start of the name.
            boolean fullTime = t.indexOf('.', i + 1) >= 0;
            int offset = fullTime && i + 3 < t.count() ? utcOffset(t, i + 2) : NO_OFFSET;
            if (offset != NO_OFFSET) {
                dateEnd = i + 2;
                offsetSeconds = offset;
            }
            return FOUND;
        }
        return found(i, y, m, d, -1);
    }

    /** "+0100", "-0530": seconds east of UTC, or NO_OFFSET when the token is not one. */
    private static int utcOffset(Tokens t, int k) {
        if (t.length(k) != 5) {
            return NO_OFFSET;
        }
        String s = t.line;
        int p = t.start(k);
        char sign = s.charAt(p);
        if (sign != '+' && sign != '-') {
            return NO_OFFSET;
        }
        for (int q = p + 1; q < p + 5; q++) {
            if (s.charAt(q) < '0' || s.charAt(q) > '9') {
                return NO_OFFSET;
            }
        }
        int hours = (s.charAt(p + 1) - '0') * 10 + s.charAt(p + 2) - '0';
        int minutes = (s.charAt(p + 3) - '0') * 10 + s.charAt(p + 4) - '0';
        int seconds = hours * 3600 + minutes * 60;
        // No zone is further than 18 hours from UTC: "+1830" is no offset (ZoneOffset refuses it).
        if (minutes > 59 || seconds > 18 * 3600) {
            return NO_OFFSET;
        }
        return sign == '-' ? -seconds : seconds;
    }

    private int found(int end, int y, int m, int d, int tm) {
        dateEnd = end;
        offsetSeconds = NO_OFFSET;
        year = y;
        month = m;
        day = d;
        time = tm;
        timeLast = tm >= 0;
        return FOUND;
    }

    private static boolean hasDateSeparator(Tokens t, int i) {
        String s = t.line;
        for (int p = t.start(i) + 1; p < t.end(i) - 1; p++) {
            char c = s.charAt(p);
            if (c == '-' || c == '/' || c == '.') {
                return true;
            }
        }
        return false;
    }

    /** Where the name starts after the date last read. */
    int nameStart(Tokens t) {
        String s = t.line;
        int p = t.end(dateEnd);
        if (timeLast) {
            return p + 1;
        }
        if (classicYear) {
            // ls right-aligns the year under the time ("Mar  3  2021 name"); some servers put it
            // left ("Mar  3 2021  name"): then the second blank is padding, not part of the name.
            if (t.gapBefore(dateEnd) == 1 && p + 2 < s.length() && Tokens.isBlank(s.charAt(p + 1))) {
                return p + 2;
            }
            return p + 1;
        }
        while (p < s.length() && Tokens.isBlank(s.charAt(p))) {
            p++;
        }
        return p;
    }

}
