package dev.ferry.ftp.listing;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DOS-style listings as IIS and some Windows servers send them:
 * <pre>
 * 01-02-24  03:04PM       &lt;DIR&gt;          name
 * 01-02-2024  15:04            1234 name with spaces
 * 2024-01-02  15:04       &lt;DIR&gt;          name
 * </pre>
 * Dates are month-day-year (two-digit years pivot at 70) or ISO; times are 12-hour with AM/PM
 * or 24-hour, in the server's time zone.
 */
public final class DosListParser implements ListingParser {

    private static final Pattern LINE = Pattern.compile(
            "^(?:(?<mdy>(\\d{2})-(\\d{2})-(\\d{2}|\\d{4}))|(?<iso>(\\d{4})-(\\d{2})-(\\d{2})))"
                    + "\\s+(?<hour>\\d{1,2}):(?<minute>\\d{2})\\s*(?<ampm>[AaPp][Mm])?"
                    + "\\s+(?:(?<dir><DIR>)|(?<size>\\d{1,19}))\\s+(?<name>(?s:.+))$");

    private final ZoneId zone;

    public DosListParser(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String formatName() {
        return "DOS";
    }

    @Override
    public RemoteEntry parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return null;
        }
        int year;
        int month;
        int day;
        if (m.group("mdy") != null) {
            month = Integer.parseInt(m.group(2));
            day = Integer.parseInt(m.group(3));
            year = Integer.parseInt(m.group(4));
            if (m.group(4).length() == 2) {
                year += year < 70 ? 2000 : 1900;
            }
        } else {
            year = Integer.parseInt(m.group(6));
            month = Integer.parseInt(m.group(7));
            day = Integer.parseInt(m.group(8));
        }
        int hour = Integer.parseInt(m.group("hour"));
        int minute = Integer.parseInt(m.group("minute"));
        String ampm = m.group("ampm");
        if (ampm != null) {
            if (hour < 1 || hour > 12) {
                return null;
            }
            boolean pm = Character.toUpperCase(ampm.charAt(0)) == 'P';
            hour = hour % 12 + (pm ? 12 : 0);
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.of(year, month, day, hour, minute);
        } catch (DateTimeException e) {
            return null;
        }
        boolean directory = m.group("dir") != null;
        long size = directory ? -1 : Long.parseLong(m.group("size"));
        return new RemoteEntry(m.group("name"), directory ? RemoteEntry.Type.DIRECTORY : RemoteEntry.Type.FILE,
                size, local.atZone(zone).toInstant(), RemoteEntry.TimePrecision.MINUTES,
                null, null, null, null, line);
    }
}
