// The layer lists and captured activations against NVIDIA's visualizer
// (StyleGAN2 and StyleGAN3, tests/reference/make_layer_references.py) and the
// independent NumPy reference (StyleGAN1), and the display against the
// visualizer's _render_impl on the same raw activations.
#include "model/engine/engine.h"
#include "model/engine/layer_display.h"
#include "model/io/weights_file.h"
#include "model/nets/family_reader.h"
#include "model/nets/stylegan3/stylegan3_generator.h"
#include "tests/layers/layer_test_util.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <set>

namespace stylemix {
namespace {

using namespace layer_test;

struct Model {
    const char* folder;   // under tests/data/reference/layers
    const char* path;     // under the source tree
    double tolerance;     // max |ours - reference| / max(1, max |reference|) of a capture
};

// StyleGAN2/3: our CPU kernels (Winograd, polyphase, fused epilogues) against NVIDIA's
// reference ops in float32; StyleGAN1: float32 against float64.
const Model kModels[] = {
    {"avatars64", "assets/avatars64.safetensors", 1e-5},
    {"sg2_tiny_p4", "tests/data/pickle/sg2_tiny_p4.pkl", 1e-5},
    {"sg3t_16", "tests/data/sg3/sg3t_16.pkl", 1e-5},
    {"sg3r_16", "tests/data/sg3/sg3r_16.pkl", 1e-5},
    {"sg1_16", "tests/data/tf/sg1_16.pkl", 1e-5},
};

class LayerReference : public ::testing::TestWithParam<Model> {
protected:
    std::string modelPath() const { return sourceDir() + "/" + GetParam().path; }
    std::string ref(const std::string& file) const { return referenceDir(GetParam().folder) + "/" + file; }
};

ModelDescription describeTorchFree(const std::string& path) {
    const AdoptedWeights adopted = adoptWeights(readWeightsFile(path));
    return adopted.family->describe(adopted.weights);
}

// The torch-free description (what `stylemix layers --list` prints) lists exactly the
// visualizer's layers: names, shapes and order.
TEST_P(LayerReference, ListEqualsTheReference) {
    const ModelDescription d = describeTorchFree(modelPath());
    const nlohmann::json layers = readJson(ref("layers.json")).at("layers");
    ASSERT_EQ(d.activations.size(), layers.size());
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const ActivationInfo& a = d.activations[i];
        SCOPED_TRACE(a.name);
        EXPECT_EQ(a.name, layers[i].at("name").get<std::string>());
        EXPECT_EQ((std::vector<int>{1, a.channels, a.height, a.width}), layers[i].at("shape").get<std::vector<int>>());
        EXPECT_EQ(layers[i].at("dtype").get<std::string>(), "float32");
        EXPECT_GE(a.after_layer, 0);
        EXPECT_LT(a.after_layer, static_cast<int>(d.layers.size()));
    }
}

// Every listed activation is produced by the generator, with its listed shape, in a batch of two.
TEST_P(LayerReference, EveryListedLayerIsCapturedWithItsShape) {
    auto engine = Engine::load(modelPath(), DeviceChoice::CPU);
    const Generator& g = engine->generator();
    torch::NoGradGuard no_grad;
    const torch::Tensor z = torch::randn({2, g.description().z_dim}, torch::kFloat64);
    torch::Tensor c;
    if (g.description().c_dim > 0) c = torch::zeros({2, g.description().c_dim});
    const torch::Tensor ws = g.mapping(z, c);
    for (const ActivationInfo& a : g.description().activations) {
        const torch::Tensor t = g.captureActivation(ws, NoiseSpec{}, std::nullopt, a.name);
        EXPECT_EQ(t.sizes().vec(), (std::vector<int64_t>{2, a.channels, a.height, a.width})) << a.name;
        EXPECT_EQ(t.scalar_type(), torch::kFloat32) << a.name;
    }
    // The serial capture and the (batch-split) synthesis agree up to float rounding.
    EXPECT_LE(relError(g.captureActivation(ws, NoiseSpec{}, std::nullopt, "output"), g.synthesis(ws, NoiseSpec{})), 1e-5);
}

// The engine's captures of A, B and the mix equal the reference's.
TEST_P(LayerReference, CapturesEqualTheReference) {
    auto engine = Engine::load(modelPath(), DeviceChoice::CPU);
    const nlohmann::json caps = readJson(ref("captures.json"));
    double worst = 0, worst_abs = 0;
    for (const auto& c : caps.at("captures")) {
        const std::string layer = c.at("layer"), who = c.at("subject");
        SCOPED_TRACE(who + " " + layer);
        const torch::Tensor expected = readNpy(ref(c.at("file")));
        const std::vector<float> got = engine->captureActivation(referenceSubject(caps, who), NoiseSpec{}, layer);
        ASSERT_EQ(static_cast<int64_t>(got.size()), expected.numel());
        const torch::Tensor ours = torch::tensor(got).reshape(expected.sizes());
        const double err = relError(ours, expected);
        worst = std::max(worst, err);
        worst_abs = std::max(worst_abs, (ours - expected).abs().max().item<double>());
        EXPECT_LE(err, GetParam().tolerance);
    }
    std::cout << "[ layers ] " << GetParam().folder << ": max abs error " << worst_abs << ", relative " << worst << "\n";
}

// The reference folder holds each distinct array once (the writers share a file between identical
// entries; the tree's size is bounded, tools/default-model/check_travel_size.sh): every .npy there is
// named by captures.json or display.json, every name there exists, and no two files are equal.
TEST_P(LayerReference, EachArrayIsStoredOnce) {
    const std::string dir = referenceDir(GetParam().folder);
    std::set<std::string> named;
    const nlohmann::json caps = readJson(ref("captures.json"));
    for (const auto& c : caps.at("captures")) named.insert(c.at("file").get<std::string>());
    if (std::filesystem::exists(ref("display.json"))) {
        const nlohmann::json display = readJson(ref("display.json"));
        for (const auto& c : display.at("cases")) {
            named.insert(c.at("raw").get<std::string>());
            named.insert(c.at("image").get<std::string>());
        }
    }
    std::set<std::string> stored;
    std::map<std::string, std::string> by_content;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".npy") continue;
        const std::string name = entry.path().filename().string();
        stored.insert(name);
        const auto [at, fresh] = by_content.emplace(readText(entry.path().string()), name);
        EXPECT_TRUE(fresh) << name << " repeats " << at->second;
    }
    EXPECT_EQ(stored, named);
}

INSTANTIATE_TEST_SUITE_P(Models, LayerReference, ::testing::ValuesIn(kModels),
                         [](const auto& info) { return std::string(info.param.folder); });

// The visualizer's settings of a display.json case as ours.
LayerViewSettings settingsOf(const nlohmann::json& s) {
    LayerViewSettings v;
    v.sel_channels = s.value("sel_channels", 3);
    v.base_channel = s.value("base_channel", 0);
    v.normalize = s.value("img_normalize", false);
    v.gain_db = s.value("img_scale_db", 0.0f);
    v.fft = s.value("fft_show", false);
    v.fft_all = s.value("fft_all", true);
    v.fft_range_db = s.value("fft_range_db", 50.0f);
    v.fft_beta = s.value("fft_beta", 8.0f);
    v.untransform = s.value("untransform", false);
    return v;
}

class LayerDisplayReference : public ::testing::TestWithParam<const char*> {};

// displayActivation on the visualizer's raw activation gives its image byte for byte and its stats.
TEST_P(LayerDisplayReference, ImagesAndStatsEqualTheVisualizers) {
    const std::string dir = referenceDir(GetParam());
    const nlohmann::json display = readJson(dir + "/display.json");
    for (const auto& c : display.at("cases")) {
        SCOPED_TRACE(c.at("name").get<std::string>());
        const torch::Tensor raw = readNpy(dir + "/" + c.at("raw").get<std::string>());
        const torch::Tensor expected = readNpy(dir + "/" + c.at("image").get<std::string>());
        torch::Tensor buffer;
        if (c.contains("transform_buffer"))
            buffer = torch::tensor(c.at("transform_buffer").get<std::vector<double>>()).reshape({3, 3}).to(torch::kFloat32);
        const LayerPanel p = displayActivation(raw, settingsOf(c.at("settings")), buffer);
        ASSERT_EQ((std::vector<int64_t>{p.image.height, p.image.width, p.image.channels}), expected.sizes().vec());
        const torch::Tensor ours = torch::tensor(std::vector<float>(p.image.pixels.begin(), p.image.pixels.end()))
                                       .reshape(expected.sizes());
        EXPECT_EQ((ours - expected).abs().max().item<float>(), 0.0f) << "pixels differing: "
                                                                    << (ours != expected).sum().item<int64_t>();
        const std::vector<double> stats = c.at("stats").get<std::vector<double>>();
        const float got[] = {p.mean_all, p.mean_sel, p.std_all, p.std_sel, p.max_all, p.max_sel};
        for (int i = 0; i < 6; ++i) EXPECT_NEAR(got[i], stats[static_cast<std::size_t>(i)], 1e-6 * std::max(1.0, std::abs(stats[i]))) << i;
    }
}

INSTANTIATE_TEST_SUITE_P(Models, LayerDisplayReference, ::testing::Values("avatars64", "sg3t_16"));

// The engine hands the untransform the buffer the visualizer uses for the same user transform.
TEST(LayerDisplayReference, Sg3TransformBufferEqualsTheVisualizers) {
    auto engine = Engine::load(sourceDir() + "/tests/data/sg3/sg3t_16.pkl", DeviceChoice::CPU);
    const auto& sg3 = dynamic_cast<const StyleGan3Generator&>(engine->generator());
    int checked = 0;
    const nlohmann::json display = readJson(referenceDir("sg3t_16") + "/display.json");
    for (const auto& c : display.at("cases")) {
        if (!c.contains("transform")) continue;
        InputTransform t;
        t.translate_x = c.at("transform").at("translate_x");
        t.translate_y = c.at("transform").at("translate_y");
        t.rotate_deg = c.at("transform").at("rotate_deg");
        const torch::Tensor expected = torch::tensor(c.at("transform_buffer").get<std::vector<double>>()).reshape({3, 3});
        EXPECT_LE((sg3.transformBuffer(t).to(torch::kFloat64) - expected).abs().max().item<double>(), 1e-7);
        ++checked;
    }
    EXPECT_EQ(checked, 2);
}

}  // namespace
}  // namespace stylemix
