package org.aestack.processor.emit;

import static com.google.common.truth.Truth.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.aestack.processor.model.BoltzmannMachineSpec;
import org.aestack.processor.model.ModelSpec;
import org.aestack.processor.model.Unrolled;
import org.junit.jupiter.api.Test;

/**
 * The plan of each golden declaration: every tensor has its own name in files, every phase trains
 * tensors of the plan, the phases are numbered in the order they run, and each kind's phases train
 * what its maths says (the goldens show the code; this holds the table behind it).
 */
class PlanTest {
    private static Plan plan(ModelSpec spec) {
        return spec instanceof Unrolled u ? Plan.autoencoder(u, new Names(u))
                : Plan.boltzmannMachine((BoltzmannMachineSpec) spec, new Names(spec));
    }

    private static List<ModelSpec> goldens() {
        return List.of(GoldenSourcesTest.spec(false), GoldenSourcesTest.spec(true), GoldenSourcesTest.regularized(),
                GoldenSourcesTest.rbmPretrained(), GoldenSourcesTest.beliefNet(), GoldenSourcesTest.boltzmannMachine(),
                GoldenSourcesTest.supervisedBoltzmannMachine());
    }

    @Test
    void everyTensorHasItsOwnFieldAndFileNameAndEveryPhaseTrainsTensorsOfThePlan() {
        for (ModelSpec spec : goldens()) {
            Plan plan = plan(spec);
            Set<String> files = new HashSet<>();
            Set<String> fields = new HashSet<>();
            for (Plan.Tensor t : plan.tensors()) {
                assertThat(files.add(t.file())).isTrue();
                assertThat(fields.add(t.field())).isTrue();
            }
            int number = 0;
            for (Plan.Phase p : plan.phases()) {
                assertThat(p.number()).isEqualTo(number++);
                assertThat(p.trains()).isNotEmpty();
                assertThat(plan.tensors()).containsAtLeastElementsIn(p.trains());
                assertThat(new HashSet<>(p.trains())).hasSize(p.trains().size());
            }
            assertThat(plan.buffers(Plan.Buffer.Role.BATCH).get(0).field()).isEqualTo("input");
        }
    }

    @Test
    void anAutoencodersPhasesTrainWhatItsMathsSays() {
        Unrolled spec = (Unrolled) GoldenSourcesTest.rbmPretrained();
        Plan plan = plan(spec);
        // pretraining a layer: its own encoder and decoder tensors (an RBM layer has no decoder weights of its own)
        assertThat(plan.phase("pretrainHiddenPhase").trains().stream().map(Plan.Tensor::file).toList())
                .containsExactly("encoder.0.weight", "encoder.0.bias", "decoder.1.bias");
        // fine-tuning: every tensor of the autoencoder, not the head
        assertThat(plan.phase("fineTunePhase").trains()).containsExactlyElementsIn(plan.owned(Plan.Owner.MODEL).stream()
                .filter(t -> !t.file().startsWith("head.")).toList());
        // supervised: the encoders and the head, not the decoders
        assertThat(plan.phase("supervisePhase").trains().stream().map(Plan.Tensor::file).toList())
                .containsExactly("encoder.0.weight", "encoder.0.bias", "encoder.1.weight", "encoder.1.bias", "head.weight",
                        "head.bias");
    }

    @Test
    void aBoltzmannMachinesPhasesTrainWhatItsMathsSays() {
        Plan plan = plan(GoldenSourcesTest.supervisedBoltzmannMachine());
        // each RBM: the machine's weights, and the RBM's own two bias vectors, which the trainer keeps
        assertThat(plan.phase("pretrainLowPhase").trains().stream().map(t -> t.file() + "@" + t.owner()).toList())
                .containsExactly("hidden.0.weight@MODEL", "pretrain.0.visible.bias@TRAINER", "pretrain.0.hidden.bias@TRAINER");
        // joint training: the machine, not the classifier; the classifier: only its own tensors, their
        // gradients kept by the runtime's engine
        assertThat(plan.phase("jointTrainingPhase").trains().stream().map(Plan.Tensor::file).toList())
                .containsExactly("visible.bias", "hidden.0.weight", "hidden.0.bias", "hidden.1.weight", "hidden.1.bias");
        assertThat(plan.phase("supervisePhase").trains().stream().map(Plan.Tensor::file).toList())
                .containsExactly("classifier.w1", "classifier.u", "classifier.b1", "classifier.w2", "classifier.b2",
                        "head.weight", "head.bias");
        assertThat(plan.phase("supervisePhase").trains().stream().allMatch(t -> t.engineGradient() != null)).isTrue();
    }
}
