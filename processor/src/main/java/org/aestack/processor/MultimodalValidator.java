package org.aestack.processor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import org.aestack.dsl.UnitType;
import org.aestack.processor.model.BoltzmannSettings;
import org.aestack.processor.model.LayerSpec;
import org.aestack.processor.model.ModalitySpec;
import org.aestack.processor.model.ModelCore;
import org.aestack.processor.model.ModelSpec;
import org.aestack.processor.model.MultimodalSpec;
import org.aestack.processor.model.RbmSpec;
import org.aestack.processor.model.Regularization;
import org.aestack.processor.model.Shape;
import org.aestack.processor.model.TrainingSpec;
import org.aestack.dsl.Activation;
import org.aestack.dsl.Optimizer;

/**
 * The rules of a {@code @Multimodal} machine: two or more {@code @Modality} member interfaces, each
 * a chain of RBM layers over its own visible units, and one joint {@code @RBMLayer} on the type.
 * Its layers are named in the graph by modality and method: {@code Image.low()} is node
 * {@code imageLow}, with the shape constant {@code IMAGE_LOW}.
 */
final class MultimodalValidator {
    private final Reporter reporter;
    private final Validator validator;

    MultimodalValidator(Reporter reporter, Validator validator) {
        this.reporter = reporter;
        this.validator = validator;
    }

    Optional<ModelSpec> validate(Declaration d) {
        int before = reporter.errors();
        TypeElement type = d.type();
        Mirror kind = d.kind();
        if (!validator.checkType(type, kind)) {
            return Optional.empty();
        }
        validator.notForRbmStack(d, Validator.MULTIMODAL);
        if (d.supervised() != null) {
            reporter.error(Message.NOT_FOR_KIND, type, d.supervised().annotation(), "Supervised", Validator.MULTIMODAL,
                    "train a classifier on the joint representation instead (represent, then a linear classifier)");
        }
        if (d.modalities().size() < 2) {
            reporter.error(Message.MULTIMODAL_PATHWAYS, type, kind.annotation(), type.getSimpleName(), d.modalities().size());
        }
        Map<String, String> constants = new HashMap<>();
        List<ModalitySpec> modalities = new ArrayList<>();
        List<LayerSpec> layers = new ArrayList<>();
        for (Declaration.ModalityType modality : d.modalities()) {
            ModalitySpec spec = modality(modality, layers.size(), constants);
            if (spec != null) {
                modalities.add(spec);
                layers.addAll(spec.layers());
            }
        }
        LayerSpec joint = joint(d, modalities, layers.size(), constants);
        for (ExecutableElement method : d.otherAbstract()) {
            reporter.error(Message.NOT_A_LAYER, method, method.getSimpleName() + "()");
        }
        TrainingSpec pretrain = validator.training(type, d.pretrain(), 10, 100, Optimizer.SGD, 0.05);
        BoltzmannSettings boltzmann = validator.boltzmann(d);
        if (reporter.errors() > before) {
            return Optional.empty();
        }
        layers.add(joint);
        Map<String, Shape> sources = new LinkedHashMap<>();
        int input = 0;
        for (ModalitySpec m : modalities) {
            sources.put(m.name(), new Shape.Units(m.input()));
            input += m.input();
        }
        ModelCore core = new ModelCore(Validator.packageName(type), Validator.simpleNames(type),
                type.getKind() == ElementKind.INTERFACE, new Shape.Units(input), layers, pretrain, true, sources);
        return Optional.of(new MultimodalSpec(core, modalities, boltzmann));
    }

    /** One pathway, checked; null when something in it is wrong (and reported). */
    private ModalitySpec modality(Declaration.ModalityType modality, int firstIndex, Map<String, String> constants) {
        int before = reporter.errors();
        TypeElement type = modality.type();
        Mirror m = modality.modality();
        String name = modality.name();
        if (type.getKind() != ElementKind.INTERFACE) {
            reporter.error(Message.MODALITY_TYPE, type, m.annotation(), type.getSimpleName());
            return null;
        }
        int input = m.intValue("input");
        if (input <= 0) {
            reporter.error(Message.INPUT_NOT_POSITIVE, type, m.annotation(), m.source("input"), input);
        }
        // the modality's own names in the generated code: its accessor and its input's size
        constants.put(constant(name), "@Modality " + type.getSimpleName());
        constants.put(constant(name) + "_INPUT", type.getSimpleName() + "'s input");
        Mirror first = modality.layers().isEmpty() ? null : modality.layers().get(0).rbm();
        if (first != null && first.enumValue("visible", UnitType.class) == UnitType.REPLICATED_SOFTMAX) {
            constants.put(constant(name) + "_LENGTH", type.getSimpleName() + "'s length");
        }
        if (modality.layers().isEmpty()) {
            reporter.error(Message.MODALITY_EMPTY, type, m.annotation(), type.getSimpleName());
        }
        for (ExecutableElement method : modality.otherAbstract()) {
            reporter.error(Message.NOT_A_LAYER, method, type.getSimpleName() + "." + method.getSimpleName() + "()");
        }
        List<LayerSpec> layers = new ArrayList<>();
        List<String> methods = new ArrayList<>();
        UnitType visible = UnitType.BERNOULLI;
        String below = name;
        for (int l = 0; l < modality.layers().size(); l++) {
            Declaration.LayerMethod method = modality.layers().get(l);
            String node = name + capitalized(method.name());
            String shown = type.getSimpleName() + "." + method.name() + "()";
            RbmSpec rbm = rbm(method, node, shown, constants);
            if (rbm == null) {
                continue;
            }
            if (l == 0) {
                visible = rbm.visible();

            } else if (rbm.visible() != UnitType.BERNOULLI) {
                reporter.error(Message.RBM_VISIBLE_NOT_FIRST, method.method(), method.rbm().annotation(),
                        method.rbm().source("visible"), shown, rbm.visible());
            }
            layers.add(LayerSpec.dense(node, firstIndex + layers.size(), below, method.rbm().intValue("units"),
                    Activation.SIGMOID, Regularization.NONE, Regularization.NONE, rbm));
            methods.add(method.name());
            below = node;
        }
        int length = m.intValue("length");
        if (visible == UnitType.REPLICATED_SOFTMAX && length <= 0) {
            reporter.error(Message.MODALITY_LENGTH, type, m.annotation(), m.source("length") != null ? m.source("length")
                    : m.source("input"), type.getSimpleName(), length, "its visible units are word counts, whose rows all have one"
                    + " document length D > 0", "add length = D to @Modality, e.g. the mean words per row, and scale each row's"
                    + " counts to it (Modalities.toLength)");
        } else if (visible != UnitType.REPLICATED_SOFTMAX && length != 0) {
            reporter.error(Message.MODALITY_LENGTH, type, m.annotation(), m.source("length"), type.getSimpleName(), length,
                    "a length is for word counts (visible = REPLICATED_SOFTMAX on the pathway's first layer), and its visible"
                    + " units are " + visible, "remove length");
        }
        if (reporter.errors() > before) {
            return null;
        }
        return new ModalitySpec(name, type.getSimpleName().toString(), input, visible, layers, methods,
                visible == UnitType.REPLICATED_SOFTMAX ? length : 0);
    }

    /** The joint layer: the one {@code @RBMLayer} method of the type, reading every pathway's top. */
    private LayerSpec joint(Declaration d, List<ModalitySpec> modalities, int index, Map<String, String> constants) {
        TypeElement type = d.type();
        if (d.layers().size() != 1) {
            reporter.error(Message.MULTIMODAL_JOINT, type, d.kind().annotation(), type.getSimpleName(), d.layers().size(),
                    type.getSimpleName());
            return null;
        }
        Declaration.LayerMethod method = d.layers().get(0);
        String shown = method.name() + "()";
        RbmSpec rbm = rbm(method, method.name(), shown, constants);
        if (rbm == null) {
            return null;
        }
        if (rbm.visible() != UnitType.BERNOULLI) {
            reporter.error(Message.MULTIMODAL_UNITS, method.method(), method.rbm().annotation(), method.rbm().source("visible"),
                    shown, "visible", rbm.visible(), "its visible units are the pathways' top layers, which are Bernoulli",
                    "remove visible = " + rbm.visible() + "; a modality's data type goes on its first layer");
        }
        return new LayerSpec(method.name(), index, modalities.stream().map(m -> m.top().name()).toList(),
                new Shape.Units(method.rbm().intValue("units")), Activation.SIGMOID, Regularization.NONE, Regularization.NONE,
                rbm);
    }

    /** A layer method's rules and its {@code @RBMLayer}, checked; null when it has none or it is wrong. */
    private RbmSpec rbm(Declaration.LayerMethod layer, String node, String shown, Map<String, String> constants) {
        int before = reporter.errors();
        ExecutableElement method = layer.method();
        Validator.checkLayerMethod(reporter, method, node, constants);
        Mirror m = layer.rbm();
        if (m == null || layer.encoder() != null || layer.convolutional()) {
            Mirror other = layer.encoder() != null ? layer.encoder() : layer.conv() != null ? layer.conv() : layer.convTranspose();
            reporter.error(Message.NOT_FOR_KIND, method, other.annotation(), other.simpleName(), Validator.MULTIMODAL,
                    "every layer of a multimodal machine is an @RBMLayer");
            return null;
        }
        for (Mirror r : layer.regularizers().values()) {
            reporter.error(Message.NOT_FOR_KIND, method, r.annotation(), r.simpleName(), Validator.MULTIMODAL,
                    "its RBMs are trained by contrastive divergence");
        }
        int units = m.intValue("units");
        if (units <= 0) {
            reporter.error(Message.UNITS_NOT_POSITIVE, method, m.annotation(), m.source("units"), units);
        }
        UnitType hidden = m.enumValue("hidden", UnitType.class);
        if (hidden != UnitType.BERNOULLI) {
            reporter.error(Message.MULTIMODAL_UNITS, method, m.annotation(), m.source("hidden"), shown, "hidden", hidden,
                    "a Boltzmann machine's hidden units are Bernoulli", "remove hidden = " + hidden);
        }
        RbmSpec settings = Validator.rbmSettings(reporter, method, m);
        if (reporter.errors() > before) {
            return null;
        }
        return settings;
    }

    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static String constant(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }
}
