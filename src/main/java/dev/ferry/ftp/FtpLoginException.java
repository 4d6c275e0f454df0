package dev.ferry.ftp;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Login was refused. When the server refused because it has too many connections (421, or 530
 * with words to that effect), {@link #isConnectionLimit()} is true and the failure is transient:
 * the transfer queue then runs with fewer sessions instead of failing items.
 */
public class FtpLoginException extends FtpReplyException {

    private static final Pattern LIMIT_WORDS = Pattern.compile(
            "too many|connection limit|limit reached|maximum (number of )?(connections|clients|users)"
                    + "|max(imum)? ?(connections|clients|users)|try again later|no more connections|too busy");

    private final boolean connectionLimit;

    public FtpLoginException(String command, FtpReply reply) {
        super(command, reply, explain(reply));
        this.connectionLimit = isLimit(reply);
    }

    static boolean isLimit(FtpReply reply) {
        return reply.code() == 421
                || (reply.code() == 530 && LIMIT_WORDS.matcher(reply.text().toLowerCase(Locale.ROOT)).find());
    }

    private static String explain(FtpReply reply) {
        if (isLimit(reply)) {
            return "The server has too many connections right now";
        }
        if (reply.code() == 530) {
            return "Login failed: the server rejected the user name or password";
        }
        return "Login failed";
    }

    public boolean isConnectionLimit() {
        return connectionLimit;
    }

    @Override
    public boolean isTransient() {
        return connectionLimit || super.isTransient();
    }
}
