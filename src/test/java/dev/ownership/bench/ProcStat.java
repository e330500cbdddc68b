package dev.ownership.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A process as /proc/PID/stat describes it: its parent, its command and the CPU it has used (user + system). */
record ProcStat(long pid, long ppid, String command, long ticks) {
    static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    /** Empty when the process is gone (or there is no /proc). */
    static Optional<ProcStat> of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')'); // the command may hold spaces and parentheses
            String[] f = stat.substring(close + 2).split(" ");
            return Optional.of(new ProcStat(pid, Long.parseLong(f[1]), stat.substring(stat.indexOf('(') + 1, close),
                    Long.parseLong(f[11]) + Long.parseLong(f[12])));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    double cpuSeconds() {
        return ticks / TICKS_PER_SECOND;
    }
}
