package dev.ferry.ftp;

import dev.ferry.message.Message;

/** The server answered a command with a negative reply (4xx or 5xx) or an unexpected one. */
public class FtpReplyException extends FtpException {

    private final FtpReply reply;
    private final String command;
    private final String path;

    /** {@code explanation} says what the refusal means, or is null; the server's words are always quoted. */
    public FtpReplyException(String command, FtpReply reply, Message explanation) {
        this(command, null, reply, explanation);
    }

    /** The same for a command on {@code path} (a transfer's file), which the server's words may quote. */
    public FtpReplyException(String command, String path, FtpReply reply, Message explanation) {
        super(describe(command, reply, explanation), reply.isTransientNegative());
        this.reply = reply;
        this.command = command;
        this.path = path;
    }

    public FtpReplyException(String command, FtpReply reply) {
        this(command, reply, null);
    }

    private static Message describe(String command, FtpReply reply, Message explanation) {
        return explanation == null
                ? Message.of(FtpText.REPLY_REFUSED, command, reply.code(), reply.firstLineText())
                : Message.of(FtpText.REPLY_REFUSED_EXPLAINED, explanation, command, reply.code(), reply.firstLineText());
    }

    public FtpReply reply() {
        return reply;
    }

    /** The reply code. */
    public int replyCode() {
        return reply.code();
    }

    /** The command verb that was refused, e.g. {@code RETR}; never its arguments' secrets. */
    public String command() {
        return command;
    }

    /** The file the refused transfer command named, or null. */
    public String path() {
        return path;
    }

    /** Whether the refused command was an upload's (STOR, APPE, STOU). */
    public boolean refusedAnUpload() {
        return isUpload(command);
    }

    static boolean isUpload(String verb) {
        return UPLOAD_VERBS.contains(verb);
    }

    private static final java.util.Set<String> UPLOAD_VERBS = java.util.Set.of("STOR", "APPE", "STOU");
}
