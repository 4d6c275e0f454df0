package dev.ferry.ftp;

import dev.ferry.message.Message;
import dev.ferry.tls.TlsConnectionInfo;
import dev.ferry.tls.TlsConnector;
import dev.ferry.tls.TlsVersion;

import java.nio.ByteBuffer;

/**
 * The state one session's operations share: the connection, what the server said about itself,
 * where we are. Owned by the session's operating thread; operations read and change it, nothing
 * else does.
 */
final class SessionContext {

    final ConnectionSettings settings;
    final DialogueLog log;
    final ServerCapabilities capabilities;

    ControlConnection control;
    CommandChannel commands;
    TlsConnector tls;
    FtpFeatures features = FtpFeatures.NONE;
    String system;
    TransferType type;
    boolean dataProtected;
    boolean fellBackToPlain;
    String workingDirectory;
    String initialDirectory;
    TlsConnectionInfo lastDataTls;
    /** A TLS ceiling for this session only (after a refusal, before reconnecting). */
    TlsVersion sessionTlsCeiling;
    /** The data connection mode this session uses now; it may differ from the setting after a fallback. */
    DataConnectionMode dataMode;
    /** This connection's EPSV was answered 229: a transfer command may follow the next one without waiting. */
    boolean epsvAnswered;
    /** The greeting names a server known to lose commands sent before the previous one is answered. */
    boolean greetedBySequentialServer;
    /**
     * A listing of this session had names beyond ASCII: what they told of the charset (UTF-8, a guess, or
     * nothing that could be recognised) stands, and no folder is listed to learn it before a name is sent.
     * Kept across reconnections, as is {@link #foldersWithoutCharset}.
     */
    boolean namesSeen;
    /** Folders listed by this session that told nothing of the charset: only ASCII names, or not listable. */
    final java.util.Set<String> foldersWithoutCharset = new java.util.HashSet<>();
    private ByteBuffer transferBuffer;

    SessionContext(ConnectionSettings settings, DialogueLog log) {
        this.settings = settings;
        this.log = log;
        this.capabilities = settings.capabilities();
    }

    boolean connected() {
        return control != null && !control.isClosed();
    }

    /** Forgets everything about the current connection (it is being replaced or was lost). */
    void resetConnection() {
        if (control != null) {
            control.close();
        }
        control = null;
        commands = null;
        features = FtpFeatures.NONE;
        system = null;
        type = null;
        dataProtected = false;
        fellBackToPlain = false;
        lastDataTls = null;
        epsvAnswered = false;
        workingDirectory = null;
    }

    ByteBuffer transferBuffer() {
        if (transferBuffer == null) {
            transferBuffer = ByteBuffer.allocateDirect(DataConnection.BUFFER_SIZE);
        }
        return transferBuffer;
    }

    /**
     * Relative paths mean "relative to the directory the server logged us into", for the whole
     * session: listings change the working directory (CWD before LIST), so a relative path sent
     * as it is would drift. Absolute and empty paths are kept.
     */
    String resolve(String path) {
        if (path == null || path.isEmpty() || RemotePaths.isAbsolute(path) || initialDirectory == null
                || !RemotePaths.isAbsolute(initialDirectory)) {
            return path;
        }
        return RemotePaths.join(initialDirectory, path);
    }

    void changeDirectory(String path) throws FtpException {
        FtpReply refused = enterDirectory(path);
        if (refused != null) {
            throw new FtpReplyException("CWD", refused,
                    refused.code() == 550 ? Message.of(FtpText.DIRECTORY_MISSING, path) : null);
        }
    }

    /** CWD; the server's refusal, or null once in. */
    FtpReply enterDirectory(String path) throws FtpException {
        if (path.equals(workingDirectory)) {
            return null;
        }
        FtpReply reply = commands.command("CWD", path);
        if (!reply.isPositive()) {
            return reply;
        }
        workingDirectory = RemotePaths.isAbsolute(path) ? RemotePaths.normalize(path) : null;
        return null;
    }

    void ensureType(TransferType wanted) throws FtpException {
        if (type == wanted) {
            return;
        }
        expectPositive("TYPE", commands.command("TYPE " + wanted.code()));
        type = wanted;
    }

    static void expectPositive(String verb, FtpReply reply) throws FtpReplyException {
        if (!reply.isPositive()) {
            throw new FtpReplyException(verb, reply);
        }
    }

    /** The path in a 257 reply: {@code 257 "/a ""quoted"" dir" created} → {@code /a "quoted" dir}. */
    static String parseQuotedPath(FtpReply reply) {
        String text = reply.firstLineText();
        int start = text.indexOf('"');
        if (start < 0) {
            return null;
        }
        StringBuilder path = new StringBuilder();
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    path.append('"');
                    i++;
                } else {
                    return path.toString();
                }
            } else {
                path.append(c);
            }
        }
        return null;
    }
}
