package dev.ferry.ftp.listing;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Machine listings (RFC 3659 MLSD/MLST): {@code fact=value;...; name}. Times are UTC.
 * Entries of type {@code cdir}/{@code pdir} (the directory itself and its parent) are noise.
 */
public final class MlsdParser implements ListingParser {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

    @Override
    public String formatName() {
        return "MLSD";
    }

    @Override
    public boolean isNoise(String line) {
        if (line.isBlank()) {
            return true;
        }
        String type = fact(factsOf(line), "type");
        return type != null && (type.equalsIgnoreCase("cdir") || type.equalsIgnoreCase("pdir"));
    }

    @Override
    public RemoteEntry parse(String line) {
        int space = line.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String facts = line.substring(0, space);
        String name = line.substring(space + 1);
        if (name.isEmpty() || (!facts.isEmpty() && !facts.endsWith(";")) || (!facts.isEmpty() && !facts.contains("="))) {
            return null;
        }
        String typeFact = fact(facts, "type");
        RemoteEntry.Type type = RemoteEntry.Type.OTHER;
        String linkTarget = null;
        if (typeFact != null) {
            String t = typeFact.toLowerCase(Locale.ROOT);
            if (t.equals("file")) {
                type = RemoteEntry.Type.FILE;
            } else if (t.equals("dir") || t.equals("cdir") || t.equals("pdir")) {
                type = RemoteEntry.Type.DIRECTORY;
            } else if (t.startsWith("os.unix=slink") || t.startsWith("os.unix=symlink")) {
                type = RemoteEntry.Type.SYMLINK;
                int colon = typeFact.indexOf(':');
                linkTarget = colon >= 0 ? typeFact.substring(colon + 1) : null;
            }
        }
        long size = parseSize(fact(facts, "size"));
        if (size < 0) {
            size = parseSize(fact(facts, "sizd"));
        }
        Instant modified = null;
        RemoteEntry.TimePrecision precision = RemoteEntry.TimePrecision.UNKNOWN;
        String modify = fact(facts, "modify");
        if (modify != null && modify.length() >= 14) {
            try {
                LocalDateTime time = LocalDateTime.parse(modify.substring(0, 14), TIME);
                modified = time.toInstant(ZoneOffset.UTC);
                precision = RemoteEntry.TimePrecision.SECONDS;
                if (modify.length() > 15 && modify.charAt(14) == '.') {
                    String fraction = (modify.substring(15) + "000000000").substring(0, 9);
                    if (fraction.chars().allMatch(Character::isDigit)) {
                        modified = modified.plusNanos(Long.parseLong(fraction));
                    }
                }
            } catch (DateTimeParseException e) {
                modified = null;
            }
        }
        String mode = fact(facts, "unix.mode");
        String permissions = mode != null ? UnixModes.toSymbolic(mode) : fact(facts, "perm");
        String owner = firstNonNull(fact(facts, "unix.ownername"), fact(facts, "unix.owner"));
        String group = firstNonNull(fact(facts, "unix.groupname"), fact(facts, "unix.group"));
        return new RemoteEntry(name, type, size, modified, precision, permissions, owner, group, linkTarget, line,
                fact(facts, "unique"));
    }

    private static String factsOf(String line) {
        int space = line.indexOf(' ');
        return space < 0 ? line : line.substring(0, space);
    }

    /** The value of a fact, names compared case-insensitively as RFC 3659 requires. */
    static String fact(String facts, String wanted) {
        int start = 0;
        while (start < facts.length()) {
            int end = facts.indexOf(';', start);
            if (end < 0) {
                end = facts.length();
            }
            int equals = facts.indexOf('=', start);
            if (equals > start && equals < end && facts.substring(start, equals).equalsIgnoreCase(wanted)) {
                return facts.substring(equals + 1, end);
            }
            start = end + 1;
        }
        return null;
    }

    private static long parseSize(String value) {
        if (value == null) {
            return -1;
        }
        try {
            long size = Long.parseLong(value.trim());
            return size >= 0 ? size : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
