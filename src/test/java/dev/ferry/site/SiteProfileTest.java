package dev.ferry.site;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A site opened again in the folders a tab showed keeps the site's own folders where the tab had none. */
class SiteProfileTest {

    private final SiteProfile site = SiteProfile.builder("id-1", "Shop", "ftp.example.org")
            .localDirectory("/home/me/shop").remoteDirectory("/var/www").build();

    @Test
    void theTabsFoldersReplaceTheSitesOwn() {
        SiteProfile reopened = site.inFolders("/home/me/elsewhere", "/var/www/img");
        assertEquals("/home/me/elsewhere", reopened.localDirectory());
        assertEquals("/var/www/img", reopened.remoteDirectory());
        assertEquals(site.toBuilder().localDirectory("/home/me/elsewhere").remoteDirectory("/var/www/img").build(), reopened);
    }

    @Test
    void aFolderTheTabNeverShowedKeepsTheSitesOwn() {
        SiteProfile reopened = site.inFolders(null, null);
        assertEquals(site, reopened);
        assertEquals("/home/me/shop", site.inFolders(null, "/tmp").localDirectory());
        assertEquals("/var/www", site.inFolders("/tmp", null).remoteDirectory());
    }
}
