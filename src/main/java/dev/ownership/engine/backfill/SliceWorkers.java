package dev.ownership.engine.backfill;

import dev.ownership.engine.MigrationListener;
import dev.ownership.engine.catalog.Catalog;
import dev.ownership.engine.ledger.Checkpoint;
import dev.ownership.engine.ledger.Ledger;
import dev.ownership.engine.step.LockingExecutor;
import dev.ownership.engine.step.StepContext;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Walks a backfill's slices on several sessions at once: each worker thread has its own connection, lock-aware
 * executor and ledger, and takes the next slice when it has finished one. Workers never call the listener
 * themselves: they hand their news to the step's thread (the mailbox), which tells the listener, so listeners
 * and progress sums stay single-threaded. The first failure (a worker's, or the listener's) stops the others
 * after their current batch, which commits with its checkpoint, and is the step's failure.
 */
final class SliceWorkers {
    /** A session the slices are walked on. */
    record Session(Connection connection, LockingExecutor executor, Ledger ledger) {
    }

    @FunctionalInterface
    interface SliceWork {
        /** @param mailbox runs what it is given on the step's thread */
        void walk(Session session, Checkpoint slice, Executor mailbox) throws SQLException;
    }

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final long POLL_MS = 100;

    private final AtomicBoolean stop = new AtomicBoolean();

    boolean stopped() {
        return stop.get();
    }

    /** On the step's own session when one worker is enough, else on {@code workers} sessions of their own. */
    void run(StepContext ctx, int workers, int lockRetries, List<Checkpoint> slices, SliceWork work)
            throws SQLException {
        int n = Math.min(workers, slices.size());
        if (n <= 1) {
            Session own = new Session(ctx.connection(), ctx.executor(), ctx.ledger());
            for (Checkpoint slice : slices) {
                work.walk(own, slice, Runnable::run);
            }
            return;
        }
        BlockingQueue<Runnable> mailbox = new LinkedBlockingQueue<>();
        MigrationListener relay = new Relay(ctx.listener(), mailbox::add);
        List<Session> sessions = open(ctx, n, lockRetries, relay);
        Queue<Checkpoint> queue = new ConcurrentLinkedQueue<>(slices);
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "backfill-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (Session s : sessions) {
                futures.add(pool.submit(() -> {
                    for (Checkpoint slice = queue.poll(); slice != null && !stop.get(); slice = queue.poll()) {
                        work.walk(s, slice, mailbox::add);
                    }
                    return null;
                }));
            }
            await(futures, mailbox);
        } finally {
            stop.set(true);
            pool.shutdown();
            awaitTermination(pool);
            for (Session s : sessions) {
                ctx.executor().addStats(s.executor().takeStats());
                closeQuietly(s.connection());
            }
        }
    }

    private static List<Session> open(StepContext ctx, int n, int lockRetries, MigrationListener relay) {
        List<Session> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Connection c = ctx.db().open();
                sessions.add(new Session(c, new LockingExecutor(c, new Catalog(c), lockRetries, relay),
                        new Ledger(c, ctx.ledger().schema())));
            }
            return sessions;
        } catch (RuntimeException e) {
            sessions.forEach(s -> closeQuietly(s.connection()));
            throw e;
        }
    }

    /** Runs the workers' news until every worker has ended; rethrows the first failure. */
    private void await(List<Future<Void>> futures, BlockingQueue<Runnable> mailbox) throws SQLException {
        try {
            while (true) {
                Runnable news = mailbox.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (news != null) {
                    news.run();
                    continue;
                }
                boolean allDone = true;
                for (Future<Void> f : futures) {
                    if (f.isDone()) {
                        f.get(); // a failure ends the wait here
                    } else {
                        allDone = false;
                    }
                }
                if (allDone && mailbox.isEmpty()) {
                    return;
                }
            }
        } catch (ExecutionException e) {
            stop.set(true);
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the backfill ran", e);
        }
    }

    /** Workers stop after their current batch or replica poll; a batch ends within the batch lock timeout. */
    private static void awaitTermination(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the session is gone either way; the batch it ran committed with its checkpoint or not at all
        }
    }

    /** What a worker's executor tells (lock retries, warnings), passed to the step's thread. */
    private record Relay(MigrationListener listener, Executor mailbox) implements MigrationListener {
        @Override
        public void lockRetry(String tables, int attempt, int of) {
            mailbox.execute(() -> listener.lockRetry(tables, attempt, of));
        }

        @Override
        public void warning(String message) {
            mailbox.execute(() -> listener.warning(message));
        }
    }
}
