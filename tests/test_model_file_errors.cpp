// What opening a file as a model says when it cannot (fault 9): a pickle cut
// short says so first, with its size and where its data stops, then the parser's
// detail; a file that is not a model (text, a recipe, a PNG, an empty file, bytes
// of no known kind) gets exactly one reason, the one that applies to what it is,
// never a safetensors header length read from its text.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "model/io/pickle/pickle_limits.h"
#include "model/io/pickle/pickle_value.h"
#include "model/io/pickle/pickle_vm.h"
#include "model/io/weights_file.h"

namespace stylemix {
namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(STYLEMIX_SOURCE_DIR) / "tests" / "data";

fs::path scratch() {
    const fs::path dir = fs::path(STYLEMIX_TEST_TMP) / "model_file_errors";
    fs::create_directories(dir);
    return dir;
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string write(const std::string& name, const std::string& bytes) {
    const fs::path path = scratch() / name;
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path.string();
}

// readWeightsFile's message for `path`, or "accepted".
std::string openError(const std::string& path) {
    try {
        readWeightsFile(path);
    } catch (const std::exception& e) {
        return e.what();
    }
    return "accepted";
}

bool startsWith(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// ---- pickles cut short -------------------------------------------------------

// The first `keep` bytes of a fixture, opened as a model: the message starts with
// the plain statement and the size, and the parser's detail follows.
void expectCutShort(const fs::path& fixture, std::size_t keep) {
    const std::string bytes = slurp(fixture);
    ASSERT_LT(keep, bytes.size()) << fixture;
    const std::string path = write("cut_" + fixture.stem().string() + "_" + std::to_string(keep) + ".pkl", bytes.substr(0, keep));
    const std::string m = openError(path);
    SCOPED_TRACE(fixture.string() + " cut to " + std::to_string(keep) + " bytes: " + m);
    EXPECT_TRUE(startsWith(m, path + ": this pickle is cut short (" + std::to_string(keep) + " bytes; the data stops "));
    EXPECT_TRUE(contains(m, "): the download or copy stopped early, fetch the file again (detail: "));
    EXPECT_TRUE(contains(m, ": truncated: "));
    EXPECT_EQ(m.find('\n'), std::string::npos) << "one line";
}

TEST(ModelFileErrors, RealPicklesCutAnywhereSayTheyAreCutShort) {
    const fs::path fixtures[] = {kData / "pickle" / "sg2_tiny_p4.pkl", kData / "pickle" / "sg2ada_cond_p3_f16.pkl",
                                 kData / "pickle" / "sg3_tiny.pkl", kData / "tf" / "sg1_16.pkl",
                                 kData / "tf" / "sg2_revised_16.pkl"};
    for (const fs::path& fixture : fixtures) {
        const std::size_t size = fs::file_size(fixture);
        // Mid-opcode (1, 3), mid-FRAME header (5, 10), inside the first frame, mid-file, the last bytes (STOP).
        for (std::size_t keep : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{5}, std::size_t{10},
                                 std::size_t{300}, size / 3, size / 2, size - 100, size - 2, size - 1})
            expectCutShort(fixture, keep);
    }
}

TEST(ModelFileErrors, EveryCutOfASmallPickleSaysItIsCutShort) {
    const fs::path fixture = kData / "pickle" / "sg3_tiny.pkl";
    const std::size_t size = fs::file_size(fixture);
    for (std::size_t keep = 1; keep < size; keep += 97) expectCutShort(fixture, keep);
}

TEST(ModelFileErrors, WhereTheDataStopsIsNamed) {
    const std::string bytes = slurp(kData / "pickle" / "sg2_tiny_p4.pkl");
    // The first frame (FRAME at byte 2, 8-byte length, content) holds 65928 bytes: it should run to byte 65939.
    const std::string frame = openError(write("cut_frame.pkl", bytes.substr(0, 500)));
    EXPECT_TRUE(contains(frame, "(500 bytes; the data stops inside the frame that starts at byte 2 and should run to byte 65939)"))
        << frame;
    EXPECT_TRUE(contains(frame, "(detail: offset 2: opcode 0x95 FRAME: truncated: frame declares 65928 bytes but only 489 remain)"))
        << frame;
    // A stream whose last opcode is complete but has no STOP.
    const std::string stop = openError(write("no_stop.pkl", std::string("\x80\x04N", 3)));
    EXPECT_TRUE(contains(stop, "(3 bytes; the data stops before the pickle's final STOP opcode)")) << stop;
    EXPECT_TRUE(contains(stop, "(detail: offset 3: truncated: the stream ends before STOP)")) << stop;
}

TEST(ModelFileErrors, ALengthNoFileCouldHoldIsDamagedNotCutShort) {
    const std::string path = (kData / "pickle" / "bad_huge_bytes.pkl").string();
    const std::string m = openError(path);
    EXPECT_TRUE(startsWith(m, path + ": this pickle is damaged (15 bytes; the bytes data of the opcode at byte 2 "
                                     "declares more data than a model file may hold)"))
        << m;
    EXPECT_FALSE(contains(m, "cut short")) << m;
}

TEST(ModelFileErrors, ARecordCutShortInsideACompleteFileIsNotCalledCutShort) {
    // The torch.save stream inside a storage's bytes ends early; the file itself is whole.
    const std::string path = (kData / "pickle" / "bad_storage_truncated.pkl").string();
    const std::string m = openError(path);
    EXPECT_TRUE(contains(m, "truncated: storage")) << m;
    EXPECT_FALSE(contains(m, "cut short")) << m;
}

TEST(ModelFileErrors, TheVmTellsWhereItsInputRanOut) {
    pickle::ValueArena arena(1 << 20);
    const std::string stream("\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00N", 12);
    const pickle::PickleInput in{reinterpret_cast<const std::uint8_t*>(stream.data()), stream.size(), 100, "s"};
    try {
        pickle::runPickle(in, 0, arena, {});
        FAIL() << "accepted";
    } catch (const pickle::TruncatedError& e) {
        EXPECT_EQ(e.input_end, 112u);
        EXPECT_EQ(e.needed_end, 100u + 11u + 16u);
        EXPECT_EQ(e.opcode_offset, 102u);
        EXPECT_EQ(e.inside, "frame");
        EXPECT_EQ(e.detail, "offset 102: opcode 0x95 FRAME: truncated: frame declares 16 bytes but only 1 remain");
        EXPECT_EQ(std::string(e.what()), "s: " + e.detail);
    }
}

// ---- files that are not models: one reason, the one that applies --------------

std::string recipeJson() {
    // Keys sorted as the CLI writes them: the marker comes after ~600 bytes of "image".
    std::string strengths;
    for (int i = 0; i < 40; ++i) strengths += (i ? ",\n      " : "") + std::string("0.0004812652769032866");
    return "{\n  \"image\": {\n    \"noise\": {\n      \"strengths\": [\n      " + strengths +
           "]\n    }\n  },\n  \"kind\": \"image\",\n  \"stylemix_recipe\": 1\n}\n";
}

// A PNG whose recipe chunk comes after its first 512 bytes.
std::string pngExport() {
    std::string png("\x89PNG\r\n\x1a\n", 8);
    png += std::string(600, '\0');
    png += std::string("tEXtstylemix-recipe\0{\"stylemix_recipe\":1}", 41);
    return png;
}

struct NotAModel {
    std::string name, bytes, what;   // what completes "<path>: this is "
};

const std::string kExpected = "(expected a .safetensors file or an NVIDIA .pkl)";

TEST(ModelFileErrors, AFileThatIsNotAModelGetsOneApplicableReason) {
    const std::vector<NotAModel> cases = {
        {"notes.txt", "hello, nobody reads this\n", "a text file, not a model " + kExpected},
        {"short.pkl", "hello", "a text file, not a model " + kExpected},
        {"accents.safetensors", "caf\xc3\xa9 cr\xc3\xa8me\n", "a text file, not a model " + kExpected},
        {"coloured.log", "\x1b[31merror\x1b[0m: nothing\n", "a text file, not a model " + kExpected},
        {"utf16.txt", std::string("\xff\xfeh\0i\0", 6), "a text file (UTF-16), not a model " + kExpected},
        {"recipe.json", recipeJson(),
         "a StyleMix recipe (JSON), not a model: render it with `stylemix render` or drop it onto the explorer"},
        {"bom.pkl", "\xef\xbb\xbf{\"stylemix_recipe\": 1}",
         "a StyleMix recipe (JSON), not a model: render it with `stylemix render` or drop it onto the explorer"},
        {"settings.json", "{\"window\": [1, 2]}", "a JSON file, not a model " + kExpected},
        {"picture.pkl", std::string("\x89PNG\r\n\x1a\n", 8) + std::string(100, '\0'), "a PNG image, not a model"},
        {"export.png", pngExport(),
         "a StyleMix export (a PNG carrying its recipe), not a model: render it again with `stylemix render` or drop it "
         "onto the explorer"},
        {"empty.pkl", "", "an empty file (0 bytes), not a model " + kExpected},
        {"empty", "", "an empty file (0 bytes), not a model " + kExpected},
        {"noise.bin", std::string("\x01\x9c\x00\x07\xfe\xff\x10\x20", 8) + std::string(40, '\x05'),
         "not a model file this program knows (expected a .safetensors file or an NVIDIA .pkl; it starts with bytes "
         "01 9c 00 07 fe ff 10 20)"},
    };
    for (const NotAModel& c : cases) {
        const std::string path = write(c.name, c.bytes);
        const std::string m = openError(path);
        EXPECT_EQ(m, path + ": this is " + c.what) << c.name;
        EXPECT_FALSE(contains(m, "header length")) << c.name << ": " << m;
    }
}

TEST(ModelFileErrors, BytesOfNoKnownKindGoToTheReaderTheirNameClaims) {
    const std::string noise = std::string("\x01\x9c\x00\x07\xfe\xff\x10\x20", 8) + std::string(40, '\x05');
    const std::string as_safetensors = openError(write("noise.safetensors", noise));
    EXPECT_TRUE(contains(as_safetensors, "header length")) << as_safetensors;
    const std::string as_pickle = openError(write("noise.pkl", noise));
    EXPECT_TRUE(contains(as_pickle, "not a pickle of protocol 2-5")) << as_pickle;
}

// A .safetensors file cut short (in its header or its data) says so first, with
// its size and where its header says the data runs to; the detail follows.
TEST(ModelFileErrors, ASafetensorsFileCutShortSaysSo) {
    const std::string bytes = slurp(fs::path(STYLEMIX_SOURCE_DIR) / "assets" / "avatars64.safetensors");
    ASSERT_GT(bytes.size(), 100000u);
    std::uint64_t header = 0;
    for (int i = 7; i >= 0; --i) header = header << 8 | static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]);
    for (const std::size_t keep : {std::size_t{64}, static_cast<std::size_t>(8 + header + 1000), bytes.size() - 1}) {
        const std::string path = write("cut_model_" + std::to_string(keep) + ".safetensors", bytes.substr(0, keep));
        const std::string m = openError(path);
        SCOPED_TRACE(m);
        EXPECT_TRUE(startsWith(m, path + ": this safetensors file is cut short (" + std::to_string(keep) + " bytes; its header says the data runs to byte "));
        EXPECT_TRUE(contains(m, "fetch the file again (detail: "));
        EXPECT_EQ(m.find('\n'), std::string::npos) << "one line";
    }
}

// A protocol 0 pickle is printable text; named .pkl it gets the pickle reader's
// reason (the protocols NVIDIA's files use), not "this is a text file".
TEST(ModelFileErrors, ATextProtocolPickleNamedPklGetsThePickleReason) {
    const std::string protocol0 = "(dp0\nVa\np1\n(lp2\nI1\naF2.5\nas.";   // pickle.dumps({'a': [1, 2.5]}, 0)
    const std::string as_pickle = openError(write("old.pkl", protocol0));
    EXPECT_TRUE(contains(as_pickle, "not a pickle of protocol 2-5")) << as_pickle;
    EXPECT_FALSE(contains(as_pickle, "text file")) << as_pickle;
    const std::string as_text = openError(write("old.txt", protocol0));
    EXPECT_TRUE(contains(as_text, "text file")) << as_text;
}

}  // namespace
}  // namespace stylemix
