// TF-era (G, D, Gs) pickles read without TensorFlow, numpy or Python: the
// fixtures of tests/data/tf (README there), their encodings, the StyleGAN2
// name mapping and the hostile files. Torch-free.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/stat.h>

#include "model/io/pickle/pickle_limits.h"
#include "model/io/tf_pickle.h"
#include "model/io/weights_file.h"
#include "model/nets/family_reader.h"
#include "model/nets/stylegan1/stylegan1_tf_import.h"

namespace stylemix {
namespace {

namespace fs = std::filesystem;

const fs::path kTf = fs::path(STYLEMIX_SOURCE_DIR) / "tests" / "data" / "tf";

std::string path(const char* name) { return (kTf / name).string(); }

// The file read and adopted by its family, as a load does.
RawWeights adopted(const char* name) { return adoptWeights(readWeightsFile(path(name))).weights; }

std::string errorOf(const char* name) {
    try {
        adopted(name);
    } catch (const std::exception& e) {
        return e.what();
    }
    return "accepted";
}

float floatAt(const RawTensor& t, std::size_t i) {
    float v;
    std::memcpy(&v, t.bytes.data() + 4 * i, 4);
    return v;
}

// model/io records Gs as found; the StyleGAN1 family adopts it.
TEST(TfPickle, GsIsReadAsFound) {
    const RawWeights raw = readWeightsFile(path("sg1_64.pkl"));
    EXPECT_EQ(raw.container, Container::TfPickle);
    EXPECT_EQ(raw.class_name, "G_style");
    EXPECT_EQ(nlohmann::json::parse(raw.init_kwargs_json)["resolution"], 64);
    ASSERT_EQ(raw.components.size(), 2u);   // in stored order: synthesis, mapping
    const auto component = [&](const std::string& key) {
        const auto it = std::find_if(raw.components.begin(), raw.components.end(), [&](const RawComponent& c) { return c.key == key; });
        return it == raw.components.end() ? RawComponent{} : *it;
    };
    EXPECT_EQ(component("mapping").class_name, "G_mapping");
    EXPECT_EQ(nlohmann::json::parse(component("mapping").kwargs_json)["dlatent_broadcast"], 10);
    EXPECT_EQ(component("synthesis").class_name, "G_synthesis");
    EXPECT_EQ(raw.tensors.at("mapping/Dense0/weight").shape, (std::vector<std::int64_t>{96, 80}));
}

TEST(TfPickle, StyleGan1GsWithComponentsAndKwargs) {
    const RawWeights raw = adopted("sg1_64.pkl");
    EXPECT_EQ(raw.container, Container::Safetensors);
    EXPECT_EQ(raw.class_name, kStyleGan1ClassName);
    EXPECT_TRUE(raw.components.empty());
    const auto kwargs = nlohmann::json::parse(raw.init_kwargs_json);
    EXPECT_EQ(kwargs["G_style"]["resolution"], 64);
    EXPECT_EQ(kwargs["mapping"]["dlatent_broadcast"], 10);
    EXPECT_EQ(kwargs["synthesis"]["fmap_max"], 32);
    // Gs's own variables, then the components' with their prefix; D and G are not read.
    const RawTensor& avg = raw.tensors.at("dlatent_avg");
    EXPECT_EQ(avg.shape, (std::vector<std::int64_t>{64}));
    EXPECT_EQ(raw.tensors.at("lod").shape, (std::vector<std::int64_t>{}));
    EXPECT_EQ(raw.tensors.at("mapping/Dense0/weight").shape, (std::vector<std::int64_t>{96, 80}));
    EXPECT_EQ(raw.tensors.at("synthesis/64x64/Conv0_up/weight").shape, (std::vector<std::int64_t>{3, 3, 16, 8}));
    EXPECT_EQ(raw.tensors.count("synthesis/FromRGB_lod0/weight"), 0u);
}

TEST(TfPickle, EveryEncodingReadsToTheSameValues) {
    const RawWeights base = readWeightsFile(path("sg1_16.pkl"));
    for (const char* variant : {"sg1_16_bigendian.pkl", "sg1_16_fortran.pkl", "sg1_16_zero_d.pkl"}) {
        SCOPED_TRACE(variant);
        const RawWeights v = readWeightsFile(path(variant));
        ASSERT_EQ(v.tensors.size(), base.tensors.size());
        for (const auto& [name, t] : base.tensors) {
            const RawTensor& o = v.tensors.at(name);
            EXPECT_EQ(o.dtype, t.dtype) << name;
            EXPECT_EQ(o.shape, t.shape) << name;
            EXPECT_EQ(o.bytes, t.bytes) << name;
        }
    }
    const RawWeights half = readWeightsFile(path("sg1_16_float16.pkl"));
    EXPECT_EQ(half.tensors.at("synthesis/4x4/Conv/weight").dtype, DType::F16);
}

TEST(TfPickle, StyleGan2IsMappedToOfficialNamesLikeLegacyPy) {
    EXPECT_EQ(readWeightsFile(path("sg2_32.pkl")).class_name, "G_main");   // as found
    const RawWeights raw = adopted("sg2_32.pkl");
    EXPECT_EQ(raw.class_name, "training.networks_stylegan2.Generator");
    EXPECT_FALSE(raw.sha256.empty());   // kept through the translation
    const auto kw = nlohmann::json::parse(raw.init_kwargs_json);
    EXPECT_EQ(kw["channel_base"], 256);   // 2 x fmap_base
    EXPECT_EQ(kw["num_fp16_res"], 0);
    EXPECT_TRUE(kw["conv_clamp"].is_null());
    EXPECT_EQ(kw["mapping_kwargs"]["layer_features"], 56);
    EXPECT_EQ(raw.tensors.at("synthesis.b8.conv0.weight").shape, (std::vector<std::int64_t>{32, 32, 3, 3}));
    EXPECT_EQ(raw.tensors.at("synthesis.b32.conv1.noise_const").shape, (std::vector<std::int64_t>{32, 32}));
    EXPECT_EQ(raw.tensors.at("mapping.fc0.weight").shape, (std::vector<std::int64_t>{56, 64}));

    // Values against the TF variables read directly: mod_bias + 1, and Conv0_up's
    // kernel flipped: out[o, i, y, x] = tf[2 - y, 2 - x, i, o].
    std::ifstream f(path("sg2_32.pkl"), std::ios::binary);
    const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    const TfNetwork gs = parseTfPickle(bytes.data(), bytes.size(), "sg2_32.pkl");
    const TfNetwork* syn = gs.component("synthesis");
    ASSERT_NE(syn, nullptr);
    const RawTensor& mod_bias = *syn->variable("8x8/Conv1/mod_bias");
    const RawTensor& bias = raw.tensors.at("synthesis.b8.conv1.affine.bias");
    for (std::size_t i = 0; i < 32; ++i) EXPECT_FLOAT_EQ(floatAt(bias, i), floatAt(mod_bias, i) + 1.f);
    const RawTensor& tf_w = *syn->variable("16x16/Conv0_up/weight");   // [3, 3, 32, 16]
    const RawTensor& pt_w = raw.tensors.at("synthesis.b16.conv0.weight");   // [16, 32, 3, 3]
    for (int o : {0, 7, 15})
        for (int i : {0, 31})
            for (int y = 0; y < 3; ++y)
                for (int x = 0; x < 3; ++x)
                    EXPECT_EQ(floatAt(pt_w, static_cast<std::size_t>(((o * 32 + i) * 3 + y) * 3 + x)),
                              floatAt(tf_w, static_cast<std::size_t>((((2 - y) * 3 + (2 - x)) * 32 + i) * 16 + o)));
    const RawTensor& noise = *syn->variable("noise4");   // b16.conv1 <- noise{2 log2(16) - 4}
    EXPECT_EQ(raw.tensors.at("synthesis.b16.conv1.noise_const").bytes, noise.bytes);
}

TEST(TfPickle, RevisedStyleGan2IsNotSupported) {
    const std::string e = errorOf("sg2_revised_16.pkl");
    EXPECT_NE(e.find("G_synthesis_stylegan_revised"), std::string::npos) << e;
    EXPECT_NE(e.find("not supported"), std::string::npos) << e;
}

// The hostile files refused while parsing; the others are refused by the
// StyleGAN1 family's validation (test_stylegan1.cpp).
TEST(TfPickle, HostileFilesAreRefusedAndNothingRuns) {
    fs::remove("/tmp/stylemix_pwned");
    const std::pair<const char*, const char*> cases[] = {
        {"bad_global_os_system.pkl", "refusing global os.system"},
        {"bad_object_dtype.pkl", "variable '4x4/Conv/bias': object dtype 'O8' is not supported"},
        {"bad_shape_bytes_mismatch.pkl", "variable '4x4/Conv/weight': shape needs 576 x 4 = 2304 bytes of data, found 2016"},
        {"bad_negative_dim.pkl", "variable '4x4/Conv/bias': dimension 0 is -1, expected >= 0"},
        {"bad_huge_dims.pkl", "variable '4x4/Conv/weight': shape has more than 2^48 elements"},
    };
    for (const auto& [file, message] : cases) {
        const std::string e = errorOf(file);
        EXPECT_NE(e.find(message), std::string::npos) << file << ": " << e;
        EXPECT_EQ(e.rfind(path(file), 0), 0u) << "the error starts with the path: " << e;
    }
    EXPECT_FALSE(fs::exists("/tmp/stylemix_pwned"));
}

TEST(TfPickle, TruncatedFilesAreRefusedAtEveryLength) {
    std::ifstream f(path("sg1_16.pkl"), std::ios::binary);
    const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    for (std::size_t n = 0; n < bytes.size(); n += 97) {
        EXPECT_THROW(parseTfPickle(bytes.data(), n, "cut.pkl"), pickle::PickleError) << n;
    }
}

TEST(TfPickle, ContentSniffing) {
    EXPECT_TRUE(looksLikeTfPickleFile(path("sg1_16.pkl")));
    EXPECT_TRUE(looksLikeTfPickleFile(path("sg2_32.pkl")));
    EXPECT_FALSE(looksLikeTfPickleFile(path("sg1_16_ref.safetensors")));
    const fs::path torch_pickle = fs::path(STYLEMIX_SOURCE_DIR) / "tests" / "data" / "pickle" / "sg2_tiny_p4.pkl";
    if (fs::exists(torch_pickle)) EXPECT_FALSE(looksLikeTfPickleFile(torch_pickle.string()));
}

// A FIFO (or directory) named like a TF pickle is refused by the checked
// opener, never read (reading a FIFO would block forever).
TEST(TfPickle, NonRegularFilesAreRefusedWithoutReading) {
    const fs::path dir = fs::path(STYLEMIX_TEST_TMP) / "tf_pickle_fifo";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string fifo = (dir / "model.pkl").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    for (const std::string& p : {fifo, dir.string()}) {
        try {
            readTfPickle(p);
            ADD_FAILURE() << p << " was read";
        } catch (const std::exception& e) {
            const std::string msg = e.what();
            EXPECT_TRUE(msg.find("is a FIFO") != std::string::npos || msg.find("is a directory") != std::string::npos)
                << msg;
        }
        EXPECT_THROW(looksLikeTfPickleFile(p), std::exception) << p;
    }
}

}  // namespace
}  // namespace stylemix
