package org.aestack.processor.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/**
 * The hash a generated model records in its files, so a file is refused by a declaration whose
 * tensors mean something else even when their shapes fit.
 *
 * <p>{@link #of} hashes {@link #canonical}: what gives the tensors their meaning (the kind, each
 * layer's name, inputs, shape, units and activation, tied weights, the loss and output, the
 * classifier head) and nothing that only says how to train them, so changing {@code @FineTune(epochs)}
 * or a regularizer keeps saved models loadable. {@link #legacy} is the hash the first version wrote
 * (of every setting, training ones included); generated models still accept it, so files saved
 * before the stable hash load while their declaration is unchanged.
 */
public final class DeclarationHash {
    private DeclarationHash() {}

    /** The stable hash: the first 16 hex digits of the SHA-256 of {@link #canonical}. */
    public static String of(ModelSpec spec) {
        return sha256(canonical(spec));
    }

    /**
     * The declaration's canonical form, one line per fact; new facts (a convolution's kernel, a second
     * pathway) are new lines, so the form of every declaration that cannot have them stays the same.
     */
    public static String canonical(ModelSpec spec) {
        ModelCore core = spec.core();
        StringBuilder form = new StringBuilder("aestack declaration 2\n");
        form.append("kind ").append(spec.kindName()).append('\n');
        form.append("input ").append(ModelCore.INPUT).append(' ')
                .append(core.input() instanceof Shape.Units u ? Integer.toString(u.units()) : core.input().canonical()).append('\n');
        for (LayerSpec layer : core.layers()) {
            form.append("layer ").append(layer.name()).append(" <- ").append(String.join(",", layer.inputs()))
                    .append(' ').append(layer.shape().canonical()).append(' ').append(layer.activation());
            if (layer.isRbm()) {
                form.append(" rbm ").append(layer.rbm().visible()).append(' ').append(layer.rbm().hidden());
            }
            if (layer.conv() != null) {
                form.append(' ').append(layer.conv().canonical());
            }
            form.append('\n');
        }
        form.append(spec.accept(new ModelSpec.Kinds<String>() {
            @Override
            public String autoencoder(AutoencoderSpec a) {
                return unrolled(a);
            }

            @Override
            public String beliefNet(BeliefNetSpec b) {
                return unrolled(b);
            }

            @Override
            public String boltzmannMachine(BoltzmannMachineSpec m) {
                // what the first IR said of every DBM: the visible layer is reconstructed by a sigmoid
                String decoder = "decoder tied SIGMOID loss CROSS_ENTROPY\n";
                return m.supervised() == null ? decoder
                        : decoder + "head dbm-classifier " + m.supervised().classes() + " <- " + m.code().name() + "\n";
            }

            @Override
            public String convAutoencoder(ConvAutoencoderSpec c) {
                StringBuilder decoder = new StringBuilder("decoder ").append(c.mirrored() ? "mirrored" : "declared")
                        .append(' ').append(c.output()).append(" loss ").append(c.loss()).append('\n');
                if (c.paired()) {
                    decoder.append("target ").append(c.target().canonical()).append('\n');
                }
                if (!c.mirrored()) {
                    for (LayerSpec layer : c.decoder()) {
                        decoder.append("decoder-layer ").append(layer.name()).append(' ').append(layer.shape().canonical())
                                .append(' ').append(layer.activation()).append(' ').append(layer.conv().canonical()).append('\n');
                    }
                }
                return decoder.toString();
            }

            @Override
            public String multimodal(MultimodalSpec m) {
                StringBuilder modalities = new StringBuilder();
                for (ModalitySpec modality : m.modalities()) {
                    modalities.append("modality ").append(modality.name()).append(' ').append(modality.input()).append(' ')
                            .append(modality.visible());
                    if (modality.length() > 0) {
                        modalities.append(" length ").append(modality.length());
                    }
                    modalities.append('\n');
                }
                return modalities.toString();
            }
        }));
        return form.toString();
    }

    private static String unrolled(Unrolled spec) {
        String decoder = "decoder " + (spec.tied() ? "tied" : "untied") + " " + spec.output() + " loss " + spec.loss() + "\n";
        return spec.supervised() == null ? decoder
                : decoder + "head softmax " + spec.supervised().classes() + " <- " + spec.code().name() + "\n";
    }

    /**
     * The hash of the first version: of the whole IR as its records printed themselves; null for
     * the kinds that version did not have.
     */
    public static String legacy(ModelSpec spec) {
        if (spec instanceof ConvAutoencoderSpec || spec instanceof MultimodalSpec) {
            return null;
        }
        return sha256(Legacy.of(spec).described());
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                hex.append(String.format("%02x", digest[i]));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    /**
     * The first version's IR, frozen: records of the same simple names and components, so their
     * {@code toString} is the text that version hashed, whatever becomes of today's IR.
     */
    static final class Legacy {
        private Legacy() {}

        record ModelSpec(String packageName, List<String> simpleNames, boolean isInterface, int input,
                org.aestack.dsl.Loss loss, boolean tied, org.aestack.dsl.Activation output, List<LayerSpec> layers,
                TrainingSpec pretrain, boolean pretrainDeclared, TrainingSpec fineTune, Kind kind,
                SupervisedSpec supervised, BoltzmannSpec boltzmann) {
            /** Models of kinds before deep Boltzmann machines printed no {@code boltzmann} component. */
            String described() {
                String text = toString();
                return boltzmann == null ? text.replace(", boltzmann=null]", "]") : text;
            }
        }

        enum Kind { AUTOENCODER, BELIEF_NET, BOLTZMANN_MACHINE }

        record LayerSpec(String name, int index, int inputs, int units, org.aestack.dsl.Activation activation,
                Regularization pretrain, Regularization fineTune, RbmSpec rbm) {}

        record Regularization(Sparsity sparsity, Corruption noise, double contractive, double dropout) {}

        record Sparsity(double lambda, double target) {}

        record Corruption(org.aestack.dsl.Noise kind, double p) {}

        record RbmSpec(org.aestack.dsl.UnitType visible, org.aestack.dsl.UnitType hidden, int cd, boolean persistent,
                int chains, double learningRate) {}

        record TrainingSpec(int epochs, int batch, org.aestack.dsl.Optimizer optimizer, double learningRate,
                double momentum, double weightDecay, double learningRateDecay) {}

        record SupervisedSpec(int classes, TrainingSpec training) {}

        record BoltzmannSpec(boolean halving, TrainingSpec joint, int chains, int sweeps, int meanFieldIterations,
                double tolerance, double sparsityTarget, double sparsityCost, double sparsityDamping, double maxNorm) {}

        /** Every DBM of the first version declared these; @FineTune was an error on it, so its settings were the defaults. */
        private static final org.aestack.processor.model.TrainingSpec DBM_FINE_TUNE =
                new org.aestack.processor.model.TrainingSpec(20, 128, org.aestack.dsl.Optimizer.ADAM, 1e-3, 0.9);

        static ModelSpec of(org.aestack.processor.model.ModelSpec s) {
            ModelCore core = s.core();
            List<LayerSpec> layers = s.layers().stream().map(l -> new LayerSpec(l.name(), l.index(), core.fanIn(l), l.units(),
                    l.activation(), of(l.pretrain()), of(l.fineTune()), of(l.rbm()))).toList();
            Kind kind = Kind.valueOf(s.kindName().toUpperCase(java.util.Locale.ROOT));
            if (s instanceof Unrolled u) {
                return new ModelSpec(s.packageName(), s.simpleNames(), s.isInterface(), s.input(), u.loss(), u.tied(), u.output(),
                        layers, of(s.pretrain()), s.pretrainDeclared(), of(u.fineTune()), kind,
                        u.supervised() == null ? null : new SupervisedSpec(u.supervised().classes(), of(u.supervised().training())),
                        null);
            }
            BoltzmannSettings b = ((BoltzmannMachineSpec) s).boltzmann();
            return new ModelSpec(s.packageName(), s.simpleNames(), s.isInterface(), s.input(), org.aestack.dsl.Loss.CROSS_ENTROPY,
                    true, org.aestack.dsl.Activation.SIGMOID, layers, of(s.pretrain()), s.pretrainDeclared(), of(DBM_FINE_TUNE), kind,
                    null, new BoltzmannSpec(b.halving(), of(b.joint()), b.chains(), b.sweeps(), b.meanFieldIterations(), b.tolerance(),
                            b.sparsityTarget(), b.sparsityCost(), b.sparsityDamping(), b.maxNorm()));
        }

        private static Regularization of(org.aestack.processor.model.Regularization r) {
            return new Regularization(r.sparsity() == null ? null : new Sparsity(r.sparsity().lambda(), r.sparsity().target()),
                    r.noise() == null ? null : new Corruption(r.noise().kind(), r.noise().p()), r.contractive(), r.dropout());
        }

        private static RbmSpec of(org.aestack.processor.model.RbmSpec r) {
            return r == null ? null : new RbmSpec(r.visible(), r.hidden(), r.cd(), r.persistent(), r.chains(), r.learningRate());
        }

        private static TrainingSpec of(org.aestack.processor.model.TrainingSpec t) {
            return new TrainingSpec(t.epochs(), t.batch(), t.optimizer(), t.learningRate(), t.momentum(), t.weightDecay(),
                    t.learningRateDecay());
        }
    }
}
