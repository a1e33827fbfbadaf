package org.aestack.processor.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What every model kind declares: its name and place, its input, its layers as a graph (each
 * layer names the nodes it reads), and its pretraining.
 *
 * @param packageName the declaration's package ("" for the unnamed package)
 * @param simpleNames the declaration's simple name and those of its enclosing types, outermost
 *     first, e.g. {@code ["Models", "FashionAe"]} for {@code Models.FashionAe}
 * @param isInterface whether the declaration is an interface (else an abstract class)
 * @param input the shape of the model input, the node named {@link #INPUT}
 * @param layers the layers in declaration order, at least one; each reads the input or earlier layers
 * @param pretrain the pretraining settings (annotation values or defaults)
 * @param pretrainDeclared whether {@code @Pretrain} is present, so {@code fit} pretrains
 * @param sources the model's inputs that layers read besides {@link #INPUT}, by node name, in order:
 *     a multimodal machine's modalities (its {@code input} is then their values side by side, as its
 *     trainer takes them); empty for the other kinds
 */
public record ModelCore(String packageName, List<String> simpleNames, boolean isInterface, Shape input,
        List<LayerSpec> layers, TrainingSpec pretrain, boolean pretrainDeclared, Map<String, Shape> sources) {
    /** The graph's name of the model input. */
    public static final String INPUT = "input";

    public ModelCore {
        Objects.requireNonNull(packageName, "packageName");
        simpleNames = List.copyOf(simpleNames);
        layers = List.copyOf(layers);
        sources = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sources));
        if (simpleNames.isEmpty() || layers.isEmpty()) {
            throw new IllegalArgumentException("a model needs a name and at least one layer");
        }
        Map<String, LayerSpec> seen = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            if (layer.index() != i) {
                throw new IllegalArgumentException(layer.name() + " is layer " + i + ", not " + layer.index());
            }
            for (String from : layer.inputs()) {
                if (!from.equals(INPUT) && !sources.containsKey(from) && !seen.containsKey(from)) {
                    throw new IllegalArgumentException(layer.name() + " reads " + from + ", which is not declared before it");
                }
            }
            if (layer.name().equals(INPUT) || sources.containsKey(layer.name()) || seen.put(layer.name(), layer) != null) {
                throw new IllegalArgumentException("two nodes are named " + layer.name());
            }
        }
    }

    /** A model of one input, {@link #INPUT}: every kind but the multimodal machine. */
    public ModelCore(String packageName, List<String> simpleNames, boolean isInterface, Shape input, List<LayerSpec> layers,
            TrainingSpec pretrain, boolean pretrainDeclared) {
        this(packageName, simpleNames, isInterface, input, layers, pretrain, pretrainDeclared, Map.of());
    }

    /** The layer named {@code name}. */
    public LayerSpec layer(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layer " + name));
    }

    /** The shape of the node named {@code name}: the model input or a layer. */
    public Shape shapeOf(String name) {
        return name.equals(INPUT) ? input : sources.containsKey(name) ? sources.get(name) : layer(name).shape();
    }

    /** The values a layer reads: the sizes of its inputs, summed. */
    public int fanIn(LayerSpec layer) {
        return layer.inputs().stream().mapToInt(n -> shapeOf(n).size()).sum();
    }

    /** The layer a chain layer reads, or null when it reads the model input. */
    public LayerSpec below(LayerSpec layer) {
        String from = layer.input();
        return from.equals(INPUT) ? null : layer(from);
    }

    /** Whether every layer reads the node declared just before it, as the chain kinds require. */
    public boolean isChain() {
        for (LayerSpec layer : layers) {
            String expected = layer.index() == 0 ? INPUT : layers.get(layer.index() - 1).name();
            if (!layer.inputs().equals(List.of(expected))) {
                return false;
            }
        }
        return true;
    }

    /** The declaration's name as written in source, nested names joined by dots: {@code Models.FashionAe}. */
    public String sourceName() {
        return String.join(".", simpleNames);
    }

    /** The declaration's qualified name: {@code org.example.Models.FashionAe}. */
    public String qualifiedName() {
        return packageName.isEmpty() ? sourceName() : packageName + "." + sourceName();
    }

    /** The flattened stem of generated names: {@code Models_FashionAe}. */
    public String flatName() {
        return String.join("_", simpleNames);
    }

    /** The last layer: the code of an autoencoder, the top layer of a Boltzmann machine. */
    public LayerSpec code() {
        return layers.get(layers.size() - 1);
    }

    /** Whether any layer is trained as an RBM. */
    public boolean hasRbmLayers() {
        return layers.stream().anyMatch(LayerSpec::isRbm);
    }
}
