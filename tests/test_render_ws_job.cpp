// The render worker's ws job (the explorer's "Save ws as .npz" on a tile): a
// cell's ws are its row source's with the chosen styles from its column
// source, as the grid mixes them; the file written holds them exactly.
#include "model/core/source.h"
#include "model/engine/engine.h"
#include "model/engine/render_worker.h"
#include "model/io/w_file.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <thread>

using namespace stylemix;
using namespace std::chrono_literals;

namespace {

std::optional<WsResult> renderWs(RenderWorker& worker, const LabSubject& subject) {
    const std::uint64_t gen = worker.submitRender(RenderRequest{{ViewJob{"grid", WsRequest{subject}}}});
    const auto deadline = std::chrono::steady_clock::now() + 120s;
    while (std::chrono::steady_clock::now() < deadline) {
        while (auto r = worker.poll()) {
            EXPECT_TRUE(r->error.empty()) << r->error;
            if (r->generation == gen && r->as<WsResult>()) return *r->as<WsResult>();
        }
        std::this_thread::sleep_for(5ms);
    }
    return std::nullopt;
}

}  // namespace

TEST(RenderWsJob, ACellsWsAreItsRowsWithTheColumnsStylesAndSaveExactly) {
    RenderWorker worker([] {});
    worker.submitLoad({stylemix::testing::defaultModelPath(), DeviceChoice::CPU, PrecisionChoice::FP32});
    const auto deadline = std::chrono::steady_clock::now() + 120s;
    while (!worker.facts() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
    ASSERT_TRUE(worker.facts());
    const int num_ws = worker.facts()->num_ws, w_dim = worker.facts()->w_dim;

    LabSubject row, col, cell;
    row.source = Source{85};
    col.source = Source::position(12.25, 0.5);
    row.truncation = col.truncation = {0.7, -1};
    cell = row;
    cell.mix_with = col.source;
    cell.styles = {4, 5, 6, 7};
    const auto a = renderWs(worker, row), b = renderWs(worker, col), mixed = renderWs(worker, cell);
    ASSERT_TRUE(a && b && mixed);
    ASSERT_EQ(mixed->values.size(), static_cast<size_t>(num_ws * w_dim));
    for (int i = 0; i < num_ws; ++i) {
        const auto& from = (i >= 4 && i <= 7) ? *b : *a;
        EXPECT_EQ(0, std::memcmp(mixed->values.data() + i * w_dim, from.values.data() + i * w_dim, w_dim * sizeof(float))) << "ws " << i;
    }
    EXPECT_NE(0, std::memcmp(a->values.data(), b->values.data(), w_dim * sizeof(float)));

    const std::string path = stylemix::testing::scratchDir("render_ws_job") + "/tile.npz";
    writeWsNpz(path, {makeWArray("tile", num_ws, w_dim, mixed->values)});
    const std::vector<WArrayPtr> back = wArraysFor(readWFile(path), num_ws, w_dim);
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0]->values, mixed->values);
}
