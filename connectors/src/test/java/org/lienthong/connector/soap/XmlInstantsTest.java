package org.lienthong.connector.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class XmlInstantsTest {

    @ParameterizedTest
    @CsvSource({
            "2025-03-14T08:30:00Z, 2025-03-14T08:30:00Z",
            "2025-03-14T15:30:00+07:00, 2025-03-14T08:30:00Z",
            "2025-03-14T15:30:00.250+07:00, 2025-03-14T08:30:00.250Z",
            "2025-03-14T08:30:00, 2025-03-14T08:30:00Z",
            "' 2025-03-14T08:30:00Z ', 2025-03-14T08:30:00Z"})
    void readsXsDateTimeWithOrWithoutAnOffset(String text, String expected) {
        assertThat(XmlInstants.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"14/03/2025", "2025-03-14", "hôm qua", ""})
    void refusesWhatIsNotAnXsDateTime(String text) {
        assertThatThrownBy(() -> XmlInstants.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an xs:dateTime");
    }

    @org.junit.jupiter.api.Test
    void writesUtc() {
        assertThat(XmlInstants.print(Instant.parse("2025-03-14T08:30:00Z"))).isEqualTo("2025-03-14T08:30:00Z");
        assertThat(XmlInstants.print(null)).isNull();
        assertThat(XmlInstants.parse(null)).isNull();
    }
}
