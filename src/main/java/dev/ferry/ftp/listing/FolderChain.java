package dev.ferry.ftp.listing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The folders a recursive walk went through, from its top down to one folder, as the server tells
 * them apart: to know a link back to one of them (a loop, walked for ever) from a folder reached twice
 * by different ways (a link beside its folder: both are copied, as cp -rL does). Remembering every
 * folder seen refused the real folder when its link sorted first (pyftpdlib lists a link to a folder
 * as a folder, with the folder's own "unique" fact), and, kept for a whole queue, refused the
 * subfolders of a folder downloaded a second time.
 * <p>
 * A server's MLSD "unique" fact names a folder; the listed folder's own comes with its listing (type=cdir),
 * so a link back is known before it is entered. Where a folder has no name (LIST, Twisted, aioftp, the top
 * on pyftpdlib), a folder listed exactly as one above it may be that folder again, or a nest of folders that
 * happen to look alike (data/data/x made within a minute): only a loop goes on repeating, so the names below
 * it are listed on (listings only, no file) down to the depth limit before it is called one (R29: a false
 * loop skipped a real folder's files, silently).
 */
public final class FolderChain {

    /** Lists a folder of the server, for {@link #loopsBack}: null when there is none to list (a refusal that stays). */
    @FunctionalInterface
    public interface Lister {
        Listing list(String path) throws IOException;
    }

    /** Where a symbolic link met in a walk leads, among the folders of the walk. */
    public enum LinkTarget {
        /** Outside the folders the walk came through: copied. */
        ELSEWHERE,
        /** To one of the folders the walk came through (a loop): that folder is copied once. */
        A_FOLDER_OF_THE_WALK,
        /** To a folder that holds one of them, above the walk: it would copy the walk again, from above. */
        ABOVE_THE_WALK
    }

    private final String name;
    private final String uniqueId;
    private final byte[] listingPrint;
    private final FolderChain above;
    /** Reached through a symbolic link: where the folder holding the link is (the server's path). */
    private final String linkHolderLocation;

    private FolderChain(String name, String uniqueId, byte[] listingPrint, FolderChain above, String linkHolderLocation) {
        this.name = name;
        this.uniqueId = uniqueId;
        this.listingPrint = listingPrint;
        this.above = above;
        this.linkHolderLocation = linkHolderLocation;
    }

    /** The top of a walk, not listed yet. */
    public static FolderChain top() {
        return new FolderChain(null, null, null, null, null);
    }

    /** A child folder of this one, by its name and its entry's unique fact (null when the server gives none). */
    public FolderChain child(String childName, String childUniqueId) {
        return new FolderChain(childName, childUniqueId, null, this, null);
    }

    /**
     * A folder reached through a symbolic link in this one, {@code here} being where this folder is. The link's
     * unique fact is not the folder's: its listing names it.
     */
    public FolderChain linkedChild(String childName, String here) {
        return new FolderChain(childName, null, null, this, here);
    }

    /** This folder once listed: its own unique fact from the listing (when its parent's did not give it) and its listing. */
    public FolderChain listed(Listing listing) {
        String id = uniqueId != null ? uniqueId : listedFolderUniqueId(listing);
        return new FolderChain(name, id, print(listing), above, linkHolderLocation);
    }

    /**
     * Where a link in this folder leads, by the server's paths: {@code here} is this folder's location and
     * {@code target} the link's, both as the server resolves them (PWD after entering). The folders above are
     * located from {@code here} by their names, and across the links the walk followed by where those were.
     */
    public LinkTarget whereLinkLeads(String here, String target) {
        boolean holdsOne = false;
        String location = here;
        for (FolderChain folder = this; folder != null && location != null; folder = folder.above) {
            if (location.equals(target)) {
                return LinkTarget.A_FOLDER_OF_THE_WALK;
            }
            holdsOne |= dev.ferry.ftp.RemotePaths.isWithin(location, target);
            location = folder.above == null ? null
                    : folder.linkHolderLocation != null ? folder.linkHolderLocation
                    : dev.ferry.ftp.RemotePaths.parent(location);
        }
        return holdsOne ? LinkTarget.ABOVE_THE_WALK : LinkTarget.ELSEWHERE;
    }

    /** Whether a child folder with this unique fact is this folder or one above it: a link back, a loop. */
    public boolean leadsBack(String childUniqueId) {
        if (childUniqueId == null) {
            return false;
        }
        for (FolderChain folder = this; folder != null; folder = folder.above) {
            if (childUniqueId.equals(folder.uniqueId)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether this folder, listed at {@code path}, is a folder above it again that the server does not name:
     * listed exactly alike, and so are the folders below it, name after name, for {@code levels} more levels
     * (a nest of alike folders ends; a loop does not). Each level costs a listing.
     */
    public boolean loopsBack(String path, Lister lister, int levels) throws IOException {
        FolderChain repeated = repeatedAbove();
        if (repeated == null) {
            return false;
        }
        // The way from the folder repeated down to this one, which is to repeat below this one.
        List<FolderChain> cycle = new ArrayList<>();
        for (FolderChain folder = this; folder != repeated; folder = folder.above) {
            cycle.addFirst(folder);
        }
        String at = path;
        for (int level = 0; level < levels; level++) {
            FolderChain expected = cycle.get(level % cycle.size());
            at = at.endsWith("/") ? at + expected.name : at + "/" + expected.name;
            Listing listing = lister.list(at);
            if (listing == null || !Arrays.equals(print(listing), expected.listingPrint)) {
                return false;
            }
        }
        return true;
    }

    /** The nearest folder above listed exactly as this one, which the server does not tell apart from it; or null. */
    private FolderChain repeatedAbove() {
        if (listingPrint == null || name == null) {
            return null;
        }
        for (FolderChain folder = above; folder != null; folder = folder.above) {
            boolean maybeTheSame = folder.uniqueId == null || uniqueId == null || folder.uniqueId.equals(uniqueId);
            if (maybeTheSame && Arrays.equals(listingPrint, folder.listingPrint)) {
                return folder;
            }
        }
        return null;
    }

    private static String listedFolderUniqueId(Listing listing) {
        for (Listing.SkippedLine skipped : listing.skipped()) {
            int blank = skipped.line().indexOf(' ');
            String facts = blank < 0 ? skipped.line() : skipped.line().substring(0, blank);
            boolean listedFolder = false;
            String unique = null;
            for (String fact : facts.split(";")) {
                if (fact.equalsIgnoreCase("type=cdir")) {
                    listedFolder = true;
                } else if (fact.regionMatches(true, 0, "unique=", 0, 7) && fact.length() > 7) {
                    unique = fact.substring(7);
                }
            }
            if (listedFolder && unique != null) {
                return unique;
            }
        }
        return null;
    }

    /** Every entry's name, type, size and time: equal for the same folder listed twice. Null for an empty one. */
    private static byte[] print(Listing listing) {
        if (listing.entries().isEmpty()) {
            return null;
        }
        List<RemoteEntry> byName = listing.entries().stream().sorted(Comparator.comparing(RemoteEntry::name)).toList();
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (RemoteEntry entry : byName) {
                digest.update((entry.name() + '\u0000' + entry.type() + '\u0000' + entry.size() + '\u0000'
                        + entry.modified() + '\n').getBytes(StandardCharsets.UTF_8));
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }
}
