package dev.ferry.ftp;

import dev.ferry.message.Message;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Login was refused. When the server refused because it has too many connections (421, or 530
 * with words to that effect), {@link #isConnectionLimit()} is true and the failure is transient:
 * the transfer queue then runs with fewer sessions instead of failing items.
 */
public class FtpLoginException extends FtpException {

    /** Servers say "too many connections" in a 530 in many ways; these are the ones seen. */
    private static final Pattern LIMIT_WORDS = Pattern.compile(
            "too many|connection limit|limit reached|maximum (number of )?(connections|clients|users)"
                    + "|max(imum)? ?(connections|clients|users)|try again later|no more connections|too busy");

    /** How servers that take logins only over TLS say so (vsftpd, ProFTPD, Pure-FTPd, FileZilla Server, IIS). */
    private static final Pattern TLS_WORDS = Pattern.compile(
            "\\b(ssl|tls)\\b|encrypt|cleartext|clear text|plain ?ftp|ftp over tls|ftps|secure (connection|session)");

    private final FtpReply reply;
    private final boolean connectionLimit;

    public FtpLoginException(FtpReply reply) {
        super(explain(reply), !wantsTls(reply) && (isLimit(reply) || reply.isTransientNegative()));
        this.reply = reply;
        this.connectionLimit = isLimit(reply);
    }

    /** The refusal says TLS is required; no password was wrong, and asking again without TLS cannot help. */
    static boolean wantsTls(FtpReply reply) {
        return (reply.code() == 421 || reply.code() == 530 || reply.code() == 534 || reply.code() == 550)
                && TLS_WORDS.matcher(reply.text().toLowerCase(Locale.ROOT)).find();
    }

    static boolean isLimit(FtpReply reply) {
        return !wantsTls(reply) && reply.code() == 421
                || (reply.code() == 530 && LIMIT_WORDS.matcher(reply.text().toLowerCase(Locale.ROOT)).find());
    }

    private static Message explain(FtpReply reply) {
        FtpText key = wantsTls(reply) ? FtpText.LOGIN_NEEDS_TLS : isLimit(reply) ? FtpText.LOGIN_LIMIT
                : reply.code() == 530 ? FtpText.LOGIN_REJECTED
                : FtpText.LOGIN_FAILED;
        return Message.of(key, reply.code(), reply.firstLineText());
    }

    public FtpReply reply() {
        return reply;
    }

    public boolean isConnectionLimit() {
        return connectionLimit;
    }

    /**
     * The user name or password may be wrong: a 530, and not from a full server nor one that wants
     * TLS first (a password asked for again would be no better). A 4xx says "later", a 500 or 501 a
     * command not understood (R15: such a password was forgotten, and the tab logged in no more).
     */
    public boolean mayBeWrongCredentials() {
        return reply.code() == 530 && !connectionLimit && !wantsTls(reply);
    }
}
