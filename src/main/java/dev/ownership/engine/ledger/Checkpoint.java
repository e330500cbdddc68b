package dev.ownership.engine.ledger;

import java.util.Optional;

/** Where a backfill stands; keys are text so any key type (and ctid page numbers) fit. */
public record Checkpoint(Optional<String> upperKey, Optional<String> lastKey, long rowsDone, long rowsTotal,
                         long batches, boolean completed) {
}
