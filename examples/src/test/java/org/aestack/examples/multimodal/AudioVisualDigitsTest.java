package org.aestack.examples.multimodal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.metric.LinearProbe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pairing of spoken and handwritten digits, and the baselines the multimodal model will be held
 * against: a linear probe on the raw features of each modality, trained on the training pairs and
 * scored on the held-out speaker's recordings and the held-out images.
 */
class AudioVisualDigitsTest {
    private static List<SpokenDigits.Recording> recordings;
    private static DataSet audio;
    private static DataSet images;

    @BeforeAll
    static void load() throws IOException {
        recordings = SpokenDigits.load(Path.of("../../shared/data/spoken-digits/fsdd-recordings.zip"));
        audio = SpokenDigits.features(recordings, MelFeatures.speech(), false);
        images = HandwrittenDigits.load(Path.of("../../shared/data/digits/digits.csv.gz"));
    }

    @Test
    void pairsShareTheirDigitAndTheSidesShareNothing() {
        AudioVisualDigits.Split split = AudioVisualDigits.pair(recordings, audio, images, "theo", 1);
        assertEquals(2500, split.train().audio().rows());
        assertEquals(500, split.test().audio().rows());
        for (AudioVisualDigits.Side side : List.of(split.train(), split.test())) {
            assertArrayEquals(side.audio().labels(), side.images().labels());
            assertEquals(side.audio().rows(), side.images().rows());
        }
        Set<Integer> train = new HashSet<>();
        for (int r : split.train().imageRows()) {
            train.add(r);
        }
        Set<Integer> test = new HashSet<>();
        for (int r : split.test().imageRows()) {
            test.add(r);
            assertTrue(!train.contains(r), "image " + r + " is on both sides");
        }
        // every training image is used, about evenly (2,500 recordings over about 1,435 images)
        assertTrue(train.size() > 1400 && train.size() < 1450, "training images used: " + train.size());
        assertTrue(test.size() > 340 && test.size() <= 370, "test images used: " + test.size());
        // the same seed pairs the same way; another seed otherwise
        assertArrayEquals(split.train().imageRows(), AudioVisualDigits.pair(recordings, audio, images, "theo", 1)
                .train().imageRows());
        assertTrue(!java.util.Arrays.equals(split.train().imageRows(), AudioVisualDigits.pair(recordings, audio, images,
                "theo", 2).train().imageRows()));
        assertThrows(IllegalArgumentException.class, () -> AudioVisualDigits.pair(recordings, audio, images, "nobody", 1));
    }

    @Test
    void linearProbesOnTheRawFeaturesOfEachModality() {
        AudioVisualDigits.Split split = AudioVisualDigits.pair(recordings, audio, images, "theo", 1);
        double heard = LinearProbe.fit(split.train().audio(), 30, 1e-3, 1).accuracy(split.test().audio());
        double seen = LinearProbe.fit(split.train().images(), 30, 1e-3, 1).accuracy(split.test().images());
        System.out.printf(Locale.ROOT, "linear probe on raw features, theo held out: audio (MFCC) %.3f, images (pixels)"
                + " %.3f%n", heard, seen);
        assertTrue(heard > 0.5, "audio " + heard);
        assertTrue(seen > 0.9, "images " + seen);
    }
}
