// Source lists as typed (CLI --rows/--seeds, the explorer's SPEC field): seeds,
// ranges, positions and W files; their canonical text reads back the same.
#include <gtest/gtest.h>

#include "model/core/source_list.h"

#include <string>

namespace stylemix {
namespace {

const std::string kWFiles = std::string(STYLEMIX_SOURCE_DIR) + "/tests/data/wfiles/";

std::vector<Source> sources(const std::string& spec, int num_ws = 3, int w_dim = 4) {
    return resolveSourceList(parseSourceList(spec, "--rows"), num_ws, w_dim, -1);
}

std::string failure(const std::string& spec) {
    try {
        sources(spec);
    } catch (const std::exception& e) {
        return e.what();
    }
    return "no error";
}

TEST(SourceList, SeedsRangesAndPositionsInOrder) {
    const std::vector<Source> s = sources("12, 3-5 ,12.25:0.5,7.5,-1.75:2.125,+2,1e1:0");
    ASSERT_EQ(s.size(), 9u);
    EXPECT_EQ(s[0], Source{12});
    EXPECT_EQ(s[1], Source{3});
    EXPECT_EQ(s[3], Source{5});
    EXPECT_EQ(s[4], Source::position(12.25, 0.5));
    EXPECT_EQ(s[5], Source::position(7.5, 0)) << "X alone with a '.' is X:0";
    EXPECT_EQ(s[6], Source::position(-1.75, 2.125));
    EXPECT_EQ(s[7], Source::position(2, 0)) << "a signed number is a position (a seed has no sign)";
    EXPECT_EQ(s[8], Source::position(10, 0));
}

TEST(SourceList, WFilesGiveOneSourcePerWithTheirOrigin) {
    const std::vector<Source> s = sources("1," + kWFiles + "w_f4_le.npy,2");
    ASSERT_EQ(s.size(), 4u);
    ASSERT_EQ(s[1].kind, Source::Kind::Ws);
    EXPECT_EQ(s[1].ws_array->origin.path, kWFiles + "w_f4_le.npy");
    EXPECT_EQ(s[1].ws_array->origin.index, 0);
    EXPECT_EQ(s[2].ws_array->origin.index, 1);
    EXPECT_EQ(s[2].ws_array->origin.count, 2);
    EXPECT_EQ(s[2].ws_array->origin.sha256.size(), 64u);
    // FILE[i] takes only w number i; its text reads back to the same source.
    const std::vector<Source> one = sources(kWFiles + "w_f4_le.npy[1]");
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one[0], s[2]);
    EXPECT_EQ(sourceText(s[2]), kWFiles + "w_f4_le.npy[1]");
    EXPECT_EQ(sources(sourceText(s[2]))[0], s[2]);
    // A [w_dim] file is the same w on every layer; a projector .npz is read by its member w.
    EXPECT_EQ(sources(kWFiles + "w_broadcast.npy").size(), 1u);
    EXPECT_EQ(sources(kWFiles + "projected_w.npz").size(), 1u);
}

TEST(SourceList, CanonicalTextIsShortAndExact) {
    EXPECT_EQ(sourceText(Source{85}), "85");
    EXPECT_EQ(sourceText(Source::position(12.25, 0.5)), "12.25:0.5");
    EXPECT_EQ(sourceText(Source::position(0.1, -3)), "0.1:-3");
    const Source third = Source::position(1.0 / 3.0, 0);
    EXPECT_EQ(sources(sourceText(third))[0], third) << sourceText(third);
}

TEST(SourceList, BadItemsAreNamed) {
    EXPECT_NE(failure("3,banana").find("--rows: 'banana' is not a seed, a range A-B, a position X:Y or a W file"), std::string::npos);
    EXPECT_NE(failure("3,,4").find("empty item"), std::string::npos) << failure("3,,4");
    EXPECT_NE(failure("3,").find("empty item"), std::string::npos) << failure("3,");
    EXPECT_NE(failure("").find("the list is empty"), std::string::npos);
    EXPECT_NE(failure("1:x").find("is not a position X:Y"), std::string::npos);
    EXPECT_NE(failure("1e300:0").find("at most 1e15"), std::string::npos) << failure("1e300:0");
    EXPECT_NE(failure("9-2").find("9-2"), std::string::npos);
    EXPECT_NE(failure("4294967296").find("above the maximum 4294967295"), std::string::npos) << failure("4294967296");
    EXPECT_NE(failure(kWFiles + "missing.npy").find("missing.npy"), std::string::npos);
    EXPECT_NE(failure(kWFiles + "w_f4_le.npy[2]").find("the file holds 2 ws (0-1)"), std::string::npos)
        << failure(kWFiles + "w_f4_le.npy[2]");
    // A W file of another shape: the reader's one line with both shapes.
    try {
        sources(kWFiles + "w_f4_le.npy", 5, 4);
        FAIL() << "no error";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("w_f4_le.npy"), std::string::npos) << e.what();
    }
}

TEST(SourceList, ALongListStaysBounded) {
    std::string spec;
    for (int i = 0; i < 50000; ++i) spec += "1,";
    EXPECT_EQ(sources(spec + "2").size(), 50001u);
    EXPECT_NE(failure("0-100000").find("more than 100000"), std::string::npos) << failure("0-100000");
}

}  // namespace
}  // namespace stylemix
