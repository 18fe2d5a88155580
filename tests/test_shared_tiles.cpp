// Tiles are shared, publishing copies nothing (issue 20 §3): the engine hands
// out its cache's image objects (a repeated request returns the same
// addresses, a cell equal to its source is the source's object), a worker's
// partial mix publish carries only the tiles new since the previous one, and
// the final result carries every tile as the same objects. Also reports the
// bytes copied into published results per 5x4 grid and K = 100 lab, against
// the copy pattern of the code before (value tiles, computed from the same
// publish sequence).
#include "model/engine/engine.h"
#include "model/engine/render_worker.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <map>
#include <set>
#include <thread>
#include <tuple>

using namespace stylemix;
using namespace std::chrono_literals;

namespace {

MixRequest grid(int rows, int cols, std::vector<int> styles) {
    MixRequest m;
    for (int r = 0; r < rows; ++r) m.rows.push_back({static_cast<std::uint64_t>(40 + r), -1});
    for (int c = 0; c < cols; ++c) m.cols.push_back({static_cast<std::uint64_t>(140 + c), -1});
    m.styles = std::move(styles);
    return m;
}

std::size_t tileBytes(const ImagePtr& p) { return p ? p->pixels.size() : 0; }

// Every (kind, row, col) of a grid with a non-null tile, with the tile.
std::vector<std::pair<std::tuple<int, int, int>, ImagePtr>> tilesOf(const MixResult& m) {
    std::vector<std::pair<std::tuple<int, int, int>, ImagePtr>> out;
    for (size_t r = 0; r < m.row_images.size(); ++r)
        if (m.row_images[r]) out.push_back({{0, static_cast<int>(r), 0}, m.row_images[r]});
    for (size_t c = 0; c < m.col_images.size(); ++c)
        if (m.col_images[c]) out.push_back({{1, 0, static_cast<int>(c)}, m.col_images[c]});
    for (size_t r = 0; r < m.cells.size(); ++r)
        for (size_t c = 0; c < m.cells[r].size(); ++c)
            if (m.cells[r][c]) out.push_back({{2, static_cast<int>(r), static_cast<int>(c)}, m.cells[r][c]});
    return out;
}

// Every result of the generation `gen` up to and including its final (not partial) one.
std::vector<WorkerResult> resultsOf(RenderWorker& w, std::uint64_t gen) {
    std::vector<WorkerResult> seen;
    const auto deadline = std::chrono::steady_clock::now() + 120s;
    while (std::chrono::steady_clock::now() < deadline && (seen.empty() || seen.back().partial)) {
        while (auto r = w.poll())
            if (r->generation == gen) seen.push_back(std::move(*r));
        std::this_thread::sleep_for(1ms);
    }
    return seen;
}

void loadDefault(RenderWorker& w) {
    w.submitLoad({stylemix::testing::defaultModelPath(), DeviceChoice::CPU, PrecisionChoice::FP32});
    while (true) {
        if (auto r = w.poll(); r && r->kind == WorkerResult::Kind::Load) {
            ASSERT_EQ(r->error, "");
            return;
        }
        std::this_thread::sleep_for(5ms);
    }
}

}  // namespace

TEST(SharedTiles, ARepeatedRequestHandsOutTheCachesObjects) {
    auto engine = Engine::load(stylemix::testing::defaultModelPath(), DeviceChoice::CPU);
    MixRequest req = grid(2, 3, {8, 9});
    req.cols.push_back(req.rows[1]);                            // a source that is both a row and a column
    req.row_styles = {{}, {8, 9}};                              // row 0 takes nothing from the column: cells = row 0
    const MixResult a = engine->mix(req);
    for (size_t c = 0; c < req.cols.size(); ++c)
        EXPECT_EQ(a.cells[0][c], a.row_images[0]) << "a cell equal to its source is the source's object, col " << c;
    EXPECT_EQ(a.row_images[1], a.col_images[3]) << "one source, one object";
    const MixResult b = engine->mix(req);
    EXPECT_EQ(engine->cacheStats().cells_rendered, 0);
    const auto ta = tilesOf(a), tb = tilesOf(b);
    ASSERT_EQ(ta.size(), 2u + 4u + 8u);
    ASSERT_EQ(ta.size(), tb.size());
    for (size_t i = 0; i < ta.size(); ++i)
        EXPECT_EQ(ta[i].second, tb[i].second) << "a cache hit copied tile " << i << " instead of sharing it";
}

TEST(SharedTiles, PartialPublishesCarryOnlyNewTilesAndTheFinalSharesThemAll) {
    RenderWorker w;
    loadDefault(w);
    const RenderRequest req{{ViewJob{"grid", grid(5, 4, {8, 9})}}};
    const std::vector<WorkerResult> seen = resultsOf(w, w.submitRender(req));
    ASSERT_FALSE(seen.empty());
    const WorkerResult& final_result = seen.back();
    ASSERT_FALSE(final_result.partial);
    ASSERT_EQ(final_result.error, "");
    ASSERT_NE(final_result.as<MixResult>(), nullptr);
    const auto all = tilesOf(*final_result.as<MixResult>());
    ASSERT_EQ(all.size(), 5u + 4u + 20u) << "the final result carries every tile";
    std::map<std::tuple<int, int, int>, ImagePtr> final_tiles(all.begin(), all.end());

    // Old copy pattern (value tiles): each tile copied into the worker's partial grid once, and each
    // publish copied every tile so far. New: only pointers travel; count the tiles carried.
    std::set<std::tuple<int, int, int>> published;
    std::size_t partials = 0, carried = 0, old_publish_bytes = 0, so_far_bytes = 0;
    for (size_t i = 0; i + 1 < seen.size(); ++i) {
        ASSERT_TRUE(seen[i].partial && seen[i].as<MixResult>());
        ++partials;
        for (const auto& [where, tile] : tilesOf(*seen[i].as<MixResult>())) {
            EXPECT_TRUE(published.insert(where).second) << "a partial publish repeats a tile it already sent";
            EXPECT_EQ(tile, final_tiles.at(where)) << "a partial tile is not the final result's object";
            carried += tileBytes(tile);
            so_far_bytes += tileBytes(tile);
        }
        old_publish_bytes += so_far_bytes;
    }
    EXPECT_GE(partials, 1u);
    std::size_t total_bytes = 0;
    for (const auto& [where, tile] : all) total_bytes += tileBytes(tile);
    // The old engine also copied each rendered source twice (result, cache), each cell once (cache)
    // and the row and column images once more (R + C) into its result.
    const std::size_t tile = tileBytes(all.front().second);
    const std::size_t old_engine_bytes = (9 * 2 + 20 + 5 + 4) * tile;
    std::cout << "[ info ] 5x4 grid from scratch, " << partials << " partial publishes: tiles carried by partials "
              << carried << " B (each tile once), final " << total_bytes << " B shared; bytes copied now 0; "
              << "old pattern: worker " << (total_bytes + old_publish_bytes) << " B + engine " << old_engine_bytes
              << " B = " << (total_bytes + old_publish_bytes + old_engine_bytes) << " B\n";

    // Again: a cache hit through the worker hands out the very same objects.
    const std::vector<WorkerResult> again = resultsOf(w, w.submitRender(req));
    ASSERT_FALSE(again.empty());
    ASSERT_NE(again.back().as<MixResult>(), nullptr);
    for (const auto& [where, t] : tilesOf(*again.back().as<MixResult>())) EXPECT_EQ(t, final_tiles.at(where));
}

TEST(SharedTiles, LabPartialsShareTheirRealisations) {
    RenderWorker w;
    loadDefault(w);
    NoiseLabRequest lab;
    lab.subject.source = {5, -1};
    lab.samples = 100;
    lab.keep_images = 8;
    const std::vector<WorkerResult> seen = resultsOf(w, w.submitRender(RenderRequest{{ViewJob{"lab", lab}}}));
    ASSERT_FALSE(seen.empty());
    ASSERT_NE(seen.back().as<NoiseLabResult>(), nullptr);
    const NoiseLabResult& final_lab = *seen.back().as<NoiseLabResult>();
    ASSERT_EQ(final_lab.realisations.size(), 8u);
    std::size_t old_bytes = 0;   // old: keptPrefix copied the kept images, then the worker copied the partial
    for (size_t i = 0; i + 1 < seen.size(); ++i) {
        const NoiseLabResult& p = *seen[i].as<NoiseLabResult>();
        for (size_t k = 0; k < p.realisations.size(); ++k) {
            EXPECT_EQ(p.realisations[k], final_lab.realisations[k]) << "partial " << i << " copied realisation " << k;
            old_bytes += 2 * tileBytes(p.realisations[k]);
        }
        old_bytes += p.stddev.pixels.size() + p.stddev_levels.size() * sizeof(float);
    }
    for (const auto& r : final_lab.realisations) old_bytes += tileBytes(r);
    std::cout << "[ info ] lab K = 100, keep 8, " << seen.size() - 1
              << " partial publishes: realisation bytes copied now 0; old pattern " << old_bytes << " B\n";
}
