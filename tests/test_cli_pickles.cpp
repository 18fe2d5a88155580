// Network pickles through the CLI: `convert` and `info` on NVIDIA-structured and
// TF-era pickles, every command on TF-era pickles, and the unsupported kind refused.
#include "tests/cli_test_util.h"
#include "model/io/safetensors.h"
#include "model/io/image_io.h"
#include "tests/image_compare.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>

using namespace stylemix;
using namespace stylemix::testing;
using namespace stylemix::cli_test;

TEST_F(Cli, ConvertPickleAndInfo) {
    const std::string pkl = pickleFixture();
    if (!fs::exists(pkl)) FAIL() << "NVIDIA-structured test pickle missing: " << pkl;
    const std::string d = scratchDir("cli_convert");
    const std::string st = d + "/out.safetensors";
    CliRun r = runCli("convert " + quote(pkl) + " " + quote(st));
    ASSERT_EQ(r.code, 0) << describe(r);
    // The converted file holds the same tensors as the fixture's own safetensors twin.
    const std::string twin_path = std::string(STYLEMIX_SOURCE_DIR) + "/tests/data/pickle/sg2_tiny_p4.safetensors";
    if (fs::exists(twin_path)) {
        const RawWeights out = readSafetensors(st), twin = readSafetensors(twin_path);
        ASSERT_EQ(out.tensors.size(), twin.tensors.size());
        for (const auto& [name, t] : twin.tensors) {
            ASSERT_TRUE(out.tensors.count(name)) << name;
            EXPECT_EQ(out.tensors.at(name).shape, t.shape) << name;
            EXPECT_TRUE(out.tensors.at(name).bytes == t.bytes) << name;
        }
        EXPECT_EQ(out.class_name, "training.networks_stylegan2.Generator");
    }

    r = runCli("generate --model " + quote(st) + " --seeds 0-1 --device cpu --no-recipe --outdir " + quote(d + "/a"));
    ASSERT_EQ(r.code, 0) << describe(r);
    r = runCli("generate --model " + quote(pkl) + " --seeds 0-1 --device cpu --no-recipe --outdir " + quote(d + "/b"));
    ASSERT_EQ(r.code, 0) << describe(r);
    for (const char* name : {"seed0000.png", "seed0001.png"}) {
        const auto a = readFileBytes(d + "/a/" + name), b = readFileBytes(d + "/b/" + name);
        EXPECT_FALSE(a.empty()) << name;
        EXPECT_TRUE(a == b) << name << " differs between the .safetensors and the .pkl";
        const Image im = readPng(d + "/a/" + name);
        EXPECT_EQ(im.width, 16) << name;
        EXPECT_EQ(im.height, 16) << name;
    }

    r = runCli("info --device cpu --model " + quote(st));
    ASSERT_EQ(r.code, 0) << describe(r);
    EXPECT_TRUE(contains(r.out, "num_ws 6")) << describe(r);   // 16x16: blocks 4, 8, 16
    r = runCli("info --device cpu");
    ASSERT_EQ(r.code, 0) << describe(r);
    EXPECT_TRUE(contains(r.out, "num_ws 10")) << describe(r);
    EXPECT_TRUE(contains(r.out, "b4.torgb b8.conv0")) << describe(r);
    EXPECT_TRUE(contains(r.out, engine().facts().sha256)) << describe(r);

    // Converting into a missing directory or from a missing file fails cleanly.
    r = runCli("convert " + quote(d + "/nope.pkl") + " " + quote(d + "/nope.safetensors"));
    expectCleanFailure(r, d + "/nope.pkl");
    EXPECT_FALSE(fs::exists(d + "/nope.safetensors"));
}

namespace {

// The reference's float images [N, 3, R, R] as the uint8 HWC picture of item `i`:
// clip(x * 127.5 + 128, 0, 255) truncated, as NVIDIA's scripts write PNGs.
Image referencePicture(const RawWeights& ref, const std::string& name, int i) {
    const RawTensor& t = ref.tensors.at(name);
    const int c = static_cast<int>(t.shape[1]), h = static_cast<int>(t.shape[2]), w = static_cast<int>(t.shape[3]);
    Image im;
    im.width = w;
    im.height = h;
    im.channels = c;
    im.pixels.resize(static_cast<std::size_t>(w * h * c));
    for (int ch = 0; ch < c; ++ch)
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                float v;
                std::memcpy(&v, t.bytes.data() + 4 * ((static_cast<std::size_t>(i) * c + ch) * h * w + y * w + x), 4);
                const double p = std::min(255.0, std::max(0.0, v * 127.5 + 128.0));
                im.pixels[static_cast<std::size_t>((y * w + x) * c + ch)] = static_cast<std::uint8_t>(p);
            }
    return im;
}

}  // namespace

// Both kinds of TF-era pickle work everywhere a model opens: generate, mix,
// noise, info and convert, and the converted file renders the same PNGs.
TEST_F(Cli, TensorFlowPicklesGenerateMixNoiseInfoConvert) {
    const std::string tf = std::string(STYLEMIX_SOURCE_DIR) + "/tests/data/tf/";
    struct Kind { const char* pkl; const char* ref; const char* family; const char* num_ws; };
    for (const Kind& k : {Kind{"sg1_64.pkl", "sg1_64_ref.safetensors", "StyleGAN1", "num_ws 10"},
                          Kind{"sg2_32.pkl", "sg2_32_ref.safetensors", "StyleGAN2", "num_ws 8"}}) {
        SCOPED_TRACE(k.pkl);
        const std::string pkl = tf + k.pkl;
        const std::string d = scratchDir(std::string("cli_tf_") + k.family);
        const RawWeights ref = readSafetensors(tf + k.ref);

        CliRun r = runCli("generate --model " + quote(pkl) + " --seeds 0-1 --trunc 1 --noise-mode const --device cpu --outdir " +
                          quote(d + "/gen"));
        ASSERT_EQ(r.code, 0) << describe(r);
        for (int s = 0; s < 2; ++s) {
            const std::string png = d + "/gen/seed000" + std::to_string(s) + ".png";
            EXPECT_TRUE(imagesClose(readPng(png), referencePicture(ref, "img_psi1_const", s), 0.99)) << png;
        }

        r = runCli("mix --model " + quote(pkl) + " --rows 0-1 --cols 2-3 --styles 0-3 --device cpu --outdir " + quote(d + "/mix"));
        ASSERT_EQ(r.code, 0) << describe(r);
        EXPECT_TRUE(fs::exists(d + "/mix/grid.png")) << describe(r);
        // Cell (row 0, col 2) is mix_img[0][0] of the reference: ws 0-3 from seed 2, the rest from seed 0.
        RawWeights cell = ref;
        RawTensor& mix = cell.tensors.at("mix_img");
        const std::int64_t per = mix.shape[2] * mix.shape[3] * mix.shape[4];
        mix.shape = {1, mix.shape[2], mix.shape[3], mix.shape[4]};
        mix.bytes.resize(static_cast<std::size_t>(per) * 4);
        EXPECT_TRUE(imagesClose(readPng(d + "/mix/0-2.png"), referencePicture(cell, "mix_img", 0), 0.99));

        r = runCli("noise --model " + quote(pkl) + " --seed 3 --samples 4 --device cpu --outdir " + quote(d + "/noise"));
        ASSERT_EQ(r.code, 0) << describe(r);
        EXPECT_FALSE(emptyOrAbsent(d + "/noise")) << describe(r);

        r = runCli("info --device cpu --model " + quote(pkl));
        ASSERT_EQ(r.code, 0) << describe(r);
        EXPECT_TRUE(contains(r.out, k.family)) << describe(r);
        EXPECT_TRUE(contains(r.out, k.num_ws)) << describe(r);

        const std::string st = d + "/converted.safetensors";
        r = runCli("convert " + quote(pkl) + " " + quote(st));
        ASSERT_EQ(r.code, 0) << describe(r);
        r = runCli("generate --model " + quote(st) + " --seeds 0-1 --trunc 1 --noise-mode const --device cpu --outdir " +
                   quote(d + "/gen_st"));
        ASSERT_EQ(r.code, 0) << describe(r);
        // Same pixels (the files differ in their embedded recipes, which name each model file).
        for (const char* name : {"seed0000.png", "seed0001.png"})
            EXPECT_TRUE(readPng(d + "/gen/" + name) == readPng(d + "/gen_st/" + name)) << name;
        r = runCli("info --device cpu --model " + quote(st));
        EXPECT_TRUE(contains(r.out, k.family)) << describe(r);
    }
}

TEST_F(Cli, UnsupportedTensorFlowPickleFailsCleanly) {
    const std::string d = scratchDir("cli_tf_revised");
    const CliRun r = runCli("generate --model " + quote(std::string(STYLEMIX_SOURCE_DIR) + "/tests/data/tf/sg2_revised_16.pkl") +
                            " --seeds 0 --device cpu --outdir " + quote(d));
    expectCleanFailure(r, "G_synthesis_stylegan_revised");
    EXPECT_TRUE(emptyOrAbsent(d));
}
