// The animation writers (model/io/animation_writer.h): decoded back with
// libwebp's and giflib's own decoders; determinism; nothing left behind on
// failure or cancel; bad targets refused; the embedded recipe read back.
#include "model/io/animation_recipe.h"
#include "model/io/animation_writer.h"
#include "model/io/atomic_file.h"
#include "model/io/checked_file.h"
#include "model/io/image_io.h"
#include "tests/animation_decode.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace stylemix {
namespace {

namespace fs = std::filesystem;
using test::decodeGif;
using test::decodeWebp;

std::string scratchDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const fs::path dir = fs::path(STYLEMIX_TEST_TMP) / "animation_io" / (std::string(info->test_suite_name()) + "." + info->name());
    fs::remove_all(dir);
    ensureDirectory(dir.string());
    return dir.string();
}

std::vector<std::string> listDir(const std::string& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A smooth moving gradient with some texture: frames differ, as a real animation's do.
Image frameImage(int width, int height, int index) {
    Image im;
    im.width = width, im.height = height, im.channels = 3;
    im.pixels.resize(static_cast<std::size_t>(width) * height * 3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            std::uint8_t* p = &im.pixels[(static_cast<std::size_t>(y) * width + x) * 3];
            p[0] = static_cast<std::uint8_t>((x * 4 + index * 9) & 255);
            p[1] = static_cast<std::uint8_t>((y * 3 + index * 5) & 255);
            p[2] = static_cast<std::uint8_t>(((x ^ y) * 7 + index) & 255);
        }
    return im;
}

std::vector<Image> frameImages(int n, int width = 40, int height = 32) {
    std::vector<Image> frames;
    for (int i = 0; i < n; ++i) frames.push_back(frameImage(width, height, i));
    return frames;
}

void writeAnimation(const AnimationOutput& out, const std::vector<Image>& frames) {
    auto writer = openAnimationWriter(out);
    for (const Image& f : frames) writer->add(f);
    writer->finish();
}

const std::string kRecipe = R"({"stylemix_recipe": 1, "kind": "animation", "note": ")" + std::string(600, 'x') + "\"}";

TEST(AnimationWriter, WebpDecodesToExactlyTheFramesWithTheirTimes) {
    const std::string dir = scratchDir(), path = dir + "/a.webp";
    const std::vector<Image> frames = frameImages(7);
    writeAnimation({path, 12.0, kRecipe}, frames);
    const test::DecodedAnimation decoded = decodeWebp(path);
    ASSERT_EQ(decoded.frames.size(), frames.size());
    for (std::size_t i = 0; i < frames.size(); ++i) {
        EXPECT_EQ(decoded.frames[i], frames[i]) << "frame " << i;   // lossless
        EXPECT_EQ(decoded.end_ms[i], std::llround((i + 1) * 1000.0 / 12.0)) << "frame " << i;
    }
    EXPECT_EQ(decoded.loop_count, 0);
    EXPECT_EQ(readAll(dir + "/a.json"), kRecipe + "\n");
}

TEST(AnimationWriter, GifDecodesWithinPaletteErrorWithItsDelays) {
    const std::string dir = scratchDir(), path = dir + "/a.gif";
    const std::vector<Image> frames = frameImages(5);
    writeAnimation({path, 15.0, kRecipe}, frames);
    const test::DecodedAnimation decoded = decodeGif(path);
    ASSERT_EQ(decoded.frames.size(), frames.size());
    // 15 fps in hundredths: 7, 6, 7, 7, 6 (frame i ends at round((i + 1) * 100 / 15)).
    EXPECT_EQ(decoded.delays_cs, (std::vector<int>{7, 6, 7, 7, 6}));
    EXPECT_EQ(decoded.loop_count, 0);
    EXPECT_EQ(decoded.comment, kRecipe);
    for (std::size_t i = 0; i < frames.size(); ++i) {
        ASSERT_EQ(decoded.frames[i].width, frames[i].width);
        ASSERT_EQ(decoded.frames[i].height, frames[i].height);
        double sum = 0;
        int worst = 0;
        for (std::size_t p = 0; p < frames[i].pixels.size(); ++p) {
            const int d = std::abs(int(decoded.frames[i].pixels[p]) - int(frames[i].pixels[p]));
            sum += d;
            worst = std::max(worst, d);
        }
        // 256 colours from a median cut over 5-bit channels: close on average, never far.
        EXPECT_LT(sum / frames[i].pixels.size(), 12.0) << "frame " << i;
        EXPECT_LT(worst, 96) << "frame " << i;
    }
}

TEST(AnimationWriter, GreyAndRgbaFramesBecomeRgb) {
    const std::string dir = scratchDir();
    Image grey = makeImage(6, 4, 1, 0);
    for (std::size_t i = 0; i < grey.pixels.size(); ++i) grey.pixels[i] = static_cast<std::uint8_t>(i * 10);
    Image rgba = makeImage(6, 4, 4, 200);
    writeAnimation({dir + "/g.webp", 10.0, ""}, {grey, rgba});
    const test::DecodedAnimation decoded = decodeWebp(dir + "/g.webp");
    ASSERT_EQ(decoded.frames.size(), 2u);
    for (std::size_t i = 0; i < grey.pixels.size(); ++i)
        for (int c = 0; c < 3; ++c) ASSERT_EQ(decoded.frames[0].pixels[i * 3 + c], grey.pixels[i]);
    for (std::uint8_t v : decoded.frames[1].pixels) ASSERT_EQ(v, 200);
    EXPECT_EQ(listDir(dir), (std::vector<std::string>{"g.webp"}));   // no recipe, none beside
}

TEST(AnimationWriter, TwoRunsAreByteEqual) {
    const std::string dir = scratchDir();
    for (const std::string ext : {".webp", ".gif"}) {
        writeAnimation({dir + "/one" + ext, 15.0, kRecipe}, frameImages(6));
        writeAnimation({dir + "/two" + ext, 15.0, kRecipe}, frameImages(6));
        EXPECT_EQ(readAll(dir + "/one" + ext), readAll(dir + "/two" + ext)) << ext;
    }
}

TEST(AnimationWriter, TheRecipeInsideReadsBack) {
    const std::string dir = scratchDir();
    for (const std::string ext : {".webp", ".gif"}) {
        writeAnimation({dir + "/a" + ext, 15.0, kRecipe, false}, frameImages(3));
        CheckedFile file(dir + "/a" + ext, FileKind::Image);
        EXPECT_EQ(readAnimationRecipe(file, 1 << 20).value_or("none"), kRecipe) << ext;
        CheckedFile again(dir + "/a" + ext, FileKind::Image);
        EXPECT_THROW(readAnimationRecipe(again, 100), std::runtime_error) << ext;   // longer than allowed
    }
    EXPECT_EQ(listDir(dir), (std::vector<std::string>{"a.gif", "a.webp"}));   // recipe_beside off
    writeAnimation({dir + "/bare.gif", 15.0, ""}, frameImages(2));
    CheckedFile bare(dir + "/bare.gif", FileKind::Image);
    EXPECT_THROW(readAnimationRecipe(bare, 1 << 20), std::runtime_error);
    std::ofstream(dir + "/plain.json") << "{}";
    CheckedFile plain(dir + "/plain.json", FileKind::Image);
    EXPECT_FALSE(readAnimationRecipe(plain, 1 << 20).has_value());
}

TEST(AnimationWriter, ADamagedFileNamesItself) {
    const std::string dir = scratchDir();
    writeAnimation({dir + "/a.webp", 15.0, kRecipe, false}, frameImages(3));
    const std::string bytes = readAll(dir + "/a.webp");
    std::ofstream(dir + "/cut.webp", std::ios::binary) << bytes.substr(0, bytes.size() - 100);
    CheckedFile cut(dir + "/cut.webp", FileKind::Image);
    try {
        readAnimationRecipe(cut, 1 << 20);
        FAIL() << "a cut file read";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("cut.webp"), std::string::npos) << e.what();
    }
}

TEST(AnimationWriter, WithoutFinishNothingIsLeftBehind) {
    const std::string dir = scratchDir();
    for (const std::string ext : {".webp", ".gif"}) {
        auto writer = openAnimationWriter({dir + "/sub/a" + ext, 15.0, kRecipe});
        writer->add(frameImage(20, 20, 0));
        writer->add(frameImage(20, 20, 1));
        writer.reset();   // a cancel
    }
    EXPECT_EQ(listDir(dir), std::vector<std::string>{});   // not even the folder it made
}

TEST(AnimationWriter, AFailedFinishKeepsTheOldFile) {
    const std::string dir = scratchDir(), path = dir + "/a.gif";
    std::ofstream(path) << "old";
    auto writer = openAnimationWriter({path, 15.0, kRecipe});
    EXPECT_THROW(writer->finish(), std::invalid_argument);   // no frames
    writer.reset();
    EXPECT_EQ(readAll(path), "old");
    EXPECT_EQ(listDir(dir), std::vector<std::string>{"a.gif"});
}

TEST(AnimationWriter, FramesOfAnotherSizeAreRefused) {
    const std::string dir = scratchDir();
    auto writer = openAnimationWriter({dir + "/a.webp", 15.0, ""});
    writer->add(frameImage(20, 20, 0));
    EXPECT_THROW(writer->add(frameImage(20, 21, 1)), std::invalid_argument);
    Image broken = frameImage(20, 20, 2);
    broken.pixels.pop_back();
    EXPECT_THROW(writer->add(broken), std::invalid_argument);
}

TEST(AnimationWriter, BadTargetsAndRatesAreRefusedBeforeAnythingIsWritten) {
    const std::string dir = scratchDir();
    ::mkfifo((dir + "/fifo.gif").c_str(), 0600);
    fs::create_directory(dir + "/folder.webp");
    std::ofstream(dir + "/x.webp") << "";
    ::mkfifo((dir + "/x.json").c_str(), 0600);   // the recipe beside cannot be written
    const auto refused = [&](const AnimationOutput& out, const std::string& says) {
        try {
            openAnimationWriter(out);
            ADD_FAILURE() << out.path << " was accepted";
        } catch (const std::exception& e) {
            EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
        }
    };
    refused({dir + "/a.png", 15.0, ""}, ".webp");
    refused({dir + "/a", 15.0, ""}, ".webp");
    refused({dir + "/fifo.gif", 15.0, ""}, "FIFO");
    fs::create_symlink("/dev/null", dir + "/device.gif");
    refused({dir + "/device.gif", 15.0, ""}, "device");
    refused({dir + "/folder.webp", 15.0, ""}, "directory");
    refused({dir + "/x.webp", 15.0, "{}"}, "x.json");
    refused({dir + "/a.webp", 0.0, ""}, "frame rate 0");
    refused({dir + "/a.webp", 61.0, ""}, "frame rate 61");
    refused({dir + "/a.gif", 51.0, ""}, "for a GIF");
    EXPECT_NO_THROW(checkAnimationRate(dir + "/a.webp", 60.0));
    refused({dir + "/a.webp", std::nan(""), ""}, "frame rate");
    EXPECT_NO_THROW(checkAnimationTarget(dir + "/x.webp", false));
    EXPECT_EQ(animationRecipePath("out/clip.GIF"), "out/clip.json");
    EXPECT_EQ(animationFormatOf("A.WebP"), AnimationFormat::WebP);
}

TEST(AnimationWriter, FrameTimesKeepTheAverageRate) {
    for (double fps : {0.5, 7.0, 15.0, 24.0, 29.97, kMaxGifFps}) {
        EXPECT_EQ(frameStartMs(0, fps), 0);
        EXPECT_EQ(frameStartMs(300, fps), std::llround(300 * 1000.0 / fps));
        for (int i = 0; i < 300; ++i) EXPECT_GE(frameStartCs(i + 1, fps) - frameStartCs(i, fps), 2) << fps;
    }
}

}  // namespace
}  // namespace stylemix
