package org.aestack.processor.model;

import java.util.List;
import java.util.Objects;
import org.aestack.dsl.UnitType;

/**
 * One pathway of a multimodal machine, from a {@code @Modality} member type.
 *
 * @param name the modality's node name in the graph: the type's simple name, first letter lower-case
 * @param typeName the member type's simple name, e.g. {@code Image}
 * @param input the visible units
 * @param visible the visible units' kind, from the first layer's {@code @RBMLayer(visible)}
 * @param layers the pathway's hidden layers from the visible units up, at least one; the first reads
 *     {@code name}, each other the one before it. Their names in the graph join the modality's and
 *     the method's: {@code Image.low()} is {@code imageLow}
 * @param methods the layer methods' own names, in the order of {@code layers}
 * @param length the document length D of replicated softmax visible units; 0 for the other kinds
 */
public record ModalitySpec(String name, String typeName, int input, UnitType visible, List<LayerSpec> layers,
        List<String> methods, int length) {
    public ModalitySpec {
        Objects.requireNonNull(name, "name");
        layers = List.copyOf(layers);
        methods = List.copyOf(methods);
        if ((visible == UnitType.REPLICATED_SOFTMAX) != (length > 0)) {
            throw new IllegalArgumentException(name + ": a document length goes with word counts, and only with them");
        }
        if (input < 1 || layers.isEmpty() || methods.size() != layers.size()) {
            throw new IllegalArgumentException(name + ": a pathway has visible units and at least one layer");
        }
        String below = name;
        for (LayerSpec layer : layers) {
            if (!layer.inputs().equals(List.of(below)) || !layer.isRbm()) {
                throw new IllegalArgumentException(name + ": a pathway is a chain of RBM layers from its visible units");
            }
            below = layer.name();
        }
    }

    /** The name of the declared method of one of the pathway's layers: {@code low} for {@code imageLow}. */
    public String method(LayerSpec layer) {
        return methods.get(layers.indexOf(layer));
    }

    /** The pathway's top layer, which the joint layer reads. */
    public LayerSpec top() {
        return layers.get(layers.size() - 1);
    }
}
