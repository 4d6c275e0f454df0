package dev.ferry.ftp.listing;

import java.time.Instant;

/**
 * EPLF, D. J. Bernstein's "easily parsed LIST format" (publicfile, some embedded servers):
 * <pre>
 * +i8388621.29609,m824255902,/,	dev
 * +i8388621.44468,m839956783,r,s10376,up644,	RFCEPLF
 * </pre>
 * A plus, facts separated by commas, a tab, the name. Facts: {@code /} a folder, {@code r} a file
 * that can be retrieved, {@code s} the size, {@code m} the modification time in seconds since
 * 1970 UTC, {@code i} an identifier unique to the file, {@code up} Unix permissions in octal.
 */
public final class EplfParser implements ListingParser {

    private String problem;

    @Override
    public String formatName() {
        return "EPLF";
    }

    @Override
    public String lastProblem() {
        return problem;
    }

    @Override
    public RemoteEntry parse(String line) {
        problem = null;
        if (line.isEmpty() || line.charAt(0) != '+') {
            return null;
        }
        int tab = line.indexOf('\t');
        if (tab < 0) {
            return null;
        }
        String name = line.substring(tab + 1);
        if (name.isEmpty()) {
            problem = "no name";
            return null;
        }
        boolean directory = false;
        boolean retrievable = false;
        long size = -1;
        Instant modified = null;
        String permissions = null;
        String id = null;
        int start = 1;
        while (start < tab) {
            int end = line.indexOf(',', start);
            if (end < 0 || end > tab) {
                end = tab;
            }
            if (end > start) {
                char kind = line.charAt(start);
                String value = line.substring(start + 1, end);
                switch (kind) {
                    case '/' -> directory = true;
                    case 'r' -> retrievable = true;
                    case 's' -> size = digits(value);
                    case 'm' -> {
                        long seconds = digits(value);
                        modified = seconds >= 0 && seconds < 253_402_300_800L ? Instant.ofEpochSecond(seconds) : null;
                    }
                    case 'i' -> id = value;
                    case 'u' -> {
                        if (value.startsWith("p") && value.length() > 1) {
                            permissions = UnixModes.toSymbolic(value.substring(1));
                        }
                    }
                    default -> {
                    }
                }
            }
            start = end + 1;
        }
        RemoteEntry.Type type = directory ? RemoteEntry.Type.DIRECTORY
                : retrievable ? RemoteEntry.Type.FILE : RemoteEntry.Type.OTHER;
        return new RemoteEntry(name, type, size, modified,
                modified == null ? RemoteEntry.TimePrecision.UNKNOWN : RemoteEntry.TimePrecision.SECONDS,
                permissions, null, null, null, line, id);
    }

    private static long digits(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return -1;
        }
        long result = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            result = result * 10 + (c - '0');
        }
        return result;
    }
}
