// Round trip through the whole loader: a generator written as an NVIDIA
// network pickle by tests/make_test_pickles.py renders exactly like its
// safetensors twin (same tensors, same init_kwargs, same architecture).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "model/nets/load_generator.h"

namespace stylemix {
namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(STYLEMIX_SOURCE_DIR) / "tests" / "data" / "pickle";

void expectSameRender(const std::string& stem) {
    SCOPED_TRACE(stem);
    const auto pkl = loadGenerator((kData / (stem + ".pkl")).string(), torch::kCPU);
    const auto twin = loadGenerator((kData / (stem + ".safetensors")).string(), torch::kCPU);
    torch::NoGradGuard no_grad;
    const torch::Tensor z = torch::randn({2, pkl->description().z_dim}, torch::TensorOptions().dtype(torch::kFloat64));
    torch::Tensor c;
    if (pkl->description().c_dim > 0) c = torch::eye(pkl->description().c_dim).slice(0, 0, 2);
    const NoiseSpec noise;
    const torch::Tensor a = pkl->synthesis(pkl->mapping(z, c, 0.7), noise);
    const torch::Tensor b = twin->synthesis(twin->mapping(z, c, 0.7), noise);
    ASSERT_EQ(a.sizes(), b.sizes());
    EXPECT_TRUE(torch::equal(a, b)) << "max |diff| " << (a - b).abs().max().item<float>();
    EXPECT_GT(a.std().item<float>(), 0.1f) << "render is flat: weights probably not loaded";
}

TEST(NetworkPickleRender, StyleGan3RepoLayoutRendersLikeItsTwin) { expectSameRender("sg2_tiny_p4"); }

TEST(NetworkPickleRender, AdaConditionalHalfRendersLikeItsTwin) { expectSameRender("sg2ada_cond_p3_f16"); }

}  // namespace
}  // namespace stylemix
