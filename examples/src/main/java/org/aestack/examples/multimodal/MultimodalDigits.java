package org.aestack.examples.multimodal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.Modalities;
import org.aestack.runtime.data.Standardizer;
import org.aestack.runtime.io.JsonLine;
import org.aestack.runtime.metric.LinearProbe;
import org.aestack.runtime.metric.Retrieval;
import org.aestack.runtime.train.TrainingListener;
import org.aestack.runtime.viz.ImageGrid;

/**
 * The multimodal machine on spoken and handwritten digits, end to end: the data (MFCCs of the
 * recordings, the 8×8 images, paired within each digit, one speaker and a fifth of the images held
 * out), standardized by the training pairs; {@link AudioVisualDbm} trained on them; and the
 * yardsticks of the README: linear probes on the joint representation from either or both
 * modalities against the raw features, images generated from sound alone scored by a classifier of
 * real images, and retrieval of images by sound.
 */
public final class MultimodalDigits {
    /** The speaker held out for testing. */
    public static final String HELD_OUT = "theo";
    /** Passes of the linear probes. */
    static final int PROBE_EPOCHS = 30;
    /** Their L2 penalty. */
    static final double PROBE_L2 = 1e-3;

    private MultimodalDigits() {}

    /**
     * The pairs, standardized: {@code trainAudio}/{@code trainImages} and {@code testAudio}/{@code
     * testImages} row by row the same digit; the raw test images kept for pictures and the image
     * classifier, and the two standardizers to map generated values back.
     */
    public record Data(DataSet trainAudio, DataSet trainImages, DataSet testAudio, DataSet testImages, DataSet rawTrainImages,
            DataSet rawTestImages, Standardizer audio, Standardizer images, String heldOutSpeaker, String description) {
        /** The training pairs as the trainer takes them: audio then image, side by side. */
        public DataSet joined() {
            return Modalities.join(trainAudio, trainImages);
        }
    }

    /**
     * Reads the recordings and images under {@code shared} ({@code spoken-digits/fsdd-recordings.zip},
     * {@code digits/digits.csv.gz}), computes the MFCCs and pairs them, holding {@code heldOutSpeaker} out.
     */
    public static Data load(Path shared, String heldOutSpeaker, long seed) throws IOException {
        List<SpokenDigits.Recording> recordings = SpokenDigits.load(shared.resolve("spoken-digits/fsdd-recordings.zip"));
        DataSet audio = SpokenDigits.features(recordings, MelFeatures.speech(), false);
        DataSet images = HandwrittenDigits.load(shared.resolve("digits/digits.csv.gz"));
        AudioVisualDigits.Split split = AudioVisualDigits.pair(recordings, audio, images, heldOutSpeaker, seed);
        Standardizer a = Standardizer.fit(split.train().audio());
        Standardizer i = Standardizer.fit(split.train().images());
        return new Data(a.apply(split.train().audio()), i.apply(split.train().images()), a.apply(split.test().audio()),
                i.apply(split.test().images()), split.train().images(), split.test().images(), a, i, heldOutSpeaker,
                "FSDD " + recordings.size() + " recordings (" + heldOutSpeaker + " held out) x UCI digits " + images.rows()
                        + " images");
    }

    /** A new machine from {@code seed}, trained on {@code data} with its declared settings, changed as {@code epochs} say. */
    public static AudioVisualDbmModel train(Data data, Integer pretrainEpochs, Integer jointEpochs, long seed,
            TrainingListener listener, Path checkpoint, int checkpointEvery, Path resume) throws IOException {
        AudioVisualDbmModel model = AudioVisualDbmModel.initialize(seed);
        AudioVisualDbmTrainer.Builder builder = AudioVisualDbmTrainer.builder(model).seed(seed).listener(listener);
        if (pretrainEpochs != null) {
            builder.pretrain(c -> c.epochs(pretrainEpochs));
        }
        if (jointEpochs != null) {
            builder.jointTraining(c -> c.epochs(jointEpochs));
        }
        if (checkpoint != null) {
            builder.checkpoint(checkpoint, checkpointEvery);
        }
        AudioVisualDbmTrainer trainer = builder.build();
        if (resume != null) {
            trainer.resume(resume);
        }
        trainer.fit(data.joined());
        return model;
    }

    /**
     * Digit accuracies of linear probes (each trained on the training pairs' features of its kind and
     * scored on the held-out speaker's), images generated from sound alone, retrieval of images by sound.
     *
     * @param rawAudio a probe on the standardized MFCCs
     * @param rawImages a probe on the pixels
     * @param jointBoth a probe on the joint layer's posterior given both modalities
     * @param jointAudio given the sound alone
     * @param jointImages given the image alone
     * @param generatedImages the share of images generated from the held-out speaker's recordings
     *     that a probe trained on real training images puts in the recording's digit
     * @param retrieval mean average precision of the test images ranked for each test recording by
     *     cosine similarity of their joint representations (audio alone against image alone)
     * @param retrievalChance the mean average precision of a random ranking
     * @param testPairs the held-out speaker's recordings, each paired with a test image
     * @param dbmAudio a probe on the top layer of a DBM of the sound alone ({@link SingleModalityDbm}); NaN when not trained
     * @param dbmImages the same for the images
     */
    public record Evaluation(double rawAudio, double rawImages, double jointBoth, double jointAudio, double jointImages,
            double generatedImages, double retrieval, double retrievalChance, int testPairs, double dbmAudio, double dbmImages) {
        public JsonLine into(JsonLine line) {
            if (!Double.isNaN(dbmAudio)) {
                line.put("probe_dbm_audio", dbmAudio).put("probe_dbm_image", dbmImages);
            }
            return line.put("test_pairs", testPairs).put("probe_raw_audio", rawAudio).put("probe_raw_image", rawImages)
                    .put("probe_joint_both", jointBoth).put("probe_joint_audio", jointAudio)
                    .put("probe_joint_image", jointImages).put("generated_image_accuracy", generatedImages)
                    .put("audio_to_image_map", retrieval).put("map_chance", retrievalChance);
        }
    }

    /** {@link #evaluate(AudioVisualDbmModel, Data, boolean)} without the single-modality DBMs. */
    public static Evaluation evaluate(AudioVisualDbmModel model, Data data) {
        return evaluate(model, data, false);
    }

    /**
     * The yardsticks; with {@code singleModalityDbms}, also a DBM of each modality alone (the
     * pathway and a top layer of the joint layer's size, {@link SingleModalityDbm}), trained here
     * from seed 42, and a probe on its top layer.
     */
    public static Evaluation evaluate(AudioVisualDbmModel model, Data data, boolean singleModalityDbms) {
        double rawAudio = probe(data.trainAudio(), data.testAudio());
        double rawImages = probe(data.trainImages(), data.testImages());
        double both = probe(model.represent(data.trainAudio(), data.trainImages()),
                model.represent(data.testAudio(), data.testImages()));
        DataSet audioOnlyTest = model.represent(data.testAudio(), null);
        DataSet imageOnlyTest = model.represent(null, data.testImages());
        double audioOnly = probe(model.represent(data.trainAudio(), null), audioOnlyTest);
        double imageOnly = probe(model.represent(null, data.trainImages()), imageOnlyTest);
        LinearProbe imageClassifier = LinearProbe.fit(data.rawTrainImages(), PROBE_EPOCHS, PROBE_L2, 1);
        double generated = imageClassifier.accuracy(generatedImages(model, data));
        double map = Retrieval.meanAveragePrecision(audioOnlyTest, imageOnlyTest);
        double dbmAudio = Double.NaN;
        double dbmImages = Double.NaN;
        if (singleModalityDbms) {
            SingleModalityDbm sound = SingleModalityDbm.train(data.trainAudio(),
                    new int[] {AudioVisualDbmModel.AUDIO_LOW, AudioVisualDbmModel.AUDIO_HIGH}, AudioVisualDbmModel.JOINT, 42);
            dbmAudio = probe(sound.represent(data.trainAudio()), sound.represent(data.testAudio()));
            SingleModalityDbm ink = SingleModalityDbm.train(data.trainImages(),
                    new int[] {AudioVisualDbmModel.IMAGE_LOW, AudioVisualDbmModel.IMAGE_HIGH}, AudioVisualDbmModel.JOINT, 42);
            dbmImages = probe(ink.represent(data.trainImages()), ink.represent(data.testImages()));
        }
        return new Evaluation(rawAudio, rawImages, both, audioOnly, imageOnly, generated, map, chance(data.testImages()),
                data.testAudio().rows(), dbmAudio, dbmImages);
    }

    /** Images generated from the test recordings alone, on the pixels' own scale ([0, 1]), labelled by the recordings' digits. */
    public static DataSet generatedImages(AudioVisualDbmModel model, Data data) {
        return data.images().invert(model.generateImage(data.testAudio()));
    }

    private static double probe(DataSet train, DataSet test) {
        return LinearProbe.fit(train, PROBE_EPOCHS, PROBE_L2, 1).accuracy(test);
    }

    /** The mean average precision of a random ranking: for each query, the share of the database in its class. */
    private static double chance(DataSet database) {
        int[] counts = new int[database.classes()];
        for (int label : database.labels()) {
            counts[label]++;
        }
        double sum = 0;
        for (int c : counts) {
            sum += (double) c * c / database.rows();
        }
        return sum / database.rows();
    }

    /**
     * A picture: for each digit, a real test image of it (the first column), then the first
     * {@code perDigit} of {@code generated} (images generated from the test recordings, in their
     * order, labelled by the recordings' digits).
     */
    public static ImageGrid picture(DataSet generated, Data data, int perDigit) {
        ImageGrid grid = ImageGrid.of(HandwrittenDigits.SIDE, HandwrittenDigits.SIDE).scale(6);
        for (int digit = 0; digit < 10; digit++) {
            List<float[]> row = new ArrayList<>();
            for (int r = 0; r < data.rawTestImages().rows() && row.isEmpty(); r++) {
                if (data.rawTestImages().label(r) == digit) {
                    row.add(data.rawTestImages().row(r));
                }
            }
            for (int r = 0; r < generated.rows() && row.size() <= perDigit; r++) {
                if (generated.label(r) == digit) {
                    row.add(generated.row(r));
                }
            }
            grid.row(row);
        }
        return grid;
    }
}
