// Latent sources that are not plain seeds against NVIDIA's own outputs
// (tests/data/reference/avatars64/latents, made by
// tests/reference/make_latent_references.py; see its README): projected ws
// through generate.py, W-file sources in a style_mixing.py grid, and the
// visualizer's continuous latent positions through viz/renderer.py. The
// committed .npz/.npy files are read by StyleMix's own W-file reader.
#include "model/engine/engine.h"
#include "model/io/safetensors.h"
#include "model/io/w_file.h"
#include "model/nets/generator.h"
#include "tests/image_compare.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

#include <torch/torch.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>

using namespace stylemix;
using namespace stylemix::testing;

namespace {

std::string latentsDir() { return referenceDir() + "/latents"; }

Engine& engine() {
    static std::unique_ptr<Engine> e = Engine::load(defaultModelPath(), DeviceChoice::CPU);
    return *e;
}

// A tensor of latents/latents.safetensors (F32, F64 or I64) on the CPU.
torch::Tensor latentsTensor(const std::string& name) {
    static std::mutex mutex;
    static std::map<std::string, RawTensor> cache;
    std::lock_guard<std::mutex> lock(mutex);
    if (cache.empty()) cache = readSafetensors(latentsDir() + "/latents.safetensors").tensors;
    const RawTensor& t = cache.at(name);
    const auto dtype = t.dtype == DType::F64 ? torch::kFloat64 : t.dtype == DType::I64 ? torch::kInt64 : torch::kFloat32;
    torch::Tensor out = torch::empty(t.shape, dtype);
    std::memcpy(out.data_ptr(), t.bytes.data(), t.bytes.size());
    return out;
}

std::vector<float> valuesOf(const torch::Tensor& t) {
    const torch::Tensor c = t.to(torch::kFloat32).contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

torch::Tensor tensorOf(const std::vector<float>& v, const ModelFacts& f) {
    return torch::from_blob(const_cast<float*>(v.data()), {1, f.num_ws, f.w_dim}, torch::kFloat32).clone();
}

// max |a - b| / max(1, |b|): the reference README's measure for ws.
double maxRelDiff(const std::vector<float>& a, const torch::Tensor& b) {
    const std::vector<float> e = valuesOf(b);
    if (a.size() != e.size()) return INFINITY;
    double worst = 0;
    for (size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, std::fabs(static_cast<double>(a[i]) - e[i]) / std::max(1.0, std::fabs(static_cast<double>(e[i]))));
    return worst;
}

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

// The float image this build's generator makes from `ws` (noise const), [3, H, W].
torch::Tensor synthesis(const std::vector<float>& ws) {
    const Generator& g = engine().generator();
    return g.synthesis(tensorOf(ws, engine().facts()).to(g.device()), NoiseSpec{}).cpu()[0];
}

Image generateOne(const Source& s, const Truncation& t) {
    GenerateRequest req;
    req.sources = {s};
    req.truncation = t;
    return engine().generate(req).at(0);
}

// ---- the W files, read by StyleMix's reader (model/io/w_file.h) ----------

std::vector<WArrayPtr> readWs(const std::string& file) {
    const ModelFacts& f = engine().facts();
    return wArraysFor(readWFile(latentsDir() + "/" + file), f.num_ws, f.w_dim);
}

// projected_w.npz's ws, one W array each ("projected_w.npz[k]").
std::vector<WArrayPtr> projectedWs() { return readWs("projected_w.npz"); }

// w_f64.npy (float64 [num_ws, w_dim]) as float32.
WArrayPtr npyF64W() { return readWs("w_f64.npy").at(0); }

// w_1d.npy ([w_dim]) broadcast to every w.
WArrayPtr npy1dW() { return readWs("w_1d.npy").at(0); }

// ---- the positions ------------------------------------------------------

struct PositionCase {
    double x = 0, y = 0;
    Truncation truncation;
    std::string png;   // under latents/positions
};

std::string formatG(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

std::vector<PositionCase> positionCases() {
    const torch::Tensor p = latentsTensor("pos_xy_psi_cutoff");
    std::vector<PositionCase> out;
    for (int64_t i = 0; i < p.size(0); ++i) {
        PositionCase c;
        c.x = p[i][0].item<double>();
        c.y = p[i][1].item<double>();
        c.truncation = {p[i][2].item<double>(), static_cast<int>(p[i][3].item<double>())};
        c.png = "pos_" + formatG(c.x) + "_" + formatG(c.y) + "_psi" + formatG(c.truncation.psi) +
                (c.truncation.cutoff < 0 ? "" : "_cutoff" + std::to_string(c.truncation.cutoff)) + ".png";
        out.push_back(c);
    }
    return out;
}

std::string caseName(const PositionCase& c) {
    return "position " + formatG(c.x) + ":" + formatG(c.y) + " psi " + formatG(c.truncation.psi) + " cutoff " +
           std::to_string(c.truncation.cutoff);
}

// w_avg + (w - w_avg) * psi on every w: what a W source must never get.
WArrayPtr truncated(const WArrayPtr& a, double psi) {
    const Generator& g = engine().generator();
    const torch::Tensor w = torch::from_blob(const_cast<float*>(a->values.data()), {1, a->num_ws, a->w_dim}).clone();
    const torch::Tensor avg = g.truncateAll(w.to(g.device()), 0.0).cpu();
    return makeWArray(a->name + " truncated", a->num_ws, a->w_dim, valuesOf(avg + (w - avg) * psi));
}

class LatentReference : public ::testing::Test {
protected:
    void SetUp() override {
        if (!std::filesystem::exists(latentsDir() + "/latents.safetensors"))
            FAIL() << "reference data missing: " << latentsDir() << "/latents.safetensors (the repository carries it)";
    }
};

}  // namespace

// ---------------------------------------------------------------------------
// The visualizer's continuous latent (viz/latent_widget.py + viz/renderer.py)

TEST_F(LatentReference, PositionSeedsAreTheWidgetsSeedsInItsOrder) {
    const torch::Tensor seeds = latentsTensor("pos_seeds"), weights = latentsTensor("pos_weights");
    const std::vector<PositionCase> cases = positionCases();
    ASSERT_EQ(cases.size(), 5u);
    for (size_t i = 0; i < cases.size(); ++i) {
        SCOPED_TRACE(caseName(cases[i]));
        const std::vector<WeightedSeed> got = positionSeeds(cases[i].x, cases[i].y);
        std::vector<WeightedSeed> want;
        for (int64_t j = 0; j < 4; ++j)
            if (seeds[static_cast<int64_t>(i)][j].item<int64_t>() >= 0)
                want.push_back({static_cast<std::uint32_t>(seeds[static_cast<int64_t>(i)][j].item<int64_t>()),
                                weights[static_cast<int64_t>(i)][j].item<double>()});
        ASSERT_EQ(got.size(), want.size());
        for (size_t j = 0; j < got.size(); ++j) {
            EXPECT_EQ(got[j].seed, want[j].seed) << "neighbour " << j;
            EXPECT_EQ(got[j].weight, want[j].weight) << "neighbour " << j;
        }
    }
}

TEST_F(LatentReference, PositionWsMatchTheRenderer) {
    const torch::Tensor ref = latentsTensor("pos_ws");
    const std::vector<PositionCase> cases = positionCases();
    double worst = 0;
    for (size_t i = 0; i < cases.size(); ++i) {
        const std::vector<float> ws = engine().sourceWs(Source::position(cases[i].x, cases[i].y), cases[i].truncation);
        const double d = maxRelDiff(ws, ref[static_cast<int64_t>(i)]);
        EXPECT_LT(d, 1e-6) << caseName(cases[i]);
        worst = std::max(worst, d);
    }
    // The widget's default cutoff is num_ws: the same ws as no cutoff.
    const std::vector<float> all = engine().sourceWs(Source::position(cases[0].x, cases[0].y), {cases[0].truncation.psi, 10});
    EXPECT_LT(maxRelDiff(all, ref[0]), 1e-6);
    std::cout << "[ info ] position ws vs viz.renderer: max rel diff " << worst << "\n";
}

TEST_F(LatentReference, PositionImagesMatchTheRenderer) {
    const torch::Tensor ref = latentsTensor("pos_img");
    ImageDiff total;
    double worst = 0;
    const std::vector<PositionCase> cases = positionCases();
    for (size_t i = 0; i < cases.size(); ++i) {
        const PositionCase& c = cases[i];
        SCOPED_TRACE(caseName(c));
        const Source s = Source::position(c.x, c.y);
        EXPECT_TRUE(matchesPng(generateOne(s, c.truncation), latentsDir() + "/positions/" + c.png, 0.999, 1, &total));
        const double d = maxAbsDiff(synthesis(engine().sourceWs(s, c.truncation)), ref[static_cast<int64_t>(i)]);
        EXPECT_LT(d, 1e-4);
        worst = std::max(worst, d);
    }
    EXPECT_EQ(total.images, 5);
    std::cout << "[ info ] positions vs viz.renderer PNGs: " << total.describe() << "; float max |diff| " << worst << "\n";
}

// ---------------------------------------------------------------------------
// The committed W files through the reader: numpy's values (the maker's float32 copies), bit for bit

TEST_F(LatentReference, TheWFileReaderReadsTheCommittedFilesAsNumpyDoes) {
    const WFile npz = readWFile(latentsDir() + "/projected_w.npz");
    EXPECT_EQ(npz.member, "w");
    EXPECT_EQ(npz.array.shape, (std::vector<std::int64_t>{3, 10, 512}));
    const std::vector<WArrayPtr> proj = projectedWs();
    ASSERT_EQ(proj.size(), 3u);
    for (int64_t k = 0; k < 3; ++k) {
        EXPECT_EQ(proj[static_cast<size_t>(k)]->name, "projected_w.npz[" + std::to_string(k) + "]");
        EXPECT_EQ(proj[static_cast<size_t>(k)]->values, valuesOf(latentsTensor("proj_ws")[k]));
    }
    // float64 values that are not float32 numbers, rounded to nearest as numpy's astype(float32).
    EXPECT_EQ(readWFile(latentsDir() + "/w_f64.npy").array.shape, (std::vector<std::int64_t>{10, 512}));
    EXPECT_EQ(npyF64W()->values, valuesOf(latentsTensor("npy_f64_ws")));
    const std::vector<float> w = valuesOf(latentsTensor("npy_1d_w"));
    const std::vector<float> all = npy1dW()->values;
    ASSERT_EQ(all.size(), 10 * w.size());
    for (size_t i = 0; i < all.size(); ++i) ASSERT_EQ(all[i], w[i % w.size()]) << "value " << i;
}

// ---------------------------------------------------------------------------
// Projected ws (generate.py --projected-w) and the other W-file shapes

TEST_F(LatentReference, ProjectedWsRenderLikeGeneratePyAndAreNeverTruncated) {
    const std::vector<WArrayPtr> ws = projectedWs();
    ASSERT_EQ(ws.size(), 3u);
    const torch::Tensor ref = latentsTensor("proj_img");
    ImageDiff total;
    double worst = 0;
    for (size_t k = 0; k < ws.size(); ++k) {
        SCOPED_TRACE(ws[k]->name);
        const Source s = Source::ws(ws[k]);
        char png[32];
        std::snprintf(png, sizeof png, "proj%02zu.png", k);
        const std::string path = latentsDir() + "/generate_projected_w/" + png;
        EXPECT_TRUE(matchesPng(generateOne(s, {}), path, 0.999, 1, &total));
        // generate.py never truncates a projection; neither may a request's psi or cutoff.
        EXPECT_TRUE(matchesPng(generateOne(s, {0.7, -1}), path, 0.999, 1, &total));
        EXPECT_TRUE(matchesPng(generateOne(s, {0.5, 4}), path, 0.999, 1, &total));
        EXPECT_EQ(engine().sourceWs(s, {0.7, -1}), ws[k]->values);
        const double d = maxAbsDiff(synthesis(ws[k]->values), ref[static_cast<int64_t>(k)]);
        EXPECT_LT(d, 1e-4);
        worst = std::max(worst, d);
    }
    std::cout << "[ info ] projected ws vs generate.py PNGs: " << total.describe() << "; float max |diff| " << worst << "\n";
}

TEST_F(LatentReference, NpyWsOfTheOtherShapesRenderTheirImages) {
    const std::vector<std::pair<WArrayPtr, std::string>> cases = {{npyF64W(), "f64"}, {npy1dW(), "1d"}};
    for (const auto& [w, tag] : cases) {
        SCOPED_TRACE(w->name);
        EXPECT_TRUE(matchesPng(generateOne(Source::ws(w), {0.7, -1}), latentsDir() + "/npy/w_" + tag + ".png"));
        EXPECT_LT(maxAbsDiff(synthesis(w->values), latentsTensor("npy_" + tag + "_img")), 1e-4);
    }
    // The [w_dim] file is seed 50's psi-1 w broadcast: the seed's own image.
    EXPECT_TRUE(imagesClose(generateOne(Source::ws(npy1dW()), {}), generateOne(Source{50, -1}, {})));
}

// ---------------------------------------------------------------------------
// W-file sources in a style_mixing.py grid

namespace {

MixRequest wFileMix() {
    const std::vector<WArrayPtr> proj = projectedWs();
    MixRequest mix;
    mix.rows = {Source{0, -1}, Source::ws(proj[1])};
    mix.cols = {Source{5, -1}, Source::ws(proj[0]), Source::ws(proj[2])};
    mix.styles = {0, 1, 2, 3};
    mix.truncation = {0.7, -1};
    return mix;
}

std::string keyName(const Source& s) {
    if (s.isSeed()) return std::to_string(s.seed);
    return "w" + s.ws_array->name.substr(s.ws_array->name.find('[') + 1, 1);   // "projected_w.npz[k]" -> wk
}

std::string mixPng(const Source& r, const Source& c) {
    return latentsDir() + "/mix_styles0-3_psi0.7/" + keyName(r) + "-" + keyName(c) + ".png";
}

}  // namespace

TEST_F(LatentReference, WFileSourcesInAMixGridMatchStyleMixingPy) {
    const MixRequest mix = wFileMix();
    const MixResult res = engine().mix(mix);
    ASSERT_EQ(res.cells.size(), 2u);
    ImageDiff cells, srcs;
    for (size_t i = 0; i < mix.rows.size(); ++i) {
        EXPECT_TRUE(matchesPng(res.row_images[i], mixPng(mix.rows[i], mix.rows[i]), 0.999, 1, &srcs));
        ASSERT_EQ(res.cells[i].size(), 3u);
        for (size_t j = 0; j < mix.cols.size(); ++j)
            EXPECT_TRUE(matchesPng(res.cells[i][j], mixPng(mix.rows[i], mix.cols[j]), 0.999, 1, &cells))
                << mix.rows[i].label() << " x " << mix.cols[j].label();
    }
    for (size_t j = 0; j < mix.cols.size(); ++j)
        EXPECT_TRUE(matchesPng(res.col_images[j], mixPng(mix.cols[j], mix.cols[j]), 0.999, 1, &srcs));
    EXPECT_EQ(cells.images, 6);
    EXPECT_EQ(srcs.images, 5);
    std::cout << "[ info ] W-file mix cells vs NVIDIA PNGs: " << cells.describe() << "\n"
              << "[ info ] W-file mix sources vs NVIDIA PNGs: " << srcs.describe() << "\n";
}

TEST_F(LatentReference, WFileMixFloatCellsMatchFromTheEnginesWs) {
    const MixRequest mix = wFileMix();
    const torch::Tensor row_ws = latentsTensor("mix_row_ws"), col_ws = latentsTensor("mix_col_ws");
    const torch::Tensor ref = latentsTensor("mix_cell_img");
    const ModelFacts& f = engine().facts();
    double worst = 0;
    for (size_t i = 0; i < mix.rows.size(); ++i) {
        const std::vector<float> r = engine().sourceWs(mix.rows[i], mix.truncation);
        EXPECT_LT(maxRelDiff(r, row_ws[static_cast<int64_t>(i)]), 1e-6) << mix.rows[i].label();
        for (size_t j = 0; j < mix.cols.size(); ++j) {
            const std::vector<float> c = engine().sourceWs(mix.cols[j], mix.truncation);
            EXPECT_LT(maxRelDiff(c, col_ws[static_cast<int64_t>(j)]), 1e-6) << mix.cols[j].label();
            std::vector<float> cell = r;
            for (int s : mix.styles)
                std::copy_n(c.begin() + s * f.w_dim, f.w_dim, cell.begin() + s * f.w_dim);
            const double d = maxAbsDiff(synthesis(cell), ref[static_cast<int64_t>(i)][static_cast<int64_t>(j)]);
            EXPECT_LT(d, 1e-4) << mix.rows[i].label() << " x " << mix.cols[j].label();
            worst = std::max(worst, d);
        }
    }
    std::cout << "[ info ] W-file mix float cells max |diff| " << worst << "\n";
}

// ---------------------------------------------------------------------------
// The tolerances above tell the rules apart: each plausible mistake misses the references.

TEST_F(LatentReference, PlausibleMistakesMissTheReferences) {
    const std::vector<PositionCase> cases = positionCases();
    const torch::Tensor pos_ws = latentsTensor("pos_ws");
    const PositionCase& c = cases[1];   // -1.75:2.125
    // Seeds x * 100 + y instead of x + 100 * y (the transposed plane).
    EXPECT_GT(maxRelDiff(engine().sourceWs(Source::position(c.y, c.x), c.truncation), pos_ws[1]), 1e-2);
    // No truncation of a position's seeds, or truncation past the cutoff.
    EXPECT_GT(maxRelDiff(engine().sourceWs(Source::position(c.x, c.y), {1.0, -1}), pos_ws[1]), 1e-2);
    EXPECT_GT(maxRelDiff(engine().sourceWs(Source::position(cases[4].x, cases[4].y), {0.7, -1}), pos_ws[4]), 1e-2);
    EXPECT_FALSE(matchesPng(generateOne(Source::position(c.y, c.x), c.truncation), latentsDir() + "/positions/" + c.png));
    // A W source truncated like a seed.
    const WArrayPtr w0 = projectedWs()[0];
    EXPECT_FALSE(matchesPng(generateOne(Source::ws(truncated(w0, 0.7)), {}),
                            latentsDir() + "/generate_projected_w/proj00.png"));
    MixRequest mix = wFileMix();
    mix.cols[1] = Source::ws(truncated(w0, 0.7));
    const MixResult res = engine().mix(mix);
    EXPECT_FALSE(matchesPng(res.cells[0][1], mixPng(Source{0, -1}, Source::ws(w0))));
    EXPECT_FALSE(matchesPng(res.col_images[1], mixPng(Source::ws(w0), Source::ws(w0))));
}
