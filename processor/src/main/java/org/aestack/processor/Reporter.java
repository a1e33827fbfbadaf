package org.aestack.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Reports errors through the {@link Messager} on the element, annotation and annotation value at
 * fault, so the compiler's caret lands on {@code units = 0}; remembers whether anything was reported.
 */
final class Reporter {
    private final Messager messager;
    private int errors;

    Reporter(Messager messager) {
        this.messager = messager;
    }

    void error(Message message, Element element, Object... args) {
        error(message, element, null, null, args);
    }

    void error(Message message, Element element, AnnotationMirror annotation, Object... args) {
        error(message, element, annotation, null, args);
    }

    void error(Message message, Element element, AnnotationMirror annotation, AnnotationValue value, Object... args) {
        errors++;
        messager.printMessage(Diagnostic.Kind.ERROR, message.format(args), element, annotation, value);
    }

    /** The number of errors reported so far. */
    int errors() {
        return errors;
    }
}
