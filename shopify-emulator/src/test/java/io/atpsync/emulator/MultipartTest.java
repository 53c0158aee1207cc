package io.atpsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The staged upload's form parser (RFC 7578 multipart/form-data), as clients post to Shopify's upload targets. */
class MultipartTest {

    private static final String B = "----b0undary";

    private static Map<String, byte[]> parse(String body) {
        return StagedUploads.Multipart.parse(body.getBytes(StandardCharsets.ISO_8859_1), B);
    }

    @Test
    void shouldReadTextFieldsAndAFileWithItsLineBreaksIntact() {
        Map<String, byte[]> fields = parse("--" + B + "\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\n"
                + "tmp/1/bulk/x/vars.jsonl\r\n--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; "
                + "filename=\"vars.jsonl\"\r\nContent-Type: text/jsonl\r\n\r\n{\"a\":1}\n{\"a\":2}\n\r\n--" + B
                + "--\r\n");

        assertThat(new String(fields.get("key"), StandardCharsets.UTF_8)).isEqualTo("tmp/1/bulk/x/vars.jsonl");
        assertThat(new String(fields.get("file"), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}\n{\"a\":2}\n");
    }

    @Test
    void shouldKeepAnEmptyFieldAndIgnoreWhatFollowsTheClosingDelimiter() {
        Map<String, byte[]> fields = parse("--" + B + "\r\nContent-Disposition: form-data; name=\"acl\"\r\n\r\n\r\n--"
                + B + "--\r\ntrailing epilogue");

        assertThat(fields).containsOnlyKeys("acl");
        assertThat(fields.get("acl")).isEmpty();
    }

    @Test
    void shouldFindNothingInABodyWithoutTheBoundary() {
        assertThat(parse("just text, no form")).isEmpty();
    }
}
