package org.aestack.runtime.metric;

import java.util.Arrays;
import org.aestack.runtime.data.DataSet;

/**
 * Retrieval by cosine similarity between two labelled sets of representations: each query ranks the
 * whole database, and a database row is relevant to a query when their labels agree. The mean
 * average precision averages, over queries, the precision at the rank of each relevant row
 * (AP = Σ_k P@k · rel(k) / R).
 */
public final class Retrieval {
    private Retrieval() {}

    /** The mean over {@code queries}' rows of their average precision against {@code database}. */
    public static double meanAveragePrecision(DataSet queries, DataSet database) {
        if (!queries.hasLabels() || !database.hasLabels()) {
            throw new IllegalArgumentException("retrieval needs labelled queries and database");
        }
        if (queries.cols() != database.cols()) {
            throw new IllegalArgumentException("queries of " + queries.cols() + " values cannot search a database of "
                    + database.cols());
        }
        int cols = database.cols();
        float[] q = queries.toArray();
        float[] d = database.toArray();
        double[] dbNorms = new double[database.rows()];
        for (int r = 0; r < database.rows(); r++) {
            dbNorms[r] = norm(d, r * cols, cols);
        }
        double sum = 0;
        Integer[] ranking = new Integer[database.rows()];
        double[] similarity = new double[database.rows()];
        for (int i = 0; i < queries.rows(); i++) {
            double qNorm = norm(q, i * cols, cols);
            for (int r = 0; r < database.rows(); r++) {
                double dot = 0;
                for (int j = 0; j < cols; j++) {
                    dot += (double) q[i * cols + j] * d[r * cols + j];
                }
                similarity[r] = dot / Math.max(qNorm * dbNorms[r], 1e-30);
                ranking[r] = r;
            }
            // most similar first; ties by database order, so the result does not depend on the sort
            Arrays.sort(ranking, (a, b) -> similarity[a] != similarity[b] ? Double.compare(similarity[b], similarity[a])
                    : Integer.compare(a, b));
            sum += averagePrecision(ranking, database, queries.label(i));
        }
        return sum / queries.rows();
    }

    /** AP of one ranking for a query of {@code label}; 0 when no database row is relevant. */
    static double averagePrecision(Integer[] ranking, DataSet database, int label) {
        int found = 0;
        double precisions = 0;
        for (int k = 0; k < ranking.length; k++) {
            if (database.label(ranking[k]) == label) {
                found++;
                precisions += (double) found / (k + 1);
            }
        }
        return found == 0 ? 0 : precisions / found;
    }

    private static double norm(float[] a, int offset, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += (double) a[offset + j] * a[offset + j];
        }
        return Math.sqrt(s);
    }
}
