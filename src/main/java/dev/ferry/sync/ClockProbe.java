package dev.ferry.sync;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpReplyException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.ftp.ServerCapabilities;
import dev.ferry.ftp.TransferListener;
import dev.ferry.ftp.listing.Listing;
import dev.ferry.ftp.listing.RemoteEntry;
import dev.ferry.ftp.listing.RemoteEntry.TimePrecision;
import dev.ferry.message.Message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds how far the server's LIST times are from UTC. Listings are written in the server's own
 * zone, which it never names, and some servers (vsftpd with {@code use_localtime}) answer MDTM in
 * that zone too, against RFC 3659, so MDTM agreeing with the listing proves nothing. In order:
 * <ol>
 * <li>MDTM disagreeing with the listing by whole quarter hours on sample files: MDTM is UTC there, or as far
 * from it as an upload measured ({@link ServerCapabilities#mdtmOffset()}); MDTM agreeing with the listing,
 * when an upload measured MDTM's clock within a day ({@link ServerCapabilities#recentMdtmOffset()}) and what
 * was learned of the listing before says otherwise: the listing is as far from UTC as MDTM;</li>
 * <li>a probe: a small file uploaded, its listed time read back against our clock, deleted (only
 * when allowed: a dry run writes nothing);</li>
 * <li>what was measured before for this server ({@link ServerCapabilities#listingOffset()});</li>
 * <li>otherwise no correction, and the clock says it is unverified.</li>
 * </ol>
 * A measurement is remembered for the server.
 */
final class ClockProbe {

    static final String PREFIX = "ferry-clock-probe-";
    static final String SUFFIX = ".tmp";
    private static final int MDTM_SAMPLES = 3;
    private static final Duration QUARTER_HOUR = Duration.ofMinutes(15);
    /** Our clock and the server's may disagree by this much and the probe still reads the zone. */
    private static final Duration SKEW_ALLOWED = Duration.ofMinutes(5);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE;

    private ClockProbe() {
    }

    static boolean isProbeName(String name) {
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
    }

    static ListingClock measure(FtpSession session, String remoteRoot, SyncTree remote, boolean mayProbe,
                                CancelToken token) throws IOException {
        ZoneId zone = session.settings().listingZone();
        boolean anyServerClock = remote.entries().values().stream().anyMatch(e -> e.serverClock() && e.time() != null);
        if (!anyServerClock) {
            return new ListingClock(Duration.ZERO, zone, ListingClock.Source.NOT_NEEDED,
                    Message.of(SyncText.CLOCK_NOT_NEEDED));
        }
        ServerCapabilities capabilities = session.capabilities();
        Message[] whyNotByMdtm = new Message[1];
        Optional<Duration> byMdtm = byMdtm(session, remoteRoot, remote, token, whyNotByMdtm);
        ServerCapabilities.ListingOffset mdtmClock = capabilities.mdtmOffset();
        ServerCapabilities.ListingOffset recentMdtmClock = capabilities.recentMdtmOffset();
        ServerCapabilities.ListingOffset learned = capabilities.listingOffset();
        // A listing agreeing with MDTM is as far off UTC as MDTM, which only a recent measurement tells (one of
        // last winter is an hour off in summer; without any, both may be local time). It wins over a listing
        // offset learned before that says otherwise, which daylight saving time has moved since.
        boolean agreesWithMeasuredMdtm = byMdtm.isPresent() && byMdtm.get().isZero() && recentMdtmClock != null
                && (learned == null || learned.minutes() != recentMdtmClock.minutes());
        if (byMdtm.isPresent() && (!byMdtm.get().isZero() || agreesWithMeasuredMdtm)) {
            // The listing's lead over MDTM says which of the two is off UTC only with MDTM's own clock: UTC
            // unless measured otherwise (an upload's MDTM against our clock). Taken for UTC, a server listing in
            // UTC and answering MDTM in its local time had its listing read hours off and that measurement lost.
            Duration offset = mdtmClock == null ? byMdtm.get() : byMdtm.get().plusMinutes(mdtmClock.minutes());
            if (offset.abs().compareTo(ListingClock.LARGEST_ZONE) <= 0) {
                capabilities.learnListingOffset(offset);
                return new ListingClock(offset, zone, ListingClock.Source.MDTM,
                        Message.of(SyncText.CLOCK_BY_MDTM, ListingClock.describe(offset)));
            }
            whyNotByMdtm[0] = Message.of(SyncText.CLOCK_MDTM_NO_ZONE);
        }
        Message probeProblem = null;
        if (mayProbe) {
            try {
                Duration measured = probe(session, remoteRoot, token);
                capabilities.learnListingOffset(measured);
                byMdtm.ifPresent(lead -> learnMdtmOffset(capabilities, measured, lead));
                return new ListingClock(measured, zone, ListingClock.Source.PROBE,
                        Message.of(SyncText.CLOCK_BY_PROBE, ListingClock.describe(measured)));
            } catch (ProbeFailed e) {
                probeProblem = e.reason;
            } catch (FtpReplyException refused) {
                // Typically no permission to write there: the other ways still work.
                probeProblem = Message.of(SyncText.CLOCK_PROBE_REFUSED, refused.explanation());
            }
        }
        if (learned != null) {
            Duration offset = Duration.ofMinutes(learned.minutes());
            if (mdtmClock == null) {
                // An inference from a listing offset that may be months old: never in place of a measurement.
                byMdtm.ifPresent(lead -> learnMdtmOffset(capabilities, offset, lead));
            }
            String when = learned.learnedAt() == null ? "?" : DAY.format(learned.learnedAt().atZone(ZoneId.systemDefault()));
            return new ListingClock(offset, zone, ListingClock.Source.LEARNED,
                    Message.of(SyncText.CLOCK_LEARNED, ListingClock.describe(offset), when));
        }
        Message why = byMdtm.isPresent() && byMdtm.get().isZero() ? Message.of(SyncText.CLOCK_MDTM_AGREES) : whyNotByMdtm[0];
        return new ListingClock(Duration.ZERO, zone, ListingClock.Source.UNVERIFIED,
                probeProblem == null ? Message.of(SyncText.CLOCK_UNVERIFIED, why)
                        : Message.of(SyncText.CLOCK_UNVERIFIED_PROBE_FAILED, why, probeProblem));
    }

    /**
     * What MDTM's answers say against UTC, from the listing's offset and the listing's lead over MDTM as
     * answered: MDTM agreeing with a listing that is hours ahead of UTC is as far ahead itself. The
     * session's MDTM is then read back to UTC for transfers.
     */
    private static void learnMdtmOffset(ServerCapabilities capabilities, Duration listingOffset, Duration leadOverMdtm) {
        ServerCapabilities.ListingOffset before = capabilities.mdtmOffset();
        Duration measured = listingOffset.minus(leadOverMdtm);
        if (before == null || before.minutes() != measured.toMinutes()) {
            capabilities.learnMdtmOffset(measured);
        }
    }

    /**
     * The listing's lead over MDTM on a few files listed to the minute; empty when the server has
     * no MDTM, no file is listed to the minute, or the samples disagree (a file changed in between),
     * with which of these in {@code whyNot[0]}: a server with MDTM was said to have none.
     */
    private static Optional<Duration> byMdtm(FtpSession session, String remoteRoot, SyncTree remote, CancelToken token,
                                             Message[] whyNot) throws IOException {
        if (!session.features().has("MDTM")) {
            whyNot[0] = Message.of(SyncText.CLOCK_NO_MDTM);
            return Optional.empty();
        }
        whyNot[0] = Message.of(SyncText.CLOCK_MDTM_NO_SAMPLES);
        List<Duration> found = new ArrayList<>();
        int unanswered = 0;
        for (Map.Entry<String, FileState> entry : remote.entries().entrySet()) {
            FileState state = entry.getValue();
            if (!state.isFile() || !state.serverClock() || state.precision() != TimePrecision.MINUTES
                    || state.time() == null) {
                continue;
            }
            Optional<Instant> utc = session.modificationTimeAsAnswered(RemotePaths.join(remoteRoot, entry.getKey()), token);
            if (utc.isEmpty()) {
                unanswered++;
                if (unanswered == MDTM_SAMPLES) {
                    // Asked for files listed to the minute: the samples were there, MDTM gave them no time.
                    break;
                }
                continue;
            }
            Duration lead = Duration.between(utc.get().truncatedTo(ChronoUnit.MINUTES), state.time());
            if (!isZoneOffset(lead)) {
                whyNot[0] = Message.of(SyncText.CLOCK_MDTM_NO_ZONE);
                return Optional.empty();
            }
            found.add(lead);
            if (found.size() == MDTM_SAMPLES) {
                break;
            }
        }
        if (found.stream().distinct().count() > 1) {
            whyNot[0] = Message.of(SyncText.CLOCK_MDTM_NO_ZONE);
            return Optional.empty();
        }
        if (found.isEmpty()) {
            if (unanswered > 0) {
                whyNot[0] = Message.of(SyncText.CLOCK_MDTM_NO_ANSWER, unanswered);
            }
            return Optional.empty();
        }
        return Optional.of(found.getFirst());
    }

    private static boolean isZoneOffset(Duration lead) {
        return lead.abs().compareTo(ListingClock.LARGEST_ZONE) <= 0 && lead.toSeconds() % QUARTER_HOUR.toSeconds() == 0;
    }

    /** Uploads a probe file, reads its listed time against our clock, deletes it. */
    private static Duration probe(FtpSession session, String remoteRoot, CancelToken token) throws IOException {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        String name = PREFIX + HexFormat.of().formatHex(random) + SUFFIX;
        String path = RemotePaths.join(remoteRoot, name);
        byte[] content = "Ferry measures the server's listing clock with this file; it deletes it at once.\n"
                .getBytes(StandardCharsets.US_ASCII);
        Instant before = Instant.now();
        session.store(path, at -> Channels.newChannel(new ByteArrayInputStream(content, (int) at, content.length)),
                FtpSession.StoreMode.REPLACE, 0, TransferListener.NONE, token);
        Instant after = Instant.now();
        try {
            Listing listing = session.list(remoteRoot, token);
            RemoteEntry listed = listing.entries().stream().filter(e -> e.name().equals(name)).findFirst()
                    .orElseThrow(() -> new ProbeFailed(Message.of(SyncText.CLOCK_PROBE_NOT_LISTED, name)));
            if (listed.modified() == null || listed.precision().ordinal() < TimePrecision.MINUTES.ordinal()) {
                throw new ProbeFailed(Message.of(SyncText.CLOCK_PROBE_NOT_LISTED, name));
            }
            if (!listing.inServerZone()) {
                return Duration.ZERO;
            }
            // The listing cuts to the minute: half a minute on average is lost, put it back.
            Instant middle = before.plus(Duration.between(before, after).dividedBy(2));
            Duration lead = Duration.between(middle, listed.modified().plusSeconds(30));
            long quarters = Math.round((double) lead.toSeconds() / QUARTER_HOUR.toSeconds());
            Duration offset = QUARTER_HOUR.multipliedBy(quarters);
            if (lead.minus(offset).abs().compareTo(SKEW_ALLOWED) > 0 || offset.abs().compareTo(ListingClock.LARGEST_ZONE) > 0) {
                throw new ProbeFailed(Message.of(SyncText.CLOCK_PROBE_SKEWED, lead.toMinutes()));
            }
            return offset;
        } finally {
            try {
                session.delete(path);
            } catch (FtpException e) {
                // The walk ignores probe files; the next probe's run lists it, nothing relies on it.
            }
        }
    }

    /** A probe that ran but could not tell the offset. */
    private static final class ProbeFailed extends IOException {
        final Message reason;

        ProbeFailed(Message reason) {
            super(reason.toString());
            this.reason = reason;
        }
    }
}
