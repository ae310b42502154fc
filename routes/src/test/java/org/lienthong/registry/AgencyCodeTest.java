package org.lienthong.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgencyCodeTest {

    private static final String LONGEST = "A01.02.03.04.05.06.07.08.09.10.11.1";
    private static final String TOO_LONG = "A01.02.03.04.05.06.07.08.09.10.11.12";

    @ParameterizedTest
    @ValueSource(strings = {
            "000.00.00.G22", "000.00.00.H41", "999.99.99.Z99", "123.45.67.A00",  // legacy ddd.dd.dd.Ldd
            "H41", "H41.15", "G22.01.03", "A00", "Y99", "H41.A", "H41.00001", "X12.ABC.9", LONGEST})
    void valid(String code) {
        assertThat(AgencyCode.isValid(code)).isTrue();
        assertThat(AgencyCode.problem(code)).isEmpty();
    }

    @Test
    void theBoundaryIs35Characters() {
        assertThat(LONGEST).hasSize(35);
        assertThat(TOO_LONG).hasSize(36);
        assertThat(AgencyCode.isValid(LONGEST)).isTrue();
        assertThat(AgencyCode.problem(TOO_LONG)).hasValueSatisfying(why -> assertThat(why).contains("36 characters"));
    }

    @Test
    void legacyFormIsRecognised() {
        assertThat(AgencyCode.isLegacy("000.00.00.H41")).isTrue();
        assertThat(AgencyCode.isLegacy("H41.15")).isFalse();
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\"\"              | empty",
            "\"   \"           | blank",
            "\" H41\"          | leading or trailing spaces",
            "Z01               | first group 'Z01'",
            "Z01.01            | first group 'Z01'",
            "H4                | first group 'H4'",
            "H411.15           | first group 'H411'",
            "41H               | first group '41H'",
            "HH1               | first group 'HH1'",
            "h41               | upper case",
            "h41.15            | write H41.15",
            "000.00.00.h41     | write 000.00.00.H41",
            "abc               | lower-case letter 'a'",
            "H41..15           | empty group",
            ".H41              | empty group",
            "H41.              | empty group",
            "H41 15            | a space",
            "H41-15            | '-' at position 4",
            "Đ41               | 'Đ' at position 1",
            "000.00.00.H4      | ddd.dd.dd.Ldd",
            "000.00.00.H411    | ddd.dd.dd.Ldd",
            "0000.00.00.H41    | ddd.dd.dd.Ldd",
            "000.00.00.141     | ddd.dd.dd.Ldd",
            "000.000.00.H41    | ddd.dd.dd.Ldd",
    })
    void invalid(String code, String why) {
        assertThat(AgencyCode.isValid(code)).isFalse();
        assertThat(AgencyCode.problem(code)).hasValueSatisfying(problem -> assertThat(problem).contains(why));
    }

    @Test
    void nullIsInvalid() {
        assertThat(AgencyCode.isValid(null)).isFalse();
        assertThat(AgencyCode.problem(null)).contains("the code is empty");
    }

    @Test
    void codesCompareExactly() {
        assertThat(AgencyCode.isValid("H41.15")).isTrue();
        assertThat(AgencyCode.isValid("h41.15")).isFalse();
    }
}
