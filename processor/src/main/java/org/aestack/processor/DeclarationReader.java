package org.aestack.processor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/** The read stage: collects what the annotations on a type say, checking nothing. */
final class DeclarationReader {
    static final String DSL = "org.aestack.dsl.";
    static final Set<String> KINDS = Set.of(DSL + "Autoencoder", DSL + "BeliefNet", DSL + "BoltzmannMachine",
            DSL + "Multimodal");
    static final String MODALITY = DSL + "Modality";
    static final String ENCODER = DSL + "Encoder";
    static final String RBM_LAYER = DSL + "RBMLayer";
    static final String CONV = DSL + "Conv";
    static final String CONV_TRANSPOSE = DSL + "ConvTranspose";
    static final Set<String> LAYERS = Set.of(ENCODER, RBM_LAYER, CONV, CONV_TRANSPOSE);
    static final String PRETRAIN = DSL + "Pretrain";
    static final String FINE_TUNE = DSL + "FineTune";
    static final String SUPERVISED = DSL + "Supervised";
    static final String JOINT_TRAINING = DSL + "JointTraining";
    /** Regularizers, by simple name; each may sit on the type or on a layer method. */
    static final Set<String> REGULARIZERS = Set.of(DSL + "Sparse", DSL + "Denoising", DSL + "Contractive", DSL + "Dropout");

    private final Elements elements;

    DeclarationReader(Elements elements) {
        this.elements = elements;
    }

    Declaration read(TypeElement type) {
        List<Mirror> kinds = new ArrayList<>();
        Mirror pretrain = null;
        Mirror fineTune = null;
        Mirror supervised = null;
        Mirror jointTraining = null;
        for (AnnotationMirror a : type.getAnnotationMirrors()) {
            String name = qualifiedName(a);
            if (KINDS.contains(name)) {
                kinds.add(new Mirror(a, elements));
            } else if (name.equals(PRETRAIN)) {
                pretrain = new Mirror(a, elements);
            } else if (name.equals(FINE_TUNE)) {
                fineTune = new Mirror(a, elements);
            } else if (name.equals(SUPERVISED)) {
                supervised = new Mirror(a, elements);
            } else if (name.equals(JOINT_TRAINING)) {
                jointTraining = new Mirror(a, elements);
            }
        }
        List<ExecutableElement> stray = new ArrayList<>();
        List<Declaration.LayerMethod> layers = layerMethods(type, stray);
        List<Declaration.ModalityType> modalities = new ArrayList<>();
        for (TypeElement member : ElementFilter.typesIn(type.getEnclosedElements())) {
            Mirror modality = annotation(member, MODALITY);
            if (modality != null) {
                modalities.add(new Declaration.ModalityType(member, modality, layerMethods(member, stray),
                        otherAbstract(member)));
            }
        }
        return new Declaration(type, kinds, pretrain, fineTune, supervised, jointTraining, regularizers(type), layers,
                otherAbstract(type), stray, modalities);
    }

    /** The methods declared in {@code type} with a layer annotation; those with only regularizers go to {@code stray}. */
    private List<Declaration.LayerMethod> layerMethods(TypeElement type, List<ExecutableElement> stray) {
        List<Declaration.LayerMethod> layers = new ArrayList<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            Mirror encoder = annotation(method, ENCODER);
            Mirror rbm = annotation(method, RBM_LAYER);
            Mirror conv = annotation(method, CONV);
            Mirror convTranspose = annotation(method, CONV_TRANSPOSE);
            Map<String, Mirror> regularizers = regularizers(method);
            if (encoder != null || rbm != null || conv != null || convTranspose != null) {
                layers.add(new Declaration.LayerMethod(method, encoder, rbm, conv, convTranspose, regularizers));
            } else if (!regularizers.isEmpty()) {
                stray.add(method);
            }
        }
        return layers;
    }

    /** The abstract methods of {@code type}, inherited ones included, that carry no layer annotation. */
    private List<ExecutableElement> otherAbstract(TypeElement type) {
        List<ExecutableElement> otherAbstract = new ArrayList<>();
        for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(type))) {
            if (method.getModifiers().contains(Modifier.ABSTRACT) && layerAnnotation(method, elements) == null
                    && !isObjectMethod(method)) {
                otherAbstract.add(method);
            }
        }
        return otherAbstract;
    }

    /** The regularizer annotations on an element, by simple name. */
    private Map<String, Mirror> regularizers(Element element) {
        Map<String, Mirror> found = new LinkedHashMap<>();
        for (AnnotationMirror a : element.getAnnotationMirrors()) {
            if (REGULARIZERS.contains(qualifiedName(a))) {
                Mirror m = new Mirror(a, elements);
                found.put(m.simpleName(), m);
            }
        }
        return found;
    }

    private Mirror annotation(Element method, String name) {
        for (AnnotationMirror a : method.getAnnotationMirrors()) {
            if (qualifiedName(a).equals(name)) {
                return new Mirror(a, elements);
            }
        }
        return null;
    }

    /** The method's layer annotation, or null. */
    static Mirror layerAnnotation(Element method, Elements elements) {
        for (AnnotationMirror a : method.getAnnotationMirrors()) {
            if (LAYERS.contains(qualifiedName(a))) {
                return new Mirror(a, elements);
            }
        }
        return null;
    }

    static String qualifiedName(AnnotationMirror a) {
        return ((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().toString();
    }

    /** Interfaces may redeclare Object's public methods abstractly; every class implements them already. */
    private static boolean isObjectMethod(ExecutableElement method) {
        String name = method.getSimpleName().toString();
        var parameters = method.getParameters();
        if (parameters.isEmpty()) {
            return name.equals("toString") || name.equals("hashCode");
        }
        return name.equals("equals") && parameters.size() == 1
                && parameters.get(0).asType().toString().equals("java.lang.Object");
    }
}
