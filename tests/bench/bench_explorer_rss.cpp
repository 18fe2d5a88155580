// The explorer-like session's peak memory: the probe (a child process doing the
// explorer's render-worker work on the default model) and the parent's reading of it.
#include "bench_rows.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace stylemix::bench {

// What the explorer's render worker does in a session on the default model
// (grid, crossover changes, noise lab, split view, Fig. 5), in this process
// alone; prints the peak RSS in KiB.
int explorerRssProbe(const Args& args) {
    auto e = Engine::load(args.model, DeviceChoice::CPU);
    const int num_ws = e->facts().num_ws;
    e->mix(gridRequest(5, 4, range(0, std::min(7, num_ws))));
    for (const auto& p : presets(num_ws)) e->mix(gridRequest(5, 4, p.styles));
    MixRequest other = gridRequest(5, 4, range(0, 4));
    other.rows = seeds(300, 5);
    e->mix(other);
    NoiseLabRequest lab;
    lab.subject.source = {7, -1};
    lab.noise.mode = NoiseMode::Random;
    lab.samples = 100;
    e->noiseLab(lab);
    NoiseSpec none;
    none.mode = NoiseMode::None;
    e->renderSubject(lab.subject, lab.noise);
    e->renderSubject(lab.subject, none);
    e->noiseLayers(lab.subject, lab.noise);
    std::cout << "explorer-rss-kb " << peakRssKb() << " cache-bytes " << e->cacheStats().bytes << "\n";
    return 0;
}

// Runs the probe in a child process (so the benchmark's own baselines do not count).
std::string explorerRss(const Args& args) {
    char self[4096] = {0};
    const ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0) return "n/a";
    const std::string cmd = std::string("'") + self + "' --explorer-rss --model '" + args.model + "' 2>/dev/null";
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) return "n/a";
    char buf[256];
    std::string out;
    while (fgets(buf, sizeof buf, pipe)) out += buf;
    pclose(pipe);
    long kb = 0;
    std::size_t bytes = 0;
    if (std::sscanf(out.c_str(), "explorer-rss-kb %ld cache-bytes %zu", &kb, &bytes) != 2) return "n/a";
    return fmt(kb / 1024.0) + " MiB (engine cache holding " + fmt(bytes / 1048576.0) + " MiB)";
}

}  // namespace stylemix::bench
