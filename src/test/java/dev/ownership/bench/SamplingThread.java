package dev.ownership.bench;

import dev.ownership.testing.pg.TestDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A thread that takes a sample once a period until closed; close() rethrows what made it stop, so a sampler that
 * failed never passes for one that saw nothing.
 */
final class SamplingThread implements AutoCloseable {
    /** The period of the samplers that query the server. */
    static final long PERIOD_MS = 100;

    /** Opens what the samples need, on the sampling thread, and returns what takes one. */
    interface Sampler {
        Sample open() throws Exception;
    }

    interface Sample extends AutoCloseable {
        void take() throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    /** A sampler on a session of its own, named {@code applicationName}. */
    interface SessionSampler {
        Sample open(Connection c) throws SQLException;
    }

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final String name;
    private final Thread thread;

    SamplingThread(String name, long periodMillis, Sampler sampler) {
        this.name = name;
        this.thread = new Thread(() -> run(periodMillis, sampler), name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Every {@code periodMillis} on a session of {@code db} whose application_name is {@code name}. */
    SamplingThread(String name, long periodMillis, TestDatabase db, SessionSampler sampler) {
        this(name, periodMillis, () -> {
            Connection c = AppWriter.connect(db, name);
            Sample sample = sampler.open(c);
            return new Sample() {
                @Override
                public void take() throws Exception {
                    sample.take();
                }

                @Override
                public void close() throws SQLException {
                    c.close();
                }
            };
        });
    }

    private void run(long periodMillis, Sampler sampler) {
        try (Sample sample = sampler.open()) {
            while (running.get()) {
                Thread.sleep(periodMillis);
                sample.take();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the " + name + " failed: " + failure.get(), failure.get());
        }
    }
}
