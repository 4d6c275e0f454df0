package dev.ferry.ui.connection;

import dev.ferry.site.SiteProfile;
import dev.ferry.transfer.TransferQueue;
import dev.ferry.ui.AppContext;

/**
 * A batch for a tab's site: a site with its own segment count splits its large downloads that many
 * ways, and one with its own session limit gets no more sessions than that; every other batch
 * follows the queue's (the settings') counts, changes included.
 */
final class SiteBatch {

    private SiteBatch() {
    }

    /**
     * Call only for a tab connected to {@code siteId}: the site store was read when the site was
     * opened, so finding the site costs no disk access here.
     */
    static TransferQueue.Batch batch(AppContext app, String siteId) {
        TransferQueue.Batch batch = app.queue().batch();
        if (siteId != null) {
            SiteProfile site = app.sites().find(siteId).orElse(null);
            Integer own = site == null ? null : site.segments();
            if (own != null && own > 0) {
                batch.segments(Math.min(own, dev.ferry.transfer.QueueSettings.MAX_SEGMENTS));
            }
            // Always said, 0 included: a limit lifted in the site manager is lifted for the next batch.
            batch.sessions(sessions(site));
        }
        return batch;
    }

    /** A site's own session limit, 0 for none (the queue's setting). */
    static int sessions(SiteProfile site) {
        Integer sessions = site == null ? null : site.maxConnections();
        return sessions == null || sessions < 0 ? 0 : sessions;
    }

    /** The same for the site of {@code siteId} (null: no site, no limit of its own). */
    static int sessions(AppContext app, String siteId) {
        return siteId == null ? 0 : sessions(app.sites().find(siteId).orElse(null));
    }
}
