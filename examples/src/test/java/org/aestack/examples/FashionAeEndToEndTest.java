package org.aestack.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.aestack.dsl.Layer;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.aestack.runtime.train.EpochRecord;
import org.aestack.runtime.train.PhaseRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated FashionAe model and trainer on real Fashion-MNIST (the installed set where present,
 * else the bundled subset), through the public API only.
 */
class FashionAeEndToEndTest {
    private static DataSet train;
    private static DataSet test;

    @BeforeAll
    static void load() throws Exception {
        FashionMnist.Source source = FashionMnist.locate(null);
        train = source.train().head(6_000);
        test = source.test().head(1_000);
    }

    @Test
    void shortTrainingCutsTheTestLossWellBelowTheUntrainedLoss() {
        FashionAeModel model = FashionAeModel.initialize(7);
        double untrained = model.reconstructionError(test);
        FashionAeTrainer trainer = FashionAeTrainer.builder(model)
                .pretrain(c -> c.epochs(1))
                .fineTune(c -> c.epochs(3))
                .build()
                .fit(train);
        double trained = model.reconstructionError(test);

        // Sigmoid outputs near 0.5 cost about 784 ln 2 = 543 nats per image; predicting the mean
        // image costs about 390. A trained autoencoder must do far better than both.
        assertTrue(untrained > 500, "untrained loss " + untrained);
        assertTrue(trained < 0.6 * untrained, "trained loss " + trained + " vs untrained " + untrained);
        assertEquals(4 + 3, trainer.history().size(), "one record per pretraining layer epoch and fine-tuning epoch");
        EpochRecord last = trainer.history().get(trainer.history().size() - 1);
        assertEquals("fine-tune", last.phase());
        assertTrue(last.meanLoss() < trainer.history().get(4).meanLoss(), "fine-tuning lowers the training loss");
    }

    @Test
    void codesAndReconstructionsHaveTheDeclaredShapes() {
        FashionAeModel model = FashionAeModel.initialize(1);
        float[] image = test.row(0);
        float[] code = model.encode(image);
        assertEquals(FashionAeModel.CODE, code.length);
        assertEquals(30, code.length);
        float[] reconstruction = model.decode(code);
        assertEquals(784, reconstruction.length);
        assertArrayEquals(reconstruction, model.reconstruct(image), 0f);
        DataSet codes = model.encode(test.head(300));
        assertEquals(300, codes.rows());
        assertEquals(30, codes.cols());
        assertEquals(test.label(299), codes.label(299));
        assertArrayEquals(model.encode(test.row(299)), codes.row(299), 1e-5f);

        Layer hidden1 = model.hidden1();
        assertEquals("hidden1", hidden1.name());
        assertEquals(784, hidden1.inputs());
        assertEquals(1000, hidden1.units());
        assertEquals(784 * 1000, hidden1.weights().length);
        Map<String, float[]> parameters = model.parameters();
        assertEquals(16, parameters.size(), "weight and bias of 4 encoder and 4 decoder layers");
        assertEquals(30 * 250, parameters.get("encoder.3.weight").length);
        assertEquals(784 * 1000, parameters.get("decoder.3.weight").length);
    }

    @Test
    void sameSeedGivesBitIdenticalWeights() {
        DataSet small = train.head(700);
        float[] first = trainedWeights(small);
        float[] second = trainedWeights(small);
        assertArrayEquals(first, second, 0f);
    }

    /**
     * The weight gradients' products take the optimizers' steps as they finish them
     * ({@code PhaseRunner.updateOf}); with the property that turns that off the runner takes every
     * step after the batch. Every parameter ends with the same bits either way: Adam through
     * pretraining and fine-tuning here, SGD with masking noise in {@code BenchW1}.
     */
    @Test
    void stepsTakenInBackwardGiveTheBitsOfStepsTakenAfterTheBatch() {
        DataSet small = train.head(700);
        Map<String, float[]> inBackward = fashionAeParameters(small);
        Map<String, float[]> after = withoutStepsInBackward(() -> fashionAeParameters(small));
        assertEquals(inBackward.keySet(), after.keySet());
        for (String name : inBackward.keySet()) {
            assertArrayEquals(after.get(name), inBackward.get(name), 0f, name);
        }
        Map<String, float[]> sgd = benchW1Parameters(small);
        Map<String, float[]> sgdAfter = withoutStepsInBackward(() -> benchW1Parameters(small));
        for (String name : sgd.keySet()) {
            assertArrayEquals(sgdAfter.get(name), sgd.get(name), 0f, name);
        }
    }

    private static Map<String, float[]> fashionAeParameters(DataSet data) {
        FashionAeModel model = FashionAeModel.initialize(3);
        FashionAeTrainer.builder(model).pretrain(c -> c.epochs(1)).fineTune(c -> c.epochs(1)).seed(9).build().fit(data);
        return model.parameters();
    }

    private static Map<String, float[]> benchW1Parameters(DataSet data) {
        BenchW1Model model = BenchW1Model.initialize(3);
        BenchW1Trainer.builder(model).fineTune(c -> c.epochs(2)).seed(9).build().fit(data);
        return model.parameters();
    }

    private static <T> T withoutStepsInBackward(java.util.function.Supplier<T> run) {
        System.setProperty(PhaseRunner.IN_BACKWARD, "false");
        try {
            return run.get();
        } finally {
            System.clearProperty(PhaseRunner.IN_BACKWARD);
        }
    }

    private static float[] trainedWeights(DataSet data) {
        FashionAeModel model = FashionAeModel.initialize(3);
        FashionAeTrainer.builder(model).pretrain(c -> c.epochs(1)).fineTune(c -> c.epochs(1)).seed(9).build().fit(data);
        return model.parameters().get("decoder.3.weight").clone();
    }

    @Test
    void dataOfTheWrongWidthIsRejectedWithAClearMessage() {
        FashionAeTrainer trainer = FashionAeTrainer.of(FashionAeModel.initialize(1));
        DataSet narrow = DataSet.of(new float[10 * 100], 10, 100);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.fineTune(narrow));
        assertEquals("FashionAe takes 784 inputs, but the data has 100 columns", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FashionAeModel.initialize(1).encode(new float[783]));
    }
}
