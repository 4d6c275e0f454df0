package dev.ferry.ftp;

import dev.ferry.ftp.listing.Listing;
import dev.ferry.ftp.listing.ListingParsers;
import dev.ferry.message.Message;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Listing a directory: MLSD when the server offers it, else LIST in the directory, with "-a"
 * where the server is Unix-like (dot files). What the server refuses is learned for it: MLSD
 * that is advertised but refused, "LIST -a" taken as a path (aioftp). When every form fails, the
 * error names what was tried.
 */
final class ListOperation {

    static final long MAX_LISTING_BYTES = 256L * 1024 * 1024;

    private final SessionContext ctx;
    private final CancelToken token;
    private final TransferOperation.Reconnect reconnect;

    ListOperation(SessionContext ctx, CancelToken token, TransferOperation.Reconnect reconnect) {
        this.ctx = ctx;
        this.token = token;
        this.reconnect = reconnect;
    }

    /** The folder being listed, as resolved; "" for the working directory. */
    private String folder = "";

    Listing list(String path) throws IOException {
        String folder = ctx.resolve(path);
        this.folder = NameCharset.folderKey(folder);
        ListingParsers parsers = new ListingParsers(ctx.settings.listingConfig());
        if (ctx.features.supportsMlsd() && !ctx.capabilities.mlsdRefused()) {
            try {
                byte[] bytes = read("MLSD", folder);
                return parsers.parseMlsd(path, lines(bytes));
            } catch (FtpReplyException e) {
                if (e.replyCode() != 500 && e.replyCode() != 502) {
                    throw e;
                }
                ctx.capabilities.learnMlsdRefused();
            }
        }
        if (folder != null && !folder.isEmpty()) {
            ctx.changeDirectory(folder);
        }
        ServerCapabilities.ListCommand first = ctx.capabilities.listCommand();
        if (first == null) {
            first = system().toUpperCase(Locale.ROOT).contains("UNIX") ? ServerCapabilities.ListCommand.LIST_ALL
                    : ServerCapabilities.ListCommand.LIST;
        }
        try {
            return parsers.parseList(path, lines(read("LIST", argument(first))), system());
        } catch (FtpReplyException refused) {
            if (first != ServerCapabilities.ListCommand.LIST_ALL || refused.replyCode() < 500) {
                throw refused;
            }
            // Some servers read "-a" as a file name; a bare LIST in the same directory is what they list.
            try {
                Listing listing = parsers.parseList(path, lines(read("LIST", null)), system());
                ctx.capabilities.learnListCommand(ServerCapabilities.ListCommand.LIST);
                ctx.log.status(FtpText.LIST_VARIANT_LEARNED, "LIST");
                return listing;
            } catch (FtpReplyException alsoRefused) {
                FtpReplyException explained = new FtpReplyException("LIST", alsoRefused.reply(),
                        Message.of(FtpText.LIST_ALL_FORMS_REFUSED, folder == null ? "" : folder, "LIST -a, LIST"));
                explained.addSuppressed(refused);
                explained.addSuppressed(alsoRefused);
                throw explained;
            }
        }
    }

    private static String argument(ServerCapabilities.ListCommand command) {
        return command == ServerCapabilities.ListCommand.LIST_ALL ? "-a" : null;
    }

    private String system() throws FtpException {
        if (ctx.system == null) {
            FtpReply reply = ctx.commands.command("SYST");
            ctx.system = reply.isPositive() ? reply.firstLineText() : "";
        }
        return ctx.system;
    }

    private byte[] read(String verb, String argument) throws IOException {
        TransferOperation<byte[]> operation = new TransferOperation<>(ctx, token, verb, argument, 0, null,
                () -> (data, listener) -> data.readAll(MAX_LISTING_BYTES, ctx.settings.dataTimeout()),
                new byte[0], TransferListener.NONE, reconnect);
        return operation.run();
    }

    private List<String> lines(byte[] received) {
        // A UTF-8 byte order mark (a listing written out as a Windows text file) is no part of the
        // first line, whatever the names' charset, nor of what the charset is guessed from.
        boolean marked = received.length >= 3 && received[0] == (byte) 0xEF && received[1] == (byte) 0xBB
                && received[2] == (byte) 0xBF;
        byte[] bytes = marked ? java.util.Arrays.copyOfRange(received, 3, received.length) : received;
        // What the names tell of the charset, for the names sent later (NameCharset).
        boolean beyondAscii = !CharsetGuess.isAscii(bytes);
        if (beyondAscii) {
            ctx.namesSeen = true;
        } else {
            ctx.foldersWithoutCharset.add(folder);
        }
        java.nio.charset.Charset charset = ctx.control == null ? java.nio.charset.StandardCharsets.UTF_8
                : ctx.control.charset();
        if (ctx.settings.charset() == null && !charset.equals(java.nio.charset.StandardCharsets.UTF_8)
                && CharsetGuess.readsBetterAsUtf8(bytes, charset)) {
            // The charset was guessed from another folder's names (T3: one folder of an old client's GBK
            // names on a UTF-8 server), and these names are UTF-8: read as the guess, they came out
            // scrambled, and commands naming them failed. The guess goes, here and at later logins.
            charset = java.nio.charset.StandardCharsets.UTF_8;
            ctx.control.setCharset(charset);
            ctx.capabilities.forgetGuessedCharset();
            ctx.log.status(FtpText.CHARSET_UTF8_AGAIN);
        } else if (ctx.settings.charset() == null && charset.equals(java.nio.charset.StandardCharsets.UTF_8)
                && !CharsetGuess.isUtf8(bytes)) {
            // Names that are not UTF-8, and no charset set for the site: the bytes say which one
            // they are in; commands then use it too, so every name goes back as the server's bytes.
            java.nio.charset.Charset guessed = CharsetGuess.guess(bytes);
            if (guessed != null) {
                charset = guessed;
                ctx.control.setCharset(guessed);
                ctx.capabilities.learnGuessedCharset(guessed.name());
                ctx.log.warning(FtpText.CHARSET_GUESSED, guessed.name());
            } else {
                ctx.log.warning(FtpText.NAMES_NOT_UTF8);
            }
        }
        if (beyondAscii && charset.equals(java.nio.charset.StandardCharsets.UTF_8) && CharsetGuess.isUtf8(bytes)) {
            ctx.capabilities.learnUtf8NamesSeen();
        }
        String text = new String(bytes, charset);
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            lines.add(text.substring(start, stop));
            start = end + 1;
        }
        return lines;
    }

}
