// The harness of tests/test_hostile_inputs.cpp (included once, by it): runs
// the real `stylemix` under a memory cap (prlimit --as) and a timeout, in a
// folder of its own, and records what the run did: exit status (a signal shows
// as 128 + N), stdout, stderr, wall time and the peak resident memory of the
// whole process tree (wait4's rusage), so a case can bound it.
#pragma once

#include "model/io/raw_weights.h"
#include "model/io/safetensors.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace stylemix;
namespace fs = std::filesystem;

constexpr const char* kMemoryCap = "2000000000";   // bytes of address space (prlimit takes no suffixes); the CLI maps ~0.7 GB
constexpr int kTimeoutSeconds = 30;        // the hard stop; cases must end far sooner
constexpr double kPromptSeconds = 10.0;    // "within a few seconds" on a busy 2-core machine
constexpr std::size_t kMaxMessageBytes = 1024;   // a refusal is one line of at most this

const std::string kModel = std::string(STYLEMIX_SOURCE_DIR) + "/assets/avatars64.safetensors";
const std::string kPickle = std::string(STYLEMIX_SOURCE_DIR) + "/tests/data/pickle/sg2_tiny_p4.pkl";

struct CliRun {
    int code = -1;          // exit status; 128 + N when a signal N ended it (as the shell reports)
    std::string out, err;
    double seconds = 0;
    long max_rss_mb = 0;    // peak resident memory of the run's process tree
};

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeBytes(const fs::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// /bin/sh -c `cmd`, waited for with wait4: its rusage covers every process it waited for.
int runShell(const std::string& cmd, long& max_rss_kb) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    int status = 0;
    struct rusage usage {};
    if (pid < 0 || ::wait4(pid, &status, 0, &usage) != pid) return -1;
    max_rss_kb = usage.ru_maxrss;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// `prefix` goes before the capped CLI (e.g. "prlimit --fsize=..."); `tty` runs it under script(1) for a terminal.
CliRun runCli(const std::vector<std::string>& args, const fs::path& io, const std::string& prefix = "", bool tty = false) {
    std::string cli = "timeout -k 2 " + std::to_string(kTimeoutSeconds) + " prlimit --as=" + kMemoryCap + " " + prefix +
                      " " + quote(STYLEMIX_CLI_PATH);
    for (const auto& a : args) cli += " " + quote(a);
    const fs::path out = io / "stdout", err = io / "stderr";
    const std::string cmd = tty ? "script -qfec " + quote(cli) + " /dev/null >" + quote(out) + " 2>" + quote(err)
                                : cli + " >" + quote(out) + " 2>" + quote(err) + " </dev/null";
    const auto start = std::chrono::steady_clock::now();
    CliRun r;
    long rss_kb = 0;
    r.code = runShell(cmd, rss_kb);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.max_rss_mb = rss_kb / 1024;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

// What a folder holds, to prove a failed run wrote, replaced and left nothing:
// every entry's type and inode, and a file's size and mtime (a folder's own
// mtime moves whenever a run stages files in it and takes them back).
std::map<std::string, std::string> snapshot(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
        struct stat info {};
        ::lstat(it->path().c_str(), &info);
        std::string entry = std::to_string(info.st_mode) + "/" + std::to_string(info.st_ino);
        if (!S_ISDIR(info.st_mode))
            entry += "/" + std::to_string(info.st_size) + "/" + std::to_string(info.st_mtim.tv_sec) + "." +
                     std::to_string(info.st_mtim.tv_nsec);
        out[fs::relative(it->path(), dir).string()] = entry;
    }
    return out;
}

// ---- the table's row --------------------------------------------------------

struct Case {
    std::string name;    // "<cause>_<what>"
    std::function<std::vector<std::string>(const fs::path& dir)> args;   // builds the inputs, returns the CLI arguments
    std::string message;   // the one-line error must contain this (success rows: stderr must)
    bool succeeds = false;
    std::string prefix;    // before the CLI (e.g. a file size limit)
    bool tty = false;
    std::function<void(const fs::path& dir, const CliRun& run)> check;   // extra checks
    int exit_code = -1;    // refusals: the exact status expected (-1: any of 1..123)
    long max_rss_mb = 0;   // when set: the run's peak resident memory must stay below this
};

// gtest prints a parameter in test lists and failures: the row's name, not its bytes.
inline void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

// ---- fixtures shared by both rounds -------------------------------------------

using D = const fs::path&;   // a case's own folder, as the table's functions take it

// The folders cases pass to --outdir: "o" (refusals; it must stay absent) and "out" (successes).
std::string o(D d) { return (d / "o").string(); }
std::string out(D d) { return (d / "out").string(); }

RawWeights defaultRaw() { return readSafetensors(kModel); }

// `stylemix generate` on the CPU with `extra` (seed 0 unless --seeds is among them).
std::vector<std::string> gen(std::vector<std::string> extra) {
    std::vector<std::string> a = {"generate", "--device", "cpu"};
    if (std::find(extra.begin(), extra.end(), "--seeds") == extra.end()) a.insert(a.end(), {"--seeds", "0"});
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
}

// The bundled model with its init_kwargs changed by `edit`.
std::string modelWithKwargs(const fs::path& dir, const std::function<void(nlohmann::json&)>& edit) {
    RawWeights raw = defaultRaw();
    nlohmann::json j = nlohmann::json::parse(raw.init_kwargs_json);
    edit(j);
    raw.init_kwargs_json = j.dump();
    const std::string path = (dir / "model.safetensors").string();
    writeSafetensors(path, raw);
    return path;
}

// A safetensors file of `header` (raw JSON text) and no data.
std::string rawSafetensors(const fs::path& path, const std::string& header) {
    std::string bytes(8, '\0');
    for (int i = 0; i < 8; ++i) bytes[static_cast<std::size_t>(i)] = static_cast<char>((std::uint64_t(header.size()) >> (8 * i)) & 0xFF);
    std::ofstream f(path, std::ios::binary);
    f.write(bytes.data(), 8);
    f.write(header.data(), static_cast<std::streamsize>(header.size()));
    return path.string();
}

// A safetensors file holding only metadata: {"__metadata__": metadata}.
std::string metadataOnly(const fs::path& path, const nlohmann::json& metadata) {
    return rawSafetensors(path, nlohmann::json{{"__metadata__", metadata}}.dump());
}

std::string recipeNaming(const fs::path& dir, const std::string& model) {
    const nlohmann::json j = {{"stylemix_recipe", 1}, {"kind", "image"},
                              {"model", {{"path", model}, {"sha256", ""}}},
                              {"image", {{"subject", {{"source", {{"seed", 0}, {"class", nullptr}}}, {"styles", nlohmann::json::array()},
                                                      {"truncation", {{"psi", 1.0}, {"cutoff", nullptr}}}, {"mix_with", nullptr}}},
                                         {"noise", {{"mode", "const"}, {"seed", 0}, {"strengths", nlohmann::json::array()}}}}}};
    const std::string path = (dir / "recipe.json").string();
    writeBytes(path, j.dump());
    return path;
}

void sameBytes(const fs::path& a, const fs::path& b) {
    const std::string x = slurp(a), y = slurp(b);
    EXPECT_FALSE(x.empty()) << a;
    EXPECT_TRUE(x == y) << b << " differs from " << a << " (" << y.size() << " vs " << x.size() << " bytes)";
}

// Renders `json` (a recipe, or a PNG carrying one) again with `stylemix render` and compares with `png` byte for byte.
void rendersAgain(const fs::path& dir, const std::string& json, const std::string& png) {
    ASSERT_TRUE(fs::exists(dir / "out" / json)) << json;
    fs::create_directories(dir / "again_io");
    const CliRun r = runCli({"render", (dir / "out" / json).string(), "-o", (dir / "again.png").string()}, dir / "again_io");
    ASSERT_EQ(r.code, 0) << r.err;
    sameBytes(dir / "out" / png, dir / "again.png");
}

}  // namespace
