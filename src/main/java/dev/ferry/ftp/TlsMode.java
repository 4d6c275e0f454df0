package dev.ferry.ftp;

/** How a connection is protected. */
public enum TlsMode {
    /** Plain FTP: everything, the password included, travels in clear. */
    NONE,
    /** AUTH TLS on port 21 (RFC 4217); a server that refuses it is not logged in to. */
    EXPLICIT,
    /** AUTH TLS when the server accepts it, plain FTP otherwise, said loudly in the log. */
    EXPLICIT_IF_AVAILABLE,
    /** TLS from the first byte, port 990 by default. */
    IMPLICIT;

    public boolean requiresTls() {
        return this == EXPLICIT || this == IMPLICIT;
    }

    public int defaultPort() {
        return this == IMPLICIT ? 990 : 21;
    }
}
