package org.lienthong.trail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonalDataTest {

    @Test
    void namesBecomeInitials() {
        assertThat(PersonalData.maskName("Lê Văn C")).isEqualTo("L. V. C.");
        assertThat(PersonalData.maskName("  nguyễn   thị  ánh ")).isEqualTo("N. T. Á.");
        // decomposed input (NFD) gives the same composed initial
        assertThat(PersonalData.maskName("A\u0301nh")).isEqualTo("Á.");
        assertThat(PersonalData.maskName(null)).isEqualTo("-");
    }

    @Test
    void phonesKeepTheirLastThreeDigits() {
        assertThat(PersonalData.maskPhone("0912345678")).isEqualTo("*******678");
        assertThat(PersonalData.maskPhone("+84 912-345-678")).isEqualTo("********678").doesNotContain("912");
        assertThat(PersonalData.maskPhone("12")).isEqualTo("***");
        assertThat(PersonalData.maskPhone("")).isEqualTo("-");
    }

    @Test
    void emailsKeepTheirFirstCharacterAndDomain() {
        assertThat(PersonalData.maskEmail("levanc@example.vn")).isEqualTo("l***@example.vn");
        assertThat(PersonalData.maskEmail("ánh.nguyen@gov.vn")).isEqualTo("á***@gov.vn");
        assertThat(PersonalData.maskEmail("not-an-address")).isEqualTo("***");
        assertThat(PersonalData.maskEmail(null)).isEqualTo("-");
    }

    @Test
    void oneLineForTheTrail() {
        String line = PersonalData.maskedContact("Lê Văn C", "0912345678", "levanc@example.vn");
        assertThat(line).isEqualTo("L. V. C., phone *******678, e-mail l***@example.vn")
                .doesNotContain("Lê Văn", "0912345678", "levanc");
    }
}
