package dev.ferry.ui.connection;

import dev.ferry.site.SiteProfile;
import dev.ferry.transfer.TransferQueue;
import dev.ferry.ui.AppContext;

/**
 * A download batch for a tab's site: a site with its own segment count splits its large downloads
 * that many ways; every other batch follows the queue's (the settings') count, changes included.
 */
final class SiteSegments {

    private SiteSegments() {
    }

    /**
     * Call only for a tab connected to {@code siteId}: the site store was read when the site was
     * opened, so finding the site costs no disk access here.
     */
    static TransferQueue.Batch batch(AppContext app, String siteId) {
        TransferQueue.Batch batch = app.queue().batch();
        if (siteId != null) {
            Integer own = app.sites().find(siteId).map(SiteProfile::segments).orElse(null);
            if (own != null && own > 0) {
                batch.segments(Math.min(own, dev.ferry.transfer.QueueSettings.MAX_SEGMENTS));
            }
        }
        return batch;
    }
}
