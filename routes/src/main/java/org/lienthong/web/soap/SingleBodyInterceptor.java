package org.lienthong.web.soap;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.wsdl.interceptors.DocLiteralInInterceptor;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;

/**
 * Refuses a SOAP request with anything after its operation element: a second operation in the body, or a second
 * {@code soap:Body}. CXF reads the first operation and would run it, ignoring the rest (an envelope two parsers
 * could read differently). Runs after the operation's parameters are read and before the service is invoked, by
 * reading what is left of the envelope: only end tags and blanks may follow.
 */
public final class SingleBodyInterceptor extends AbstractPhaseInterceptor<Message> {

    public SingleBodyInterceptor() {
        super(Phase.UNMARSHAL);
        addAfter(DocLiteralInInterceptor.class.getName());
    }

    @Override
    public void handleMessage(Message message) {
        XMLStreamReader reader = message.getContent(XMLStreamReader.class);
        if (reader == null) {
            return;
        }
        try {
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    throw new Fault(new ProblemException(Problem.INVALID_REQUEST, "Body".equals(reader.getLocalName())
                            ? "the envelope has more than one SOAP Body" : "the SOAP Body holds more than one operation"));
                }
                if ((event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) && !reader.isWhiteSpace()) {
                    throw new Fault(new ProblemException(Problem.INVALID_REQUEST, "text after the SOAP operation"));
                }
                if (event == XMLStreamConstants.END_DOCUMENT) {
                    break;
                }
            }
        } catch (XMLStreamException e) {
            throw new Fault(new ProblemException(Problem.INVALID_XML, "the SOAP envelope is not well-formed XML"));
        }
    }
}
