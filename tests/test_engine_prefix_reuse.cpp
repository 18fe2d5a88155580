// Prefix reuse: every image the engine returns equals a from-scratch synthesis
// with the Generator, and staged synthesis resumes bit-exactly.
#include "tests/engine_test_util.h"
#include "model/core/figures.h"
#include "tests/image_compare.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

#include <iostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

using namespace stylemix;
using namespace stylemix::testing;
using namespace stylemix::engine_test;

namespace {

// Renders `req` with the engine and checks every source and cell against a
// batch-of-one synthesis of the same ws computed here.
void checkMixAgainstScratch(const MixRequest& req, const std::string& what, ImageDiff& total) {
    SCOPED_TRACE(what);
    const MixResult res = engine().mix(req);
    const Generator& g = defaultGenerator();
    ASSERT_EQ(res.row_images.size(), req.rows.size());
    ASSERT_EQ(res.col_images.size(), req.cols.size());
    ASSERT_EQ(res.cells.size(), req.rows.size());

    // The engine maps the unique sources (rows, then columns, first appearance) as one batch.
    std::vector<std::uint64_t> unique;
    auto indexOf = [&](const Source& s) {
        for (size_t i = 0; i < unique.size(); ++i)
            if (unique[i] == s.seed) return static_cast<int64_t>(i);
        unique.push_back(s.seed);
        return static_cast<int64_t>(unique.size() - 1);
    };
    std::vector<int64_t> ri, ci;
    for (const auto& s : req.rows) ri.push_back(indexOf(s));
    for (const auto& s : req.cols) ci.push_back(indexOf(s));
    const torch::Tensor ws = g.truncateAll(g.mapping(latents(unique), {}, 1.0), req.truncation.psi);
    NoiseSpec noise = req.noise;
    if (noise.mode == NoiseMode::Random) noise.realisations = {0};
    auto scratch = [&](const torch::Tensor& w) { return toImage(g.synthesis(w.unsqueeze(0), noise)); };

    std::vector<Image> source_images;
    for (size_t u = 0; u < unique.size(); ++u) source_images.push_back(scratch(ws[static_cast<int64_t>(u)]));
    for (size_t r = 0; r < req.rows.size(); ++r)
        EXPECT_TRUE(imagesClose(res.row_images[r], source_images[static_cast<size_t>(ri[r])], 0.999, 1, &total))
            << "row source " << r;
    for (size_t c = 0; c < req.cols.size(); ++c)
        EXPECT_TRUE(imagesClose(res.col_images[c], source_images[static_cast<size_t>(ci[c])], 0.999, 1, &total))
            << "column source " << c;
    for (size_t r = 0; r < req.rows.size(); ++r) {
        ASSERT_EQ(res.cells[r].size(), req.cols.size());
        const std::vector<int>& styles = req.stylesForRow(r);
        const std::set<int> style_set(styles.begin(), styles.end());
        for (size_t c = 0; c < req.cols.size(); ++c) {
            torch::Tensor w = ws[ri[r]].clone();
            for (int idx : styles) w[idx].copy_(ws[ci[c]][idx]);
            // A cell whose ws are all one source's is that source's image (no synthesis needed here).
            const bool all_col = torch::equal(w, ws[ci[c]]), all_row = torch::equal(w, ws[ri[r]]);
            const Image expected = all_col   ? source_images[static_cast<size_t>(ci[c])]
                                   : all_row ? source_images[static_cast<size_t>(ri[r])]
                                             : scratch(w);
            EXPECT_TRUE(imagesClose(res.cells[r][c], expected, 0.999, 1, &total)) << "cell " << r << "," << c;
            if (static_cast<int>(style_set.size()) == g.numWs())
                EXPECT_EQ(*res.cells[r][c], *res.col_images[c]) << "all ws from the column: cell " << r << "," << c;
            if (styles.empty())
                EXPECT_EQ(*res.cells[r][c], *res.row_images[r]) << "no ws from the column: cell " << r << "," << c;
        }
    }
}

}  // namespace

TEST(EnginePrefixReuse, CellsEqualFromScratchSynthesis) {
    const std::vector<std::pair<std::string, std::vector<int>>> sets = {
        {"coarse 0-3", range(0, 4)}, {"middle 4-7", range(4, 8)}, {"fine 8-9", range(8, 10)},
        {"all 0-9", range(0, 10)},   {"none", {}},                {"non-contiguous 1,5,9", {1, 5, 9}},
        {"unsorted with duplicates 9,0,0,4", {9, 0, 0, 4}}};
    ImageDiff total;
    for (const auto& [name, styles] : sets) {
        MixRequest req;
        req.rows = sources({0, 2});          // seed 2 is also a column: shared source
        req.cols = sources({2, 3});
        req.styles = styles;
        checkMixAgainstScratch(req, "const noise, styles " + name, total);
    }
    {
        MixRequest req;
        req.rows = sources({0, 1, 2});
        req.cols = sources({3, 4});
        req.row_styles = {range(0, 4), range(4, 8), range(8, 10)};
        req.styles = {5};   // ignored when row_styles is given
        checkMixAgainstScratch(req, "row_styles coarse/middle/fine", total);
    }
    for (const auto& styles : {std::vector<int>{1, 5, 9}, range(0, 10), std::vector<int>{}}) {
        MixRequest req;
        req.rows = sources({5, 6});
        req.cols = sources({7, 6});
        req.styles = styles;
        req.noise = randomNoiseSpec(7);
        checkMixAgainstScratch(req, "random noise seed 7, styles " + describeStyles(styles), total);
    }
    {
        // Sources and cells split over several forward passes.
        const int old = engine().maxBatch();
        engine().setMaxBatch(2);
        MixRequest req;
        req.rows = sources({0, 1, 2});
        req.cols = sources({3, 4});
        req.row_styles = {range(4, 8), {1, 5, 9}, range(4, 8)};
        req.truncation.psi = 0.7;
        checkMixAgainstScratch(req, "max batch 2, psi 0.7", total);
        engine().setMaxBatch(old);
    }
    std::cout << "[ info ] engine vs from-scratch synthesis: " << total.describe() << "\n";
}

TEST(EnginePrefixReuse, StagedSynthesisResumesBitExactly) {
    // What the engine relies on: layers before the first one whose w differs
    // see identical inputs, so resuming a source's state is exact.
    const Generator& g = defaultGenerator();
    const torch::Tensor ws = g.mapping(latents({10, 11, 12, 13}), {}, 1.0);
    const auto& layers = g.layers();
    for (const NoiseSpec& noise : {NoiseSpec{}, randomNoiseSpec(3)}) {
        for (const auto& styles : {range(0, 4), range(4, 8), range(8, 10), std::vector<int>{1, 5, 9}}) {
            const std::set<int> s(styles.begin(), styles.end());
            int prefix = 0;
            while (prefix < g.numLayers() && !s.count(layers[static_cast<size_t>(prefix)].ws_index)) ++prefix;
            for (int64_t n : {1, 2}) {
                const torch::Tensor src = ws.slice(0, 0, n);
                torch::Tensor cell = src.clone();
                for (int idx : styles) cell.select(1, idx).copy_(ws.slice(0, 2, 2 + n).select(1, idx));
                NoiseSpec nz = noise;
                if (nz.mode == NoiseMode::Random) nz.realisations.assign(static_cast<size_t>(n), 0);
                SynthesisState state = g.initialState(n);
                g.runLayers(state, src, prefix, nz);
                EXPECT_EQ(state.next_layer, prefix);
                g.runLayers(state, cell, g.numLayers(), nz);
                EXPECT_TRUE(torch::equal(state.img, g.synthesis(cell, nz)))
                    << "styles " << describeStyles(styles) << ", batch " << n << ", noise " << noiseModeName(noise.mode)
                    << ": max |diff| " << maxAbsDiff(state.img, g.synthesis(cell, nz));
            }
        }
    }
}
