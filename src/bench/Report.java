import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Turns a benchmark folder's runs.csv (and machine.txt) into the Markdown summary that
 * bench.sh prints: medians side by side, Ferry / anchor, then every line's spread and failures.
 * Run as a source file: {@code java src/bench/Report.java DIR > DIR/summary.md}.
 */
public class Report {

    record Run(String caseId, String tool, int run, boolean ok, double wall, double user, double sys, long files,
               long rss, String detail) {
        double cpu() {
            return user + sys;
        }

        /** A value of the detail's key=value;... list, NaN when absent. */
        double metric(String key) {
            for (String part : detail.split(";")) {
                if (part.startsWith(key + "=")) {
                    try {
                        return Double.parseDouble(part.substring(key.length() + 1));
                    } catch (NumberFormatException e) {
                        return Double.NaN;
                    }
                }
            }
            return Double.NaN;
        }

        String text(String key) {
            for (String part : detail.split(";")) {
                if (part.startsWith(key + "=")) {
                    return part.substring(key.length() + 1);
                }
            }
            return "";
        }
    }

    /** One line of the main table: its case, words, and the tool Ferry is compared with. */
    record Line(String id, String title, String anchor) {
    }

    static final List<Line> TRANSFER_LINES = List.of(
            new Line("dl1g-plain", "1 GiB download, plain", "curl"),
            new Line("dl1g-ftps", "1 GiB download, FTPS", "curl"),
            new Line("up1g-ftps", "1 GiB upload, FTPS", "lftp"),
            new Line("small2k-plain", "2000 × 4 KiB download, plain, 4 sessions", "lftp"),
            new Line("small8k-plain", "8000 × 4 KiB download, plain, 4 sessions", "lftp"),
            new Line("small2k-ftps", "2000 × 4 KiB download, FTPS, 4 sessions", "lftp-tls12"),
            new Line("small2k-rtt10", "2000 × 4 KiB download, plain, 4 sessions, commands 10 ms away", "lftp"),
            new Line("list20k", "20,000-entry folder listed and parsed", "lftp"));

    final Map<String, List<Run>> byLine = new LinkedHashMap<>();
    final List<Run> all = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args.length > 0 ? args[0] : "target/bench");
        Report report = new Report();
        List<String> lines = Files.readAllLines(folder.resolve("runs.csv"));
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                report.add(split(line));
            }
        }
        Path machine = folder.resolve("machine.txt");
        System.out.print(report.markdown(Files.exists(machine) ? Files.readString(machine) : ""));
    }

    /** CSV fields; a field in double quotes may hold commas. */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        while (fields.size() < 11) {
            fields.add("");
        }
        return fields;
    }

    /** The machine's cores, from machine.txt (0 when it does not say). */
    private int cores;

    void add(List<String> f) {
        Run run = new Run(f.get(0), f.get(1), Integer.parseInt(f.get(2)), f.get(3).equals("ok"), number(f.get(4)),
                number(f.get(5)), number(f.get(6)), (long) number(f.get(7)), (long) number(f.get(9)), f.get(10));
        all.add(run);
        byLine.computeIfAbsent(run.caseId() + "/" + run.tool(), k -> new ArrayList<>()).add(run);
    }

    static double number(String text) {
        try {
            return text.isBlank() ? Double.NaN : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    List<Run> runs(String caseId, String tool) {
        return byLine.getOrDefault(caseId + "/" + tool, List.of());
    }

    /** Median over the runs whose bytes were right; NaN when there are none. */
    double median(String caseId, String tool, ToDoubleFunction<Run> value) {
        double[] values = runs(caseId, tool).stream().filter(Run::ok).mapToDouble(value)
                .filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    long failures(String caseId, String tool) {
        return runs(caseId, tool).stream().filter(r -> !r.ok()).count();
    }

    /** "1.23 s", with the failed runs said; "—" when the tool has no such line. */
    String cell(String caseId, String tool, ToDoubleFunction<Run> value, String format) {
        List<Run> runs = runs(caseId, tool);
        if (runs.isEmpty()) {
            return "—";
        }
        long failed = failures(caseId, tool);
        double median = median(caseId, tool, value);
        if (Double.isNaN(median)) {
            return "**FAILED** (" + failed + "/" + runs.size() + ")";
        }
        String text = String.format(Locale.ROOT, format, median);
        return failed > 0 ? text + " (**" + failed + " of " + runs.size() + " FAILED**)" : text;
    }

    String ratio(String caseId, String tool, String anchor, ToDoubleFunction<Run> value) {
        double ours = median(caseId, tool, value);
        double theirs = median(caseId, anchor, value);
        if (Double.isNaN(ours) || Double.isNaN(theirs) || theirs <= 0) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.2f", ours / theirs);
    }

    String markdown(String machine) {
        java.util.regex.Matcher cpus = java.util.regex.Pattern.compile("(?m)^cpus: (\\d+)").matcher(machine);
        cores = cpus.find() ? Integer.parseInt(cpus.group(1)) : 0;
        StringBuilder md = new StringBuilder();
        md.append("# Ferry benchmark\n\n");
        md.append("```\n").append(machine.strip()).append("\n```\n\n");
        int runsPerLine = all.stream().mapToInt(Run::run).max().orElse(0);
        md.append("Medians of ").append(runsPerLine).append(" runs per tool, measured in one go on loopback vsftpd, data on tmpfs. ")
                .append("Every run's bytes were checked against the source (SHA-256); a run that differed is FAILED and not timed. ")
                .append("Command-line times run from process start to exit. Ratios below 1 mean Ferry is faster.\n\n");

        ToDoubleFunction<Run> wall = Run::wall;
        md.append("## Side by side\n\n");
        md.append("| Line [anchor] | Ferry CLI | Ferry, warm JVM | curl | lftp | Ferry CLI / anchor | warm JVM / anchor |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Line line : TRANSFER_LINES) {
            String lftp = line.anchor().equals("lftp-tls12")
                    ? cell(line.id(), "lftp-tls12", wall, "%.2f s") + " (TLS 1.3: " + cell(line.id(), "lftp", wall, "%.2f s") + ")"
                    : cell(line.id(), "lftp", wall, "%.2f s");
            String anchorName = line.anchor().equals("lftp-tls12") ? "lftp, TLS 1.2" : line.anchor();
            String title = line.title() + (line.id().equals("list20k") ? "" : ", CLI");
            md.append("| ").append(title).append(" [").append(anchorName).append("] | ")
                    .append(cell(line.id(), "ferry", wall, "%.2f s")).append(" | ")
                    .append(cell(line.id(), "ferry-warm", wall, "%.2f s")).append(" | ")
                    .append(cell(line.id(), "curl", wall, "%.2f s")).append(" | ")
                    .append(lftp).append(" | ")
                    .append(ratio(line.id(), "ferry", line.anchor(), wall)).append(" | ")
                    .append(ratio(line.id(), "ferry-warm", line.anchor(), wall)).append(" |\n");
        }
        for (String id : List.of("small2k-plain", "small8k-plain", "small2k-ftps")) {
            ToDoubleFunction<Run> perFile = r -> r.cpu() * 1000 / r.files();
            String anchor = id.equals("small2k-ftps") ? "lftp-tls12" : "lftp";
            md.append("| CPU per small file, ").append(id.replace("small2k-", "2000 × 4 KiB ").replace("small8k-", "8000 × 4 KiB "))
                    .append(" (user+sys of the process / files) [").append(anchor.equals("lftp") ? "lftp" : "lftp, TLS 1.2").append("] | ")
                    .append(cell(id, "ferry", perFile, "%.3f ms")).append(" | ")
                    .append(cell(id, "ferry-warm", perFile, "%.3f ms")).append(" | ")
                    .append(cell(id, "curl", perFile, "%.3f ms")).append(" | ")
                    .append(cell(id, anchor, perFile, "%.3f ms")).append(" | ")
                    .append(ratio(id, "ferry", anchor, perFile)).append(" | ")
                    .append(ratio(id, "ferry-warm", anchor, perFile)).append(" |\n");
        }
        for (String id : List.of("small2k-plain", "small8k-plain", "small2k-ftps")) {
            if (Double.isNaN(median(id, "lftp", r -> r.metric("server_cpu_s")))) {
                continue;
            }
            ToDoubleFunction<Run> serverPerFile = r -> r.metric("server_cpu_s") * 1000 / r.files();
            String anchor = id.equals("small2k-ftps") ? "lftp-tls12" : "lftp";
            md.append("| vsftpd's CPU per small file while it serves the tool, ")
                    .append(id.replace("small2k-", "2000 × 4 KiB ").replace("small8k-", "8000 × 4 KiB "))
                    .append(" (its processes' cgroup) [").append(anchor.equals("lftp") ? "lftp" : "lftp, TLS 1.2").append("] | ")
                    .append(cell(id, "ferry", serverPerFile, "%.3f ms")).append(" | — | ")
                    .append(cell(id, "curl", serverPerFile, "%.3f ms")).append(" | ")
                    .append(cell(id, anchor, serverPerFile, "%.3f ms")).append(" | ")
                    .append(ratio(id, "ferry", anchor, serverPerFile)).append(" | — |\n");
        }
        for (String id : List.of("small2k-plain", "small8k-plain")) {
            // Two thirds of the anchor's time on every core, less what the server spent serving the same
            // files: what a client may spend on each file and still finish in two thirds of lftp's time
            // (issue 16's goal for these lines), were all cores kept busy.
            double server = median(id, "lftp", r -> r.metric("server_cpu_s"));
            double anchorWall = median(id, "lftp", Run::wall);
            long files = runs(id, "lftp").stream().mapToLong(Run::files).max().orElse(0);
            if (Double.isNaN(server) || Double.isNaN(anchorWall) || cores <= 0 || files == 0) {
                continue;
            }
            double budget = (anchorWall * 2 / 3 * cores - server) * 1000 / files;
            md.append(String.format(Locale.ROOT, "| Client CPU per file that would still allow two thirds of lftp's time, %s: "
                            + "(⅔ × lftp's wall × %d cores − vsftpd's CPU) / files | %.3f ms | %.3f ms | — | — | — | — |\n",
                    id.replace("small2k-", "2000 × 4 KiB ").replace("small8k-", "8000 × 4 KiB "), cores, budget, budget));
        }
        md.append("| CPU per extra file, plain: (8000-file CPU − 2000-file CPU) / 6000, start-up excluded [lftp] | ")
                .append(marginal("ferry")).append(" | ").append(marginal("ferry-warm")).append(" | ")
                .append(marginal("curl")).append(" | ").append(marginal("lftp")).append(" | ")
                .append(marginalRatio("ferry")).append(" | ").append(marginalRatio("ferry-warm")).append(" |\n");
        md.append("| Packaged app: launch → first painted frame | ")
                .append(cell("app-launch", "ferry-app", wall, "%.2f s")).append(" | — | — | — | — | — |\n");
        md.append("| 20,000-entry folder shown in the app (navigate → painted frame) [lftp `cls -l`] | — | ")
                .append(cell("app-list20k-show", "ferry-app", wall, "%.2f s")).append(" | — | ")
                .append(cell("list20k", "lftp", wall, "%.2f s")).append(" | — | ")
                .append(ratio2("app-list20k-show", "ferry-app", "list20k", "lftp")).append(" |\n");
        md.append("| … then sorted by size (click → painted frame) | — | ")
                .append(cell("app-list20k-sort", "ferry-app", wall, "%.3f s")).append(" | — | — | — | — |\n");
        md.append("| FX-thread delay of a posted task while 10,000 items run, 4 sessions, window shown: p50 / p99 / max | — | ")
                .append(latency()).append(" | — | — | — | — |\n");
        md.append("\n");
        notes(md);

        md.append("## Every line\n\n");
        md.append("| Line | Tool | ok / runs | median wall | min – max wall | median CPU (user+sys) | median max RSS | details |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---|\n");
        for (Map.Entry<String, List<Run>> entry : byLine.entrySet()) {
            List<Run> runs = entry.getValue();
            Run first = runs.getFirst();
            double[] walls = runs.stream().filter(Run::ok).mapToDouble(Run::wall).sorted().toArray();
            String spread = walls.length == 0 ? "—"
                    : String.format(Locale.ROOT, "%.3f – %.3f s", walls[0], walls[walls.length - 1]);
            double rss = median(first.caseId(), first.tool(), r -> r.rss());
            double cpu = median(first.caseId(), first.tool(), Run::cpu);
            md.append("| ").append(first.caseId()).append(" | ").append(first.tool()).append(" | ")
                    .append(runs.stream().filter(Run::ok).count()).append(" / ").append(runs.size()).append(" | ")
                    .append(Double.isNaN(median(first.caseId(), first.tool(), Run::wall)) ? "—"
                            : String.format(Locale.ROOT, "%.3f s", median(first.caseId(), first.tool(), Run::wall))).append(" | ")
                    .append(spread).append(" | ")
                    .append(Double.isNaN(cpu) ? "—" : String.format(Locale.ROOT, "%.2f s", cpu)).append(" | ")
                    .append(Double.isNaN(rss) || rss <= 0 ? "—" : String.format(Locale.ROOT, "%.0f MiB", rss / 1024)).append(" | ")
                    .append(details(runs)).append(" |\n");
        }
        List<Run> failed = all.stream().filter(r -> !r.ok()).toList();
        md.append("\n## Failed runs\n\n");
        if (failed.isEmpty()) {
            md.append("None: every run transferred the right bytes.\n");
        }
        for (Run run : failed) {
            md.append("- ").append(run.caseId()).append(" / ").append(run.tool()).append(" run ").append(run.run())
                    .append(": ").append(run.detail()).append("\n");
        }
        return md.toString();
    }

    private String marginal(String tool) {
        double small = median("small2k-plain", tool, Run::cpu);
        double large = median("small8k-plain", tool, Run::cpu);
        return Double.isNaN(small) || Double.isNaN(large) ? "—"
                : String.format(Locale.ROOT, "%.3f ms", (large - small) * 1000 / 6000);
    }

    private String marginalRatio(String tool) {
        double ours = (median("small8k-plain", tool, Run::cpu) - median("small2k-plain", tool, Run::cpu));
        double theirs = (median("small8k-plain", "lftp", Run::cpu) - median("small2k-plain", "lftp", Run::cpu));
        return Double.isNaN(ours) || Double.isNaN(theirs) || theirs <= 0 ? "—" : String.format(Locale.ROOT, "%.2f", ours / theirs);
    }

    private String ratio2(String caseId, String tool, String anchorCase, String anchorTool) {
        double ours = median(caseId, tool, Run::wall);
        double theirs = median(anchorCase, anchorTool, Run::wall);
        return Double.isNaN(ours) || Double.isNaN(theirs) || theirs <= 0 ? "—" : String.format(Locale.ROOT, "%.2f", ours / theirs);
    }

    private String latency() {
        List<Run> runs = runs("fx-latency-10k", "ferry-app");
        if (runs.isEmpty()) {
            return "—";
        }
        if (runs.stream().noneMatch(Run::ok)) {
            return "**FAILED** (" + runs.size() + ")";
        }
        return String.format(Locale.ROOT, "%.1f / %.0f / %.0f ms (10,000 items in %.1f s)",
                median("fx-latency-10k", "ferry-app", r -> r.metric("p50_ms")),
                median("fx-latency-10k", "ferry-app", r -> r.metric("p99_ms")),
                median("fx-latency-10k", "ferry-app", r -> r.metric("max_ms")),
                median("fx-latency-10k", "ferry-app", Run::wall))
                + (failures("fx-latency-10k", "ferry-app") > 0 ? " (**some runs FAILED**)" : "");
    }

    private static String details(List<Run> runs) {
        Run ok = runs.stream().filter(Run::ok).max(Comparator.comparingInt(Run::run)).orElse(null);
        if (ok == null || ok.detail().isBlank()) {
            return "";
        }
        return "last ok run: " + ok.detail().replace(";", ", ");
    }

    private static void notes(StringBuilder md) {
        md.append("""
                How to read it:
                - **Ferry CLI** is the command line as users run it (the command in machine.txt), JVM start included; \
                **Ferry, warm JVM** drives `TransferQueue` in one long-lived JVM after a warm-up round (a new queue, \
                so new logins, per run), as the desktop app does.
                - curl has no mirror: for the small files it is given the 2000 or 8000 names (no listing) and runs 4 \
                transfers at a time (`-Z --parallel-max 4`). lftp uses `mirror --parallel=4`. For FTPS with many \
                small files lftp's anchor is its faster TLS 1.2 setting (GnuTLS `NORMAL:-VERS-TLS1.3`); its default \
                is shown in brackets. Ferry keeps its default, TLS 1.3, and resumes the control session on every data \
                connection with a ticket the server sent.
                - "Commands 10 ms away": the same 2000 files with the control connection through \
                `src/bench/delay-proxy.py`, which holds commands and replies 5 ms each way; data connections stay \
                on loopback. It shows what the round trips per file cost away from loopback (not a goal line).
                - The listing line: `ferry ls` and `lftp cls -l` list, parse and print; curl prints the raw LIST \
                (nothing parsed). Every tool's names and sizes are checked against the folder.
                - App lines run under Xvfb (software rendering); "painted frame" is measured at most one pulse \
                (~17 ms) late, never early. The start-up line is the packaged launcher (jlink runtime, AOT cache \
                when built) from exec to the first frame painted.
                - vsftpd's CPU: the CPU time of the server's processes (a cgroup holds them) during each \
                command-line run. Client and server share the cores: the row after it is the most CPU a client \
                could spend per file and still end in two thirds of lftp's time, with every core busy all along \
                (a bound, not a forecast: compare it with the CPU per small file above).
                - FX-thread delay: a task is posted with `Platform.runLater` every 10 ms (after the previous one \
                ran) and its real delay recorded, whatever the cause (CPU, painting, computing, blocking).

                """);
    }
}
