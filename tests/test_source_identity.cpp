// Source identity (issue 20 §5): a seed, a fractional latent position (NVIDIA's
// visualizer rule) or a W array; cache keys by content.
#include "model/core/recipe.h"
#include "model/engine/engine.h"
#include "model/nets/generator.h"
#include "model/core/numpy_random.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

#include <torch/torch.h>

#include <cmath>
#include <cstring>

using namespace stylemix;

namespace {

Engine& engine() {
    static std::unique_ptr<Engine> e = Engine::load(stylemix::testing::defaultModelPath(), DeviceChoice::CPU);
    return *e;
}

Image generateOne(const Source& s, double psi = 1.0) {
    GenerateRequest req;
    req.sources = {s};
    req.truncation.psi = psi;
    return engine().generate(req).at(0);
}

// The ws of a seed through the generator's own mapping (gen_images.py's path).
torch::Tensor mappedWs(std::uint64_t seed, double psi) {
    const Generator& g = engine().generator();
    const std::vector<double> z = latentForSeed(seed, g.description().z_dim);
    const torch::Tensor zt = torch::from_blob(const_cast<double*>(z.data()), {1, static_cast<int64_t>(z.size())},
                                              torch::kFloat64).clone();
    return g.mapping(zt, {}, psi).cpu();
}

WArrayPtr arrayOf(const std::vector<float>& ws, const std::string& name = "w.npy") {
    const auto& f = engine().facts();
    return makeWArray(name, f.num_ws, f.w_dim, ws);
}

}  // namespace

TEST(SourceIdentity, StaysAnAggregateAndComparesByContent) {
    const Source a{85, -1};
    EXPECT_TRUE(a.isSeed());
    EXPECT_EQ(a, Source::fromSeed(85));
    EXPECT_NE(a, Source::position(85, 0));
    EXPECT_EQ(Source::position(1.5, 2, 3), Source::position(1.5, 2, 3));
    EXPECT_NE(Source::position(1.5, 2, 3), Source::position(1.5, 2, -1));
    const std::vector<float> v(static_cast<size_t>(engine().facts().num_ws * engine().facts().w_dim), 0.25f);
    std::vector<float> other = v;
    other.back() = 0.5f;
    const Source w1 = Source::ws(arrayOf(v, "a")), w2 = Source::ws(arrayOf(v, "b")), w3 = Source::ws(arrayOf(other));
    EXPECT_EQ(w1, w2) << "the same values in two arrays are one source";
    EXPECT_NE(w1, w3);
    EXPECT_TRUE((w1 < w3) != (w3 < w1));
    EXPECT_FALSE(w1 < w2 || w2 < w1);
    EXPECT_EQ(positionSeed(-1, 0), 4294967295u);
    EXPECT_EQ(positionSeed(3, 2), 203u);
    EXPECT_THROW(Source::position(NAN, 0), std::invalid_argument);
    EXPECT_THROW(makeWArray("x", 2, 3, std::vector<float>(5)), std::invalid_argument);
}

TEST(SourceIdentity, AnIntegerPositionIsItsSeedBitExactly) {
    EXPECT_EQ(engine().sourceWs(Source::position(3, 2), {0.7, -1}), engine().sourceWs(Source{203, -1}, {0.7, -1}));
    EXPECT_EQ(generateOne(Source::position(3, 2), 0.7), generateOne(Source{203, -1}, 0.7));
    EXPECT_EQ(generateOne(Source::position(-1, 0)), generateOne(Source{4294967295ull, -1}));
}

TEST(SourceIdentity, AHalfPositionIsTheBlendOfItsSeeds) {
    const double psi = 0.8;
    const torch::Tensor w0 = mappedWs(7, psi), w1 = mappedWs(8, psi);
    const torch::Tensor avg = engine().generator().truncateAll(w0.to(engine().generator().device()), 0.0).cpu();
    const torch::Tensor expected =
        (avg.to(torch::kFloat64) + 0.5 * (w0.to(torch::kFloat64) - avg) + 0.5 * (w1.to(torch::kFloat64) - avg)).flatten();
    const std::vector<float> got = engine().sourceWs(Source::position(7.5, 0), {psi, -1});
    ASSERT_EQ(got.size(), static_cast<size_t>(expected.numel()));
    const double* e = expected.data_ptr<double>();
    double worst = 0;
    for (size_t i = 0; i < got.size(); ++i) worst = std::max(worst, std::fabs(got[i] - e[i]) / std::max(1.0, std::fabs(e[i])));
    EXPECT_LT(worst, 1e-6);
    EXPECT_NE(generateOne(Source::position(7.5, 0)), generateOne(Source{7, -1}));
    // Only neighbours with weight > 0 take part: (7, 0.5) blends seeds 7 and 107.
    const std::vector<WeightedSeed> seeds = positionSeeds(7, 0.5);
    ASSERT_EQ(seeds.size(), 2u);
    EXPECT_EQ(seeds[0].seed, 7u);
    EXPECT_EQ(seeds[1].seed, 107u);
}

TEST(SourceIdentity, AWArraySourceRendersLikeItsSeedAndIsNeverTruncated) {
    const std::vector<float> ws = engine().sourceWs(Source{9, -1});
    const Source w = Source::ws(arrayOf(ws));
    EXPECT_EQ(generateOne(w), generateOne(Source{9, -1}));
    EXPECT_EQ(generateOne(w, 0.5), generateOne(Source{9, -1})) << "a W array must not be truncated";
    MixRequest mix;
    mix.rows = {Source{3, -1}};
    mix.cols = {Source{9, -1}, w};
    mix.styles = {4, 5, 6, 7};
    const MixResult r = engine().mix(mix);
    EXPECT_EQ(*r.cells[0][0], *r.cells[0][1]);
    EXPECT_EQ(*r.col_images[0], *r.col_images[1]);
}

TEST(SourceIdentity, AWArrayOfTheWrongShapeIsRefusedNamingBothShapes) {
    const auto& f = engine().facts();
    const Source bad = Source::ws(makeWArray("small.npy", f.num_ws - 1, f.w_dim, std::vector<float>(static_cast<size_t>((f.num_ws - 1) * f.w_dim))));
    try {
        generateOne(bad);
        FAIL() << "no error";
    } catch (const std::invalid_argument& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("[" + std::to_string(f.num_ws - 1) + ", " + std::to_string(f.w_dim) + "]"), std::string::npos) << m;
        EXPECT_NE(m.find("[" + std::to_string(f.num_ws) + ", " + std::to_string(f.w_dim) + "]"), std::string::npos) << m;
        EXPECT_NE(m.find("small.npy"), std::string::npos) << m;
    }
}

TEST(SourceIdentity, CacheKeysTellTheKindsApartAndMatchArraysByContent) {
    auto e = Engine::load(stylemix::testing::defaultModelPath(), DeviceChoice::CPU);
    const std::vector<float> ws5 = e->sourceWs(Source{5, -1});
    std::vector<float> nudged = ws5;
    nudged[0] += 0.5f;
    MixRequest mix;
    mix.rows = {Source{5, -1}, Source::position(5, 0), Source::position(5.5, 0), Source::ws(arrayOf(ws5)),
                Source::ws(arrayOf(nudged))};
    mix.cols = {Source{6, -1}};
    mix.styles = {6, 7, 8, 9};
    const MixResult a = e->mix(mix);
    EXPECT_EQ(e->cacheStats().sources_rendered, 6) << "five rows, one column: none may share a cache entry";
    EXPECT_EQ(*a.row_images[0], *a.row_images[1]);
    EXPECT_NE(*a.row_images[0], *a.row_images[2]);
    EXPECT_NE(*a.row_images[3], *a.row_images[4]);
    // A new array object with the same values is a cache hit.
    mix.rows = {Source::ws(arrayOf(ws5, "again.npy"))};
    const MixResult b = e->mix(mix);
    EXPECT_EQ(e->cacheStats().sources_rendered, 0);
    EXPECT_EQ(b.row_images[0], a.row_images[3]);
}

TEST(SourceIdentity, ARecipeHoldsEveryKindOfSource) {
    Recipe r;
    r.kind = RecipeKind::MixGrid;
    MixRequest mix;
    mix.rows = {Source::position(1.5, 0), Source::ws(makeWArray("w.npy", 1, 2, {0.25f, -3.0f}))};
    mix.cols = {Source{2, -1}};
    mix.styles = {0};
    r.mix = mix;
    const Recipe back = recipeFromJson(recipeToJson(r), "r.json");
    ASSERT_TRUE(back.mix.has_value());
    EXPECT_EQ(back.mix->rows, mix.rows);
    EXPECT_EQ(back.mix->cols, mix.cols);
}
