// The mix planner, without LibTorch: which sources and cells a grid renders,
// from which prefix, in which jobs, for layer maps of different families.
#include "model/engine/mix_plan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace stylemix {
namespace {

// StyleGAN2's layer map at 64²: b4.conv1 (ws 0), b4.torgb (1), then per block
// conv0, conv1, torgb with ws (2k-1, 2k, 2k+1); 14 layers, 10 ws.
std::vector<SynthesisLayerInfo> styleGan2Layers() {
    std::vector<SynthesisLayerInfo> l = {{"b4.conv1", 4, 0, false, 0}, {"b4.torgb", 4, 1, true, -1}};
    int ws = 1, noise = 1;
    for (int res = 8; res <= 64; res *= 2) {
        l.push_back({"b" + std::to_string(res) + ".conv0", res, ws, false, noise++});
        l.push_back({"b" + std::to_string(res) + ".conv1", res, ws + 1, false, noise++});
        l.push_back({"b" + std::to_string(res) + ".torgb", res, ws + 2, true, -1});
        ws += 2;
    }
    return l;
}

// One ws per layer (StyleGAN1 / StyleGAN3 style): layer i is driven by ws i.
std::vector<SynthesisLayerInfo> oneWsPerLayer(int n) {
    std::vector<SynthesisLayerInfo> l;
    for (int i = 0; i < n; ++i) l.push_back({"L" + std::to_string(i), 4 << (i / 2), i, false, -1});
    return l;
}

std::vector<int> range(int begin, int end) {
    std::vector<int> v;
    for (int i = begin; i < end; ++i) v.push_back(i);
    return v;
}

// rows 0..R-1 and columns R..R+C-1 as unique sources, nothing cached.
MixPlanInput freshGrid(std::vector<SynthesisLayerInfo> layers, int R, int C, const std::vector<int>& styles) {
    MixPlanInput in;
    in.layers = std::move(layers);
    for (int r = 0; r < R; ++r) in.row_source.push_back(r);
    for (int c = 0; c < C; ++c) in.col_source.push_back(R + c);
    in.row_styles.assign(static_cast<size_t>(R), styles);
    in.sources.assign(static_cast<size_t>(R + C), SourceCacheView{});
    in.cell_cached.assign(static_cast<size_t>(R), std::vector<bool>(static_cast<size_t>(C), false));
    in.keep_resolution = 0;
    in.sizing = {true, 1, 32, 2};
    return in;
}

TEST(MixPlan, CoarseStylesResumeCellsFromTheColumnSource) {
    const MixPlan plan = planMix(freshGrid(styleGan2Layers(), 2, 3, range(0, 4)));
    ASSERT_EQ(plan.to_render.size(), 6u);
    for (const CellPlan& c : plan.to_render) {
        EXPECT_EQ(c.source, 2 + static_cast<int>(c.col)) << "cell " << c.row << "," << c.col;
        // ws 0-3 drive b4.conv1 .. b16.conv0: the first 6 layers.
        EXPECT_EQ(c.prefix, 6);
    }
    // Row sources need only their image; column sources also the snapshot after 6 layers.
    ASSERT_EQ(plan.source_jobs.size(), 5u);
    for (const SourceJob& j : plan.source_jobs) {
        ASSERT_EQ(j.sources.size(), 1u);
        const std::set<int> want = j.sources[0] < 2 ? std::set<int>{14} : std::set<int>{6, 14};
        EXPECT_EQ(j.stops, want) << "source " << j.sources[0];
        EXPECT_EQ(j.start, 0);
    }
    for (const CellJob& j : plan.cell_jobs) {
        EXPECT_EQ(j.prefix, 6);
        for (int i : j.cells) {
            const int src = plan.to_render[static_cast<size_t>(i)].source;
            EXPECT_TRUE(j.deps.count(plan.job_of_source[static_cast<size_t>(src)]));
        }
    }
    EXPECT_EQ(plan.sources_reused, 0);
}

TEST(MixPlan, FineStylesResumeFromTheRowSourceLate) {
    const MixPlan plan = planMix(freshGrid(styleGan2Layers(), 2, 2, range(8, 10)));
    for (const CellPlan& c : plan.to_render) {
        EXPECT_EQ(c.source, static_cast<int>(c.row));
        EXPECT_EQ(c.prefix, 12);   // ws 8 first drives b64.conv1, layer 12
    }
}

TEST(MixPlan, AllStylesMakeCellsCopiesOfTheColumnSource) {
    const MixPlan plan = planMix(freshGrid(styleGan2Layers(), 2, 2, range(0, 10)));
    EXPECT_TRUE(plan.to_render.empty());
    EXPECT_EQ(plan.copies.size(), 4u);
    for (const CellPlan& c : plan.copies) EXPECT_EQ(c.source, 2 + static_cast<int>(c.col));
    EXPECT_TRUE(plan.cell_jobs.empty());
}

TEST(MixPlan, ArbitraryStyleSetsSplitAtTheirFirstDifference) {
    // S = {1, 5} as style_mixing.py --styles allows: layer 0 (ws 0) from the row,
    // so the cell resumes from the row source after layer 0.
    const MixPlan plan = planMix(freshGrid(styleGan2Layers(), 1, 1, {1, 5}));
    ASSERT_EQ(plan.to_render.size(), 1u);
    EXPECT_EQ(plan.to_render[0].source, 0);
    EXPECT_EQ(plan.to_render[0].prefix, 1);
    const std::vector<bool> want = {false, true, true, false, false, false, false,
                                    true,  true, false, false, false, false, false};
    EXPECT_EQ(plan.to_render[0].from_col, want);
}

TEST(MixPlan, CachedSourcesAndCellsAreNotRenderedAgain) {
    MixPlanInput in = freshGrid(styleGan2Layers(), 2, 2, range(0, 4));
    for (auto& s : in.sources) s = SourceCacheView{true, {6}};
    in.cell_cached[0][1] = true;
    const MixPlan plan = planMix(in);
    EXPECT_EQ(plan.sources_reused, 4);
    EXPECT_TRUE(plan.source_jobs.empty());
    ASSERT_EQ(plan.cached.size(), 1u);
    EXPECT_EQ(plan.cached[0], (std::pair<std::size_t, std::size_t>{0, 1}));
    EXPECT_EQ(plan.to_render.size(), 3u);
    for (const CellJob& j : plan.cell_jobs) EXPECT_TRUE(j.deps.empty());
    for (int j : plan.job_of_source) EXPECT_EQ(j, -1);
}

TEST(MixPlan, WithoutCachingCachedCellsAreIgnored) {
    MixPlanInput in = freshGrid(styleGan2Layers(), 1, 1, range(0, 4));
    in.cell_cached[0][0] = true;
    in.caching = false;
    const MixPlan plan = planMix(in);
    EXPECT_TRUE(plan.cached.empty());
    EXPECT_EQ(plan.to_render.size(), 1u);
}

TEST(MixPlan, SourcesResumeFromTheirLatestUsableSnapshotAndKeepBoundaries) {
    MixPlanInput in = freshGrid(styleGan2Layers(), 1, 1, range(4, 6));   // middle: prefix 6 from the row
    in.sources[0] = SourceCacheView{false, {2, 5}};
    in.keep_resolution = 16;
    const MixPlan plan = planMix(in);
    ASSERT_EQ(plan.source_jobs.size(), 2u);
    const SourceJob& row = plan.source_jobs[plan.job_of_source[0]];
    EXPECT_EQ(row.start, 5);
    // Needs 6 (the cells' prefix) and 14 (its image); boundaries of layers up to 16² after 5 are kept too.
    EXPECT_EQ(row.stops, (std::set<int>{6, 7, 14}));
}

TEST(MixPlan, WorksForOneWsPerLayerFamilies) {
    const MixPlan plan = planMix(freshGrid(oneWsPerLayer(8), 1, 1, {3, 4}));
    ASSERT_EQ(plan.to_render.size(), 1u);
    EXPECT_EQ(plan.to_render[0].source, 0);
    EXPECT_EQ(plan.to_render[0].prefix, 3);
    EXPECT_EQ(wsBoundaries(oneWsPerLayer(4)), (std::vector<int>{1, 2, 3}));
}

TEST(MixPlan, SourcesSharingAPlanAreBatchedInRequestOrder) {
    MixPlanInput in = freshGrid(styleGan2Layers(), 6, 1, range(8, 10));
    in.sizing = {true, 4, 32, 2};
    const MixPlan plan = planMix(in);
    // Rows 0-5 all need (start 0, stops {12, 14}): one small job per core first, then up to 4.
    std::vector<int> sizes;
    for (const SourceJob& j : plan.source_jobs)
        if (j.stops == std::set<int>{12, 14}) sizes.push_back(static_cast<int>(j.sources.size()));
    EXPECT_EQ(sizes, (std::vector<int>{1, 1, 4}));
    EXPECT_EQ(plan.source_jobs[0].sources, std::vector<int>{0});
}

TEST(JobSizing, CpuFirstJobsAreSmallCudaTakesWholeBatches) {
    EXPECT_EQ(jobSizes(5, true, {true, 4, 32, 2}), (std::vector<int>{1, 1, 3}));
    EXPECT_EQ(jobSizes(9, false, {true, 4, 32, 2}), (std::vector<int>{3, 3, 3}));
    EXPECT_EQ(jobSizes(5, true, {true, 1, 32, 2}), (std::vector<int>{1, 1, 1, 1, 1}));
    EXPECT_EQ(jobSizes(70, true, {false, 1, 32, 1}), (std::vector<int>{24, 23, 23}));
    EXPECT_TRUE(jobSizes(0, true, {}).empty());
}

}  // namespace
}  // namespace stylemix
