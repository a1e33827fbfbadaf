package org.aestack.examples.multimodal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.Modalities;
import org.aestack.runtime.metric.LinearProbe;
import org.junit.jupiter.api.Test;

/**
 * A pathway of replicated softmax units on real data, through the generated public API: the
 * handwritten digits read as counts of ink over 64 blocks (scaled to 32 per image) beside the spoken
 * digits' MFCCs. The joint representation from both must beat either alone, and ink counts
 * generated from sound must show the spoken digit.
 */
class WordCountsDigitsTest {
    @Test
    void inkCountsAndSoundTogetherBeatEitherAlone() throws Exception {
        MultimodalDigits.Data data = MultimodalDigits.load(Path.of("../../shared/data"), MultimodalDigits.HELD_OUT, 1);
        int length = AudioInkCountsModel.INK_LENGTH;
        DataSet trainInk = Modalities.toLength(data.rawTrainImages(), length);
        DataSet testInk = Modalities.toLength(data.rawTestImages(), length);
        AudioInkCountsModel model = AudioInkCountsModel.initialize(42);
        AudioInkCountsTrainer.builder(model).seed(42).build().fit(Modalities.join(data.trainAudio(), trainInk));
        double both = probe(model.represent(data.trainAudio(), trainInk), model.represent(data.testAudio(), testInk));
        double sound = probe(model.represent(data.trainAudio(), null), model.represent(data.testAudio(), null));
        double ink = probe(model.represent(null, trainInk), model.represent(null, testInk));
        // generated counts back on the pixels' scale: times the mean ink of a training image over the length
        double meanInk = 0;
        for (float x : data.rawTrainImages().toArray()) {
            meanInk += x;
        }
        meanInk /= data.rawTrainImages().rows();
        float[] generated = model.generateInk(data.testAudio()).toArray();
        for (int i = 0; i < generated.length; i++) {
            generated[i] *= (float) (meanInk / length);
        }
        DataSet images = new DataSet(generated, data.testAudio().rows(), 64, data.testAudio().labels(), 10);
        double recognized = LinearProbe.fit(data.rawTrainImages(), 30, 1e-3, 1).accuracy(images);
        System.out.printf(Locale.ROOT, "ink as word counts (D = %d) beside sound: probes joint from both %.3f, sound alone %.3f,"
                + " ink alone %.3f; ink generated from sound recognized %.3f%n", length, both, sound, ink, recognized);
        // measured at seed 42: 0.946, 0.774, 0.894; 0.628
        assertTrue(ink > 0.7, "the word-count pathway alone knows the digit: " + ink);
        assertTrue(both > ink + 0.02 && both > sound + 0.05, "both " + both + ", sound " + sound + ", ink " + ink);
        assertTrue(recognized > 0.4, "ink generated from sound shows the digit: " + recognized);
    }

    private static double probe(DataSet train, DataSet test) {
        return LinearProbe.fit(train, 30, 1e-3, 1).accuracy(test);
    }
}
