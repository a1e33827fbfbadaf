package org.aestack.runtime.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What every trainer's builder sets besides the phases' settings: the seed, where checkpoints go,
 * and the listeners. A generated builder holds one and hands it to its {@link PhaseRunner}.
 */
public final class TrainerOptions {
    private long seed = 42;
    private Path checkpointFile;
    private int checkpointEvery = 1;
    private final List<TrainingListener> listeners = new ArrayList<>();

    /** The seed of the shuffling, the noise and the sampling; default 42. */
    public void seed(long seed) {
        this.seed = seed;
    }

    /**
     * Writes a checkpoint to {@code file} every {@code everyEpochs} epochs and at the end of each
     * phase, atomically.
     */
    public void checkpoint(Path file, int everyEpochs) {
        if (everyEpochs < 1) {
            throw new IllegalArgumentException("checkpoints are written every 1 or more epochs, not " + everyEpochs);
        }
        this.checkpointFile = Objects.requireNonNull(file, "file");
        this.checkpointEvery = everyEpochs;
    }

    public void listener(TrainingListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public long seed() {
        return seed;
    }

    /** Where checkpoints go, or null for none. */
    public Path checkpointFile() {
        return checkpointFile;
    }

    public int checkpointEvery() {
        return checkpointEvery;
    }

    public List<TrainingListener> listeners() {
        return List.copyOf(listeners);
    }
}
