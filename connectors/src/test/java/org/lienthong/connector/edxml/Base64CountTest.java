package org.lienthong.connector.edxml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The streaming base64 check agrees with the JDK decoder, however the text is cut into chunks. */
class Base64CountTest {

    @Test
    void countsWhatTheJdkDecodes() {
        Random random = new Random(7);
        for (int size = 0; size < 200; size++) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            for (String text : new String[] {Base64.getEncoder().encodeToString(data),
                    Base64.getMimeEncoder().encodeToString(data), Base64.getMimeEncoder(4, "\r\n".getBytes())
                    .encodeToString(data)}) {
                for (int chunk : new int[] {1, 3, 7, 1024}) {
                    assertThat(count(text, chunk)).as("size %d in chunks of %d", size, chunk).isEqualTo(size);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "QUJD         | 3",
            "QUI=         | 2",
            "QQ==         | 1",
            "' QQ = = '   | 1",
            "''           | 0",
            "'\t\r\n'     | 0",
    })
    void accepts(String text, long bytes) {
        assertThat(count(text, 2)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "QUJ          | cut short",
            "QUJDQ        | cut short",
            "Q===         | '=' padding in the wrong place at character 2",
            "=QUJ         | '=' padding in the wrong place at character 1",
            "QQ==QUJD     | text after the closing '=' padding at character 5",
            "QQ=A         | text after the closing '=' padding at character 4",
            "QU-D         | '-' at character 3 is not a base64 character",
            "QU_D         | '_' at character 3 is not a base64 character",
            "QUĐD         | the character U+0110 at character 3 is not a base64 character",
    })
    void refuses(String text, String problem) {
        Base64Count count = new Base64Count();
        char[] chars = text.toCharArray();
        String found = count.accept(chars, 0, chars.length);
        if (found == null) {
            found = count.finish();
        }
        assertThat(found).contains(problem);
    }

    private static long count(String text, int chunk) {
        Base64Count count = new Base64Count();
        char[] chars = text.toCharArray();
        for (int start = 0; start < chars.length; start += chunk) {
            assertThat(count.accept(chars, start, Math.min(chunk, chars.length - start))).isNull();
        }
        assertThat(count.finish()).isNull();
        return count.decodedBytes();
    }
}
