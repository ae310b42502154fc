package org.lienthong.connector.edxml;

/**
 * Checks base64 text chunk by chunk and counts the bytes it decodes to, without decoding or keeping it:
 * an attachment of hundreds of MB passes through in constant memory. Whitespace (line breaks, CR from
 * {@code &#13;}, spaces, tabs) is ignored, as MIME base64 wraps lines; padding must close the text.
 */
final class Base64Count {

    private static final boolean[] ALPHABET = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            ALPHABET[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            ALPHABET[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            ALPHABET[c] = true;
        }
        ALPHABET['+'] = true;
        ALPHABET['/'] = true;
    }

    private long decoded;
    private long offset;
    private int inGroup;
    private int padding;
    private boolean closed;

    /** Takes the next chunk; returns why it is not base64, or null when it is so far. */
    String accept(char[] text, int start, int length) {
        int end = start + length;
        for (int i = start; i < end; i++) {
            char c = text[i];
            offset++;
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                continue;
            }
            if (closed) {
                return "text after the closing '=' padding at character " + offset;
            }
            if (c == '=') {
                if (inGroup < 2) {
                    return "'=' padding in the wrong place at character " + offset;
                }
                padding++;
            } else if (c < 128 && ALPHABET[c]) {
                if (padding > 0) {
                    return "text after the closing '=' padding at character " + offset;
                }
            } else {
                return describe(c) + " at character " + offset + " is not a base64 character";
            }
            if (++inGroup == 4) {
                decoded += 3 - padding;
                inGroup = 0;
                closed = padding > 0;
            }
        }
        return null;
    }

    /** Call at the end of the text; returns why it is not base64, or null. */
    String finish() {
        if (inGroup != 0) {
            return "the base64 text is cut short (its length without line breaks is not a multiple of 4)";
        }
        return null;
    }

    /** Bytes the text decodes to (complete once {@link #finish()} passed). */
    long decodedBytes() {
        return decoded;
    }

    private static String describe(char c) {
        if (c < 0x20 || c == 0x7f || Character.isWhitespace(c) || c > 0x7e) {
            return String.format("the character U+%04X", (int) c);
        }
        return "'" + c + "'";
    }
}
