package org.aestack.runtime.data;

/**
 * Each feature's mean and deviation over a training set, to standardize data to zero mean and unit
 * variance (what Gaussian visible units expect) and to map standardized values back. A feature
 * constant in the training set (a pixel always blank) keeps deviation 1: it is centred, not scaled.
 */
public record Standardizer(float[] mean, float[] deviation) {
    public Standardizer {
        if (mean.length != deviation.length) {
            throw new IllegalArgumentException(mean.length + " means and " + deviation.length + " deviations");
        }
        mean = mean.clone();
        deviation = deviation.clone();
    }

    /** The means and deviations (population, in double) of {@code data}'s columns. */
    public static Standardizer fit(DataSet data) {
        if (data.rows() == 0) {
            throw new IllegalArgumentException("cannot standardize by an empty data set");
        }
        int cols = data.cols();
        int n = data.rows();
        float[] x = data.toArray();
        float[] mean = new float[cols];
        float[] deviation = new float[cols];
        for (int j = 0; j < cols; j++) {
            double sum = 0;
            double squares = 0;
            for (int r = 0; r < n; r++) {
                double v = x[r * cols + j];
                sum += v;
                squares += v * v;
            }
            double m = sum / n;
            double variance = Math.max(0, squares / n - m * m);
            mean[j] = (float) m;
            deviation[j] = variance > 1e-12 ? (float) Math.sqrt(variance) : 1f;
        }
        return new Standardizer(mean, deviation);
    }

    public int features() {
        return mean.length;
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] deviation() {
        return deviation.clone();
    }

    /** (x − mean)/deviation for every row, labels kept. */
    public DataSet apply(DataSet data) {
        float[] x = rows(data);
        int cols = features();
        for (int i = 0; i < x.length; i++) {
            x[i] = (x[i] - mean[i % cols]) / deviation[i % cols];
        }
        return relabel(data, x);
    }

    /** x·deviation + mean for every row, labels kept: standardized values back on the data's scale. */
    public DataSet invert(DataSet data) {
        float[] x = rows(data);
        int cols = features();
        for (int i = 0; i < x.length; i++) {
            x[i] = x[i] * deviation[i % cols] + mean[i % cols];
        }
        return relabel(data, x);
    }

    private float[] rows(DataSet data) {
        if (data.cols() != features()) {
            throw new IllegalArgumentException("standardized by " + features() + " features, not " + data.cols());
        }
        return data.toArray();
    }

    private static DataSet relabel(DataSet data, float[] x) {
        return new DataSet(x, data.rows(), data.cols(), data.hasLabels() ? data.labels() : null, data.classes());
    }
}
