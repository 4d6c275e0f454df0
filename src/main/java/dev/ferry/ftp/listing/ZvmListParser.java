package dev.ferry.ftp.listing;

import java.time.Instant;

/**
 * IBM z/VM (CMS) listings:
 * <pre>
 * PROFILE  EXEC     V         72         31          1 2005-10-04 15:28:42 060191
 * </pre>
 * and the older LISTING form of VM/CMS, with the file mode after the type, a month-first date
 * ({@code 9/16/91}, a year past 1999 as {@code 1/03/102}) and no disk at the end:
 * <pre>
 * PROFILE  EXEC      A1 V      17     3      1       9/12/91   12:39:07
 * AUTHORS            A1 DIR    -      -      -       9/20/99   10:31:11
 * </pre>
 * File name, file type, record format (F fixed, V variable), record length, number of records,
 * number of blocks, date, time, and the minidisk or directory it is on. The name Ferry lists is
 * {@code NAME.TYPE}, as the z/VM FTP server accepts it. The size is known only for fixed records
 * (length × count); for variable records the length is the longest, so the size is unknown.
 */
public final class ZvmListParser implements ListingParser {

    private final ListingDates dates;
    private String problem;

    ZvmListParser(ListingDates dates) {
        this.dates = dates;
    }

    @Override
    public String formatName() {
        return "z/VM";
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
        // Where the record format is: after name and type (z/VM), after name, type and file mode (the
        // older LISTING form), or, for a directory, which has no type, one place earlier.
        int format;
        boolean fileMode;
        if (n == 9 && isRecordFormat(t, 2)) {
            format = 2;
            fileMode = false;
        } else if (n == 9 && isFileMode(t, 2) && isRecordFormat(t, 3)) {
            format = 3;
            fileMode = true;
        } else if (n == 8 && t.is(1, "DIR")) {
            format = 1;
            fileMode = false;
        } else if (n == 8 && isFileMode(t, 1) && t.is(2, "DIR")) {
            format = 2;
            fileMode = true;
        } else {
            return null;
        }
        boolean directory = t.is(format, "DIR");
        if (directory != (n == 8)) {
            return null;
        }
        if (!directory && (!t.isDigits(format + 1) || !t.isDigits(format + 2) || !t.isDigits(format + 3))) {
            return null;
        }
        int dateAt = format + 4;
        int date = dates.date(t, dateAt, ListingConfig.DateOrder.MDY);
        int time = dates.time(t, dateAt + 1);
        if (date < 10000 || time < 0) {
            if (ListingDates.dateShaped(t, dateAt)) {
                problem = "an impossible date or time";
            }
            return null;
        }
        Instant modified = dates.instant(date, time);
        if (modified == null) {
            problem = "an impossible date";
            return null;
        }
        long size = -1;
        if (t.is(format, "F")) {
            long length = t.number(format + 1);
            long records = t.number(format + 2);
            size = length >= 0 && records >= 0 && (records == 0 || length <= Long.MAX_VALUE / records) ? length * records : -1;
        }
        String name = directory ? t.text(0) : t.text(0) + "." + t.text(1);
        // Where the file is: the minidisk or directory (z/VM), or the file mode (LISTING).
        String disk = fileMode ? t.text(format - 1) : t.text(dateAt + 2);
        return new RemoteEntry(name, directory ? RemoteEntry.Type.DIRECTORY : RemoteEntry.Type.FILE, size, modified,
                ListingDates.precisionOf(time), null, disk.equals("-") ? null : disk, null, null, line);
    }

    private static boolean isRecordFormat(Tokens t, int k) {
        return t.is(k, "F") || t.is(k, "V");
    }

    /** A CMS file mode: the minidisk's letter and the mode number, "A1", "A0", "B2". */
    private static boolean isFileMode(Tokens t, int k) {
        return t.length(k) == 2 && t.first(k) >= 'A' && t.first(k) <= 'Z' && t.last(k) >= '0' && t.last(k) <= '9';
    }
}
