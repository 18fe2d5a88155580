// Random noise (batch-independent, standard normal) and per-layer noise multipliers.
#include "tests/engine_test_util.h"
#include "model/kernels/random_noise.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <vector>

using namespace stylemix;
using namespace stylemix::testing;
using namespace stylemix::engine_test;

TEST(EngineNoise, RandomNoiseIsBatchIndependentAndStandardNormal) {
    for (int layer : {0, 3, 8}) {
        const int res = layer == 8 ? 64 : 16;
        const torch::Tensor batch = randomNoise(42, {0, 1, 2, 3}, layer, res, torch::kCPU);
        ASSERT_EQ(batch.sizes().vec(), (std::vector<int64_t>{4, 1, res, res}));
        EXPECT_EQ(batch.scalar_type(), torch::kFloat32);
        std::vector<torch::Tensor> alone;
        for (int64_t r : {0, 1, 2, 3}) alone.push_back(randomNoise(42, {r}, layer, res, torch::kCPU));
        EXPECT_TRUE(torch::equal(batch, torch::cat(alone, 0))) << "layer " << layer;
        // Order and repetition do not matter either.
        const torch::Tensor shuffled = randomNoise(42, {3, 1, 3}, layer, res, torch::kCPU);
        EXPECT_TRUE(torch::equal(shuffled[0], batch[3]));
        EXPECT_TRUE(torch::equal(shuffled[1], batch[1]));
        EXPECT_TRUE(torch::equal(shuffled[2], batch[3]));
    }
    const torch::Tensor a = randomNoise(1, {0}, 2, 32, torch::kCPU);
    EXPECT_TRUE(torch::equal(a, randomNoise(1, {0}, 2, 32, torch::kCPU)));
    EXPECT_FALSE(torch::equal(a, randomNoise(2, {0}, 2, 32, torch::kCPU))) << "seed";
    EXPECT_FALSE(torch::equal(a, randomNoise(1, {1}, 2, 32, torch::kCPU))) << "realisation";
    EXPECT_FALSE(torch::equal(a, randomNoise(1, {0}, 3, 32, torch::kCPU))) << "layer";
    // Neighbouring layers of the same resolution are not shifted copies of each other.
    const double corr = (a * randomNoise(1, {0}, 3, 32, torch::kCPU)).mean().item<double>();
    EXPECT_LT(std::abs(corr), 0.1);

    const torch::Tensor big = randomNoise(12345, {0}, 5, 256, torch::kCPU).to(torch::kFloat64);
    const double mean = big.mean().item<double>();
    const double std = big.std(/*unbiased=*/false).item<double>();
    std::cout << "[ info ] 256x256 random noise: mean " << mean << ", std " << std << "\n";
    EXPECT_LT(std::abs(mean), 0.02);
    EXPECT_NEAR(std, 1.0, 0.02);
    EXPECT_TRUE(torch::isfinite(big).all().item<bool>());
}

TEST(EngineNoise, MultipliersZeroOneAndFine) {
    const Generator& g = defaultGenerator();
    const torch::Tensor ws = g.mapping(latents({3}), {}, 1.0);
    const size_t L = g.noiseLayers().size();
    ASSERT_EQ(L, 9u);
    for (NoiseMode mode : {NoiseMode::Const, NoiseMode::Random}) {
        SCOPED_TRACE(noiseModeName(mode));
        NoiseSpec base;
        base.mode = mode;
        base.seed = 5;
        NoiseSpec none = base;
        none.mode = NoiseMode::None;
        NoiseSpec zero = base;
        zero.multipliers.assign(L, 0.0f);
        NoiseSpec ones = base;
        ones.multipliers.assign(L, 1.0f);
        NoiseSpec fine_off = base;
        fine_off.multipliers.assign(L, 1.0f);
        for (size_t i = 0; i < L; ++i)
            if (g.noiseLayers()[i].resolution >= 64) fine_off.multipliers[i] = 0.0f;

        const torch::Tensor img = g.synthesis(ws, base);
        EXPECT_TRUE(torch::equal(g.synthesis(ws, zero), g.synthesis(ws, none))) << "all-zero multipliers vs mode none";
        EXPECT_TRUE(torch::equal(g.synthesis(ws, ones), img)) << "all-one multipliers vs default";
        const double d_fine = (g.synthesis(ws, fine_off) - img).abs().mean().item<double>();
        const double d_zero = (g.synthesis(ws, zero) - img).abs().mean().item<double>();
        std::cout << "[ info ] " << noiseModeName(mode) << " noise: mean |diff| fine layers off " << d_fine
                  << ", all off " << d_zero << "\n";
        EXPECT_GT(d_fine, 0.0);
        EXPECT_LT(d_fine, d_zero);

        // The engine passes the multipliers through unchanged.
        GenerateRequest a, b;
        a.sources = b.sources = sources({3});
        a.noise = zero;
        b.noise = none;
        EXPECT_EQ(engine().generate(a), engine().generate(b));
        a.noise = ones;
        b.noise = base;
        EXPECT_EQ(engine().generate(a), engine().generate(b));
        a.noise = fine_off;
        EXPECT_NE(engine().generate(a), engine().generate(b));
    }
}
