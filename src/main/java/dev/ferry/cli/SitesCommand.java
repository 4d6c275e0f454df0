package dev.ferry.cli;

import dev.ferry.message.Message;
import dev.ferry.site.PasswordStore;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.site.SiteText;
import dev.ferry.site.Vault;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
                    System.out.println(indent + site.name() + "  (" + describe(site) + ", "
                            + (site.user() == null ? "" : site.user() + "@") + site.host() + port + ")  "
                            + (site.logonType() == dev.ferry.site.LogonType.ANONYMOUS ? Words.text("sites.anonymous")
                            : Words.of(Message.of(SiteText.LIST_PASSWORD_STORE, SiteStore.storeOf(site).message()))));
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
                case EXPLICIT_IF_AVAILABLE -> Words.text("sites.tlsIfOffered");
                case IMPLICIT -> "ftps";
            };
        }
    }

    @Command(name = "import-filezilla", description = {"Import FileZilla's sitemanager.xml with its passwords.",
            "Passwords go to the system keyring, or with --master-password-stdin to Ferry's master-password vault "
                    + "(created with that password if there is none). Passwords FileZilla encrypted under its own master "
                    + "password are read with --filezilla-master-password-stdin or FERRY_FILEZILLA_MASTER_PASSWORD.",
            "When both options are given, standard input holds Ferry's master password on the first line and "
                    + "FileZilla's on the second."})
    static final class ImportFileZilla implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--master-password-stdin",
                description = "Keep the passwords in Ferry's master-password vault; read its password from standard input.")
        boolean masterPasswordStdin;

        @Option(names = "--filezilla-master-password-stdin",
                description = "Read FileZilla's master password from standard input, to keep the passwords it encrypted.")
        boolean fileZillaMasterPasswordStdin;

        @Override
        public Integer call() throws Exception {
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            SiteStore store = SavedSites.store();
            PasswordStore target = null;
            if (masterPasswordStdin) {
                char[] master = line(stdin, "--master-password-stdin");
                if (store.hasMasterPassword()) {
                    store.unlock(master);
                } else {
                    store.setMasterPassword(master, Vault.KdfParameters.fresh());
                }
                target = PasswordStore.VAULT;
            }
            char[] fileZilla = null;
            if (fileZillaMasterPasswordStdin) {
                fileZilla = line(stdin, "--filezilla-master-password-stdin");
            } else if (System.getenv("FERRY_FILEZILLA_MASTER_PASSWORD") != null) {
                fileZilla = System.getenv("FERRY_FILEZILLA_MASTER_PASSWORD").toCharArray();
            }
            return report(store.importFileZilla(file, new SiteStore.ImportOptions(target, fileZilla)));
        }

        private static char[] line(BufferedReader stdin, String option) throws IOException {
            String line = stdin.readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException(Words.text("sites.noPasswordLine", option));
            }
            return line.toCharArray();
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
            int count = SavedSites.store().sites().size();
            System.out.println(Words.text("sites.exported", count, file));
            return 0;
        }
    }

    private static int report(SiteStore.ImportReport report) {
        System.out.println(Words.of(report.summary()));
        for (Message note : report.notes()) {
            System.out.println("  " + Words.of(note));
        }
        return 0;
    }
}
