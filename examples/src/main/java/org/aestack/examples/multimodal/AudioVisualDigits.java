package org.aestack.examples.multimodal;

import java.util.ArrayList;
import java.util.List;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;

/**
 * Spoken and handwritten digits paired within each digit, as AV-MNIST pairs MNIST with spoken
 * digits: a pair shares only its class. One speaker's recordings are held out for testing, and a
 * fifth of each digit's images; every recording is paired with an image of its digit from the same
 * side of the split, going round that digit's images (shuffled by the seed) so they are used evenly.
 */
public final class AudioVisualDigits {
    /** The fraction of each digit's images held out. */
    public static final double TEST_IMAGES = 0.2;

    private AudioVisualDigits() {}

    /**
     * Rows paired one to one: {@code audio}'s row r and {@code images}' row r show the same digit;
     * {@code imageRows[r]} is the row of the full image set it came from.
     */
    public record Side(DataSet audio, DataSet images, int[] imageRows) {}

    /** The training and test pairs, and the speaker the test recordings are all from. */
    public record Split(Side train, Side test, String heldOutSpeaker) {}

    /**
     * @param audio one row of features a recording, in the order of {@code recordings}, labelled by digit
     * @param images labelled by digit
     */
    public static Split pair(List<SpokenDigits.Recording> recordings, DataSet audio, DataSet images, String heldOutSpeaker,
            long seed) {
        if (audio.rows() != recordings.size()) {
            throw new IllegalArgumentException(audio.rows() + " rows of audio features for " + recordings.size() + " recordings");
        }
        if (!SpokenDigits.speakers(recordings).contains(heldOutSpeaker)) {
            throw new IllegalArgumentException("no speaker '" + heldOutSpeaker + "'; the recordings have "
                    + SpokenDigits.speakers(recordings));
        }
        Rng rng = new Rng(seed);
        List<List<Integer>> trainImages = new ArrayList<>();
        List<List<Integer>> testImages = new ArrayList<>();
        for (int digit = 0; digit < 10; digit++) {
            List<Integer> rows = new ArrayList<>();
            for (int r = 0; r < images.rows(); r++) {
                if (images.label(r) == digit) {
                    rows.add(r);
                }
            }
            int[] order = rows.stream().mapToInt(Integer::intValue).toArray();
            rng.shuffle(order);
            int held = (int) Math.ceil(order.length * TEST_IMAGES);
            if (held == 0 || held == order.length) {
                throw new IllegalArgumentException("digit " + digit + " has " + order.length + " images: too few to split");
            }
            List<Integer> test = new ArrayList<>();
            List<Integer> train = new ArrayList<>();
            for (int i = 0; i < order.length; i++) {
                (i < held ? test : train).add(order[i]);
            }
            testImages.add(test);
            trainImages.add(train);
        }
        List<Integer> trainAudio = new ArrayList<>();
        List<Integer> testAudio = new ArrayList<>();
        for (int r = 0; r < recordings.size(); r++) {
            (recordings.get(r).speaker().equals(heldOutSpeaker) ? testAudio : trainAudio).add(r);
        }
        return new Split(side(trainAudio, audio, images, trainImages), side(testAudio, audio, images, testImages),
                heldOutSpeaker);
    }

    private static Side side(List<Integer> audioRows, DataSet audio, DataSet images, List<List<Integer>> imagesByDigit) {
        int[] next = new int[10];
        int[] a = audioRows.stream().mapToInt(Integer::intValue).toArray();
        int[] im = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            int digit = audio.label(a[i]);
            List<Integer> pool = imagesByDigit.get(digit);
            im[i] = pool.get(next[digit]++ % pool.size());
        }
        return new Side(audio.select(a), images.select(im), im);
    }
}
