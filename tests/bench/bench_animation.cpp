// Animation export benchmark (not a test; issue 24 part 4): frames per second
// of `stylemix animate`'s work (Engine::animate streaming into the WebP or GIF
// writer, the file finished) and the run's peak RSS, on the bundled model and on
// 1024² StyleGAN2s with random weights: config-f (a few frames: seconds each on
// a CPU) and a narrow one (config-f's shape with 1/4 the channels, capped at 128)
// for 120 frames, to show that memory does not grow with the frame count.
// Each case runs in a child process of its own, so each peak RSS is that case's.
//
//   bench_animation [--model PATH] [--big-frames N] [--frames N] [--quick]
#include "bench_support.h"

#include "model/io/animation_writer.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace stylemix;
using namespace stylemix::bench;

namespace {

struct Case {
    std::string model;   // a path, or "f1024" / "narrow1024" (random weights)
    std::string kind;    // noise | sweep | walk
    std::string format;  // webp | gif
    int frames = 120;
};

long peakRssKb() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

std::string loadAverage() {
    std::ifstream f("/proc/loadavg");
    std::string a, b, c;
    f >> a >> b >> c;
    return a + " " + b + " " + c;
}

std::unique_ptr<Engine> engineFor(const std::string& model) {
    if (model != "f1024" && model != "narrow1024") return Engine::load(model, DeviceChoice::CPU);
    StyleGan2Config c = configF1024();
    if (model == "narrow1024") {
        c.channel_base /= 4;
        c.channel_max = 128;
    }
    return Engine::fromGenerator(randomGenerator(c, torch::kCPU, Precision::FP32), model);
}

AnimationSpec specFor(const Case& c) {
    AnimationSpec spec;
    spec.kind = parseAnimationKind(c.kind);
    spec.subject.source = Source(85);
    spec.frames = c.frames;
    spec.fps = 15;
    if (spec.kind == AnimationKind::NoiseCycle) spec.noise.mode = NoiseMode::Random;
    if (spec.kind == AnimationKind::CrossoverSweep) spec.subject.mix_with = Source(702);
    spec.walk_to = Source(702);
    return spec;
}

// Child mode: one case, then one line "result ..." on stdout.
int runCase(const Case& c, const std::string& out_dir) {
    auto engine = engineFor(c.model);
    const AnimationSpec spec = specFor(c);
    const std::string path = out_dir + "/bench." + c.format;
    auto writer = openAnimationWriter({path, spec.fps, "", false});
    double encode_ms = 0;
    const auto t0 = Clock::now();
    engine->animate(spec, {}, [&](int, const Image& frame) {
        const auto e0 = Clock::now();
        writer->add(frame);
        encode_ms += msSince(e0);
        return true;
    });
    const auto f0 = Clock::now();
    writer->finish();
    encode_ms += msSince(f0);
    const double total_ms = msSince(t0);
    std::cout << "result ms " << total_ms << " encode_ms " << encode_ms << " rss_kb " << peakRssKb() << " bytes "
              << std::filesystem::file_size(path) << "\n";
    std::filesystem::remove(path);
    return 0;
}

std::string fmt(double v, int digits) {
    char b[64];
    std::snprintf(b, sizeof b, "%.*f", digits, v);
    return b;
}

// Runs one case in a child (this program, --child) and prints its table row.
void reportCase(const Case& c, const std::string& out_dir) {
    const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
    const std::string cmd = "'" + self + "' --child '" + c.model + "' " + c.kind + " " + c.format + " " +
                            std::to_string(c.frames) + " '" + out_dir + "'";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    std::string output;
    char buffer[512];
    while (pipe && std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
    if (pipe) ::pclose(pipe);
    std::istringstream in(output.substr(output.find("result") == std::string::npos ? 0 : output.find("result")));
    std::string word;
    double ms = 0, encode_ms = 0, bytes = 0;
    long rss = 0;
    in >> word >> word >> ms >> word >> encode_ms >> word >> rss >> word >> bytes;
    const std::string label = std::filesystem::path(c.model).filename().string();
    std::cout << "| " << label << " | " << c.kind << " | " << c.format << " | " << c.frames << " | " << fmt(ms / 1000, 1) << " | "
              << fmt(c.frames / (ms / 1000), 2) << " | " << fmt(100 * encode_ms / ms, 0) << "% | " << fmt(rss / 1024.0, 0) << " | "
              << fmt(bytes / 1048576.0, 1) << " |" << std::endl;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> a(argv + 1, argv + argc);
    if (a.size() == 6 && a[0] == "--child") return runCase({a[1], a[2], a[3], std::stoi(a[4])}, a[5]);
    std::string model = STYLEMIX_DEFAULT_MODEL;
    int frames = 120, big_frames = 6;
    bool quick = false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] == "--model" && i + 1 < a.size()) model = a[++i];
        else if (a[i] == "--frames" && i + 1 < a.size()) frames = std::stoi(a[++i]);
        else if (a[i] == "--big-frames" && i + 1 < a.size()) big_frames = std::stoi(a[++i]);
        else if (a[i] == "--quick") quick = true;
        else {
            std::cerr << "usage: bench_animation [--model PATH] [--frames N] [--big-frames N] [--quick]\n";
            return 2;
        }
    }
    const std::string out_dir = std::filesystem::temp_directory_path() / ("bench_animation." + std::to_string(::getpid()));
    std::filesystem::create_directories(out_dir);
    std::cout << "load average before: " << loadAverage() << "\n\n"
              << "| model | kind | format | frames | s | frames/s | encoding | peak RSS (MiB) | file (MiB) |\n"
              << "|---|---|---|---|---|---|---|---|---|\n";
    for (const std::string kind : {"noise", "sweep", "walk"})
        for (const std::string format : {"webp", "gif"}) reportCase({model, kind, format, frames}, out_dir);
    if (!quick) {
        reportCase({"narrow1024", "noise", "webp", 12}, out_dir);
        reportCase({"narrow1024", "noise", "webp", frames}, out_dir);
        reportCase({"narrow1024", "walk", "gif", frames}, out_dir);
        reportCase({"f1024", "noise", "webp", big_frames}, out_dir);
    }
    std::cout << "\nload average after: " << loadAverage() << "\n";
    std::filesystem::remove_all(out_dir);
    return 0;
}
