package dev.ownership.engine.step;

import dev.ownership.engine.model.Mode;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Which bound a step's statements run under, and which failures under it are retried. */
class LockWaitTest {
    private static final LockWait WHOLE = LockWait.wholeStatement(Duration.ofMillis(200));
    private static final LockWait EACH = LockWait.eachLock(Duration.ofMillis(200));

    @Test
    void aWholeStatementBoundSetsStatementTimeoutTooAndEachLockClearsIt() {
        assertThat(WHOLE.sql()).isEqualTo("SET lock_timeout = '200ms'; SET statement_timeout = '200ms'");
        assertThat(EACH.sql()).isEqualTo("SET lock_timeout = '200ms'; SET statement_timeout = 0");
    }

    /** Offline, a foreign key is validated as it is added and SET NOT NULL scans: under the lock, not bounded whole. */
    @Test
    void theBriefBoundIsWholeOnlineAndPerLockOffline() {
        assertThat(LockWait.brief(StepSqlTest.target(Mode.ONLINE, 17, false).settings()))
                .isEqualTo(LockWait.wholeStatement(Duration.ofMillis(500)));
        assertThat(LockWait.brief(StepSqlTest.target(Mode.OFFLINE, 17, false).settings()))
                .isEqualTo(LockWait.eachLock(Duration.ofMillis(500)));
    }

    @Test
    void lockTimeoutsAndDeadlocksAreRetriedUnderEitherBound() {
        for (LockWait wait : new LockWait[] {WHOLE, EACH}) {
            assertThat(LockingExecutor.retryable(failure(LockingExecutor.LOCK_NOT_AVAILABLE), wait, 10)).isTrue();
            assertThat(LockingExecutor.retryable(failure(LockingExecutor.DEADLOCK), wait, 10)).isTrue();
            assertThat(LockingExecutor.retryable(failure("23505"), wait, 10)).isFalse();
        }
    }

    /** A cancel before the bound ran out is somebody's pg_cancel_backend: the migrator stops, as asked. */
    @Test
    void aCancelIsRetriedOnlyWhenTheWholeStatementBoundRanOut() {
        SQLException canceled = failure(LockingExecutor.CANCELED);
        assertThat(LockingExecutor.retryable(canceled, WHOLE, 201)).isTrue();
        assertThat(LockingExecutor.retryable(canceled, WHOLE, 120)).isFalse();
        assertThat(LockingExecutor.retryable(canceled, EACH, 201)).isFalse();
    }

    private static SQLException failure(String state) {
        return new SQLException("failed", state);
    }
}
