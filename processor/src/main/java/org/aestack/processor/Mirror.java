package org.aestack.processor;

import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * One annotation as written, with its values (defaults filled in) and the source value of each
 * element the user wrote, for reporting errors on it.
 */
final class Mirror {
    private final AnnotationMirror mirror;
    private final Map<? extends ExecutableElement, ? extends AnnotationValue> withDefaults;
    private final Map<? extends ExecutableElement, ? extends AnnotationValue> explicit;

    Mirror(AnnotationMirror mirror, Elements elements) {
        this.mirror = mirror;
        this.withDefaults = elements.getElementValuesWithDefaults(mirror);
        this.explicit = mirror.getElementValues();
    }

    AnnotationMirror annotation() {
        return mirror;
    }

    /** The annotation's simple name, e.g. "Encoder". */
    String simpleName() {
        return mirror.getAnnotationType().asElement().getSimpleName().toString();
    }

    /** The value the user wrote for {@code name}, or null where the default applies. */
    AnnotationValue source(String name) {
        for (var e : explicit.entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private Object value(String name) {
        for (var e : withDefaults.entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(name)) {
                return e.getValue().getValue();
            }
        }
        throw new IllegalArgumentException("@" + simpleName() + " has no element " + name);
    }

    int intValue(String name) {
        return ((Number) value(name)).intValue();
    }

    double doubleValue(String name) {
        return ((Number) value(name)).doubleValue();
    }

    boolean booleanValue(String name) {
        return (Boolean) value(name);
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        return Enum.valueOf(type, ((VariableElement) value(name)).getSimpleName().toString());
    }
}
