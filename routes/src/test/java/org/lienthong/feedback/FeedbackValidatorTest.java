package org.lienthong.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.text.Normalizer;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;

/** {@link FeedbackValidator}: the optional channel and regulation of an item. */
class FeedbackValidatorTest {

    private static final String PROCEDURE = "Cấp giấy phép xây dựng nhà ở riêng lẻ";

    private static Feedback item(String channel, Feedback.Regulation regulation) {
        return new Feedback("pakn-2026-000125", "Đề nghị rút ngắn thời hạn cấp giấy phép xây dựng",
                "Thời hạn 15 ngày làm việc là quá dài.", "000.00.00.H41", "xay-dung",
                new Feedback.Citizen("Trần Văn E", "0987654321", null), OffsetDateTime.parse("2026-11-22T10:30:00+07:00"),
                List.of(), channel, regulation);
    }

    private static String refusal(Feedback feedback) {
        ProblemException refusal = catchThrowableOfType(ProblemException.class, () -> FeedbackValidator.check(feedback));
        assertThat(refusal).isNotNull();
        assertThat(refusal.problem()).isEqualTo(Problem.INVALID_MESSAGE);
        return refusal.getMessage();
    }

    @Test
    void anItemWithoutChannelOrRegulationStaysWithout() {
        Feedback checked = FeedbackValidator.check(item(null, null));

        assertThat(checked.channel()).isNull();
        assertThat(checked.regulation()).isNull();
    }

    @Test
    void theChannelAndRegulationAreKeptTrimmedAndTheNameNormalisedToNfc() {
        String decomposed = Normalizer.normalize(PROCEDURE, Normalizer.Form.NFD);
        assertThat(decomposed).isNotEqualTo(PROCEDURE);

        Feedback checked = FeedbackValidator.check(item(" web ", new Feedback.Regulation(" 1.009994 ", decomposed + " ")));

        assertThat(checked.channel()).isEqualTo("web");
        assertThat(checked.regulation()).isEqualTo(new Feedback.Regulation("1.009994", PROCEDURE));
    }

    @Test
    void aRegulationMayNameOnlyItsCodeOrOnlyItsName() {
        assertThat(FeedbackValidator.check(item(null, new Feedback.Regulation("1.009994", " "))).regulation())
                .isEqualTo(new Feedback.Regulation("1.009994", null));
        assertThat(FeedbackValidator.check(item(null, new Feedback.Regulation(null, PROCEDURE))).regulation())
                .isEqualTo(new Feedback.Regulation(null, PROCEDURE));
    }

    @Test
    void aBlankChannelCountsAsNone() {
        assertThat(FeedbackValidator.check(item("  ", null)).channel()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Web", "cổng-dvc", "web mobile", "web/mobile", "điện-thoại",
            "a123456789b123456789c123456789d123456789e123456789f"})
    void aChannelThatIsNotAShortLowerCaseTokenIsRefused(String channel) {
        assertThat(refusal(item(channel, null))).contains("'channel'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"web", "mobile", "hotline", "email", "direct", "cong-dvcqg", "zalo_oa"})
    void usualChannelsAreTaken(String channel) {
        assertThat(FeedbackValidator.check(item(channel, null)).channel()).isEqualTo(channel);
    }

    @Test
    void aRegulationWithNeitherCodeNorNameIsRefused() {
        assertThat(refusal(item("web", new Feedback.Regulation(null, " ")))).contains("'regulation' needs a 'code' or a 'name'");
    }

    @Test
    void aRegulationCodeOrNameTooLongOrWithControlCharactersIsRefused() {
        assertThat(refusal(item(null, new Feedback.Regulation("1".repeat(101), null))))
                .contains("'regulation.code' is longer than 100");
        assertThat(FeedbackValidator.check(item(null, new Feedback.Regulation("1".repeat(100), null))).regulation().code())
                .hasSize(100);
        assertThat(refusal(item(null, new Feedback.Regulation(null, "x".repeat(1001)))))
                .contains("'regulation.name' is longer than 1000");
        assertThat(refusal(item(null, new Feedback.Regulation("1.009994\u0000", null))))
                .contains("'regulation.code' contains control characters");
    }
}
