// Weight validation: the default model read into RawWeights, mutated in
// memory, then configFromRaw + validateWeights must refuse it with a message
// naming the tensor (or key) and what was expected. Plus F16/BF16 storage,
// stylegan2-ada's nested init_kwargs, and broken files on disk.
#include "model/io/half_float.h"
#include "model/core/numpy_random.h"
#include "model/io/safetensors.h"
#include "model/nets/load_generator.h"
#include "model/nets/stylegan2/stylegan2_weights.h"
#include "model/io/weights_file.h"
#include "tests/image_compare.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

using namespace stylemix;
using namespace stylemix::testing;

namespace {

const RawWeights& defaultRaw() {
    static const RawWeights raw = readSafetensors(defaultModelPath());
    return raw;
}

// Runs configFromRaw + validateWeights; returns the error message or "<accepted>".
std::string validationError(const RawWeights& raw) {
    try {
        const StyleGan2Config config = configFromRaw(raw);
        validateWeights(raw, config);
    } catch (const std::exception& e) {
        return e.what();
    }
    return "<accepted>";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

nlohmann::json kwargs(const RawWeights& raw) { return nlohmann::json::parse(raw.init_kwargs_json); }

torch::Tensor latents(const std::vector<std::uint64_t>& seeds) {
    torch::Tensor z = torch::empty({static_cast<int64_t>(seeds.size()), 512}, torch::kFloat64);
    for (size_t i = 0; i < seeds.size(); ++i) {
        const auto v = latentForSeed(seeds[i], 512);
        std::memcpy(z[static_cast<int64_t>(i)].data_ptr<double>(), v.data(), v.size() * sizeof(double));
    }
    return z;
}

torch::Tensor imagesOf(const RawWeights& raw, const std::vector<std::uint64_t>& seeds) {
    const StyleGan2Config config = configFromRaw(raw);
    const StyleGan2Generator g(config, validateWeights(raw, config), torch::kCPU);
    return g.synthesis(g.mapping(latents(seeds), {}, 1.0), NoiseSpec{});
}

RawWeights toHalf(const RawWeights& raw, DType dtype) {
    RawWeights out = raw;
    for (auto& [name, t] : out.tensors) {
        EXPECT_EQ(t.dtype, DType::F32) << name;
        const int64_t n = t.numel();
        std::vector<std::uint8_t> bytes(static_cast<size_t>(n) * 2);
        for (int64_t i = 0; i < n; ++i) {
            float f;
            std::memcpy(&f, t.bytes.data() + 4 * i, 4);
            const std::uint16_t h = dtype == DType::F16 ? floatToHalf(f) : floatToBfloat16(f);
            std::memcpy(bytes.data() + 2 * i, &h, 2);
        }
        t.dtype = dtype;
        t.bytes = std::move(bytes);
    }
    return out;
}

const char* kWeight = "synthesis.b8.conv0.weight";   // [256, 256, 3, 3] for the default model

}  // namespace

TEST(WeightsValidation, DefaultModelIsAccepted) {
    EXPECT_EQ(validationError(defaultRaw()), "<accepted>");
    EXPECT_EQ(defaultRaw().tensors.size(), 106u);
}

TEST(WeightsValidation, MissingTensor) {
    RawWeights raw = defaultRaw();
    ASSERT_EQ(raw.tensors.erase(kWeight), 1u);
    const std::string m = validationError(raw);
    EXPECT_TRUE(contains(m, kWeight) && contains(m, "missing") && contains(m, "[256, 256, 3, 3]")) << m;
    EXPECT_TRUE(contains(m, defaultModelPath())) << m;

    raw = defaultRaw();
    raw.tensors.erase("mapping.w_avg");
    const std::string w = validationError(raw);
    EXPECT_TRUE(contains(w, "mapping.w_avg") && contains(w, "missing")) << w;
}

TEST(WeightsValidation, ExtraTensor) {
    RawWeights raw = defaultRaw();
    raw.tensors["synthesis.b8.conv0.extra_scale"] = raw.tensors.at("synthesis.b8.conv0.bias");
    const std::string m = validationError(raw);
    EXPECT_TRUE(contains(m, "synthesis.b8.conv0.extra_scale") && contains(m, "unexpected")) << m;

    // A tensor of a layer this architecture does not have (a 128x128 block).
    raw = defaultRaw();
    raw.tensors["synthesis.b128.conv0.bias"] = raw.tensors.at("synthesis.b64.conv0.bias");
    const std::string b = validationError(raw);
    EXPECT_TRUE(contains(b, "synthesis.b128.conv0.bias") && contains(b, "unexpected")) << b;
}

TEST(WeightsValidation, WrongShape) {
    RawWeights raw = defaultRaw();
    raw.tensors.at(kWeight).shape = {256, 256, 9, 1};   // same byte count
    const std::string m = validationError(raw);
    EXPECT_TRUE(contains(m, kWeight) && contains(m, "expected [256, 256, 3, 3]") && contains(m, "got [256, 256, 9, 1]"))
        << m;

    raw = defaultRaw();
    RawTensor& s = raw.tensors.at("synthesis.b16.conv1.noise_strength");
    ASSERT_TRUE(s.shape.empty());
    s.shape = {1};
    const std::string n = validationError(raw);
    EXPECT_TRUE(contains(n, "synthesis.b16.conv1.noise_strength") && contains(n, "expected []") && contains(n, "got [1]"))
        << n;
}

TEST(WeightsValidation, WrongDtype) {
    RawWeights raw = defaultRaw();
    RawTensor& t = raw.tensors.at("synthesis.b4.conv1.bias");
    t.dtype = DType::I64;
    t.bytes.assign(static_cast<size_t>(t.numel()) * 8, 0);
    const std::string m = validationError(raw);
    EXPECT_TRUE(contains(m, "synthesis.b4.conv1.bias") && contains(m, "I64") && contains(m, "F32")) << m;

    raw = defaultRaw();
    RawTensor& d = raw.tensors.at("synthesis.b4.conv1.bias");
    d.dtype = DType::F64;
    d.bytes.assign(static_cast<size_t>(d.numel()) * 8, 0);
    const std::string f = validationError(raw);
    EXPECT_TRUE(contains(f, "synthesis.b4.conv1.bias") && contains(f, "F64")) << f;
}

TEST(WeightsValidation, NonFiniteValues) {
    for (float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                      -std::numeric_limits<float>::infinity()}) {
        RawWeights raw = defaultRaw();
        RawTensor& t = raw.tensors.at(kWeight);
        std::memcpy(t.bytes.data() + 4 * 1234, &bad, 4);
        const std::string m = validationError(raw);
        EXPECT_TRUE(contains(m, kWeight) && contains(m, "NaN")) << bad << ": " << m;
    }
}

TEST(WeightsValidation, HalfPrecisionStorageIsAccepted) {
    const torch::Tensor ref = imagesOf(defaultRaw(), {0, 1});
    const RawWeights f16 = toHalf(defaultRaw(), DType::F16);
    ASSERT_EQ(validationError(f16), "<accepted>");
    const double d16 = (imagesOf(f16, {0, 1}) - ref).abs().max().item<double>();
    const RawWeights bf16 = toHalf(defaultRaw(), DType::BF16);
    ASSERT_EQ(validationError(bf16), "<accepted>");
    const torch::Tensor img_bf16 = imagesOf(bf16, {0, 1});
    const double dbf16 = (img_bf16 - ref).abs().max().item<double>();
    std::cout << "[ info ] F16 weights: max |diff| " << d16 << "; BF16 weights: max |diff| " << dbf16 << "\n";
    EXPECT_GT(d16, 0.0);   // the conversion really happened
    EXPECT_LT(d16, 0.05);
    EXPECT_TRUE(torch::isfinite(img_bf16).all().item<bool>());
    EXPECT_LT(dbf16, 0.5);
    // Widening is exact: every F16 value reads back as the float it encodes.
    const StyleGan2Config config = configFromRaw(f16);
    const auto tensors = validateWeights(f16, config);
    const RawTensor& t = f16.tensors.at(kWeight);
    std::uint16_t h;
    std::memcpy(&h, t.bytes.data() + 2 * 77, 2);
    EXPECT_EQ(tensors.at(kWeight).flatten()[77].item<float>(), halfToFloat(h));
}

TEST(WeightsValidation, InitKwargsProblems) {
    {
        RawWeights raw = defaultRaw();
        auto j = kwargs(raw);
        j["bogus_option"] = 3;
        raw.init_kwargs_json = j.dump();
        const std::string m = validationError(raw);
        EXPECT_TRUE(contains(m, "bogus_option") && contains(m, "unknown")) << m;
    }
    {
        RawWeights raw = defaultRaw();
        auto j = kwargs(raw);
        j["mapping_kwargs"]["bogus_mapping"] = true;
        raw.init_kwargs_json = j.dump();
        const std::string m = validationError(raw);
        EXPECT_TRUE(contains(m, "mapping_kwargs.bogus_mapping")) << m;
    }
    {
        RawWeights raw = defaultRaw();
        raw.init_kwargs_json.clear();
        const std::string m = validationError(raw);
        EXPECT_TRUE(contains(m, "init_kwargs") && contains(m, defaultModelPath())) << m;
    }
    {
        RawWeights raw = defaultRaw();
        auto j = kwargs(raw);
        j.erase("z_dim");
        raw.init_kwargs_json = j.dump();
        const std::string m = validationError(raw);
        EXPECT_TRUE(contains(m, "z_dim") && contains(m, "missing")) << m;
    }
    {
        RawWeights raw = defaultRaw();
        // StyleGAN3's class is claimed by the StyleGAN3 family; StyleGAN2's config refuses it.
        raw.class_name = "training.networks_stylegan3.Generator";
        const std::string m = validationError(raw);
        EXPECT_TRUE(contains(m, "networks_stylegan3") && contains(m, "is not a StyleGAN2 generator")) << m;
    }
    {
        RawWeights raw = defaultRaw();
        auto j = kwargs(raw);
        j["architecture"] = "resnet";
        raw.init_kwargs_json = j.dump();
        const std::string m = validationError(raw);
        EXPECT_TRUE(contains(m, "resnet") && contains(m, "not supported")) << m;
    }
    {
        RawWeights raw = defaultRaw();
        auto j = kwargs(raw);
        j["img_resolution"] = 48;
        raw.init_kwargs_json = j.dump();
        const std::string m = validationError(raw);
        EXPECT_TRUE(contains(m, "img_resolution") && contains(m, "48") && contains(m, "power of two")) << m;
    }
    {
        // A consistent architecture change that the tensors do not match: 128x128 output.
        RawWeights raw = defaultRaw();
        auto j = kwargs(raw);
        j["img_resolution"] = 128;
        raw.init_kwargs_json = j.dump();
        const std::string m = validationError(raw);
        EXPECT_TRUE(contains(m, "synthesis.b") && (contains(m, "missing") || contains(m, "wrong shape"))) << m;
    }
}

TEST(WeightsValidation, AdaNestedSynthesisKwargsAreAccepted) {
    const torch::Tensor ref = imagesOf(defaultRaw(), {2});
    const StyleGan2Config flat = configFromRaw(defaultRaw());
    RawWeights raw = defaultRaw();
    const auto j = kwargs(raw);
    nlohmann::json ada = {{"z_dim", j["z_dim"]}, {"c_dim", j["c_dim"]}, {"w_dim", j["w_dim"]},
                          {"img_resolution", j["img_resolution"]}, {"img_channels", j["img_channels"]},
                          {"mapping_kwargs", j["mapping_kwargs"]},
                          {"synthesis_kwargs", {{"channel_base", j["channel_base"]}, {"channel_max", j["channel_max"]},
                                                {"num_fp16_res", 4}, {"conv_clamp", 256}, {"architecture", "skip"}}}};
    raw.class_name = "training.networks.Generator";
    raw.init_kwargs_json = ada.dump();
    ASSERT_EQ(validationError(raw), "<accepted>");
    const StyleGan2Config nested = configFromRaw(raw);
    EXPECT_EQ(nested.toJson(), flat.toJson());
    EXPECT_TRUE(torch::equal(imagesOf(raw, {2}), ref));

    // stylegan2-ada-pytorch's own defaults apply when the nested keys are absent.
    ada["synthesis_kwargs"].erase("conv_clamp");
    ada["synthesis_kwargs"].erase("num_fp16_res");
    raw.init_kwargs_json = ada.dump();
    const StyleGan2Config defaults = configFromRaw(raw);
    EXPECT_FALSE(defaults.conv_clamp.has_value());
    EXPECT_EQ(defaults.num_fp16_res, 0);
    EXPECT_EQ(validationError(raw), "<accepted>");

    ada["synthesis_kwargs"]["bogus"] = 1;
    raw.init_kwargs_json = ada.dump();
    const std::string m = validationError(raw);
    EXPECT_TRUE(contains(m, "synthesis_kwargs.bogus")) << m;
}

TEST(WeightsFiles, BrokenFilesGiveClearErrors) {
    const std::string dir = scratchDir("weights_files");
    const std::vector<std::uint8_t> bytes = readFileBytes(defaultModelPath());
    ASSERT_GT(bytes.size(), 1000000u);
    auto loadError = [](const std::string& path) {
        try {
            loadGenerator(path, torch::kCPU);
        } catch (const std::exception& e) {
            return std::string(e.what());
        }
        return std::string("<loaded>");
    };

    for (size_t keep : {bytes.size() / 2, bytes.size() - 1, size_t{100}, size_t{4}}) {
        const std::string path = dir + "/truncated_" + std::to_string(keep) + ".safetensors";
        std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(keep));
        const std::string m = loadError(path);
        EXPECT_TRUE(contains(m, path)) << "kept " << keep << " bytes: " << m;
        EXPECT_NE(m, "<loaded>");
    }
    const std::string missing = dir + "/does_not_exist.safetensors";
    std::string m = loadError(missing);
    EXPECT_TRUE(contains(m, missing)) << m;
    const std::string sub = dir + "/a_directory.safetensors";
    std::filesystem::create_directories(sub);
    m = loadError(sub);
    EXPECT_TRUE(contains(m, sub)) << m;
    const std::string empty = dir + "/empty.safetensors";
    std::ofstream(empty, std::ios::binary).flush();
    m = loadError(empty);
    EXPECT_TRUE(contains(m, empty)) << m;
}
