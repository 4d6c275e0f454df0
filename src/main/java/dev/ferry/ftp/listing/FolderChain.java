package dev.ferry.ftp.listing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * so a link straight back to the top is known at once. A server without it (LIST, Twisted, aioftp) is
 * read by its listings: a folder listed exactly as one above it, every name, size and time alike, is that
 * folder again.
 */
public final class FolderChain {

    private final String uniqueId;
    private final byte[] listingPrint;
    private final FolderChain above;

    private FolderChain(String uniqueId, byte[] listingPrint, FolderChain above) {
        this.uniqueId = uniqueId;
        this.listingPrint = listingPrint;
        this.above = above;
    }

    /** The top of a walk, not listed yet. */
    public static FolderChain top() {
        return new FolderChain(null, null, null);
    }

    /** A child folder of this one, named by its entry's unique fact (null when the server gives none). */
    public FolderChain child(String childUniqueId) {
        return new FolderChain(childUniqueId, null, this);
    }

    /** This folder once listed: its own unique fact from the listing (when its parent's did not give it) and its listing. */
    public FolderChain listed(Listing listing) {
        String id = uniqueId != null ? uniqueId : listedFolderUniqueId(listing);
        return new FolderChain(id, print(listing), above);
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
     * Whether this folder, listed, is one above it again that the server did not name: listed exactly alike.
     * (A folder named by its unique fact is known before it is entered: {@link #leadsBack}.) pyftpdlib names
     * every folder but the top (its MLSD has no type=cdir line): a link back to the top is known here.
     */
    public boolean repeatsAFolderAbove() {
        if (listingPrint == null) {
            return false;
        }
        for (FolderChain folder = above; folder != null; folder = folder.above) {
            if (folder.uniqueId == null && Arrays.equals(listingPrint, folder.listingPrint)) {
                return true;
            }
        }
        return false;
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
