package dev.ferry.diagnose;

import dev.ferry.message.MessageKey;

/**
 * Everything a diagnosis can say, as keys; the words are in
 * {@code dev/ferry/message/messages*.properties} under {@code diagnose.NAME}. Arguments are in
 * each group's comment, in order; ports and addresses are passed as text (no digit grouping).
 */
public enum DiagnoseText implements MessageKey {
    // ---- step titles. host | port | (none)
    STEP_DNS, STEP_TCP, STEP_GREETING, STEP_AUTH_TLS, STEP_TLS_HANDSHAKE, STEP_TLS_HANDSHAKE_IMPLICIT, STEP_CERTIFICATE,
    STEP_IMPLICIT_TLS, STEP_EXPLICIT_TLS,
    /** user */
    STEP_LOGIN,
    STEP_PROTECTION, STEP_PASSIVE_EPSV, STEP_PASSIVE_PASV, STEP_ACTIVE, STEP_DATA_TLS, STEP_LISTING,

    // ---- skipped, deadline
    /** step title (nested) */
    SKIPPED_AFTER,
    /** reason (nested) */
    SKIPPED_BECAUSE,
    SKIPPED_NOT_REACHED, SKIPPED_NO_DATA_CONNECTION, SKIPPED_DEADLINE, SKIPPED_NOT_NEEDED, CANCELLED,
    /** seconds */
    DEADLINE_REACHED,

    // ---- name lookup. host, addresses | host | host, seconds
    DNS_OK, DNS_LITERAL, DNS_UNKNOWN, DNS_TIMED_OUT, DNS_NO_ADDRESS,

    // ---- TCP. address, milliseconds | address | address, seconds | address, reason
    TCP_OK, TCP_REFUSED, TCP_TIMED_OUT, TCP_NO_ROUTE, TCP_FAILED, TCP_ATTEMPT_FAILED,

    // ---- greeting. text, software | text | code, text | seconds | what came
    GREETING_OK, GREETING_OK_ANONYMOUS, GREETING_REFUSED, GREETING_TIMED_OUT, GREETING_TIMED_OUT_TLS, GREETING_CLOSED,
    GREETING_FAILED, GREETING_NOT_FTP, GREETING_SSH,

    // ---- AUTH TLS. code, text | seconds
    AUTH_TLS_OK, AUTH_SSL_ONLY, AUTH_TLS_REFUSED, AUTH_TLS_NO_ANSWER,
    CONTROL_CLOSED,
    /** reason */
    CONTROL_FAILED,
    /** what came */
    NOT_A_REPLY,

    // ---- TLS handshake. version, cipher | seconds | port, seconds | reason (nested)
    TLS_OK, TLS_STALLED, TLS_IMPLICIT_STALLED, TLS_FAILED,

    // ---- certificate. host, issuer | problems (nested) | one value each
    CERT_TRUSTED, CERT_NOT_TRUSTED, CERT_NONE,
    CERT_SUBJECT, CERT_ISSUER, CERT_VALIDITY, CERT_NAMES, CERT_FINGERPRINT, CERT_CHAIN_ENTRY,
    CERT_PROBLEM_UNTRUSTED_ISSUER, CERT_PROBLEM_SELF_SIGNED, CERT_PROBLEM_EXPIRED, CERT_PROBLEM_NOT_YET_VALID,
    /** host */
    CERT_PROBLEM_HOST_MISMATCH,
    CERT_PROBLEM_CHANGED,
    /** first (nested), rest (nested) */
    LIST_PAIR,

    // ---- other TLS ports. port, version | port, what it said | port, seconds | port, reason
    IMPLICIT_OK, IMPLICIT_PLAIN, IMPLICIT_NO_HANDSHAKE, IMPLICIT_NO_TLS, IMPLICIT_TLS_NOT_FTP,
    EXPLICIT_OK, EXPLICIT_NO_GREETING, EXPLICIT_AUTH_REFUSED, EXPLICIT_STALLED, EXPLICIT_NO_TLS,
    ALT_NOTHING_LISTENS, ALT_NO_ANSWER, ALT_FAILED, ALT_CLOSED, ALT_REFUSED,

    // ---- login and protection. user | user, TLS mode (nested), port | fingerprint | features | directory
    LOGIN_OK, LOGIN_OK_WITH, LOGIN_OK_PLAIN_FALLBACK, LOGIN_CERTIFICATE_REJECTED, LOGIN_DIRECTORY,
    FEATURES, FEATURES_UTF8, FEATURES_NO_UTF8,
    PROTECTION_OK, PROTECTION_CLEAR, PROTECTION_CLEAR_CHOSEN, PROTECTION_PLAIN,
    /** reason (nested) */
    PROBE_LOGIN_FAILED,

    // ---- passive and active. port | code, text | host, port, seconds | announced, control
    EPSV_OK, EPSV_REFUSED, EPSV_CONNECT_FAILED,
    PASV_OK, PASV_REFUSED, PASV_CONNECT_FAILED, PASV_IPV6, PASV_REPLACED, PASV_OTHER_ADDRESS_REACHABLE,
    PASV_ANNOUNCED_ONLY, PASV_BOTH_FAILED, PASV_ANNOUNCED_REACHED, PASV_ANNOUNCED_UNREACHED,
    /** verb | verb, code, text | seconds | code, text */
    ACTIVE_OK, ACTIVE_REFUSED, ACTIVE_NOT_CONNECTED_BACK, ACTIVE_NOT_CONNECTED_BACK_SAID,

    // ---- TLS on data connections. version, how (nested) | version | version, cipher | reason (nested)
    DATA_TLS_RESUMED, DATA_TLS_NEW_SESSION, DATA_TLS_NEEDS_12, DATA_TLS_CLEAR, DATA_TLS_PLAIN,
    RESUMED_BY_TICKET, RESUMED_BY_SESSION_ID, NOT_RESUMED,
    DATA_TLS_SUMMARY, CONTROL_TLS_SUMMARY, RESUMPTION_UNAVAILABLE,

    // ---- listing. directory, count, first name, command | directory, command | name, charset |
    // directory, count, charset, command
    LISTING_OK, LISTING_EMPTY, LISTING_NOT_DECODABLE, LISTING_CHARSET_GUESSED,

    // ---- verdict. failed step title (nested), its message (nested)
    VERDICT_WORKS, VERDICT_WORKS_WITH_WARNINGS, VERDICT_WORKS_WITH_CHANGES, VERDICT_FAILS, VERDICT_FAILS_UNKNOWN,
    VERDICT_DEADLINE, VERDICT_CANCELLED,

    // ---- settings that work. mode (nested) | mode (nested), port | port | version | charset
    CHANGE_TLS_MODE, CHANGE_TLS_MODE_PORT, CHANGE_PORT, CHANGE_TLS_MAX, CHANGE_PASSIVE, CHANGE_ACTIVE,
    CHANGE_USE_CONTROL_ADDRESS, CHANGE_TRUST_PASV_ADDRESS, CHANGE_CHARSET,
    TLS_MODE_NONE, TLS_MODE_EXPLICIT, TLS_MODE_IF_AVAILABLE, TLS_MODE_IMPLICIT,

    // ---- for the server's administrator. reason (nested) | host, problems (nested) | address
    ADMIN_TLS_STALLS, ADMIN_TLS_FAILS, ADMIN_CERTIFICATE, ADMIN_PROT_REFUSED, ADMIN_PASV_PRIVATE, ADMIN_PASV_UNREACHABLE,
    ADMIN_PASSIVE_PORTS, ADMIN_REUSE_13_ONLY_NO_TICKETS, ADMIN_REUSE_13_ONLY_DECLINED, ADMIN_REUSE_NO_TICKETS,
    ADMIN_REUSE_13_DECLINED, ADMIN_REUSE_DECLINED,

    // ---- for the user. fingerprint | what the server announces (nested)
    NOTE_TLS_AVAILABLE, NOTE_IMPLICIT_AVAILABLE, NOTE_NO_TLS, NOTE_PLAIN_IS_YOUR_CHOICE, NOTE_CHECK_FINGERPRINT,
    NOTE_CHARSET,

    // ---- the report as text. server, TLS mode (nested), user | step title (nested), what happened (nested) | seconds
    REPORT_TITLE, REPORT_LINE, REPORT_VERDICT, REPORT_SETTINGS, REPORT_KEEP_SETTINGS, REPORT_ADMIN, REPORT_NOTES, REPORT_TOOK;

    @Override
    public String bundleKey() {
        return "diagnose." + name();
    }
}
