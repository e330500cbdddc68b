package dev.ownership.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How much CPU processes other than this benchmark (its JVM, the embedded PostgreSQL servers and their children)
 * used while it ran, from /proc once a second: the honest answer to "was the machine shared?". Processes that
 * start and end between two samples are missed, so the figure is a lower bound.
 */
final class MachineLoad implements AutoCloseable {
    private static final long PERIOD_MS = 1_000;

    private final long ownPid = ProcessHandle.current().pid();
    private final long parentPid = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    /** Servers of this benchmark: the shared one, and those a workload starts (a primary and its replica). */
    private final Set<Long> postmasterPids = ConcurrentHashMap.newKeySet();
    private final Map<Long, Long> lastTicks = new HashMap<>();
    private final Map<String, Double> otherSecondsByCommand = new HashMap<>();
    private final List<double[]> series = new ArrayList<>(); // {nanoTime, cores used by others since the last}
    private final SamplingThread thread;
    private final long started = System.nanoTime();
    private double otherSeconds;
    private long lastSample = System.nanoTime();
    private double peakOtherCores;
    private long ended;

    MachineLoad(long postmasterPid) {
        postmasterPids.add(postmasterPid);
        sample(false);
        thread = new SamplingThread("machine-load", PERIOD_MS, () -> () -> sample(true));
    }

    /** Counts a server started after this one as the benchmark's own from now on. */
    void adopt(long postmasterPid) {
        postmasterPids.add(postmasterPid);
    }

    private synchronized void sample(boolean count) {
        Map<Long, ProcStat> procs = new HashMap<>();
        try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
            dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(d -> ProcStat.of(Long.parseLong(d.getFileName().toString()))
                            .ifPresent(p -> procs.put(p.pid(), p)));
        } catch (IOException e) {
            return; // no /proc: nothing to report
        }
        Set<Long> ours = new HashSet<>();
        for (ProcStat p : procs.values()) {
            if (descendsFromUs(p, procs)) {
                ours.add(p.pid());
            }
        }
        double interval = 0;
        for (ProcStat p : procs.values()) {
            Long before = lastTicks.put(p.pid(), p.ticks());
            if (!count || ours.contains(p.pid())) {
                continue;
            }
            double seconds = (p.ticks() - (before == null ? 0 : before)) / ProcStat.TICKS_PER_SECOND;
            if (before == null && p.ticks() > 10 * ProcStat.TICKS_PER_SECOND) {
                continue; // an old process seen for the first time (pid reuse is rarer): not this interval's
            }
            interval += seconds;
            otherSecondsByCommand.merge(p.command(), seconds, Double::sum);
        }
        lastTicks.keySet().retainAll(procs.keySet());
        otherSeconds += interval;
        long now = System.nanoTime();
        double cores = interval / Math.max(1e-3, (now - lastSample) / 1e9);
        lastSample = now;
        if (count) {
            series.add(new double[]{now, cores});
            peakOtherCores = Math.max(peakOtherCores, cores);
        }
    }

    private boolean descendsFromUs(ProcStat p, Map<Long, ProcStat> procs) {
        for (ProcStat q = p; q != null; q = procs.get(q.ppid())) {
            if (q.pid() == ownPid || postmasterPids.contains(q.pid()) || q.pid() == parentPid) {
                return true;
            }
            if (q.ppid() <= 1) {
                return false;
            }
        }
        return false;
    }

    @Override
    public void close() {
        thread.close();
        ended = System.nanoTime();
    }

    /** E.g. "0.42 cores on average (peak 1.9 over one second); busiest: java 80 s, cc1plus 12 s". */
    synchronized String summary() {
        double elapsed = ((ended == 0 ? System.nanoTime() : ended) - started) / 1e9;
        Map<String, Double> busiest = otherSecondsByCommand.entrySet().stream()
                .filter(e -> e.getValue() >= 1)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(4)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        String names = busiest.isEmpty() ? "none above 1 CPU-second"
                : busiest.entrySet().stream().map(e -> String.format("%s %.0f CPU-s", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        return String.format("%.2f cores on average over %.0f s (peak %.1f over one second); busiest: %s",
                otherSeconds / Math.max(1e-9, elapsed), elapsed, peakOtherCores, names);
    }

    /** Mean cores used by other processes in the samples taken in [from, to] (and the one just after). */
    synchronized double otherCores(long fromNanos, long toNanos) {
        double sum = 0;
        int n = 0;
        boolean after = false;
        for (double[] s : series) {
            if (s[0] >= fromNanos && (s[0] <= toNanos || !after)) {
                after |= s[0] > toNanos;
                sum += s[1];
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    synchronized double averageOtherCores() {
        double elapsed = ((ended == 0 ? System.nanoTime() : ended) - started) / 1e9;
        return otherSeconds / Math.max(1e-9, elapsed);
    }
}
