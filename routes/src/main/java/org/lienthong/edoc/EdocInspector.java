package org.lienthong.edoc;

import java.nio.file.Path;

import org.lienthong.web.ProblemException;

/**
 * Reads and validates a received edXML file without holding it in memory. Refusals are
 * {@link ProblemException}s: {@code INVALID_XML} for what is not well-formed or safe XML,
 * {@code INVALID_MESSAGE} for a structure the bus cannot route, naming the offending element.
 */
public interface EdocInspector {

    EdocPackage inspect(Path edxml) throws ProblemException;
}
