// NVIDIA network pickles: fixtures from tests/make_test_pickles.py must read
// back exactly like their safetensors twins, and every hostile pickle must be
// refused with a message that says why.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/io/network_pickle.h"
#include "model/io/pickle/pickle_limits.h"
#include "model/io/pickle/torch_legacy_storage.h"
#include "model/io/safetensors.h"
#include "model/nets/family_reader.h"

namespace stylemix {
namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(STYLEMIX_SOURCE_DIR) / "tests" / "data" / "pickle";
const fs::path kCorpus = fs::path(STYLEMIX_SOURCE_DIR) / "tests" / "fuzz" / "corpus";

std::vector<std::uint8_t> slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in) << path;
    return std::vector<std::uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A pickle read as found, then adopted by its family (which names the class the pickle leaves bare).
RawWeights adoptedPickle(const fs::path& path) {
    RawWeights raw = readNetworkPickle(path.string());
    EXPECT_EQ(raw.container, Container::PyTorchPickle);
    EXPECT_EQ(raw.class_name, "Generator");   // the bare name persistence pickles
    return adoptWeights(std::move(raw)).weights;
}

void expectSameWeights(const RawWeights& pkl, const RawWeights& twin) {
    ASSERT_EQ(pkl.tensors.size(), twin.tensors.size());
    for (const auto& [name, t] : twin.tensors) {
        SCOPED_TRACE(name);
        const auto it = pkl.tensors.find(name);
        ASSERT_NE(it, pkl.tensors.end()) << "missing from the pickle";
        EXPECT_EQ(it->second.dtype, t.dtype);
        EXPECT_EQ(it->second.shape, t.shape);
        EXPECT_TRUE(it->second.bytes == t.bytes) << "bytes differ";
    }
    EXPECT_EQ(nlohmann::json::parse(pkl.init_kwargs_json), nlohmann::json::parse(twin.init_kwargs_json));
    EXPECT_EQ(pkl.class_name, twin.class_name);
}

TEST(NetworkPickle, StyleGan3RepoLayoutMatchesSafetensorsTwin) {
    const RawWeights pkl = adoptedPickle(kData / "sg2_tiny_p4.pkl");
    const RawWeights twin = readSafetensors((kData / "sg2_tiny_p4.safetensors").string());
    expectSameWeights(pkl, twin);
    EXPECT_EQ(pkl.class_name, "training.networks_stylegan2.Generator");
    EXPECT_EQ(pkl.source, (kData / "sg2_tiny_p4.pkl").string());
    // Official names, G_ema (not G: the fixture's G is offset by +1), views gathered.
    EXPECT_EQ(pkl.tensors.count("synthesis.b16.conv1.noise_const"), 1u);
    EXPECT_EQ(pkl.tensors.count("mapping.w_avg"), 1u);
    EXPECT_EQ(pkl.tensors.at("synthesis.b4.conv1.noise_strength").shape, std::vector<std::int64_t>{});
    // Non-persistent and None buffers are not in a state_dict.
    EXPECT_EQ(pkl.tensors.count("synthesis.scratch"), 0u);
    EXPECT_EQ(pkl.tensors.count("synthesis.unused"), 0u);
    const auto kwargs = nlohmann::json::parse(pkl.init_kwargs_json);
    EXPECT_EQ(kwargs.at("img_resolution"), 16);
    EXPECT_EQ(kwargs.at("mapping_kwargs").at("num_layers"), 2);
}

TEST(NetworkPickle, Ada3ProtocolHalfConditionalMatchesSafetensorsTwin) {
    const RawWeights pkl = adoptedPickle(kData / "sg2ada_cond_p3_f16.pkl");
    const RawWeights twin = readSafetensors((kData / "sg2ada_cond_p3_f16.safetensors").string());
    expectSameWeights(pkl, twin);
    EXPECT_EQ(pkl.class_name, "training.networks.Generator");
    EXPECT_EQ(pkl.tensors.at("mapping.embed.weight").dtype, DType::F16);
    // Positional constructor args are named like the Generator signature.
    const auto kwargs = nlohmann::json::parse(pkl.init_kwargs_json);
    EXPECT_EQ(kwargs.at("c_dim"), 3);
    EXPECT_EQ(kwargs.at("synthesis_kwargs").at("architecture"), "skip");
}

// StyleGAN3 is told from its structure (synthesis.input, by the families'
// claims) and comes with its layer attributes; tests/test_stylegan3.cpp renders the real fixtures.
TEST(NetworkPickle, StyleGan3IsReadWithItsLayerAttributes) {
    const RawWeights raw = adoptedPickle(kData / "sg3_tiny.pkl");
    EXPECT_EQ(raw.class_name, "training.networks_stylegan3.Generator");
    const auto attrs = nlohmann::json::parse(raw.attributes_json);
    ASSERT_TRUE(attrs.contains("synthesis.input")) << raw.attributes_json.substr(0, 200);
    EXPECT_TRUE(attrs.at("synthesis.input").is_object());   // this stand-in's modules carry few attributes
}

struct Hostile {
    const char* file;
    const char* expected;
};

const Hostile kHostile[] = {
    {"bad_global_os_system.pkl", "refusing global os.system"},
    {"bad_global_posix_system.pkl", "refusing global posix.system"},
    {"bad_global_builtins_eval.pkl", "refusing global builtins.eval"},
    {"bad_global_subprocess_popen.pkl", "refusing global subprocess.Popen"},
    {"bad_unknown_class.pkl", "refusing global training.networks_stylegan2.Generator"},
    {"bad_reduce_on_str.pkl", "REDUCE expects an allow-listed global as the callable, found str"},
    {"bad_reduce_value_only.pkl", "torch.FloatStorage may appear as a value but is never called"},
    {"bad_deep_nesting.pkl", "nested deeper than 256 levels"},
    {"bad_deep_marks.pkl", "more than 256 nested MARKs"},
    {"bad_huge_str.pkl", "str of 4611686018427387904 bytes exceeds the limit"},
    {"bad_huge_bytes.pkl", "truncated: bytes data needs 18446744073709551615 bytes but only 4 remain"},
    {"bad_huge_long.pkl", "int of 2147483647 bytes exceeds the limit"},
    {"bad_memo_missing.pkl", "memo slot 5 was never stored"},
    {"bad_memo_index_huge.pkl", "memo index 4294967295 exceeds the limit"},
    {"bad_protocol0.pkl", "not a pickle of protocol 2-5"},
    {"bad_next_buffer.pkl", "out-of-band buffers"},
    {"bad_truncated.pkl", "truncated"},
    {"bad_storage_truncated.pkl", "truncated: storage"},
    {"bad_storage_count_mismatch.pkl", "holds 15 elements, its persistent id declared 16"},
    {"bad_storage_huge_count.pkl", "declares 2305843009213693952 x F32 elements but only 64 bytes remain"},
    {"bad_tensor_exceeds_storage.pkl", "reach beyond the 16 elements of storage"},
    {"bad_tensor_stride_overflow.pkl", "reach beyond the 16 elements of storage"},
    {"bad_storage_key_unreferenced.pkl", "storage key '7' in the key list was never referenced"},
    {"bad_storage_no_data.pkl", "has no data"},
    {"bad_persistent_id_module.pkl", "expected a 6-tuple ('storage'"},
    {"bad_persistent_id_nowhere.pkl", "points nowhere"},
    {"bad_no_generator.pkl", "no 'G_ema' or 'G' network"},
};

TEST(NetworkPickle, HostilePicklesAreRefusedWithAClearMessage) {
    for (const Hostile& h : kHostile) {
        const std::string path = (kData / h.file).string();
        SCOPED_TRACE(path);
        try {
            readNetworkPickle(path);
            ADD_FAILURE() << "accepted";
        } catch (const pickle::PickleError& e) {
            const std::string msg = e.what();
            EXPECT_EQ(msg.rfind(path + ": ", 0), 0u) << "message does not start with the path: " << msg;
            EXPECT_NE(msg.find(h.expected), std::string::npos) << "expected '" << h.expected << "' in: " << msg;
        }
    }
}

TEST(NetworkPickle, TheSeedCorpusHoldsEveryHostileFixture) {
    for (const Hostile& h : kHostile) EXPECT_TRUE(fs::exists(kCorpus / "pickle" / h.file)) << h.file;
}

TEST(NetworkPickle, MicroSeedsOfEveryProtocolParse) {
    for (int proto = 2; proto <= 5; ++proto) {
        const fs::path path = kCorpus / "pickle" / ("valid_micro_p" + std::to_string(proto) + ".pkl");
        SCOPED_TRACE(path);
        const RawWeights w = readNetworkPickle(path.string());
        EXPECT_EQ(w.tensors.size(), 16u);   // mapping 3, b4 13
        EXPECT_EQ(w.tensors.at("synthesis.b4.const").shape, (std::vector<std::int64_t>{2, 4, 4}));
    }
}

TEST(NetworkPickle, EveryTruncationIsRefusedWithoutCrashing) {
    const std::vector<std::uint8_t> data = slurp(kData / "sg2_tiny_p4.pkl");
    ASSERT_GT(data.size(), 1000u);
    std::vector<std::size_t> cuts;
    for (std::size_t n = 0; n < data.size(); n += 97) cuts.push_back(n);
    for (std::size_t n = data.size() - 64; n < data.size(); ++n) cuts.push_back(n);
    for (std::size_t n : cuts) {
        EXPECT_THROW(parseNetworkPickle(data.data(), n, "cut.pkl"), pickle::PickleError) << n << " bytes";
    }
}

TEST(NetworkPickle, EveryCorruptedByteIsRefusedOrParsed) {
    // Flipping bytes must never crash; whatever still parses keeps its names.
    std::vector<std::uint8_t> data = slurp(kData / "sg2ada_cond_p3_f16.pkl");
    for (std::size_t i = 0; i < data.size(); i += 61) {
        const std::uint8_t saved = data[i];
        data[i] = static_cast<std::uint8_t>(saved ^ 0x5a);
        try {
            parseNetworkPickle(data.data(), data.size(), "flip.pkl");
        } catch (const pickle::PickleError&) {
        }
        data[i] = saved;
    }
}

TEST(NetworkPickle, AllocationBudgetScalesWithTheFile) {
    const std::vector<std::uint8_t> data = slurp(kData / "sg2_tiny_p4.pkl");
    pickle::PickleLimits tight;
    tight.budget_base_bytes = 0;
    tight.budget_per_input_byte = 1;   // the values alone need more than the file size
    EXPECT_THROW(parseNetworkPickle(data.data(), data.size(), "tight.pkl", tight), pickle::LimitError);
    EXPECT_NO_THROW(parseNetworkPickle(data.data(), data.size(), "default.pkl"));
}

TEST(NetworkPickle, LooksLikePickle) {
    EXPECT_TRUE(looksLikePickle((kData / "sg2_tiny_p4.pkl").string()));
    EXPECT_TRUE(looksLikePickle("/no/such/network-snapshot-000100.PKL"));
    EXPECT_FALSE(looksLikePickle((kData / "sg2_tiny_p4.safetensors").string()));
    EXPECT_FALSE(looksLikePickle("/no/such/file"));
    const fs::path tmp = fs::path(STYLEMIX_TEST_TMP) / "pickle_without_extension";
    fs::create_directories(tmp.parent_path());
    const std::vector<std::uint8_t> data = slurp(kData / "sg2_tiny_p4.pkl");
    std::ofstream(tmp, std::ios::binary).write(reinterpret_cast<const char*>(data.data()), 64);
    EXPECT_TRUE(looksLikePickle(tmp.string()));
}

TEST(TorchLegacyStorage, SeedsParseOrAreRefused) {
    for (const auto& entry : fs::directory_iterator(kCorpus / "torch_storage")) {
        const std::string name = entry.path().filename().string();
        SCOPED_TRACE(name);
        const std::vector<std::uint8_t> data = slurp(entry.path());
        if (name.rfind("valid_", 0) == 0) {
            EXPECT_NO_THROW(pickle::checkTorchStorageBytes(data.data(), data.size(), name));
        } else {
            EXPECT_THROW(pickle::checkTorchStorageBytes(data.data(), data.size(), name), pickle::PickleError);
        }
    }
}

}  // namespace
}  // namespace stylemix
