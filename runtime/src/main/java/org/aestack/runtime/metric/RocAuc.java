package org.aestack.runtime.metric;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The area under the ROC curve of a score that should be higher for positives: the probability
 * that a random positive outscores a random negative, ties counting half (the Mann–Whitney U
 * statistic over the product of the class sizes).
 */
public final class RocAuc {
    private RocAuc() {}

    public static double of(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + positive.length + " labels");
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double rankSum = 0;
        long positives = 0;
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1; // the mean rank of a run of ties
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSum += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("ROC AUC needs both positives and negatives");
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * The score threshold whose false-positive rate on {@code normal} scores is at most {@code rate}:
     * the (1 − rate) quantile, so that scores above it are flagged.
     */
    public static double threshold(double[] normal, double rate) {
        if (!(rate > 0 && rate < 1)) {
            throw new IllegalArgumentException("the false-positive rate must lie in (0, 1), not " + rate);
        }
        double[] sorted = normal.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil((1 - rate) * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
