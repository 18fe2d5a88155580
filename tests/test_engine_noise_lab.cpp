// The noise lab (the paper's Fig. 4: realisations and their std-dev map, partial
// results) and noise layers (Fig. 5).
#include "tests/engine_test_util.h"
#include "model/core/figures.h"
#include "tests/image_compare.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <set>
#include <string>
#include <vector>

using namespace stylemix;
using namespace stylemix::testing;
using namespace stylemix::engine_test;

TEST(EngineNoiseLab, StddevIsPopulationStdOfRgbMean) {
    NoiseLabRequest req;
    req.subject.source = {3, -1};
    req.noise = randomNoiseSpec(11);
    req.samples = 6;
    req.keep_images = 6;
    req.stddev_gain = 4.0f;
    const NoiseLabResult lab = engine().noiseLab(req);
    ASSERT_EQ(lab.realisations.size(), 6u);
    const int W = 64, H = 64;
    ASSERT_EQ(lab.stddev_levels.size(), static_cast<size_t>(W * H));
    ASSERT_EQ(lab.stddev.width, W);
    ASSERT_EQ(lab.stddev.height, H);
    ASSERT_EQ(lab.stddev.channels, 1);
    for (const auto& im : lab.realisations) ASSERT_EQ(im->pixels.size(), static_cast<size_t>(W * H * 3));

    double worst = 0, max_std = 0;
    int image_off = 0;
    for (int p = 0; p < W * H; ++p) {
        double grey[6], mean = 0;
        for (int k = 0; k < 6; ++k) {
            const auto* px = &lab.realisations[static_cast<size_t>(k)]->pixels[static_cast<size_t>(p) * 3];
            grey[k] = (px[0] + px[1] + px[2]) / 3.0;
            mean += grey[k] / 6.0;
        }
        double var = 0;
        for (double v : grey) var += (v - mean) * (v - mean) / 6.0;
        const double sd = std::sqrt(var);
        max_std = std::max(max_std, sd);
        worst = std::max(worst, std::abs(sd - lab.stddev_levels[static_cast<size_t>(p)]));
        const float level = lab.stddev_levels[static_cast<size_t>(p)];
        EXPECT_EQ(lab.stddev.pixels[static_cast<size_t>(p)],
                  static_cast<std::uint8_t>(std::lround(std::clamp(level * 4.0f, 0.0f, 255.0f))))
            << "pixel " << p;
        image_off += std::abs(static_cast<int>(lab.stddev.pixels[static_cast<size_t>(p)]) -
                              static_cast<int>(std::lround(std::min(sd * 4.0, 255.0)))) > 1;
    }
    std::cout << "[ info ] noise lab std-dev vs recomputed: max |diff| " << worst << " levels, max std-dev "
              << lab.max_stddev << "\n";
    EXPECT_LT(worst, 1e-4);
    EXPECT_EQ(image_off, 0);
    EXPECT_NEAR(lab.max_stddev, max_std, 1e-4);
    EXPECT_GT(lab.max_stddev, 0.0f);

    // Realisation k is the subject rendered alone with realisation k of the noise.
    ImageDiff single;
    for (int64_t k : {0, 5}) {
        NoiseSpec n = req.noise;
        n.realisations = {k};
        EXPECT_TRUE(imagesClose(lab.realisations[static_cast<size_t>(k)], engine().renderSubject(req.subject, n), 0.999, 1, &single))
            << "realisation " << k;
    }
    EXPECT_NE(*lab.realisations[0], *lab.realisations[1]);

    // Deterministic.
    const NoiseLabResult again = engine().noiseLab(req);
    EXPECT_EQ(again.stddev_levels, lab.stddev_levels);
    EXPECT_EQ(again.stddev, lab.stddev);
    for (size_t k = 0; k < 6; ++k) EXPECT_EQ(*again.realisations[k], *lab.realisations[k]);

    // keep_images < samples returns only the first images, std-dev still over all K.
    NoiseLabRequest fewer = req;
    fewer.keep_images = 2;
    const NoiseLabResult f = engine().noiseLab(fewer);
    ASSERT_EQ(f.realisations.size(), 2u);
    EXPECT_EQ(*f.realisations[1], *lab.realisations[1]);
    EXPECT_EQ(f.stddev_levels, lab.stddev_levels);

    // No noise anywhere: no variation.
    NoiseLabRequest silent = req;
    silent.noise.multipliers.assign(9, 0.0f);
    const NoiseLabResult s = engine().noiseLab(silent);
    EXPECT_EQ(std::count(s.stddev.pixels.begin(), s.stddev.pixels.end(), 0), 64 * 64) << "std-dev image";
    // Six identical images have a std-dev of exactly zero, not a rounding residue.
    EXPECT_EQ(std::count(s.stddev_levels.begin(), s.stddev_levels.end(), 0.0f), 64 * 64)
        << "std-dev levels; max_stddev = " << s.max_stddev;
    EXPECT_EQ(s.max_stddev, 0.0f);
}

// Issue 22: the lab fills in progressively. Partial results come first with
// realisation 0, then with more realisations done; each partial's std-dev is
// exactly the std-dev over the realisations it counts; the final result is
// the one a run without watching gives.
TEST(EngineNoiseLab, PartialResultsRefineAndTheFinalOneIsUnchanged) {
    NoiseLabRequest req;
    req.subject.source = {3, -1};
    req.noise = randomNoiseSpec(11);
    req.samples = 48;
    req.keep_images = 4;
    std::vector<NoiseLabResult> partials;
    const NoiseLabResult watched =
        engine().noiseLab(req, {}, [&](const NoiseLabResult& p) { partials.push_back(p); });
    ASSERT_FALSE(partials.empty()) << "no partial result for K = 48";
    EXPECT_FALSE(partials.front().realisations.empty()) << "the first partial lacks realisation 0";
    int last = 0;
    for (const NoiseLabResult& p : partials) {
        EXPECT_GT(p.samples, last);
        EXPECT_LT(p.samples, req.samples);
        last = p.samples;
        EXPECT_EQ(p.stddev_levels.size(), 64u * 64u);
        for (std::size_t i = 0; i < p.realisations.size(); ++i) EXPECT_EQ(*p.realisations[i], *watched.realisations[i]);
    }
    for (const NoiseLabResult& p : partials) {   // a whole map over the samples so far
        EXPECT_EQ(p.max_stddev, *std::max_element(p.stddev_levels.begin(), p.stddev_levels.end()));
        if (p.samples == 1) EXPECT_EQ(p.max_stddev, 0.f) << "one realisation has no spread";
        EXPECT_EQ(p.stddev.width, 64);
    }
    if (partials.back().samples >= 6) EXPECT_GT(partials.back().max_stddev, 0.f);
    const NoiseLabResult plain = engine().noiseLab(req);
    EXPECT_EQ(watched.samples, req.samples);
    EXPECT_EQ(watched.stddev_levels, plain.stddev_levels);
    EXPECT_EQ(watched.stddev, plain.stddev);
    ASSERT_EQ(watched.realisations.size(), plain.realisations.size());
    for (std::size_t i = 0; i < plain.realisations.size(); ++i) EXPECT_EQ(*watched.realisations[i], *plain.realisations[i]);
}

TEST(EngineNoiseLab, NoiseLayersFigure) {
    LabSubject subject;
    subject.source = {4, -1};
    subject.mix_with = Source{5, -1};
    subject.styles = range(0, 4);
    const NoiseSpec noise = randomNoiseSpec(9);
    const NoiseLayersResult r = engine().noiseLayers(subject, noise);
    ASSERT_EQ(r.images.size(), 4u);
    ASSERT_EQ(r.labels.size(), 4u);
    NoiseSpec none;
    none.mode = NoiseMode::None;
    EXPECT_EQ(r.images[1], engine().renderSubject(subject, none)) << r.labels[1];
    EXPECT_EQ(r.images[0], engine().renderSubject(subject, noise)) << r.labels[0];
    EXPECT_NE(r.images[0], r.images[1]);
    EXPECT_NE(r.images[2], r.images[1]);
    EXPECT_NE(r.images[3], r.images[1]);
    EXPECT_NE(r.images[2], r.images[3]);
    std::set<std::string> labels(r.labels.begin(), r.labels.end());
    EXPECT_EQ(labels.size(), 4u);
    const Image fig = composeNoiseLayersFigure(r);
    EXPECT_GE(fig.width, 4 * 64);
    EXPECT_GT(fig.height, 64);
}
