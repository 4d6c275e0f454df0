package dev.ferry.diagnose;

/** The steps of a diagnosis, in the order they are shown. */
public enum Step {
    DNS,
    TCP,
    GREETING,
    AUTH_TLS,
    TLS_HANDSHAKE,
    CERTIFICATE,
    /** Implicit TLS on the configured port, when the site does not use implicit TLS. */
    IMPLICIT_TLS_PORT,
    /** Implicit TLS on port 990, when the configured port is another. */
    IMPLICIT_TLS_990,
    /** AUTH TLS on the configured port, when the site uses implicit TLS there. */
    EXPLICIT_TLS_PORT,
    /** AUTH TLS on port 21, when the site uses implicit TLS on another port. */
    EXPLICIT_TLS_21,
    LOGIN,
    PROTECTION,
    PASSIVE_EPSV,
    PASSIVE_PASV,
    ACTIVE,
    DATA_TLS,
    LISTING
}
