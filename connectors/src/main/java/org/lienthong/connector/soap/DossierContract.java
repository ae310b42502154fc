package org.lienthong.connector.soap;

import java.net.URL;
import java.util.Objects;

import javax.xml.namespace.QName;

import org.lienthong.connector.soap.dossier.contract.DossierPortType;
import org.lienthong.connector.soap.dossier.contract.DossierService;

/**
 * The dossier (TTHC) SOAP contract ({@code wsdl/dossier.wsdl}, namespace {@value #NAMESPACE}) in one place: what the
 * bus serves at {@code /services/dossier} ({@link DossierPortType}, service {@link #SERVICE}, port {@link #PORT}) for
 * provincial systems that report dossier records ({@code syncDossiers}, the portal's {@code DongBoHoSoMC}: one
 * {@value #RECORD} element each) and progress updates ({@code updateProgress}, {@code CapNhatTienDoHoSoMC}: one
 * {@value #PROGRESS} element each). A record's and an update's child elements carry the portal's field names
 * ({@link org.lienthong.connector.dossier.DossierFields}), all as text; a record's lists hold {@value #ITEM} items of
 * {@value #PAIR} name/value pairs.
 *
 * <p>The JAX-WS classes are generated from the WSDL into {@code org.lienthong.connector.soap.dossier.contract}, with
 * bare parameters: each operation takes its request element and returns the {@code BatchResult}.
 */
public final class DossierContract {

    /** Target namespace of the WSDL and its types. */
    public static final String NAMESPACE = "urn:lienthong:dossier:v1";
    /** Where the WSDL is on the classpath. */
    public static final String WSDL_RESOURCE = "wsdl/dossier.wsdl";
    /** The same, as a CXF/Spring location. */
    public static final String WSDL_LOCATION = "classpath:" + WSDL_RESOURCE;
    /** The bus's service ({@link DossierPortType}). */
    public static final QName SERVICE = DossierService.SERVICE;
    public static final QName PORT = DossierService.DossierPort;
    /** The fault detail element: {@code <dossierFault><code/><message/></dossierFault>}. */
    public static final QName FAULT_DETAIL = new QName(NAMESPACE, "dossierFault");
    /** Element of one dossier record in {@code syncDossiers}, and its name in a rejection's {@code where}. */
    public static final String RECORD = "HoSo";
    /** Element of one progress update in {@code updateProgress}, and its name in a rejection's {@code where}. */
    public static final String PROGRESS = "TienDo";
    /** Element of one item of a record's list. */
    public static final String ITEM = "Muc";
    /** Element of one name ({@code Ten}) / value ({@code GiaTri}) pair of an item. */
    public static final String PAIR = "Truong";

    private DossierContract() {
    }

    /** The WSDL on the classpath. */
    public static URL wsdl() {
        return Objects.requireNonNull(DossierContract.class.getClassLoader().getResource(WSDL_RESOURCE),
                "the dossier WSDL is missing from the classpath: " + WSDL_RESOURCE);
    }
}
