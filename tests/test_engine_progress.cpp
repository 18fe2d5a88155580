// Engine progress reports (every source and cell once, in order) and cancellation.
#include "tests/engine_test_util.h"
#include "tests/image_compare.h"

#include <gtest/gtest.h>

#include <set>
#include <utility>
#include <vector>

using namespace stylemix;
using namespace stylemix::testing;
using namespace stylemix::engine_test;

TEST(EngineProgress, MixReportsEverySourceAndCellOnce) {
    MixRequest req;
    req.rows = sources({0, 1, 1});   // a repeated row is still its own row
    req.cols = sources({2, 0});
    req.styles = range(0, 4);
    std::vector<MixProgress> seen;
    std::vector<float> fractions;
    ProgressHooks hooks;
    hooks.progress = [&](float f) { fractions.push_back(f); };
    const MixResult res = engine().mix(req, hooks, [&](const MixProgress& p) {
        ASSERT_NE(p.image, nullptr);
        EXPECT_EQ(p.image->width, 64);
        EXPECT_EQ(p.image->height, 64);
        MixProgress copy = p;
        copy.image = nullptr;
        seen.push_back(copy);
    });
    const int total = 3 + 2 + 3 * 2;
    ASSERT_EQ(static_cast<int>(seen.size()), total);
    std::set<std::pair<int, int>> row_src, col_src, cells;
    for (size_t i = 0; i < seen.size(); ++i) {
        EXPECT_EQ(seen[i].done, static_cast<int>(i) + 1) << "call " << i;
        EXPECT_EQ(seen[i].total, total);
        switch (seen[i].kind) {
            case MixProgress::Kind::RowSource: EXPECT_TRUE(row_src.insert({seen[i].row, seen[i].col}).second); break;
            case MixProgress::Kind::ColSource: EXPECT_TRUE(col_src.insert({seen[i].row, seen[i].col}).second); break;
            case MixProgress::Kind::Cell: EXPECT_TRUE(cells.insert({seen[i].row, seen[i].col}).second); break;
        }
    }
    EXPECT_EQ(row_src, (std::set<std::pair<int, int>>{{0, -1}, {1, -1}, {2, -1}}));
    EXPECT_EQ(col_src, (std::set<std::pair<int, int>>{{-1, 0}, {-1, 1}}));
    EXPECT_EQ(cells.size(), 6u);
    EXPECT_EQ(seen.back().done, total);
    ASSERT_FALSE(fractions.empty());
    for (size_t i = 1; i < fractions.size(); ++i) EXPECT_GE(fractions[i], fractions[i - 1]);
    EXPECT_FLOAT_EQ(fractions.back(), 1.0f);
    EXPECT_TRUE(imagesClose(res.cells[0][1], res.row_images[0])) << "seed 0 mixed with itself";
}

TEST(EngineProgress, CancellationThrowsCancelled) {
    for (int allowed : {0, 1, 2}) {
        int calls = 0;
        ProgressHooks hooks;
        hooks.cancelled = [&] { return ++calls > allowed; };
        const int old = engine().maxBatch();
        engine().setMaxBatch(2);
        engine().clearCache();   // a grid the engine still holds needs no work, so nothing to cancel
        MixRequest req;
        req.rows = sources({0, 1, 2});
        req.cols = sources({3, 4});
        req.styles = range(0, 4);
        int cells_done = 0;
        EXPECT_THROW(engine().mix(req, hooks, [&](const MixProgress& p) { cells_done = p.done; }), Cancelled)
            << "cancel after " << allowed << " checks";
        EXPECT_LT(cells_done, 3 + 2 + 6);
        engine().setMaxBatch(old);
    }
    {
        int calls = 0;
        ProgressHooks hooks;
        hooks.cancelled = [&] { return ++calls > 1; };
        const int old = engine().maxBatch();
        engine().setMaxBatch(2);
        GenerateRequest gen;
        gen.sources = sources({0, 1, 2, 3, 4});
        EXPECT_THROW(engine().generate(gen, hooks), Cancelled);
        NoiseLabRequest lab;
        lab.subject.source = {1, -1};
        lab.samples = 8;
        calls = 0;
        EXPECT_THROW(engine().noiseLab(lab, hooks), Cancelled);
        engine().setMaxBatch(old);
    }
}
