package org.aestack.processor.emit;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.aestack.processor.model.LayerSpec;
import org.aestack.processor.model.ModelSpec;

/**
 * Finds the layers whose names make generated code declare a member twice: a layer named
 * {@code parameters} would give the model a second {@code parameters()}, one named
 * {@code declaration} a second {@code DECLARATION}. Nothing here lists names: the members are read
 * off the types the emitter writes for the model itself, and the methods the model inherits
 * ({@code Object}'s and its supertypes') off the compiler's view of those types, so whatever an
 * emitter or a runtime interface adds is covered.
 */
public final class MemberClashes {
    private MemberClashes() {}

    /**
     * A member declared twice in a generated type because of a layer's name.
     *
     * @param layer the layer whose name makes it
     * @param type the generated type: {@code FashionAeModel}, {@code FashionAeTrainer.Builder}
     * @param member the member as Java writes it: {@code DECLARATION}, {@code parameters()}
     */
    public record Clash(LayerSpec layer, String type, String member) {}

    /**
     * The clashes in {@code files}, the sources emitted for {@code spec}. {@code inherited} gives the
     * signatures ({@code name(ParamType, …)}) of the methods a type of that qualified name has, declared
     * or inherited: the generated model inherits those of {@code Object} and of its supertypes, and a
     * layer method {@code Layer name()} may not take one of their signatures.
     */
    public static List<Clash> find(ModelSpec spec, List<JavaFile> files, Function<String, Set<String>> inherited) {
        Set<Clash> clashes = new LinkedHashSet<>();
        for (JavaFile file : files) {
            duplicates(spec, file.typeSpec(), file.typeSpec().name(), clashes);
        }
        for (JavaFile file : files) {
            if (!file.typeSpec().name().equals(spec.modelClassName())) {
                continue;
            }
            Set<String> supertypes = new LinkedHashSet<>(inherited.apply(Object.class.getName()));
            for (TypeName t : file.typeSpec().superinterfaces()) {
                supertypes.addAll(inherited.apply(t.toString()));
            }
            for (LayerSpec layer : spec.declaredLayers()) {
                if (supertypes.contains(layer.name() + "()")) {
                    clashes.add(new Clash(layer, file.typeSpec().name(), layer.name() + "()"));
                }
            }
        }
        return List.copyOf(clashes);
    }

    /** Members declared twice in {@code type} or its nested types. */
    private static void duplicates(ModelSpec spec, TypeSpec type, String typeName, Set<Clash> clashes) {
        Map<String, Integer> members = new HashMap<>();
        for (FieldSpec f : type.fieldSpecs()) {
            members.merge(f.name(), 1, Integer::sum);
        }
        for (MethodSpec m : type.methodSpecs()) {
            if (!m.isConstructor()) {
                members.merge(signature(m), 1, Integer::sum);
            }
        }
        for (var e : members.entrySet()) {
            LayerSpec layer = e.getValue() > 1 ? culprit(spec, e.getKey()) : null;
            if (layer != null) {
                clashes.add(new Clash(layer, typeName, e.getKey()));
            }
        }
        for (TypeSpec nested : type.typeSpecs()) {
            duplicates(spec, nested, typeName + "." + nested.name(), clashes);
        }
    }

    /** {@code name(ParamType, …)}, the part of a method Java keeps distinct; a field is its name. */
    static String signature(MethodSpec m) {
        return m.name() + m.parameters().stream().map((ParameterSpec p) -> p.type().toString())
                .collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * The layer whose name appears in the member, as written ({@code hidden}), capitalized
     * ({@code reconstructedHidden}) or as a constant ({@code HIDDEN}); the longest name where several do.
     */
    private static LayerSpec culprit(ModelSpec spec, String member) {
        String name = member.contains("(") ? member.substring(0, member.indexOf('(')) : member;
        LayerSpec best = null;
        for (LayerSpec layer : spec.declaredLayers()) {
            boolean appears = name.contains(layer.name()) || name.contains(Names.capitalize(layer.name()))
                    || name.contains(Names.constant(layer));
            if (appears && (best == null || layer.name().length() > best.name().length())) {
                best = layer;
            }
        }
        return best;
    }
}
