package org.aestack.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.aestack.examples.multimodal.AudioVisualDbmModel;
import org.aestack.examples.multimodal.HandwrittenDigits;
import org.aestack.examples.multimodal.MelFeatures;
import org.aestack.examples.multimodal.MultimodalDigits;
import org.aestack.examples.multimodal.SpokenDigits;
import org.aestack.examples.multimodal.Wav;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.io.JsonLine;
import org.aestack.runtime.metric.LinearProbe;
import org.aestack.runtime.train.TrainingListener;
import org.aestack.runtime.viz.ImageGrid;

/**
 * The {@code multimodal} example of {@code train} and {@code eval}, and the {@code generate}
 * command: the multimodal machine of spoken and handwritten digits ({@link MultimodalDigits}), on the
 * recordings and images under {@code ../shared/data} or {@code --data DIR}.
 */
final class MultimodalExample {
    static final String NAME = "multimodal";
    /** The seed of the pairing and of the held-out images; fixed so eval scores what train held out. */
    static final long SPLIT_SEED = 1;

    private MultimodalExample() {}

    static boolean handles(String example) {
        return example.equalsIgnoreCase(NAME);
    }

    /** The directory holding {@code spoken-digits/} and {@code digits/}: {@code --data}, else {@code ../shared/data}. */
    static Path shared(DataOptions options) {
        Path dir = options.data != null ? options.data : Path.of("..", "shared", "data");
        Path recordings = dir.resolve("spoken-digits/fsdd-recordings.zip");
        Path images = dir.resolve("digits/digits.csv.gz");
        if (!Files.isRegularFile(recordings) || !Files.isRegularFile(images)) {
            throw new IllegalArgumentException("the multimodal example reads " + recordings + " and " + images
                    + "; give the directory holding spoken-digits/ and digits/ with --data DIR");
        }
        return dir;
    }

    static MultimodalDigits.Data data(DataOptions options) throws IOException {
        return MultimodalDigits.load(shared(options), MultimodalDigits.HELD_OUT, SPLIT_SEED);
    }

    static Path file(Path out) {
        return out.resolve(NAME + ".safetensors");
    }

    static AudioVisualDbmModel loadTrained(Path out) throws IOException {
        Path file = file(out);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no model at " + file + "; train it first: ./aestack train " + NAME);
        }
        return AudioVisualDbmModel.load(file);
    }

    /** {@code train multimodal}: trains, saves, and prints what it did. */
    static int train(DataOptions options, Integer pretrainEpochs, Integer jointEpochs, long seed, TrainingListener listener,
            Path out, Integer checkpointEvery, Path resume, PrintWriter w, PrintWriter json) throws IOException {
        if ((pretrainEpochs != null && pretrainEpochs < 1) || (jointEpochs != null && jointEpochs < 1)) {
            throw new IllegalArgumentException("--epochs and --pretrain-epochs must be at least 1");
        }
        if (resume != null && !Files.exists(resume)) {
            throw new IllegalArgumentException("no checkpoint at " + resume);
        }
        MultimodalDigits.Data data = data(options);
        w.printf(Locale.ROOT, "training %s: a multimodal DBM of spoken digits (MFCCs, 624 Gaussian units) and handwritten"
                + " digits (8x8, 64 Gaussian units)%ndata: %s (%,d training pairs; %s's %,d recordings held out)%n", NAME,
                data.description(), data.trainAudio().rows(), data.heldOutSpeaker(), data.testAudio().rows());
        Files.createDirectories(out);
        Path checkpoint = checkpointEvery == null ? null : out.resolve(NAME + ".checkpoint");
        if (checkpointEvery != null && checkpointEvery < 1) {
            throw new IllegalArgumentException("--checkpoint-every must be at least 1, not " + checkpointEvery);
        }
        long start = System.nanoTime();
        AudioVisualDbmModel model = MultimodalDigits.train(data, pretrainEpochs, jointEpochs, seed, listener, checkpoint,
                checkpointEvery == null ? 0 : checkpointEvery, resume);
        double seconds = (System.nanoTime() - start) / 1e9;
        Path file = file(out);
        model.save(file);
        w.printf(Locale.ROOT, "trained in %.1f s%nsaved %s (./aestack eval %s scores it on the held-out speaker)%n", seconds, file,
                NAME);
        w.flush();
        if (json != null) {
            json.println(new JsonLine().put("command", "train").put("example", NAME).put("seconds", seconds)
                    .put("train_rows", data.trainAudio().rows()).put("model", file.toString()).put("data", data.description()));
        }
        return 0;
    }

    /** {@code eval multimodal}: the README's table, and the picture of images generated from sound. */
    static int eval(DataOptions options, Path out, boolean singleModalityDbms, PrintWriter w, PrintWriter json) throws IOException {
        AudioVisualDbmModel model = loadTrained(out);
        MultimodalDigits.Data data = data(options);
        MultimodalDigits.Evaluation e = MultimodalDigits.evaluate(model, data, singleModalityDbms);
        Path picture = out.resolve(NAME + "-from-audio.png");
        MultimodalDigits.picture(MultimodalDigits.generatedImages(model, data), data, 6).write(picture);
        w.printf(Locale.ROOT, "%s: %s; %,d test pairs (speaker %s, unseen images)%n%n", NAME, data.description(), e.testPairs(),
                data.heldOutSpeaker());
        w.printf(Locale.ROOT, "digit accuracy of a linear classifier (trained on the training pairs' features of each kind):%n");
        w.printf(Locale.ROOT, "  %-40s %6.3f%n", "raw MFCCs", e.rawAudio());
        w.printf(Locale.ROOT, "  %-40s %6.3f%n", "raw pixels", e.rawImages());
        if (singleModalityDbms) {
            w.printf(Locale.ROOT, "  %-40s %6.3f%n", "top layer of a DBM of the sound alone", e.dbmAudio());
            w.printf(Locale.ROOT, "  %-40s %6.3f%n", "top layer of a DBM of the images alone", e.dbmImages());
        }
        w.printf(Locale.ROOT, "  %-40s %6.3f%n", "joint representation from sound alone", e.jointAudio());
        w.printf(Locale.ROOT, "  %-40s %6.3f%n", "joint representation from image alone", e.jointImages());
        w.printf(Locale.ROOT, "  %-40s %6.3f%n", "joint representation from both", e.jointBoth());
        w.printf(Locale.ROOT, "%nimages generated from sound alone, classified by a classifier of real images: %.3f%n",
                e.generatedImages());
        w.printf(Locale.ROOT, "sound -> image retrieval through the joint representation: mAP %.3f (random %.3f)%n", e.retrieval(),
                e.retrievalChance());
        w.printf(Locale.ROOT, "picture (for each digit a real image, then images generated from %s's recordings): %s%n",
                data.heldOutSpeaker(), picture);
        w.flush();
        if (json != null) {
            json.println(e.into(new JsonLine().put("command", "eval").put("example", NAME).put("model", file(out).toString())
                    .put("data", data.description())).put("picture", picture.toString()));
        }
        return 0;
    }

    /**
     * {@code generate multimodal --from audio [WAV…]}: images from recordings, the held-out speaker's
     * or the given files (16-bit mono PCM at 8 kHz), as a picture; {@code --from image}: sound
     * features from the held-out images, scored by a classifier of real recordings' features.
     */
    static int generate(DataOptions options, Path out, String from, List<Path> wavs, int sweeps, long seed, PrintWriter w)
            throws IOException {
        AudioVisualDbmModel model = loadTrained(out);
        MultimodalDigits.Data data = data(options);
        Files.createDirectories(out);
        if (from.equals("image")) {
            if (!wavs.isEmpty()) {
                throw new IllegalArgumentException("--from image generates sound from the held-out images; it takes no files");
            }
            DataSet sound = sweeps > 0 ? model.sample(AudioVisualDbmModel.AUDIO, sweeps, seed, null, data.testImages())
                    : model.generateAudio(data.testImages());
            double heard = LinearProbe.fit(data.trainAudio(), 30, 1e-3, 1).accuracy(sound);
            w.printf(Locale.ROOT, "sound features (MFCCs) generated from %,d unseen images: a classifier of real recordings' MFCCs"
                    + " hears the image's digit in %.3f of them (chance 0.1)%n", sound.rows(), heard);
            return 0;
        }
        if (!from.equals("audio")) {
            throw new IllegalArgumentException("--from takes audio or image, not " + from);
        }
        DataSet recordings = wavs.isEmpty() ? data.testAudio() : data.audio().apply(features(wavs));
        DataSet images = data.images().invert(sweeps > 0
                ? model.sample(AudioVisualDbmModel.IMAGE, sweeps, seed, recordings, null) : model.generateImage(recordings));
        LinearProbe classifier = LinearProbe.fit(data.rawTrainImages(), 30, 1e-3, 1);
        int[] seen = classifier.predict(images);
        Path picture = out.resolve(NAME + "-generated.png");
        if (wavs.isEmpty()) {
            MultimodalDigits.picture(images, data, 6).write(picture);
            w.printf(Locale.ROOT, "images generated from %s's %,d recordings: a classifier of real images sees the spoken digit in"
                    + " %.3f of them%n", data.heldOutSpeaker(), images.rows(), classifier.accuracy(images));
        } else {
            ImageGrid grid = ImageGrid.of(HandwrittenDigits.SIDE, HandwrittenDigits.SIDE).scale(6);
            grid.row(images);
            grid.write(picture);
            for (int i = 0; i < wavs.size(); i++) {
                w.printf(Locale.ROOT, "%s: the generated image looks like a %d%n", wavs.get(i), seen[i]);
            }
        }
        w.printf(Locale.ROOT, "picture: %s%n", picture);
        w.flush();
        return 0;
    }

    /** The MFCCs of WAV files, unlabelled; a file that is not 16-bit mono PCM at 8 kHz is an error naming it. */
    private static DataSet features(List<Path> wavs) throws IOException {
        MelFeatures mel = MelFeatures.speech();
        int cols = mel.frames() * mel.coefficients();
        float[] x = new float[wavs.size() * cols];
        for (int i = 0; i < wavs.size(); i++) {
            Path file = wavs.get(i);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no file " + file);
            }
            Wav wav = Wav.read(Files.readAllBytes(file), file.toString(), SpokenDigits.RATE);
            System.arraycopy(mel.mfcc(wav.samples()), 0, x, i * cols, cols);
        }
        return DataSet.of(x, wavs.size(), cols);
    }
}
