package dev.ferry.tls;

import dev.ferry.message.MessageKey;

/**
 * What the TLS layer tells the user, as keys; the words are in
 * {@code dev/ferry/message/messages*.properties} under {@code tls.NAME}. Arguments in order are
 * listed in each constant's comment.
 */
public enum TlsText implements MessageKey {
    WHICH_CONTROL,
    WHICH_DATA,
    /** version, cipher suite, session (nested: SESSION_RESUMED or SESSION_NEW) */
    CONTROL_HANDSHAKE,
    /** version, cipher suite, session (nested) */
    DATA_HANDSHAKE,
    /** version, cipher suite, why (nested) */
    DATA_NOT_RESUMED,
    SESSION_RESUMED,
    SESSION_NEW,
    DATA_CANNOT_RESUME_13_BUILD,
    TICKET_OFFER_REFUSED_WARNING,
    NO_CONTROL_SESSION,
    /** version */
    NO_SESSION_ID,
    TICKET_OFFER_REFUSED,
    TICKETS_EXPIRED,
    NO_TICKETS,
    SERVER_DECLINED_RESUME,
    /** why (nested), what the administrator can change (nested) */
    REUSE_REFUSAL_ADVICE,
    FIX_SEND_TICKETS,
    FIX_KEEP_SESSIONS,
    /** fingerprint */
    DATA_CERTIFICATE_DIFFERENT,
    /** which (nested), seconds */
    HANDSHAKE_TIMED_OUT,
    /** which connection, the first line the server sent */
    HANDSHAKE_PLAIN_ANSWER,
    /** which (nested), alert */
    HANDSHAKE_REFUSED,
    /** which (nested), alert */
    HANDSHAKE_FAILED_ALERT,
    /** which (nested) */
    HANDSHAKE_CLOSED,
    /** which (nested), detail */
    HANDSHAKE_FAILED,
    /** which (nested) */
    CLIENT_CERTIFICATE_REQUIRED,
    /** which (nested), subject */
    CLIENT_CERTIFICATE_SENT,
    /** which (nested), alert */
    CLIENT_CERTIFICATE_REFUSED,
    /** which (nested) */
    CLIENT_CERTIFICATE_REFUSED_AFTER_HANDSHAKE,
    /** which (nested) */
    CLIENT_CERTIFICATE_NO_SIGNATURE,
    /** file */
    CLIENT_ID_FILE_MISSING,
    /** file, detail */
    CLIENT_ID_FILE_UNREADABLE,
    /** file */
    CLIENT_ID_NOT_RECOGNIZED,
    /** file */
    CLIENT_ID_NO_CERTIFICATE,
    /** file */
    CLIENT_ID_NO_KEY,
    /** file */
    CLIENT_ID_PASSPHRASE_NEEDED,
    /** file */
    CLIENT_ID_WRONG_PASSPHRASE,
    /** file, format */
    CLIENT_ID_KEY_FORMAT_UNSUPPORTED,
    /** key file, certificate file */
    CLIENT_ID_KEY_MISMATCH,
    /** fingerprint */
    TRUSTED_BY_FINGERPRINT,
    /** fingerprint */
    TRUSTED_THIS_RUN,
    /** fingerprint */
    TRUSTED_EARLIER,
    /** host, fingerprint */
    CHANGED_BUT_VALID,
    /** subject, issuer */
    VERIFIED,
    /** problems (nested), fingerprint */
    INSECURE_ACCEPT,
    /** problems (nested), fingerprint */
    NOT_TRUSTED,
    FINGERPRINT_MISMATCH,
    /** fingerprint */
    TRUSTED_BY_DECISION,
    /** problems (nested) */
    REJECTED_BY_USER,
    /** fingerprint */
    TRUSTED_ONCE,
    /** fingerprint */
    TRUSTED_ALWAYS,
    /** reason */
    TRUST_SAVE_FAILED,
    /** one problem (nested), the others (nested) */
    PROBLEM_AND,
    PROBLEM_UNTRUSTED_ISSUER,
    PROBLEM_SELF_SIGNED,
    PROBLEM_EXPIRED,
    PROBLEM_NOT_YET_VALID,
    PROBLEM_HOST_MISMATCH,
    PROBLEM_CHANGED;

    @Override
    public String bundleKey() {
        return "tls." + name();
    }
}
