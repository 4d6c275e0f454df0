package dev.ferry.diagnose;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DialogueListener;
import dev.ferry.ftp.TlsMode;
import dev.ferry.message.Message;
import dev.ferry.tls.HostnameMatcher;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one diagnosis of a connection: the probes, each bounded by the step timeout, in parallel
 * where they do not depend on each other (the other TLS ports beside the control path; the data
 * connection modes beside the main listing), all of it bounded by the deadline. {@link #run}
 * blocks (never on a GUI thread) and returns once every step has an outcome; {@link #cancel()}
 * ends it from any thread.
 * <p>
 * Passwords go only where the settings allow: never over plain FTP unless the settings say plain
 * FTP (or "TLS if available" and the server has none), never over TLS whose certificate the
 * settings' trust refuses. A TLS handshake that fails is never followed by a plain login.
 */
public final class Diagnoser {

    private static final System.Logger LOG = System.getLogger(Diagnoser.class.getName());
    /** After the deadline, how long {@link #run} lets the probes notice that their sockets were closed. */
    private static final Duration WIND_DOWN = Duration.ofSeconds(2);

    private static final List<Step> SESSION_STEPS = List.of(Step.LOGIN, Step.PROTECTION, Step.PASSIVE_EPSV,
            Step.PASSIVE_PASV, Step.ACTIVE, Step.DATA_TLS, Step.LISTING);

    private final ConnectionSettings settings;
    private final DiagnoseOptions options;
    private final Closer closer = new Closer();
    private final CompletableFuture<Void> stop = new CompletableFuture<>();
    private final List<DialogueListener> dialogue = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    public Diagnoser(ConnectionSettings settings, DiagnoseOptions options) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Runs a diagnosis and returns what it found. */
    public static Diagnosis diagnose(ConnectionSettings settings, DiagnoseOptions options, DiagnosisListener listener) {
        return new Diagnoser(settings, options).run(listener);
    }

    /**
     * Also hears the FTP dialogue of every session the diagnosis opens (they are named
     * "diagnose", "diagnose-pasv", "diagnose-active"...), e.g. for {@code --log}. Before {@link #run}.
     */
    public void addDialogueListener(DialogueListener listener) {
        dialogue.add(listener);
    }

    /** Ends a running diagnosis: what is running stops, what did not start is skipped. Any thread. */
    public void cancel() {
        cancelled = true;
        stop.complete(null);
    }

    /** The steps this diagnosis will report, with their titles. */
    public List<PlannedStep> plan() {
        List<PlannedStep> steps = new ArrayList<>();
        String port = String.valueOf(settings.port());
        steps.add(new PlannedStep(Step.DNS, Message.of(DiagnoseText.STEP_DNS, settings.host())));
        steps.add(new PlannedStep(Step.TCP, Message.of(DiagnoseText.STEP_TCP, port)));
        if (settings.tlsMode() == TlsMode.IMPLICIT) {
            steps.add(new PlannedStep(Step.TLS_HANDSHAKE, Message.of(DiagnoseText.STEP_TLS_HANDSHAKE_IMPLICIT)));
            steps.add(new PlannedStep(Step.CERTIFICATE, Message.of(DiagnoseText.STEP_CERTIFICATE)));
            steps.add(new PlannedStep(Step.GREETING, Message.of(DiagnoseText.STEP_GREETING)));
            steps.add(new PlannedStep(Step.EXPLICIT_TLS_PORT, Message.of(DiagnoseText.STEP_EXPLICIT_TLS, port)));
            if (settings.port() != 21) {
                steps.add(new PlannedStep(Step.EXPLICIT_TLS_21, Message.of(DiagnoseText.STEP_EXPLICIT_TLS, "21")));
            }
        } else {
            steps.add(new PlannedStep(Step.GREETING, Message.of(DiagnoseText.STEP_GREETING)));
            steps.add(new PlannedStep(Step.AUTH_TLS, Message.of(DiagnoseText.STEP_AUTH_TLS)));
            steps.add(new PlannedStep(Step.TLS_HANDSHAKE, Message.of(DiagnoseText.STEP_TLS_HANDSHAKE)));
            steps.add(new PlannedStep(Step.CERTIFICATE, Message.of(DiagnoseText.STEP_CERTIFICATE)));
            if (settings.port() != 990) {
                steps.add(new PlannedStep(Step.IMPLICIT_TLS_PORT, Message.of(DiagnoseText.STEP_IMPLICIT_TLS, port)));
            }
            steps.add(new PlannedStep(Step.IMPLICIT_TLS_990, Message.of(DiagnoseText.STEP_IMPLICIT_TLS, "990")));
        }
        steps.add(new PlannedStep(Step.LOGIN, Message.of(DiagnoseText.STEP_LOGIN, settings.user())));
        steps.add(new PlannedStep(Step.PROTECTION, Message.of(DiagnoseText.STEP_PROTECTION)));
        steps.add(new PlannedStep(Step.PASSIVE_EPSV, Message.of(DiagnoseText.STEP_PASSIVE_EPSV)));
        steps.add(new PlannedStep(Step.PASSIVE_PASV, Message.of(DiagnoseText.STEP_PASSIVE_PASV)));
        steps.add(new PlannedStep(Step.ACTIVE, Message.of(DiagnoseText.STEP_ACTIVE)));
        steps.add(new PlannedStep(Step.DATA_TLS, Message.of(DiagnoseText.STEP_DATA_TLS)));
        steps.add(new PlannedStep(Step.LISTING, Message.of(DiagnoseText.STEP_LISTING)));
        return steps;
    }

    public Diagnosis run(DiagnosisListener listener) {
        long start = System.nanoTime();
        Recorder rec = new Recorder(plan(), listener == null ? DiagnosisListener.NONE : listener);
        Facts facts = new Facts();
        ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ferry-diagnose-", 0).factory());
        boolean deadlineReached = false;
        try {
            CompletableFuture<Void> work = CompletableFuture.runAsync(() -> steps(rec, facts, pool), pool);
            try {
                CompletableFuture.anyOf(work, stop).get(options.deadline().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                deadlineReached = true;
            } catch (ExecutionException e) {
                LOG.log(System.Logger.Level.WARNING, "a diagnosis ended with an unexpected failure", e.getCause());
            } catch (InterruptedException e) {
                cancelled = true;
                Thread.currentThread().interrupt();
            }
            List<StepResult> results = cancelled
                    ? rec.close(Outcome.SKIPPED, Message.of(DiagnoseText.CANCELLED), Message.of(DiagnoseText.CANCELLED))
                    : rec.close(Outcome.FAILED, Message.of(DiagnoseText.DEADLINE_REACHED,
                            String.valueOf(options.deadline().toSeconds())), Message.of(DiagnoseText.SKIPPED_DEADLINE));
            closer.closeAll();
            awaitQuietly(work);
            Verdict verdict = new VerdictRules(settings, facts, results, deadlineReached, cancelled).verdict();
            return new Diagnosis(settings.address(), settings.user(), settings.tlsMode(), results, verdict,
                    Duration.ofNanos(System.nanoTime() - start), deadlineReached);
        } finally {
            closer.closeAll();
            pool.shutdownNow();
        }
    }

    private static void awaitQuietly(CompletableFuture<Void> work) {
        try {
            work.get(WIND_DOWN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // The results are final already; a probe slow to notice its closed socket changes nothing.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void steps(Recorder rec, Facts facts, ExecutorService pool) {
        // Beside the lookup and the greeting: our own TLS set-up must not count against the server.
        // (Every diagnosis tries TLS: AUTH TLS or implicit TLS on some port.)
        CompletableFuture<Void> warm = CompletableFuture.runAsync(
                () -> TlsWarmUp.warm(options.stepTimeout().multipliedBy(2)), pool);
        Runnable tlsReady = () -> {
            try {
                warm.get(options.stepTimeout().multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // A warm-up that did not finish only makes the first handshake slower.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        if (!resolve(rec, facts, pool)) {
            rec.skipAfter(Step.DNS, Arrays.asList(Step.values()));
            return;
        }
        ControlProbe probe = new ControlProbe(settings, options.stepTimeout(), rec, closer, facts, tlsReady);
        List<CompletableFuture<Void>> alternatives = new ArrayList<>();
        if (rec.planned(Step.IMPLICIT_TLS_PORT)) {
            alternatives.add(CompletableFuture.runAsync(() -> probe.implicitTls(Step.IMPLICIT_TLS_PORT, settings.port()), pool));
        }
        if (rec.planned(Step.IMPLICIT_TLS_990)) {
            alternatives.add(CompletableFuture.runAsync(() -> probe.implicitTls(Step.IMPLICIT_TLS_990, 990), pool));
        }
        if (rec.planned(Step.EXPLICIT_TLS_21)) {
            alternatives.add(CompletableFuture.runAsync(() -> probe.explicitTls(Step.EXPLICIT_TLS_21, 21), pool));
        }
        probe.run();
        if (rec.planned(Step.EXPLICIT_TLS_PORT)) {
            // Only once implicit TLS failed there: an implicit port never greets in plain text, and
            // the probe would wait out its timeout for nothing.
            if (rec.works(Step.TLS_HANDSHAKE)) {
                rec.skip(List.of(Step.EXPLICIT_TLS_PORT), Message.of(DiagnoseText.SKIPPED_NOT_NEEDED));
            } else {
                alternatives.add(CompletableFuture.runAsync(
                        () -> probe.explicitTls(Step.EXPLICIT_TLS_PORT, settings.port()), pool));
            }
        }
        ConnectionSettings login = loginSettings(rec, alternatives);
        if (login == null) {
            rec.skipAfter(firstFailure(rec), SESSION_STEPS);
        } else {
            facts.loginSettings = login;
            new SessionProbes(login, login != settings, options.stepTimeout(), rec, closer, facts, pool, dialogue).run();
        }
        CompletableFuture.allOf(alternatives.toArray(CompletableFuture[]::new)).join();
    }

    private boolean resolve(Recorder rec, Facts facts, ExecutorService pool) {
        rec.start(Step.DNS);
        String host = settings.host();
        if (HostnameMatcher.isAddressLiteral(host)) {
            try {
                facts.addresses = List.of(InetAddress.getByName(host));
                rec.finish(Step.DNS, Outcome.OK, Message.of(DiagnoseText.DNS_LITERAL, host));
                return true;
            } catch (UnknownHostException e) {
                rec.finish(Step.DNS, Outcome.FAILED, Message.of(DiagnoseText.DNS_UNKNOWN, host));
                return false;
            }
        }
        // The system's resolver cannot be interrupted: ask on another thread and stop waiting in time.
        CompletableFuture<InetAddress[]> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, pool);
        try {
            InetAddress[] found = lookup.get(options.stepTimeout().toMillis(), TimeUnit.MILLISECONDS);
            facts.addresses = List.of(found);
            rec.finish(Step.DNS, Outcome.OK, Message.of(DiagnoseText.DNS_OK, host,
                    String.join(", ", Arrays.stream(found).map(InetAddress::getHostAddress).toList())));
            return true;
        } catch (TimeoutException e) {
            rec.finish(Step.DNS, Outcome.FAILED, Message.of(DiagnoseText.DNS_TIMED_OUT, host,
                    String.valueOf(Math.max(1, options.stepTimeout().toSeconds()))));
        } catch (ExecutionException e) {
            rec.finish(Step.DNS, Outcome.FAILED, Message.of(DiagnoseText.DNS_UNKNOWN, host));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /**
     * The settings to log in with: the given ones when their TLS path works; else another TLS mode
     * or port that the probes found working (implicit TLS where the greeting never came, implicit
     * TLS on 990, explicit TLS on the same port or on 21); else none. Never plain FTP instead of TLS.
     */
    private ConnectionSettings loginSettings(Recorder rec, List<CompletableFuture<Void>> alternatives) {
        TlsMode mode = settings.tlsMode();
        boolean greeted = rec.works(Step.GREETING);
        boolean tls = rec.works(Step.TLS_HANDSHAKE);
        boolean works = switch (mode) {
            case NONE -> greeted;
            case EXPLICIT, IMPLICIT -> greeted && tls;
            case EXPLICIT_IF_AVAILABLE -> greeted && (tls || rec.outcome(Step.AUTH_TLS) == Outcome.NOT_OFFERED
                    && settings.plainWhenTlsNotOffered());
        };
        if (works) {
            return settings;
        }
        // The given way does not work: the other ports may. They run beside; wait for them now.
        CompletableFuture.allOf(alternatives.toArray(CompletableFuture[]::new)).join();
        if (mode != TlsMode.IMPLICIT && !greeted && rec.outcome(Step.IMPLICIT_TLS_PORT) == Outcome.OK) {
            return settings.toBuilder().tlsMode(TlsMode.IMPLICIT).build();
        }
        if (mode != TlsMode.IMPLICIT && rec.outcome(Step.IMPLICIT_TLS_990) == Outcome.OK) {
            return settings.toBuilder().tlsMode(TlsMode.IMPLICIT).port(990).build();
        }
        if (mode == TlsMode.IMPLICIT && rec.outcome(Step.EXPLICIT_TLS_PORT) == Outcome.OK) {
            return settings.toBuilder().tlsMode(TlsMode.EXPLICIT).build();
        }
        if (mode == TlsMode.IMPLICIT && rec.outcome(Step.EXPLICIT_TLS_21) == Outcome.OK) {
            return settings.toBuilder().tlsMode(TlsMode.EXPLICIT).port(21).build();
        }
        if (mode == TlsMode.EXPLICIT_IF_AVAILABLE && greeted && rec.outcome(Step.AUTH_TLS) == Outcome.NOT_OFFERED) {
            // No TLS anywhere and no word for plain FTP: the login step says so, and sends nothing.
            return settings;
        }
        return null;
    }

    private static Step firstFailure(Recorder rec) {
        for (Step step : List.of(Step.DNS, Step.TCP, Step.TLS_HANDSHAKE, Step.GREETING, Step.AUTH_TLS)) {
            if (rec.outcome(step) == Outcome.FAILED) {
                return step;
            }
        }
        return Step.TCP;
    }
}
