package dev.ferry.cli;

import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "sites", description = "Saved sites: list them, import or export them.",
        subcommands = {SitesCommand.ListSites.class, SitesCommand.ImportFileZilla.class, SitesCommand.Import.class,
                SitesCommand.Export.class})
final class SitesCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        return new ListSites().call();
    }

    @Command(name = "list", description = "Print the folders and sites as a tree.")
    static final class ListSites implements Callable<Integer> {
        @Override
        public Integer call() {
            SiteStore store = SavedSites.store();
            List<List<String>> folders = new ArrayList<>(store.folders());
            folders.sort(Comparator.comparing(f -> String.join("/", f)));
            List<SiteProfile> sites = new ArrayList<>(store.sites());
            sites.sort(Comparator.comparing(SiteProfile::path));
            print(List.of(), folders, sites);
            return 0;
        }

        private static void print(List<String> folder, List<List<String>> folders, List<SiteProfile> sites) {
            String indent = "  ".repeat(folder.size());
            for (SiteProfile site : sites) {
                if (site.folder().equals(folder)) {
                    String port = site.port() > 0 ? ":" + site.port() : "";
                    System.out.println(indent + site.name() + "  (" + describe(site) + " "
                            + (site.user() == null ? "" : site.user() + "@") + site.host() + port + ")");
                }
            }
            for (List<String> sub : folders) {
                if (sub.size() == folder.size() + 1 && sub.subList(0, folder.size()).equals(folder)) {
                    System.out.println(indent + sub.getLast() + "/");
                    print(sub, folders, sites);
                }
            }
        }

        private static String describe(SiteProfile site) {
            return switch (site.protocol()) {
                case NONE -> "ftp";
                case EXPLICIT -> "ftpes";
                case EXPLICIT_IF_AVAILABLE -> "ftp, TLS if offered";
                case IMPLICIT -> "ftps";
            };
        }
    }

    @Command(name = "import-filezilla", description = "Import FileZilla's sitemanager.xml.")
    static final class ImportFileZilla implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws Exception {
            return report(SavedSites.store().importFileZilla(file));
        }
    }

    @Command(name = "import", description = "Import sites exported by Ferry.")
    static final class Import implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws Exception {
            return report(SavedSites.store().importFrom(file));
        }
    }

    @Command(name = "export", description = "Export the sites as Ferry JSON (without passwords).")
    static final class Export implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws Exception {
            SavedSites.store().exportTo(file);
            System.out.println("Exported " + SavedSites.store().sites().size() + " sites to " + file
                    + " (passwords are never exported)");
            return 0;
        }
    }

    private static int report(SiteStore.ImportReport report) {
        System.out.println("Imported " + report.imported() + " sites.");
        for (String note : report.notes()) {
            System.out.println("  " + note);
        }
        return 0;
    }
}
