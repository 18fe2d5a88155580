// The benchmark's groups of rows, each adding its rows to the table in the
// order bench_stylemix prints them and timing them interleaved.
#pragma once

#include "bench_support.h"
#include "bench_table.h"

#include <string>

namespace stylemix::bench {

// The default model on one device: synthesis at batch 1, 8 and 32, the 5x4 grid
// from scratch, crossover changes with the sources cached, the noise lab, and
// (--ablation, on the CPU) each fast path switched off on its own (bench_rows_default.cpp).
void defaultModelRows(Table& t, const Args& args, DeviceChoice dc, PrecisionChoice pc, const std::string& dev_name);

// A config-f-shaped 1024² generator (random weights) on CUDA (bench_rows_big.cpp).
void bigModelRows(Table& t, const Args& args);

// StyleGAN3 T and R at 256² and StyleGAN1 at 1024², on the CPU (bench_rows_families.cpp).
void styleGan3Rows(Table& t, const Args& args);
void styleGan1Rows(Table& t, const Args& args);

// The explorer's render-worker session on the default model: the child's work
// (prints its peak RSS) and the parent's report of it (bench_explorer_rss.cpp).
int explorerRssProbe(const Args& args);
std::string explorerRss(const Args& args);

}  // namespace stylemix::bench
