#include "model/core/seed_spec.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace stylemix {
namespace {

using Values = std::vector<std::uint64_t>;

// Expects parseSpec to throw and its message to mention every given fragment.
void expectSpecError(const std::string& spec, const std::vector<std::string>& fragments,
                     std::uint64_t max_value = 4294967295ull, std::size_t max_count = 100000) {
    try {
        const Values values = parseSpec(spec, "--seeds", max_value, max_count);
        ADD_FAILURE() << "spec \"" << spec << "\" parsed to " << values.size() << " values, expected an error";
    } catch (const std::runtime_error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("--seeds"), std::string::npos) << message;
        for (const std::string& fragment : fragments) {
            EXPECT_NE(message.find(fragment), std::string::npos)
                << "message \"" << message << "\" lacks \"" << fragment << "\"";
        }
    }
}

TEST(SeedSpec, ParsesNumbersAndRangesInGivenOrder) {
    EXPECT_EQ(parseSpec("1,2,5-10", "--seeds"), (Values{1, 2, 5, 6, 7, 8, 9, 10}));
    EXPECT_EQ(parseSpec("7", "--seeds"), (Values{7}));
    EXPECT_EQ(parseSpec("9,3,0-1,3", "--seeds"), (Values{9, 3, 0, 1, 3}));
    EXPECT_EQ(parseSpec("4-4", "--seeds"), (Values{4}));
    EXPECT_EQ(parseSpec("0007", "--seeds"), (Values{7}));
}

TEST(SeedSpec, AllowsWhitespaceAroundItems) {
    EXPECT_EQ(parseSpec(" 1 , 2,\t5 - 7 ", "--rows"), (Values{1, 2, 5, 6, 7}));
}

TEST(SeedSpec, AcceptsTheFullUnsigned32BitRange) {
    EXPECT_EQ(parseSpec("4294967294-4294967295", "--seeds"), (Values{4294967294ull, 4294967295ull}));
}

TEST(SeedSpec, RejectsMalformedItems) {
    expectSpecError("", {"empty"});
    expectSpecError("  ", {"empty"});
    expectSpecError("1,,2", {"\"1,,2\"", "empty"});
    expectSpecError("1,2,", {"\"1,2,\"", "empty"});
    expectSpecError(",1", {"empty"});
    expectSpecError("1,x", {"\"1,x\"", "\"x\"", "non-digit"});
    expectSpecError("1.5", {"\"1.5\"", "non-digit '.'"});
    expectSpecError("1 2", {"\"1 2\"", "non-digit"});
    expectSpecError("+3", {"\"+3\"", "non-digit '+'"});
    expectSpecError("1-2-3", {"\"1-2-3\"", "non-digit '-'"});
    expectSpecError("5-", {"\"5-\"", "missing"});
    expectSpecError("-", {"\"-\"", "negative"});
}

TEST(SeedSpec, RejectsNegativeNumbersAndReversedRanges) {
    expectSpecError("1,-3", {"\"1,-3\"", "\"-3\"", "negative"});
    expectSpecError("2--1", {"\"2--1\"", "negative"});
    expectSpecError("10-5", {"\"10-5\"", "reversed"});
}

TEST(SeedSpec, RejectsValuesAboveTheMaximum) {
    expectSpecError("4294967296", {"\"4294967296\"", "above the maximum 4294967295"});
    expectSpecError("1-99999999999999999999999", {"above the maximum"});
    expectSpecError("0,1,4", {"\"4\"", "above the maximum 3"}, 3);
    expectSpecError("9", {"above the maximum 5"}, 5);
    EXPECT_EQ(parseSpec("0-3", "--styles", 3), (Values{0, 1, 2, 3}));
    EXPECT_EQ(parseSpec("18446744073709551615", "--x", UINT64_MAX), (Values{UINT64_MAX}));
}

TEST(SeedSpec, RejectsSpecsThatExpandBeyondTheCountLimit) {
    expectSpecError("0-4294967295", {"\"0-4294967295\"", "more than 100000"});
    expectSpecError("1,2,3-5", {"\"3-5\"", "more than 4"}, 4294967295ull, 4);
    EXPECT_EQ(parseSpec("1,2,3-4", "--seeds", 4294967295ull, 4).size(), 4u);
    expectSpecError("0-18446744073709551615", {"more than"}, UINT64_MAX);
}

TEST(SeedSpec, FormatCompressesConsecutiveRuns) {
    EXPECT_EQ(formatSpec({}), "");
    EXPECT_EQ(formatSpec({3}), "3");
    EXPECT_EQ(formatSpec({1, 2, 5, 6, 7, 8, 9, 10}), "1-2,5-10");
    EXPECT_EQ(formatSpec({9, 3, 4, 3}), "9,3-4,3");
    EXPECT_EQ(formatSpec({5, 4, 3}), "5,4,3");
    EXPECT_EQ(formatSpec({UINT64_MAX - 1, UINT64_MAX, 0}), "18446744073709551614-18446744073709551615,0");
}

TEST(SeedSpec, FormatThenParseRoundTrips) {
    const Values values = {0, 1, 2, 42, 7, 8, 4294967295ull};
    EXPECT_EQ(parseSpec(formatSpec(values), "--seeds"), values);
}

}  // namespace
}  // namespace stylemix
