package dev.ferry.ftp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a server advertised in its FEAT reply (RFC 2389): feature names, upper-cased, each with
 * its parameters as sent (e.g. {@code MLST -> "type*;size*;modify*;"}, {@code REST -> "STREAM"}).
 */
public final class FtpFeatures {

    public static final FtpFeatures NONE = new FtpFeatures(Map.of());

    private final Map<String, String> features;

    private FtpFeatures(Map<String, String> features) {
        this.features = Collections.unmodifiableMap(features);
    }

    public static FtpFeatures parse(FtpReply reply) {
        if (!reply.isPositive() || reply.lines().size() < 2) {
            return NONE;
        }
        Map<String, String> features = new LinkedHashMap<>();
        // Feature lines start with a space; the first and last lines are the 211 frame.
        for (String line : reply.lines().subList(1, reply.lines().size() - 1)) {
            String feature = line.strip();
            if (feature.isEmpty()) {
                continue;
            }
            int space = feature.indexOf(' ');
            String name = (space < 0 ? feature : feature.substring(0, space)).toUpperCase(Locale.ROOT);
            String parameters = space < 0 ? "" : feature.substring(space + 1).strip();
            features.merge(name, parameters, (a, b) -> a.isEmpty() ? b : a + " " + b);
        }
        return new FtpFeatures(features);
    }

    public boolean has(String name) {
        return features.containsKey(name.toUpperCase(Locale.ROOT));
    }

    /** Parameters of a feature, or an empty string when it has none or is absent. */
    public String parameters(String name) {
        return features.getOrDefault(name.toUpperCase(Locale.ROOT), "");
    }

    public Set<String> names() {
        return features.keySet();
    }

    public boolean supportsMlsd() {
        return has("MLST");
    }

    public boolean supportsRestStream() {
        return has("REST") && parameters("REST").toUpperCase(Locale.ROOT).contains("STREAM");
    }

    public boolean supportsUtf8() {
        return has("UTF8");
    }

    @Override
    public String toString() {
        return features.toString();
    }
}
