// The noise lab resumes across requests (issue 20 §4, "same for the lab"):
// while a knob turns, every realisation restarts from the first layer the
// change touches, and the figure equals an uncached engine's bit for bit.
#include "model/engine/engine.h"
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

NoiseLabRequest labRequest(const Generator& g) {
    NoiseLabRequest lab;
    lab.subject.source = Source{7};
    lab.noise.mode = NoiseMode::Random;
    lab.noise.seed = 5;
    lab.noise.multipliers.assign(g.noiseLayers().size(), 1.0f);
    lab.samples = 24;
    lab.keep_images = 4;
    return lab;
}

int firstConsumer(const Generator& g, int noise_layer) {
    for (int l = 0; l < g.numLayers(); ++l)
        if (g.layers()[static_cast<size_t>(l)].noise_index == noise_layer) return l;
    return -1;
}

void expectSame(const NoiseLabResult& a, const NoiseLabResult& b) {
    ASSERT_EQ(a.realisations.size(), b.realisations.size());
    for (size_t i = 0; i < a.realisations.size(); ++i) EXPECT_EQ(*a.realisations[i], *b.realisations[i]) << "realisation " << i;
    EXPECT_EQ(a.stddev_levels, b.stddev_levels);
    EXPECT_EQ(a.stddev, b.stddev);
}

}  // namespace

TEST(LabResume, ADraggedKnobResumesFromItsLayerAndMatchesAFreshRender) {
    auto cached = load(true), fresh = load(false);
    const Generator& g = cached->generator();
    const int J = static_cast<int>(g.noiseLayers().size()), L = g.numLayers();
    NoiseLabRequest lab = labRequest(g);
    cached->noiseLab(lab);
    // The first step of a drag on the finest knob renders everything and keeps the states before its layer...
    const int fine = J - 1, layer = firstConsumer(g, fine);
    lab.noise.multipliers[static_cast<size_t>(fine)] = 0.5f;
    NoiseLabResult first = cached->noiseLab(lab);
    expectSame(first, fresh->noiseLab(lab));
    // ...so the next steps run only the layers from it on, for all K.
    for (float v : {0.25f, 2.0f, 0.0f}) {
        SCOPED_TRACE(v);
        lab.noise.multipliers[static_cast<size_t>(fine)] = v;
        const NoiseLabResult step = cached->noiseLab(lab);
        EXPECT_EQ(step.timings.image_layers, static_cast<std::int64_t>(lab.samples) * (L - layer));
        expectSame(step, fresh->noiseLab(lab));
    }
}

TEST(LabResume, AChangeBeforeTheKeptLayerOrOfAnythingElseRendersAgainAndMatches) {
    auto cached = load(true), fresh = load(false);
    const Generator& g = cached->generator();
    const int J = static_cast<int>(g.noiseLayers().size());
    NoiseLabRequest lab = labRequest(g);
    cached->noiseLab(lab);
    lab.noise.multipliers[static_cast<size_t>(J - 1)] = 0.5f;
    cached->noiseLab(lab);   // keeps the states before the finest knob's layer
    const std::int64_t full = fresh->noiseLab(lab).timings.image_layers;
    // A coarse knob: the kept states are stale.
    lab.noise.multipliers[1] = 0.5f;
    NoiseLabResult r = cached->noiseLab(lab);
    EXPECT_GE(r.timings.image_layers, full - g.numLayers()) << "must not resume from states made under another coarse knob";
    expectSame(r, fresh->noiseLab(lab));
    // Another noise seed, subject or K: nothing is reused.
    for (int change = 0; change < 3; ++change) {
        SCOPED_TRACE(change);
        lab.noise.multipliers[static_cast<size_t>(J - 1)] = 0.75f + 0.1f * static_cast<float>(change);
        if (change == 0) lab.noise.seed = 6;
        if (change == 1) lab.subject.source = Source{8};
        if (change == 2) lab.samples = 20;
        expectSame(cached->noiseLab(lab), fresh->noiseLab(lab));
    }
}

TEST(LabResume, WhenNotAllStatesFitTheLeadingJobsResumeAndTheRestRenderInFull) {
    auto cached = load(true), fresh = load(false);
    const Generator& g = cached->generator();
    const int J = static_cast<int>(g.noiseLayers().size()), L = g.numLayers();
    const int fine = J - 1, layer = firstConsumer(g, fine);
    NoiseLabRequest lab = labRequest(g);
    // Room (a quarter of the budget) for about half of the K states before the finest knob's layer.
    cached->setCacheBudget(static_cast<std::size_t>(g.snapshotBytes(layer) * lab.samples / 2 * 4));
    cached->noiseLab(lab);
    lab.noise.multipliers[static_cast<size_t>(fine)] = 0.5f;
    cached->noiseLab(lab);
    lab.noise.multipliers[static_cast<size_t>(fine)] = 0.25f;
    const NoiseLabResult step = cached->noiseLab(lab);
    const NoiseLabResult full = fresh->noiseLab(lab);
    EXPECT_GT(step.timings.image_layers, static_cast<std::int64_t>(lab.samples) * (L - layer)) << "not every state fitted";
    EXPECT_LT(step.timings.image_layers, full.timings.image_layers) << "the states that fitted were used";
    expectSame(step, full);
}
