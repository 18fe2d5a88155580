// StyleMix benchmark (not a test): prints one table of work items, each timed
// over several runs with the variants interleaved in the same process, and
// the speed-up over a naive NVIDIA-style loop (style_mixing.py: sources in one
// batch, then one batch-1 forward per cell, NVIDIA's op sequence) run here too.
//
//   bench_stylemix [--model PATH] [--runs N] [--out FILE] [--cpu-only] [--ablation] [--quick]
//
// CPU rows always; with CUDA present, GPU rows for the default model and for a
// config-f-shaped 1024² generator with random weights built in-process.
//
// This file: the command line, the order of the groups of rows and the report
// around the table. The table and its driver: bench_table.h; the groups of
// rows: bench_rows.h (bench_rows_*.cpp, bench_explorer_rss.cpp).
#include "bench_rows.h"
#include "bench_support.h"
#include "bench_table.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

using namespace stylemix;
using namespace stylemix::bench;

namespace {

Args parseArgs(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        const std::string s = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) throw std::invalid_argument(s + " needs a value");
            return argv[++i];
        };
        if (s == "--model") a.model = next();
        else if (s == "--runs") a.runs = std::max(1, std::stoi(next()));
        else if (s == "--out") a.out = next();
        else if (s == "--cpu-only") a.cpu_only = true;
        else if (s == "--ablation") a.ablation = true;
        else if (s == "--quick") a.quick = true;
        else if (s == "--no-big") a.big = false;
        else if (s == "--explorer-rss") a.explorer_rss = true;
        else if (s == "--gpu-only") a.gpu_only = true;
        else if (s == "--sg3") a.sg3_dir = next();
        else if (s == "--sg3-only" || s == "--families-only") a.sg3_only = true;
        else if (s == "--sg1") a.sg1_model = next();
        else if (s == "--sg3-nvidia-ms") {
            std::stringstream in(next());
            std::string item;
            while (std::getline(in, item, ',')) a.sg3_nvidia_ms.push_back(std::stod(item));
        }
        else if (s == "-h" || s == "--help") {
            std::cout << "bench_stylemix [--model PATH] [--runs N] [--out FILE] [--cpu-only | --gpu-only] [--ablation] [--quick] "
                         "[--no-big] [--sg3 DIR [--sg3-nvidia-ms T,R]] [--sg1 PKL] [--families-only]\n";
            std::exit(0);
        } else {
            throw std::invalid_argument("unknown argument " + s);
        }
    }
    if (a.quick) a.runs = std::min(a.runs, 3);
    return a;
}


}  // namespace

int main(int argc, char** argv) {
    try {
        const Args args = parseArgs(argc, argv);
        if (args.explorer_rss) return explorerRssProbe(args);
        Table table;
        const std::string load_before = loadAverage();
        const auto t_start = Clock::now();
        if (!args.sg3_dir.empty()) {
            std::cerr << "bench: StyleGAN3 rows...\n";
            styleGan3Rows(table, args);
        }
        if (!args.sg1_model.empty()) {
            std::cerr << "bench: StyleGAN1 rows...\n";
            styleGan1Rows(table, args);
        }
        if (!args.gpu_only && !args.sg3_only) {
            std::cerr << "bench: CPU rows (" << args.runs << " runs, interleaved)...\n";
            defaultModelRows(table, args, DeviceChoice::CPU, PrecisionChoice::FP32, "cpu");
        }
        const long rss_cpu = peakRssKb();
        const bool cuda = !args.cpu_only && !args.sg3_only && torch::cuda::is_available();
        if (args.gpu_only && !cuda) std::cerr << "bench: no CUDA device here, so there are no GPU rows to run\n";
        if (cuda) {
            std::cerr << "bench: GPU rows (default model)...\n";
            defaultModelRows(table, args, DeviceChoice::CUDA, PrecisionChoice::FP32, "cuda fp32");
            defaultModelRows(table, args, DeviceChoice::CUDA, PrecisionChoice::FP16Mixed, "cuda fp16-mixed");
            if (args.big) {
                std::cerr << "bench: GPU rows (config-f 1024², random weights)...\n";
                bigModelRows(table, args);
            }
        }
        std::ostringstream o;
        const std::time_t now = std::time(nullptr);
        char date[64];
        std::strftime(date, sizeof date, "%Y-%m-%d %H:%M", std::localtime(&now));
        o << "StyleMix benchmark, " << date << ", model " << args.model << ", LibTorch " << TORCH_VERSION_MAJOR << "." << TORCH_VERSION_MINOR << "." << TORCH_VERSION_PATCH << "\n";
        o << "threads: " << std::thread::hardware_concurrency() << " hardware; CUDA: " << (cuda ? "yes" : "no")
          << "; load average (1/5/15 min) at start " << load_before << ", at end " << loadAverage() << "\n\n";
        if (table.rows.empty()) o << "(no rows: --gpu-only on a machine without a CUDA device)\n";
        else o << render(table, args.runs) << "\n";
        if (!args.gpu_only && !args.sg3_only)
            o << "peak RSS, explorer-like session on the default model (5x4 grid, 4 crossover changes, new rows, noise lab "
                 "K=100, split view, Fig. 5; separate process): "
              << explorerRss(args) << "\n";
        o << "peak RSS of this benchmark process after the CPU rows: " << fmt(rss_cpu / 1024.0) << " MiB; at the end: "
          << fmt(peakRssKb() / 1024.0) << " MiB\n";
        o << "total bench time " << fmt(msSince(t_start) / 1000.0) << " s\n";
        std::cout << o.str();
        if (!args.out.empty()) {
            std::ofstream f(args.out);
            f << o.str();
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "bench_stylemix: " << e.what() << "\n";
        return 1;
    }
}
