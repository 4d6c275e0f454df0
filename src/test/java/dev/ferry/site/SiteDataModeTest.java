package dev.ferry.site;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.transfer.Endpoint;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A site set to active or passive in the Site Manager is the user's choice and wins over a learned
 * mode; a site on "default" follows the global preference, which a learned mode may stand in for.
 * Settings carried no such choice, so a learned mode replaced the site's explicit one.
 */
class SiteDataModeTest {

    private static ConnectionSettings settings(TransferMode mode) {
        SiteProfile site = SiteProfile.builder(SiteStore.newId(), "Site", "127.0.0.1").user("u").transferMode(mode)
                .build();
        return SiteConnections.settings(site, Settings.DEFAULT, "p", null, null);
    }

    @Test
    void aSitesOwnModeIsAChoiceItsDefaultIsNot() {
        ConnectionSettings active = settings(TransferMode.ACTIVE);
        assertEquals(DataConnectionMode.ACTIVE, active.dataConnectionMode());
        assertTrue(active.dataModeExplicit());
        assertTrue(settings(TransferMode.PASSIVE).dataModeExplicit());
        ConnectionSettings byDefault = settings(TransferMode.DEFAULT);
        assertEquals(DataConnectionMode.PASSIVE, byDefault.dataConnectionMode());
        assertFalse(byDefault.dataModeExplicit());
    }

    /** The queue rebuilds a site's settings from what it stored: the choice has to come back with them. */
    @Test
    void theQueueKeepsTheChoice() {
        ConnectionSettings active = settings(TransferMode.ACTIVE);
        assertTrue(Endpoint.of(active, "id").toSettings("p", null).dataModeExplicit());
        assertFalse(Endpoint.of(settings(TransferMode.DEFAULT), "id").toSettings("p", null).dataModeExplicit());
    }
}
