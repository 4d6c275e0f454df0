package dev.ferry.ftp.listing;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The date and time pieces every LIST format is made of, read without exceptions: a value that
 * cannot be a date gives -1 (or null) and the caller decides what the line is. One instance
 * serves one listing, so "now" (for dates without a year) is read once.
 */
final class ListingDates {

    /** Added to a time of day (seconds) when the server gave seconds. */
    static final int WITH_SECONDS = 1 << 17;
    static final int SECONDS_MASK = WITH_SECONDS - 1;

    private final ZoneId zone;
    private final Clock clock;
    private final ListingConfig.DateOrder order;
    private final MonthNames monthNames;
    private LocalDateTime now;

    ListingDates(ListingConfig config, Clock clock) {
        this.zone = config.zone();
        this.clock = clock;
        this.order = config.dateOrder();
        this.monthNames = MonthNames.preferring(config.monthLanguage());
    }

    ZoneId zone() {
        return zone;
    }

    // ------------------------------------------------------------------ single tokens

    /** See {@link MonthNames#month}. */
    int monthName(Tokens t, int i) {
        return monthNames.month(t.line, t.start(i), t.end(i));
    }

    int monthName(String s, int from, int to) {
        return monthNames.month(s, from, to);
    }

    /** A plain month number 1-12, or 0. */
    static int monthNumber(Tokens t, int i) {
        if (t.length(i) > 2 || !t.isDigits(i)) {
            return 0;
        }
        long m = t.number(i);
        return m >= 1 && m <= 12 ? (int) m : 0;
    }

    /** A day of the month: "5", "05", "5.", "5,", "5日", "5일"; -1 otherwise. */
    static int day(Tokens t, int i) {
        String s = t.line;
        int from = t.start(i);
        int to = t.end(i);
        int p = from;
        int value = 0;
        while (p < to && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
            value = value * 10 + (s.charAt(p) - '0');
            p++;
            if (p - from > 2) {
                return -1;
            }
        }
        if (p == from || value < 1 || value > 31) {
            return -1;
        }
        if (p < to && !(p + 1 == to && (s.charAt(p) == '.' || s.charAt(p) == ',')) && !MonthNames.nonAsciiFrom(s, p, to)) {
            return -1;
        }
        return value;
    }

    /** A four-digit year: "2003", "2003,", "2003年", "2003년"; -1 otherwise. */
    static int year(Tokens t, int i) {
        String s = t.line;
        int from = t.start(i);
        int to = t.end(i);
        if (to - from < 4 || !t.digitsIn(from, from + 4)) {
            return -1;
        }
        int p = from + 4;
        if (p < to && !(p + 1 == to && s.charAt(p) == ',') && !MonthNames.nonAsciiFrom(s, p, to)) {
            return -1;
        }
        int value = (int) t.number(from, from + 4);
        return value >= 1000 ? value : -1;
    }

    int time(Tokens t, int i) {
        return time(t.line, t.start(i), t.end(i));
    }

    /**
     * A time of day in seconds ({@link #WITH_SECONDS} added when seconds were given):
     * "9:05", "09:05", "00:0" (old busybox), "14:21:18", "10:30:13.64", "03:04PM", "24:00"
     * (midnight at the end of the day). -1 when it is not a time or not a possible one.
     */
    static int time(String s, int from, int to) {
        int p = from;
        int hour = 0;
        while (p < to && s.charAt(p) >= '0' && s.charAt(p) <= '9' && p - from < 2) {
            hour = hour * 10 + (s.charAt(p++) - '0');
        }
        if (p == from || p >= to || s.charAt(p) != ':') {
            return -1;
        }
        int start = ++p;
        int minute = 0;
        while (p < to && s.charAt(p) >= '0' && s.charAt(p) <= '9' && p - start < 2) {
            minute = minute * 10 + (s.charAt(p++) - '0');
        }
        if (p == start) {
            return -1;
        }
        int second = 0;
        boolean withSeconds = false;
        if (p < to && s.charAt(p) == ':') {
            start = ++p;
            while (p < to && s.charAt(p) >= '0' && s.charAt(p) <= '9' && p - start < 2) {
                second = second * 10 + (s.charAt(p++) - '0');
            }
            if (p - start != 2) {
                return -1;
            }
            withSeconds = true;
            if (p < to && s.charAt(p) == '.') {
                p++;
                while (p < to && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
                    p++;
                }
            }
        }
        if (p < to) {
            int meridiem = meridiem(s, p, to);
            if (meridiem < 0) {
                return -1;
            }
            hour = twelveHour(hour, meridiem == 1);
            if (hour < 0) {
                return -1;
            }
        }
        return secondsOfDay(hour, minute, second, withSeconds);
    }

    /** 0 for AM, 1 for PM ("AM", "pm", "A", "P"), -1 otherwise. */
    static int meridiem(String s, int from, int to) {
        int length = to - from;
        if (length != 1 && length != 2) {
            return -1;
        }
        if (length == 2 && Character.toUpperCase(s.charAt(from + 1)) != 'M') {
            return -1;
        }
        return switch (Character.toUpperCase(s.charAt(from))) {
            case 'A' -> 0;
            case 'P' -> 1;
            default -> -1;
        };
    }

    /** A 12-hour clock hour (1-12) as a 24-hour one; -1 when it is not 1-12. */
    static int twelveHour(int hour, boolean pm) {
        if (hour < 1 || hour > 12) {
            return -1;
        }
        return hour % 12 + (pm ? 12 : 0);
    }

    /** Applies AM/PM to a time already read by {@link #time}; -1 when the hour was not a 12-hour one. */
    static int withMeridiem(int time, boolean pm) {
        int seconds = time & SECONDS_MASK;
        int hour = seconds / 3600;
        int rest = seconds % 3600;
        int converted = twelveHour(hour, pm);
        return converted < 0 ? -1 : (converted * 3600 + rest) | (time & WITH_SECONDS);
    }

    private static int secondsOfDay(int hour, int minute, int second, boolean withSeconds) {
        boolean endOfDay = hour == 24 && minute == 0 && second == 0;
        if ((hour > 23 && !endOfDay) || minute > 59 || second > 59) {
            return -1;
        }
        return hour * 3600 + minute * 60 + second + (withSeconds ? WITH_SECONDS : 0);
    }

    /** Digits and one kind of separator, twice: "2012-30-07", "31/02/2020" look like dates even when they are none. */
    static boolean dateShaped(Tokens t, int i) {
        String s = t.line;
        int separators = 0;
        char separator = 0;
        for (int p = t.start(i); p < t.end(i); p++) {
            char c = s.charAt(p);
            if (c == '-' || c == '/' || c == '.') {
                if (separator != 0 && c != separator) {
                    return false;
                }
                separator = c;
                separators++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return separators == 2;
    }

    /** A digit first and a colon inside: "25:61" looks like a time even though it is none. */
    static boolean timeShaped(Tokens t, int k) {
        return t.indexOf(':', k) > t.start(k) && Character.isDigit(t.first(k));
    }

    static RemoteEntry.TimePrecision precisionOf(int time) {
        return (time & WITH_SECONDS) != 0 ? RemoteEntry.TimePrecision.SECONDS : RemoteEntry.TimePrecision.MINUTES;
    }

    // ------------------------------------------------------------------ whole dates

    /**
     * An all-in-one-token date: "2005-06-07", "1999/10/12", "24-04-2003", "2004.07.15",
     * "04-27-00", "02-11-103" (years past 1999 written as 100+), "01-jun-99", "Feb-28-1998",
     * "2-JUN-1998", or month and day alone ("09-26"). Returns year*10000 + month*100 + day with
     * year 0 when the token has none; -1 when it is not a possible date.
     *
     * @param usual the order this format normally uses for all-numeric dates; the site's setting
     *              wins, and dots mean day first
     */
    int date(Tokens t, int i, ListingConfig.DateOrder usual) {
        return date(t.line, t.start(i), t.end(i), usual);
    }

    int date(String s, int from, int to, ListingConfig.DateOrder usual) {
        char separator = 0;
        int[] starts = new int[3];
        int[] ends = new int[3];
        int parts = 0;
        int p = from;
        starts[0] = from;
        for (; p < to; p++) {
            char c = s.charAt(p);
            if (c == '-' || c == '/' || c == '.') {
                if (separator == 0) {
                    separator = c;
                } else if (c != separator) {
                    return -1;
                }
                if (parts == 2) {
                    return -1;
                }
                ends[parts++] = p;
                starts[parts] = p + 1;
            } else if (!Character.isLetterOrDigit(c)) {
                return -1;
            }
        }
        ends[parts++] = to;
        if (parts < 2) {
            return -1;
        }
        int[] values = new int[3];
        int[] digits = new int[3];
        int named = -1;
        for (int k = 0; k < parts; k++) {
            int length = ends[k] - starts[k];
            if (length == 0) {
                return -1;
            }
            if (allDigits(s, starts[k], ends[k])) {
                if (length > 4) {
                    return -1;
                }
                values[k] = Integer.parseInt(s, starts[k], ends[k], 10);
                digits[k] = length;
            } else {
                int month = monthName(s, starts[k], ends[k]);
                if (month == 0 || named >= 0) {
                    return -1;
                }
                named = k;
                values[k] = month;
            }
        }
        int year;
        int month;
        int day;
        if (parts == 2) {
            if (named >= 0 || digits[0] > 2 || digits[1] > 2) {
                return -1;
            }
            int[] md = monthDay(values[0], values[1], resolve(usual, separator));
            if (md == null) {
                return -1;
            }
            return md[0] * 100 + md[1];
        }
        if (named == 0) {
            month = values[0];
            day = values[1];
            year = fullYear(values[2], digits[2]);
            if (digits[1] > 2) {
                return -1;
            }
        } else if (named == 1) {
            month = values[1];
            if (digits[0] >= 3) {
                year = fullYear(values[0], digits[0]);
                day = values[2];
            } else {
                day = values[0];
                year = fullYear(values[2], digits[2]);
            }
        } else if (named == 2) {
            return -1;
        } else if (digits[0] >= 3) {
            year = fullYear(values[0], digits[0]);
            month = values[1];
            day = values[2];
        } else if (digits[2] >= 3) {
            int[] md = monthDay(values[0], values[1], resolve(usual, separator));
            if (md == null) {
                return -1;
            }
            month = md[0];
            day = md[1];
            year = fullYear(values[2], digits[2]);
        } else if (resolve(usual, separator) != ListingConfig.DateOrder.YMD) {
            int[] md = monthDay(values[0], values[1], resolve(usual, separator));
            if (md == null && order == ListingConfig.DateOrder.AUTO && ListingDates.valid(2000, values[1], values[2])) {
                // Neither month nor day first: year first ("99/12/31").
                return (fullYear(values[0], digits[0])) * 10000 + values[1] * 100 + values[2];
            }
            if (md == null) {
                return -1;
            }
            month = md[0];
            day = md[1];
            year = fullYear(values[2], digits[2]);
        } else {
            year = fullYear(values[0], digits[0]);
            month = values[1];
            day = values[2];
        }
        if (year < 1 || !valid(year, month, day)) {
            return -1;
        }
        return year * 10000 + month * 100 + day;
    }

    private ListingConfig.DateOrder resolve(ListingConfig.DateOrder usual, char separator) {
        if (order != ListingConfig.DateOrder.AUTO) {
            return order;
        }
        if (separator == '.') {
            return ListingConfig.DateOrder.DMY;
        }
        return usual;
    }

    /** Month and day from two numbers in the given order; in AUTO mode a day-first date is recognised by its month. */
    private int[] monthDay(int first, int second, ListingConfig.DateOrder resolved) {
        boolean dayFirst = resolved == ListingConfig.DateOrder.DMY;
        int month = dayFirst ? second : first;
        int day = dayFirst ? first : second;
        if ((month < 1 || month > 12) && order == ListingConfig.DateOrder.AUTO) {
            int swapped = month;
            month = day;
            day = swapped;
        }
        if (month < 1 || month > 12 || day < 1 || day > 31) {
            return null;
        }
        return new int[] {month, day};
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int p = from; p < to; p++) {
            char c = s.charAt(p);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return to > from;
    }

    /** Two-digit years: 70-99 are 19xx, 00-69 20xx; three digits count from 1900 ("103" is 2003). */
    static int fullYear(int value, int digits) {
        if (digits >= 4) {
            return value;
        }
        if (digits == 3) {
            return 1900 + value;
        }
        return value < 70 ? 2000 + value : 1900 + value;
    }

    static boolean valid(int year, int month, int day) {
        if (month < 1 || month > 12 || day < 1) {
            return false;
        }
        int length = switch (month) {
            case 2 -> year == 0 || (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
        return day <= length;
    }

    /** The year of a "month day time" date, which ls uses for the last six months: this year unless that is in the future. */
    int recentYear(int month, int day, int time) {
        if (now == null) {
            now = LocalDateTime.now(clock.withZone(zone));
        }
        int year = now.getYear();
        if (!valid(year, month, day)) {
            // February 29 in a year that has none: the last year that had one.
            int leap = year - 1;
            while (!valid(leap, month, day) && leap > year - 8) {
                leap--;
            }
            return leap;
        }
        int seconds = time < 0 ? 0 : time & SECONDS_MASK;
        LocalDateTime candidate = LocalDateTime.of(year, month, day, 0, 0).plusSeconds(seconds);
        return candidate.isAfter(now.plusDays(1)) ? year - 1 : year;
    }

    /** The instant of a local date and time in the listing's zone; null when impossible. */
    Instant instant(int year, int month, int day, int time) {
        return instant(year, month, day, time, zone);
    }

    static Instant instant(int year, int month, int day, int time, ZoneId zone) {
        if (year < 1 || year > 9999 || !valid(year, month, day)) {
            return null;
        }
        int seconds = time < 0 ? 0 : time & SECONDS_MASK;
        LocalDateTime local = LocalDateTime.of(year, month, day, 0, 0).plusSeconds(seconds);
        return zone instanceof ZoneOffset offset ? local.toInstant(offset) : local.atZone(zone).toInstant();
    }

    /** An instant from a packed {@link #date} and a time (-1 for none). */
    Instant instant(int packedDate, int time) {
        return instant(packedDate / 10000, packedDate / 100 % 100, packedDate % 100, time);
    }
}
