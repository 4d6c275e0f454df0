package dev.ferry.tls;

/**
 * A TLS 1.3 session ticket (RFC 8446 §4.6.1) with the pre-shared key it stands for, as a later
 * handshake offers it: the ticket is the PSK identity, the key is derived from the resumption
 * master secret of the connection that received it and the ticket's nonce.
 *
 * @param identity      the ticket as the server sent it (opaque to the client)
 * @param key           HKDF-Expand-Label(resumption_master_secret, "resumption", nonce)
 * @param prfAlgorithm  Bouncy Castle's PRF algorithm of the issuing connection; a resuming
 *                      handshake must choose a cipher suite with the same hash
 * @param ageAdd        ticket_age_add, which obfuscates the age the client reports
 * @param receivedNanos {@link System#nanoTime()} when the ticket arrived
 * @param lifetimeSeconds ticket_lifetime: the server will not accept it once this old
 */
record Tls13Ticket(byte[] identity, byte[] key, int prfAlgorithm, long ageAdd, long receivedNanos,
                   long lifetimeSeconds) {

    /** A ticket this close to its end is not offered: the server judges its age by its own clock. */
    private static final long SAFETY_MARGIN_MILLIS = 10_000;

    long ageMillis(long nowNanos) {
        return Math.max(0, (nowNanos - receivedNanos) / 1_000_000);
    }

    boolean usableAt(long nowNanos) {
        return ageMillis(nowNanos) + SAFETY_MARGIN_MILLIS < lifetimeSeconds * 1000;
    }

    /** obfuscated_ticket_age: the age in milliseconds plus ticket_age_add, modulo 2^32. */
    long obfuscatedAge(long nowNanos) {
        return (ageMillis(nowNanos) + ageAdd) & 0xFFFF_FFFFL;
    }
}
