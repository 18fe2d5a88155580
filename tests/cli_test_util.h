// Shared helpers of the `stylemix` CLI tests (tests/test_cli_*.cpp): run the
// built binary with arguments, capture its exit code, stdout and stderr, read
// what it wrote, and check a user error's one-line report. Inline, so every
// test file shares one capture folder and counter per test binary.
#pragma once

#include "model/engine/engine.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>

namespace stylemix::cli_test {

namespace fs = std::filesystem;

struct CliRun {
    int code = -1;
    std::string out, err;
    std::string command;
};

// `s` single-quoted for the shell.
inline std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// The whole file ("" when it cannot be read).
inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Runs `stylemix ARGS` (ARGS already shell-quoted) and captures its exit code, stdout and stderr.
inline CliRun runCli(const std::string& args) {
    static int counter = 0;
    // One capture folder per process: ctest runs each test in its own process, in parallel.
    static const std::string io = testing::scratchDir("cli_io_" + std::to_string(::getpid()));
    const std::string out = io + "/" + std::to_string(counter) + ".out";
    const std::string err = io + "/" + std::to_string(counter++) + ".err";
    CliRun r;
    r.command = std::string("stylemix ") + args;
    const std::string cmd = quote(STYLEMIX_CLI_PATH) + " " + args + " >" + quote(out) + " 2>" + quote(err);
    const int status = std::system(cmd.c_str());
    r.code = (status != -1 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

// The command, its exit code and its output, for failure messages.
inline std::string describe(const CliRun& r) {
    return r.command + "\n  exit " + std::to_string(r.code) + "\n  stdout: " + r.out + "\n  stderr: " + r.err;
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The names of the files in `dir` (none when it does not exist).
inline std::set<std::string> filesIn(const std::string& dir) {
    std::set<std::string> out;
    if (!fs::exists(dir)) return out;
    for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
    return out;
}

inline bool emptyOrAbsent(const std::string& dir) { return !fs::exists(dir) || fs::is_empty(dir); }

// The default model on the CPU, loaded once per test binary, for renders to compare the CLI's with.
inline Engine& engine() {
    static std::unique_ptr<Engine> e = Engine::load(testing::defaultModelPath(), DeviceChoice::CPU);
    return *e;
}

inline std::string pickleFixture() { return std::string(STYLEMIX_SOURCE_DIR) + "/tests/data/pickle/sg2_tiny_p4.pkl"; }

// A user error must end the run with a non-zero status and one line on stderr.
inline void expectCleanFailure(const CliRun& r, const std::string& must_mention) {
    EXPECT_NE(r.code, 0) << describe(r);
    EXPECT_TRUE(contains(r.err, "stylemix: error: ")) << describe(r);
    EXPECT_EQ(r.err.rfind("stylemix: error: ", 0), 0u) << "message must start the output: " << describe(r);
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line expected: " << describe(r);
    EXPECT_TRUE(contains(r.err, must_mention)) << "should mention '" << must_mention << "': " << describe(r);
}

// The fixture of every CLI test: fails when the binary was not built.
class Cli : public ::testing::Test {
protected:
    void SetUp() override {
        if (!fs::exists(STYLEMIX_CLI_PATH)) FAIL() << "stylemix binary not built at " << STYLEMIX_CLI_PATH;
    }
};

// CLI tests against NVIDIA's reference outputs: also fails when those are missing.
class CliVsNvidia : public Cli {
protected:
    void SetUp() override {
        Cli::SetUp();
        if (!testing::haveReference())
            FAIL() << "reference data missing: " << testing::referenceDir() << "/cases.safetensors (the repository carries it)";
    }
};

}  // namespace stylemix::cli_test
