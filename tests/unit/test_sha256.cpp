// SHA-256 of bytes and files (recipes pin models by it): FIPS 180-2 vectors,
// and a file longer than the read buffer hashes as its bytes do.
#include "model/io/sha256.h"
#include "model/io/weights_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace stylemix {
namespace {

std::string hexOf(const std::string& text) {
    return sha256Hex(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

TEST(Sha256, KnownVectors) {
    EXPECT_EQ(hexOf(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(hexOf("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(hexOf("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(hexOf(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, FileMatchesItsBytesAcrossReadBuffers) {
    const std::filesystem::path dir = std::filesystem::path(STYLEMIX_TEST_TMP) / "sha256";
    std::filesystem::create_directories(dir);
    std::vector<std::uint8_t> bytes((3u << 20) + 12345);
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i * 2654435761u >> 13);
    const std::string path = (dir / "data.bin").string();
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                static_cast<std::streamsize>(bytes.size()));
    EXPECT_EQ(sha256File(path), sha256Hex(bytes.data(), bytes.size()));
    EXPECT_THROW(sha256File((dir / "missing.bin").string()), std::exception);
}

// Recipes pin the hash of the bytes the weights came from: readWeightsFile
// hashes what it read, for each kind of file it reads.
TEST(Sha256, ReadWeightsFileHashesTheBytesItRead) {
    const std::string src = STYLEMIX_SOURCE_DIR;
    for (const std::string path : {src + "/assets/avatars64.safetensors", src + "/tests/data/tf/sg1_16.pkl",
                                   src + "/tests/data/sg3/sg3t_16.pkl", src + "/tests/data/pickle/sg2_tiny_p4.pkl"}) {
        SCOPED_TRACE(path);
        EXPECT_EQ(readWeightsFile(path).sha256, sha256File(path));
    }
}

}  // namespace
}  // namespace stylemix
