package org.aestack.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.aestack.runtime.train.EpochRecord;
import org.aestack.runtime.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @Supervised} on a deep Boltzmann machine, through the generated API on binarized
 * Fashion-MNIST: the DBM learns from 6,000 images without labels, then its classifier from 1,000
 * labeled ones, judged on 1,000 test images. The supervised phase leaves the DBM itself as it was,
 * resumes inside itself bit for bit, and its classifier is saved and loaded with the model.
 */
class SupervisedDbmTest {
    private static DataSet train;
    private static DataSet labeled;
    private static DataSet test;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        FashionMnist.Source source = FashionMnist.locate(null);
        train = DbmExamplesTest.binarize(source.train().head(6_000));
        labeled = train.head(1_000);
        test = DbmExamplesTest.binarize(source.test().head(1_000));
    }

    private static TinySupervisedDbmModel pretrained() {
        TinySupervisedDbmModel dbm = TinySupervisedDbmModel.initialize(11);
        TinySupervisedDbmTrainer.builder(dbm).seed(11).build().fit(train);
        return dbm;
    }

    @Test
    void theClassifierTheDbmStartsLearnsFromFewLabelsAndLeavesTheDbmAsItWas() throws Exception {
        TinySupervisedDbmModel dbm = pretrained();
        java.util.Map<String, float[]> machine = new java.util.LinkedHashMap<>();
        dbm.parameters().forEach((name, values) -> {
            if (name.startsWith("hidden.") || name.startsWith("visible.")) {
                machine.put(name, values.clone());
            }
        });
        TinySupervisedDbmTrainer trainer = TinySupervisedDbmTrainer.builder(dbm).seed(11).build();
        trainer.supervise(labeled);
        List<EpochRecord> epochs = trainer.history().stream().filter(r -> r.phase().equals("supervise")).toList();
        double accuracy = dbm.accuracy(test);
        System.out.printf("784-64-32 DBM, classifier from 1,000 labels: test accuracy %.3f; cross-entropy %.3f -> %.3f%n",
                accuracy, epochs.get(0).meanLoss(), epochs.get(epochs.size() - 1).meanLoss());
        assertEquals(40, epochs.size());
        assertTrue(epochs.get(epochs.size() - 1).meanLoss() < 0.7 * epochs.get(0).meanLoss(), "the labeled loss falls: " + epochs);
        // ten balanced classes: a tenth by chance; the classifier gets far past that
        assertTrue(accuracy > 0.65, "test accuracy " + accuracy);
        assertEquals(5, machine.size());
        machine.forEach((name, before) -> assertArrayEquals(before, dbm.parameters().get(name), 0f, name + " did not move"));

        Path file = dir.resolve("dbm.safetensors");
        dbm.save(file);
        TinySupervisedDbmModel loaded = TinySupervisedDbmModel.load(file);
        assertArrayEquals(dbm.classProbabilities(test), loaded.classProbabilities(test), 0f);
        assertArrayEquals(dbm.classify(test), loaded.classify(test));
    }

    @Test
    void aSupervisedPhaseResumedFromItsCheckpointEndsWhereAWholeOneDoes() throws Exception {
        TinySupervisedDbmModel start = pretrained();
        Path saved = dir.resolve("start.safetensors");
        start.save(saved);

        TinySupervisedDbmModel whole = TinySupervisedDbmModel.load(saved);
        TinySupervisedDbmTrainer.builder(whole).seed(5).supervised(c -> c.epochs(4)).build().supervise(labeled);

        Path checkpoint = dir.resolve("supervise.checkpoint");
        Path kept = dir.resolve("kept.checkpoint");
        TinySupervisedDbmModel interrupted = TinySupervisedDbmModel.load(saved);
        TinySupervisedDbmTrainer.builder(interrupted).seed(5).supervised(c -> c.epochs(4)).checkpoint(checkpoint, 1)
                .listener(new TrainingListener() {
                    @Override
                    public void epochFinished(EpochRecord record) {
                        if (record.epoch() == 3) {
                            try {
                                // epoch 3's checkpoint is written after the listeners hear of it: this one is epoch 2's
                                Files.copy(checkpoint, kept, StandardCopyOption.REPLACE_EXISTING);
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                    }
                }).build().supervise(labeled);

        TinySupervisedDbmModel resumed = TinySupervisedDbmModel.load(saved);
        TinySupervisedDbmTrainer.builder(resumed).seed(5).supervised(c -> c.epochs(4)).build().resume(kept).supervise(labeled);
        assertArrayEquals(whole.classProbabilities(test), resumed.classProbabilities(test), 0f);
        assertArrayEquals(whole.parameters().get("head.weight"), resumed.parameters().get("head.weight"), 0f);
    }
}
