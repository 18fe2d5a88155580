// The paper's Fig. 3 preset on models of every depth.
#include "model/core/paper_presets.h"

#include <gtest/gtest.h>

namespace stylemix {
namespace {

ModelDescription withWs(int num_ws) {
    ModelDescription d;
    d.num_ws = num_ws;
    d.coarse = coarseRange(num_ws);
    d.middle = middleRange(num_ws);
    d.fine = fineRange(num_ws);
    return d;
}

std::vector<int> range(int begin, int end) {
    std::vector<int> v;
    for (int i = begin; i < end; ++i) v.push_back(i);
    return v;
}

TEST(PaperFig3, ThePapersSeedsAndBandsAtFfhqDepth) {
    const MixRequest r = paperFig3Request(withWs(18));
    std::vector<std::uint64_t> rows, cols;
    for (const Source& s : r.rows) {
        rows.push_back(s.seed);
        EXPECT_EQ(s.class_index, -1);
    }
    for (const Source& s : r.cols) cols.push_back(s.seed);
    EXPECT_EQ(rows, (std::vector<std::uint64_t>{888, 829, 1898, 1733, 1614, 845}));
    EXPECT_EQ(cols, (std::vector<std::uint64_t>{639, 701, 687, 615, 2268}));
    ASSERT_EQ(r.row_styles.size(), 6u);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(r.row_styles[i], range(0, 4)) << "row " << i;
    for (int i = 3; i < 5; ++i) EXPECT_EQ(r.row_styles[i], range(4, 8)) << "row " << i;
    EXPECT_EQ(r.row_styles[5], range(8, 18));
    EXPECT_EQ(r.truncation, (Truncation{1.0, -1}));
    EXPECT_EQ(r.noise.mode, NoiseMode::Const);
    EXPECT_FALSE(r.transform);
}

TEST(PaperFig3, FollowsTheModelsOwnBands) {
    ModelDescription d = withWs(16);   // e.g. a StyleGAN3 with bands from its cutoffs
    d.coarse = {0, 3};
    d.middle = {3, 9};
    d.fine = {9, 16};
    const MixRequest r = paperFig3Request(d);
    EXPECT_EQ(r.row_styles[0], range(0, 3));
    EXPECT_EQ(r.row_styles[4], range(3, 9));
    EXPECT_EQ(r.row_styles[5], range(9, 16));
}

TEST(PaperFig3, ASmallModelWithoutAFineBandMixesTheWholeW) {
    const MixRequest r = paperFig3Request(withWs(6));   // 16²: coarse 0-3, middle 4-5, no fine
    EXPECT_EQ(r.row_styles[0], range(0, 4));
    EXPECT_EQ(r.row_styles[3], range(4, 6));
    EXPECT_EQ(r.row_styles[5], range(0, 6));
}

}  // namespace
}  // namespace stylemix
