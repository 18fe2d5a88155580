// W files (model/io/w_file.h): every dtype, byte order and Fortran case as
// real numpy writes them (tests/data/wfiles/, made by
// tests/wfiles/make_w_files.py), numpy.savez and savez_compressed archives,
// NVIDIA's projector format, the header's strictness, shape broadcasting with
// wArraysFor, and writeWsNpz read back by this reader and by numpy itself.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/core/source.h"
#include "model/io/npy_file.h"
#include "model/io/npz_archive.h"
#include "model/io/sha256.h"
#include "model/io/w_file.h"

namespace stylemix {
namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(STYLEMIX_SOURCE_DIR) / "tests" / "data" / "wfiles";

std::string fixture(const std::string& name) { return (kData / name).string(); }

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

fs::path scratch() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const fs::path dir = fs::path(STYLEMIX_TEST_TMP) / "w_file" / (std::string(info->test_suite_name()) + "." + info->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// The fixtures' values: (i - 8) / 4 at flat index i (C order), from `first` on.
std::vector<float> expectedValues(std::size_t count, std::size_t first = 0) {
    std::vector<float> values(count);
    for (std::size_t i = 0; i < count; ++i) values[i] = (static_cast<float>(first + i) - 8.0f) / 4.0f;
    return values;
}

// The message of what `fn` throws as std::runtime_error; fails the test if it throws nothing.
template <class Fn>
std::string errorOf(Fn&& fn) {
    try {
        fn();
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    ADD_FAILURE() << "no error thrown";
    return "";
}

std::string withHeader(const std::string& npy, const std::string& from, const std::string& to) {
    std::string out = npy;
    const std::size_t at = out.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) out.replace(at, from.size(), to);
    return out;
}

// A .npy of the bytes `npy` with its header dict replaced by `dict` (the length prefix fixed).
std::string withDict(const std::string& npy, const std::string& dict) {
    std::string out = npy.substr(0, 8);
    out += static_cast<char>(dict.size() & 0xff);
    out += static_cast<char>(dict.size() >> 8);
    const std::size_t header = static_cast<unsigned char>(npy[8]) | (static_cast<unsigned char>(npy[9]) << 8);
    return out + dict + npy.substr(10 + header);
}

// ---- every dtype, byte order and layout, as numpy writes them ----------------

TEST(WFile, EveryFloatDtypeByteOrderAndLayoutReadsTheSameValues) {
    const std::vector<std::string> names = {
        "w_f2_le.npy", "w_f2_be.npy", "w_f2_le_fortran.npy", "w_f2_be_fortran.npy",
        "w_f4_le.npy", "w_f4_be.npy", "w_f4_le_fortran.npy", "w_f4_be_fortran.npy",
        "w_f8_le.npy", "w_f8_be.npy", "w_f8_le_fortran.npy", "w_f8_be_fortran.npy",
        "w_f4_v2.npy", "w_f4_v3.npy"};
    for (const std::string& name : names) {
        SCOPED_TRACE(name);
        const WFile file = readWFile(fixture(name));
        EXPECT_EQ(file.path, fixture(name));
        EXPECT_EQ(file.member, "");
        EXPECT_EQ(file.sha256, sha256File(fixture(name)));
        EXPECT_EQ(file.array.shape, (std::vector<std::int64_t>{2, 3, 4}));
        EXPECT_EQ(file.array.values, expectedValues(24));
    }
}

TEST(WFile, FortranOrderTwoDimensionsIsTransposedToCOrder) {
    const std::string bytes = slurp(kData / "w_f4_fortran_2d.npy");
    ASSERT_NE(bytes.find("'fortran_order': True"), std::string::npos);
    const NpyArray array = parseNpy(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), "f.npy");
    EXPECT_EQ(array.shape, (std::vector<std::int64_t>{3, 4}));
    EXPECT_EQ(array.values, expectedValues(12));
}

TEST(WFile, NativeAndNotApplicableByteOrderMarksMeanThisMachine) {
    const std::string npy = slurp(kData / "w_f4_le.npy");
    for (const char* mark : {"'=f4'", "'|f4'"}) {
        const WFile file = readWFileBytes(withHeader(npy, "'<f4'", mark), "native.npy");
        EXPECT_EQ(file.array.values, expectedValues(24)) << mark;
    }
    EXPECT_NE(errorOf([&] { readWFileBytes(withHeader(npy, "'<f4'", "'f4' "), "bare.npy"); })
                  .find("bare.npy: dtype 'f4' has no byte order mark"),
              std::string::npos);
}

TEST(WFile, SerializedNpyMatchesNumpyByteForByte) {
    EXPECT_EQ(serializeNpyFloat32({2, 3, 4}, expectedValues(24)), slurp(kData / "w_f4_le.npy"));
    EXPECT_EQ(serializeNpyFloat32({4}, expectedValues(4)), slurp(kData / "w_broadcast.npy"));
    EXPECT_THROW(serializeNpyFloat32({2, 3}, expectedValues(5)), std::invalid_argument);
}

// ---- .npz archives ------------------------------------------------------------

TEST(WFile, NumpySavezAndSavezCompressed) {
    for (const char* name : {"savez.npz", "savez_compressed.npz"}) {
        SCOPED_TRACE(name);
        const WFile file = readWFile(fixture(name));
        EXPECT_EQ(file.member, "w");
        EXPECT_EQ(file.sha256, sha256File(fixture(name)));
        EXPECT_EQ(file.array.shape, (std::vector<std::int64_t>{2, 3, 4}));
        EXPECT_EQ(file.array.values, expectedValues(24));
    }
}

TEST(WFile, NvidiaProjectorFormatGivesOneArrayNamedAfterTheFile) {
    const WFile file = readWFile(fixture("projected_w.npz"));   // np.savez(path, w=[1, num_ws, w_dim])
    EXPECT_EQ(file.member, "w");
    const std::vector<WArrayPtr> ws = wArraysFor(file, 3, 4);
    ASSERT_EQ(ws.size(), 1u);
    EXPECT_EQ(ws[0]->name, "projected_w.npz");
    EXPECT_EQ(ws[0]->num_ws, 3);
    EXPECT_EQ(ws[0]->w_dim, 4);
    EXPECT_EQ(ws[0]->values, expectedValues(12, 12));
}

TEST(WFile, NpzMemberWIsPreferredElseTheOnlyArray) {
    EXPECT_EQ(readWFile(fixture("w_and_other.npz")).array.values, expectedValues(24));
    const WFile only = readWFile(fixture("only_arr_0.npz"));   // np.savez(path, float64 [3, 4])
    EXPECT_EQ(only.member, "arr_0");
    EXPECT_EQ(only.array.shape, (std::vector<std::int64_t>{3, 4}));
    EXPECT_EQ(only.array.values, expectedValues(12));
}

TEST(WFile, NpzWithoutTheArrayItNeedsNamesWhatItHolds) {
    const std::string two = errorOf([] { readWFile(fixture("two_no_w.npz")); });
    EXPECT_NE(two.find("two_no_w.npz: this .npz holds 2 arrays and none named 'w': 'a.npy', 'b.npy'"), std::string::npos) << two;
    const std::string none = errorOf([] { readWFile(fixture("no_arrays.npz")); });
    EXPECT_NE(none.find("no_arrays.npz: this .npz holds no .npy array (members: 'readme.txt')"), std::string::npos) << none;
}

TEST(WFile, MagicBytesNotTheExtensionTellTheFormatsApart) {
    const std::string npz = slurp(kData / "savez.npz");
    EXPECT_EQ(readWFileBytes(npz, "really_a_zip.npy").member, "w");
    const std::string npy = slurp(kData / "w_f4_le.npy");
    EXPECT_EQ(readWFileBytes(npy, "really_npy.npz").member, "");
    const std::string text = errorOf([] { readWFileBytes("{\"w\": [1, 2]}", "w.json.npy"); });
    EXPECT_EQ(text, "w.json.npy: not a NumPy .npy or .npz file (expected the magic bytes \\x93NUMPY or PK\\x03\\x04; "
                    "it starts with 7b 22 77 22 3a 20 5b 31 ...)");
}

// ---- refusals, each with its message ------------------------------------------

TEST(WFile, RefusedDtypesAndShapesAsNumpyWritesThem) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"bad_int32.npy", "bad_int32.npy: dtype '<i4' is not a float array; expected float32 ('<f4')"},
        {"bad_complex.npy", "bad_complex.npy: dtype '<c8' is not a float array"},
        {"bad_object.npy", "bad_object.npy: dtype '|O' is an object array (pickled Python objects), which is refused"},
        {"bad_structured.npy", "bad_structured.npy: .npy header: descr is a list of fields (a structured dtype)"},
        {"bad_scalar.npy", "bad_scalar.npy: a 0-d array (one scalar, shape ())"},
    };
    for (const auto& [name, message] : cases) {
        const std::string text = errorOf([&] { readWFileBytes(slurp(kData / name), name); });
        EXPECT_NE(text.find(message), std::string::npos) << text;
    }
}

TEST(WFile, HeaderIsParsedStrictly) {
    const std::string npy = slurp(kData / "w_f4_le.npy");
    const std::string good = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }";
    EXPECT_EQ(readWFileBytes(withDict(npy, "{\"shape\":(2,3,4),\"descr\":\"<f4\",\"fortran_order\":False}\n"), "q.npy").array.values,
              expectedValues(24));
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), 'x': 1}", "unknown key 'x'"},
        {"{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4)}", "key 'descr' appears twice"},
        {"{'descr': '<f4', 'shape': (2, 3, 4)}", "missing key(s) 'fortran_order'"},
        {"{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3, 4)}", "expected True or False for 'fortran_order'"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (24)}", "shape (24) is an integer, not a tuple"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3, 4)}", "shape[1] is -3, expected a non-negative integer"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}", "larger than a 64-bit signed integer"},
        {good + " junk", "expected only spaces and a newline after the dict"},
        {"['descr', '<f4']", "expected '{' (a Python dict)"},
        {"{'descr': '<f\\x34', 'fortran_order': False, 'shape': (2, 3, 4)}", "holds an escape"},
    };
    for (const auto& [dict, message] : cases) {
        const std::string text = errorOf([&] { readWFileBytes(withDict(npy, dict), "h.npy"); });
        EXPECT_EQ(text.rfind("h.npy: ", 0), 0u) << text;
        EXPECT_NE(text.find(message), std::string::npos) << dict << "\n" << text;
    }
}

TEST(WFile, DataMustBeExactlyTheSizeTheHeaderDeclares) {
    const std::string npy = slurp(kData / "w_f4_le.npy");   // 128-byte prefix + 96 bytes of data
    EXPECT_EQ(errorOf([&] { readWFileBytes(npy.substr(0, npy.size() - 1), "short.npy"); }),
              "short.npy: this .npy is cut short (223 bytes; its float32 shape [2, 3, 4] needs data up to byte 224): "
              "the download or copy stopped early, fetch the file again");
    EXPECT_EQ(errorOf([&] { readWFileBytes(npy + "xyz", "long.npy"); }),
              "long.npy: 3 extra bytes after the array's data (its float32 shape [2, 3, 4] ends at byte 224 of 227); "
              "numpy writes nothing after it");
}

TEST(WFile, FormatVersionsOtherThanOneTwoThreeAreRefused) {
    std::string npy = slurp(kData / "w_f4_le.npy");
    npy[6] = 4;
    EXPECT_EQ(errorOf([&] { readWFileBytes(npy, "v4.npy"); }), "v4.npy: .npy format version 4.0 (expected 1.0, 2.0 or 3.0)");
}

TEST(WFile, ParseNpyNamesWhatItReads) {
    const std::string npy = slurp(kData / "bad_int32.npy");
    const std::string text =
        errorOf([&] { parseNpy(reinterpret_cast<const std::uint8_t*>(npy.data()), npy.size(), "in memory"); });
    EXPECT_EQ(text.rfind("in memory: dtype '<i4'", 0), 0u) << text;
}

// ---- wArraysFor: shapes and values --------------------------------------------

TEST(WFileArrays, ThreeShapesGiveOneOneAndNArrays) {
    const WFile many = readWFile(fixture("w_f4_le.npy"));   // [2, 3, 4]
    const std::vector<WArrayPtr> two = wArraysFor(many, 3, 4);
    ASSERT_EQ(two.size(), 2u);
    EXPECT_EQ(two[0]->name, "w_f4_le.npy[0]");
    EXPECT_EQ(two[1]->name, "w_f4_le.npy[1]");
    EXPECT_EQ(two[0]->values, expectedValues(12));
    EXPECT_EQ(two[1]->values, expectedValues(12, 12));
    EXPECT_EQ(two[1]->origin.path, fixture("w_f4_le.npy"));
    EXPECT_EQ(two[1]->origin.sha256, many.sha256);
    EXPECT_EQ(two[1]->origin.index, 1);
    EXPECT_EQ(two[1]->origin.count, 2);

    const std::vector<WArrayPtr> one = wArraysFor(readWFile(fixture("w_one_w.npy")), 3, 4);   // [3, 4]
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one[0]->name, "w_one_w.npy");
    EXPECT_EQ(one[0]->values, expectedValues(12, 12));

    const std::vector<WArrayPtr> same = wArraysFor(readWFile(fixture("w_broadcast.npy")), 3, 4);   // [4]
    ASSERT_EQ(same.size(), 1u);
    EXPECT_EQ(same[0]->num_ws, 3);
    std::vector<float> repeated;
    for (int layer = 0; layer < 3; ++layer) for (float v : expectedValues(4)) repeated.push_back(v);
    EXPECT_EQ(same[0]->values, repeated);
}

TEST(WFileArrays, WrongShapeIsOneLineNamingFoundAndExpected) {
    WFile file = readWFileBytes(slurp(kData / "w_f4_le.npy"), "face.npy");
    EXPECT_EQ(errorOf([&] { wArraysFor(file, 10, 4); }),
              "face.npy: W array of shape [2, 3, 4]; this model expects [num_ws, w_dim] = [10, 4] (or [4] or [N, 10, 4])");
    EXPECT_EQ(errorOf([&] { wArraysFor(readWFile(fixture("w_empty_n.npy")), 3, 4); }).find("holds no ws") != std::string::npos,
              true);
    EXPECT_THROW(wArraysFor(file, 0, 4), std::invalid_argument);
}

TEST(WFileArrays, NonFiniteValuesAreRefusedWithTheirPlace) {
    EXPECT_EQ(errorOf([] { wArraysFor(readWFileBytes(slurp(kData / "w_nan.npy"), "n.npy"), 3, 4); }),
              "n.npy: W array holds a non-finite value (nan at [1, 2, 3] of shape [2, 3, 4]); W values must be finite");
    const std::string inf = errorOf([] { wArraysFor(readWFile(fixture("w_neg_inf.npy")), 3, 4); });
    EXPECT_NE(inf.find("(-inf at [0, 1, 2] of shape [2, 3, 4])"), std::string::npos) << inf;
}

TEST(WFileArrays, NamesDropTheDirectories) {
    const WFile file = readWFileBytes(slurp(kData / "w_one_w.npy"), "some/dir/face.npy");
    EXPECT_EQ(wArraysFor(file, 3, 4)[0]->name, "face.npy");
}

// ---- writeWsNpz -----------------------------------------------------------------

std::vector<WArrayPtr> twoWs() {
    return {makeWArray("a", 3, 4, expectedValues(12)), makeWArray("b", 3, 4, expectedValues(12, 12))};
}

TEST(WFileWrite, RoundTripThroughTheReader) {
    const fs::path path = scratch() / "out.npz";
    writeWsNpz(path.string(), twoWs());
    const WFile file = readWFile(path.string());
    EXPECT_EQ(file.member, "w");
    EXPECT_EQ(file.array.shape, (std::vector<std::int64_t>{2, 3, 4}));
    EXPECT_EQ(file.array.values, expectedValues(24));
    const std::vector<WArrayPtr> back = wArraysFor(file, 3, 4);
    ASSERT_EQ(back.size(), 2u);
    EXPECT_EQ(back[1]->values, expectedValues(12, 12));
    // The member is stored, byte for byte the .npy numpy writes for the same array.
    const std::string npz = slurp(path);
    EXPECT_NE(npz.find(slurp(kData / "w_f4_le.npy")), std::string::npos);
}

TEST(WFileWrite, NumpyLoadsWhatItWrites) {
    const fs::path path = scratch() / "for numpy.npz";
    writeWsNpz(path.string(), twoWs());
    const std::string cmd = std::string(STYLEMIX_PYTHON_PATH) + " '" + STYLEMIX_SOURCE_DIR +
                            "/tests/wfiles/check_written_npz.py' '" + path.string() + "' 2 3 4 2>&1";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    char buf[512];
    std::string out;
    while (std::fgets(buf, sizeof buf, pipe)) out += buf;
    EXPECT_EQ(::pclose(pipe), 0) << out;
    EXPECT_EQ(out, "ok\n");
}

TEST(WFileWrite, RefusesEmptyNullAndMixedShapes) {
    const fs::path dir = scratch();
    const std::string path = (dir / "x.npz").string();
    EXPECT_THROW(writeWsNpz(path, {}), std::invalid_argument);
    EXPECT_THROW(writeWsNpz(path, {nullptr}), std::invalid_argument);
    std::vector<WArrayPtr> mixed = twoWs();
    mixed.push_back(makeWArray("c", 2, 4, expectedValues(8)));
    try {
        writeWsNpz(path, mixed);
        ADD_FAILURE() << "mixed shapes were written";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("ws[2] is [2, 4], ws[0] is [3, 4]"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(fs::is_empty(dir)) << "a refused write left a file";
}

TEST(WFileWrite, NeverReplacesADirectoryOrFifoAndLeavesNothingBehind) {
    const fs::path dir = scratch();
    fs::create_directory(dir / "taken.npz");
    EXPECT_THROW(writeWsNpz((dir / "taken.npz").string(), twoWs()), std::runtime_error);
    ASSERT_EQ(::mkfifo((dir / "pipe.npz").c_str(), 0644), 0);
    EXPECT_THROW(writeWsNpz((dir / "pipe.npz").string(), twoWs()), std::runtime_error);
    EXPECT_TRUE(fs::is_directory(dir / "taken.npz"));
    EXPECT_TRUE(fs::is_fifo(dir / "pipe.npz"));
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 2);
}

TEST(WFileWrite, ReplacesAnExistingFileWhole) {
    const fs::path path = scratch() / "w.npz";
    std::ofstream(path) << "old";
    writeWsNpz(path.string(), {makeWArray("a", 3, 4, expectedValues(12))});
    EXPECT_EQ(readWFile(path.string()).array.shape, (std::vector<std::int64_t>{1, 3, 4}));
}

}  // namespace
}  // namespace stylemix
