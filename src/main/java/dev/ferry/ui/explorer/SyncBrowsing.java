package dev.ferry.ui.explorer;

import javafx.beans.value.ObservableBooleanValue;

import java.util.Objects;

/**
 * Synchronized browsing: while switched on, entering a folder in one pane enters the folder of the
 * same name in the other, and going up in one goes up in the other when both stood in folders of
 * the same name. A jump elsewhere (typed path, tree) and a folder the other side lacks leave the
 * other pane where it is.
 */
public final class SyncBrowsing {

    private final FilePane local;
    private final FilePane remote;
    private final ObservableBooleanValue enabled;
    /** Where this class sent a pane: its arrival there is not a move to follow. */
    private String localExpected;
    private String remoteExpected;

    private SyncBrowsing(FilePane local, FilePane remote, ObservableBooleanValue enabled) {
        this.local = local;
        this.remote = remote;
        this.enabled = enabled;
    }

    /** Links {@code local} and {@code remote} while {@code enabled} holds. Call on the FX thread. */
    public static SyncBrowsing attach(FilePane local, FilePane remote, ObservableBooleanValue enabled) {
        SyncBrowsing links = new SyncBrowsing(local, remote, enabled);
        local.locationProperty().addListener((o, was, now) -> {
            boolean sent = Objects.equals(now, links.localExpected);
            links.localExpected = null;
            if (!sent) {
                links.moved(local, was, now, remote, true);
            }
        });
        remote.locationProperty().addListener((o, was, now) -> {
            boolean sent = Objects.equals(now, links.remoteExpected);
            links.remoteExpected = null;
            if (!sent) {
                links.moved(remote, was, now, local, false);
            }
        });
        return links;
    }

    private void moved(FilePane from, String was, String now, FilePane other, boolean otherIsRemote) {
        if (!enabled.get() || was == null || now == null || other.location() == null) {
            return;
        }
        String target = null;
        if (was.equals(from.parentOf(now))) {
            String name = from.nameOf(now);
            target = other.rows().stream().filter(r -> r.isFolder() && r.name().equals(name)).map(FileRow::location)
                    .findFirst().orElse(null);
        } else if (now.equals(from.parentOf(was)) && Objects.equals(other.nameOf(other.location()), from.nameOf(was))) {
            // Only when the other pane stood in the folder of the same name: after a folder it lacked,
            // it stayed in the parent, where this pane now arrives.
            target = other.parentOf(other.location());
        }
        if (target != null && !target.equals(other.location())) {
            if (otherIsRemote) {
                remoteExpected = target;
            } else {
                localExpected = target;
            }
            other.navigate(target);
        }
    }
}
