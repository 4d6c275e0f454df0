package dev.ferry.ftp;

import dev.ferry.message.Message;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Commands and the replies that answer them. Every command sent pushes an expectation; every
 * reply read is given to the oldest expectation still open, so replies are matched to what was
 * sent even when several commands are in flight (pipelining), when NOOPs went out during a
 * transfer, or after ABOR, whose resynchronisation is one more expectation (a PWD whose 257
 * marks the end of whatever the server still had to say).
 */
final class CommandChannel {

    /** One command on the wire and what came back for it. */
    static final class Sent {
        final String verb;
        private final boolean transfer;
        private FtpReply preliminary;
        private FtpReply last;

        private Sent(String verb) {
            this.verb = verb;
            this.transfer = isTransferVerb(verb);
        }

        boolean answered() {
            return last != null;
        }

        FtpReply reply() {
            return last;
        }

        @Override
        public String toString() {
            return verb + (last == null ? " (waiting)" : " -> " + last.code());
        }
    }

    private final ControlConnection control;
    private final ArrayDeque<Sent> open = new ArrayDeque<>();
    private boolean keepAliveRefused;

    CommandChannel(ControlConnection control) {
        this.control = control;
    }

    ControlConnection control() {
        return control;
    }

    /** Sends a verb with an argument that may be a path: refused if it could inject a command. */
    Sent send(String verb, String argument) throws FtpException {
        return sendAll(List.of(line(verb, argument))).getFirst();
    }

    Sent send(String line) throws FtpException {
        return sendAll(List.of(line)).getFirst();
    }

    /** Sends several command lines in one write; their replies come back in order. */
    List<Sent> sendAll(List<String> lines) throws FtpException {
        control.send(lines);
        List<Sent> sent = new ArrayList<>(lines.size());
        for (String line : lines) {
            int space = line.indexOf(' ');
            Sent s = new Sent(space < 0 ? line : line.substring(0, space));
            open.addLast(s);
            sent.add(s);
        }
        return sent;
    }

    /** The greeting is a reply nobody asked for: it gets an expectation of its own. */
    Sent awaitGreeting() {
        Sent greeting = new Sent("the greeting");
        open.addLast(greeting);
        return greeting;
    }

    static String line(String verb, String argument) throws UnsafeNameException {
        if (argument == null || argument.isEmpty()) {
            return verb;
        }
        for (int i = 0; i < argument.length(); i++) {
            char c = argument.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new UnsafeNameException(Message.of(FtpText.UNSAFE_NAME,
                        dev.ferry.ftp.listing.NameSafety.printable(argument)));
            }
        }
        return verb + " " + argument;
    }

    /** Sends one command and waits for its final reply: the common case. */
    FtpReply command(String verb, String argument) throws FtpException {
        return finalReply(send(verb, argument));
    }

    FtpReply command(String line) throws FtpException {
        return finalReply(send(line));
    }

    /** Reads until {@code sent} has its final (or, for a transfer, its first) reply. */
    FtpReply finalReply(Sent sent) throws FtpException {
        while (!sent.answered()) {
            readOne(sent.verb, null);
        }
        return sent.last;
    }

    /**
     * For a transfer command: the first reply, 1xx (the data connection may open) or final (the
     * server refused, or answered without data: an empty listing).
     */
    FtpReply firstReply(Sent sent) throws FtpException {
        return firstReply(sent, null);
    }

    /** {@link #firstReply(Sent)} with a deadline of its own (null: the reply timeout). */
    FtpReply firstReply(Sent sent, Duration timeout) throws FtpException {
        while (sent.preliminary == null && !sent.answered()) {
            readOne(sent.verb, timeout);
        }
        return sent.answered() ? sent.last : sent.preliminary;
    }

    /** The final reply of a transfer, with a deadline of its own (the server finishing the transfer). */
    FtpReply finalReply(Sent sent, Duration timeout) throws FtpException {
        while (!sent.answered()) {
            readOne(sent.verb, timeout);
        }
        return sent.last;
    }

    boolean hasOpenCommands() {
        return !open.isEmpty();
    }

    /**
     * After a cancelled, locally failed or deliberately stopped transfer: ABOR, then PWD, and every
     * reply is read up to the PWD's 257: servers answer ABOR with one reply or two (vsftpd 426 then
     * 225, ProFTPD 426 then 226, busybox its failed transfer's 451 then 500 for the unknown ABOR),
     * and nothing older may be taken for the answer to a later command. The PWD goes only once
     * the server has answered something final: Pure-FTPd reads ABOR during a transfer together with
     * whatever came in the same packet and drops the rest, so a PWD sent with it is never answered.
     * False when the server did not settle (the connection is then closed).
     */
    boolean abortAndResynchronise(Duration wait) {
        if (control.isClosed()) {
            open.clear();
            return false;
        }
        try {
            control.send(List.of("ABOR"));
            boolean markerSent = false;
            for (int replies = 0; replies < 8; replies++) {
                FtpReply reply = control.read("ABOR", wait);
                if (markerSent && reply.code() == 257) {
                    open.clear();
                    return true;
                }
                if (!markerSent && !reply.isPreliminary()) {
                    control.send(List.of("PWD"));
                    markerSent = true;
                }
            }
        } catch (FtpException e) {
            // Falls through: the connection is not usable.
            System.getLogger(CommandChannel.class.getName()).log(System.Logger.Level.DEBUG,
                    "no resynchronisation after ABOR: " + e.getMessage());
        }
        open.clear();
        control.close();
        return false;
    }

    /**
     * A reply that came while the session was idle, read within {@code wait}: given to the oldest
     * open expectation (a NOOP sent during a transfer that the server answers only after it, as
     * vsftpd does), so that it is not taken later for the answer to the next command. Asked by
     * nobody, a 421 ends the session (thrown) and anything else is only logged.
     */
    void readUnasked(Duration wait) throws FtpException {
        Sent head = open.peekFirst();
        readOne(head == null ? "" : head.verb, wait);
    }

    /** Forgets every open expectation: the connection is being dropped. */
    void reset() {
        open.clear();
    }

    private void readOne(String waitingFor, Duration timeout) throws FtpException {
        FtpReply reply = timeout == null ? control.read(waitingFor) : control.read(waitingFor, timeout);
        Sent head = open.peekFirst();
        if (head == null) {
            // Nothing was asked: a 421 the server sends before hanging up, or noise. A 421 ends the session.
            if (reply.code() == 421) {
                control.close();
                throw new FtpConnectionException(Message.of(FtpText.CONTROL_SERVER_CLOSED, waitingFor), null);
            }
            return;
        }
        if (reply.isPreliminary()) {
            head.preliminary = reply;
            return;
        }
        if (head.transfer && head.preliminary != null && answersNoop(reply.code()) && answerKeepAlive(reply)) {
            // A NOOP sent during the transfer, answered before the transfer's own final reply.
            return;
        }
        head.last = reply;
        open.removeFirst();
    }

    /**
     * Codes a NOOP gets (200, or a refusal while busy) and a transfer never ends with: the
     * transfer's own final replies are 226/250 and 4xx/5xx such as 425, 426, 450, 451, 550.
     */
    private static boolean answersNoop(int code) {
        return code == 200 || code == 500 || code == 502 || code == 503;
    }

    /** True when a NOOP sent during a transfer was refused: the caller stops sending them to this server. */
    boolean keepAliveRefused() {
        return keepAliveRefused;
    }

    private boolean answerKeepAlive(FtpReply reply) {
        Iterator<Sent> behind = open.iterator();
        behind.next();
        while (behind.hasNext()) {
            Sent s = behind.next();
            if (s.verb.equals("NOOP") && !s.answered()) {
                s.last = reply;
                keepAliveRefused |= !reply.isPositive();
                behind.remove();
                return true;
            }
        }
        return false;
    }

    static boolean isTransferVerb(String verb) {
        return switch (verb) {
            case "RETR", "STOR", "APPE", "LIST", "MLSD", "NLST", "STOU" -> true;
            default -> false;
        };
    }
}
