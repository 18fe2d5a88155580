// A knob change resumes from the first layer it affects (issue 20 §4): the
// layer-prefix caches of sources and cells are shared between noise specs
// that agree on the noise layers a prefix consumes, so turning the finest
// knob runs only the layers from the last noise block on (cells from the
// second step of a drag: their snapshots are kept only while a knob turns),
// and the images equal an uncached engine's bit for bit. The noise lab runs the layers before its
// first active noise layer once for all K realisations.
#include "model/engine/engine.h"
#include "model/engine/image_tensors.h"
#include "model/engine/mix_plan.h"
#include "model/nets/generator.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

using namespace stylemix;

namespace {

std::unique_ptr<Engine> load(bool cached) {
    auto e = Engine::load(stylemix::testing::defaultModelPath(), DeviceChoice::CPU);
    if (!cached) e->setCacheBudget(0);
    return e;
}

MixRequest knobGrid(NoiseMode mode) {
    MixRequest m;
    m.rows = {Source{11, -1}, Source{12, -1}, Source{13, -1}};
    m.cols = {Source{21, -1}, Source{22, -1}, Source{23, -1}};
    m.styles = {4, 5, 6, 7};
    m.noise.mode = mode;
    m.noise.seed = 3;
    return m;
}

void expectSame(const MixResult& a, const MixResult& b) {
    for (size_t r = 0; r < a.row_images.size(); ++r) EXPECT_EQ(*a.row_images[r], *b.row_images[r]) << "row " << r;
    for (size_t c = 0; c < a.col_images.size(); ++c) EXPECT_EQ(*a.col_images[c], *b.col_images[c]) << "col " << c;
    for (size_t r = 0; r < a.cells.size(); ++r)
        for (size_t c = 0; c < a.cells[r].size(); ++c) EXPECT_EQ(*a.cells[r][c], *b.cells[r][c]) << "cell " << r << "," << c;
}

// The layer count a change to noise layer j resumes from: the last ws boundary at or before its first consumer.
int resumeLayer(const Generator& g, int j) {
    int first = 0;
    while (g.layers()[static_cast<size_t>(first)].noise_index != j) ++first;
    int b = 0;
    for (int p : wsBoundaries(g.layers()))
        if (p <= first) b = p;
    return b;
}

}  // namespace

TEST(KnobResume, TheFinestKnobRunsOnlyTheLastLayersAndMatchesAFreshRender) {
    for (NoiseMode mode : {NoiseMode::Const, NoiseMode::Random}) {
        SCOPED_TRACE(noiseModeName(mode));
        auto cached = load(true), fresh = load(false);
        const Generator& g = cached->generator();
        const int L = g.numLayers(), J = static_cast<int>(g.noiseLayers().size());
        MixRequest req = knobGrid(mode);
        const MixResult first = cached->mix(req);
        EXPECT_GE(first.timings.image_layers, 6 * L) << "a fresh grid runs every layer of every source";
        req.noise.multipliers.assign(static_cast<size_t>(J), 1.f);
        // The first step of a drag on the finest knob: sources resume from its layer, cells
        // from the prefix they share with a source (a grid keeps cell snapshots only while a knob turns).
        req.noise.multipliers.back() = 2.f;
        const MixResult first_step = cached->mix(req);
        const int b = resumeLayer(g, J - 1);
        EXPECT_LT(first_step.timings.image_layers, first.timings.image_layers);
        expectSame(first_step, fresh->mix(req));
        // The next steps: every source and cell from the knob's layer.
        req.noise.multipliers.back() = 2.5f;
        const MixResult turned = cached->mix(req);
        EXPECT_EQ(turned.timings.image_layers, static_cast<std::int64_t>(15 * (L - b)))
            << "6 sources and 9 cells, each from layer " << b << " of " << L;
        expectSame(turned, fresh->mix(req));
        // The coarsest knob restarts everything from layer 0 (cells from their shared prefix).
        req.noise.multipliers.front() = 0.5f;
        const MixResult coarse = cached->mix(req);
        EXPECT_GT(coarse.timings.image_layers, turned.timings.image_layers);
        expectSame(coarse, fresh->mix(req));
        // Back to the finest change alone: a cache hit.
        req.noise.multipliers.front() = 1.f;
        EXPECT_EQ(cached->mix(req).timings.image_layers, 0);
    }
}

TEST(KnobResume, ANoiseSeedChangeRestartsAtTheFirstNoiseLayerAndMatches) {
    auto cached = load(true), fresh = load(false);
    MixRequest req = knobGrid(NoiseMode::Random);
    cached->mix(req);
    req.noise.seed = 4;
    expectSame(cached->mix(req), fresh->mix(req));
}

TEST(KnobResume, TheLabSharesItsLayersBeforeTheFirstActiveNoiseLayer) {
    auto engine = load(true);
    const Generator& g = engine->generator();
    const int L = g.numLayers(), J = static_cast<int>(g.noiseLayers().size());
    NoiseLabRequest lab;
    lab.subject.source = {5, -1};
    lab.noise.mode = NoiseMode::Random;
    lab.noise.seed = 7;
    lab.noise.multipliers.assign(static_cast<size_t>(J), 0.f);
    lab.noise.multipliers.back() = 1.f;   // fine noise only
    lab.samples = 6;
    lab.keep_images = 6;
    const NoiseLabResult r = engine->noiseLab(lab);
    int first = 0;
    while (g.layers()[static_cast<size_t>(first)].noise_index != J - 1) ++first;
    EXPECT_EQ(r.timings.image_layers, first + 6 * (L - first));
    // The same realisations from scratch, one forward pass of all six.
    const std::vector<float> w = engine->sourceWs(lab.subject.source);
    const torch::Tensor ws = torch::from_blob(const_cast<float*>(w.data()), {1, g.numWs(), g.description().w_dim},
                                              torch::kFloat32).expand({6, -1, -1}).contiguous();
    NoiseSpec noise = lab.noise;
    noise.realisations = {0, 1, 2, 3, 4, 5};
    const std::vector<Image> scratch = toImages(g.synthesis(ws, noise));
    for (size_t k = 0; k < 6; ++k) EXPECT_EQ(*r.realisations[k], scratch[k]) << "realisation " << k;
}
