// Loading the default model: its layer facts (ws and noise layers, the learned
// noise strengths), loading from content read ahead, and cancelled loads.
#include "tests/engine_test_util.h"
#include "model/io/weights_file.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

using namespace stylemix;
using namespace stylemix::testing;
using namespace stylemix::engine_test;

TEST(EngineFacts, DefaultModelLayerMap) {
    const ModelFacts& f = engine().facts();
    EXPECT_EQ(f.num_ws, 10);
    EXPECT_EQ(f.device, "cpu");
    EXPECT_EQ(f.sha256.size(), 64u);
    ASSERT_EQ(f.ws_info.size(), 10u);
    EXPECT_EQ(f.ws_info[0].layers, (std::vector<std::string>{"b4.conv1"}));
    EXPECT_EQ(f.ws_info[1].layers, (std::vector<std::string>{"b4.torgb", "b8.conv0"}));
    EXPECT_EQ(f.ws_info[2].layers, (std::vector<std::string>{"b8.conv1"}));
    EXPECT_EQ(f.ws_info[7].layers, (std::vector<std::string>{"b32.torgb", "b64.conv0"}));
    EXPECT_EQ(f.ws_info[9].layers, (std::vector<std::string>{"b64.torgb"}));
    // Each ws's resolution is that of the first layer it feeds.
    const std::vector<int> ws_res = {4, 4, 8, 8, 16, 16, 32, 32, 64, 64};
    for (int i = 0; i < 10; ++i) EXPECT_EQ(f.ws_info[static_cast<size_t>(i)].resolution, ws_res[static_cast<size_t>(i)]) << "ws " << i;

    ASSERT_EQ(f.noise_layers.size(), 9u);
    const std::vector<int> res = {4, 8, 8, 16, 16, 32, 32, 64, 64};
    for (size_t i = 0; i < 9; ++i) EXPECT_EQ(f.noise_layers[i].resolution, res[i]) << "noise layer " << i;
    EXPECT_EQ(f.noise_layers[0].name, "b4.conv1");
    EXPECT_EQ(f.noise_layers[8].name, "b64.conv1");
    ASSERT_EQ(f.noise_strengths.size(), 9u);
    // The learned strengths as stored in the file, read without the generator.
    const RawWeights raw = readWeightsFile(defaultModelPath());
    for (size_t i = 0; i < 9; ++i) {
        const RawTensor& t = raw.tensors.at("synthesis." + f.noise_layers[i].name + ".noise_strength");
        ASSERT_EQ(t.dtype, DType::F32);
        float stored = 0;
        std::memcpy(&stored, t.bytes.data(), sizeof stored);
        EXPECT_EQ(f.noise_strengths[i], stored) << "noise layer " << i;
    }

    EXPECT_EQ(coarseRange(10), (WsRange{0, 4}));
    EXPECT_EQ(middleRange(10), (WsRange{4, 8}));
    EXPECT_EQ(fineRange(10), (WsRange{8, 10}));
    EXPECT_EQ(noisePresetFine(f.noise_layers), (std::vector<float>{0, 0, 0, 0, 0, 0, 0, 1, 1}));
    EXPECT_EQ(noisePresetCoarse(f.noise_layers), (std::vector<float>{1, 1, 1, 1, 1, 1, 1, 0, 0}));
    EXPECT_EQ(noisePresetAll(f.noise_layers), std::vector<float>(9, 1.0f));
    EXPECT_EQ(noisePresetNone(f.noise_layers), std::vector<float>(9, 0.0f));
}

// The explorer reads the file while LibTorch loads and hands the content to
// Engine::load (app/worker_client/plugin_worker.h): the same engine as from the path.
TEST(EngineLoad, FromContentReadAheadEqualsFromThePath) {
    const auto content = std::make_shared<const RawWeights>(readWeightsFile(defaultModelPath()));
    auto from_content = Engine::load(defaultModelPath(), DeviceChoice::CPU, PrecisionChoice::FP32, {}, content);
    auto from_path = Engine::load(defaultModelPath(), DeviceChoice::CPU);
    EXPECT_EQ(from_content->facts().sha256, from_path->facts().sha256);
    EXPECT_EQ(from_content->facts().num_ws, from_path->facts().num_ws);
    GenerateRequest request;
    request.sources = {Source{7, -1}, Source{8, -1}};
    const std::vector<Image> a = from_content->generate(request), b = from_path->generate(request);
    ASSERT_EQ(a.size(), 2u);
    ASSERT_EQ(b.size(), 2u);
    EXPECT_EQ(a[0].pixels, b[0].pixels);
    EXPECT_EQ(a[1].pixels, b[1].pixels);
}

// A load stops at the next check once cancelled (a newer load supersedes it in
// the render worker), for every family, early or partway through the tensors,
// and leaves nothing behind; the same file then loads normally.
TEST(EngineLoad, CancelledLoadThrowsCancelledForEveryFamily) {
    const std::string data = std::string(STYLEMIX_SOURCE_DIR) + "/tests/data/";
    for (const std::string& path : {defaultModelPath(), data + "tf/sg1_64.pkl", data + "sg3/sg3t_16.pkl"}) {
        SCOPED_TRACE(path);
        for (int allowed : {0, 5}) {
            int calls = 0, progress_reports = 0;
            ProgressHooks hooks;
            hooks.cancelled = [&] { return ++calls > allowed; };
            hooks.progress = [&](float) { ++progress_reports; };
            EXPECT_THROW(Engine::load(path, DeviceChoice::CPU, PrecisionChoice::FP32, hooks), Cancelled)
                << "cancelled after " << allowed << " checks";
            EXPECT_EQ(calls, allowed + 1) << "the load went on checking after it was cancelled";
            EXPECT_LE(progress_reports, allowed);
        }
        EXPECT_NO_THROW(Engine::load(path, DeviceChoice::CPU));
    }
}
