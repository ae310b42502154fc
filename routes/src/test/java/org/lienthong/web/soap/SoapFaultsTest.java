package org.lienthong.web.soap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lienthong.web.Problem;

/** What a caller may read in a fault message. */
class SoapFaultsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "Chữ ký số của gói tin không hợp lệ",
            "limit must be between 1 and 1000",
            "Maximum Element Depth limit (32) Exceeded",
            "unexpected element (uri:\"urn:lienthong:edoc:v1\", local:\"x\"). Expected elements are <{urn:lienthong:edoc:v1}limit>",
            "the package names no recipient 000.00.01.H29"})
    void messagesForTheCallerPassUnchanged(String message) {
        assertThat(SoapFaults.safe(message, Problem.INVALID_REQUEST)).isEqualTo(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "java.lang.NullPointerException: Cannot invoke \"String.length()\"",
            "failed in org.lienthong.store.ContentStore",
            "could not write /var/lib/lienthong/content/ab/cd",
            "open 'C:\\lienthong\\data' failed",
            "   ",
            ""})
    void messagesThatLookLikeInternalsAreReplacedByTheProblemTitle(String message) {
        assertThat(SoapFaults.safe(message, Problem.INTERNAL)).isEqualTo(Problem.INTERNAL.title());
    }

    @Test
    void longMessagesAreCut() {
        assertThat(SoapFaults.safe("á".repeat(2000), Problem.INVALID_REQUEST)).hasSize(501);
    }
}
