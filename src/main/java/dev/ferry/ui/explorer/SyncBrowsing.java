package dev.ferry.ui.explorer;

import javafx.beans.value.ObservableBooleanValue;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Synchronized browsing: while switched on, entering a folder in one pane enters the folder of the
 * same name in the other, and going up in one goes up in the other from folders the two stood in
 * together. A jump elsewhere (typed path, tree) and a folder the other side lacks leave the other
 * pane where it is.
 */
public final class SyncBrowsing {

    private final FilePane local;
    private final FilePane remote;
    private final ObservableBooleanValue enabled;
    /** Folders the two panes stood in together (local, remote): going up follows only from one of these. */
    private record Pair(String local, String remote) {
    }

    private final Set<Pair> inStep = new HashSet<>();
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
        // Switched on (or both panes showing for the first time while on): where they stand is in step.
        enabled.addListener((o, was, on) -> {
            if (on) {
                links.pairCurrent();
            } else {
                local.clearNotice();
                remote.clearNotice();
            }
        });
        links.pairCurrent();
        return links;
    }

    private void pairCurrent() {
        if (enabled.get() && local.location() != null && remote.location() != null) {
            inStep.add(new Pair(local.location(), remote.location()));
        }
    }

    private boolean wereInStep(FilePane from, String fromLocation, FilePane other) {
        return inStep.contains(from == local ? new Pair(fromLocation, other.location())
                : new Pair(other.location(), fromLocation));
    }

    private void moved(FilePane from, String was, String now, FilePane other, boolean otherIsRemote) {
        // A "no folder here" said by an earlier move spoke of a folder this pane has left.
        other.clearNotice();
        if (!enabled.get() || now == null || other.location() == null) {
            return;
        }
        if (was == null) {
            // A pane's first folder (the connection's start) while switched on.
            pairCurrent();
            return;
        }
        String target = null;
        if (was.equals(from.parentOf(now))) {
            String name = from.nameOf(now);
            target = other.rows().stream().filter(r -> r.isFolder() && r.name().equals(name)).map(FileRow::location)
                    .findFirst().orElse(null);
            if (target == null) {
                // Said where the user looks for why the other pane did not follow.
                other.showNotice(dev.ferry.ui.I18n.t("sync.noMatch", name));
            }
        } else if (now.equals(from.parentOf(was)) && wereInStep(from, was, other)) {
            // Only from folders the panes stood in together: after a folder the other side lacked,
            // it stayed in the parent, where this pane now arrives (by name alone, a folder inside
            // one of the same name, mysite/mysite, would take it up one level too many).
            target = other.parentOf(other.location());
        }
        if (target != null && !target.equals(other.location())) {
            inStep.add(otherIsRemote ? new Pair(now, target) : new Pair(target, now));
            if (otherIsRemote) {
                remoteExpected = target;
            } else {
                localExpected = target;
            }
            other.navigate(target);
        }
    }
}
