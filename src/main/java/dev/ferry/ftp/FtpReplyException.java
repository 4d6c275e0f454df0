package dev.ferry.ftp;

/** The server answered a command with a negative reply (4xx or 5xx) or an unexpected one. */
public class FtpReplyException extends FtpException {

    private final FtpReply reply;
    private final String command;

    public FtpReplyException(String command, FtpReply reply, String explanation) {
        super(describe(command, reply, explanation), reply.isTransientNegative());
        this.reply = reply;
        this.command = command;
    }

    public FtpReplyException(String command, FtpReply reply) {
        this(command, reply, null);
    }

    private static String describe(String command, FtpReply reply, String explanation) {
        String said = "the server answered " + command + " with \"" + reply.code() + " " + reply.firstLineText() + "\"";
        return explanation == null ? capitalise(said) : explanation + " (" + said + ")";
    }

    private static String capitalise(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    public FtpReply reply() {
        return reply;
    }

    public int code() {
        return reply.code();
    }

    /** The command verb that was refused, e.g. {@code RETR}; never its arguments' secrets. */
    public String command() {
        return command;
    }
}
