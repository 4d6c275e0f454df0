package dev.ferry.ftp.listing;

/**
 * A line split at spaces and tabs, keeping where each token starts and ends so that a parser can
 * take a name from the line itself (with its own spacing) once the fields before it are known.
 */
final class Tokens {

    private static final int[] NONE = new int[0];

    final String line;
    private int[] starts = NONE;
    private int[] ends = NONE;
    private int count;

    Tokens(String line) {
        this.line = line;
        int length = line.length();
        int i = 0;
        while (i < length) {
            while (i < length && isBlank(line.charAt(i))) {
                i++;
            }
            if (i == length) {
                break;
            }
            int start = i;
            while (i < length && !isBlank(line.charAt(i))) {
                i++;
            }
            add(start, i);
        }
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private void add(int start, int end) {
        if (count == starts.length) {
            int size = Math.max(16, count * 2);
            starts = java.util.Arrays.copyOf(starts, size);
            ends = java.util.Arrays.copyOf(ends, size);
        }
        starts[count] = start;
        ends[count] = end;
        count++;
    }

    int count() {
        return count;
    }

    int start(int i) {
        return starts[i];
    }

    int end(int i) {
        return ends[i];
    }

    int length(int i) {
        return ends[i] - starts[i];
    }

    String text(int i) {
        return line.substring(starts[i], ends[i]);
    }

    char first(int i) {
        return line.charAt(starts[i]);
    }

    char last(int i) {
        return line.charAt(ends[i] - 1);
    }

    boolean is(int i, String text) {
        return length(i) == text.length() && line.startsWith(text, starts[i]);
    }

    boolean isIgnoreCase(int i, String text) {
        return length(i) == text.length() && line.regionMatches(true, starts[i], text, 0, text.length());
    }

    /** Whether token i is made of ASCII digits only. */
    boolean isDigits(int i) {
        return digitsIn(starts[i], ends[i]);
    }

    boolean digitsIn(int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int p = from; p < to; p++) {
            char c = line.charAt(p);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Token i as a non-negative number, or -1 when it is not one (or does not fit a long). */
    long number(int i) {
        return number(starts[i], ends[i]);
    }

    long number(int from, int to) {
        if (from >= to || to - from > 18) {
            return to - from > 18 && digitsIn(from, to) ? bigNumber(from, to) : -1;
        }
        long value = 0;
        for (int p = from; p < to; p++) {
            char c = line.charAt(p);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private long bigNumber(int from, int to) {
        // Leading zeros are harmless; anything past Long.MAX_VALUE is not a size we can use.
        while (from < to - 1 && line.charAt(from) == '0') {
            from++;
        }
        if (to - from > 19 || (to - from == 19 && line.substring(from, to).compareTo("9223372036854775807") > 0)) {
            return -1;
        }
        return Long.parseLong(line, from, to, 10);
    }

    /**
     * Where {@code c} first is in token i, or -1. Parsers try every token of a line; a search
     * that ran on to the end of the line made a long line cost the square of its length.
     */
    int indexOf(char c, int i) {
        for (int p = starts[i]; p < ends[i]; p++) {
            if (line.charAt(p) == c) {
                return p;
            }
        }
        return -1;
    }

    /** How many leading ASCII digits token i has. */
    int leadingDigits(int i) {
        int p = starts[i];
        while (p < ends[i] && line.charAt(p) >= '0' && line.charAt(p) <= '9') {
            p++;
        }
        return p - starts[i];
    }

    /** The rest of the line from token i on, exactly as sent. */
    String restFrom(int i) {
        return line.substring(starts[i]);
    }

    /** The text from token {@code first} to the end of token {@code last}, spacing kept. */
    String span(int first, int last) {
        return line.substring(starts[first], ends[last]);
    }

    /** How many blanks separate token i from the one before it. */
    int gapBefore(int i) {
        return i == 0 ? starts[0] : starts[i] - ends[i - 1];
    }
}
