// StyleGAN1 (G_style) and StyleGAN2 (G_main) read from TF-era pickles, against
// tests/data/tf/*_ref.safetensors: StyleGAN1's from the independent float64
// NumPy reference tests/tf/stylegan1_reference.py, StyleGAN2's from NVIDIA's
// own legacy.py + networks_stylegan2.py (see tests/data/tf/README.md).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "model/core/numpy_random.h"
#include "model/io/safetensors.h"
#include "model/io/weights_file.h"
#include "model/nets/load_generator.h"
#include "model/nets/stylegan1/stylegan1_generator.h"
#include "reference_data.h"

namespace stylemix {
namespace {

namespace fs = std::filesystem;

const fs::path kTf = fs::path(STYLEMIX_SOURCE_DIR) / "tests" / "data" / "tf";

// A reference tensor (F32 or F64) as a float64 CPU tensor.
torch::Tensor refTensor(const RawWeights& ref, const std::string& name) {
    auto it = ref.tensors.find(name);
    if (it == ref.tensors.end()) throw std::runtime_error(ref.source + ": no tensor '" + name + "'");
    const RawTensor& t = it->second;
    const auto dtype = t.dtype == DType::F64 ? torch::kFloat64 : torch::kFloat32;
    if (t.dtype != DType::F64 && t.dtype != DType::F32) throw std::runtime_error(name + ": unexpected dtype");
    return torch::from_blob(const_cast<std::uint8_t*>(t.bytes.data()), t.shape, dtype).to(torch::kFloat64).clone();
}

double maxDiff(const torch::Tensor& a, const torch::Tensor& b) {
    EXPECT_EQ(a.sizes(), b.sizes());
    if (a.sizes() != b.sizes()) return 1e30;
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

// NVIDIA's scripts: clip(x * 127.5 + 128, 0, 255), truncated.
torch::Tensor toUint8(const torch::Tensor& img) {
    return (img.to(torch::kFloat64) * 127.5 + 128).clamp(0, 255).floor().to(torch::kInt32);
}

struct Case {
    std::string pkl;
    std::string ref;
    std::vector<int> mix_rows, mix_cols;
    bool has_psi07_img = true;
};

NoiseSpec noiseOf(NoiseMode mode) {
    NoiseSpec n;
    n.mode = mode;
    return n;
}

void checkAgainstReference(const Case& c) {
    SCOPED_TRACE(c.pkl);
    const auto g = loadGenerator((kTf / c.pkl).string(), torch::kCPU);
    const RawWeights ref = readSafetensors((kTf / c.ref).string());
    const torch::Tensor z = refTensor(ref, "z_seeds");
    torch::Tensor label;
    if (ref.tensors.count("label")) label = refTensor(ref, "label").repeat({z.size(0), 1});
    const int n = static_cast<int>(z.size(0));

    const torch::Tensor ws1 = g->mapping(z, label, 1.0);
    EXPECT_LT(maxDiff(ws1, refTensor(ref, "ws_psi1")), 1e-4) << "ws psi 1";
    EXPECT_LT(maxDiff(g->mapping(z, label, 0.7), refTensor(ref, "ws_psi07")), 1e-4) << "ws psi 0.7, all layers";
    EXPECT_LT(maxDiff(g->mapping(z, label, 0.5, 2), refTensor(ref, "ws_psi05_cutoff2")), 1e-4) << "ws psi 0.5 cutoff 2";
    if (ref.tensors.count("ws_psi07_cutoff8"))
        EXPECT_LT(maxDiff(g->mapping(z, label, 0.7, 8), refTensor(ref, "ws_psi07_cutoff8")), 1e-4) << "ws psi 0.7 cutoff 8";

    for (const auto& [name, mode] : {std::pair{"img_psi1_const", NoiseMode::Const}, {"img_psi1_none", NoiseMode::None}}) {
        // One batch for every seed: batching must not change a row.
        const torch::Tensor img = g->synthesis(ws1, noiseOf(mode));
        const torch::Tensor expected = refTensor(ref, name);
        EXPECT_LT(maxDiff(img, expected), 1e-4) << name;
        EXPECT_LE((toUint8(img) - toUint8(expected)).abs().max().item<int>(), 1) << name << " as uint8";
        EXPECT_GT(img.std().item<double>(), 0.05) << name << " is flat";
    }
    if (c.has_psi07_img) {
        const torch::Tensor img = g->synthesis(g->mapping(z, label, 0.7), noiseOf(NoiseMode::Const));
        EXPECT_LT(maxDiff(img, refTensor(ref, "img_psi07_const")), 1e-4) << "img psi 0.7";
    }
    // Mixing cell (r, c): row r's ws with ws 0-3 from column c, const noise.
    // Seeds past z_seeds (column 4) take their z from NumPy's RandomState(seed).randn.
    auto wsOfSeed = [&](int seed) {
        if (seed < n) return ws1.narrow(0, seed, 1);
        const std::vector<double> zs = latentForSeed(static_cast<std::uint64_t>(seed), static_cast<int>(z.size(1)));
        const torch::Tensor z1 = torch::tensor(zs, torch::kFloat64).view({1, -1});
        return g->mapping(z1, label.defined() ? label.narrow(0, 0, 1) : label, 1.0);
    };
    const torch::Tensor mix = refTensor(ref, "mix_img");
    for (std::size_t i = 0; i < c.mix_rows.size(); ++i) {
        for (std::size_t j = 0; j < c.mix_cols.size(); ++j) {
            torch::Tensor ws = wsOfSeed(c.mix_rows[i]).clone();
            ws.narrow(1, 0, 4).copy_(wsOfSeed(c.mix_cols[j]).narrow(1, 0, 4));
            const torch::Tensor img = g->synthesis(ws, noiseOf(NoiseMode::Const));
            EXPECT_LT(maxDiff(img[0], mix[static_cast<int64_t>(i)][static_cast<int64_t>(j)]), 1e-4)
                << "mix cell " << c.mix_rows[i] << "," << c.mix_cols[j];
        }
    }
}

TEST(StyleGan1, Res64MatchesTheNumpyReference) { checkAgainstReference({"sg1_64.pkl", "sg1_64_ref.safetensors", {0, 1}, {2, 3, 4}}); }

TEST(StyleGan1, ConditionalRes128FusedUpsamplingMatchesTheNumpyReference) {
    checkAgainstReference({"sg1_128_cond.pkl", "sg1_128_cond_ref.safetensors", {0}, {1, 2}, false});
}

TEST(StyleGan1, EveryEncodingOfRes16MatchesTheNumpyReference) {
    for (const char* pkl : {"sg1_16.pkl", "sg1_16_bigendian.pkl", "sg1_16_fortran.pkl", "sg1_16_zero_d.pkl"})
        checkAgainstReference({pkl, "sg1_16_ref.safetensors", {0, 1}, {2}});
    checkAgainstReference({"sg1_16_float16.pkl", "sg1_16_float16_ref.safetensors", {0, 1}, {2}});
}

TEST(StyleGan2Tf, LegacyConversionRendersLikeNvidia) {
    checkAgainstReference({"sg2_32.pkl", "sg2_32_ref.safetensors", {0, 1}, {2, 3, 4}});
}

// Hostile files that parse but do not describe a G_style: refused by the
// family's validation before anything is built (the parse-level ones are in
// test_tf_pickle.cpp).
TEST(StyleGan1, VariablesThatDoNotFitTheKwargsAreRefused) {
    const std::pair<const char*, const char*> cases[] = {
        {"bad_missing_variable.pkl", "missing variable 'synthesis/8x8/Conv1/weight'"},
        {"bad_kwargs_mismatch.pkl", "missing variable 'synthesis/noise6' (expected shape [1, 1, 32, 32]"},
        {"bad_variable_shape.pkl", "variable 'synthesis/8x8/Conv1/StyleMod/weight' has wrong shape; expected [8, 16]"},
        {"bad_nan_weight.pkl", "'synthesis/8x8/Conv1/weight' contains NaN or infinite values"},
    };
    for (const auto& [file, message] : cases) {
        std::string error = "accepted";
        try {
            loadGenerator((kTf / file).string(), torch::kCPU);
        } catch (const std::exception& e) {
            error = e.what();
        }
        EXPECT_NE(error.find(message), std::string::npos) << file << ": " << error;
        EXPECT_EQ(error.rfind((kTf / file).string(), 0), 0u) << "the error starts with the path: " << error;
    }
}

TEST(StyleGan1, DescriptionLayerMapNoiseAndPresets) {
    const auto g = loadGenerator((kTf / "sg1_64.pkl").string(), torch::kCPU);
    const ModelDescription& d = g->description();
    EXPECT_EQ(d.family, "stylegan1");
    EXPECT_EQ(d.num_ws, 10);   // 2 log2(64) - 2
    ASSERT_EQ(d.layers.size(), 10u);
    for (int i = 0; i < 10; ++i) {
        EXPECT_EQ(d.layers[static_cast<std::size_t>(i)].ws_index, i);
        EXPECT_EQ(d.layers[static_cast<std::size_t>(i)].noise_index, i);
        EXPECT_EQ(d.layers[static_cast<std::size_t>(i)].resolution, 4 << (i / 2));
    }
    EXPECT_EQ(d.layers[2].name, "8x8/Conv0_up");
    EXPECT_EQ(d.coarse, (WsRange{0, 4}));
    EXPECT_EQ(d.middle, (WsRange{4, 8}));
    EXPECT_EQ(d.fine, (WsRange{8, 10}));
    ASSERT_EQ(d.noise_strengths.size(), 10u);
    // The learned strength of a layer is the mean |Noise/weight| of its channels.
    const RawWeights raw = readWeightsFile((kTf / "sg1_64.pkl").string());
    const RawTensor& nw = raw.tensors.at("synthesis/8x8/Conv1/Noise/weight");
    double sum = 0;
    for (int64_t i = 0; i < nw.numel(); ++i) {
        float v;
        std::memcpy(&v, nw.bytes.data() + 4 * i, 4);
        sum += std::abs(v);
    }
    EXPECT_NEAR(d.noise_strengths[3], sum / static_cast<double>(nw.numel()), 1e-6);
}

TEST(StyleGan1, NoiseModesAndPerLayerMultipliers) {
    const auto g = loadGenerator((kTf / "sg1_64.pkl").string(), torch::kCPU);
    const torch::Tensor z = torch::randn({2, 96}, torch::kFloat64);
    const torch::Tensor ws = g->mapping(z, {}, 1.0);
    const torch::Tensor none = g->synthesis(ws, noiseOf(NoiseMode::None));
    NoiseSpec off = noiseOf(NoiseMode::Const);
    off.multipliers.assign(10, 0.f);
    EXPECT_TRUE(torch::equal(g->synthesis(ws, off), none)) << "multiplier 0 everywhere must equal no noise";
    NoiseSpec random = noiseOf(NoiseMode::Random);
    random.seed = 5;
    const torch::Tensor a = g->synthesis(ws, random);
    EXPECT_TRUE(torch::equal(a, g->synthesis(ws, random))) << "random noise is a function of its seed";
    EXPECT_GT((a - none).abs().max().item<float>(), 1e-3);
    random.seed = 6;
    EXPECT_GT((a - g->synthesis(ws, random)).abs().max().item<float>(), 1e-3);
    // Doubling one layer's knob doubles its per-channel noise: differs from const.
    NoiseSpec twice = noiseOf(NoiseMode::Const);
    twice.multipliers.assign(10, 1.f);
    twice.multipliers[9] = 2.f;
    EXPECT_GT((g->synthesis(ws, twice) - g->synthesis(ws, noiseOf(NoiseMode::Const))).abs().max().item<float>(), 1e-4);
}

TEST(StyleGan1, StagedSynthesisResumesFromAnyLayer) {
    const auto g = loadGenerator((kTf / "sg1_128_cond.pkl").string(), torch::kCPU);
    const torch::Tensor z = torch::randn({3, 64}, torch::kFloat64);
    const torch::Tensor c = torch::eye(4).narrow(0, 0, 3);
    const torch::Tensor ws = g->mapping(z, c, 0.7, 8);
    const NoiseSpec noise = noiseOf(NoiseMode::Const);
    const torch::Tensor whole = g->synthesis(ws, noise);
    SynthesisState s = g->initialState(3);
    g->runLayers(s, ws, 5, noise);
    EXPECT_EQ(g->snapshotBytes(5), 4.0 * s.x[0].numel());
    g->runLayers(s, ws, g->numLayers(), noise);
    EXPECT_LT((g->outputImage(s) - whole).abs().max().item<float>(), 1e-5);
}

// A 1024² FFHQ-shaped file (default kwargs, random weights) made by our own writer.
TEST(StyleGan1, FfhqShaped1024LoadsAndRenders) {
    const std::string writer = std::string(STYLEMIX_SOURCE_DIR) + "/tests/tf/tf_pickle_writer.py";
    ASSERT_TRUE(fs::exists("/usr/bin/python3")) << "/usr/bin/python3 is missing: cannot write the 1024² pickle (bootstrap.sh installs python3)";
    ASSERT_EQ(std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1"), 0)
        << "numpy is missing for /usr/bin/python3 (bootstrap.sh installs python3-numpy)";
    const std::string dir = testing::scratchDir("sg1_1024");
    const std::string pkl = dir + "/ffhq_shaped.pkl";
    const std::string cmd = "/usr/bin/python3 " + writer + " --stylegan1 --resolution 1024 --random-seed 1 --out " + pkl;
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    const auto g = loadGenerator(pkl, torch::kCPU);
    EXPECT_EQ(g->numWs(), 18);
    EXPECT_EQ(g->description().w_dim, 512);
    const torch::Tensor img = g->synthesis(g->mapping(torch::randn({1, 512}, torch::kFloat64), {}, 0.7, 8),
                                           noiseOf(NoiseMode::Const));
    EXPECT_EQ(img.sizes(), (std::vector<int64_t>{1, 3, 1024, 1024}));
    EXPECT_TRUE(torch::isfinite(img).all().item<bool>());
    EXPECT_GT(img.std().item<float>(), 0.01f);
    fs::remove(pkl);
}

}  // namespace
}  // namespace stylemix
