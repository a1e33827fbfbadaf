package org.aestack.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aestack.runtime.io.ModelFile;
import org.aestack.runtime.train.Checkpoint;
import org.aestack.runtime.train.EpochRecord;

/**
 * The average of the checkpoints the partitions wrote in one round, which is the next round's
 * checkpoint: every tensor (the model's parameters, the trainer's own, each optimizer's moments,
 * the kept chains) the mean over the partitions, weighted by the rows each trained in the round
 * (a partition with fewer batches than the others may have none left to train);
 * the record (position, generators, optimizer steps) of the partition that got least far, which
 * is where every partition continues from; the epoch's loss so far summed over the partitions.
 */
final class Checkpoints {
    private static final String PREFIX = "aestack.checkpoint.";
    private static final String HISTORY = PREFIX + "history";

    private Checkpoints() {}

    /**
     * Where in training a checkpoint was taken (phase, last finished epoch, batches into the next
     * one), and the epoch's loss summed over the rows trained on so far: of every partition when
     * the driver wrote it, of the round's start and the partition's own rows when a partition did.
     */
    record Mark(int phase, int epoch, int batch, double lossSum, long samples) implements Comparable<Mark> {
        static final Mark START = new Mark(0, 0, 0, 0, 0);

        /** Where the checkpoint in {@code bytes} was taken; {@link #START} for none. */
        static Mark of(byte[] bytes, Path scratch) throws IOException {
            if (bytes.length == 0) {
                return START;
            }
            java.nio.file.Files.write(scratch, bytes);
            return of(ModelFile.read(scratch), scratch);
        }

        /** Read by the runtime's own reader of checkpoints. */
        static Mark of(ModelFile file, Path path) throws IOException {
            Checkpoint c = Checkpoint.of(file, path, file.model());
            Checkpoint.Position at = c.position();
            if (at.insideEpoch()) {
                return new Mark(c.phase(), at.epoch(), at.batch(), at.lossSum(), at.samples());
            }
            List<EpochRecord> history = c.history();
            EpochRecord last = history.isEmpty() ? null : history.get(history.size() - 1);
            return last == null ? new Mark(c.phase(), at.epoch(), 0, 0, 0)
                    : new Mark(c.phase(), at.epoch(), 0, last.meanLoss() * last.samples(), last.samples());
        }

        boolean insideEpoch() {
            return batch > 0;
        }

        /** The part of the epoch under way trained before this round: none when the round starts between epochs. */
        Mark carried() {
            return insideEpoch() ? this : START;
        }

        @Override
        public int compareTo(Mark o) {
            int c = Integer.compare(phase, o.phase);
            if (c == 0) {
                c = Integer.compare(epoch, o.epoch);
            }
            return c != 0 ? c : Integer.compare(batch, o.batch);
        }
    }

    /**
     * Averages the partitions' checkpoints of a round that started at {@code start} into {@code out}.
     *
     * @param extra metadata to add (the round count)
     * @return the round's loss: summed over the rows trained in it, and their number
     */
    static double[] average(List<Path> checkpoints, Mark start, Map<String, String> extra, Path out) throws IOException {
        List<ModelFile> files = new ArrayList<>();
        for (Path p : checkpoints) {
            files.add(ModelFile.read(p));
        }
        // a round ends inside the epoch it started in, or at that epoch's end: each partition's own rows and loss
        // are what it added to what was carried into the round
        Mark carried = start.carried();
        int behind = 0;
        List<Mark> marks = new ArrayList<>();
        long[] weights = new long[files.size()];
        double total = 0;
        double roundLoss = 0;
        for (int f = 0; f < files.size(); f++) {
            Mark m = Mark.of(files.get(f), checkpoints.get(f));
            marks.add(m);
            if (m.compareTo(marks.get(behind)) < 0) {
                behind = f;
            }
            weights[f] = m.samples - carried.samples;
            total += weights[f];
            roundLoss += m.lossSum - carried.lossSum;
        }
        if (total == 0) {
            throw new IllegalStateException("no partition trained a row in the round");
        }
        ModelFile base = files.get(behind);
        Map<String, float[]> tensors = new LinkedHashMap<>();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (String name : base.names()) {
            int[] shape = base.shape(name);
            int size = 1;
            for (int d : shape) {
                size *= d;
            }
            double[] sum = new double[size];
            float[] values = new float[size];
            for (int f = 0; f < files.size(); f++) {
                if (weights[f] == 0) {
                    continue; // trained nothing this round: it holds the round's start
                }
                files.get(f).copy(name, shape, values);
                double weight = weights[f] / total;
                for (int i = 0; i < size; i++) {
                    sum[i] += weight * values[i];
                }
            }
            float[] mean = new float[size];
            for (int i = 0; i < size; i++) {
                mean[i] = (float) sum[i];
            }
            tensors.put(name, mean);
            shapes.put(name, shape);
        }
        double lossSum = carried.lossSum + roundLoss;
        long samples = carried.samples + (long) total;
        Map<String, String> metadata = new LinkedHashMap<>(base.metadata());
        Mark at = marks.get(behind);
        if (at.insideEpoch()) {
            metadata.put(PREFIX + "lossSum", Double.toString(lossSum));
            metadata.put(PREFIX + "samples", Long.toString(samples));
        } else {
            List<EpochRecord> history = new ArrayList<>(EpochRecord.decode(metadata.getOrDefault(HISTORY, "")));
            EpochRecord last = history.get(history.size() - 1);
            history.set(history.size() - 1, new EpochRecord(last.phase(), last.epoch(), last.epochs(), lossSum / samples,
                    (int) samples, last.seconds()));
            metadata.put(HISTORY, EpochRecord.encode(history));
        }
        metadata.putAll(extra);
        ModelFile.write(out, base.model(), tensors, shapes, metadata);
        return new double[] {roundLoss, total};
    }
}
