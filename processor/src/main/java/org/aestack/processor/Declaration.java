package org.aestack.processor;

import java.util.List;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * What the read stage found on one annotated type, before any rule is checked: its model-kind
 * annotations, its training annotations, and its methods that matter. Lives for one round only.
 *
 * @param type the annotated type
 * @param kinds the model-kind annotations present (one, unless the declaration is wrong)
 * @param pretrain {@code @Pretrain}, or null
 * @param fineTune {@code @FineTune}, or null
 * @param supervised {@code @Supervised}, or null
 * @param jointTraining {@code @JointTraining}, or null
 * @param regularizers the regularizer annotations on the type, by simple name ("Sparse", …)
 * @param layers the methods declared in the type that carry a layer annotation, in source order
 * @param otherAbstract the type's abstract methods that carry no layer annotation, inherited ones included
 * @param strayRegularizers methods with a regularizer annotation but no layer annotation
 * @param modalities the member types annotated {@code @Modality}, in source order: a multimodal
 *     machine's pathways
 */
record Declaration(
        TypeElement type,
        List<Mirror> kinds,
        Mirror pretrain,
        Mirror fineTune,
        Mirror supervised,
        Mirror jointTraining,
        Map<String, Mirror> regularizers,
        List<LayerMethod> layers,
        List<ExecutableElement> otherAbstract,
        List<ExecutableElement> strayRegularizers,
        List<ModalityType> modalities) {

    /**
     * A member type annotated {@code @Modality}: its annotation, its layer methods in source order,
     * and its abstract methods without a layer annotation (inherited ones included).
     */
    record ModalityType(TypeElement type, Mirror modality, List<LayerMethod> layers, List<ExecutableElement> otherAbstract) {
        /** The modality's name: the type's simple name with a lower-case first letter. */
        String name() {
            String simple = type.getSimpleName().toString();
            return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
        }
    }

    /**
     * A method with a layer annotation: its {@code @Encoder}, {@code @RBMLayer}, {@code @Conv} and
     * {@code @ConvTranspose} (any may be null, not all), and its regularizer annotations by simple name.
     */
    record LayerMethod(ExecutableElement method, Mirror encoder, Mirror rbm, Mirror conv, Mirror convTranspose,
            Map<String, Mirror> regularizers) {
        /** The annotation that declares the layer: {@code @Encoder} where present. */
        Mirror annotation() {
            return encoder != null ? encoder : rbm != null ? rbm : conv != null ? conv : convTranspose;
        }

        /** Whether the layer is a convolution or a transposed one. */
        boolean convolutional() {
            return conv != null || convTranspose != null;
        }

        String name() {
            return method.getSimpleName().toString();
        }
    }

    /** The model-kind annotation, when there is exactly one. */
    Mirror kind() {
        return kinds.get(0);
    }
}
