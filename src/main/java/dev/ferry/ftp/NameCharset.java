package dev.ferry.ftp;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The charset a name beyond ASCII goes out in, settled before it is sent. A server that does not say UTF8 in
 * FEAT, with no charset set for the site, has its charset guessed from the bytes of its names in a listing
 * ({@link ListOperation}). A name sent before any listing (`ferry put 报告.txt ftp://host/dir/` as the first thing
 * done with the server, a queue's upload right after connecting) went out in UTF-8, and a GBK server stored it
 * under mojibake beside the GBK names other clients wrote. So the folder the name goes into, or the deepest
 * folder of its path named in ASCII, is listed first and the guessing learns from its names; without names
 * beyond ASCII there nothing is guessed and UTF-8 stays (as in FileZilla).
 * <p>
 * It costs nothing for an ASCII name, with a charset set, announced (FEAT UTF8) or already guessed, once this
 * session has listed names beyond ASCII (what they told stands), or once a session of the process has listed
 * names beyond ASCII that read as UTF-8; a folder whose listing told nothing is not listed again in the session. Called by {@link FtpSession} before an operation's first command, never between
 * two commands that belong together (RNFR and RNTO, EPSV and STOR).
 */
final class NameCharset {

    private NameCharset() {
    }

    static void settle(SessionContext ctx, CancelToken token, TransferOperation.Reconnect reconnect, List<String> paths)
            throws IOException {
        String named = firstBeyondAscii(ctx, paths);
        if (named == null || ctx.settings.charset() != null || ctx.features.supportsUtf8() || ctx.namesSeen
                || !StandardCharsets.UTF_8.equals(ctx.control.charset())) {
            return;
        }
        String guessed = ctx.capabilities.guessedCharset();
        if (guessed != null && Charset.isSupported(guessed)) {
            // Guessed by another session to the server (the window's) since this one logged in.
            ctx.control.setCharset(Charset.forName(guessed));
            ctx.log.status(FtpText.CHARSET_USING_GUESS, guessed);
            return;
        }
        String folder = folderKey(asciiFolder(named));
        if (ctx.capabilities.utf8NamesSeen() || ctx.foldersWithoutCharset.contains(folder)) {
            return;
        }
        ctx.log.status(FtpText.CHARSET_LISTING_FIRST, folder.isEmpty() ? "." : folder);
        try {
            new ListOperation(ctx, token, reconnect).list(folder);
        } catch (FtpCancelledException cancelled) {
            throw cancelled;
        } catch (FtpReplyException refused) {
            // Not there (it may be about to be made) or not to be listed: it tells nothing, and the name goes as it is.
            ctx.foldersWithoutCharset.add(folder);
        } catch (IOException failed) {
            if (!ctx.connected()) {
                throw failed;
            }
            ctx.foldersWithoutCharset.add(folder);
        }
    }

    /** A folder as {@link SessionContext#foldersWithoutCharset} knows it: "" for the working directory, no "/" at its end. */
    static String folderKey(String folder) {
        if (folder == null) {
            return "";
        }
        return folder.length() > 1 && folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
    }

    /** The first of {@code paths}, resolved, with a character beyond ASCII; null when there is none. */
    private static String firstBeyondAscii(SessionContext ctx, List<String> paths) {
        for (String path : paths) {
            if (path != null && !isAscii(path)) {
                return ctx.resolve(path);
            }
        }
        return null;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * The deepest folder of {@code path} whose own path is ASCII: the folder a name goes into ("/dir" for
     * "/dir/报告.txt"), or the folder above the first name beyond ASCII ("/" for "/项目/报告.txt"), which lists
     * that name if it is there. "" (the working directory) for a relative path that starts beyond ASCII.
     */
    static String asciiFolder(String path) {
        int beyond = 0;
        while (beyond < path.length() && path.charAt(beyond) < 0x80) {
            beyond++;
        }
        int slash = path.lastIndexOf('/', beyond);
        if (slash < 0) {
            return "";
        }
        return slash == 0 ? "/" : path.substring(0, slash);
    }
}
