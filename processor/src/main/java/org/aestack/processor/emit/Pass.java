package org.aestack.processor.emit;

import org.aestack.processor.model.LayerSpec;
import org.aestack.processor.model.Regularization;

/**
 * One training pass as the trainer runs it: fine-tuning, or the pretraining of one layer. Says
 * which regularization is on for each layer in this pass, and so which buffer each layer reads:
 * the layer below's outputs, after dropout if that layer drops in this pass, and then corrupted if
 * this layer's input is noised in this pass.
 */
final class Pass {
    private final Names names;
    private final int pretrained;

    private Pass(Names names, int pretrained) {
        this.names = names;
        this.pretrained = pretrained;
    }

    static Pass fineTune(Names names) {
        return new Pass(names, -1);
    }

    static Pass pretrain(Names names, LayerSpec layer) {
        return new Pass(names, layer.index());
    }

    /** The supervised pass: the encoders under the classifier head, without regularization. */
    static Pass supervised(Names names) {
        return new Pass(names, SUPERVISED);
    }

    private static final int SUPERVISED = -2;

    boolean pretraining() {
        return pretrained >= 0;
    }

    boolean supervised() {
        return pretrained == SUPERVISED;
    }

    /** The regularization on in this pass: in pretraining only the trained layer's, the others are frozen. */
    Regularization regularization(LayerSpec layer) {
        if (supervised()) {
            return Regularization.NONE;
        }
        if (!pretraining()) {
            return layer.fineTune();
        }
        return layer.index() == pretrained ? layer.pretrain() : Regularization.NONE;
    }

    /** The buffer holding what the layer passes on: its outputs, or them after dropout. */
    String emitted(LayerSpec layer) {
        return regularization(layer).dropout() > 0 ? Names.dropped(layer) : Names.output(layer);
    }

    /** The clean input of a layer: the model input, or what the layer below emitted. */
    String cleanInput(LayerSpec layer) {
        return layer.index() == 0 ? "input" : emitted(names.layer(layer.index() - 1));
    }

    /** What the layer reads: its clean input, or a corrupted copy when its input is noised in this pass. */
    String reads(LayerSpec layer) {
        return regularization(layer).noise() != null ? Names.corrupted(layer) : cleanInput(layer);
    }
}
