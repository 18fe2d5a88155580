// safetensors reader/writer: the real default model, write -> read round
// trips, and one corrupt file per check the reader makes.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/io/half_float.h"
#include "model/io/safetensors.h"

namespace stylemix {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

const std::string kModelPath = std::string(STYLEMIX_SOURCE_DIR) + "/assets/avatars64.safetensors";

std::string scratchDir() {
    const std::string dir = std::string(STYLEMIX_TEST_TMP) + "/safetensors";
    fs::create_directories(dir);
    return dir;
}

Bytes readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeAll(const std::string& path, const Bytes& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    ASSERT_TRUE(out.good()) << path;
}

std::uint64_t headerLength(const Bytes& file) {
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | file.at(i);
    return n;
}

// A file from header text and data; `length` overrides the 8-byte prefix.
Bytes makeFile(const std::string& header, const Bytes& data = {}, std::uint64_t length = ~0ull) {
    const std::uint64_t n = length == ~0ull ? header.size() : length;
    Bytes file;
    for (int i = 0; i < 8; ++i) file.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
    file.insert(file.end(), header.begin(), header.end());
    file.insert(file.end(), data.begin(), data.end());
    return file;
}

Bytes floatBytes(const std::vector<float>& values) {
    Bytes bytes(values.size() * sizeof(float));
    std::memcpy(bytes.data(), values.data(), bytes.size());
    return bytes;
}

template <typename Convert>
Bytes sixteenBitBytes(const std::vector<float>& values, Convert convert) {
    Bytes bytes;
    for (float v : values) {
        const std::uint16_t bits = convert(v);
        bytes.push_back(static_cast<std::uint8_t>(bits & 0xFF));
        bytes.push_back(static_cast<std::uint8_t>(bits >> 8));
    }
    return bytes;
}

RawTensor makeTensor(DType dtype, std::vector<std::int64_t> shape, Bytes bytes) {
    RawTensor t;
    t.dtype = dtype;
    t.shape = std::move(shape);
    t.bytes = std::move(bytes);
    return t;
}

void expectSameTensors(const RawWeights& expected, const RawWeights& actual) {
    ASSERT_EQ(expected.tensors.size(), actual.tensors.size());
    for (const auto& [name, tensor] : expected.tensors) {
        const auto it = actual.tensors.find(name);
        ASSERT_NE(it, actual.tensors.end()) << name;
        EXPECT_EQ(it->second.dtype, tensor.dtype) << name;
        EXPECT_EQ(it->second.shape, tensor.shape) << name;
        EXPECT_EQ(it->second.bytes, tensor.bytes) << name;
    }
}

// Asserts the bytes are refused both in memory and as a file, with a message
// that starts with the source and contains every expected fragment.
void expectRejected(const std::string& case_name, const Bytes& bytes, const std::vector<std::string>& fragments) {
    SCOPED_TRACE(case_name);
    const std::string path = scratchDir() + "/" + case_name + ".safetensors";
    writeAll(path, bytes);
    const auto check = [&](const std::string& source, const auto& load) {
        try {
            load();
            ADD_FAILURE() << source << ": was accepted";
        } catch (const std::runtime_error& e) {
            const std::string message = e.what();
            EXPECT_EQ(message.rfind(source + ": ", 0), 0u) << message;
            for (const auto& fragment : fragments) {
                EXPECT_NE(message.find(fragment), std::string::npos) << "'" << fragment << "' not in: " << message;
            }
        }
    };
    check("bad.safetensors", [&] { parseSafetensors(bytes.data(), bytes.size(), "bad.safetensors"); });
    check(path, [&] { readSafetensors(path); });
}

TEST(Safetensors, ReadsDefaultModel) {
    const RawWeights weights = readSafetensors(kModelPath);
    EXPECT_EQ(weights.source, kModelPath);
    EXPECT_EQ(weights.tensors.size(), 106u);
    EXPECT_EQ(weights.class_name, "training.networks_stylegan2.Generator");

    const RawTensor& fc0 = weights.tensors.at("mapping.fc0.weight");
    EXPECT_EQ(fc0.dtype, DType::F32);
    EXPECT_EQ(fc0.shape, (std::vector<std::int64_t>{512, 512}));
    EXPECT_EQ(fc0.bytes.size(), 512u * 512u * 4u);

    const RawTensor& noise = weights.tensors.at("synthesis.b4.conv1.noise_strength");
    EXPECT_EQ(noise.dtype, DType::F32);
    EXPECT_TRUE(noise.shape.empty());
    EXPECT_EQ(noise.numel(), 1);
    EXPECT_EQ(noise.bytes.size(), 4u);

    const auto kwargs = nlohmann::json::parse(weights.init_kwargs_json);
    ASSERT_TRUE(kwargs.is_object());
    EXPECT_EQ(kwargs.at("img_resolution"), 64);

    // Cross-check every tensor against the header decoded independently here.
    const Bytes file = readAll(kModelPath);
    const std::uint64_t n = headerLength(file);
    const auto header = nlohmann::json::parse(file.begin() + 8, file.begin() + 8 + static_cast<std::ptrdiff_t>(n));
    for (const auto& [name, info] : header.items()) {
        if (name == "__metadata__") continue;
        SCOPED_TRACE(name);
        const RawTensor& t = weights.tensors.at(name);
        EXPECT_EQ(dtypeName(t.dtype), info.at("dtype").get<std::string>());
        EXPECT_EQ(t.shape, info.at("shape").get<std::vector<std::int64_t>>());
        const auto begin = file.begin() + 8 + static_cast<std::ptrdiff_t>(n + info.at("data_offsets")[0].get<std::uint64_t>());
        const auto end = file.begin() + 8 + static_cast<std::ptrdiff_t>(n + info.at("data_offsets")[1].get<std::uint64_t>());
        EXPECT_TRUE(t.bytes == Bytes(begin, end));
    }
}

TEST(Safetensors, DefaultModelSurvivesWriteAndRead) {
    const RawWeights original = readSafetensors(kModelPath);
    const std::string path = scratchDir() + "/avatars64_copy.safetensors";
    writeSafetensors(path, original);
    const RawWeights copy = readSafetensors(path);
    expectSameTensors(original, copy);
    EXPECT_EQ(copy.init_kwargs_json, original.init_kwargs_json);
    EXPECT_EQ(copy.class_name, original.class_name);
    fs::remove(path);
}

RawWeights smallWeights() {
    RawWeights w;
    w.class_name = "training.networks_stylegan2.Generator";
    w.init_kwargs_json = R"({"z_dim": 4, "img_resolution": 8, "mapping_kwargs": {"num_layers": 2}})";
    w.tensors["a.f32"] = makeTensor(DType::F32, {2, 3}, floatBytes({1.f, -2.f, 0.5f, 1e-30f, 3e38f, -0.f}));
    w.tensors["b.f16"] = makeTensor(DType::F16, {4}, sixteenBitBytes({1.f, -65504.f, 6e-8f, 0.333f}, floatToHalf));
    w.tensors["c.bf16"] = makeTensor(DType::BF16, {2, 2}, sixteenBitBytes({1.f, -3.14f, 1e-40f, 2e38f}, floatToBfloat16));
    w.tensors["d.scalar"] = makeTensor(DType::F32, {}, floatBytes({0.25f}));
    w.tensors["e.empty"] = makeTensor(DType::F32, {0, 3}, {});
    w.tensors["f.i64"] = makeTensor(DType::I64, {1}, Bytes{1, 0, 0, 0, 0, 0, 0, 0x80});
    return w;
}

TEST(Safetensors, WriteReadRoundTripKeepsBytesAndMetadata) {
    const RawWeights weights = smallWeights();
    const std::string path = scratchDir() + "/round_trip.safetensors";
    writeSafetensors(path, weights, {{"format", "stylegan2"}, {"kimg", "149"}});

    const RawWeights back = readSafetensors(path);
    expectSameTensors(weights, back);
    EXPECT_EQ(back.class_name, weights.class_name);
    EXPECT_EQ(back.init_kwargs_json, weights.init_kwargs_json);
    EXPECT_TRUE(back.attributes_json.empty());
    EXPECT_EQ(back.tensors.at("d.scalar").numel(), 1);

    // StyleGAN3's module attributes travel as metadata too.
    RawWeights with_attributes = weights;
    with_attributes.attributes_json = R"({"synthesis.L0_36_512": {"in_size": [36, 36], "sampling_rate": 16.0}})";
    const std::string attributes_path = scratchDir() + "/round_trip_attributes.safetensors";
    writeSafetensors(attributes_path, with_attributes, {});
    EXPECT_EQ(readSafetensors(attributes_path).attributes_json, with_attributes.attributes_json);
    EXPECT_EQ(back.tensors.at("e.empty").numel(), 0);

    // Layout like the reference library: aligned, space-padded header; data in name order.
    const Bytes file = readAll(path);
    EXPECT_EQ(file, serializeSafetensors(weights, {{"format", "stylegan2"}, {"kimg", "149"}}));
    const std::uint64_t n = headerLength(file);
    EXPECT_EQ((8 + n) % 8, 0u);
    const std::string header(file.begin() + 8, file.begin() + 8 + static_cast<std::ptrdiff_t>(n));
    const std::string padding = header.substr(header.rfind('}') + 1);
    EXPECT_LT(padding.size(), 8u);
    EXPECT_EQ(padding, std::string(padding.size(), ' '));
    const auto json = nlohmann::json::parse(header);
    EXPECT_EQ(json.at("__metadata__").at("format"), "stylegan2");
    EXPECT_EQ(json.at("__metadata__").at("kimg"), "149");
    EXPECT_EQ(json.at("__metadata__").at("class_name"), weights.class_name);
    EXPECT_EQ(json.at("a.f32").at("data_offsets"), nlohmann::json::array({0, 24}));
    EXPECT_EQ(json.at("b.f16").at("data_offsets"), nlohmann::json::array({24, 32}));
    EXPECT_EQ(json.at("e.empty").at("data_offsets"), nlohmann::json::array({44, 44}));
    EXPECT_EQ(file.size(), 8 + n + 52);
}

TEST(Safetensors, WriteReplacesExistingFileAndLeavesNoTempFiles) {
    const std::string dir = scratchDir() + "/replace";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string path = dir + "/model.safetensors";
    writeAll(path, Bytes(100, 0xAB));
    RawWeights weights;
    weights.tensors["x"] = makeTensor(DType::F32, {1}, floatBytes({7.f}));
    writeSafetensors(path, weights);
    expectSameTensors(weights, readSafetensors(path));
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST(Safetensors, MetadataIsOptionalAndEmptyFileIsValid) {
    const RawWeights empty = readSafetensors([] {
        const std::string path = scratchDir() + "/empty_header.safetensors";
        writeAll(path, makeFile("{}      "));
        return path;
    }());
    EXPECT_TRUE(empty.tensors.empty());
    EXPECT_TRUE(empty.init_kwargs_json.empty());
    EXPECT_TRUE(empty.class_name.empty());
}

TEST(Safetensors, AcceptsZeroSizeTensorsSharingAnOffsetAndIgnoresUnknownFields) {
    const Bytes file = makeFile(R"({"z":{"dtype":"F16","shape":[3,0],"data_offsets":[0,0]},)"
                                R"("w":{"dtype":"U8","shape":[2],"data_offsets":[0,2],"extra":true}})",
                                Bytes{5, 6});
    const RawWeights w = parseSafetensors(file.data(), file.size(), "ok.safetensors");
    EXPECT_EQ(w.tensors.at("z").bytes.size(), 0u);
    EXPECT_EQ(w.tensors.at("w").bytes, (Bytes{5, 6}));
}

TEST(Safetensors, WriterRefusesWhatTheReaderWouldReject) {
    const std::string path = scratchDir() + "/refused.safetensors";
    writeAll(path, Bytes{1, 2, 3});
    const auto expectRefused = [&](const RawWeights& weights, const std::map<std::string, std::string>& extra,
                                   const std::string& fragment) {
        try {
            writeSafetensors(path, weights, extra);
            ADD_FAILURE() << "accepted; expected an error with '" << fragment << "'";
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
        }
        EXPECT_EQ(readAll(path), (Bytes{1, 2, 3})) << "existing file was touched";
    };
    RawWeights w;
    w.tensors["short"] = makeTensor(DType::F32, {2}, Bytes(7));
    expectRefused(w, {}, "tensor 'short': F32 shape [2] needs 8 bytes, found 7");
    w.tensors.clear();
    w.tensors["odd"] = makeTensor(DType::Unknown, {1}, Bytes(1));
    expectRefused(w, {}, "tensor 'odd': dtype must be one of");
    w.tensors.clear();
    w.tensors["__metadata__"] = makeTensor(DType::U8, {1}, Bytes(1));
    expectRefused(w, {}, "reserved");
    w.tensors.clear();
    w.tensors["neg"] = makeTensor(DType::U8, {-1}, Bytes{});
    expectRefused(w, {}, "tensor 'neg': shape [-1] has a negative dim");
    w.tensors.clear();
    w.init_kwargs_json = "[1, 2]";
    expectRefused(w, {}, "init_kwargs: expected a JSON object");
    w.init_kwargs_json = "{}";
    expectRefused(w, {{"init_kwargs", "{}"}}, "extra metadata key 'init_kwargs' clashes");
    w.attributes_json = "[1]";
    expectRefused(w, {}, "module_attributes: expected a JSON object");
}

TEST(Safetensors, RejectsTruncatedAndOversizedHeaders) {
    expectRejected("empty_file", {}, {"file is 0 bytes", "8-byte header length"});
    expectRejected("truncated_prefix", Bytes{4, 0, 0, 0, 0}, {"file is 5 bytes", "8-byte header length"});
    expectRejected("header_past_eof", makeFile("{}", {}, 100), {"header length 100", "past the end of the file (2 bytes"});
    expectRejected("header_absurd", makeFile("{}", {}, 1ull << 40), {"header length 1099511627776", "exceeds the limit"});
}

TEST(Safetensors, RejectsHeadersThatAreNotAJsonObject) {
    expectRejected("not_json", makeFile("{not json"), {"header is not valid UTF-8 JSON"});
    expectRejected("bad_utf8", makeFile("{\"\xff\xfe\":1}"), {"header is not valid UTF-8 JSON"});
    expectRejected("json_array", makeFile("[1, 2]"), {"header must be a JSON object, found array"});
    expectRejected("duplicate_tensor",
                   makeFile(R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},)"
                            R"("a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}})", Bytes{1, 2}),
                   {"duplicate key 'a'"});
}

TEST(Safetensors, RejectsBadTensorEntries) {
    const Bytes four(4);
    expectRejected("entry_not_object", makeFile(R"({"w":5})"), {"tensor 'w'", "expected an object", "number 5"});
    expectRejected("missing_dtype", makeFile(R"({"w":{"shape":[1],"data_offsets":[0,4]}})", four),
                   {"tensor 'w': missing field 'dtype'"});
    expectRejected("missing_shape", makeFile(R"({"w":{"dtype":"F32","data_offsets":[0,4]}})", four),
                   {"tensor 'w': missing field 'shape'"});
    expectRejected("missing_offsets", makeFile(R"({"w":{"dtype":"F32","shape":[1]}})", four),
                   {"tensor 'w': missing field 'data_offsets'"});
    expectRejected("dtype_not_string", makeFile(R"({"w":{"dtype":32,"shape":[1],"data_offsets":[0,4]}})", four),
                   {"tensor 'w': field 'dtype' must be a string, found number 32"});
    expectRejected("unknown_dtype", makeFile(R"({"w":{"dtype":"Q4_K","shape":[1],"data_offsets":[0,4]}})", four),
                   {"tensor 'w': unknown dtype \"Q4_K\"", "F32, F16, BF16"});
    expectRejected("shape_not_array", makeFile(R"({"w":{"dtype":"F32","shape":1,"data_offsets":[0,4]}})", four),
                   {"tensor 'w': field 'shape' must be an array, found number 1"});
    expectRejected("negative_shape", makeFile(R"({"w":{"dtype":"F32","shape":[1,-1],"data_offsets":[0,4]}})", four),
                   {"tensor 'w': shape[1] is -1, expected a non-negative integer"});
    expectRejected("fractional_shape", makeFile(R"({"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}})", four),
                   {"tensor 'w': shape[0] must be a non-negative integer, found number 1.5"});
    expectRejected("shape_overflow",
                   makeFile(R"({"w":{"dtype":"U8","shape":[4294967296,4294967296,0],"data_offsets":[0,0]}})"),
                   {"tensor 'w': shape [4294967296, 4294967296, 0] is too large: its element or byte count overflows 64 bits"});
    expectRejected("bytes_overflow",
                   makeFile(R"({"w":{"dtype":"F64","shape":[4611686018427387904],"data_offsets":[0,0]}})"),
                   {"tensor 'w'", "byte count overflows 64 bits"});
    expectRejected("offsets_one_number", makeFile(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[4]}})", four),
                   {"tensor 'w': field 'data_offsets' must be an array [begin, end], found an array of 1"});
    expectRejected("negative_offset", makeFile(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}})", four),
                   {"tensor 'w': data_offsets[0] must be a non-negative integer, found number -4"});
}

TEST(Safetensors, RejectsOffsetsThatDoNotTileTheData) {
    expectRejected("offsets_past_end",
                   makeFile(R"({"mapping.fc0.weight":{"dtype":"U8","shape":[99],"data_offsets":[0,99]}})", Bytes(64)),
                   {"tensor 'mapping.fc0.weight': data_offsets [0, 99] exceed the data section (64 bytes)"});
    expectRejected("end_before_begin", makeFile(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}})", Bytes(8)),
                   {"tensor 'w': data_offsets [8, 4] end before they begin"});
    expectRejected("size_mismatch", makeFile(R"({"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}})", Bytes(20)),
                   {"tensor 'w': F32 shape [2, 3] needs 24 bytes, but data_offsets [0, 20] span 20"});
    expectRejected("overlap",
                   makeFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                            R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", Bytes(12)),
                   {"tensor 'b': data_offsets [4, 12] overlap tensor 'a' [0, 8]"});
    expectRejected("same_range",
                   makeFile(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                            R"("b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", Bytes(4)),
                   {"tensor 'b': data_offsets [0, 4] overlap tensor 'a' [0, 4]"});
    expectRejected("gap",
                   makeFile(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                            R"("b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})", Bytes(12)),
                   {"tensor 'b': data_offsets [8, 12] leave bytes [4, 8) of the data section unused"});
    expectRejected("leading_gap", makeFile(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", Bytes(8)),
                   {"tensor 'a': data_offsets [4, 8] leave bytes [0, 4)"});
    expectRejected("trailing_bytes", makeFile(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", Bytes(8)),
                   {"data section is 8 bytes but the tensors cover only 4 (4 trailing bytes unused)"});
    expectRejected("data_without_tensors", makeFile("{}", Bytes(3)),
                   {"data section is 3 bytes but the tensors cover only 0"});
}

TEST(Safetensors, RejectsBadMetadata) {
    expectRejected("metadata_not_object", makeFile(R"({"__metadata__":[1]})"),
                   {"field '__metadata__' must be an object of strings, found array"});
    expectRejected("metadata_value_not_string", makeFile(R"({"__metadata__":{"num_ws":10}})"),
                   {"__metadata__ key 'num_ws' must be a string, found number 10"});
    expectRejected("init_kwargs_not_json", makeFile(R"({"__metadata__":{"init_kwargs":"{\"z_dim\": 512,"}})"),
                   {"__metadata__ key 'init_kwargs': expected a JSON object, found invalid JSON"});
    expectRejected("init_kwargs_not_object", makeFile(R"({"__metadata__":{"init_kwargs":"[512]"}})"),
                   {"__metadata__ key 'init_kwargs': expected a JSON object, found array"});
    expectRejected("init_kwargs_duplicate", makeFile(R"({"__metadata__":{"init_kwargs":"{\"a\":1,\"a\":2}"}})"),
                   {"__metadata__ key 'init_kwargs': duplicate key 'a'"});
    expectRejected("attributes_not_object", makeFile(R"({"__metadata__":{"module_attributes":"7"}})"),
                   {"__metadata__ key 'module_attributes': expected a JSON object, found number"});
}

TEST(Safetensors, ReportsMissingFilesAndDirectories) {
    const std::string missing = scratchDir() + "/does_not_exist.safetensors";
    try {
        readSafetensors(missing);
        ADD_FAILURE() << "missing file was read";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), missing + ": cannot open model: no such file");
    }
    try {
        readSafetensors(scratchDir());
        ADD_FAILURE() << "directory was read";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), scratchDir() + ": cannot open model: is a directory");
    }
}

}  // namespace
}  // namespace stylemix
