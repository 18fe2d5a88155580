// Sources in recipes: every kind reads back equal, W arrays exactly (bits),
// positions exactly (doubles), and damaged fields are named.
#include <gtest/gtest.h>

#include "model/core/recipe_sources.h"
#include "model/io/base64.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>

namespace stylemix {
namespace {

using nlohmann::json;

Source roundTrip(const Source& s) {
    const json j = json::parse(sourceToJson(s).dump());
    return sourceFromJson(j, "mix.rows[0]", "r.json");
}

std::string failure(const json& j) {
    try {
        sourceFromJson(j, "mix.rows[0]", "r.json");
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "no error";
}

WArrayPtr awkwardArray() {
    // Values a decimal print would not keep: subnormals, -0, the largest float, 1/3.
    std::vector<float> v = {1.0f / 3.0f, -0.0f, std::numeric_limits<float>::denorm_min(), std::numeric_limits<float>::max(),
                            -1.1754944e-38f, 0.1f};
    return makeWArray("face.npz[1]", 2, 3, v, WOrigin{"/data/face.npz", std::string(64, 'a'), 1, 3});
}

TEST(RecipeSources, EveryKindReadsBackEqual) {
    const Source seed{4294967295ull, 3};
    EXPECT_EQ(roundTrip(seed), seed);
    EXPECT_EQ(roundTrip(seed).class_index, 3);
    const Source pos = Source::position(12.25, -1.0 / 3.0, 1);
    const Source back = roundTrip(pos);
    EXPECT_EQ(back, pos);
    EXPECT_EQ(back.y, -1.0 / 3.0) << "a position must read back to the same double";
    const Source ws = Source::ws(awkwardArray());
    const Source wback = roundTrip(ws);
    ASSERT_EQ(wback.kind, Source::Kind::Ws);
    EXPECT_EQ(wback, ws) << "W arrays compare by bits";
    EXPECT_TRUE(std::signbit(wback.ws_array->values[1]));
    EXPECT_EQ(wback.ws_array->name, "face.npz[1]");
    EXPECT_EQ(wback.ws_array->origin.path, "/data/face.npz");
    EXPECT_EQ(wback.ws_array->origin.index, 1);
    EXPECT_EQ(wback.ws_array->origin.count, 3);
}

TEST(RecipeSources, APathThatIsNotUtf8ReadsBackByteForByte) {
    const std::string path = std::string("/tmp/caf\xe9/w.npy");
    const Source ws = Source::ws(makeWArray("w.npy", 1, 2, {1, 2}, WOrigin{path, "", 0, 1}));
    EXPECT_EQ(roundTrip(ws).ws_array->origin.path, path);
}

TEST(RecipeSources, DamagedFieldsAreNamed) {
    json ws = sourceToJson(Source::ws(awkwardArray()));
    json bad = ws;
    bad["ws"]["float32_base64"] = "AAAA";
    EXPECT_NE(failure(bad).find("'mix.rows[0].ws.float32_base64' holds 3 bytes, the shape needs 24"), std::string::npos) << failure(bad);
    bad = ws;
    bad["ws"]["float32_base64"] = "not base64!";
    EXPECT_NE(failure(bad).find("is not base64"), std::string::npos) << failure(bad);
    bad = ws;
    bad["ws"]["shape"] = {100000, 100000};
    EXPECT_NE(failure(bad).find("'mix.rows[0].ws.shape[0]'"), std::string::npos) << failure(bad);
    bad = ws;
    bad["ws"]["index"] = 3;
    EXPECT_NE(failure(bad).find("'mix.rows[0].ws.index' = 3 is out of range [0, 2]"), std::string::npos) << failure(bad);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    bad = ws;
    bad["ws"]["float32_base64"] = base64Encode(reinterpret_cast<const std::uint8_t*>(std::vector<float>(6, nan).data()), 24);
    EXPECT_NE(failure(bad).find("not finite"), std::string::npos) << failure(bad);
    EXPECT_NE(failure(json{{"position", {1, "x"}}, {"class", nullptr}}).find("'mix.rows[0].position' must be a list [x, y]"),
              std::string::npos);
    EXPECT_NE(failure(json{{"position", {1e300, 0}}, {"class", nullptr}}).find("finite numbers of at most 1e15"), std::string::npos);
    EXPECT_NE(failure(json{{"seed", 1}, {"position", {1, 0}}}).find("exactly one of"), std::string::npos);
    EXPECT_NE(failure(json{{"seed", 1}}).find("'mix.rows[0].class' is missing"), std::string::npos) << failure(json{{"seed", 1}});
    EXPECT_NE(failure(json(5)).find("must be an object"), std::string::npos);
}

TEST(RecipeSources, AMovedOrChangedFileIsReportedOnce) {
    const std::string dir = STYLEMIX_TEST_TMP;
    std::filesystem::create_directories(dir);
    const std::string path = dir + "/recipe_sources_w.npy";
    { std::ofstream(path) << "original bytes"; }
    const std::string original = "c1ba4fe7a2d2b7b8f2a9e3f1a3a9a4e1b5f7d6c2e8a1b3c4d5e6f708192a3b4c";   // not its digest
    const Source a = Source::ws(makeWArray("w.npy[0]", 1, 1, {1}, WOrigin{path, original, 0, 2}));
    const Source b = Source::ws(makeWArray("w.npy[1]", 1, 1, {2}, WOrigin{path, original, 1, 2}));
    std::vector<std::string> notes = wFileChanges({a, b, Source{3}});
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_NE(notes[0].find("has changed since the recipe was written"), std::string::npos) << notes[0];
    std::filesystem::remove(path);
    notes = wFileChanges({a});
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_NE(notes[0].find("cannot be read"), std::string::npos) << notes[0];
    const Source memory = Source::ws(makeWArray("tile", 1, 1, {1}));
    EXPECT_TRUE(wFileChanges({memory}).empty()) << "ws made in memory name no file";
}

TEST(Base64, RoundTripsAndRefusesNonCanonicalText) {
    for (std::size_t n = 0; n < 10; ++n) {
        std::vector<std::uint8_t> bytes(n);
        for (std::size_t i = 0; i < n; ++i) bytes[i] = static_cast<std::uint8_t>(i * 37 + 200);
        const auto back = base64Decode(base64Encode(bytes.data(), n));
        ASSERT_TRUE(back) << n;
        EXPECT_EQ(*back, bytes);
    }
    EXPECT_FALSE(base64Decode("abc"));
    EXPECT_FALSE(base64Decode("ab=c"));
    EXPECT_FALSE(base64Decode("a\nbc"));
    EXPECT_EQ(base64Decode("TWFu")->size(), 3u);
    EXPECT_EQ(base64Decode("TWE=")->size(), 2u);
}

}  // namespace
}  // namespace stylemix
