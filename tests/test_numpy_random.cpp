#include "model/core/numpy_random.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace stylemix {
namespace {

// Minimal safetensors reader for one F64 tensor: 8-byte little-endian header
// length, JSON header, then data with offsets relative to the header's end.
std::vector<double> readF64Tensor(const std::string& path, const std::string& name,
                                  std::vector<std::int64_t>& shape) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot open '" + path + "'");
    }
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() < 8) {
        throw std::runtime_error("'" + path + "' is too short for a safetensors header");
    }
    std::uint64_t header_size = 0;
    for (int i = 7; i >= 0; --i) {
        header_size = (header_size << 8) | static_cast<unsigned char>(bytes[i]);
    }
    if (header_size > bytes.size() - 8) {
        throw std::runtime_error("'" + path + "' header length " + std::to_string(header_size) + " exceeds the file");
    }
    const auto header = nlohmann::json::parse(bytes.begin() + 8, bytes.begin() + 8 + header_size);
    const auto& entry = header.at(name);
    if (entry.at("dtype") != "F64") {
        throw std::runtime_error("tensor '" + name + "' in '" + path + "' is " +
                                 entry.at("dtype").get<std::string>() + ", expected F64");
    }
    shape = entry.at("shape").get<std::vector<std::int64_t>>();
    const auto begin = entry.at("data_offsets").at(0).get<std::uint64_t>();
    const auto end = entry.at("data_offsets").at(1).get<std::uint64_t>();
    if (begin > end || end > bytes.size() - 8 - header_size || (end - begin) % sizeof(double) != 0) {
        throw std::runtime_error("tensor '" + name + "' in '" + path + "' has bad data_offsets");
    }
    std::vector<double> values((end - begin) / sizeof(double));
    // safetensors is little-endian, as is every platform we build on.
    std::memcpy(values.data(), bytes.data() + 8 + header_size + begin, end - begin);
    return values;
}

std::uint64_t bitsOf(double value) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
}

TEST(NumpyRandom, Mt19937MatchesReferenceSequenceForSeed5489) {
    NumpyRandomState rng(5489u);
    EXPECT_EQ(rng.nextUInt32(), 3499211612u);
    EXPECT_EQ(rng.nextUInt32(), 581869302u);
    EXPECT_EQ(rng.nextUInt32(), 3890346734u);
    EXPECT_EQ(rng.nextUInt32(), 3586334585u);
    EXPECT_EQ(rng.nextUInt32(), 545404204u);
    // The C++ standard fixes the 10000th output of mt19937 with seed 5489.
    for (int i = 6; i < 10000; ++i) {
        rng.nextUInt32();
    }
    EXPECT_EQ(rng.nextUInt32(), 4123659995u);
}

TEST(NumpyRandom, RandomSampleMatchesNumpy) {
    // np.random.RandomState(0).random_sample(2)
    NumpyRandomState rng(0u);
    EXPECT_EQ(rng.randomSample(), 0.5488135039273248);
    EXPECT_EQ(rng.randomSample(), 0.7151893663724195);
}

TEST(NumpyRandom, RandnMatchesKnownNumpyValues) {
    // np.random.RandomState(0).randn(3)
    const std::vector<double> z = NumpyRandomState(0u).randn(3);
    ASSERT_EQ(z.size(), 3u);
    EXPECT_EQ(z[0], 1.764052345967664);
    EXPECT_EQ(z[1], 0.4001572083672233);
    EXPECT_EQ(z[2], 0.9787379841057392);
}

TEST(NumpyRandom, GaussReturnsSecondPolarValueFromCacheWithoutDrawing) {
    // Rebuild one polar step by hand: NumPy returns f*x2 first, then f*x1.
    NumpyRandomState uniforms(7u);
    double x1 = 0.0, x2 = 0.0, r2 = 0.0;
    do {
        x1 = 2.0 * uniforms.randomSample() - 1.0;
        x2 = 2.0 * uniforms.randomSample() - 1.0;
        r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    const double f = std::sqrt(-2.0 * std::log(r2) / r2);

    NumpyRandomState rng(7u);
    EXPECT_EQ(bitsOf(rng.gauss()), bitsOf(f * x2));
    EXPECT_EQ(bitsOf(rng.gauss()), bitsOf(f * x1));

    // The cached value consumes no MT19937 output.
    NumpyRandomState two_draws(11u);
    NumpyRandomState one_draw(11u);
    two_draws.gauss();
    two_draws.gauss();
    one_draw.gauss();
    EXPECT_EQ(two_draws.nextUInt32(), one_draw.nextUInt32());
}

TEST(NumpyRandom, LatentForSeedRejectsOutOfRangeSeeds) {
    EXPECT_EQ(latentForSeed(4294967295ull, 4), NumpyRandomState(4294967295u).randn(4));
    try {
        latentForSeed(4294967296ull, 512);
        FAIL() << "expected an exception";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "seed 4294967296 is out of range: NumPy's RandomState takes 0..4294967295");
    }
    EXPECT_THROW(latentForSeed(1, 0), std::runtime_error);
}

TEST(NumpyRandom, RandnMatchesNumpyReferenceBitForBit) {
    const std::string path = std::string(STYLEMIX_REFERENCE_DIR) + "/avatars64/cases.safetensors";
    ASSERT_TRUE(std::ifstream(path)) << "reference data missing: " << path << " (the repository carries it)";
    std::vector<std::int64_t> shape;
    const std::vector<double> expected = readF64Tensor(path, "z_seeds", shape);
    const std::vector<std::uint64_t> seeds = {0, 1, 2, 3, 4, 5, 6, 7, 42, 2147483648ull, 4294967295ull};
    ASSERT_EQ(shape, (std::vector<std::int64_t>{static_cast<std::int64_t>(seeds.size()), 512}));

    for (std::size_t row = 0; row < seeds.size(); ++row) {
        const std::vector<double> z = latentForSeed(seeds[row], 512);
        ASSERT_EQ(z.size(), 512u);
        for (std::size_t i = 0; i < z.size(); ++i) {
            ASSERT_EQ(bitsOf(z[i]), bitsOf(expected[row * 512 + i]))
                << "seed " << seeds[row] << " element " << i << ": got " << z[i] << ", NumPy gave "
                << expected[row * 512 + i];
        }
    }
}

}  // namespace
}  // namespace stylemix
