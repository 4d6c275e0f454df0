package dev.ferry.transfer;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.FtpCancelledException;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpReplyException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.LocalFileException;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.ftp.ServerCapabilities;
import dev.ferry.ftp.UnsafeNameException;
import dev.ferry.ftp.listing.Listing;
import dev.ferry.ftp.listing.RemoteEntry;
import dev.ferry.message.Message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;

/**
 * Runs one item on a logged-in session: expands a directory into its children, or moves a file
 * safely (part file, size check, checksum when the server offers one). Every step passes the
 * item's cancel token, so a pause between SIZE and RETR, or during a question, is never lost.
 * Failures are thrown; the queue decides about retries.
 */
final class ItemRunner {

    private final RunSupport queue;
    private final FolderExpansion folders;
    private final Verifier verifier;
    private final SegmentedPartFile segments;

    ItemRunner(RunSupport queue) {
        this.queue = queue;
        this.folders = new FolderExpansion(queue);
        this.verifier = new Verifier(queue);
        this.segments = new SegmentedPartFile(queue, verifier);
    }

    void run(TransferItem item, FtpSession session, CancelToken token) throws IOException {
        token.throwIfCancelled();
        if (item.directory) {
            if (item.direction == Direction.DOWNLOAD) {
                folders.remote(item, session, token);
            } else {
                folders.local(item, session, token);
            }
        } else if (item.direction == Direction.DOWNLOAD) {
            download(item, session, token);
        } else {
            upload(item, session, token);
        }
    }

    // ------------------------------------------------------------------ files

    private void download(TransferItem item, FtpSession session, CancelToken token) throws IOException {
        verifier.requireAvailable(item, session);
        String remote = item.remotePath;
        long size = item.size;
        if (item.symlink && !followLink(item, session, token)) {
            return;
        }
        Path target = LocalPaths.insideBoundary(item, item.localPath);
        // A retry asks the size again: the last attempt may have failed because the file changed. So
        // does a file queued on its own (a row of the window, perhaps listed minutes ago) whose target
        // exists: the question and its rules ("if the size differs") must see the server's file now.
        // A tree's files come from a listing just taken, and are not asked: a mirror's second run
        // would cost a round trip per file.
        // Not when the command that added it has just asked them itself (get: T3 saw SIZE and MDTM twice).
        boolean askedJustNow = item.sizeAndTimeAskedJustNow && item.attempts == 0;
        if (askedJustNow) {
            queue.sizeAndTimeTaken(item);
        }
        boolean judgedAgainstHere = item.depth == 0 && !item.restored && !askedJustNow && Files.exists(target);
        if (size < 0 || item.attempts > 0 || judgedAgainstHere) {
            long asked = session.size(remote, token).orElse(-1);
            if (asked >= 0) {
                size = asked;
                if (asked != item.size) {
                    if (item.size >= 0 && (item.attempts > 0 || item.restored)) {
                        // The file changed since an earlier attempt wrote the part: its bytes start another
                        // version (or mix two, when the change came during that attempt), and continuing them
                        // made a file of both, reported as downloaded.
                        discardPart(item, target);
                    }
                    queue.updateSize(item, asked);
                }
            }
        }
        boolean timeAsked = (judgedAgainstHere || item.listedByDayOnly) && item.attempts == 0;
        if (timeAsked) {
            session.modificationTime(remote, token).ifPresent(time -> queue.updateModified(item, time));
        }
        // One look at the target answers both questions below (a folder there? a file?).
        BasicFileAttributes there = attributesIfExists(target);
        if (there != null && there.isDirectory()) {
            // Whatever the rule says: an overwrite would fail after the whole download, and a
            // resume would move the folder aside as the part file.
            Instant remoteModified = item.modified != null ? item.modified
                    : session.modificationTime(remote, token).orElse(null);
            ConflictArbiter.Outcome outcome = queue.resolveConflict(item, queue.folderConflict(item, target, remote,
                    size, remoteModified), token);
            token.throwIfCancelled();
            if (outcome.action() != ConflictAction.RENAME) {
                queue.skip(item, Message.of(QueueText.LOCAL_FOLDER_EXISTS, target.toString()));
                return;
            }
            target = LocalPaths.insideBoundary(item, freeName(target));
            queue.retarget(item, target, remote);
        } else if (there != null && !Files.exists(FileTransfers.partFile(target))) {
            long localSize = Files.size(target);
            Instant localModified = Files.getLastModifiedTime(target).toInstant();
            if (item.restored && size >= 0 && localSize == size) {
                // Finished before the queue file caught up (a crash between the rename and the save).
                item.bytesDone.set(localSize);
                return;
            }
            Instant remoteModified = item.modified != null ? item.modified
                    : session.modificationTime(remote, token).orElse(null);
            ConflictArbiter.Outcome outcome = queue.resolveConflict(item, queue.conflict(item, target, remote, size,
                    remoteModified, localSize, localModified), token);
            token.throwIfCancelled();
            long comparedSize = size >= 0 ? size
                    : sameByBlocksAndTime(item, remoteModified, localSize, localModified) ? localSize : -1;
            switch (decide(outcome.action(), comparedSize, remoteModified, localSize, localModified, ChronoUnit.SECONDS)) {
                case SKIP -> {
                    queue.skip(item, Message.of(QueueText.SKIPPED_LOCAL_EXISTS, Message.of(why(outcome.action()))));
                    return;
                }
                case RESUME -> {
                    if (!item.site.restRefused
                            && !FileTransfers.downloadContinues(session, target, remote, localSize, size, token)) {
                        // Left as it is: the user chose to keep these bytes, and no other choice was made.
                        throw new FtpException(Message.of(QueueText.RESUME_NOT_THE_START, target.toString(), remote), false);
                    }
                    try {
                        Files.move(target, FileTransfers.partFile(target));
                    } catch (IOException e) {
                        throw LocalFileException.of(FtpText.LOCAL_RESUME, target, e);
                    }
                    item.partIsUsersFile = true;
                    item.ownsPartFile = false;
                    item.usersFileLength = localSize;
                }
                case RENAME -> {
                    target = LocalPaths.insideBoundary(item, freeName(target));
                    queue.retarget(item, target, remote);
                }
                default -> {
                }
            }
        }
        Path finalTarget = target;
        BasicFileAttributes partFound = FileTransfers.partNow(target);
        if (!timeAsked && !askedJustNow && (item.attempts > 0 || FileTransfers.partExists(partFound, target))) {
            // A retry (the last attempt may have failed because the file changed) or a part to judge: the
            // server's time, asked, is that of the bytes this attempt gets, and the local file takes it, not
            // the listing's time of an older version.
            session.modificationTime(remote, token).ifPresent(time -> queue.updateModified(item, time));
        }
        if (FileTransfers.partOutdated(partFound, item.modified)) {
            // What an earlier attempt kept belongs to an older version of the file: it goes, with any plan of it.
            discardPart(item, target);
        }
        if (segments.applies(item, session, target, size)) {
            try {
                segments.download(item, session, remote, target, size, token);
                return;
            } catch (FtpReplyException refused) {
                if (!"REST".equals(refused.command()) || refused.isTransient()) {
                    throw refused;
                }
                // It announced REST STREAM but refuses it: one stream, from what the segments have in a row.
                rememberRestRefusal(item, refused);
                segments.abandon(item, target);
                if (!session.isConnected()) {
                    // The refusal stopped this session's own segment mid-step, and that costs the connection.
                    session.connect(token);
                }
            }
        } else if (queue.segmentPlan(item) != null) {
            // Split before, but not now (the server no longer offers REST STREAM, or refused REST).
            segments.abandon(item, target);
        }
        FileTransfers.PartCheck check = part -> verifier.verify(item, session, remote, part, finalTarget, token);
        if (!item.site.restRefused) {
            // Looked at again: the steps since (a discarded part, segments) may have changed it.
            partFound = FileTransfers.partNow(target);
            if (!FileTransfers.partExists(partFound, target)) {
                item.ownsPartFile = true;
            }
            queue.startingAt(item, FileTransfers.resumableBytes(partFound, target, size));
            try {
                // Checked above, before any segment plan was used.
                FileTransfers.download(session, remote, target, size, FileTransfers.PartFile.CONTINUE, item.modified,
                        queue.progress(item), check, token);
                return;
            } catch (IncompleteTransferException changed) {
                if (changed.explanation() != null && changed.explanation().key() == QueueText.DOWNLOAD_GREW) {
                    // More bytes than the file had: it changed during the download, and the part mixes versions.
                    discardPart(item, target);
                }
                throw changed;
            } catch (FtpReplyException refused) {
                if (!"REST".equals(refused.command()) || refused.isTransient()) {
                    throw refused;
                }
                rememberRestRefusal(item, refused);
            }
        }
        // The server cannot continue the part file: the only way left is the whole file again. The user's own
        // file that "Resume" made the part goes back first: starting over would have emptied it.
        if (item.partIsUsersFile) {
            discardPart(item, target);
        }
        item.ownsPartFile = true;
        item.partIsUsersFile = false;
        queue.startingAt(item, 0);
        FileTransfers.download(session, remote, target, size, FileTransfers.PartFile.REPLACE, item.modified,
                queue.progress(item), check, token);
    }

    /** The target's attributes, through a link as {@link Files#exists} looks; null when nothing is there or it cannot be read. */
    private static BasicFileAttributes attributesIfExists(Path target) {
        try {
            return target.getFileSystem().provider().readAttributesIfExists(target, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The part file cannot be continued. Ours goes, with any plan of it; the user's own file that
     * "Resume" made the part goes back under its name as it was (what was appended to it is cut),
     * and the download starts beside it: it replaces that file only once complete, as "Resume" would have.
     */
    private void discardPart(TransferItem item, Path target) {
        queue.startsOver(item);
        if (!item.partIsUsersFile) {
            segments.discard(item, target);
            return;
        }
        Path part = FileTransfers.partFile(target);
        if (QueueControl.giveBack(part, target, item.usersFileLength)) {
            FileTransfers.dropSegmentsMarker(part);
            queue.saveSegments(item, null);
            item.partIsUsersFile = false;
        }
        // Not moved (its name taken meanwhile, a disk error): left as the part, continued or started over by the next attempt.
    }

    private static final int VMS_BLOCK = 512;

    /**
     * A server that lists sizes in blocks and answers no SIZE (VMS): the local file is taken for the
     * listed one when it fills the same number of blocks and has its time to the second, the time
     * a download gives its file. Without this no size ever compared equal, and every mirror fetched
     * every file again. A time to the minute or the day is not enough: a change within it would be missed.
     */
    private static boolean sameByBlocksAndTime(TransferItem item, Instant remoteModified, long localSize,
                                               Instant localModified) {
        if (item.listedBlocksSize < 0 || item.listedPrecision != RemoteEntry.TimePrecision.SECONDS
                || remoteModified == null || localModified == null) {
            return false;
        }
        long localBlocks = (localSize + VMS_BLOCK - 1) / VMS_BLOCK * VMS_BLOCK;
        return localBlocks == item.listedBlocksSize && remoteModified.truncatedTo(ChronoUnit.SECONDS)
                .equals(localModified.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * A continued STOR or APPE refused for being one: not implemented, or words such as ProFTPD's
     * "Append/Restart not permitted". The file's own path and name are no such words: ProFTPD names
     * the file in every refusal, and "550 /up/resume.pdf: Permission denied" sent resume.pdf whole
     * and every later upload of the server too.
     */
    static boolean continuationRefused(FtpReplyException refused, String remote) {
        int code = refused.replyCode();
        if (code == 502 || code == 504) {
            return true;
        }
        if (code < 450 || code >= 600) {
            return false;
        }
        String text = refused.reply().text();
        if (remote != null && !remote.isEmpty()) {
            text = text.replace(remote, " ");
            String name = remote.substring(remote.lastIndexOf('/') + 1);
            if (!name.isEmpty()) {
                text = text.replace(name, " ");
            }
        }
        return CONTINUATION_WORDS.matcher(text.toLowerCase(java.util.Locale.ROOT)).find();
    }

    private static final java.util.regex.Pattern CONTINUATION_WORDS =
            java.util.regex.Pattern.compile("restart|append|resum|\\brest\\b");

    /**
     * A server that does not know REST at all (500, 502, 504) will refuse it for every file; a
     * refusal of one offset (554, say, past the end of a file that shrank) says nothing of the next.
     */
    private static void rememberRestRefusal(TransferItem item, FtpReplyException refused) {
        int code = refused.replyCode();
        if (code == 500 || code == 502 || code == 504) {
            item.site.restRefused = true;
        }
    }

    /**
     * What a link that neither sizes nor lists is listed as leading to (a pipe, a device or a socket, or a folder
     * the server will not open), looked up in the listings of the link's folder and of its target's; null when
     * nothing is there (it points nowhere) or anything goes wrong.
     */
    private static RemoteEntry.Type linkTargetType(FtpSession session, String link, CancelToken token) throws IOException {
        try {
            String folder = RemotePaths.parent(link);
            String name = RemotePaths.name(link);
            Listing listing = session.list(folder, token);
            // Its text is read from where the link really is: reached through a followed link, that is elsewhere (T7).
            String place = FolderExpansion.serverLocation(session, folder, token);
            // Through the links it leads to (R31: a link to a link to a locked folder "pointed nowhere").
            for (int hop = 0; hop <= FolderExpansion.MOST_LINK_HOPS; hop++) {
                String named = name;
                RemoteEntry entry = listing.entries().stream().filter(e -> e.name().equals(named)).findFirst().orElse(null);
                if (entry == null || hop > 0 && entry.type() != RemoteEntry.Type.SYMLINK) {
                    return entry == null ? null : entry.type();
                }
                String resolved = FolderExpansion.resolveLinkText(place, entry.linkTarget());
                if (resolved == null) {
                    return null;
                }
                String next = RemotePaths.parent(resolved);
                listing = next.equals(place) ? listing : session.list(next, token);
                place = next;
                name = RemotePaths.name(resolved);
            }
            return null;
        } catch (FtpReplyException notListed) {
            if (notListed.isTransient()) {
                throw notListed;
            }
            return null;
        }
    }

    /**
     * A symbolic link in a listing that its folder's expansion did not take for a folder (links to folders
     * not followed, or not to be entered then): a link to a file is downloaded as the file (its real size is
     * asked for); a link to a folder or to nothing is skipped. Returns true when the item is to be downloaded
     * as a file.
     */
    private boolean followLink(TransferItem item, FtpSession session, CancelToken token) throws IOException {
        OptionalLong size = session.size(item.remotePath, token);
        if (size.isPresent()) {
            queue.updateSize(item, size.getAsLong());
            return true;
        }
        try {
            session.list(item.remotePath, token);
        } catch (FtpReplyException missing) {
            if (missing.isTransient()) {
                throw missing;
            }
            RemoteEntry.Type target = linkTargetType(session, item.remotePath, token);
            if (target == RemoteEntry.Type.DIRECTORY) {
                if (queue.settings().folderLinks() != QueueSettings.FolderLinks.FOLLOW) {
                    queue.skip(item, Message.of(QueueText.SYMLINK_TO_FOLDER_SKIPPED));
                    return false;
                }
                // A folder the server will not open, as one that is no link fails (R30: "points nowhere", skipped).
                throw missing;
            }
            queue.skip(item, target == RemoteEntry.Type.OTHER
                    ? Message.of(QueueText.LINK_TO_SPECIAL_FILE_SKIPPED, item.remotePath)
                    : Message.of(QueueText.DANGLING_LINK_SKIPPED, item.remotePath));
            return false;
        }
        if (queue.settings().folderLinks() == QueueSettings.FolderLinks.FOLLOW) {
            // A link chosen by itself (a row of the window): the folder it leads to, as a tree's links are, its
            // entries in the item's place, its own links checked from there.
            folders.remote(item, session, token);
            return false;
        }
        queue.skip(item, Message.of(QueueText.SYMLINK_TO_FOLDER_SKIPPED));
        return false;
    }

    private void upload(TransferItem item, FtpSession session, CancelToken token) throws IOException {
        verifier.requireAvailable(item, session);
        Path local = item.localPath;
        long size;
        Instant localModified;
        try {
            size = Files.size(local);
            localModified = Files.getLastModifiedTime(local).toInstant();
        } catch (IOException e) {
            throw LocalFileException.of(FtpText.LOCAL_READ, local, e);
        }
        queue.updateSize(item, size);
        String remote = item.remotePath;
        boolean listed = item.targetKnown && item.attempts == 0 && !item.restored;
        long remoteSize = listed ? item.targetSize : session.size(remote, token).orElse(-1);
        boolean remoteSizeEstimated = listed && item.targetSizeApproximate;
        if (remoteSizeEstimated) {
            OptionalLong asked = session.size(remote, token);
            if (asked.isPresent()) {
                remoteSize = asked.getAsLong();
                remoteSizeEstimated = false;
            }
        }
        // Unlisted (a file queued on its own, a retry, a restored item), a folder answers no SIZE.
        boolean folderThere = listed ? item.targetFolder : remoteSize < 0 && session.isFolder(remote, token);
        if (folderThere) {
            // A server refuses to store onto a folder in its own words, some only once the whole file was sent.
            ConflictArbiter.Outcome outcome = queue.resolveConflict(item, queue.folderConflict(item, local, remote,
                    size, localModified), token);
            token.throwIfCancelled();
            if (outcome.action() != ConflictAction.RENAME) {
                queue.skip(item, Message.of(QueueText.REMOTE_FOLDER_EXISTS, remote));
                return;
            }
            remote = freeRemoteName(session, remote, token);
            queue.retarget(item, local, remote);
            remoteSize = -1;
        }
        long offset = 0;
        // Attempts and a stop by the user or an outage alike: a pause, a cancel, a Retry (which counts attempts anew)
        // left the file its own upload began (T11: asked as another's, Skip the default, a truncated file kept).
        boolean ours = item.attempts > 0 || item.restored || item.wroteOnServer;
        if (item.restartUpload) {
            // The last attempt's checksum did not match: replace the server's file entirely.
            item.restartUpload = false;
        } else if (remoteSize >= 0 && ours) {
            // An earlier attempt of this item left the server's file: continue it where it stopped,
            // once its end is seen to be ours (restored after a crash, someone may have written it since).
            offset = FileTransfers.continuableOffset(session, local, remote, remoteSize, token);
        } else if (remoteSize >= 0) {
            Instant remoteModified = item.targetKnown ? item.targetModified
                    : session.modificationTime(remote, token).orElse(null);
            ConflictArbiter.Outcome outcome = queue.resolveConflict(item, queue.conflict(item, local, remote, size,
                    localModified, remoteSize, remoteModified), token);
            token.throwIfCancelled();
            // An estimated size can neither make two files the same size nor say where to continue.
            switch (decide(outcome.action(), size, localModified, remoteSizeEstimated ? -1 : remoteSize, remoteModified,
                    item.targetKnown ? coarsestUnit(item.targetPrecision) : ChronoUnit.SECONDS)) {
                case SKIP -> {
                    queue.skip(item, Message.of(QueueText.SKIPPED_REMOTE_EXISTS, Message.of(why(outcome.action()))));
                    return;
                }
                case RESUME -> offset = remoteSizeEstimated ? 0
                        : FileTransfers.continuableOffset(session, local, remote, remoteSize, token);
                case RENAME -> {
                    remote = freeRemoteName(session, remote, token);
                    queue.retarget(item, local, remote);
                }
                default -> {
                }
            }
        }
        if (offset > 0 && offset < size && item.site.uploadContinuationRefused) {
            offset = 0;
        }
        // When this attempt wrote the file: its MDTM then is that moment, in the server's reckoning.
        Instant written = null;
        if (offset == size && size > 0) {
            queue.startingAt(item, size);
        } else {
            queue.startingAt(item, offset);
            item.uploadLeftNothing = false;
            item.wroteOnServer = true;
            try {
                try {
                    FileTransfers.upload(session, local, remote, offset, queue.progress(item), token);
                } catch (FtpReplyException refused) {
                    if (offset == 0 || !continuationRefused(refused, remote)) {
                        throw refused;
                    }
                    // Asked again, the server says the same each time: the item failed for good with
                    // a partial file that "uploading it again" could never complete.
                    item.site.uploadContinuationRefused = true;
                    session.log().warning(Message.of(QueueText.UPLOAD_CONTINUATION_REFUSED, remote,
                            refused.reply().firstLineText()));
                    queue.startingAt(item, 0);
                    FileTransfers.upload(session, local, remote, 0, queue.progress(item), token);
                }
            } catch (FtpReplyException refused) {
                item.uploadLeftNothing = !refused.isTransient() && nothingUnder(session, remote, token);
                throw refused;
            }
            written = Instant.now();
        }
        if (session.features().has("SIZE")) {
            long stored = session.size(remote, token).orElse(size);
            if (stored != size) {
                throw new IncompleteTransferException(Message.of(QueueText.UPLOAD_INCOMPLETE, remote, stored, size));
            }
        }
        // Before the verification, which may take minutes (a remote hash of a big file), and only for a
        // file written now: an older one (nothing was left to send) would be taken for a time zone.
        if (written != null) {
            learnMdtmClock(session, remote, written, token);
        }
        verifier.verify(item, session, remote, local, null, token);
        session.setModificationTime(remote, localModified);
    }

    /** Our clock and the server's may disagree by this much and a fresh upload's MDTM still reads the zone. */
    private static final java.time.Duration MDTM_SKEW_ALLOWED = java.time.Duration.ofMinutes(2);

    /**
     * An upload to a server whose MDTM clock is not known (or was measured over a day ago) tells it:
     * the file was written at {@code written}, so its MDTM (before MFMT sets another time) is that
     * moment in the server's reckoning. A whole number of quarter hours away from our clock is a
     * server answering in local time (vsftpd's use_localtime); its MDTM is then read back to UTC,
     * which a part file's check against a file replaced since needs west of UTC. Asked until one
     * measure has ended in this process, learnt or not (uploads ending while it goes on ask too); a
     * failure to ask fails nothing (the file is there).
     */
    private static void learnMdtmClock(FtpSession session, String remote, Instant written, CancelToken token)
            throws FtpException {
        if (session.capabilities().recentMdtmOffset() != null || !session.features().has("MDTM")
                || !session.capabilities().mdtmClockToMeasure()) {
            return;
        }
        try {
            java.util.Optional<Instant> answered;
            try {
                answered = session.modificationTimeAsAnswered(remote, token);
            } catch (FtpCancelledException e) {
                throw e;
            } catch (FtpException e) {
                // What comes next (MFMT, the next file) meets the same trouble and says it.
                return;
            }
            if (answered.isEmpty()) {
                return;
            }
            long quarterHour = java.time.Duration.ofMinutes(15).toSeconds();
            java.time.Duration lead = java.time.Duration.between(written, answered.get());
            java.time.Duration zone = java.time.Duration.ofSeconds(Math.round((double) lead.toSeconds() / quarterHour) * quarterHour);
            if (lead.minus(zone).abs().compareTo(MDTM_SKEW_ALLOWED) <= 0 && zone.abs().compareTo(java.time.Duration.ofHours(14)) <= 0) {
                session.capabilities().learnMdtmOffset(zone);
            }
        } finally {
            // Once learnt (or not): an upload told "measured" before it was learnt would set no time.
            session.capabilities().mdtmClockMeasured();
        }
    }

    /**
     * After a refused upload: the server answers SIZE that no file is there. Some delete what they received
     * (Pure-FTPd over the quota), others keep it (vsftpd on a full disk); a session that cannot ask says nothing,
     * and neither does an answer that is not "no such file" (SIZE not understood, busy, a size unreadable).
     */
    private static boolean nothingUnder(FtpSession session, String remote, CancelToken token) {
        try {
            return session.isConnected() && session.features().has("SIZE") && session.isAbsent(remote, token);
        } catch (IOException cannotAsk) {
            return false;
        }
    }

    /**
     * Times are compared as finely as the server keeps them, whole seconds at best: MFMT sets no
     * fraction, so a local file's fraction of a second made it newer than its own upload, every time.
     */
    private static ConflictAction decide(ConflictAction action, long sourceSize, Instant sourceModified,
                                         long targetSize, Instant targetModified, ChronoUnit serverUnit) {
        boolean newer = sourceModified != null && targetModified != null
                && sourceModified.truncatedTo(serverUnit).isAfter(targetModified.truncatedTo(serverUnit));
        boolean sizeDiffers = sourceSize < 0 || targetSize < 0 || sourceSize != targetSize;
        return switch (action) {
            case OVERWRITE_IF_NEWER -> newer ? ConflictAction.OVERWRITE : ConflictAction.SKIP;
            case OVERWRITE_IF_SIZE_DIFFERS -> sizeDiffers ? ConflictAction.OVERWRITE : ConflictAction.SKIP;
            case OVERWRITE_IF_DIFFERENT -> newer || sizeDiffers ? ConflictAction.OVERWRITE : ConflictAction.SKIP;
            case ASK -> ConflictAction.OVERWRITE;
            default -> action;
        };
    }

    /** A listing line with minutes (or days) only: the server's time is compared to the minute (day). */
    private static ChronoUnit coarsestUnit(RemoteEntry.TimePrecision precision) {
        return switch (precision) {
            case MINUTES -> ChronoUnit.MINUTES;
            case DAYS -> ChronoUnit.DAYS;
            case SECONDS, UNKNOWN -> ChronoUnit.SECONDS;
        };
    }

    private static QueueText why(ConflictAction action) {
        return switch (action) {
            case OVERWRITE_IF_NEWER -> QueueText.SKIP_NOT_NEWER;
            case OVERWRITE_IF_SIZE_DIFFERS -> QueueText.SKIP_SAME_SIZE;
            case OVERWRITE_IF_DIFFERENT -> QueueText.SKIP_SAME;
            default -> QueueText.SKIP_AS_ASKED;
        };
    }

    /** "name.ext" → "name (1).ext", the first that does not exist. */
    static Path freeName(Path target) {
        String name = target.getFileName().toString();
        for (int n = 1; ; n++) {
            Path candidate = target.resolveSibling(FreeNames.numbered(name, n));
            if (!Files.exists(candidate) && !Files.exists(FileTransfers.partFile(candidate))) {
                return candidate;
            }
        }
    }

    private static String freeRemoteName(FtpSession session, String remote, CancelToken token) throws FtpException {
        String name = RemotePaths.name(remote);
        String parent = RemotePaths.parent(remote);
        for (int n = 1; n < 1000; n++) {
            String candidate = RemotePaths.join(parent, FreeNames.numbered(name, n));
            if (session.size(candidate, token).isEmpty() && !session.isFolder(candidate, token)) {
                return candidate;
            }
        }
        throw new UnsafeNameException(Message.of(QueueText.NO_FREE_NAME, remote));
    }
}
