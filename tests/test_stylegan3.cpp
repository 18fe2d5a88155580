// StyleGAN3 (configs T and R) against NVIDIA's own networks_stylegan3 on the
// CPU (tests/data/sg3: fixture pickles and *_ref.safetensors), through the
// real .pkl path; hostile pickles; full-size models written at test time.
#include <gtest/gtest.h>

#include "model/kernels/filtered_lrelu.h"
#include "model/nets/load_generator.h"
#include "model/nets/stylegan3/stylegan3_generator.h"
#include "sg3_test_util.h"

#include <cstdlib>
#include <filesystem>
#include <string>

namespace stylemix {
namespace {

using namespace stylemix::testing;

constexpr double kTol = 1e-4;

struct Fixture {
    const char* name;
    const char* config;
    int num_ws;
};
void PrintTo(const Fixture& f, std::ostream* os) { *os << f.name; }   // gtest's lists: the name, not bytes
const Fixture kFixtures[] = {{"sg3t_16", "T", 8}, {"sg3t_32", "T", 10}, {"sg3r_16", "R", 8}, {"sg3r_32", "R", 9}};

class Sg3Reference : public ::testing::TestWithParam<Fixture> {};

// Each seed alone (batch 1), like gen_images.py made the references.
torch::Tensor synthesizeEach(const Generator& g, const torch::Tensor& ws, const OptionalTransform& transform = std::nullopt) {
    std::vector<torch::Tensor> out;
    for (int64_t i = 0; i < ws.size(0); ++i) out.push_back(g.synthesis(ws.slice(0, i, i + 1), NoiseSpec{}, transform));
    return torch::cat(out, 0);
}

TEST_P(Sg3Reference, MappingMatches) {
    const auto ref = sg3Reference(GetParam().name);
    const auto g = loadGenerator(sg3Fixture(GetParam().name), torch::kCPU);
    EXPECT_EQ(g->description().family, "stylegan3");
    EXPECT_EQ(g->description().family_label, std::string("StyleGAN3-") + GetParam().config);
    EXPECT_EQ(g->numWs(), GetParam().num_ws);
    const torch::Tensor z = ref.at("z");
    EXPECT_LE(maxAbsDiff(g->mapping(z, {}, 1.0), ref.at("ws_psi1")), kTol);
    EXPECT_LE(maxAbsDiff(g->mapping(z, {}, 0.7), ref.at("ws_psi07")), kTol);
    EXPECT_LE(maxAbsDiff(g->mapping(z, {}, 0.5, 3), ref.at("ws_psi05_cutoff3")), kTol);
    EXPECT_LE(maxAbsDiff(g->truncateAll(g->mapping(z, {}, 1.0), 0.7), ref.at("mix_src_ws")), kTol);
}

// The fast CPU path and NVIDIA's op sequence (plain execution) both match the references.
TEST_P(Sg3Reference, ImagesMatchOnBothPaths) {
    const auto ref = sg3Reference(GetParam().name);
    auto g = loadGenerator(sg3Fixture(GetParam().name), torch::kCPU);
    for (bool plain : {false, true}) {
        SCOPED_TRACE(plain ? "plain execution" : "fast CPU path");
        if (plain) g->setExecution(plainExecution());
        for (const char* which : {"psi1", "psi07", "psi05_cutoff3"}) {
            SCOPED_TRACE(which);
            const torch::Tensor img = synthesizeEach(*g, ref.at(std::string("ws_") + which));
            const torch::Tensor expected = ref.at(std::string("img_") + which);
            ASSERT_EQ(img.sizes(), expected.sizes());
            EXPECT_LE(maxAbsDiff(img, expected), kTol);
        }
        // A batch of 4 (split over the workers on the fast path) gives the same images.
        EXPECT_LE(maxAbsDiff(g->synthesis(ref.at("mix_src_ws"), NoiseSpec{}), ref.at("mix_src_img_batch4")), kTol);
    }
}

// The transform is an argument of the render, not generator state (issue 20 §6).
TEST_P(Sg3Reference, UserTransformReplacesTheStoredOne) {
    const auto ref = sg3Reference(GetParam().name);
    auto g = loadGenerator(sg3Fixture(GetParam().name), torch::kCPU);
    auto& sg3 = dynamic_cast<StyleGan3Generator&>(*g);
    EXPECT_TRUE(torch::equal(sg3.transformBuffer(std::nullopt), ref.at("transform_buffer_stored")));
    InputTransform t;
    t.translate_x = 0.1;
    t.translate_y = -0.2;
    t.rotate_deg = 10;
    const auto u = t.matrix();
    EXPECT_LE(maxAbsDiff(torch::tensor(std::vector<double>(u.begin(), u.end()), torch::kFloat64).reshape({3, 3}),
                         ref.at("user_transform")),
              1e-15);
    EXPECT_LE(maxAbsDiff(sg3.transformBuffer(t), ref.at("transform_buffer_user")), 1e-7);
    const torch::Tensor img = synthesizeEach(*g, ref.at("ws_psi1"), t);
    EXPECT_LE(maxAbsDiff(img, ref.at("img_psi1_user_transform")), kTol);
    EXPECT_GT(maxAbsDiff(img, ref.at("img_psi1")), 1e-2) << "the transform changed nothing";
    // The generator kept nothing: a render without a transform uses the stored buffer.
    EXPECT_LE(maxAbsDiff(synthesizeEach(*g, ref.at("ws_psi1")), ref.at("img_psi1")), kTol);
    // A family without an input transform refuses one.
    auto sg2 = loadGenerator(std::string(STYLEMIX_SOURCE_DIR) + "/assets/avatars64.safetensors", torch::kCPU);
    EXPECT_THROW(sg2->startState(1, t), std::invalid_argument);
}

// Cell images straight from the generator (the engine's grids are in test_stylegan3_engine.cpp).
TEST_P(Sg3Reference, MixingCellsMatch) {
    const auto ref = sg3Reference(GetParam().name);
    const auto g = loadGenerator(sg3Fixture(GetParam().name), torch::kCPU);
    const torch::Tensor mix_ws = ref.at("mix_ws"), mix_img = ref.at("mix_img");
    for (int64_t set = 0; set < mix_ws.size(0); ++set)
        for (int64_t r = 0; r < 2; ++r) {
            const torch::Tensor img = synthesizeEach(*g, mix_ws[set][r]);
            EXPECT_LE(maxAbsDiff(img, mix_img[set][r]), kTol) << "style set " << set << ", row " << r;
        }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, Sg3Reference, ::testing::ValuesIn(kFixtures),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Sg3Description, LayersWsLabelsAndPresets) {
    const auto g = loadGenerator(sg3Fixture("sg3t_16"), torch::kCPU);
    const ModelDescription& d = g->description();
    ASSERT_EQ(d.layers.size(), 8u);   // input + 6 layers + ToRGB
    EXPECT_EQ(d.layers[0].name, "input");
    EXPECT_EQ(d.layers[4].name, "L3_36_23");
    EXPECT_TRUE(d.layers[7].is_torgb);
    for (size_t i = 0; i < d.layers.size(); ++i) EXPECT_EQ(d.layers[i].ws_index, static_cast<int>(i));
    EXPECT_TRUE(d.noise_layers.empty());
    EXPECT_TRUE(d.noise_modes.empty());
    EXPECT_TRUE(d.has_input_transform);
    EXPECT_EQ(d.ws_info[0].label, "input (pose)");
    EXPECT_EQ(d.ws_info[3].label, "36 px / fc 4");
    EXPECT_EQ(d.ws_info[7].label, "ToRGB");
    // Output cutoffs 2, 2, 2.83, 4 | 5.66, 8, 8, 8: StyleGAN2's bands (<= 4, <= 16, above).
    EXPECT_EQ(d.coarse, (WsRange{0, 4}));
    EXPECT_EQ(d.middle, (WsRange{4, 8}));
    EXPECT_TRUE(d.fine.empty());
}

struct Hostile {
    const char* file;
    const char* names;   // what the error must name
};

TEST(Sg3Hostile, EveryBadFixtureIsRefusedNamingTheTensor) {
    const Hostile cases[] = {
        {"bad_missing_filter", "synthesis.L1_36_24.up_filter"},
        {"bad_none_filter", "synthesis.L1_36_24.down_filter"},
        {"bad_freqs_shape", "synthesis.input.freqs"},
        {"bad_freqs_channels", "synthesis.input.freqs"},
        {"bad_transform_shape", "synthesis.input.transform"},
        {"bad_magnitude_ema_zero", "synthesis.L2_36_24.magnitude_ema"},
        {"bad_magnitude_ema_negative", "synthesis.L0_36_24.magnitude_ema"},
        {"bad_layer_layout_missing", "'L2_36_24'"},
        {"bad_layer_layout_unknown", "'conv3'"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.file);
        const std::string path = sg3Fixture(c.file);
        try {
            loadGenerator(path, torch::kCPU);
            ADD_FAILURE() << "accepted " << path;
        } catch (const std::exception& e) {
            const std::string m = e.what();
            EXPECT_EQ(m.rfind(path, 0), 0u) << m;
            EXPECT_NE(m.find(c.names), std::string::npos) << m;
        }
    }
}

// The polyphase CPU kernel against the reference op sequence on random data,
// over the geometries StyleGAN3 uses: crops, up 4, radial and identity filters.
TEST(FilteredLrelu, CpuKernelMatchesReferencePath) {
    torch::manual_seed(3);
    struct Case {
        int in, up, down, fu, fd;
        std::array<int, 4> pad;
        bool radial;
        double gain, slope, clamp;
    };
    const Case cases[] = {
        {38, 2, 2, 12, 12, {9, 8, 9, 8}, false, std::sqrt(2.0), 0.2, 256},
        {38, 2, 2, 12, 12, {-11, -12, -11, -12}, false, std::sqrt(2.0), 0.2, 256},
        {30, 4, 2, 24, 12, {2, -1, 2, -1}, false, std::sqrt(2.0), 0.2, 0.5},
        {36, 2, 2, 12, 12, {11, 10, 11, 10}, true, std::sqrt(2.0), 0.2, 256},
        {36, 4, 2, 24, 12, {-2, -5, -2, -5}, true, std::sqrt(2.0), 0.2, 256},
        {16, 1, 1, 1, 1, {0, 0, 0, 0}, false, 1.0, 1.0, 0.3},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE("in " + std::to_string(c.in) + " up " + std::to_string(c.up) + " pad " + std::to_string(c.pad[0]));
        const int64_t n = 2, ch = 5;
        const torch::Tensor x = torch::randn({n, ch, c.in, c.in});
        const torch::Tensor scale = torch::rand({n, ch}) + 0.5, b = torch::randn({ch});
        const torch::Tensor fu = c.fu > 1 ? torch::rand({c.fu}) : torch::Tensor();
        const torch::Tensor fd = c.fd > 1 ? (c.radial ? torch::rand({c.fd, c.fd}) : torch::rand({c.fd})) : torch::Tensor();
        FilteredLreluParams p;
        p.up = c.up;
        p.down = c.down;
        p.padding = c.pad;
        p.gain = c.gain;
        p.slope = c.slope;
        p.clamp = c.clamp;
        const torch::Tensor expected =
            filteredLreluReference(x * scale.unsqueeze(2).unsqueeze(3), fu, fd, b, p);
        const FilteredLreluCpu kernel(c.in, fu, fd, p);
        const torch::Tensor got = kernel.run(x.contiguous(at::MemoryFormat::ChannelsLast), scale, b);
        ASSERT_EQ(got.sizes(), expected.sizes());
        EXPECT_EQ(kernel.outSize(), expected.size(2));
        EXPECT_LE(maxAbsDiff(got, expected), 1e-4 * std::max(1.0, expected.abs().max().item<double>()));
    }
}

// Full-size random models written by tests/sg3/make_big_sg3.py load and render.
// The writer needs only Python's standard library and numpy (no torch).
TEST(Sg3BigModels, FfhqShapedTAndAfhqShapedRRender) {
    const char* python = "/usr/bin/python3";
    ASSERT_TRUE(std::filesystem::exists(python))
        << python << " is missing: python3 is required to write the big pickles (bootstrap.sh installs it with python3-numpy)";
    ASSERT_EQ(std::system((std::string(python) + " -c 'import numpy' >/dev/null 2>&1").c_str()), 0)
        << "python3-numpy is required: bootstrap.sh installs it (" << python << " cannot import numpy)";
    const std::string dir = sg3ScratchDir("sg3_big");
    const std::string cmd = std::string(python) + " " + STYLEMIX_SOURCE_DIR + "/tests/sg3/make_big_sg3.py --out " + dir +
                            " >" + dir + "/log.txt 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << "make_big_sg3.py failed; see " << dir << "/log.txt";
    struct Big {
        const char* file;
        int resolution, num_ws;
        const char* label;
    };
    for (const Big& b : {Big{"sg3t_1024_random.pkl", 1024, 16, "StyleGAN3-T"}, Big{"sg3r_512_random.pkl", 512, 16, "StyleGAN3-R"}}) {
        SCOPED_TRACE(b.file);
        const auto g = loadGenerator(dir + "/" + b.file, torch::kCPU);
        EXPECT_EQ(g->description().family_label, b.label);
        EXPECT_EQ(g->numWs(), b.num_ws);
        const torch::Tensor z = torch::randn({1, g->description().z_dim}, torch::kFloat64);
        const torch::Tensor img = g->synthesis(g->mapping(z, {}, 0.7), NoiseSpec{});
        ASSERT_EQ(img.sizes(), (std::vector<int64_t>{1, 3, b.resolution, b.resolution}));
        EXPECT_TRUE(torch::isfinite(img).all().item<bool>());
        EXPECT_GT(img.std().item<double>(), 1e-3) << "flat render";
    }
}

}  // namespace
}  // namespace stylemix
