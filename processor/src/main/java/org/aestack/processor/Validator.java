package org.aestack.processor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
import org.aestack.dsl.Activation;
import org.aestack.dsl.Loss;
import org.aestack.dsl.Noise;
import org.aestack.dsl.Optimizer;
import org.aestack.dsl.UnitType;
import org.aestack.processor.model.AutoencoderSpec;
import org.aestack.processor.model.BeliefNetSpec;
import org.aestack.processor.model.BoltzmannMachineSpec;
import org.aestack.processor.model.BoltzmannSettings;
import org.aestack.processor.model.ConvAutoencoderSpec;
import org.aestack.processor.model.LayerSpec;
import org.aestack.processor.model.ModelCore;
import org.aestack.processor.model.ModelSpec;
import org.aestack.processor.model.Shape;
import org.aestack.processor.model.RbmSpec;
import org.aestack.processor.model.Regularization;
import org.aestack.processor.model.SupervisedSpec;
import org.aestack.processor.model.TrainingSpec;

/**
 * The validate stage: checks every rule on a {@link Declaration}, reporting each problem on the
 * element and annotation value at fault, and builds the {@link ModelSpec} when there is none.
 */
final class Validator {
    static final String LAYER_TYPE = "org.aestack.dsl.Layer";
    static final String AUTOENCODER = "Autoencoder";
    static final String BELIEF_NET = "BeliefNet";
    static final String BOLTZMANN_MACHINE = "BoltzmannMachine";
    static final String MULTIMODAL = "Multimodal";

    private final Reporter reporter;

    Validator(Reporter reporter) {
        this.reporter = reporter;
    }

    Optional<ModelSpec> validate(Declaration d) {
        int before = reporter.errors();
        TypeElement type = d.type();
        if (d.kinds().size() > 1) {
            reporter.error(Message.TWO_KINDS, type, d.kinds().get(1).annotation(),
                    type.getSimpleName(), d.kinds().get(0).simpleName(), d.kinds().get(1).simpleName());
            return Optional.empty();
        }
        Mirror kind = d.kind();
        if (kind.simpleName().equals(MULTIMODAL)) {
            return new MultimodalValidator(reporter, this).validate(d);
        }
        for (Declaration.ModalityType modality : d.modalities()) {
            reporter.error(Message.MODALITY_OUTSIDE, modality.type(), modality.modality().annotation(),
                    modality.type().getSimpleName());
        }
        boolean boltzmann = kind.simpleName().equals(BOLTZMANN_MACHINE);
        // The kinds built of RBMs alone share their layer and unit rules; each kind's own follow.
        boolean rbmStack = kind.simpleName().equals(BELIEF_NET) || boltzmann;
        if (!checkType(type, kind)) {
            return Optional.empty();
        }
        ConvValidator convolutions = new ConvValidator(reporter);
        boolean conv = !rbmStack && ConvValidator.hasConvolutions(d);
        if (rbmStack) {
            for (Declaration.LayerMethod layer : d.layers()) {
                if (layer.convolutional()) {
                    reporter.error(Message.NOT_FOR_KIND, layer.method(), layer.annotation().annotation(),
                            layer.annotation().simpleName(), kind.simpleName(), "its layers are RBMs");
                }
            }
            if (reporter.errors() > before) {
                return Optional.empty();
            }
        }
        int input = kind.intValue("input");
        Shape.Image image = rbmStack ? null : convolutions.image(d);
        if (image != null) {
            input = image.size();
        } else if (input <= 0 && !conv) {
            reporter.error(Message.INPUT_NOT_POSITIVE, type, kind.annotation(), kind.source("input"), input);
        }
        Loss loss;
        Activation output;
        boolean tied;
        if (rbmStack) {
            notForRbmStack(d, kind.simpleName());
            // The generative pass of a DBN is the tied decoder: Bernoulli data is reconstructed by a
            // sigmoid with cross-entropy, Gaussian data linearly with squared error.
            boolean gaussian = !d.layers().isEmpty() && d.layers().get(0).rbm() != null
                    && d.layers().get(0).rbm().enumValue("visible", UnitType.class) == UnitType.GAUSSIAN;
            loss = gaussian ? Loss.SQUARED_ERROR : Loss.CROSS_ENTROPY;
            output = gaussian ? Activation.LINEAR : Activation.SIGMOID;
            tied = true;
        } else {
            loss = kind.enumValue("loss", Loss.class);
            output = kind.enumValue("output", Activation.class);
            tied = kind.booleanValue("tied");
            if (loss == Loss.CROSS_ENTROPY && output != Activation.SIGMOID) {
                var at = kind.source("output") != null ? kind.source("output") : kind.source("loss");
                reporter.error(Message.CROSS_ENTROPY_OUTPUT, type, kind.annotation(), at, output);
            }
        }
        List<LayerSpec> layers;
        ConvValidator.Layers convLayers = null;
        if (conv) {
            convLayers = convolutions.layers(d, image, output);
            layers = convLayers == null ? List.of() : regularize(d, d.layers().subList(0, convLayers.encoder().size()),
                    convLayers.encoder());
            convSettings(d, tied, convLayers);
        } else {
            layers = rbms(d, regularize(d, layers(d, input, rbmStack)), rbmStack, boltzmann, loss, output);
        }
        if (boltzmann && d.layers().size() == 1) {
            reporter.error(Message.DBM_TOO_SHALLOW, type, kind.annotation(), type.getSimpleName(), 1);
        }
        blocks(d, layers, image != null);
        if (!rbmStack && !conv && kind.intValue("outputChannels") != 0) {
            reporter.error(Message.OUTPUT_CHANNELS, type, kind.annotation(), kind.source("outputChannels"),
                    kind.intValue("outputChannels"), "is for autoencoders of convolutions with a declared decoder",
                    "make the layers @Conv and declare the decoder, or leave outputChannels out");
        }
        Mirror pretrainMirror = d.pretrain();
        if (!boltzmann && pretrainMirror != null && pretrainMirror.source("halving") != null) {
            reporter.error(Message.HALVING_NOT_DBM, type, pretrainMirror.annotation(), pretrainMirror.source("halving"),
                    type.getSimpleName(), kind.simpleName(), pretrainMirror.booleanValue("halving"));
        }
        if (!boltzmann && d.jointTraining() != null) {
            reporter.error(Message.NOT_FOR_KIND, type, d.jointTraining().annotation(), "JointTraining", kind.simpleName(),
                    "joint training is the second phase of a @BoltzmannMachine");
        }
        for (ExecutableElement method : d.otherAbstract()) {
            if (method.getEnclosingElement().equals(type)) {
                reporter.error(Message.NOT_A_LAYER, method, method.getSimpleName() + "()");
            } else {
                reporter.error(Message.INHERITED_ABSTRACT, type, type.getSimpleName(), method.getSimpleName() + "()",
                        method.getEnclosingElement().getSimpleName());
            }
        }
        TrainingSpec pretrain = training(type, d.pretrain(), 10, 100, Optimizer.SGD, 0.05);
        TrainingSpec fineTune = training(type, d.fineTune(), 20, 128, Optimizer.ADAM, 1e-3);
        BoltzmannSettings boltzmannSpec = boltzmann ? boltzmann(d) : null;
        SupervisedSpec supervised = null;
        if (d.supervised() != null) {
            Mirror m = d.supervised();
            int classes = m.intValue("classes");
            if (classes < 2) {
                reporter.error(Message.SUPERVISED_CLASSES, type, m.annotation(), m.source("classes"), classes);
            }
            supervised = new SupervisedSpec(classes, training(type, m, 50, 32, Optimizer.ADAM, 1e-3));
        }
        if (reporter.errors() > before) {
            return Optional.empty();
        }
        ModelCore core = new ModelCore(packageName(type), simpleNames(type), type.getKind() == ElementKind.INTERFACE,
                image != null ? image : new Shape.Units(input), layers, pretrain, rbmStack || d.pretrain() != null);
        if (conv) {
            return Optional.of(new ConvAutoencoderSpec(core, loss, output, fineTune, convLayers.decoder(), convLayers.mirrored(),
                    convLayers.target()));
        }
        if (boltzmann) {
            return Optional.of(new BoltzmannMachineSpec(core, boltzmannSpec, supervised));
        }
        if (rbmStack) {
            return Optional.of(new BeliefNetSpec(core, fineTune, supervised));
        }
        return Optional.of(new AutoencoderSpec(core, loss, tied, output, fineTune, supervised));
    }

    /** Inpainting's blocks go in the model input, declared on the type, of an autoencoder with an image input. */
    private void blocks(Declaration d, List<LayerSpec> layers, boolean image) {
        for (int l = 0; l < layers.size(); l++) {
            Regularization.Corruption own = layers.get(l).pretrain().noise();
            if (own != null && own.kind() == Noise.BLOCKS) {
                Mirror m = d.layers().get(l).regularizers().get("Denoising");
                reporter.error(Message.BLOCKS_ON_LAYER, d.layers().get(l).method(), m.annotation(), m.source("noise"),
                        layers.get(l).name() + "()");
            }
        }
        Mirror onType = d.regularizers().get("Denoising");
        if (!image && onType != null && onType.enumValue("noise", Noise.class) == Noise.BLOCKS) {
            reporter.error(Message.BLOCKS_NEED_IMAGE, d.type(), onType.annotation(), onType.source("noise"),
                    d.type().getSimpleName());
        }
    }

    /** What an autoencoder of convolutions does not take: tied weights, a head, a type-wide contractive penalty, pretraining with a declared decoder. */
    private void convSettings(Declaration d, boolean tied, ConvValidator.Layers layers) {
        TypeElement type = d.type();
        Mirror kind = d.kind();
        if (tied) {
            reporter.error(Message.CONV_UNSUPPORTED, type, kind.annotation(), kind.source("tied"), "tied = true",
                    "each transposed convolution has weights of its own; remove tied");
        }
        if (d.supervised() != null) {
            reporter.error(Message.CONV_UNSUPPORTED, type, d.supervised().annotation(), "@Supervised",
                    "a classifier head goes on a dense autoencoder's code");
        }
        Mirror contractive = d.regularizers().get("Contractive");
        if (contractive != null) {
            reporter.error(Message.CONV_UNSUPPORTED, type, contractive.annotation(), "@Contractive",
                    "the contractive penalty is for dense layers; use @Denoising, @Sparse or @Dropout");
        }
        if (d.pretrain() != null && layers != null && !layers.mirrored()) {
            reporter.error(Message.PRETRAIN_DECLARED_DECODER, type, d.pretrain().annotation(), type.getSimpleName());
        }
    }

    /**
     * What a belief net or a deep Boltzmann machine does not take: fine-tuning by backpropagation
     * and the autoencoder regularizers.
     */
    void notForRbmStack(Declaration d, String kind) {
        TypeElement type = d.type();
        if (d.fineTune() != null) {
            reporter.error(Message.NOT_FOR_KIND, type, d.fineTune().annotation(), "FineTune", kind,
                    kind.equals(BELIEF_NET) ? "a belief net is trained greedily, layer by layer, with @Pretrain's settings"
                            : "a deep Boltzmann machine is pretrained, then trained jointly with @JointTraining's settings");
        }
        for (Mirror m : d.regularizers().values()) {
            reporter.error(Message.NOT_FOR_KIND, type, m.annotation(), m.simpleName(), kind,
                    "its RBMs are trained by contrastive divergence");
        }
        for (Declaration.LayerMethod layer : d.layers()) {
            for (Mirror m : layer.regularizers().values()) {
                reporter.error(Message.NOT_FOR_KIND, layer.method(), m.annotation(), m.simpleName(), kind,
                        "its RBMs are trained by contrastive divergence");
            }
        }
    }

    /** The settings of {@code @JointTraining} (or its defaults) and {@code @Pretrain(halving)}, checked. */
    BoltzmannSettings boltzmann(Declaration d) {
        TypeElement type = d.type();
        boolean halving = d.pretrain() == null || d.pretrain().booleanValue("halving");
        Mirror m = d.jointTraining();
        if (m == null) {
            // @JointTraining's defaults
            return new BoltzmannSettings(halving, new TrainingSpec(20, 100, Optimizer.MOMENTUM, 0.001, 0.5, 2e-4, 0.1),
                    100, 5, 10, 1e-4, 0, 0.1, 0.9, 0);
        }
        TrainingSpec joint = training(type, m, 20, 100, Optimizer.MOMENTUM, 0.001);
        for (String count : List.of("chains", "sweeps", "meanFieldIterations")) {
            if (m.intValue(count) < 1) {
                reporter.error(Message.DBM_SETTING, type, m.annotation(), m.source(count), count, "at least 1",
                        m.intValue(count), "e.g. " + (count.equals("chains") ? 100 : count.equals("sweeps") ? 5 : 10));
            }
        }
        double tolerance = m.doubleValue("tolerance");
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            reporter.error(Message.DBM_SETTING, type, m.annotation(), m.source("tolerance"), "tolerance",
                    "zero or more and finite", tolerance, "e.g. 1e-4; 0 always runs meanFieldIterations sweeps");
        }
        double target = m.doubleValue("sparsityTarget");
        if (!(target >= 0 && target < 1)) {
            reporter.error(Message.DBM_SETTING, type, m.annotation(), m.source("sparsityTarget"), "sparsityTarget",
                    "in [0, 1)", target, "it is the mean activation to aim for, e.g. 0.1; 0 for none");
        }
        double cost = m.doubleValue("sparsityCost");
        if (!(cost >= 0) || Double.isInfinite(cost)) {
            reporter.error(Message.DBM_SETTING, type, m.annotation(), m.source("sparsityCost"), "sparsityCost",
                    "zero or more and finite", cost, "e.g. 0.1");
        }
        double damping = m.doubleValue("sparsityDamping");
        if (!(damping >= 0 && damping < 1)) {
            reporter.error(Message.DBM_SETTING, type, m.annotation(), m.source("sparsityDamping"), "sparsityDamping",
                    "in [0, 1)", damping, "e.g. 0.9");
        }
        double maxNorm = m.doubleValue("maxNorm");
        if (!(maxNorm >= 0) || Double.isInfinite(maxNorm)) {
            reporter.error(Message.DBM_SETTING, type, m.annotation(), m.source("maxNorm"), "maxNorm",
                    "zero (no limit) or positive and finite", maxNorm, "e.g. 3");
        }
        return new BoltzmannSettings(halving, joint, m.intValue("chains"), m.intValue("sweeps"),
                m.intValue("meanFieldIterations"), tolerance, target, cost, damping, maxNorm);
    }

    /** Checks each {@code @RBMLayer} and attaches its {@link RbmSpec} to the layer. */
    private List<LayerSpec> rbms(Declaration d, List<LayerSpec> layers, boolean rbmStack, boolean boltzmann, Loss loss,
            Activation output) {
        if (layers.size() != d.layers().size()) {
            return layers;
        }
        List<LayerSpec> resolved = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            LayerSpec layer = layers.get(l);
            Declaration.LayerMethod declared = d.layers().get(l);
            Mirror m = declared.rbm();
            if (m == null) {
                resolved.add(layer);
                continue;
            }
            ExecutableElement method = declared.method();
            String name = layer.name() + "()";
            UnitType visible = m.enumValue("visible", UnitType.class);
            UnitType hidden = m.enumValue("hidden", UnitType.class);
            RbmSpec settings = rbmSettings(reporter, method, m);
            if (hidden == UnitType.REPLICATED_SOFTMAX) {
                reporter.error(Message.RBM_WORD_COUNTS, method, m.annotation(), m.source("hidden"), name, "hidden",
                        "hidden units are Bernoulli or, for the linear code of an autoencoder, Gaussian");
                resolved.add(layer);
                continue;
            }
            if (l == 0 && visible == UnitType.REPLICATED_SOFTMAX) {
                reporter.error(Message.RBM_WORD_COUNTS, method, m.annotation(), m.source("visible"), name, "visible",
                        "declare the counts as a @Modality(input, length) of a @Multimodal machine, or use BERNOULLI or GAUSSIAN");
                resolved.add(layer);
                continue;
            }
            if (l > 0 && visible != UnitType.BERNOULLI) {
                reporter.error(Message.RBM_VISIBLE_NOT_FIRST, method, m.annotation(), m.source("visible"), name, visible);
            }
            if (l == 0 && visible == UnitType.GAUSSIAN && !rbmStack
                    && (loss != Loss.SQUARED_ERROR || output != Activation.LINEAR)) {
                reporter.error(Message.RBM_GAUSSIAN_VISIBLE, method, m.annotation(), m.source("visible"), output, loss);
            }
            if (boltzmann) {
                if (l == 0 && visible != UnitType.BERNOULLI) {
                    reporter.error(Message.DBM_UNITS, method, m.annotation(), m.source("visible"), name, "visible", visible);
                }
                if (hidden != UnitType.BERNOULLI) {
                    reporter.error(Message.DBM_UNITS, method, m.annotation(), m.source("hidden"), name, "hidden", hidden);
                }
            } else if (rbmStack) {
                if (hidden != UnitType.BERNOULLI) {
                    reporter.error(Message.BELIEF_NET_HIDDEN, method, m.annotation(), m.source("hidden"), name, hidden, hidden);
                }
            } else {
                Activation needed = hidden == UnitType.BERNOULLI ? Activation.SIGMOID : Activation.LINEAR;
                if (layer.activation() != needed) {
                    reporter.error(Message.RBM_ACTIVATION, method, m.annotation(), m.source("hidden"), hidden,
                            needed.toString().toLowerCase(java.util.Locale.ROOT), name, layer.activation());
                }
                if (l > 0 && layers.get(l - 1).activation() != Activation.SIGMOID) {
                    LayerSpec below = layers.get(l - 1);
                    reporter.error(Message.RBM_INPUT_NOT_BINARY, method, m.annotation(), name, below.name() + "()",
                            below.activation(), below.name() + "()", name);
                }
                for (Mirror r : declared.regularizers().values()) {
                    reporter.error(Message.RBM_REGULARIZED, method, r.annotation(), r.simpleName(), name);
                }
            }
            resolved.add(layer.withRbm(settings));
        }
        return resolved;
    }

    /**
     * An {@code @RBMLayer}'s training settings, checked (cd at least 1, chains only when persistent,
     * a learning rate of 0 or positive), with its unit types as declared.
     */
    static RbmSpec rbmSettings(Reporter reporter, ExecutableElement method, Mirror m) {
        int cd = m.intValue("cd");
        boolean persistent = m.booleanValue("persistent");
        int chains = m.intValue("chains");
        double rate = m.doubleValue("learningRate");
        if (cd < 1) {
            reporter.error(Message.RBM_CD, method, m.annotation(), m.source("cd"), cd);
        }
        if (chains < 0 || (chains > 0 && !persistent)) {
            reporter.error(Message.RBM_CHAINS, method, m.annotation(), m.source("chains"), chains, persistent);
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            reporter.error(Message.RBM_LEARNING_RATE, method, m.annotation(), m.source("learningRate"), rate);
        }
        return new RbmSpec(m.enumValue("visible", UnitType.class), m.enumValue("hidden", UnitType.class), cd, persistent,
                chains, rate);
    }

    /** Rules on the type itself, reported on its declaration; false if it cannot be a model at all. */
    boolean checkType(TypeElement type, Mirror kind) {
        ElementKind k = type.getKind();
        boolean abstractClass = k == ElementKind.CLASS && type.getModifiers().contains(Modifier.ABSTRACT);
        if (k != ElementKind.INTERFACE && !abstractClass) {
            String what = k == ElementKind.CLASS ? "concrete class" : k.toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            reporter.error(Message.NOT_ABSTRACT, type, kind.simpleName(), article(what) + " " + what, type.getSimpleName());
            return false;
        }
        for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
            if (e.getModifiers().contains(Modifier.PRIVATE)) {
                reporter.error(Message.PRIVATE_TYPE, type, type.getSimpleName());
                break;
            }
        }
        if (type.getNestingKind() == NestingKind.MEMBER && k == ElementKind.CLASS && !type.getModifiers().contains(Modifier.STATIC)) {
            reporter.error(Message.INNER_CLASS, type, type.getSimpleName());
        }
        if (!type.getTypeParameters().isEmpty()) {
            reporter.error(Message.GENERIC_MODEL, type, type.getSimpleName());
        }
        if (abstractClass) {
            boolean usable = ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
                    .anyMatch(c -> c.getParameters().isEmpty() && !c.getModifiers().contains(Modifier.PRIVATE));
            if (!usable) {
                reporter.error(Message.NO_CONSTRUCTOR, type, type.getSimpleName(), type.getSimpleName());
            }
        }
        return true;
    }

    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    private List<LayerSpec> layers(Declaration d, int input, boolean rbmStack) {
        if (d.layers().isEmpty()) {
            reporter.error(Message.NO_LAYERS, d.type(), d.kind().annotation(), d.type().getSimpleName());
            return List.of();
        }
        List<LayerSpec> layers = new ArrayList<>();
        Map<String, String> constants = new HashMap<>();
        String below = ModelCore.INPUT;
        for (Declaration.LayerMethod layer : d.layers()) {
            ExecutableElement method = layer.method();
            String name = method.getSimpleName().toString();
            boolean ok = checkLayerMethod(reporter, method, name, constants);
            Mirror encoder = layer.encoder();
            Mirror rbm = layer.rbm();
            int units;
            Activation activation;
            if (rbmStack) {
                if (encoder != null) {
                    reporter.error(Message.ENCODER_IN_BELIEF_NET, method, encoder.annotation(), name + "()",
                            d.kind().simpleName(), encoder.intValue("units"));
                    ok = false;
                }
                units = rbm != null ? rbm.intValue("units") : encoder.intValue("units");
                activation = Activation.SIGMOID;
            } else if (encoder == null) {
                reporter.error(Message.RBM_NEEDS_ENCODER, method, rbm.annotation(), name + "()");
                ok = false;
                units = rbm.intValue("units");
                activation = Activation.SIGMOID;
            } else {
                units = encoder.intValue("units");
                activation = encoder.enumValue("activation", Activation.class);
                int rbmUnits = rbm == null ? 0 : rbm.intValue("units");
                if (rbmUnits != 0 && rbmUnits != units) {
                    reporter.error(Message.RBM_UNITS_MISMATCH, method, rbm.annotation(), rbm.source("units"), rbmUnits, units);
                    ok = false;
                }
            }
            Mirror declaring = layer.annotation();
            if (units <= 0) {
                reporter.error(Message.UNITS_NOT_POSITIVE, method, declaring.annotation(), declaring.source("units"), units);
                ok = false;
            }
            if (ok && input > 0) {
                // Each layer reads the one declared before it: the kinds so far are chains.
                layers.add(LayerSpec.dense(name, layers.size(), below, units, activation));
            }
            below = name;
        }
        return layers;
    }

    /**
     * Resolves what regularizes each layer in pretraining and in fine-tuning: a layer's own
     * annotations apply to both (its @Denoising only to pretraining, where it corrupts the layer's
     * input); the type's apply in fine-tuning, @Sparse to the code layer, @Denoising to the model
     * input, @Contractive to a single-layer encoder, @Dropout to every layer but the code.
     */
    private List<LayerSpec> regularize(Declaration d, List<LayerSpec> layers) {
        return regularize(d, d.layers(), layers);
    }

    /** {@link #regularize(Declaration, List)} for the layers of {@code methods}, the encoder's where a decoder is declared. */
    private List<LayerSpec> regularize(Declaration d, List<Declaration.LayerMethod> methods, List<LayerSpec> layers) {
        for (ExecutableElement method : d.strayRegularizers()) {
            for (AnnotationMirror a : method.getAnnotationMirrors()) {
                if (DeclarationReader.REGULARIZERS.contains(DeclarationReader.qualifiedName(a))) {
                    reporter.error(Message.REGULARIZER_NOT_ON_LAYER, method, a,
                            a.getAnnotationType().asElement().getSimpleName(), method.getSimpleName() + "()");
                }
            }
        }
        if (layers.isEmpty() || layers.size() != methods.size()) {
            return layers; // some layer was wrong: its errors are reported, and no spec will be built
        }
        TypeElement type = d.type();
        Map<String, Mirror> onType = d.regularizers();
        Regularization.Sparsity typeSparsity = sparsity(type, onType.get("Sparse"), layers.get(layers.size() - 1));
        Regularization.Corruption typeNoise = corruption(type, onType.get("Denoising"));
        double typeContractive = lambda(type, onType.get("Contractive"));
        double typeDropout = probability(type, onType.get("Dropout"));
        if (onType.containsKey("Contractive") && layers.size() > 1) {
            reporter.error(Message.CONTRACTIVE_DEEP, type, onType.get("Contractive").annotation(), type.getSimpleName(),
                    layers.size());
        }
        List<LayerSpec> resolved = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            LayerSpec layer = layers.get(l);
            ExecutableElement method = methods.get(l).method();
            Map<String, Mirror> own = methods.get(l).regularizers();
            boolean code = l == layers.size() - 1;
            Regularization.Sparsity sparsity = sparsity(method, own.get("Sparse"), layer);
            Regularization.Corruption noise = corruption(method, own.get("Denoising"));
            double contractive = lambda(method, own.get("Contractive"));
            double dropout = probability(method, own.get("Dropout"));
            Regularization pretrain = new Regularization(sparsity, noise, contractive, dropout);

            Regularization.Sparsity fineSparsity = sparsity;
            if (code && typeSparsity != null) {
                fineSparsity = twice(type, "Sparse", method, sparsity, typeSparsity);
            }
            double fineContractive = contractive;
            if (onType.containsKey("Contractive") && layers.size() == 1) {
                fineContractive = twice(type, "Contractive", method, own.get("Contractive"), typeContractive);
            }
            double fineDropout = dropout;
            if (!code && onType.containsKey("Dropout")) {
                fineDropout = twice(type, "Dropout", method, own.get("Dropout"), typeDropout);
            }
            Regularization fineTune = new Regularization(fineSparsity, l == 0 ? typeNoise : null, fineContractive, fineDropout);
            resolved.add(layer.withRegularization(pretrain, fineTune));
        }
        return resolved;
    }

    /** The type's value, after reporting when the layer declares the same regularizer. */
    private <T> T twice(TypeElement type, String annotation, ExecutableElement method, Object own, T fromType) {
        if (own != null) {
            reporter.error(Message.REGULARIZER_TWICE, method, annotation, type.getSimpleName(), method.getSimpleName() + "()");
        }
        return fromType;
    }

    private Regularization.Sparsity sparsity(Element at, Mirror m, LayerSpec layer) {
        if (m == null) {
            return null;
        }
        double lambda = lambda(at, m);
        double target = m.doubleValue("target");
        if (target != 0 && !(target > 0 && target < 1)) {
            reporter.error(Message.SPARSE_TARGET, at, m.annotation(), m.source("target"), target);
        } else if (target > 0 && layer.activation() != Activation.SIGMOID) {
            reporter.error(Message.SPARSE_KL_ACTIVATION, at, m.annotation(), m.source("target"),
                    layer.name() + "()", layer.activation());
        }
        return new Regularization.Sparsity(lambda, target);
    }

    private Regularization.Corruption corruption(Element at, Mirror m) {
        if (m == null) {
            return null;
        }
        Noise kind = m.enumValue("noise", Noise.class);
        double p = m.doubleValue("p");
        if (kind == Noise.GAUSSIAN) {
            if (!(p >= 0) || Double.isInfinite(p)) {
                reporter.error(Message.NOISE_DEVIATION, at, m.annotation(), m.source("p"), p);
            }
        } else if (!(p >= 0 && p < 1)) {
            reporter.error(Message.PROBABILITY, at, m.annotation(), m.source("p"), p);
        }
        return new Regularization.Corruption(kind, p);
    }

    /** The {@code lambda} of a penalty annotation, checked; 0 when absent. */
    private double lambda(Element at, Mirror m) {
        if (m == null) {
            return 0;
        }
        double lambda = m.doubleValue("lambda");
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            reporter.error(Message.LAMBDA, at, m.annotation(), m.source("lambda"), lambda);
        }
        return lambda;
    }

    /** The {@code p} of {@code @Dropout}, checked; 0 when absent. */
    private double probability(Element at, Mirror m) {
        if (m == null) {
            return 0;
        }
        double p = m.doubleValue("p");
        if (!(p >= 0 && p < 1)) {
            reporter.error(Message.PROBABILITY, at, m.annotation(), m.source("p"), p);
        }
        return p;
    }

    /**
     * The rules on every layer method: abstract, no parameters, returns {@code Layer}, not generic,
     * throws nothing, not named {@code input}, and a shape constant no earlier layer (in
     * {@code constants}, which this adds to) has.
     */
    static boolean checkLayerMethod(Reporter reporter, ExecutableElement method, String name, Map<String, String> constants) {
        boolean ok = checkMethod(reporter, method, name);
        if (name.equals(ModelCore.INPUT)) {
            // the model graph's name for the model input; the emitters' own names are checked on what they emit
            reporter.error(Message.RESERVED_NAME, method, name, "model", "INPUT (the size of the model input)");
            ok = false;
        }
        String constant = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
        String clash = constants.putIfAbsent(constant, name);
        if (clash != null) {
            reporter.error(Message.DUPLICATE_CONSTANT, method, clash, name, constant);
            ok = false;
        }
        return ok;
    }

    private static boolean checkMethod(Reporter reporter, ExecutableElement method, String name) {
        boolean ok = true;
        if (!method.getModifiers().contains(Modifier.ABSTRACT)) {
            reporter.error(Message.LAYER_NOT_ABSTRACT, method, name + "()");
            return false;
        }
        if (!method.getParameters().isEmpty()) {
            reporter.error(Message.LAYER_PARAMETERS, method, name + "(...)", name);
            ok = false;
        }
        if (method.getReturnType().getKind() != TypeKind.DECLARED
                || !method.getReturnType().toString().equals(LAYER_TYPE)) {
            reporter.error(Message.LAYER_RETURN_TYPE, method, name + "()", method.getReturnType(), name);
            ok = false;
        }
        if (!method.getTypeParameters().isEmpty()) {
            reporter.error(Message.LAYER_GENERIC, method, name + "()");
            ok = false;
        }
        if (!method.getThrownTypes().isEmpty()) {
            reporter.error(Message.LAYER_THROWS, method, name + "()");
            ok = false;
        }
        return ok;
    }

    /** The settings of {@code @Pretrain} or {@code @FineTune}, or the annotation's defaults when it is absent. */
    TrainingSpec training(TypeElement type, Mirror m, int epochs, int batch, Optimizer optimizer, double rate) {
        if (m == null) {
            return new TrainingSpec(epochs, batch, optimizer, rate, 0.9);
        }
        boolean hasDecay = m.simpleName().equals("Pretrain") || m.simpleName().equals("JointTraining");
        TrainingSpec t = new TrainingSpec(m.intValue("epochs"), m.intValue("batch"),
                m.enumValue("optimizer", Optimizer.class), m.doubleValue("learningRate"), m.doubleValue("momentum"),
                hasDecay ? m.doubleValue("weightDecay") : 0, m.doubleValue("learningRateDecay"));
        if (!(t.weightDecay() >= 0) || Double.isInfinite(t.weightDecay())) {
            reporter.error(Message.WEIGHT_DECAY, type, m.annotation(), m.source("weightDecay"), t.weightDecay());
        }
        if (!(t.learningRateDecay() >= 0) || Double.isInfinite(t.learningRateDecay())) {
            reporter.error(Message.LEARNING_RATE_DECAY, type, m.annotation(), m.source("learningRateDecay"), t.learningRateDecay());
        }
        if (t.epochs() <= 0) {
            reporter.error(Message.EPOCHS_NOT_POSITIVE, type, m.annotation(), m.source("epochs"), t.epochs());
        }
        if (t.batch() <= 0) {
            reporter.error(Message.BATCH_NOT_POSITIVE, type, m.annotation(), m.source("batch"), t.batch());
        }
        if (!(t.learningRate() > 0) || Double.isInfinite(t.learningRate())) {
            reporter.error(Message.LEARNING_RATE, type, m.annotation(), m.source("learningRate"), t.learningRate());
        }
        if (!(t.momentum() >= 0 && t.momentum() < 1)) {
            reporter.error(Message.MOMENTUM, type, m.annotation(), m.source("momentum"), t.momentum());
        }
        return t;
    }

    static String packageName(TypeElement type) {
        Element e = type;
        while (!(e instanceof PackageElement)) {
            e = e.getEnclosingElement();
        }
        return ((PackageElement) e).getQualifiedName().toString();
    }

    static List<String> simpleNames(TypeElement type) {
        List<String> names = new ArrayList<>();
        for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
            names.add(0, e.getSimpleName().toString());
        }
        return names;
    }
}
