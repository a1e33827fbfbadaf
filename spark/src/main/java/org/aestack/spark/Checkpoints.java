package org.aestack.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aestack.runtime.io.ModelFile;
import org.aestack.runtime.train.EpochRecord;

/**
 * The average of the checkpoints the partitions wrote in one round: every tensor (the model's
 * parameters, the trainer's own, each optimizer's moments, the kept chains) the mean over the
 * partitions, weighted by their rows; the record (phase, epoch, generators, steps) of the first
 * partition, which all share but for the generators; the last epoch's loss the rows-weighted mean.
 */
final class Checkpoints {
    private static final String HISTORY = "aestack.checkpoint.history";

    private Checkpoints() {}

    static void average(List<Path> checkpoints, long[] rows, Path out) throws IOException {
        List<ModelFile> files = new ArrayList<>();
        for (Path p : checkpoints) {
            files.add(ModelFile.read(p));
        }
        ModelFile first = files.get(0);
        double total = 0;
        for (long r : rows) {
            total += r;
        }
        Map<String, float[]> tensors = new LinkedHashMap<>();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (String name : first.names()) {
            int[] shape = first.shape(name);
            int size = 1;
            for (int d : shape) {
                size *= d;
            }
            double[] sum = new double[size];
            float[] values = new float[size];
            for (int f = 0; f < files.size(); f++) {
                files.get(f).copy(name, shape, values);
                double weight = rows[f] / total;
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
        Map<String, String> metadata = new LinkedHashMap<>(first.metadata());
        List<EpochRecord> history = new ArrayList<>(EpochRecord.decode(metadata.getOrDefault(HISTORY, "")));
        if (!history.isEmpty()) {
            double loss = 0;
            long samples = 0;
            for (int f = 0; f < files.size(); f++) {
                List<EpochRecord> own = EpochRecord.decode(files.get(f).metadata().getOrDefault(HISTORY, ""));
                EpochRecord last = own.get(own.size() - 1);
                loss += last.meanLoss() * last.samples();
                samples += last.samples();
            }
            EpochRecord last = history.get(history.size() - 1);
            history.set(history.size() - 1, new EpochRecord(last.phase(), last.epoch(), last.epochs(), loss / samples,
                    (int) samples, last.seconds()));
            metadata.put(HISTORY, EpochRecord.encode(history));
        }
        ModelFile.write(out, first.model(), tensors, shapes, metadata);
    }
}
