// Hostile W files (issue 23) against the reader itself (model/io/w_file.h):
// each case runs in a child process under an address-space cap and a timeout,
// and must end promptly with one clear line naming the file; a crash, a hang,
// an unbounded allocation or a foreign exception fails it. The archives come
// from tests/wfiles/make_w_files.py (tests/data/wfiles/hostile/); the rest are
// made here from numpy-written fixtures.
#include <gtest/gtest.h>

#include "model/io/message_text.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>

#include "model/io/w_file.h"

namespace stylemix {
namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(STYLEMIX_SOURCE_DIR) / "tests" / "data" / "wfiles";
constexpr rlim_t kHeadroomBytes = rlim_t{512} << 20;   // address space a case may add to the test process's
constexpr unsigned kTimeoutSeconds = 20;
constexpr double kPromptSeconds = 5.0;

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

fs::path scratch() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const fs::path dir = fs::path(STYLEMIX_TEST_TMP) / "hostile_w_files" / info->name();
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// The process's address space now, from /proc/self/statm (pages).
rlim_t currentAddressSpace() {
    std::ifstream statm("/proc/self/statm");
    unsigned long pages = 0;
    statm >> pages;
    return static_cast<rlim_t>(pages) * static_cast<rlim_t>(::sysconf(_SC_PAGESIZE));
}

struct Outcome {
    enum Kind { Refused, Accepted, OtherException, Died } kind = Died;
    std::string message;   // Refused: what(); Died: how
    double seconds = 0;
};

// Runs `read` in a child under the address-space cap and an alarm; the child
// reports through a pipe whether it threw std::runtime_error (and its text).
Outcome runBounded(const std::function<void()>& read) {
    int fds[2];
    if (::pipe(fds) != 0) return {Outcome::Died, "pipe failed"};
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        const rlim_t cap = currentAddressSpace() + kHeadroomBytes;
        const struct rlimit limit = {cap, cap};
        ::setrlimit(RLIMIT_AS, &limit);
        ::alarm(kTimeoutSeconds);
        std::string report;
        try {
            read();
            report = "A";
        } catch (const std::runtime_error& e) {
            report = std::string("R") + e.what();
        } catch (const std::exception& e) {
            report = std::string("O") + e.what();
        }
        (void)!::write(fds[1], report.data(), report.size());
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string report;
    char buf[4096];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) report.append(buf, static_cast<std::size_t>(n));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    Outcome out;
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || report.empty()) {
        out.message = WIFSIGNALED(status) ? "killed by signal " + std::to_string(WTERMSIG(status)) : "exited without a report";
        return out;
    }
    out.kind = report[0] == 'R' ? Outcome::Refused : report[0] == 'A' ? Outcome::Accepted : Outcome::OtherException;
    out.message = report.substr(1);
    return out;
}

// The case must be refused promptly with one line that starts with `name` and contains `expected`.
void expectRefused(const std::function<void()>& read, const std::string& name, const std::string& expected) {
    const Outcome out = runBounded(read);
    ::testing::Test::RecordProperty(name, out.message);   // every message, in --gtest_output=xml
    ASSERT_EQ(out.kind, Outcome::Refused) << "outcome " << out.kind << ": " << out.message;
    EXPECT_EQ(out.message.rfind(displayPath(name) + ": ", 0), 0u) << out.message;   // long paths are shown clipped
    EXPECT_NE(out.message.find(expected), std::string::npos) << out.message;
    EXPECT_EQ(out.message.find('\n'), std::string::npos) << out.message;
    EXPECT_LT(out.message.size(), 1024u) << out.message;
    EXPECT_LT(out.seconds, kPromptSeconds) << out.message;
}

void expectBytesRefused(const std::string& bytes, const std::string& name, const std::string& expected) {
    expectRefused([&] { readWFileBytes(bytes, name); }, name, expected);
}

void expectFileRefused(const fs::path& path, const std::string& expected) {
    expectRefused([&] { readWFile(path.string()); }, path.string(), expected);
}

const std::string& validNpy() {
    static const std::string bytes = slurp(kData / "w_f4_le.npy");   // 128-byte prefix, float32 [2, 3, 4]
    return bytes;
}

// validNpy with its header dict replaced (the length prefix fixed).
std::string npyWithDict(const std::string& dict) {
    std::string out = validNpy().substr(0, 8);
    out += static_cast<char>(dict.size() & 0xff);
    out += static_cast<char>(dict.size() >> 8);
    return out + dict + validNpy().substr(128);
}

// ---- .npy ---------------------------------------------------------------------

TEST(HostileWFiles, EmptyFile) {
    const fs::path path = scratch() / "empty.npy";
    std::ofstream{path};
    expectFileRefused(path, "the file is empty (expected a NumPy .npy or .npz W file)");
}

TEST(HostileWFiles, TruncatedNpyHeader) {
    expectBytesRefused(validNpy().substr(0, 40), "cut.npy", "this .npy is cut short (40 bytes; its header should run to byte 128)");
    expectBytesRefused(validNpy().substr(0, 9), "cut9.npy", "cut short (9 bytes, ending inside its header length)");
    expectBytesRefused(validNpy().substr(0, 4), "cut4.npy", "this .npy is cut short (4 bytes, ending inside its magic bytes)");
    expectBytesRefused("PK\x03", "cut3.npz", "this .npz is cut short or damaged");
}

TEST(HostileWFiles, TruncatedNpyData) {
    expectBytesRefused(validNpy().substr(0, 150), "cut.npy", "this .npy is cut short (150 bytes; its float32 shape [2, 3, 4] needs data up to byte 224)");
}

TEST(HostileWFiles, HugeShapeIsRefusedBeforeAllocating) {
    expectBytesRefused(npyWithDict("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 512), }"), "huge.npy",
                       "shape [100000, 100000, 512] holds 5120000000000 elements, more than the limit (268435456)");
    expectBytesRefused(npyWithDict("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 2), }"),
                       "overflow.npy", "shape [4294967296, 4294967296, 2]: its element count overflows 64 bits");
    expectBytesRefused(npyWithDict("{'descr': '<f4', 'fortran_order': True, 'shape': (0, 4294967296, 4294967296), }"),
                       "zero.npy", "shape [0, 4294967296, 4294967296]: its element count overflows 64 bits");
    std::string dims = "(";
    for (int i = 0; i < 40; ++i) dims += "1, ";
    expectBytesRefused(npyWithDict("{'descr': '<f4', 'fortran_order': False, 'shape': " + dims + "), }"), "dims.npy",
                       "shape has more than 32 dimensions");
}

TEST(HostileWFiles, HeaderLengthPastTheEnd) {
    std::string npy = validNpy();
    npy[8] = '\xff';
    npy[9] = '\x20';   // 8447 bytes of header in a 224-byte file
    expectBytesRefused(npy, "len.npy", "this .npy is cut short (224 bytes; its header should run to byte 8457)");
    std::string v2 = validNpy().substr(0, 6) + std::string("\x02\x00\xff\xff\xff\x7f", 6) + "{}";
    expectBytesRefused(v2, "len2.npy", ".npy header length 2147483647 is longer than the limit (10000 bytes");
}

TEST(HostileWFiles, WrongMagic) {
    expectBytesRefused("\x93NUMPZ" + validNpy().substr(6), "magic.npy", "not a NumPy .npy or .npz file (expected the magic bytes");
    expectBytesRefused(std::string("\x1f\x8b\x08\x00", 4) + "gzipped", "w.npy.gz", "it starts with 1f 8b 08 00 67 7a 69 70 ...");
}

TEST(HostileWFiles, BadDict) {
    expectBytesRefused(npyWithDict("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), '__class__': 'os.system'}"),
                       "dict.npy", "unknown key '__class__'");
    expectBytesRefused(npyWithDict("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4)"), "open.npy",
                       "expected ',' or '}' at offset");
    expectBytesRefused(npyWithDict("{'descr': '<f4', 'fortran_order': __import__('os'), 'shape': (2, 3, 4)}"), "call.npy",
                       "expected True or False for 'fortran_order'");
    expectBytesRefused(npyWithDict(std::string("{'descr': '<f4") + '\0' + "', 'fortran_order': False, 'shape': (2, 3, 4)}"),
                       "nul.npy", "holds byte 0");
}

TEST(HostileWFiles, ObjectDtype) {
    expectBytesRefused(slurp(kData / "bad_object.npy"), "object.npy",
                       "dtype '|O' is an object array (pickled Python objects), which is refused");
}

// ---- .npz -----------------------------------------------------------------------

TEST(HostileWFiles, ZipBombDeclaredSizeIsRefusedBeforeInflating) {
    expectFileRefused(kData / "hostile" / "bomb_declared.npz",
                      "member 'w.npy' declares 3000000000 bytes uncompressed, more than a W array may hold");
}

TEST(HostileWFiles, ZipBombWhoseHeaderLiesStopsAtTheDeclaredSize) {
    // 16 MiB of zeros declared as 1000 bytes (libzip does not notice): the bounded read stops after 1001.
    const Outcome out = runBounded([] { readWFile((kData / "hostile" / "bomb_lying.npz").string()); });
    ::testing::Test::RecordProperty("bomb_lying.npz", out.message);
    ASSERT_EQ(out.kind, Outcome::Refused) << out.message;
    EXPECT_NE(out.message.find("member 'w.npy'"), std::string::npos) << out.message;
    EXPECT_NE(out.message.find("inflates past the 1000 bytes its header declares"), std::string::npos) << out.message;
    EXPECT_LT(out.seconds, kPromptSeconds);
}

TEST(HostileWFiles, PathTrickMemberNames) {
    expectFileRefused(kData / "hostile" / "path_dotdot.npz", "member '../w.npy' has a '..' component in its name");
    expectFileRefused(kData / "hostile" / "path_absolute.npz", "member '/tmp/w.npy' has an absolute path in its name");
    expectFileRefused(kData / "hostile" / "path_backslash.npz", "member 'dir\\w.npy' has a backslash in its name");
}

TEST(HostileWFiles, DuplicatedMembers) {
    expectFileRefused(kData / "hostile" / "dup_members.npz", "member 'w.npy' appears twice");
}

TEST(HostileWFiles, EncryptedAndForeignCompression) {
    expectFileRefused(kData / "hostile" / "encrypted.npz", "member 'w.npy' is encrypted");
    expectFileRefused(kData / "hostile" / "bzip2.npz", "member 'w.npy' uses zip compression method 12");
}

TEST(HostileWFiles, TruncatedZip) {
    const std::string npz = slurp(kData / "savez.npz");
    for (std::size_t keep : {npz.size() - 1, npz.size() / 2, std::size_t{30}, std::size_t{4}}) {
        SCOPED_TRACE(keep);
        expectBytesRefused(npz.substr(0, keep), "cut.npz", "this .npz is cut short or damaged");
    }
}

TEST(HostileWFiles, CorruptMemberData) {
    std::string npz = slurp(kData / "savez.npz");
    const std::size_t at = npz.find("'descr'");
    ASSERT_NE(at, std::string::npos);
    npz[at + 1] = 'D';   // the stored bytes no longer match their CRC
    expectBytesRefused(npz, "crc.npz", "is damaged");
}

// ---- what the path names ------------------------------------------------------------

TEST(HostileWFiles, FifoDirectoryAndDeviceThroughTheCheckedOpener) {
    const fs::path dir = scratch();
    ASSERT_EQ(::mkfifo((dir / "pipe.npy").c_str(), 0644), 0);
    expectFileRefused(dir / "pipe.npy", "cannot open array: is a FIFO");   // and never blocks on it
    fs::create_directory(dir / "folder.npz");
    expectFileRefused(dir / "folder.npz", "cannot open array: is a directory");
    fs::create_symlink("/dev/zero", dir / "zero.npy");
    expectFileRefused(dir / "zero.npy", "cannot open array: is a device");
    expectFileRefused(dir / "missing.npy", "cannot open array");
}

}  // namespace
}  // namespace stylemix
