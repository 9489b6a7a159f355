package dev.distributor.common.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextsTest {

    @ParameterizedTest(name = "[{index}] U+{0}")
    @ValueSource(ints = {0x00, 0x07, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9F, 0x061C, 0x200E, 0x200F,
            0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0xD800, 0xDC00})
    void givenAControlABidiControlOrHalfASurrogatePair_thenAOneLineFieldRefusesItNamingTheField(int codePoint) {
        String text = "abc" + (char) codePoint + "def";

        assertThatThrownBy(() -> Texts.oneLine("publisher", text, 256))
                .isInstanceOfSatisfying(DistributorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.details()).containsEntry("field", "publisher");
                    assertThat(e.getMessage()).contains(String.format("U+%04X", codePoint), "at character 3");
                });
    }

    @Test
    void givenTabAndLineFeed_thenADescriptionTakesThem_butNotCarriageReturnOrEscape() {
        assertThat(Texts.description("description", "Line one\n\tindented", 1024)).isEqualTo("Line one\n\tindented");

        assertThatThrownBy(() -> Texts.description("description", "over\rwritten", 1024))
                .hasMessageContaining("U+000D");
        assertThatThrownBy(() -> Texts.description("description", "\u001b[2J", 1024))
                .hasMessageContaining("U+001B");
    }

    @Test
    void givenPrintableUnicodeAndPairedSurrogates_thenTheTextPassesUnchanged() {
        String text = "Zoë 漢字 🚀 — ok";

        assertThat(Texts.oneLine("publisher", text, 256)).isSameAs(text);
        assertThat(Texts.oneLine("publisher", null, 256)).isNull();
    }

    @Test
    void givenTextLongerThanTheLimit_thenItIsRefusedWithTheLimit() {
        assertThatThrownBy(() -> Texts.oneLine("publisher", "x".repeat(257), 256))
                .hasMessage("publisher must be at most 256 characters.");
    }

    @Test
    void givenTheVersionNamesDotAndDotDot_thenNamesRefusesThem_andQuotesHostileNamesHarmlessly() {
        for (String name : new String[]{".", ".."}) {
            assertThatThrownBy(() -> Names.versionName("version", name))
                    .isInstanceOfSatisfying(DistributorException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_NAME));
        }
        assertThat(Names.versionName("version", "1..2")).isEqualTo("1..2");
        assertThatThrownBy(() -> Names.packageName("name", "ab\u0000\u202Ecd"))
                .hasMessageContaining("'abU+0000U+202Ecd'")
                .message().doesNotContain("\u0000", "\u202E");
    }
}
