package org.aestack.runtime.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.aestack.runtime.io.ModelFile;
import org.aestack.runtime.io.ModelFormatException;
import org.aestack.runtime.kernel.Rng;

/**
 * Everything a generated trainer needs to continue a run exactly where it stopped, at the end of an
 * epoch or, when a listener stopped it, inside one: the parameters, the optimizer state of the
 * phase under way, its position (phase, epoch, and batch within the epoch), the state of every random generator, and the history so far. Stored as a safetensors
 * model file (so the parameters are usable as they are), written atomically: a crash, even during
 * the save, leaves the previous checkpoint whole.
 *
 * <p>Resuming with the same data, settings and thread count gives bit-identical final weights.
 */
public final class Checkpoint {
    private static final String PREFIX = "aestack.checkpoint.";

    private final int phase;
    private final Position position;
    private final Map<String, long[]> generators;
    private final Map<String, Long> steps;
    private final List<EpochRecord> history;
    private final String settings;
    private final ModelFile file;

    /**
     * Where in a phase a checkpoint was taken: after epoch {@code epoch} ({@code batch} 0), or
     * {@code batch} mini-batches into the epoch after it, having summed {@code lossSum} over
     * {@code samples} rows of it so far (a run stopped inside an epoch, see
     * {@link TrainingListener#stopRequested()}).
     */
    public record Position(int epoch, int batch, double lossSum, int samples) {
        /** Right after epoch {@code epoch}. */
        public static Position after(int epoch) {
            return new Position(epoch, 0, 0, 0);
        }

        /** Inside an epoch rather than at its end. */
        public boolean insideEpoch() {
            return batch > 0;
        }
    }

    private Checkpoint(int phase, Position position, Map<String, long[]> generators, Map<String, Long> steps,
            List<EpochRecord> history, String settings, ModelFile file) {
        this.phase = phase;
        this.position = position;
        this.generators = generators;
        this.steps = steps;
        this.history = history;
        this.settings = settings;
        this.file = file;
    }

    /**
     * Writes a checkpoint.
     *
     * @param phase the phase under way, numbered in the order the trainer runs them
     * @param epoch the last finished epoch of that phase
     * @param parameters the model's tensors, by name
     * @param shapes their shapes
     * @param updaters each parameter's optimizer, by parameter name
     * @param generators the random generators, by name
     * @param settings a description of the run's settings, which a resume must match
     */
    public static void write(Path path, String declaration, int phase, int epoch, Map<String, float[]> parameters,
            Map<String, int[]> shapes, Map<String, Updater> updaters, Map<String, Rng> generators,
            List<EpochRecord> history, String settings) throws IOException {
        write(path, declaration, phase, epoch, parameters, shapes, updaters, generators, history, settings, Map.of());
    }

    /**
     * Writes a checkpoint with more training state besides the optimizers', such as the visible
     * states of persistent contrastive-divergence chains, which {@link #restoreState} reads back.
     *
     * @param states the extra state arrays, by name
     */
    public static void write(Path path, String declaration, int phase, int epoch, Map<String, float[]> parameters,
            Map<String, int[]> shapes, Map<String, Updater> updaters, Map<String, Rng> generators,
            List<EpochRecord> history, String settings, Map<String, float[]> states) throws IOException {
        write(path, declaration, phase, Position.after(epoch), parameters, shapes, updaters, generators, history, settings,
                states);
    }

    /**
     * Writes a checkpoint taken at {@code position}, which may be inside an epoch: then the
     * generator {@code "shuffle"} must be as it was before that epoch drew its order, so a resumed
     * run draws the same order and continues with the next batch.
     */
    public static void write(Path path, String declaration, int phase, Position position, Map<String, float[]> parameters,
            Map<String, int[]> shapes, Map<String, Updater> updaters, Map<String, Rng> generators,
            List<EpochRecord> history, String settings, Map<String, float[]> states) throws IOException {
        Map<String, float[]> tensors = new LinkedHashMap<>(parameters);
        Map<String, int[]> tensorShapes = new LinkedHashMap<>(shapes);
        for (var s : states.entrySet()) {
            tensors.put("state." + s.getKey(), s.getValue());
            tensorShapes.put("state." + s.getKey(), new int[] {s.getValue().length});
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(PREFIX + "phase", Integer.toString(phase));
        meta.put(PREFIX + "epoch", Integer.toString(position.epoch()));
        if (position.insideEpoch()) { // absent from checkpoints taken between epochs, as in files before it existed
            meta.put(PREFIX + "batch", Integer.toString(position.batch()));
            meta.put(PREFIX + "lossSum", Double.toString(position.lossSum()));
            meta.put(PREFIX + "samples", Integer.toString(position.samples()));
        }
        meta.put(PREFIX + "settings", settings);
        for (var u : updaters.entrySet()) {
            float[][] state = u.getValue().state();
            for (int i = 0; i < state.length; i++) {
                String name = "optimizer." + u.getKey() + "." + i;
                tensors.put(name, state[i]);
                tensorShapes.put(name, new int[] {state[i].length});
            }
            meta.put(PREFIX + "steps." + u.getKey(), Long.toString(u.getValue().steps()));
        }
        for (var g : generators.entrySet()) {
            long[] s = g.getValue().snapshot();
            meta.put(PREFIX + "rng." + g.getKey(), s[0] + "," + s[1] + "," + s[2]);
        }
        meta.put(PREFIX + "history", EpochRecord.encode(history));
        ModelFile.write(path, declaration, tensors, tensorShapes, meta);
    }

    /** Reads a checkpoint of {@code declaration}'s trainer. */
    public static Checkpoint read(Path path, String declaration) throws IOException {
        return of(ModelFile.read(path), path, declaration);
    }

    /** The checkpoint in a file already read from {@code path}, as {@link #read} reads it. */
    public static Checkpoint of(ModelFile file, Path path, String declaration) throws IOException {
        file.expectModel(declaration);
        Map<String, String> meta = file.metadata();
        if (!meta.containsKey(PREFIX + "phase")) {
            throw new ModelFormatException(path + " is a model file, not a checkpoint to resume from");
        }
        try {
            Map<String, long[]> generators = new LinkedHashMap<>();
            Map<String, Long> steps = new LinkedHashMap<>();
            for (var e : meta.entrySet()) {
                if (e.getKey().startsWith(PREFIX + "rng.")) {
                    String[] parts = e.getValue().split(",");
                    generators.put(e.getKey().substring((PREFIX + "rng.").length()),
                            new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2])});
                } else if (e.getKey().startsWith(PREFIX + "steps.")) {
                    steps.put(e.getKey().substring((PREFIX + "steps.").length()), Long.parseLong(e.getValue()));
                }
            }
            List<EpochRecord> history = EpochRecord.decode(meta.getOrDefault(PREFIX + "history", ""));
            int epoch = Integer.parseInt(meta.get(PREFIX + "epoch"));
            Position position = meta.containsKey(PREFIX + "batch")
                    ? new Position(epoch, Integer.parseInt(meta.get(PREFIX + "batch")),
                            Double.parseDouble(meta.get(PREFIX + "lossSum")), Integer.parseInt(meta.get(PREFIX + "samples")))
                    : Position.after(epoch);
            return new Checkpoint(Integer.parseInt(meta.get(PREFIX + "phase")), position,
                    generators, steps, history, meta.get(PREFIX + "settings"), file);
        } catch (RuntimeException e) {
            throw new ModelFormatException(path + " has a damaged checkpoint record: " + e);
        }
    }

    public int phase() {
        return phase;
    }

    /** The last epoch finished in {@link #phase()}. */
    public int epoch() {
        return position.epoch();
    }

    /** Where in the phase the checkpoint was taken. */
    public Position position() {
        return position;
    }

    public List<EpochRecord> history() {
        return history;
    }

    /** @throws ModelFormatException unless the checkpoint was taken with these settings */
    public void expectSettings(String current) throws ModelFormatException {
        if (!current.equals(settings)) {
            throw new ModelFormatException(String.format(Locale.ROOT,
                    "the checkpoint was taken with other settings (%s); resume with the same ones (now: %s)", settings, current));
        }
    }

    /** Copies the parameters back into the model's arrays. */
    public void restoreParameters(Map<String, float[]> parameters, Map<String, int[]> shapes) throws ModelFormatException {
        for (var p : parameters.entrySet()) {
            file.copy(p.getKey(), shapes.get(p.getKey()), p.getValue());
        }
    }

    /** Copies the optimizer state back into freshly made updaters. */
    public void restoreUpdaters(Map<String, Updater> updaters) throws ModelFormatException {
        for (var u : updaters.entrySet()) {
            float[][] state = u.getValue().state();
            for (int i = 0; i < state.length; i++) {
                file.copy("optimizer." + u.getKey() + "." + i, new int[] {state[i].length}, state[i]);
            }
            Long s = steps.get(u.getKey());
            if (s == null) {
                throw new ModelFormatException("the checkpoint has no optimizer state for " + u.getKey());
            }
            u.getValue().steps(s);
        }
    }

    /** Copies the extra state saved under {@code name} back into {@code into}, of the same length. */
    public void restoreState(String name, float[] into) throws ModelFormatException {
        file.copy("state." + name, new int[] {into.length}, into);
    }

    /** The generator saved under {@code name}, continuing where it was. */
    public Rng generator(String name) throws ModelFormatException {
        long[] s = generators.get(name);
        if (s == null) {
            throw new ModelFormatException("the checkpoint has no state for the generator " + name);
        }
        return Rng.restore(s);
    }
}
