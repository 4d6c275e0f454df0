package dev.ferry.cli;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A shell pattern in the last segment of a get's URL, as lftp's mget and the shell read it: {@code *} any run of
 * characters, {@code ?} one, {@code [abc]}, {@code [a-z]} and {@code [!x]} (or {@code [^x]}) one of a set. As in
 * the shell, a name starting with "." is matched only by a pattern starting with "." A character written as a
 * URL escape ({@code %2A}, {@code %3F}, {@code %5B}) is that character itself, never a wildcard.
 */
record Wildcard(String text, Pattern pattern, boolean dotExplicit) {

    /**
     * The pattern the URL argument's last path segment holds, if it holds any wildcard.
     *
     * @param argument as typed: a URL, or with --site a path on the server
     * @param escapes  whether "%XX" is an escape there (in a URL, not in a --site path)
     */
    static Optional<Wildcard> in(String argument, boolean escapes) {
        if (argument == null) {
            return Optional.empty();
        }
        String path = argument;
        if (escapes) {
            int scheme = path.indexOf("://");
            if (scheme < 0) {
                return Optional.empty();
            }
            String rest = path.substring(scheme + 3);
            int slash = rest.indexOf('/');
            if (slash < 0) {
                return Optional.empty();
            }
            path = rest.substring(slash + 1);
            // As FtpUrl reads it: the line break a paste brings is not part of the name.
            path = path.replaceAll("[\r\n]+$", "");
        }
        String segment = path.substring(path.lastIndexOf('/') + 1);
        return parse(segment, escapes);
    }

    static Optional<Wildcard> parse(String raw, boolean escapes) {
        StringBuilder regex = new StringBuilder();
        StringBuilder shown = new StringBuilder();
        boolean wild = false;
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (escapes && c == '%') {
                int end = i;
                while (end + 3 <= raw.length() && raw.charAt(end) == '%') {
                    end += 3;
                }
                if (end == i) {
                    end = raw.length();
                }
                String literal = decode(raw.substring(i, end));
                regex.append(Pattern.quote(literal));
                shown.append(literal);
                i = end;
            } else if (c == '*') {
                wild = true;
                regex.append(".*");
                shown.append(c);
                i++;
            } else if (c == '?') {
                wild = true;
                regex.append('.');
                shown.append(c);
                i++;
            } else if (c == '[') {
                int close = raw.indexOf(']', i + 2 < raw.length() && (raw.charAt(i + 1) == '!' || raw.charAt(i + 1) == '^')
                        ? i + 3 : i + 2);
                if (close < 0) {
                    regex.append(Pattern.quote("["));
                    shown.append(c);
                    i++;
                    continue;
                }
                wild = true;
                String inside = raw.substring(i + 1, close);
                shown.append(raw, i, close + 1);
                boolean negated = inside.startsWith("!") || inside.startsWith("^");
                String set = escapes ? decode(negated ? inside.substring(1) : inside) : negated ? inside.substring(1) : inside;
                regex.append(negated ? "[^" : "[");
                for (int k = 0; k < set.length(); k++) {
                    char s = set.charAt(k);
                    if (s == '-' && k > 0 && k < set.length() - 1) {
                        regex.append('-');
                    } else if (Character.isLetterOrDigit(s)) {
                        regex.append(s);
                    } else {
                        regex.append('\\').append(s);
                    }
                }
                regex.append(']');
                i = close + 1;
            } else {
                int end = i;
                while (end < raw.length() && "*?[".indexOf(raw.charAt(end)) < 0 && !(escapes && raw.charAt(end) == '%')) {
                    end++;
                }
                String literal = escapes ? decode(raw.substring(i, end)) : raw.substring(i, end);
                regex.append(Pattern.quote(literal));
                shown.append(literal);
                i = end;
            }
        }
        if (!wild) {
            return Optional.empty();
        }
        Pattern pattern = Pattern.compile(regex.toString(), Pattern.DOTALL);
        return Optional.of(new Wildcard(shown.toString(), pattern, raw.startsWith(".") || raw.startsWith("%2E")
                || raw.startsWith("%2e")));
    }

    private static String decode(String text) {
        // As FtpUrl decodes: '+' is a plus; a bad escape is left as typed, FtpUrl has said it already.
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    boolean matches(String name) {
        if (name.startsWith(".") && !dotExplicit) {
            return false;
        }
        return pattern.matcher(name).matches();
    }
}
