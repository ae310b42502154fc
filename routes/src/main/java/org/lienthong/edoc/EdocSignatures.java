package org.lienthong.edoc;

import java.nio.file.Path;

import org.lienthong.registry.Agency;
import org.lienthong.web.ProblemException;

/**
 * Checks the enveloped XML signature of a received edXML file against what the sending agency may sign
 * with; refuses with {@code INVALID_SIGNATURE} (422) otherwise.
 */
public interface EdocSignatures {

    void check(Path edxml, Agency sender) throws ProblemException;
}
