package org.aestack.examples.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.aestack.dsl.Layer;
import org.aestack.runtime.AutoencoderModel;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.viz.ImageGrid;

/** What several commands do with images: squared error per image, clamping noise, filter pictures. */
final class Images {
    private Images() {}

    /** Σ (a − b)² per image, averaged over the images. */
    static double squaredError(DataSet a, DataSet b) {
        return Kernels.ops().squaredError(a.toArray(), b.toArray(), a.rows() * a.cols()) / a.rows();
    }

    /** Noisy images as a screen shows them: clamped to [0, 1]. */
    static DataSet clamp(DataSet d) {
        float[] x = d.toArray();
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.min(1f, Math.max(0f, x[i]));
        }
        return new DataSet(x, d.rows(), d.cols(), d.hasLabels() ? d.labels() : null, d.classes());
    }

    /** The first layer's first 100 filters, each scaled to [0, 1], ten to a row. */
    static ImageGrid filters(AutoencoderModel model) {
        Layer layer = model.layers().get(0);
        float[] w = layer.weights();
        ImageGrid grid = ImageGrid.of(28, 28);
        int shown = Math.min(100, layer.units());
        List<float[]> row = new ArrayList<>();
        for (int j = 0; j < shown; j++) {
            float[] f = Arrays.copyOfRange(w, j * layer.inputs(), (j + 1) * layer.inputs());
            float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
            for (float v : f) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            for (int i = 0; i < f.length; i++) {
                f[i] = hi > lo ? (f[i] - lo) / (hi - lo) : 0.5f;
            }
            row.add(f);
            if (row.size() == 10) {
                grid.row(row);
                row = new ArrayList<>();
            }
        }
        if (!row.isEmpty()) {
            grid.row(row);
        }
        return grid;
    }

}
