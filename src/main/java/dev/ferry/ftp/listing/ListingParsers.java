package dev.ferry.ftp.listing;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the parser for a listing and applies it. MLSD output has one format; for LIST output
 * the format is detected from the lines themselves (the parser that understands most of the
 * first lines wins, Unix on a tie, as it is by far the most common).
 */
public final class ListingParsers {

    private static final int DETECTION_SAMPLE = 50;

    private final ZoneId zone;
    private final Clock clock;

    public ListingParsers(ZoneId zone, Clock clock) {
        this.zone = zone;
        this.clock = clock;
    }

    public ListingParsers(ZoneId zone) {
        this(zone, Clock.systemUTC());
    }

    public Listing parseMlsd(String path, List<String> lines) {
        return apply(path, lines, new MlsdParser());
    }

    public Listing parseList(String path, List<String> lines) {
        return apply(path, lines, detect(lines));
    }

    ListingParser detect(List<String> lines) {
        List<ListingParser> candidates = List.of(new UnixListParser(zone, clock), new DosListParser(zone));
        ListingParser best = candidates.getFirst();
        int bestScore = -1;
        for (ListingParser candidate : candidates) {
            int score = 0;
            int sampled = 0;
            for (String line : lines) {
                if (sampled == DETECTION_SAMPLE) {
                    break;
                }
                if (candidate.isNoise(line)) {
                    continue;
                }
                sampled++;
                if (candidate.parse(line) != null) {
                    score++;
                }
            }
            if (score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    private static Listing apply(String path, List<String> lines, ListingParser parser) {
        List<RemoteEntry> entries = new ArrayList<>(lines.size());
        List<String> unparsed = new ArrayList<>();
        for (String line : lines) {
            if (parser.isNoise(line)) {
                continue;
            }
            RemoteEntry entry = parser.parse(line);
            if (entry == null) {
                unparsed.add(line);
            } else if (!(entry.isDirectory() && (entry.name().equals(".") || entry.name().equals("..")))) {
                // "." and ".." as directories are ls -a noise; as anything else they stay, flagged unsafe.
                entries.add(entry);
            }
        }
        return new Listing(path, entries, unparsed, parser.formatName());
    }
}
