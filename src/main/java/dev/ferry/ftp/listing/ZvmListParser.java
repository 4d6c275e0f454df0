package dev.ferry.ftp.listing;

import java.time.Instant;

/**
 * IBM z/VM (CMS) listings:
 * <pre>
 * PROFILE  EXEC     V         72         31          1 2005-10-04 15:28:42 060191
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
        // A directory of the shared file system has no type column: "AUTHORS  DIR  -  -  -  date time -".
        int shift = t.count() == 8 && t.is(1, "DIR") ? -1 : 0;
        if (t.count() != 9 + shift || !(t.is(2 + shift, "F") || t.is(2 + shift, "V") || t.is(2 + shift, "DIR"))) {
            return null;
        }
        boolean directory = t.is(2 + shift, "DIR");
        if (!directory && (!t.isDigits(3) || !t.isDigits(4) || !t.isDigits(5))) {
            return null;
        }
        int date = dates.date(t, 6 + shift, ListingConfig.DateOrder.MDY);
        int time = dates.time(t, 7 + shift);
        if (date < 10000 || time < 0) {
            if (ListingDates.dateShaped(t, 6 + shift)) {
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
        if (t.is(2, "F")) {
            long length = t.number(3);
            long records = t.number(4);
            size = length >= 0 && records >= 0 && (records == 0 || length <= Long.MAX_VALUE / records) ? length * records : -1;
        }
        String name = directory ? t.text(0) : t.text(0) + "." + t.text(1);
        String disk = t.text(8 + shift);
        return new RemoteEntry(name, directory ? RemoteEntry.Type.DIRECTORY : RemoteEntry.Type.FILE, size, modified,
                ListingDates.precisionOf(time), null, disk.equals("-") ? null : disk, null, null, line);
    }
}
