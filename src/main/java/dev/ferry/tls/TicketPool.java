package dev.ferry.tls;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The TLS 1.3 session tickets of one control connection, newest last. The server sends them on
 * the control connection after its handshake (and on each resumed data connection); data
 * connections offer the newest one that has not expired. A ticket stays after use: the FTP
 * servers measured (vsftpd and ProFTPD on OpenSSL) accept a ticket again, and a server that
 * does not gets a declined offer, after which the ticket is discarded and the next one tried.
 * Thread-safe: tickets arrive on whichever thread reads the connection they came on.
 */
final class TicketPool {

    /** Servers send one to a few per connection; a handful of the newest is plenty. */
    private static final int CAPACITY = 8;

    private final Deque<Tls13Ticket> tickets = new ArrayDeque<>();
    private boolean everReceived;
    private boolean refused;

    synchronized void add(Tls13Ticket ticket) {
        everReceived = true;
        if (refused) {
            return;
        }
        tickets.addLast(ticket);
        while (tickets.size() > CAPACITY) {
            tickets.removeFirst();
        }
    }

    /** The newest ticket still within its lifetime, or null; expired ones are dropped. */
    synchronized Tls13Ticket newestUsable(long nowNanos) {
        if (refused) {
            return null;
        }
        tickets.removeIf(ticket -> !ticket.usableAt(nowNanos));
        return tickets.peekLast();
    }

    synchronized void discard(Tls13Ticket ticket) {
        for (Iterator<Tls13Ticket> it = tickets.iterator(); it.hasNext(); ) {
            if (it.next() == ticket) {
                it.remove();
            }
        }
    }

    /** The server answered an offered ticket with a fatal alert: none is offered again. */
    synchronized void refuse() {
        refused = true;
        tickets.clear();
    }

    synchronized boolean refused() {
        return refused;
    }

    synchronized boolean everReceived() {
        return everReceived;
    }
}
