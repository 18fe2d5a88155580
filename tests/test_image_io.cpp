#include "model/io/atomic_file.h"
#include "model/io/image_io.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

namespace stylemix {
namespace {

namespace fs = std::filesystem;

// A fresh scratch directory per test, so tests can run in parallel processes.
std::string scratchDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const fs::path dir = fs::path(STYLEMIX_TEST_TMP) / "image_io" / (std::string(info->test_suite_name()) + "." + info->name());
    fs::remove_all(dir);
    ensureDirectory(dir.string());
    return dir.string();
}

std::vector<std::string> listDir(const std::string& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) {
        names.push_back(entry.path().filename().string());
    }
    return names;
}

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Image patternImage(int width, int height, int channels) {
    Image image = makeImage(width, height, channels);
    for (std::size_t i = 0; i < image.pixels.size(); ++i) {
        image.pixels[i] = static_cast<std::uint8_t>((i * 37 + i / 7) & 0xff);
    }
    return image;
}

std::string messageOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    ADD_FAILURE() << "expected std::runtime_error";
    return "";
}

TEST(ImageIo, MakeImageFillsAndValidates) {
    const Image image = makeImage(3, 2, 4, 9);
    EXPECT_EQ(image.width, 3);
    EXPECT_EQ(image.height, 2);
    EXPECT_EQ(image.channels, 4);
    EXPECT_EQ(image.pixels, std::vector<std::uint8_t>(24, 9));
    EXPECT_THROW(makeImage(-1, 2, 3), std::runtime_error);
    EXPECT_THROW(makeImage(2, 2, 5), std::runtime_error);
    EXPECT_THROW(makeImage(2, 2, 0), std::runtime_error);
}

TEST(ImageIo, PasteCopiesAndClipsAtEveryEdge) {
    Image src = makeImage(2, 2, 1);
    src.pixels = {1, 2, 3, 4};

    Image inside = makeImage(4, 3, 1);
    pasteImage(inside, src, 1, 1);
    EXPECT_EQ(inside.pixels, (std::vector<std::uint8_t>{0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0}));

    Image top_left = makeImage(4, 3, 1);
    pasteImage(top_left, src, -1, -1);
    EXPECT_EQ(top_left.pixels, (std::vector<std::uint8_t>{4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));

    Image bottom_right = makeImage(4, 3, 1);
    pasteImage(bottom_right, src, 3, 2);
    EXPECT_EQ(bottom_right.pixels, (std::vector<std::uint8_t>{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));

    Image outside = makeImage(4, 3, 1, 5);
    pasteImage(outside, src, 4, 0);
    pasteImage(outside, src, -2, 0);
    pasteImage(outside, src, 2147483647, -2147483647 - 1);
    EXPECT_EQ(outside.pixels, std::vector<std::uint8_t>(12, 5));
}

TEST(ImageIo, PasteRejectsMismatchedImages) {
    Image dst = makeImage(4, 4, 3);
    EXPECT_NE(messageOf([&] { pasteImage(dst, makeImage(2, 2, 4), 0, 0); }).find("channel"), std::string::npos);
    Image broken = makeImage(2, 2, 3);
    broken.pixels.pop_back();
    EXPECT_NE(messageOf([&] { pasteImage(dst, broken, 0, 0); }).find("found 11"), std::string::npos);
}

TEST(ImageIo, PngRoundTripIsBitExactForAllChannelCounts) {
    const std::string dir = scratchDir();
    for (int channels = 1; channels <= 4; ++channels) {
        const Image image = patternImage(37, 21, channels);
        const std::string path = dir + "/c" + std::to_string(channels) + ".png";
        writePng(path, image);
        EXPECT_EQ(readPng(path), image) << channels << " channels";
    }
}

TEST(ImageIo, TextChunksRoundTripAndSitRightAfterIhdr) {
    const std::string dir = scratchDir();
    const std::string json = "{\"seeds\": [1, 2],\n \"note\": \"say \\\"hi\\\"\\n\",\r\n\t\"path\": \"C:\\\\x\"}\n";
    const PngTextChunks chunks = {{"stylemix", json}, {"Software", "StyleMix"}, {"Caf\xe9 Key", ""}};
    const Image image = patternImage(8, 5, 3);
    const std::string path = dir + "/meta.png";
    writePng(path, image, chunks);

    const auto text = readPngText(path);   // verifies every chunk's CRC, stb's included
    ASSERT_EQ(text.size(), 3u);
    EXPECT_EQ(text.at("stylemix"), json);
    EXPECT_EQ(text.at("Software"), "StyleMix");
    EXPECT_EQ(text.at("Caf\xe9 Key"), "");
    // A decoder that knows nothing of our chunks still reads the pixels.
    EXPECT_EQ(readPng(path), image);

    const std::string bytes = readAll(path);
    ASSERT_GT(bytes.size(), 41u);
    EXPECT_EQ(bytes.substr(37, 4), "tEXt");
    EXPECT_EQ(bytes.substr(41, 9), std::string("stylemix\0", 9));
}

TEST(ImageIo, ReadPngTextDetectsCorruptChunks) {
    const std::string dir = scratchDir();
    const std::string path = dir + "/meta.png";
    writePng(path, patternImage(4, 4, 3), {{"key", "value"}});
    std::string bytes = readAll(path);
    bytes[45] ^= 0x01;   // inside the tEXt data
    const std::string corrupt = dir + "/corrupt.png";
    writeFileAtomic(corrupt, bytes);
    const std::string message = messageOf([&] { readPngText(corrupt); });
    EXPECT_NE(message.find("corrupt.png"), std::string::npos) << message;
    EXPECT_NE(message.find("bad CRC"), std::string::npos) << message;

    const std::string truncated = dir + "/truncated.png";
    writeFileAtomic(truncated, readAll(path).substr(0, 60));
    EXPECT_NE(messageOf([&] { readPngText(truncated); }).find("truncated.png"), std::string::npos);
}

TEST(ImageIo, RejectsInvalidTextKeywords) {
    const Image image = patternImage(2, 2, 3);
    EXPECT_THROW(encodePng(image, {{"", "x"}}), std::runtime_error);
    EXPECT_THROW(encodePng(image, {{std::string(80, 'k'), "x"}}), std::runtime_error);
    EXPECT_NO_THROW(encodePng(image, {{std::string(79, 'k'), "x"}}));
    EXPECT_THROW(encodePng(image, {{"bad\nkey", "x"}}), std::runtime_error);
    EXPECT_THROW(encodePng(image, {{" lead", "x"}}), std::runtime_error);
    EXPECT_THROW(encodePng(image, {{"two  spaces", "x"}}), std::runtime_error);
    EXPECT_THROW(encodePng(image, {{"key", std::string("a\0b", 3)}}), std::runtime_error);
    const std::string message = messageOf([&] { encodePng(image, {{"tab\tkey", "x"}}); });
    EXPECT_NE(message.find("\"tab\tkey\""), std::string::npos) << message;
    EXPECT_NE(message.find("0x09"), std::string::npos) << message;
}

TEST(ImageIo, ReadPngErrorsNameTheFile) {
    const std::string dir = scratchDir();
    EXPECT_NE(messageOf([&] { readPng(dir + "/missing.png"); }).find("missing.png"), std::string::npos);
    writeFileAtomic(dir + "/not.png", std::string("hello, not a png"));
    EXPECT_NE(messageOf([&] { readPng(dir + "/not.png"); }).find("not.png"), std::string::npos);
    EXPECT_NE(messageOf([&] { readPngText(dir + "/not.png"); }).find("signature"), std::string::npos);
}

TEST(AtomicFile, WritesAndReplacesWithoutLeavingTempFiles) {
    const std::string dir = scratchDir();
    const std::string path = dir + "/out.txt";
    writeFileAtomic(path, std::string("first"));
    EXPECT_EQ(readAll(path), "first");
    struct stat info {};
    ASSERT_EQ(::stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0644u);

    ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
    writeFileAtomic(path, std::string("second, longer"));
    EXPECT_EQ(readAll(path), "second, longer");
    ASSERT_EQ(::stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);   // an existing file keeps its mode

    writeFileAtomic(path, nullptr, 0);
    EXPECT_EQ(readAll(path), "");
    EXPECT_EQ(listDir(dir), std::vector<std::string>{"out.txt"});
}

TEST(AtomicFile, FailureLeavesNeitherTempFileNorTarget) {
    const std::string dir = scratchDir();

    // Missing directory: the temp file cannot even be created.
    const std::string message = messageOf([&] { writeFileAtomic(dir + "/nope/out.txt", std::string("x")); });
    EXPECT_NE(message.find("nope/out.txt"), std::string::npos) << message;
    EXPECT_NE(message.find("No such file or directory"), std::string::npos) << message;

    // Target is a directory: the temp file is written, then rename fails.
    ensureDirectory(dir + "/occupied");
    const std::string rename_message =
        messageOf([&] { writeFileAtomic(dir + "/occupied", std::string("payload")); });
    EXPECT_NE(rename_message.find("occupied"), std::string::npos) << rename_message;
    EXPECT_EQ(listDir(dir), std::vector<std::string>{"occupied"});
    EXPECT_TRUE(fs::is_empty(dir + "/occupied"));

    EXPECT_THROW(writeFileAtomic(dir + "/", std::string("x")), std::runtime_error);
}

// Directory permissions bind only a non-root user: as root (CI, containers) the
// write runs in a child process that first becomes `nobody`, so the test runs
// everywhere instead of skipping.
TEST(AtomicFile, UnwritableDirectoryLeavesNothingBehind) {
    const std::string dir = scratchDir();
    const std::string locked = dir + "/locked";
    ensureDirectory(locked);
    constexpr uid_t kNobody = 65534;
    if (::geteuid() == 0) ASSERT_EQ(::chown(locked.c_str(), kNobody, kNobody), 0);
    ASSERT_EQ(::chmod(locked.c_str(), 0555), 0);
    const auto writeAsUser = [&] {
        if (::geteuid() == 0 && (::setgid(kNobody) != 0 || ::setuid(kNobody) != 0)) std::_Exit(3);
        const std::string message = messageOf([&] { writePng(locked + "/img.png", patternImage(2, 2, 3)); });
        const bool named = message.find("locked/img.png") != std::string::npos;
        const bool denied = message.find("Permission denied") != std::string::npos;
        std::_Exit(named && denied ? 0 : 4);
    };
    EXPECT_EXIT(writeAsUser(), ::testing::ExitedWithCode(0), "")
        << "exit 3: could not become nobody; exit 4: the error did not name the file or say Permission denied";
    ::chmod(locked.c_str(), 0755);
    EXPECT_TRUE(fs::is_empty(locked));
}

TEST(AtomicFile, EnsureDirectoryCreatesParentsAndRejectsFiles) {
    const std::string dir = scratchDir();
    ensureDirectory(dir + "/a/b/c/");
    EXPECT_TRUE(fs::is_directory(dir + "/a/b/c"));
    ensureDirectory(dir + "/a/b/c");   // already there: fine

    writeFileAtomic(dir + "/a/file", std::string("x"));
    const std::string message = messageOf([&] { ensureDirectory(dir + "/a/file/d"); });
    // Long paths are clipped to their tail, so look for the name and the reason apart.
    EXPECT_NE(message.find("/a/file"), std::string::npos) << message;
    EXPECT_NE(message.find("exists and is not a directory"), std::string::npos) << message;
    EXPECT_THROW(ensureDirectory(dir + "/a/file"), std::runtime_error);
}

}  // namespace
}  // namespace stylemix
