package org.aestack.runtime.data;

/**
 * Pairs of an input and a target, for models that map one kind of image to another (colorization:
 * the luminance in, the chroma out). A data set of pairs has a row per pair: the input's values,
 * then the target's, so the trainer shuffles and batches them together as it does any rows.
 */
public final class Pairs {
    private Pairs() {}

    /** Each row of {@code inputs} followed by the same row of {@code targets}; the inputs' labels kept. */
    public static DataSet of(DataSet inputs, DataSet targets) {
        if (inputs.rows() != targets.rows()) {
            throw new IllegalArgumentException("pairs need as many targets as inputs: " + inputs.rows() + " inputs, "
                    + targets.rows() + " targets");
        }
        int a = inputs.cols();
        int b = targets.cols();
        float[] x = inputs.toArray();
        float[] y = targets.toArray();
        float[] pairs = new float[inputs.rows() * (a + b)];
        for (int r = 0; r < inputs.rows(); r++) {
            System.arraycopy(x, r * a, pairs, r * (a + b), a);
            System.arraycopy(y, r * b, pairs, r * (a + b) + a, b);
        }
        return new DataSet(pairs, inputs.rows(), a + b, inputs.hasLabels() ? inputs.labels() : null, inputs.classes());
    }

    /**
     * Splits the first {@code rows} pairs of {@code pairs} (each {@code inputSize + targetSize}
     * values) into {@code inputs} and {@code targets}.
     */
    public static void split(float[] pairs, int rows, int inputSize, int targetSize, float[] inputs, float[] targets) {
        int width = inputSize + targetSize;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(pairs, r * width, inputs, r * inputSize, inputSize);
            System.arraycopy(pairs, r * width + inputSize, targets, r * targetSize, targetSize);
        }
    }

    /** The inputs of a data set of pairs whose inputs have {@code inputSize} values: its first columns. */
    public static DataSet inputs(DataSet pairs, int inputSize) {
        return columns(pairs, 0, inputSize);
    }

    /** The targets of a data set of pairs whose inputs have {@code inputSize} values: its other columns. */
    public static DataSet targets(DataSet pairs, int inputSize) {
        return columns(pairs, inputSize, pairs.cols() - inputSize);
    }

    private static DataSet columns(DataSet pairs, int from, int count) {
        if (from < 0 || count < 1 || from + count > pairs.cols()) {
            throw new IllegalArgumentException("pairs of " + pairs.cols() + " values have no columns " + from + " to "
                    + (from + count - 1));
        }
        float[] all = pairs.toArray();
        float[] out = new float[pairs.rows() * count];
        for (int r = 0; r < pairs.rows(); r++) {
            System.arraycopy(all, r * pairs.cols() + from, out, r * count, count);
        }
        return new DataSet(out, pairs.rows(), count, pairs.hasLabels() ? pairs.labels() : null, pairs.classes());
    }
}
