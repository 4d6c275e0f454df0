package dev.ferry.ui.explorer;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.FtpCancelledException;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpReplyException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.ftp.listing.RemoteEntry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A search of the server by name, folder by folder from a starting one (breadth first, so what
 * is near comes first). Bounded in results and in folders listed, and cancellable between and
 * during listings. Symbolic links are not followed: a link to a parent would never end.
 */
final class RemoteSearch {

    record Hit(String path, RemoteEntry entry) {
    }

    /** How it ended: folders listed, hits, and which bound (if any) stopped it. */
    record Outcome(int folders, int found, int unreadable, boolean resultsLimited, boolean foldersLimited,
                   boolean cancelled) {
    }

    /** Told on the search's thread after each folder: its hits (maybe none) and the count so far. */
    interface Progress {
        void folderDone(List<Hit> hits, int foldersSearched);
    }

    private RemoteSearch() {
    }

    /**
     * Names matching the pattern, ignoring case: with * or ? a whole-name wildcard pattern
     * ("*.log"), without them any name containing the text ("report").
     */
    static Predicate<String> matcher(String pattern) {
        String p = pattern.strip();
        if (p.indexOf('*') < 0 && p.indexOf('?') < 0) {
            String part = p.toLowerCase(Locale.ROOT);
            return name -> name.toLowerCase(Locale.ROOT).contains(part);
        }
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : p.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        Pattern compiled = Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
        return name -> compiled.matcher(name).matches();
    }

    static Outcome run(FtpSession session, String root, Predicate<String> matches, int maxResults, int maxFolders,
                       CancelToken token, Progress progress) throws FtpException {
        Deque<String> folders = new ArrayDeque<>();
        folders.add(root);
        int listed = 0;
        int found = 0;
        int unreadable = 0;
        while (!folders.isEmpty()) {
            if (token.isCancelled()) {
                return new Outcome(listed, found, unreadable, false, false, true);
            }
            if (listed >= maxFolders) {
                return new Outcome(listed, found, unreadable, false, true, false);
            }
            String folder = folders.poll();
            List<RemoteEntry> entries;
            try {
                entries = session.list(folder, token).entries();
            } catch (FtpCancelledException e) {
                return new Outcome(listed, found, unreadable, false, false, true);
            } catch (FtpReplyException e) {
                // A folder we may not read (550) is counted and passed over, not the end of the search.
                unreadable++;
                listed++;
                continue;
            }
            listed++;
            List<Hit> hits = new ArrayList<>();
            for (RemoteEntry entry : entries) {
                if (!entry.isSafe() || entry.name().equals(".") || entry.name().equals("..")) {
                    continue;
                }
                String path = RemotePaths.join(folder, entry.name());
                if (matches.test(entry.name()) && found < maxResults) {
                    hits.add(new Hit(path, entry));
                    found++;
                }
                if (entry.type() == RemoteEntry.Type.DIRECTORY) {
                    folders.add(path);
                }
            }
            progress.folderDone(hits, listed);
            if (found >= maxResults) {
                return new Outcome(listed, found, unreadable, true, false, false);
            }
        }
        return new Outcome(listed, found, unreadable, false, false, token.isCancelled());
    }
}
